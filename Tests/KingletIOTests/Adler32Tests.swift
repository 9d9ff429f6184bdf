@testable import KingletIO
import KingletTestSupport
import Testing

@Suite("Adler32")
struct Adler32Tests {
    // Check values of RFC 1950's Adler-32 (zlib's adler32()).
    @Test(arguments: [
        ("", UInt32(0x0000_0001)),
        ("a", 0x0062_0062),
        ("abc", 0x024D_0127),
        ("Wikipedia", 0x11E6_0398),
        ("The quick brown fox jumps over the lazy dog", 0x5BDC_0FDA),
    ])
    func knownVectors(text: String, expected: UInt32) {
        #expect(Adler32.checksum(Array(text.utf8)) == expected)
    }

    @Test func longRunsReduceWithoutOverflow() {
        // Compared with the definition, reduced after every byte.
        let data = [UInt8](repeating: 0xFF, count: 100_000)
        var a: UInt64 = 1, b: UInt64 = 0
        for byte in data {
            a = (a + UInt64(byte)) % 65521
            b = (b + a) % 65521
        }
        #expect(Adler32.checksum(data) == UInt32(b << 16 | a))
    }

    @Test func incrementalUpdatesMatchOneShot() {
        var generator = SeededGenerator(seed: 1950)
        let data = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var adler = Adler32()
        var start = 0
        for length in [1, 5551, 5553, 8000, 895] {
            adler.update(data[start..<(start + length)])
            start += length
        }
        #expect(start == data.count)
        #expect(adler.value == Adler32.checksum(data))
    }
}
