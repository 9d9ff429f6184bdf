import KingletFormat

/// The reference int8 interpreter: runs a `.kgl` model from its bytes with the same integer
/// arithmetic as the C runtime, operator by operator.
public struct Interpreter: Sendable {
    public var memory: Memory
    public var model: KglModel { memory.model }

    /// Reads and validates the model: the format's generic checks, then every kernel's.
    public init(bytes: [UInt8]) throws(FormatError) {
        try self.init(model: KglModel(bytes: bytes))
    }

    /// The largest arena a host tool allocates for a model (far beyond any microcontroller's
    /// RAM), so a damaged or hostile header cannot make it allocate gigabytes.
    public static let maxArenaBytes = 1 << 30

    public init(model: KglModel) throws(FormatError) {
        guard model.header.arenaBytes <= Self.maxArenaBytes else {
            throw FormatError("the model asks for an arena of \(model.header.arenaBytes) bytes; host tools allocate at most \(Self.maxArenaBytes)")
        }
        for op in model.operators {
            guard let kernel = Self.kernel(for: op.kind) else {
                throw FormatError("\(op.label): no kernel for this operator kind")
            }
            try kernel.check(op, in: model)
        }
        memory = Memory(model: model)
    }

    /// Writes the raw bytes of model input `index` (int8 data, or float32 for float inputs).
    public mutating func setInput(_ index: Int, bytes: [UInt8]) throws(FormatError) {
        guard model.inputs.indices.contains(index) else {
            throw FormatError("input \(index) does not exist; the model has \(model.inputs.count)")
        }
        let t = model.tensors[model.inputs[index]]
        guard bytes.count == t.byteCount else {
            throw FormatError("input \(index) needs \(t.byteCount) bytes (\(t.type) \(t.shape)), got \(bytes.count)")
        }
        memory.write(bytes, to: t.index)
    }

    public mutating func invoke() {
        for index in model.operators.indices { invokeOperator(index) }
    }

    /// Runs one operator (those before it must have run).
    public mutating func invokeOperator(_ index: Int) {
        let op = model.operators[index]
        Self.kernel(for: op.kind)!.run(op, &memory)
    }

    /// The raw bytes of model output `index`.
    public func output(_ index: Int) -> [UInt8] { Array(memory.bytes(model.outputs[index])) }

    /// The raw bytes of output `index` of operator `op`, as they are right now.
    public func operatorOutput(_ op: Int, _ index: Int) -> [UInt8] {
        Array(memory.bytes(model.operators[op].outputs[index]))
    }

    static func kernel(for kind: KglOperatorKind) -> (any Kernel.Type)? {
        switch kind {
        case .conv2D: Conv2DS8.self
        case .depthwiseConv2D: DepthwiseConv2DS8.self
        case .fullyConnected: FullyConnectedS8.self
        case .averagePool2D: AveragePool2DS8.self
        case .maxPool2D: MaxPool2DS8.self
        case .add: AddS8.self
        case .mul: MulS8.self
        case .reshape: ReshapeS8.self
        case .softmax: SoftmaxS8.self
        case .logistic: LogisticS8.self
        case .tanh: TanhS8.self
        case .relu: ReluS8.self
        case .relu6: Relu6S8.self
        case .leakyRelu: LeakyReluS8.self
        case .hardSwish: HardSwishS8.self
        case .pad: PadS8.self
        case .mean: MeanS8.self
        case .concatenation: ConcatenationS8.self
        case .quantize: QuantizeS8.self
        case .dequantize: DequantizeS8.self
        default: nil
        }
    }
}
