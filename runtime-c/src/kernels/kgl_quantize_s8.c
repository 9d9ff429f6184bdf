/*
 * QUANTIZE to int8, as TFLite Micro's quantize kernel:
 *   from float32: q = clamp(round(x / scale) + output_zero_point), the division in float32,
 *     x first normalized when the input has an input normalization (format 1.3),
 *     and rounding half away from zero (reference_ops::AffineQuantize, kgl_affine_quantize.h).
 *     Only with KGL_ENABLE_FLOAT; otherwise the check refuses it.
 *   from int8: q = clamp(MBQM(x - input_offset, multiplier, shift) + output_zero_point), the
 *     multiplier being input scale / output scale in double (reference_ops::Requantize).
 * Twin of QuantizeS8.swift. QUANTIZE to or from int16 is kgl_quantize_s16.c.
 */
#include "../kgl_affine_quantize.h"
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"

/* Reads the input, writes the output, element by element. */
void kgl_quantize_s8(const kgl_quantize_s8_params *restrict p) {
    int8_t *out = p->output;
    const uint32_t count = p->count;
#if KGL_ENABLE_FLOAT
    if (p->input_type == KGL_TYPE_FLOAT32) {
        const float *in = (const float *)p->input;
        const float scale = p->scale;
        const int32_t zero_point = p->output_zero_point;
        const float *normalization = p->normalization;
        const uint32_t channels = p->normalization_channels;
        for (uint32_t i = 0; i < count; i++) {
            const float x = kgl_normalize(in[i], normalization, channels, i);
            out[i] = (int8_t)kgl_affine_quantize(x, scale, zero_point, INT8_MIN, INT8_MAX);
        }
        return;
    }
#endif
    const int8_t *in = (const int8_t *)p->input;
    for (uint32_t i = 0; i < count; i++) {
        int64_t q = (int64_t)kgl_multiply_by_quantized_multiplier(
                        (int32_t)in[i] - p->input_offset, p->multiplier, p->shift) +
                    p->output_zero_point;
        q = q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
        out[i] = (int8_t)q;
    }
}
