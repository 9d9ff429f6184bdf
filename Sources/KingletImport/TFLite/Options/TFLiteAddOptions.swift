import KingletIO

/// Options of ADD (schema table `AddOptions`).
public struct TFLiteAddOptions: Sendable, Hashable {
    public var fusedActivation: TFLiteActivation
    /// int16 kernels: scales are powers of two (operator version 3+). Defaults to true.
    public var potScaleInt16: Bool

    public init(fusedActivation: TFLiteActivation = .none, potScaleInt16: Bool = true) {
        self.fusedActivation = fusedActivation
        self.potScaleInt16 = potScaleInt16
    }

    private enum Field {
        static let fusedActivation = 0, potScaleInt16 = 1
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(
            fusedActivation: TFLiteActivation(rawValue: try table.scalar(Field.fusedActivation, default: 0)),
            potScaleInt16: try table.bool(Field.potScaleInt16, default: true))
    }
}
