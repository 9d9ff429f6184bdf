@testable import KingletIO
import KingletTestSupport
import Testing

@Suite("ZipArchive")
struct ZipArchiveTests {
    // MARK: Archives written by Python's zipfile

    @Test(arguments: ZipFixtures.readableZipNames)
    func everyEntryReadsBack(name: String) throws {
        let expected = try #require(ZipFixtures.manifest.zip[name])
        let archive = try ZipArchive(bytes: try ZipFixtures.bytes(name))
        #expect(archive.entries.map(\.name) == expected.entries.map(\.name))
        #expect(archive.comment == Array(expected.comment.unicodeScalars.map { UInt8($0.value) }))
        for (entry, want) in zip(archive.entries, expected.entries) {
            #expect(entry.method.rawValue == want.method, "\(entry.name)")
            #expect(entry.uncompressedSize == want.size, "\(entry.name)")
            #expect(entry.crc32 == want.crc32, "\(entry.name)")
            let data = try archive.data(for: entry)
            #expect(data.count == want.size, "\(entry.name)")
            #expect(CRC32.checksum(data) == want.crc32, "\(entry.name)")
        }
    }

    @Test func manifestIsPresent() {
        #expect(ZipFixtures.readableZipNames.count >= 6)
    }

    @Test func entryLookupAndUTF8Names() throws {
        let archive = try ZipArchive(bytes: try ZipFixtures.bytes("basic.zip"))
        #expect(archive.entry(named: "missing.json") == nil)
        let config = try #require(archive.entry(named: "config.json"))
        #expect(config.method == .stored)
        #expect(String(decoding: try archive.data(for: config), as: UTF8.self).hasPrefix(#"{"module": "keras""#))
        let umlaut = try #require(archive.entry(named: "donn\u{E9}es/\u{FC}.txt"))
        #expect(umlaut.flags & 0x0800 != 0)
        #expect(try archive.data(for: umlaut) == Array("gr\u{FC}\u{DF}e".utf8))
        #expect(try #require(archive.entry(named: "assets/")).isDirectory)
        #expect(try #require(archive.entry(named: "large.bin")).uncompressedSize > 65_536)
    }

    @Test func dataDescriptorEntriesUseCentralDirectorySizes() throws {
        let archive = try ZipArchive(bytes: try ZipFixtures.bytes("data_descriptor.zip"))
        #expect(archive.entries.allSatisfy { $0.hasDataDescriptor })
        #expect(try archive.data(for: try #require(archive.entry(named: "model.weights.h5"))).count == 4508)
    }

    @Test func zip64EndRecordsAreFollowed() throws {
        let bytes = try ZipFixtures.bytes("zip64_end_records.zip")
        let zip64Record: [UInt8] = [0x50, 0x4B, 0x06, 0x06]
        #expect(bytes.indices.contains { bytes[$0...].starts(with: zip64Record) })
        let archive = try ZipArchive(bytes: bytes)
        #expect(archive.entries.count == 3)
    }

    // MARK: Unsupported features

    @Test func bzip2EntryIsUnsupported() throws {
        let archive = try ZipArchive(bytes: try ZipFixtures.bytes("bzip2.zip"))
        #expect(try archive.data(for: try #require(archive.entry(named: "config.json"))).count == 74)
        let entry = try #require(archive.entry(named: "weights.bz2"))
        #expect(entry.method == .bzip2)
        do throws(IOError) {
            _ = try archive.data(for: entry)
            Issue.record("bzip2 entry read without error")
        } catch {
            guard case let .unsupportedZip(name, reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "weights.bz2")
            #expect(reason.contains("12 (bzip2)"))
            #expect(error.description.contains("'weights.bz2'"))
        }
    }

    @Test func encryptedEntryIsUnsupported() throws {
        let archive = try ZipArchive(bytes: try ZipFixtures.bytes("encrypted_flag.zip"))
        let entry = try #require(archive.entry(named: "secret.txt"))
        #expect(entry.isEncrypted)
        #expect(throws: IOError.unsupportedZip(entry: "secret.txt", reason: "encrypted entries are not supported")) {
            try archive.data(for: entry)
        }
    }

    // MARK: Damaged archives

    @Test func notAZip() {
        #expect(throws: IOError.self) { try ZipArchive(bytes: []) }
        #expect(throws: IOError.self) { try ZipArchive(bytes: Array("PK\u{5}\u{6} too short".utf8)) }
        var generator = SeededGenerator(seed: 3)
        let noise = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(throws: IOError.self) { try ZipArchive(bytes: noise) }
    }

    @Test func crcMismatchNamesTheEntry() throws {
        var bytes = try ZipFixtures.bytes("small.zip")
        let archive = try ZipArchive(bytes: bytes)
        let config = try #require(archive.entry(named: "config.json"))
        // The stored data starts after the 30-byte local header and the name.
        bytes[config.localHeaderOffset + 30 + "config.json".utf8.count + 5] ^= 0x20
        let damaged = try ZipArchive(bytes: bytes)
        do throws(IOError) {
            _ = try damaged.data(for: config)
            Issue.record("damaged entry read without error")
        } catch {
            guard case let .invalidZip(name, _, reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "config.json")
            #expect(reason.contains("CRC-32 mismatch"))
        }
    }

    /// Reads everything the archive claims to hold; throws on the first problem.
    private static func readAll(_ bytes: [UInt8]) throws {
        let archive = try ZipArchive(bytes: bytes)
        for entry in archive.entries {
            _ = try archive.data(for: entry)
        }
    }

    @Test(arguments: ["small.zip", "zip64_end_records.zip", "data_descriptor.zip"])
    func everyTruncationThrows(name: String) throws {
        let bytes = try ZipFixtures.bytes(name)
        try Self.readAll(bytes)
        for length in 0..<bytes.count {
            #expect(throws: IOError.self, "prefix \(length)") { try Self.readAll(Array(bytes[..<length])) }
        }
    }

    @Test(arguments: ["small.zip", "zip64_forced.zip", "zip64_end_records.zip"])
    func randomBitFlipsNeverCrash(name: String) throws {
        let bytes = try ZipFixtures.bytes(name)
        var generator = SeededGenerator(seed: 0x21B)
        var failures = 0
        for _ in 0..<500 {
            var corrupt = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let bit = Int.random(in: 0..<(corrupt.count * 8), using: &generator)
                corrupt[bit / 8] ^= 1 << UInt8(bit % 8)
            }
            do {
                try Self.readAll(corrupt)
            } catch {
                failures += 1
            }
        }
        // Flips in ignored fields (timestamps, attributes, local sizes) are harmless.
        #expect(failures > 0)
    }
}
