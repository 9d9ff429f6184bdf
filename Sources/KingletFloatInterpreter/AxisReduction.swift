/// The geometry of MEAN and REDUCE_MAX: the input, its reduced axes (from an int32/int64
/// constant, negative counting from the end, a repeated axis counted once), and the output
/// shape with those axes kept as 1s or dropped.
struct AxisReduction: Sendable {
    let inputShape: [Int]
    let reduced: [Bool]
    let outputCount: Int
    /// How many input elements each output element reduces.
    let cellsPerOutput: Int

    init(_ check: FloatOperatorCheck, keepDims: Bool) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...2)
        let input = try check.floatOperand(0, "input")
        let (axesShape, axes) = try check.integerConstant(1, "axes")
        try check.require(axesShape.count <= 1, "axes has shape \(axesShape), expected a scalar or a list")
        var reduced = [Bool](repeating: false, count: input.count)
        for axis in axes {
            reduced[try check.axis(axis, rank: input.count, "axis")] = true
        }
        let expected = keepDims
            ? input.indices.map { reduced[$0] ? 1 : input[$0] }
            : input.indices.filter { !reduced[$0] }.map { input[$0] }
        try check.requireShape(try check.output(), expected, "output")
        inputShape = input
        self.reduced = reduced
        outputCount = SizeArithmetic.count(expected)
        cellsPerOutput = SizeArithmetic.count(input.indices.filter { reduced[$0] }.map { input[$0] })
    }

    /// Calls `body(inputOffset, outputOffset)` for every input element in row-major order,
    /// with the output element it reduces into.
    func forEachElement(_ body: (Int, Int) -> Void) {
        let rank = inputShape.count
        // An output stride per input axis: 0 along a reduced axis.
        let keptShape = inputShape.indices.map { reduced[$0] ? 1 : inputShape[$0] }
        let dense = SizeArithmetic.strides(keptShape)
        let outStrides = inputShape.indices.map { reduced[$0] ? 0 : dense[$0] }
        let count = SizeArithmetic.count(inputShape)
        var index = [Int](repeating: 0, count: rank)
        var target = 0
        for n in 0..<count {
            body(n, target)
            var axis = rank - 1
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
