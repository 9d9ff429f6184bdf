/// Padding mode of convolutions and pools (schema enum `Padding`, stored as a byte).
/// An open set: unknown values print as `UNKNOWN(n)`.
public struct TFLitePadding: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int8

    public init(rawValue: Int8) {
        self.rawValue = rawValue
    }

    public static let same = Self(rawValue: 0)
    public static let valid = Self(rawValue: 1)

    public var name: String {
        switch self {
        case .same: "SAME"
        case .valid: "VALID"
        default: "UNKNOWN(\(rawValue))"
        }
    }

    public var description: String { name }
}
