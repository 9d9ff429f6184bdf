import KingletIR

/// Removes BATCH_NORMALIZATION, which at inference is y = x · scale + shift per channel of
/// the last axis, with scale = gamma / sqrt(variance + ε) and shift = beta − mean · scale
/// (computed in Double, stored as Float).
///
/// When the normalized tensor comes from CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED or
/// TRANSPOSE_CONV without a fused activation, nothing else reads it and it is not a model
/// output, and the producer's filter is a float constant that no other operator reads (and
/// its bias is absent or a float constant), the normalization folds into the producer: the
/// filter's values for output channel o are multiplied by scale[o], the bias becomes
/// bias · scale + shift (a new constant when there was none, or when another operator also
/// reads the old one), and the producer writes the normalization's output.
///
/// Otherwise the normalization becomes MUL(x, scale) then ADD(·, shift), with [C]
/// constants broadcast over the last axis, named "<layer>/scale" and "<layer>/shift".
public struct FoldBatchNormalization: GraphPass {
    public let name = "fold-batch-normalization"
    public init() {}

    /// A normalization's operands and its per-channel affine form.
    private struct Normalization {
        let input: Int
        let output: Int
        let scale: [Double]
        let shift: [Double]
        let label: String
        let base: String
    }

    public func run(_ graph: inout Graph) throws {
        // Counts from the graph as given; tensors this pass creates are read by one operator.
        let reads = graph.readCounts()
        let boundary = Set(graph.inputs + graph.outputs)
        let readElsewhere = { (tensor: Int) in
            tensor < reads.count && reads[tensor] > 1 || boundary.contains(tensor)
        }
        var producer: [Int: Int] = [:]
        var operators: [Operator] = []
        operators.reserveCapacity(graph.operators.count)
        for (index, op) in graph.operators.enumerated() {
            guard case .batchNormalization(let epsilon) = op.kind else {
                for output in op.outputs { producer[output] = operators.count }
                operators.append(op)
                continue
            }
            let bn = try normalization(op, epsilon: epsilon, index, graph)
            if let position = producer[bn.input], reads[bn.input] == 1, !graph.outputs.contains(bn.input),
               try fold(bn, into: &operators[position], at: position, &graph, readElsewhere) {
                producer[bn.output] = position
            } else {
                operators.append(contentsOf: standalone(bn, &graph))
                producer[bn.output] = operators.count - 1
            }
        }
        graph.operators = operators
    }

    /// Checks a BATCH_NORMALIZATION and computes its scale and shift.
    private func normalization(_ op: Operator, epsilon: Float, _ index: Int,
                               _ graph: Graph) throws -> Normalization {
        let label = op.label(at: index)
        func fail(_ reason: String) -> PassError { PassError("\(name): \(label): \(reason)") }
        guard op.inputs.count == 5, op.outputs.count == 1 else {
            throw fail("has \(op.inputs.count) inputs and \(op.outputs.count) outputs; expected input, gamma or -1, beta or -1, moving mean, moving variance, and 1 output")
        }
        guard let input = graph.tensorIndex(op.inputs[0]), let output = graph.tensorIndex(op.outputs[0]),
              op.inputs[1] == -1 || graph.tensorIndex(op.inputs[1]) != nil,
              op.inputs[2] == -1 || graph.tensorIndex(op.inputs[2]) != nil,
              graph.tensorIndex(op.inputs[3]) != nil, graph.tensorIndex(op.inputs[4]) != nil else {
            throw fail("refers to a missing tensor (inputs \(op.inputs), outputs \(op.outputs))")
        }
        let x = graph.tensors[input], y = graph.tensors[output]
        guard x.type == .float32, y.type == .float32 else {
            throw fail("normalizes \(x.type) into \(y.type); only float32 is supported")
        }
        guard let channels = x.shape.last else { throw fail("input '\(x.name)' is a scalar") }
        guard y.shape == x.shape else {
            throw fail("output '\(y.name)' \(y.shape) differs from input '\(x.name)' \(x.shape)")
        }
        func parameter(_ slot: Int, _ role: String, absent: Double?) throws -> [Double] {
            let tensorIndex = op.inputs[slot]
            if tensorIndex == -1, let absent { return [Double](repeating: absent, count: channels) }
            let tensor = graph.tensors[tensorIndex]
            guard tensor.isConstant, let values = tensor.floatValues else {
                throw fail("\(role) '\(tensor.name)' is not a float32 constant; batch normalization needs constant parameters to be folded or rewritten")
            }
            guard tensor.shape == [channels], values.count == channels else {
                throw fail("\(role) '\(tensor.name)' has shape \(tensor.shape); the input '\(x.name)' \(x.shape) has \(channels) channels on its last axis")
            }
            return values.map(Double.init)
        }
        let gamma = try parameter(1, "gamma", absent: 1)
        let beta = try parameter(2, "beta", absent: 0)
        let mean = try parameter(3, "moving mean", absent: nil)
        let variance = try parameter(4, "moving variance", absent: nil)
        var scale = [Double](), shift = [Double]()
        for c in 0..<channels {
            let denominator = variance[c] + Double(epsilon)
            guard denominator > 0, denominator.isFinite else {
                throw fail("channel \(c): variance \(variance[c]) + epsilon \(epsilon) is not positive")
            }
            scale.append(gamma[c] / denominator.squareRoot())
            shift.append(beta[c] - mean[c] * scale[c])
        }
        return Normalization(input: input, output: output, scale: scale, shift: shift,
                             label: label, base: graph.baseName(of: op))
    }

    /// Folds `bn` into the operator that writes its input, if that operator allows it.
    private func fold(_ bn: Normalization, into producer: inout Operator, at position: Int,
                      _ graph: inout Graph, _ readElsewhere: (Int) -> Bool) throws -> Bool {
        guard let layout = producer.kind.filterLayout else { return false }
        guard producer.fusedActivation == Activation.none, producer.outputs == [bn.input] else { return false }
        let label = producer.label(at: position)
        func fail(_ reason: String) -> PassError {
            PassError("\(name): \(bn.label) cannot fold into \(label): \(reason)")
        }
        guard (2...3).contains(producer.inputs.count) else {
            throw fail("it has \(producer.inputs.count) inputs; expected input, filter, bias or -1")
        }
        guard let filterIndex = graph.tensorIndex(producer.inputs[1]) else {
            throw fail("it refers to a missing filter tensor \(producer.inputs[1])")
        }
        let biasIndex = producer.inputs.count == 3 ? producer.inputs[2] : -1
        if biasIndex != -1, graph.tensorIndex(biasIndex) == nil {
            throw fail("it refers to a missing bias tensor \(biasIndex)")
        }
        let filter = graph.tensors[filterIndex]
        guard filter.isConstant, var weights = filter.floatValues, !readElsewhere(filterIndex) else {
            return false
        }
        var bias: [Float]? = nil
        if biasIndex != -1 {
            guard graph.tensors[biasIndex].isConstant, let values = graph.tensors[biasIndex].floatValues else {
                return false
            }
            bias = values
        }

        let channels = bn.scale.count
        let expectedRank = if case .fullyConnected = producer.kind { 2 } else { 4 }
        let axis = layout.outputChannelAxis
        guard filter.shape.count == expectedRank, filter.shape[axis] == channels, weights.count == filter.elementCount else {
            throw fail("its filter '\(filter.name)' \(filter.shape) does not have \(channels) output channels on axis \(axis)")
        }
        if let bias, bias.count != channels || graph.tensors[biasIndex].shape != [channels] {
            throw fail("its bias '\(graph.tensors[biasIndex].name)' \(graph.tensors[biasIndex].shape) is not [\(channels)]")
        }

        for i in weights.indices {
            let channel = layout.outputChannel(ofElement: i, shape: filter.shape)
            weights[i] = Float(Double(weights[i]) * bn.scale[channel])
        }
        graph.tensors[filterIndex] = Tensor(name: filter.name, shape: filter.shape, floats: weights)

        let folded = (0..<channels).map { o in
            Float(Double(bias?[o] ?? 0) * bn.scale[o] + bn.shift[o])
        }
        if bias != nil, !readElsewhere(biasIndex) {
            let old = graph.tensors[biasIndex]
            graph.tensors[biasIndex] = Tensor(name: old.name, shape: old.shape, floats: folded)
        } else {
            let base = bias == nil ? "\(graph.baseName(of: producer))/bias" : graph.tensors[biasIndex].name
            let newBias = graph.addFloat(base, shape: [channels], values: folded)
            if producer.inputs.count == 3 { producer.inputs[2] = newBias } else { producer.inputs.append(newBias) }
        }
        producer.outputs = [bn.output]
        return true
    }

    /// MUL(x, scale) → ADD(·, shift), broadcast over the last axis.
    private func standalone(_ bn: Normalization, _ graph: inout Graph) -> [Operator] {
        let channels = bn.scale.count
        let scale = graph.addFloat("\(bn.base)/scale", shape: [channels], values: bn.scale.map(Float.init))
        let shift = graph.addFloat("\(bn.base)/shift", shape: [channels], values: bn.shift.map(Float.init))
        let scaled = graph.addFloat("\(bn.base)/scaled", shape: graph.tensors[bn.input].shape)
        return [
            Operator(kind: .mul(activation: .none), inputs: [bn.input, scale], outputs: [scaled],
                     name: "\(bn.base)/scale"),
            Operator(kind: .add(activation: .none), inputs: [scaled, shift], outputs: [bn.output],
                     name: "\(bn.base)/shift"),
        ]
    }
}
