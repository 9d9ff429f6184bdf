import KingletFormat

/// The reference interpreter: runs a `.kgl` model (int8, and 16x8 where a kind has an int16
/// variant) from its bytes with the same integer arithmetic as the C runtime, operator by
/// operator.
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
        var kernels: [any Kernel.Type] = []
        for op in model.operators {
            guard let kernel = Self.kernel(for: op, in: model) else {
                throw FormatError("\(op.label): no kernel for this operator kind")
            }
            try kernel.check(op, in: model)
            kernels.append(kernel)
        }
        self.kernels = kernels
        memory = Memory(model: model)
    }

    /// The kernel of each operator, chosen once at load.
    private let kernels: [any Kernel.Type]

    /// Writes the raw bytes of model input `index` (int8 or int16 data, or float32 for float
    /// inputs).
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
        kernels[index].run(model.operators[index], &memory)
    }

    /// The raw bytes of model output `index`.
    public func output(_ index: Int) -> [UInt8] { Array(memory.bytes(model.outputs[index])) }

    /// The raw bytes of output `index` of operator `op`, as they are right now.
    public func operatorOutput(_ op: Int, _ index: Int) -> [UInt8] {
        Array(memory.bytes(model.operators[op].outputs[index]))
    }

    /// The kernel of an operator: a kind's 16x8 variant when its first input or first output
    /// is int16 (as TFLite Micro switches on tensor types; the C dispatch in kgl_invoke.c does
    /// the same), else the int8 kernel, whose check then decides.
    static func kernel(for op: KglOperator, in model: KglModel) -> (any Kernel.Type)? {
        let int16 = op.inputs.first.map { model.tensors[$0].type == .int16 } == true
            || op.outputs.first.map { model.tensors[$0].type == .int16 } == true
        if int16, let kernel = int16Kernel(for: op.kind) { return kernel }
        return kernel(for: op.kind)
    }

    /// The 16x8 kernels: exactly the kinds FormatSpec marks `int16Activations` (a test
    /// checks).
    static func int16Kernel(for kind: KglOperatorKind) -> (any Kernel.Type)? {
        switch kind {
        case .conv2D: Conv2DS16.self
        case .depthwiseConv2D: DepthwiseConv2DS16.self
        case .fullyConnected: FullyConnectedS16.self
        case .add: AddS16.self
        case .quantize: QuantizeS16.self
        case .dequantize: DequantizeS16.self
        default: nil
        }
    }

    static func kernel(for kind: KglOperatorKind) -> (any Kernel.Type)? {
        switch kind {
        case .conv2D: Conv2DS8.self
        case .depthwiseConv2D: DepthwiseConv2DS8.self
        case .fullyConnected: FullyConnectedS8.self
        case .averagePool2D: AveragePool2DS8.self
        case .maxPool2D: MaxPool2DS8.self
        case .add: AddS8.self
        case .sub: SubS8.self
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
        case .reduceMax: ReduceMaxS8.self
        case .concatenation: ConcatenationS8.self
        case .quantize: QuantizeS8.self
        case .dequantize: DequantizeS8.self
        default: nil
        }
    }
}
