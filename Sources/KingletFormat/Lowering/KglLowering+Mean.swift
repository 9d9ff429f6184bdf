import KingletIR

extension KglLowering {
    /// MEAN, as TFLite Micro runs int8 mean (reduce_common.cc PrepareMeanOrSumHelper and
    /// EvalMeanHelper → reference_ops::QuantizedMeanOrSum; there is no separate int8 path for
    /// equal quantization or for 4-D axes {1, 2}): (M, e) = QuantizeMultiplier(double(s_in) /
    /// double(s_out)); with n reduced elements and k = min(⌊log2 n⌋, 32, 31 + e), the kernel
    /// uses M' = ⌊M·2^k / n⌋ and e − k. Axes come from a constant int32 input (negative ones
    /// count from the end; duplicates are ignored); keepDims decides the output shape.
    mutating func lowerMean(_ context: OperatorContext, keepDims: Bool) throws(FormatError) {
        let inputIndex = try context.input(0)
        let axesIndex = try context.input(1)
        let outputIndex = try context.output(0)
        let (mask, count) = try reductionMask(context, input: inputIndex, axes: axesIndex, output: outputIndex,
                                              keepDims: keepDims)
        let inQ = try quantization(inputIndex, context)
        let outQ = try quantization(outputIndex, context)
        guard (-128...127).contains(inQ.zeroPoint), (-128...127).contains(outQ.zeroPoint) else {
            throw context.error("zero points \(inQ.zeroPoint) (input) and \(outQ.zeroPoint) (output) must be int8 values")
        }
        let rescale = Self.meanRescale(Double(inQ.scale) / Double(outQ.scale), count: count)
        guard rescale.shift >= -31, rescale.shift <= 30 else {
            throw context.error("the rescale factor \(Double(inQ.scale) / Double(outQ.scale)) is out of range (shift \(rescale.shift))")
        }
        var options = OptionSlots<MeanOptions>()
        options[.axisMask] = mask
        options[.inputOffset] = -Int32(inQ.zeroPoint)
        options[.outputOffset] = Int32(outQ.zeroPoint)
        options[.multiplier] = rescale.multiplier
        options[.shift] = rescale.shift
        try emit(.mean, context, inputs: [inputIndex], outputs: [outputIndex], options: options.values)
    }

    /// QuantizedMeanOrSum's folding of 1/count into QuantizeMultiplier(real): shift the
    /// multiplier left by k = min(⌊log2 count⌋, 32, 31 + shift), divide by count (truncating),
    /// and lower the shift by k.
    static func meanRescale(_ real: Double, count: Int) -> (multiplier: Int32, shift: Int32) {
        let q = QuantizedMultiplier(real)
        var k = Int.bitWidth - 1 - count.leadingZeroBitCount
        k = min(k, 32)
        k = min(k, 31 + Int(q.shift))
        let multiplier = (Int64(q.multiplier) << Int64(k)) / Int64(count)
        return (Int32(truncatingIfNeeded: multiplier), q.shift - Int32(k))
    }
}
