/// What an IR operator computes, with its attributes. Operand tensors (weights, bias,
/// shapes, paddings, axes) are inputs, as in TFLite.
public enum OperatorKind: Sendable, Hashable {
    case conv2D(Conv2DAttributes)
    case depthwiseConv2D(Conv2DAttributes)
    /// Inputs: input, weights [units, depth], bias. `keepNumDims` keeps the input's leading axes.
    case fullyConnected(activation: Activation, keepNumDims: Bool)
    case averagePool2D(Pool2DAttributes)
    case maxPool2D(Pool2DAttributes)
    case add(activation: Activation)
    case mul(activation: Activation)
    /// Inputs: input and optionally the new shape; the output tensor's shape is authoritative.
    case reshape
    case squeeze(axes: [Int])
    case softmax(beta: Float)
    case logistic
    case tanh
    case relu
    case relu6
    case leakyRelu(alpha: Float)
    case hardSwish
    /// Inputs: input, paddings [rank, 2] (int32/int64), optional constant value.
    case pad
    /// Inputs: input, axes (int32).
    case mean(keepDims: Bool)
    case concatenation(axis: Int, activation: Activation)
    case quantize
    case dequantize
    /// Shape arithmetic that the TFLite converter emits for Keras Flatten/Reshape; folded away.
    case shape
    case stridedSlice(StridedSliceAttributes)
    case pack(axis: Int)

    /// The TFLite-style name, for messages.
    public var name: String {
        switch self {
        case .conv2D: "CONV_2D"
        case .depthwiseConv2D: "DEPTHWISE_CONV_2D"
        case .fullyConnected: "FULLY_CONNECTED"
        case .averagePool2D: "AVERAGE_POOL_2D"
        case .maxPool2D: "MAX_POOL_2D"
        case .add: "ADD"
        case .mul: "MUL"
        case .reshape: "RESHAPE"
        case .squeeze: "SQUEEZE"
        case .softmax: "SOFTMAX"
        case .logistic: "LOGISTIC"
        case .tanh: "TANH"
        case .relu: "RELU"
        case .relu6: "RELU6"
        case .leakyRelu: "LEAKY_RELU"
        case .hardSwish: "HARD_SWISH"
        case .pad: "PAD"
        case .mean: "MEAN"
        case .concatenation: "CONCATENATION"
        case .quantize: "QUANTIZE"
        case .dequantize: "DEQUANTIZE"
        case .shape: "SHAPE"
        case .stridedSlice: "STRIDED_SLICE"
        case .pack: "PACK"
        }
    }
}
