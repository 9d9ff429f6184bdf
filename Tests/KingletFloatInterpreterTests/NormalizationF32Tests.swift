import Foundation
import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct NormalizationF32Tests {
    /// (x − mean) / sqrt(variance + ε) · gamma + beta per channel of the last axis.
    @Test func batchNormalization() throws {
        let x = FloatTesting.random(2 * 2 * 3, seed: 71)
        let gamma: [Float] = [1, 2, 0.5], beta: [Float] = [0, 1, -1]
        let mean: [Float] = [0.1, -0.2, 0.3], variance: [Float] = [1, 0.25, 4]
        let epsilon: Float = 0.001
        let y = try FloatTesting.run(.batchNormalization(epsilon: epsilon),
                                     [.input([1, 2, 2, 3]), .constant([3], gamma), .constant([3], beta),
                                      .constant([3], mean), .constant([3], variance)],
                                     output: [1, 2, 2, 3], [x])
        let expected = x.indices.map { n -> Float in
            let c = n % 3
            return (x[n] - mean[c]) / (variance[c] + epsilon).squareRoot() * gamma[c] + beta[c]
        }
        #expect(FloatTesting.close(y, expected))
        // Absent gamma and beta: 1 and 0.
        let plain = try FloatTesting.run(.batchNormalization(epsilon: 0),
                                         [.input([2, 3]), .absent, .absent, .constant([3], mean), .constant([3], variance)],
                                         output: [2, 3], [Array(x[0..<6])])
        #expect(FloatTesting.close(plain, (0..<6).map { (x[$0] - mean[$0 % 3]) / variance[$0 % 3].squareRoot() }))
    }

    /// Over the last axis: each row of 4 is normalized by its own mean and biased variance.
    @Test func layerNormalizationLastAxis() throws {
        let x: [Float] = [1, 2, 3, 4,  10, 10, 10, 30]
        let gamma: [Float] = [1, 1, 2, 2], beta: [Float] = [0, 0, 0, 1]
        let y = try FloatTesting.run(.layerNormalization(axes: [1], epsilon: 0),
                                     [.input([2, 4]), .constant([4], gamma), .constant([4], beta)],
                                     output: [2, 4], [x])
        // Row 0: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25.
        // Row 1: mean 15, variance (25·3 + 225)/4 = 75.
        let s0 = 1.25.squareRoot(), s1 = 75.0.squareRoot()
        let expected = [-1.5 / s0, -0.5 / s0, 2 * 0.5 / s0, 2 * 1.5 / s0 + 1,
                        -5 / s1, -5 / s1, 2 * -5 / s1, 2 * 15 / s1 + 1].map { Float($0) }
        #expect(FloatTesting.close(y, expected))
    }

    /// Over the two trailing axes of [2, 2, 3] with gamma/beta shaped [2, 3]; ε matters.
    @Test func layerNormalizationTwoAxes() throws {
        let x = FloatTesting.random(12, seed: 72)
        let gamma = FloatTesting.random(6, seed: 73), beta = FloatTesting.random(6, seed: 74)
        let epsilon: Float = 0.01
        let y = try FloatTesting.run(.layerNormalization(axes: [1, 2], epsilon: epsilon),
                                     [.input([2, 2, 3]), .constant([2, 3], gamma), .constant([2, 3], beta)],
                                     output: [2, 2, 3], [x])
        var expected: [Float] = []
        for g in 0..<2 {
            let group = x[(g * 6)..<(g * 6 + 6)].map(Double.init)
            let mean = group.reduce(0, +) / 6
            let variance = group.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6
            for k in 0..<6 {
                expected.append(Float((group[k] - mean) / (variance + Double(epsilon)).squareRoot() * Double(gamma[k]) + Double(beta[k])))
            }
        }
        #expect(FloatTesting.close(y, expected))
        // Without gamma and beta.
        let plain = try FloatTesting.run(.layerNormalization(axes: [2], epsilon: 0), [.input([1, 1, 2]), .absent, .absent],
                                         output: [1, 1, 2], [[3, 5]])
        #expect(FloatTesting.close(plain, [-1, 1]))
    }

    @Test func refusals() {
        let notTrailing = FloatTesting.oneOp(.layerNormalization(axes: [1], epsilon: 0), [.input([2, 3, 4])], output: [2, 3, 4])
        #expect(FloatTesting.initError(notTrailing)?.contains("trailing") == true)
        let badGamma = FloatTesting.oneOp(.batchNormalization(epsilon: 0),
                                          [.input([2, 3]), .constant([2], [1, 1]), .absent, .constant([3], [0, 0, 0]),
                                           .constant([3], [1, 1, 1])], output: [2, 3])
        #expect(FloatTesting.initError(badGamma)?.contains("gamma has shape [2], expected [3]") == true)
    }
}
