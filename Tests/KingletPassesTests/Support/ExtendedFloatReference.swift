import KingletIR

/// `FloatReference` plus MEAN and CONCATENATION: other operators run one at a time through
/// `FloatReference`, each as a one-operator graph over the same tensors.
enum ExtendedFloatReference {
    static func run(_ graph: Graph, _ inputs: [[Double]]) throws -> [[Double]] {
        var values: [Int: [Double]] = [:]
        for (index, tensor) in graph.tensors.enumerated() {
            if let floats = tensor.floatValues { values[index] = floats.map(Double.init) }
        }
        for (input, data) in zip(graph.inputs, inputs) { values[input] = data }
        for op in graph.operators {
            let y: [Double]
            switch op.kind {
            case .mean:
                // keepDims changes the result's shape, not its flat order.
                let shape = graph.tensors[op.inputs[0]].shape
                let axes = Set((graph.tensors[op.inputs[1]].integerValues ?? []).map { $0 < 0 ? $0 + shape.count : $0 })
                y = mean(values[op.inputs[0]]!, shape, axes)
            case .concatenation(let axis, let activation):
                let rank = graph.tensors[op.outputs[0]].shape.count
                let a = axis < 0 ? axis + rank : axis
                y = FloatReference.activate(concatenate(op.inputs.map { (values[$0]!, graph.tensors[$0].shape) }, axis: a), activation)
            default:
                let activations = op.inputs.filter { $0 >= 0 && !graph.tensors[$0].isConstant }
                let single = Graph(tensors: graph.tensors, operators: [op], inputs: activations, outputs: op.outputs)
                y = try FloatReference.run(single, activations.map { values[$0]! })[0]
            }
            values[op.outputs[0]] = y.map { Double(Float($0)) }
        }
        return graph.outputs.map { values[$0]! }
    }

    static func mean(_ x: [Double], _ shape: [Int], _ axes: Set<Int>) -> [Double] {
        let kept = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let count = shape.indices.filter(axes.contains).reduce(1) { $0 * shape[$1] }
        var sums = [Double](repeating: 0, count: kept.reduce(1, *))
        for flat in x.indices {
            var rest = flat, out = 0, scale = 1
            for axis in shape.indices.reversed() {
                let i = rest % shape[axis]
                rest /= shape[axis]
                if !axes.contains(axis) { out += i * scale }
                scale *= kept[axis]
            }
            sums[out] += x[flat]
        }
        return sums.map { $0 / Double(count) }
    }

    static func concatenate(_ parts: [([Double], [Int])], axis: Int) -> [Double] {
        let outer = parts[0].1[..<axis].reduce(1, *)
        var y: [Double] = []
        for o in 0..<outer {
            for (values, shape) in parts {
                let chunk = shape[axis...].reduce(1, *)
                y += values[o * chunk..<(o + 1) * chunk]
            }
        }
        return y
    }
}
