/*
 * kgl_float_io.c: float32 in and out of a model's int8 or int16 tensors (kinglet.h,
 * kgl_quantize_f32 and kgl_dequantize_f32), with the arithmetic of kgl_affine_quantize.h.
 * Only with KGL_ENABLE_FLOAT; without it this file defines nothing.
 */
#include "kgl_affine_quantize.h"
#include "kinglet.h"

#if KGL_ENABLE_FLOAT

kgl_status kgl_quantize_f32(const kgl_tensor *tensor, const float *values, size_t n) {
    if (tensor == NULL || values == NULL || tensor->data == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    if (tensor->type == KGL_TYPE_INT8 && n <= tensor->bytes) {
        int8_t *out = (int8_t *)tensor->data;
        for (size_t i = 0; i < n; i++) {
            const float x = kgl_normalize(values[i], tensor->normalization,
                                          tensor->normalization_channels, (uint32_t)i);
            out[i] = (int8_t)kgl_affine_quantize(x, tensor->scale, tensor->zero_point, INT8_MIN,
                                                 INT8_MAX);
        }
        return KGL_OK;
    }
    if (tensor->type == KGL_TYPE_INT16 && n <= tensor->bytes / 2u) {
        int16_t *out = (int16_t *)tensor->data;
        for (size_t i = 0; i < n; i++) {
            const float x = kgl_normalize(values[i], tensor->normalization,
                                          tensor->normalization_channels, (uint32_t)i);
            out[i] = (int16_t)kgl_affine_quantize(x, tensor->scale, tensor->zero_point,
                                                  INT16_MIN, INT16_MAX);
        }
        return KGL_OK;
    }
    return KGL_ERROR_INDEX;
}

kgl_status kgl_dequantize_f32(const kgl_tensor *tensor, float *values, size_t n) {
    if (tensor == NULL || values == NULL || tensor->data == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    if (tensor->type == KGL_TYPE_INT8 && n <= tensor->bytes) {
        const int8_t *in = (const int8_t *)tensor->data;
        for (size_t i = 0; i < n; i++) {
            values[i] = tensor->scale * (float)((int64_t)in[i] - tensor->zero_point);
        }
        return KGL_OK;
    }
    if (tensor->type == KGL_TYPE_INT16 && n <= tensor->bytes / 2u) {
        const int16_t *in = (const int16_t *)tensor->data;
        for (size_t i = 0; i < n; i++) {
            values[i] = tensor->scale * (float)((int64_t)in[i] - tensor->zero_point);
        }
        return KGL_OK;
    }
    return KGL_ERROR_INDEX;
}

#endif /* KGL_ENABLE_FLOAT */
