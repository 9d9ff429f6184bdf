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

    // Float operators that Keras import produces. Canonicalization rewrites the first three
    // away; the others have float kernels only until the int8 path learns them.

    /// Inference-time no-op (Dropout, GaussianNoise, …); removed by canonicalization.
    case identity
    /// Inputs: input, gamma or -1, beta or -1, moving mean, moving variance, each [channels];
    /// normalizes the last axis: (x − mean) / sqrt(variance + ε) · gamma + beta.
    case batchNormalization(epsilon: Float)
    /// Inputs: input, depthwise filter [1, kh, kw, in·depthMultiplier], pointwise filter
    /// [out, 1, 1, in·depthMultiplier], bias [out] or -1. The attributes' activation applies
    /// after the pointwise step; split into DEPTHWISE_CONV_2D + CONV_2D by canonicalization.
    case separableConv2D(Conv2DAttributes)
    /// Inputs: input NHWC, filter [out, kh, kw, in], bias [out] or -1; the output tensor's
    /// shape gives the output size (dilation is 1).
    case transposeConv2D(Conv2DAttributes)
    /// Inputs: input, gamma or -1, beta or -1 (shaped like the normalized trailing axes);
    /// `axes` are the normalized axes (non-negative, trailing).
    case layerNormalization(axes: [Int], epsilon: Float)
    /// Elementwise a − b with broadcasting.
    case sub(activation: Activation)
    case maximum
    case minimum
    /// x if x > 0, else α·(eˣ − 1).
    case elu(alpha: Float)
    /// x·Φ(x) (erf form), or its tanh approximation.
    case gelu(approximate: Bool)
    /// log(1 + eˣ).
    case softplus
    case exp
    /// clamp(slope·x + offset, 0, 1): Keras 3 uses slope 1/6, offset 0.5; Keras 2 slope 0.2.
    case hardSigmoid(slope: Float, offset: Float)
    /// Keras `ReLU(max_value, negative_slope, threshold)`: for x > threshold, max(x, 0)
    /// capped at maxValue when given; otherwise negativeSlope·(x − threshold) (not capped).
    case clampedRelu(maxValue: Float?, negativeSlope: Float, threshold: Float)
    /// Inputs: input, alpha (broadcast to the input): x if x ≥ 0, else alpha·x.
    case prelu
    /// Inputs: input, permutation (int32 [rank]).
    case transpose
    /// Inputs: input, begin (int32 [rank]), size (int32 [rank]).
    case slice
    /// Inputs: input NHWC, size (int32 [2]): nearest neighbour without corner alignment or
    /// half-pixel centres, so an integer upscale repeats each pixel.
    case resizeNearestNeighbor
    /// Inputs: input, axes (int32).
    case reduceMax(keepDims: Bool)

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
        case .identity: "IDENTITY"
        case .batchNormalization: "BATCH_NORMALIZATION"
        case .separableConv2D: "SEPARABLE_CONV_2D"
        case .transposeConv2D: "TRANSPOSE_CONV"
        case .layerNormalization: "LAYER_NORMALIZATION"
        case .sub: "SUB"
        case .maximum: "MAXIMUM"
        case .minimum: "MINIMUM"
        case .elu: "ELU"
        case .gelu: "GELU"
        case .softplus: "SOFTPLUS"
        case .exp: "EXP"
        case .hardSigmoid: "HARD_SIGMOID"
        case .clampedRelu: "CLAMPED_RELU"
        case .prelu: "PRELU"
        case .transpose: "TRANSPOSE"
        case .slice: "SLICE"
        case .resizeNearestNeighbor: "RESIZE_NEAREST_NEIGHBOR"
        case .reduceMax: "REDUCE_MAX"
        }
    }
}
