import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct FullyConnectedF32Tests {
    /// Two rows of depth 3, two units: y[r][u] = Σ x[r][d] · w[u][d] + bias[u].
    @Test func handComputed() throws {
        let w: [Float] = [1, 0, -1,   0.5, 0.5, 0.5]
        let y = try FloatTesting.run(.fullyConnected(activation: .none, keepNumDims: false),
                                     [.input([2, 3]), .constant([2, 3], w), .constant([2], [1, -1])],
                                     output: [2, 2], [[1, 2, 3, 4, 5, 6]])
        // Row 0: (1 − 3) + 1, (3) − 1; row 1: (4 − 6) + 1, (7.5) − 1.
        let expected: [Float] = [-1, 2, -1, 6.5]
        #expect(y == expected)
    }

    /// A 4-D input flattens into rows of the weights' depth ([1, 2, 2, 2] → 1 row of 8), no
    /// bias, RELU.
    @Test func flattensInputWithoutBias() throws {
        let x = FloatTesting.random(8, seed: 41)
        let w = FloatTesting.random(3 * 8, seed: 42)
        let y = try FloatTesting.run(.fullyConnected(activation: .relu, keepNumDims: false),
                                     [.input([1, 2, 2, 2]), .constant([3, 8], w), .absent],
                                     output: [1, 3], [x])
        let expected = (0..<3).map { u in max(Float((0..<8).reduce(0.0) { $0 + Double(x[$1]) * Double(w[u * 8 + $1]) }), 0) }
        #expect(FloatTesting.close(y, expected))
    }

    /// keepNumDims keeps [1, 3, depth] as [1, 3, units].
    @Test func keepNumDims() throws {
        let x = FloatTesting.random(12, seed: 43)
        let w = FloatTesting.random(5 * 4, seed: 44)
        let bias = FloatTesting.random(5, seed: 45)
        let y = try FloatTesting.run(.fullyConnected(activation: .relu6, keepNumDims: true),
                                     [.input([1, 3, 4]), .constant([5, 4], w), .constant([5], bias)],
                                     output: [1, 3, 5], [x])
        var expected: [Float] = []
        for r in 0..<3 {
            for u in 0..<5 {
                let sum = (0..<4).reduce(Double(bias[u])) { $0 + Double(x[r * 4 + $1]) * Double(w[u * 4 + $1]) }
                expected.append(min(max(Float(sum), 0), 6))
            }
        }
        #expect(FloatTesting.close(y, expected))
        let wrong = FloatTesting.oneOp(.fullyConnected(activation: .none, keepNumDims: false),
                                       [.input([1, 3, 4]), .constant([5, 4], w)], output: [1, 3, 5])
        #expect(FloatTesting.initError(wrong)?.contains("expected [3, 5]") == true)
    }
}
