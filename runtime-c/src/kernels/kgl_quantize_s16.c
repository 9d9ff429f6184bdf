/*
 * QUANTIZE with int16 on either side, as TFLite Micro's quantize kernel:
 *   float32 -> int16: q = clamp(round(x / scale) + output_zero_point) to int16, the division
 *     in float32, rounding half away from zero (reference_ops::AffineQuantize,
 *     kgl_affine_quantize.h), x first normalized when the input has an input normalization.
 *     Only with KGL_ENABLE_FLOAT; otherwise the check refuses it.
 *   int8 -> int16, int16 -> int8, int16 -> int16: reference_ops::Requantize,
 *     q = clamp(MBQM(x - input_offset, multiplier, shift) + output_zero_point) to the output
 *     type, the multiplier being input scale / output scale in double, MBQM the int32
 *     double-rounding kgl_multiply_by_quantized_multiplier.
 * Twin of QuantizeS16.swift.
 */
#include "../kgl_affine_quantize.h"
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"

/* Reads the input, writes the output, element by element. */
void kgl_quantize_s16(const kgl_quantize_s16_params *restrict p) {
    const uint32_t count = p->count;
    const int to_int16 = p->output_type == KGL_TYPE_INT16;
    const int32_t qmin = to_int16 ? INT16_MIN : INT8_MIN;
    const int32_t qmax = to_int16 ? INT16_MAX : INT8_MAX;
    void *out = p->output;
#if KGL_ENABLE_FLOAT
    if (p->input_type == KGL_TYPE_FLOAT32) {
        const float *in = (const float *)p->input;
        const float scale = p->scale;
        const int32_t zero_point = p->output_zero_point;
        const float *normalization = p->normalization;
        const uint32_t channels = p->normalization_channels;
        for (uint32_t i = 0; i < count; i++) {
            const float x = kgl_normalize(in[i], normalization, channels, i);
            ((int16_t *)out)[i] = (int16_t)kgl_affine_quantize(x, scale, zero_point, qmin, qmax);
        }
        return;
    }
#endif
    const void *in = p->input;
    const int from_int16 = p->input_type == KGL_TYPE_INT16;
    for (uint32_t i = 0; i < count; i++) {
        const int32_t x = from_int16 ? (int32_t)((const int16_t *)in)[i]
                                     : (int32_t)((const int8_t *)in)[i];
        /* |x - input_offset| <= 65535 and |MBQM| < 2^31, so the int64 sum is exact. */
        int64_t q = (int64_t)kgl_multiply_by_quantized_multiplier(x - p->input_offset,
                                                                  p->multiplier, p->shift) +
                    p->output_zero_point;
        q = q < qmin ? qmin : q > qmax ? qmax : q;
        if (to_int16) {
            ((int16_t *)out)[i] = (int16_t)q;
        } else {
            ((int8_t *)out)[i] = (int8_t)q;
        }
    }
}
