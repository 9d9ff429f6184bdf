import KingletIO
import KingletIR

extension KerasModelBuilder {
    /// The input of a 2-D convolution: a rank-4 NHWC activation.
    private func imageInput(_ op: Operator) throws(ExportError) -> (layer: Int, shape: [Int]) {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        guard inputShape.count == 4 else {
            throw refuse("needs a rank-4 input (batch, height, width, channels), got shape \(inputShape)")
        }
        return (x, inputShape)
    }

    /// Options every Keras convolution shares; Keras refuses strides and dilation both above 1.
    private func convolutionOptions(_ attributes: Conv2DAttributes, kernel: [Int]) throws(ExportError) -> [String: JSONValue] {
        let strides = [attributes.strideH, attributes.strideW]
        let dilation = [attributes.dilationH, attributes.dilationW]
        guard (strides + dilation).allSatisfy({ $0 >= 1 }) else {
            throw refuse("strides \(strides) and dilation \(dilation) must be positive")
        }
        if strides.contains(where: { $0 > 1 }) && dilation.contains(where: { $0 > 1 }) {
            throw refuse("strides \(strides) with dilation \(dilation): Keras convolutions take strides > 1 or dilation > 1, not both")
        }
        return ["kernel_size": Self.integers(kernel), "strides": Self.integers(strides),
                "padding": .string(attributes.padding == .same ? "same" : "valid"),
                "data_format": .string("channels_last"), "dilation_rate": Self.integers(dilation)]
    }

    /// The bias operand, when present: `count` float32 values.
    private func bias(_ op: Operator, at position: Int, count: Int) throws(ExportError) -> ExportedVariable? {
        guard let values = try optionalFloatConstant(op, position, "bias") else { return nil }
        guard values.count == count else { throw refuse("the bias has \(values.count) values for \(count) output channels") }
        return ExportedVariable(values: values, shape: [count])
    }

    /// A Keras layer with kernels, an optional bias and a fused activation: `use_bias` and
    /// `activation` set from them, and an activation Keras has no name for added after it.
    private mutating func addWeightedStep(_ className: String, options: [String: JSONValue], input: Int,
                                          kernels: [ExportedVariable], bias: ExportedVariable?, activation: Activation,
                                          shape: [Int]) throws(ExportError) -> Int {
        var options = options
        options["use_bias"] = .bool(bias != nil)
        options["activation"] = .string(Self.kerasActivation(activation) ?? "linear")
        let layer = addStep(className, options: options, inputs: [input], variables: kernels + (bias.map { [$0] } ?? []),
                            shape: shape)
        return try activatedUnlessKerasCan(layer, activation)
    }

    /// CONV_2D → Conv2D; a filter shallower than the input is a grouped convolution.
    mutating func conv2D(_ op: Operator, _ attributes: Conv2DAttributes) throws(ExportError) -> Int {
        let (x, inputShape) = try imageInput(op)
        let filter = try floatConstant(op, 1, "filter")
        guard filter.shape.count == 4, filter.shape.allSatisfy({ $0 >= 1 }) else {
            throw refuse("the filter has shape \(filter.shape), expected [out, kh, kw, in]")
        }
        let (filters, kh, kw, depth) = (filter.shape[0], filter.shape[1], filter.shape[2], filter.shape[3])
        let channels = inputShape[3]
        guard channels % depth == 0, filters % (channels / depth) == 0 else {
            throw refuse("a filter of depth \(depth) and \(filters) outputs does not divide \(channels) input channels into groups")
        }
        let groups = channels / depth
        let bias = try bias(op, at: 2, count: filters)
        let kernel = Transposition.transposed(filter.values, shape: filter.shape, permutation: [1, 2, 3, 0])
        var options = try convolutionOptions(attributes, kernel: [kh, kw])
        options["filters"] = .integer(filters)
        options["groups"] = .integer(groups)
        return try addWeightedStep("Conv2D", options: options, input: x,
                                   kernels: [ExportedVariable(values: kernel, shape: [kh, kw, depth, filters])], bias: bias,
                                   activation: attributes.activation, shape: shape(op.outputs[0]))
    }

    /// DEPTHWISE_CONV_2D → DepthwiseConv2D: the filter [1, kh, kw, in·m] is Keras's kernel
    /// [kh, kw, in, m] in memory.
    mutating func depthwiseConv2D(_ op: Operator, _ attributes: Conv2DAttributes) throws(ExportError) -> Int {
        let (x, inputShape) = try imageInput(op)
        let filter = try floatConstant(op, 1, "filter")
        let channels = inputShape[3]
        guard filter.shape.count == 4, filter.shape[0] == 1, filter.shape.allSatisfy({ $0 >= 1 }),
              filter.shape[3] % channels == 0 else {
            throw refuse("the filter has shape \(filter.shape), expected [1, kh, kw, \(channels)·depth multiplier]")
        }
        let (kh, kw, outChannels) = (filter.shape[1], filter.shape[2], filter.shape[3])
        let multiplier = outChannels / channels
        let bias = try bias(op, at: 2, count: outChannels)
        var options = try convolutionOptions(attributes, kernel: [kh, kw])
        options["depth_multiplier"] = .integer(multiplier)
        return try addWeightedStep("DepthwiseConv2D", options: options, input: x,
                                   kernels: [ExportedVariable(values: filter.values, shape: [kh, kw, channels, multiplier])],
                                   bias: bias, activation: attributes.activation, shape: shape(op.outputs[0]))
    }

    /// SEPARABLE_CONV_2D → SeparableConv2D: depthwise_kernel [kh, kw, in, m], pointwise_kernel
    /// [1, 1, in·m, out].
    mutating func separableConv2D(_ op: Operator, _ attributes: Conv2DAttributes) throws(ExportError) -> Int {
        let (x, inputShape) = try imageInput(op)
        let depthwise = try floatConstant(op, 1, "depthwise filter")
        let pointwise = try floatConstant(op, 2, "pointwise filter")
        let channels = inputShape[3]
        guard depthwise.shape.count == 4, depthwise.shape[0] == 1, depthwise.shape.allSatisfy({ $0 >= 1 }),
              depthwise.shape[3] % channels == 0 else {
            throw refuse("the depthwise filter has shape \(depthwise.shape), expected [1, kh, kw, \(channels)·depth multiplier]")
        }
        let (kh, kw, middle) = (depthwise.shape[1], depthwise.shape[2], depthwise.shape[3])
        guard pointwise.shape.count == 4, pointwise.shape[1] == 1, pointwise.shape[2] == 1, pointwise.shape[3] == middle,
              pointwise.shape[0] >= 1 else {
            throw refuse("the pointwise filter has shape \(pointwise.shape), expected [out, 1, 1, \(middle)]")
        }
        let filters = pointwise.shape[0]
        let bias = try bias(op, at: 3, count: filters)
        var options = try convolutionOptions(attributes, kernel: [kh, kw])
        options["filters"] = .integer(filters)
        options["depth_multiplier"] = .integer(middle / channels)
        let pointwiseKernel = Transposition.transposed(pointwise.values, shape: [filters, middle], permutation: [1, 0])
        return try addWeightedStep("SeparableConv2D", options: options, input: x,
                                   kernels: [ExportedVariable(values: depthwise.values, shape: [kh, kw, channels, middle / channels]),
                                             ExportedVariable(values: pointwiseKernel, shape: [1, 1, middle, filters])],
                                   bias: bias, activation: attributes.activation, shape: shape(op.outputs[0]))
    }

    /// TRANSPOSE_CONV → Conv2DTranspose: filter [out, kh, kw, in] → kernel [kh, kw, out, in];
    /// an output larger than Keras's default size becomes `output_padding`.
    mutating func transposeConv2D(_ op: Operator, _ attributes: Conv2DAttributes) throws(ExportError) -> Int {
        let (x, inputShape) = try imageInput(op)
        let filter = try floatConstant(op, 1, "filter")
        guard filter.shape.count == 4, filter.shape.allSatisfy({ $0 >= 1 }), filter.shape[3] == inputShape[3] else {
            throw refuse("the filter has shape \(filter.shape), expected [out, kh, kw, \(inputShape[3])]")
        }
        guard attributes.dilationH == 1, attributes.dilationW == 1 else {
            throw refuse("dilation \([attributes.dilationH, attributes.dilationW]) (transposed convolutions export with dilation 1)")
        }
        let (filters, kh, kw) = (filter.shape[0], filter.shape[1], filter.shape[2])
        let outputShape = shape(op.outputs[0])
        let same = attributes.padding == .same
        let strides = [attributes.strideH, attributes.strideW]
        let kernel = [kh, kw]
        // Keras's deconv_output_length: with output_padding p, (in − 1)·s + k − 2·pad + p
        // (pad = k / 2 for same); without it, in·s for same and in·s + max(k − s, 0) for valid.
        var natural: [Int] = []
        var outputPadding: [Int] = []
        for axis in 0..<2 {
            let input = inputShape[axis + 1], k = kernel[axis], s = strides[axis]
            natural.append(same ? input * s : input * s + max(k - s, 0))
            outputPadding.append(outputShape[axis + 1] - ((input - 1) * s + k - 2 * (same ? k / 2 : 0)))
        }
        let defaultSize = Array(outputShape[1...2]) == natural
        guard defaultSize || zip(outputPadding, strides).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw refuse("output size \(Array(outputShape[1...2])) is not one Keras's Conv2DTranspose computes from input \(Array(inputShape[1...2])), kernel \(kernel) and strides \(strides)")
        }
        let bias = try bias(op, at: 2, count: filters)
        var options = try convolutionOptions(attributes, kernel: kernel)
        options["filters"] = .integer(filters)
        options["output_padding"] = defaultSize ? .null : Self.integers(outputPadding)
        let values = Transposition.transposed(filter.values, shape: filter.shape, permutation: [1, 2, 0, 3])
        return try addWeightedStep("Conv2DTranspose", options: options, input: x,
                                   kernels: [ExportedVariable(values: values, shape: [kh, kw, filters, inputShape[3]])],
                                   bias: bias, activation: attributes.activation, shape: outputShape)
    }

    /// FULLY_CONNECTED → Dense on the last axis; without `keepNumDims` a higher-rank input
    /// that is exactly one row of the weights' depth is flattened first.
    mutating func dense(_ op: Operator, activation: Activation, keepNumDims: Bool) throws(ExportError) -> Int {
        var x = try source(op, 0)
        let weights = try floatConstant(op, 1, "weights")
        guard weights.shape.count == 2, weights.shape.allSatisfy({ $0 >= 1 }) else {
            throw refuse("the weights have shape \(weights.shape), expected [units, depth]")
        }
        let (units, depth) = (weights.shape[0], weights.shape[1])
        let inputShape = shape(ofLayer: x)
        if inputShape.last != depth || (!keepNumDims && inputShape.count > 2) {
            let count = inputShape.dropFirst().reduce(1, *)
            guard !keepNumDims, count == depth else {
                throw refuse("input \(inputShape) is not one row of \(depth) values per sample\(keepNumDims ? " on its last axis" : ""); Keras's Dense reads the last axis")
            }
            x = addStep("Flatten", suffix: "flatten", options: ["data_format": .string("channels_last")], inputs: [x],
                        shape: [1, depth])
        }
        let bias = try bias(op, at: 2, count: units)
        let kernel = Transposition.transposed(weights.values, shape: weights.shape, permutation: [1, 0])
        return try addWeightedStep("Dense", options: ["units": .integer(units)], input: x,
                                   kernels: [ExportedVariable(values: kernel, shape: [depth, units])], bias: bias,
                                   activation: activation, shape: shape(ofLayer: x).dropLast() + [units])
    }
}
