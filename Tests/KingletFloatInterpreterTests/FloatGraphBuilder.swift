import KingletFloatInterpreter
import KingletIR
import KingletTestSupport

/// Builds small float32 graphs for the float interpreter's tests: graph inputs, constants
/// and operators, each call returning the tensor index it added.
struct FloatGraphBuilder {
    var graph = Graph()

    /// A float32 graph input.
    @discardableResult
    mutating func input(_ shape: [Int], _ name: String = "x") -> Int {
        let t = graph.add(Tensor(name: name, type: .float32, shape: shape))
        graph.inputs.append(t)
        return t
    }

    /// A float32 constant.
    mutating func constant(_ shape: [Int], _ values: [Float], _ name: String = "w") -> Int {
        graph.add(Tensor(name: name, shape: shape, floats: values))
    }

    /// An int32 constant (axes, paddings, permutations, sizes).
    mutating func int32(_ shape: [Int], _ values: [Int32], _ name: String = "i") -> Int {
        graph.add(Tensor(name: name, shape: shape, int32s: values))
    }

    /// An int64 constant.
    mutating func int64(_ shape: [Int], _ values: [Int64], _ name: String = "i64") -> Int {
        let bytes = values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: v) >> (8 * UInt64($0))) } }
        return graph.add(Tensor(name: name, type: .int64, shape: shape, data: bytes))
    }

    /// An operator writing a new float32 tensor shaped `shape`; returns that tensor.
    @discardableResult
    mutating func op(_ kind: OperatorKind, _ inputs: [Int], _ shape: [Int], name: String = "layer") -> Int {
        let y = graph.add(Tensor(name: "\(name):0", type: .float32, shape: shape))
        graph.operators.append(Operator(kind: kind, inputs: inputs, outputs: [y], name: name))
        return y
    }

    mutating func output(_ t: Int) { graph.outputs.append(t) }
}

/// An operand of a one-operator test graph.
enum FloatOperand {
    /// A float32 graph input (its values are passed to `run`, in operand order).
    case input([Int])
    case constant([Int], [Float])
    case int32([Int], [Int32])
    case int64([Int], [Int64])
    /// -1: an absent optional operand.
    case absent
}

/// Helpers shared by the float interpreter's test suites.
enum FloatTesting {
    /// A graph of one operator named "layer" whose result is the only graph output.
    static func oneOp(_ kind: OperatorKind, _ operands: [FloatOperand], output: [Int]) -> Graph {
        var b = FloatGraphBuilder()
        var inputs: [Int] = []
        for (i, operand) in operands.enumerated() {
            switch operand {
            case .input(let shape): inputs.append(b.input(shape, "x\(i)"))
            case .constant(let shape, let values): inputs.append(b.constant(shape, values, "c\(i)"))
            case .int32(let shape, let values): inputs.append(b.int32(shape, values, "i\(i)"))
            case .int64(let shape, let values): inputs.append(b.int64(shape, values, "l\(i)"))
            case .absent: inputs.append(-1)
            }
        }
        b.output(b.op(kind, inputs, output))
        return b.graph
    }

    /// Builds the interpreter for `graph` and runs it; returns graph output 0.
    static func run(_ graph: Graph, _ inputs: [[Float]]) throws -> [Float] {
        try FloatInterpreter(graph: graph).run(inputs)[0]
    }

    /// Runs one operator on the given graph-input values.
    static func run(_ kind: OperatorKind, _ operands: [FloatOperand], output: [Int], _ inputs: [[Float]]) throws -> [Float] {
        try run(oneOp(kind, operands, output: output), inputs)
    }

    /// The message `FloatInterpreter.init` throws for `graph`, or nil when it accepts it.
    static func initError(_ graph: Graph) -> String? {
        do {
            _ = try FloatInterpreter(graph: graph)
            return nil
        } catch {
            return error.message
        }
    }

    /// Whether every value is within 1e-5 relative (1e-5 absolute near zero) of `expected`.
    static func close(_ actual: [Float], _ expected: [Float], tolerance: Double = 1e-5) -> Bool {
        guard actual.count == expected.count else { return false }
        return zip(actual, expected).allSatisfy { a, e in
            abs(Double(a) - Double(e)) <= tolerance * max(1, abs(Double(e)))
        }
    }

    /// Deterministic values in [-1, 1) (SeededGenerator), so failures reproduce.
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.next() >> 40) / Float(1 << 23) - 1 }
    }
}
