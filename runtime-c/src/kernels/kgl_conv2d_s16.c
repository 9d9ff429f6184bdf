/*
 * CONV_2D, 16x8 (int16 activations, int8 weights, int64 bias): TFLite Micro's
 * reference_integer_ops::ConvPerChannel for int16 input with an int64 accumulator. Twin of
 * Sources/KingletInterpreter/Kernels/Conv2DS16.swift.
 *
 * For each output position and channel c (group g = c / (Cout / groups)):
 *   acc = sum over the window's in-image taps and the group's input channels of w * x,
 *         plus bias[c], in int64;
 *   out = clamp(MBQM64(acc, multipliers[c], shifts[c]), activation range)
 * with MBQM64 = kgl_multiply_by_quantized_multiplier_64 (Q15-reduced multiplier). 16x8
 * activations are symmetric: TFLite Micro's int16 kernel ignores zero points, and so does
 * this one (the offsets are 0). The int64 sums wrap on overflow (done in uint64), as on
 * TFLite's targets.
 *
 * A sparse filter (format 1.4, rows along axis 0) runs kgl_conv2d_s16_sparse, which reads only
 * the stored nonzeros and gives the same bytes (as kgl_conv2d_s8_sparse).
 */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/*
 * The kernel for a sparse filter: the loops of kgl_conv2d_s16 over the stored nonzeros only,
 * walked as in kgl_conv2d_s16_sparse (the taps inside the input found once per output
 * position, one run per row of taps when their activations are consecutive, KH runs per
 * channel when moreover every tap is inside the input, the values of taps in the padding
 * stepped over, the values pointer restarting for every output position), with
 * kgl_sparse_dot_s16.
 */
static void kgl_conv2d_s16_sparse(const kgl_conv2d_s16_params *restrict p) {
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
    const uint32_t group_depth = g->filter_depth;
    const uint32_t per_group = out_depth / (in_depth / group_depth);
    const int32_t stride_h = g->stride_h, stride_w = g->stride_w;
    const int32_t dilation_h = g->dilation_h, dilation_w = g->dilation_w;
    const int32_t pad_top = g->pad_top, pad_left = g->pad_left;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;
    /* Bits of a row of taps (one ky) and of a channel: at most the element count. */
    const uint32_t row_bits = k_w * group_depth;
    const uint32_t channel_bits = k_h * row_bits;
    /* The taps of a row read consecutive activations: one run of bits covers them. */
    const int one_run = dilation_w == 1 && group_depth == in_depth;
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
                /* Of each row of taps, the bits before, inside and after the input's columns;
                   the rows [row_lo, row_hi) have taps inside the input (none if no column).
                   The inside bits are `runs` runs of `run_bits` bits, one per tap, or one
                   for all (one_run). */
                const uint32_t row_lo = kx_lo < kx_hi ? ky_lo : 0u;
                const uint32_t row_hi = kx_lo < kx_hi ? ky_hi : 0u;
                const uint32_t before = kx_lo * group_depth;
                const uint32_t inside = (kx_hi - kx_lo) * group_depth;
                const uint32_t after = row_bits - before - inside;
                /* The common case: every tap inside the input, each row of taps one run. */
                const int full = one_run && row_lo == 0u && row_hi == k_h && inside == row_bits;
                /* The activations of tap (row_lo, kx_lo) from input channel 0, if any. */
                const int16_t *x_first = x_batch;
                if (row_lo < row_hi) {
                    const int32_t iy = y0 + (int32_t)row_lo * dilation_h;
                    const int32_t ix = x0 + (int32_t)kx_lo * dilation_w;
                    x_first += ((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth;
                }
                const int8_t *v = values;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const size_t group_start = (size_t)(oc / per_group) * group_depth;
                    const uint32_t channel = oc * channel_bits;
                    uint64_t acc = 0;
                    if (full) {
                        for (uint32_t ky = 0; ky < k_h; ky++) {
                            const uint32_t row = channel + ky * row_bits;
                            const int16_t *xp = x_first + (size_t)ky * y_step + group_start;
                            acc += kgl_sparse_dot_s16(bitmap, row, row_bits, &v, xp, 1);
                        }
                    } else {
                        const uint32_t runs = one_run ? 1u : kx_hi - kx_lo;
                        const uint32_t run_bits = one_run ? inside : group_depth;
                        v += kgl_sparse_count(bitmap, channel, row_lo * row_bits);
                        for (uint32_t ky = row_lo; ky < row_hi; ky++) {
                            const uint32_t row = channel + ky * row_bits;
                            const int16_t *xp =
                                x_first + (size_t)(ky - row_lo) * y_step + group_start;
                            v += kgl_sparse_count(bitmap, row, before);
                            for (uint32_t k = 0; k < runs; k++) {
                                const uint32_t run = row + before + k * group_depth;
                                const int16_t *xr = xp + (size_t)k * x_step;
                                acc += kgl_sparse_dot_s16(bitmap, run, run_bits, &v, xr, 1);
                            }
                            v += kgl_sparse_count(bitmap, row + before + inside, after);
                        }
                        v += kgl_sparse_count(bitmap, channel + row_hi * row_bits,
                                              (k_h - row_hi) * row_bits);
                    }
                    y[out_index++] = kgl_requantize_output_s16(acc + (uint64_t)bias[oc], mult[oc],
                                                               shift[oc], act_min, act_max);
                }
            }
        }
    }
}

/* Reads the input, filter, bias and requantization arrays; writes the output. */
void kgl_conv2d_s16(const kgl_conv2d_s16_params *restrict p) {
    if (KGL_ENABLE_SPARSE && p->filter.bitmap != NULL) {
        kgl_conv2d_s16_sparse(p);
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
    const uint32_t group_depth = g->filter_depth;
    const uint32_t per_group = out_depth / (in_depth / group_depth);
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
                    const int8_t *w_channel = w + (size_t)oc * k_h * k_w * group_depth;
                    const size_t group_start = (size_t)(oc / per_group) * group_depth;
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
                            const int16_t *xp = x_batch +
                                               ((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth +
                                               group_start;
                            const int8_t *wp = w_channel + ((size_t)ky * k_w + kx) * group_depth;
                            for (uint32_t c = 0; c < group_depth; c++) {
                                /* |w * x| <= 128 * 32768 fits int32. */
                                acc += (uint64_t)(int64_t)((int32_t)wp[c] * (int32_t)xp[c]);
                            }
                        }
                    }
                    y[out_index++] = kgl_requantize_output_s16(acc + (uint64_t)bias[oc], mult[oc],
                                                               shift[oc], act_min, act_max);
                }
            }
        }
    }
}
