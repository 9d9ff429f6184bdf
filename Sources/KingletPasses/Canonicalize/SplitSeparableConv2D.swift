import KingletIR

/// Splits SEPARABLE_CONV_2D into the two operators it stands for, in place:
/// DEPTHWISE_CONV_2D (the separable operator's strides, dilation, padding and depth
/// multiplier; no activation, no bias) into a new float32 tensor [N, OH, OW, in·dm], then a
/// 1×1 CONV_2D (stride 1, VALID) with the pointwise filter, the bias and the activation
/// into the original output. The operators are named "<layer>/depthwise" and
/// "<layer>/pointwise".
public struct SplitSeparableConv2D: GraphPass {
    public let name = "split-separable-conv2d"
    public init() {}

    public func run(_ graph: inout Graph) throws {
        var operators: [Operator] = []
        operators.reserveCapacity(graph.operators.count)
        for (index, op) in graph.operators.enumerated() {
            guard case .separableConv2D(let attributes) = op.kind else {
                operators.append(op)
                continue
            }
            operators.append(contentsOf: try split(op, attributes, index, &graph))
        }
        graph.operators = operators
    }

    private func split(_ op: Operator, _ a: Conv2DAttributes, _ index: Int,
                       _ graph: inout Graph) throws -> [Operator] {
        let label = op.label(at: index)
        func fail(_ reason: String) -> PassError { PassError("\(name): \(label): \(reason)") }
        guard (3...4).contains(op.inputs.count), op.outputs.count == 1 else {
            throw fail("has \(op.inputs.count) inputs and \(op.outputs.count) outputs; expected input, depthwise filter, pointwise filter, bias or -1, and 1 output")
        }
        guard let input = graph.tensorIndex(op.inputs[0]),
              let depthwiseFilter = graph.tensorIndex(op.inputs[1]),
              let pointwiseFilter = graph.tensorIndex(op.inputs[2]),
              let output = graph.tensorIndex(op.outputs[0]) else {
            throw fail("refers to a missing tensor (inputs \(op.inputs), outputs \(op.outputs))")
        }
        let bias = op.inputs.count == 4 ? op.inputs[3] : -1
        if bias >= 0, graph.tensorIndex(bias) == nil {
            throw fail("refers to a missing bias tensor \(bias)")
        }
        let x = graph.tensors[input].shape, y = graph.tensors[output].shape
        let dw = graph.tensors[depthwiseFilter].shape, pw = graph.tensors[pointwiseFilter].shape
        guard x.count == 4, y.count == 4 else {
            throw fail("input \(x) and output \(y) must both be NHWC")
        }
        guard a.depthMultiplier >= 1 else { throw fail("depth multiplier \(a.depthMultiplier)") }
        let middle = x[3] * a.depthMultiplier
        guard dw.count == 4, dw[0] == 1, dw[3] == middle else {
            throw fail("depthwise filter \(dw) must be [1, kh, kw, \(middle)] for \(x[3]) input channels × depth multiplier \(a.depthMultiplier)")
        }
        guard pw == [y[3], 1, 1, middle] else {
            throw fail("pointwise filter \(pw) must be [\(y[3]), 1, 1, \(middle)]")
        }
        if bias >= 0, graph.tensors[bias].shape != [y[3]] {
            throw fail("bias \(graph.tensors[bias].shape) must be [\(y[3])]")
        }

        let base = graph.baseName(of: op)
        let intermediate = graph.addFloat("\(base)/depthwise",
                                        shape: [y[0], y[1], y[2], middle])
        var depthwise = a
        depthwise.activation = .none
        let pointwise = Conv2DAttributes(strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
                                         padding: .valid, activation: a.activation, depthMultiplier: 1)
        return [
            Operator(kind: .depthwiseConv2D(depthwise), inputs: [input, depthwiseFilter, -1],
                     outputs: [intermediate], name: "\(base)/depthwise"),
            Operator(kind: .conv2D(pointwise), inputs: [intermediate, pointwiseFilter, bias],
                     outputs: [output], name: "\(base)/pointwise"),
        ]
    }
}
