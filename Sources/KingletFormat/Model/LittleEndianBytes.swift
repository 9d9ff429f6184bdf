/// Random-access little-endian loads from a byte array at offsets the caller has already
/// bounds-checked (the model reader checks every section range before reading records).
struct LittleEndianBytes: Sendable {
    let bytes: [UInt8]

    func u8(_ offset: Int) -> UInt8 { bytes[offset] }

    func u16(_ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func u32(_ offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
        return value
    }

    func i32(_ offset: Int) -> Int32 { Int32(bitPattern: u32(offset)) }

    func f32(_ offset: Int) -> Float { Float(bitPattern: u32(offset)) }
}
