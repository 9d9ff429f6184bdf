/*
 * TANH, int8 in, int8 out with scale 1/128 and zero point 0, as TFLite Micro's
 * reference_integer_ops::Tanh computes it. Twin of TanhS8.swift. Options: LOGISTIC's.
 *
 * d = x - input_zero_point; |d| >= input_range_radius saturates to -128 / 127; otherwise d
 * is rescaled to Q4.27 (input_multiplier, input_left_shift: the input scale * 2^27),
 * gemmlowp's tanh gives a Q0 in [-1, 1], and a rounding shift by 24 gives 1/128 steps.
 */
#include "../kgl_fixedpoint.h"
#include "../kgl_internal.h"

#define KGL_TANH_INPUT_INTEGER_BITS 4

/* The same operands, options and rules as LOGISTIC (see kgl_logistic_s8_check). */
kgl_status kgl_tanh_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_logistic_s8_check(m, op);
}

/* Reads the input, writes the output, element by element. */
void kgl_tanh_s8(const kgl_model *m, const kgl_operator_record *op) {
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
            const int32_t q0 = kgl_tanh(q4, KGL_TANH_INPUT_INTEGER_BITS);
            value = kgl_rounding_divide_by_pot(q0, 31 - 7);
            value = value < INT8_MIN ? INT8_MIN : value > INT8_MAX ? INT8_MAX : value;
        }
        out[i] = (int8_t)value;
    }
}
