import KingletIR

/// FULLY_CONNECTED: rows of `depth` inputs times weights [units, depth]ᵀ plus bias, then the
/// fused activation. Forward Y = X·Wᵀ; backward dX = dZ·W, dW = dZᵀ·X, db = Σ_rows dZ.
struct FullyConnectedTrain: TrainingKernel {
    let rowsPerSample: Int
    let depth: Int
    let units: Int
    let activation: Activation

    init(_ check: TrainingOperatorCheck, activation: Activation, keepNumDims: Bool) throws(TrainingError) {
        try check.requireOperandCount(2...3)
        let input = try check.floatShape(0, "input")
        let weights = try check.floatShape(1, "weights", rank: 2)
        try check.require(check.isConstant(1), "its weights must be a constant")
        let (units, depth) = (weights[0], weights[1])
        let count = input.reduce(1, *)
        try check.require(depth > 0 && count % depth == 0, "input \(input) does not split into rows of \(depth)")
        if check.has(2) {
            try check.require(try check.floatShape(2, "bias") == [units], "bias must have shape [\(units)]")
        }
        try check.require(try check.outputShape().reduce(1, *) == count / depth * units, "output size does not match \(count / depth) rows of \(units) units")
        rowsPerSample = count / depth
        self.depth = depth
        self.units = units
        self.activation = activation
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] {
        let rows = batch * rowsPerSample
        var y = [Float].overwritten(count: rows * units)
        FloatGemm.multiply(x[0], x[1], into: &y, m: rows, n: units, k: depth, transposeB: true)
        activation.apply(to: &y, addingBias: x[optional: 2])
        return y
    }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        let rows = batch * rowsPerSample
        let dz = activation.backpropagate(gradient, output: output)
        var result = [[Float]](repeating: [], count: x.count)
        if needs[0] {
            var dx = [Float].overwritten(count: rows * depth)
            FloatGemm.multiply(dz, x[1], into: &dx, m: rows, n: depth, k: units)
            result[0] = dx
        }
        if needs[1] {
            var dw = [Float].overwritten(count: units * depth)
            FloatGemm.multiply(dz, x[0], into: &dw, m: units, n: depth, k: rows, transposeA: true)
            result[1] = dw
        }
        if needs.count > 2 && needs[2] { result[2] = ChannelSums.sum(dz, channels: units) }
        return result
    }
}
