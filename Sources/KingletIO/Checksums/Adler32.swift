/// The Adler-32 checksum of RFC 1950 (zlib): two sums modulo 65521, `b << 16 | a`;
/// "Wikipedia" gives 0x11E60398 and the empty input gives 1.
///
/// Use `Adler32.checksum(_:)` for a whole buffer, or an `Adler32` value fed piece by
/// piece with `update(_:)`.
public struct Adler32: Sendable, Hashable {
    private static let modulus: UInt32 = 65521
    /// Largest run of bytes whose sums cannot overflow 32 bits before reducing (zlib's NMAX).
    private static let blockLength = 5552

    private var a: UInt32 = 1
    private var b: UInt32 = 0

    public init() {}

    /// The checksum of every byte passed to `update(_:)` so far.
    public var value: UInt32 { b << 16 | a }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var a = self.a, b = self.b
        var start = 0
        while start < bytes.count {
            let end = min(start + Self.blockLength, bytes.count)
            for index in start..<end {
                a &+= UInt32(bytes[index])
                b &+= a
            }
            a %= Self.modulus
            b %= Self.modulus
            start = end
        }
        self.a = a
        self.b = b
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
        var adler = Adler32()
        adler.update(bytes)
        return adler.value
    }
}
