import KingletIR
import KingletPasses

/// Runs the compression stages a compile asks for on the float graph, in the order that
/// lets each see the previous one's result: low-rank decomposition (fewer, smaller
/// matrices), channel pruning (whole channels out of the smaller layers), magnitude pruning
/// (zeros inside what is left), weight clustering (shared values for what is left), and
/// measures the model after each.
public enum CompressionPipeline {
    public struct Result: Sendable {
        public var graph: Graph
        /// "float model" first, then one per stage that ran.
        public var stages: [CompressionStage] = []
        public var lowRank: [LowRankDecomposition.Decision] = []
        public var channels: [ChannelPruning.Decision] = []
        public var pruning: [MagnitudePruning.Decision] = []
        public var allocation: SparsityAllocation?
        public var clustering: [WeightClustering.Decision] = []
        /// The clustered filters by tensor name: every fine-tuning after clustering keeps them.
        public var clusters: [String: WeightClusters] = [:]
        /// Stages whose pruned layers (or their consumers) took the removed weights' mean
        /// contribution into their biases.
        public var biasCorrected: [String] = []
        /// With `bias=auto`: per stage, the float SQNR against the model before the stage on
        /// calibration samples without and with the correction.
        public var biasCorrection: [(stage: String, without: Double, with: Double)] = []
        /// One record per fine-tuning run, in order.
        public var fineTuning: [FineTuningRecord] = []
        /// Activation ranges learned by quantization-aware training, by tensor name.
        public var learnedRanges: [String: ClosedRange<Float>]?
        /// The calibration method QAT's ranges started from, and how training moved them.
        public var learnedRangesStart: (method: CalibrationMethod, update: RangeUpdate)?
        /// The original float model's outputs on the measurement samples (nil without stages),
        /// which the written model's stage is measured against too.
        var reference: FloatReference?
    }

    /// `samples` (and `labels`) are what each stage is measured on, against `graph`.
    public static func run(_ graph: Graph, _ options: CompressionOptions, calibration: [[[Float]]],
                           samples: [[[Float]]], labels: [Int]?, file: String?,
                           progress: ((String) -> Void)? = nil,
                           training: ((String, TrainingProgress) -> Void)? = nil) throws -> Result {
        var result = Result(graph: graph)
        guard !options.isEmpty else { return result }
        let reference = try FloatReference(graph: graph, samples: samples)
        result.reference = reference
        func measure(_ name: String) throws {
            result.stages.append(try CompressionStage.measure(name, result.graph, reference: reference,
                                                              samples: samples, labels: labels))
        }
        func pass(_ body: () throws -> Void) throws {
            do {
                try body()
                try Pipeline([RemoveDeadOperators()]).run(&result.graph)
            } catch let error as CompilerError {
                throw error
            } catch {
                throw CompilerError(file: file, "\(error)")
            }
        }
        try measure("float model")
        // Bias correction after pruning and the ranges QAT starts from are judged on
        // calibration samples, never on the evaluation samples.
        let judgeSamples = Array(calibration.prefix(64))
        let tuner = try options.fineTuning.map { try FineTuner($0, teacher: $0.teacher ?? graph, file: file) }
        /// Retrains the graph after `stage` when fine-tuning is on, and measures it again.
        func fineTune(after stage: String) throws {
            guard let tuner else { return }
            progress?("fine-tuning after \(stage)")
            let (tuned, record, _) = try tuner.run(result.graph, stage: stage, clusters: result.clusters, progress: training)
            result.graph = tuned
            result.fineTuning.append(record)
            try measure("\(stage) + fine-tuning")
        }
        /// Quantization-aware training last, from ranges calibrated on the graph it starts with.
        func trainQuantizationAware() throws {
            guard let tuner, tuner.fineTuning.quantizationAware else { return }
            progress?("quantization-aware training")
            let int4Filters = Set(try options.weightBits.int4Operators(result.graph, file: file).map { result.graph.operators[$0].inputs[1] })
            let start = try tuner.startingRanges(result.graph, samples: judgeSamples, int4Filters: int4Filters)
            let (tuned, record, ranges) = try tuner.run(result.graph, stage: FineTuningRecord.quantizationAware,
                                                        simulatedRanges: start.ranges, update: start.update,
                                                        clusters: result.clusters, int4Filters: int4Filters, progress: training)
            result.learnedRangesStart = (start.method, start.update)
            result.graph = tuned
            result.fineTuning.append(record)
            result.learnedRanges = ranges
            try measure(FineTuningRecord.quantizationAware)
        }
        if options.hasLowRank {
            progress?("low-rank decomposition")
            var decomposition = LowRankDecomposition(policy: options.lowRank ?? .energy(1), perLayer: options.lowRankPerLayer)
            try pass { try decomposition.decompose(&result.graph) }
            result.lowRank = decomposition.decisions
            try measure("low-rank")
            try fineTune(after: "low-rank")
        }
        // Bias correction after pruning is judged on calibration samples against the model
        // before the stage (auto), never on the evaluation samples.
        func chooseCorrection(_ stage: String, before: Graph, plain: Graph, corrected: Graph) throws -> Graph {
            var keep = options.pruningBiasCorrection == .on
            if options.pruningBiasCorrection == .auto {
                let judge = try FloatReference(graph: before, samples: judgeSamples)
                let without = FloatReference.sqnr(judge.outputs, try FloatReference(graph: plain, samples: judgeSamples).outputs)
                let with = FloatReference.sqnr(judge.outputs, try FloatReference(graph: corrected, samples: judgeSamples).outputs)
                result.biasCorrection.append((stage, without, with))
                keep = with > without
            }
            if keep { result.biasCorrected.append(stage) }
            return keep ? corrected : plain
        }
        if options.hasChannelPruning {
            progress?("channel pruning")
            let before = result.graph
            var pruning = ChannelPruning(fraction: options.channels ?? 0, criterion: options.channelCriterion,
                                         perLayer: options.channelsPerLayer, batchNormGammas: options.batchNormGammas)
            try pass { try pruning.prune(&result.graph) }
            result.channels = pruning.decisions
            if options.pruningBiasCorrection != .off && result.channels.contains(where: { !$0.removedChannels.isEmpty }) {
                progress?("channel pruning: bias compensation")
                let means = try Calibrator.record(before, samples: judgeSamples, histograms: false).channelMeans
                var compensating = ChannelPruning(fraction: options.channels ?? 0, criterion: options.channelCriterion,
                                                  perLayer: options.channelsPerLayer, batchNormGammas: options.batchNormGammas,
                                                  inputMeans: means)
                var corrected = before
                try compensating.prune(&corrected)
                try Pipeline([RemoveDeadOperators()]).run(&corrected)
                result.graph = try chooseCorrection("channel pruning", before: before, plain: result.graph, corrected: corrected)
            }
            try measure("channel pruning")
            try fineTune(after: "channel pruning")
        }
        /// One-shot magnitude pruning, with bias correction where it helps, and fine-tuning.
        func pruneOnce(perLayer: [String: Double], globalSparsity: Double?) throws {
            progress?("magnitude pruning")
            var pruning = MagnitudePruning(sparsity: globalSparsity, perLayer: perLayer, scale: options.magnitudeScale)
            let unpruned = result.graph
            try pass { try pruning.prune(&result.graph) }
            result.pruning = pruning.decisions
            if options.pruningBiasCorrection != .off && result.pruning.contains(where: \.applied) {
                progress?("magnitude pruning: bias correction")
                let means = try Calibrator.record(unpruned, samples: judgeSamples, histograms: false).channelMeans
                var corrected = result.graph
                PruningBiasCorrection.correct(original: unpruned, pruned: &corrected, inputMeans: means)
                result.graph = try chooseCorrection("magnitude pruning", before: unpruned, plain: result.graph, corrected: corrected)
            }
            try measure("magnitude pruning")
            try fineTune(after: "magnitude pruning")
        }
        if options.hasPruning {
            var perLayer = options.sparsityPerLayer
            var globalSparsity = options.sparsity
            if let budget = options.sparsityBudget {
                progress?("sparsity budget: measuring each layer's sensitivity")
                let allocation = try SparsityAllocation.choose(
                    result.graph, budget: budget, explicit: perLayer, scale: options.magnitudeScale,
                    samples: Array(calibration.prefix(64)), judgeSamples: judgeSamples, file: file, progress: progress)
                if allocation.usesGlobalThreshold { globalSparsity = allocation.globalSparsity }
                result.allocation = allocation
                if !allocation.usesGlobalThreshold {
                    perLayer = allocation.sparsities.merging(perLayer) { _, explicit in explicit }
                }
            }
            let steps = options.pruningSteps
            if steps > 1 {
                // Gradual pruning: each step raises the sparsity on the cubic schedule and
                // fine-tunes; weights pruned earlier are the smallest (zero) and stay pruned.
                var decisions: [MagnitudePruning.Decision] = []
                // Layers that pruning at the final setting would leave dense (below 50 %
                // zeros) stay dense at every step.
                var dryRun = MagnitudePruning(sparsity: globalSparsity, perLayer: perLayer, scale: options.magnitudeScale)
                var probe = result.graph
                try pass { try dryRun.prune(&probe) }
                for decision in dryRun.decisions where !decision.applied { perLayer[decision.layer] = 0 }
                for k in 1...steps {
                    let scaled = { (s: Double) in FineTuning.sparsity(step: k, of: steps, final: s) }
                    progress?("magnitude pruning, step \(k) of \(steps): sparsity \(Int((scaled(globalSparsity ?? 0) * 100).rounded())) %")
                    var pruning = MagnitudePruning(sparsity: globalSparsity.map(scaled),
                                                   perLayer: perLayer.mapValues(scaled), scale: options.magnitudeScale)
                    pruning.minimumSparsity = 0
                    try pass { try pruning.prune(&result.graph) }
                    decisions = pruning.decisions
                    if k < steps, let tuner {
                        let (tuned, record, _) = try tuner.run(result.graph, stage: "pruning step \(k) of \(steps)", progress: training)
                        result.graph = tuned
                        result.fineTuning.append(record)
                    }
                }
                result.pruning = decisions
                try measure("magnitude pruning")
                try fineTune(after: "magnitude pruning")
            } else {
                try pruneOnce(perLayer: perLayer, globalSparsity: globalSparsity)
            }
        }
        if options.hasClustering {
            progress?("weight clustering")
            var clustering = WeightClustering(clusters: options.clusters, perLayer: options.clustersPerLayer,
                                              scope: options.clusterScope, initialization: options.clusterInitialization,
                                              seed: options.clusterSeed)
            try pass { try clustering.cluster(&result.graph) }
            result.clustering = clustering.decisions
            result.clusters = clustering.clustered
            try measure("weight clustering")
            try fineTune(after: "weight clustering")
        }
        if !options.hasLowRank && !options.hasChannelPruning && !options.hasPruning && !options.hasClustering
            && options.fineTuning?.quantizationAware != true {
            try fineTune(after: "float model")
        }
        try trainQuantizationAware()
        return result
    }
}
