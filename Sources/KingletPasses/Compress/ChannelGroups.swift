import KingletIR

/// The channel spaces of a float graph and which of them must be pruned together.
///
/// A CONV_2D or FULLY_CONNECTED with constant float weights starts a *group* (its output
/// channels). Every tensor that carries channels on its last axis gets a *layout*: for each
/// index of that axis, the group and channel it holds. Channel-wise operators copy the
/// layout, CONCATENATION on the last axis joins its inputs' layouts, a reshape that keeps
/// channels on the last axis (flattening included) repeats or keeps it, and elementwise
/// operators on two activations tie the groups at each index (union-find). Any other reader
/// freezes the groups it reads, as do model outputs; model inputs, constants and unknown
/// operators' outputs get groups that start frozen, so a tie to them freezes too.
struct ChannelGroups {
    /// One index of a tensor's last axis: channel `channel` of group `group`.
    struct Position: Hashable {
        let group: Int
        let channel: Int
    }

    /// Channels per group.
    private(set) var widths: [Int] = []
    /// Group → its set's representative (valid once the analysis is done).
    private(set) var roots: [Int] = []
    /// Root → why its set cannot be pruned (the first reason met in operator order).
    private(set) var frozen: [Int: String] = [:]
    /// Tensor → the group and channel at each index of its last axis.
    private(set) var layouts: [Int: [Position]] = [:]
    /// CONV_2D / FULLY_CONNECTED operator → the group of its output channels.
    private(set) var producers: [Int: Int] = [:]
    /// DEPTHWISE_CONV_2D (multiplier 1) operators: their filter's axis 3 and bias follow the input.
    private(set) var depthwise: Set<Int> = []
    /// CONV_2D operators whose filter's input axis (3) follows their input's layout.
    private(set) var convConsumers: Set<Int> = []
    /// FULLY_CONNECTED operator → the position of each of its filter's columns.
    private(set) var columns: [Int: [Position]] = [:]
    /// Constant operands (operator, input slot) whose last axis follows the operator's output.
    private(set) var channelwiseOperands: [(op: Int, slot: Int)] = []
    /// RESHAPE operators whose constant new-shape operand names the last dimension.
    private(set) var reshapeOperands: [Int] = []
    /// CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED operator → why it starts or carries no group.
    private(set) var layerReasons: [Int: String] = [:]

    private var sets = ChannelUnionFind()
    private var freezes: [(group: Int, reason: String)] = []

    init(_ graph: Graph) {
        for (index, op) in graph.operators.enumerated() {
            visit(index, op, graph)
            for output in op.outputs where graph.tensors.indices.contains(output) && layouts[output] == nil {
                _ = start(output, graph, frozenBecause: "shares channels with the output of \(Self.describe(op))")
            }
        }
        for output in graph.outputs where graph.tensors.indices.contains(output) {
            freeze(layout(output, graph), "feeds model output '\(graph.tensors[output].name)'")
        }
        roots = widths.indices.map { sets.find($0) }
        for (group, reason) in freezes where frozen[roots[group]] == nil {
            frozen[roots[group]] = reason
        }
    }

    /// "SOFTMAX 'probs'", for reasons.
    static func describe(_ op: Operator) -> String {
        op.name.isEmpty ? op.kind.name : "\(op.kind.name) '\(op.name)'"
    }

    /// The positions a layout of `layout.count` indices has when read as `length` indices of
    /// the same flat data: channel = flat index mod the layout's length, so a multiple repeats
    /// it (flattening [N, H, W, C] to [N, H·W·C]) and a divisor keeps it if it is periodic.
    static func map(_ layout: [Position], to length: Int) -> [Position]? {
        let count = layout.count
        guard count > 0, length > 0 else { return nil }
        if length == count { return layout }
        if length % count == 0 {
            return Array([[Position]](repeating: layout, count: length / count).joined())
        }
        guard count % length == 0, (length..<count).allSatisfy({ layout[$0] == layout[$0 % length] }) else {
            return nil
        }
        return Array(layout.prefix(length))
    }

    // MARK: - Building

    private mutating func newGroup(_ width: Int) -> Int {
        widths.append(width)
        return sets.add()
    }

    /// Gives `tensor` a fresh group; frozen unless a producer starts it.
    private mutating func start(_ tensor: Int, _ graph: Graph, frozenBecause reason: String?) -> [Position] {
        guard let width = graph.tensors[tensor].shape.last else { return [] }
        let group = newGroup(width)
        if let reason { freezes.append((group, reason)) }
        let layout = (0..<width).map { Position(group: group, channel: $0) }
        layouts[tensor] = layout
        return layout
    }

    /// The layout of a tensor read as an activation (model inputs and constants get a frozen one).
    private mutating func layout(_ tensor: Int, _ graph: Graph) -> [Position] {
        if let layout = layouts[tensor] { return layout }
        let t = graph.tensors[tensor]
        let origin = t.isConstant ? "constant '\(t.name)'" : graph.inputs.contains(tensor)
            ? "model input '\(t.name)'" : "tensor '\(t.name)'"
        return start(tensor, graph, frozenBecause: "shares channels with \(origin)")
    }

    private mutating func freeze(_ layout: [Position], _ reason: String) {
        var seen = Set<Int>()
        for position in layout where seen.insert(position.group).inserted {
            freezes.append((position.group, reason))
        }
    }

    /// Freezes every activation `op` reads.
    private mutating func freezeReads(_ op: Operator, _ graph: Graph, _ reason: String) {
        for input in op.inputs where graph.tensors.indices.contains(input) && !graph.tensors[input].isConstant {
            freeze(layout(input, graph), reason)
        }
    }

    /// Index by index, channel c of one group is channel c of the other.
    private mutating func tie(_ a: [Position], _ b: [Position], _ what: String) {
        let aligned = zip(a, b).allSatisfy { p, q in p.channel == q.channel && widths[p.group] == widths[q.group] }
        guard aligned else {
            freeze(a + b, "tied by \(what) to channels in another order")
            return
        }
        for (p, q) in zip(a, b) { sets.union(p.group, q.group) }
    }

    /// The output carries `layout` when its last axis has that many indices.
    private mutating func pass(_ layout: [Position], to output: Int, _ graph: Graph, _ what: String) {
        if graph.tensors[output].shape.last == layout.count && !layout.isEmpty {
            layouts[output] = layout
        } else {
            freeze(layout, "read by \(what), whose output changes the channel count")
        }
    }

    private static func floats(_ tensor: Int, _ graph: Graph) -> [Float]? {
        graph.tensors.indices.contains(tensor) ? graph.tensors[tensor].floatValues : nil
    }

    private static func integers(_ slot: Int, _ op: Operator, _ graph: Graph) -> [Int]? {
        guard slot < op.inputs.count, graph.tensors.indices.contains(op.inputs[slot]) else { return nil }
        return graph.tensors[op.inputs[slot]].integerValues
    }

    /// A bias that is absent or a float constant [channels].
    private static func biasFits(_ op: Operator, _ graph: Graph, _ channels: Int) -> Bool {
        guard op.inputs.count > 2, op.inputs[2] >= 0 else { return true }
        return floats(op.inputs[2], graph) != nil && graph.tensors[op.inputs[2]].shape == [channels]
    }

    // MARK: - Operators

    private mutating func visit(_ index: Int, _ op: Operator, _ graph: Graph) {
        let what = Self.describe(op)
        let valid = op.inputs.allSatisfy { $0 == -1 || graph.tensors.indices.contains($0) }
            && op.outputs.allSatisfy { graph.tensors.indices.contains($0) }
        guard valid, let x = op.inputs.first, x >= 0, op.outputs.count == 1,
              !graph.tensors[op.outputs[0]].shape.isEmpty else {
            if valid { freezeReads(op, graph, "read by \(what)") }
            return
        }
        let y = op.outputs[0]
        switch op.kind {
        case .conv2D, .fullyConnected:
            weighted(index, op, x, y, graph, what)
        case .depthwiseConv2D(let attributes):
            depthwise(index, op, attributes.depthMultiplier, x, y, graph, what)
        case .relu, .relu6, .logistic, .tanh, .leakyRelu, .hardSwish, .elu, .gelu, .softplus, .exp,
             .hardSigmoid, .clampedRelu, .identity, .averagePool2D, .maxPool2D, .resizeNearestNeighbor:
            pass(layout(x, graph), to: y, graph, what)
        case .pad:
            // Paddings [rank, 2]: the channel axis's row must be zero.
            let rank = graph.tensors[x].shape.count
            if let paddings = Self.integers(1, op, graph), paddings.count == 2 * rank, rank > 0,
               paddings[2 * rank - 2] == 0, paddings[2 * rank - 1] == 0 {
                pass(layout(x, graph), to: y, graph, what)
            } else {
                freezeReads(op, graph, "read by \(what), which pads the channel axis")
            }
        case .mean, .reduceMax:
            let rank = graph.tensors[x].shape.count
            if let axes = Self.integers(1, op, graph), rank > 0,
               !axes.map({ $0 < 0 ? $0 + rank : $0 }).contains(rank - 1) {
                pass(layout(x, graph), to: y, graph, what)
            } else {
                freezeReads(op, graph, "read by \(what), which reduces the channel axis")
            }
        case .transpose:
            let rank = graph.tensors[x].shape.count
            if let permutation = Self.integers(1, op, graph), permutation.last == rank - 1 {
                pass(layout(x, graph), to: y, graph, what)
            } else {
                freezeReads(op, graph, "read by \(what), which moves the channel axis")
            }
        case .reshape, .squeeze:
            reshape(index, op, x, y, graph, what)
        case .concatenation(let axis, _):
            let rank = graph.tensors[y].shape.count
            let inputs = op.inputs.filter { $0 >= 0 }
            if (axis == rank - 1 || axis == -1), inputs.allSatisfy({ graph.tensors[$0].shape.count == rank }) {
                let joined = inputs.flatMap { layout($0, graph) }
                pass(joined, to: y, graph, what)
            } else {
                freezeReads(op, graph, "read by \(what) on axis \(axis)")
            }
        case .add, .sub, .mul, .maximum, .minimum:
            binary(index, op, y, graph, what)
        case .prelu:
            // The slope broadcasts like a channel-wise constant.
            if op.inputs.count == 2, op.inputs[1] >= 0, graph.tensors[op.inputs[1]].isConstant {
                binary(index, op, y, graph, what)
            } else {
                freezeReads(op, graph, "read by \(what)")
            }
        case .batchNormalization:
            let input = layout(x, graph)
            let slots = (1..<op.inputs.count).filter { op.inputs[$0] >= 0 }
            let perChannel = slots.allSatisfy { slot in
                Self.floats(op.inputs[slot], graph) != nil && graph.tensors[op.inputs[slot]].shape == [input.count]
            }
            if perChannel {
                if input.count > 1 { channelwiseOperands += slots.map { (index, $0) } }
                pass(input, to: y, graph, what)
            } else {
                freezeReads(op, graph, "read by \(what) with non-constant parameters")
            }
        default:
            freezeReads(op, graph, "read by \(what)")
        }
    }

    /// CONV_2D [O, KH, KW, I] or FULLY_CONNECTED [O, depth]: reads its input's channels through
    /// the filter's input axis, and starts a group of O channels.
    private mutating func weighted(_ index: Int, _ op: Operator, _ x: Int, _ y: Int, _ graph: Graph, _ what: String) {
        let isConv = if case .conv2D = op.kind { true } else { false }
        let input = layout(x, graph)
        guard op.inputs.count >= 2, op.inputs[1] >= 0, Self.floats(op.inputs[1], graph) != nil else {
            freeze(input, "read by \(what), whose filter is not a float constant")
            layerReasons[index] = "its filter is not a float constant"
            return
        }
        let filter = graph.tensors[op.inputs[1]].shape
        if isConv {
            if filter.count == 4, filter[3] == input.count {
                convConsumers.insert(index)
            } else {
                freeze(input, "read by \(what) through filter \(filter)")
            }
        } else if filter.count == 2, let mapped = Self.map(input, to: filter[1]) {
            columns[index] = mapped
        } else {
            freeze(input, "read by \(what) through filter \(filter)")
        }
        guard let out = filter.first, filter.count == (isConv ? 4 : 2), graph.tensors[y].shape.last == out,
              Self.biasFits(op, graph, out) else {
            layerReasons[index] = "its filter or bias does not match its output"
            return
        }
        producers[index] = widths.count
        _ = start(y, graph, frozenBecause: nil)
    }

    /// DEPTHWISE_CONV_2D: with multiplier 1 output channel c is input channel c, so the layer
    /// joins its input's groups; a larger multiplier ties m outputs to each input channel.
    private mutating func depthwise(_ index: Int, _ op: Operator, _ multiplier: Int, _ x: Int, _ y: Int,
                                    _ graph: Graph, _ what: String) {
        let input = layout(x, graph)
        guard multiplier == 1 else {
            freeze(input, "read by \(what) with depth multiplier \(multiplier)")
            layerReasons[index] = "depth multiplier \(multiplier)"
            return
        }
        guard op.inputs.count >= 2, op.inputs[1] >= 0, Self.floats(op.inputs[1], graph) != nil,
              graph.tensors[op.inputs[1]].shape.count == 4, graph.tensors[op.inputs[1]].shape[3] == input.count,
              Self.biasFits(op, graph, input.count), graph.tensors[y].shape.last == input.count else {
            freeze(input, "read by \(what), whose filter or bias is not a float constant of its channels")
            layerReasons[index] = "its filter or bias is not a float constant of its channels"
            return
        }
        depthwise.insert(index)
        pass(input, to: y, graph, what)
    }

    /// RESHAPE / SQUEEZE keep flat order, so channel = flat index mod the channel count.
    private mutating func reshape(_ index: Int, _ op: Operator, _ x: Int, _ y: Int, _ graph: Graph, _ what: String) {
        let input = layout(x, graph)
        guard let last = graph.tensors[y].shape.last, let mapped = Self.map(input, to: last) else {
            freeze(input, "read by \(what), which moves channels off the last axis")
            return
        }
        if case .reshape = op.kind, op.inputs.count > 1, op.inputs[1] >= 0 {
            // A constant new shape must be rewritable: its last entry is the channel count or -1.
            guard let shape = Self.integers(1, op, graph), let entry = shape.last, entry == last || entry == -1 else {
                freeze(input, "read by \(what) with a new shape that is not a constant ending in \(last)")
                return
            }
            if entry != -1 { reshapeOperands.append(index) }
        }
        pass(mapped, to: y, graph, what)
    }

    /// ADD / SUB / MUL / MAXIMUM / MINIMUM / PRELU: a constant operand of one value per
    /// channel is sliced with them (a single value broadcasts); two activations with the same
    /// channel count are tied index by index.
    private mutating func binary(_ index: Int, _ op: Operator, _ y: Int, _ graph: Graph, _ what: String) {
        guard op.inputs.count == 2, op.inputs.allSatisfy({ $0 >= 0 }) else {
            freezeReads(op, graph, "read by \(what)")
            return
        }
        let a = op.inputs[0], b = op.inputs[1]
        let aConstant = graph.tensors[a].isConstant, bConstant = graph.tensors[b].isConstant
        if aConstant && bConstant { return }
        let out = graph.tensors[y].shape.last
        if aConstant || bConstant {
            let (activation, constant, slot) = aConstant ? (b, a, 0) : (a, b, 1)
            let input = layout(activation, graph)
            let shape = graph.tensors[constant].shape
            let values = shape.last ?? 1
            if out == input.count, values == 1 || (values == input.count && Self.floats(constant, graph) != nil) {
                if values > 1 { channelwiseOperands.append((index, slot)) }
                pass(input, to: y, graph, what)
            } else {
                freeze(input, "read by \(what), which broadcasts constant '\(graph.tensors[constant].name)' \(shape) over its channels")
            }
            return
        }
        let left = layout(a, graph), right = layout(b, graph)
        if left.count == right.count, out == left.count {
            tie(left, right, what)
            layouts[y] = left
        } else {
            freeze(left + right, "read by \(what), which broadcasts \(left.count) channels against \(right.count)")
        }
    }
}
