import KingletIR

/// CONV_2D in float32: input [N, H, W, Cin], filter [Cout, kh, kw, Cin / groups], bias
/// [Cout] or absent (zero), output [N, OH, OW, Cout], then the fused activation. As in
/// TFLite, a filter depth that divides Cin makes a grouped convolution (output channel o
/// reads group o / (Cout / groups)). Sums run in Double.
struct Conv2DF32: FloatKernel {
    let batches: Int
    let height: WindowAxis
    let width: WindowAxis
    let inDepth: Int
    let outDepth: Int
    /// The filter's depth: input channels per group.
    let groupDepth: Int
    let activation: Activation

    func run(_ operands: [[Float]]) -> [Float] {
        convolve(operands[0], filter: operands[1], bias: operands[optional: 2])
    }

    /// The convolution of `input` with `filter` plus `bias` (empty: zero), activated.
    func convolve(_ input: [Float], filter: [Float], bias: [Float]) -> [Float] {
        let (inH, inW) = (height.input, width.input)
        let (outH, outW) = (height.output, width.output)
        let (kH, kW) = (height.filter, width.filter)
        let (dilationH, dilationW) = (height.dilation, width.dilation)
        let perGroup = outDepth / (inDepth / groupDepth)
        let filterStride = kH * kW * groupDepth
        var output = [Float](repeating: 0, count: batches * outH * outW * outDepth)
        input.withUnsafeBufferPointer { x in
            filter.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    var n = 0
                    for b in 0..<batches {
                        let xBatch = b * inH * inW * inDepth
                        for oy in 0..<outH {
                            let y0 = height.start(oy)
                            let rows = height.taps(from: y0)
                            for ox in 0..<outW {
                                let x0 = width.start(ox)
                                let columns = width.taps(from: x0)
                                for oc in 0..<outDepth {
                                    var sum = bias.isEmpty ? 0 : Double(bias[oc])
                                    let groupStart = (oc / perGroup) * groupDepth
                                    for ky in rows {
                                        let rowStart = xBatch + (y0 + ky * dilationH) * inW * inDepth + groupStart
                                        let filterRow = oc * filterStride + ky * kW * groupDepth
                                        for kx in columns {
                                            let xp = rowStart + (x0 + kx * dilationW) * inDepth
                                            let wp = filterRow + kx * groupDepth
                                            for c in 0..<groupDepth {
                                                sum += Double(x[xp + c]) * Double(w[wp + c])
                                            }
                                        }
                                    }
                                    y[n] = activation.apply(Float(sum))
                                    n += 1
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

extension Conv2DF32 {
    init(_ check: FloatOperatorCheck, _ attributes: Conv2DAttributes) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatOperand(0, "input", rank: 4)
        let filter = try check.floatOperand(1, "filter", rank: 4)
        let bias = try check.optionalFloatOperand(2, "bias", rank: 1)
        let output = try check.output(rank: 4)
        let (inDepth, outDepth, groupDepth) = (input[3], filter[0], filter[3])
        try check.require(inDepth % groupDepth == 0 && outDepth % (inDepth / groupDepth) == 0,
                          "filter \(filter) does not fit input \(input): its depth \(groupDepth) must be the input depth \(inDepth) or divide it into groups that divide the \(outDepth) output channels")
        try check.requireShape(output, [input[0], output[1], output[2], outDepth], "output")
        if let bias { try check.requireShape(bias, [outDepth], "bias") }
        self.init(
            batches: input[0],
            height: try WindowAxis(check, "height", input: input[1], output: output[1], filter: filter[1],
                                   stride: attributes.strideH, dilation: attributes.dilationH,
                                   padding: attributes.padding),
            width: try WindowAxis(check, "width", input: input[2], output: output[2], filter: filter[2],
                                  stride: attributes.strideW, dilation: attributes.dilationW,
                                  padding: attributes.padding),
            inDepth: inDepth, outDepth: outDepth, groupDepth: groupDepth,
            activation: attributes.activation)
    }
}
