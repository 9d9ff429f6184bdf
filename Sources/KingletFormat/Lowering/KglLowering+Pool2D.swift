import KingletIR

extension KglLowering {
    /// AVERAGE_POOL_2D and MAX_POOL_2D, as TFLite Micro prepares them (pooling_common.cc
    /// PoolingPrepare): output size and top/left padding from ComputePaddingHeightWidth,
    /// input and output quantization equal (|Δscale| ≤ 1e-6, same zero point), the fused
    /// activation as a clamp from CalculateActivationRangeQuantized.
    mutating func lowerPool2D(_ context: OperatorContext, _ attributes: Pool2DAttributes,
                              kind: KglOperatorKind) throws(FormatError) {
        let inputIndex = try context.input(0)
        let outputIndex = try context.output(0)
        let input = tensor(inputIndex)
        let output = tensor(outputIndex)
        for (t, role) in [(input, "input"), (output, "output")] {
            guard t.type == .int8 else {
                throw context.error("\(role) '\(t.name)' is \(t.type); only int8 is supported")
            }
            guard t.shape.count == 4, t.shape.allSatisfy({ $0 > 0 }) else {
                throw context.error("\(role) '\(t.name)' has shape \(t.shape), expected 4 positive dimensions (NHWC)")
            }
        }
        let geometry = [attributes.strideH, attributes.strideW, attributes.filterH, attributes.filterW]
        guard geometry.allSatisfy({ $0 > 0 && $0 <= Int(Int32.max) }) else {
            throw context.error("strides \(attributes.strideH)×\(attributes.strideW) and filter \(attributes.filterH)×\(attributes.filterW) must be positive")
        }
        let rows = SpatialPadding(attributes.padding, input: input.shape[1],
                                  filter: attributes.filterH, stride: attributes.strideH)
        let columns = SpatialPadding(attributes.padding, input: input.shape[2],
                                     filter: attributes.filterW, stride: attributes.strideW)
        let expected = [input.shape[0], rows.output, columns.output, input.shape[3]]
        guard output.shape == expected else {
            throw context.error("output shape \(output.shape) disagrees with the pooled shape \(expected)")
        }
        let window = min(attributes.filterH, input.shape[1]) * min(attributes.filterW, input.shape[2])
        guard window <= 1 << 23 else {
            throw context.error("a pooling window of \(window) elements could overflow the int32 sum (limit 2^23)")
        }
        let inQ = try quantization(inputIndex, context)
        let outQ = try quantization(outputIndex, context)
        // pooling_common.cc compares |float difference| as double against 1e-6.
        guard Double(abs(inQ.scale - outQ.scale)) <= 1.0e-6, inQ.zeroPoint == outQ.zeroPoint else {
            throw context.error("input (scale \(inQ.scale), zero point \(inQ.zeroPoint)) and output (scale \(outQ.scale), zero point \(outQ.zeroPoint)) quantization differ; TFLite pooling requires them equal")
        }
        let clamp = activationRange(attributes.activation, scale: outQ.scale, zeroPoint: outQ.zeroPoint)
        guard clamp.min <= clamp.max else {
            throw context.error("fused \(attributes.activation) gives an empty int8 range [\(clamp.min), \(clamp.max)] for output scale \(outQ.scale), zero point \(outQ.zeroPoint)")
        }
        var options = OptionSlots<Pool2DOptions>()
        options[.strideH] = Int32(attributes.strideH)
        options[.strideW] = Int32(attributes.strideW)
        options[.filterH] = Int32(attributes.filterH)
        options[.filterW] = Int32(attributes.filterW)
        options[.padTop] = Int32(rows.before)
        options[.padLeft] = Int32(columns.before)
        options[.activationMin] = clamp.min
        options[.activationMax] = clamp.max
        try emit(kind, context, inputs: [inputIndex], outputs: [outputIndex], options: options.values)
    }
}
