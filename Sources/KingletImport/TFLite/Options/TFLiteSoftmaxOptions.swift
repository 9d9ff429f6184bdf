import KingletIO

/// Options of SOFTMAX (schema table `SoftmaxOptions`).
public struct TFLiteSoftmaxOptions: Sendable, Hashable {
    /// Inverse temperature; the schema default is 0, converters write 1.
    public var beta: Float

    public init(beta: Float = 0) {
        self.beta = beta
    }

    private enum Field {
        static let beta = 0
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(beta: try table.float32(Field.beta, default: 0))
    }
}
