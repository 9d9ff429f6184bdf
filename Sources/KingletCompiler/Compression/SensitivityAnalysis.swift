/// `kinglet analyze --sensitivity`: what decomposing or pruning each layer alone costs.
public struct SensitivityAnalysis: Sendable {
    public let rank: RankSensitivity
    public let sparsity: SparsitySensitivity

    /// Measures both on the float model of `file` over `samples` (with accuracy when
    /// `labels` are given).
    public static func measure(_ file: ModelFile, samples: [[[Float]]], labels: [Int]?,
                               progress: ((String) -> Void)? = nil) throws -> SensitivityAnalysis {
        let graph = try file.floatGraph()
        return SensitivityAnalysis(
            rank: try RankSensitivity.measure(graph, samples: samples, labels: labels, progress: progress),
            sparsity: try SparsitySensitivity.measure(graph, samples: samples, labels: labels, progress: progress))
    }

    public func text(file: String) -> String {
        rank.text(file: file) + "\n" + sparsity.text()
    }

    public func json() -> String {
        rank.json(extra: ["sparsity": sparsity.json()])
    }
}
