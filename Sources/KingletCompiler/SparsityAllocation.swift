import Foundation
import KingletIR
import KingletPasses

/// `--prune auto=BUDGET`: per-layer sparsities that bring the int8 weight bytes within a
/// budget with the least loss. From each layer's measured sensitivity (SparsitySensitivity),
/// a greedy search repeatedly takes the step (one layer to a higher sparsity level) that
/// adds the least output noise per byte saved, where a layer pruned alone to SQNR q adds
/// noise 10^(−q/10) relative to the signal, and noises of different layers add.
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
    public let sparsities: [String: Double]
    public let denseBytes: Int
    public let budgetBytes: Int
    /// Estimated int8 weight bytes with these sparsities.
    public let estimatedBytes: Int
    public let sensitivity: SparsitySensitivity

    static func choose(_ graph: Graph, budget: Budget, samples: [[[Float]]], file: String?,
                       progress: ((String) -> Void)?) throws -> SparsityAllocation {
        let sensitivity = try SparsitySensitivity.measure(graph, samples: samples, labels: nil, progress: progress)
        let dense = CompressionStage.weights(graph).bytes
        let target: Int
        switch budget {
        case .bytes(let b): target = b
        case .fraction(let f): target = Int((Double(dense) * f).rounded(.down))
        }
        let levels = SparsitySensitivity.levels
        // Bytes of a filter of n weights at sparsity s, as the writer stores it.
        func bytes(_ n: Int, _ level: Int) -> Int {
            level < 0 ? n : min(n, (n + 7) / 8 + n - Int(levels[level] * Double(n)))
        }
        func noise(_ layer: SparsitySensitivity.Layer, _ level: Int) -> Double {
            guard level >= 0 else { return 0 }
            let q = layer.outputSQNR[level]
            return q.isInfinite ? 0 : pow(10, -q / 10)
        }
        var chosen = [Int](repeating: -1, count: sensitivity.layers.count)
        var total = dense
        while total > target {
            var best: (layer: Int, level: Int, cost: Double, saved: Int)?
            for (i, layer) in sensitivity.layers.enumerated() {
                for level in (chosen[i] + 1)..<levels.count {
                    let saved = bytes(layer.weights, chosen[i]) - bytes(layer.weights, level)
                    guard saved > 0 else { continue }
                    let cost = max(0, noise(layer, level) - noise(layer, chosen[i])) / Double(saved)
                    if best == nil || cost < best!.cost { best = (i, level, cost, saved) }
                }
            }
            guard let step = best else {
                throw CompilerError(file: file, "--prune auto: the budget of \(target) B int8 weight bytes is out of reach; pruning every layer to \(Int(100 * levels.last!))% leaves \(total) B (dense: \(dense) B)")
            }
            chosen[step.layer] = step.level
            total -= step.saved
        }
        var sparsities: [String: Double] = [:]
        for (i, layer) in sensitivity.layers.enumerated() where chosen[i] >= 0 {
            sparsities[layer.name] = levels[chosen[i]]
        }
        return SparsityAllocation(sparsities: sparsities, denseBytes: dense, budgetBytes: target,
                                  estimatedBytes: total, sensitivity: sensitivity)
    }
}
