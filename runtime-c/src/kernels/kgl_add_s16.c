/* ADD, 16x8 (int16), as TFLite Micro's int16 path: reference_ops::Add with pot_scale false
   (AddGeneralParamScale) or BroadcastAdd4DSlow, i.e. the int8 formula (kgl_add_s8.c) with a
   left shift of 15 instead of 20 and no offsets: both inputs shifted left, rescaled to a
   common scale (multipliers < 1), summed, rescaled to the output and clamped. Twin of
   AddS16.swift. */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"

/* Reads both inputs, writes every output element. The requirements keep every intermediate
   within int32 (|x| * 2^15 <= 2^30, each rescaled value no larger, so their sum fits). */
void kgl_add_s16(const kgl_add_s16_params *restrict p) {
    /* A local copy: the output stores could alias *p, which would reload it per element. */
    const kgl_broadcast broadcast = p->broadcast;
    const kgl_broadcast *bc = &broadcast;
    const int16_t *x1 = p->input1;
    const int16_t *x2 = p->input2;
    int16_t *y = p->output;
    uint32_t index[KGL_MAX_RANK] = {0};
    uint32_t ia = 0;
    uint32_t ib = 0;
    const uint32_t count = bc->count;
    for (uint32_t n = 0; n < count; n++) {
        const int32_t v1 = (int32_t)x1[ia] * ((int32_t)1 << p->left_shift);
        const int32_t v2 = (int32_t)x2[ib] * ((int32_t)1 << p->left_shift);
        const int32_t sum =
            kgl_multiply_by_quantized_multiplier(v1, p->input1_multiplier, p->input1_shift) +
            kgl_multiply_by_quantized_multiplier(v2, p->input2_multiplier, p->input2_shift);
        int32_t r = kgl_multiply_by_quantized_multiplier(sum, p->output_multiplier, p->output_shift);
        if (r < p->activation_min) {
            r = p->activation_min;
        }
        if (r > p->activation_max) {
            r = p->activation_max;
        }
        y[n] = (int16_t)r;
        kgl_broadcast_next(bc, index, &ia, &ib);
    }
}
