import KingletIO

/// Options of PACK (schema table `PackOptions`).
public struct TFLitePackOptions: Sendable, Hashable {
    /// Number of input tensors stacked.
    public var valuesCount: Int32
    public var axis: Int32

    public init(valuesCount: Int32 = 0, axis: Int32 = 0) {
        self.valuesCount = valuesCount
        self.axis = axis
    }

    private enum Field {
        static let valuesCount = 0, axis = 1
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(valuesCount: try table.scalar(Field.valuesCount, default: 0),
                  axis: try table.scalar(Field.axis, default: 0))
    }
}
