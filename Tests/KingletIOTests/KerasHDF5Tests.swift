import Foundation
import Testing
import KingletIO

/// Every HDF5 file Keras wrote for the fixtures (legacy `.h5` from Keras 3 and tf-keras, and
/// the `model.weights.h5` inside each `.keras`) reads completely: every group, every
/// dataset's values, every attribute; a legacy file's `model_config` is Keras's JSON.
@Suite struct KerasHDF5Tests {
    static let directory = KerasArchiveTests.directory

    static let legacyFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".h5") }.sorted()
    }()

    /// Reads everything below `group`; returns the number of weight values read.
    static func readAll(_ group: HDF5Group, depth: Int = 0) throws -> Int {
        try #require(depth < 32)
        _ = try group.attributes()
        var values = 0
        for (_, child) in try group.children() {
            switch child {
            case .group(let inner):
                values += try readAll(inner, depth: depth + 1)
            case .dataset(let dataset):
                _ = try dataset.attributes()
                if case .floatingPoint = dataset.datatype {
                    let floats = try dataset.floats()
                    #expect(floats.count == dataset.elementCount)
                    #expect(floats.allSatisfy { $0.isFinite })
                    values += floats.count
                } else {
                    _ = try dataset.bytes()
                }
            }
        }
        return values
    }

    @Test func fixturesArePresent() {
        #expect(Self.legacyFiles.count >= 100, "found \(Self.legacyFiles.count) .h5 fixtures")
    }

    @Test(arguments: legacyFiles)
    func legacyH5ReadsWholly(file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(file)))
        let h5 = try HDF5File(bytes: bytes)
        let config = try #require(try h5.root.attribute("model_config")?.value)
        guard case .string(let json) = config else {
            Issue.record("model_config is \(config), expected a string")
            return
        }
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["class_name"] != nil)
        _ = try Self.readAll(h5.root)
    }

    @Test(arguments: KerasArchiveTests.files)
    func kerasWeightsReadWholly(file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(file)))
        let archive = try ZipArchive(bytes: bytes)
        let weights = try archive.data(for: try #require(archive.entry(named: "model.weights.h5")))
        let h5 = try HDF5File(bytes: weights)
        _ = try Self.readAll(h5.root)
    }
}
