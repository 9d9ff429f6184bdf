/// Convolutions by their definitions, for the float interpreter's tests: plain loops over
/// every tap with explicit zero padding given by the test (before each axis; the rest of
/// the padding is implied after), nothing shared with the code under test.
enum ConvolutionReference {
    struct Shape {
        var n: Int, h: Int, w: Int, c: Int
        var count: Int { n * h * w * c }
    }

    /// CONV_2D: out[b][oy][ox][o] = bias[o] + Σ x[b][oy·s − padTop + ky·d][ox·s − padLeft + kx·d][c] · w[o][ky][kx][c].
    static func conv(_ x: [Float], _ xs: Shape, filter: [Float], kh: Int, kw: Int, bias: [Float]?,
                     out: Shape, stride: (Int, Int), dilation: (Int, Int) = (1, 1),
                     padTop: Int, padLeft: Int) -> [Float] {
        var y: [Float] = []
        for b in 0..<out.n {
            for oy in 0..<out.h {
                for ox in 0..<out.w {
                    for o in 0..<out.c {
                        var sum = Double(bias?[o] ?? 0)
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let iy = oy * stride.0 - padTop + ky * dilation.0
                                let ix = ox * stride.1 - padLeft + kx * dilation.1
                                guard iy >= 0, iy < xs.h, ix >= 0, ix < xs.w else { continue }
                                for c in 0..<xs.c {
                                    let xv = x[((b * xs.h + iy) * xs.w + ix) * xs.c + c]
                                    let wv = filter[((o * kh + ky) * kw + kx) * xs.c + c]
                                    sum += Double(xv) * Double(wv)
                                }
                            }
                        }
                        y.append(Float(sum))
                    }
                }
            }
        }
        return y
    }

    /// DEPTHWISE_CONV_2D: output channel o = c · dm + m reads input channel c with filter
    /// [1, kh, kw, C · dm].
    static func depthwise(_ x: [Float], _ xs: Shape, filter: [Float], kh: Int, kw: Int, multiplier: Int,
                          bias: [Float]?, out: Shape, stride: (Int, Int), dilation: (Int, Int) = (1, 1),
                          padTop: Int, padLeft: Int) -> [Float] {
        var y: [Float] = []
        for b in 0..<out.n {
            for oy in 0..<out.h {
                for ox in 0..<out.w {
                    for o in 0..<out.c {
                        let c = o / multiplier
                        var sum = Double(bias?[o] ?? 0)
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let iy = oy * stride.0 - padTop + ky * dilation.0
                                let ix = ox * stride.1 - padLeft + kx * dilation.1
                                guard iy >= 0, iy < xs.h, ix >= 0, ix < xs.w else { continue }
                                sum += Double(x[((b * xs.h + iy) * xs.w + ix) * xs.c + c])
                                    * Double(filter[(ky * kw + kx) * out.c + o])
                            }
                        }
                        y.append(Float(sum))
                    }
                }
            }
        }
        return y
    }

    /// TRANSPOSE_CONV as a scatter: in[b][i][j][c] · w[o][a][bb][c] lands on
    /// out[b][i·s + a − padTop][j·s + bb − padLeft][o] when that is inside the output.
    static func transpose(_ x: [Float], _ xs: Shape, filter: [Float], kh: Int, kw: Int, bias: [Float]?,
                          out: Shape, stride: (Int, Int), padTop: Int, padLeft: Int) -> [Float] {
        var y = [Double](repeating: 0, count: out.count)
        for b in 0..<xs.n {
            for i in 0..<xs.h {
                for j in 0..<xs.w {
                    for a in 0..<kh {
                        for bb in 0..<kw {
                            let r = i * stride.0 + a - padTop
                            let q = j * stride.1 + bb - padLeft
                            guard r >= 0, r < out.h, q >= 0, q < out.w else { continue }
                            for o in 0..<out.c {
                                for c in 0..<xs.c {
                                    y[((b * out.h + r) * out.w + q) * out.c + o] +=
                                        Double(x[((b * xs.h + i) * xs.w + j) * xs.c + c])
                                        * Double(filter[((o * kh + a) * kw + bb) * xs.c + c])
                                }
                            }
                        }
                    }
                }
            }
        }
        return y.indices.map { Float(y[$0] + Double(bias?[$0 % out.c] ?? 0)) }
    }
}
