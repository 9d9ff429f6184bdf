import KingletIR

/// SLICE in float32: operands input, begin and size (int32/int64 constants [rank]); size −1
/// takes the rest of the axis. The output is [size...].
struct SliceF32: FloatKernel {
    let outputShape: [Int]
    let begin: [Int]
    let inputStrides: [Int]

    init(_ check: FloatOperatorCheck) throws(FloatInterpreterError) {
        try check.requireOperandCount(3...3)
        let input = try check.floatOperand(0, "input")
        let (beginShape, begin) = try check.integerConstant(1, "begin")
        let (sizeShape, size) = try check.integerConstant(2, "size")
        let rank = input.count
        try check.requireShape(beginShape, [rank], "begin")
        try check.requireShape(sizeShape, [rank], "size")
        var expected: [Int] = []
        for axis in 0..<rank {
            let (b, s, d) = (begin[axis], size[axis], input[axis])
            try check.require(b >= 0 && b < d, "axis \(axis): begin \(b) is outside 0..<\(d)")
            let length = s == -1 ? d - b : s
            try check.require(length >= 1 && length <= d - b,
                              "axis \(axis): size \(s) from begin \(b) does not fit in \(d)")
            expected.append(length)
        }
        try check.requireShape(try check.output(), expected, "output")
        outputShape = expected
        self.begin = begin
        inputStrides = SizeArithmetic.strides(input)
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let rank = outputShape.count
        guard rank > 0 else { return operands[0] }
        var output = [Float](repeating: 0, count: SizeArithmetic.count(outputShape))
        let row = outputShape[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var from = zip(begin, inputStrides).reduce(0) { $0 + $1.0 * $1.1 }
        operands[0].withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                var n = 0
                while n < y.count {
                    for k in 0..<row { y[n + k] = x[from + k] }
                    n += row
                    var axis = rank - 2
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
