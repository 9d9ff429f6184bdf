import KingletIR

extension KglLowering {
    /// REDUCE_MAX, as TFLite Micro runs int8 reduce max (reduce_common.cc EvalMaxHelper →
    /// reference_ops::ReduceGeneric with `max`): input and output must share scale and zero
    /// point (TFLite Micro refuses otherwise), so the kernel only compares int8 values. Axes
    /// and output shape as MEAN.
    mutating func lowerReduceMax(_ context: OperatorContext, keepDims: Bool) throws(FormatError) {
        let inputIndex = try context.input(0)
        let axesIndex = try context.input(1)
        let outputIndex = try context.output(0)
        let (mask, _) = try reductionMask(context, input: inputIndex, axes: axesIndex, output: outputIndex,
                                          keepDims: keepDims)
        let inQ = try quantization(inputIndex, context)
        let outQ = try quantization(outputIndex, context)
        guard inQ.scale == outQ.scale, inQ.zeroPoint == outQ.zeroPoint else {
            throw context.error("input (scale \(inQ.scale), zero point \(inQ.zeroPoint)) and output (scale \(outQ.scale), zero point \(outQ.zeroPoint)) must share their quantization, as TFLite Micro requires")
        }
        var options = OptionSlots<ReduceMaxOptions>()
        options[.axisMask] = mask
        try emit(.reduceMax, context, inputs: [inputIndex], outputs: [outputIndex], options: options.values)
    }
}
