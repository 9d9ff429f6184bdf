/// The per-channel tail of the 16x8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels:
/// + bias, MBQM64, clamp (no offset: 16x8 activations are symmetric). Twin of
/// kgl_requantize_output_s16.
struct ChannelRequantizerS16 {
    let multipliers: [Int32]
    let shifts: [Int32]
    let bias: [Int64]
    let min: Int32
    let max: Int32

    @inline(__always)
    func output(_ acc: Int64, channel c: Int) -> Int16 {
        let scaled = multiplyByQuantizedMultiplier(acc &+ bias[c], multipliers[c], shifts[c])
        return Int16(Swift.min(Swift.max(scaled, min), max))
    }
}
