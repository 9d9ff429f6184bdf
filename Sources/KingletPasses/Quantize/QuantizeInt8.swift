import KingletIR

/// Post-training full-integer quantization of a canonical float graph, following the
/// TensorFlow Lite converter's rules so the result lowers to the int8 kernels:
/// activations asymmetric int8 per tensor from their calibrated ranges; CONV_2D,
/// DEPTHWISE_CONV_2D and FULLY_CONNECTED weights symmetric int8 per output channel with int32
/// biases at input scale × weight scale; SOFTMAX/LOGISTIC outputs at 1/256 (zero point −128),
/// TANH at 1/128; pooling, reshapes, PAD and RELU6 keep their input's parameters;
/// CONCATENATION inputs share the output's (a requantizing QUANTIZE is inserted where a
/// producer cannot take them). Tensor indices of `ranges` are those of the graph it runs on.
public struct QuantizeInt8: GraphPass {
    public let name = "quantize-int8"
    /// Calibrated float range of every activation: graph inputs and operator outputs.
    public let ranges: [Int: ClosedRange<Float>]
    /// Keep float32 model inputs and outputs, with QUANTIZE/DEQUANTIZE at the edges.
    public let floatIO: Bool

    /// With bias correction: each activation's mean per channel (last axis) over the
    /// calibration set. The expected output shift the int8 weights cause,
    /// Σ (dequantized weight − weight) · input mean, is subtracted from each bias.
    public let channelMeans: [Int: [Float]]?

    /// Operators (indices in the graph this pass runs on) computed with int16 activations
    /// and int8 weights (TFLite's 16x8): CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD.
    /// Activations cross between int8 and int16 through requantizing QUANTIZE operators.
    public let int16Operators: Set<Int>
    /// Weighted operators (indices in the graph this pass runs on) whose filters are int4
    /// (`WeightQuantizer.perChannelInt4`, held in int8 tensors).
    public let int4Operators: Set<Int>

    public init(ranges: [Int: ClosedRange<Float>], floatIO: Bool = false, channelMeans: [Int: [Float]]? = nil,
                int16Operators: Set<Int> = [], int4Operators: Set<Int> = []) {
        self.ranges = ranges
        self.floatIO = floatIO
        self.channelMeans = channelMeans
        self.int16Operators = int16Operators
        self.int4Operators = int4Operators
    }

    /// Operators this pass can compute with int16 activations (16x8): those with a 16x8
    /// kernel that it quantizes (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD).
    public static func supportsInt16(_ kind: OperatorKind) -> Bool {
        guard kind.has16x8Kernel, let rule = Int8OperatorRule(kind) else { return false }
        return rule == .weighted || rule == .arithmetic
    }

    /// Whether this pass quantizes the kind (it has an int8 kernel; `Int8OperatorRule`).
    public static func quantizes(_ kind: OperatorKind) -> Bool { Int8OperatorRule(kind) != nil }

    public func run(_ graph: inout Graph) throws {
        var quantizer = Int8GraphQuantizer(graph: graph, ranges: ranges, channelMeans: channelMeans,
                                           int16Operators: int16Operators, int4Operators: int4Operators)
        try quantizer.chooseParameters()
        try quantizer.rewrite(floatIO: floatIO)
        graph = quantizer.graph
    }
}
