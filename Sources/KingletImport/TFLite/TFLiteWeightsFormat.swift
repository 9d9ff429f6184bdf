/// Layout of a fully-connected operator's weights (schema enum
/// `FullyConnectedOptionsWeightsFormat`, stored as a byte). An open set.
public struct TFLiteWeightsFormat: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int8

    public init(rawValue: Int8) {
        self.rawValue = rawValue
    }

    /// Plain row-major `[outputs, inputs]`.
    public static let `default` = Self(rawValue: 0)
    /// A shuffled int8 layout some CPU kernels use.
    public static let shuffled4x16Int8 = Self(rawValue: 1)

    public var name: String {
        switch self {
        case .default: "DEFAULT"
        case .shuffled4x16Int8: "SHUFFLED4x16INT8"
        default: "UNKNOWN(\(rawValue))"
        }
    }

    public var description: String { name }
}
