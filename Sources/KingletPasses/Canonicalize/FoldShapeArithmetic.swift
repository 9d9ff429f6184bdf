import KingletIR

/// Evaluates the shape arithmetic the TFLite converter emits for Keras `Flatten` and
/// `Reshape` with a dynamic batch (SHAPE → STRIDED_SLICE → PACK feeding RESHAPE): every shape
/// is static here, so these operators become int32 constants and disappear.
public struct FoldShapeArithmetic: GraphPass {
    public let name = "fold-shape-arithmetic"
    public init() {}

    public func run(_ graph: inout Graph) throws {
        var kept: [Operator] = []
        for (index, op) in graph.operators.enumerated() {
            let values: [Int]?
            switch op.kind {
            case .shape:
                values = graph.tensors[op.inputs[0]].shape
            case .stridedSlice(let attributes):
                values = try slice(op, attributes, graph, index)
            case .pack(let axis):
                values = try pack(op, axis: axis, graph, index)
            default:
                values = nil
            }
            guard let values, op.outputs.count == 1 else {
                kept.append(op)
                continue
            }
            var output = graph.tensors[op.outputs[0]]
            guard output.type == .int32 || output.type == .int64 else {
                throw PassError("operator \(index) (\(op.kind.name)): produces \(output.type), expected an int32 shape")
            }
            guard output.elementCount == values.count else {
                throw PassError("operator \(index) (\(op.kind.name)): computes \(values.count) values, but its output '\(output.name)' has shape \(output.shape)")
            }
            output.data = Self.encode(values, as: output.type)
            graph.tensors[op.outputs[0]] = output
        }
        graph.operators = kept
        try RemoveDeadOperators().run(&graph)
    }

    /// STRIDED_SLICE of a constant 1-D integer tensor (the only form shape arithmetic uses).
    private func slice(_ op: Operator, _ a: StridedSliceAttributes, _ graph: Graph, _ index: Int) throws -> [Int]? {
        guard op.inputs.count == 4,
              let input = graph.tensors[op.inputs[0]].integerValues,
              let begin = graph.tensors[op.inputs[1]].integerValues,
              let end = graph.tensors[op.inputs[2]].integerValues,
              let strides = graph.tensors[op.inputs[3]].integerValues else { return nil }
        guard graph.tensors[op.inputs[0]].shape.count == 1, begin.count == 1, end.count == 1,
              strides.count == 1, a.ellipsisMask == 0, a.newAxisMask == 0 else {
            throw PassError("operator \(index) (STRIDED_SLICE): only 1-D slices of constant shapes are supported")
        }
        let n = input.count
        let step = strides[0]
        guard step != 0 else { throw PassError("operator \(index) (STRIDED_SLICE): stride 0") }
        func clamp(_ i: Int, _ low: Int, _ high: Int) -> Int { min(max(i, low), high) }
        var start = begin[0] < 0 ? begin[0] + n : begin[0]
        var stop = end[0] < 0 ? end[0] + n : end[0]
        if step > 0 {
            start = a.beginMask & 1 != 0 ? 0 : clamp(start, 0, n)
            stop = a.endMask & 1 != 0 ? n : clamp(stop, 0, n)
        } else {
            start = a.beginMask & 1 != 0 ? n - 1 : clamp(start, -1, n - 1)
            stop = a.endMask & 1 != 0 ? -1 : clamp(stop, -1, n - 1)
        }
        if a.shrinkAxisMask & 1 != 0 {
            guard (0..<n).contains(start) else {
                throw PassError("operator \(index) (STRIDED_SLICE): index \(begin[0]) out of range for \(n) values")
            }
            return [input[start]]
        }
        return Array(stride(from: start, to: stop, by: step)).map { input[$0] }
    }

    /// PACK of constant scalars or equal-length vectors along axis 0.
    private func pack(_ op: Operator, axis: Int, _ graph: Graph, _ index: Int) throws -> [Int]? {
        var parts: [[Int]] = []
        for input in op.inputs {
            guard input >= 0, let values = graph.tensors[input].integerValues else { return nil }
            parts.append(values)
        }
        guard axis == 0 || parts.allSatisfy({ $0.count == 1 }) else {
            throw PassError("operator \(index) (PACK): only packing along axis 0 is supported for shapes")
        }
        return parts.flatMap { $0 }
    }

    static func encode(_ values: [Int], as type: TensorType) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values {
            let width = type == .int64 ? 8 : 4
            let bits = UInt64(bitPattern: Int64(value))
            for k in 0..<width { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
        }
        return bytes
    }
}
