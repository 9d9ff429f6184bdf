import Foundation
import KingletCompiler
import KingletIO
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
