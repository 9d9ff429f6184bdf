/*
 * DEQUANTIZE, int8 to float32: y = scale * (x - input_zero_point), as TFLite Micro's
 * reference_ops::Dequantize. TFLM multiplies in double and rounds to float once; the exact
 * product of a float and an integer below 2^9 has at most 33 significant bits, so double
 * holds it exactly, and a float32 multiply (one correctly rounded operation on the same
 * exact product) gives the same float. Only with KGL_ENABLE_FLOAT. Twin of DequantizeS8.swift.
 */
#include "../kgl_kernels.h"

/* Reads the input, writes the output, element by element (nothing without KGL_ENABLE_FLOAT,
   whose check refuses the operator). */
void kgl_dequantize_s8(const kgl_dequantize_s8_params *restrict p) {
#if KGL_ENABLE_FLOAT
    const int8_t *in = p->input;
    float *out = p->output;
    const uint32_t count = p->count;
    const int32_t zero_point = p->input_zero_point;
    const float scale = p->scale;
    for (uint32_t i = 0; i < count; i++) {
        out[i] = scale * (float)((int32_t)in[i] - zero_point);
    }
#else
    (void)p;
#endif
}
