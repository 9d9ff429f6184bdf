import KingletIR

extension KglLowering {
    /// FULLY_CONNECTED, as TFLite Micro prepares it (fully_connected_common.cc
    /// CalculateOpDataFullyConnected). Per-channel weights (more than one scale):
    /// m[u] = QuantizeMultiplier(double(s_in) · double(s_w[u]) / double(s_out)). Per-tensor
    /// weights: GetQuantizedConvolutionMultipler, whose product s_in · s_w is taken in float
    /// before widening, and which refuses a bias whose scale strays from it by more than 0.02
    /// output steps; its one multiplier is repeated per unit.
    ///
    /// With an int16 input it is the 16x8 variant (fully_connected.cc's int16 path, the same
    /// multipliers with shifts up to 14, an int16 clamp, an int64 bias).
    ///
    /// Input of any rank whose element count is a multiple of the weights' depth; output
    /// [elements / depth, units], or with `keepNumDims` the input's shape with its last axis
    /// (which must equal the depth) replaced by the units.
    mutating func lowerFullyConnected(_ context: OperatorContext, activation: Activation,
                                      keepNumDims: Bool) throws(FormatError) {
        let operands = try weightedOperands(context)
        let input = tensor(operands.input)
        let weights = tensor(operands.weights)
        let output = tensor(operands.output)
        try requireShape(weights, rank: 2, role: "weights", context)
        let units = weights.shape[0]
        let depth = weights.shape[1]
        guard !input.shape.isEmpty, input.shape.allSatisfy({ $0 > 0 }), input.shape.count <= FormatSpec.maxRank,
              input.elementCount % depth == 0 else {
            throw context.error("input '\(input.name)' of shape \(input.shape) does not divide into rows of the weights' depth \(depth)")
        }
        let expected: [Int]
        if keepNumDims {
            guard input.shape.last == depth else {
                throw context.error("keep_num_dims needs the input's last axis (\(input.shape)) to equal the weights' depth \(depth)")
            }
            expected = input.shape.dropLast() + [units]
        } else {
            expected = [input.elementCount / depth, units]
        }
        guard output.shape == expected else {
            throw context.error("output '\(output.name)' has shape \(output.shape); input \(input.shape) and weights \(weights.shape) give \(expected)")
        }
        try requireBias(operands.bias, channels: units, context)

        let precision = operands.precision
        let (inScale, inZero) = try activationQuantization(operands.input, role: "input", context, precision: precision)
        let (outScale, outZero) = try activationQuantization(operands.output, role: "output", context, precision: precision)
        let perChannel = try quantization(operands.weights, context).scales.count > 1
        let scales = try weightScales(operands.weights, channels: units, context)
        let multipliers: [QuantizedMultiplier]
        if perChannel {
            multipliers = scales.map { QuantizedMultiplier(Double(inScale) * Double($0) / Double(outScale)) }
        } else {
            let weightScale = scales.first ?? 0
            if let bias = operands.bias, let biasScale = tensor(bias).quantization?.scales.first {
                let difference = abs(Double(inScale) * Double(weightScale) - Double(biasScale))
                guard difference / Double(outScale) <= 0.02 else {
                    throw context.error("bias scale \(biasScale) differs from input scale × weight scale (\(Double(inScale) * Double(weightScale))) by more than TFLite allows")
                }
            }
            let product = inScale * weightScale
            let one = QuantizedMultiplier(Double(product) / Double(outScale))
            multipliers = [QuantizedMultiplier](repeating: one, count: units)
        }
        let arrays = try appendMultipliers(multipliers, context, maxShift: precision.maxChannelShift)
        let clamp = try activationClamp(activation, scale: outScale, zeroPoint: outZero, context,
                                        precision: precision)

        var options = OptionSlots<FullyConnectedOptions>()
        options[.inputOffset] = Int32(-inZero)
        options[.outputOffset] = Int32(outZero)
        options[.activationMin] = clamp.min
        options[.activationMax] = clamp.max
        options[.multipliers] = arrays.multipliers
        options[.shifts] = arrays.shifts
        try emitWeighted(.fullyConnected, context, operands, channels: units, options: options.values)
    }
}
