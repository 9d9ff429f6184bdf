/// MEAN and REDUCE_MAX over axes inside each sample (never the batch axis). MEAN's gradient
/// spreads each output's gradient evenly over the elements it averaged; REDUCE_MAX's goes to
/// the first largest element (TensorFlow splits it among ties, which training data
/// practically never holds).
struct AxisReductionTrain: TrainingKernel {
    enum Reduction: Sendable { case mean, maximum }

    let reduction: Reduction
    /// Per-sample input element → per-sample output element.
    let target: [Int]
    let outputCount: Int
    let reduced: Int

    init(_ check: TrainingOperatorCheck, _ reduction: Reduction) throws(TrainingError) {
        self.reduction = reduction
        try check.requireOperandCount(2...2)
        let input = try check.floatShape(0, "input")
        let rank = input.count
        var axes = Set<Int>()
        for axis in try check.integers(1, "axes") {
            let a = axis < 0 ? axis + rank : axis
            try check.require(a >= 0 && a < rank, "axis \(axis) is outside rank \(rank)")
            axes.insert(a)
        }
        try check.require(!axes.contains(0), "averages over the batch axis")
        let kept = (0..<rank).filter { !axes.contains($0) }
        let outputCount = kept.map { input[$0] }.reduce(1, *)
        try check.require(try check.outputShape().reduce(1, *) == outputCount, "output size must be \(outputCount)")
        let count = input.reduce(1, *)
        var map = [Int](repeating: 0, count: count)
        for i in 0..<count {
            var rest = i
            var coordinates = [Int](repeating: 0, count: rank)
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                coordinates[axis] = rest % input[axis]
                rest /= input[axis]
            }
            var offset = 0
            for axis in kept { offset = offset * input[axis] + coordinates[axis] }
            map[i] = offset
        }
        target = map
        self.outputCount = outputCount
        reduced = Swift.max(axes.map { input[$0] }.reduce(1, *), 1)
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        if reduction == .maximum {
            var y = [Float](repeating: -.infinity, count: batch * outputCount)
            for s in 0..<batch {
                let (inBase, outBase) = (s * target.count, s * outputCount)
                for i in target.indices { y[outBase + target[i]] = Swift.max(y[outBase + target[i]], x[0][inBase + i]) }
            }
            return y
        }
        var sums = [Double](repeating: 0, count: batch * outputCount)
        for s in 0..<batch {
            let (inBase, outBase) = (s * target.count, s * outputCount)
            for i in target.indices { sums[outBase + target[i]] += Double(x[0][inBase + i]) }
        }
        return sums.map { Float($0 / Double(reduced)) }
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        var result = [[Float]](repeating: [], count: x.count)
        guard needs[0] else { return result }
        var dx = [Float](repeating: 0, count: x[0].count)
        if reduction == .maximum {
            for s in 0..<batch {
                let (inBase, outBase) = (s * target.count, s * outputCount)
                var taken = [Bool](repeating: false, count: outputCount)
                for i in target.indices where !taken[target[i]] && x[0][inBase + i] == output[outBase + target[i]] {
                    taken[target[i]] = true
                    dx[inBase + i] = gradient[outBase + target[i]]
                }
            }
            result[0] = dx
            return result
        }
        let scale = 1 / Float(reduced)
        for s in 0..<batch {
            let (inBase, outBase) = (s * target.count, s * outputCount)
            for i in target.indices { dx[inBase + i] = gradient[outBase + target[i]] * scale }
        }
        result[0] = dx
        return result
    }
}
