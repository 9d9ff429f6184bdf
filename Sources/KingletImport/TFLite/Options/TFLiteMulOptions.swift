import KingletIO

/// Options of MUL (schema table `MulOptions`). Unlike ADD and SUB, the schema gives MUL
/// no `pot_scale_int16` field.
public struct TFLiteMulOptions: Sendable, Hashable {
    public var fusedActivation: TFLiteActivation

    public init(fusedActivation: TFLiteActivation = .none) {
        self.fusedActivation = fusedActivation
    }

    private enum Field {
        static let fusedActivation = 0
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(fusedActivation: TFLiteActivation(rawValue: try table.scalar(Field.fusedActivation, default: 0)))
    }
}
