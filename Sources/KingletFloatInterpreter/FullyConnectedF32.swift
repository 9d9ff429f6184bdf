import KingletIR

/// FULLY_CONNECTED in float32: input [..., depth] read as rows of `depth` values, weights
/// [units, depth], bias [units] or absent (zero); out[r][u] = Σ_d in[r][d] · w[u][d] + bias[u],
/// then the fused activation. The output is [rows, units], or the input's leading axes and
/// units with `keepNumDims`. Sums run in Double.
struct FullyConnectedF32: FloatKernel {
    let rows: Int
    let depth: Int
    let units: Int
    let activation: Activation

    func run(_ operands: [[Float]]) -> [Float] {
        let bias = operands[optional: 2]
        var output = [Float](repeating: 0, count: rows * units)
        operands[0].withUnsafeBufferPointer { x in
            operands[1].withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    for r in 0..<rows {
                        let xp = r * depth
                        for u in 0..<units {
                            let wp = u * depth
                            var sum = bias.isEmpty ? 0 : Double(bias[u])
                            for d in 0..<depth { sum += Double(x[xp + d]) * Double(w[wp + d]) }
                            y[r * units + u] = activation.apply(Float(sum))
                        }
                    }
                }
            }
        }
        return output
    }
}

extension FullyConnectedF32 {
    init(_ check: FloatOperatorCheck, activation: Activation, keepNumDims: Bool) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatOperand(0, "input")
        let weights = try check.floatOperand(1, "weights", rank: 2)
        let bias = try check.optionalFloatOperand(2, "bias", rank: 1)
        let output = try check.output()
        let (units, depth) = (weights[0], weights[1])
        let count = SizeArithmetic.count(input)
        try check.require(!input.isEmpty && count % depth == 0,
                          "input \(input) does not split into rows of the weights' depth \(depth)")
        let rows = count / depth
        if keepNumDims {
            try check.require(input.last == depth, "input \(input) must end in the weights' depth \(depth) to keep its axes")
            try check.requireShape(output, input.dropLast() + [units], "output")
        } else {
            try check.requireShape(output, [rows, units], "output")
        }
        if let bias { try check.requireShape(bias, [units], "bias") }
        self.init(rows: rows, depth: depth, units: units, activation: activation)
    }
}
