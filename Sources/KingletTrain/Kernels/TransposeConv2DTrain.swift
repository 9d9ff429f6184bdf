import KingletIR

/// TRANSPOSE_CONV: input [1, H, W, Cin] per sample, filter [Cout, kh, kw, Cin], bias [Cout],
/// output [1, OH, OW, Cout], fused activation — the adjoint of the convolution that takes
/// the output's size to the input's (`patches`, whose input is this operator's output).
/// Forward: the rows Q = X·R, R[c][(a, b, o)] = w[o][a][b][c], scattered (col2im) onto the
/// output; backward: dQ = im2col(dZ), dX = dQ·Rᵀ, dR = Xᵀ·dQ, db = Σ dZ.
struct TransposeConv2DTrain: TrainingKernel {
    let patches: ConvolutionPatches
    let inDepth: Int
    let outDepth: Int
    let activation: Activation

    init(_ check: TrainingOperatorCheck, _ a: Conv2DAttributes) throws(TrainingError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatShape(0, "input", rank: 4)
        let filter = try check.floatShape(1, "filter", rank: 4)
        try check.require(check.isConstant(1), "its filter must be a constant")
        let output = try check.outputShape()
        try check.requireBatchAxis(input, "input")
        try check.require(filter[3] == input[3], "filter \(filter) does not fit input \(input)")
        try check.require(output.count == 4 && output[0] == 1 && output[3] == filter[0], "output \(output) does not match the filter")
        try check.require(a.dilationH == 1 && a.dilationW == 1, "dilation must be 1")
        if check.has(2) { try check.require(try check.floatShape(2, "bias") == [filter[0]], "bias must have shape [\(filter[0])]") }
        patches = ConvolutionPatches(
            height: try TrainingWindow(check, "height (of the output, whose convolution gives the input)",
                                       input: output[1], output: input[1], filter: filter[1],
                                       stride: a.strideH, dilation: 1, padding: a.padding),
            width: try TrainingWindow(check, "width (of the output, whose convolution gives the input)",
                                      input: output[2], output: input[2], filter: filter[2],
                                      stride: a.strideW, dilation: 1, padding: a.padding),
            inDepth: filter[0], groupDepth: filter[0])
        inDepth = input[3]
        outDepth = filter[0]
        activation = a.activation
    }

    /// Columns of a patch row: kh · kw · Cout.
    private var columns: Int { patches.columns }
    private var outputCount: Int { patches.height.input * patches.width.input * outDepth }

    /// R = the filter as [Cin][(a, b, o)], from [o][a][b][c].
    private func rows(_ w: [Float]) -> [Float] {
        let taps = patches.height.filter * patches.width.filter
        var r = [Float](repeating: 0, count: w.count)
        for o in 0..<outDepth {
            for t in 0..<taps {
                for c in 0..<inDepth { r[c * columns + t * outDepth + o] = w[(o * taps + t) * inDepth + c] }
            }
        }
        return r
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        let m = batch * patches.positionsPerSample
        var q = [Float].overwritten(count: m * columns)
        FloatGemm.multiply(x[0], rows(x[1]), into: &q, m: m, n: columns, k: inDepth)
        var y = [Float](repeating: 0, count: batch * outputCount)
        patches.scatter(q, batch: batch, group: 0, into: &y)
        activation.apply(to: &y, addingBias: x[optional: 2])
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let m = batch * patches.positionsPerSample
        let dz = activation.backpropagate(gradient, output: output)
        let dq = patches.gather(dz, batch: batch, group: 0)
        var result = [[Float]](repeating: [], count: x.count)
        if needs[0] {
            var dx = [Float].overwritten(count: m * inDepth)
            FloatGemm.multiply(dq, rows(x[1]), into: &dx, m: m, n: inDepth, k: columns, transposeB: true)
            result[0] = dx
        }
        if needs[1] {
            var dr = [Float].overwritten(count: inDepth * columns)
            FloatGemm.multiply(x[0], dq, into: &dr, m: inDepth, n: columns, k: m, transposeA: true)
            // Back to the filter's [o][a][b][c].
            let taps = patches.height.filter * patches.width.filter
            var dw = [Float](repeating: 0, count: x[1].count)
            for o in 0..<outDepth {
                for t in 0..<taps {
                    for c in 0..<inDepth { dw[(o * taps + t) * inDepth + c] = dr[c * columns + t * outDepth + o] }
                }
            }
            result[1] = dw
        }
        if needs.count > 2 && needs[2] { result[2] = ChannelSums.sum(dz, channels: outDepth) }
        return result
    }
}
