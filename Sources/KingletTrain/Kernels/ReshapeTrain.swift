/// RESHAPE, SQUEEZE and IDENTITY: the same values in the same order; the gradient passes
/// through unchanged.
struct ReshapeTrain: TrainingKernel {
    init(_ check: TrainingOperatorCheck) throws(TrainingError) {
        try check.require(check.has(0), "has no input")
        let input = try check.floatShape(0, "input")
        try check.require(try check.outputShape().reduce(1, *) == input.reduce(1, *),
                          "output size differs from the input's \(input)")
    }

    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float] { x[0] }

    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]] {
        var result = [[Float]](repeating: [], count: x.count)
        if needs[0] { result[0] = gradient }
        return result
    }
}
