/*
 * RELU, int8: requantize from the input's scale to the output's, then clamp to
 * [activation_min, activation_max] (activation_min is the output zero point, so negative
 * reals become 0), as TFLite Micro's ReluQuantized. Twin of ReluS8.swift.
 */
#include "../kgl_internal.h"
#include "../kgl_requantize.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape, both offsets are int8
 * values, the multiplier is >= 0, the shift is in [-31, 30] and
 * -128 <= activation_min <= activation_max <= 127; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS
 * otherwise.
 */
kgl_status kgl_relu_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_relu_options *o = KGL_OPTIONS(kgl_relu_options, op);
    if (o->input_offset < INT8_MIN || o->input_offset > INT8_MAX ||
        o->output_offset < INT8_MIN || o->output_offset > INT8_MAX ||
        o->output_multiplier < 0 || o->output_shift < -31 || o->output_shift > 30 ||
        o->activation_min < INT8_MIN || o->activation_min > o->activation_max ||
        o->activation_max > INT8_MAX) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Reads the input, writes the output, element by element:
   clamp(output_offset + MBQM(x - input_offset)). */
void kgl_relu_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_relu_options *o = KGL_OPTIONS(kgl_relu_options, op);
    const int8_t *in = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *out = (int8_t *)kgl_tensor_mutable_data(m, output);
    const uint32_t count = kgl_element_count(input);

    for (uint32_t i = 0; i < count; i++) {
        /* 64-bit sum: no int32 overflow whatever the options (none for real models). */
        int64_t value = (int64_t)o->output_offset +
                        kgl_multiply_by_quantized_multiplier((int32_t)in[i] - o->input_offset,
                                                             o->output_multiplier, o->output_shift);
        value = value < o->activation_min ? o->activation_min : value;
        value = value > o->activation_max ? o->activation_max : value;
        out[i] = (int8_t)value;
    }
}
