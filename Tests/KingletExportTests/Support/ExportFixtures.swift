import Foundation
import KingletIO
import KingletTestSupport

/// The Keras models the export tests round-trip, with sample inputs for each: every
/// `.keras` file of Tests/Fixtures/keras (inputs from manifest.json) and
/// Tests/Fixtures/quantization (`NAME.eval_x.npy`), and Examples/digits/digits_cnn.keras.
enum ExportFixtures {
    struct Model: Sendable, CustomStringConvertible {
        /// Unique label, also the file stem of the exported copies ("keras.resnet8").
        let label: String
        let path: URL
        /// Input files, one per model input, each holding samples along axis 0.
        let inputFiles: [URL]
        var description: String { label }
    }

    /// How many samples of each input file the tests run.
    static let samplesPerModel = 2

    static let all: [Model] = kerasFixtures + quantizationFixtures + [digitsExample]

    private static let kerasFixtures: [Model] = {
        let directory = RepositoryPaths.fixtures("keras")
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
              let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let fixtures = manifest["fixtures"] as? [[String: Any]] else { return [] }
        return fixtures.compactMap { entry -> Model? in
            guard let name = entry["name"] as? String, let inputs = entry["inputs"] as? [[String: Any]] else { return nil }
            let path = directory.appendingPathComponent("\(name).keras")
            guard FileManager.default.fileExists(atPath: path.path) else { return nil }
            let files = inputs.compactMap { $0["file"] as? String }.map { directory.appendingPathComponent($0) }
            return Model(label: "keras.\(name)", path: path, inputFiles: files)
        }.sorted { $0.label < $1.label }
    }()

    private static let quantizationFixtures: [Model] = {
        let directory = RepositoryPaths.fixtures("quantization")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".keras") }.sorted().map { file in
            let name = String(file.dropLast(".keras".count))
            return Model(label: "quantization.\(name)", path: directory.appendingPathComponent(file),
                         inputFiles: [directory.appendingPathComponent("\(name).eval_x.npy")])
        }
    }()

    private static let digitsExample: Model = {
        let directory = RepositoryPaths.root.appendingPathComponent("Examples/digits")
        return Model(label: "examples.digits_cnn", path: directory.appendingPathComponent("digits_cnn.keras"),
                     inputFiles: [directory.appendingPathComponent("eval_x.npy")])
    }()

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// The first `samplesPerModel` samples: per sample, one value list per input.
    static func samples(_ model: Model) throws -> [[[Float]]] {
        let arrays = try model.inputFiles.map { try NpyArray(decoding: bytes($0)) }
        let count = arrays.map { $0.shape.first ?? 1 }.min() ?? 0
        let values = try arrays.map { try $0.floatValues() }
        return (0..<min(samplesPerModel, count)).map { sample in
            zip(arrays, values).map { array, values in
                let size = array.shape.dropFirst().reduce(1, *)
                return Array(values[(sample * size)..<((sample + 1) * size)])
            }
        }
    }
}
