/// MEAN in float32: the average over the reduced axes (see `AxisReduction`), summed in Double.
struct MeanF32: FloatKernel {
    let reduction: AxisReduction

    init(_ check: FloatOperatorCheck, keepDims: Bool) throws(FloatInterpreterError) {
        reduction = try AxisReduction(check, keepDims: keepDims)
    }

    func run(_ operands: [[Float]]) -> [Float] {
        var sums = [Double](repeating: 0, count: reduction.outputCount)
        operands[0].withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { sum in
                reduction.forEachElement { from, to in sum[to] += Double(x[from]) }
            }
        }
        let cells = Double(reduction.cellsPerOutput)
        return sums.map { Float($0 / cells) }
    }
}
