import Foundation
import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct SoftmaxF32Tests {
    /// Each row of the last axis: eᵇˣ / Σ eᵇˣ.
    @Test func rowsOfLastAxis() throws {
        let x: [Float] = [1, 2, 3,  -1, 0, 1000]
        for beta: Float in [1, 0.5] {
            let y = try FloatTesting.run(.softmax(beta: beta), [.input([2, 3])], output: [2, 3], [x])
            let b = Double(beta)
            let row0 = [1.0, 2, 3].map { Foundation.exp(b * $0) }
            let sum0 = row0.reduce(0, +)
            // Row 1 by hand: 1000 dominates completely.
            let expected = row0.map { Float($0 / sum0) } + [0, 0, 1]
            #expect(FloatTesting.close(y, expected), "beta \(beta)")
        }
    }

    @Test func sumsToOne() throws {
        let x = FloatTesting.random(40, seed: 61).map { $0 * 20 }
        let y = try FloatTesting.run(.softmax(beta: 1), [.input([1, 4, 10])], output: [1, 4, 10], [x])
        for row in 0..<4 {
            #expect(abs(y[(row * 10)..<(row * 10 + 10)].reduce(0, +) - 1) < 1e-5)
        }
    }
}
