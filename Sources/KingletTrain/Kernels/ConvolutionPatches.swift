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

    /// Walks the patch rows of the samples in `samples` for channel group `group` as runs:
    /// `body(patchOffset, inputOffset, count)` for `count` consecutive patch values that are
    /// consecutive input values from `inputOffset`, or padding when `inputOffset` is nil. A
    /// window row that lies inside the input and spans every channel undilated is one run;
    /// otherwise each tap is.
    @inline(__always)
    private func forEachRun(_ samples: Range<Int>, group: Int, _ body: (Int, Int?, Int) -> Void) {
        let (inH, inW) = (height.input, width.input)
        let contiguous = width.dilation == 1 && groupDepth == inDepth
        let rowSpan = width.filter * groupDepth
        var column = samples.lowerBound * positionsPerSample * columns
        for b in samples {
            let sample = b * inH * inW * inDepth + group * groupDepth
            for oy in 0..<height.output {
                for ox in 0..<width.output {
                    let x0 = width.coordinate(ox, 0)
                    let inside = contiguous && x0 >= 0 && x0 + width.filter <= inW
                    for ky in 0..<height.filter {
                        let iy = height.coordinate(oy, ky)
                        if iy < 0 || iy >= inH {
                            body(column, nil, rowSpan)
                            column += rowSpan
                        } else if inside {
                            body(column, sample + (iy * inW + x0) * inDepth, rowSpan)
                            column += rowSpan
                        } else {
                            for kx in 0..<width.filter {
                                let ix = width.coordinate(ox, kx)
                                body(column, ix >= 0 && ix < inW ? sample + (iy * inW + ix) * inDepth : nil, groupDepth)
                                column += groupDepth
                            }
                        }
                    }
                }
            }
        }
    }

    /// The patch rows of `batch` samples for channel group `group` (samples split over the cores).
    func gather(_ x: [Float], batch: Int, group: Int) -> [Float] {
        let count = batch * positionsPerSample * columns
        return x.withUnsafeBufferPointer { x in
            let source = UnsafeSendablePointer(x.baseAddress!)
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                let target = UnsafeSendablePointer(UnsafePointer(buffer.baseAddress!))
                SampleParallelism.forEachChunk(batch: batch, work: count) { samples in
                    let (x, p) = (source.pointer, UnsafeMutablePointer(mutating: target.pointer))
                    forEachRun(samples, group: group) { column, from, count in
                        if let from {
                            (p + column).update(from: x + from, count: count)
                        } else {
                            (p + column).update(repeating: 0, count: count)
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
        dp.withUnsafeBufferPointer { p in
            dx.withUnsafeMutableBufferPointer { dx in
                let (source, target) = (UnsafeSendablePointer(p.baseAddress!), UnsafeSendablePointer(UnsafePointer(dx.baseAddress!)))
                SampleParallelism.forEachChunk(batch: batch, work: dp.count) { samples in
                    let (p, dx) = (source.pointer, UnsafeMutablePointer(mutating: target.pointer))
                    forEachRun(samples, group: group) { column, to, count in
                        guard let to else { return }
                        for c in 0..<count { dx[to + c] += p[column + c] }
                    }
                }
            }
        }
    }
}
