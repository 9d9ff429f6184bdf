import Foundation

/// SOFTMAX along the last axis of softmax(beta · x); backward dx = beta · y ⊙ (dy − Σ dy ⊙ y).
struct SoftmaxTrain: TrainingKernel {
    let depth: Int
    let beta: Float

    init(_ check: TrainingOperatorCheck, beta: Float) throws(TrainingError) {
        try check.requireOperandCount(1...1)
        let input = try check.floatShape(0, "input")
        try check.require(!input.isEmpty && input.last! > 0, "input \(input) has no last axis to normalize")
        try check.require(try check.outputShape() == input, "output must have the input's shape \(input)")
        depth = input.last!
        self.beta = beta
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        Self.softmax(x[0], depth: depth, beta: beta)
    }

    /// softmax(beta · row) of every row of `depth` values.
    static func softmax(_ values: [Float], depth: Int, beta: Float) -> [Float] {
        var y = [Float](repeating: 0, count: values.count)
        var start = 0
        while start < values.count {
            var peak = -Float.infinity
            for i in start..<start + depth { peak = Swift.max(peak, values[i]) }
            var sum: Float = 0
            for i in start..<start + depth {
                y[i] = Foundation.exp(beta * (values[i] - peak))
                sum += y[i]
            }
            for i in start..<start + depth { y[i] /= sum }
            start += depth
        }
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        guard needs[0] else { return [[]] }
        var dx = [Float](repeating: 0, count: output.count)
        var start = 0
        while start < output.count {
            var dot: Float = 0
            for i in start..<start + depth { dot += gradient[i] * output[i] }
            for i in start..<start + depth { dx[i] = beta * output[i] * (gradient[i] - dot) }
            start += depth
        }
        return [dx]
    }
}
