@testable import KingletIO
import KingletTestSupport
import Testing

@Suite("CRC32")
struct CRC32Tests {
    // Check values of the IEEE / zlib CRC-32.
    @Test(arguments: [
        ("", UInt32(0x0000_0000)),
        ("a", 0xE8B7_BE43),
        ("abc", 0x3524_41C2),
        ("123456789", 0xCBF4_3926),
        ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
    ])
    func knownVectors(text: String, expected: UInt32) {
        #expect(CRC32.checksum(Array(text.utf8)) == expected)
    }

    @Test func incrementalUpdatesMatchOneShot() {
        var generator = SeededGenerator(seed: 7)
        let data = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var crc = CRC32()
        var start = 0
        for length in [1, 7, 100, 3000, 6892] {
            crc.update(data[start..<(start + length)])
            start += length
        }
        #expect(start == data.count)
        #expect(crc.value == CRC32.checksum(data))
    }

    @Test func rangeOverloadChecksItsRange() throws {
        let data = Array("xx123456789yy".utf8)
        #expect(try CRC32.checksum(data, in: 2..<11) == 0xCBF4_3926)
        #expect(throws: IOError.self) { try CRC32.checksum(data, in: 5..<20) }
        #expect(throws: IOError.self) { try CRC32.checksum(data, in: -1..<3) }
    }

    @Test func nonContiguousCollectionsWork() {
        let lazyBytes = "123456789".utf8.lazy.map { $0 }
        #expect(CRC32.checksum(lazyBytes) == 0xCBF4_3926)
    }
}
