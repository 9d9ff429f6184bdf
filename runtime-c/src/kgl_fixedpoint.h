/*
 * kgl_fixedpoint.h: the fixed-point arithmetic of the activation kernels (SOFTMAX, LOGISTIC,
 * TANH, HARD_SWISH). The Swift twin is Sources/KingletInterpreter/Arithmetic/FixedPoint.swift.
 *
 * TFLite Micro's reference int8 softmax, logistic and tanh compute with gemmlowp's
 * fixedpoint.h, and its HARD_SWISH with 16-bit fixed point; these functions restate that
 * arithmetic bit for bit (same constants, same order of operations, same rounding and
 * saturation), so the outputs are TFLite Micro's.
 *
 * Notation: a "Qm" value is an int32 r standing for r / 2^(31 - m), i.e. m integer bits and
 * 31 - m fraction bits (gemmlowp's FixedPoint<int32_t, m>). The product of a Qa and a Qb,
 * kgl_saturating_rounding_doubling_high_mul (kgl_requantize.h), is a Q(a + b).
 *
 * gemmlowp adds, subtracts and negates int32 with plain C++ operators, whose overflow wraps
 * on every target TFLite Micro runs on; here they wrap explicitly through uint32, so C sees
 * no undefined behaviour whatever a model holds. For the inputs that valid models produce
 * none of them overflows.
 */
#ifndef KGL_FIXEDPOINT_H
#define KGL_FIXEDPOINT_H

#include <stdint.h>

#include "kgl_requantize.h"

/* ---- int32 with wrap-around ---- */

/* kgl_i32_from_bits is in kgl_requantize.h. */

static inline int32_t kgl_wrap_add(int32_t a, int32_t b) {
    return kgl_i32_from_bits((uint32_t)a + (uint32_t)b);
}

static inline int32_t kgl_wrap_sub(int32_t a, int32_t b) {
    return kgl_i32_from_bits((uint32_t)a - (uint32_t)b);
}

static inline int32_t kgl_wrap_neg(int32_t a) {
    return kgl_i32_from_bits(0u - (uint32_t)a);
}

/* x * 2^shift modulo 2^32, shift in [0, 31] (TFLite's x * (1 << shift)). */
static inline int32_t kgl_wrap_shift_left(int32_t x, int shift) {
    return kgl_i32_from_bits((uint32_t)x << shift);
}

/* Number of leading zero bits of x; 32 for 0. */
static inline int kgl_count_leading_zeros(uint32_t x) {
    int n = 0;
    if (x == 0) {
        return 32;
    }
    while ((x & 0x80000000u) == 0) {
        x <<= 1;
        n++;
    }
    return n;
}

/* ---- gemmlowp fixed point ---- */

/* x * 2^exponent for exponent in [0, 31], saturating to the int32 range (gemmlowp's
   SaturatingRoundingMultiplyByPOT with a positive exponent). */
static inline int32_t kgl_saturating_shift_left(int32_t x, int exponent) {
    const int64_t threshold = ((int64_t)1 << (31 - exponent)) - 1;
    if ((int64_t)x > threshold) {
        return INT32_MAX;
    }
    if ((int64_t)x < -threshold) {
        return INT32_MIN;
    }
    return kgl_wrap_shift_left(x, exponent);
}

/* A Q`from` value as Q`to` (gemmlowp's Rescale): a saturating left shift when `to` has fewer
   integer bits, a rounding right shift when it has more. from, to in [0, 31]. */
static inline int32_t kgl_rescale(int32_t x, int from, int to) {
    if (from > to) {
        return kgl_saturating_shift_left(x, from - to);
    }
    return kgl_rounding_divide_by_pot(x, to - from);
}

/* (a + b) / 2 rounded half away from zero (gemmlowp's RoundingHalfSum). */
static inline int32_t kgl_rounding_half_sum(int32_t a, int32_t b) {
    const int64_t sum = (int64_t)a + (int64_t)b;
    return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* exp(a) for a Q0 a in [-1/4, 0), as a Q0: gemmlowp's Taylor expansion around -1/8. */
static inline int32_t kgl_exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a) {
    const int32_t exp_minus_one_eighth = 1895147668; /* exp(-1/8) in Q0 */
    const int32_t one_third = 715827883;             /* 1/3 in Q0 */
    const int32_t x = kgl_wrap_add(a, (int32_t)1 << 28); /* a + 1/8 */
    const int32_t x2 = kgl_saturating_rounding_doubling_high_mul(x, x);
    const int32_t x3 = kgl_saturating_rounding_doubling_high_mul(x2, x);
    const int32_t x4 = kgl_saturating_rounding_doubling_high_mul(x2, x2);
    const int32_t x4_over_4 = kgl_rounding_divide_by_pot(x4, 2);
    /* x^4/24 + x^3/6 + x^2/2 = ((x^4/4 + x^3) / 3 + x^2) / 2 */
    const int32_t higher_terms = kgl_rounding_divide_by_pot(
        kgl_wrap_add(kgl_saturating_rounding_doubling_high_mul(kgl_wrap_add(x4_over_4, x3),
                                                               one_third),
                     x2),
        1);
    return kgl_wrap_add(exp_minus_one_eighth,
                        kgl_saturating_rounding_doubling_high_mul(
                            exp_minus_one_eighth, kgl_wrap_add(x, higher_terms)));
}

/*
 * exp(a) for a Q`integer_bits` a <= 0, as a Q0 (gemmlowp's exp_on_negative_values);
 * integer_bits in [0, 29] (the kernels use 4 and 5). exp(0) is the largest Q0, 2^31 - 1.
 * The fractional quarter is expanded by Taylor series, then each set bit of the integer
 * part (and of the half and quarter) multiplies in exp(-2^k).
 */
static inline int32_t kgl_exp_on_negative_values(int32_t a, int integer_bits) {
    static const int32_t exp_of_minus_pot[7] = {
        1672461947, /* exp(-1/4) */
        1302514674, /* exp(-1/2) */
        790015084,  /* exp(-1) */
        290630308,  /* exp(-2) */
        39332535,   /* exp(-4) */
        720401,     /* exp(-8) */
        242         /* exp(-16) */
    };
    const int fraction_bits = 31 - integer_bits;
    const int32_t one_quarter = (int32_t)1 << (fraction_bits - 2);
    const int32_t a_mod_quarter_minus_quarter = (a & (one_quarter - 1)) - one_quarter;
    int32_t result = kgl_exp_on_interval_between_negative_one_quarter_and_0_excl(
        kgl_rescale(a_mod_quarter_minus_quarter, integer_bits, 0));
    const int32_t remainder = kgl_wrap_sub(a_mod_quarter_minus_quarter, a);
    for (int k = 0; k < 7; k++) {
        const int exponent = k - 2; /* exp(-2^exponent) */
        if (integer_bits > exponent) {
            const int bit = fraction_bits + exponent;
            if ((remainder & ((int32_t)1 << bit)) != 0) {
                result = kgl_saturating_rounding_doubling_high_mul(result, exp_of_minus_pot[k]);
            }
        }
    }
    if (integer_bits > 5) {
        /* Below -32 the result is 0. */
        const int32_t minus_32 = -((int32_t)1 << (36 - integer_bits));
        if (a < minus_32) {
            result = 0;
        }
    }
    if (a == 0) {
        result = INT32_MAX;
    }
    return result;
}

/* Three Newton-Raphson steps towards 1 / d for the Q0 half_denominator d = (1 + x) / 2,
   x in [0, 1), starting from 48/17 - 32/17 d; the result is a Q2 (gemmlowp's division). */
static inline int32_t kgl_newton_reciprocal_q2(int32_t half_denominator) {
    const int32_t q2_one = (int32_t)1 << 29;
    const int32_t forty_eight_seventeenths = 1515870810;     /* 48/17 in Q2 */
    const int32_t minus_thirty_two_seventeenths = -1010580540; /* -32/17 in Q2 */
    int32_t x = kgl_wrap_add(forty_eight_seventeenths,
                             kgl_saturating_rounding_doubling_high_mul(
                                 half_denominator, minus_thirty_two_seventeenths));
    for (int i = 0; i < 3; i++) {
        const int32_t half_denominator_times_x =
            kgl_saturating_rounding_doubling_high_mul(half_denominator, x);
        const int32_t one_minus_half_denominator_times_x =
            kgl_wrap_sub(q2_one, half_denominator_times_x);
        x = kgl_wrap_add(x, kgl_rescale(kgl_saturating_rounding_doubling_high_mul(
                                            x, one_minus_half_denominator_times_x),
                                        4, 2));
    }
    return x;
}

/* 1 / (1 + a) for a Q0 a in [0, 1), as a Q0 (gemmlowp's one_over_one_plus_x_for_x_in_0_1). */
static inline int32_t kgl_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
    const int32_t x = kgl_newton_reciprocal_q2(kgl_rounding_half_sum(a, INT32_MAX));
    /* 1/(1+a) = x/2: the Q2 x read as a Q1, rescaled to Q0. */
    return kgl_rescale(x, 1, 0);
}

/* (1 - a) / (1 + a) for a Q0 a in [0, 1), as a Q0 (gemmlowp's
   one_minus_x_over_one_plus_x_for_x_in_0_1). */
static inline int32_t kgl_one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a) {
    const int32_t x = kgl_newton_reciprocal_q2(kgl_rounding_half_sum(a, INT32_MAX));
    return kgl_rescale(kgl_wrap_sub(x, (int32_t)1 << 29), 2, 0);
}

/* 1 / (1 + exp(-a)) for a Q`integer_bits` a, as a Q0 (gemmlowp's logistic). */
static inline int32_t kgl_logistic(int32_t a, int integer_bits) {
    if (a == 0) {
        return (int32_t)1 << 30; /* 1/2 */
    }
    const int32_t abs_a = a > 0 ? a : kgl_wrap_neg(a);
    const int32_t if_positive = kgl_one_over_one_plus_x_for_x_in_0_1(
        kgl_exp_on_negative_values(kgl_wrap_neg(abs_a), integer_bits));
    return a > 0 ? if_positive : kgl_wrap_sub(INT32_MAX, if_positive);
}

/* tanh(a) for a Q`integer_bits` a, integer_bits in [0, 28], as a Q0 (gemmlowp's tanh:
   (1 - exp(-2|a|)) / (1 + exp(-2|a|)), with -2|a| read exactly as a Q(integer_bits + 1)). */
static inline int32_t kgl_tanh(int32_t a, int integer_bits) {
    if (a == 0) {
        return 0;
    }
    const int32_t minus_abs_a = a < 0 ? a : kgl_wrap_neg(a);
    const int32_t t = kgl_one_minus_x_over_one_plus_x_for_x_in_0_1(
        kgl_exp_on_negative_values(minus_abs_a, integer_bits + 1));
    return a < 0 ? kgl_wrap_neg(t) : t;
}

/*
 * 1 / x for a Q`integer_digits` x >= 1 (TFLite's GetReciprocal): returns a Q0 r and sets
 * *num_bits_over_unit = n with 1/x = r * 2^-n. x must be positive.
 */
static inline int32_t kgl_reciprocal(int32_t x, int integer_digits, int *num_bits_over_unit) {
    const int headroom_plus_one = kgl_count_leading_zeros((uint32_t)x);
    *num_bits_over_unit = integer_digits - headroom_plus_one;
    /* x shifted to [1, 2) as a Q1 (its top bit dropped), minus 1: a Q0 in [0, 1). */
    const int32_t shifted_minus_one =
        kgl_i32_from_bits(((uint32_t)x << headroom_plus_one) - 0x80000000u);
    return kgl_one_over_one_plus_x_for_x_in_0_1(shifted_minus_one);
}

/* ---- int16 fixed point (HARD_SWISH) ---- */

/* The int16 whose bits are the low 16 bits of v (C++'s int16_t conversion). */
static inline int16_t kgl_wrap_i16(int64_t v) {
    const uint32_t u = (uint32_t)((uint64_t)v & 0xFFFFu);
    return (int16_t)(u >= 0x8000u ? (int32_t)u - 65536 : (int32_t)u);
}

/* a * b / 2^15 rounded to nearest, ties up, saturating (-1)(-1) (gemmlowp's int16
   SaturatingRoundingDoublingHighMul; ARM SQRDMULH). */
static inline int16_t kgl_saturating_rounding_doubling_high_mul_i16(int16_t a, int16_t b) {
    if (a == INT16_MIN && b == INT16_MIN) {
        return INT16_MAX;
    }
    const int32_t ab = (int32_t)a * (int32_t)b;
    const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
    return (int16_t)((ab + nudge) / (1 << 15));
}

/* a * b / 2^15 truncated toward zero, saturating (-1)(-1) (TFLite's int16
   SaturatingDoublingHighMul; ARM SQDMULH). */
static inline int16_t kgl_saturating_doubling_high_mul_i16(int16_t a, int16_t b) {
    if (a == INT16_MIN && b == INT16_MIN) {
        return INT16_MAX;
    }
    return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

/*
 * gemmlowp's RoundingDivideByPOT on int16, exponent in [0, 31]: x / 2^exponent rounded half
 * away from zero for exponent <= 15. From 16 on, gemmlowp's mask (2^exponent - 1 narrowed to
 * int16) is all ones, and the result is 1 for x >= 0 and -1 for x < 0; reproduced as is.
 */
static inline int16_t kgl_rounding_divide_by_pot_i16(int16_t x, int exponent) {
    const int16_t mask = kgl_wrap_i16(((int64_t)1 << exponent) - 1);
    const int16_t remainder = (int16_t)(x & mask);
    const int16_t threshold = kgl_wrap_i16((int32_t)(mask >> 1) + (x < 0 ? 1 : 0));
    return kgl_wrap_i16((int32_t)(x >> exponent) + (remainder > threshold ? 1 : 0));
}

/* value * 2^amount clamped to int16, amount in [0, 30] (TFLite's SaturatingLeftShift). */
static inline int16_t kgl_saturating_left_shift_i16(int16_t value, int amount) {
    const int64_t result = (int64_t)value * ((int64_t)1 << amount);
    if (result > INT16_MAX) {
        return INT16_MAX;
    }
    if (result < INT16_MIN) {
        return INT16_MIN;
    }
    return (int16_t)result;
}

#endif /* KGL_FIXEDPOINT_H */
