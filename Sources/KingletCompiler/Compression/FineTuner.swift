import Foundation
import KingletIR
import KingletPasses
import KingletTrain

/// Runs one fine-tuning of a compressed float graph: pruned weights stay zero (masks),
/// removed channels stay removed (they are gone from the graph), and with distillation the
/// original model's logits are the soft targets.
struct FineTuner {
    let fineTuning: FineTuning
    let training: TrainingSet
    let validation: TrainingSet?
    let file: String?
    /// Whether the zeros of the filters stay zero (compression); plain training lets them move.
    let masks: Bool

    /// Splits off the validation samples and, when distilling, computes the teacher's logits
    /// once (the teacher does not change).
    init(_ fineTuning: FineTuning, teacher: Graph, file: String?, masks: Bool = true) throws {
        self.fineTuning = fineTuning
        self.file = file
        self.masks = masks
        var data = fineTuning.data
        if let distillation = fineTuning.options.distillation {
            var teacherOptions = fineTuning.options
            teacherOptions.distillation = nil
            do {
                let trainer = try Trainer(graph: teacher, options: teacherOptions)
                data.teacher = try trainer.logits(data)
            } catch {
                throw CompilerError(file: file, "the teacher model: \(error)")
            }
            if distillation.alpha == 0 { data.targets = [] }
        }
        (training, validation) = data.split(validation: fineTuning.validationFraction)
    }

    /// QAT's starting ranges for `graph`: those of `fineTuning.rangeMethod`, or of the
    /// automatic candidate whose simulated int8 model has the best output SQNR on `samples`
    /// (min/max on a tie). Also the method, and how training moves the ranges: learned when
    /// asked, else tracked (min/max: a moving min/max) or kept (a clipping method's ranges
    /// would drift away).
    func startingRanges(_ graph: Graph, samples: [[[Float]]], int4Filters: Set<Int> = []) throws
        -> (ranges: [Int: ClosedRange<Float>], method: CalibrationMethod, update: RangeUpdate) {
        let statistics = try Calibrator.record(graph, samples: samples, histograms: true).statistics
        let candidates = fineTuning.rangeMethod.map { [$0] } ?? QuantizationOptions.automaticCandidates
        var best: (ranges: [Int: ClosedRange<Float>], method: CalibrationMethod, sqnr: Double)?
        do {
            let model = try TrainingGraph(graph: graph)
            let data = FineTuning.trainingSet(samples, targets: [])
            for method in candidates {
                let ranges = Calibrator.ranges(statistics, method: method)
                let simulation = QuantizationSimulation(graph: graph, initial: ranges, momentum: 1, int4Filters: int4Filters)
                let sqnr = try simulation.outputSQNR(model, constants: model.constants, inputs: data.inputs, batch: data.count)
                if best == nil || sqnr > best!.sqnr { best = (ranges, method, sqnr) }
            }
        } catch {
            throw CompilerError(file: file, "quantization-aware training: \(error)")
        }
        let chosen = best!
        let update: RangeUpdate = fineTuning.learnsRanges ? .learned : chosen.method == .minMax ? .tracked : .fixed
        return (chosen.ranges, chosen.method, update)
    }

    /// The graph after fine-tuning, and the record of the run. With `simulatedRanges`, the run
    /// is quantization-aware: int8 rounding simulated, activation ranges starting there (by
    /// tensor) and learned; `ranges` then holds them by tensor name.
    func run(_ graph: Graph, stage: String, simulatedRanges: [Int: ClosedRange<Float>]? = nil, update: RangeUpdate = .tracked,
             clusters: [String: WeightClusters] = [:], int4Filters: Set<Int> = [], progress: ((String, TrainingProgress) -> Void)?) throws -> (Graph, FineTuningRecord, ranges: [String: ClosedRange<Float>]) {
        let start = Date()
        let report: (TrainingProgress) -> Void = { progress?(stage, $0) }
        var trainer: Trainer
        let history: [TrainingProgress]
        do {
            trainer = try Trainer(graph: graph, options: fineTuning.options)
            if masks { try trainer.maskZeros(of: trainer.model.parameters.filter { graph.tensors[$0].shape.count >= 2 }) }
            // Clustered filters train their shared values (read back from the graph: an
            // earlier run moved them).
            for (t, tensor) in graph.tensors.enumerated() {
                if let tied = clusters[tensor.name], let weights = tensor.floatValues { try trainer.tie(t, to: tied.reading(weights)) }
            }
            if let simulatedRanges {
                trainer.simulateQuantization(initialRanges: simulatedRanges, momentum: update == .tracked ? 0.99 : 1,
                                             learnsRanges: update == .learned, int4Filters: int4Filters)
            }
            history = try trainer.fit(training, validation: validation, progress: report)
        } catch {
            throw CompilerError(file: file, "fine-tuning after \(stage): \(error)")
        }
        var ranges: [String: ClosedRange<Float>] = [:]
        for (t, range) in trainer.simulation?.ranges ?? [:] { ranges[graph.tensors[t].name] = range }
        return (trainer.trainedGraph, FineTuningRecord(stage: stage, epochs: history, seconds: Date().timeIntervalSince(start)), ranges)
    }
}
