import KingletIR

extension KglLowering {
    /// LOGISTIC and TANH, prepared as TFLite Micro's int8 LOGISTIC / TANH prepare does: the
    /// input scale · 2^27 (to Q4.27) as a Q31 multiplier and left shift via frexp, and the
    /// input range radius CalculateInputRadius(4, shift) = floor(15 · 2^27 / 2^shift), beyond
    /// which the output saturates. The output must be quantized as the kernels write it:
    /// LOGISTIC scale 1/256 with zero point −128, TANH scale 1/128 with zero point 0.
    mutating func lowerLogistic(_ context: OperatorContext, kind: KglOperatorKind) throws(FormatError) {
        let (input, output) = try unaryOperands(context)
        let inputQ = try int8Quantization(input, context)
        let outputQ = try int8Quantization(output, context)
        let (scale, zeroPoint): (Float, Int32) = kind == .tanh ? (1 / 128, 0) : (1 / 256, -128)
        guard outputQ.scale == scale, outputQ.zeroPoint == zeroPoint else {
            throw context.error("output '\(tensor(output).name)' has scale \(outputQ.scale) and zero point \(outputQ.zeroPoint); TFLite Micro's int8 \(kind) writes scale \(scale) with zero point \(zeroPoint)")
        }
        let inputIntegerBits = 4
        // frexp of a float scale times a power of two: the rounded Q31 multiplier is exact
        // and below 2^31, so QuantizedMultiplier gives what TFLite Micro computes inline.
        let real = Double(inputQ.scale) * Double(1 << (31 - inputIntegerBits))
        let multiplier = QuantizedMultiplier(real)
        // Below 1/2 frexp's exponent is negative and TFLite Micro's radius shifts by it.
        guard real >= 0.5 else {
            throw context.error("input scale \(inputQ.scale) is below 2^-28, where TFLite Micro's int8 \(kind) is undefined")
        }
        let radius = (Double((1 << inputIntegerBits) - 1) * Double(1 << (31 - inputIntegerBits))
            / Double(Int64(1) << Int64(min(multiplier.shift, 62)))).rounded(.down)
        var options = OptionSlots<LogisticOptions>()
        options[.inputZeroPoint] = inputQ.zeroPoint
        options[.inputRangeRadius] = Int32(radius)
        options[.inputMultiplier] = multiplier.multiplier
        // From shift 31 on (input scale ≥ 8) the radius is 0: every input saturates and the
        // multiplier is never used, so the shift is stored within the kernels' range.
        options[.inputLeftShift] = min(multiplier.shift, 30)
        try emit(kind, context, inputs: [input], outputs: [output], options: options.values)
    }
}
