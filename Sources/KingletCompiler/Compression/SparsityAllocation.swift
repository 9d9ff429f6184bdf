import Foundation
import KingletFormat
import KingletIR
import KingletPasses

/// `--prune auto=BUDGET`: per-layer sparsities that bring the int8 weight bytes within a
/// budget with the least loss. From each layer's measured sensitivity (SparsitySensitivity),
/// a greedy search repeatedly takes the step (one layer one level up the ladder) that adds
/// the least output noise per byte saved, where a layer pruned alone to SQNR q adds noise
/// 10^(−q/10) relative to the signal and noises of different layers add; once within the
/// budget it gives back the affordable steps that remove the most noise. The per-layer noise
/// model is an approximation, so the pipeline also tries the one global threshold that fits
/// and keeps whichever measures better.
public struct SparsityAllocation: Sendable {
    public enum Budget: Sendable, Hashable, CustomStringConvertible {
        /// Int8 weight bytes.
        case bytes(Int)
        /// A fraction of the dense int8 weight bytes.
        case fraction(Double)

        public var description: String {
            switch self {
            case .bytes(let b): "\(b) B"
            case .fraction(let f): "\(f) of the dense int8 weights"
            }
        }
    }

    /// Layer name → chosen sparsity, for the layers pruned.
    public var sparsities: [String: Double]
    /// The global-threshold alternative: the smallest sparsity whose weights fit, and the
    /// float SQNR of each candidate against the unpruned model on calibration samples; the
    /// pipeline keeps the better candidate (`usesGlobalThreshold`).
    public var globalSparsity: Double?
    public var perLayerSQNR: Double?
    public var globalSQNR: Double?
    public var usesGlobalThreshold = false
    public let denseBytes: Int
    public let budgetBytes: Int
    /// Estimated int8 weight bytes with these sparsities.
    public var estimatedBytes: Int
    public let sensitivity: SparsitySensitivity

    /// The ladder of sparsities a layer can take: from SparseEncoding.minimumZeroFraction,
    /// below which a filter is stored dense and pruning would not shrink it.
    public static let ladder: [Double] = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]

    /// `explicit`: per-layer sparsities the user set (kept as they are); `samples` measure
    /// the sensitivity, `judgeSamples` compare the per-layer choice with the global threshold.
    static func choose(_ graph: Graph, budget: Budget, explicit: [String: Double] = [:],
                       scale: MagnitudePruning.Scale = .raw, samples: [[[Float]]], judgeSamples: [[[Float]]],
                       file: String?, progress: ((String) -> Void)?) throws -> SparsityAllocation {
        var allocation = try perLayer(graph, budget: budget, samples: samples, file: file, progress: progress)
        // The alternative: the smallest global threshold that fits the same budget.
        func pruned(_ sparsity: Double?, _ perLayer: [String: Double]) throws -> Graph {
            var trial = graph
            try MagnitudePruning(sparsity: sparsity, perLayer: perLayer, scale: scale).run(&trial)
            return trial
        }
        func fits(_ s: Double) throws -> Bool {
            CompressionStage.weights(try pruned(s, explicit)).bytes <= allocation.budgetBytes
        }
        guard try fits(0.99) else { return allocation }
        var low = 0.0, high = 0.99
        for _ in 0..<12 {
            let middle = (low + high) / 2
            if try fits(middle) { high = middle } else { low = middle }
        }
        let judge = try FloatReference(graph: graph, samples: judgeSamples)
        let byLayer = try pruned(nil, allocation.sparsities.merging(explicit) { _, e in e })
        let global = try pruned(high, explicit)
        allocation.perLayerSQNR = FloatReference.sqnr(judge.outputs, try FloatReference(graph: byLayer, samples: judgeSamples).outputs)
        allocation.globalSQNR = FloatReference.sqnr(judge.outputs, try FloatReference(graph: global, samples: judgeSamples).outputs)
        allocation.globalSparsity = high
        if allocation.globalSQNR! > allocation.perLayerSQNR! {
            allocation.usesGlobalThreshold = true
            allocation.estimatedBytes = CompressionStage.weights(global).bytes
        }
        return allocation
    }

    /// The greedy per-layer choice alone.
    static func perLayer(_ graph: Graph, budget: Budget, samples: [[[Float]]], file: String?,
                         progress: ((String) -> Void)?) throws -> SparsityAllocation {
        let levels = ladder
        let sensitivity = try SparsitySensitivity.measure(graph, samples: samples, labels: nil, levels: levels, progress: progress)
        let dense = CompressionStage.weights(graph).bytes
        let target: Int
        switch budget {
        case .bytes(let b): target = b
        case .fraction(let f): target = Int((Double(dense) * f).rounded(.down))
        }
        // Bytes of a filter of n weights at a level, as the writer stores it (dense at -1).
        func bytes(_ n: Int, _ level: Int) -> Int {
            level < 0 ? n : SparseEncoding.filterBytes(count: n, nonzeros: n - Int(levels[level] * Double(n)))
        }
        func noise(_ layer: SparsitySensitivity.Layer, _ level: Int) -> Double {
            guard level >= 0 else { return 0 }
            let q = layer.outputSQNR[level]
            return q.isInfinite ? 0 : pow(10, -q / 10)
        }
        let layers = sensitivity.layers
        var chosen = [Int](repeating: -1, count: layers.count)
        var total = dense
        // Marginal steps (one level at a time), cheapest noise per byte first, until it fits...
        while total > target {
            var best: (layer: Int, cost: Double, saved: Int)?
            for (i, layer) in layers.enumerated() where chosen[i] + 1 < levels.count {
                let saved = bytes(layer.weights, chosen[i]) - bytes(layer.weights, chosen[i] + 1)
                guard saved > 0 else { continue }
                let cost = max(0, noise(layer, chosen[i] + 1) - noise(layer, chosen[i])) / Double(saved)
                if best == nil || cost < best!.cost { best = (i, cost, saved) }
            }
            guard let step = best else {
                throw CompilerError(file: file, "--prune auto: the budget of \(target) B int8 weight bytes is out of reach; pruning every layer to \(Int(100 * levels.last!))% leaves \(total) B (dense: \(dense) B)")
            }
            chosen[step.layer] += 1
            total -= step.saved
        }
        // ...then give back the steps that the budget can still afford, most noise first.
        while true {
            var best: (layer: Int, gain: Double, cost: Int)?
            for (i, layer) in layers.enumerated() where chosen[i] >= 0 {
                let cost = bytes(layer.weights, chosen[i] - 1) - bytes(layer.weights, chosen[i])
                guard total + cost <= target else { continue }
                let gain = noise(layer, chosen[i]) - noise(layer, chosen[i] - 1)
                if best == nil || gain > best!.gain { best = (i, gain, cost) }
            }
            guard let step = best, step.gain > 0 else { break }
            chosen[step.layer] -= 1
            total += step.cost
        }
        var sparsities: [String: Double] = [:]
        for (i, layer) in layers.enumerated() where chosen[i] >= 0 {
            sparsities[layer.name] = levels[chosen[i]]
        }
        return SparsityAllocation(sparsities: sparsities, denseBytes: dense, budgetBytes: target,
                                  estimatedBytes: total, sensitivity: sensitivity)
    }
}
