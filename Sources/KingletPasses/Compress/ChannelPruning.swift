import KingletIR

/// Structured channel pruning of a canonicalized float graph: removes whole output channels
/// of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED layers and rewrites every reader, so the
/// result is a smaller dense float graph (fewer MACs, smaller tensors and weights).
///
/// Channels that must go together form a group (see `ChannelGroups`): a layer's output with
/// the depthwise layers after it, the two sides of a residual ADD, and so on. Per group,
/// channel importance is the sum over its layers of the channel's filter norm (or |gamma| of
/// the batch normalization that followed it), each layer's scores divided by its largest so
/// layers of different scales weigh alike; the floor(fraction × C) least important channels
/// go, at least one stays. A group read by something that cannot follow (a model output,
/// SOFTMAX, a reshape that moves channels, …) is left whole, and its layers' decisions say why.
public struct ChannelPruning: GraphPass {
    public enum Criterion: Sendable, Hashable, CustomStringConvertible {
        /// Σ|w| of the channel's filter slice.
        case l1
        /// √Σw² of the channel's filter slice.
        case l2
        /// |gamma| of the batch normalization that followed the layer before it was folded
        /// (`batchNormGammas`); L2 for layers without one.
        case batchNormGamma

        public var description: String {
            switch self {
            case .l1: "l1"
            case .l2: "l2"
            case .batchNormGamma: "bn-gamma"
            }
        }
    }

    public struct Decision: Sendable {
        public let layer: String
        public let kind: String
        /// Output channels before and after.
        public let channelsBefore: Int
        public let channelsAfter: Int
        /// The other layers whose channels are pruned together with this one's.
        public let tiedWith: [String]
        /// Why the layer keeps all its channels; nil when channels were removed.
        public let reason: String?
        /// The removed output channels, as indices of the original layer.
        public let removedChannels: [Int]
    }

    public let name = "channel-pruning"
    public let fraction: Double
    public let criterion: Criterion
    public let perLayer: [String: Double]
    public let batchNormGammas: [String: [Float]]
    public let inputMeans: [Int: [Float]]
    public private(set) var decisions: [Decision] = []

    /// `fraction` of each group's channels go (0…1); `perLayer` overrides it for the group
    /// holding the named layer (the smallest override of a group wins); `batchNormGammas`
    /// feeds `.batchNormGamma`, from `batchNormGammas(_:)` on the graph before canonicalization.
    /// `inputMeans`: per tensor, each channel's mean over calibration samples; when given,
    /// a layer that loses input channels keeps their mean contribution in its bias.
    public init(fraction: Double, criterion: Criterion = .l2, perLayer: [String: Double] = [:],
                batchNormGammas: [String: [Float]] = [:], inputMeans: [Int: [Float]] = [:]) {
        self.fraction = fraction
        self.criterion = criterion
        self.perLayer = perLayer
        self.batchNormGammas = batchNormGammas
        self.inputMeans = inputMeans
    }

    public func run(_ graph: inout Graph) throws {
        var copy = self
        try copy.prune(&graph)
    }

    /// As `run`, recording a decision per CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED.
    public mutating func prune(_ graph: inout Graph) throws {
        decisions = []
        guard fraction.isFinite, (0...1).contains(fraction) else {
            throw PassError("\(name): fraction \(fraction) is not in 0…1")
        }
        for (layer, value) in perLayer.sorted(by: { $0.key < $1.key }) where !(value.isFinite && (0...1).contains(value)) {
            throw PassError("\(name): the fraction \(value) for '\(layer)' is not in 0…1")
        }
        let layers = graph.operators.indices.filter { Self.isLayer(graph.operators[$0]) }
        let layerNames = layers.map { graph.baseName(of: graph.operators[$0]) }
        let unknown = perLayer.keys.filter { !layerNames.contains($0) }.sorted()
        guard unknown.isEmpty else {
            var seen = Set<String>()
            let available = layerNames.filter { seen.insert($0).inserted }
            throw PassError("\(name): no CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED layer named \(unknown.map { "'\($0)'" }.joined(separator: ", ")); the layers are \(available.joined(separator: ", "))")
        }

        let groups = ChannelGroups(graph)
        // Root → the layers whose output channels are its channels.
        var members: [Int: [Int]] = [:]
        func roots(of layer: Int) -> [Int] {
            if let group = groups.producers[layer] { return [groups.roots[group]] }
            guard groups.depthwise.contains(layer),
                  let layout = groups.layouts[graph.operators[layer].outputs[0]] else { return [] }
            var seen = Set<Int>()
            return layout.map { groups.roots[$0.group] }.filter { seen.insert($0).inserted }
        }
        for layer in layers {
            for root in roots(of: layer) { members[root, default: []].append(layer) }
        }

        let importance = try scores(groups, graph, members)
        var fractions: [Int: Double] = [:]
        for (layer, layerName) in zip(layers, layerNames) {
            guard let value = perLayer[layerName] else { continue }
            for root in roots(of: layer) { fractions[root] = min(fractions[root] ?? value, value) }
        }
        var removed: [Int: Set<Int>] = [:]
        var notPruned: [Int: String] = [:]
        for (root, scores) in importance {
            let share = fractions[root] ?? fraction
            let width = scores.count
            let count = min(width - 1, Int((share * Double(width) + 1e-9).rounded(.down)))
            guard count > 0 else {
                notPruned[root] = width == 1 ? "has a single channel" : "fraction \(share) of \(width) channels removes none"
                continue
            }
            let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
            removed[root] = Set(order.prefix(count))
        }
        if !removed.isEmpty {
            // On a copy, so a failed consistency check leaves the caller's graph as it was.
            var pruned = graph
            try groups.rewrite(&pruned, removing: removed, pass: name, inputMeans: inputMeans)
            graph = pruned
        }

        for (layer, layerName) in zip(layers, layerNames) {
            let op = graph.operators[layer]
            let layerRoots = roots(of: layer)
            let outputLayout = groups.layouts[op.outputs.first ?? -1] ?? []
            let before = outputLayout.count
            let kept = Set(groups.kept(outputLayout, removing: removed))
            let removedChannels = layerRoots.isEmpty ? [] : (0..<before).filter { !kept.contains($0) }
            var tied: [String] = []
            for root in layerRoots {
                for other in members[root] ?? [] where other != layer {
                    let otherName = graph.baseName(of: graph.operators[other])
                    if !tied.contains(otherName) { tied.append(otherName) }
                }
            }
            var reason: String? = nil
            if removedChannels.isEmpty {
                reason = groups.layerReasons[layer]
                    ?? layerRoots.lazy.compactMap { groups.frozen[$0] ?? notPruned[$0] }.first
                    ?? "no channel chosen"
            }
            decisions.append(Decision(layer: layerName, kind: op.kind.name,
                                      channelsBefore: before == 0 ? (graph.tensors[op.outputs[0]].shape.last ?? 0) : before,
                                      channelsAfter: before == 0 ? (graph.tensors[op.outputs[0]].shape.last ?? 0) : kept.count,
                                      tiedWith: tied, reason: reason, removedChannels: removedChannels))
        }
    }

    static func isLayer(_ op: Operator) -> Bool {
        op.kind.hasQuantizedWeights && !op.outputs.isEmpty
    }

    /// Root → channel importance, for every set that can be pruned.
    private func scores(_ groups: ChannelGroups, _ graph: Graph, _ members: [Int: [Int]]) throws -> [Int: [Double]] {
        var importance: [Int: [Double]] = [:]
        for (root, layers) in members where groups.frozen[root] == nil {
            var total = [Double](repeating: 0, count: groups.widths[root])
            for layer in layers {
                let op = graph.operators[layer]
                let perLayer = try layerScores(op, graph)
                // Each layer's scores relative to its largest, so scales do not matter.
                let largest = perLayer.max() ?? 0
                let positions: [ChannelGroups.Position] = if let group = groups.producers[layer] {
                    (0..<groups.widths[group]).map { ChannelGroups.Position(group: group, channel: $0) }
                } else {
                    groups.layouts[op.outputs[0]] ?? []
                }
                for (j, position) in positions.enumerated() where groups.roots[position.group] == root && j < perLayer.count {
                    total[position.channel] += largest > 0 ? perLayer[j] / largest : 0
                }
            }
            importance[root] = total
        }
        return importance
    }

    /// One score per output channel of a layer.
    private func layerScores(_ op: Operator, _ graph: Graph) throws -> [Double] {
        let filter = graph.tensors[op.inputs[1]]
        let values = (filter.floatValues ?? []).map(Double.init)
        let layout = op.kind.filterLayout ?? .outputChannelsFirst
        let axis = layout.outputChannelAxis
        let channels = filter.shape.indices.contains(axis) ? filter.shape[axis] : 0
        let layer = graph.baseName(of: op)
        if criterion == .batchNormGamma, let gamma = batchNormGammas[layer] {
            guard gamma.count == channels else {
                throw PassError("\(name): layer '\(layer)' has \(channels) output channels but \(gamma.count) batch-normalization gammas")
            }
            return gamma.map { abs(Double($0)) }
        }
        guard channels > 0 else { return [] }
        var norms = [Double](repeating: 0, count: channels)
        for (i, w) in values.enumerated() {
            let channel = layout.outputChannel(ofElement: i, shape: filter.shape)
            norms[channel] += criterion == .l1 ? abs(w) : w * w
        }
        return criterion == .l1 ? norms : norms.map { $0.squareRoot() }
    }

    /// |gamma| per channel of each BATCH_NORMALIZATION that directly follows a CONV_2D,
    /// DEPTHWISE_CONV_2D or FULLY_CONNECTED (through IDENTITY and reshapes that keep the last
    /// axis, which canonicalization removes or hoists), keyed by that layer's name, which
    /// batch-normalization folding keeps. Read it before canonicalization folds the gammas
    /// into the weights. After a SEPARABLE_CONV_2D the key is "<layer>/pointwise", the name
    /// of the half the normalization folds into.
    public static func batchNormGammas(_ graph: Graph) -> [String: [Float]] {
        var writer: [Int: Int] = [:]
        for (index, op) in graph.operators.enumerated() {
            for output in op.outputs { writer[output] = index }
        }
        var gammas: [String: [Float]] = [:]
        for op in graph.operators {
            guard case .batchNormalization = op.kind, op.inputs.count >= 2, op.inputs[1] >= 0,
                  graph.tensors.indices.contains(op.inputs[1]), let gamma = graph.tensors[op.inputs[1]].floatValues,
                  var source = op.inputs.first else { continue }
            while let w = writer[source], Self.keepsChannels(graph.operators[w], graph) {
                source = graph.operators[w].inputs[0]
            }
            guard let w = writer[source] else { continue }
            let producer = graph.operators[w]
            if producer.kind.hasQuantizedWeights {
                gammas[graph.baseName(of: producer)] = gamma.map(abs)
            } else if case .separableConv2D = producer.kind {
                gammas["\(graph.baseName(of: producer))/pointwise"] = gamma.map(abs)
            }
        }
        return gammas
    }

    /// IDENTITY, or a RESHAPE/SQUEEZE that keeps the last axis.
    private static func keepsChannels(_ op: Operator, _ graph: Graph) -> Bool {
        guard let input = op.inputs.first, input >= 0, let output = op.outputs.first else { return false }
        switch op.kind {
        case .identity: return true
        case .reshape, .squeeze: return graph.tensors[input].shape.last == graph.tensors[output].shape.last
        default: return false
        }
    }
}
