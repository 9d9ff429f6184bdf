/* MUL, int8, as TFLite's reference_integer_ops MulElementwise / BroadcastMul6DSlow: the
   product of the offset inputs rescaled by MultiplyByQuantizedMultiplier, offset and
   clamped. Twin of MulS8.swift. */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"

/* Reads both inputs, writes every output element. */
void kgl_mul_s8(const kgl_mul_s8_params *restrict p) {
    const kgl_broadcast *bc = &p->broadcast;
    const int32_t input1_offset = p->input1_offset, input2_offset = p->input2_offset;
    const int32_t output_offset = p->output_offset;
    const int32_t multiplier = p->output_multiplier, shift = p->output_shift;
    const int32_t act_min = p->activation_min, act_max = p->activation_max;
    const int8_t *x1 = p->input1;
    const int8_t *x2 = p->input2;
    int8_t *y = p->output;
    uint32_t index[KGL_MAX_RANK] = {0};
    uint32_t ia = 0;
    uint32_t ib = 0;
    for (uint32_t n = 0; n < bc->count; n++) {
        /* |product| <= 255 * 255. A large left shift in the rescale wraps, as TFLite's int32
           arithmetic does on every target it runs on; so does adding the offset. */
        const int32_t product = (input1_offset + x1[ia]) * (input2_offset + x2[ib]);
        const int32_t scaled = kgl_multiply_by_quantized_multiplier(product, multiplier, shift);
        int32_t r = (int32_t)((uint32_t)scaled + (uint32_t)output_offset);
        if (r < act_min) {
            r = act_min;
        }
        if (r > act_max) {
            r = act_max;
        }
        y[n] = (int8_t)r;
        kgl_broadcast_next(bc, index, &ia, &ib);
    }
}
