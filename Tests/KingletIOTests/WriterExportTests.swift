import Foundation
import KingletIO
import KingletTestSupport
import Testing

/// `KINGLET_EXPORT_DIR`, if set and not empty.
private let exportDirectory: URL? = ProcessInfo.processInfo.environment["KINGLET_EXPORT_DIR"]
    .flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }

/// Writes files for `Tests/Fixtures/keras-export/check_with_keras.py`, which checks them
/// with h5py and Keras (not in CI: it needs TensorFlow). Runs only when
/// `KINGLET_EXPORT_DIR` names the directory to write into:
///
///     KINGLET_EXPORT_DIR=/tmp/kexport swift test --filter Writer
///
/// - `features.h5` (every feature of `HDF5Writer`) and `features.expected.json`;
/// - `repacked/NAME.keras` for every `Tests/Fixtures/keras/NAME.keras`: its weights read
///   with `HDF5File`, rebuilt with `HDF5Writer`, and zipped again with `ZipWriter`.
@Suite("Writer export for check_with_keras.py", .enabled(if: exportDirectory != nil))
struct WriterExportTests {
    static let directory = exportDirectory

    static let kerasFixtures = RepositoryPaths.fixtures("keras")

    static func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    @Test func writesEveryFeature() throws {
        let directory = try #require(Self.directory)
        let writer = try HDF5WriterSample.writer()
        try Self.write(try writer.bytes(), to: directory.appendingPathComponent("features.h5"))
        var expected = HDF5WriterExpectation.json(for: writer)
        expected["generator"] = "Tests/KingletIOTests/WriterExportTests.swift (HDF5WriterSample)"
        let json = try JSONSerialization.data(withJSONObject: expected, options: [.sortedKeys])
        try Self.write([UInt8](json), to: directory.appendingPathComponent("features.expected.json"))
    }

    @Test func repacksEveryKerasFixture() throws {
        let directory = try #require(Self.directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.kerasFixtures.path)
            .filter { $0.hasSuffix(".keras") }.sorted()
        #expect(names.count >= 70)
        for name in names {
            let original = try ZipArchive(bytes: [UInt8](Data(contentsOf: Self.kerasFixtures.appendingPathComponent(name))))
            var zip = ZipWriter()
            for member in ["metadata.json", "config.json", "model.weights.h5"] {
                let entry = try #require(original.entry(named: member), "\(name): \(member)")
                var bytes = try original.data(for: entry)
                if member == "model.weights.h5" {
                    let source = try HDF5File(bytes: bytes)
                    let copy = try HDF5TreeCopy.copy(source)
                    bytes = try copy.bytes()
                    // Our own reader sees the same tree in the copy as in the original.
                    try HDF5WriterTests.expectSame(try HDF5File(bytes: bytes).root, as: copy.root)
                }
                try zip.add(member, bytes)
            }
            try Self.write(try zip.bytes(), to: directory.appendingPathComponent("repacked").appendingPathComponent(name))
        }
    }
}
