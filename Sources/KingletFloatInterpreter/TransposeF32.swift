import KingletIR

/// TRANSPOSE in float32: operands input and perm (an int32/int64 constant [rank] holding a
/// permutation of 0..<rank); output axis i is input axis perm[i].
struct TransposeF32: FloatKernel {
    let outputShape: [Int]
    /// Per output axis, the input stride it walks.
    let inputStrides: [Int]

    init(_ check: FloatOperatorCheck) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...2)
        let input = try check.floatOperand(0, "input")
        let (permShape, perm) = try check.integerConstant(1, "permutation")
        let rank = input.count
        try check.requireShape(permShape, [rank], "permutation")
        try check.require(perm.sorted() == Array(0..<rank), "\(perm) is not a permutation of the \(rank) axes")
        try check.requireShape(try check.output(), perm.map { input[$0] }, "output")
        outputShape = perm.map { input[$0] }
        let strides = SizeArithmetic.strides(input)
        inputStrides = perm.map { strides[$0] }
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let x = operands[0]
        let rank = outputShape.count
        var output = [Float](repeating: 0, count: x.count)
        var index = [Int](repeating: 0, count: rank)
        var from = 0
        x.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for n in y.indices {
                    y[n] = x[from]
                    var axis = rank - 1
                    while axis >= 0 {
                        from += inputStrides[axis]
                        index[axis] += 1
                        if index[axis] < outputShape[axis] { break }
                        from -= inputStrides[axis] * outputShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return output
    }
}
