import Foundation
@testable import KingletIO
import KingletTestSupport
import Testing

/// Damaged copies of the fixtures must throw `IOError`, never trap or hang: every group,
/// dataset and attribute reachable from the root is read.
@Suite("HDF5 robustness")
struct HDF5RobustnessTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: HDF5FixtureTests.directory.appendingPathComponent(name)))
    }

    /// Opens the file and reads everything, to a bounded depth; returns the number of
    /// objects read, or throws the first error.
    @discardableResult
    static func readEverything(_ bytes: [UInt8]) throws(IOError) -> Int {
        let file = try HDF5File(bytes: bytes)
        var count = 0
        func visit(_ group: HDF5Group, depth: Int) throws(IOError) {
            guard depth < 6 else { return }
            _ = try group.attributes()
            // Soft links are skipped (their targets are read anyway), and so is the one
            // dataset whose layout is unsupported (tested in HDF5FixtureTests).
            for name in try group.childNames()
            where name != "soft" && !name.hasPrefix("link_") && name != "extensible" {
                count += 1
                switch try group.object(name) {
                case let .group(child):
                    try visit(child, depth: depth + 1)
                case let .dataset(dataset):
                    _ = try dataset.attributes()
                    switch dataset.datatype {
                    case .string, .variableLengthString: _ = try dataset.strings()
                    default: _ = try dataset.doubles()
                    }
                }
            }
        }
        try visit(file.root, depth: 0)
        return count
    }

    static let names = ["earliest.h5", "latest.h5", "v108.h5", "userblock.h5"]

    @Test(arguments: names)
    func intactFixturesReadCompletely(name: String) throws {
        #expect(try Self.readEverything(Self.fixture(name)) > 0)
    }

    @Test(arguments: names)
    func truncationsThrow(name: String) throws {
        let bytes = try Self.fixture(name)
        var generator = SeededGenerator(seed: 0x4844_4635)
        var lengths = [0, 1, 7, 8, 9, 40, 100, 511, 512, 600, bytes.count / 2, bytes.count - 1]
        for _ in 0..<40 { lengths.append(Int.random(in: 0..<bytes.count, using: &generator)) }
        for length in lengths where length < bytes.count {
            do {
                try Self.readEverything(Array(bytes.prefix(length)))
                // Cutting off only unused tail space may legitimately still read.
            } catch {}
        }
    }

    @Test(arguments: names)
    func bitFlipsNeverCrash(name: String) throws {
        let bytes = try Self.fixture(name)
        var generator = SeededGenerator(seed: 0xF11B_0000 &+ UInt64(bytes.count))
        for _ in 0..<300 {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<damaged.count, using: &generator)
                damaged[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            }
            do { try Self.readEverything(damaged) } catch {}
        }
    }

    @Test func checksumsAreVerified() throws {
        var bytes = try Self.fixture("latest.h5")
        bytes[20] ^= 0x01  // inside the version 3 superblock
        #expect {
            try HDF5File(bytes: bytes)
        } throws: { error in
            guard case let .invalidHDF5(_, reason) = error as? IOError else { return false }
            return reason.contains("checksum mismatch")
        }
    }

    @Test func notHDF5() {
        #expect(throws: IOError.self) { try HDF5File(bytes: []) }
        #expect(throws: IOError.self) { try HDF5File(bytes: [UInt8](repeating: 0, count: 4096)) }
    }
}
