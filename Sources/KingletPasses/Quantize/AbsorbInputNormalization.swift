import KingletIR

/// Moves a leading per-channel affine map (a Keras Normalization, or a BatchNormalization
/// right after the input, both canonicalized to MUL then ADD) out of the graph and into the
/// model input's `InputNormalization`.
///
/// Why: one int8 scale must serve every channel of an input. When the channels are raw
/// features of very different ranges (a tabular model with its Normalization inside), most
/// of them take one or two int8 values and the model sees constants. With the map applied
/// before quantization, the int8 input holds the normalized features, which share a range.
///
/// Taken only when the multipliers differ between channels (a uniform scale costs int8
/// nothing) and are finite and non-zero; the ADD is optional. `x·a + b` becomes
/// `(x − s)·a` with `s = −b / a`. The graph's input becomes the ADD's (or MUL's) output and
/// takes the input's name; the dropped tensors are left for `RemoveDeadOperators`.
public struct AbsorbInputNormalization: GraphPass {
    public let name = "absorb-input-normalization"
    public init() {}

    /// The names of the model inputs whose normalization was absorbed, after `run`.
    public private(set) var absorbed: [String] = []

    public func run(_ graph: inout Graph) throws {
        var copy = self
        try copy.absorb(&graph)
    }

    /// As `run`, recording which inputs changed in `absorbed`.
    public mutating func absorb(_ graph: inout Graph) throws {
        absorbed = []
        for position in graph.inputs.indices {
            let input = graph.inputs[position]
            guard graph.tensors[input].normalization == nil, graph.tensors[input].type == .float32,
                  let channels = graph.tensors[input].shape.last, channels > 1,
                  !graph.outputs.contains(input),
                  let (mulIndex, multipliers, scaled) = channelConstant(graph, reading: input, kind: .mul(activation: .none), channels: channels),
                  multipliers.count == channels,
                  multipliers.allSatisfy({ $0.isFinite && $0 != 0 }),
                  multipliers.contains(where: { $0 != multipliers[0] }) else { continue }
            var removed = [mulIndex]
            var result = scaled
            var shifts = [Float](repeating: 0, count: channels)
            if !graph.outputs.contains(scaled),
               let (addIndex, offsets, shifted) = channelConstant(graph, reading: scaled, kind: .add(activation: .none), channels: channels) {
                let perChannel = offsets.count == 1 ? [Float](repeating: offsets[0], count: channels) : offsets
                shifts = zip(perChannel, multipliers).map { -$0 / $1 }
                guard shifts.allSatisfy(\.isFinite) else { continue }
                removed.append(addIndex)
                result = shifted
            }
            guard !graph.outputs.contains(result) else { continue }
            let inputName = graph.tensors[input].name
            graph.tensors[input].name = graph.tensors[result].name
            graph.tensors[result].name = inputName
            graph.tensors[result].normalization = InputNormalization(shifts: shifts, multipliers: multipliers)
            graph.inputs[position] = result
            graph.operators = graph.operators.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
            absorbed.append(inputName)
        }
    }

    /// The only reader of `tensor` when it is a `kind` operator (MUL or ADD, no fused
    /// activation) of `tensor` and a float constant with one value or one per channel (all
    /// leading dimensions 1), that constant's values and the operator's output.
    private func channelConstant(_ graph: Graph, reading tensor: Int, kind: OperatorKind,
                                 channels: Int) -> (Int, [Float], Int)? {
        let readers = graph.operators.indices.filter { graph.operators[$0].inputs.contains(tensor) }
        guard readers.count == 1 else { return nil }
        let op = graph.operators[readers[0]]
        guard op.kind == kind, op.inputs.count == 2, op.outputs.count == 1,
              op.inputs[0] != op.inputs[1] else { return nil }
        let other = op.inputs[0] == tensor ? op.inputs[1] : op.inputs[0]
        guard graph.tensors.indices.contains(other), let values = graph.tensors[other].floatValues,
              values.count == 1 || values.count == channels,
              graph.tensors[other].shape.dropLast().allSatisfy({ $0 == 1 }),
              graph.tensors[op.outputs[0]].shape == graph.tensors[tensor].shape else { return nil }
        return (readers[0], values, op.outputs[0])
    }
}
