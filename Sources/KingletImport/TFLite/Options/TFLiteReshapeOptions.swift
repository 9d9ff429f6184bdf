import KingletIO

/// Options of RESHAPE (schema table `ReshapeOptions`). Converters often leave
/// `newShape` out and pass the shape as a second input tensor instead.
public struct TFLiteReshapeOptions: Sendable, Hashable {
    /// `nil` when the field is absent; may contain one -1 (inferred dimension).
    public var newShape: [Int32]?

    public init(newShape: [Int32]? = nil) {
        self.newShape = newShape
    }

    private enum Field {
        static let newShape = 0
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(newShape: try table.scalarVector(Field.newShape, as: Int32.self))
    }
}
