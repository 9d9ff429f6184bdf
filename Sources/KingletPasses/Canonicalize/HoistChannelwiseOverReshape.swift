import KingletIR

/// Moves per-channel operators (BATCH_NORMALIZATION, RELU, RELU6, and CLAMPED_RELU) from
/// after a RESHAPE/SQUEEZE to before it when the reshape keeps the last (channel) axis: they
/// act on each element by its channel only, so the order does not matter, and before the
/// reshape they meet the convolution they can fold or fuse into. Keras's Conv1D is a CONV_2D
/// between two reshapes, so `Conv1D → BatchNormalization → ReLU` needs this to fold.
public struct HoistChannelwiseOverReshape: GraphPass {
    public let name = "hoist-channelwise-over-reshape"
    public init() {}

    static func isChannelwise(_ kind: OperatorKind) -> Bool {
        switch kind {
        case .batchNormalization, .relu, .relu6, .clampedRelu: true
        default: false
        }
    }

    public func run(_ graph: inout Graph) throws {
        var changed = true
        var rounds = 0
        while changed && rounds < graph.operators.count + 1 {
            changed = false
            rounds += 1
            var readers: [Int: [Int]] = [:]
            for (index, op) in graph.operators.enumerated() {
                for input in op.inputs where input >= 0 { readers[input, default: []].append(index) }
            }
            for (r, reshape) in graph.operators.enumerated() {
                switch reshape.kind {
                case .reshape, .squeeze: break
                default: continue
                }
                guard let source = reshape.inputs.first, source >= 0, let output = reshape.outputs.first,
                      !graph.outputs.contains(output), readers[output]?.count == 1, let b = readers[output]?.first, b > r,
                      Self.isChannelwise(graph.operators[b].kind), graph.operators[b].inputs.first == output,
                      graph.operators[b].inputs.dropFirst().allSatisfy({ $0 < 0 || graph.tensors[$0].isConstant }),
                      let sourceChannels = graph.tensors[source].shape.last,
                      sourceChannels == graph.tensors[output].shape.last else { continue }
                var channelwise = graph.operators[b]
                let result = channelwise.outputs[0]
                // The channel-wise operator now reads the reshape's input and writes a new
                // tensor of that shape; the reshape then writes the old result.
                let moved = graph.add(Tensor(name: "\(graph.tensors[result].name)/before_reshape", type: graph.tensors[result].type,
                                             shape: graph.tensors[source].shape))
                channelwise.inputs[0] = source
                channelwise.outputs = [moved]
                var newReshape = reshape
                newReshape.inputs[0] = moved
                newReshape.outputs = [result]
                graph.operators.remove(at: b)
                graph.operators[r] = newReshape
                graph.operators.insert(channelwise, at: r)
                changed = true
                break
            }
        }
    }
}
