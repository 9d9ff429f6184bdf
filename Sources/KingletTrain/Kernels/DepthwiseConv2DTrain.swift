import KingletIR

/// DEPTHWISE_CONV_2D: input [1, H, W, Cin] per sample, filter [1, kh, kw, Cout] with
/// Cout = Cin · depthMultiplier (output channel o reads input channel o / multiplier), bias
/// [Cout], fused activation. Direct loops with the channel innermost; the backward pass walks
/// the same windows, adding dZ·w onto dX and dZ·x onto dW.
struct DepthwiseConv2DTrain: TrainingKernel {
    let height: TrainingWindow
    let width: TrainingWindow
    let inDepth: Int
    let multiplier: Int
    let activation: Activation

    var outDepth: Int { inDepth * multiplier }

    init(_ check: TrainingOperatorCheck, _ a: Conv2DAttributes) throws(TrainingError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatShape(0, "input", rank: 4)
        let filter = try check.floatShape(1, "filter", rank: 4)
        try check.require(check.isConstant(1), "its filter must be a constant")
        let output = try check.outputShape()
        try check.requireBatchAxis(input, "input")
        try check.require(filter[0] == 1 && input[3] > 0 && filter[3] % input[3] == 0,
                          "filter \(filter) does not fit input \(input)")
        try check.require(output.count == 4 && output[0] == 1 && output[3] == filter[3], "output \(output) does not match the filter")
        if check.has(2) { try check.require(try check.floatShape(2, "bias") == [filter[3]], "bias must have shape [\(filter[3])]") }
        height = try TrainingWindow(check, "height", input: input[1], output: output[1], filter: filter[1],
                                    stride: a.strideH, dilation: a.dilationH, padding: a.padding)
        width = try TrainingWindow(check, "width", input: input[2], output: output[2], filter: filter[2],
                                   stride: a.strideW, dilation: a.dilationW, padding: a.padding)
        inDepth = input[3]
        multiplier = filter[3] / input[3]
        activation = a.activation
    }

    /// Calls `body(outputOffset, inputOffset, filterOffset)` for every in-bounds tap of every
    /// output position of `batch` samples (offsets of channel 0).
    @inline(__always)
    private func forEachTap(batch: Int, _ body: (Int, Int, Int) -> Void) {
        let (inH, inW, outC) = (height.input, width.input, outDepth)
        var out = 0
        for b in 0..<batch {
            let sample = b * inH * inW * inDepth
            for oy in 0..<height.output {
                for ox in 0..<width.output {
                    for ky in 0..<height.filter {
                        let iy = height.coordinate(oy, ky)
                        guard iy >= 0 && iy < inH else { continue }
                        for kx in 0..<width.filter {
                            let ix = width.coordinate(ox, kx)
                            guard ix >= 0 && ix < inW else { continue }
                            body(out, sample + (iy * inW + ix) * inDepth, (ky * width.filter + kx) * outC)
                        }
                    }
                    out += outC
                }
            }
        }
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        let outC = outDepth
        var y = [Float](repeating: 0, count: batch * height.output * width.output * outC)
        let m = multiplier
        x[0].withUnsafeBufferPointer { input in
            x[1].withUnsafeBufferPointer { w in
                y.withUnsafeMutableBufferPointer { y in
                    forEachTap(batch: batch) { o, i, f in
                        if m == 1 {
                            for c in 0..<outC { y[o + c] += input[i + c] * w[f + c] }
                        } else {
                            for c in 0..<outC { y[o + c] += input[i + c / m] * w[f + c] }
                        }
                    }
                }
            }
        }
        let bias = x[optional: 2]
        if !bias.isEmpty { ChannelSums.add(bias, to: &y) }
        activation.apply(to: &y)
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let outC = outDepth
        let m = multiplier
        let dz = activation.backpropagate(gradient, output: output)
        var dx = [Float](repeating: 0, count: needs[0] ? x[0].count : 0)
        var dw = [Float](repeating: 0, count: needs[1] ? x[1].count : 0)
        let (wantX, wantW) = (needs[0], needs[1])
        x[0].withUnsafeBufferPointer { input in
            x[1].withUnsafeBufferPointer { w in
                dz.withUnsafeBufferPointer { dz in
                    dx.withUnsafeMutableBufferPointer { dx in
                        dw.withUnsafeMutableBufferPointer { dw in
                            forEachTap(batch: batch) { o, i, f in
                                if wantX {
                                    for c in 0..<outC { dx[i + c / m] += dz[o + c] * w[f + c] }
                                }
                                if wantW {
                                    for c in 0..<outC { dw[f + c] += dz[o + c] * input[i + c / m] }
                                }
                            }
                        }
                    }
                }
            }
        }
        var result = [[Float]](repeating: [], count: x.count)
        if wantX { result[0] = dx }
        if wantW { result[1] = dw }
        if needs.count > 2 && needs[2] { result[2] = ChannelSums.sum(dz, channels: outC) }
        return result
    }
}
