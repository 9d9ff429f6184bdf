/// The numeric element types `HDF5Writer` stores: little-endian IEEE floats and
/// two's-complement integers, the types Keras and h5py use for weights and counters.
public enum HDF5WriterElementType: Sendable, Hashable, CaseIterable {
    case float32
    case float64
    case int32
    case int64

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        }
    }

    /// The datatype message body (version 1; File Format Specification §IV.A.2.d): class
    /// and version, three bytes of class bit fields, the size, then the class properties.
    var datatypeMessage: [UInt8] {
        var out = ByteWriter()
        switch self {
        case .float32, .float64:
            let bits = size * 8
            let exponentBits: UInt8 = self == .float32 ? 8 : 11
            let mantissaBits = UInt8(bits - 1) - exponentBits
            out.writeUInt8(0x10 | 1)  // version 1, class 1 (floating point)
            // Little-endian, no padding bits, implied leading mantissa bit (0x20);
            // then the sign bit's position.
            out.writeBytes([0x20, UInt8(bits - 1), 0])
            out.writeUInt32(UInt32(size), endianness: .little)
            out.writeUInt16(0, endianness: .little)  // bit offset
            out.writeUInt16(UInt16(bits), endianness: .little)  // bit precision
            out.writeBytes([mantissaBits, exponentBits, 0, mantissaBits])  // exponent at, size; mantissa at, size
            out.writeUInt32(self == .float32 ? 127 : 1023, endianness: .little)  // exponent bias
        case .int32, .int64:
            out.writeUInt8(0x10 | 0)  // version 1, class 0 (fixed point)
            out.writeBytes([0x08, 0, 0])  // little-endian, signed
            out.writeUInt32(UInt32(size), endianness: .little)
            out.writeUInt16(0, endianness: .little)  // bit offset
            out.writeUInt16(UInt16(size * 8), endianness: .little)  // bit precision
        }
        return out.bytes
    }
}
