/*
 * RELU6, int8: clamp to [activation_min, activation_max] = [quantized 0, quantized 6] of the
 * input's quantization, with no rescaling: TFLite Micro's Relu6Quantized, which writes the
 * input's values as they are (the converter gives RELU6 output the input's quantization).
 * Uses only those two slots of the RELU options. Twin of Relu6S8.swift.
 */
#include "../kgl_internal.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape and
 * -128 <= activation_min <= activation_max <= 127; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS
 * otherwise.
 */
kgl_status kgl_relu6_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_relu_options *o = KGL_OPTIONS(kgl_relu_options, op);
    if (o->activation_min < INT8_MIN || o->activation_min > o->activation_max ||
        o->activation_max > INT8_MAX) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Reads the input, writes the output, element by element. */
void kgl_relu6_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_relu_options *o = KGL_OPTIONS(kgl_relu_options, op);
    const int8_t *in = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *out = (int8_t *)kgl_tensor_mutable_data(m, output);
    const uint32_t count = kgl_element_count(input);

    for (uint32_t i = 0; i < count; i++) {
        const int32_t x = in[i];
        out[i] = (int8_t)(x > o->activation_max   ? o->activation_max
                          : x < o->activation_min ? o->activation_min
                                                  : x);
    }
}
