import KingletPasses
import Testing
@testable import KingletTrain

/// Learned activation ranges (LSQ-style): the gradient of each case, and that learning a
/// range lowers the rounding error of a tensor whose min/max range an outlier stretches.
@Suite struct RangeLearningTests {
    private func rounded(_ values: [Float], _ range: ClosedRange<Float>) -> [Float] {
        let q = ActivationQuantization(low: range.lowerBound, high: range.upperBound)
        let zero = Float(q.zeroPoint)
        return values.map { v in (min(max((v / q.scale).rounded(.toNearestOrAwayFromZero) + zero, -128), 127) - zero) * q.scale }
    }

    @Test func clippedValuesPullTheirBoundAndRoundingErrorMovesBoth() {
        let range: ClosedRange<Float> = -1...1.55
        let scale = ActivationQuantization(low: -1, high: 1.55).scale
        // Above, below, and inside the range, with loss gradients 2, 3 and 5.
        let raw: [Float] = [2, -3, 0.3]
        let y = rounded(raw, range)
        let g = RangeLearning.gradient(raw: raw, rounded: y, outputGradient: [2, 3, 5], range: range)
        let inside = 5 * (y[2] - 0.3) / (scale * 255)
        #expect(y[2] != 0.3)
        #expect(abs(g.high - (2 + inside)) < 1e-6)
        #expect(abs(g.low - (3 - inside)) < 1e-6)
    }

    /// Minimizing the rounding error of the values in [0, 1), L = Σ (y − v)², from a min/max
    /// range that one outlier the loss ignores stretches tenfold: the high bound comes in to
    /// the values that count, their error falls, and the low bound of a range that starts at
    /// 0 (a ReLU output) stays at 0.
    @Test func learningARangeTradesClippingForResolution() {
        var values = (0..<1000).map { Float($0 % 100) / 100 }
        values[7] = 10
        let start: ClosedRange<Float> = 0...10
        func error(_ range: ClosedRange<Float>) -> Float {
            zip(rounded(values, range), values).enumerated().reduce(0) { sum, pair in
                pair.offset == 7 ? sum : sum + (pair.element.0 - pair.element.1) * (pair.element.0 - pair.element.1)
            }
        }
        let tensor = 3
        var learning = RangeLearning(ranges: [tensor: start], optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-7))
        var range = start
        for _ in 0..<300 {
            let y = rounded(values, range)
            var gradients = [[Float]](repeating: [], count: tensor + 1)
            gradients[tensor] = zip(y, values).map { 2 * ($0 - $1) }
            gradients[tensor][7] = 0
            var pass = TrainingGraph.Pass(values: [[Float]](repeating: [], count: tensor + 1), batch: 1, training: true)
            pass.values[tensor] = y
            pass.raw[tensor] = values
            range = learning.step(pass, gradients: gradients, learningRate: 0.01)[tensor]!
        }
        #expect(range.lowerBound == 0)
        #expect(range.upperBound < 1.2)
        #expect(error(range) < error(start) / 20)
    }
}
