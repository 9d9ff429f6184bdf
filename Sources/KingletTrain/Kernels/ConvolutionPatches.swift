/// The im2col view of a convolution: one row per output position (batch-major), holding
/// the window's inputs of one channel group in filter order (ky, kx, channel), zero in the
/// padding. Forward and both backward products of CONV_2D become matrix products over it.
struct ConvolutionPatches: Sendable {
    let height: TrainingWindow
    let width: TrainingWindow
    let inDepth: Int
    /// Input channels per group: the filter's depth.
    let groupDepth: Int

    /// Columns of a patch row.
    var columns: Int { height.filter * width.filter * groupDepth }
    var positionsPerSample: Int { height.output * width.output }

    /// Whether the patches of group 0 are the input itself (1x1, stride 1, no padding, one group).
    var isIdentity: Bool {
        height.filter == 1 && width.filter == 1 && height.stride == 1 && width.stride == 1
            && height.padBefore == 0 && width.padBefore == 0 && groupDepth == inDepth
    }

    /// The patch rows of `batch` samples for channel group `group` (samples split over the cores).
    func gather(_ x: [Float], batch: Int, group: Int) -> [Float] {
        let k = columns
        let count = batch * positionsPerSample * k
        let (inH, inW) = (height.input, width.input)
        return x.withUnsafeBufferPointer { x in
            let source = UnsafeSendablePointer(x.baseAddress!)
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                let target = UnsafeSendablePointer(UnsafePointer(buffer.baseAddress!))
                SampleParallelism.forEachChunk(batch: batch, work: count) { samples in
                    let (x, p) = (source.pointer, UnsafeMutablePointer(mutating: target.pointer))
                    var row = samples.lowerBound * positionsPerSample
                    // One window row's taps are adjacent in the input when they are not
                    // dilated and span every channel: copy them at once.
                    let contiguous = width.dilation == 1 && groupDepth == inDepth
                    let rowSpan = width.filter * groupDepth
                    for b in samples {
                        let sample = b * inH * inW * inDepth + group * groupDepth
                        for oy in 0..<height.output {
                            for ox in 0..<width.output {
                                var column = row * k
                                let x0 = width.coordinate(ox, 0)
                                let inside = x0 >= 0 && x0 + width.filter <= inW
                                for ky in 0..<height.filter {
                                    let iy = height.coordinate(oy, ky)
                                    if iy < 0 || iy >= inH {
                                        (p + column).update(repeating: 0, count: rowSpan)
                                        column += rowSpan
                                        continue
                                    }
                                    if contiguous && inside {
                                        (p + column).update(from: x + sample + (iy * inW + x0) * inDepth, count: rowSpan)
                                        column += rowSpan
                                        continue
                                    }
                                    for kx in 0..<width.filter {
                                        let ix = width.coordinate(ox, kx)
                                        if ix >= 0 && ix < inW {
                                            let from = sample + (iy * inW + ix) * inDepth
                                            for c in 0..<groupDepth { p[column + c] = x[from + c] }
                                        } else {
                                            for c in 0..<groupDepth { p[column + c] = 0 }
                                        }
                                        column += groupDepth
                                    }
                                }
                                row += 1
                            }
                        }
                    }
                }
                initialized = count
            }
        }
    }

    /// Adds the patch-row gradients `dp` of group `group` back onto the input gradient `dx`
    /// (samples split over the cores: each writes only its own samples' gradients).
    func scatter(_ dp: [Float], batch: Int, group: Int, into dx: inout [Float]) {
        let k = columns
        let (inH, inW) = (height.input, width.input)
        dp.withUnsafeBufferPointer { p in
            dx.withUnsafeMutableBufferPointer { dx in
              let (source, target) = (UnsafeSendablePointer(p.baseAddress!), UnsafeSendablePointer(UnsafePointer(dx.baseAddress!)))
              SampleParallelism.forEachChunk(batch: batch, work: dp.count) { samples in
                let (p, dx) = (source.pointer, UnsafeMutablePointer(mutating: target.pointer))
                var row = samples.lowerBound * positionsPerSample
                let contiguous = width.dilation == 1 && groupDepth == inDepth
                let rowSpan = width.filter * groupDepth
                for b in samples {
                    let sample = b * inH * inW * inDepth + group * groupDepth
                    for oy in 0..<height.output {
                        for ox in 0..<width.output {
                            var column = row * k
                            let x0 = width.coordinate(ox, 0)
                            let inside = contiguous && x0 >= 0 && x0 + width.filter <= inW
                            for ky in 0..<height.filter {
                                let iy = height.coordinate(oy, ky)
                                if inside && iy >= 0 && iy < inH {
                                    let target = sample + (iy * inW + x0) * inDepth
                                    for c in 0..<rowSpan { dx[target + c] += p[column + c] }
                                    column += rowSpan
                                    continue
                                }
                                for kx in 0..<width.filter {
                                    let ix = width.coordinate(ox, kx)
                                    if iy >= 0 && iy < inH && ix >= 0 && ix < inW {
                                        let target = sample + (iy * inW + ix) * inDepth
                                        for c in 0..<groupDepth { dx[target + c] += p[column + c] }
                                    }
                                    column += groupDepth
                                }
                            }
                            row += 1
                        }
                    }
                }
              }
            }
        }
    }
}
