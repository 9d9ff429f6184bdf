import Foundation
import KingletIR
import KingletPasses

/// How much each layer's low-rank decomposition alone costs (issue 6's sensitivity analysis,
/// rank part): for every Dense and Conv2D layer and a ladder of energy levels, the layer is
/// decomposed at that rank (where it saves parameters) and the float model's output SQNR
/// against the original measured on the given samples (and accuracy with labels), so a user
/// can see which layers tolerate a low rank.
public struct RankSensitivity: Sendable {
    public static let energies: [Double] = [0.99, 0.95, 0.9, 0.8, 0.5]

    public struct Point: Sendable {
        public let energy: Double
        public let rank: Int
        /// Parameters of the two layers; nil when this rank saves nothing (not decomposed).
        public let parameters: Int?
        public let outputSQNR: Double?
        public let accuracy: Double?
    }

    public struct Layer: Sendable {
        public let name: String
        public let kind: String
        public let parameters: Int
        public let fullRank: Int
        public let points: [Point]
    }

    public let samples: Int
    public let floatAccuracy: Double?
    public let layers: [Layer]

    public static func measure(_ graph: Graph, samples: [[[Float]]], labels: [Int]?,
                               progress: ((String) -> Void)? = nil) throws -> RankSensitivity {
        let reference = try FloatReference(graph: graph, samples: samples)
        var layers: [Layer] = []
        for (index, op) in graph.operators.enumerated() {
            guard let (weights, out, inner) = LowRankDecomposition.weightMatrix(op, graph) else { continue }
            progress?("layer \(op.name)")
            let svd = SingularValueDecomposition(weights, rows: out, columns: inner)
            var points: [Point] = []
            for energy in energies {
                let rank = LowRankDecomposition(policy: .energy(energy)).chooseRank(svd, out: out, inner: inner)
                guard rank * (out + inner) < out * inner else {
                    points.append(Point(energy: energy, rank: rank, parameters: nil, outputSQNR: nil, accuracy: nil))
                    continue
                }
                var trial = graph
                let replacement = LowRankDecomposition.replace(op, svd: svd, rank: rank, graph: &trial)
                trial.operators.replaceSubrange(index...index, with: replacement)
                let outputs = try FloatReference(graph: trial, samples: samples).outputs
                points.append(Point(energy: energy, rank: rank, parameters: rank * (out + inner),
                                    outputSQNR: FloatReference.sqnr(reference.outputs, outputs),
                                    accuracy: labels.map { FloatReference.accuracy(outputs, labels: $0) }))
            }
            layers.append(Layer(name: op.name, kind: op.kind.name, parameters: out * inner, fullRank: svd.rank, points: points))
        }
        return RankSensitivity(samples: samples.count,
                               floatAccuracy: labels.map { FloatReference.accuracy(reference.outputs, labels: $0) },
                               layers: layers)
    }

    public func text(file: String) -> String {
        var lines = ["\(file): low-rank sensitivity, one layer at a time, float model on \(samples) samples"
                     + (floatAccuracy.map { String(format: " (float accuracy %.2f%%)", 100 * $0) } ?? "")]
        lines.append("  each cell: rank, parameters kept, output SQNR vs the original (dB)" + (floatAccuracy == nil ? "" : ", accuracy"))
        lines.append("  " + "layer".padding(toLength: 28, withPad: " ", startingAt: 0) + " params  rank | "
                     + Self.energies.map { String(format: "energy %.2f", $0).padding(toLength: 26, withPad: " ", startingAt: 0) }.joined(separator: " | "))
        for layer in layers {
            let name = "\(layer.kind == "CONV_2D" ? "conv" : "dense") \(layer.name)".padding(toLength: 28, withPad: " ", startingAt: 0)
            let cells = layer.points.map { p -> String in
                guard let parameters = p.parameters, let sqnr = p.outputSQNR else {
                    return "r=\(p.rank) saves nothing".padding(toLength: 26, withPad: " ", startingAt: 0)
                }
                var cell = String(format: "r=%d %3.0f%% %5.1f dB", p.rank, 100 * Double(parameters) / Double(layer.parameters), sqnr)
                if let accuracy = p.accuracy { cell += String(format: " %.1f%%", 100 * accuracy) }
                return cell.padding(toLength: 26, withPad: " ", startingAt: 0)
            }
            lines.append("  \(name) \(String(layer.parameters).leftPadded(6)) \(String(layer.fullRank).leftPadded(5)) | " + cells.joined(separator: " | "))
        }
        return lines.joined(separator: "\n")
    }

    /// `extra`: more top-level keys (the sparsity part of the analysis).
    public func json(extra: [String: Any] = [:]) -> String {
        func number(_ value: Double?) -> Any { value.map { $0.isFinite ? $0 : 999 } ?? NSNull() }
        var object: [String: Any] = [
            "samples": samples, "float_accuracy": number(floatAccuracy),
            "layers": layers.map { layer -> [String: Any] in
                ["name": layer.name, "kind": layer.kind, "parameters": layer.parameters, "full_rank": layer.fullRank,
                 "points": layer.points.map { p -> [String: Any] in
                     ["energy": p.energy, "rank": p.rank, "parameters": p.parameters.map { $0 as Any } ?? NSNull(),
                      "output_sqnr_db": number(p.outputSQNR), "accuracy": number(p.accuracy)]
                 }]
            },
        ]
        object.merge(extra) { _, new in new }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
