@testable import KingletIO
import KingletTestSupport
import Testing

@Suite("Inflate")
struct InflateTests {
    // MARK: Streams written by Python's zlib

    @Test(arguments: ZipFixtures.zlibNames)
    func zlibFixtureDecodes(name: String) throws {
        let expected = try #require(ZipFixtures.manifest.zlib[name])
        let stream = try ZipFixtures.bytes(name)
        let output = try Inflate.zlib(stream[...])
        #expect(output.count == expected.size)
        #expect(CRC32.checksum(output) == expected.crc32)
        let sized = try Inflate.zlib(stream[...], expectedSize: expected.size)
        #expect(sized == output)
    }

    /// The same data without the zlib header and trailer is a raw DEFLATE stream.
    @Test(arguments: ZipFixtures.zlibNames)
    func rawInflateOfTheInnerStream(name: String) throws {
        let expected = try #require(ZipFixtures.manifest.zlib[name])
        let stream = try ZipFixtures.bytes(name)
        let output = try Inflate.inflate(stream[2..<(stream.count - 4)])
        #expect(output.count == expected.size)
        #expect(CRC32.checksum(output) == expected.crc32)
    }

    @Test func manifestIsPresent() {
        #expect(ZipFixtures.manifest.zlib.count >= 20)
    }

    // MARK: Streams built by hand

    @Test func storedBlocks() throws {
        // A non-final stored block "Hel", then a final one "lo".
        let stream: [UInt8] = [0x00, 3, 0, 0xFC, 0xFF] + Array("Hel".utf8) + [0x01, 2, 0, 0xFD, 0xFF] + Array("lo".utf8)
        #expect(try Inflate.inflate(stream[...]) == Array("Hello".utf8))
        // Input slices not starting at index 0 work too.
        let padded = [0xAA, 0xBB] + stream + [0xCC]
        #expect(try Inflate.inflate(padded[2...]) == Array("Hello".utf8))
    }

    @Test func emptyFixedBlock() throws {
        #expect(try Inflate.inflate([0x03, 0x00][...]) == [])
    }

    @Test func fixedBlockWithOverlappingBackReference() throws {
        var writer = DeflateBitWriter()
        writer.bits(1, 1)
        writer.bits(1, 2)
        writer.fixedLiteral(Int(UInt8(ascii: "a")))
        writer.fixedLiteral(Int(UInt8(ascii: "b")))
        writer.fixedLiteral(265)  // length 11 + 1 extra bit
        writer.bits(1, 1)         // length 12
        writer.code(1, length: 5) // distance 2
        writer.fixedLiteral(256)
        #expect(try Inflate.inflate(writer.finished()[...]) == Array("ababababababab".utf8))
    }

    @Test func expectedSizeMustMatch() throws {
        let stream = try ZipFixtures.bytes("zlib_text_l9.zz")
        let size = try #require(ZipFixtures.manifest.zlib["zlib_text_l9.zz"]).size
        #expect(throws: IOError.self) { try Inflate.zlib(stream[...], expectedSize: size - 1) }
        #expect(throws: IOError.self) { try Inflate.zlib(stream[...], expectedSize: size + 1) }
        #expect(throws: IOError.self) { try Inflate.zlib(stream[...], expectedSize: -1) }
    }

    // MARK: Corrupt streams

    static let corruptStreams: [(String, [UInt8])] = {
        var cases: [(String, [UInt8])] = []
        cases.append(("reserved block type", [0x07]))
        cases.append(("stored length complement", [0x01, 5, 0, 0, 0] + Array("hello".utf8)))
        cases.append(("empty input", []))

        var w = DeflateBitWriter()
        w.bits(1, 1); w.bits(1, 2)
        w.fixedLiteral(97); w.fixedLiteral(257); w.code(1, length: 5); w.fixedLiteral(256)
        cases.append(("distance before start", w.finished()))

        w = DeflateBitWriter()
        w.bits(1, 1); w.bits(1, 2)
        w.fixedLiteral(97); w.fixedLiteral(257); w.code(30, length: 5); w.fixedLiteral(256)
        cases.append(("distance symbol 30", w.finished()))

        w = DeflateBitWriter()
        w.bits(1, 1); w.bits(1, 2)
        w.fixedLiteral(97); w.fixedLiteral(286)
        cases.append(("length symbol 286", w.finished()))

        func dynamicHeader(literals: Int, distances: Int, codeLengthLengths: [Int]) -> DeflateBitWriter {
            var w = DeflateBitWriter()
            w.bits(1, 1); w.bits(2, 2)
            w.bits(literals - 257, 5); w.bits(distances - 1, 5); w.bits(codeLengthLengths.count - 4, 4)
            for length in codeLengthLengths { w.bits(length, 3) }
            return w
        }
        w = dynamicHeader(literals: 257, distances: 1, codeLengthLengths: Array(repeating: 1, count: 19))
        cases.append(("over-subscribed code-length code", w.finished() + [0, 0]))

        w = dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [1, 0, 0, 0])
        cases.append(("incomplete code-length code", w.finished() + [0, 0]))

        // Code-length code {0: "0", 16: "1"} (order 16, 17, 18, 0).
        w = dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [1, 0, 0, 1])
        w.code(1, length: 1)
        w.bits(0, 2)
        cases.append(("repeat with no previous length", w.finished()))

        w = dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [1, 0, 0, 1])
        for _ in 0..<258 { w.code(0, length: 1) }
        cases.append(("no end-of-block code", w.finished()))

        w = dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [1, 0, 0, 1])
        for _ in 0..<257 { w.code(0, length: 1) }
        w.code(1, length: 1)
        w.bits(3, 2)  // repeat 6 times past the 258 declared lengths
        cases.append(("repeat past the declared lengths", w.finished()))

        w = DeflateBitWriter()
        w.bits(1, 1); w.bits(2, 2); w.bits(30, 5); w.bits(0, 5); w.bits(0, 4)
        cases.append(("287 literal/length codes", w.finished() + [0, 0]))
        return cases
    }()

    @Test(arguments: corruptStreams)
    func corruptStreamThrows(label: String, stream: [UInt8]) {
        #expect(throws: IOError.self, "\(label)") { try Inflate.inflate(stream[...]) }
    }

    @Test func errorsCarryTheByteOffset() {
        var w = DeflateBitWriter()
        w.bits(0, 1); w.bits(0, 2)
        w.bits(0, 5)
        let stream = w.finished() + [3, 0, 0xFC, 0xFF] + Array("abc".utf8) + [0x07]
        #expect(throws: IOError.invalidDeflate(offset: 8, reason: "reserved block type 3")) {
            try Inflate.inflate(stream[...])
        }
    }

    // MARK: zlib wrapper

    /// A zlib header whose check bits are right, so only the field under test is wrong.
    private static func header(_ cmf: UInt8, dictionary: Bool = false) -> [UInt8] {
        let flags = dictionary ? 0x20 : 0
        return [cmf, UInt8(flags + (31 - (Int(cmf) << 8 | flags) % 31) % 31)]
    }

    @Test func zlibHeaderAndTrailerAreChecked() throws {
        let good = try ZipFixtures.bytes("zlib_text_l9.zz")
        let body = Array(good.dropFirst(2))
        var badCheck = good
        badCheck[1] ^= 0x01
        var badAdler = good
        badAdler[badAdler.count - 1] ^= 0x80
        let cases: [(String, [UInt8])] = [
            ("header check bits", badCheck),
            ("preset dictionary", Self.header(0x78, dictionary: true) + body),
            ("compression method 7", Self.header(0x77) + body),
            ("window size 2^16", Self.header(0x88) + body),
            ("Adler-32 mismatch", badAdler),
            ("before its Adler-32", Array(good.dropLast(4))),
            ("needs 2 bytes", [0x78]),
        ]
        #expect(try Inflate.zlib((Self.header(0x78) + body)[...]).count > 0)
        for (message, stream) in cases {
            do throws(IOError) {
                _ = try Inflate.zlib(stream[...])
                Issue.record("no error for \(message)")
            } catch {
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }

    // MARK: Hostile input

    static let truncationFixtures = [
        "zlib_text_l9.zz", "zlib_text_fixed.zz", "zlib_text_l0.zz", "zlib_random_l1.zz",
        "zlib_repetitive_l9.zz", "zlib_one_byte_l1.zz", "zlib_text_flushed.zz",
    ]

    @Test(arguments: truncationFixtures)
    func everyTruncationThrows(name: String) throws {
        let stream = try ZipFixtures.bytes(name)
        for length in 0..<stream.count {
            #expect(throws: IOError.self, "zlib prefix \(length)") { try Inflate.zlib(stream[..<length]) }
        }
        let raw = stream[2..<(stream.count - 4)]
        for end in raw.startIndex..<raw.endIndex {
            #expect(throws: IOError.self, "raw prefix to \(end)") { try Inflate.inflate(raw[..<end]) }
        }
    }

    @Test(arguments: ["zlib_text_l9.zz", "zlib_text_fixed.zz", "zlib_repetitive_l9.zz", "zlib_random_l1.zz"])
    func randomBitFlipsNeverCrash(name: String) throws {
        let stream = try ZipFixtures.bytes(name)
        var generator = SeededGenerator(seed: 0xDEF1A7E)
        var failures = 0
        for _ in 0..<400 {
            var corrupt = stream
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let bit = Int.random(in: 0..<(corrupt.count * 8), using: &generator)
                corrupt[bit / 8] ^= 1 << UInt8(bit % 8)
            }
            do {
                _ = try Inflate.zlib(corrupt[...], maxOutput: 1 << 20)
            } catch {
                failures += 1
            }
            _ = try? Inflate.inflate(corrupt[2...], maxOutput: 1 << 20)
        }
        // Nearly every flip is caught (by the decoder or the Adler-32 check).
        #expect(failures > 350)
    }

    @Test func bombStopsAtMaxOutput() throws {
        let bomb = try ZipFixtures.bytes("zlib_bomb_1mib.zz")
        #expect(throws: IOError.decompressedSizeLimitExceeded(limit: 1 << 16)) {
            try Inflate.zlib(bomb[...], maxOutput: 1 << 16)
        }
        #expect(throws: IOError.decompressedSizeLimitExceeded(limit: (1 << 20) - 1)) {
            try Inflate.zlib(bomb[...], maxOutput: (1 << 20) - 1)
        }
        #expect(throws: IOError.decompressedSizeLimitExceeded(limit: 0)) {
            try Inflate.zlib(bomb[...], maxOutput: 0)
        }
        let output = try Inflate.zlib(bomb[...], maxOutput: 1 << 20)
        #expect(output.count == 1 << 20)
        #expect(output.allSatisfy { $0 == 0 })
    }
}
