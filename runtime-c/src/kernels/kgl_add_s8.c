/* ADD, int8, as TFLite's reference_integer_ops AddFunc over BroadcastAdd6DSlow: both inputs
   offset, shifted left, rescaled to a common scale (multipliers < 1), summed, rescaled to
   the output, offset and clamped. Twin of AddS8.swift. */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"

/*
 * Inputs shaped like the output: the same sums element by element, each multiplier's shift
 * decoded once (kgl_scaled_multiplier, the same values as kgl_multiply_by_quantized_multiplier
 * for the non-negative multipliers ADD has).
 */
static void kgl_add_s8_elementwise(const kgl_add_s8_params *restrict p) {
    const uint32_t count = p->broadcast.count;
    const int32_t input1_offset = p->input1_offset, input2_offset = p->input2_offset;
    const int32_t output_offset = p->output_offset;
    const uint32_t left_shift = (uint32_t)p->left_shift;
    const kgl_scaled_multiplier m1 = kgl_scaled_multiplier_of(p->input1_multiplier, p->input1_shift);
    const kgl_scaled_multiplier m2 = kgl_scaled_multiplier_of(p->input2_multiplier, p->input2_shift);
    const kgl_scaled_multiplier m = kgl_scaled_multiplier_of(p->output_multiplier, p->output_shift);
    const int32_t act_min = p->activation_min, act_max = p->activation_max;
    const int8_t *x1 = p->input1;
    const int8_t *x2 = p->input2;
    int8_t *y = p->output;
    uint32_t n = 0;
#if KGL_VARIANT_MVE
    /* Four elements at a time: the same steps in lanes (kgl_rescale_lanes). */
    const int32x4_t off1 = vdupq_n_s32(input1_offset), off2 = vdupq_n_s32(input2_offset);
    const int32x4_t shift = vdupq_n_s32((int32_t)left_shift);
    const int32x4_t mult1 = vdupq_n_s32(p->input1_multiplier), mult2 = vdupq_n_s32(p->input2_multiplier);
    const int32x4_t mult = vdupq_n_s32(p->output_multiplier), zero = vdupq_n_s32(0);
    const int32x4_t left1 = vmaxq_s32(vdupq_n_s32(p->input1_shift), zero);
    const int32x4_t down1 = vminq_s32(vdupq_n_s32(p->input1_shift), zero);
    const int32x4_t left2 = vmaxq_s32(vdupq_n_s32(p->input2_shift), zero);
    const int32x4_t down2 = vminq_s32(vdupq_n_s32(p->input2_shift), zero);
    const int32x4_t left = vmaxq_s32(vdupq_n_s32(p->output_shift), zero);
    const int32x4_t down = vminq_s32(vdupq_n_s32(p->output_shift), zero);
    const int32x4_t out_offset = vdupq_n_s32(output_offset);
    const int32x4_t low = vdupq_n_s32(act_min), high = vdupq_n_s32(act_max);
    for (; n + 4 <= count; n += 4) {
        const int32x4_t v1 = vshlq_s32(vaddq_s32(vldrbq_s32(x1 + n), off1), shift);
        const int32x4_t v2 = vshlq_s32(vaddq_s32(vldrbq_s32(x2 + n), off2), shift);
        const int32x4_t sum = vaddq_s32(kgl_rescale_lanes(v1, mult1, left1, down1),
                                        kgl_rescale_lanes(v2, mult2, left2, down2));
        vstrbq_s32(y + n, kgl_requantize_lanes_s8(sum, mult, left, down, out_offset, low, high));
    }
#endif
    for (; n < count; n++) {
        /* |offset value| <= 255 and left_shift <= 20: below 2^28, as in kgl_add_s8. */
        const int32_t v1 = (input1_offset + x1[n]) * ((int32_t)1 << left_shift);
        const int32_t v2 = (input2_offset + x2[n]) * ((int32_t)1 << left_shift);
        const int32_t sum =
            kgl_scaled_multiplier_apply(&m1, v1) + kgl_scaled_multiplier_apply(&m2, v2);
        int32_t r = kgl_scaled_multiplier_apply(&m, sum) + output_offset;
        r = r < act_min ? act_min : r;
        r = r > act_max ? act_max : r;
        y[n] = (int8_t)r;
    }
}

/* The readable specification: any broadcast, through the index walk. */
void kgl_add_s8_reference(const kgl_add_s8_params *restrict p) {
    /* Local copies: the output stores could alias *p, which would reload its fields per
       element. */
    const kgl_broadcast bc = p->broadcast;
    const int32_t input1_offset = p->input1_offset, input2_offset = p->input2_offset;
    const int32_t output_offset = p->output_offset;
    const int32_t left_shift = p->left_shift;
    const int32_t multiplier1 = p->input1_multiplier, shift1 = p->input1_shift;
    const int32_t multiplier2 = p->input2_multiplier, shift2 = p->input2_shift;
    const int32_t multiplier = p->output_multiplier, shift = p->output_shift;
    const int32_t act_min = p->activation_min, act_max = p->activation_max;
    const int8_t *x1 = p->input1;
    const int8_t *x2 = p->input2;
    int8_t *y = p->output;
    uint32_t index[KGL_MAX_RANK] = {0};
    uint32_t ia = 0;
    uint32_t ib = 0;
    for (uint32_t n = 0; n < bc.count; n++) {
        /* |offset value| <= 255, so the shifted values stay below 2^28. */
        const int32_t v1 = (input1_offset + x1[ia]) * ((int32_t)1 << left_shift);
        const int32_t v2 = (input2_offset + x2[ib]) * ((int32_t)1 << left_shift);
        const int32_t sum = kgl_multiply_by_quantized_multiplier(v1, multiplier1, shift1) +
                            kgl_multiply_by_quantized_multiplier(v2, multiplier2, shift2);
        int32_t r = kgl_multiply_by_quantized_multiplier(sum, multiplier, shift) + output_offset;
        if (r < act_min) {
            r = act_min;
        }
        if (r > act_max) {
            r = act_max;
        }
        y[n] = (int8_t)r;
        kgl_broadcast_next(&bc, index, &ia, &ib);
    }
}

/* Reads both inputs, writes every output element. */
void kgl_add_s8(const kgl_add_s8_params *restrict p) {
    if (kgl_broadcast_is_elementwise(&p->broadcast)) {
        kgl_add_s8_elementwise(p);
    } else {
        kgl_add_s8_reference(p);
    }
}
