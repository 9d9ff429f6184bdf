import KingletIR

/// SEPARABLE_CONV_2D in float32, as Keras's SeparableConv2D (tf.nn.separable_conv2d):
/// a depthwise step (filter [1, kh, kw, Cin · dm], no bias, no activation) into a float32
/// intermediate [N, OH, OW, Cin · dm], then a 1×1 pointwise convolution (filter
/// [Cout, 1, 1, Cin · dm]) with the bias, then the fused activation.
struct SeparableConv2DF32: FloatKernel {
    let depthwise: DepthwiseConv2DF32
    let pointwise: Conv2DF32

    func run(_ operands: [[Float]]) -> [Float] {
        let intermediate = depthwise.convolve(operands[0], filter: operands[1], bias: [])
        return pointwise.convolve(intermediate, filter: operands[2], bias: operands[optional: 3])
    }
}

extension SeparableConv2DF32 {
    init(_ check: FloatOperatorCheck, _ attributes: Conv2DAttributes) throws(FloatInterpreterError) {
        try check.requireOperandCount(3...4)
        let input = try check.floatOperand(0, "input", rank: 4)
        let depthwiseFilter = try check.floatOperand(1, "depthwise filter", rank: 4)
        let pointwiseFilter = try check.floatOperand(2, "pointwise filter", rank: 4)
        let bias = try check.optionalFloatOperand(3, "bias", rank: 1)
        let output = try check.output(rank: 4)
        let middleDepth = try DepthwiseConv2DF32.requireDepth(check, input: input, filter: depthwiseFilter, attributes)
        let outDepth = pointwiseFilter[0]
        try check.requireShape(pointwiseFilter, [outDepth, 1, 1, middleDepth], "pointwise filter")
        try check.requireShape(output, [input[0], output[1], output[2], outDepth], "output")
        if let bias { try check.requireShape(bias, [outDepth], "bias") }
        let middleCount = try check.checked(SizeArithmetic.product([input[0], output[1], output[2], middleDepth]),
                                            "the depthwise intermediate's size")
        try check.require(middleCount <= FloatInterpreter.maxElements,
                          "the depthwise intermediate has \(middleCount) elements; at most \(FloatInterpreter.maxElements) are allowed")
        depthwise = try DepthwiseConv2DF32(check, attributes, input: input, filter: depthwiseFilter,
                                           output: output, activation: .none)
        let middle = [output[0], output[1], output[2], middleDepth]
        pointwise = Conv2DF32(
            batches: output[0],
            height: try WindowAxis(check, "height", input: middle[1], output: middle[1], filter: 1,
                                   stride: 1, dilation: 1, padding: .valid),
            width: try WindowAxis(check, "width", input: middle[2], output: middle[2], filter: 1,
                                  stride: 1, dilation: 1, padding: .valid),
            inDepth: middleDepth, outDepth: outDepth, groupDepth: middleDepth,
            activation: attributes.activation)
    }
}
