import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct DepthwiseConv2DF32Tests {
    typealias S = ConvolutionReference.Shape

    /// Two channels, each with its own 2×2 filter: channel 0 sums its window, channel 1
    /// takes the top-left value minus the bottom-right one; bias (10, 20).
    @Test func handComputed() throws {
        // 2×2×2 input: channel 0 = 1, 2, 3, 4; channel 1 = 5, 6, 7, 8 (interleaved NHWC).
        let x: [Float] = [1, 5, 2, 6, 3, 7, 4, 8]
        // Filter [1, 2, 2, 2]: taps (0,0), (0,1), (1,0), (1,1), each with (channel 0, channel 1).
        let w: [Float] = [1, 1, 1, 0, 1, 0, 1, -1]
        let attributes = Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)
        let y = try FloatTesting.run(.depthwiseConv2D(attributes),
                                     [.input([1, 2, 2, 2]), .constant([1, 2, 2, 2], w), .constant([2], [10, 20])],
                                     output: [1, 1, 1, 2], [x])
        let expected: [Float] = [10 + 10, 20 - 3]
        #expect(y == expected)
    }

    /// Depth multiplier 2 on 3 channels (6 outputs), 7×7 SAME stride 2: output 4,
    /// padTotal = 3·2 + 3 − 7 = 2 → 1 before.
    @Test func depthMultiplier2SameStride2() throws {
        let xs = S(n: 1, h: 7, w: 7, c: 3), out = S(n: 1, h: 4, w: 4, c: 6)
        let x = FloatTesting.random(xs.count, seed: 11)
        let w = FloatTesting.random(3 * 3 * 6, seed: 12)
        let bias = FloatTesting.random(6, seed: 13)
        let attributes = Conv2DAttributes(strideH: 2, strideW: 2, padding: .same, activation: .relu6,
                                          depthMultiplier: 2)
        let y = try FloatTesting.run(.depthwiseConv2D(attributes),
                                     [.input([1, 7, 7, 3]), .constant([1, 3, 3, 6], w), .constant([6], bias)],
                                     output: [1, 4, 4, 6], [x])
        let expected = ConvolutionReference.depthwise(x, xs, filter: w, kh: 3, kw: 3, multiplier: 2, bias: bias,
                                                      out: out, stride: (2, 2), padTop: 1, padLeft: 1)
        #expect(FloatTesting.close(y, expected.map { min(max($0, 0), 6) }))
    }

    /// 8×8 SAME stride 2 (0 before, 1 after), two batches, no bias.
    @Test func asymmetricPaddingTwoBatches() throws {
        let xs = S(n: 2, h: 8, w: 8, c: 2), out = S(n: 2, h: 4, w: 4, c: 2)
        let x = FloatTesting.random(xs.count, seed: 14)
        let w = FloatTesting.random(3 * 3 * 2, seed: 15)
        let attributes = Conv2DAttributes(strideH: 2, strideW: 2, padding: .same, activation: .none)
        let y = try FloatTesting.run(.depthwiseConv2D(attributes),
                                     [.input([2, 8, 8, 2]), .constant([1, 3, 3, 2], w), .absent],
                                     output: [2, 4, 4, 2], [x])
        let expected = ConvolutionReference.depthwise(x, xs, filter: w, kh: 3, kw: 3, multiplier: 1, bias: nil,
                                                      out: out, stride: (2, 2), padTop: 0, padLeft: 0)
        #expect(FloatTesting.close(y, expected))
    }

    /// Dilation 2 with SAME stride 1 on 6×5: span 5, padTotal 4 → 2 before on both axes.
    @Test func dilation() throws {
        let xs = S(n: 1, h: 6, w: 5, c: 2), out = S(n: 1, h: 6, w: 5, c: 2)
        let x = FloatTesting.random(xs.count, seed: 16)
        let w = FloatTesting.random(3 * 3 * 2, seed: 17)
        let attributes = Conv2DAttributes(strideH: 1, strideW: 1, dilationH: 2, dilationW: 2,
                                          padding: .same, activation: .none)
        let y = try FloatTesting.run(.depthwiseConv2D(attributes),
                                     [.input([1, 6, 5, 2]), .constant([1, 3, 3, 2], w)],
                                     output: [1, 6, 5, 2], [x])
        let expected = ConvolutionReference.depthwise(x, xs, filter: w, kh: 3, kw: 3, multiplier: 1, bias: nil,
                                                      out: out, stride: (1, 1), dilation: (2, 2), padTop: 2, padLeft: 2)
        #expect(FloatTesting.close(y, expected))
    }
}
