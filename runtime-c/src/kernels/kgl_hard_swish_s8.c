/*
 * HARD_SWISH, int8: x * relu6(x + 3) / 6 in TFLite's 16-bit fixed point
 * (reference_ops::HardSwish, which TFLite Micro runs). Twin of HardSwishS8.swift.
 *
 * d = x - input_zero_point is put on a "high-resolution" scale (d * 128). One product takes
 * it to the output scale before the final shift (output multiplier); another rescales it so
 * that real 3.0 maps to 32768, saturating ("reluish"), which is then mapped from [-1, 1] to
 * [0, 1] and multiplies the first (truncating high multiply, as TFLite, to cancel the
 * rounding bias). A rounding shift by -output_exponent and the output zero point finish.
 */
#include "../kgl_fixedpoint.h"
#include "../kgl_internal.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape, both zero points are int8
 * values, both 16-bit multipliers are in [0, 32767], the reluish exponent is in [-31, 31]
 * and the output exponent in [-31, 0]; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_hard_swish_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_hard_swish_options *o = KGL_OPTIONS(kgl_hard_swish_options, op);
    if (o->input_zero_point < INT8_MIN || o->input_zero_point > INT8_MAX ||
        o->output_zero_point < INT8_MIN || o->output_zero_point > INT8_MAX ||
        o->reluish_multiplier_fixedpoint_int16 < 0 ||
        o->reluish_multiplier_fixedpoint_int16 > INT16_MAX ||
        o->output_multiplier_fixedpoint_int16 < 0 ||
        o->output_multiplier_fixedpoint_int16 > INT16_MAX ||
        o->reluish_multiplier_exponent < -31 || o->reluish_multiplier_exponent > 31 ||
        o->output_multiplier_exponent < -31 || o->output_multiplier_exponent > 0) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Reads the input, writes the output, element by element. */
void kgl_hard_swish_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_hard_swish_options *o = KGL_OPTIONS(kgl_hard_swish_options, op);
    const int8_t *in = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *out = (int8_t *)kgl_tensor_mutable_data(m, output);
    const uint32_t count = kgl_element_count(input);
    const int16_t reluish_multiplier = (int16_t)o->reluish_multiplier_fixedpoint_int16;
    const int16_t output_multiplier = (int16_t)o->output_multiplier_fixedpoint_int16;
    const int reluish_exponent = o->reluish_multiplier_exponent;

    for (uint32_t i = 0; i < count; i++) {
        /* |d| <= 255, so d * 128 fits in int16. */
        const int16_t d = (int16_t)((int32_t)in[i] - o->input_zero_point);
        const int16_t hires = (int16_t)(d * 128);
        const int16_t preshift_output =
            kgl_saturating_rounding_doubling_high_mul_i16(hires, output_multiplier);
        int16_t reluish = hires;
        if (reluish_exponent > 0) {
            /* All but the last bit of the left shift; saturation here cannot matter. */
            reluish = kgl_saturating_left_shift_i16(reluish, reluish_exponent - 1);
        }
        reluish = kgl_saturating_rounding_doubling_high_mul_i16(reluish, reluish_multiplier);
        if (reluish_exponent > 0) {
            reluish = kgl_saturating_left_shift_i16(reluish, 1);
        } else if (reluish_exponent < 0) {
            reluish = kgl_rounding_divide_by_pot_i16(reluish, -reluish_exponent);
        }
        /* [-1, 1] -> [0, 1] */
        reluish = (int16_t)(((int32_t)reluish + 32768) >> 1);
        const int16_t preshift_value = kgl_saturating_doubling_high_mul_i16(reluish, preshift_output);
        int16_t value = kgl_rounding_divide_by_pot_i16(preshift_value, -o->output_multiplier_exponent);
        value = kgl_wrap_i16((int32_t)value + o->output_zero_point);
        value = value > INT8_MAX ? INT8_MAX : value < INT8_MIN ? INT8_MIN : value;
        out[i] = (int8_t)value;
    }
}
