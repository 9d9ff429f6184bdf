import KingletIR

extension KglLowering {
    /// CONV_2D, as TFLite Micro prepares it (conv_common.cc CalculateOpDataConv with
    /// kernel_util PopulateConvolutionQuantizationParams): per output channel
    /// m[c] = QuantizeMultiplier(double(s_in) · double(s_w[c]) / double(s_out)), a per-tensor
    /// weight scale broadcast over the channels; explicit top/left padding from
    /// ComputePaddingHeightWidth; the fused activation as a clamp. Grouped convolution
    /// (weights' input depth dividing the input depth) is accepted, as ConvPerChannel does.
    /// With an int16 input it is the 16x8 variant: the same multipliers (shifts up to 14),
    /// an int16 clamp, an int64 bias.
    mutating func lowerConv2D(_ context: OperatorContext, _ attributes: Conv2DAttributes) throws(FormatError) {
        let operands = try weightedOperands(context)
        let input = tensor(operands.input)
        let weights = tensor(operands.weights)
        try requireShape(input, rank: 4, role: "input", context)
        try requireShape(weights, rank: 4, role: "weights", context)
        let channels = weights.shape[0]
        let inputDepth = input.shape[3]
        let weightsDepth = weights.shape[3]
        guard weightsDepth > 0, inputDepth % weightsDepth == 0,
              channels % (inputDepth / weightsDepth) == 0 else {
            throw context.error("weights \(weights.shape) do not fit input depth \(inputDepth): the weights' depth must divide it and the output channels must divide into its groups")
        }
        let options = try convolutionOptions(context, attributes, input: input, weights: weights,
                                             channels: channels, operands: operands)
        try emitWeighted(.conv2D, context, operands, channels: channels, options: options.values)
    }

    /// DEPTHWISE_CONV_2D, as TFLite Micro prepares it (depthwise_conv_common.cc
    /// CalculateOpDataDepthwiseConv; the same PopulateConvolutionQuantizationParams with the
    /// channels along the weights' last axis). Output channel c reads input channel
    /// c / depthMultiplier; the multiplier must agree with the shapes.
    mutating func lowerDepthwiseConv2D(_ context: OperatorContext, _ attributes: Conv2DAttributes) throws(FormatError) {
        let operands = try weightedOperands(context)
        let input = tensor(operands.input)
        let weights = tensor(operands.weights)
        try requireShape(input, rank: 4, role: "input", context)
        try requireShape(weights, rank: 4, role: "weights", context)
        guard weights.shape[0] == 1 else {
            throw context.error("depthwise weights have shape \(weights.shape), expected [1, kh, kw, channels]")
        }
        let channels = weights.shape[3]
        let inputDepth = input.shape[3]
        guard inputDepth > 0, channels % inputDepth == 0, channels / inputDepth == attributes.depthMultiplier else {
            throw context.error("depth multiplier \(attributes.depthMultiplier) does not match input depth \(inputDepth) and \(channels) output channels")
        }
        // DEPTHWISE_CONV_2D's slots are CONV_2D's followed by the depth multiplier (a format
        // test keeps the two enums in step).
        var values = try convolutionOptions(context, attributes, input: input, weights: weights,
                                            channels: channels, operands: operands).values
        values[DepthwiseConv2DOptions.depthMultiplier.rawValue] = Int32(attributes.depthMultiplier)
        try emitWeighted(.depthwiseConv2D, context, operands, channels: channels, options: values)
    }

    // MARK: - Shared by CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED

    /// IR tensor indices of a weighted operator; `bias` is nil when the operator has none.
    struct WeightedOperands {
        let input: Int
        let weights: Int
        let bias: Int?
        let output: Int
        let precision: ActivationPrecision
    }

    /// Input, weights, optional bias and output, with the types TFLite Micro's int8 path
    /// requires (int8 activations, int8 weights, int32 bias of one value per channel) or its
    /// 16x8 path (int16 activations, int8 weights, int64 bias).
    func weightedOperands(_ context: OperatorContext) throws(FormatError) -> WeightedOperands {
        let input = try context.input(0)
        let weights = try context.input(1)
        let inputs = context.op.inputs
        let bias: Int? = inputs.count > 2 && inputs[2] >= 0 ? inputs[2] : nil
        let output = try context.output(0)
        guard let precision = ActivationPrecision(tensor(input).type) else {
            throw context.error("input '\(tensor(input).name)' is \(tensor(input).type); only int8 and int16 (16x8) are supported")
        }
        for (index, role, type) in [(weights, "weights", TensorType.int8),
                                    (output, "output", precision.activationType)] {
            guard tensor(index).type == type else {
                throw context.error("\(role) '\(tensor(index).name)' is \(tensor(index).type); \(type) is expected with an \(tensor(input).type) input")
            }
        }
        if let bias, tensor(bias).type != precision.biasType {
            throw context.error("bias '\(tensor(bias).name)' is \(tensor(bias).type); only \(precision.biasType) is supported with \(tensor(input).type) inputs")
        }
        return WeightedOperands(input: input, weights: weights, bias: bias, output: output,
                                precision: precision)
    }

    func requireShape(_ t: Tensor, rank: Int, role: String, _ context: OperatorContext) throws(FormatError) {
        guard t.shape.count == rank, t.shape.allSatisfy({ $0 > 0 }) else {
            throw context.error("\(role) '\(t.name)' has shape \(t.shape), expected \(rank) positive dimensions")
        }
    }

    /// The per-tensor (scale, zero point) of an int8 activation, or of a 16x8 (int16)
    /// activation, whose zero point must be 0, checked to be usable.
    func activationQuantization(_ index: Int, role: String, _ context: OperatorContext,
                                precision: ActivationPrecision = .int8) throws(FormatError) -> (scale: Float, zeroPoint: Int) {
        let q = try quantization(index, context)
        guard q.scales.count == 1, q.zeroPoints.count == 1 else {
            throw context.error("\(role) '\(tensor(index).name)' has \(q.scales.count) scales; activations must be quantized per tensor")
        }
        guard q.scale > 0, q.scale.isFinite else {
            throw context.error("\(role) '\(tensor(index).name)' has scale \(q.scale); expected a positive finite value")
        }
        switch precision {
        case .int8:
            guard (-128...127).contains(q.zeroPoint) else {
                throw context.error("\(role) '\(tensor(index).name)' has zero point \(q.zeroPoint), outside int8")
            }
        case .int16:
            // TFLite Micro's 16x8 convolutions ignore zero points; the converter makes them 0.
            guard q.zeroPoint == 0 else {
                throw context.error("\(role) '\(tensor(index).name)' has zero point \(q.zeroPoint); int16 (16x8) activations must be symmetric (zero point 0)")
            }
        }
        return (q.scale, q.zeroPoint)
    }

    /// The weight scales, one per channel (a single scale is repeated). Per-channel scales
    /// must lie along the filter's output-channel axis (`OperatorKind.filterChannelAxis`,
    /// TFLite's quantized_dimension); every zero point must be 0.
    func weightScales(_ index: Int, channels: Int, _ context: OperatorContext) throws(FormatError) -> [Float] {
        let t = tensor(index)
        guard let axis = context.op.kind.filterChannelAxis else {
            throw context.error("has no filter with per-channel weights")
        }
        let q = try quantization(index, context)
        guard q.zeroPoints.allSatisfy({ $0 == 0 }) else {
            throw context.error("weights '\(t.name)' have zero points \(q.zeroPoints); int8 weights must be symmetric (zero point 0)")
        }
        guard q.scales.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw context.error("weights '\(t.name)' have a negative or non-finite scale")
        }
        if q.scales.count == 1 { return [Float](repeating: q.scales[0], count: channels) }
        guard q.scales.count == channels, q.axis == axis else {
            throw context.error("weights '\(t.name)' have \(q.scales.count) scales along axis \(q.axis); expected 1, or \(channels) along axis \(axis)")
        }
        return q.scales
    }

    /// The clamp of a fused activation (within int8, or int16 for 16x8); refuses a clamp
    /// bound TFLite cannot represent.
    func activationClamp(_ activation: Activation, scale: Float, zeroPoint: Int,
                         _ context: OperatorContext,
                         precision: ActivationPrecision = .int8) throws(FormatError) -> (min: Int32, max: Int32) {
        // CalculateActivationRangeQuantized fails when round(6 / scale) leaves int32.
        if activation != .none {
            guard 6 / scale < 2_147_483_520 else {
                throw context.error("output scale \(scale) is too small for the fused \(activation) clamp")
            }
        }
        return activationRange(activation, scale: scale, zeroPoint: zeroPoint,
                               qmin: precision.range.lowerBound, qmax: precision.range.upperBound)
    }

    /// Stores per-channel multipliers and shifts in the data section; returns their offsets.
    /// Shifts above `maxShift` (30 for int8, 14 for 16x8) are refused.
    mutating func appendMultipliers(_ multipliers: [QuantizedMultiplier], _ context: OperatorContext,
                                    maxShift: Int32 = 30) throws(FormatError) -> (multipliers: Int32, shifts: Int32) {
        for m in multipliers where m.multiplier < 0 || m.shift < -31 || m.shift > maxShift {
            throw context.error("effective scale gives multiplier \(m.multiplier) and shift \(m.shift); supported shifts are -31...\(maxShift)")
        }
        let mOffset = program.appendInt32(multipliers.map(\.multiplier))
        let sOffset = program.appendInt32(multipliers.map(\.shift))
        guard let m = Int32(exactly: mOffset), let s = Int32(exactly: sOffset) else {
            throw context.error("data section exceeds 2 GiB")
        }
        return (m, s)
    }

    private mutating func convolutionOptions(
        _ context: OperatorContext, _ attributes: Conv2DAttributes, input: Tensor, weights: Tensor,
        channels: Int, operands: WeightedOperands
    ) throws(FormatError) -> OptionSlots<Conv2DOptions> {
        let a = attributes
        guard a.strideH >= 1, a.strideW >= 1, a.dilationH >= 1, a.dilationW >= 1,
              a.strideH <= Int(Int32.max), a.strideW <= Int(Int32.max),
              a.dilationH <= Int(Int32.max), a.dilationW <= Int(Int32.max) else {
            throw context.error("strides (\(a.strideH), \(a.strideW)) and dilations (\(a.dilationH), \(a.dilationW)) must be at least 1")
        }
        let output = tensor(operands.output)
        let rows = SpatialPadding(a.padding, input: input.shape[1], filter: weights.shape[1],
                                  stride: a.strideH, dilation: a.dilationH)
        let cols = SpatialPadding(a.padding, input: input.shape[2], filter: weights.shape[2],
                                  stride: a.strideW, dilation: a.dilationW)
        let expected = [input.shape[0], rows.output, cols.output, channels]
        guard output.shape == expected, rows.output > 0, cols.output > 0 else {
            throw context.error("output '\(output.name)' has shape \(output.shape); input \(input.shape), weights \(weights.shape) and \(a.padding) padding with strides (\(a.strideH), \(a.strideW)) give \(expected)")
        }
        guard rows.before <= Int(Int32.max), cols.before <= Int(Int32.max) else {
            throw context.error("padding is too large")
        }
        try requireBias(operands.bias, channels: channels, context)

        let precision = operands.precision
        let (inScale, inZero) = try activationQuantization(operands.input, role: "input", context, precision: precision)
        let (outScale, outZero) = try activationQuantization(operands.output, role: "output", context, precision: precision)
        let scales = try weightScales(operands.weights, channels: channels, context)
        let multipliers = scales.map { QuantizedMultiplier(Double(inScale) * Double($0) / Double(outScale)) }
        let arrays = try appendMultipliers(multipliers, context, maxShift: precision.maxChannelShift)
        let clamp = try activationClamp(a.activation, scale: outScale, zeroPoint: outZero, context,
                                        precision: precision)
        var options = OptionSlots<Conv2DOptions>()
        options[.inputOffset] = Int32(-inZero)
        options[.outputOffset] = Int32(outZero)
        options[.strideH] = Int32(a.strideH)
        options[.strideW] = Int32(a.strideW)
        options[.dilationH] = Int32(a.dilationH)
        options[.dilationW] = Int32(a.dilationW)
        options[.padTop] = Int32(rows.before)
        options[.padLeft] = Int32(cols.before)
        options[.activationMin] = clamp.min
        options[.activationMax] = clamp.max
        options[.multipliers] = arrays.multipliers
        options[.shifts] = arrays.shifts
        return options
    }

    /// A bias, when present, is int32 with one value per channel.
    func requireBias(_ bias: Int?, channels: Int, _ context: OperatorContext) throws(FormatError) {
        guard let bias else { return }
        let t = tensor(bias)
        guard t.shape == [channels] else {
            throw context.error("bias '\(t.name)' has shape \(t.shape), expected [\(channels)]")
        }
    }

    /// Emits a weighted operator with operands (input, weights, bias; output). A missing bias
    /// becomes a zero int32[channels] (int64[channels] for 16x8) constant, which is what
    /// TFLite Micro's absent bias computes.
    mutating func emitWeighted(_ kind: KglOperatorKind, _ context: OperatorContext,
                               _ operands: WeightedOperands, channels: Int,
                               options: [Int32]) throws(FormatError) {
        let input = try operand(operands.input, of: context.label)
        let weights = try operand(operands.weights, of: context.label)
        let bias: Int
        if let irBias = operands.bias {
            bias = try operand(irBias, of: context.label)
        } else if operands.precision == .int16 {
            bias = program.addTensor(KglTensorDraft(
                type: .int64, shape: [channels], location: .constant,
                offset: program.appendData([UInt8](repeating: 0, count: 8 * channels)), name: nil))
        } else {
            let zeros = [Int32](repeating: 0, count: channels)
            bias = program.addTensor(KglTensorDraft(
                type: .int32, shape: [channels], location: .constant,
                offset: program.appendInt32(zeros), name: nil))
        }
        let output = try operand(operands.output, of: context.label)
        var options = options
        if operands.precision == .int8, let slot = FoldedBias.slot(of: kind),
           let folded = foldedBias(operands, channels: channels, context, inputOffset: options[0]) {
            guard let offset = Int32(exactly: program.appendInt32(folded)) else {
                throw context.error("data section exceeds 2 GiB")
            }
            options[slot] = offset
        }
        program.operators.append(KglOperatorDraft(
            kind: kind, inputs: [input, weights, bias], outputs: [output], options: options,
            name: context.op.name.isEmpty ? nil : context.op.name))
    }

    /// The folded bias of an int8 weighted operator (format 1.6): per output channel,
    /// bias + inputOffset · (sum of the channel's weights), wrapping as the kernels' int32 sums
    /// do (every option slot 0, inputOffset, is the input offset). Nil when the weights are
    /// not constant. The C kernels start a window inside the input from it instead of summing
    /// the weights at every invoke.
    func foldedBias(_ operands: WeightedOperands, channels: Int, _ context: OperatorContext,
                    inputOffset: Int32) -> [Int32]? {
        let w = tensor(operands.weights)
        guard let data = w.data, data.count == w.elementCount, let axis = context.op.kind.filterChannelAxis,
              axis < w.shape.count, w.shape[axis] == channels else { return nil }
        var bias = [Int32](repeating: 0, count: channels)
        if let index = operands.bias, let bytes = tensor(index).data, bytes.count == 4 * channels {
            for c in 0..<channels {
                bias[c] = Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[4 * c + $1]) << (8 * $1) })
            }
        }
        return FoldedBias.values(weights: data, shape: w.shape, channelAxis: axis, bias: bias,
                                 inputOffset: inputOffset)
    }
}
