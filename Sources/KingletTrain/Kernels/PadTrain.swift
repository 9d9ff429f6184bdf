/// PAD with a constant: each sample's input lands inside a block of the pad value; the
/// gradient is the block's interior.
struct PadTrain: TrainingKernel {
    /// Per-sample input element → per-sample output element.
    let placement: [Int]
    let outputCount: Int

    init(_ check: TrainingOperatorCheck) throws(TrainingError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatShape(0, "input")
        let output = try check.outputShape()
        let paddings = try check.integers(1, "paddings")
        try check.require(paddings.count == 2 * input.count && output.count == input.count,
                          "paddings must be [\(input.count), 2]")
        for axis in input.indices {
            let (before, after) = (paddings[2 * axis], paddings[2 * axis + 1])
            try check.require(before >= 0 && after >= 0 && output[axis] == input[axis] + before + after,
                              "axis \(axis): paddings (\(before), \(after)) do not turn \(input[axis]) into \(output[axis])")
        }
        if !input.isEmpty { try check.require(paddings[0] == 0 && paddings[1] == 0, "pads the batch axis") }
        if check.has(2) {
            try check.require(check.isConstant(2), "its pad value must be a constant")
        }
        var strides = [Int](repeating: 1, count: output.count)
        for axis in stride(from: output.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * output[axis + 1] }
        let count = input.reduce(1, *)
        var map = [Int](repeating: 0, count: count)
        for i in 0..<count {
            var rest = i
            var offset = 0
            for axis in stride(from: input.count - 1, through: 0, by: -1) {
                offset += (rest % input[axis] + paddings[2 * axis]) * strides[axis]
                rest /= input[axis]
            }
            map[i] = offset
        }
        placement = map
        outputCount = output.reduce(1, *)
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        let fill = x[optional: 2].first ?? 0
        var y = [Float](repeating: fill, count: batch * outputCount)
        for s in 0..<batch {
            let (inBase, outBase) = (s * placement.count, s * outputCount)
            for i in placement.indices { y[outBase + placement[i]] = x[0][inBase + i] }
        }
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        var result = [[Float]](repeating: [], count: x.count)
        guard needs[0] else { return result }
        var dx = [Float](repeating: 0, count: x[0].count)
        for s in 0..<batch {
            let (inBase, outBase) = (s * placement.count, s * outputCount)
            for i in placement.indices { dx[inBase + i] = gradient[outBase + placement[i]] }
        }
        result[0] = dx
        return result
    }
}
