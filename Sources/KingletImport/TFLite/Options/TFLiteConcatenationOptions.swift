import KingletIO

/// Options of CONCATENATION (schema table `ConcatenationOptions`).
public struct TFLiteConcatenationOptions: Sendable, Hashable {
    /// May be negative (counted from the last axis).
    public var axis: Int32
    public var fusedActivation: TFLiteActivation

    public init(axis: Int32 = 0, fusedActivation: TFLiteActivation = .none) {
        self.axis = axis
        self.fusedActivation = fusedActivation
    }

    private enum Field {
        static let axis = 0, fusedActivation = 1
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(
            axis: try table.scalar(Field.axis, default: 0),
            fusedActivation: TFLiteActivation(rawValue: try table.scalar(Field.fusedActivation, default: 0)))
    }
}
