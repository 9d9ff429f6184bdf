/// The CRC-32 used by zlib, PNG and IEEE 802.3 (reflected polynomial 0xEDB88320,
/// initial value and final XOR 0xFFFFFFFF); "123456789" gives 0xCBF43926.
///
/// Use `CRC32.checksum(_:)` for a whole buffer, or a `CRC32` value fed piece by piece
/// with `update(_:)` when the bytes arrive in parts.
public struct CRC32: Sendable, Hashable {
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The checksum of every byte passed to `update(_:)` so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        state = crc
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            update(Array(bytes))
        }
    }

    /// The checksum of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// The checksum of `bytes[range]`, where `range` may come from a file and is checked.
    public static func checksum(_ bytes: [UInt8], in range: Range<Int>) throws(IOError) -> UInt32 {
        try ByteReader(bytes).checkBounds(at: range.lowerBound, count: range.count)
        return checksum(bytes[range])
    }

    /// Lookup table: entry `n` is the CRC of the single byte `n`.
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }
}
