import Foundation
import KingletIR

/// The float32 activation operators, each a function of one value: LOGISTIC, TANH, RELU,
/// RELU6, LEAKY_RELU, HARD_SWISH, ELU, GELU, SOFTPLUS, EXP, HARD_SIGMOID, CLAMPED_RELU.
/// The output has the input's shape.
struct ElementwiseUnaryF32: FloatKernel {
    enum Function: Sendable {
        case logistic, tanh, relu, relu6, hardSwish, softplus, exp
        /// x ≥ 0 ? x : alpha · x.
        case leakyRelu(alpha: Float)
        /// x > 0 ? x : alpha · (eˣ − 1).
        case elu(alpha: Float)
        /// 0.5 · x · (1 + erf(x / √2)), or 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).
        case gelu(approximate: Bool)
        /// clamp(slope · x + offset, 0, 1).
        case hardSigmoid(slope: Float, offset: Float)
        /// x > threshold ? min(max(x, 0), maxValue) : negativeSlope · (x − threshold).
        case clampedRelu(maxValue: Float?, negativeSlope: Float, threshold: Float)
    }

    let function: Function

    init(_ check: FloatOperatorCheck, _ function: Function) throws(FloatInterpreterError) {
        try check.requireOperandCount(1...1)
        let input = try check.floatOperand(0, "input")
        try check.requireShape(try check.output(), input, "output")
        self.function = function
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let x = operands[0]
        switch function {
        case .logistic: return x.map { 1 / (1 + Foundation.exp(-$0)) }
        case .tanh: return x.map { Foundation.tanh($0) }
        case .relu: return x.map { Swift.max($0, 0) }
        case .relu6: return x.map { Swift.min(Swift.max($0, 0), 6) }
        case .hardSwish: return x.map { $0 * Swift.min(Swift.max($0 + 3, 0), 6) / 6 }
        case .softplus: return x.map { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) }
        case .exp: return x.map { Foundation.exp($0) }
        case .leakyRelu(let alpha): return x.map { $0 >= 0 ? $0 : alpha * $0 }
        case .elu(let alpha): return x.map { $0 > 0 ? $0 : alpha * Foundation.expm1($0) }
        case .gelu(approximate: false):
            return x.map { v in
                let d = Double(v)
                return Float(0.5 * d * (1 + Foundation.erf(d / 2.0.squareRoot())))
            }
        case .gelu(approximate: true):
            let scale = (2 / Double.pi).squareRoot()
            return x.map { v in
                let d = Double(v)
                return Float(0.5 * d * (1 + Foundation.tanh(scale * (d + 0.044715 * d * d * d))))
            }
        case .hardSigmoid(let slope, let offset):
            return x.map { Swift.min(Swift.max(slope * $0 + offset, 0), 1) }
        case .clampedRelu(let maxValue, let negativeSlope, let threshold):
            let cap = maxValue ?? .infinity
            return x.map { $0 > threshold ? Swift.min(Swift.max($0, 0), cap) : negativeSlope * ($0 - threshold) }
        }
    }
}
