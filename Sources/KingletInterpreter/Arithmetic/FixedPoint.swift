/// The fixed-point arithmetic of the activation kernels (SOFTMAX, LOGISTIC, TANH, HARD_SWISH).
/// The C twin is runtime-c/src/kgl_fixedpoint.h; each function here has one there, in the
/// same order, with the same name in snake case.
///
/// TFLite Micro's reference int8 softmax, logistic and tanh compute with gemmlowp's
/// fixedpoint.h, and its HARD_SWISH with 16-bit fixed point; these functions restate that
/// arithmetic bit for bit (same constants, same order of operations, same rounding and
/// saturation).
///
/// A "Qm" value is an Int32 r standing for r / 2^(31 − m): m integer bits (gemmlowp's
/// `FixedPoint<int32_t, m>`). The product of a Qa and a Qb,
/// `saturatingRoundingDoublingHighMul` (Requantize.swift), is a Q(a + b). gemmlowp's plain
/// additions wrap on overflow; here they are `&+`, `&-`, and negation is `0 &- x`.
enum FixedPoint {
    // MARK: - Helpers

    /// x · 2^exponent for exponent in [0, 31], saturating to the Int32 range (gemmlowp's
    /// SaturatingRoundingMultiplyByPOT with a positive exponent).
    @inline(__always)
    static func saturatingShiftLeft(_ x: Int32, _ exponent: Int) -> Int32 {
        let threshold = (Int64(1) << Int64(31 - exponent)) - 1
        if Int64(x) > threshold { return Int32.max }
        if Int64(x) < -threshold { return Int32.min }
        return Int32(truncatingIfNeeded: Int64(x) << Int64(exponent))
    }

    /// A Q`from` value as Q`to` (gemmlowp's Rescale); from, to in [0, 31].
    @inline(__always)
    static func rescale(_ x: Int32, from: Int, to: Int) -> Int32 {
        if from > to { return saturatingShiftLeft(x, from - to) }
        return roundingDivideByPOT(x, Int32(to - from))
    }

    /// (a + b) / 2 rounded half away from zero (gemmlowp's RoundingHalfSum).
    @inline(__always)
    static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        let sum = Int64(a) + Int64(b)
        return Int32(truncatingIfNeeded: (sum + (sum >= 0 ? 1 : -1)) / 2)
    }

    // MARK: - exp, logistic, tanh

    /// exp(a) for a Q0 a in [−1/4, 0), as a Q0: gemmlowp's Taylor expansion around −1/8.
    static func expOnIntervalBetweenNegativeOneQuarterAnd0Excl(_ a: Int32) -> Int32 {
        let expMinusOneEighth: Int32 = 1_895_147_668
        let oneThird: Int32 = 715_827_883
        let x = a &+ (1 << 28)
        let x2 = saturatingRoundingDoublingHighMul(x, x)
        let x3 = saturatingRoundingDoublingHighMul(x2, x)
        let x4 = saturatingRoundingDoublingHighMul(x2, x2)
        let x4Over4 = roundingDivideByPOT(x4, 2)
        // x⁴/24 + x³/6 + x²/2 = ((x⁴/4 + x³) / 3 + x²) / 2
        let higherTerms = roundingDivideByPOT(
            saturatingRoundingDoublingHighMul(x4Over4 &+ x3, oneThird) &+ x2, 1)
        return expMinusOneEighth &+ saturatingRoundingDoublingHighMul(expMinusOneEighth, x &+ higherTerms)
    }

    /// exp(−2^k) in Q0 for k = −2 … 4.
    private static let expOfMinusPowerOfTwo: [Int32] = [
        1_672_461_947, // exp(-1/4)
        1_302_514_674, // exp(-1/2)
        790_015_084, // exp(-1)
        290_630_308, // exp(-2)
        39_332_535, // exp(-4)
        720_401, // exp(-8)
        242, // exp(-16)
    ]

    /// exp(a) for a Q`integerBits` a ≤ 0, as a Q0 (gemmlowp's exp_on_negative_values);
    /// integerBits in [0, 29]. exp(0) is the largest Q0, 2^31 − 1.
    static func expOnNegativeValues(_ a: Int32, integerBits: Int) -> Int32 {
        let fractionBits = 31 - integerBits
        let oneQuarter = Int32(1) << Int32(fractionBits - 2)
        let aModQuarterMinusQuarter = (a & (oneQuarter - 1)) - oneQuarter
        var result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
            rescale(aModQuarterMinusQuarter, from: integerBits, to: 0))
        let remainder = aModQuarterMinusQuarter &- a
        for k in 0..<7 {
            let exponent = k - 2
            if integerBits > exponent {
                let bit = fractionBits + exponent
                if remainder & (Int32(1) << Int32(bit)) != 0 {
                    result = saturatingRoundingDoublingHighMul(result, expOfMinusPowerOfTwo[k])
                }
            }
        }
        if integerBits > 5 {
            let minus32 = -(Int32(1) << Int32(36 - integerBits))
            if a < minus32 { result = 0 }
        }
        if a == 0 { result = Int32.max }
        return result
    }

    /// Three Newton–Raphson steps towards 1/d for the Q0 half denominator d = (1 + x)/2,
    /// from 48/17 − 32/17·d; the result is a Q2.
    static func newtonReciprocalQ2(_ halfDenominator: Int32) -> Int32 {
        let q2One: Int32 = 1 << 29
        let fortyEightSeventeenths: Int32 = 1_515_870_810
        let minusThirtyTwoSeventeenths: Int32 = -1_010_580_540
        var x = fortyEightSeventeenths &+ saturatingRoundingDoublingHighMul(halfDenominator, minusThirtyTwoSeventeenths)
        for _ in 0..<3 {
            let halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x)
            let oneMinusHalfDenominatorTimesX = q2One &- halfDenominatorTimesX
            x = x &+ rescale(saturatingRoundingDoublingHighMul(x, oneMinusHalfDenominatorTimesX), from: 4, to: 2)
        }
        return x
    }

    /// 1 / (1 + a) for a Q0 a in [0, 1), as a Q0.
    static func oneOverOnePlusXForXIn01(_ a: Int32) -> Int32 {
        let x = newtonReciprocalQ2(roundingHalfSum(a, Int32.max))
        return rescale(x, from: 1, to: 0)
    }

    /// (1 − a) / (1 + a) for a Q0 a in [0, 1), as a Q0.
    static func oneMinusXOverOnePlusXForXIn01(_ a: Int32) -> Int32 {
        let x = newtonReciprocalQ2(roundingHalfSum(a, Int32.max))
        return rescale(x &- (1 << 29), from: 2, to: 0)
    }

    /// 1 / (1 + exp(−a)) for a Q`integerBits` a, as a Q0 (gemmlowp's logistic).
    static func logistic(_ a: Int32, integerBits: Int) -> Int32 {
        if a == 0 { return 1 << 30 }
        let absA = a > 0 ? a : 0 &- a
        let ifPositive = oneOverOnePlusXForXIn01(expOnNegativeValues(0 &- absA, integerBits: integerBits))
        return a > 0 ? ifPositive : Int32.max &- ifPositive
    }

    /// tanh(a) for a Q`integerBits` a, integerBits in [0, 28], as a Q0 (gemmlowp's tanh).
    static func tanh(_ a: Int32, integerBits: Int) -> Int32 {
        if a == 0 { return 0 }
        let minusAbsA = a < 0 ? a : 0 &- a
        let t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(minusAbsA, integerBits: integerBits + 1))
        return a < 0 ? 0 &- t : t
    }

    /// 1/x for a positive Q`integerDigits` x ≥ 1 (TFLite's GetReciprocal): a Q0 r and n with
    /// 1/x = r · 2^−n.
    static func reciprocal(_ x: Int32, integerDigits: Int) -> (scale: Int32, numBitsOverUnit: Int) {
        let headroomPlusOne = UInt32(bitPattern: x).leadingZeroBitCount
        let shiftedMinusOne = Int32(bitPattern: (UInt32(bitPattern: x) << UInt32(headroomPlusOne)) &- 0x8000_0000)
        return (oneOverOnePlusXForXIn01(shiftedMinusOne), integerDigits - headroomPlusOne)
    }

    // MARK: - int16 (HARD_SWISH)

    /// a·b / 2^15 rounded to nearest, ties up, saturating (−1)(−1) (ARM SQRDMULH).
    @inline(__always)
    static func saturatingRoundingDoublingHighMulInt16(_ a: Int16, _ b: Int16) -> Int16 {
        if a == Int16.min && b == Int16.min { return Int16.max }
        let ab = Int32(a) * Int32(b)
        let nudge: Int32 = ab >= 0 ? (1 << 14) : (1 - (1 << 14))
        return Int16(truncatingIfNeeded: (ab + nudge) / (1 << 15))
    }

    /// a·b / 2^15 truncated toward zero, saturating (−1)(−1) (ARM SQDMULH).
    @inline(__always)
    static func saturatingDoublingHighMulInt16(_ a: Int16, _ b: Int16) -> Int16 {
        if a == Int16.min && b == Int16.min { return Int16.max }
        return Int16(truncatingIfNeeded: (Int32(a) * Int32(b)) / (1 << 15))
    }

    /// gemmlowp's RoundingDivideByPOT on Int16, exponent in [0, 31]: rounds half away from
    /// zero up to 15; from 16 on its narrowed mask is all ones and the result is 1 for x ≥ 0,
    /// −1 for x < 0, reproduced as is.
    @inline(__always)
    static func roundingDivideByPOTInt16(_ x: Int16, _ exponent: Int) -> Int16 {
        let mask = Int16(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
        let remainder = x & mask
        let threshold = Int16(truncatingIfNeeded: Int32(mask >> 1) + (x < 0 ? 1 : 0))
        return Int16(truncatingIfNeeded: (Int32(x) >> Int32(exponent)) + (remainder > threshold ? 1 : 0))
    }

    /// value · 2^amount clamped to Int16, amount in [0, 30].
    @inline(__always)
    static func saturatingLeftShiftInt16(_ value: Int16, _ amount: Int) -> Int16 {
        let result = Int64(value) * (Int64(1) << Int64(amount))
        return Int16(clamping: result)
    }
}
