import KingletIR

extension KglLowering {
    /// HARD_SWISH, prepared as TFLite Micro's hard_swish_common.cc does for int8 (float32
    /// arithmetic where it uses float): hires input scale = input scale / 128; output
    /// multiplier = hires / output scale, reluish multiplier = hires / (3 / 32768), each made a
    /// Q31 multiplier and exponent and then rounded to 16 bits (DownScaleInt32ToInt16Multiplier).
    /// TFLite Micro requires the output exponent to be ≤ 0.
    mutating func lowerHardSwish(_ context: OperatorContext) throws(FormatError) {
        let (input, output) = try unaryOperands(context)
        let inputQ = try int8Quantization(input, context)
        let outputQ = try int8Quantization(output, context)
        let hiresInputScale: Float = (1 / 128) * inputQ.scale
        let reluishScale: Float = 3 / 32768
        let outputMultiplier = QuantizedMultiplier(Double(hiresInputScale / outputQ.scale))
        guard outputMultiplier.shift <= 0 else {
            throw context.error("input scale \(inputQ.scale) / output scale \(outputQ.scale) is 128 or more; TFLite Micro's int8 HARD_SWISH requires less")
        }
        let reluishMultiplier = QuantizedMultiplier(Double(hiresInputScale / reluishScale))
        guard reluishMultiplier.shift <= 31 else {
            throw context.error("input scale \(inputQ.scale) is too large for the int8 HARD_SWISH arithmetic")
        }
        var options = OptionSlots<HardSwishOptions>()
        options[.inputZeroPoint] = inputQ.zeroPoint
        options[.outputZeroPoint] = outputQ.zeroPoint
        options[.reluishMultiplierFixedpointInt16] = Self.downScaleToInt16(reluishMultiplier.multiplier)
        options[.reluishMultiplierExponent] = reluishMultiplier.shift
        options[.outputMultiplierFixedpointInt16] = Self.downScaleToInt16(outputMultiplier.multiplier)
        options[.outputMultiplierExponent] = outputMultiplier.shift
        try emit(.hardSwish, context, inputs: [input], outputs: [output], options: options.values)
    }

    /// A Q31 multiplier (≥ 0) rounded to Q15, saturating at 32767 (TFLite's
    /// DownScaleInt32ToInt16Multiplier).
    static func downScaleToInt16(_ multiplier: Int32) -> Int32 {
        let roundingOffset: Int32 = 1 << 15
        if multiplier >= Int32.max - roundingOffset { return Int32(Int16.max) }
        return (multiplier + roundingOffset) >> 16
    }
}
