import KingletIR

extension KerasGraphBuilder {
    /// Output length of a convolution or pooling window along one axis (TensorFlow's rule).
    static func windowOutput(_ input: Int, kernel: Int, stride: Int, dilation: Int = 1, same: Bool) -> Int {
        if same { return (input + stride - 1) / stride }
        let span = (kernel - 1) * dilation + 1
        return input >= span ? (input - span) / stride + 1 : 0
    }

    /// Checks kernel, stride and dilation values and the resulting output sizes.
    func checkedWindow(_ call: KerasLayerCall, input: [Int], kernel: [Int], strides: [Int],
                       dilation: [Int], same: Bool) throws -> [Int] {
        let options = call.options
        for (key, values) in [("kernel_size", kernel), ("strides", strides), ("dilation_rate", dilation)] {
            guard values.allSatisfy({ $0 >= 1 && $0 <= 1 << 16 }) else {
                throw options.invalid(key, "\(values) must be positive")
            }
        }
        let output = zip(input, zip(kernel, zip(strides, dilation))).map { size, params in
            Self.windowOutput(size, kernel: params.0, stride: params.1.0, dilation: params.1.1, same: same)
        }
        guard output.allSatisfy({ $0 >= 1 }) else {
            throw call.invalid("a \(kernel) window (dilation \(dilation)) does not fit the input \(input) with padding 'valid'")
        }
        return output
    }

    /// A convolution's input and its config: one input of rank `kind.rank + 2`, channels_last.
    func convolutionInput(_ call: KerasLayerCall, kind: KerasConvolutionConfig.Kind)
        throws -> (x: Int, shape: [Int], config: KerasConvolutionConfig) {
        let x = try call.single()
        try call.options.requireChannelsLast()
        let inputShape = shape(x)
        let axes = kind.rank == 1 ? "batch, steps, channels" : "batch, height, width, channels"
        guard inputShape.count == kind.rank + 2 else {
            throw call.invalid("needs an input of rank \(kind.rank + 2) (\(axes)), got \(inputShape.count)")
        }
        return (x, inputShape, try KerasConvolutionConfig(call.options, kind: kind))
    }

    /// Output height and width of a 2-D convolution window over an NHWC input.
    func convolutionOutput(_ call: KerasLayerCall, _ config: KerasConvolutionConfig, input: [Int]) throws -> [Int] {
        try checkedWindow(call, input: Array(input[1...2]), kernel: config.kernel, strides: config.strides,
                          dilation: config.dilation, same: config.padding == .same)
    }

    static func attributes(_ config: KerasConvolutionConfig) -> Conv2DAttributes {
        Conv2DAttributes(strideH: config.strides[0], strideW: config.strides[1], dilationH: config.dilation[0],
                         dilationW: config.dilation[1], padding: config.padding == .same ? .same : .valid,
                         activation: .none, depthMultiplier: config.depthMultiplier)
    }

    /// Dense: kernel [depth, units] (stored transposed as [units, depth]), on the last axis.
    mutating func dense(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let inputShape = shape(x)
        guard inputShape.count >= 2, let depth = inputShape.last else { throw call.invalid("needs an input of rank ≥ 2") }
        // Keras 2 converts units with int(), so 16.0 is 16.
        let units = try options.int("units", form: .integral)
        guard units >= 1 else { throw options.invalid("units", "\(units) must be positive") }
        let useBias = try options.bool("use_bias", default: true)
        let weights = try loadWeights(call, [ExpectedWeight(name: "kernel", shape: [depth, units])]
                                      + (useBias ? [ExpectedWeight(name: "bias", shape: [units])] : []))
        let filter = constant(call.tensorName("kernel"), shape: [units, depth],
                              floats: Transposition.transposed(weights["kernel"]!, shape: [depth, units], permutation: [1, 0]))
        let bias = useBias ? constant(call.tensorName("bias"), shape: [units], floats: weights["bias"]!) : -1
        let outputShape = Array(inputShape.dropLast()) + [units]
        let linear = emit(.fullyConnected(activation: .none, keepNumDims: inputShape.count > 2), [x, filter, bias],
                          shape: outputShape, name: call.name)
        return try applyActivation(try options.activation(), to: linear, call: call)
    }

    /// Conv2D: kernel [kh, kw, in, out] → filter [out, kh, kw, in].
    mutating func conv2D(_ call: KerasLayerCall) throws -> Int {
        let (x, inputShape, config) = try convolutionInput(call, kind: .conv2D)
        let spatial = try convolutionOutput(call, config, input: inputShape)
        let kernel = config.kernel, channels = inputShape[3], filters = config.outputChannels(channels)
        let kernelShape = [kernel[0], kernel[1], channels, filters]
        let weights = try loadWeights(call, [ExpectedWeight(name: "kernel", shape: kernelShape)]
                                      + (config.useBias ? [ExpectedWeight(name: "bias", shape: [filters])] : []))
        let filter = constant(call.tensorName("kernel"), shape: [filters, kernel[0], kernel[1], channels],
                              floats: Transposition.transposed(weights["kernel"]!, shape: kernelShape, permutation: [3, 0, 1, 2]))
        let bias = config.useBias ? constant(call.tensorName("bias"), shape: [filters], floats: weights["bias"]!) : -1
        let linear = emit(.conv2D(Self.attributes(config)), [x, filter, bias], shape: [1, spatial[0], spatial[1], filters],
                          name: call.name)
        return try applyActivation(config.activation, to: linear, call: call)
    }

    /// Conv1D on [batch, steps, channels]: a Conv2D over a height-1 image, as TFLite does;
    /// `causal` padding pads (kernel − 1)·dilation steps in front.
    mutating func conv1D(_ call: KerasLayerCall) throws -> Int {
        let (x, inputShape, config) = try convolutionInput(call, kind: .conv1D)
        let kernel = config.kernel[0], stride = config.strides[0], dilation = config.dilation[0]
        var steps = inputShape[1]
        let channels = inputShape[2], filters = config.outputChannels(channels)
        var source = x
        if config.padding == .causal {
            let front = (kernel - 1) * dilation
            guard front <= 1 << 24 else {
                throw call.options.invalid("kernel_size", "kernel \(kernel) with dilation \(dilation) pads \(front) steps, too many")
            }
            let paddings = graph.add(Tensor(name: call.tensorName("causal_padding"), shape: [3, 2],
                                            int32s: [0, 0, Int32(front), 0, 0, 0]))
            steps += front
            source = emit(.pad, [x, paddings], shape: [1, steps, channels], name: call.name)
        }
        let outSteps = try checkedWindow(call, input: [steps], kernel: [kernel], strides: [stride],
                                         dilation: [dilation], same: config.padding == .same)[0]
        let kernelShape = [kernel, channels, filters]
        let weights = try loadWeights(call, [ExpectedWeight(name: "kernel", shape: kernelShape)]
                                      + (config.useBias ? [ExpectedWeight(name: "bias", shape: [filters])] : []))
        let filter = constant(call.tensorName("kernel"), shape: [filters, 1, kernel, channels],
                              floats: Transposition.transposed(weights["kernel"]!, shape: kernelShape, permutation: [2, 0, 1]))
        let bias = config.useBias ? constant(call.tensorName("bias"), shape: [filters], floats: weights["bias"]!) : -1
        let image = emit(.reshape, [source], shape: [1, 1, steps, channels], name: call.name)
        let attributes = Conv2DAttributes(strideH: 1, strideW: stride, dilationH: 1, dilationW: dilation,
                                          padding: config.padding == .same ? .same : .valid, activation: .none)
        let convolved = emit(.conv2D(attributes), [image, filter, bias], shape: [1, 1, outSteps, filters], name: call.name)
        // Elementwise activations commute with the reshape; applied before it, they can fuse.
        let activated = try applyActivation(config.activation, to: convolved, call: call)
        return emit(.reshape, [activated], shape: [1, outSteps, filters], name: call.name)
    }

    /// DepthwiseConv2D: kernel [kh, kw, in, multiplier] is already [1, kh, kw, in·multiplier]
    /// in memory.
    mutating func depthwiseConv2D(_ call: KerasLayerCall) throws -> Int {
        let (x, inputShape, config) = try convolutionInput(call, kind: .depthwise)
        let spatial = try convolutionOutput(call, config, input: inputShape)
        let kernel = config.kernel, channels = inputShape[3], outChannels = config.outputChannels(channels)
        let weights = try loadWeights(call, [ExpectedWeight(name: "kernel",
                                                            shape: [kernel[0], kernel[1], channels, config.depthMultiplier],
                                                            alias: "depthwise_kernel")]
                                      + (config.useBias ? [ExpectedWeight(name: "bias", shape: [outChannels])] : []))
        let filter = constant(call.tensorName("kernel"), shape: [1, kernel[0], kernel[1], outChannels], floats: weights["kernel"]!)
        let bias = config.useBias ? constant(call.tensorName("bias"), shape: [outChannels], floats: weights["bias"]!) : -1
        let linear = emit(.depthwiseConv2D(Self.attributes(config)), [x, filter, bias],
                          shape: [1, spatial[0], spatial[1], outChannels], name: call.name)
        return try applyActivation(config.activation, to: linear, call: call)
    }

    /// SeparableConv2D: depthwise_kernel [kh, kw, in, m], pointwise_kernel [1, 1, in·m, out].
    mutating func separableConv2D(_ call: KerasLayerCall) throws -> Int {
        let (x, inputShape, config) = try convolutionInput(call, kind: .separable)
        let spatial = try convolutionOutput(call, config, input: inputShape)
        let kernel = config.kernel, channels = inputShape[3], filters = config.outputChannels(channels)
        let middle = channels * config.depthMultiplier
        let weights = try loadWeights(call, [
            ExpectedWeight(name: "depthwise_kernel", shape: [kernel[0], kernel[1], channels, config.depthMultiplier]),
            ExpectedWeight(name: "pointwise_kernel", shape: [1, 1, middle, filters]),
        ] + (config.useBias ? [ExpectedWeight(name: "bias", shape: [filters])] : []))
        let depthwise = constant(call.tensorName("depthwise_kernel"), shape: [1, kernel[0], kernel[1], middle],
                                 floats: weights["depthwise_kernel"]!)
        let pointwise = constant(call.tensorName("pointwise_kernel"), shape: [filters, 1, 1, middle],
                                 floats: Transposition.transposed(weights["pointwise_kernel"]!, shape: [middle, filters], permutation: [1, 0]))
        let bias = config.useBias ? constant(call.tensorName("bias"), shape: [filters], floats: weights["bias"]!) : -1
        let linear = emit(.separableConv2D(Self.attributes(config)), [x, depthwise, pointwise, bias],
                          shape: [1, spatial[0], spatial[1], filters], name: call.name)
        return try applyActivation(config.activation, to: linear, call: call)
    }

    /// Conv2DTranspose: kernel [kh, kw, out, in] → filter [out, kh, kw, in]; output size by
    /// Keras's deconv_output_length.
    mutating func conv2DTranspose(_ call: KerasLayerCall) throws -> Int {
        let (x, inputShape, config) = try convolutionInput(call, kind: .transpose)
        let kernel = config.kernel, strides = config.strides, same = config.padding == .same
        let spatial = (0..<2).map { axis -> Int in
            let input = inputShape[axis + 1], k = kernel[axis], s = strides[axis]
            if let outputPadding = config.outputPadding {
                return (input - 1) * s + k - 2 * (same ? k / 2 : 0) + outputPadding[axis]
            }
            return same ? input * s : input * s + max(k - s, 0)
        }
        guard spatial.allSatisfy({ $0 >= 1 && $0 <= 1 << 24 }) else {
            throw call.invalid("output size \(spatial) is out of range")
        }
        let channels = inputShape[3], filters = config.outputChannels(channels)
        let kernelShape = [kernel[0], kernel[1], filters, channels]
        let weights = try loadWeights(call, [ExpectedWeight(name: "kernel", shape: kernelShape)]
                                      + (config.useBias ? [ExpectedWeight(name: "bias", shape: [filters])] : []))
        let filter = constant(call.tensorName("kernel"), shape: [filters, kernel[0], kernel[1], channels],
                              floats: Transposition.transposed(weights["kernel"]!, shape: kernelShape, permutation: [2, 0, 1, 3]))
        let bias = config.useBias ? constant(call.tensorName("bias"), shape: [filters], floats: weights["bias"]!) : -1
        let attributes = Conv2DAttributes(strideH: strides[0], strideW: strides[1], padding: same ? .same : .valid,
                                          activation: .none)
        let linear = emit(.transposeConv2D(attributes), [x, filter, bias], shape: [1, spatial[0], spatial[1], filters],
                          name: call.name)
        return try applyActivation(config.activation, to: linear, call: call)
    }
}
