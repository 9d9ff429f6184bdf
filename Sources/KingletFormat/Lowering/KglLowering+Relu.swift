import KingletIR

extension KglLowering {
    /// RELU and RELU6, prepared as TFLite Micro's activations_common.cc does for int8.
    /// - RELU (CalculateReluOpData): the multiplier of input scale / output scale (divided in
    ///   float32), offsets = zero points, clamp [max(−128, output zero point), 127].
    /// - RELU6 (Relu6Prepare): no rescaling; clamp [input zero point, six] with six =
    ///   clamp(round(6 / input scale) + input zero point) — TFLite Micro writes the input's
    ///   values unchanged, in the input's quantization. The other slots stay 0.
    mutating func lowerRelu(_ context: OperatorContext, kind: KglOperatorKind) throws(FormatError) {
        let (input, output) = try unaryOperands(context)
        let inputQ = try int8Quantization(input, context)
        let outputQ = try int8Quantization(output, context)
        var options = OptionSlots<ReluOptions>()
        if kind == .relu6 {
            let six = Int32(clamping: Int64((6 / inputQ.scale).rounded(.toNearestOrAwayFromZero)) + Int64(inputQ.zeroPoint))
            options[.activationMin] = inputQ.zeroPoint
            options[.activationMax] = min(max(six, -128), 127)
        } else {
            let multiplier = try requantizeMultiplier(Double(inputQ.scale / outputQ.scale),
                                                      "input scale / output scale", context)
            options[.inputOffset] = inputQ.zeroPoint
            options[.outputOffset] = outputQ.zeroPoint
            options[.outputMultiplier] = multiplier.multiplier
            options[.outputShift] = multiplier.shift
            options[.activationMin] = max(-128, outputQ.zeroPoint)
            options[.activationMax] = 127
        }
        try emit(kind, context, inputs: [input], outputs: [output], options: options.values)
    }
}
