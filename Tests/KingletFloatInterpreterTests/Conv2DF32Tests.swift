import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct Conv2DF32Tests {
    typealias S = ConvolutionReference.Shape

    static func attributes(_ s: Int, _ padding: Padding, _ activation: Activation = .none,
                           dilation: Int = 1) -> Conv2DAttributes {
        Conv2DAttributes(strideH: s, strideW: s, dilationH: dilation, dilationW: dilation,
                         padding: padding, activation: activation)
    }

    /// 3×3 input 1…9, 2×2 filter of ones, bias 0.5, VALID: each output is its window's sum
    /// plus 0.5; RELU6 clamps them all to 6.
    @Test func validHandComputed() throws {
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let operands: [FloatOperand] = [.input([1, 3, 3, 1]), .constant([1, 2, 2, 1], [1, 1, 1, 1]),
                                        .constant([1], [0.5])]
        #expect(try FloatTesting.run(.conv2D(Self.attributes(1, .valid)), operands, output: [1, 2, 2, 1], [x])
                == [12.5, 16.5, 24.5, 28.5])
        #expect(try FloatTesting.run(.conv2D(Self.attributes(1, .valid, .relu6)), operands, output: [1, 2, 2, 1], [x])
                == [6, 6, 6, 6])
    }

    /// 4×4 input 1…16, 3×3 ones, SAME stride 2: output 2×2, padTotal = (2−1)·2 + 3 − 4 = 1,
    /// all of it after (bottom/right), so window (0, 0) covers rows and columns 0…2 and
    /// window (1, 1) only rows and columns 2…3.
    @Test func samePaddingGoesAfterWhenOdd() throws {
        let x = (1...16).map(Float.init)
        let y = try FloatTesting.run(.conv2D(Self.attributes(2, .same)),
                                     [.input([1, 4, 4, 1]), .constant([1, 3, 3, 1], [Float](repeating: 1, count: 9)), .absent],
                                     output: [1, 2, 2, 1], [x])
        let expected: [Float] = [54, 45, 72, 54]  // 1+2+3+5+6+7+9+10+11, 3+4+7+8+11+12, 9+…+15, 11+12+15+16
        #expect(y == expected)
    }

    /// 8×8 stride 2 3×3 SAME: padTotal = 3·2 + 3 − 8 = 1 → 0 before, 1 after.
    @Test func samePaddingStride2Asymmetric() throws {
        let xs = S(n: 1, h: 8, w: 8, c: 3), out = S(n: 1, h: 4, w: 4, c: 4)
        let x = FloatTesting.random(xs.count, seed: 1)
        let w = FloatTesting.random(4 * 3 * 3 * 3, seed: 2)
        let bias = FloatTesting.random(4, seed: 3)
        let y = try FloatTesting.run(.conv2D(Self.attributes(2, .same)),
                                     [.input([1, 8, 8, 3]), .constant([4, 3, 3, 3], w), .constant([4], bias)],
                                     output: [1, 4, 4, 4], [x])
        let expected = ConvolutionReference.conv(x, xs, filter: w, kh: 3, kw: 3, bias: bias, out: out,
                                                 stride: (2, 2), padTop: 0, padLeft: 0)
        #expect(FloatTesting.close(y, expected))
    }

    /// 7×7 stride 1, 3×3 filter dilated by 2 (span 5), SAME: padTotal = 6 + 5 − 7 = 4 → 2 before.
    @Test func dilation() throws {
        let xs = S(n: 1, h: 7, w: 7, c: 2), out = S(n: 1, h: 7, w: 7, c: 3)
        let x = FloatTesting.random(xs.count, seed: 4)
        let w = FloatTesting.random(3 * 3 * 3 * 2, seed: 5)
        let y = try FloatTesting.run(.conv2D(Self.attributes(1, .same, dilation: 2)),
                                     [.input([1, 7, 7, 2]), .constant([3, 3, 3, 2], w)],
                                     output: [1, 7, 7, 3], [x])
        let expected = ConvolutionReference.conv(x, xs, filter: w, kh: 3, kw: 3, bias: nil, out: out,
                                                 stride: (1, 1), dilation: (2, 2), padTop: 2, padLeft: 2)
        #expect(FloatTesting.close(y, expected))
        // VALID with the same dilation: output 7 − 5 + 1 = 3.
        let valid = try FloatTesting.run(.conv2D(Self.attributes(1, .valid, dilation: 2)),
                                         [.input([1, 7, 7, 2]), .constant([3, 3, 3, 2], w)],
                                         output: [1, 3, 3, 3], [x])
        #expect(FloatTesting.close(valid, ConvolutionReference.conv(
            x, xs, filter: w, kh: 3, kw: 3, bias: nil, out: S(n: 1, h: 3, w: 3, c: 3),
            stride: (1, 1), dilation: (2, 2), padTop: 0, padLeft: 0)))
    }

    /// Two batches, a non-square filter and strides, VALID, then RELU: 9×6 input, 3×2 filter,
    /// stride (2, 1) → (9 − 3)/2 + 1 = 4 by (6 − 2)/1 + 1 = 5.
    @Test func batchesAndNonSquareStrides() throws {
        let xs = S(n: 2, h: 9, w: 6, c: 2), out = S(n: 2, h: 4, w: 5, c: 3)
        let x = FloatTesting.random(xs.count, seed: 6)
        let w = FloatTesting.random(3 * 3 * 2 * 2, seed: 7)
        let bias = FloatTesting.random(3, seed: 8)
        let attributes = Conv2DAttributes(strideH: 2, strideW: 1, padding: .valid, activation: .relu)
        let y = try FloatTesting.run(.conv2D(attributes),
                                     [.input([2, 9, 6, 2]), .constant([3, 3, 2, 2], w), .constant([3], bias)],
                                     output: [2, 4, 5, 3], [x])
        let expected = ConvolutionReference.conv(x, xs, filter: w, kh: 3, kw: 2, bias: bias, out: out,
                                                 stride: (2, 1), padTop: 0, padLeft: 0).map { max($0, 0) }
        #expect(FloatTesting.close(y, expected))
        #expect(y.contains(0) && y.contains { $0 > 0 })
    }

    /// A filter depth that divides the input depth is a grouped convolution (as TFLite):
    /// input depth 4, filter depth 2 → 2 groups; output channels 0–1 read input channels 0–1,
    /// 2–3 read 2–3. A 1×1 filter makes it easy to state by hand.
    @Test func groupedConvolution() throws {
        let x: [Float] = [1, 2, 3, 4]
        let w: [Float] = [1, 0,   0, 1,   1, 1,   2, -1]
        let y = try FloatTesting.run(.conv2D(Self.attributes(1, .valid)),
                                     [.input([1, 1, 1, 4]), .constant([4, 1, 1, 2], w)],
                                     output: [1, 1, 1, 4], [x])
        #expect(y == [1, 2, 3 + 4, 6 - 4])
    }

    /// RELU_N1_TO_1 clamps into −1…1.
    @Test func reluN1To1() throws {
        let y = try FloatTesting.run(.conv2D(Self.attributes(1, .valid, .reluN1To1)),
                                     [.input([1, 1, 3, 1]), .constant([1, 1, 1, 1], [2])],
                                     output: [1, 1, 3, 1], [[-3, 0.25, 3]])
        #expect(y == [-1, 0.5, 1])
    }
}
