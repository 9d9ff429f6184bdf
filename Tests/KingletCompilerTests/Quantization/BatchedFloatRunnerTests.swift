import Foundation
import KingletCompiler
import KingletIR
import Testing

/// Calibration and the float reference run the batched training engine; it must give what the
/// float interpreter gives (to float32 precision), observe the same tensors in the same order,
/// and give each sample the same bits whatever batch it runs in.
@Suite struct BatchedFloatRunnerTests {
    /// Sample → (tensor, values) in observation order.
    static func observations(_ runner: BatchedFloatRunner, _ samples: [[[Float]]]) throws
        -> (outputs: [[[Float]]], seen: [[(tensor: Int, values: [Float])]]) {
        var seen = [[(tensor: Int, values: [Float])]](repeating: [], count: samples.count)
        let outputs = try runner.run(samples) { sample, tensor, values in seen[sample].append((tensor, values)) }
        return (outputs, seen)
    }

    /// |a − b| ≤ 1e-5 · the largest |b| of the tensor: float32 sums against the interpreter's
    /// Double sums. Prints the worst element of a mismatch.
    static func expectClose(_ a: [Float], _ b: [Float], _ what: String) {
        #expect(a.count == b.count, "\(what): \(a.count) values, the interpreter \(b.count)")
        let scale = max(b.map { abs($0) }.max() ?? 0, Float.leastNormalMagnitude)
        var worst = (index: -1, error: Float(0))
        for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > worst.error {
            worst = (i, abs(x - y))
        }
        #expect(worst.error <= 1e-5 * scale,
                "\(what): element \(worst.index): batched \(worst.index >= 0 ? a[worst.index] : 0), interpreter \(worst.index >= 0 ? b[worst.index] : 0), tensor scale \(scale)")
    }

    @Test(arguments: ["digits_cnn", "digits_resnet8", "digits_dscnn", "digits_mobilenet", "wine_mlp", "autoencoder_fc"])
    func matchesTheInterpreter(name: String) throws {
        let fixture = try #require(QuantizationFixture.named(name))
        let (graph, all) = try fixture.graphAndSamples("calibration.npy")
        let samples = Array(all.prefix(24))
        let batched = try BatchedFloatRunner(graph: graph)
        #expect(batched.isBatched, "\(name): the batched engine refused the graph")
        let reference = try BatchedFloatRunner(graph: graph, batched: false)
        #expect(!reference.isBatched)
        let ours = try Self.observations(batched, samples)
        let theirs = try Self.observations(reference, samples)
        #expect(ours.outputs.count == samples.count)
        for s in samples.indices {
            #expect(ours.seen[s].map(\.tensor) == theirs.seen[s].map(\.tensor), "\(name) sample \(s): observed tensors differ")
            for (x, y) in zip(ours.seen[s], theirs.seen[s]) where x.tensor == y.tensor {
                Self.expectClose(x.values, y.values, "\(name) sample \(s) tensor \(x.tensor) '\(graph.tensors[x.tensor].name)'")
            }
            #expect(ours.outputs[s].count == graph.outputs.count)
            for (o, (x, y)) in zip(ours.outputs[s], theirs.outputs[s]).enumerated() {
                Self.expectClose(x, y, "\(name) sample \(s) output \(o)")
            }
        }
    }

    /// The k-fold records rely on it: a sample's values do not depend on its batch.
    @Test func samplesGetTheSameBitsInAnyBatch() throws {
        let fixture = try #require(QuantizationFixture.named("digits_resnet8"))
        let (graph, all) = try fixture.graphAndSamples("calibration.npy")
        let samples = Array(all.prefix(11))
        let runner = try BatchedFloatRunner(graph: graph)
        let together = try Self.observations(runner, samples)
        for s in [0, 5, 10] {
            let alone = try Self.observations(runner, [samples[s]])
            #expect(alone.outputs[0] == together.outputs[s], "sample \(s) output")
            #expect(alone.seen[0].map(\.tensor) == together.seen[s].map(\.tensor))
            for (x, y) in zip(alone.seen[0], together.seen[s]) {
                #expect(x.values == y.values, "sample \(s) tensor \(x.tensor)")
            }
        }
        let pair = try runner.run([samples[3], samples[7]])
        #expect(pair[0] == together.outputs[3] && pair[1] == together.outputs[7])
    }

    /// A sample of the wrong size fails with the interpreter's message and its index.
    @Test func aWrongSampleNamesItsIndex() throws {
        let fixture = try #require(QuantizationFixture.named("digits_cnn"))
        let (graph, all) = try fixture.graphAndSamples("calibration.npy")
        let runner = try BatchedFloatRunner(graph: graph)
        var samples = Array(all.prefix(4))
        samples[2][0].removeLast()
        do {
            _ = try runner.run(samples)
            Issue.record("a short sample was accepted")
        } catch {
            #expect(error.sample == 2)
            #expect(error.description.contains("needs \(graph.tensors[graph.inputs[0]].elementCount) values"), "\(error)")
        }
    }

    @Test func batchesStayUnderTheMemoryBudget() throws {
        let fixture = try #require(QuantizationFixture.named("digits_resnet8"))
        let (graph, _) = try fixture.graphAndSamples("calibration.npy")
        let runner = try BatchedFloatRunner(graph: graph)
        let perSample = (graph.inputs + graph.operators.map { $0.outputs[0] }).reduce(0) { $0 + graph.tensors[$1].elementCount }
        #expect(runner.batchSize >= 1 && runner.batchSize * perSample * 4 <= 256 << 20)
    }
}
