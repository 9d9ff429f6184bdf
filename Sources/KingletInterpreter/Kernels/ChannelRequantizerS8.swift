/// The per-channel tail of the int8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels:
/// + bias, requantize, + output offset, clamp. Twin of kgl_requantize_output_s8.
struct ChannelRequantizerS8 {
    let multipliers: [Int32]
    let shifts: [Int32]
    let bias: [Int32]
    let outputOffset: Int32
    let min: Int32
    let max: Int32

    /// The output byte (an int8 bit pattern) of channel `c` for accumulator `acc`.
    @inline(__always)
    func output(_ acc: Int32, channel c: Int) -> UInt8 {
        let scaled = multiplyByQuantizedMultiplier(acc &+ bias[c], multipliers[c], shifts[c])
        let shifted = scaled &+ outputOffset
        return UInt8(bitPattern: Int8(Swift.min(Swift.max(shifted, min), max)))
    }
}
