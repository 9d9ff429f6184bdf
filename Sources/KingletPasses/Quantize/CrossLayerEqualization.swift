import KingletIR

/// Cross-layer equalization (Nagel et al., "Data-Free Quantization", 2019): for two
/// consecutive layers with a positively homogeneous activation between them (none or ReLU),
/// relu(x / s) = relu(x) / s, so output channel i of the first can be divided by s_i and
/// input channel i of the second multiplied by it without changing the float function.
/// s_i = sqrt(r1_i / r2_i) gives both the same weight range sqrt(r1_i · r2_i), which helps
/// depthwise-separable networks whose channels differ by orders of magnitude. Runs on the
/// float graph, before calibration. ReLU6 is not homogeneous, so such pairs are left alone.
public struct CrossLayerEqualization: GraphPass {
    public let name = "cross-layer-equalization"
    public let rounds: Int

    public init(rounds: Int = 3) { self.rounds = rounds }

    public func run(_ graph: inout Graph) throws {
        var readers: [Int: [Int]] = [:]
        for (index, op) in graph.operators.enumerated() {
            for input in op.inputs where input >= 0 { readers[input, default: []].append(index) }
        }
        var pairs: [(Int, Int)] = []
        for (first, op) in graph.operators.enumerated() {
            guard Self.layout(op, graph) != nil, Self.isHomogeneous(op.kind), let output = op.outputs.first,
                  !graph.outputs.contains(output), readers[output]?.count == 1, let second = readers[output]?.first,
                  Self.layout(graph.operators[second], graph) != nil, graph.operators[second].inputs.first == output else { continue }
            // Weights (and the first's bias) must be constants only this pair uses.
            let owned = [op.inputs[1], graph.operators[second].inputs[1]] + (op.inputs.count > 2 && op.inputs[2] >= 0 ? [op.inputs[2]] : [])
            guard owned.allSatisfy({ graph.tensors[$0].floatValues != nil && readers[$0]?.count == 1 }) else { continue }
            pairs.append((first, second))
        }
        for _ in 0..<rounds {
            for (first, second) in pairs { equalize(&graph, first, second) }
        }
    }

    /// Where a layer's channels are: output channel axis and input channel axis of its
    /// filter; nil for anything else (a depthwise multiplier above 1 mixes the two).
    static func layout(_ op: Operator, _ graph: Graph) -> (output: Int, input: Int)? {
        guard op.inputs.count >= 2, op.kind.hasQuantizedWeights, let filter = op.kind.filterLayout,
              graph.tensors.indices.contains(op.inputs[1]) else { return nil }
        if case .depthwiseConv2D(let a) = op.kind, a.depthMultiplier != 1 { return nil }
        return (filter.outputChannelAxis, filter.inputChannelAxis(rank: graph.tensors[op.inputs[1]].shape.count))
    }

    static func isHomogeneous(_ kind: OperatorKind) -> Bool {
        switch kind {
        case .conv2D(let a), .depthwiseConv2D(let a): a.activation == .none || a.activation == .relu
        case .fullyConnected(let activation, _): activation == .none || activation == .relu
        default: false
        }
    }

    /// max |w| per index of `axis`.
    static func ranges(_ values: [Float], shape: [Int], axis: Int) -> [Float] {
        let inner = shape[(axis + 1)...].reduce(1, *)
        var peak = [Float](repeating: 0, count: shape[axis])
        for (i, v) in values.enumerated() {
            let c = (i / inner) % shape[axis]
            peak[c] = max(peak[c], abs(v))
        }
        return peak
    }

    static func scaled(_ values: [Float], shape: [Int], axis: Int, by factors: [Float]) -> [Float] {
        let inner = shape[(axis + 1)...].reduce(1, *)
        return values.enumerated().map { i, v in v * factors[(i / inner) % shape[axis]] }
    }

    func equalize(_ graph: inout Graph, _ first: Int, _ second: Int) {
        let op1 = graph.operators[first], op2 = graph.operators[second]
        guard let l1 = Self.layout(op1, graph), let l2 = Self.layout(op2, graph) else { return }
        let w1 = graph.tensors[op1.inputs[1]], w2 = graph.tensors[op2.inputs[1]]
        guard let v1 = w1.floatValues, let v2 = w2.floatValues, w1.shape[l1.output] == w2.shape[l2.input] else { return }
        let r1 = Self.ranges(v1, shape: w1.shape, axis: l1.output)
        let r2 = Self.ranges(v2, shape: w2.shape, axis: l2.input)
        let s = zip(r1, r2).map { a, b -> Float in a > 0 && b > 0 ? (a / b).squareRoot() : 1 }
        graph.tensors[op1.inputs[1]] = Tensor(name: w1.name, shape: w1.shape,
                                              floats: Self.scaled(v1, shape: w1.shape, axis: l1.output, by: s.map { 1 / $0 }))
        if op1.inputs.count > 2, op1.inputs[2] >= 0, let bias = graph.tensors[op1.inputs[2]].floatValues, bias.count == s.count {
            let b = graph.tensors[op1.inputs[2]]
            graph.tensors[op1.inputs[2]] = Tensor(name: b.name, shape: b.shape, floats: zip(bias, s).map { $0 / $1 })
        }
        graph.tensors[op2.inputs[1]] = Tensor(name: w2.name, shape: w2.shape,
                                              floats: Self.scaled(v2, shape: w2.shape, axis: l2.input, by: s))
    }
}
