import Foundation

/// The activation operators, each a function of one value, with its derivative. The forward
/// formulas are the float interpreter's (ElementwiseUnaryF32); the derivatives are
/// TensorFlow's, including its choice at the kinks (ReLU-like: zero at the corner).
struct ElementwiseUnaryTrain: TrainingKernel {
    enum Function: Sendable {
        case logistic, tanh, relu, relu6, hardSwish, softplus, exp
        case leakyRelu(alpha: Float)
        case elu(alpha: Float)
        case gelu(approximate: Bool)
        case hardSigmoid(slope: Float, offset: Float)
        case clampedRelu(maxValue: Float?, negativeSlope: Float, threshold: Float)
    }

    let function: Function

    init(_ check: TrainingOperatorCheck, _ function: Function) throws(TrainingError) {
        try check.requireOperandCount(1...1)
        let input = try check.floatShape(0, "input")
        try check.require(try check.outputShape() == input, "output must have the input's shape \(input)")
        self.function = function
    }

    private static let geluScale = (2 / Double.pi).squareRoot()

    @inline(__always)
    private func value(_ x: Float) -> Float {
        switch function {
        case .logistic: return 1 / (1 + Foundation.exp(-x))
        case .tanh: return Foundation.tanh(x)
        case .relu: return Swift.max(x, 0)
        case .relu6: return Swift.min(Swift.max(x, 0), 6)
        case .hardSwish: return x * Swift.min(Swift.max(x + 3, 0), 6) / 6
        case .softplus: return Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
        case .exp: return Foundation.exp(x)
        case .leakyRelu(let alpha): return x >= 0 ? x : alpha * x
        case .elu(let alpha): return x > 0 ? x : alpha * Foundation.expm1(x)
        case .gelu(approximate: false):
            let d = Double(x)
            return Float(0.5 * d * (1 + Foundation.erf(d / 2.0.squareRoot())))
        case .gelu(approximate: true):
            let d = Double(x)
            return Float(0.5 * d * (1 + Foundation.tanh(Self.geluScale * (d + 0.044715 * d * d * d))))
        case .hardSigmoid(let slope, let offset): return Swift.min(Swift.max(slope * x + offset, 0), 1)
        case .clampedRelu(let maxValue, let negativeSlope, let threshold):
            return x > threshold ? Swift.min(Swift.max(x, 0), maxValue ?? .infinity) : negativeSlope * (x - threshold)
        }
    }

    /// d value / dx at input `x` with output `y`.
    @inline(__always)
    private func derivative(_ x: Float, _ y: Float) -> Float {
        switch function {
        case .logistic: return y * (1 - y)
        case .tanh: return 1 - y * y
        case .relu: return x > 0 ? 1 : 0
        case .relu6: return x > 0 && x < 6 ? 1 : 0
        case .hardSwish: return x < -3 ? 0 : (x > 3 ? 1 : (2 * x + 3) / 6)
        case .softplus: return 1 / (1 + Foundation.exp(-x))
        case .exp: return y
        case .leakyRelu(let alpha): return x >= 0 ? 1 : alpha
        case .elu(let alpha): return x > 0 ? 1 : y + alpha
        case .gelu(approximate: false):
            let d = Double(x)
            let cdf = 0.5 * (1 + Foundation.erf(d / 2.0.squareRoot()))
            let pdf = Foundation.exp(-0.5 * d * d) / (2 * Double.pi).squareRoot()
            return Float(cdf + d * pdf)
        case .gelu(approximate: true):
            let d = Double(x)
            let inner = Self.geluScale * (d + 0.044715 * d * d * d)
            let t = Foundation.tanh(inner)
            let dInner = Self.geluScale * (1 + 3 * 0.044715 * d * d)
            return Float(0.5 * (1 + t) + 0.5 * d * (1 - t * t) * dInner)
        case .hardSigmoid(let slope, let offset):
            let z = slope * x + offset
            return z > 0 && z < 1 ? slope : 0
        case .clampedRelu(let maxValue, let negativeSlope, let threshold):
            if x > threshold { return x > 0 && x < (maxValue ?? .infinity) ? 1 : 0 }
            return negativeSlope
        }
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        x[0].map { value($0) }
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        guard needs[0] else { return [[]] }
        let input = x[0]
        return [(0..<input.count).map { gradient[$0] * derivative(input[$0], output[$0]) }]
    }
}
