/// A fused activation applied to an operator's output (schema enum
/// `ActivationFunctionType`, stored as a byte). An open set: unknown values print as
/// `UNKNOWN(n)`.
public struct TFLiteActivation: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int8

    public init(rawValue: Int8) {
        self.rawValue = rawValue
    }

    public static let none = Self(rawValue: 0)
    public static let relu = Self(rawValue: 1)
    /// Clamp to [-1, 1].
    public static let reluN1To1 = Self(rawValue: 2)
    public static let relu6 = Self(rawValue: 3)
    public static let tanh = Self(rawValue: 4)
    public static let signBit = Self(rawValue: 5)

    private static let names = ["NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"]

    public var name: String {
        Self.names.indices.contains(Int(rawValue)) ? Self.names[Int(rawValue)] : "UNKNOWN(\(rawValue))"
    }

    public var description: String { name }
}
