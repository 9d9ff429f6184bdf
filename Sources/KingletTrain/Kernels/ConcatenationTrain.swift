import KingletIR

/// CONCATENATION along an axis inside each sample, then the fused activation; the gradient
/// is cut back into the operands' pieces. A constant operand repeats in every sample.
struct ConcatenationTrain: TrainingKernel {
    /// Per operand: elements per outer step (its extent of the axis times the inner axes).
    let pieces: [Int]
    let batched: [Bool]
    let outer: Int
    let activation: Activation

    init(_ check: TrainingOperatorCheck, axis: Int, activation: Activation) throws(TrainingError) {
        try check.require(!check.op.inputs.isEmpty, "has no operands")
        let output = try check.outputShape()
        let rank = output.count
        let a = axis < 0 ? axis + rank : axis
        try check.require(a > 0 && a < rank, "axis \(axis) must be inside a sample (not the batch axis) of rank \(rank)")
        var pieces: [Int] = []
        var batched: [Bool] = []
        var extent = 0
        for i in check.op.inputs.indices {
            let shape = try check.floatShape(i, "operand \(i)", rank: rank)
            for d in 0..<rank where d != a {
                try check.require(shape[d] == output[d], "operand \(i) \(shape) does not match the output \(output) off the axis")
            }
            extent += shape[a]
            pieces.append(shape[a...].reduce(1, *))
            batched.append(!check.isConstant(i))
        }
        try check.require(extent == output[a], "operands add up to \(extent) along axis \(a), the output has \(output[a])")
        self.pieces = pieces
        self.batched = batched
        outer = output[..<a].reduce(1, *)
        self.activation = activation
    }

    private var sampleCount: Int { outer * pieces.reduce(0, +) }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        var y = [Float](repeating: 0, count: batch * sampleCount)
        var n = 0
        for s in 0..<batch {
            for o in 0..<outer {
                for (i, piece) in pieces.enumerated() {
                    let base = ((batched[i] ? s * outer : 0) + o) * piece
                    for k in 0..<piece { y[n + k] = x[i][base + k] }
                    n += piece
                }
            }
        }
        activation.apply(to: &y)
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let dz = activation.backpropagate(gradient, output: output)
        var result = x.indices.map { needs[$0] ? [Float](repeating: 0, count: x[$0].count) : [] }
        var n = 0
        for s in 0..<batch {
            for o in 0..<outer {
                for (i, piece) in pieces.enumerated() {
                    if needs[i] {
                        let base = ((batched[i] ? s * outer : 0) + o) * piece
                        for k in 0..<piece { result[i][base + k] += dz[n + k] }
                    }
                    n += piece
                }
            }
        }
        return result
    }
}
