import KingletIO

/// A named piece of model metadata (schema table `Metadata`), such as
/// "min_runtime_version" or "CONVERSION_METADATA", whose bytes are a buffer.
public struct TFLiteMetadata: Sendable, Hashable {
    public var name: String
    /// Index into the model's buffers.
    public var buffer: Int

    public init(name: String, buffer: Int) {
        self.name = name
        self.buffer = buffer
    }

    private enum Field {
        static let name = 0, buffer = 1
    }

    init(table: FlatBufferTable, index: Int) throws(ImportError) {
        self = try ImportError.tflite(at: "metadata \(index)") {
            TFLiteMetadata(name: try table.string(Field.name) ?? "",
                           buffer: Int(try table.scalar(Field.buffer, default: UInt32(0))))
        }
    }
}
