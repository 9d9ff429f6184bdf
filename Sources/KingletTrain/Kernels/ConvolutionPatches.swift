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

    /// The patch rows of `batch` samples for channel group `group`.
    func gather(_ x: [Float], batch: Int, group: Int) -> [Float] {
        let k = columns
        var patches = [Float](repeating: 0, count: batch * positionsPerSample * k)
        let (inH, inW) = (height.input, width.input)
        x.withUnsafeBufferPointer { x in
            patches.withUnsafeMutableBufferPointer { p in
                var row = 0
                for b in 0..<batch {
                    let sample = b * inH * inW * inDepth + group * groupDepth
                    for oy in 0..<height.output {
                        for ox in 0..<width.output {
                            var column = row * k
                            for ky in 0..<height.filter {
                                let iy = height.coordinate(oy, ky)
                                for kx in 0..<width.filter {
                                    let ix = width.coordinate(ox, kx)
                                    if iy >= 0 && iy < inH && ix >= 0 && ix < inW {
                                        let source = sample + (iy * inW + ix) * inDepth
                                        for c in 0..<groupDepth { p[column + c] = x[source + c] }
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
        return patches
    }

    /// Adds the patch-row gradients `dp` of group `group` back onto the input gradient `dx`.
    func scatter(_ dp: [Float], batch: Int, group: Int, into dx: inout [Float]) {
        let k = columns
        let (inH, inW) = (height.input, width.input)
        dp.withUnsafeBufferPointer { p in
            dx.withUnsafeMutableBufferPointer { dx in
                var row = 0
                for b in 0..<batch {
                    let sample = b * inH * inW * inDepth + group * groupDepth
                    for oy in 0..<height.output {
                        for ox in 0..<width.output {
                            var column = row * k
                            for ky in 0..<height.filter {
                                let iy = height.coordinate(oy, ky)
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
