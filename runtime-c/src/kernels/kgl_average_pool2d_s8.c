/* AVERAGE_POOL_2D, int8 NHWC, as TFLite's reference_integer_ops::AveragePool: the window is
   clipped to the input, its int8 values summed in int32 and divided by the number of values
   summed, rounding half away from zero, then clamped. Twin of AveragePool2DS8.swift. */
#include "../kgl_kernel_variant.h"
#include "../kgl_kernels.h"

#if KGL_VARIANT_MVE
#include <arm_mve.h>
#endif

/* sum / count rounded half away from zero (C division truncates), clamped. */
static inline int8_t kgl_average_s8(int32_t sum, int32_t count, int32_t act_min, int32_t act_max) {
    int32_t acc = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    acc = acc < act_min ? act_min : acc;
    acc = acc > act_max ? act_max : acc;
    return (int8_t)acc;
}

/* Channels summed at once per window (int32 sums on the stack). */
#define KGL_POOL_CHANNELS 64

#if KGL_VARIANT_MVE
/*
 * The sums of n <= KGL_POOL_CHANNELS channels over a window of rows x cols positions whose
 * first value is x, positions `depth` bytes apart and rows `row` bytes apart: each tap adds a
 * run of contiguous channels, sixteen at a time in four vectors of lanes.
 */
static void kgl_pool_window_sums(const int8_t *x, int32_t rows, int32_t cols, size_t row,
                                 uint32_t depth, uint32_t n, int32_t *sums) {
    uint32_t c0 = 0;
    for (; c0 + 16 <= n; c0 += 16) {
        int32x4_t s0 = vdupq_n_s32(0), s1 = s0, s2 = s0, s3 = s0;
        for (int32_t fy = 0; fy < rows; fy++) {
            const int8_t *px = x + (size_t)fy * row + c0;
            for (int32_t fx = 0; fx < cols; fx++, px += depth) {
                s0 = vaddq_s32(s0, vldrbq_s32(px));
                s1 = vaddq_s32(s1, vldrbq_s32(px + 4));
                s2 = vaddq_s32(s2, vldrbq_s32(px + 8));
                s3 = vaddq_s32(s3, vldrbq_s32(px + 12));
            }
        }
        vstrwq_s32(sums + c0, s0);
        vstrwq_s32(sums + c0 + 4, s1);
        vstrwq_s32(sums + c0 + 8, s2);
        vstrwq_s32(sums + c0 + 12, s3);
    }
    for (uint32_t c = c0; c < n; c++) {
        sums[c] = 0;
    }
    if (c0 == n) {
        return;
    }
    for (int32_t fy = 0; fy < rows; fy++) {
        const int8_t *px = x + (size_t)fy * row;
        for (int32_t fx = 0; fx < cols; fx++, px += depth) {
            for (uint32_t c = c0; c < n; c++) {
                sums[c] += px[c];
            }
        }
    }
}

/* Reads the input, writes every output element: per output position, the window's channels
   summed as contiguous runs (kgl_pool_window_sums), then averaged. */
void kgl_average_pool2d_s8(const kgl_average_pool2d_s8_params *restrict p) {
    const uint32_t depth = p->depth;
    const int32_t in_h = (int32_t)p->input_h, in_w = (int32_t)p->input_w;
    const size_t row = (size_t)in_w * depth;
    const int32_t act_min = p->activation_min, act_max = p->activation_max;
    int8_t *y = p->output;
    int32_t sums[KGL_POOL_CHANNELS];
    for (uint32_t b = 0; b < p->batches; b++) {
        const int8_t *x_batch = p->input + (size_t)b * (size_t)in_h * row;
        for (uint32_t oy = 0; oy < p->output_h; oy++) {
            const int32_t y0 = (int32_t)oy * p->stride_h - p->pad_top;
            const int32_t fy0 = y0 < 0 ? -y0 : 0;
            const int32_t fy1 = p->filter_h < in_h - y0 ? p->filter_h : in_h - y0;
            for (uint32_t ox = 0; ox < p->output_w; ox++) {
                const int32_t x0 = (int32_t)ox * p->stride_w - p->pad_left;
                const int32_t fx0 = x0 < 0 ? -x0 : 0;
                const int32_t fx1 = p->filter_w < in_w - x0 ? p->filter_w : in_w - x0;
                const int32_t count = (fy1 - fy0) * (fx1 - fx0);
                const int8_t *window = x_batch + (size_t)(y0 + fy0) * row + (size_t)(x0 + fx0) * depth;
                for (uint32_t c0 = 0; c0 < depth; c0 += KGL_POOL_CHANNELS) {
                    const uint32_t n = depth - c0 < KGL_POOL_CHANNELS ? depth - c0 : KGL_POOL_CHANNELS;
                    kgl_pool_window_sums(window + c0, fy1 - fy0, fx1 - fx0, row, depth, n, sums);
                    for (uint32_t c = 0; c < n; c++) {
                        *y++ = kgl_average_s8(sums[c], count, act_min, act_max);
                    }
                }
            }
        }
    }
}
#else
/* Other builds run the readable loops below, which take less flash. */
void kgl_average_pool2d_s8(const kgl_average_pool2d_s8_params *restrict p) {
    kgl_average_pool2d_s8_reference(p);
}
#endif

/* The readable specification: per output element, its window summed channel by channel. */
void kgl_average_pool2d_s8_reference(const kgl_average_pool2d_s8_params *restrict p) {
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
                const int32_t count = (fy1 - fy0) * (fx1 - fx0);
                for (uint32_t c = 0; c < depth; c++) {
                    int32_t acc = 0;
                    for (int32_t fy = fy0; fy < fy1; fy++) {
                        const uint32_t row = (b * (uint32_t)in_h + (uint32_t)(y0 + fy)) * (uint32_t)in_w;
                        for (int32_t fx = fx0; fx < fx1; fx++) {
                            acc += x[(row + (uint32_t)(x0 + fx)) * depth + c];
                        }
                    }
                    y[out_index++] = kgl_average_s8(acc, count, act_min, act_max);
                }
            }
        }
    }
}
