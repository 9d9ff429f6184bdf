import KingletIR

/// How post-training int8 quantization treats each operator kind. `init?(_:)` is the one
/// list of the kinds it can quantize: an exhaustive switch, so a new `OperatorKind` case
/// does not compile until it is placed here (docs/ADDING_AN_OPERATOR.md, step "Quantizer").
enum Int8OperatorRule: Equatable {
    /// Per-channel symmetric int8 weights along the filter's output-channel axis, an int32
    /// bias (int64 for 16x8) at input scale × weight scale; the output is calibrated.
    case weighted
    /// ADD, SUB, MUL: constant operands become int8 constants; the output is calibrated.
    case arithmetic
    /// The output is calibrated; nothing else changes.
    case calibrated
    /// The kernel fixes the output's scale and zero point (TFLite's int8 SOFTMAX, LOGISTIC,
    /// TANH).
    case fixedOutput(scale: Float, zeroPoint: Int)
    /// The output keeps the input's scale and zero point, as TFLite's kernels require.
    case keepsInputParameters
    /// CONCATENATION: inputs take the output's parameters, requantized where their producer
    /// cannot write them.
    case concatenation

    /// The rule of `kind`, or nil when there is no int8 kernel for it.
    init?(_ kind: OperatorKind) {
        switch kind {
        case .conv2D, .depthwiseConv2D, .fullyConnected:
            self = .weighted
        case .add, .sub, .mul:
            self = .arithmetic
        case .relu, .leakyRelu, .hardSwish, .mean:
            self = .calibrated
        case .softmax, .logistic:
            self = .fixedOutput(scale: 1.0 / 256, zeroPoint: -128)
        case .tanh:
            self = .fixedOutput(scale: 1.0 / 128, zeroPoint: 0)
        case .maxPool2D, .averagePool2D, .reshape, .squeeze, .pad, .relu6, .reduceMax, .identity:
            // RELU6 clamps without rescaling, REDUCE_MAX requires equal parameters; IDENTITY
            // becomes RESHAPE.
            self = .keepsInputParameters
        case .concatenation:
            self = .concatenation
        case .quantize, .dequantize, .shape, .stridedSlice, .pack, .batchNormalization,
             .separableConv2D, .transposeConv2D, .layerNormalization, .maximum, .minimum, .elu,
             .gelu, .softplus, .exp, .hardSigmoid, .clampedRelu, .prelu, .transpose, .slice,
             .resizeNearestNeighbor:
            // Already quantized, folded or split before quantization, or no int8 kernel yet.
            return nil
        }
    }

    /// Whether the producer of a tensor writes it at any scale and zero point (so a
    /// CONCATENATION can hand it its own parameters instead of requantizing).
    var writesAnyScale: Bool {
        switch self {
        case .weighted, .arithmetic, .calibrated: true
        case .fixedOutput, .keepsInputParameters, .concatenation: false
        }
    }
}
