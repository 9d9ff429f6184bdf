import KingletIR

extension KglLowering {
    /// SUB, int8, as TFLite Micro prepares it (sub_common.cc CalculateOpDataSub): ADD's
    /// record layout and left shift 20, but the rescale factors are computed in **float**
    /// (ADD's in double): m = 2·max(s1, s2), then s1/m, s2/m and m / (2^20·s_out) each divided
    /// in float and only then widened to double for QuantizeMultiplierSmallerThanOneExp
    /// (which must see a value in (0, 1) and give a shift ≤ 0, or TFLite aborts); the fused
    /// activation as a clamp. Shapes broadcast as TFLite's BroadcastQuantSubSlow. The kernel
    /// subtracts the two rescaled inputs where ADD adds them. int8 only (no 16x8 variant).
    mutating func lowerSub(_ context: OperatorContext, activation: Activation) throws(FormatError) {
        let operands = try binaryOperands(context)
        let leftShift: Int32 = 20
        let factors = Self.subRescaleFactors(operands.q1.scale, operands.q2.scale, operands.qOut.scale,
                                             leftShift: leftShift)
        let input1 = try multiplierSmallerThanOne(factors.input1, "input 1", context, operatorName: "SUB")
        let input2 = try multiplierSmallerThanOne(factors.input2, "input 2", context, operatorName: "SUB")
        let output = try multiplierSmallerThanOne(factors.output, "output", context, operatorName: "SUB")
        let clamp = try binaryActivationRange(activation, operands.qOut, context)
        var options = OptionSlots<AddOptions>()
        options[.input1Offset] = -Int32(operands.q1.zeroPoint)
        options[.input2Offset] = -Int32(operands.q2.zeroPoint)
        options[.outputOffset] = Int32(operands.qOut.zeroPoint)
        options[.leftShift] = leftShift
        options[.input1Multiplier] = input1.multiplier
        options[.input1Shift] = input1.shift
        options[.input2Multiplier] = input2.multiplier
        options[.input2Shift] = input2.shift
        options[.outputMultiplier] = output.multiplier
        options[.outputShift] = output.shift
        options[.activationMin] = clamp.min
        options[.activationMax] = clamp.max
        try emit(.sub, context, inputs: [operands.input1, operands.input2],
                 outputs: [operands.output], options: options.values)
    }

    /// CalculateOpDataSub's three real multipliers, with its float arithmetic: the float
    /// quotients widened to double.
    static func subRescaleFactors(_ s1: Float, _ s2: Float, _ sOut: Float,
                                  leftShift: Int32) -> (input1: Double, input2: Double, output: Double) {
        let twiceMaxInputScale: Float = 2 * max(s1, s2)
        let shiftedOutputScale: Float = Float(Int32(1) << leftShift) * sOut
        return (Double(s1 / twiceMaxInputScale), Double(s2 / twiceMaxInputScale),
                Double(twiceMaxInputScale / shiftedOutputScale))
    }
}
