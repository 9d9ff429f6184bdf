import KingletIR

/// CONCATENATION in float32: the operands joined along `axis` (negative counts from the
/// end); all other dimensions must agree. Then the fused activation.
struct ConcatenationF32: FloatKernel {
    /// The product of the dimensions before the axis.
    let outer: Int
    /// Per operand, the size of one block: its axis dimension times the dimensions after it.
    let blocks: [Int]
    let activation: Activation

    init(_ check: FloatOperatorCheck, axis: Int, activation: Activation) throws(FloatInterpreterError) {
        try check.require(!check.op.inputs.isEmpty, "has no operands")
        let first = try check.floatOperand(0, "input 0")
        let output = try check.output()
        let a = try check.axis(axis, rank: output.count, "axis")
        var total = 0
        var blocks: [Int] = []
        for i in check.op.inputs.indices {
            let shape = try check.floatOperand(i, "input \(i)")
            try check.require(shape.count == output.count, "input \(i) has shape \(shape); the output \(output) has rank \(output.count)")
            for d in shape.indices where d != a {
                try check.require(shape[d] == first[d], "input \(i) \(shape) and input 0 \(first) differ outside axis \(axis)")
            }
            total = try check.checked(SizeArithmetic.add(total, shape[a]), "the concatenated axis")
            blocks.append(SizeArithmetic.count(Array(shape[a...])))
        }
        var expected = first
        expected[a] = total
        try check.requireShape(output, expected, "output")
        outer = SizeArithmetic.count(Array(output[..<a]))
        self.blocks = blocks
        self.activation = activation
    }

    func run(_ operands: [[Float]]) -> [Float] {
        var output: [Float] = []
        output.reserveCapacity(outer * blocks.reduce(0, +))
        for o in 0..<outer {
            for (i, block) in blocks.enumerated() {
                output.append(contentsOf: operands[i][(o * block)..<((o + 1) * block)])
            }
        }
        activation.apply(to: &output)
        return output
    }
}
