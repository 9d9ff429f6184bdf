import KingletIR

/// Turns a planned IR graph into a `KglProgram`: one operator record per IR operator, with
/// every quantity the kernels need (multipliers, shifts, offsets, clamps, explicit padding)
/// computed here, once, so the runtime needs no floating point. One extension per operator
/// kind, `KglLowering+<Kind>.swift`, next to its kernels' twins.
public struct KglLowering {
    public let graph: Graph
    public let plan: MemoryPlan
    public internal(set) var program = KglProgram()
    /// IR tensor index → program tensor index, filled as operators reference tensors.
    private var tensorMap: [Int: Int] = [:]
    /// IR tensors that may be stored sparse → their row axis.
    private var sparseRowAxes: [Int: Int] = [:]

    /// `sparseWeights`: store int8 weights of CONV_2D, DEPTHWISE_CONV_2D and
    /// FULLY_CONNECTED as sparse constants (format 1.4) where `SparseEncoding.isStoredSparse`
    /// says so (half zeros or more); false keeps every constant dense.
    public static func lower(_ graph: Graph, plan: MemoryPlan, sparseWeights: Bool = true) throws(FormatError) -> KglProgram {
        var lowering = KglLowering(graph: graph, plan: plan)
        if sparseWeights { lowering.sparseRowAxes = Self.sparseCandidates(graph) }
        for (index, op) in graph.operators.enumerated() {
            try lowering.lower(op, at: index)
        }
        var inputs: [Int] = []
        for input in graph.inputs { inputs.append(try lowering.operand(input, of: "model input")) }
        var outputs: [Int] = []
        for output in graph.outputs { outputs.append(try lowering.operand(output, of: "model output")) }
        lowering.program.inputs = inputs
        lowering.program.outputs = outputs
        lowering.program.arenaBytes = plan.arenaBytes
        return lowering.program
    }

    init(graph: Graph, plan: MemoryPlan) {
        self.graph = graph
        self.plan = plan
    }

    mutating func lower(_ op: Operator, at index: Int) throws(FormatError) {
        let context = OperatorContext(index: index, op: op)
        switch op.kind {
        case .conv2D(let attributes):
            try lowerConv2D(context, attributes)
        case .depthwiseConv2D(let attributes):
            try lowerDepthwiseConv2D(context, attributes)
        case .fullyConnected(let activation, let keepNumDims):
            try lowerFullyConnected(context, activation: activation, keepNumDims: keepNumDims)
        case .averagePool2D(let attributes):
            try lowerPool2D(context, attributes, kind: .averagePool2D)
        case .maxPool2D(let attributes):
            try lowerPool2D(context, attributes, kind: .maxPool2D)
        case .add(let activation):
            try lowerAdd(context, activation: activation)
        case .sub(let activation):
            try lowerSub(context, activation: activation)
        case .mul(let activation):
            try lowerMul(context, activation: activation)
        case .reshape, .squeeze:
            try lowerReshape(context)
        case .softmax(let beta):
            try lowerSoftmax(context, beta: beta)
        case .logistic:
            try lowerLogistic(context, kind: .logistic)
        case .tanh:
            try lowerLogistic(context, kind: .tanh)
        case .relu:
            try lowerRelu(context, kind: .relu)
        case .relu6:
            try lowerRelu(context, kind: .relu6)
        case .leakyRelu(let alpha):
            try lowerLeakyRelu(context, alpha: alpha)
        case .hardSwish:
            try lowerHardSwish(context)
        case .pad:
            try lowerPad(context)
        case .mean(let keepDims):
            try lowerMean(context, keepDims: keepDims)
        case .reduceMax(let keepDims):
            try lowerReduceMax(context, keepDims: keepDims)
        case .concatenation(let axis, let activation):
            try lowerConcatenation(context, axis: axis, activation: activation)
        case .quantize:
            try lowerQuantize(context)
        case .dequantize:
            try lowerDequantize(context)
        case .shape, .stridedSlice, .pack:
            throw context.error("shape arithmetic should have been folded before lowering")
        default:
            throw context.error("has no int8 or 16x8 kernel")
        }
    }

    // MARK: - Helpers for the per-kind extensions

    /// The IR tensor at `index`.
    func tensor(_ index: Int) -> Tensor { graph.tensors[index] }

    /// The per-tensor quantization of an int8/int16 activation, or an error naming it.
    func quantization(_ index: Int, _ context: OperatorContext) throws(FormatError) -> Quantization {
        guard let q = tensor(index).quantization, !q.scales.isEmpty,
              q.scales.count == q.zeroPoints.count || q.zeroPoints.count == 1 else {
            throw context.error("tensor '\(tensor(index).name)' has no quantization parameters")
        }
        return q
    }

    /// The program index of IR tensor `index`, adding its record (and, for a constant, its
    /// bytes in the data section) on first use.
    mutating func operand(_ index: Int, of what: String) throws(FormatError) -> Int {
        if let known = tensorMap[index] { return known }
        guard graph.tensors.indices.contains(index) else {
            throw FormatError("\(what) refers to tensor \(index), which does not exist")
        }
        let t = graph.tensors[index]
        guard let type = Self.elementType(t.type) else {
            throw FormatError("\(what): tensor '\(t.name)' has type \(t.type), which .kgl does not store")
        }
        var draft: KglTensorDraft
        if let data = t.data, let rowAxis = sparseRowAxes[index], type == .int8, !t.shape.isEmpty,
           SparseEncoding.isStoredSparse(count: data.count, nonzeros: data.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }) {
            let offset = program.appendData(SparseEncoding.encode(data, shape: t.shape, rowAxis: rowAxis))
            draft = KglTensorDraft(type: type, shape: t.shape, location: .constant, offset: offset, name: t.name)
            draft.sparseRowAxis = rowAxis
        } else if let data = t.data {
            let offset = program.appendData(data)
            draft = KglTensorDraft(type: type, shape: t.shape, location: .constant, offset: offset, name: t.name)
        } else if plan.fused.contains(index) {
            draft = KglTensorDraft(type: type, shape: t.shape, location: .fused, offset: 0, name: t.name)
        } else {
            guard let offset = plan.offsets[index] else {
                throw FormatError("\(what): tensor '\(t.name)' has no place in the memory plan")
            }
            draft = KglTensorDraft(type: type, shape: t.shape, location: .arena, offset: offset, name: t.name)
        }
        if let q = t.quantization, !q.scales.isEmpty {
            draft.zeroPoint = Int32(clamping: q.zeroPoints.first ?? 0)
            draft.scale = q.scales[0]
            if q.scales.count > 1 {
                draft.quantKind = FormatSpec.quantPerChannel
                draft.quantAxis = q.axis
                guard q.axis >= 0, q.axis < t.shape.count, t.shape[q.axis] == q.scales.count else {
                    throw FormatError("\(what): tensor '\(t.name)' has \(q.scales.count) scales along axis \(q.axis) of shape \(t.shape)")
                }
                draft.channelScalesOffset = program.appendFloat32(q.scales)
            } else {
                draft.quantKind = FormatSpec.quantPerTensor
            }
        }
        if let rowAxis = draft.sparseRowAxis {
            guard draft.quantKind != FormatSpec.quantPerChannel || draft.quantAxis == rowAxis else {
                throw FormatError("\(what): tensor '\(t.name)' is quantized along axis \(draft.quantAxis), but its kernel reads sparse rows along axis \(rowAxis)")
            }
            draft.quantAxis = rowAxis
        }
        if let normalization = t.normalization {
            draft.normalizationChannels = normalization.channels
            draft.normalizationOffset = program.appendFloat32(normalization.shifts + normalization.multipliers)
        }
        let mapped = program.addTensor(draft)
        tensorMap[index] = mapped
        return mapped
    }

    /// Adds an operator record whose operands are IR tensor indices.
    mutating func emit(_ kind: KglOperatorKind, _ context: OperatorContext, inputs: [Int],
                       outputs: [Int], options: [Int32]) throws(FormatError) {
        var mappedInputs: [Int] = []
        for input in inputs { mappedInputs.append(try operand(input, of: context.label)) }
        var mappedOutputs: [Int] = []
        for output in outputs { mappedOutputs.append(try operand(output, of: context.label)) }
        program.operators.append(KglOperatorDraft(
            kind: kind, inputs: mappedInputs, outputs: mappedOutputs, options: options,
            name: context.op.name.isEmpty ? nil : context.op.name))
    }

    /// The weights that may be stored sparse, with the row axis of the kernel that reads
    /// them (the filter's output-channel axis): the constant filter of each operator with
    /// per-channel int8 weights that no other operator reads and is no model output.
    static func sparseCandidates(_ graph: Graph) -> [Int: Int] {
        var reads: [Int: Int] = [:]
        for op in graph.operators {
            for input in op.inputs where input >= 0 { reads[input, default: 0] += 1 }
        }
        var candidates: [Int: Int] = [:]
        for op in graph.operators where op.inputs.count > 1 {
            let weights = op.inputs[1]
            guard weights >= 0, reads[weights] == 1, !graph.outputs.contains(weights) else { continue }
            if op.kind.hasQuantizedWeights, let axis = op.kind.filterChannelAxis {
                candidates[weights] = axis
            }
        }
        return candidates
    }

    static func elementType(_ type: TensorType) -> KglElementType? {
        switch type {
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .float32: .float32
        default: nil
        }
    }
}
