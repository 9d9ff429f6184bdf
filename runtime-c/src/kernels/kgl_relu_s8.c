/*
 * RELU, int8: requantize from the input's scale to the output's, then clamp to
 * [activation_min, activation_max] (activation_min is the output zero point, so negative
 * reals become 0), as TFLite Micro's ReluQuantized. Twin of ReluS8.swift.
 */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"

/* Reads the input, writes the output, element by element:
   clamp(output_offset + MBQM(x - input_offset)). */
void kgl_relu_s8(const kgl_relu_s8_params *restrict p) {
    const int8_t *in = p->input;
    int8_t *out = p->output;
    const uint32_t count = p->count;

    for (uint32_t i = 0; i < count; i++) {
        /* 64-bit sum: no int32 overflow whatever the options (none for real models). */
        int64_t value = (int64_t)p->output_offset +
                        kgl_multiply_by_quantized_multiplier((int32_t)in[i] - p->input_offset,
                                                             p->output_multiplier, p->output_shift);
        value = value < p->activation_min ? p->activation_min : value;
        value = value > p->activation_max ? p->activation_max : value;
        out[i] = (int8_t)value;
    }
}
