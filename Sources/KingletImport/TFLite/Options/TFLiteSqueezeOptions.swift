import KingletIO

/// Options of SQUEEZE (schema table `SqueezeOptions`).
public struct TFLiteSqueezeOptions: Sendable, Hashable {
    /// Axes to remove; empty means every axis of size 1.
    public var squeezeDims: [Int32]

    public init(squeezeDims: [Int32] = []) {
        self.squeezeDims = squeezeDims
    }

    private enum Field {
        static let squeezeDims = 0
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(squeezeDims: try table.scalarVector(Field.squeezeDims, as: Int32.self) ?? [])
    }
}
