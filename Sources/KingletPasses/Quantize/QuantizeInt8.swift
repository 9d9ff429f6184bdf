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

    public init(ranges: [Int: ClosedRange<Float>], floatIO: Bool = false, channelMeans: [Int: [Float]]? = nil) {
        self.ranges = ranges
        self.floatIO = floatIO
        self.channelMeans = channelMeans
    }

    /// Operator kinds this pass can quantize (those with int8 kernels).
    public static let supportedKinds = [
        "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "AVERAGE_POOL_2D", "MAX_POOL_2D", "ADD", "MUL",
        "RESHAPE", "SQUEEZE", "SOFTMAX", "LOGISTIC", "TANH", "RELU", "RELU6", "LEAKY_RELU", "HARD_SWISH",
        "PAD", "MEAN", "CONCATENATION", "IDENTITY",
    ]

    public func run(_ graph: inout Graph) throws {
        var quantizer = Int8GraphQuantizer(graph: graph, ranges: ranges, channelMeans: channelMeans)
        try quantizer.chooseParameters()
        try quantizer.rewrite(floatIO: floatIO)
        graph = quantizer.graph
    }
}
