import Foundation
import KingletImport
import KingletIO
import KingletIR
import KingletPasses
import KingletTestSupport
import Testing
@testable import KingletTrain

/// The training engine against gradients real TensorFlow computed (Tests/Fixtures/train,
/// made by make_gradient_fixtures.py): for each tiny Keras model, the output, d/dx and
/// d/dθ of Σ y·dy, and for training-mode BatchNormalization the moved statistics.
@Suite struct TensorFlowGradientTests {
    static let directory = RepositoryPaths.fixtures("train")

    /// Cases whose layers training does not differentiate yet: the graph must refuse them.
    static let unsupported: Set<String> = []
    /// Cases the Keras importer refuses (grouped Conv2D), so training never sees them.
    static let notImported: Set<String> = ["conv2d_groups"]

    static var cases: [String] {
        guard let bytes = try? Array(Data(contentsOf: directory.appendingPathComponent("manifest.json"))),
              let manifest = try? JSONValue(parsing: bytes), let cases = manifest["cases"]?.array else { return [] }
        return cases.compactMap { $0["name"]?.string }
    }

    static func manifestCase(_ name: String) throws -> JSONValue {
        let manifest = try JSONValue(parsing: Array(Data(contentsOf: directory.appendingPathComponent("manifest.json"))))
        return try #require(manifest["cases"]?.array?.first { $0["name"]?.string == name })
    }

    static func npy(_ file: String) throws -> NpyArray {
        try NpyArray(decoding: Array(Data(contentsOf: directory.appendingPathComponent(file))))
    }

    /// A TensorFlow gradient in Keras's variable layout, in the IR constant's layout.
    static func irLayout(_ values: [Float], kerasShape shape: [Int], layerClass: String, variable: String) -> [Float] {
        func transposed(_ permutation: [Int]) -> [Float] {
            var strides = [Int](repeating: 1, count: shape.count)
            for a in stride(from: shape.count - 2, through: 0, by: -1) { strides[a] = strides[a + 1] * shape[a + 1] }
            let outShape = permutation.map { shape[$0] }
            var result = [Float](repeating: 0, count: values.count)
            for n in result.indices {
                var rest = n, source = 0
                for a in stride(from: outShape.count - 1, through: 0, by: -1) {
                    source += (rest % outShape[a]) * strides[permutation[a]]
                    rest /= outShape[a]
                }
                result[n] = values[source]
            }
            return result
        }
        guard variable == "kernel" || variable == "pointwise_kernel" else { return values }
        switch (layerClass, shape.count) {
        case ("Dense", 2): return transposed([1, 0])
        case ("Conv2D", 4), ("SeparableConv2D", 4): return transposed([3, 0, 1, 2])
        case ("Conv1D", 3): return transposed([2, 0, 1])
        case ("Conv2DTranspose", 4): return transposed([2, 0, 1, 3])
        default: return values
        }
    }

    static func expectClose(_ actual: [Float], _ expected: [Float], _ what: String) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) values, TensorFlow \(expected.count)")
        guard actual.count == expected.count else { return }
        let scale = max(1, expected.map { abs($0) }.max() ?? 0)
        let worst = zip(actual, expected).enumerated().max { abs($0.1.0 - $0.1.1) < abs($1.1.0 - $1.1.1) }
        if let worst {
            let error = abs(worst.element.0 - worst.element.1)
            #expect(error <= 1e-4 * scale, "\(what)[\(worst.offset)]: \(worst.element.0), TensorFlow \(worst.element.1) (scale \(scale))")
        }
    }

    @Test func manifestListsTheCases() {
        #expect(Self.cases.count >= 50)
    }

    @Test(arguments: cases)
    func layerGradientsMatchTensorFlow(_ name: String) throws {
        let entry = try Self.manifestCase(name)
        let bytes = try Array(Data(contentsOf: Self.directory.appendingPathComponent("\(name).keras")))
        if Self.notImported.contains(name) {
            #expect(throws: ImportError.self) { try KerasImporter.importModel(bytes) }
            return
        }
        var graph = try KerasImporter.importModel(bytes)
        // SeparableConv2D trains as its two halves, as `kinglet train` prepares it.
        try Pipeline([SplitSeparableConv2D()]).run(&graph)
        if Self.unsupported.contains(name) {
            #expect(throws: TrainingError.self) { try TrainingGraph(graph: graph) }
            return
        }
        let model = try TrainingGraph(graph: graph)
        let training = entry["mode"]?.string == "train"
        let inputCount = entry["inputs"]?.int ?? 1
        let inputFiles = inputCount == 1 ? ["x"] : (0..<inputCount).map { "x\($0)" }
        let inputs = try inputFiles.map { try Self.npy("\(name).\($0).npy").float32Values() }
        let batch = try Self.npy("\(name).\(inputFiles[0]).npy").shape[0]
        let pass = try model.forward(inputs, constants: model.constants, batch: batch, training: training)
        let output = graph.outputs[0]
        Self.expectClose(pass.values[output], try Self.npy("\(name).y.npy").float32Values(), "\(name) y")

        let gradients = model.backward(pass, seeds: [output: try Self.npy("\(name).dy.npy").float32Values()])
        for (i, t) in graph.inputs.enumerated() {
            let file = inputCount == 1 ? "dx" : "dx\(i)"
            Self.expectClose(gradients[t], try Self.npy("\(name).\(file).npy").float32Values(), "\(name) \(file)")
        }
        for (i, weight) in (entry["weights"]?.array ?? []).enumerated() {
            let path = try #require(weight["path"]?.string)
            let variable = try #require(weight["variable"]?.string)
            let layerClass = try #require(weight["class"]?.string)
            let shape = (weight["shape"]?.array ?? []).compactMap { $0.int }
            let tensor = try #require(graph.tensors.firstIndex { $0.name == path }, "no IR tensor named \(path)")
            #expect(model.parameters.contains(tensor), "\(path) is not trained")
            let expected = Self.irLayout(try Self.npy("\(name).grad\(i).npy").float32Values(), kerasShape: shape,
                                         layerClass: layerClass, variable: variable)
            Self.expectClose(gradients[tensor], expected, "\(name) \(path)")
        }
        if training, entry["batchnorm_update"] != nil {
            let moved = Dictionary(pass.statistics.map { ($0.tensor, $0.values) }) { a, _ in a }
            for (suffix, file) in [("moving_mean", "moving_mean"), ("moving_variance", "moving_variance")] {
                let tensor = try #require(graph.tensors.firstIndex { $0.name.hasSuffix("/\(suffix)") })
                Self.expectClose(try #require(moved[tensor]), try Self.npy("\(name).\(file).npy").float32Values(), "\(name) \(suffix)")
            }
        }
    }
}
