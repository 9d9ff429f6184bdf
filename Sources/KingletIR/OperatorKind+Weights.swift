/// Facts about an operator kind's weights and kernels, defined once here and read by the
/// quantizer, the pruning and canonicalization passes and the lowering to `.kgl`.
extension OperatorKind {
    /// The layout of the filter (input 1) of the kinds that multiply by a weight tensor with
    /// one row of weights per output channel; nil for every other kind. TRANSPOSE_CONV has a
    /// filter but no int8 kernel; SEPARABLE_CONV_2D is split before anything reads this.
    public var filterLayout: FilterLayout? {
        switch self {
        case .conv2D, .fullyConnected, .transposeConv2D: .outputChannelsFirst
        case .depthwiseConv2D: .depthwise
        default: nil
        }
    }

    /// The filter's output-channel axis (see `filterLayout`).
    public var filterChannelAxis: Int? { filterLayout?.outputChannelAxis }

    /// Whether int8 weights of this kind are quantized per output channel with an int32 (or
    /// 16x8: int64) bias, and may be pruned and stored sparse: CONV_2D, DEPTHWISE_CONV_2D and
    /// FULLY_CONNECTED.
    public var hasQuantizedWeights: Bool {
        switch self {
        case .conv2D, .depthwiseConv2D, .fullyConnected: true
        default: false
        }
    }

    /// Whether the kind also runs with int16 activations and int8 weights (TFLite's 16x8):
    /// the weighted kinds and ADD; QUANTIZE and DEQUANTIZE convert to and from int16.
    public var has16x8Kernel: Bool {
        switch self {
        case .conv2D, .depthwiseConv2D, .fullyConnected, .add, .quantize, .dequantize: true
        default: false
        }
    }
}
