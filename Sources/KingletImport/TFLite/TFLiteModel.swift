import KingletIO

/// A TFLite model file read into plain values (schema root table `Model`).
///
/// `init(bytes:)` decodes the FlatBuffer and checks everything the importer relies on:
/// the file identifier, every tensor, buffer and operator-code index, shapes, quantization
/// parameters and buffer sizes. Whatever the bytes, it returns or throws `ImportError`;
/// it never traps or reads outside the file.
public struct TFLiteModel: Sendable, Hashable {
    /// Schema version; this reader accepts 3, the only version current tools write.
    public var version: UInt32
    public var description: String
    public var operatorCodes: [TFLiteOperatorCode]
    /// Subgraph 0 is the main graph.
    public var subgraphs: [TFLiteSubgraph]
    /// Buffer 0 is the empty sentinel that tensors without constant data point to.
    public var buffers: [TFLiteBuffer]
    public var metadata: [TFLiteMetadata]

    /// The schema version this reader understands.
    public static let schemaVersion: UInt32 = 3
    /// The FlatBuffer file identifier at bytes 4..<8.
    public static let fileIdentifier = "TFL3"

    public init(version: UInt32 = TFLiteModel.schemaVersion, description: String = "",
                operatorCodes: [TFLiteOperatorCode], subgraphs: [TFLiteSubgraph],
                buffers: [TFLiteBuffer], metadata: [TFLiteMetadata] = []) {
        self.version = version
        self.description = description
        self.operatorCodes = operatorCodes
        self.subgraphs = subgraphs
        self.buffers = buffers
        self.metadata = metadata
    }

    /// Decodes and validates a `.tflite` file.
    public init(bytes: [UInt8], limits: FlatBufferLimits = .default) throws(ImportError) {
        guard bytes.count >= 8 else {
            throw .notRecognized(format: ImportError.tfliteFormat,
                                 reason: "the file is \(bytes.count) bytes; a TFLite model is a FlatBuffer of at least 8")
        }
        let reader = FlatBufferReader(bytes: bytes, limits: limits)
        guard reader.hasFileIdentifier(Self.fileIdentifier) else {
            throw .notRecognized(format: ImportError.tfliteFormat,
                                 reason: "bytes 4..<8 are \(Self.quoted(bytes[4..<8])), expected the file identifier '\(Self.fileIdentifier)'")
        }
        let root = try ImportError.tflite(at: "root table") { try reader.rootTable() }
        self = try TFLiteModel(root: root)
        try validate()
    }

    /// The operator code an operator refers to, or `nil` if its index is out of range.
    public func operatorCode(of op: TFLiteOperator) -> TFLiteOperatorCode? {
        operatorCodes.indices.contains(op.opcodeIndex) ? operatorCodes[op.opcodeIndex] : nil
    }

    private enum Field {
        static let version = 0, operatorCodes = 1, subgraphs = 2, description = 3, buffers = 4
        static let metadata = 6
    }

    private init(root: FlatBufferTable) throws(ImportError) {
        let version: UInt32 = try ImportError.tflite(at: "version") { try root.scalar(Field.version, default: 0) }
        guard version == Self.schemaVersion else {
            throw .tfliteUnsupported("schema version \(version); this reader reads version \(Self.schemaVersion)")
        }
        self.init(
            version: version,
            description: try ImportError.tflite(at: "description") { try root.string(Field.description) ?? "" },
            operatorCodes: try root.decodeTables(Field.operatorCodes, label: "operator code") { index, table throws(ImportError) in
                try TFLiteOperatorCode(table: table, index: index)
            },
            subgraphs: try root.decodeTables(Field.subgraphs, label: "subgraph") { index, table throws(ImportError) in
                try TFLiteSubgraph(table: table, index: index)
            },
            buffers: try root.decodeTables(Field.buffers, label: "buffer") { index, table throws(ImportError) in
                try TFLiteBuffer(table: table, index: index)
            },
            metadata: try root.decodeTables(Field.metadata, label: "metadata") { index, table throws(ImportError) in
                try TFLiteMetadata(table: table, index: index)
            })
    }

    private static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
        "'" + bytes.map { byte in
            (0x20..<0x7F).contains(byte) ? String(Character(Unicode.Scalar(byte))) : "\\x" + String(byte, radix: 16)
        }.joined() + "'"
    }
}
