import KingletIO

/// Options of MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD, ... (schema table
/// `ReducerOptions`); the axes are the operator's second input.
public struct TFLiteReducerOptions: Sendable, Hashable {
    public var keepDims: Bool

    public init(keepDims: Bool = false) {
        self.keepDims = keepDims
    }

    private enum Field {
        static let keepDims = 0
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(keepDims: try table.bool(Field.keepDims, default: false))
    }
}
