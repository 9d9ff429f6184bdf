/* ADD, 16x8 (int16), as TFLite Micro's int16 path: reference_ops::Add with pot_scale false
   (AddGeneralParamScale) or BroadcastAdd4DSlow, i.e. the int8 formula (kgl_add_s8.c) with a
   left shift of 15 instead of 20: both inputs shifted left, rescaled to a common scale
   (multipliers < 1), summed, rescaled to the output and clamped. Twin of AddS16.swift. */
#include "../kgl_broadcast.h"
#include "../kgl_internal.h"
#include "../kgl_requantize.h"

/* Checks: int16 operands, the output shape the broadcast of the inputs'; offsets 0 (16x8
   activations are symmetric), left shift in [0, 15], multipliers >= 0 with shifts in
   [-31, 0], activation range within int16 and not empty. These bounds keep every
   intermediate of the kernel within int32 (|x| * 2^15 <= 2^30, each rescaled value no
   larger, so their sum fits).
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_add_s16_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    const kgl_add_options *o = KGL_OPTIONS(kgl_add_options, op);
    kgl_broadcast bc;
    if (kgl_check_tensor(a, KGL_TYPE_INT16, 0) != KGL_OK ||
        kgl_check_tensor(b, KGL_TYPE_INT16, 0) != KGL_OK ||
        kgl_check_tensor(out, KGL_TYPE_INT16, 0) != KGL_OK || !kgl_broadcast_init(&bc, a, b, out)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->input1_offset != 0 || o->input2_offset != 0 || o->output_offset != 0 ||
        o->left_shift < 0 || o->left_shift > 15 || o->input1_multiplier < 0 ||
        o->input2_multiplier < 0 || o->output_multiplier < 0 || o->input1_shift < -31 ||
        o->input1_shift > 0 || o->input2_shift < -31 || o->input2_shift > 0 ||
        o->output_shift < -31 || o->output_shift > 0 || o->activation_min < INT16_MIN ||
        o->activation_max > INT16_MAX || o->activation_min > o->activation_max) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Reads both inputs, writes every output element. */
void kgl_add_s16(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    const kgl_add_options *o = KGL_OPTIONS(kgl_add_options, op);
    const int16_t *x1 = (const int16_t *)kgl_tensor_data(m, a);
    const int16_t *x2 = (const int16_t *)kgl_tensor_data(m, b);
    int16_t *y = (int16_t *)kgl_tensor_mutable_data(m, out);
    kgl_broadcast bc;
    (void)kgl_broadcast_init(&bc, a, b, out);
    uint32_t index[KGL_MAX_RANK] = {0};
    uint32_t ia = 0;
    uint32_t ib = 0;
    const uint32_t count = kgl_element_count(out);
    for (uint32_t n = 0; n < count; n++) {
        const int32_t v1 = (int32_t)x1[ia] * ((int32_t)1 << o->left_shift);
        const int32_t v2 = (int32_t)x2[ib] * ((int32_t)1 << o->left_shift);
        const int32_t sum =
            kgl_multiply_by_quantized_multiplier(v1, o->input1_multiplier, o->input1_shift) +
            kgl_multiply_by_quantized_multiplier(v2, o->input2_multiplier, o->input2_shift);
        int32_t r = kgl_multiply_by_quantized_multiplier(sum, o->output_multiplier, o->output_shift);
        if (r < o->activation_min) {
            r = o->activation_min;
        }
        if (r > o->activation_max) {
            r = o->activation_max;
        }
        y[n] = (int16_t)r;
        kgl_broadcast_next(&bc, index, &ia, &ib);
    }
}
