import Foundation

/// BATCH_NORMALIZATION over the last axis. Inference: the moving statistics,
/// y = (x − mean) / √(var + ε) · γ + β. Training: the batch's own mean and (biased) variance
/// over every other axis of every sample, with the full gradient through them:
/// dx = γ / (N √(var + ε)) · (N·dy − Σdy − x̂·Σ(dy·x̂)); the moving statistics move by
/// `momentum` (`statistics`).
struct BatchNormalizationTrain: TrainingKernel {
    let channels: Int
    let epsilon: Float
    let momentum: Float

    init(_ check: TrainingOperatorCheck, epsilon: Float, momentum: Float) throws(TrainingError) {
        try check.requireOperandCount(5...5)
        let input = try check.floatShape(0, "input")
        try check.require(!input.isEmpty && input.last! > 0, "input \(input) has no channel axis")
        let channels = input.last!
        for (i, role) in [(1, "gamma"), (2, "beta")] where check.has(i) {
            try check.require(try check.floatShape(i, role) == [channels] && check.isConstant(i), "\(role) must be a constant [\(channels)]")
        }
        for (i, role) in [(3, "moving mean"), (4, "moving variance")] {
            try check.require(try check.floatShape(i, role) == [channels] && check.isConstant(i), "\(role) must be a constant [\(channels)]")
        }
        try check.require(try check.outputShape() == input, "output must have the input's shape")
        self.channels = channels
        self.epsilon = epsilon
        self.momentum = momentum
    }

    /// Per channel mean and biased variance of `x`, in Double.
    private func moments(_ x: [Float]) -> (mean: [Double], variance: [Double]) {
        let n = Double(x.count / channels)
        var mean = [Double](repeating: 0, count: channels)
        for i in x.indices { mean[i % channels] += Double(x[i]) }
        for c in 0..<channels { mean[c] /= n }
        var variance = [Double](repeating: 0, count: channels)
        for i in x.indices {
            let d = Double(x[i]) - mean[i % channels]
            variance[i % channels] += d * d
        }
        for c in 0..<channels { variance[c] /= n }
        return (mean, variance)
    }

    /// The mean and 1/√(var + ε) the pass normalizes with.
    private func normalization(_ x: [[Float]], training: Bool) -> (mean: [Double], inverse: [Double]) {
        let (mean, variance) = training ? moments(x[0]) : (x[3].map(Double.init), x[4].map(Double.init))
        return (mean, variance.map { 1 / ($0 + Double(epsilon)).squareRoot() })
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        let (mean, inverse) = normalization(x, training: training)
        let (gamma, beta) = (x[1], x[2])
        var y = [Float](repeating: 0, count: x[0].count)
        for i in y.indices {
            let c = i % channels
            let normalized = (Double(x[0][i]) - mean[c]) * inverse[c]
            y[i] = Float(normalized * (gamma.isEmpty ? 1 : Double(gamma[c])) + (beta.isEmpty ? 0 : Double(beta[c])))
        }
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let (mean, inverse) = normalization(x, training: training)
        let gamma = x[1]
        var sumDy = [Double](repeating: 0, count: channels)
        var sumDyXhat = [Double](repeating: 0, count: channels)
        for i in gradient.indices {
            let c = i % channels
            let xhat = (Double(x[0][i]) - mean[c]) * inverse[c]
            sumDy[c] += Double(gradient[i])
            sumDyXhat[c] += Double(gradient[i]) * xhat
        }
        var result = [[Float]](repeating: [], count: x.count)
        if needs[0] {
            var dx = [Float](repeating: 0, count: x[0].count)
            let n = Double(x[0].count / channels)
            for i in dx.indices {
                let c = i % channels
                let scale = (gamma.isEmpty ? 1 : Double(gamma[c])) * inverse[c]
                if training {
                    let xhat = (Double(x[0][i]) - mean[c]) * inverse[c]
                    dx[i] = Float(scale / n * (n * Double(gradient[i]) - sumDy[c] - xhat * sumDyXhat[c]))
                } else {
                    dx[i] = Float(scale * Double(gradient[i]))
                }
            }
            result[0] = dx
        }
        if needs[1] { result[1] = sumDyXhat.map { Float($0) } }
        if needs[2] { result[2] = sumDy.map { Float($0) } }
        return result
    }

    func statistics(_ x: [[Float]], batch: Int) -> [(operand: Int, values: [Float])] {
        let (mean, variance) = moments(x[0])
        let m = Double(momentum)
        return [
            (3, (0..<channels).map { Float(Double(x[3][$0]) * m + mean[$0] * (1 - m)) }),
            (4, (0..<channels).map { Float(Double(x[4][$0]) * m + variance[$0] * (1 - m)) }),
        ]
    }
}
