import KingletIR

/// One operator seen by a kernel's preparation: typed access to its operands and output,
/// each check throwing a message that names the operator. The graph's structure (indices,
/// sizes, constant data lengths, execution order) is checked before this is made.
struct FloatOperatorCheck {
    let graph: Graph
    let index: Int

    var op: Operator { graph.operators[index] }

    /// "operator 3 (CONV_2D 'conv1')", the prefix of every message.
    var label: String {
        let layer = op.name.isEmpty ? "" : " '\(op.name)'"
        return "operator \(index) (\(op.kind.name)\(layer))"
    }

    func failure(_ message: String) -> FloatInterpreterError {
        FloatInterpreterError("\(label): \(message)")
    }

    func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FloatInterpreterError) {
        if !condition { throw failure(message()) }
    }

    /// A size computed with overflow checks, or a failure naming what overflowed.
    func checked(_ value: Int?, _ what: @autoclosure () -> String) throws(FloatInterpreterError) -> Int {
        guard let value else { throw failure("\(what()) overflows") }
        return value
    }

    func requireOperandCount(_ counts: ClosedRange<Int>) throws(FloatInterpreterError) {
        let n = op.inputs.count
        let expected = counts.lowerBound == counts.upperBound
            ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
        try require(counts.contains(n), "has \(n) operands, expected \(expected)")
    }

    /// The tensor of operand `i`, or nil when the operand is absent (-1 or beyond the list).
    func tensorIndex(_ i: Int) -> Int? {
        guard op.inputs.indices.contains(i), op.inputs[i] >= 0 else { return nil }
        return op.inputs[i]
    }

    /// "filter 'w' [3, 3, 8, 4]", for messages.
    func describe(_ role: String, _ t: Int) -> String {
        let tensor = graph.tensors[t]
        return "\(role) '\(tensor.name)' \(tensor.shape)"
    }

    /// The shape of float operand `i`, which must be present, float32, of `rank` when given,
    /// and without zero dimensions (kernels divide by and index with them).
    func floatOperand(_ i: Int, _ role: String, rank: Int? = nil) throws(FloatInterpreterError) -> [Int] {
        guard let shape = try optionalFloatOperand(i, role, rank: rank) else {
            throw failure("\(role) (operand \(i)) is absent")
        }
        return shape
    }

    /// The shape of float operand `i`, or nil when it is absent.
    func optionalFloatOperand(_ i: Int, _ role: String, rank: Int? = nil) throws(FloatInterpreterError) -> [Int]? {
        guard let t = tensorIndex(i) else { return nil }
        return try floatTensor(t, role, rank: rank)
    }

    /// The output's shape, under the same rules as a float operand.
    func output(rank: Int? = nil) throws(FloatInterpreterError) -> [Int] {
        try floatTensor(op.outputs[0], "output", rank: rank)
    }

    private func floatTensor(_ t: Int, _ role: String, rank: Int?) throws(FloatInterpreterError) -> [Int] {
        let tensor = graph.tensors[t]
        try require(tensor.type == .float32, "\(describe(role, t)) is \(tensor.type), expected float32")
        if let rank {
            try require(tensor.shape.count == rank, "\(describe(role, t)) has rank \(tensor.shape.count), expected \(rank)")
        }
        try require(!tensor.shape.contains(0), "\(describe(role, t)) has a zero dimension")
        return tensor.shape
    }

    /// The values of integer operand `i`: a present int32 or int64 constant.
    func integerConstant(_ i: Int, _ role: String) throws(FloatInterpreterError) -> (shape: [Int], values: [Int]) {
        guard let t = tensorIndex(i) else { throw failure("\(role) (operand \(i)) is absent") }
        let tensor = graph.tensors[t]
        try require(tensor.type == .int32 || tensor.type == .int64,
                    "\(describe(role, t)) is \(tensor.type), expected int32 or int64")
        guard tensor.isConstant, let values = tensor.integerValues else {
            throw failure("\(describe(role, t)) must be a constant but has no data")
        }
        return (tensor.shape, values)
    }

    /// The values of float operand `i`, which must be a present float32 constant.
    func floatConstant(_ i: Int, _ role: String) throws(FloatInterpreterError) -> (shape: [Int], values: [Float]) {
        guard let t = tensorIndex(i) else { throw failure("\(role) (operand \(i)) is absent") }
        let tensor = graph.tensors[t]
        try require(tensor.type == .float32, "\(describe(role, t)) is \(tensor.type), expected float32")
        guard tensor.isConstant, let values = tensor.floatValues else {
            throw failure("\(describe(role, t)) must be a constant but has no data")
        }
        return (tensor.shape, values)
    }

    /// Requires `shape == expected`, naming the role.
    func requireShape(_ shape: [Int], _ expected: [Int], _ role: String) throws(FloatInterpreterError) {
        try require(shape == expected, "\(role) has shape \(shape), expected \(expected)")
    }

    /// An axis in -rank..<rank, counted from the end when negative.
    func axis(_ axis: Int, rank: Int, _ role: String) throws(FloatInterpreterError) -> Int {
        try require(axis >= -rank && axis < rank, "\(role) \(axis) is outside \(-rank)..<\(rank)")
        return axis < 0 ? axis + rank : axis
    }
}
