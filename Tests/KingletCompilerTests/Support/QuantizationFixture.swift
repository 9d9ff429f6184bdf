import Foundation
import KingletCompiler
import KingletFormat
import KingletIO
import KingletIR
import KingletTestSupport

/// A model of Tests/Fixtures/quantization (see its README): a trained Keras model, its
/// calibration and evaluation sets, Keras's float outputs, and what the TensorFlow Lite
/// converter's int8 model gave on TensorFlow Lite Micro.
struct QuantizationFixture: Sendable, CustomStringConvertible {
    let name: String
    let classification: Bool
    let floatAccuracy: Double
    let tfAccuracy: Double
    let tfSQNR: Double

    var description: String { name }

    static let directory = RepositoryPaths.fixtures("quantization")

    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    static let all: [QuantizationFixture] = {
        guard let data = FileManager.default.contents(atPath: path("manifest.json")),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let models = root["models"] as? [[String: Any]] else { return [] }
        return models.compactMap { entry in
            guard let name = entry["name"] as? String else { return nil }
            return QuantizationFixture(name: name, classification: entry["task"] as? String == "classification",
                                       floatAccuracy: entry["float_accuracy"] as? Double ?? 0,
                                       tfAccuracy: entry["tf_int8_accuracy"] as? Double ?? 0,
                                       tfSQNR: entry["tf_int8_sqnr_db"] as? Double ?? 0)
        }
    }()

    static func named(_ name: String) -> QuantizationFixture? { all.first { $0.name == name } }

    func array(_ suffix: String) throws -> NpyArray {
        try NpyArray(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path("\(name).\(suffix)")))))
    }

    var modelPath: String { Self.path("\(name).keras") }

    /// Imports and canonicalizes the model, and splits a set into samples.
    func graphAndSamples(_ suffix: String) throws -> (Graph, [[[Float]]]) {
        let graph = try Compiler.importFloatGraph(modelPath)
        return (graph, try FloatRunner.samples(graph, [try array(suffix)]))
    }

    static func sqnr(_ reference: [Float], _ test: [Float]) -> Double {
        var signal = 0.0, noise = 0.0
        for (a, b) in zip(reference, test) {
            signal += Double(a) * Double(a)
            noise += (Double(a) - Double(b)) * (Double(a) - Double(b))
        }
        return noise == 0 ? .infinity : 10 * log10(signal / noise)
    }

    /// Share of rows whose argmax is the label.
    static func accuracy(_ outputs: [Float], labels: [Float]) -> Double {
        let classes = outputs.count / max(1, labels.count)
        var correct = 0
        for (row, label) in labels.enumerated() {
            let slice = outputs[(row * classes)..<((row + 1) * classes)]
            if let best = slice.indices.max(by: { slice[$0] < slice[$1] }), best - row * classes == Int(label) { correct += 1 }
        }
        return Double(correct) / Double(max(1, labels.count))
    }
}
