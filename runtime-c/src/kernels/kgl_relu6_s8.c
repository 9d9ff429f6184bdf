/*
 * RELU6, int8: clamp to [activation_min, activation_max] = [quantized 0, quantized 6] of the
 * input's quantization, with no rescaling: TFLite Micro's Relu6Quantized, which writes the
 * input's values as they are (the converter gives RELU6 output the input's quantization).
 * Twin of Relu6S8.swift.
 */
#include "../kgl_kernels.h"

/* Reads the input, writes the output, element by element. */
void kgl_relu6_s8(const kgl_relu6_s8_params *restrict p) {
    const int8_t *in = p->input;
    int8_t *out = p->output;
    const uint32_t count = p->count;

    for (uint32_t i = 0; i < count; i++) {
        const int32_t x = in[i];
        out[i] = (int8_t)(x > p->activation_max   ? p->activation_max
                          : x < p->activation_min ? p->activation_min
                                                  : x);
    }
}
