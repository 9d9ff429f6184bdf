import Foundation
import KingletIO
import KingletTestSupport
import Testing

/// Every `.keras` file Keras 3 saved for the fixtures opens with our zip reader and holds
/// the three members Keras writes, each readable and CRC-checked.
@Suite struct KerasArchiveTests {
    static let directory = RepositoryPaths.fixtures("keras")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".keras") }.sorted()
    }()

    @Test func fixturesArePresent() {
        #expect(Self.files.count >= 70, "found \(Self.files.count) .keras fixtures")
    }

    @Test(arguments: files)
    func kerasArchiveHoldsConfigMetadataAndWeights(file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(file)))
        let archive = try ZipArchive(bytes: bytes)
        let config = try archive.data(for: try #require(archive.entry(named: "config.json")))
        let object = try JSONSerialization.jsonObject(with: Data(config)) as? [String: Any]
        #expect(object?["class_name"] != nil, "config.json has a class_name")
        let metadata = try archive.data(for: try #require(archive.entry(named: "metadata.json")))
        #expect((try JSONSerialization.jsonObject(with: Data(metadata)) as? [String: Any])?["keras_version"] != nil)
        let weights = try archive.data(for: try #require(archive.entry(named: "model.weights.h5")))
        // The HDF5 signature, at offset 0 as h5py writes it.
        #expect(Array(weights.prefix(8)) == [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A])
    }
}
