/*
 * kgl_requantize.h: fixed-point rescaling, the one definition in C (the Swift twin is
 * Sources/KingletInterpreter/Arithmetic/Requantize.swift).
 *
 * TFLite Micro's default ("double rounding") MultiplyByQuantizedMultiplier:
 *   x * 2^max(shift, 0), then the saturating rounding doubling high multiply by the Q31
 *   multiplier (rounds half up, computed in 64 bits), then a rounding right shift by
 *   max(-shift, 0) (rounds half away from zero).
 * Legal ranges: multiplier in [2^30, 2^31) or 0 (as QuantizeMultiplier makes it),
 * shift in [-31, 30]; the left shift must not overflow x (the compiler keeps acc * 2^shift
 * within int32 for the shifts it emits, as TFLite's kernels assume).
 */
#ifndef KGL_REQUANTIZE_H
#define KGL_REQUANTIZE_H

#include <stdint.h>

/* (a * b * 2 + 2^31 rounding) >> 32, saturating the single overflow case INT32_MIN^2. */
static inline int32_t kgl_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    int64_t ab = (int64_t)a * (int64_t)b;
    int64_t nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    /* Division truncates toward zero, as gemmlowp's does. */
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
static inline int32_t kgl_rounding_divide_by_pot(int32_t x, int exponent) {
    int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + ((x < 0) ? 1 : 0);
    return (x >> exponent) + ((remainder > threshold) ? 1 : 0);
}

static inline int32_t kgl_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier,
                                                           int32_t shift) {
    int left = shift > 0 ? shift : 0;
    int right = shift > 0 ? 0 : -shift;
    int32_t shifted = (int32_t)((uint32_t)x << left);
    return kgl_rounding_divide_by_pot(
        kgl_saturating_rounding_doubling_high_mul(shifted, multiplier), right);
}

#endif /* KGL_REQUANTIZE_H */
