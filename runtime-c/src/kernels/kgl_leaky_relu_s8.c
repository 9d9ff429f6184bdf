/*
 * LEAKY_RELU, int8, as TFLite Micro's QuantizeLeakyRelu: d = x - input_offset; d >= 0 is
 * rescaled by the identity multiplier (input scale / output scale), d < 0 by the alpha
 * multiplier (alpha * input scale / output scale, which may be negative: then by its
 * magnitude and negated); plus output_offset, clamped to int8. Twin of LeakyReluS8.swift.
 */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"

/* Reads the input, writes the output, element by element. */
void kgl_leaky_relu_s8(const kgl_leaky_relu_s8_params *restrict p) {
    const int8_t *in = p->input;
    int8_t *out = p->output;
    const uint32_t count = p->count;
    const int alpha_negative = p->alpha_multiplier < 0;
    const int32_t alpha_magnitude = alpha_negative ? -p->alpha_multiplier : p->alpha_multiplier;

    for (uint32_t i = 0; i < count; i++) {
        const int32_t d = (int32_t)in[i] - p->input_offset;
        /* 64-bit: neither the negation nor the sum can overflow. */
        int64_t value = p->output_offset;
        if (d >= 0) {
            value += kgl_multiply_by_quantized_multiplier(d, p->identity_multiplier,
                                                          p->identity_shift);
        } else {
            const int64_t scaled =
                kgl_multiply_by_quantized_multiplier(d, alpha_magnitude, p->alpha_shift);
            value += alpha_negative ? -scaled : scaled;
        }
        value = value < INT8_MIN ? INT8_MIN : value > INT8_MAX ? INT8_MAX : value;
        out[i] = (int8_t)value;
    }
}
