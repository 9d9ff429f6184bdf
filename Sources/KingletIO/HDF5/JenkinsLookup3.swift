/// Bob Jenkins' lookup3 `hashlittle`, the checksum HDF5 puts after its version-2
/// metadata (superblock 2/3, "OHDR", "OCHK", fractal heap and v2 B-tree blocks) and uses
/// to hash link and attribute names.
enum JenkinsLookup3 {
    static func hash(_ bytes: ArraySlice<UInt8>, initialValue: UInt32 = 0) -> UInt32 {
        var a: UInt32 = 0xdead_beef &+ UInt32(truncatingIfNeeded: bytes.count) &+ initialValue
        var b = a
        var c = a
        var index = bytes.startIndex
        var remaining = bytes.count

        @inline(__always) func word(_ at: Int, _ available: Int) -> UInt32 {
            // Little-endian load of up to four bytes; missing bytes count as zero.
            var value: UInt32 = 0
            for byte in 0..<min(4, available) {
                value |= UInt32(bytes[at + byte]) << (8 * UInt32(byte))
            }
            return value
        }

        while remaining > 12 {
            a = a &+ word(index, 4)
            b = b &+ word(index + 4, 4)
            c = c &+ word(index + 8, 4)
            mix(&a, &b, &c)
            index += 12
            remaining -= 12
        }
        if remaining == 0 { return c }
        a = a &+ word(index, remaining)
        if remaining > 4 { b = b &+ word(index + 4, remaining - 4) }
        if remaining > 8 { c = c &+ word(index + 8, remaining - 8) }
        final(&a, &b, &c)
        return c
    }

    @inline(__always)
    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }

    @inline(__always)
    private static func mix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        a = a &- c; a ^= rotate(c, 4); c = c &+ b
        b = b &- a; b ^= rotate(a, 6); a = a &+ c
        c = c &- b; c ^= rotate(b, 8); b = b &+ a
        a = a &- c; a ^= rotate(c, 16); c = c &+ b
        b = b &- a; b ^= rotate(a, 19); a = a &+ c
        c = c &- b; c ^= rotate(b, 4); b = b &+ a
    }

    @inline(__always)
    private static func final(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        c ^= b; c = c &- rotate(b, 14)
        a ^= c; a = a &- rotate(c, 11)
        b ^= a; b = b &- rotate(a, 25)
        c ^= b; c = c &- rotate(b, 16)
        a ^= c; a = a &- rotate(c, 4)
        b ^= a; b = b &- rotate(a, 14)
        c ^= b; c = c &- rotate(b, 24)
    }
}
