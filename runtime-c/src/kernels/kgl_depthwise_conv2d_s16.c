/*
 * DEPTHWISE_CONV_2D, 16x8 (int16 activations, int8 weights, int64 bias): TFLite Micro's
 * reference_integer_ops::DepthwiseConvPerChannel for int16 input. Twin of
 * Sources/KingletInterpreter/Kernels/DepthwiseConv2DS16.swift.
 *
 * Output channel c = i * depth_multiplier + k reads input channel i only:
 *   acc = sum over the window's in-image taps of w[ky][kx][c] * x[i], plus bias[c], in int64;
 *   out = clamp(MBQM64(acc, multipliers[c], shifts[c]), activation range).
 * As kgl_conv2d_s16.c: no offsets (they are 0), sums wrap in uint64.
 *
 * A sparse filter (format 1.4, rows along axis 3) runs kgl_depthwise_conv2d_s16_sparse, which
 * multiplies only the stored nonzeros and gives the same bytes (as the int8 kernel's).
 */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/*
 * The kernel for a sparse filter: the loops of kgl_depthwise_conv2d_s16 over the stored
 * nonzeros only, walked as in kgl_depthwise_conv2d_s16_sparse (output channels in order, one
 * run per row of taps, the taps inside the input found once per output position, the
 * values of taps in the padding stepped over, the values pointer restarting for every
 * output position), with kgl_sparse_dot_s16.
 */
static void kgl_depthwise_conv2d_s16_sparse(
    const kgl_depthwise_conv2d_s16_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const int16_t *x = p->input;
    const uint8_t *bitmap = p->filter.bitmap;
    const int8_t *values = p->filter.values;
    const int64_t *bias = p->bias;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    int16_t *y = p->output;

    const uint32_t batches = g->batches;
    const int32_t in_h = (int32_t)g->input_h;
    const int32_t in_w = (int32_t)g->input_w;
    const uint32_t in_depth = g->input_depth;
    const uint32_t out_h = g->output_h;
    const uint32_t out_w = g->output_w;
    const uint32_t out_depth = g->output_depth;
    const uint32_t k_h = g->filter_h;
    const uint32_t k_w = g->filter_w;
    const uint32_t multiplier = p->depth_multiplier;
    const int32_t stride_h = g->stride_h, stride_w = g->stride_w;
    const int32_t dilation_h = g->dilation_h, dilation_w = g->dilation_w;
    const int32_t pad_top = g->pad_top, pad_left = g->pad_left;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;
    const uint32_t channel_bits = k_h * k_w; /* one channel's taps: at most the element count */
    const size_t x_step = (size_t)dilation_w * in_depth; /* from tap kx to kx + 1 */
    const size_t y_step = (size_t)dilation_h * (size_t)in_w * in_depth; /* ky to ky + 1 */

    size_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        const int16_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * stride_h - pad_top;
            uint32_t ky_lo, ky_hi;
            kgl_window_taps(y0, dilation_h, k_h, in_h, &ky_lo, &ky_hi);
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * stride_w - pad_left;
                uint32_t kx_lo, kx_hi;
                kgl_window_taps(x0, dilation_w, k_w, in_w, &kx_lo, &kx_hi);
                /* The rows of taps [row_lo, row_hi) have taps inside the input (none if no
                   column has). */
                const uint32_t row_lo = kx_lo < kx_hi ? ky_lo : 0u;
                const uint32_t row_hi = kx_lo < kx_hi ? ky_hi : 0u;
                /* The activations of tap (row_lo, kx_lo) from input channel 0, if any. */
                const int16_t *x_first = x_batch;
                if (row_lo < row_hi) {
                    const int32_t iy = y0 + (int32_t)row_lo * dilation_h;
                    const int32_t ix = x0 + (int32_t)kx_lo * dilation_w;
                    x_first += ((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth;
                }
                const int8_t *v = values;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const uint32_t ic = oc / multiplier;
                    const uint32_t channel = oc * channel_bits;
                    uint64_t acc = 0;
                    v += kgl_sparse_count(bitmap, channel, row_lo * k_w);
                    for (uint32_t ky = row_lo; ky < row_hi; ky++) {
                        const uint32_t row = channel + ky * k_w;
                        const int16_t *xp = x_first + (size_t)(ky - row_lo) * y_step + ic;
                        v += kgl_sparse_count(bitmap, row, kx_lo);
                        acc += kgl_sparse_dot_s16(bitmap, row + kx_lo, kx_hi - kx_lo, &v, xp,
                                                  x_step);
                        v += kgl_sparse_count(bitmap, row + kx_hi, k_w - kx_hi);
                    }
                    v += kgl_sparse_count(bitmap, channel + row_hi * k_w,
                                          (k_h - row_hi) * k_w);
                    y[out_index++] = kgl_requantize_output_s16(acc + (uint64_t)bias[oc], mult[oc],
                                                               shift[oc], act_min, act_max);
                }
            }
        }
    }
}

/* Reads the input, filter, bias and requantization arrays; writes the output. */
void kgl_depthwise_conv2d_s16(const kgl_depthwise_conv2d_s16_params *restrict p) {
    if (KGL_ENABLE_SPARSE && p->filter.bitmap != NULL) {
        kgl_depthwise_conv2d_s16_sparse(p);
        return;
    }
    const kgl_conv_geometry *g = &p->geometry;
    const int16_t *x = p->input;
    const int8_t *w = p->filter.values;
    const int64_t *bias = p->bias;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    int16_t *y = p->output;

    const uint32_t batches = g->batches;
    const int32_t in_h = (int32_t)g->input_h;
    const int32_t in_w = (int32_t)g->input_w;
    const uint32_t in_depth = g->input_depth;
    const uint32_t out_h = g->output_h;
    const uint32_t out_w = g->output_w;
    const uint32_t out_depth = g->output_depth;
    const uint32_t k_h = g->filter_h;
    const uint32_t k_w = g->filter_w;
    const uint32_t multiplier = p->depth_multiplier;
    const int32_t stride_h = g->stride_h, stride_w = g->stride_w;
    const int32_t dilation_h = g->dilation_h, dilation_w = g->dilation_w;
    const int32_t pad_top = g->pad_top, pad_left = g->pad_left;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;

    size_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        const int16_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * stride_h - pad_top;
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * stride_w - pad_left;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const uint32_t ic = oc / multiplier;
                    uint64_t acc = 0;
                    for (uint32_t ky = 0; ky < k_h; ky++) {
                        const int32_t iy = y0 + (int32_t)ky * dilation_h;
                        if (iy < 0 || iy >= in_h) {
                            continue;
                        }
                        for (uint32_t kx = 0; kx < k_w; kx++) {
                            const int32_t ix = x0 + (int32_t)kx * dilation_w;
                            if (ix < 0 || ix >= in_w) {
                                continue;
                            }
                            const int32_t xv =
                                x_batch[((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth + ic];
                            const int32_t wv = w[((size_t)ky * k_w + kx) * out_depth + oc];
                            acc += (uint64_t)(int64_t)(wv * xv);
                        }
                    }
                    y[out_index++] = kgl_requantize_output_s16(acc + (uint64_t)bias[oc], mult[oc],
                                                               shift[oc], act_min, act_max);
                }
            }
        }
    }
}
