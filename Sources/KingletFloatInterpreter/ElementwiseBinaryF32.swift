import KingletIR

/// ADD, SUB, MUL, MAXIMUM, MINIMUM and PRELU in float32: one function of two operands
/// broadcast NumPy-style to the output (whose shape must be the broadcast shape), then the
/// fused activation (ADD, SUB and MUL only).
struct ElementwiseBinaryF32: FloatKernel {
    enum Function: Sendable {
        case add, sub, mul, maximum, minimum
        /// x if x ≥ 0, else alpha · x, with alpha the second operand.
        case prelu
    }

    let function: Function
    let activation: Activation
    let broadcast: FloatBroadcast

    init(_ check: FloatOperatorCheck, _ function: Function, activation: Activation = .none) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...2)
        let a = try check.floatOperand(0, "input 0")
        let b = try check.floatOperand(1, function == .prelu ? "alpha" : "input 1")
        let output = try check.output()
        guard let shape = BroadcastShape.of(a, b) else {
            throw check.failure("operands \(a) and \(b) do not broadcast")
        }
        try check.require(output == shape, "output has shape \(output), but \(a) and \(b) broadcast to \(shape)")
        self.function = function
        self.activation = activation
        broadcast = FloatBroadcast(a, b, output: output)
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let (a, b) = (operands[0], operands[1])
        var output: [Float]
        switch function {
        case .add: output = broadcast.combine(a, b) { $0 + $1 }
        case .sub: output = broadcast.combine(a, b) { $0 - $1 }
        case .mul: output = broadcast.combine(a, b) { $0 * $1 }
        case .maximum: output = broadcast.combine(a, b) { Swift.max($0, $1) }
        case .minimum: output = broadcast.combine(a, b) { Swift.min($0, $1) }
        case .prelu: output = broadcast.combine(a, b) { x, alpha in x >= 0 ? x : alpha * x }
        }
        activation.apply(to: &output)
        return output
    }
}
