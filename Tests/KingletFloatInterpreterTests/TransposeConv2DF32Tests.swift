import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct TransposeConv2DF32Tests {
    typealias S = ConvolutionReference.Shape

    static func attributes(_ s: Int, _ padding: Padding, _ activation: Activation = .none) -> Conv2DAttributes {
        Conv2DAttributes(strideH: s, strideW: s, padding: padding, activation: activation)
    }

    /// Stride 2, 2×2 filter of ones, VALID: each input pixel becomes a 2×2 block (output 4×4).
    @Test func validBlocksByHand() throws {
        let y = try FloatTesting.run(.transposeConv2D(Self.attributes(2, .valid)),
                                     [.input([1, 2, 2, 1]), .constant([1, 2, 2, 1], [1, 1, 1, 1]), .constant([1], [0.5])],
                                     output: [1, 4, 4, 1], [[1, 2, 3, 4]])
        #expect(y == [1.5, 1.5, 2.5, 2.5,
                      1.5, 1.5, 2.5, 2.5,
                      3.5, 3.5, 4.5, 4.5,
                      3.5, 3.5, 4.5, 4.5])
    }

    /// Stride 2, 3×3 filter of ones, VALID on 2×1: output (2 − 1)·2 + 3 = 5 rows; the
    /// windows of rows 0 and 1 overlap on output row 2. Width 1 → 3 columns.
    @Test func validOverlapByHand() throws {
        let y = try FloatTesting.run(.transposeConv2D(Self.attributes(2, .valid)),
                                     [.input([1, 2, 1, 1]), .constant([1, 3, 3, 1], [Float](repeating: 1, count: 9))],
                                     output: [1, 5, 3, 1], [[1, 10]])
        #expect(y == [1, 1, 1,  1, 1, 1,  11, 11, 11,  10, 10, 10,  10, 10, 10])
    }

    /// SAME stride 2 (Keras: output = 2·input): 4×4 → 8×8 with a 3×3 filter:
    /// padTotal = 3·2 + 3 − 8 = 1 → 0 before; with a 4×4 filter padTotal = 2 → 1 before.
    @Test func sameStride2() throws {
        for (k, padTop) in [(3, 0), (4, 1)] {
            let xs = S(n: 1, h: 4, w: 4, c: 3), out = S(n: 1, h: 8, w: 8, c: 2)
            let x = FloatTesting.random(xs.count, seed: 31)
            let w = FloatTesting.random(2 * k * k * 3, seed: 32)
            let bias = FloatTesting.random(2, seed: 33)
            let y = try FloatTesting.run(.transposeConv2D(Self.attributes(2, .same)),
                                         [.input([1, 4, 4, 3]), .constant([2, k, k, 3], w), .constant([2], bias)],
                                         output: [1, 8, 8, 2], [x])
            let expected = ConvolutionReference.transpose(x, xs, filter: w, kh: k, kw: k, bias: bias, out: out,
                                                          stride: (2, 2), padTop: padTop, padLeft: padTop)
            #expect(FloatTesting.close(y, expected), "kernel \(k)")
        }
    }

    /// VALID stride 2 (Keras: output = (input − 1)·2 + k): 3×3 → 7×7 with k = 3; two batches, RELU.
    @Test func validStride2() throws {
        let xs = S(n: 2, h: 3, w: 3, c: 2), out = S(n: 2, h: 7, w: 7, c: 3)
        let x = FloatTesting.random(xs.count, seed: 34)
        let w = FloatTesting.random(3 * 3 * 3 * 2, seed: 35)
        let y = try FloatTesting.run(.transposeConv2D(Self.attributes(2, .valid, .relu)),
                                     [.input([2, 3, 3, 2]), .constant([3, 3, 3, 2], w), .absent],
                                     output: [2, 7, 7, 3], [x])
        let expected = ConvolutionReference.transpose(x, xs, filter: w, kh: 3, kw: 3, bias: nil, out: out,
                                                      stride: (2, 2), padTop: 0, padLeft: 0)
        #expect(FloatTesting.close(y, expected.map { max($0, 0) }))
    }

    /// A transposed convolution is the adjoint of the convolution with the same filter
    /// (channels swapped), stride and padding: ⟨convᵀ(y), z⟩ = ⟨y, conv(z)⟩, here for
    /// SAME stride 2 on 5×5 → 10×10 (padTotal = 4·2 + 3 − 10 = 1).
    @Test func adjointOfConvolution() throws {
        let (h, oh, cin, cout, k) = (5, 10, 2, 3, 3)
        let y = FloatTesting.random(h * h * cin, seed: 36)
        let z = FloatTesting.random(oh * oh * cout, seed: 37)
        let w = FloatTesting.random(cout * k * k * cin, seed: 38)
        // The convolution's filter [cin, k, k, cout]: g[c][a][b][o] = w[o][a][b][c].
        var g = [Float](repeating: 0, count: w.count)
        for o in 0..<cout { for a in 0..<k { for b in 0..<k { for c in 0..<cin {
            g[((c * k + a) * k + b) * cout + o] = w[((o * k + a) * k + b) * cin + c]
        } } } }
        let transposed = try FloatTesting.run(.transposeConv2D(Self.attributes(2, .same)),
                                              [.input([1, h, h, cin]), .constant([cout, k, k, cin], w)],
                                              output: [1, oh, oh, cout], [y])
        let convolved = try FloatTesting.run(.conv2D(Self.attributes(2, .same)),
                                             [.input([1, oh, oh, cout]), .constant([cin, k, k, cout], g)],
                                             output: [1, h, h, cin], [z])
        let left = zip(transposed, z).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let right = zip(y, convolved).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)))
    }

    /// Output sizes whose forward convolution does not give the input are refused.
    @Test func inconsistentOutputSize() {
        let g = FloatTesting.oneOp(.transposeConv2D(Self.attributes(2, .same)),
                                   [.input([1, 4, 4, 1]), .constant([1, 3, 3, 1], [Float](repeating: 1, count: 9))],
                                   output: [1, 10, 8, 1])
        #expect(FloatTesting.initError(g)?.contains("height") == true)
    }
}
