import Foundation
import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct ElementwiseUnaryF32Tests {
    static let x: [Float] = [-8, -3, -1.5, -0.5, 0, 0.25, 1, 2.5, 4, 7]

    /// Runs `kind` on `x` shaped [2, 5].
    static func run(_ kind: OperatorKind, _ x: [Float] = x) throws -> [Float] {
        try FloatTesting.run(kind, [.input([2, x.count / 2])], output: [2, x.count / 2], [x])
    }

    /// Each function against its textbook formula, evaluated in Double.
    @Test func smoothFunctions() throws {
        let d = Self.x.map(Double.init)
        let cases: [(OperatorKind, (Double) -> Double)] = [
            (.logistic, { 1 / (1 + Foundation.exp(-$0)) }),
            (.tanh, { (Foundation.exp($0) - Foundation.exp(-$0)) / (Foundation.exp($0) + Foundation.exp(-$0)) }),
            (.exp, { Foundation.exp($0) }),
            (.softplus, { Foundation.log(1 + Foundation.exp($0)) }),
            (.elu(alpha: 0.7), { $0 > 0 ? $0 : 0.7 * (Foundation.exp($0) - 1) }),
            (.gelu(approximate: false), { 0.5 * $0 * (1 + Foundation.erf($0 / Foundation.sqrt(2))) }),
            (.gelu(approximate: true), { v in
                0.5 * v * (1 + Foundation.tanh(Foundation.sqrt(2 / Double.pi) * (v + 0.044715 * v * v * v)))
            }),
        ]
        for (kind, formula) in cases {
            let y = try Self.run(kind)
            #expect(FloatTesting.close(y, d.map { Float(formula($0)) }), "\(kind.name)")
        }
    }

    /// Softplus stays finite where log(1 + eˣ) would overflow, and exact where it would round to 0.
    @Test func softplusExtremes() throws {
        let y = try FloatTesting.run(.softplus, [.input([2])], output: [2], [[100, -100]])
        #expect(y[0] == 100)
        #expect(FloatTesting.close([y[1]], [Float(Foundation.exp(-100.0))], tolerance: 1e-6) && y[1] > 0)
    }

    @Test func piecewiseLinearFunctions() throws {
        #expect(try Self.run(.relu) == [0, 0, 0, 0, 0, 0.25, 1, 2.5, 4, 7])
        #expect(try Self.run(.relu6) == [0, 0, 0, 0, 0, 0.25, 1, 2.5, 4, 6])
        #expect(try Self.run(.leakyRelu(alpha: 0.5)) == [-4, -1.5, -0.75, -0.25, 0, 0.25, 1, 2.5, 4, 7])
        // x · relu6(x + 3) / 6.
        #expect(FloatTesting.close(try Self.run(.hardSwish),
                                   [0, 0, -1.5 * 1.5 / 6, -0.5 * 2.5 / 6, 0, 0.25 * 3.25 / 6, 4.0 / 6, 2.5 * 5.5 / 6, 4, 7]))
        // Keras 3: clamp(x / 6 + 0.5, 0, 1); Keras 2: clamp(0.2 x + 0.5, 0, 1).
        #expect(FloatTesting.close(try Self.run(.hardSigmoid(slope: 1.0 / 6, offset: 0.5)),
                                   [0, 0, 0.25, 0.5 - 0.5 / 6, 0.5, 0.5 + 0.25 / 6, 0.5 + 1.0 / 6, 0.5 + 2.5 / 6, 1, 1]))
        #expect(FloatTesting.close(try Self.run(.hardSigmoid(slope: 0.2, offset: 0.5)),
                                   [0, 0, 0.2, 0.4, 0.5, 0.55, 0.7, 1, 1, 1]))
    }

    /// Keras ReLU(max_value, negative_slope, threshold): x > threshold → min(max(x, 0), max);
    /// otherwise negative_slope · (x − threshold).
    @Test func clampedRelu() throws {
        #expect(try Self.run(.clampedRelu(maxValue: 6, negativeSlope: 0, threshold: 0))
                == [0, 0, 0, 0, 0, 0.25, 1, 2.5, 4, 6])
        #expect(try Self.run(.clampedRelu(maxValue: nil, negativeSlope: 0.5, threshold: 0))
                == [-4, -1.5, -0.75, -0.25, 0, 0.25, 1, 2.5, 4, 7])
        #expect(try Self.run(.clampedRelu(maxValue: nil, negativeSlope: 0, threshold: 1))
                == [0, 0, 0, 0, 0, 0, 0, 2.5, 4, 7])
        #expect(try Self.run(.clampedRelu(maxValue: 3, negativeSlope: 0.5, threshold: 1))
                == [-4.5, -2, -1.25, -0.75, -0.5, -0.375, 0, 2.5, 3, 3])
    }

    /// The output must have the input's shape.
    @Test func shapeMismatch() {
        let g = FloatTesting.oneOp(.tanh, [.input([2, 3])], output: [3, 2])
        #expect(FloatTesting.initError(g)?.contains("output has shape [3, 2], expected [2, 3]") == true)
    }
}
