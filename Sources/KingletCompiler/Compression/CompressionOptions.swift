import KingletPasses

/// How `--low-rank` picks each layer's rank; how the global magnitude threshold compares
/// weights; how channels are ranked. The CLI names them through the facade.
public typealias LowRankPolicy = LowRankDecomposition.Policy
public typealias MagnitudeScale = MagnitudePruning.Scale
public typealias ChannelCriterion = ChannelPruning.Criterion
public typealias ClusterScope = WeightClustering.Scope
public typealias ClusterInitialization = ScalarKMeans.Initialization

/// What `kinglet compile` does to a float model before quantizing it, in this order:
/// low-rank decomposition, structured (channel) pruning, unstructured (magnitude) pruning,
/// weight clustering.
public struct CompressionOptions: Sendable {
    /// Low-rank decomposition of Dense and Conv2D layers, or nil.
    public var lowRank: LowRankDecomposition.Policy?
    /// Per-layer low-rank policies (by layer name), overriding `lowRank`; they apply even
    /// without a global policy.
    public var lowRankPerLayer: [String: LowRankDecomposition.Policy] = [:]
    /// Fraction of each prunable channel group to remove, or nil.
    public var channels: Double?
    public var channelsPerLayer: [String: Double] = [:]
    /// Channel importance; by default the |gamma| of a BatchNormalization after the layer
    /// where there is one (`batchNormGammas`), else the filter's L2 norm.
    public var channelCriterion: ChannelPruning.Criterion = .batchNormGamma
    /// |gamma| per channel of layers followed by a BatchNormalization (collected before
    /// canonicalization folds it), for `channelCriterion == .batchNormGamma`.
    public var batchNormGammas: [String: [Float]] = [:]
    /// Global magnitude-pruning sparsity, or nil.
    public var sparsity: Double?
    public var sparsityPerLayer: [String: Double] = [:]
    /// Move the removed weights' mean contribution (weights × calibration input means) into
    /// the biases after each pruning stage: always, never, or (default) when it raises the
    /// float SQNR against the model before the stage on calibration samples.
    public var pruningBiasCorrection: QuantizationOptions.Switch = .auto
    /// How magnitudes compare across layers for the global threshold.
    public var magnitudeScale: MagnitudePruning.Scale = .raw
    /// Choose per-layer sparsities so the int8 weights fit this budget, from the measured
    /// sensitivity of each layer (`SparsityAllocation`).
    public var sparsityBudget: SparsityAllocation.Budget?
    /// Magnitude pruning reaches its sparsity in this many steps on the cubic schedule,
    /// each followed by fine-tuning (gradual pruning; needs `fineTuning`).
    public var pruningSteps = 1
    /// Weight clustering: codebook entries for every filter, or nil.
    public var clusters: Int?
    /// The codebook sizes clustering accepts.
    public static let clusterCounts = WeightClustering.clusterRange
    /// Per layer name, its own number of codebook entries.
    public var clustersPerLayer: [String: Int] = [:]
    public var clusterScope: ClusterScope = .tensor
    public var clusterInitialization: ClusterInitialization = .kmeansPlusPlus
    /// The seed of k-means++'s draws.
    public var clusterSeed: UInt64 = 0
    /// The bits of each layer's int8-model weights (int4 where asked); QAT simulates them.
    public var weightBits = WeightBits()
    /// Retrain after each stage (and between the steps of gradual pruning), or nil.
    public var fineTuning: FineTuning?

    public init() {}

    public var hasLowRank: Bool { lowRank != nil || !lowRankPerLayer.isEmpty }
    public var hasChannelPruning: Bool { channels != nil || !channelsPerLayer.isEmpty }
    public var hasPruning: Bool { sparsity != nil || !sparsityPerLayer.isEmpty || sparsityBudget != nil }
    public var hasClustering: Bool { clusters != nil || !clustersPerLayer.isEmpty }
    public var isEmpty: Bool { !hasLowRank && !hasChannelPruning && !hasPruning && !hasClustering && fineTuning == nil }
}
