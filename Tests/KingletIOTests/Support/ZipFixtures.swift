import Foundation
@testable import KingletIO
import KingletTestSupport

/// The files written by Tests/Fixtures/zip/make_zip_fixtures.py and its manifest.json,
/// which records the size and CRC-32 of every original Python compressed.
enum ZipFixtures {
    static let directory = RepositoryPaths.fixtures("zip")

    struct Original: Decodable, Sendable {
        let size: Int
        let crc32: UInt32
    }

    struct Entry: Decodable, Sendable {
        let name: String
        let size: Int
        let crc32: UInt32
        let method: UInt16
    }

    struct Archive: Decodable, Sendable {
        let entries: [Entry]
        let comment: String
        /// The entry whose reading must fail as unsupported.
        let unsupported: String?
    }

    struct Manifest: Decodable, Sendable {
        let generator: String
        let zlib: [String: Original]
        let zip: [String: Archive]
    }

    static let manifest: Manifest = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else {
            return Manifest(generator: "missing", zlib: [:], zip: [:])
        }
        return manifest
    }()

    static var zlibNames: [String] { manifest.zlib.keys.sorted() }
    /// Archives every entry of which must read back.
    static var readableZipNames: [String] { manifest.zip.filter { $0.value.unsupported == nil }.keys.sorted() }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
