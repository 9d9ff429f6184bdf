import KingletIR

extension KglLowering {
    /// CONCATENATION, as TFLite Micro prepares it (concatenation.cc ConcatenationPrepare): no
    /// fused activation; every input of the output's type; for int8 every input's scale and
    /// zero point exactly the output's (TFLite Micro refuses to rescale), for int16 zero
    /// points 0. A negative axis counts from the end of the output's rank. The kernel copies
    /// bytes.
    mutating func lowerConcatenation(_ context: OperatorContext, axis: Int,
                                     activation: Activation) throws(FormatError) {
        guard activation == .none else {
            throw context.error("fused activation \(activation) is not supported (TFLite Micro requires none)")
        }
        let outputIndex = try context.output(0)
        let output = tensor(outputIndex)
        guard !context.op.inputs.isEmpty, context.op.inputs.count <= 255 else {
            throw context.error("has \(context.op.inputs.count) inputs; 1 to 255 are supported")
        }
        var inputs: [Int] = []
        for i in context.op.inputs.indices { inputs.append(try context.input(i)) }
        guard [.int8, .int16, .int32, .float32].contains(output.type) else {
            throw context.error("output '\(output.name)' is \(output.type); int8, int16, int32 or float32 expected")
        }
        let rank = output.shape.count
        guard rank >= 1, rank <= FormatSpec.maxRank, output.shape.allSatisfy({ $0 > 0 }) else {
            throw context.error("output '\(output.name)' has shape \(output.shape), expected 1 to \(FormatSpec.maxRank) positive dimensions")
        }
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < rank else {
            throw context.error("axis \(axis) is out of range for rank \(rank)")
        }
        var total = 0
        for (i, index) in inputs.enumerated() {
            let t = tensor(index)
            guard t.type == output.type else {
                throw context.error("input \(i) '\(t.name)' is \(t.type), the output is \(output.type)")
            }
            guard t.shape.count == rank, t.shape.allSatisfy({ $0 > 0 }),
                  (0..<rank).allSatisfy({ $0 == resolved || t.shape[$0] == output.shape[$0] }) else {
                throw context.error("input \(i) '\(t.name)' has shape \(t.shape), which does not fit output \(output.shape) along axis \(resolved)")
            }
            total += t.shape[resolved]
        }
        guard total == output.shape[resolved] else {
            throw context.error("inputs add up to \(total) along axis \(resolved), the output has \(output.shape[resolved])")
        }
        if output.type == .int8 || output.type == .int16 {
            let outQ = try quantization(outputIndex, context)
            for (i, index) in inputs.enumerated() {
                let q = try quantization(index, context)
                if output.type == .int8 {
                    guard q.scale == outQ.scale, q.zeroPoint == outQ.zeroPoint else {
                        throw context.error("input \(i) '\(tensor(index).name)' (scale \(q.scale), zero point \(q.zeroPoint)) and the output (scale \(outQ.scale), zero point \(outQ.zeroPoint)) are quantized differently; TFLite Micro's int8 CONCATENATION does not rescale")
                    }
                } else {
                    guard q.zeroPoint == 0, outQ.zeroPoint == 0 else {
                        throw context.error("int16 CONCATENATION needs zero points 0")
                    }
                }
            }
        }
        var options = OptionSlots<ConcatenationOptions>()
        options[.axis] = Int32(resolved)
        try emit(.concatenation, context, inputs: inputs, outputs: [outputIndex], options: options.values)
    }
}
