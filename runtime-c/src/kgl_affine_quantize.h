/*
 * kgl_affine_quantize.h: float32 to integer quantization as TFLite's AffineQuantize, the one
 * definition in C (QUANTIZE from float32 in kgl_quantize_s8.c / kgl_quantize_s16.c, and
 * kgl_quantize_f32). The Swift twin is QuantizeS8.quantize.
 *
 *   q = clamp(round(x / scale) + zero_point, qmin, qmax)
 * with the division in float32 and round half away from zero (TfLiteRound). Without libm.
 * Beyond 2^30 the quotient saturates (the result clamps anyway); TFLite's conversion of such
 * values, and of NaN, is undefined: here NaN quantizes to the zero point.
 */
#ifndef KGL_AFFINE_QUANTIZE_H
#define KGL_AFFINE_QUANTIZE_H

#include <stddef.h>
#include <stdint.h>

#include "kgl_config.h"

#if KGL_ENABLE_FLOAT

/* round(v), ties away from zero (C's roundf, without libm), for |v| <= 2^30. */
static inline int32_t kgl_round_half_away(float v) {
    const float magnitude = v < 0.0f ? -v : v;
    int32_t r = (int32_t)magnitude; /* truncation; exact, since magnitude <= 2^30 */
    /* magnitude - r is exact: below 2^23 these are its fraction bits, above it is 0. */
    if (magnitude - (float)r >= 0.5f) {
        r += 1;
    }
    return v < 0.0f ? -r : r;
}

static inline int32_t kgl_affine_quantize(float x, float scale, int32_t zero_point,
                                          int32_t qmin, int32_t qmax) {
    float v = x / scale;
    if (v != v) {
        v = 0.0f;
    } else if (v > 1073741824.0f) {
        v = 1073741824.0f;
    } else if (v < -1073741824.0f) {
        v = -1073741824.0f;
    }
    const int64_t q = (int64_t)kgl_round_half_away(v) + zero_point;
    return q < qmin ? qmin : q > qmax ? qmax : (int32_t)q;
}

/*
 * A model input's normalization (format 1.3) of element i: (x - shift[c]) * multiplier[c],
 * c = i % channels, in float32. `normalization` is f32[2 * channels], shifts then
 * multipliers, or NULL (x unchanged). Subtract, then multiply: no FMA can contract it, so
 * every target rounds as Swift's InputNormalization.apply does.
 */
static inline float kgl_normalize(float x, const float *normalization, uint32_t channels,
                                  uint32_t i) {
    if (normalization == NULL) {
        return x;
    }
    const uint32_t c = i % channels;
    const float centered = x - normalization[c];
    return centered * normalization[channels + c];
}

#endif /* KGL_ENABLE_FLOAT */

#endif /* KGL_AFFINE_QUANTIZE_H */
