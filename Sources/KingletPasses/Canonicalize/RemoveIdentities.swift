import KingletIR

/// Drops IDENTITY operators (Keras Dropout, GaussianNoise, … at inference), and RESHAPE and
/// SQUEEZE operators whose output shape equals their input shape, making every reader of
/// the output read the input instead.
///
/// When the dropped output is a model output, the input tensor becomes that model output
/// and takes the output's name (the two tensors swap names, so names stay unique and
/// reports keep showing the Keras output name). When the input is itself a model input, a
/// constant, or already a model output, the operator stays: one tensor cannot stand for both.
/// An IDENTITY whose output holds as many elements as its input but in another shape is
/// kept as a RESHAPE; one that changes the element count or type is malformed.
public struct RemoveIdentities: GraphPass {
    public let name = "remove-identities"
    public init() {}

    public func run(_ graph: inout Graph) throws {
        var replacement: [Int: Int] = [:]
        var kept: [Operator] = []
        kept.reserveCapacity(graph.operators.count)
        for (index, original) in graph.operators.enumerated() {
            var op = original
            op.inputs = op.inputs.map { replacement[$0] ?? $0 }
            guard let (input, output) = try removable(&op, index, graph) else {
                kept.append(op)
                continue
            }
            if graph.outputs.contains(output) {
                if graph.inputs.contains(input) || graph.outputs.contains(input) || graph.tensors[input].isConstant {
                    kept.append(op)
                    continue
                }
                graph.outputs = graph.outputs.map { $0 == output ? input : $0 }
                let outputName = graph.tensors[output].name
                graph.tensors[output].name = graph.tensors[input].name
                graph.tensors[input].name = outputName
            }
            replacement[output] = input
        }
        graph.operators = kept
    }

    /// The (input, output) of an operator this pass removes, or nil to keep it. May turn a
    /// shape-changing IDENTITY into a RESHAPE.
    private func removable(_ op: inout Operator, _ index: Int, _ graph: Graph) throws -> (Int, Int)? {
        let isIdentity: Bool
        switch op.kind {
        case .identity: isIdentity = true
        case .reshape, .squeeze: isIdentity = false
        default: return nil
        }
        // RESHAPE may carry its new shape as a second input.
        let inputCounts = op.kind == .reshape ? 1...2 : 1...1
        guard inputCounts.contains(op.inputs.count), op.outputs.count == 1 else {
            throw PassError("\(name): \(op.label(at: index)) has \(op.inputs.count) inputs and \(op.outputs.count) outputs; expected \(inputCounts.lowerBound == inputCounts.upperBound ? "1" : "1 or 2") and 1")
        }
        guard let input = graph.tensorIndex(op.inputs[0]), let output = graph.tensorIndex(op.outputs[0]) else {
            throw PassError("\(name): \(op.label(at: index)) refers to a missing tensor (inputs \(op.inputs), outputs \(op.outputs))")
        }
        let source = graph.tensors[input], result = graph.tensors[output]
        if source.shape == result.shape && source.type == result.type {
            return (input, output)
        }
        guard isIdentity else { return nil }
        guard source.type == result.type, source.elementCount == result.elementCount else {
            throw PassError("\(name): \(op.label(at: index)) turns '\(source.name)' \(source.type) \(source.shape) into '\(result.name)' \(result.type) \(result.shape)")
        }
        op.kind = .reshape
        op.inputs = [input]
        return nil
    }
}
