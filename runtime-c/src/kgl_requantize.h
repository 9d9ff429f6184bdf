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
 * kgl_multiply_by_quantized_multiplier_64 (below) is the 16x8 kernels' int64 variant.
 */
#ifndef KGL_REQUANTIZE_H
#define KGL_REQUANTIZE_H

#include <stddef.h>
#include <stdint.h>

#include "kgl_kernel_variant.h"

#if KGL_VARIANT_MVE
#include <arm_mve.h>
#endif

/* SSAT (Armv6 and Armv7-M onwards): clamping to int8 in one instruction, which GCC does not
   always form from the comparisons. */
#if defined(__ARM_FEATURE_SAT) && __ARM_FEATURE_SAT && (defined(__GNUC__) || defined(__clang__))
#include <arm_acle.h>
#define KGL_SSAT8_AVAILABLE 1
#else
#define KGL_SSAT8_AVAILABLE 0
#endif

/* The int32 whose two's-complement bits are u (no implementation-defined conversion). */
static inline int32_t kgl_i32_from_bits(uint32_t u) {
    return u <= (uint32_t)INT32_MAX ? (int32_t)u : -(int32_t)(~u) - 1;
}

/* The int64 whose two's-complement bits are u. */
static inline int64_t kgl_i64_from_bits(uint64_t u) {
    return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

/*
 * floor((a * b + 2^30) / 2^31), i.e. (2ab + 2^31) >> 32, as its low 32 bits: the doubling high
 * multiply wherever it does not saturate (every a, b but a = b = INT32_MIN). gemmlowp writes it
 * (ab + (ab >= 0 ? 2^30 : 1 - 2^30)) / 2^31 with the division truncating toward zero; for
 * ab < 0 that truncation is the ceiling, and ceil((ab + 1 - 2^30) / 2^31) =
 * floor((ab + 2^30) / 2^31), the value for ab >= 0 too: one floor of ab + 2^30, an arithmetic
 * shift by 31, whose low 32 bits are those of the logical shift of the same 64 bits. On
 * Armv7-M and later one SMLAL: GCC forms it from the C below inside one expression, but not
 * once b's sign extension has been hoisted out of a loop, where it multiplies 64 x 64 bits.
 */
static inline int32_t kgl_rounding_doubling_high_mul(int32_t a, int32_t b) {
#if (defined(__GNUC__) || defined(__clang__)) && defined(__ARM_ARCH) && __ARM_ARCH >= 7 && \
    !defined(__ARM_ARCH_6M__) && defined(__thumb2__)
    uint32_t low = (uint32_t)1 << 30;
    uint32_t high = 0;
    __asm__("smlal %0, %1, %2, %3" : "+r"(low), "+r"(high) : "r"(a), "r"(b));
    return kgl_i32_from_bits((low >> 31) | (high << 1));
#else
    const uint64_t ab = (uint64_t)((int64_t)a * (int64_t)b) + ((uint64_t)1 << 30);
    return kgl_i32_from_bits((uint32_t)(ab >> 31));
#endif
}

/* The saturating rounding doubling high multiply: kgl_rounding_doubling_high_mul, and
   INT32_MAX for the single overflow case INT32_MIN^2. */
static inline int32_t kgl_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    return kgl_rounding_doubling_high_mul(a, b);
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

/*
 * The 16x8 kernels' rescale, TFLite's MultiplyByQuantizedMultiplier(int64_t x, ...) (the same
 * in its single- and double-rounding builds): the Q31 multiplier is first reduced to Q15,
 * rounding half up (multipliers from 0x7FFF0000 up saturate to 0x7FFF), then
 *   (x * reduced + 2^(14 - shift)) >> (15 - shift)       (floor: the rounding is half up)
 * and the int64 result is truncated to int32. Legal: multiplier >= 0, shift in [-31, 14]
 * (TFLite documents [-31, 7]; up to 14 the formula is still defined). TFLite assumes
 * |x| < 2^47 and a result that fits int32; beyond that the product and the truncation wrap
 * here, as TFLite's do on the machines it runs on.
 */
static inline int32_t kgl_multiply_by_quantized_multiplier_64(int64_t x, int32_t multiplier,
                                                              int32_t shift) {
    const uint64_t reduced = multiplier < 0x7FFF0000
                                 ? ((uint64_t)(uint32_t)multiplier + 32768u) >> 16
                                 : 0x7FFFu;
    const int total_shift = 15 - shift;
    const int64_t sum =
        kgl_i64_from_bits((uint64_t)x * reduced + ((uint64_t)1 << (total_shift - 1)));
    /* Arithmetic shift (floor) without relying on >> of a negative value. */
    const int64_t shifted = sum >= 0 ? sum >> total_shift : -1 - ((-1 - sum) >> total_shift);
    return kgl_i32_from_bits((uint32_t)(uint64_t)shifted);
}

/*
 * The int8 output of the CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels for one
 * channel: the accumulator `acc` (bias included, the wrapping int32 sum as uint32) rescaled
 * by kgl_multiply_by_quantized_multiplier, plus output_offset (wrapping), clamped to
 * [act_min, act_max] (within int8, checked at init). Swift twin: ChannelRequantizerS8.
 */
static inline int8_t kgl_requantize_output_s8(uint32_t acc, int32_t multiplier, int32_t shift,
                                              int32_t output_offset, int32_t act_min,
                                              int32_t act_max) {
    int32_t r = kgl_multiply_by_quantized_multiplier((int32_t)acc, multiplier, shift);
    r = (int32_t)((uint32_t)r + (uint32_t)output_offset);
    r = r < act_min ? act_min : r;
    r = r > act_max ? act_max : r;
    return (int8_t)r;
}


/*
 * kgl_multiply_by_quantized_multiplier with its shift decoded once, for loops that apply one
 * multiplier to many values (kgl_requantize_outputs_s8, ADD), as one 64-bit multiply-add and
 * a shift. Requires multiplier >= 0 (as every kernel's multipliers are), so that the doubling
 * multiply's one saturating case, INT32_MIN * INT32_MIN, cannot occur. The same values:
 *   with s = right = max(-shift, 0) and x' = x << left, the doubling multiply is
 *   r = floor((x'M + 2^30) / 2^31), and for s >= 1 the rounding divide (ties away from zero)
 *   is floor((r + 2^(s-1) - [r < 0]) / 2^s). As floor((floor(a) + c) / 2^s) = floor((a + c) /
 *   2^s) for integer c, both roundings are one floor:
 *       floor((x'M + 2^30 + 2^(30+s) - [r < 0] 2^31) / 2^(31+s)),
 *   the high word of the 64-bit sum shifted right by s - 1. [r < 0] may be taken as [x' < 0]:
 *   with M >= 0 they differ only when x' < 0 and r = 0, where both give 0. For s = 0 the
 *   result is r itself, bits 31..62 of x'M + 2^30.
 */
typedef struct {
    int32_t multiplier;
    uint32_t left, right;    /* shift > 0: x << shift first; else the divide by 2^-shift */
    uint64_t bias;           /* 2^30, plus 2^(30 + right) when right > 0 */
    uint64_t negative_bias;  /* taken off for x' < 0: 2^31 when right > 0, else 0 */
} kgl_scaled_multiplier;

static inline kgl_scaled_multiplier kgl_scaled_multiplier_of(int32_t multiplier, int32_t shift) {
    kgl_scaled_multiplier m;
    m.multiplier = multiplier;
    m.left = shift > 0 ? (uint32_t)shift : 0u;
    m.right = shift > 0 ? 0u : (uint32_t)-shift;
    m.bias = ((uint64_t)1 << 30) + (m.right > 0 ? (uint64_t)1 << (30 + m.right) : 0u);
    m.negative_bias = m.right > 0 ? (uint64_t)1 << 31 : 0u;
    return m;
}

/* The 64-bit sum x'M + bias - [x' < 0] negative_bias of kgl_scaled_multiplier, as bits. */
static inline uint64_t kgl_scaled_multiplier_sum(const kgl_scaled_multiplier *m, int32_t x) {
    return (uint64_t)((int64_t)x * m->multiplier) + m->bias - (x < 0 ? m->negative_bias : 0u);
}

static inline int32_t kgl_scaled_multiplier_apply(const kgl_scaled_multiplier *m, int32_t x) {
    const int32_t shifted = kgl_i32_from_bits((uint32_t)x << m->left);
    const uint64_t sum = kgl_scaled_multiplier_sum(m, shifted);
    if (m->right == 0) {
        return kgl_i32_from_bits((uint32_t)(sum >> 31));
    }
    return kgl_i32_from_bits((uint32_t)(sum >> 32)) >> (m->right - 1);
}

/*
 * The high word of kgl_scaled_multiplier's sum for right = s >= 2 (left 0), whose bias
 * 2^30 + 2^(30+s) is in 32-bit halves (high = 2^(s-2), 2^30), and for x < 0 (high - 1,
 * 2^30 + 2^31): written so, the multiply-add is one SMLAL on Armv7-M. The result is that
 * word >> (s - 1), and |result| < 2^30.
 */
static inline int32_t kgl_scaled_high_word(int32_t x, int32_t multiplier, uint32_t high) {
    const uint32_t sign = (uint32_t)x & 0x80000000u;
    const uint64_t start = ((uint64_t)(high - (sign >> 31)) << 32) | sign | 0x40000000u;
    const uint64_t sum = start + (uint64_t)((int64_t)x * multiplier);
    return kgl_i32_from_bits((uint32_t)(sum >> 32));
}

/*
 * kgl_requantize_output_s8 (the same bytes) for a multiplier >= 0, by the one-floor form of
 * kgl_scaled_multiplier: the fast kernels' rescale of a single output.
 */
static inline int8_t kgl_requantize_output_fast_s8(uint32_t acc, int32_t multiplier,
                                                   int32_t shift, int32_t output_offset,
                                                   int32_t act_min, int32_t act_max) {
    const int32_t x = kgl_i32_from_bits(acc);
    int32_t q;
    if (shift <= -2) {
        q = kgl_scaled_high_word(x, multiplier, (uint32_t)1 << (uint32_t)(-shift - 2)) >>
            (-shift - 1);
    } else {
        const kgl_scaled_multiplier m = kgl_scaled_multiplier_of(multiplier, shift);
        q = kgl_scaled_multiplier_apply(&m, x);
    }
    int32_t v = kgl_i32_from_bits((uint32_t)q + (uint32_t)output_offset);
    v = v < act_min ? act_min : v;
    v = v > act_max ? act_max : v;
    return (int8_t)v;
}

#if KGL_VARIANT_MVE
/*
 * kgl_multiply_by_quantized_multiplier of four values at once with Helium (kgl_rescale_lanes),
 * each lane with its own multiplier (>= 0), left = max(shift, 0) and down = min(shift, 0). VQRDMULH is the doubling multiply
 * exactly ((2ab + 2^31) >> 32 = floor((ab + 2^30) / 2^31), never saturating with a multiplier
 * >= 0); VRSHL by a negative amount rounds half up, so negative values are first lowered by
 * one (the fixup, saturating), which makes it round half away from zero as
 * kgl_rounding_divide_by_pot does.
 */
static inline int32x4_t kgl_rescale_lanes(int32x4_t v, int32x4_t multipliers, int32x4_t left,
                                          int32x4_t down) {
    v = vqrdmulhq_s32(vshlq_s32(v, left), multipliers);
    const int32x4_t fixup = vshrq_n_s32(vandq_s32(v, down), 31);
    return vrshlq_s32(vqaddq_s32(v, fixup), down);
}

/* kgl_rescale_lanes, then the output offset and the clamp. */
static inline int32x4_t kgl_requantize_lanes_s8(int32x4_t v, int32x4_t multipliers, int32x4_t left,
                                                int32x4_t down, int32x4_t offset, int32x4_t low,
                                                int32x4_t high) {
    v = kgl_rescale_lanes(v, multipliers, left, down);
    return vminq_s32(vmaxq_s32(vaddq_s32(v, offset), low), high);
}
#endif

/*
 * kgl_requantize_output_s8 of n accumulators, acc[i] into y[i * y_step]: one channel's outputs
 * at several positions, its multiplier (>= 0) and shift decoded once for all of them (the
 * fast kernels requantize a run of positions per channel this way).
 */
static inline void kgl_requantize_outputs_s8(const uint32_t *acc, uint32_t n, int32_t multiplier,
                                             int32_t shift, int32_t output_offset,
                                             int32_t act_min, int32_t act_max, int8_t *y,
                                             size_t y_step) {
    const uint32_t right = shift > 0 ? 0u : (uint32_t)-shift;
    uint32_t i = 0;
#if KGL_VARIANT_MVE
    /* Four at a time with Helium (kgl_requantize_lanes_s8), stored by one scatter. */
    const int32x4_t left = vdupq_n_s32(shift > 0 ? shift : 0);
    const int32x4_t down = vdupq_n_s32(-(int32_t)right);
    const int32x4_t multipliers = vdupq_n_s32(multiplier);
    const int32x4_t offset = vdupq_n_s32(output_offset);
    const int32x4_t low = vdupq_n_s32(act_min), high = vdupq_n_s32(act_max);
    const uint32x4_t steps = vmulq_n_u32(vidupq_n_u32(0u, 1), (uint32_t)y_step);
    for (; i + 4 <= n; i += 4) {
        const int32x4_t v = kgl_requantize_lanes_s8(vldrwq_s32((const int32_t *)(acc + i)),
                                                    multipliers, left, down, offset, low, high);
        vstrbq_scatter_offset_s32(y + (size_t)i * y_step, steps, v);
    }
#endif
    if (right >= 2u) { /* the usual case, kgl_scaled_high_word */
        const uint32_t high = (uint32_t)1 << (right - 2u), down = right - 1u;
        /* |q| < 2^30: adding the offset cannot overflow. Constant bounds, the usual ones,
           become one SSAT. */
#define KGL_REQUANTIZE_RUN(clamp)                                                              \
    for (; i < n; i++) {                                                                       \
        const int32_t q = kgl_scaled_high_word(kgl_i32_from_bits(acc[i]), multiplier, high) >> down; \
        y[(size_t)i * y_step] = (int8_t)clamp(q + output_offset);                              \
    }
#define KGL_CLAMP_ACTIVATION(v) ((v) < act_min ? act_min : (v) > act_max ? act_max : (v))
#if KGL_SSAT8_AVAILABLE
#define KGL_CLAMP_INT8(v) __ssat((v), 8)
#else
#define KGL_CLAMP_INT8(v) ((v) < -128 ? -128 : (v) > 127 ? 127 : (v))
#endif
        if (act_min == -128 && act_max == 127) {
            KGL_REQUANTIZE_RUN(KGL_CLAMP_INT8)
        } else {
            KGL_REQUANTIZE_RUN(KGL_CLAMP_ACTIVATION)
        }
#undef KGL_REQUANTIZE_RUN
#undef KGL_CLAMP_ACTIVATION
#undef KGL_CLAMP_INT8
    }
    const kgl_scaled_multiplier m = kgl_scaled_multiplier_of(multiplier, shift);
    for (; i < n; i++) {
        const int32_t q = kgl_scaled_multiplier_apply(&m, kgl_i32_from_bits(acc[i]));
        int32_t v = kgl_i32_from_bits((uint32_t)q + (uint32_t)output_offset);
        v = v < act_min ? act_min : v;
        v = v > act_max ? act_max : v;
        y[(size_t)i * y_step] = (int8_t)v;
    }
}

/*
 * The 16x8 twin: the int64 accumulator `acc` (bias included, wrapping, as uint64) rescaled by
 * kgl_multiply_by_quantized_multiplier_64 and clamped to [act_min, act_max] (within int16);
 * no offset (16x8 activations are symmetric). Swift twin: ChannelRequantizerS16.
 */
static inline int16_t kgl_requantize_output_s16(uint64_t acc, int32_t multiplier, int32_t shift,
                                                int32_t act_min, int32_t act_max) {
    int32_t r = kgl_multiply_by_quantized_multiplier_64(kgl_i64_from_bits(acc), multiplier, shift);
    r = r < act_min ? act_min : r;
    r = r > act_max ? act_max : r;
    return (int16_t)r;
}

#endif /* KGL_REQUANTIZE_H */
