/*
 * LOGISTIC, int8 in, int8 out with scale 1/256 and zero point -128, as TFLite Micro's
 * reference_integer_ops::Logistic computes it. Twin of LogisticS8.swift.
 *
 * d = x - input_zero_point; |d| >= input_range_radius saturates to -128 / 127; otherwise d
 * is rescaled to Q4.27 (input_multiplier, input_left_shift: the input scale * 2^27),
 * gemmlowp's logistic gives a Q0 in [0, 1], and a rounding shift by 23 gives 1/256 steps.
 */
#include "../kgl_fixedpoint.h"
#include "../kgl_internal.h"

#define KGL_LOGISTIC_INPUT_INTEGER_BITS 4

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape, the input zero point is an
 * int8, the radius and multiplier are >= 0 and the left shift is in [0, 30];
 * KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_logistic_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_logistic_options *o = KGL_OPTIONS(kgl_logistic_options, op);
    if (o->input_zero_point < INT8_MIN || o->input_zero_point > INT8_MAX ||
        o->input_range_radius < 0 || o->input_multiplier < 0 || o->input_left_shift < 0 ||
        o->input_left_shift > 30) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Reads the input, writes the output, element by element. */
void kgl_logistic_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_logistic_options *o = KGL_OPTIONS(kgl_logistic_options, op);
    const int8_t *in = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *out = (int8_t *)kgl_tensor_mutable_data(m, output);
    const uint32_t count = kgl_element_count(input);

    for (uint32_t i = 0; i < count; i++) {
        const int32_t d = (int32_t)in[i] - o->input_zero_point;
        int32_t value;
        if (d <= -o->input_range_radius) {
            value = INT8_MIN;
        } else if (d >= o->input_range_radius) {
            value = INT8_MAX;
        } else {
            const int32_t q4 = kgl_multiply_by_quantized_multiplier(d, o->input_multiplier,
                                                                    o->input_left_shift);
            const int32_t q0 = kgl_logistic(q4, KGL_LOGISTIC_INPUT_INTEGER_BITS);
            value = kgl_rounding_divide_by_pot(q0, 31 - 8) + INT8_MIN;
            value = value < INT8_MIN ? INT8_MIN : value > INT8_MAX ? INT8_MAX : value;
        }
        out[i] = (int8_t)value;
    }
}
