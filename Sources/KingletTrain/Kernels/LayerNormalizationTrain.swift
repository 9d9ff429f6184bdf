import Foundation

/// LAYER_NORMALIZATION over the trailing axes of each sample: (x − mean) / √(var + ε) · γ + β
/// with the group's mean and biased variance; γ and β shaped like the normalized axes.
/// Backward per group of N values: dx = inv/N · (N·g − Σg − x̂·Σ(g·x̂)) with g = dy·γ;
/// dγ = Σ dy·x̂ and dβ = Σ dy over the groups.
struct LayerNormalizationTrain: TrainingKernel {
    let groupSize: Int
    let epsilon: Float

    init(_ check: TrainingOperatorCheck, axes: [Int], epsilon: Float) throws(TrainingError) {
        try check.requireOperandCount(1...3)
        let input = try check.floatShape(0, "input")
        let rank = input.count
        let normalized = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
        try check.require(!normalized.isEmpty && normalized == Set((rank - normalized.count)..<rank) && !normalized.contains(0),
                          "axes \(axes) must be trailing axes of input \(input), not the batch axis")
        let trailing = Array(input[(rank - normalized.count)...])
        for (i, role) in [(1, "gamma"), (2, "beta")] where check.has(i) {
            try check.require(try check.floatShape(i, role) == trailing && check.isConstant(i), "\(role) must be a constant \(trailing)")
        }
        try check.require(try check.outputShape() == input, "output must have the input's shape")
        groupSize = trailing.reduce(1, *)
        self.epsilon = epsilon
    }

    /// Per group: its mean and 1/√(var + ε), in Double.
    private func statistics(_ x: [Float]) -> [(mean: Double, inverse: Double)] {
        stride(from: 0, to: x.count, by: groupSize).map { start in
            var sum = 0.0
            for n in start..<start + groupSize { sum += Double(x[n]) }
            let mean = sum / Double(groupSize)
            var squares = 0.0
            for n in start..<start + groupSize { squares += (Double(x[n]) - mean) * (Double(x[n]) - mean) }
            return (mean, 1 / (squares / Double(groupSize) + Double(epsilon)).squareRoot())
        }
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        let (gamma, beta) = (x[optional: 1], x[optional: 2])
        var y = [Float](repeating: 0, count: x[0].count)
        for (g, s) in statistics(x[0]).enumerated() {
            for k in 0..<groupSize {
                let n = g * groupSize + k
                let scaled = (Double(x[0][n]) - s.mean) * s.inverse * (gamma.isEmpty ? 1 : Double(gamma[k]))
                y[n] = Float(scaled + (beta.isEmpty ? 0 : Double(beta[k])))
            }
        }
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let gamma = x[optional: 1]
        var dx = [Float](repeating: 0, count: needs[0] ? x[0].count : 0)
        var dGamma = [Double](repeating: 0, count: groupSize)
        var dBeta = [Double](repeating: 0, count: groupSize)
        let size = Double(groupSize)
        for (g, s) in statistics(x[0]).enumerated() {
            let start = g * groupSize
            var sum = 0.0, sumXhat = 0.0
            for k in 0..<groupSize {
                let n = start + k
                let xhat = (Double(x[0][n]) - s.mean) * s.inverse
                let dy = Double(gradient[n])
                let scaled = dy * (gamma.isEmpty ? 1 : Double(gamma[k]))
                sum += scaled
                sumXhat += scaled * xhat
                dGamma[k] += dy * xhat
                dBeta[k] += dy
            }
            guard needs[0] else { continue }
            for k in 0..<groupSize {
                let n = start + k
                let xhat = (Double(x[0][n]) - s.mean) * s.inverse
                let scaled = Double(gradient[n]) * (gamma.isEmpty ? 1 : Double(gamma[k]))
                dx[n] = Float(s.inverse / size * (size * scaled - sum - xhat * sumXhat))
            }
        }
        var result = [[Float]](repeating: [], count: x.count)
        if needs[0] { result[0] = dx }
        if needs.count > 1 && needs[1] { result[1] = dGamma.map { Float($0) } }
        if needs.count > 2 && needs[2] { result[2] = dBeta.map { Float($0) } }
        return result
    }
}
