/// The operator code stored in an operator record. A struct over the raw value, so a code
/// read from a file can be any number and an unknown one is an error we can print.
public struct KglOperatorKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let conv2D = KglOperatorKind(rawValue: 1)
    public static let depthwiseConv2D = KglOperatorKind(rawValue: 2)
    public static let fullyConnected = KglOperatorKind(rawValue: 3)
    public static let averagePool2D = KglOperatorKind(rawValue: 4)
    public static let maxPool2D = KglOperatorKind(rawValue: 5)
    public static let add = KglOperatorKind(rawValue: 6)
    public static let mul = KglOperatorKind(rawValue: 7)
    public static let reshape = KglOperatorKind(rawValue: 8)
    public static let softmax = KglOperatorKind(rawValue: 9)
    public static let logistic = KglOperatorKind(rawValue: 10)
    public static let tanh = KglOperatorKind(rawValue: 11)
    public static let relu = KglOperatorKind(rawValue: 12)
    public static let relu6 = KglOperatorKind(rawValue: 13)
    public static let leakyRelu = KglOperatorKind(rawValue: 14)
    public static let hardSwish = KglOperatorKind(rawValue: 15)
    public static let pad = KglOperatorKind(rawValue: 16)
    public static let mean = KglOperatorKind(rawValue: 17)
    public static let concatenation = KglOperatorKind(rawValue: 18)
    public static let quantize = KglOperatorKind(rawValue: 19)
    public static let dequantize = KglOperatorKind(rawValue: 20)
    /// Since format 1.2.
    public static let sub = KglOperatorKind(rawValue: 21)
    /// Since format 1.3.
    public static let reduceMax = KglOperatorKind(rawValue: 22)

    /// The spec entry for this kind, or nil for a code this version does not know.
    public var spec: OperatorSpec? { FormatSpec.operators.first { $0.kind == self } }

    public var description: String { spec?.name ?? "UNKNOWN(\(rawValue))" }
}
