import KingletIR

/// CONV_2D: input [1, H, W, Cin] per sample, filter [Cout, kh, kw, Cin / groups], bias
/// [Cout], fused activation. Per channel group g, with patch rows P_g (`ConvolutionPatches`)
/// and the group's filter rows W_g: Y_g = P_g·W_gᵀ; backward dW_g = dZ_gᵀ·P_g, dP_g = dZ_g·W_g
/// scattered back onto dX, db = Σ dZ.
struct Conv2DTrain: TrainingKernel {
    let patches: ConvolutionPatches
    let outDepth: Int
    let groups: Int
    let activation: Activation

    var perGroup: Int { outDepth / groups }

    init(_ check: TrainingOperatorCheck, _ a: Conv2DAttributes) throws(TrainingError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatShape(0, "input", rank: 4)
        let filter = try check.floatShape(1, "filter", rank: 4)
        try check.require(check.isConstant(1), "its filter must be a constant")
        let output = try check.outputShape()
        try check.requireBatchAxis(input, "input")
        let (inDepth, outDepth, groupDepth) = (input[3], filter[0], filter[3])
        try check.require(groupDepth > 0 && inDepth % groupDepth == 0 && outDepth % (inDepth / groupDepth) == 0,
                          "filter \(filter) does not fit input \(input)")
        try check.require(output.count == 4 && output[0] == 1 && output[3] == outDepth, "output \(output) does not match the filter")
        if check.has(2) { try check.require(try check.floatShape(2, "bias") == [outDepth], "bias must have shape [\(outDepth)]") }
        patches = ConvolutionPatches(
            height: try TrainingWindow(check, "height", input: input[1], output: output[1], filter: filter[1],
                                       stride: a.strideH, dilation: a.dilationH, padding: a.padding),
            width: try TrainingWindow(check, "width", input: input[2], output: output[2], filter: filter[2],
                                      stride: a.strideW, dilation: a.dilationW, padding: a.padding),
            inDepth: inDepth, groupDepth: groupDepth)
        self.outDepth = outDepth
        groups = inDepth / groupDepth
        activation = a.activation
    }

    /// The patch rows of group `g`: the input itself when the convolution is pointwise.
    private func patchRows(_ x: [Float], batch: Int, group g: Int) -> [Float] {
        patches.isIdentity ? x : patches.gather(x, batch: batch, group: g)
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        let m = batch * patches.positionsPerSample
        let k = patches.columns
        var y = [Float].overwritten(count: m * outDepth)
        for g in 0..<groups {
            let p = patchRows(x[0], batch: batch, group: g)
            if groups == 1 {
                FloatGemm.multiply(p, x[1], into: &y, m: m, n: outDepth, k: k, transposeB: true)
            } else {
                var product = [Float].overwritten(count: m * perGroup)
                FloatGemm.multiply(p, x[1], bStart: g * perGroup * k, into: &product, m: m, n: perGroup, k: k, transposeB: true)
                place(product, group: g, rows: m, into: &y)
            }
        }
        activation.apply(to: &y, addingBias: x[optional: 2])
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let m = batch * patches.positionsPerSample
        let k = patches.columns
        let dz = activation.backpropagate(gradient, output: output)
        var result = [[Float]](repeating: [], count: x.count)
        if needs[0] { result[0] = [Float](repeating: 0, count: x[0].count) }
        if needs[1] { result[1] = [Float](repeating: 0, count: outDepth * k) }
        for g in 0..<groups {
            let dzGroup = groups == 1 ? dz : take(dz, group: g, rows: m)
            if needs[1] {
                FloatGemm.multiply(dzGroup, patchRows(x[0], batch: batch, group: g), into: &result[1],
                                   cStart: g * perGroup * k, m: perGroup, n: k, k: m, transposeA: true)
            }
            if needs[0] {
                var dp = [Float].overwritten(count: m * k)
                FloatGemm.multiply(dzGroup, x[1], bStart: g * perGroup * k, into: &dp, m: m, n: k, k: perGroup)
                if patches.isIdentity {
                    result[0] = dp
                } else {
                    patches.scatter(dp, batch: batch, group: g, into: &result[0])
                }
            }
        }
        if needs.count > 2 && needs[2] { result[2] = ChannelSums.sum(dz, channels: outDepth) }
        return result
    }

    /// Writes group `g`'s rows × perGroup product into its columns of the rows × outDepth output.
    private func place(_ product: [Float], group g: Int, rows: Int, into y: inout [Float]) {
        let n = perGroup
        for r in 0..<rows {
            for c in 0..<n { y[r * outDepth + g * n + c] = product[r * n + c] }
        }
    }

    /// Group `g`'s columns of a rows × outDepth gradient, packed.
    private func take(_ dz: [Float], group g: Int, rows: Int) -> [Float] {
        let n = perGroup
        var packed = [Float](repeating: 0, count: rows * n)
        for r in 0..<rows {
            for c in 0..<n { packed[r * n + c] = dz[r * outDepth + g * n + c] }
        }
        return packed
    }
}
