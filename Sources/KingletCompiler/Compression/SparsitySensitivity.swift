import Foundation
import KingletIR
import KingletPasses

/// How much magnitude pruning of each layer alone costs: for every prunable CONV_2D,
/// DEPTHWISE_CONV_2D and FULLY_CONNECTED and a ladder of sparsities, that layer alone is
/// pruned and the float model's output SQNR against the unpruned one measured (and accuracy
/// with labels). `kinglet analyze --sensitivity` prints it; `--prune auto=BUDGET` chooses
/// per-layer sparsities from it (`SparsityAllocation`).
public struct SparsitySensitivity: Sendable {
    public static let levels: [Double] = [0.5, 0.7, 0.8, 0.9, 0.95]

    /// The sparsities measured, one per column.
    public let levels: [Double]

    public struct Layer: Sendable {
        public let name: String
        public let kind: String
        public let weights: Int
        /// Per level: output SQNR (dB) and accuracy.
        public let outputSQNR: [Double]
        public let accuracy: [Double?]
    }

    public let layers: [Layer]

    public static func measure(_ graph: Graph, samples: [[[Float]]], labels: [Int]?, levels: [Double] = levels,
                               progress: ((String) -> Void)? = nil) throws -> SparsitySensitivity {
        let reference = try FloatReference(graph: graph, samples: samples)
        var layers: [Layer] = []
        for (opIndex, filter) in MagnitudePruning.prunableLayers(graph) {
            let op = graph.operators[opIndex]
            progress?("sparsity sensitivity: layer \(op.name)")
            var sqnr: [Double] = [], accuracy: [Double?] = []
            for level in levels {
                var trial = graph
                try MagnitudePruning(sparsity: nil, perLayer: [op.name: level]).run(&trial)
                let outputs = try FloatReference(graph: trial, samples: samples).outputs
                sqnr.append(FloatReference.sqnr(reference.outputs, outputs))
                accuracy.append(labels.map { FloatReference.accuracy(outputs, labels: $0) })
            }
            layers.append(Layer(name: op.name, kind: op.kind.name, weights: graph.tensors[filter].elementCount,
                                outputSQNR: sqnr, accuracy: accuracy))
        }
        return SparsitySensitivity(levels: levels, layers: layers)
    }

    public func text() -> String {
        let hasAccuracy = layers.contains { $0.accuracy.contains { $0 != nil } }
        var lines = ["  magnitude pruning, one layer at a time: output SQNR vs the unpruned model (dB)" + (hasAccuracy ? ", accuracy" : "")
                     + String(format: "; int8 weight bytes at sparsity s: N·(1/8 + 1 − s), e.g. %.3f× at 50%%", 0.625)]
        lines.append("  " + "layer".rightPadded(34) + " weights | "
                     + levels.map { String(format: "sparsity %2.0f%%", 100 * $0).rightPadded(hasAccuracy ? 18 : 12) }.joined(separator: " | "))
        for layer in layers {
            let cells = layer.outputSQNR.indices.map { i -> String in
                var cell = "\(QuantizationReport.decibels(layer.outputSQNR[i])) dB"
                if let a = layer.accuracy[i] { cell += String(format: " %.1f%%", 100 * a) }
                return cell.rightPadded(hasAccuracy ? 18 : 12)
            }
            let name = "\(layer.kind) \(layer.name)"
            lines.append("  \(name.count > 34 ? String(name.prefix(34)) : name.rightPadded(34)) \(String(layer.weights).leftPadded(7)) | " + cells.joined(separator: " | "))
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> [[String: Any]] {
        layers.map { layer in
            ["name": layer.name, "kind": layer.kind, "weights": layer.weights,
             "points": levels.indices.map { i -> [String: Any] in
                 ["sparsity": levels[i], "output_sqnr_db": layer.outputSQNR[i].isFinite ? layer.outputSQNR[i] : 999,
                  "accuracy": layer.accuracy[i].map { $0 as Any } ?? NSNull()]
             }]
        }
    }
}
