import KingletIR

extension KglLowering {
    /// QUANTIZE to int8 or int16, prepared as TFLite Micro's quantize_common.cc does:
    /// - from float32 (AffineQuantize): the output zero point and the float bits of the output
    ///   scale;
    /// - from int8 or int16 (Requantize): the multiplier of input scale / output scale, divided
    ///   in double, and the input zero point.
    /// Anything with an int16 side runs the 16x8 kernel (kgl_quantize_s16): float32 → int16,
    /// int8 → int16, int16 → int8 and int16 → int16. Zero points need only fit their type, as
    /// TFLite Micro's Requantize applies them.
    mutating func lowerQuantize(_ context: OperatorContext) throws(FormatError) {
        let (input, output) = try unaryOperands(context, input: [.float32, .int8, .int16],
                                                output: [.int8, .int16])
        let outputQ = try integerQuantization(output, context)
        var options = OptionSlots<QuantizeOptions>()
        options[.outputZeroPoint] = outputQ.zeroPoint
        options[.scaleBits] = Int32(bitPattern: outputQ.scale.bitPattern)
        if tensor(input).type != .float32 {
            let inputQ = try integerQuantization(input, context)
            let multiplier = try requantizeMultiplier(Double(inputQ.scale) / Double(outputQ.scale),
                                                      "input scale / output scale", context)
            options[.inputOffset] = inputQ.zeroPoint
            options[.multiplier] = multiplier.multiplier
            options[.shift] = multiplier.shift
        }
        try emit(.quantize, context, inputs: [input], outputs: [output], options: options.values)
    }

    /// DEQUANTIZE int8 or int16 to float32 (TFLite Micro's Dequantize): the input zero point
    /// and the float bits of the input scale.
    mutating func lowerDequantize(_ context: OperatorContext) throws(FormatError) {
        let (input, output) = try unaryOperands(context, input: [.int8, .int16], output: .float32)
        let inputQ = try integerQuantization(input, context)
        var options = OptionSlots<DequantizeOptions>()
        options[.inputZeroPoint] = inputQ.zeroPoint
        options[.scaleBits] = Int32(bitPattern: inputQ.scale.bitPattern)
        try emit(.dequantize, context, inputs: [input], outputs: [output], options: options.values)
    }

    /// The single scale and zero point of an int8 or int16 tensor: one positive finite scale
    /// and a zero point its type can hold.
    func integerQuantization(_ index: Int, _ context: OperatorContext) throws(FormatError) -> (scale: Float, zeroPoint: Int32) {
        guard tensor(index).type == .int16 else { return try int8Quantization(index, context) }
        let q = try quantization(index, context)
        let name = tensor(index).name
        guard q.scales.count == 1 else {
            throw context.error("tensor '\(name)' is quantized per channel (\(q.scales.count) scales); this operator needs one scale")
        }
        guard q.scale > 0, q.scale.isFinite else {
            throw context.error("tensor '\(name)' has scale \(q.scale); a scale must be positive and finite")
        }
        guard (-32768...32767).contains(q.zeroPoint) else {
            throw context.error("tensor '\(name)' has zero point \(q.zeroPoint), outside the int16 range")
        }
        return (q.scale, Int32(q.zeroPoint))
    }
}
