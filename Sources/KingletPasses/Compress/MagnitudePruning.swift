import KingletIR

/// Unstructured magnitude pruning: sets the smallest-magnitude weights of CONV_2D,
/// DEPTHWISE_CONV_2D and FULLY_CONNECTED filters to zero, so that the compiler stores them
/// sparse (format 1.4) and the kernels skip them.
///
/// `sparsity` applies one global magnitude threshold to every layer without a `perLayer`
/// entry (the fraction of all their weights at or below it are zeroed, so layers with
/// small weights lose more); a `perLayer` entry prunes that layer to its own fraction.
/// A layer whose sparsity would stay below one half is left dense: the writer stores a filter
/// sparse (format 1.4) only from half zeros on, so it would not shrink. Every layer
/// considered gets a `Decision`.
public struct MagnitudePruning: GraphPass {
    public struct Decision: Sendable {
        public let layer: String
        public let kind: String
        public let weights: Int
        /// Fraction of the layer's weights that are zero afterwards (0 when not applied).
        public let sparsity: Double
        public let applied: Bool
        /// Why the layer was left dense, when it was.
        public let reason: String?
    }

    /// The smallest sparsity the writer stores sparse: KingletFormat's
    /// `SparseEncoding.minimumZeroFraction` (a compiler test holds them equal).
    public static let minimumUsefulSparsity = 0.5

    /// What a weight's magnitude is compared in: its raw |w|, |w| over the RMS of its layer,
    /// or over the RMS of its output channel (folded BatchNormalization scales channels apart).
    public enum Scale: String, Sendable, Hashable, CaseIterable {
        case raw, layer, channel
    }

    public let name = "magnitude-pruning"
    public let sparsity: Double?
    public let perLayer: [String: Double]
    public let scale: Scale
    /// Layers that would end below this fraction of zeros are left dense. Gradual pruning
    /// sets 0: its early steps are meant to be below it, and fine-tuning keeps the zeros.
    public var minimumSparsity = MagnitudePruning.minimumUsefulSparsity
    public private(set) var decisions: [Decision] = []

    public init(sparsity: Double?, perLayer: [String: Double] = [:], scale: Scale = .raw) {
        self.sparsity = sparsity
        self.perLayer = perLayer
        self.scale = scale
    }

    /// |w| of each weight of operator `op`'s filter in the pass's scale.
    func magnitudes(_ op: Operator, _ values: [Float], shape: [Int]) -> [Float] {
        func rms(_ indices: [Int]) -> Float {
            let sum = indices.reduce(0.0) { $0 + Double(values[$1]) * Double(values[$1]) }
            let r = Float((sum / Double(max(indices.count, 1))).squareRoot())
            return r > 0 ? r : 1
        }
        switch scale {
        case .raw:
            return values.map(abs)
        case .layer:
            let r = rms(Array(values.indices))
            return values.map { abs($0) / r }
        case .channel:
            let layout = op.kind.filterLayout ?? .outputChannelsFirst
            var groups = [[Int]](repeating: [], count: shape[layout.outputChannelAxis])
            for i in values.indices { groups[layout.outputChannel(ofElement: i, shape: shape)].append(i) }
            var result = [Float](repeating: 0, count: values.count)
            for group in groups {
                let r = rms(group)
                for i in group { result[i] = abs(values[i]) / r }
            }
            return result
        }
    }

    public func run(_ graph: inout Graph) throws {
        var copy = self
        try copy.prune(&graph)
    }

    /// The layers this pass can prune: operator index → its float filter tensor, for
    /// CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED whose filter is a float constant no
    /// other operator reads.
    public static func prunableLayers(_ graph: Graph) -> [(op: Int, filter: Int)] {
        var reads: [Int: Int] = [:]
        for op in graph.operators {
            for input in op.inputs where input >= 0 { reads[input, default: 0] += 1 }
        }
        var layers: [(op: Int, filter: Int)] = []
        for (index, op) in graph.operators.enumerated() where op.kind.hasQuantizedWeights {
            guard op.inputs.count >= 2, graph.tensors.indices.contains(op.inputs[1]),
                  reads[op.inputs[1]] == 1, graph.tensors[op.inputs[1]].floatValues != nil else { continue }
            layers.append((index, op.inputs[1]))
        }
        return layers
    }

    public mutating func prune(_ graph: inout Graph) throws {
        decisions = []
        let layers = Self.prunableLayers(graph)
        let names = layers.map { graph.operators[$0.op].name }
        for (name, fraction) in perLayer {
            guard names.contains(name) else {
                throw PassError("--prune: no CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED layer named '\(name)' (layers: \(names.joined(separator: ", ")))")
            }
            guard fraction >= 0, fraction < 1 else {
                throw PassError("--prune: sparsity \(fraction) for '\(name)' must be in [0, 1)")
            }
        }
        if let sparsity, !(sparsity >= 0 && sparsity < 1) {
            throw PassError("--prune: sparsity \(sparsity) must be in [0, 1)")
        }
        // One threshold for all layers without their own setting: the magnitude below
        // which `sparsity` of their weights lie.
        var threshold: Float?
        if let sparsity, sparsity > 0 {
            let pooled = layers.filter { perLayer[graph.operators[$0.op].name] == nil }
                .flatMap { magnitudes(graph.operators[$0.op], graph.tensors[$0.filter].floatValues!, shape: graph.tensors[$0.filter].shape) }
                .sorted()
            let k = Int((sparsity * Double(pooled.count)).rounded(.down))
            if k > 0 { threshold = pooled[k - 1] }
        }
        for (opIndex, filter) in layers {
            let op = graph.operators[opIndex]
            let values = graph.tensors[filter].floatValues!
            let magnitude = magnitudes(op, values, shape: graph.tensors[filter].shape)
            var pruned = values
            if let fraction = perLayer[op.name] {
                // Exactly floor(fraction · N) weights, the smallest (ties by position).
                let k = Int((fraction * Double(values.count)).rounded(.down))
                let order = values.indices.sorted { (magnitude[$0], $0) < (magnitude[$1], $1) }
                for i in order.prefix(k) { pruned[i] = 0 }
            } else if let threshold {
                for i in pruned.indices where magnitude[i] <= threshold { pruned[i] = 0 }
            }
            let zeros = pruned.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            let sparsity = Double(zeros) / Double(max(values.count, 1))
            let newlyZero = zip(values, pruned).contains { $0 != 0 && $1 == 0 }
            let reason: String? = !newlyZero ? "nothing to prune at this setting"
                : sparsity < minimumSparsity
                ? "left dense: \(Int((100 * sparsity).rounded()))% zeros would not shrink it (filters are stored sparse from 50% zeros)"
                : nil
            decisions.append(Decision(layer: op.name, kind: op.kind.name, weights: values.count,
                                      sparsity: reason == nil ? sparsity : 0, applied: reason == nil, reason: reason))
            guard reason == nil else { continue }
            graph.tensors[filter].data = Tensor(name: "", shape: [pruned.count], floats: pruned).data
        }
    }
}
