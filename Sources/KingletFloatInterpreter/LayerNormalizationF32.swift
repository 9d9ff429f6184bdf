import KingletIR

/// LAYER_NORMALIZATION in float32: over the normalized trailing axes, the mean and the
/// biased variance; (x − mean) / sqrt(variance + ε) · gamma + beta, with gamma (or absent: 1)
/// and beta (or absent: 0) shaped like the normalized axes. In Double.
struct LayerNormalizationF32: FloatKernel {
    /// The number of values normalized together (the product of the trailing axes).
    let groupSize: Int
    let epsilon: Float

    init(_ check: FloatOperatorCheck, axes: [Int], epsilon: Float) throws(FloatInterpreterError) {
        try check.requireOperandCount(1...3)
        let input = try check.floatOperand(0, "input")
        let rank = input.count
        var normalized = Set<Int>()
        for axis in axes { normalized.insert(try check.axis(axis, rank: rank, "axis")) }
        try check.require(!normalized.isEmpty && normalized == Set((rank - normalized.count)..<rank),
                          "axes \(axes) must be the trailing axes of input \(input)")
        let trailing = Array(input[(rank - normalized.count)...])
        for (i, role) in [(1, "gamma"), (2, "beta")] {
            if let shape = try check.optionalFloatOperand(i, role) { try check.requireShape(shape, trailing, role) }
        }
        try check.requireShape(try check.output(), input, "output")
        groupSize = SizeArithmetic.count(trailing)
        self.epsilon = epsilon
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let x = operands[0]
        let (gamma, beta) = (operands[optional: 1], operands[optional: 2])
        var output = [Float](repeating: 0, count: x.count)
        var start = 0
        while start < x.count {
            let group = start..<(start + groupSize)
            var sum = 0.0
            for n in group { sum += Double(x[n]) }
            let mean = sum / Double(groupSize)
            var squares = 0.0
            for n in group { squares += (Double(x[n]) - mean) * (Double(x[n]) - mean) }
            let inverse = 1 / (squares / Double(groupSize) + Double(epsilon)).squareRoot()
            for n in group {
                let k = n - start
                let scaled = (Double(x[n]) - mean) * inverse * (gamma.isEmpty ? 1 : Double(gamma[k]))
                output[n] = Float(scaled + (beta.isEmpty ? 0 : Double(beta[k])))
            }
            start += groupSize
        }
        return output
    }
}
