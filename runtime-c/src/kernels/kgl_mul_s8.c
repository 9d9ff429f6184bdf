/* MUL, int8, as TFLite's reference_integer_ops MulElementwise / BroadcastMul6DSlow: the
   product of the offset inputs rescaled by MultiplyByQuantizedMultiplier, offset and
   clamped. Twin of MulS8.swift. */
#include "../kgl_broadcast.h"
#include "../kgl_internal.h"
#include "../kgl_requantize.h"

/* Checks: int8 operands, the output shape the broadcast of the inputs'; input offsets
   (= -zero point) in [-127, 128], output offset in [-128, 127], multiplier >= 0, shift in
   [-31, 30], activation range within int8 and not empty.
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_mul_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    const kgl_mul_options *o = KGL_OPTIONS(kgl_mul_options, op);
    kgl_broadcast bc;
    if (kgl_check_tensor(a, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(b, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(out, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_broadcast_init(&bc, a, b, out)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->input1_offset < -127 || o->input1_offset > 128 || o->input2_offset < -127 ||
        o->input2_offset > 128 || o->output_offset < -128 || o->output_offset > 127 ||
        o->output_multiplier < 0 || o->output_shift < -31 || o->output_shift > 30 ||
        o->activation_min < -128 || o->activation_max > 127 ||
        o->activation_min > o->activation_max) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Reads both inputs, writes every output element. */
void kgl_mul_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    const kgl_mul_options *o = KGL_OPTIONS(kgl_mul_options, op);
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
        /* |product| <= 255 * 255. A large left shift in the rescale wraps, as TFLite's int32
           arithmetic does on every target it runs on; so does adding the offset. */
        const int32_t product = (o->input1_offset + x1[ia]) * (o->input2_offset + x2[ib]);
        const int32_t scaled =
            kgl_multiply_by_quantized_multiplier(product, o->output_multiplier, o->output_shift);
        int32_t r = (int32_t)((uint32_t)scaled + (uint32_t)o->output_offset);
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
