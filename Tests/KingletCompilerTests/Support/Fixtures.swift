import Foundation
import KingletIO
import KingletTestSupport

/// The real-tool fixtures in Tests/Fixtures/tflite (made by make_fixtures.py with
/// TensorFlow and TFLite Micro; see its README): each a .tflite model, inputs, and the
/// outputs TFLite Micro computed for them.
struct Fixture: Sendable, CustomStringConvertible {
    let name: String
    let kind: String
    let inputs: [String]
    let outputs: [String]
    /// The smallest arena_size the TFLite Micro Python interpreter runs the model with.
    let tflmArenaBytes: Int
    /// TFLite Micro's own "Arena allocation total" (print_allocations()).
    let tflmArenaUsedBytes: Int
    let tfliteBytes: Int

    var description: String { name }

    static let directory = RepositoryPaths.fixtures("tflite")

    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    /// Every fixture listed in manifest.json (empty when the manifest is missing, which the
    /// manifest test reports as a failure).
    static let all: [Fixture] = {
        guard let data = FileManager.default.contents(atPath: path("manifest.json")),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["fixtures"] as? [[String: Any]] else { return [] }
        return list.compactMap { entry in
            guard let name = entry["name"] as? String else { return nil }
            return Fixture(name: name, kind: entry["kind"] as? String ?? "",
                           inputs: entry["inputs"] as? [String] ?? [],
                           outputs: entry["outputs"] as? [String] ?? [],
                           tflmArenaBytes: entry["tflm_arena_bytes"] as? Int ?? 0,
                           tflmArenaUsedBytes: entry["tflm_arena_used_bytes"] as? Int ?? 0,
                           tfliteBytes: entry["tflite_bytes"] as? Int ?? 0)
        }
    }()

    var modelPath: String { Self.path("\(name).tflite") }

    func inputArrays() throws -> [NpyArray] {
        try inputs.map { try NpyArray(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path($0))))) }
    }

    func outputArrays() throws -> [NpyArray] {
        try outputs.map { try NpyArray(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path($0))))) }
    }
}
