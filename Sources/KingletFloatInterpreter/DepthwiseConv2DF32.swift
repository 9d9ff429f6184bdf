import KingletIR

/// DEPTHWISE_CONV_2D in float32: input [N, H, W, Cin], filter [1, kh, kw, Cin · dm], bias
/// [Cin · dm] or absent (zero), output [N, OH, OW, Cin · dm]; output channel o = c · dm + m
/// reads input channel c. Then the fused activation. Sums run in Double.
struct DepthwiseConv2DF32: FloatKernel {
    let batches: Int
    let height: WindowAxis
    let width: WindowAxis
    let inDepth: Int
    let multiplier: Int
    let activation: Activation

    func run(_ operands: [[Float]]) -> [Float] {
        convolve(operands[0], filter: operands[1], bias: operands[optional: 2])
    }

    /// The depthwise convolution of `input` with `filter` plus `bias` (empty: zero), activated.
    func convolve(_ input: [Float], filter: [Float], bias: [Float]) -> [Float] {
        let (inH, inW) = (height.input, width.input)
        let (outH, outW) = (height.output, width.output)
        let kW = width.filter
        let (dilationH, dilationW) = (height.dilation, width.dilation)
        let outDepth = inDepth * multiplier
        var output = [Float](repeating: 0, count: batches * outH * outW * outDepth)
        // One pixel's sums: the filter's taps are contiguous over the output channels.
        var sums = [Double](repeating: 0, count: outDepth)
        input.withUnsafeBufferPointer { x in
            filter.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    sums.withUnsafeMutableBufferPointer { sum in
                        var n = 0
                        for b in 0..<batches {
                            let xBatch = b * inH * inW * inDepth
                            for oy in 0..<outH {
                                let y0 = height.start(oy)
                                let rows = height.taps(from: y0)
                                for ox in 0..<outW {
                                    let x0 = width.start(ox)
                                    let columns = width.taps(from: x0)
                                    for o in 0..<outDepth { sum[o] = bias.isEmpty ? 0 : Double(bias[o]) }
                                    for ky in rows {
                                        let rowStart = xBatch + (y0 + ky * dilationH) * inW * inDepth
                                        for kx in columns {
                                            let xp = rowStart + (x0 + kx * dilationW) * inDepth
                                            let wp = (ky * kW + kx) * outDepth
                                            for c in 0..<inDepth {
                                                let value = Double(x[xp + c])
                                                for m in 0..<multiplier {
                                                    let o = c * multiplier + m
                                                    sum[o] += value * Double(w[wp + o])
                                                }
                                            }
                                        }
                                    }
                                    for o in 0..<outDepth {
                                        y[n] = activation.apply(Float(sum[o]))
                                        n += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}

extension DepthwiseConv2DF32 {
    init(_ check: FloatOperatorCheck, _ attributes: Conv2DAttributes) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatOperand(0, "input", rank: 4)
        let filter = try check.floatOperand(1, "filter", rank: 4)
        let bias = try check.optionalFloatOperand(2, "bias", rank: 1)
        let output = try check.output(rank: 4)
        let outDepth = try Self.requireDepth(check, input: input, filter: filter, attributes)
        try check.requireShape(output, [input[0], output[1], output[2], outDepth], "output")
        if let bias { try check.requireShape(bias, [outDepth], "bias") }
        try self.init(check, attributes, input: input, filter: filter, output: output, activation: attributes.activation)
    }

    /// The geometry of a depthwise step from input [N, H, W, Cin] to output [N, OH, OW, ·];
    /// shared with SEPARABLE_CONV_2D.
    init(_ check: FloatOperatorCheck, _ attributes: Conv2DAttributes, input: [Int], filter: [Int],
         output: [Int], activation: Activation) throws(FloatInterpreterError) {
        self.init(
            batches: input[0],
            height: try WindowAxis(check, "height", input: input[1], output: output[1], filter: filter[1],
                                   stride: attributes.strideH, dilation: attributes.dilationH,
                                   padding: attributes.padding),
            width: try WindowAxis(check, "width", input: input[2], output: output[2], filter: filter[2],
                                  stride: attributes.strideW, dilation: attributes.dilationW,
                                  padding: attributes.padding),
            inDepth: input[3], multiplier: attributes.depthMultiplier, activation: activation)
    }

    /// Checks a depthwise filter [1, kh, kw, Cin · dm] against the input and the depth
    /// multiplier; returns Cin · dm.
    static func requireDepth(_ check: FloatOperatorCheck, input: [Int], filter: [Int],
                             _ attributes: Conv2DAttributes) throws(FloatInterpreterError) -> Int {
        let multiplier = attributes.depthMultiplier
        try check.require(multiplier >= 1, "depth multiplier \(multiplier) must be ≥ 1")
        let outDepth = try check.checked(SizeArithmetic.multiply(input[3], multiplier),
                                         "input depth \(input[3]) × depth multiplier \(multiplier)")
        try check.require(filter[0] == 1 && filter[3] == outDepth,
                          "depthwise filter has shape \(filter), expected [1, kh, kw, \(outDepth)] for input depth \(input[3]) and depth multiplier \(multiplier)")
        return outDepth
    }
}
