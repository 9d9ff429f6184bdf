import Foundation
import KingletTestSupport

/// The `.tflite` files in Tests/Fixtures/tflite, written by the real converter
/// (see make_fixtures.py there). Located from this source file so tests find them
/// whatever the working directory.
enum TFLiteFixtures {
    static let directory = RepositoryPaths.fixtures("tflite")

    /// File names, sorted; empty when the fixtures have not been generated.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".tflite") }.sorted()
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
