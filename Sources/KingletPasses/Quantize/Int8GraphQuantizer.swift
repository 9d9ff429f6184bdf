import KingletIR

/// The work of `QuantizeInt8`: chooses every activation's parameters, then rewrites the
/// tensors and constants in place.
struct Int8GraphQuantizer {
    var graph: Graph
    let ranges: [Int: ClosedRange<Float>]
    /// Chosen int8 parameters per activation tensor.
    var parameters: [Int: ActivationQuantization] = [:]
    /// Producers and readers of the input graph's tensors.
    let connections: GraphConnections

    let channelMeans: [Int: [Float]]?
    /// Operators (indices of the input graph) run with int16 activations (16x8).
    let int16Operators: Set<Int>
    /// Operators (indices of the input graph) whose filters are int4.
    let int4Operators: Set<Int>
    /// Tensors stored as int16: the outputs of `int16Operators`.
    var isInt16: Set<Int> = []
    /// int16 copies of int8 tensors read by 16x8 operators, and int8 copies of int16 tensors
    /// read by int8 operators (each written by a requantizing QUANTIZE).
    var int16Copy: [Int: Int] = [:]
    var int8Copy: [Int: Int] = [:]

    init(graph: Graph, ranges: [Int: ClosedRange<Float>], channelMeans: [Int: [Float]]? = nil,
         int16Operators: Set<Int> = [], int4Operators: Set<Int> = []) {
        self.graph = graph
        self.int4Operators = int4Operators
        self.ranges = ranges
        self.channelMeans = channelMeans
        self.int16Operators = int16Operators
        connections = GraphConnections(graph)
    }

    func label(_ index: Int) -> String {
        let op = graph.operators[index]
        return "operator \(index) (\(op.kind.name)\(op.name.isEmpty ? "" : " '\(op.name)'"))"
    }

    func error(_ index: Int, _ message: String) -> PassError {
        PassError("quantize-int8: \(label(index)): \(message)")
    }

    func rangeOf(_ tensor: Int) throws -> ClosedRange<Float> {
        guard let range = ranges[tensor] else {
            throw PassError("quantize-int8: tensor \(tensor) '\(graph.tensors[tensor].name)' has no calibrated range")
        }
        return range
    }

    func calibrated(_ tensor: Int) throws -> ActivationQuantization {
        let range = try rangeOf(tensor)
        return ActivationQuantization(low: range.lowerBound, high: range.upperBound)
    }

    /// The int16 copy of an int8 activation (QUANTIZE appended to `operators`).
    mutating func int16Version(of tensor: Int, _ operators: inout [Operator]) throws -> Int {
        if isInt16.contains(tensor) { return tensor }
        if let copy = int16Copy[tensor] { return copy }
        let range = try rangeOf(tensor)
        let copy = graph.add(Tensor(name: "\(graph.tensors[tensor].name)/int16", type: .float32, shape: graph.tensors[tensor].shape))
        parameters[copy] = ActivationQuantization.int16(low: range.lowerBound, high: range.upperBound)
        isInt16.insert(copy)
        operators.append(Operator(kind: .quantize, inputs: [tensor], outputs: [copy], name: "\(graph.tensors[tensor].name)/to_int16"))
        int16Copy[tensor] = copy
        return copy
    }

    /// The int8 copy of an int16 activation (QUANTIZE appended to `operators`).
    mutating func int8Version(of tensor: Int, _ operators: inout [Operator]) throws -> Int {
        guard isInt16.contains(tensor) else { return tensor }
        if let copy = int8Copy[tensor] { return copy }
        let copy = graph.add(Tensor(name: "\(graph.tensors[tensor].name)/int8", type: .float32, shape: graph.tensors[tensor].shape))
        parameters[copy] = try calibrated(tensor)
        operators.append(Operator(kind: .quantize, inputs: [tensor], outputs: [copy], name: "\(graph.tensors[tensor].name)/to_int8"))
        int8Copy[tensor] = copy
        return copy
    }

    /// Output parameters: calibrated, fixed by the kernel, or the input's.
    mutating func chooseParameters() throws {
        for input in graph.inputs { parameters[input] = try calibrated(input) }
        for (index, op) in graph.operators.enumerated() {
            let output = op.outputs[0]
            let input = op.inputs.first ?? -1
            let rule = Int8OperatorRule(op.kind)
            if case .fixedOutput(let scale, let zeroPoint) = rule {
                parameters[output] = ActivationQuantization(fixedScale: scale, zeroPoint: zeroPoint)
            } else if int16Operators.contains(index) {
                guard QuantizeInt8.supportsInt16(op.kind) else {
                    throw error(index, "has no int16 (16x8) kernel (16x8: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD)")
                }
                let range = try rangeOf(output)
                parameters[output] = ActivationQuantization.int16(low: range.lowerBound, high: range.upperBound)
                isInt16.insert(output)
            } else if rule == .keepsInputParameters {
                // An int16 input is read through its int8 copy, at calibrated parameters.
                guard input >= 0, let inputParameters = isInt16.contains(input) ? try calibrated(input) : parameters[input] else {
                    throw error(index, "its input has no quantization")
                }
                parameters[output] = inputParameters
            } else {
                // Calibrated; a kind without a rule is refused by `rewrite`.
                parameters[output] = try calibrated(output)
            }
        }
    }

    /// Rewrites tensors to int8/int32 and operators to their int8 form.
    mutating func rewrite(floatIO: Bool) throws {
        var operators: [Operator] = []
        let original = graph.operators
        for (index, var op) in original.enumerated() {
            // Activations cross between int8 and int16 through requantizing QUANTIZEs.
            let sixteen = int16Operators.contains(index)
            for slot in op.inputs.indices where op.inputs[slot] >= 0 && !graph.tensors[op.inputs[slot]].isConstant {
                let operand = op.inputs[slot]
                if sixteen && (slot == 0 || Self.isAdd(op.kind)) {
                    op.inputs[slot] = try int16Version(of: operand, &operators)
                } else if !sixteen {
                    op.inputs[slot] = try int8Version(of: operand, &operators)
                }
            }
            guard let rule = Int8OperatorRule(op.kind) else {
                throw error(index, "has no int8 kernel yet (docs/QUANTIZATION.md lists the int8 operators)")
            }
            switch rule {
            case .weighted:
                try quantizeWeights(&op, index, int64Bias: sixteen)
            case .arithmetic:
                if sixteen, op.inputs.contains(where: { $0 >= 0 && graph.tensors[$0].isConstant }) {
                    throw error(index, "a 16x8 ADD with a constant operand is not supported")
                }
                for (slot, operand) in op.inputs.enumerated() where operand >= 0 && graph.tensors[operand].isConstant {
                    op.inputs[slot] = try constantOperand(operand, index)
                }
            case .keepsInputParameters:
                if case .pad = op.kind, op.inputs.count > 2, op.inputs[2] >= 0 {
                    throw error(index, "a constant pad value other than zero is not quantized yet")
                }
                if case .identity = op.kind { op.kind = .reshape }
            case .concatenation:
                let outputParameters = parameters[op.outputs[0]]!
                for (slot, operand) in op.inputs.enumerated() where parameters[operand] != outputParameters {
                    if connections.canRetarget(operand, forConcatenation: index) {
                        parameters[operand] = outputParameters
                    } else {
                        // TFLite Micro's CONCATENATION does not rescale: requantize first.
                        let requantized = graph.add(Tensor(name: "\(graph.tensors[operand].name)/requantized",
                                                           type: .float32, shape: graph.tensors[operand].shape))
                        parameters[requantized] = outputParameters
                        operators.append(Operator(kind: .quantize, inputs: [operand], outputs: [requantized],
                                                  name: "\(op.name)/requantize\(slot)"))
                        op.inputs[slot] = requantized
                    }
                }
            case .calibrated, .fixedOutput:
                break
            }
            operators.append(op)
        }
        // Model outputs are int8 (or float with --float-io).
        for (i, output) in graph.outputs.enumerated() where isInt16.contains(output) {
            graph.outputs[i] = try int8Version(of: output, &operators)
        }
        graph.operators = operators
        for (tensor, q) in parameters {
            graph.tensors[tensor].type = isInt16.contains(tensor) ? .int16 : .int8
            graph.tensors[tensor].quantization = Quantization(scale: q.scale, zeroPoint: q.zeroPoint)
        }
        if floatIO { addFloatEdges() }
    }

    /// Per-channel int8 weights and int32 bias, as new constant tensors.
    static func isAdd(_ kind: OperatorKind) -> Bool {
        if case .add = kind { return true }
        return false
    }

    mutating func quantizeWeights(_ op: inout Operator, _ index: Int, int64Bias: Bool = false) throws {
        guard op.inputs.count >= 2, let inputParameters = parameters[op.inputs[0]] else {
            throw error(index, "its input has no quantization")
        }
        let filterIndex = op.inputs[1]
        let filter = graph.tensors[filterIndex]
        guard let values = filter.floatValues else { throw error(index, "weights '\(filter.name)' are not float constants") }
        guard let axis = op.kind.filterChannelAxis, filter.shape.indices.contains(axis) else {
            throw error(index, "weights '\(filter.name)' \(filter.shape) have no output-channel axis")
        }
        let (data, scales) = WeightQuantizer.perChannel(values, shape: filter.shape, axis: axis,
                                                        bits: int4Operators.contains(index) ? 4 : 8)
        op.inputs[1] = graph.add(Tensor(name: filter.name, type: .int8, shape: filter.shape,
                                        quantization: Quantization(scales: scales, zeroPoints: [Int](repeating: 0, count: scales.count), axis: axis),
                                        data: WeightQuantizer.bytes(data)))
        var biasValues: [Float]?
        var biasName = "\(op.name)/bias"
        if op.inputs.count > 2, op.inputs[2] >= 0 {
            let bias = graph.tensors[op.inputs[2]]
            guard let values = bias.floatValues, values.count == scales.count else {
                throw error(index, "bias '\(bias.name)' is not a float constant with one value per output channel")
            }
            biasValues = values
            biasName = bias.name
        }
        if let means = channelMeans?[op.inputs[0]] {
            let shift = BiasCorrection.expectedShift(op.kind, weights: values, quantized: data, scales: scales,
                                                     shape: filter.shape, inputMeans: means)
            if let shift {
                biasValues = zip(biasValues ?? [Float](repeating: 0, count: shift.count), shift).map { $0 - $1 }
            }
        }
        if let biasValues {
            while op.inputs.count < 3 { op.inputs.append(-1) }
            let quantized = WeightQuantizer.bias(biasValues, inputScale: inputParameters.scale, weightScales: scales)
            // 16x8 layers take an int64 bias (the same values: int16 · int8 sums stay far
            // inside int32 per term, TFLite keeps the headroom).
            let data = int64Bias ? WeightQuantizer.bytes64(WeightQuantizer.bias64(biasValues, inputScale: inputParameters.scale, weightScales: scales))
                                 : WeightQuantizer.bytes(quantized)
            op.inputs[2] = graph.add(Tensor(name: biasName, type: int64Bias ? .int64 : .int32, shape: [scales.count],
                                            quantization: Quantization(scales: scales.map { $0 * inputParameters.scale },
                                                                       zeroPoints: [Int](repeating: 0, count: scales.count), axis: 0),
                                            data: data))
        }
    }

    /// A float constant operand of ADD/MUL as an int8 constant with its own range.
    mutating func constantOperand(_ operand: Int, _ index: Int) throws -> Int {
        let tensor = graph.tensors[operand]
        guard let values = tensor.floatValues else { throw error(index, "constant '\(tensor.name)' is not float32") }
        let (data, q) = WeightQuantizer.asymmetric(values)
        return graph.add(Tensor(name: tensor.name, type: .int8, shape: tensor.shape,
                                quantization: Quantization(scale: q.scale, zeroPoint: q.zeroPoint),
                                data: WeightQuantizer.bytes(data)))
    }

    /// float32 model inputs and outputs: QUANTIZE after each input, DEQUANTIZE before each output.
    mutating func addFloatEdges() {
        var front: [Operator] = []
        for (i, input) in graph.inputs.enumerated() {
            var edge = Tensor(name: graph.tensors[input].name, type: .float32, shape: graph.tensors[input].shape)
            // The caller's floats meet the input normalization at the QUANTIZE.
            edge.normalization = graph.tensors[input].normalization
            graph.tensors[input].normalization = nil
            let float = graph.add(edge)
            graph.tensors[input].name += "/int8"
            front.append(Operator(kind: .quantize, inputs: [float], outputs: [input], name: "input\(i)/quantize"))
            graph.inputs[i] = float
        }
        graph.operators = front + graph.operators
        for (i, output) in graph.outputs.enumerated() {
            let float = graph.add(Tensor(name: graph.tensors[output].name, type: .float32, shape: graph.tensors[output].shape))
            graph.tensors[output].name += "/int8"
            graph.operators.append(Operator(kind: .dequantize, inputs: [output], outputs: [float], name: "output\(i)/dequantize"))
            graph.outputs[i] = float
        }
    }
}
