import KingletIR

extension KglLowering {
    /// QUANTIZE to int8, prepared as TFLite Micro's quantize_common.cc does:
    /// - from float32 (AffineQuantize): the output zero point and the float bits of the output
    ///   scale;
    /// - from int8 (Requantize): the multiplier of input scale / output scale, divided in
    ///   double, and the input zero point.
    mutating func lowerQuantize(_ context: OperatorContext) throws(FormatError) {
        let (input, output) = try unaryOperands(context, input: [.float32, .int8])
        let outputQ = try int8Quantization(output, context)
        var options = OptionSlots<QuantizeOptions>()
        options[.outputZeroPoint] = outputQ.zeroPoint
        options[.scaleBits] = Int32(bitPattern: outputQ.scale.bitPattern)
        if tensor(input).type == .int8 {
            let inputQ = try int8Quantization(input, context)
            let multiplier = try requantizeMultiplier(Double(inputQ.scale) / Double(outputQ.scale),
                                                      "input scale / output scale", context)
            options[.inputOffset] = inputQ.zeroPoint
            options[.multiplier] = multiplier.multiplier
            options[.shift] = multiplier.shift
        }
        try emit(.quantize, context, inputs: [input], outputs: [output], options: options.values)
    }

    /// DEQUANTIZE int8 to float32 (TFLite Micro's Dequantize): the input zero point and the
    /// float bits of the input scale.
    mutating func lowerDequantize(_ context: OperatorContext) throws(FormatError) {
        let (input, output) = try unaryOperands(context, output: .float32)
        let inputQ = try int8Quantization(input, context)
        var options = OptionSlots<DequantizeOptions>()
        options[.inputZeroPoint] = inputQ.zeroPoint
        options[.scaleBits] = Int32(bitPattern: inputQ.scale.bitPattern)
        try emit(.dequantize, context, inputs: [input], outputs: [output], options: options.values)
    }
}
