/// How the filter of a weighted operator (its input 1) holds its output channels. The one
/// place that says which axis that is: per-channel quantization, pruning, BatchNormalization
/// folding, cross-layer equalization, sparse storage (the `.kgl` format's sparse row axis)
/// and the kernels all read it from here.
public enum FilterLayout: Sendable, Hashable {
    /// Output channels on axis 0, input channels on the last axis: CONV_2D
    /// [out, kh, kw, in / groups], FULLY_CONNECTED [out, in], TRANSPOSE_CONV [out, kh, kw, in].
    case outputChannelsFirst
    /// DEPTHWISE_CONV_2D [1, kh, kw, in · depthMultiplier]: output channel c on axis 3, read
    /// from input channel c / depthMultiplier.
    case depthwise

    /// The axis of output channels.
    public var outputChannelAxis: Int {
        switch self {
        case .outputChannelsFirst: 0
        case .depthwise: 3
        }
    }

    /// The output channel of element `index` of a row-major filter of `shape`.
    public func outputChannel(ofElement index: Int, shape: [Int]) -> Int {
        let axis = outputChannelAxis
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (index / inner) % shape[axis]
    }

    /// The axis of input channels in a filter of `rank` dimensions (for depthwise, the same
    /// axis as the output channels).
    public func inputChannelAxis(rank: Int) -> Int {
        switch self {
        case .outputChannelsFirst: rank - 1
        case .depthwise: 3
        }
    }
}
