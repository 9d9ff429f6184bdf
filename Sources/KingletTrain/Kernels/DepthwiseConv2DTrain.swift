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
    /// output position of the samples in `samples` (offsets of channel 0).
    @inline(__always)
    private func forEachTap(_ samples: Range<Int>, _ body: (Int, Int, Int) -> Void) {
        let (inH, inW, outC) = (height.input, width.input, outDepth)
        var out = samples.lowerBound * height.output * width.output * outC
        for b in samples {
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

    /// Multiply-adds of one pass over `batch` samples (how much work the batch is).
    private func work(batch: Int) -> Int {
        batch * height.output * width.output * height.filter * width.filter * outDepth
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        let outC = outDepth
        let m = multiplier
        var y = [Float](repeating: 0, count: batch * height.output * width.output * outC)
        x[0].withUnsafeBufferPointer { input in
            x[1].withUnsafeBufferPointer { w in
                y.withUnsafeMutableBufferPointer { y in
                    let (input, w) = (UnsafeSendablePointer(input.baseAddress!), UnsafeSendablePointer(w.baseAddress!))
                    let target = UnsafeSendablePointer(UnsafePointer(y.baseAddress!))
                    // Each chunk writes only its own samples' outputs.
                    SampleParallelism.forEachChunk(batch: batch, work: work(batch: batch)) { samples in
                        let (x, w, y) = (input.pointer, w.pointer, UnsafeMutablePointer(mutating: target.pointer))
                        forEachTap(samples) { o, i, f in
                            if m == 1 {
                                for c in 0..<outC { y[o + c] += x[i + c] * w[f + c] }
                            } else {
                                for c in 0..<outC { y[o + c] += x[i + c / m] * w[f + c] }
                            }
                        }
                    }
                }
            }
        }
        activation.apply(to: &y, addingBias: x[optional: 2])
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let outC = outDepth
        let m = multiplier
        let dz = activation.backpropagate(gradient, output: output)
        let (wantX, wantW) = (needs[0], needs[1])
        var dx = [Float](repeating: 0, count: wantX ? x[0].count : 0)
        // The filter gradient of each chunk of samples, summed afterwards in chunk order so
        // the result does not depend on which thread finished first.
        let chunks = SampleParallelism.chunks(batch: batch, work: work(batch: batch))
        let filterCount = x[1].count
        var partial = [Float](repeating: 0, count: wantW ? chunks.count * filterCount : 0)
        x[0].withUnsafeBufferPointer { input in
            x[1].withUnsafeBufferPointer { w in
                dz.withUnsafeBufferPointer { dz in
                    dx.withUnsafeMutableBufferPointer { dx in
                        partial.withUnsafeMutableBufferPointer { partial in
                            let (input, w, dz) = (UnsafeSendablePointer(input.baseAddress!), UnsafeSendablePointer(w.baseAddress!),
                                                  UnsafeSendablePointer(dz.baseAddress!))
                            let dxTarget = dx.baseAddress.map { UnsafeSendablePointer(UnsafePointer($0)) }
                            let dwTarget = partial.baseAddress.map { UnsafeSendablePointer(UnsafePointer($0)) }
                            SampleParallelism.forEach(chunks) { index, samples in
                                let (x, w, g) = (input.pointer, w.pointer, dz.pointer)
                                let dx = dxTarget.map { UnsafeMutablePointer(mutating: $0.pointer) }
                                let dw = dwTarget.map { UnsafeMutablePointer(mutating: $0.pointer) + index * filterCount }
                                forEachTap(samples) { o, i, f in
                                    if let dx {
                                        for c in 0..<outC { dx[i + c / m] += g[o + c] * w[f + c] }
                                    }
                                    if let dw {
                                        for c in 0..<outC { dw[f + c] += g[o + c] * x[i + c / m] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var result = [[Float]](repeating: [], count: x.count)
        if wantX { result[0] = dx }
        if wantW {
            var dw = Array(partial[0..<filterCount])
            for chunk in 1..<chunks.count {
                for k in 0..<filterCount { dw[k] += partial[chunk * filterCount + k] }
            }
            result[1] = dw
        }
        if needs.count > 2 && needs[2] { result[2] = ChannelSums.sum(dz, channels: outC) }
        return result
    }
}
