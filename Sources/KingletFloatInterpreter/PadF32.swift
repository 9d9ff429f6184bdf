import KingletIR

/// PAD in float32: input, paddings [rank, 2] (before and after per axis, int32 or int64
/// constants ≥ 0), and an optional float32 scalar constant for the padded cells (default
/// 0). Output dimension = before + input dimension + after.
struct PadF32: FloatKernel {
    let inputShape: [Int]
    let outputShape: [Int]
    let before: [Int]
    let value: Float

    init(_ check: FloatOperatorCheck) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatOperand(0, "input")
        let (paddingShape, paddings) = try check.integerConstant(1, "paddings")
        let output = try check.output()
        let rank = input.count
        try check.requireShape(paddingShape, [rank, 2], "paddings")
        var expected: [Int] = []
        for axis in 0..<rank {
            let (b, a) = (paddings[2 * axis], paddings[2 * axis + 1])
            try check.require(b >= 0 && a >= 0, "axis \(axis) has paddings (\(b), \(a)); they must be ≥ 0")
            expected.append(try check.checked(SizeArithmetic.add(input[axis], b).flatMap { SizeArithmetic.add($0, a) },
                                              "axis \(axis) padded by (\(b), \(a))"))
        }
        try check.requireShape(output, expected, "output")
        var value: Float = 0
        if check.tensorIndex(2) != nil {
            let (shape, values) = try check.floatConstant(2, "pad value")
            try check.require(values.count == 1, "pad value has shape \(shape), expected a scalar")
            value = values[0]
        }
        inputShape = input
        outputShape = output
        before = (0..<rank).map { paddings[2 * $0] }
        self.value = value
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let x = operands[0]
        var output = [Float](repeating: value, count: SizeArithmetic.count(outputShape))
        let rank = inputShape.count
        guard rank > 0 else {
            output[0] = x[0]
            return output
        }
        // Copy the input row by row (its last axis) to where the row lands in the output.
        let row = inputShape[rank - 1]
        let outStrides = SizeArithmetic.strides(outputShape)
        var index = [Int](repeating: 0, count: rank)
        var target = zip(before, outStrides).reduce(0) { $0 + $1.0 * $1.1 }
        x.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                var from = 0
                while from < x.count {
                    for k in 0..<row { y[target + k] = x[from + k] }
                    from += row
                    var axis = rank - 2
                    while axis >= 0 {
                        target += outStrides[axis]
                        index[axis] += 1
                        if index[axis] < inputShape[axis] { break }
                        target -= outStrides[axis] * inputShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return output
    }
}
