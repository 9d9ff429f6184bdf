/// Element type of a TFLite tensor (schema enum `TensorType`, stored as a byte).
///
/// An open set: a file may carry any byte, and values this reader has no name for print
/// as `UNKNOWN(n)` instead of failing.
public struct TFLiteTensorType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int8

    public init(rawValue: Int8) {
        self.rawValue = rawValue
    }

    public static let float32 = Self(rawValue: 0)
    public static let float16 = Self(rawValue: 1)
    public static let int32 = Self(rawValue: 2)
    public static let uint8 = Self(rawValue: 3)
    public static let int64 = Self(rawValue: 4)
    public static let string = Self(rawValue: 5)
    public static let bool = Self(rawValue: 6)
    public static let int16 = Self(rawValue: 7)
    public static let complex64 = Self(rawValue: 8)
    public static let int8 = Self(rawValue: 9)
    public static let float64 = Self(rawValue: 10)
    public static let complex128 = Self(rawValue: 11)
    public static let uint64 = Self(rawValue: 12)
    public static let resource = Self(rawValue: 13)
    public static let variant = Self(rawValue: 14)
    public static let uint32 = Self(rawValue: 15)
    public static let uint16 = Self(rawValue: 16)
    public static let int4 = Self(rawValue: 17)
    public static let bfloat16 = Self(rawValue: 18)
    public static let int2 = Self(rawValue: 19)
    public static let uint4 = Self(rawValue: 20)

    private static let names = [
        "FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "COMPLEX64",
        "INT8", "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16",
        "INT4", "BFLOAT16", "INT2", "UINT4",
    ]

    /// The schema's name ("INT8"), or "UNKNOWN(n)".
    public var name: String {
        Self.names.indices.contains(Int(rawValue)) ? Self.names[Int(rawValue)] : "UNKNOWN(\(rawValue))"
    }

    public var description: String { name }

    /// Bytes per element for types stored one element per whole number of bytes; `nil`
    /// for strings, resources, variants, sub-byte types and unknown values.
    public var byteSize: Int? {
        switch self {
        case .bool, .int8, .uint8: 1
        case .float16, .bfloat16, .int16, .uint16: 2
        case .float32, .int32, .uint32: 4
        case .float64, .int64, .uint64, .complex64: 8
        case .complex128: 16
        default: nil
        }
    }
}
