/// Output size and leading padding of one spatial axis, as TFLite computes them
/// (ComputeOutSize and ComputePaddingWithOffset): SAME gives ceil(in / stride) outputs and
/// puts the odd padding element at the end; VALID pads nothing.
public struct SpatialPadding: Equatable, Sendable {
    public let output: Int
    public let before: Int

    public init(_ padding: Padding, input: Int, filter: Int, stride: Int, dilation: Int = 1) {
        let effectiveFilter = (filter - 1) * dilation + 1
        switch padding {
        case .same:
            output = (input + stride - 1) / stride
        case .valid:
            output = max(0, (input + stride - effectiveFilter) / stride)
        }
        let total = max((output - 1) * stride + effectiveFilter - input, 0)
        before = total / 2
    }
}
