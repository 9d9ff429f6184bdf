import KingletIR
import KingletPasses

/// The shapes of a model the export tests write: as imported from Keras, canonicalized, and
/// changed by the compression passes (architectures the original Keras file does not have).
enum GraphForm: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The importer's literal translation (BatchNormalization, separate activations, IDENTITY).
    case imported
    /// After the canonicalization passes (folded BatchNormalization, fused activations).
    case canonical
    /// Canonical, then each Dense and Conv2D split into two by a truncated SVD where it saves
    /// parameters (layer names like "dense/low_rank").
    case lowRank = "low_rank"
    /// Canonical, then a quarter of the channels of each prunable layer group removed.
    case channelPruned = "channel_pruned"

    var description: String { rawValue }

    /// The graph in this form; nil when the pass leaves the canonical graph unchanged, so
    /// the form adds nothing to test.
    func apply(to imported: Graph) throws -> Graph? {
        if self == .imported { return imported }
        var graph = imported
        try Pipeline(Canonicalization.passes).run(&graph)
        switch self {
        case .imported, .canonical:
            return graph
        case .lowRank:
            var pass = LowRankDecomposition(policy: .parameters(0.5))
            try pass.decompose(&graph)
            try graph.verify()
            return pass.decisions.contains(where: \.applied) ? graph : nil
        case .channelPruned:
            var pass = ChannelPruning(fraction: 0.25)
            try pass.prune(&graph)
            try graph.verify()
            return pass.decisions.contains(where: { $0.channelsAfter < $0.channelsBefore }) ? graph : nil
        }
    }
}
