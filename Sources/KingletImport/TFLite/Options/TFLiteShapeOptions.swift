import KingletIO

/// Options of SHAPE (schema table `ShapeOptions`).
public struct TFLiteShapeOptions: Sendable, Hashable {
    /// Element type of the output (INT32 or INT64 in practice). The schema declares no
    /// default, so an absent field reads as FLOAT32 (0).
    public var outType: TFLiteTensorType

    public init(outType: TFLiteTensorType = .float32) {
        self.outType = outType
    }

    private enum Field {
        static let outType = 0
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(outType: TFLiteTensorType(rawValue: try table.scalar(Field.outType, default: 0)))
    }
}
