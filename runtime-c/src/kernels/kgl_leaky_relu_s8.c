/*
 * LEAKY_RELU, int8, as TFLite Micro's QuantizeLeakyRelu: d = x - input_offset; d >= 0 is
 * rescaled by the identity multiplier (input scale / output scale), d < 0 by the alpha
 * multiplier (alpha * input scale / output scale, which may be negative: then by its
 * magnitude and negated); plus output_offset, clamped to int8. Twin of LeakyReluS8.swift.
 */
#include "../kgl_internal.h"
#include "../kgl_requantize.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape, both offsets are int8 values,
 * the identity multiplier is >= 0, the alpha multiplier is not INT32_MIN (its magnitude must
 * be an int32) and both shifts are in [-31, 30]; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS
 * otherwise.
 */
kgl_status kgl_leaky_relu_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_leaky_relu_options *o = KGL_OPTIONS(kgl_leaky_relu_options, op);
    if (o->input_offset < INT8_MIN || o->input_offset > INT8_MAX ||
        o->output_offset < INT8_MIN || o->output_offset > INT8_MAX ||
        o->identity_multiplier < 0 || o->identity_shift < -31 || o->identity_shift > 30 ||
        o->alpha_multiplier == INT32_MIN || o->alpha_shift < -31 || o->alpha_shift > 30) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Reads the input, writes the output, element by element. */
void kgl_leaky_relu_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_leaky_relu_options *o = KGL_OPTIONS(kgl_leaky_relu_options, op);
    const int8_t *in = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *out = (int8_t *)kgl_tensor_mutable_data(m, output);
    const uint32_t count = kgl_element_count(input);
    const int alpha_negative = o->alpha_multiplier < 0;
    const int32_t alpha_magnitude = alpha_negative ? -o->alpha_multiplier : o->alpha_multiplier;

    for (uint32_t i = 0; i < count; i++) {
        const int32_t d = (int32_t)in[i] - o->input_offset;
        /* 64-bit: neither the negation nor the sum can overflow. */
        int64_t value = o->output_offset;
        if (d >= 0) {
            value += kgl_multiply_by_quantized_multiplier(d, o->identity_multiplier,
                                                          o->identity_shift);
        } else {
            const int64_t scaled =
                kgl_multiply_by_quantized_multiplier(d, alpha_magnitude, o->alpha_shift);
            value += alpha_negative ? -scaled : scaled;
        }
        value = value < INT8_MIN ? INT8_MIN : value > INT8_MAX ? INT8_MAX : value;
        out[i] = (int8_t)value;
    }
}
