/// Element type of a tensor record. A struct over the raw byte so unknown codes are errors.
public struct ElementType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let int8 = ElementType(rawValue: 1)
    public static let int32 = ElementType(rawValue: 2)
    public static let float32 = ElementType(rawValue: 3)
    public static let int16 = ElementType(rawValue: 4)

    public static let known: [ElementType] = [.int8, .int32, .float32, .int16]

    /// Bytes per element, or nil for an unknown type.
    public var byteCount: Int? {
        switch self {
        case .int8: 1
        case .int16: 2
        case .int32, .float32: 4
        default: nil
        }
    }

    public var cName: String {
        switch self {
        case .int8: "INT8"
        case .int32: "INT32"
        case .float32: "FLOAT32"
        case .int16: "INT16"
        default: "UNKNOWN"
        }
    }

    public var description: String {
        byteCount == nil ? "unknown(\(rawValue))" : cName.lowercased()
    }
}
