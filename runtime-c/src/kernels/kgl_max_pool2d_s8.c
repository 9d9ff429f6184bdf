/* MAX_POOL_2D, int8 NHWC, as TFLite's reference_integer_ops::MaxPool: the largest value of
   the window clipped to the input, then clamped. Twin of MaxPool2DS8.swift. */
#include "../kgl_kernel_variant.h"
#include "../kgl_kernels.h"

#if KGL_VARIANT_MVE
#include <arm_mve.h>
#endif

/* The readable specification: one output value at a time. */
void kgl_max_pool2d_s8_reference(const kgl_max_pool2d_s8_params *restrict p) {
    const int8_t *x = p->input;
    int8_t *y = p->output;
    const uint32_t batches = p->batches;
    const int32_t in_h = (int32_t)p->input_h;
    const int32_t in_w = (int32_t)p->input_w;
    const uint32_t depth = p->depth;
    const uint32_t out_h = p->output_h;
    const uint32_t out_w = p->output_w;
    const int32_t stride_h = p->stride_h, stride_w = p->stride_w;
    const int32_t filter_h = p->filter_h, filter_w = p->filter_w;
    const int32_t pad_top = p->pad_top, pad_left = p->pad_left;
    const int32_t act_min = p->activation_min, act_max = p->activation_max;
    uint32_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * stride_h - pad_top;
            const int32_t fy0 = y0 < 0 ? -y0 : 0;
            const int32_t fy1 = filter_h < in_h - y0 ? filter_h : in_h - y0;
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * stride_w - pad_left;
                const int32_t fx0 = x0 < 0 ? -x0 : 0;
                const int32_t fx1 = filter_w < in_w - x0 ? filter_w : in_w - x0;
                for (uint32_t c = 0; c < depth; c++) {
                    int32_t max = -128;
                    for (int32_t fy = fy0; fy < fy1; fy++) {
                        const uint32_t row = (b * (uint32_t)in_h + (uint32_t)(y0 + fy)) * (uint32_t)in_w;
                        for (int32_t fx = fx0; fx < fx1; fx++) {
                            const int32_t v = x[(row + (uint32_t)(x0 + fx)) * depth + c];
                            if (v > max) {
                                max = v;
                            }
                        }
                    }
                    if (max < act_min) {
                        max = act_min;
                    }
                    if (max > act_max) {
                        max = act_max;
                    }
                    y[out_index++] = (int8_t)max;
                }
            }
        }
    }
}

#if KGL_VARIANT_MVE
/* With Helium: sixteen channels at a time, the window's largest value lane by lane (VMAX),
   then the clamp; the last block's lanes past the depth are neither read nor stored. */
static void kgl_max_pool2d_s8_mve(const kgl_max_pool2d_s8_params *restrict p) {
    const uint32_t depth = p->depth;
    const int32_t in_h = (int32_t)p->input_h, in_w = (int32_t)p->input_w;
    const int8x16_t low = vdupq_n_s8((int8_t)p->activation_min);
    const int8x16_t high = vdupq_n_s8((int8_t)p->activation_max);
    int8_t *y = p->output;
    for (uint32_t b = 0; b < p->batches; b++) {
        const int8_t *x_batch = p->input + (size_t)b * (size_t)in_h * (size_t)in_w * depth;
        for (uint32_t oy = 0; oy < p->output_h; oy++) {
            const int32_t y0 = (int32_t)oy * p->stride_h - p->pad_top;
            const int32_t fy0 = y0 < 0 ? -y0 : 0;
            const int32_t fy1 = p->filter_h < in_h - y0 ? p->filter_h : in_h - y0;
            for (uint32_t ox = 0; ox < p->output_w; ox++, y += depth) {
                const int32_t x0 = (int32_t)ox * p->stride_w - p->pad_left;
                const int32_t fx0 = x0 < 0 ? -x0 : 0;
                const int32_t fx1 = p->filter_w < in_w - x0 ? p->filter_w : in_w - x0;
                for (uint32_t c = 0; c < depth; c += 16u) {
                    const mve_pred16_t live = vctp8q(depth - c);
                    int8x16_t max = vdupq_n_s8(-128);
                    for (int32_t fy = fy0; fy < fy1; fy++) {
                        const int8_t *row = x_batch + ((size_t)(y0 + fy) * (size_t)in_w) * depth + c;
                        for (int32_t fx = fx0; fx < fx1; fx++) {
                            max = vmaxq_s8(max, vldrbq_z_s8(row + (size_t)(x0 + fx) * depth, live));
                        }
                    }
                    vstrbq_p_s8(y + c, vminq_s8(vmaxq_s8(max, low), high), live);
                }
            }
        }
    }
}
#endif

/* Reads the input, writes every output element. */
void kgl_max_pool2d_s8(const kgl_max_pool2d_s8_params *restrict p) {
#if KGL_VARIANT_MVE
    kgl_max_pool2d_s8_mve(p);
#else
    kgl_max_pool2d_s8_reference(p);
#endif
}
