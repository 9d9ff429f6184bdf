import KingletIR

/// One spatial axis of a convolution or pooling window in training: sizes, and the padding
/// before the first element by TensorFlow's rule (`SpatialPadding`).
struct TrainingWindow: Sendable {
    let input: Int
    let output: Int
    let filter: Int
    let stride: Int
    let dilation: Int
    let padBefore: Int

    init(_ check: TrainingOperatorCheck, _ axis: String, input: Int, output: Int, filter: Int,
         stride: Int, dilation: Int, padding: Padding) throws(TrainingError) {
        try check.require(stride >= 1 && dilation >= 1 && filter >= 1,
                          "\(axis): stride \(stride), dilation \(dilation) and filter \(filter) must be ≥ 1")
        // Bounds that keep the padding arithmetic far from overflow whatever the file said.
        let limit = 1 << 28
        try check.require(stride <= limit && dilation <= limit && filter <= limit && input <= limit && output <= limit
                          && (filter - 1) * dilation < limit,
                          "\(axis): input \(input), filter \(filter), stride \(stride) or dilation \(dilation) is beyond \(limit)")
        let rule = SpatialPadding(padding, input: input, filter: filter, stride: stride, dilation: dilation)
        try check.require(rule.output == output && output >= 1,
                          "\(axis): output size \(output) does not match input \(input), filter \(filter), stride \(stride), dilation \(dilation) and \(padding) padding, which give \(rule.output)")
        self.input = input
        self.output = output
        self.filter = filter
        self.stride = stride
        self.dilation = dilation
        padBefore = rule.before
    }

    /// The input coordinate of tap `k` of output position `o` (outside 0..<input in the padding).
    @inline(__always)
    func coordinate(_ o: Int, _ k: Int) -> Int { o * stride - padBefore + k * dilation }
}
