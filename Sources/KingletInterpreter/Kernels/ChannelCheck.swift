import KingletFormat
import KingletIR

/// The load-time checks the convolution family shares (CONV_2D, DEPTHWISE_CONV_2D,
/// FULLY_CONNECTED, int8 and 16x8). Twin of runtime-c/src/kgl_channel_check.c: both must
/// accept and refuse the same models.
enum ChannelCheck {
    /// Every dimension at least 1 (the C runtime's generic tensor checks require it).
    static func requirePositiveDimensions(_ op: KglOperator, _ tensors: [KglTensor]) throws(FormatError) {
        for t in tensors where t.shape.contains(0) {
            throw op.failure("\(t.label) has a zero dimension in \(t.shape)")
        }
    }

    /// One spatial axis: stride and dilation ≥ 1, padding ≥ 0, and every input coordinate
    /// formed, (output − 1) · stride + (filter − 1) · dilation, fits in int32. Twin of
    /// kgl_check_window_axis.
    static func requireWindow(_ op: KglOperator, output: Int, stride: Int32, dilation: Int32,
                              pad: Int32, filter: Int, axis: String) throws(FormatError) {
        try op.require(stride >= 1 && dilation >= 1 && pad >= 0,
                       "\(axis): stride \(stride), dilation \(dilation) and padding \(pad) must be ≥ 1, ≥ 1 and ≥ 0")
        // Dimensions are below 2^32 and the factors below 2^31, so UInt64 cannot overflow.
        let reach = UInt64(output - 1) * UInt64(stride) + UInt64(filter - 1) * UInt64(dilation)
        try op.require(reach <= UInt64(Int32.max), "\(axis): the window positions exceed int32")
    }

    /// An output that shares arena bytes with the window's input (format 1.5): only int8
    /// (`inPlace`), one batch, and by the rows rule (WindowRows). Twin of the in-place check
    /// in kgl_conv2d_check and kgl_depthwise_conv2d_check.
    static func requireRowsInPlace(_ op: KglOperator, input: KglTensor, output: KglTensor,
                                   filter: Int, stride: Int32, dilation: Int32, padTop: Int32,
                                   inPlace: Bool) throws(FormatError) {
        guard input.location == .arena, output.location == .arena,
              input.offset < output.offset + output.byteCount,
              output.offset < input.offset + input.byteCount else { return }
        let rows = WindowRows(input: input.shape, output: output.shape, elementBytes: 1,
                              filter: filter, stride: Int(stride), dilation: Int(dilation),
                              padTop: Int(padTop))
        guard inPlace, let rows else {
            throw op.failure("output \(output.label) overlaps input \(input.label) in the arena; only an int8 window of one batch may be in place")
        }
        try op.require(rows.allows(inputOffset: input.offset, outputOffset: output.offset),
                       "output \(output.label) at arena offset \(output.offset) overlaps input \(input.label) at \(input.offset); in place by rows it must start at least \(rows.leastGapBefore) bytes before or \(rows.leastGapAfter) after it")
    }

    /// Zero-point offsets of int8 tensors, a clamp within int8, and `count` multipliers ≥ 0
    /// with shifts in −31...30 inside the data section. Twin of
    /// kgl_check_channel_requantization.
    static func requireRequantizationS8(
        _ op: KglOperator, in model: KglModel, inputOffset: Int32, outputOffset: Int32,
        activationMin: Int32, activationMax: Int32, multipliers: Int32, shifts: Int32, count: Int
    ) throws(FormatError) {
        try op.require((-127...128).contains(inputOffset), "input offset \(inputOffset) is outside -127...128")
        try op.require((-128...127).contains(outputOffset), "output offset \(outputOffset) is outside -128...127")
        try op.require(activationMin >= -128 && activationMax <= 127 && activationMin <= activationMax,
                       "activation range \(activationMin)...\(activationMax) is not within int8")
        try requireMultipliers(op, in: model, multipliers: multipliers, shifts: shifts, count: count, maxShift: 30)
    }

    /// A folded bias (format 1.6; `at` 0: none): int32 per output channel inside the data
    /// section, each exactly bias[c] + inputOffset · (sum of channel c's weights), wrapping,
    /// the weights (input 1) summed along the kind's filter channel axis. A model whose
    /// folded bias disagrees is refused: the kernels would start from it. Twin of
    /// kgl_check_folded_bias.
    static func requireFoldedBias(_ op: KglOperator, in model: KglModel, at offset: Int32,
                                  inputOffset: Int32) throws(FormatError) {
        guard offset != 0 else { return }
        let weights = model.tensors[op.inputs[1]], bias = model.tensors[op.inputs[2]]
        guard let axis = op.kind.spec?.filter?.outputChannelAxis, axis < weights.shape.count else {
            throw op.failure("has a folded bias but no filter")
        }
        let channels = weights.shape[axis]
        guard let folded = model.int32Array(at: offset, count: channels),
              let biases = model.int32Array(at: Int32(bias.offset), count: channels) else {
            throw op.failure("folded bias at \(offset) (\(channels) int32) is outside the data section or misaligned")
        }
        let expected = FoldedBias.values(weights: model.constantBytes(weights), shape: weights.shape,
                                         channelAxis: axis, bias: biases, inputOffset: inputOffset)
        for c in 0..<channels where folded[c] != expected[c] {
            throw op.failure("folded bias of channel \(c) is \(folded[c]); bias + input offset × weight sum is \(expected[c])")
        }
    }

    /// Offsets 0 (symmetric int16 activations), a clamp within int16, and `count`
    /// multipliers ≥ 0 with shifts in −31...14 inside the data section. Twin of
    /// kgl_check_channel_requantization_s16.
    static func requireRequantizationS16(
        _ op: KglOperator, in model: KglModel, inputOffset: Int32, outputOffset: Int32,
        activationMin: Int32, activationMax: Int32, multipliers: Int32, shifts: Int32, count: Int
    ) throws(FormatError) {
        try op.require(inputOffset == 0 && outputOffset == 0,
                       "offsets \(inputOffset), \(outputOffset): 16x8 activations have zero point 0")
        try op.require(activationMin >= Int32(Int16.min) && activationMax <= Int32(Int16.max) && activationMin <= activationMax,
                       "activation range \(activationMin)...\(activationMax) is not within int16")
        try requireMultipliers(op, in: model, multipliers: multipliers, shifts: shifts, count: count, maxShift: 14)
    }

    /// The multiplier and shift arrays: inside the data section, multipliers ≥ 0, shifts in
    /// −31...maxShift.
    private static func requireMultipliers(
        _ op: KglOperator, in model: KglModel, multipliers: Int32, shifts: Int32, count: Int, maxShift: Int32
    ) throws(FormatError) {
        guard let m = model.int32Array(at: multipliers, count: count),
              let s = model.int32Array(at: shifts, count: count) else {
            throw op.failure("multiplier or shift array (offsets \(multipliers), \(shifts); \(count) values) is outside the data section")
        }
        for c in 0..<count where m[c] < 0 || s[c] < -31 || s[c] > maxShift {
            throw op.failure("channel \(c): multiplier \(m[c]) and shift \(s[c]) are out of range (≥ 0, -31...\(maxShift))")
        }
    }
}
