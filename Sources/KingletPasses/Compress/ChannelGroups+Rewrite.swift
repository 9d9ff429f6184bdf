import KingletIR

extension ChannelGroups {
    /// The indices of `layout` that survive when each set (by root) loses `removed[root]`.
    func kept(_ layout: [Position], removing removed: [Int: Set<Int>]) -> [Int] {
        layout.indices.filter { j in
            !(removed[roots[layout[j].group]]?.contains(layout[j].channel) ?? false)
        }
    }

    /// An operator's input slot, for collecting the slices of one constant operand.
    private struct Operand: Hashable, Comparable {
        let op: Int
        let slot: Int
        static func < (a: Operand, b: Operand) -> Bool { (a.op, a.slot) < (b.op, b.slot) }
    }

    /// Removes the channels: slices every filter, bias and channel-wise constant that follows
    /// a pruned layout, rewrites reshape targets, and shrinks the last axis of every affected
    /// tensor. `graph` must be the graph this analysis was built from.
    ///
    /// `inputMeans` (per tensor, the mean of each channel over calibration samples): a
    /// consumer that loses input channels keeps their average contribution in its bias,
    /// Σ over the removed channels of its weights × the channel's mean (after a ReLU a
    /// removed channel's mean is not zero).
    func rewrite(_ graph: inout Graph, removing removed: [Int: Set<Int>], pass: String,
                 inputMeans: [Int: [Float]] = [:]) throws {
        let original = graph
        let compensated = compensatedBiases(original, removing: removed, inputMeans: inputMeans)
        var slices: [Operand: [Int: [Int]]] = [:]
        func slice(_ op: Int, _ slot: Int, axis: Int, _ keep: [Int]) {
            let reader = original.operators[op]
            guard slot < reader.inputs.count, reader.inputs[slot] >= 0 else { return }
            slices[Operand(op: op, slot: slot), default: [:]][axis] = keep
        }
        func keptOutput(_ op: Int) -> [Int] {
            kept(layouts[original.operators[op].outputs[0]] ?? [], removing: removed)
        }
        for op in producers.keys {
            let keep = keptOutput(op)
            slice(op, 1, axis: 0, keep)
            slice(op, 2, axis: 0, keep)
        }
        for op in convConsumers {
            slice(op, 1, axis: 3, kept(layouts[original.operators[op].inputs[0]] ?? [], removing: removed))
        }
        for (op, positions) in columns {
            slice(op, 1, axis: 1, kept(positions, removing: removed))
        }
        for op in depthwise {
            let keep = keptOutput(op)
            slice(op, 1, axis: 3, keep)
            slice(op, 2, axis: 0, keep)
        }
        for (op, slot) in channelwiseOperands {
            let rank = original.tensors[original.operators[op].inputs[slot]].shape.count
            slice(op, slot, axis: rank - 1, keptOutput(op))
        }

        // A constant only this slot reads is replaced in place; a shared one is copied, so
        // its other readers keep the values they had.
        let reads = original.readCounts()
        let boundary = Set(original.inputs + original.outputs)
        for (operand, axes) in slices.sorted(by: { $0.key < $1.key }) {
            let index = original.operators[operand.op].inputs[operand.slot]
            let tensor = original.tensors[index]
            let override = operand.slot == 2 ? compensated[operand.op] : nil
            guard axes.contains(where: { $0.value.count < tensor.shape[$0.key] }) || override != nil,
                  let values = override ?? tensor.floatValues else { continue }
            let (data, shape) = Self.gather(values, shape: tensor.shape, keep: axes)
            if reads[index] == 1 && !boundary.contains(index) {
                graph.tensors[index] = Tensor(name: tensor.name, shape: shape, floats: data)
            } else {
                let copy = graph.addFloat("\(tensor.name)/pruned", shape: shape, values: data)
                graph.operators[operand.op].inputs[operand.slot] = copy
            }
        }

        // Compensated biases of consumers whose own outputs keep every channel (not sliced above).
        for (op, values) in compensated.sorted(by: { $0.key < $1.key }) where slices[Operand(op: op, slot: 2)] == nil {
            let reader = original.operators[op]
            if reader.inputs.count > 2, reader.inputs[2] >= 0, reads[reader.inputs[2]] == 1, !boundary.contains(reader.inputs[2]) {
                graph.tensors[reader.inputs[2]] = Tensor(name: original.tensors[reader.inputs[2]].name, shape: [values.count], floats: values)
            } else {
                let bias = graph.addFloat("\(reader.name)/compensated_bias", shape: [values.count], values: values)
                while graph.operators[op].inputs.count < 3 { graph.operators[op].inputs.append(-1) }
                graph.operators[op].inputs[2] = bias
            }
        }

        for (index, layout) in layouts where !original.tensors[index].isConstant {
            let count = kept(layout, removing: removed).count
            if count != layout.count { graph.tensors[index].shape[graph.tensors[index].shape.count - 1] = count }
        }

        for op in reshapeOperands {
            let operand = original.operators[op].inputs[1]
            let tensor = original.tensors[operand]
            guard var entries = tensor.integerValues, let last = graph.tensors[original.operators[op].outputs[0]].shape.last,
                  entries.last != last else { continue }
            entries[entries.count - 1] = last
            var target = Self.integerTensor(tensor, entries)
            if reads[operand] == 1 && !boundary.contains(operand) {
                graph.tensors[operand] = target
            } else {
                target.name = graph.uniqueTensorName("\(tensor.name)/pruned")
                graph.operators[op].inputs[1] = graph.add(target)
            }
        }
        try Self.check(graph, against: original, pass: pass)
    }

    /// The bias (in the original channel order) of each CONV_2D / FULLY_CONNECTED consumer
    /// that loses input channels, plus the removed channels' mean contribution.
    private func compensatedBiases(_ graph: Graph, removing removed: [Int: Set<Int>],
                                   inputMeans: [Int: [Float]]) -> [Int: [Float]] {
        guard !inputMeans.isEmpty else { return [:] }
        var result: [Int: [Float]] = [:]
        func compensate(_ op: Int, inputs layout: [Position], means: [Float]?, column: (Int, Int) -> Int) {
            let reader = graph.operators[op]
            let keep = Set(kept(layout, removing: removed))
            let gone = layout.indices.filter { !keep.contains($0) }
            let shape = graph.tensors[reader.inputs[1]].shape
            guard !gone.isEmpty, let means, means.count == layout.count,
                  let weights = graph.tensors[reader.inputs[1]].floatValues, let outputs = shape.first, outputs > 0 else { return }
            let hasBias = reader.inputs.count > 2 && reader.inputs[2] >= 0
            guard var bias = hasBias ? graph.tensors[reader.inputs[2]].floatValues : [Float](repeating: 0, count: outputs),
                  bias.count == outputs else { return }
            let perOutput = weights.count / outputs
            for o in 0..<outputs {
                var sum = 0.0
                for k in 0..<perOutput {
                    let input = column(k, perOutput)
                    if !keep.contains(input) { sum += Double(weights[o * perOutput + k]) * Double(means[input]) }
                }
                bias[o] += Float(sum)
            }
            result[op] = bias
        }
        for op in convConsumers {
            let input = graph.operators[op].inputs[0]
            let channels = graph.tensors[graph.operators[op].inputs[1]].shape.last ?? 1
            compensate(op, inputs: layouts[input] ?? [], means: inputMeans[input]) { k, _ in k % max(channels, 1) }
        }
        for (op, positions) in columns {
            compensate(op, inputs: positions, means: inputMeans[graph.operators[op].inputs[0]]) { k, _ in k }
        }
        return result
    }

    /// `values` shaped `shape`, keeping on each axis in `keep` only the listed indices.
    static func gather(_ values: [Float], shape: [Int], keep: [Int: [Int]]) -> ([Float], [Int]) {
        let rank = shape.count
        let indices = (0..<rank).map { keep[$0] ?? Array(0..<shape[$0]) }
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var result: [Float] = []
        result.reserveCapacity(indices.reduce(1) { $0 * $1.count })
        func walk(_ axis: Int, _ offset: Int) {
            if axis == rank {
                result.append(values[offset])
                return
            }
            for i in indices[axis] { walk(axis + 1, offset + i * strides[axis]) }
        }
        walk(0, 0)
        return (result, indices.map(\.count))
    }

    /// `entries` in the integer type (int32 or int64) of `like`.
    private static func integerTensor(_ like: Tensor, _ entries: [Int]) -> Tensor {
        var tensor = like
        if like.type == .int64 {
            tensor.data = entries.flatMap { value in
                (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: Int64(value)) >> (8 * UInt64($0))) }
            }
        } else {
            tensor.data = Tensor(name: like.name, shape: like.shape, int32s: entries.map { Int32($0) }).data
        }
        return tensor
    }

    /// The layers' operands still agree with their tensors wherever they did before (a
    /// failure is a bug of this pass, better reported here than by a kernel).
    private static func check(_ graph: Graph, against original: Graph, pass: String) throws {
        for (index, op) in graph.operators.enumerated() where !fits(op, graph) && fits(original.operators[index], original) {
            let shapes = op.inputs.filter { $0 >= 0 }.map { graph.tensors[$0].shape }
            throw PassError("\(pass): \(op.label(at: index)) no longer matches its operands after pruning (inputs \(shapes), output \(op.outputs.map { graph.tensors[$0].shape }))")
        }
    }

    private static func fits(_ op: Operator, _ graph: Graph) -> Bool {
        guard op.inputs.count >= 2, op.inputs[0] >= 0, op.inputs[1] >= 0, let y = op.outputs.first else { return true }
        let x = graph.tensors[op.inputs[0]].shape, filter = graph.tensors[op.inputs[1]].shape
        let out = graph.tensors[y].shape.last ?? 0
        let bias = op.inputs.count > 2 && op.inputs[2] >= 0 ? graph.tensors[op.inputs[2]].shape : nil
        let biasFits = bias == nil || bias == [out]
        switch op.kind {
        case .conv2D:
            return filter.count == 4 && filter[0] == out && filter[3] == x.last && biasFits
        case .depthwiseConv2D(let a):
            return filter.count == 4 && filter[3] == out && x.last.map { $0 * a.depthMultiplier } == out && biasFits
        case .fullyConnected:
            return filter.count == 2 && filter[0] == out && filter[1] > 0 && x.reduce(1, *) % filter[1] == 0 && biasFits
        default:
            return true
        }
    }
}
