import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct SeparableConv2DF32Tests {
    typealias S = ConvolutionReference.Shape

    /// Depthwise (multiplier 2, no bias) then a 1×1 pointwise convolution with bias, then
    /// RELU; 6×6 SAME stride 2: output 3, padTotal = 2·2 + 3 − 6 = 1 → 0 before.
    @Test func depthwiseThenPointwise() throws {
        let xs = S(n: 1, h: 6, w: 6, c: 2)
        let x = FloatTesting.random(xs.count, seed: 21)
        let dw = FloatTesting.random(3 * 3 * 4, seed: 22)
        let pw = FloatTesting.random(5 * 4, seed: 23)
        let bias = FloatTesting.random(5, seed: 24)
        let attributes = Conv2DAttributes(strideH: 2, strideW: 2, padding: .same, activation: .relu,
                                          depthMultiplier: 2)
        let y = try FloatTesting.run(.separableConv2D(attributes),
                                     [.input([1, 6, 6, 2]), .constant([1, 3, 3, 4], dw), .constant([5, 1, 1, 4], pw),
                                      .constant([5], bias)],
                                     output: [1, 3, 3, 5], [x])
        let middle = ConvolutionReference.depthwise(x, xs, filter: dw, kh: 3, kw: 3, multiplier: 2, bias: nil,
                                                    out: S(n: 1, h: 3, w: 3, c: 4), stride: (2, 2), padTop: 0, padLeft: 0)
        // The pointwise step by hand: out[p][o] = bias[o] + Σ_k middle[p][k] · pw[o][k].
        var expected: [Float] = []
        for p in 0..<9 {
            for o in 0..<5 {
                var sum = Double(bias[o])
                for k in 0..<4 { sum += Double(middle[p * 4 + k]) * Double(pw[o * 4 + k]) }
                expected.append(max(Float(sum), 0))
            }
        }
        #expect(FloatTesting.close(y, expected))
    }

    /// Without bias (operand -1, or left out).
    @Test func withoutBias() throws {
        let attributes = Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)
        // 1×1 depthwise ×3 on one channel, then pointwise 2·a − b.
        for operands: [FloatOperand] in [
            [.input([1, 1, 2, 1]), .constant([1, 1, 1, 1], [3]), .constant([1, 1, 1, 1], [2])],
            [.input([1, 1, 2, 1]), .constant([1, 1, 1, 1], [3]), .constant([1, 1, 1, 1], [2]), .absent],
        ] {
            #expect(try FloatTesting.run(.separableConv2D(attributes), operands, output: [1, 1, 2, 1], [[1, -2]])
                    == [6, -12])
        }
    }
}
