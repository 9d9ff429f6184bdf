import KingletIR

/// RESHAPE, SQUEEZE and IDENTITY in float32: the values unchanged under the output's shape
/// (a row-major copy). RESHAPE's optional shape operand is not read: the output tensor's
/// shape is authoritative. SQUEEZE's output must be its input without the squeezed axes.
struct ReshapeF32: FloatKernel {
    init(_ check: FloatOperatorCheck) throws(FloatInterpreterError) {
        if case .reshape = check.op.kind {
            try check.requireOperandCount(1...2)
        } else {
            try check.requireOperandCount(1...1)
        }
        let input = try check.floatOperand(0, "input")
        let output = try check.output()
        try check.require(SizeArithmetic.count(input) == SizeArithmetic.count(output),
                          "output \(output) has \(SizeArithmetic.count(output)) elements, input \(input) has \(SizeArithmetic.count(input))")
        if case .squeeze(let axes) = check.op.kind {
            var squeezed = Set<Int>()
            for axis in axes {
                let a = try check.axis(axis, rank: input.count, "squeeze axis")
                try check.require(input[a] == 1, "squeeze axis \(axis) of input \(input) has size \(input[a]), not 1")
                squeezed.insert(a)
            }
            let expected = input.indices.filter { axes.isEmpty ? input[$0] != 1 : !squeezed.contains($0) }.map { input[$0] }
            try check.requireShape(output, expected, "output")
        }
    }

    func run(_ operands: [[Float]]) -> [Float] { operands[0] }
}
