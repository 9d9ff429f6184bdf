import Foundation
import KingletCompiler
import KingletFormat
import KingletIO
import KingletPasses
import KingletTestSupport
import Testing

/// Issue 14 on the bundled digits CNN: fine-tuning after magnitude pruning (once, and
/// gradually), and distillation from unlabeled inputs, win back the accuracy that one-shot
/// pruning loses; pruned weights stay zero; C == Swift on the written model.
@Suite struct FineTuningPipelineTests {
    static let examples = RepositoryPaths.root.appendingPathComponent("Examples/digits")

    /// The first `count` training images of the digits example (its train_x/train_y.npy).
    static func trainingSet(_ count: Int, labels: Bool = true) throws -> TrainingSet {
        let x = try NpyArray(decoding: Array(Data(contentsOf: examples.appendingPathComponent("train_x.npy")))).floatValues()
        let y = try NpyArray(decoding: Array(Data(contentsOf: examples.appendingPathComponent("train_y.npy")))).floatValues()
        return TrainingSet(inputs: [Array(x.prefix(count * 64))], targets: labels ? Array(y.prefix(count)) : [], count: count)
    }

    static func fineTuning(_ count: Int, epochs: Int, labels: Bool = true, distill: Bool = false) throws -> FineTuning {
        var options = TrainingOptions()
        options.epochs = epochs
        options.learningRate = 0.002
        options.seed = 1
        if distill { options.distillation = Distillation(temperature: 4, alpha: 0) }
        return FineTuning(data: try trainingSet(count, labels: labels), options: options)
    }

    static func accuracy(_ report: QuantizationReport, _ stage: String) throws -> Double {
        try #require(report.stages.first { $0.name == stage }?.accuracy)
    }

    @Test func fineTuningAfterPruningWinsTheAccuracyBack() throws {
        var compression = CompressionOptions()
        compression.sparsity = 0.75
        compression.fineTuning = try Self.fineTuning(1257, epochs: 3)
        let (_, report, _) = try CompressionPipelineTests.compile("digits_cnn", compression)
        #expect(report.stages.map(\.name) == ["float model", "magnitude pruning", "magnitude pruning + fine-tuning", "int8 .kgl"])
        let pruned = try Self.accuracy(report, "magnitude pruning")
        let tuned = try Self.accuracy(report, "magnitude pruning + fine-tuning")
        let float = try Self.accuracy(report, "float model")
        #expect(tuned > pruned + 0.1 && tuned > float - 0.03, "float \(float), pruned \(pruned), fine-tuned \(tuned)")
        // The zeros pruning made are the zeros the fine-tuned model keeps.
        let stages = report.stages
        #expect(stages[2].nonzeroParameters == stages[1].nonzeroParameters)
        #expect(report.fineTuning.count == 1 && report.fineTuning[0].epochs.count == 3)
    }

    @Test func gradualPruningFineTunesBetweenSteps() throws {
        var compression = CompressionOptions()
        compression.sparsity = 0.75
        compression.pruningSteps = 3
        compression.fineTuning = try Self.fineTuning(1000, epochs: 1)
        let (_, report, _) = try CompressionPipelineTests.compile("digits_cnn", compression)
        // Steps 1 and 2 fine-tune between prunings; the last fine-tunes the final sparsity.
        #expect(report.fineTuning.map(\.stage) == ["pruning step 1 of 3", "pruning step 2 of 3", "magnitude pruning"])
        let pruned = try #require(report.stages.first { $0.name == "magnitude pruning" })
        let zeros = 1 - Double(pruned.nonzeroParameters) / Double(pruned.parameters)
        // 75 % of the prunable weights (biases are parameters too, never pruned).
        #expect(zeros > 0.7 && zeros < 0.75, "zeros \(zeros)")
        let tuned = try Self.accuracy(report, "magnitude pruning + fine-tuning")
        #expect(tuned > 0.9, "\(report.fineTuning.map(\.text)) \(tuned)")
    }

    @Test func distillationWithoutLabelsRecoversThePrunedModel() throws {
        var compression = CompressionOptions()
        compression.sparsity = 0.75
        compression.fineTuning = try Self.fineTuning(800, epochs: 2, labels: false, distill: true)
        let (_, report, _) = try CompressionPipelineTests.compile("digits_cnn", compression)
        let pruned = try Self.accuracy(report, "magnitude pruning")
        let tuned = try Self.accuracy(report, "magnitude pruning + fine-tuning")
        #expect(tuned > pruned + 0.1, "pruned \(pruned), distilled \(tuned)")
    }
}

/// Quantization-aware training on the digits CNN: it learns a range for every activation,
/// the int8 model is built on exactly those ranges, and it is measured on the int8 engine.
@Suite struct QuantizationAwareTrainingTests {
    @Test func theInt8ModelUsesTheLearnedRanges() throws {
        let fixture = try #require(QuantizationFixture.named("digits_cnn"))
        let (graph, samples) = try fixture.graphAndSamples("calibration.npy")
        var fineTuning = try FineTuningPipelineTests.fineTuning(400, epochs: 1)
        fineTuning.quantizationAware = true
        var compression = CompressionOptions()
        compression.fineTuning = fineTuning
        let compressed = try CompressionPipeline.run(graph, compression, calibration: samples, samples: samples,
                                                     labels: nil, file: nil)
        let learned = try #require(compressed.learnedRanges)
        // The graph input and every operator output.
        let activations = compressed.graph.inputs + compressed.graph.operators.map { $0.outputs[0] }
        #expect(Set(activations.map { compressed.graph.tensors[$0].name }).isSubset(of: Set(learned.keys)))

        var options = QuantizationOptions(method: nil)
        options.compression = compression
        let (kgl, report) = try QuantizingCompiler.compile(graph, calibration: samples, options: options)
        #expect(report.learnedRanges == learned.count)
        #expect(report.stages.map(\.name) == ["float model", FineTuningRecord.quantizationAware, "int8 .kgl"])
        // A convolution's int8 output scale is the one of its learned range.
        let model = try KglModel(bytes: kgl)
        let conv = try #require(compressed.graph.operators.first { $0.kind.name == "CONV_2D" })
        let name = compressed.graph.tensors[conv.outputs[0]].name
        let range = try #require(learned[name])
        let tensor = try #require(model.tensors.first { $0.name == name })
        let expected = ActivationQuantization(low: range.lowerBound, high: range.upperBound)
        #expect(tensor.scale == expected.scale && Int(tensor.zeroPoint) == expected.zeroPoint)
        #expect(try Verifier.verify(kgl, inputs: [try fixture.array("eval_x.npy")]).mismatch == nil)
    }

    /// With a clipping method (`--calibrate`), QAT starts from its ranges and keeps them: the
    /// weights learn to live with the clipping instead of the ranges drifting back to min/max.
    @Test func aClippingMethodsRangesStayFixed() throws {
        let fixture = try #require(QuantizationFixture.named("digits_cnn"))
        let (graph, samples) = try fixture.graphAndSamples("calibration.npy")
        var fineTuning = try FineTuningPipelineTests.fineTuning(300, epochs: 1)
        fineTuning.quantizationAware = true
        fineTuning.rangeMethod = .percentile(99.9)
        var compression = CompressionOptions()
        compression.fineTuning = fineTuning
        let compressed = try CompressionPipeline.run(graph, compression, calibration: samples, samples: samples,
                                                     labels: nil, file: nil)
        let start = try #require(compressed.learnedRangesStart)
        #expect(start.method == .percentile(99.9) && start.update == .fixed)
        let expected = Calibrator.ranges(try Calibrator.record(graph, samples: Array(samples.prefix(64))).statistics,
                                         method: .percentile(99.9))
        let learned = try #require(compressed.learnedRanges)
        for (t, range) in expected {
            #expect(learned[graph.tensors[t].name] == range, "\(graph.tensors[t].name)")
        }
    }
}
