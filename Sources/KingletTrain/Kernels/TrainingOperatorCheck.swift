import KingletIR

/// One operator of a batch-1 graph seen by a training kernel's initializer: per-sample shapes,
/// constant operands, and errors that name the operator.
struct TrainingOperatorCheck {
    let graph: Graph
    let index: Int
    var op: Operator { graph.operators[index] }

    func failure(_ problem: String) -> TrainingError {
        let layer = op.name.isEmpty ? "" : " (layer '\(op.name)')"
        return TrainingError("operator \(index) \(op.kind.name)\(layer): \(problem)")
    }

    func require(_ condition: Bool, _ problem: @autoclosure () -> String) throws(TrainingError) {
        if !condition { throw failure(problem()) }
    }

    func requireOperandCount(_ range: ClosedRange<Int>) throws(TrainingError) {
        try require(range.contains(op.inputs.count),
                    "has \(op.inputs.count) operands, expected \(range.lowerBound)…\(range.upperBound)")
    }

    /// Whether operand `i` is present.
    func has(_ i: Int) -> Bool { i < op.inputs.count && op.inputs[i] >= 0 }

    /// The tensor of operand `i`, which must be present.
    func tensor(_ i: Int, _ role: String) throws(TrainingError) -> Tensor {
        try require(has(i), "its \(role) (operand \(i)) is missing")
        return graph.tensors[op.inputs[i]]
    }

    /// The shape of float operand `i` (per sample for an activation).
    func floatShape(_ i: Int, _ role: String, rank: Int? = nil) throws(TrainingError) -> [Int] {
        let t = try tensor(i, role)
        try require(t.type == .float32, "its \(role) '\(t.name)' is \(t.type), expected float32")
        if let rank { try require(t.shape.count == rank, "its \(role) '\(t.name)' has shape \(t.shape), expected rank \(rank)") }
        return t.shape
    }

    /// Whether operand `i` is a constant (the same for every sample).
    func isConstant(_ i: Int) -> Bool { has(i) && graph.tensors[op.inputs[i]].isConstant }

    /// The integer values of constant operand `i` (axes, paddings, shapes).
    func integers(_ i: Int, _ role: String) throws(TrainingError) -> [Int] {
        let t = try tensor(i, role)
        guard let values = t.integerValues else {
            throw failure("its \(role) '\(t.name)' must be a constant int32 or int64 tensor")
        }
        return values
    }

    /// The output's shape (per sample).
    func outputShape() throws(TrainingError) -> [Int] {
        try require(op.outputs.count == 1, "has \(op.outputs.count) outputs, expected 1")
        let t = graph.tensors[op.outputs[0]]
        try require(t.type == .float32, "its output '\(t.name)' is \(t.type), expected float32")
        return t.shape
    }

    /// Requires an activation operand `i` to be a batch-1 tensor, so its samples stack on axis 0.
    func requireBatchAxis(_ shape: [Int], _ role: String) throws(TrainingError) {
        try require(!shape.isEmpty && shape[0] == 1,
                    "its \(role) has shape \(shape); training stacks samples on axis 0, which must have size 1 in the graph")
    }
}
