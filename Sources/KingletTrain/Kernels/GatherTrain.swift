/// TRANSPOSE, SLICE and RESIZE_NEAREST_NEIGHBOR: each output element of a sample copies one
/// input element of the same sample (`source`); the gradient adds each output's gradient
/// back onto the element it copied. The maps are the float interpreter's rules
/// (TransposeF32, SliceF32, ResizeNearestNeighborF32).
struct GatherTrain: TrainingKernel {
    /// Per-sample output element → per-sample input element.
    let source: [Int]
    let inputCount: Int

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        var y = [Float].overwritten(count: batch * source.count)
        for s in 0..<batch {
            let (inBase, outBase) = (s * inputCount, s * source.count)
            for n in source.indices { y[outBase + n] = x[0][inBase + source[n]] }
        }
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        var result = [[Float]](repeating: [], count: x.count)
        guard needs[0] else { return result }
        var dx = [Float](repeating: 0, count: x[0].count)
        for s in 0..<batch {
            let (inBase, outBase) = (s * inputCount, s * source.count)
            for n in source.indices { dx[inBase + source[n]] += gradient[outBase + n] }
        }
        result[0] = dx
        return result
    }
}

extension GatherTrain {
    /// The row-major strides of `shape`.
    private static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }

    /// For every element of `output` (row-major), the input offset `offset(coordinates)`.
    private static func map(_ output: [Int], _ offset: ([Int]) -> Int) -> [Int] {
        let count = output.reduce(1, *)
        var coordinates = [Int](repeating: 0, count: output.count)
        var result = [Int](repeating: 0, count: count)
        for n in 0..<count {
            var rest = n
            for axis in stride(from: output.count - 1, through: 0, by: -1) {
                coordinates[axis] = rest % output[axis]
                rest /= output[axis]
            }
            result[n] = offset(coordinates)
        }
        return result
    }

    /// TRANSPOSE: output axis i is input axis permutation[i]; the batch axis stays first.
    static func transpose(_ check: TrainingOperatorCheck) throws(TrainingError) -> GatherTrain {
        try check.requireOperandCount(2...2)
        let input = try check.floatShape(0, "input")
        let permutation = try check.integers(1, "permutation")
        try check.require(permutation.count == input.count && Set(permutation) == Set(0..<input.count),
                          "permutation \(permutation) is not one of \(input.count) axes")
        try check.require(permutation.first == 0, "moves the batch axis")
        let output = permutation.map { input[$0] }
        try check.require(try check.outputShape() == output, "output must have shape \(output)")
        let strides = Self.strides(input)
        return GatherTrain(source: map(output) { c in zip(c, permutation).reduce(0) { $0 + $1.0 * strides[$1.1] } },
                           inputCount: input.reduce(1, *))
    }

    /// SLICE: begin and size per axis (size −1: to the end); the whole batch axis.
    static func slice(_ check: TrainingOperatorCheck) throws(TrainingError) -> GatherTrain {
        try check.requireOperandCount(3...3)
        let input = try check.floatShape(0, "input")
        let begin = try check.integers(1, "begin")
        let size = try check.integers(2, "size")
        try check.require(begin.count == input.count && size.count == input.count, "begin and size must have \(input.count) values")
        var output: [Int] = []
        for axis in input.indices {
            let length = size[axis] == -1 ? input[axis] - begin[axis] : size[axis]
            try check.require(begin[axis] >= 0 && length >= 1 && begin[axis] + length <= input[axis],
                              "axis \(axis): begin \(begin[axis]) and size \(size[axis]) do not fit \(input[axis])")
            output.append(length)
        }
        try check.require(input.isEmpty || output[0] == input[0], "slices the batch axis")
        try check.require(try check.outputShape() == output, "output must have shape \(output)")
        let strides = Self.strides(input)
        return GatherTrain(source: map(output) { c in c.indices.reduce(0) { $0 + (c[$1] + begin[$1]) * strides[$1] } },
                           inputCount: input.reduce(1, *))
    }

    /// RESIZE_NEAREST_NEIGHBOR of [1, H, W, C] to [1, OH, OW, C]: source row min(⌊o · (H / OH)⌋,
    /// H − 1) with the float32 scale (TFLite's rule), likewise for columns.
    static func resizeNearest(_ check: TrainingOperatorCheck) throws(TrainingError) -> GatherTrain {
        try check.requireOperandCount(2...2)
        let input = try check.floatShape(0, "input", rank: 4)
        let output = try check.outputShape()
        try check.require(output.count == 4 && output[0] == input[0] && output[3] == input[3] && output[1] >= 1 && output[2] >= 1,
                          "output \(output) does not resize input \(input)")
        func nearest(_ o: Int, _ inSize: Int, _ outSize: Int) -> Int {
            Swift.min(Int((Float(o) * (Float(inSize) / Float(outSize))).rounded(.down)), inSize - 1)
        }
        let strides = Self.strides(input)
        return GatherTrain(source: map(output) { c in
            c[0] * strides[0] + nearest(c[1], input[1], output[1]) * strides[1]
                + nearest(c[2], input[2], output[2]) * strides[2] + c[3]
        }, inputCount: input.reduce(1, *))
    }
}
