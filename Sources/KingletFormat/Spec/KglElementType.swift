/// Element type of a tensor record. A struct over the raw byte so unknown codes are errors.
public struct KglElementType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let int8 = KglElementType(rawValue: 1)
    public static let int32 = KglElementType(rawValue: 2)
    public static let float32 = KglElementType(rawValue: 3)
    public static let int16 = KglElementType(rawValue: 4)
    /// Since format 1.1: the bias of 16x8 (int16 activation) convolutions and fully
    /// connected layers.
    public static let int64 = KglElementType(rawValue: 5)

    public static let known: [KglElementType] = [.int8, .int32, .float32, .int16, .int64]

    /// Bytes per element, or nil for an unknown type.
    public var byteCount: Int? {
        switch self {
        case .int8: 1
        case .int16: 2
        case .int32, .float32: 4
        case .int64: 8
        default: nil
        }
    }

    public var cName: String {
        switch self {
        case .int8: "INT8"
        case .int32: "INT32"
        case .float32: "FLOAT32"
        case .int16: "INT16"
        case .int64: "INT64"
        default: "UNKNOWN"
        }
    }

    public var description: String {
        byteCount == nil ? "unknown(\(rawValue))" : cName.lowercased()
    }
}
