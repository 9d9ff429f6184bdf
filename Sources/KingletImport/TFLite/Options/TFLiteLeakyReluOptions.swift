import KingletIO

/// Options of LEAKY_RELU (schema table `LeakyReluOptions`).
public struct TFLiteLeakyReluOptions: Sendable, Hashable {
    /// Slope for negative inputs.
    public var alpha: Float

    public init(alpha: Float = 0) {
        self.alpha = alpha
    }

    private enum Field {
        static let alpha = 0
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(alpha: try table.float32(Field.alpha, default: 0))
    }
}
