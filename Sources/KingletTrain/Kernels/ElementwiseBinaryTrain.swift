import KingletIR

/// ADD, SUB, MUL, MAXIMUM, MINIMUM and PRELU with broadcasting inside each sample: an
/// activation operand holds one value block per sample, a constant one block for all. The
/// backward pass sums each operand's gradient over the elements (and, for a constant, the
/// samples) that read it.
struct ElementwiseBinaryTrain: TrainingKernel {
    enum Function: Sendable { case add, sub, mul, maximum, minimum, prelu }

    let function: Function
    let activation: Activation
    let mapA: BroadcastMap
    let mapB: BroadcastMap
    let countA: Int
    let countB: Int
    /// Whether each operand is an activation (one block per sample).
    let batchedA: Bool
    let batchedB: Bool
    let outputCount: Int

    init(_ check: TrainingOperatorCheck, _ function: Function, activation: Activation = .none) throws(TrainingError) {
        try check.requireOperandCount(2...2)
        let a = try check.floatShape(0, "first operand")
        let b = try check.floatShape(1, "second operand")
        let output = try check.outputShape()
        guard let shape = BroadcastShape.of(a, b), shape == output else {
            throw check.failure("operands \(a) and \(b) do not broadcast to the output \(output)")
        }
        batchedA = !check.isConstant(0)
        batchedB = !check.isConstant(1)
        try check.require(batchedA || batchedB, "both operands are constants; fold it before training")
        for (batched, s, role) in [(batchedA, a, "first operand"), (batchedB, b, "second operand")] where batched && s.count == output.count {
            try check.requireBatchAxis(s, role)
        }
        if !batchedA || !batchedB {
            // A constant must not vary along the batch axis.
            let constant = batchedA ? b : a
            try check.require(constant.count < output.count || constant.first == 1,
                              "a constant operand \(constant) spans the batch axis")
        }
        self.function = function
        self.activation = activation
        mapA = BroadcastMap(a, output: output)
        mapB = BroadcastMap(b, output: output)
        countA = a.reduce(1, *)
        countB = b.reduce(1, *)
        outputCount = output.reduce(1, *)
    }

    @inline(__always)
    private func apply(_ a: Float, _ b: Float) -> Float {
        switch function {
        case .add: a + b
        case .sub: a - b
        case .mul: a * b
        case .maximum: Swift.max(a, b)
        case .minimum: Swift.min(a, b)
        case .prelu: a >= 0 ? a : b * a
        }
    }

    /// ∂out/∂a and ∂out/∂b at (a, b) (TensorFlow's choices at ties: MAXIMUM and MINIMUM send
    /// the gradient to the first operand).
    @inline(__always)
    private func partials(_ a: Float, _ b: Float) -> (Float, Float) {
        switch function {
        case .add: (1, 1)
        case .sub: (1, -1)
        case .mul: (b, a)
        case .maximum: a >= b ? (1, 0) : (0, 1)
        case .minimum: a <= b ? (1, 0) : (0, 1)
        case .prelu: a > 0 ? (1, 0) : (a < 0 ? (b, a) : (0, 0))
        }
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        var y = [Float](repeating: 0, count: batch * outputCount)
        x[0].withUnsafeBufferPointer { a in
            x[1].withUnsafeBufferPointer { b in
                for s in 0..<batch {
                    let (baseA, baseB, baseY) = (batchedA ? s * countA : 0, batchedB ? s * countB : 0, s * outputCount)
                    for n in 0..<outputCount { y[baseY + n] = apply(a[baseA + mapA(n)], b[baseB + mapB(n)]) }
                }
            }
        }
        activation.apply(to: &y)
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let dz = activation.backpropagate(gradient, output: output)
        var da = [Float](repeating: 0, count: needs[0] ? x[0].count : 0)
        var db = [Float](repeating: 0, count: needs[1] ? x[1].count : 0)
        let (wantA, wantB) = (needs[0], needs[1])
        x[0].withUnsafeBufferPointer { a in
            x[1].withUnsafeBufferPointer { b in
                for s in 0..<batch {
                    let (baseA, baseB, baseY) = (batchedA ? s * countA : 0, batchedB ? s * countB : 0, s * outputCount)
                    for n in 0..<outputCount {
                        let (ia, ib) = (baseA + mapA(n), baseB + mapB(n))
                        let (pa, pb) = partials(a[ia], b[ib])
                        let g = dz[baseY + n]
                        if wantA { da[ia] += g * pa }
                        if wantB { db[ib] += g * pb }
                    }
                }
            }
        }
        return [da, db]
    }
}
