import KingletIR

/// A float graph ready for training: every operator's kernel checked and prepared, the
/// tensors training changes (parameters) found, and forward and backward passes over
/// batches. The graph keeps batch 1; a batch stacks samples on axis 0 of every activation.
public struct TrainingGraph: Sendable {
    public let graph: Graph
    /// Tensors that gradients update: weights, biases, γ/β, α; each a float constant.
    public let parameters: [Int]
    /// Tensors a training-mode pass moves without gradients (BatchNormalization statistics).
    public let stateTensors: [Int]
    /// The decoded value of every float constant (parameters included); empty elsewhere.
    public let constants: [[Float]]

    struct Step: Sendable {
        let kernel: any TrainingKernel
        /// The float operand tensors, -1 for an absent or integer operand.
        let operands: [Int]
        let output: Int
    }

    let steps: [Step]
    /// Whether a gradient can flow into each tensor (it depends on a parameter or an input).
    let carriesGradient: [Bool]
    /// Elements per sample of each graph input.
    let inputCounts: [Int]

    /// `batchNormMomentum` is how much of the old moving statistics a training step keeps
    /// (Keras's default 0.99).
    public init(graph: Graph, batchNormMomentum: Float = 0.99) throws(TrainingError) {
        do {
            try graph.verify()
        } catch {
            throw TrainingError("the graph is inconsistent: \(error)")
        }
        let tensors = graph.tensors
        var steps: [Step] = []
        var isParameter = [Bool](repeating: false, count: tensors.count)
        var isState = [Bool](repeating: false, count: tensors.count)
        var carries = [Bool](repeating: false, count: tensors.count)
        for t in graph.inputs {
            let tensor = tensors[t]
            guard tensor.type == .float32, !tensor.shape.isEmpty, tensor.shape[0] == 1 else {
                throw TrainingError("input '\(tensor.name)' is \(tensor.type) \(tensor.shape); training needs float32 inputs with batch axis 1")
            }
            carries[t] = true
        }
        for index in graph.operators.indices {
            let check = TrainingOperatorCheck(graph: graph, index: index)
            let op = graph.operators[index]
            let kernel = try TrainingKernels.prepare(check, batchNormMomentum: batchNormMomentum)
            for i in TrainingKernels.trainableOperands(of: op.kind) where check.has(i) {
                let t = op.inputs[i]
                if tensors[t].isConstant && tensors[t].type == .float32 {
                    isParameter[t] = true
                    carries[t] = true
                }
            }
            for i in TrainingKernels.stateOperands(of: op.kind) where check.has(i) { isState[op.inputs[i]] = true }
            let operands = op.inputs.map { $0 >= 0 && tensors[$0].type == .float32 ? $0 : -1 }
            if operands.contains(where: { $0 >= 0 && carries[$0] }) { carries[op.outputs[0]] = true }
            steps.append(Step(kernel: kernel, operands: operands, output: op.outputs[0]))
        }
        var constants = [[Float]](repeating: [], count: tensors.count)
        for (t, tensor) in tensors.enumerated() where tensor.isConstant && tensor.type == .float32 {
            constants[t] = tensor.floatValues ?? []
        }
        self.graph = graph
        self.steps = steps
        self.constants = constants
        parameters = tensors.indices.filter { isParameter[$0] }
        stateTensors = tensors.indices.filter { isState[$0] }
        carriesGradient = carries
        inputCounts = graph.inputs.map { tensors[$0].elementCount }
    }

    /// The values of one forward pass, kept for the backward pass.
    public struct Pass: Sendable {
        public internal(set) var values: [[Float]]
        public let batch: Int
        public let training: Bool
        /// New values of state tensors (training mode only).
        public internal(set) var statistics: [(tensor: Int, values: [Float])] = []
        /// With quantization simulation: each rounded activation's batch minimum and maximum
        /// before rounding, and where its values were inside the range (where gradients pass).
        public internal(set) var observed: [Int: (low: Float, high: Float)] = [:]
        var inRange: [Int: [Bool]] = [:]
        /// With learned ranges: each rounded activation's values before rounding.
        var raw: [Int: [Float]] = [:]
    }

    /// Runs `batch` samples: `inputs[i]` holds batch × (input i's per-sample count) values;
    /// `constants` is `self.constants` with the current parameter values.
    /// With `simulation`, the pass computes on int8-rounded filters and activations (QAT).
    public func forward(_ inputs: [[Float]], constants: [[Float]], batch: Int, training: Bool,
                        simulation: QuantizationSimulation? = nil) throws(TrainingError) -> Pass {
        guard inputs.count == graph.inputs.count else {
            throw TrainingError("the graph has \(graph.inputs.count) inputs, got \(inputs.count)")
        }
        var pass = Pass(values: constants, batch: batch, training: training)
        for (i, t) in graph.inputs.enumerated() {
            guard inputs[i].count == batch * inputCounts[i] else {
                throw TrainingError("input \(i) '\(graph.tensors[t].name)' needs \(batch) × \(inputCounts[i]) values, got \(inputs[i].count)")
            }
            pass.values[t] = graph.tensors[t].normalization?.apply(inputs[i]) ?? inputs[i]
            if let simulation { round(t, in: &pass, simulation) }
        }
        var scales: [Int: [Float]] = [:]
        if let simulation {
            for (t, _) in simulation.filters {
                (pass.values[t], scales[t]) = simulation.roundedFilter(pass.values[t], tensor: t, shape: graph.tensors[t].shape)
            }
            for (t, source) in simulation.biases {
                pass.values[t] = simulation.roundedBias(pass.values[t], tensor: t, filterScales: scales[source.filter] ?? [])
            }
        }
        for step in steps {
            let operands = step.operands.map { $0 >= 0 ? pass.values[$0] : [] }
            pass.values[step.output] = step.kernel.forward(operands, batch: batch, training: training)
            if let simulation { round(step.output, in: &pass, simulation, filterScales: scales) }
            if training {
                for (operand, values) in step.kernel.statistics(operands, batch: batch) {
                    pass.statistics.append((step.operands[operand], values))
                }
            }
        }
        return pass
    }

    /// Rounds tensor `t` of the pass to its int8 grid, noting its range and the values that
    /// stay inside it.
    private func round(_ t: Int, in pass: inout Pass, _ simulation: QuantizationSimulation, filterScales: [Int: [Float]] = [:]) {
        let raw = pass.values[t]
        guard let low = raw.min(), let high = raw.max() else { return }
        let owns = simulation.ownsRange(t)
        if owns { pass.observed[t] = (low, high) }
        if let range = simulation.representable(t) {
            pass.inRange[t] = raw.map { range.contains($0) }
            if owns && simulation.learnsRanges { pass.raw[t] = raw }
        }
        pass.values[t] = simulation.roundedActivation(raw, tensor: t,
                                                      shifts: simulation.requantizationShifts(t, filterScales: filterScales))
    }

    /// The gradients of every parameter (and graph input) from `seeds`: tensor → gradient of
    /// the loss with respect to that tensor's values in `pass`. Entries are empty for tensors
    /// no gradient reached.
    public func backward(_ pass: Pass, seeds: [Int: [Float]]) -> [[Float]] {
        var gradients = [[Float]](repeating: [], count: graph.tensors.count)
        for (t, seed) in seeds { gradients[t] = seed }
        for step in steps.reversed() {
            var dy = gradients[step.output]
            guard !dy.isEmpty else { continue }
            // Straight through the rounding, but not through the clipping.
            if let inside = pass.inRange[step.output] {
                for k in dy.indices where !inside[k] { dy[k] = 0 }
            }
            let needs = step.operands.map { $0 >= 0 && carriesGradient[$0] }
            guard needs.contains(true) else { continue }
            let operands = step.operands.map { $0 >= 0 ? pass.values[$0] : [] }
            let result = step.kernel.backward(operands, output: pass.values[step.output], gradient: dy,
                                              batch: pass.batch, training: pass.training, needs: needs)
            for (i, t) in step.operands.enumerated() where needs[i] && i < result.count && !result[i].isEmpty {
                if gradients[t].isEmpty {
                    gradients[t] = result[i]
                } else {
                    gradients[t].withUnsafeMutableBufferPointer { sum in
                        result[i].withUnsafeBufferPointer { add in
                            for k in sum.indices { sum[k] += add[k] }
                        }
                    }
                }
            }
        }
        return gradients
    }
}
