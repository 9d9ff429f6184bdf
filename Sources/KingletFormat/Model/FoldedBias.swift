/// The folded bias of an int8 weighted operator (format 1.6, docs/FORMAT.md "Folded bias"):
/// per output channel, bias + inputOffset · (sum of the channel's weights), wrapping as the
/// kernels' int32 sums do. The lowering writes it; the loader's check recomputes it.
public enum FoldedBias {
    /// The option slot that holds it: the last of CONV_2D, DEPTHWISE_CONV_2D and
    /// FULLY_CONNECTED; nil for the other kinds.
    public static func slot(of kind: KglOperatorKind) -> Int? {
        switch kind {
        case .conv2D: Conv2DOptions.foldedBias.rawValue
        case .depthwiseConv2D: DepthwiseConv2DOptions.foldedBias.rawValue
        case .fullyConnected: FullyConnectedOptions.foldedBias.rawValue
        default: nil
        }
    }

    /// `weights`: the filter's int8 values (as bytes) in row-major order of `shape`, the
    /// output channels along `channelAxis`; `bias`: one value per channel. Inlinable so each
    /// caller's collection type gets a specialized loop (the loader checks every filter).
    @inlinable
    public static func values<Weights: Collection<UInt8>>(
        weights: Weights, shape: [Int], channelAxis: Int, bias: [Int32], inputOffset: Int32
    ) -> [Int32] {
        let channels = shape[channelAxis]
        let inner = shape[(channelAxis + 1)...].reduce(1, *)
        var sums = [Int32](repeating: 0, count: channels)
        guard channels > 0, inner > 0 else { return (0..<channels).map { bias[$0] } }
        // Runs of `inner` weights per channel, channel after channel (wrapping sums, so the
        // grouping does not change them).
        var index = weights.startIndex
        for _ in 0..<(weights.count / (channels * inner)) {
            for c in 0..<channels {
                var sum: Int32 = 0
                for _ in 0..<inner {
                    sum &+= Int32(Int8(bitPattern: weights[index]))
                    index = weights.index(after: index)
                }
                sums[c] &+= sum
            }
        }
        return (0..<channels).map { bias[$0] &+ inputOffset &* sums[$0] }
    }
}
