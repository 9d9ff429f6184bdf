import KingletIR

/// Weight clustering: the float weights of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED
/// filters replaced by a few shared values (k-means centroids, `ScalarKMeans`), one codebook
/// per filter or per output channel. A filter with zeros (pruned) keeps them exactly: zero is
/// one of its N codebook entries and the nonzero weights share the other N − 1. With packed
/// indices (⌈log2 N⌉ bits) and a small int8 codebook the filter then needs about a quarter
/// of its int8 bytes at N = 16; `clusters` records the assignment fine-tuning keeps.
public struct WeightClustering: Sendable {
    public enum Scope: String, Sendable, CaseIterable {
        /// One codebook for the whole filter.
        case tensor
        /// One codebook per output channel.
        case channel
    }

    public struct Decision: Sendable {
        public let layer: String
        public let kind: String
        public let weights: Int
        /// Codebook entries asked for (per codebook).
        public let clusters: Int
        public let scope: Scope
        /// The most distinct values of any codebook afterwards (zero included where kept).
        public let distinctValues: Int
        public let applied: Bool
        /// Why the layer was left as it was, when it was.
        public let reason: String?
    }

    /// Entries per codebook for every layer without its own setting (nil: only `perLayer`).
    public let clusters: Int?
    public let perLayer: [String: Int]
    public let scope: Scope
    public let initialization: ScalarKMeans.Initialization
    public let seed: UInt64
    public private(set) var decisions: [Decision] = []
    /// The clustered filters by tensor name.
    public private(set) var clustered: [String: WeightClusters] = [:]

    /// Codebook sizes from 2 to 256 entries (an int8 codebook has no more values).
    public static let clusterRange = 2...256

    public init(clusters: Int?, perLayer: [String: Int] = [:], scope: Scope = .tensor,
                initialization: ScalarKMeans.Initialization = .kmeansPlusPlus, seed: UInt64 = 0) {
        self.clusters = clusters
        self.perLayer = perLayer
        self.scope = scope
        self.initialization = initialization
        self.seed = seed
    }

    public mutating func cluster(_ graph: inout Graph) throws {
        decisions = []
        clustered = [:]
        let layers = MagnitudePruning.prunableLayers(graph)
        let names = layers.map { graph.operators[$0.op].name }
        for (name, n) in perLayer {
            guard names.contains(name) else {
                throw PassError("--cluster: no CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED layer named '\(name)' (layers: \(names.joined(separator: ", ")))")
            }
            guard Self.clusterRange.contains(n) else { throw PassError("--cluster: \(n) clusters for '\(name)' must be from 2 to 256") }
        }
        if let clusters, !Self.clusterRange.contains(clusters) {
            throw PassError("--cluster: \(clusters) clusters must be from 2 to 256")
        }
        for (opIndex, filter) in layers {
            let op = graph.operators[opIndex]
            guard let n = perLayer[op.name] ?? clusters, let layout = op.kind.filterLayout else { continue }
            let tensor = graph.tensors[filter]
            let values = tensor.floatValues!
            // Codebook groups: the whole filter, or each output channel.
            var groups: [[Int]]
            switch scope {
            case .tensor:
                groups = [Array(values.indices)]
            case .channel:
                groups = [[Int]](repeating: [], count: tensor.shape[layout.outputChannelAxis])
                for i in values.indices { groups[layout.outputChannel(ofElement: i, shape: tensor.shape)].append(i) }
            }
            let keepsZeros = values.contains(0)
            var centroids: [Float] = []
            var assignment = [Int32](repeating: -1, count: values.count)
            var distinct = 0, alreadyFew = true
            for (g, group) in groups.enumerated() {
                let nonzero = group.filter { values[$0] != 0 }
                let means = ScalarKMeans(clusters: max(1, keepsZeros ? n - 1 : n), initialization: initialization,
                                         seed: seed &+ UInt64(opIndex) &* 1_000_003 &+ UInt64(g))
                let (found, members) = means.fit(nonzero.map { values[$0] })
                let base = scope == .channel ? g * n : 0
                // Each codebook padded to n entries, so channel c's start at c · n.
                centroids += found + [Float](repeating: 0, count: n - found.count)
                for (k, i) in nonzero.enumerated() { assignment[i] = Int32(base + members[k]) }
                let distinctHere = Set(nonzero.map { values[$0] }).count
                if distinctHere > found.count { alreadyFew = false }
                distinct = max(distinct, found.count + (group.count > nonzero.count ? 1 : 0))
            }
            if alreadyFew {
                decisions.append(Decision(layer: op.name, kind: op.kind.name, weights: values.count, clusters: n, scope: scope,
                                          distinctValues: distinct, applied: false,
                                          reason: "already \(n) or fewer distinct values per codebook"))
                continue
            }
            let clusters = WeightClusters(centroids: centroids, assignment: assignment)
            graph.tensors[filter].data = Tensor(name: "", shape: [values.count], floats: clusters.weights).data
            clustered[tensor.name] = clusters
            decisions.append(Decision(layer: op.name, kind: op.kind.name, weights: values.count, clusters: n, scope: scope,
                                      distinctValues: distinct, applied: true, reason: nil))
        }
    }
}
