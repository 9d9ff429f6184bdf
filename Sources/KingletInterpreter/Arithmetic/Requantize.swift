/// Fixed-point rescaling, the one definition in Swift (the C twin is
/// runtime-c/src/kgl_requantize.h; docs/QUANTIZATION.md states the rounding).
///
/// TFLite Micro's default ("double rounding") MultiplyByQuantizedMultiplier:
/// x · 2^max(shift, 0), then the saturating rounding doubling high multiply by the Q31
/// multiplier (ties round up), then a rounding right shift by max(−shift, 0) (ties away from
/// zero). Legal: multiplier in [2^30, 2^31) or 0, shift in [−31, 30].
@inline(__always)
func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
    if a == Int32.min && b == Int32.min { return Int32.max }
    let ab = Int64(a) * Int64(b)
    let nudge: Int64 = ab >= 0 ? (1 << 30) : (1 - (1 << 30))
    // Swift's division truncates toward zero, as gemmlowp's does.
    return Int32(truncatingIfNeeded: (ab + nudge) / (1 << 31))
}

/// x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31].
@inline(__always)
func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
    let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
    let remainder = x & mask
    let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
    return (x >> exponent) + (remainder > threshold ? 1 : 0)
}

@inline(__always)
func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
    let left = shift > 0 ? shift : 0
    let right = shift > 0 ? 0 : -shift
    let shifted = Int32(bitPattern: UInt32(bitPattern: x) << UInt32(left))
    return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, multiplier), right)
}

/// The 16x8 kernels' rescale, TFLite's MultiplyByQuantizedMultiplier(int64_t x, …) (the same
/// in its single- and double-rounding builds; C twin kgl_multiply_by_quantized_multiplier_64):
/// the Q31 multiplier reduced to Q15 rounding half up (from 0x7FFF0000 up it saturates to
/// 0x7FFF), then (x · reduced + 2^(14 − shift)) >> (15 − shift), truncated to int32. Legal:
/// multiplier ≥ 0, shift in [−31, 14]. The product and the truncation wrap, as TFLite's do.
@inline(__always)
func multiplyByQuantizedMultiplier(_ x: Int64, _ multiplier: Int32, _ shift: Int32) -> Int32 {
    let reduced: Int64 = multiplier < 0x7FFF_0000 ? (Int64(multiplier) + (1 << 15)) >> 16 : 0x7FFF
    let totalShift = Int64(15 - shift)
    let sum = x &* reduced &+ (Int64(1) << (totalShift - 1))
    return Int32(truncatingIfNeeded: sum >> totalShift)
}
