import KingletIR

/// Fuses a separate RELU or RELU6 (or a CLAMPED_RELU that is exactly one of them: no
/// negative slope, threshold 0, no cap or a cap of 6) into the operator that writes its
/// input, when that operator is CONV_2D, DEPTHWISE_CONV_2D, SEPARABLE_CONV_2D,
/// TRANSPOSE_CONV, FULLY_CONNECTED, AVERAGE_POOL_2D, MAX_POOL_2D, ADD, MUL, SUB or
/// CONCATENATION without a fused activation, and nothing else reads the tensor between
/// them and it is not a model output. The producer then writes the activation's output.
public struct FuseActivations: GraphPass {
    public let name = "fuse-activations"
    public init() {}

    public func run(_ graph: inout Graph) throws {
        let reads = graph.readCounts()
        let outputs = Set(graph.outputs)
        var producer: [Int: Int] = [:]
        var operators: [Operator] = []
        operators.reserveCapacity(graph.operators.count)
        for (index, op) in graph.operators.enumerated() {
            guard let activation = try fusible(op, index, graph),
                  let position = producer[op.inputs[0]],
                  reads[op.inputs[0]] == 1, !outputs.contains(op.inputs[0]),
                  operators[position].outputs == [op.inputs[0]],
                  operators[position].fusedActivation == Activation.none,
                  var fused = operators[position].withFusedActivation(activation) else {
                for output in op.outputs { producer[output] = operators.count }
                operators.append(op)
                continue
            }
            fused.outputs = op.outputs
            operators[position] = fused
            producer[op.outputs[0]] = position
        }
        graph.operators = operators
    }

    /// The activation a RELU-like operator stands for (checking its operands), or nil.
    private func fusible(_ op: Operator, _ index: Int, _ graph: Graph) throws -> Activation? {
        let activation: Activation
        switch op.kind {
        case .relu:
            activation = .relu
        case .relu6:
            activation = .relu6
        case .clampedRelu(nil, 0, 0):
            activation = .relu
        case .clampedRelu(6, 0, 0):
            activation = .relu6
        default:
            return nil
        }
        guard op.inputs.count == 1, op.outputs.count == 1 else {
            throw PassError("\(name): \(op.label(at: index)) has \(op.inputs.count) inputs and \(op.outputs.count) outputs; expected 1 and 1")
        }
        guard let input = graph.tensorIndex(op.inputs[0]), let output = graph.tensorIndex(op.outputs[0]) else {
            throw PassError("\(name): \(op.label(at: index)) refers to a missing tensor (inputs \(op.inputs), outputs \(op.outputs))")
        }
        let x = graph.tensors[input], y = graph.tensors[output]
        guard x.shape == y.shape, x.type == y.type else {
            throw PassError("\(name): \(op.label(at: index)) turns '\(x.name)' \(x.type) \(x.shape) into '\(y.name)' \(y.type) \(y.shape)")
        }
        return activation
    }
}
