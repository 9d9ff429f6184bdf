import Foundation
import KingletTestSupport

/// The Keras fixtures of Tests/Fixtures/keras and what manifest.json says about them.
enum KerasFixtures {
    static let directory = RepositoryPaths.fixtures("keras")

    struct Fixture: Sendable, CustomStringConvertible {
        let name: String
        /// Model files present: NAME.keras, NAME.h5, NAME.tfkeras.h5.
        let files: [String]
        let inputShapes: [[Int?]]
        let outputShapes: [[Int?]]
        var description: String { name }
    }

    static let all: [Fixture] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
              let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let fixtures = manifest["fixtures"] as? [[String: Any]] else { return [] }
        return fixtures.compactMap { entry in
            guard let name = entry["name"] as? String else { return nil }
            let files = ["\(name).keras", "\(name).h5", "\(name).tfkeras.h5"].filter {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            }
            func shapes(_ key: String) -> [[Int?]] {
                ((entry[key] as? [[String: Any]]) ?? []).map { ($0["shape"] as? [Any] ?? []).map { $0 as? Int } }
            }
            return Fixture(name: name, files: files, inputShapes: shapes("inputs"), outputShapes: shapes("outputs"))
        }
    }()

    /// Every (fixture, model file) pair.
    static let files: [String] = all.flatMap(\.files)

    static func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))
    }

    static func fixture(for file: String) -> Fixture? {
        all.first { file.hasPrefix($0.name + ".") }
    }
}
