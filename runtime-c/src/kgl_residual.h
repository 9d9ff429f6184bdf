/*
 * kgl_residual.h: ADD's arithmetic on pairs of int8 values, in the one place both kernels
 * that add element by element take it from: ADD's elementwise path (kernels/kgl_add_s8.c)
 * and the residual ADD fused into CONV_2D's stores (kgl_residual_add_s8,
 * kernels/kgl_conv2d_s8.c). Scalar, and four lanes at a time with Helium; both give the
 * bytes of kgl_add_s8_reference, whose readable loop stays the specification.
 *
 * Each rescale is kgl_multiply_by_quantized_multiplier for ADD's multipliers (>= 0) and
 * shifts (<= 0): the doubling high multiply r, then r / 2^right rounded half away from zero
 * (kgl_rounding_divide_by_pot), computed as 2r / 2^(right + 1) rounded half up after
 * lowering 2r by one when negative. 2r is even, so 2r - 1 never ties and the half-up
 * rounding of the lowered value is the half-away rounding of 2r; for right = 0 it gives r
 * back. Within ADD's ranges (offset values below 2^8, left_shift <= 20) every r is below
 * 2^29 in magnitude, so 2r fits, and for right >= 30 the result is 0, as it is for
 * right = 30: the shift is taken as min(right, 30), which keeps 2r + 2^right and the shift
 * counts within int32.
 */
#ifndef KGL_RESIDUAL_H
#define KGL_RESIDUAL_H

#include <stddef.h>
#include <stdint.h>

#include "kgl_kernels.h"
#include "kgl_requantize.h"

/* ADD of two int8 values, its parameters as the loops take them: each multiplier with its
   shift right (min(-shift, 30); ADD's shifts are <= 0). Requires kgl_add_s8_params' ranges
   (kgl_add_s8_check). */
typedef struct {
    int32_t offset1, offset2, output_offset, left_shift;
    int32_t mult1, right1, mult2, right2, mult, right;
    int32_t act_min, act_max;
} kgl_add_s8_pair;

/* The right shift of an ADD multiplier's shift (see above). */
static inline int32_t kgl_add_right_shift(int32_t shift) {
    return shift >= 0 ? 0 : shift <= -30 ? 30 : -shift;
}

/* The ADD of p's two inputs. */
static inline kgl_add_s8_pair kgl_add_s8_pair_of(const kgl_add_s8_params *p) {
    kgl_add_s8_pair a;
    a.offset1 = p->input1_offset;
    a.offset2 = p->input2_offset;
    a.output_offset = p->output_offset;
    a.left_shift = p->left_shift;
    a.mult1 = p->input1_multiplier;
    a.right1 = kgl_add_right_shift(p->input1_shift);
    a.mult2 = p->input2_multiplier;
    a.right2 = kgl_add_right_shift(p->input2_shift);
    a.mult = p->output_multiplier;
    a.right = kgl_add_right_shift(p->output_shift);
    a.act_min = p->activation_min;
    a.act_max = p->activation_max;
    return a;
}

/* The ADD of a fused residual: input 1 the convolution's value, input 2 the skip element
   (the int32 sum of the two rescaled terms is the same in either order). */
static inline kgl_add_s8_pair kgl_add_s8_pair_of_residual(const kgl_residual_add_s8 *r) {
    kgl_add_s8_pair a;
    a.offset1 = r->conv_offset;
    a.offset2 = r->skip_offset;
    a.output_offset = r->output_offset;
    a.left_shift = r->left_shift;
    a.mult1 = r->conv_multiplier;
    a.right1 = kgl_add_right_shift(r->conv_shift);
    a.mult2 = r->skip_multiplier;
    a.right2 = kgl_add_right_shift(r->skip_shift);
    a.mult = r->output_multiplier;
    a.right = kgl_add_right_shift(r->output_shift);
    a.act_min = r->activation_min;
    a.act_max = r->activation_max;
    return a;
}

/* One rescale (see above): multiplier >= 0, right in [0, 30], |v| below 2^29. */
static inline int32_t kgl_add_rescale(int32_t v, int32_t multiplier, int32_t right) {
    const int32_t twice = 2 * kgl_rounding_doubling_high_mul(v, multiplier);
    return (twice + (twice >> 31) + ((int32_t)1 << right)) >> (right + 1);
}

/* ADD's output byte for the int8 values x1 and x2: kgl_add_s8_reference's. */
static inline int8_t kgl_add_s8_pair_value(const kgl_add_s8_pair *a, int32_t x1, int32_t x2) {
    /* |offset value| <= 255 and left_shift <= 20: below 2^28. */
    const int32_t v1 = (a->offset1 + x1) * ((int32_t)1 << a->left_shift);
    const int32_t v2 = (a->offset2 + x2) * ((int32_t)1 << a->left_shift);
    const int32_t sum =
        kgl_add_rescale(v1, a->mult1, a->right1) + kgl_add_rescale(v2, a->mult2, a->right2);
    int32_t r = kgl_add_rescale(sum, a->mult, a->right) + a->output_offset;
    r = r < a->act_min ? a->act_min : r;
    r = r > a->act_max ? a->act_max : r;
    return (int8_t)r;
}

/* The byte a fused kernel stores for the convolution's value v (int8) and its skip element
   s: kgl_add_s8_reference's output for the two, the convolution's value either input. */
static inline int8_t kgl_residual_add_s8_value(const kgl_residual_add_s8 *r, int32_t v,
                                               int32_t s) {
    const kgl_add_s8_pair a = kgl_add_s8_pair_of_residual(r);
    return kgl_add_s8_pair_value(&a, v, s);
}

#if KGL_VARIANT_MVE
/*
 * kgl_add_rescale of four lanes, with scalar operands (VQRDMULH and VRSHL take one from a
 * general register, so that the loops keep their vector registers); down = -1 - right.
 * VQRDMULH is the doubling multiply exactly (never saturating with a multiplier >= 0) and
 * VRSHL by a negative count rounds half up.
 */
static inline int32x4_t kgl_add_rescale_lanes(int32x4_t v, int32_t multiplier, int32_t down) {
    const int32x4_t twice = vshlq_n_s32(vqrdmulhq_n_s32(v, multiplier), 1);
    return vrshlq_n_s32(vaddq_s32(twice, vshrq_n_s32(twice, 31)), down);
}

/* kgl_add_s8_pair_value of four pairs (int8 values in int32 lanes), the same steps in
   lanes; low and high hold act_min and act_max (the clamp takes vectors). `a` should be a
   local copy, which byte stores cannot alias: its fields then stay in registers. */
static inline int32x4_t kgl_add_s8_lanes_value(const kgl_add_s8_pair *a, int32x4_t x1,
                                               int32x4_t x2, int32x4_t low, int32x4_t high) {
    const int32x4_t v1 = vshlq_r_s32(vaddq_n_s32(x1, a->offset1), a->left_shift);
    const int32x4_t v2 = vshlq_r_s32(vaddq_n_s32(x2, a->offset2), a->left_shift);
    const int32x4_t sum = vaddq_s32(kgl_add_rescale_lanes(v1, a->mult1, -1 - a->right1),
                                    kgl_add_rescale_lanes(v2, a->mult2, -1 - a->right2));
    const int32x4_t r =
        vaddq_n_s32(kgl_add_rescale_lanes(sum, a->mult, -1 - a->right), a->output_offset);
    return vminq_s32(vmaxq_s32(r, low), high);
}
#endif

/*
 * ADD of the n int8 values x1[i] and x2[i] into y[i] (y may be x1 or x2: each element is read
 * before it is written), ADD's elementwise loop. With Helium four at a time, the lanes past n
 * predicated off.
 */
static inline void kgl_add_s8_pairs(const kgl_add_s8_pair *a, int8_t *y, const int8_t *x1,
                                    const int8_t *x2, uint32_t n) {
    uint32_t i = 0;
#if KGL_VARIANT_MVE
    const int32x4_t low = vdupq_n_s32(a->act_min), high = vdupq_n_s32(a->act_max);
    for (; i + 4 <= n; i += 4) {
        vstrbq_s32(y + i, kgl_add_s8_lanes_value(a, vldrbq_s32(x1 + i), vldrbq_s32(x2 + i),
                                                 low, high));
    }
    if (i < n) {
        const mve_pred16_t live = vctp32q(n - i);
        vstrbq_p_s32(y + i,
                     kgl_add_s8_lanes_value(a, vldrbq_z_s32(x1 + i, live),
                                            vldrbq_z_s32(x2 + i, live), low, high),
                     live);
    }
#else
    for (; i < n; i++) {
        y[i] = kgl_add_s8_pair_value(a, x1[i], x2[i]);
    }
#endif
}

/*
 * ADD of n int8 values v[i] (a convolution's) and their skip elements:
 * y[i * step] = ADD of v[i] and skip[i * step], skip[i * step] read before y[i * step] is
 * written (skip may be y).
 */
static inline void kgl_residual_add_values_s8(const kgl_add_s8_pair *add, const int8_t *v,
                                              uint32_t n, int8_t *y, const int8_t *skip,
                                              size_t step) {
    const kgl_add_s8_pair a = *add; /* a local copy, which the byte stores cannot alias */
    for (uint32_t i = 0; i < n; i++) {
        y[(size_t)i * step] = kgl_add_s8_pair_value(&a, v[i], skip[(size_t)i * step]);
    }
}

#if KGL_VARIANT_MVE
/*
 * kgl_requantize_outputs_s8 with a residual ADD fused (`add`, kgl_add_s8_pair_of_residual),
 * four at a time with Helium: the value of acc[i] is not stored in y[i * y_step] but added to
 * skip[i * y_step], which is read before that byte is written (skip may be y). The skip
 * elements are gathered and the results scattered at the output's step, the lanes past n
 * predicated off. (Without Helium, the values by kgl_requantize_outputs_s8, then
 * kgl_residual_add_values_s8, which keeps each loop's parameters in registers.)
 */
static inline void kgl_requantize_outputs_residual_s8(const uint32_t *acc, uint32_t n,
                                                      int32_t multiplier, int32_t shift,
                                                      int32_t output_offset, int32_t act_min,
                                                      int32_t act_max, int8_t *y,
                                                      const int8_t *skip, size_t y_step,
                                                      const kgl_add_s8_pair *add) {
    const int32x4_t left = vdupq_n_s32(shift > 0 ? shift : 0);
    const int32x4_t down = vdupq_n_s32(shift > 0 ? 0 : shift);
    const int32x4_t multipliers = vdupq_n_s32(multiplier);
    const int32x4_t offset = vdupq_n_s32(output_offset);
    const int32x4_t low = vdupq_n_s32(act_min), high = vdupq_n_s32(act_max);
    const int32x4_t add_low = vdupq_n_s32(add->act_min), add_high = vdupq_n_s32(add->act_max);
    const uint32x4_t steps = vmulq_n_u32(vidupq_n_u32(0u, 1), (uint32_t)y_step);
    uint32_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const size_t at = (size_t)i * y_step;
        const int32x4_t v = kgl_requantize_lanes_s8(vldrwq_s32((const int32_t *)(acc + i)),
                                                    multipliers, left, down, offset, low, high);
        const int32x4_t s = vldrbq_gather_offset_s32(skip + at, steps);
        vstrbq_scatter_offset_s32(y + at, steps,
                                  kgl_add_s8_lanes_value(add, v, s, add_low, add_high));
    }
    if (i < n) {
        const mve_pred16_t live = vctp32q(n - i);
        const size_t at = (size_t)i * y_step;
        const int32x4_t v = kgl_requantize_lanes_s8(vldrwq_z_s32((const int32_t *)(acc + i), live),
                                                    multipliers, left, down, offset, low, high);
        const int32x4_t s = vldrbq_gather_offset_z_s32(skip + at, steps, live);
        vstrbq_scatter_offset_p_s32(y + at, steps,
                                    kgl_add_s8_lanes_value(add, v, s, add_low, add_high), live);
    }
}
#endif

#endif /* KGL_RESIDUAL_H */
