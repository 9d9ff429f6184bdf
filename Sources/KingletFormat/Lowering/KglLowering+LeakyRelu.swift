import KingletIR

extension KglLowering {
    /// LEAKY_RELU, prepared as TFLite Micro's leaky_relu_common.cc does for int8: the identity
    /// multiplier of input scale / output scale and the alpha multiplier of input scale ·
    /// alpha / output scale, each computed in float32 and then made a Q31 multiplier and
    /// shift (the alpha one is negative for a negative alpha).
    mutating func lowerLeakyRelu(_ context: OperatorContext, alpha: Float) throws(FormatError) {
        let (input, output) = try unaryOperands(context)
        let inputQ = try int8Quantization(input, context)
        let outputQ = try int8Quantization(output, context)
        let identity = try requantizeMultiplier(Double(inputQ.scale / outputQ.scale),
                                                "input scale / output scale", context)
        let alphaProduct = inputQ.scale * alpha
        let alphaMultiplier = try requantizeMultiplier(Double(alphaProduct / outputQ.scale),
                                                       "alpha · input scale / output scale", context)
        guard alphaMultiplier.multiplier != Int32.min else {
            throw context.error("alpha \(alpha) gives a multiplier of -2^31, which the kernel cannot negate")
        }
        var options = OptionSlots<LeakyReluOptions>()
        options[.inputOffset] = inputQ.zeroPoint
        options[.outputOffset] = outputQ.zeroPoint
        options[.identityMultiplier] = identity.multiplier
        options[.identityShift] = identity.shift
        options[.alphaMultiplier] = alphaMultiplier.multiplier
        options[.alphaShift] = alphaMultiplier.shift
        try emit(.leakyRelu, context, inputs: [input], outputs: [output], options: options.values)
    }
}
