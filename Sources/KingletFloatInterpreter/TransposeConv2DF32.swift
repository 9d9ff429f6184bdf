import KingletIR

/// TRANSPOSE_CONV in float32, as TensorFlow's conv2d_transpose (Keras Conv2DTranspose):
/// input [N, H, W, Cin], filter [Cout, kh, kw, Cin], bias [Cout] or absent, output
/// [N, OH, OW, Cout] with its size from the output tensor. Input pixel (i, j) adds
/// in[i][j][c] · w[o][a][b][c] to out[i·s + a − padTop][j·s + b − padLeft][o]; contributions
/// outside the output are dropped. Then the bias and the fused activation. Sums run in Double.
///
/// The output size must be one whose forward convolution (same filter, stride and padding)
/// gives the input size, as TensorFlow requires; the padding is that convolution's:
/// SAME: padTotal = max((H − 1) · s + kh − OH, 0), padTop = padTotal / 2; VALID: 0.
struct TransposeConv2DF32: FloatKernel {
    let batches: Int
    /// The forward convolution's axes: input = this op's output, output = this op's input.
    let height: WindowAxis
    let width: WindowAxis
    let inDepth: Int
    let outDepth: Int
    let activation: Activation

    func run(_ operands: [[Float]]) -> [Float] {
        let bias = operands[optional: 2]
        let (inH, inW) = (height.output, width.output)
        let (outH, outW) = (height.input, width.input)
        let (kH, kW) = (height.filter, width.filter)
        let (strideH, strideW) = (height.stride, width.stride)
        var sums = [Double](repeating: 0, count: batches * outH * outW * outDepth)
        operands[0].withUnsafeBufferPointer { x in
            operands[1].withUnsafeBufferPointer { w in
                sums.withUnsafeMutableBufferPointer { sum in
                    for b in 0..<batches {
                        for i in 0..<inH {
                            for j in 0..<inW {
                                let xp = ((b * inH + i) * inW + j) * inDepth
                                for a in 0..<kH {
                                    let r = i * strideH + a - height.padBefore
                                    if r < 0 || r >= outH { continue }
                                    for bb in 0..<kW {
                                        let q = j * strideW + bb - width.padBefore
                                        if q < 0 || q >= outW { continue }
                                        let yp = ((b * outH + r) * outW + q) * outDepth
                                        for o in 0..<outDepth {
                                            let wp = ((o * kH + a) * kW + bb) * inDepth
                                            var dot = 0.0
                                            for c in 0..<inDepth { dot += Double(x[xp + c]) * Double(w[wp + c]) }
                                            sum[yp + o] += dot
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var output = [Float](repeating: 0, count: sums.count)
        for n in sums.indices {
            let o = n % outDepth
            output[n] = activation.apply(Float(sums[n] + (bias.isEmpty ? 0 : Double(bias[o]))))
        }
        return output
    }
}

extension TransposeConv2DF32 {
    init(_ check: FloatOperatorCheck, _ attributes: Conv2DAttributes) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatOperand(0, "input", rank: 4)
        let filter = try check.floatOperand(1, "filter", rank: 4)
        let bias = try check.optionalFloatOperand(2, "bias", rank: 1)
        let output = try check.output(rank: 4)
        let outDepth = filter[0]
        try check.require(filter[3] == input[3],
                          "filter \(filter) does not fit input \(input): its depth must be the input depth \(input[3])")
        try check.requireShape(output, [input[0], output[1], output[2], outDepth], "output")
        if let bias { try check.requireShape(bias, [outDepth], "bias") }
        try check.require(attributes.dilationH == 1 && attributes.dilationW == 1,
                          "dilation \(attributes.dilationH)×\(attributes.dilationW) is not supported; it must be 1")
        self.init(
            batches: input[0],
            height: try WindowAxis(check, "height (of the output, whose convolution gives the input)",
                                   input: output[1], output: input[1], filter: filter[1],
                                   stride: attributes.strideH, dilation: 1, padding: attributes.padding),
            width: try WindowAxis(check, "width (of the output, whose convolution gives the input)",
                                  input: output[2], output: input[2], filter: filter[2],
                                  stride: attributes.strideW, dilation: 1, padding: attributes.padding),
            inDepth: input[3], outDepth: outDepth, activation: attributes.activation)
    }
}
