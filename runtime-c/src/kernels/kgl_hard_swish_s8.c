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
#include "../kgl_kernels.h"

/* Reads the input, writes the output, element by element. */
void kgl_hard_swish_s8(const kgl_hard_swish_s8_params *restrict p) {
    const int8_t *in = p->input;
    int8_t *out = p->output;
    const uint32_t count = p->count;
    const int16_t reluish_multiplier = (int16_t)p->reluish_multiplier_fixedpoint_int16;
    const int16_t output_multiplier = (int16_t)p->output_multiplier_fixedpoint_int16;
    const int reluish_exponent = p->reluish_multiplier_exponent;

    for (uint32_t i = 0; i < count; i++) {
        /* |d| <= 255, so d * 128 fits in int16. */
        const int16_t d = (int16_t)((int32_t)in[i] - p->input_zero_point);
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
        int16_t value = kgl_rounding_divide_by_pot_i16(preshift_value, -p->output_multiplier_exponent);
        value = kgl_wrap_i16((int32_t)value + p->output_zero_point);
        value = value > INT8_MAX ? INT8_MAX : value < INT8_MIN ? INT8_MIN : value;
        out[i] = (int8_t)value;
    }
}
