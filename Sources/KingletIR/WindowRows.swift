/// When an int8 CONV_2D or DEPTHWISE_CONV_2D of one batch may write its output over its own
/// input in the arena (format 1.5, docs/FORMAT.md "In-place windows"). The runtime then
/// computes it in bands of output rows, top down when the output starts before the input and
/// bottom up when it starts after, so that no band overwrites an input row a later band
/// reads. The memory planner places outputs by this rule and both loaders check it. Twin of
/// kgl_window_rows_allow (runtime-c/src/kgl_window_rows.c).
///
/// Output row r reads input rows first(r) ..< end(r): first(r) = max(0, r·stride − padTop),
/// end(r) = min(inputRows, r·stride − padTop + (filter − 1)·dilation + 1). Sizes are bytes.
public struct WindowRows: Sendable, Equatable {
    public let inputRows: Int
    public let inputRowBytes: Int
    public let outputRows: Int
    public let outputRowBytes: Int
    public let filter: Int
    public let stride: Int
    public let dilation: Int
    public let padTop: Int

    public init(inputRows: Int, inputRowBytes: Int, outputRows: Int, outputRowBytes: Int,
                filter: Int, stride: Int, dilation: Int, padTop: Int) {
        self.inputRows = inputRows
        self.inputRowBytes = inputRowBytes
        self.outputRows = outputRows
        self.outputRowBytes = outputRowBytes
        self.filter = filter
        self.stride = stride
        self.dilation = dilation
        self.padTop = padTop
    }

    /// The rows of an NHWC input and output of one batch (other batch counts: nil, never in
    /// place), `elementBytes` per element.
    public init?(input: [Int], output: [Int], elementBytes: Int, filter: Int, stride: Int,
                 dilation: Int, padTop: Int) {
        guard input.count == 4, output.count == 4, input[0] == 1, output[0] == 1 else { return nil }
        self.init(inputRows: input[1], inputRowBytes: input[2] * input[3] * elementBytes,
                  outputRows: output[1], outputRowBytes: output[2] * output[3] * elementBytes,
                  filter: filter, stride: stride, dilation: dilation, padTop: padTop)
    }

    private func firstInputRow(_ r: Int) -> Int { max(0, r * stride - padTop) }

    private func inputRowEnd(_ r: Int) -> Int {
        min(inputRows, r * stride - padTop + (filter - 1) * dilation + 1)
    }

    /// The least gap by which the output may start before the input: output row r, written
    /// top down, must end at or before the first input byte row r reads.
    public var leastGapBefore: Int { gapBefore(bandRows: 1) }

    /// The least gap by which the output may start after the input: output row r, written
    /// bottom up, must start at or after the last input byte row r reads.
    public var leastGapAfter: Int { gapAfter(bandRows: 1) }

    /// The gap before the input at which the runtime computes at least `bandRows` rows per
    /// band (fewer calls of the kernel, each with its own setup, for more arena).
    public func gapBefore(bandRows: Int) -> Int {
        (0..<outputRows).map {
            min($0 + bandRows, outputRows) * outputRowBytes - firstInputRow($0) * inputRowBytes
        }.max() ?? 0
    }

    /// The gap after the input at which the runtime computes at least `bandRows` rows per band.
    public func gapAfter(bandRows: Int) -> Int {
        (1...max(outputRows, 1)).map {
            inputRowEnd($0 - 1) * inputRowBytes - max($0 - bandRows, 0) * outputRowBytes
        }.max() ?? 0
    }

    /// Whether an output at `outputOffset` may overlap an input at `inputOffset`.
    public func allows(inputOffset: Int, outputOffset: Int) -> Bool {
        if outputOffset < inputOffset { return inputOffset - outputOffset >= leastGapBefore }
        if outputOffset > inputOffset { return outputOffset - inputOffset >= leastGapAfter }
        return false
    }
}
