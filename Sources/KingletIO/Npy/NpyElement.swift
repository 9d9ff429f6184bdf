/// A Swift type whose values can be stored in an `.npy` array of one `NpyDType`.
///
/// `Bits` is the integer whose little-endian bytes are the stored element, which keeps
/// encoding explicit about byte order on any host.
public protocol NpyElement: Sendable {
    associatedtype Bits: FixedWidthInteger
    static var npyDType: NpyDType { get }
    var npyBits: Bits { get }
    init(npyBits: Bits)
}

extension Int8: NpyElement {
    public static var npyDType: NpyDType { .int8 }
    public var npyBits: Int8 { self }
    public init(npyBits: Int8) { self = npyBits }
}

extension UInt8: NpyElement {
    public static var npyDType: NpyDType { .uint8 }
    public var npyBits: UInt8 { self }
    public init(npyBits: UInt8) { self = npyBits }
}

extension Int16: NpyElement {
    public static var npyDType: NpyDType { .int16 }
    public var npyBits: Int16 { self }
    public init(npyBits: Int16) { self = npyBits }
}

extension UInt16: NpyElement {
    public static var npyDType: NpyDType { .uint16 }
    public var npyBits: UInt16 { self }
    public init(npyBits: UInt16) { self = npyBits }
}

extension Int32: NpyElement {
    public static var npyDType: NpyDType { .int32 }
    public var npyBits: Int32 { self }
    public init(npyBits: Int32) { self = npyBits }
}

extension UInt32: NpyElement {
    public static var npyDType: NpyDType { .uint32 }
    public var npyBits: UInt32 { self }
    public init(npyBits: UInt32) { self = npyBits }
}

extension Int64: NpyElement {
    public static var npyDType: NpyDType { .int64 }
    public var npyBits: Int64 { self }
    public init(npyBits: Int64) { self = npyBits }
}

extension UInt64: NpyElement {
    public static var npyDType: NpyDType { .uint64 }
    public var npyBits: UInt64 { self }
    public init(npyBits: UInt64) { self = npyBits }
}

extension Float: NpyElement {
    public static var npyDType: NpyDType { .float32 }
    public var npyBits: UInt32 { bitPattern }
    public init(npyBits: UInt32) { self.init(bitPattern: npyBits) }
}

extension Double: NpyElement {
    public static var npyDType: NpyDType { .float64 }
    public var npyBits: UInt64 { bitPattern }
    public init(npyBits: UInt64) { self.init(bitPattern: npyBits) }
}

extension Bool: NpyElement {
    public static var npyDType: NpyDType { .bool }
    public var npyBits: UInt8 { self ? 1 : 0 }
    public init(npyBits: UInt8) { self = npyBits != 0 }
}
