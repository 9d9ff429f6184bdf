import KingletIR

/// One spatial axis of a convolution or pooling window: the output size the padding rule
/// gives (checked against the output tensor) and the padding before the first element.
/// TensorFlow's SAME rule: output = ceil(input / stride), padTotal = max((output − 1) ·
/// stride + (filter − 1) · dilation + 1 − input, 0), padBefore = padTotal / 2 (the odd
/// extra cell goes at the end). VALID pads nothing.
struct WindowAxis: Sendable {
    let input: Int
    let output: Int
    let filter: Int
    let stride: Int
    let dilation: Int
    let padBefore: Int

    init(_ check: FloatOperatorCheck, _ axis: String, input: Int, output: Int, filter: Int,
         stride: Int, dilation: Int, padding: Padding) throws(FloatInterpreterError) {
        try check.require(stride >= 1 && dilation >= 1 && filter >= 1,
                          "\(axis): stride \(stride), dilation \(dilation) and filter size \(filter) must be ≥ 1")
        // Windows larger than any tensor make no sense; the bound keeps index arithmetic small.
        let span = SizeArithmetic.multiply(filter - 1, dilation).flatMap { SizeArithmetic.add($0, 1) }
        guard let span, span <= FloatInterpreter.maxElements else {
            throw check.failure("\(axis): the window (filter \(filter), dilation \(dilation)) spans more than \(FloatInterpreter.maxElements) elements")
        }
        let expected: Int
        switch padding {
        case .same: expected = (input - 1) / stride + 1
        case .valid: expected = input >= span ? (input - span) / stride + 1 : 0
        }
        try check.require(expected >= 1,
                          "\(axis): input \(input) is smaller than the window \(span) with VALID padding")
        try check.require(output == expected,
                          "\(axis): output size \(output) does not match input \(input), window \(span), stride \(stride) and \(padding) padding, which give \(expected)")
        self.input = input
        self.output = output
        self.filter = filter
        self.stride = stride
        self.dilation = dilation
        // (output − 1) · stride < input here, so this cannot overflow.
        padBefore = padding == .same ? Swift.max((output - 1) * stride + span - input, 0) / 2 : 0
    }

    /// The first input coordinate of output position `o`'s window (negative inside the padding).
    @inline(__always)
    func start(_ o: Int) -> Int { o * stride - padBefore }

    /// The taps k of the window starting at `start` whose coordinates start + k · dilation
    /// fall inside the input.
    @inline(__always)
    func taps(from start: Int) -> Range<Int> {
        let first = start >= 0 ? 0 : (-start + dilation - 1) / dilation
        let last = start <= input - 1 ? Swift.min(filter, (input - 1 - start) / dilation + 1) : 0
        return first < last ? first..<last : first..<first
    }
}
