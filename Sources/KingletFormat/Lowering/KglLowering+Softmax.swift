import KingletIR

extension KglLowering {
    /// SOFTMAX over the last axis, prepared as TFLite Micro's softmax_common.cc does for int8:
    /// PreprocessSoftmaxScaling (beta · input scale · 2^26 in double, capped at 2^31 − 1, as a
    /// Q31 multiplier and left shift: differences become Q5.26) and diff_min =
    /// −CalculateInputRadius(5, shift) = −floor(31 · 2^26 / 2^shift). The output must be
    /// quantized with scale 1/256 and zero point −128, as TFLite Micro requires.
    mutating func lowerSoftmax(_ context: OperatorContext, beta: Float) throws(FormatError) {
        let (input, output) = try unaryOperands(context)
        guard !tensor(input).shape.isEmpty else {
            throw context.error("input '\(tensor(input).name)' is a scalar; SOFTMAX needs at least one axis")
        }
        let inputQ = try int8Quantization(input, context)
        let outputQ = try int8Quantization(output, context)
        guard outputQ.scale == 1 / 256, outputQ.zeroPoint == -128 else {
            throw context.error("output '\(tensor(output).name)' has scale \(outputQ.scale) and zero point \(outputQ.zeroPoint); TFLite Micro's int8 SOFTMAX writes scale 1/256 (0.00390625) with zero point -128")
        }
        let scaledDiffIntegerBits = 5
        let real = min(Double(beta) * Double(inputQ.scale) * Double(1 << (31 - scaledDiffIntegerBits)),
                       Double((1 << 31) - 1))
        // TFLite Micro's QuantizeMultiplierGreaterThanOne stops the interpreter otherwise.
        guard real > 1 else {
            throw context.error("beta \(beta) times input scale \(inputQ.scale) is \(Double(beta) * Double(inputQ.scale)), below 2^-26: TFLite Micro's int8 SOFTMAX cannot represent it")
        }
        let multiplier = QuantizedMultiplier(real)
        let radius = (Double((1 << scaledDiffIntegerBits) - 1) * Double(1 << (31 - scaledDiffIntegerBits))
            / Double(Int64(1) << Int64(multiplier.shift))).rounded(.down)
        var options = OptionSlots<SoftmaxOptions>()
        options[.inputMultiplier] = multiplier.multiplier
        options[.inputLeftShift] = multiplier.shift
        options[.diffMin] = -Int32(radius)
        try emit(.softmax, context, inputs: [input], outputs: [output], options: options.values)
    }
}
