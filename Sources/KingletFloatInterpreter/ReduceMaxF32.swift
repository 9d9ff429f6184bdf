/// REDUCE_MAX in float32: the maximum over the reduced axes (see `AxisReduction`).
struct ReduceMaxF32: FloatKernel {
    let reduction: AxisReduction

    init(_ check: FloatOperatorCheck, keepDims: Bool) throws(FloatInterpreterError) {
        reduction = try AxisReduction(check, keepDims: keepDims)
    }

    func run(_ operands: [[Float]]) -> [Float] {
        var output = [Float](repeating: -.infinity, count: reduction.outputCount)
        operands[0].withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                reduction.forEachElement { from, to in y[to] = Swift.max(y[to], x[from]) }
            }
        }
        return output
    }
}
