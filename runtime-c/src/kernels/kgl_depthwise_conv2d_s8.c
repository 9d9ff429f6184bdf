/*
 * DEPTHWISE_CONV_2D, int8: TFLite Micro's reference_integer_ops::DepthwiseConvPerChannel.
 * Twin of Sources/KingletInterpreter/Kernels/DepthwiseConv2DS8.swift.
 *
 * Output channel c = i * depth_multiplier + k reads input channel i only:
 *   acc = sum over the window's in-image taps of w[ky][kx][c] * (x[i] + input_offset),
 *         plus bias[c];
 *   out = clamp(MBQM(acc, multipliers[c], shifts[c]) + output_offset, activation range).
 * Taps outside the input contribute nothing. Sums wrap as in CONV_2D (kgl_conv2d_s8.c).
 *
 * A sparse filter (format 1.4, rows along axis 3: one row of KH * KW taps per output
 * channel) runs kgl_depthwise_conv2d_s8_sparse, which multiplies only the stored nonzeros and
 * gives the same bytes: its sums are these without their zero terms.
 */
#include <string.h>

#include "../kgl_dot_s8.h"
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/*
 * The kernel for a sparse filter: the loops of kgl_depthwise_conv2d_s8 over the stored
 * nonzeros only, output channels in order (c = i * depth_multiplier + k reads input channel
 * i = c / depth_multiplier). Output channel oc's row is the KH * KW bits from oc * KH * KW,
 * its row of taps ky the KW bits from there + ky * KW: a run multiplied against input
 * channel i of KW input columns, dilation_w * Cin activations apart (kgl_sparse_dot_s8 with
 * that step). The taps inside the input, [ky_lo, ky_hi) x [kx_lo, kx_hi) (kgl_window_taps),
 * are found once per output position; the values of the taps in the padding are stepped
 * over (kgl_sparse_count). The values pointer restarts at the first value for every output
 * position.
 */
KGL_KERNEL_PATH void kgl_depthwise_conv2d_s8_sparse(const kgl_depthwise_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const int8_t *x = p->input;
    const uint8_t *bitmap = p->filter.bitmap;
    const int8_t *values = p->filter.values;
    const int32_t *bias = p->bias;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    int8_t *y = p->output;

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
    const int32_t input_offset = p->requant.input_offset;
    const int32_t output_offset = p->requant.output_offset;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;
    const uint32_t channel_bits = k_h * k_w; /* one channel's taps: at most the element count */
    const size_t x_step = (size_t)dilation_w * in_depth; /* from tap kx to kx + 1 */
    const size_t y_step = (size_t)dilation_h * (size_t)in_w * in_depth; /* ky to ky + 1 */

    size_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        const int8_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
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
                const int8_t *x_first = x_batch;
                if (row_lo < row_hi) {
                    const int32_t iy = y0 + (int32_t)row_lo * dilation_h;
                    const int32_t ix = x0 + (int32_t)kx_lo * dilation_w;
                    x_first += ((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth;
                }
                const int8_t *v = values;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const uint32_t ic = oc / multiplier;
                    const uint32_t channel = oc * channel_bits;
                    uint32_t acc = 0;
                    v += kgl_sparse_count(bitmap, channel, row_lo * k_w);
                    for (uint32_t ky = row_lo; ky < row_hi; ky++) {
                        const uint32_t row = channel + ky * k_w;
                        const int8_t *xp = x_first + (size_t)(ky - row_lo) * y_step + ic;
                        v += kgl_sparse_count(bitmap, row, kx_lo);
                        acc += kgl_sparse_dot_s8(bitmap, row + kx_lo, kx_hi - kx_lo, &v, xp,
                                                 x_step, input_offset);
                        v += kgl_sparse_count(bitmap, row + kx_hi, k_w - kx_hi);
                    }
                    v += kgl_sparse_count(bitmap, channel + row_hi * k_w,
                                          (k_h - row_hi) * k_w);
                    y[out_index++] = kgl_requantize_output_s8(acc + (uint32_t)bias[oc], mult[oc],
                                                              shift[oc], output_offset, act_min,
                                                              act_max);
                }
            }
        }
    }
}

/* Reads the input, filter, bias and requantization arrays; writes the output. */
/* The readable specification's loops over the output channels [oc_lo, oc_hi) only. */
static void kgl_depthwise_conv2d_s8_channels(const kgl_depthwise_conv2d_s8_params *restrict p,
                                              uint32_t oc_lo, uint32_t oc_hi) {
    const kgl_conv_geometry *g = &p->geometry;
    const int8_t *x = p->input;
    const int8_t *w = p->filter.values;
    const int32_t *bias = p->bias;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    int8_t *y = p->output;

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
    const int32_t input_offset = p->requant.input_offset;
    const int32_t output_offset = p->requant.output_offset;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;

    for (uint32_t b = 0; b < batches; b++) {
        const int8_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * stride_h - pad_top;
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * stride_w - pad_left;
                int8_t *y_out =
                    y + (((size_t)b * out_h + oy) * out_w + ox) * (size_t)out_depth;
                for (uint32_t oc = oc_lo; oc < oc_hi; oc++) {
                    const uint32_t ic = oc / multiplier;
                    uint32_t acc = 0;
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
                            acc += (uint32_t)(wv * (xv + input_offset));
                        }
                    }
                    y_out[oc] = kgl_requantize_output_s8(acc + (uint32_t)bias[oc], mult[oc], shift[oc],
                                                          output_offset, act_min, act_max);
                }
            }
        }
    }
}

/* The readable specification: one output value at a time, every tap checked. */
void kgl_depthwise_conv2d_s8_reference(const kgl_depthwise_conv2d_s8_params *restrict p) {
    kgl_depthwise_conv2d_s8_channels(p, 0, p->geometry.output_depth);
}

/* Output positions whose sums are held before they are requantized together, per channel. */
#define KGL_DEPTHWISE_RUN 16

/*
 * The starting sums of the four channels c .. c + 3 of a blocked path: bias + input_offset *
 * (sum of the channel's weights over all `taps` taps), wrapping. A tap inside the input then
 * needs only w * x, one reading the zero point cancels its share (exact mod 2^32).
 */
static kgl_lanes4 kgl_depthwise_base4(const kgl_depthwise_conv2d_s8_params *restrict p,
                                      uint32_t c, uint32_t taps) {
    const uint32_t depth = p->geometry.output_depth;
    const uint32_t offset = (uint32_t)p->requant.input_offset;
    const int32_t *folded = p->requant.folded_bias;
    /* Every caller sums the whole filter (taps = KH * KW): the folded bias is that sum. */
    (void)taps;
    if (KGL_FOLDED_BIAS_REQUIRED || folded != NULL) {
        const kgl_lanes4 base = {(uint32_t)folded[c], (uint32_t)folded[c + 1],
                                 (uint32_t)folded[c + 2], (uint32_t)folded[c + 3]};
        return base;
    }
    uint32_t sums[4];
    for (uint32_t k = 0; k < 4; k++) {
        uint32_t wsum = 0;
        for (uint32_t t = 0; t < taps; t++) {
            wsum += (uint32_t)(int32_t)p->filter.values[(size_t)t * depth + c + k];
        }
        sums[k] = (uint32_t)p->bias[c + k] + offset * wsum;
    }
    const kgl_lanes4 base = {sums[0], sums[1], sums[2], sums[3]};
    return base;
}


/*
 * The blocked kernel for a dense filter with depth multiplier 1: channels go four at a time
 * (kgl_mac_lanes4_s8; the last Cout % 4 through the specification's loops), and for each
 * block every output position. As in kgl_conv2d_s8_blocked, input_offset * (sum of the
 * channel's weights over all taps) is added to the bias once per channel, so that a tap
 * needs only w * x (wrapping sums, exact mod 2^32); a tap outside the input reads the input
 * zero point, -input_offset, whose product cancels that tap's share of the offset term. The
 * sums of up to KGL_DEPTHWISE_RUN positions along an output row are requantized together,
 * per channel (kgl_requantize_outputs_s8).
 */
KGL_KERNEL_PATH void kgl_depthwise_conv2d_s8_blocked(const kgl_depthwise_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const int8_t *x = p->input;
    const int8_t *w = p->filter.values;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    int8_t *y = p->output;

    const uint32_t batches = g->batches;
    const int32_t in_h = (int32_t)g->input_h;
    const int32_t in_w = (int32_t)g->input_w;
    const uint32_t depth = g->output_depth; /* = input_depth */
    const uint32_t out_h = g->output_h;
    const uint32_t out_w = g->output_w;
    const uint32_t k_h = g->filter_h;
    const uint32_t k_w = g->filter_w;
    const int32_t stride_h = g->stride_h, stride_w = g->stride_w;
    const int32_t dilation_h = g->dilation_h, dilation_w = g->dilation_w;
    const int32_t pad_top = g->pad_top, pad_left = g->pad_left;
    const int32_t input_offset = p->requant.input_offset;
    const int32_t output_offset = p->requant.output_offset;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;

    /* Four copies of the input zero point, read by the taps outside the input. */
    const int8_t zero_point = (int8_t)-input_offset;
    const int8_t outside[4] = {zero_point, zero_point, zero_point, zero_point};
    const size_t x_row = (size_t)in_w * depth;
    const size_t x_tap_row = (size_t)dilation_h * x_row;
    const size_t x_tap = (size_t)dilation_w * depth;
    const size_t w_tap_row = (size_t)k_w * depth;
    const int64_t y_last = (int64_t)in_h - 1 - (int64_t)(k_h - 1) * dilation_h;
    const int64_t x_last = (int64_t)in_w - 1 - (int64_t)(k_w - 1) * dilation_w;
    const uint32_t blocked_depth = depth - depth % 4;
    const int three_by_three = k_h == 3 && k_w == 3 && dilation_h == 1 && dilation_w == 1;
    uint32_t sums[4][KGL_DEPTHWISE_RUN]; /* per channel of the block, per position of a run */

    for (uint32_t c = 0; c < blocked_depth; c += 4) {
        const kgl_lanes4 base = kgl_depthwise_base4(p, c, k_h * k_w);
        const int8_t *w_block = w + c;
        for (uint32_t b = 0; b < batches; b++) {
            const int8_t *x_batch = x + (size_t)b * in_h * x_row + c;
            for (uint32_t oy = 0; oy < out_h; oy++) {
                const int32_t y0 = (int32_t)oy * stride_h - pad_top;
                const int rows_inside = y0 >= 0 && (int64_t)y0 <= y_last;
                int8_t *y_row_out = y + (((size_t)b * out_h + oy) * out_w) * (size_t)depth + c;
                for (uint32_t ox0 = 0; ox0 < out_w; ox0 += KGL_DEPTHWISE_RUN) {
                    const uint32_t count =
                        out_w - ox0 < KGL_DEPTHWISE_RUN ? out_w - ox0 : KGL_DEPTHWISE_RUN;
                    for (uint32_t i = 0; i < count; i++) {
                        const int32_t x0 = (int32_t)(ox0 + i) * stride_w - pad_left;
                        kgl_lanes4 acc = base;
                        if (rows_inside && x0 >= 0 && (int64_t)x0 <= x_last) {
                            const int8_t *xr =
                                x_batch + (size_t)y0 * x_row + (size_t)x0 * depth;
                            acc = three_by_three
                                      ? kgl_window3x3_lanes4_s8(xr, xr + x_row, xr + 2 * x_row, depth,
                                                                w_block, depth, acc)
                                      : kgl_window_lanes4_s8(xr, x_tap_row, x_tap, w_block,
                                                             w_tap_row, depth, k_h, k_w, acc);
                        } else {
                            /* Taps outside the input read the zero point: their products
                               cancel their share of the offset term in base. */
                            for (uint32_t ky = 0; ky < k_h; ky++) {
                                const int32_t iy = y0 + (int32_t)ky * dilation_h;
                                const int row_in = iy >= 0 && iy < in_h;
                                const int8_t *wr = w_block + (size_t)ky * w_tap_row;
                                for (uint32_t kx = 0; kx < k_w; kx++, wr += depth) {
                                    const int32_t ix = x0 + (int32_t)kx * dilation_w;
                                    const int8_t *xp =
                                        row_in && ix >= 0 && ix < in_w
                                            ? x_batch + (size_t)iy * x_row + (size_t)ix * depth
                                            : outside;
                                    acc = kgl_mac_lanes4_s8(xp, wr, acc);
                                }
                            }
                        }
                        sums[0][i] = acc.c0, sums[1][i] = acc.c1;
                        sums[2][i] = acc.c2, sums[3][i] = acc.c3;
                    }
                    int8_t *y_out = y_row_out + (size_t)ox0 * depth;
                    for (uint32_t k = 0; k < 4; k++) {
                        kgl_requantize_outputs_s8(sums[k], count, mult[c + k], shift[c + k],
                                                  output_offset, act_min, act_max, y_out + k,
                                                  depth);
                    }
                }
            }
        }
    }
    if (blocked_depth < depth) {
        kgl_depthwise_conv2d_s8_channels(p, blocked_depth, depth);
    }
}

/* Input columns (with the padding) the 3x3 kernel copies per row: its stack holds three rows
   of them, four channels each, 12 bytes per column: the budget of KGL_CONV_WINDOW_BYTES
   (kgl_config.h), 64 columns by default. */
#define KGL_DEPTHWISE_ROW (KGL_CONV_WINDOW_BYTES / 9 > 0 ? KGL_CONV_WINDOW_BYTES / 9 : 1)

/* n columns of `width` bytes of the zero point; four-byte columns (a block of channels) as
   word stores, which a call to memset would cost more than for a few columns. */
static inline void kgl_fill_columns(int8_t *row, uint8_t zero_point, uint32_t n, uint32_t width) {
    if (width == 4u) {
        const uint32_t fill = zero_point * 0x01010101u;
        for (; n != 0; n--, row += 4) {
            memcpy(row, &fill, 4);
        }
    } else {
#if KGL_VARIANT_MVE /* sixteen bytes per vector (the library's memset goes byte by byte) */
        const uint32_t bytes = n * width;
        const int8x16_t fill = vdupq_n_s8((int8_t)zero_point);
        for (uint32_t k = 0; k < bytes; k += 16u) {
            vstrbq_p_s8(row + k, fill, vctp8q(bytes - k));
        }
#else
        memset(row, zero_point, (size_t)n * width);
#endif
    }
}

/*
 * Brings the three padded row buffers of a 3x3 window up to date for output row oy: buffer k
 * holds padded row filled[k] (input row + pad_top), kept while later output rows read it
 * (with stride 1, one new row per output row); row_of[r] is set to kernel row r's buffer. A
 * column holds `width` channels from x_batch (the block's first channel), copied as three
 * runs: padding, input, padding (the zero point in the padding and in rows outside the
 * input). Inline, so that a constant width becomes word copies.
 */
static inline void kgl_depthwise_rows_3x3(const kgl_depthwise_conv2d_s8_params *restrict p,
                                          const int8_t *x_batch, uint32_t oy, uint32_t columns,
                                          uint32_t width, int8_t rows[3][KGL_DEPTHWISE_ROW * 4],
                                          uint32_t filled[3], const int8_t *row_of[3]) {
    const kgl_conv_geometry *g = &p->geometry;
    const size_t x_row = (size_t)g->input_w * g->output_depth;
    const uint8_t zero_point = (uint8_t)(int8_t)-p->requant.input_offset;
    const int32_t y0 = (int32_t)oy * g->stride_h - g->pad_top;
    for (uint32_t r = 0; r < 3; r++) {
        const uint32_t padded_row = oy * (uint32_t)g->stride_h + r;
        const uint32_t k = padded_row % 3u;
        row_of[r] = rows[k];
        if (filled[k] == padded_row) {
            continue;
        }
        filled[k] = padded_row;
        const int32_t iy = y0 + (int32_t)r;
        const int row_in = iy >= 0 && iy < (int32_t)g->input_h;
        const int64_t lo = (int64_t)g->pad_left, hi = lo + g->input_w;
        const uint32_t first = row_in ? (uint32_t)(lo < (int64_t)columns ? lo : columns) : columns;
        const uint32_t last = row_in ? (uint32_t)(hi < (int64_t)columns ? hi : columns) : columns;
        int8_t *row = rows[k];
        kgl_fill_columns(row, zero_point, first, width);
        row += (size_t)first * width;
        if (first < last) {
            const int8_t *xp = x_batch + (size_t)iy * x_row + (size_t)(first - lo) * g->output_depth;
            for (uint32_t col = first; col < last; col++, row += width, xp += g->output_depth) {
                uint32_t k = 0;
#if KGL_VARIANT_MVE /* sixteen bytes per vector */
                for (; k + 16u <= width; k += 16u) {
                    vstrbq_s8(row + k, vldrbq_s8(xp + k));
                }
#endif
                for (; k < width; k += 4) { /* words: width is a multiple of 4 */
                    memcpy(row + k, xp + k, 4);
                }
            }
        }
        kgl_fill_columns(row, zero_point, columns - (last > first ? last : first), width);
    }
}

#if KGL_VARIANT_MVE
/*
 * One kernel row of a 3x3 window, four channels: for `count` positions `advance` bytes apart
 * in a padded row buffer whose columns are `col` bytes apart, sums[i] = (first ? start :
 * sums[i]) + the three taps' products. Two loops, so that neither tests `first` per position.
 */
static inline void kgl_depthwise_pass_mve(const int8_t *in, size_t col, size_t advance,
                                          int32x4_t t0, int32x4_t t1, int32x4_t t2,
                                          int32_t *sums, uint32_t count, int first,
                                          int32x4_t start) {
    const int8_t *in1 = in + col, *in2 = in + 2u * col;
    if (first) {
        for (; count != 0; count--, in += advance, in1 += advance, in2 += advance, sums += 4) {
            int32x4_t acc = vaddq_s32(start, vmulq_s32(vldrbq_s32(in), t0));
            acc = vaddq_s32(acc, vmulq_s32(vldrbq_s32(in1), t1));
            vstrwq_s32(sums, vaddq_s32(acc, vmulq_s32(vldrbq_s32(in2), t2)));
        }
    } else {
        for (; count != 0; count--, in += advance, in1 += advance, in2 += advance, sums += 4) {
            int32x4_t acc = vaddq_s32(vldrwq_s32(sums), vmulq_s32(vldrbq_s32(in), t0));
            acc = vaddq_s32(acc, vmulq_s32(vldrbq_s32(in1), t1));
            vstrwq_s32(sums, vaddq_s32(acc, vmulq_s32(vldrbq_s32(in2), t2)));
        }
    }
}

/*
 * kgl_depthwise_conv2d_s8_3x3 with Helium, the padded rows holding a chunk of channels
 * (as many multiples of four as fit the same row buffers, each column's channels copied as
 * one run): for each output row the rows are brought up to date once for the chunk, then
 * each block of four channels runs its nine taps one kernel row per pass (three tap
 * vectors in registers) over the row's positions, and the lanes are requantized with their
 * own multipliers and stored as four bytes.
 */
KGL_KERNEL_PATH void kgl_depthwise_conv2d_s8_3x3_mve(const kgl_depthwise_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const kgl_channel_requantization *q = &p->requant;
    const uint32_t depth = g->output_depth, blocks_end = depth - depth % 4u;
    const int32_t in_h = (int32_t)g->input_h, in_w = (int32_t)g->input_w;
    const uint32_t out_w = g->output_w;
    const uint32_t columns = (out_w - 1u) * (uint32_t)g->stride_w + 3u;
    const size_t x_row = (size_t)in_w * depth, step = (size_t)g->stride_w;
    const int32x4_t out_offset = vdupq_n_s32(q->output_offset);
    const int32x4_t low = vdupq_n_s32(q->activation_min), high = vdupq_n_s32(q->activation_max);
    /* Channels per chunk: a multiple of four, columns * chunk bytes per row buffer. */
    uint32_t chunk = (uint32_t)(KGL_DEPTHWISE_ROW * 4u / columns) / 4u * 4u;
    chunk = chunk < blocks_end ? chunk : blocks_end;
    int8_t rows[3][KGL_DEPTHWISE_ROW * 4];
    uint32_t sums[KGL_DEPTHWISE_ROW][4];
    uint32_t bases[KGL_DEPTHWISE_ROW * 4 / 3 + 4]; /* the chunk's, chunk <= 4 * ROW / 3 */
    for (uint32_t c0 = 0; c0 < blocks_end; c0 += chunk) {
        const uint32_t width = blocks_end - c0 < chunk ? blocks_end - c0 : chunk;
        const size_t col_bytes = width; /* one column of the chunk in a row buffer */
        for (uint32_t c = 0; c < width; c += 4) {
            /* kgl_depthwise_base4 in lanes: bias + input_offset * (sum of the nine weights),
               wrapping as the uint32 sums do. */
            if (KGL_FOLDED_BIAS_REQUIRED || p->requant.folded_bias != NULL) {
                vstrwq_s32((int32_t *)(bases + c), vldrwq_s32(p->requant.folded_bias + c0 + c));
                continue;
            }
            const int8_t *w = p->filter.values + c0 + c;
            int32x4_t wsum = vldrbq_s32(w);
            for (uint32_t t = 1; t < 9u; t++) {
                wsum = vaddq_s32(wsum, vldrbq_s32(w + (size_t)t * depth));
            }
            vstrwq_s32((int32_t *)(bases + c),
                       vaddq_s32(vldrwq_s32(p->bias + c0 + c),
                                 vmulq_n_s32(wsum, p->requant.input_offset)));
        }
        for (uint32_t b = 0; b < g->batches; b++) {
            const int8_t *x_batch = p->input + (size_t)b * (size_t)in_h * x_row + c0;
            uint32_t filled[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
            for (uint32_t oy = 0; oy < g->output_h; oy++) {
                const int8_t *row_of[3];
                kgl_depthwise_rows_3x3(p, x_batch, oy, columns, width, rows, filled, row_of);
                int8_t *y_row = p->output + (((size_t)b * g->output_h + oy) * out_w) * depth;
                for (uint32_t c = 0; c < width; c += 4) {
                    const int8_t *w = p->filter.values + c0 + c;
                    const size_t advance = step * col_bytes;
                    for (uint32_t r = 0; r < 3; r++) {
                        const int32x4_t t0 = vldrbq_s32(w + (size_t)(3u * r) * depth);
                        const int32x4_t t1 = vldrbq_s32(w + (size_t)(3u * r + 1u) * depth);
                        const int32x4_t t2 = vldrbq_s32(w + (size_t)(3u * r + 2u) * depth);
                        /* The first kernel row starts from the bases, the others from the
                           sums so far. */
                        kgl_depthwise_pass_mve(row_of[r] + c, col_bytes, advance, t0, t1, t2,
                                               (int32_t *)sums[0], out_w, r == 0,
                                               vldrwq_s32((const int32_t *)(bases + c)));
                    }
                    const int32x4_t shifts = vldrwq_s32(q->shifts + c0 + c);
                    const int32x4_t multipliers = vldrwq_s32(q->multipliers + c0 + c);
                    const int32x4_t left = vmaxq_s32(shifts, vdupq_n_s32(0));
                    const int32x4_t down = vminq_s32(shifts, vdupq_n_s32(0));
                    int8_t *y = y_row + c0 + c;
                    for (uint32_t i = 0; i < out_w; i++, y += depth) {
                        vstrbq_s32(y, kgl_requantize_lanes_s8(vldrwq_s32((const int32_t *)sums[i]),
                                                              multipliers, left, down,
                                                              out_offset, low, high));
                    }
                }
            }
        }
    }
    if (depth % 4 != 0) {
        kgl_depthwise_conv2d_s8_channels(p, blocks_end, depth);
    }
}
#endif

/*
 * The kernel for a dense 3x3 filter with depth multiplier 1 and dilation 1 whose padded input
 * rows (the columns an output row reads) number at most KGL_DEPTHWISE_ROW. Channels go four
 * at a time; the three input rows an output row reads are copied, four channels per column,
 * with the input zero point in the padding (rows and columns outside the input), into three
 * buffers used in turn (a row stays while later output rows read it), so that every window
 * is the same nine taps with no test (kgl_window3x3_lanes4_s8). The sums
 * start from bias + input_offset * (sum of the channel's nine weights): a zero-point tap's
 * product cancels its share (wrapping sums, exact mod 2^32). Sums are requantized in runs of
 * KGL_DEPTHWISE_RUN positions per channel.
 */
KGL_KERNEL_PATH void kgl_depthwise_conv2d_s8_3x3(const kgl_depthwise_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const int8_t *x = p->input;
    const int8_t *w = p->filter.values;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    const uint32_t depth = g->output_depth;
    const int32_t in_h = (int32_t)g->input_h;
    const int32_t in_w = (int32_t)g->input_w;
    const uint32_t out_w = g->output_w;
    const int32_t stride_w = g->stride_w;
    const uint32_t columns = (out_w - 1u) * (uint32_t)stride_w + 3u; /* padded row length */
    const size_t x_row = (size_t)in_w * depth;
    int8_t rows[3][KGL_DEPTHWISE_ROW * 4];
#if KGL_VARIANT_MVE
    uint32_t sums[KGL_DEPTHWISE_RUN][4]; /* a run of positions, four lanes each */
#else
    uint32_t sums[4][KGL_DEPTHWISE_RUN]; /* four channels, a run of positions each */
#endif

    for (uint32_t c = 0; c + 4 <= depth; c += 4) {
#if KGL_DSP_ASM
        int32_t split[18]; /* the block's nine taps, split once for all positions */
        kgl_split_3x3_lanes4_s8(w + c, depth, split);
#endif
        const kgl_lanes4 base = kgl_depthwise_base4(p, c, 9);
#if KGL_VARIANT_MVE
        /* The block's nine taps and its requantization as vectors of four lanes, once. */
        int32x4_t taps[9];
        for (uint32_t t = 0; t < 9; t++) {
            taps[t] = vldrbq_s32(w + (size_t)t * depth + c);
        }
        const uint32_t base_lanes[4] = {base.c0, base.c1, base.c2, base.c3};
        const int32x4_t start = vldrwq_s32((const int32_t *)base_lanes);
        const int32x4_t shifts = vldrwq_s32(shift + c);
        const int32x4_t multipliers = vldrwq_s32(mult + c);
        const int32x4_t left = vmaxq_s32(shifts, vdupq_n_s32(0));
        const int32x4_t down = vminq_s32(shifts, vdupq_n_s32(0));
        const int32x4_t out_offset = vdupq_n_s32(p->requant.output_offset);
        const int32x4_t low = vdupq_n_s32(p->requant.activation_min);
        const int32x4_t high = vdupq_n_s32(p->requant.activation_max);
#endif
        for (uint32_t b = 0; b < g->batches; b++) {
            const int8_t *x_batch = x + (size_t)b * (size_t)in_h * x_row + c;
            /* Row buffer k holds padded input row filled[k] (row iy + pad_top), kept while
               the next output rows read it: with stride 1 one new row per output row. */
            uint32_t filled[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
            for (uint32_t oy = 0; oy < g->output_h; oy++) {
                const int8_t *row_of[3];
                kgl_depthwise_rows_3x3(p, x_batch, oy, columns, 4u, rows, filled, row_of);
                int8_t *y_row = p->output + (((size_t)b * g->output_h + oy) * out_w) * depth + c;
#if KGL_VARIANT_MVE
                /* Each position's four channels: nine multiply-adds of four lanes, in runs of
                   KGL_DEPTHWISE_RUN positions; then the run's lanes requantized with their own
                   multipliers and stored as four bytes (two loops: the eight vector registers
                   hold the taps, or the requantization). */
                for (uint32_t ox0 = 0; ox0 < out_w; ox0 += KGL_DEPTHWISE_RUN) {
                    const uint32_t count =
                        out_w - ox0 < KGL_DEPTHWISE_RUN ? out_w - ox0 : KGL_DEPTHWISE_RUN;
                    /* One row of taps per pass, so that its three tap vectors stay in
                       registers: the sums go through the run's buffer. */
                    const size_t step = (size_t)stride_w * 4u;
                    for (uint32_t r = 0; r < 3; r++) {
                        const int32x4_t t0 = taps[3 * r], t1 = taps[3 * r + 1];
                        const int32x4_t t2 = taps[3 * r + 2];
                        kgl_depthwise_pass_mve(row_of[r] + (size_t)ox0 * step, 4u, step, t0, t1,
                                               t2, (int32_t *)sums[0], count, r == 0, start);
                    }
                    int8_t *y_out = y_row + (size_t)ox0 * depth;
                    for (uint32_t i = 0; i < count; i++) {
                        vstrbq_s32(y_out + (size_t)i * depth,
                                   kgl_requantize_lanes_s8(vldrwq_s32((const int32_t *)sums[i]),
                                                           multipliers, left, down, out_offset,
                                                           low, high));
                    }
                }
#else
                for (uint32_t ox0 = 0; ox0 < out_w; ox0 += KGL_DEPTHWISE_RUN) {
                    const uint32_t count =
                        out_w - ox0 < KGL_DEPTHWISE_RUN ? out_w - ox0 : KGL_DEPTHWISE_RUN;
                    for (uint32_t i = 0; i < count; i++) {
                        const size_t at = (size_t)(ox0 + i) * (size_t)stride_w * 4u;
#if KGL_DSP_ASM
                        const kgl_lanes4 acc = kgl_window3x3_split_lanes4_s8(
                            row_of[0] + at, row_of[1] + at, row_of[2] + at, split, base);
#else
                        const kgl_lanes4 acc = kgl_window3x3_lanes4_s8(
                            row_of[0] + at, row_of[1] + at, row_of[2] + at, 4, w + c, depth,
                            base);
#endif
                        sums[0][i] = acc.c0, sums[1][i] = acc.c1;
                        sums[2][i] = acc.c2, sums[3][i] = acc.c3;
                    }
                    int8_t *y_out = y_row + (size_t)ox0 * depth;
                    for (uint32_t k = 0; k < 4; k++) {
                        kgl_requantize_outputs_s8(sums[k], count, mult[c + k], shift[c + k],
                                                  p->requant.output_offset,
                                                  p->requant.activation_min,
                                                  p->requant.activation_max, y_out + k, depth);
                    }
                }
#endif
            }
        }
    }
    if (depth % 4 != 0) {
        kgl_depthwise_conv2d_s8_channels(p, depth - depth % 4, depth);
    }
}

/* Reads the input, filter, bias and requantization arrays; writes the output. */
void kgl_depthwise_conv2d_s8(const kgl_depthwise_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    if (KGL_ENABLE_SPARSE && p->filter.bitmap != NULL) {
        kgl_depthwise_conv2d_s8_sparse(p);
#if KGL_VARIANT_MVE
    } else if (KGL_PATH_DEPTHWISE_3X3 && p->depth_multiplier == 1 && g->filter_h == 3 &&
               g->filter_w == 3 && g->dilation_h == 1 && g->dilation_w == 1 &&
               g->output_depth >= 4u &&
               (g->output_w - 1u) * (uint32_t)g->stride_w + 3u <= KGL_DEPTHWISE_ROW / 4u) {
        /* Narrow rows, whose per-row work the chunk of channels shares. */
        kgl_depthwise_conv2d_s8_3x3_mve(p);
#endif
    } else if (KGL_PATH_DEPTHWISE_3X3 && p->depth_multiplier == 1 && g->filter_h == 3 &&
               g->filter_w == 3 &&
               g->dilation_h == 1 && g->dilation_w == 1 &&
               (g->output_w - 1u) * (uint32_t)g->stride_w + 3u <= KGL_DEPTHWISE_ROW) {
        kgl_depthwise_conv2d_s8_3x3(p);
    } else if (KGL_PATH_DEPTHWISE_BLOCKED && p->depth_multiplier == 1) {
        kgl_depthwise_conv2d_s8_blocked(p);
    } else {
        kgl_depthwise_conv2d_s8_reference(p);
    }
}
