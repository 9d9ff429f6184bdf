import KingletIR

/// The float32 reference interpreter: runs an IR graph as Keras (TensorFlow, float32) would,
/// to check imported models and passes against Keras's own outputs. Everything about the
/// graph is checked once in `init`; `run` then cannot trap, whatever model file the graph
/// came from.
public struct FloatInterpreter: Sendable {
    public let graph: Graph

    /// The largest tensor the interpreter accepts (1 GiB of float32), so a hostile shape
    /// cannot make `run` allocate without bound.
    static let maxElements = 1 << 28

    /// One operator ready to run.
    struct Step: Sendable {
        let kernel: any FloatKernel
        /// The tensor per operand whose values the kernel reads, -1 for an absent or integer one.
        let operands: [Int]
        let output: Int
        /// Tensors nothing reads after this step (and no graph output), freed to bound memory.
        let releases: [Int]
    }

    let steps: [Step]
    /// The decoded float32 constants, indexed by tensor; empty for every other tensor.
    let constants: [[Float]]
    /// The element count of each graph input.
    let inputCounts: [Int]

    /// Validates every operator (operand count, types, shapes, constant operands present) and throws
    /// FloatInterpreterError naming operator index, kind name (op.kind.name), layer name (op.name) and the problem.
    public init(graph: Graph) throws(FloatInterpreterError) {
        try FloatGraphCheck.validate(graph, maxElements: Self.maxElements)
        let tensors = graph.tensors

        var kernels: [any FloatKernel] = []
        for index in graph.operators.indices {
            kernels.append(try FloatKernels.prepare(FloatOperatorCheck(graph: graph, index: index)))
        }

        var lastRead = [Int](repeating: -1, count: tensors.count)
        var constants = [[Float]](repeating: [], count: tensors.count)
        var operandLists: [[Int]] = []
        for (position, op) in graph.operators.enumerated() {
            var operands: [Int] = []
            for t in op.inputs {
                guard t >= 0, tensors[t].type == .float32 else {
                    operands.append(-1)
                    continue
                }
                operands.append(t)
                lastRead[t] = position
                if tensors[t].isConstant, constants[t].isEmpty {
                    constants[t] = tensors[t].floatValues ?? []
                }
            }
            operandLists.append(operands)
        }
        var isGraphOutput = [Bool](repeating: false, count: tensors.count)
        for t in graph.outputs {
            isGraphOutput[t] = true
            if tensors[t].isConstant { constants[t] = tensors[t].floatValues ?? [] }
        }

        // Free each tensor after its last reader (an operator's unread output right away),
        // which drops this run's reference to an input or constant too.
        var releases = [[Int]](repeating: [], count: graph.operators.count)
        var released = isGraphOutput
        for (position, op) in graph.operators.enumerated() where !released[op.outputs[0]] {
            released[op.outputs[0]] = true
            releases[max(position, lastRead[op.outputs[0]])].append(op.outputs[0])
        }
        for t in tensors.indices where !released[t] && lastRead[t] >= 0 {
            releases[lastRead[t]].append(t)
        }

        self.graph = graph
        self.constants = constants
        self.inputCounts = graph.inputs.map { SizeArithmetic.count(tensors[$0].shape) }
        self.steps = graph.operators.indices.map { position in
            Step(kernel: kernels[position], operands: operandLists[position],
                 output: graph.operators[position].outputs[0], releases: releases[position])
        }
    }

    /// Runs one sample. `inputs[i]` holds graph.tensors[graph.inputs[i]].elementCount values (row-major);
    /// returns one array per graph.outputs entry. Throws on a wrong input count/size.
    public func run(_ inputs: [[Float]]) throws(FloatInterpreterError) -> [[Float]] {
        try run(inputs, observe: nil)
    }

    /// Runs one sample and shows `observe` every graph input (normalized, when it has an input
    /// normalization) and every operator output
    /// (tensor index, values) as it is computed — what calibration records.
    public func run(_ inputs: [[Float]], observe: ((Int, [Float]) -> Void)?) throws(FloatInterpreterError) -> [[Float]] {
        guard inputs.count == graph.inputs.count else {
            throw FloatInterpreterError("the graph has \(graph.inputs.count) inputs, got \(inputs.count)")
        }
        for (i, values) in inputs.enumerated() where values.count != inputCounts[i] {
            let tensor = graph.tensors[graph.inputs[i]]
            throw FloatInterpreterError("input \(i) '\(tensor.name)' \(tensor.shape) needs \(inputCounts[i]) values, got \(values.count)")
        }
        var values = constants
        for (i, t) in graph.inputs.enumerated() {
            // An input normalization happens before the graph: it sees normalized values.
            values[t] = graph.tensors[t].normalization?.apply(inputs[i]) ?? inputs[i]
            observe?(t, values[t])
        }
        for step in steps {
            let operands = step.operands.map { $0 >= 0 ? values[$0] : [] }
            values[step.output] = step.kernel.run(operands)
            observe?(step.output, values[step.output])
            for t in step.releases { values[t] = [] }
        }
        return graph.outputs.map { values[$0] }
    }
}
