/*
 * DEQUANTIZE, int16 to float32: y = scale * (x - input_zero_point), as TFLite Micro's
 * reference_ops::Dequantize. TFLM multiplies in double and rounds to float once; the exact
 * product of a float and an integer below 2^17 has at most 41 significant bits, so double
 * holds it exactly, and a float32 multiply (one correctly rounded operation on the same
 * exact product) gives the same float. Only with KGL_ENABLE_FLOAT. Twin of
 * DequantizeS16.swift.
 */
#include "../kgl_internal.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when the input is int16, the output float32 of the same shape, the zero
 * point an int16 value and scale_bits a positive finite float32; KGL_ERROR_UNSUPPORTED_OPERATOR
 * when KGL_ENABLE_FLOAT is 0; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_dequantize_s16_check(const kgl_model *m, const kgl_operator_record *op) {
#if KGL_ENABLE_FLOAT
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT16, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_FLOAT32, 0) != KGL_OK ||
        !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_dequantize_options *o = KGL_OPTIONS(kgl_dequantize_options, op);
    if (o->input_zero_point < INT16_MIN || o->input_zero_point > INT16_MAX ||
        o->scale_bits <= 0 || o->scale_bits >= 0x7F800000) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
#else
    (void)m;
    (void)op;
    return KGL_ERROR_UNSUPPORTED_OPERATOR;
#endif
}

/* Reads the input, writes the output, element by element. */
void kgl_dequantize_s16(const kgl_model *m, const kgl_operator_record *op) {
#if KGL_ENABLE_FLOAT
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_dequantize_options *o = KGL_OPTIONS(kgl_dequantize_options, op);
    const int16_t *in = (const int16_t *)kgl_tensor_data(m, input);
    float *out = (float *)kgl_tensor_mutable_data(m, output);
    const uint32_t count = kgl_element_count(input);
    union {
        int32_t bits;
        float value;
    } scale;
    scale.bits = o->scale_bits;
    for (uint32_t i = 0; i < count; i++) {
        out[i] = scale.value * (float)((int32_t)in[i] - o->input_zero_point);
    }
#else
    (void)m;
    (void)op;
#endif
}
