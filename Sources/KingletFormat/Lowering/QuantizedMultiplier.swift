/// A real multiplier as a Q31 fixed-point value and a power-of-two exponent,
/// real ≈ multiplier · 2^(shift − 31), with TFLite's QuantizeMultiplier semantics:
/// frexp, round half away from zero, renormalise 2^31, flush exponents below −31 to zero.
/// The runtime applies it with kgl_multiply_by_quantized_multiplier (docs/QUANTIZATION.md).
public struct QuantizedMultiplier: Sendable, Hashable {
    public let multiplier: Int32
    public let shift: Int32

    public init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }

    public init(_ real: Double) {
        guard real != 0, real.isFinite else {
            multiplier = 0
            shift = 0
            return
        }
        // frexp: real = q · 2^e with |q| in [0.5, 1).
        var e = Int(real.exponent) + 1
        let q = real.sign == .minus ? -real.significand / 2 : real.significand / 2
        var fixed = Int64((q * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero))
        if fixed == 2_147_483_648 {
            fixed /= 2
            e += 1
        }
        if e < -31 {
            e = 0
            fixed = 0
        }
        multiplier = Int32(clamping: fixed)
        shift = Int32(e)
    }
}
