import Foundation
import KingletIR

/// BATCH_NORMALIZATION (inference) in float32 over the last axis: operands input, gamma or
/// absent (1), beta or absent (0), moving mean, moving variance, each [C];
/// (x − mean) / sqrt(variance + ε) · gamma + beta, in Double.
struct BatchNormalizationF32: FloatKernel {
    let channels: Int
    let epsilon: Float

    init(_ check: FloatOperatorCheck, epsilon: Float) throws(FloatInterpreterError) {
        try check.requireOperandCount(5...5)
        let input = try check.floatOperand(0, "input")
        try check.require(!input.isEmpty, "input is a scalar; batch normalization needs a channel axis")
        let channels = input[input.count - 1]
        for (i, role) in [(1, "gamma"), (2, "beta")] {
            if let shape = try check.optionalFloatOperand(i, role) { try check.requireShape(shape, [channels], role) }
        }
        for (i, role) in [(3, "mean"), (4, "variance")] {
            try check.requireShape(try check.floatOperand(i, role), [channels], role)
        }
        try check.requireShape(try check.output(), input, "output")
        self.channels = channels
        self.epsilon = epsilon
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let (gamma, beta, mean, variance) = (operands[1], operands[2], operands[3], operands[4])
        let scale = (0..<channels).map { c in
            (gamma.isEmpty ? 1 : Double(gamma[c])) / (Double(variance[c]) + Double(epsilon)).squareRoot()
        }
        let x = operands[0]
        var output = [Float](repeating: 0, count: x.count)
        for n in x.indices {
            let c = n % channels
            output[n] = Float((Double(x[n]) - Double(mean[c])) * scale[c] + (beta.isEmpty ? 0 : Double(beta[c])))
        }
        return output
    }
}
