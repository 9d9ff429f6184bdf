/*
 * LOGISTIC, int8 in, int8 out with scale 1/256 and zero point -128, as TFLite Micro's
 * reference_integer_ops::Logistic computes it. Twin of LogisticS8.swift.
 *
 * d = x - input_zero_point; |d| >= input_range_radius saturates to -128 / 127; otherwise d
 * is rescaled to Q4.27 (input_multiplier, input_left_shift: the input scale * 2^27),
 * gemmlowp's logistic gives a Q0 in [0, 1], and a rounding shift by 23 gives 1/256 steps.
 */
#include "../kgl_fixedpoint.h"
#include "../kgl_kernels.h"

#define KGL_LOGISTIC_INPUT_INTEGER_BITS 4

/* Reads the input, writes the output, element by element. The parameter is not restrict:
   GCC then holds every field in a register and spills in the loop (1.5 % more instructions
   on Cortex-M4 than reading the fields through p). */
void kgl_logistic_s8(const kgl_logistic_s8_params *p) {
    const int8_t *in = p->input;
    int8_t *out = p->output;
    const uint32_t count = p->count;

    for (uint32_t i = 0; i < count; i++) {
        const int32_t d = (int32_t)in[i] - p->input_zero_point;
        int32_t value;
        if (d <= -p->input_range_radius) {
            value = INT8_MIN;
        } else if (d >= p->input_range_radius) {
            value = INT8_MAX;
        } else {
            const int32_t q4 = kgl_multiply_by_quantized_multiplier(d, p->input_multiplier,
                                                                    p->input_left_shift);
            const int32_t q0 = kgl_logistic(q4, KGL_LOGISTIC_INPUT_INTEGER_BITS);
            value = kgl_rounding_divide_by_pot(q0, 31 - 8) + INT8_MIN;
            value = value < INT8_MIN ? INT8_MIN : value > INT8_MAX ? INT8_MAX : value;
        }
        out[i] = (int8_t)value;
    }
}
