/*
 * SOFTMAX over the last axis, int8 in, int8 out with scale 1/256 and zero point -128, as
 * TFLite Micro's reference_ops::Softmax computes it. Twin of SoftmaxS8.swift.
 *
 * Per row: d = x - max(row); entries with d < diff_min contribute nothing and output
 * -128. The others are rescaled to Q5.26 (d * 2^input_left_shift, then the Q31
 * input_multiplier: beta * input scale), exponentiated with gemmlowp's exp_on_negative_values,
 * summed in Q12.19, inverted (GetReciprocal), and each exp times the reciprocal is shifted
 * down to 1/256 steps and offset by -128.
 */
#include "../kgl_fixedpoint.h"
#include "../kgl_kernels.h"

/* Integer bits of the rescaled differences and of the sum of exponentials, as in TFLM. */
#define KGL_SOFTMAX_DIFF_INTEGER_BITS 5
#define KGL_SOFTMAX_SUM_INTEGER_BITS 12

/* exp(d * beta * scale) as a Q0, for a difference d in [diff_min, 0]. */
static int32_t kgl_softmax_exp(int32_t diff, const kgl_softmax_s8_params *p) {
    const int32_t scaled = kgl_saturating_rounding_doubling_high_mul(
        kgl_wrap_shift_left(diff, p->input_left_shift), p->input_multiplier);
    return kgl_exp_on_negative_values(scaled, KGL_SOFTMAX_DIFF_INTEGER_BITS);
}

/*
 * Reads the input, writes the output, row by row.
 * TFLM stops (TFLITE_CHECK) when a row's sum of exponentials reaches 512, where the final
 * shift would exceed 31; every probability is then below 1/512 and rounds to 0, so here
 * the row is -128 throughout. The sum saturates instead of wrapping (rows over 4095 long).
 */
void kgl_softmax_s8(const kgl_softmax_s8_params *restrict p) {
    const int8_t *in = p->input;
    int8_t *out = p->output;
    const uint32_t depth = p->depth;
    const uint32_t rows = p->rows;

    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *x = in + (size_t)r * depth;
        int8_t *y = out + (size_t)r * depth;
        int32_t max = INT8_MIN;
        for (uint32_t c = 0; c < depth; c++) {
            if (x[c] > max) {
                max = x[c];
            }
        }
        int64_t sum = 0;
        for (uint32_t c = 0; c < depth; c++) {
            const int32_t diff = (int32_t)x[c] - max;
            if (diff >= p->diff_min) {
                sum += kgl_rescale(kgl_softmax_exp(diff, p), 0, KGL_SOFTMAX_SUM_INTEGER_BITS);
            }
        }
        if (sum > INT32_MAX) {
            sum = INT32_MAX;
        }
        /* The row maximum contributes exp(0) = 1, so sum >= 2^19 > 0. */
        int num_bits_over_unit;
        const int32_t reciprocal =
            kgl_reciprocal((int32_t)sum, KGL_SOFTMAX_SUM_INTEGER_BITS, &num_bits_over_unit);
        const int exponent = num_bits_over_unit + 31 - 8;
        for (uint32_t c = 0; c < depth; c++) {
            const int32_t diff = (int32_t)x[c] - max;
            int32_t value = INT8_MIN;
            if (diff >= p->diff_min && exponent <= 31) {
                const int32_t unsaturated = kgl_rounding_divide_by_pot(
                    kgl_saturating_rounding_doubling_high_mul(reciprocal, kgl_softmax_exp(diff, p)),
                    exponent);
                value = unsaturated + INT8_MIN;
                value = value < INT8_MIN ? INT8_MIN : value > INT8_MAX ? INT8_MAX : value;
            }
            y[c] = (int8_t)value;
        }
    }
}
