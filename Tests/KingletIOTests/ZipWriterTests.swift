@testable import KingletIO
import Testing

/// Archives written by `ZipWriter` read back through `ZipArchive` entry for entry, are
/// the same bytes for the same input, and refuse what a plain (non-ZIP64) zip cannot hold.
@Suite("ZipWriter")
struct ZipWriterTests {
    static let entries: [(String, [UInt8])] = [
        ("metadata.json", Array(#"{"keras_version": "3.15.1"}"#.utf8)),
        ("config.json", Array(#"{"class_name": "Sequential"}"#.utf8)),
        ("empty.bin", []),
        ("assets/", []),
        ("assets/donn\u{E9}es.bin", (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
    ]

    static func archive() throws -> [UInt8] {
        var writer = ZipWriter()
        for (name, bytes) in entries {
            try writer.add(name, bytes)
        }
        return try writer.bytes()
    }

    @Test func entriesReadBackInOrder() throws {
        let archive = try ZipArchive(bytes: try Self.archive())
        #expect(archive.entries.map(\.name) == Self.entries.map(\.0))
        #expect(archive.comment.isEmpty)
        for (entry, (name, bytes)) in zip(archive.entries, Self.entries) {
            #expect(entry.method == .stored, "\(name)")
            #expect(entry.compressedSize == bytes.count, "\(name)")
            #expect(entry.uncompressedSize == bytes.count, "\(name)")
            #expect(entry.crc32 == CRC32.checksum(bytes), "\(name)")
            #expect(!entry.hasDataDescriptor && !entry.isEncrypted, "\(name)")
            #expect(try archive.data(for: entry) == bytes, "\(name)")
        }
        #expect(try #require(archive.entry(named: "assets/")).isDirectory)
    }

    @Test func onlyNonASCIINamesAreFlaggedUTF8() throws {
        let archive = try ZipArchive(bytes: try Self.archive())
        #expect(try #require(archive.entry(named: "assets/donn\u{E9}es.bin")).flags == 0x0800)
        #expect(try #require(archive.entry(named: "config.json")).flags == 0)
    }

    @Test func everyEntryIsDatedFirstOfJanuary1980() throws {
        let bytes = try Self.archive()
        let archive = try ZipArchive(bytes: bytes)
        for entry in archive.entries {
            let header = ByteReader(bytes)
            #expect(try header.getUInt16(at: entry.localHeaderOffset + 10, endianness: .little) == 0)
            #expect(try header.getUInt16(at: entry.localHeaderOffset + 12, endianness: .little) == 0x0021)
        }
    }

    @Test func sameInputGivesSameBytes() throws {
        #expect(try Self.archive() == Self.archive())
    }

    @Test func emptyArchiveIsTheEndRecordAlone() throws {
        let bytes = try ZipWriter().bytes()
        #expect(bytes.count == 22)
        #expect(try ZipArchive(bytes: bytes).entries.isEmpty)
    }

    @Test(arguments: ["", "/etc/passwd", "a/../b", "..", "dir\\file", "nul\u{0}", "dir/"])
    func invalidNamesAreRefused(name: String) {
        var writer = ZipWriter()
        #expect(throws: IOError.self) { try writer.add(name, [1]) }
        #expect(writer.entryNames.isEmpty)
    }

    @Test func overlongNamesAreRefused() {
        var writer = ZipWriter()
        #expect(throws: IOError.self) { try writer.add(String(repeating: "n", count: 65_536), []) }
        #expect(throws: Never.self) { try writer.add(String(repeating: "n", count: 65_535), []) }
    }

    @Test func duplicateNamesAreRefused() throws {
        var writer = ZipWriter()
        try writer.add("config.json", [1])
        #expect(throws: IOError.cannotWrite(format: "zip archive", item: "config.json",
                                            reason: "an entry of this name was already added")) {
            try writer.add("config.json", [2])
        }
    }

    @Test func entryCountStopsBeforeTheZIP64Marker() throws {
        var writer = ZipWriter()
        for index in 0..<65_534 {
            try writer.add("e\(index)", [])
        }
        #expect(throws: IOError.self) { try writer.add("one_too_many", []) }
        let archive = try ZipArchive(bytes: try writer.bytes())
        #expect(archive.entries.count == 65_534)
        #expect(archive.entries.last?.name == "e65533")
    }
}
