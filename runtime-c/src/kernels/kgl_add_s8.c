/* ADD, int8, as TFLite's reference_integer_ops AddFunc over BroadcastAdd6DSlow: both inputs
   offset, shifted left, rescaled to a common scale (multipliers < 1), summed, rescaled to
   the output, offset and clamped. Twin of AddS8.swift. */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"
#include "../kgl_residual.h"

/*
 * Inputs shaped like the output: the same sums element by element, by kgl_add_s8_pair
 * (kgl_residual.h, the arithmetic the residual ADD fused into CONV_2D shares: the values of
 * kgl_multiply_by_quantized_multiplier for ADD's multipliers and shifts).
 */
static void kgl_add_s8_elementwise(const kgl_add_s8_params *restrict p) {
    const kgl_add_s8_pair a = kgl_add_s8_pair_of(p);
    kgl_add_s8_pairs(&a, p->output, p->input1, p->input2, p->broadcast.count);
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
