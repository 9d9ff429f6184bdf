import KingletIR

extension KglLowering {
    /// MUL, as TFLite Micro prepares int8 mul (mul_common.cc CalculateOpDataMul):
    /// QuantizeMultiplier(double(s1)·double(s2)/double(s_out)), the zero points as offsets,
    /// the fused activation as a clamp. Shapes broadcast as TFLite's BroadcastMul6DSlow.
    mutating func lowerMul(_ context: OperatorContext, activation: Activation) throws(FormatError) {
        let operands = try binaryOperands(context)
        let real = Double(operands.q1.scale) * Double(operands.q2.scale) / Double(operands.qOut.scale)
        let output = QuantizedMultiplier(real)
        guard output.shift >= -31, output.shift <= 30 else {
            throw context.error("the rescale factor \(real) is out of the int8 MUL's range (shift \(output.shift))")
        }
        let clamp = try binaryActivationRange(activation, operands.qOut, context)
        var options = OptionSlots<MulOptions>()
        options[.input1Offset] = -Int32(operands.q1.zeroPoint)
        options[.input2Offset] = -Int32(operands.q2.zeroPoint)
        options[.outputOffset] = Int32(operands.qOut.zeroPoint)
        options[.outputMultiplier] = output.multiplier
        options[.outputShift] = output.shift
        options[.activationMin] = clamp.min
        options[.activationMax] = clamp.max
        try emit(.mul, context, inputs: [operands.input1, operands.input2],
                 outputs: [operands.output], options: options.values)
    }
}
