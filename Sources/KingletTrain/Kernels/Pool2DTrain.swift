import KingletIR

/// AVERAGE_POOL_2D and MAX_POOL_2D per channel over [1, H, W, C] samples, with the fused
/// activation. Average divides by the count of in-bounds taps (TensorFlow's SAME rule); max
/// ignores the padding and sends the gradient to the first largest tap in (ky, kx) order.
struct Pool2DTrain: TrainingKernel {
    enum Reduction: Sendable { case average, maximum }

    let reduction: Reduction
    let height: TrainingWindow
    let width: TrainingWindow
    let channels: Int
    let activation: Activation

    init(_ check: TrainingOperatorCheck, _ a: Pool2DAttributes, _ reduction: Reduction) throws(TrainingError) {
        try check.requireOperandCount(1...1)
        let input = try check.floatShape(0, "input", rank: 4)
        let output = try check.outputShape()
        try check.requireBatchAxis(input, "input")
        try check.require(output.count == 4 && output[0] == 1 && output[3] == input[3], "output \(output) does not match input \(input)")
        height = try TrainingWindow(check, "height", input: input[1], output: output[1], filter: a.filterH,
                                    stride: a.strideH, dilation: 1, padding: a.padding)
        width = try TrainingWindow(check, "width", input: input[2], output: output[2], filter: a.filterW,
                                   stride: a.strideW, dilation: 1, padding: a.padding)
        channels = input[3]
        self.reduction = reduction
        activation = a.activation
    }

    /// The in-bounds input rows and columns of output position (oy, ox).
    private func window(_ oy: Int, _ ox: Int) -> (Range<Int>, Range<Int>) {
        let y0 = oy * height.stride - height.padBefore
        let x0 = ox * width.stride - width.padBefore
        let rows = Swift.max(y0, 0)..<Swift.max(Swift.min(y0 + height.filter, height.input), Swift.max(y0, 0))
        let columns = Swift.max(x0, 0)..<Swift.max(Swift.min(x0 + width.filter, width.input), Swift.max(x0, 0))
        return (rows, columns)
    }

    /// Calls `body(outputOffset, sampleOffset, rows, columns)` per output position.
    private func forEachWindow(batch: Int, _ body: (Int, Int, Range<Int>, Range<Int>) -> Void) {
        var out = 0
        for b in 0..<batch {
            let sample = b * height.input * width.input * channels
            for oy in 0..<height.output {
                for ox in 0..<width.output {
                    let (rows, columns) = window(oy, ox)
                    body(out, sample, rows, columns)
                    out += channels
                }
            }
        }
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        var y = [Float](repeating: 0, count: batch * height.output * width.output * channels)
        let (inW, c) = (width.input, channels)
        x[0].withUnsafeBufferPointer { input in
            y.withUnsafeMutableBufferPointer { y in
                forEachWindow(batch: batch) { o, sample, rows, columns in
                    switch reduction {
                    case .average:
                        for iy in rows { for ix in columns {
                            let i = sample + (iy * inW + ix) * c
                            for k in 0..<c { y[o + k] += input[i + k] }
                        } }
                        let scale = 1 / Float(Swift.max(rows.count * columns.count, 1))
                        for k in 0..<c { y[o + k] *= scale }
                    case .maximum:
                        for k in 0..<c { y[o + k] = -.infinity }
                        for iy in rows { for ix in columns {
                            let i = sample + (iy * inW + ix) * c
                            for k in 0..<c { y[o + k] = Swift.max(y[o + k], input[i + k]) }
                        } }
                    }
                }
            }
        }
        activation.apply(to: &y)
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        guard needs[0] else { return [[]] }
        let dz = activation.backpropagate(gradient, output: output)
        var dx = [Float](repeating: 0, count: x[0].count)
        let (inW, c) = (width.input, channels)
        x[0].withUnsafeBufferPointer { input in
            dz.withUnsafeBufferPointer { dz in
                dx.withUnsafeMutableBufferPointer { dx in
                    forEachWindow(batch: batch) { o, sample, rows, columns in
                        switch reduction {
                        case .average:
                            let scale = 1 / Float(Swift.max(rows.count * columns.count, 1))
                            for iy in rows { for ix in columns {
                                let i = sample + (iy * inW + ix) * c
                                for k in 0..<c { dx[i + k] += dz[o + k] * scale }
                            } }
                        case .maximum:
                            for k in 0..<c {
                                var best = -Float.infinity
                                var at = -1
                                for iy in rows { for ix in columns {
                                    let i = sample + (iy * inW + ix) * c + k
                                    if input[i] > best { best = input[i]; at = i }
                                } }
                                if at >= 0 { dx[at] += dz[o + k] }
                            }
                        }
                    }
                }
            }
        }
        return [dx]
    }
}
