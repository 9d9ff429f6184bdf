import KingletIR

extension KglLowering {
    /// PAD and PADV2, as TFLite Micro prepares them (pad_common.cc PadPrepare): constant
    /// paddings [rank, 2] (before, after per axis), rank ≤ 5, output dims = input dims plus
    /// both paddings. The pad value is the output zero point, or the constant scalar of a
    /// third input, which must then share the output's scale and zero point. Input and
    /// output bytes are copied unchanged, as in TFLite Micro (which does not compare their
    /// quantization).
    mutating func lowerPad(_ context: OperatorContext) throws(FormatError) {
        let inputIndex = try context.input(0)
        let paddingsIndex = try context.input(1)
        let outputIndex = try context.output(0)
        let input = tensor(inputIndex)
        let output = tensor(outputIndex)
        for (t, role) in [(input, "input"), (output, "output")] {
            guard t.type == .int8 else {
                throw context.error("\(role) '\(t.name)' is \(t.type); only int8 is supported")
            }
            guard t.shape.count <= Self.padMaxRank, t.shape.allSatisfy({ $0 > 0 }) else {
                throw context.error("\(role) '\(t.name)' has shape \(t.shape), expected at most \(Self.padMaxRank) positive dimensions")
            }
        }
        let rank = input.shape.count
        guard output.shape.count == rank else {
            throw context.error("input rank \(rank) and output rank \(output.shape.count) differ")
        }
        let paddings = tensor(paddingsIndex)
        guard paddings.type == .int32 || paddings.type == .int64, let values = paddings.integerValues else {
            throw context.error("paddings '\(paddings.name)' must be a constant int32 or int64 tensor")
        }
        guard values.count == 2 * rank else {
            throw context.error("paddings '\(paddings.name)' has \(values.count) values, expected \(2 * rank) ([\(rank), 2])")
        }
        var options = OptionSlots<PadOptions>()
        let before: [PadOptions] = [.before0, .before1, .before2, .before3, .before4]
        let after: [PadOptions] = [.after0, .after1, .after2, .after3, .after4]
        for axis in 0..<rank {
            let (b, a) = (values[2 * axis], values[2 * axis + 1])
            guard b >= 0, a >= 0, b <= Int(Int32.max), a <= Int(Int32.max),
                  input.shape[axis] + b + a == output.shape[axis] else {
                throw context.error("axis \(axis): input \(input.shape[axis]) padded by (\(b), \(a)) does not give output \(output.shape[axis]) (paddings must be non-negative)")
            }
            let slot = axis + Self.padMaxRank - rank
            options[before[slot]] = Int32(b)
            options[after[slot]] = Int32(a)
        }
        let outQ = try quantization(outputIndex, context)
        let padValue: Int
        let inputs = context.op.inputs
        if inputs.count > 2, inputs[2] >= 0 {
            let constant = tensor(inputs[2])
            guard constant.type == .int8, let data = constant.data, data.count == 1 else {
                throw context.error("constant value '\(constant.name)' must be a constant int8 scalar")
            }
            let cq = try quantization(inputs[2], context)
            guard cq.zeroPoint == outQ.zeroPoint, cq.scale == outQ.scale else {
                throw context.error("constant value quantization (scale \(cq.scale), zero point \(cq.zeroPoint)) differs from the output's (scale \(outQ.scale), zero point \(outQ.zeroPoint))")
            }
            padValue = Int(Int8(bitPattern: data[0]))
        } else {
            guard (-128...127).contains(outQ.zeroPoint) else {
                throw context.error("output zero point \(outQ.zeroPoint) is not an int8 value")
            }
            padValue = outQ.zeroPoint
        }
        options[.padValue] = Int32(padValue)
        try emit(.pad, context, inputs: [inputIndex], outputs: [outputIndex], options: options.values)
    }

    /// TFLite Micro's PadKernelMaxDimensionCount.
    static let padMaxRank = 5
}
