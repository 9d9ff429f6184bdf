/// The operator code stored in an operator record. A struct over the raw value, so a code
/// read from a file can be any number and an unknown one is an error we can print.
public struct OperatorKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let conv2D = OperatorKind(rawValue: 1)
    public static let depthwiseConv2D = OperatorKind(rawValue: 2)
    public static let fullyConnected = OperatorKind(rawValue: 3)
    public static let averagePool2D = OperatorKind(rawValue: 4)
    public static let maxPool2D = OperatorKind(rawValue: 5)
    public static let add = OperatorKind(rawValue: 6)
    public static let mul = OperatorKind(rawValue: 7)
    public static let reshape = OperatorKind(rawValue: 8)
    public static let softmax = OperatorKind(rawValue: 9)
    public static let logistic = OperatorKind(rawValue: 10)
    public static let tanh = OperatorKind(rawValue: 11)
    public static let relu = OperatorKind(rawValue: 12)
    public static let relu6 = OperatorKind(rawValue: 13)
    public static let leakyRelu = OperatorKind(rawValue: 14)
    public static let hardSwish = OperatorKind(rawValue: 15)
    public static let pad = OperatorKind(rawValue: 16)
    public static let mean = OperatorKind(rawValue: 17)
    public static let concatenation = OperatorKind(rawValue: 18)
    public static let quantize = OperatorKind(rawValue: 19)
    public static let dequantize = OperatorKind(rawValue: 20)

    /// The spec entry for this kind, or nil for a code this version does not know.
    public var spec: OperatorSpec? { FormatSpec.operators.first { $0.kind == self } }

    public var description: String { spec?.name ?? "UNKNOWN(\(rawValue))" }
}
