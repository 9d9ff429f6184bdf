/* SUB, int8, as TFLite's reference_ops Sub (SubElementwise) and BroadcastQuantSubSlow: both
   inputs offset, shifted left, rescaled to a common scale (multipliers < 1), the second
   subtracted from the first, the difference rescaled to the output, offset and clamped.
   The record is ADD's (kgl_add_options). Twin of SubS8.swift. */
#include "../kgl_broadcast.h"
#include "../kgl_internal.h"
#include "../kgl_requantize.h"

/* Checks exactly what kgl_add_s8_check does: int8 operands, the output shape the broadcast
   of the inputs'; input offsets (= -zero point) in [-127, 128], output offset in
   [-128, 127], left shift in [0, 20], multipliers >= 0 with shifts in [-31, 0], activation
   range within int8 and not empty. These bounds keep every intermediate of the kernel
   within int32 (the difference of two rescaled values stays below 2^29).
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_sub_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_add_s8_check(m, op);
}

/* Requires a successful kgl_sub_s8_check. Reads both inputs, writes every output element. */
void kgl_sub_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    const kgl_add_options *o = KGL_OPTIONS(kgl_add_options, op);
    const int8_t *x1 = (const int8_t *)kgl_tensor_data(m, a);
    const int8_t *x2 = (const int8_t *)kgl_tensor_data(m, b);
    int8_t *y = (int8_t *)kgl_tensor_mutable_data(m, out);
    kgl_broadcast bc;
    (void)kgl_broadcast_init(&bc, a, b, out);
    uint32_t index[KGL_MAX_RANK] = {0};
    uint32_t ia = 0;
    uint32_t ib = 0;
    const uint32_t count = kgl_element_count(out);
    for (uint32_t n = 0; n < count; n++) {
        /* |offset value| <= 255, so the shifted values stay below 2^28. */
        const int32_t v1 = (o->input1_offset + x1[ia]) * ((int32_t)1 << o->left_shift);
        const int32_t v2 = (o->input2_offset + x2[ib]) * ((int32_t)1 << o->left_shift);
        const int32_t difference =
            kgl_multiply_by_quantized_multiplier(v1, o->input1_multiplier, o->input1_shift) -
            kgl_multiply_by_quantized_multiplier(v2, o->input2_multiplier, o->input2_shift);
        int32_t r = kgl_multiply_by_quantized_multiplier(difference, o->output_multiplier,
                                                         o->output_shift) +
                    o->output_offset;
        if (r < o->activation_min) {
            r = o->activation_min;
        }
        if (r > o->activation_max) {
            r = o->activation_max;
        }
        y[n] = (int8_t)r;
        kgl_broadcast_next(&bc, index, &ia, &ib);
    }
}
