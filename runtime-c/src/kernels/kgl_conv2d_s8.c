/*
 * CONV_2D, int8: TFLite Micro's reference_integer_ops::ConvPerChannel. Twin of
 * Sources/KingletInterpreter/Kernels/Conv2DS8.swift.
 *
 * For each output position and channel c (group g = c / (Cout / groups)):
 *   acc = sum over the window's in-image taps and the group's input channels of
 *         w * (x + input_offset), plus bias[c];
 *   out = clamp(MBQM(acc, multipliers[c], shifts[c]) + output_offset, activation range).
 * Taps outside the input contribute nothing (as if x were the input zero point).
 * The int32 sums wrap on overflow (done in uint32 so C defines it), as TFLite's int32
 * accumulator does on every machine it runs on.
 *
 * A sparse filter (format 1.4, rows along axis 0: one row per output channel) runs
 * kgl_conv2d_s8_sparse, which reads only the stored nonzeros and gives the same bytes: its
 * sums are these without their zero terms.
 */
#include "../kgl_dot_s8.h"
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/*
 * A residual ADD fused into the stores (p->residual, kgl_residual_add_s8; only when
 * KGL_CONV_RESIDUAL: builds without ADD compile every path as before), with the arithmetic of
 * ADD's elementwise path (kgl_residual.h). Each path tests p->residual once per run or batch
 * of stores, never in its multiply-accumulate loops (KGL_FUSING), and when it is set:
 *   - the paths that store runs of positions (kgl_conv2d_s8_store_run, the sparse kernels)
 *     store the ADD of each value and its skip element instead
 *     (kgl_conv2d_s8_store_run_fused);
 *   - the window paths (the copied windows, Helium's rows) store as before, in batches of
 *     positions: the skip elements a batch's stores overwrite are saved first when the skip
 *     is the output's own bytes (kgl_conv2d_s8_fuse_save), and the ADD then replaces the
 *     batch's stored values (kgl_conv2d_s8_fuse_add: ADD's elementwise loop);
 *   - the reference adds each value as it stores it.
 * The helpers are out of line and decode the ADD's parameters from p->residual on each call
 * (a few loads), so that the plain paths keep their code and registers.
 */
#if KGL_CONV_RESIDUAL
#include "../kgl_residual.h"

#if defined(__GNUC__) || defined(__clang__)
#define KGL_FUSE_OUT_OF_LINE __attribute__((noinline))
#define KGL_FUSING(p) __builtin_expect((p)->residual != NULL, 0)
#else
#define KGL_FUSE_OUT_OF_LINE
#define KGL_FUSING(p) ((p)->residual != NULL)
#endif

#if !KGL_VARIANT_MVE
/* kgl_residual_add_values_s8 of p's residual: the one copy of the scalar ADD loop that the
   fused stores share. Requires p->residual. */
KGL_FUSE_OUT_OF_LINE static void kgl_conv2d_s8_fuse_values(const kgl_conv2d_s8_params *restrict p,
                                                           const int8_t *v, uint32_t n,
                                                           int8_t *y, const int8_t *skip,
                                                           size_t step) {
    const kgl_add_s8_pair add = kgl_add_s8_pair_of_residual(p->residual);
    kgl_residual_add_values_s8(&add, v, n, y, skip, step);
}
#endif

/*
 * kgl_conv2d_s8_store_run with the residual fused: the sums of n consecutive output positions
 * for channels oc0 and oc1 (oc1 == oc0: one), y at the first position's channel 0. Helium
 * stores each channel's run in one pass (kgl_requantize_outputs_residual_s8); the others
 * requantize up to 16 values at a time (kgl_requantize_outputs_s8), then add them.
 * Requires p->residual.
 */
KGL_FUSE_OUT_OF_LINE static void
kgl_conv2d_s8_store_run_fused(const kgl_conv2d_s8_params *restrict p, int8_t *y, uint32_t oc0,
                              uint32_t oc1, const uint32_t *sums0, const uint32_t *sums1,
                              uint32_t n) {
    const kgl_channel_requantization *q = &p->requant;
    const size_t step = p->geometry.output_depth;
    const int8_t *skip = p->residual->skip + (y - p->output);
#if KGL_VARIANT_MVE
    const kgl_add_s8_pair add = kgl_add_s8_pair_of_residual(p->residual);
#endif
    for (uint32_t k = 0; k < (oc1 != oc0 ? 2u : 1u); k++) {
        const uint32_t oc = k == 0 ? oc0 : oc1;
        const uint32_t *sums = k == 0 ? sums0 : sums1;
#if KGL_VARIANT_MVE
        kgl_requantize_outputs_residual_s8(sums, n, q->multipliers[oc], q->shifts[oc],
                                           q->output_offset, q->activation_min,
                                           q->activation_max, y + oc, skip + oc, step, &add);
#else
        for (uint32_t i = 0; i < n; i += 16u) {
            const uint32_t count = n - i < 16u ? n - i : 16u;
            const size_t at = (size_t)i * step + oc;
            int8_t values[16];
            kgl_requantize_outputs_s8(sums + i, count, q->multipliers[oc], q->shifts[oc],
                                      q->output_offset, q->activation_min, q->activation_max,
                                      values, 1);
            kgl_conv2d_s8_fuse_values(p, values, count, y + at, skip + at, step);
        }
#endif
    }
}

/* A batch of the window paths: `count` positions from n, channels [c0, c0 + block). Their
   bytes are one run when the block is every channel, else one run per position. */
static inline size_t kgl_conv2d_s8_fuse_run(const kgl_conv2d_s8_params *restrict p,
                                            size_t count, uint32_t block) {
    return block == p->geometry.output_depth ? count * block : block;
}

/* Before a batch's stores: when the skip is the output's own bytes, which the stores will
   overwrite, copies the batch's skip elements to `saved` (block bytes per position).
   Requires p->residual. */
KGL_FUSE_OUT_OF_LINE static void kgl_conv2d_s8_fuse_save(const kgl_conv2d_s8_params *restrict p,
                                                         size_t n, size_t count, uint32_t c0,
                                                         uint32_t block, int8_t *saved) {
    const size_t depth = p->geometry.output_depth;
    const int8_t *skip = p->residual->skip;
    if (skip != p->output) { /* apart from the output: the stores cannot reach it */
        return;
    }
    const size_t run = kgl_conv2d_s8_fuse_run(p, count, block);
    for (size_t j = 0; j < count; j += run / block) {
        const int8_t *from = skip + (n + j) * depth + c0;
        int8_t *to = saved + j * block;
        size_t k = 0;
#if KGL_VARIANT_MVE /* sixteen bytes per vector */
        for (; k < run; k += 16u) {
            const mve_pred16_t live = vctp8q((uint32_t)(run - k));
            vstrbq_p_s8(to + k, vldrbq_z_s8(from + k, live), live);
        }
#endif
        for (; k < run; k++) {
            to[k] = from[k];
        }
    }
}

/* After a batch's stores: replaces each stored value by its ADD with its skip element, saved
   by kgl_conv2d_s8_fuse_save or read where it lies. Requires p->residual. */
KGL_FUSE_OUT_OF_LINE static void kgl_conv2d_s8_fuse_add(const kgl_conv2d_s8_params *restrict p,
                                                        size_t n, size_t count, uint32_t c0,
                                                        uint32_t block, const int8_t *saved) {
    const size_t depth = p->geometry.output_depth;
    const int8_t *skip = p->residual->skip;
    const int in_place = skip == p->output;
#if KGL_VARIANT_MVE
    const kgl_add_s8_pair add = kgl_add_s8_pair_of_residual(p->residual);
#endif
    const size_t run = kgl_conv2d_s8_fuse_run(p, count, block);
    for (size_t j = 0; j < count; j += run / block) {
        const size_t at = (n + j) * depth + c0;
        int8_t *y = p->output + at;
        const int8_t *from = in_place ? saved + j * block : skip + at;
#if KGL_VARIANT_MVE
        kgl_add_s8_pairs(&add, y, y, from, (uint32_t)run);
#else
        kgl_conv2d_s8_fuse_values(p, y, (uint32_t)run, y, from, 1);
#endif
    }
}
#endif

/*
 * The kernel for a sparse filter: the loops of kgl_conv2d_s8 over the stored nonzeros only.
 * Output channel oc's row is the KH * KW * Cf bits from oc * KH * KW * Cf; its row of taps
 * ky is the KW * Cf bits from there + ky * KW * Cf, tap (ky, kx) the Cf bits at kx * Cf in
 * it, multiplied against the Cf input channels of the group (kgl_sparse_dot_s8). The taps
 * inside the input, [ky_lo, ky_hi) x [kx_lo, kx_hi) (kgl_window_taps), are found once per
 * output position; the values of the taps in the padding are stepped over
 * (kgl_sparse_count). When a row's taps read consecutive activations (dilation_w 1 and a
 * single group), its taps inside the input are one run; when moreover every tap is inside
 * the input (the common case), a channel is KH runs and there is nothing to step over.
 * Channels are walked in order, so the values pointer restarts at the first value for
 * every output position.
 */
KGL_KERNEL_PATH void kgl_conv2d_s8_sparse(const kgl_conv2d_s8_params *restrict p) {
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
    const uint32_t group_depth = g->filter_depth;
    const uint32_t per_group = out_depth / (in_depth / group_depth);
    const int32_t stride_h = g->stride_h, stride_w = g->stride_w;
    const int32_t dilation_h = g->dilation_h, dilation_w = g->dilation_w;
    const int32_t pad_top = g->pad_top, pad_left = g->pad_left;
    const int32_t input_offset = p->requant.input_offset;
    const int32_t output_offset = p->requant.output_offset;
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
        const int8_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
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
                const int8_t *x_first = x_batch;
                if (row_lo < row_hi) {
                    const int32_t iy = y0 + (int32_t)row_lo * dilation_h;
                    const int32_t ix = x0 + (int32_t)kx_lo * dilation_w;
                    x_first += ((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth;
                }
                const int8_t *v = values;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const size_t group_start = (size_t)(oc / per_group) * group_depth;
                    const uint32_t channel = oc * channel_bits;
                    uint32_t acc = 0;
                    if (full) {
                        for (uint32_t ky = 0; ky < k_h; ky++) {
                            const uint32_t row = channel + ky * row_bits;
                            const int8_t *xp = x_first + (size_t)ky * y_step + group_start;
                            acc += kgl_sparse_dot_s8(bitmap, row, row_bits, &v, xp, 1,
                                                     input_offset);
                        }
                    } else {
                        const uint32_t runs = one_run ? 1u : kx_hi - kx_lo;
                        const uint32_t run_bits = one_run ? inside : group_depth;
                        v += kgl_sparse_count(bitmap, channel, row_lo * row_bits);
                        for (uint32_t ky = row_lo; ky < row_hi; ky++) {
                            const uint32_t row = channel + ky * row_bits;
                            const int8_t *xp =
                                x_first + (size_t)(ky - row_lo) * y_step + group_start;
                            v += kgl_sparse_count(bitmap, row, before);
                            for (uint32_t k = 0; k < runs; k++) {
                                const uint32_t run = row + before + k * group_depth;
                                const int8_t *xr = xp + (size_t)k * x_step;
                                acc += kgl_sparse_dot_s8(bitmap, run, run_bits, &v, xr, 1,
                                                         input_offset);
                            }
                            v += kgl_sparse_count(bitmap, row + before + inside, after);
                        }
                        v += kgl_sparse_count(bitmap, channel + row_hi * row_bits,
                                              (k_h - row_hi) * row_bits);
                    }
#if KGL_CONV_RESIDUAL
                    if (KGL_FUSING(p)) { /* y + out_index - oc: the position's channel 0 */
                        const uint32_t sum = acc + (uint32_t)bias[oc];
                        kgl_conv2d_s8_store_run_fused(p, y + out_index++ - oc, oc, oc, &sum, &sum,
                                                      1);
                        continue;
                    }
#endif
                    y[out_index++] = kgl_requantize_output_s8(acc + (uint32_t)bias[oc], mult[oc],
                                                              shift[oc], output_offset, act_min,
                                                              act_max);
                }
            }
        }
    }
}

/* The readable specification: one output value at a time, every tap checked. */
void kgl_conv2d_s8_reference(const kgl_conv2d_s8_params *restrict p) {
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
    const uint32_t group_depth = g->filter_depth;
    const uint32_t per_group = out_depth / (in_depth / group_depth);
    const int32_t stride_h = g->stride_h, stride_w = g->stride_w;
    const int32_t dilation_h = g->dilation_h, dilation_w = g->dilation_w;
    const int32_t pad_top = g->pad_top, pad_left = g->pad_left;
    const int32_t input_offset = p->requant.input_offset;
    const int32_t output_offset = p->requant.output_offset;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;

    size_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        const int8_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * stride_h - pad_top;
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * stride_w - pad_left;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const int8_t *w_channel = w + (size_t)oc * k_h * k_w * group_depth;
                    const size_t group_start = (size_t)(oc / per_group) * group_depth;
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
                            const int8_t *xp = x_batch +
                                               ((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth +
                                               group_start;
                            const int8_t *wp = w_channel + ((size_t)ky * k_w + kx) * group_depth;
                            for (uint32_t c = 0; c < group_depth; c++) {
                                acc += (uint32_t)((int32_t)wp[c] * ((int32_t)xp[c] + input_offset));
                            }
                        }
                    }
                    const int8_t out = kgl_requantize_output_s8(acc + (uint32_t)bias[oc],
                                                                mult[oc], shift[oc],
                                                                output_offset, act_min, act_max);
#if KGL_CONV_RESIDUAL
                    if (p->residual != NULL) { /* the ADD of out and its skip element instead */
                        const kgl_residual_add_s8 *r = p->residual;
                        y[out_index] = kgl_residual_add_s8_value(r, out, r->skip[out_index]);
                        out_index++;
                        continue;
                    }
#endif
                    y[out_index++] = out;
                }
            }
        }
    }
}

/*
 * bases[c - c0] = bias[c] + input_offset * (sum of channel c's `len` weights) for c in
 * [c0, c_end): the sums' start when the input offset's share is taken out of the loops.
 */
static void kgl_conv2d_s8_bases(const kgl_conv2d_s8_params *restrict p, uint32_t c0,
                                uint32_t c_end, uint32_t len, uint32_t *bases) {
    for (uint32_t c = c0; c < c_end; c++) {
        bases[c - c0] = KGL_WINDOW_BASE(&p->requant, c,
                                        (uint32_t)p->bias[c] +
                                            (uint32_t)p->requant.input_offset *
                                                kgl_sum_s8(p->filter.values + (size_t)c * len, len));
    }
}

/* Output positions whose sums are held before they are requantized together, per channel. */
#define KGL_CONV_RUN 16

/* A 1x1 window, stride 1, no padding, output the input's size: position n reads input
   position n only, so the convolution is a matrix product over all positions. */
static int kgl_conv2d_s8_is_pointwise(const kgl_conv_geometry *g) {
    return g->filter_h == 1 && g->filter_w == 1 && g->stride_h == 1 && g->stride_w == 1 &&
           g->pad_top == 0 && g->pad_left == 0 && g->output_h == g->input_h &&
           g->output_w == g->input_w;
}

/*
 * Requantizes the sums of `n` consecutive output positions for output channels oc0 and oc1
 * (oc1 == oc0: one channel) into y, which points at the first position's channel 0.
 */
static void kgl_conv2d_s8_store_run(const kgl_conv2d_s8_params *restrict p, int8_t *y,
                                    uint32_t oc0, uint32_t oc1, const uint32_t *sums0,
                                    const uint32_t *sums1, uint32_t n) {
    const kgl_channel_requantization *q = &p->requant;
    const size_t step = p->geometry.output_depth;
#if KGL_CONV_RESIDUAL
    if (KGL_FUSING(p)) {
        kgl_conv2d_s8_store_run_fused(p, y, oc0, oc1, sums0, sums1, n);
        return;
    }
#endif
    kgl_requantize_outputs_s8(sums0, n, q->multipliers[oc0], q->shifts[oc0], q->output_offset,
                              q->activation_min, q->activation_max, y + oc0, step);
    if (oc1 != oc0) {
        kgl_requantize_outputs_s8(sums1, n, q->multipliers[oc1], q->shifts[oc1],
                                  q->output_offset, q->activation_min, q->activation_max,
                                  y + oc1, step);
    }
}

#if KGL_DSP_ASM
/* Input channels whose split weights for two output channels (two words per value pair
   quad, 16 bytes per four values) fit the window budget. */
#define KGL_CONV_SPLIT_DEPTH (KGL_CONV_WINDOW_BYTES / 16 * 4 > 0 ? KGL_CONV_WINDOW_BYTES / 16 * 4 : 4)

/*
 * The pointwise product for output channels oc0 and oc0 + 1 on Arm DSP, input depth a multiple
 * of four: their weights split once into halfword pairs (kgl_split_s8, in slices of
 * KGL_CONV_SPLIT_DEPTH input channels), then two positions at a time against them
 * (kgl_dot_2x2_split_weights_s8); an odd last position of a run reads the raw weights.
 */
static void kgl_conv2d_s8_pointwise_split(const kgl_conv2d_s8_params *restrict p, uint32_t oc0,
                                          uint32_t base0, uint32_t base1, uint32_t *sums0,
                                          uint32_t *sums1) {
    const kgl_conv_geometry *g = &p->geometry;
    const uint32_t depth = g->input_depth;
    const size_t positions = (size_t)g->batches * g->output_h * g->output_w;
    const int8_t *w0 = p->filter.values + (size_t)oc0 * depth;
    const int8_t *w1 = w0 + depth;
    const int whole = depth <= KGL_CONV_SPLIT_DEPTH; /* split once for every run */
    uint32_t split[KGL_CONV_SPLIT_DEPTH];
    if (whole) {
        kgl_split_s8(w0, depth / 4u, split, 4);
        kgl_split_s8(w1, depth / 4u, split + 2, 4);
    }
    for (size_t n0 = 0; n0 < positions; n0 += KGL_CONV_RUN) {
        const uint32_t count =
            positions - n0 < KGL_CONV_RUN ? (uint32_t)(positions - n0) : KGL_CONV_RUN;
        const int8_t *x = p->input + n0 * depth;
        for (uint32_t i = 0; i < count; i++) {
            sums0[i] = base0, sums1[i] = base1;
        }
        for (uint32_t c0 = 0; c0 < depth; c0 += KGL_CONV_SPLIT_DEPTH) {
            const uint32_t len = depth - c0 < KGL_CONV_SPLIT_DEPTH ? depth - c0 : KGL_CONV_SPLIT_DEPTH;
            if (!whole) {
                kgl_split_s8(w0 + c0, len / 4u, split, 4);
                kgl_split_s8(w1 + c0, len / 4u, split + 2, 4);
            }
            const int8_t *xa = x + c0;
            for (uint32_t i = 0; i + 2 <= count; i += 2, xa += 2 * (size_t)depth) {
                uint32_t acc[4] = {sums0[i], sums1[i], sums0[i + 1], sums1[i + 1]};
                kgl_dot_2x2_split_weights_s8(xa, depth, split, len / 4u, acc);
                sums0[i] = acc[0], sums1[i] = acc[1];
                sums0[i + 1] = acc[2], sums1[i + 1] = acc[3];
            }
        }
        if (count % 2u != 0u) {
            uint32_t acc[2] = {base0, base1};
            kgl_dot_1x2_s8(x + (size_t)(count - 1u) * depth, w0, w1, depth, acc);
            sums0[count - 1u] = acc[0], sums1[count - 1u] = acc[1];
        }
        kgl_conv2d_s8_store_run(p, p->output + n0 * g->output_depth, oc0, oc0 + 1u, sums0,
                                sums1, count);
    }
}
#endif

#if KGL_VARIANT_MVE
/* Output channels whose biases (with the input offset's share) are held at once. */
#define KGL_CONV_MVE_CHANNELS 64

static void kgl_conv2d_s8_gather(const kgl_conv2d_s8_params *restrict p, size_t n,
                                 int8_t *window);

/* Whether position n's window lies inside the input with each kernel row one run of the
   input (dilation_w 1); then *x is its first value. */
static inline int kgl_conv2d_s8_window_inside(const kgl_conv2d_s8_params *restrict p, size_t n,
                                              const int8_t **x) {
    const kgl_conv_geometry *g = &p->geometry;
    if (g->dilation_w != 1) {
        return 0;
    }
    const size_t per_image = (size_t)g->output_h * g->output_w;
    const size_t b = n / per_image;
    const int32_t y0 = (int32_t)((n % per_image) / g->output_w) * g->stride_h - g->pad_top;
    const int32_t x0 = (int32_t)(n % g->output_w) * g->stride_w - g->pad_left;
    if (y0 < 0 || x0 < 0 ||
        y0 + ((int32_t)g->filter_h - 1) * g->dilation_h >= (int32_t)g->input_h ||
        x0 + (int32_t)g->filter_w - 1 >= (int32_t)g->input_w) {
        return 0;
    }
    *x = p->input + ((b * g->input_h + (size_t)y0) * g->input_w + (size_t)x0) * g->input_depth;
    return 1;
}

/*
 * CONV_2D with Helium, position-major, for a 1x1 product (`window` NULL: position n reads input
 * position n) or copied windows (`window`: position n's window gathered there first,
 * kgl_conv2d_s8_gather, KH * KW * Cin values): the position's values in vector registers
 * against every output channel's weights, 64 at a time (kgl_dot_rows_s8); its sums go four
 * channels at a time through kgl_requantize_lanes_s8 into contiguous output bytes. Channels
 * go in blocks of KGL_CONV_MVE_CHANNELS, whose biases plus input_offset * (sum of the
 * weights) are computed once (a window's zero-point taps cancel their share).
 */
/* Position n's sums of channels c0 .. c0 + block - 1, requantized four at a time into its
   output bytes. */
static void kgl_conv2d_s8_store_mve(const kgl_conv2d_s8_params *restrict p, size_t n, uint32_t c0,
                                    uint32_t block, const int32_t *sums) {
    const kgl_channel_requantization *q = &p->requant;
    const int32x4_t out_offset = vdupq_n_s32(q->output_offset);
    const int32x4_t low = vdupq_n_s32(q->activation_min), high = vdupq_n_s32(q->activation_max);
    int8_t *y = p->output + n * p->geometry.output_depth + c0;
    uint32_t c = 0;
    for (; c + 4 <= block; c += 4) {
        const int32x4_t shifts = vldrwq_s32(q->shifts + c0 + c);
        const int32x4_t v = kgl_requantize_lanes_s8(
            vldrwq_s32(sums + c), vldrwq_s32(q->multipliers + c0 + c),
            vmaxq_s32(shifts, vdupq_n_s32(0)), vminq_s32(shifts, vdupq_n_s32(0)),
            out_offset, low, high);
        vstrbq_s32(y + c, v);
    }
    for (; c < block; c++) {
        y[c] = kgl_requantize_output_fast_s8((uint32_t)sums[c], q->multipliers[c0 + c],
                                             q->shifts[c0 + c], q->output_offset,
                                             q->activation_min, q->activation_max);
    }
}

static void kgl_conv2d_s8_rows_mve(const kgl_conv2d_s8_params *restrict p, int8_t *window) {
    const kgl_conv_geometry *g = &p->geometry;
    const uint32_t len = window != NULL ? g->filter_h * g->filter_w * g->input_depth
                                        : g->input_depth;
    const uint32_t out_depth = g->output_depth;
    const size_t positions = (size_t)g->batches * g->output_h * g->output_w;
    const uint32_t run = g->filter_w * g->input_depth;
    const size_t row_step = (size_t)g->dilation_h * g->input_w * g->input_depth;
    uint32_t bases[KGL_CONV_MVE_CHANNELS];
    int32_t sums[KGL_CONV_MVE_CHANNELS], sums_b[KGL_CONV_MVE_CHANNELS];
#if KGL_CONV_RESIDUAL
    int8_t saved[4 * KGL_CONV_MVE_CHANNELS]; /* a fused residual's skip elements */
#endif
    for (uint32_t c0 = 0; c0 < out_depth; c0 += KGL_CONV_MVE_CHANNELS) {
        const uint32_t block =
            out_depth - c0 < KGL_CONV_MVE_CHANNELS ? out_depth - c0 : KGL_CONV_MVE_CHANNELS;
        const int8_t *w_block = p->filter.values + (size_t)c0 * len;
        kgl_conv2d_s8_bases(p, c0, c0 + block, len, bases);
#if KGL_CONV_RESIDUAL
        /* The positions in batches up to `end`: all at once, or, with a fused residual, as
           many as their skip elements fit `saved` (kgl_conv2d_s8_fuse_save). */
        for (size_t n = 0, start = 0; n < positions; start = n) {
            size_t end = positions;
            if (KGL_FUSING(p)) {
                const size_t most = sizeof saved / block;
                end = positions - n < most ? positions : n + most;
                kgl_conv2d_s8_fuse_save(p, n, end - n, c0, block, saved);
            }
            for (; n < end; n++) {
#else
        {
            const size_t end = positions;
            for (size_t n = 0; n < end; n++) {
#endif
                const int8_t *x = p->input + n * len, *xb;
                const int inside = window != NULL && kgl_conv2d_s8_window_inside(p, n, &x);
                int pair = 0;
                if (inside && len <= 64u) {
                    /* A short window inside the input: its kernel rows' runs copied together
                       (sixteen bytes per vector), then one product. */
                    for (uint32_t ky = 0; ky < g->filter_h; ky++, x += row_step) {
                        int8_t *to = window + (size_t)ky * run;
                        for (uint32_t k = 0; k < run; k += 16u) {
                            const mve_pred16_t live = vctp8q(run - k);
                            vstrbq_p_s8(to + k, vldrbq_z_s8(x + k, live), live);
                        }
                    }
                    kgl_dot_rows_s8(window, len, w_block, len, (const int32_t *)bases, block,
                                    sums);
                } else if (inside && run <= 48u && n + 1u < end &&
                           (n + 1u) % g->output_w != 0u &&
                           kgl_conv2d_s8_window_inside(p, n + 1u, &xb)) {
                    /* Two neighbours inside the input, each kernel row one run of at most 48:
                       the two positions against each row's weights loaded once. */
                    for (uint32_t ky = 0; ky < g->filter_h; ky++, x += row_step, xb += row_step) {
                        const int32_t *from = ky == 0 ? (const int32_t *)bases : sums;
                        const int32_t *from_b = ky == 0 ? (const int32_t *)bases : sums_b;
                        kgl_dot_rows2_s8(x, xb, run, w_block + (size_t)ky * run, len, from,
                                         from_b, block, sums, sums_b);
                    }
                    pair = 1;
                } else if (inside) {
                    /* Each kernel row's taps are one run of the input: no copy. */
                    for (uint32_t ky = 0; ky < g->filter_h; ky++, x += row_step) {
                        for (uint32_t k = 0; k < run; k += 64u) {
                            kgl_dot_rows_s8(x + k, run - k < 64u ? run - k : 64u,
                                            w_block + (size_t)ky * run + k, len,
                                            ky == 0 && k == 0 ? (const int32_t *)bases : sums,
                                            block, sums);
                        }
                    }
                } else {
                    if (window != NULL) {
                        kgl_conv2d_s8_gather(p, n, window);
                        x = window;
                    }
                    for (uint32_t k = 0; k < len; k += 64u) {
                        kgl_dot_rows_s8(x + k, len - k < 64u ? len - k : 64u, w_block + k, len,
                                        k == 0 ? (const int32_t *)bases : sums, block, sums);
                    }
                }
                kgl_conv2d_s8_store_mve(p, n, c0, block, sums);
                if (pair) {
                    kgl_conv2d_s8_store_mve(p, ++n, c0, block, sums_b);
                }
            }
#if KGL_CONV_RESIDUAL
            if (KGL_FUSING(p)) {
                kgl_conv2d_s8_fuse_add(p, start, end - start, c0, block, saved);
            }
#endif
        }
    }
}
#endif

/*
 * The kernel for a dense 1x1 convolution with stride 1, no padding and one group
 * (kgl_conv2d_s8_is_pointwise): a matrix product over all positions (runs cross rows), output
 * channels two at a time as in kgl_conv2d_s8_blocked, the input offset's share added to the
 * bias once per channel; on Arm DSP with an input depth of a multiple of four, each pair's
 * weights split once (kgl_conv2d_s8_pointwise_split).
 */
KGL_KERNEL_PATH void kgl_conv2d_s8_pointwise(const kgl_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
#if KGL_VARIANT_MVE
    kgl_conv2d_s8_rows_mve(p, NULL);
    return;
#endif
    const int8_t *x = p->input;
    const int8_t *w = p->filter.values;
    int8_t *y = p->output;
    const uint32_t in_depth = g->input_depth;
    const uint32_t out_depth = g->output_depth;
    const uint32_t batches = g->batches, out_h = g->output_h, out_w = g->output_w;
    uint32_t sums0[KGL_CONV_RUN], sums1[KGL_CONV_RUN];

    for (uint32_t oc0 = 0; oc0 < out_depth; oc0 += 2) {
        const uint32_t oc1 = oc0 + 1 < out_depth ? oc0 + 1 : oc0;
        const int8_t *w0 = w + (size_t)oc0 * in_depth;
        const int8_t *w1 = w + (size_t)oc1 * in_depth;
        const uint32_t base0 = KGL_WINDOW_BASE(
            &p->requant, oc0,
            (uint32_t)p->bias[oc0] + (uint32_t)p->requant.input_offset * kgl_sum_s8(w0, in_depth));
        const uint32_t base1 = KGL_WINDOW_BASE(
            &p->requant, oc1,
            (uint32_t)p->bias[oc1] + (uint32_t)p->requant.input_offset * kgl_sum_s8(w1, in_depth));
#if KGL_DSP_ASM
        if (oc1 != oc0 && in_depth % 4u == 0u) {
            kgl_conv2d_s8_pointwise_split(p, oc0, base0, base1, sums0, sums1);
            continue;
        }
#endif
        const size_t positions = (size_t)batches * out_h * out_w;
        for (size_t n0 = 0; n0 < positions; n0 += KGL_CONV_RUN) {
            const uint32_t count =
                positions - n0 < KGL_CONV_RUN ? (uint32_t)(positions - n0) : KGL_CONV_RUN;
            const int8_t *xa = x + n0 * in_depth;
            uint32_t i = 0;
            for (; i + 2 <= count; i += 2, xa += 2 * (size_t)in_depth) {
                uint32_t acc[4] = {base0, base1, base0, base1};
                if (oc1 != oc0) { /* w1 = w0 + in_depth too */
                    kgl_dot_2x2_stride_s8(xa, w0, in_depth, in_depth, acc);
                } else {
                    kgl_dot_2x2_s8(xa, xa + in_depth, w0, w1, in_depth, acc);
                }
                sums0[i] = acc[0], sums1[i] = acc[1];
                sums0[i + 1] = acc[2], sums1[i + 1] = acc[3];
            }
            if (i < count) {
                uint32_t acc[2] = {base0, base1};
                kgl_dot_1x2_s8(xa, w0, w1, in_depth, acc);
                sums0[i] = acc[0], sums1[i] = acc[1];
            }
            kgl_conv2d_s8_store_run(p, y + n0 * out_depth, oc0, oc1, sums0, sums1, count);
        }
    }
}

/*
 * The blocked kernel for a dense filter with one group and dilation_w 1, where a row of taps
 * (ky) reads one run of KW * Cin consecutive input values. Output channels go two at a time
 * (the last one alone twice when Cout is odd), and for each pair every output position, in
 * runs of up to KGL_CONV_RUN positions along an output row whose sums are then requantized
 * together (kgl_requantize_outputs_s8, the channel's shift decoded once):
 *   - the input offset's share, input_offset * (sum of the channel's weights), is added to
 *     the bias once per channel: a window wholly inside the input then needs only x . w
 *     (wrapping sums: the same value mod 2^32 as the reference's sum of w * (x + offset));
 *   - two neighbouring positions wholly inside the input share each weight load
 *     (kgl_dot_2x2_s8);
 *   - a window partly outside the input sums w * (x + offset) over its inside taps only, as
 *     the reference does (kgl_dot_offset_rows_1x2_s8).
 */
KGL_KERNEL_PATH void kgl_conv2d_s8_blocked(const kgl_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const int8_t *x = p->input;
    const int8_t *w = p->filter.values;
    const int32_t *bias = p->bias;
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
    const int32_t stride_h = g->stride_h, stride_w = g->stride_w;
    const int32_t dilation_h = g->dilation_h;
    const int32_t pad_top = g->pad_top, pad_left = g->pad_left;
    const int32_t input_offset = p->requant.input_offset;

    const uint32_t run = k_w * in_depth;                  /* one row of taps */
    const uint32_t channel_len = k_h * run;               /* one output channel's weights */
    const size_t x_row = (size_t)in_w * in_depth;         /* input row to row */
    const size_t x_tap_row = (size_t)dilation_h * x_row;  /* tap row ky to ky + 1 */
    const size_t x_pair = (size_t)stride_w * in_depth;    /* output column ox to ox + 1 */
    const size_t x_batch_len = (size_t)in_h * x_row;
    const size_t y_row = (size_t)out_w * out_depth;
    /* A window is inside the input when y0 in [0, y_last] and x0 in [0, x_last]. */
    const int64_t y_last = (int64_t)in_h - 1 - (int64_t)(k_h - 1) * dilation_h;
    const int64_t x_last = (int64_t)in_w - (int64_t)k_w;
    uint32_t sums0[KGL_CONV_RUN], sums1[KGL_CONV_RUN];

    for (uint32_t oc0 = 0; oc0 < out_depth; oc0 += 2) {
        const uint32_t oc1 = oc0 + 1 < out_depth ? oc0 + 1 : oc0;
        const int8_t *w0 = w + (size_t)oc0 * channel_len;
        const int8_t *w1 = w + (size_t)oc1 * channel_len;
        const uint32_t base0 = KGL_WINDOW_BASE(
            &p->requant, oc0,
            (uint32_t)bias[oc0] + (uint32_t)input_offset * kgl_sum_s8(w0, channel_len));
        const uint32_t base1 = KGL_WINDOW_BASE(
            &p->requant, oc1,
            (uint32_t)bias[oc1] + (uint32_t)input_offset * kgl_sum_s8(w1, channel_len));

        for (uint32_t b = 0; b < batches; b++) {
            const int8_t *x_batch = x + (size_t)b * x_batch_len;
            int8_t *y_batch = y + (size_t)b * out_h * y_row;
            for (uint32_t oy = 0; oy < out_h; oy++) {
                const int32_t y0 = (int32_t)oy * stride_h - pad_top;
                const int rows_inside = y0 >= 0 && (int64_t)y0 <= y_last;
                uint32_t ky_lo, ky_hi;
                kgl_window_taps(y0, dilation_h, k_h, in_h, &ky_lo, &ky_hi);
                int8_t *y_row_out = y_batch + (size_t)oy * y_row;
                for (uint32_t ox0 = 0; ox0 < out_w; ox0 += KGL_CONV_RUN) {
                    const uint32_t count = out_w - ox0 < KGL_CONV_RUN ? out_w - ox0 : KGL_CONV_RUN;
                    uint32_t i = 0;
                    while (i < count) {
                        const int32_t x0 = (int32_t)(ox0 + i) * stride_w - pad_left;
                        const int inside = rows_inside && x0 >= 0 && (int64_t)x0 <= x_last;
                        const int8_t *xa = x_batch + (size_t)y0 * x_row + (size_t)x0 * in_depth;
                        if (inside && i + 1 < count && (int64_t)x0 + stride_w <= x_last) {
                            uint32_t acc[4] = {base0, base1, base0, base1};
                            for (uint32_t ky = 0; ky < k_h; ky++) {
                                const int8_t *xr = xa + ky * x_tap_row;
                                kgl_dot_2x2_s8(xr, xr + x_pair, w0 + ky * run, w1 + ky * run,
                                               run, acc);
                            }
                            sums0[i] = acc[0], sums1[i] = acc[1];
                            sums0[i + 1] = acc[2], sums1[i + 1] = acc[3];
                            i += 2;
                            continue;
                        }
                        uint32_t acc[2];
                        if (inside) {
                            acc[0] = base0, acc[1] = base1;
                            for (uint32_t ky = 0; ky < k_h; ky++) {
                                kgl_dot_1x2_s8(xa + ky * x_tap_row, w0 + ky * run,
                                               w1 + ky * run, run, acc);
                            }
                        } else {
                            uint32_t kx_lo, kx_hi;
                            kgl_window_taps(x0, 1, k_w, in_w, &kx_lo, &kx_hi);
                            acc[0] = (uint32_t)bias[oc0], acc[1] = (uint32_t)bias[oc1];
                            if (kx_lo < kx_hi && ky_lo < ky_hi) {
                                const size_t skip = (size_t)ky_lo * run + kx_lo * in_depth;
                                const int8_t *xr = x_batch +
                                                   (size_t)(y0 + (int32_t)ky_lo * dilation_h) *
                                                       x_row +
                                                   (size_t)(x0 + (int32_t)kx_lo) * in_depth;
                                kgl_dot_offset_rows_1x2_s8(xr, x_tap_row, input_offset,
                                                           w0 + skip, w1 + skip, run,
                                                           (kx_hi - kx_lo) * in_depth,
                                                           ky_hi - ky_lo, acc);
                            }
                        }
                        sums0[i] = acc[0], sums1[i] = acc[1];
                        i += 1;
                    }
                    kgl_conv2d_s8_store_run(p, y_row_out + (size_t)ox0 * out_depth, oc0, oc1,
                                            sums0, sums1, count);
                }
            }
        }
    }
}

#if !KGL_VARIANT_MVE /* Helium builds run the windows position-major */
/*
 * The outputs of one 2 x 2 block of the window kernels: acc (kgl_dot_2x2_s8's order) for
 * channels oc and oc1 at the positions y0 and y1 (y1 only when `pair`; oc1 == oc: one
 * channel), each rescaled by kgl_requantize_output_fast_s8.
 */
static inline void kgl_conv2d_s8_store_2x2(const kgl_channel_requantization *q, int8_t *y0,
                                           int8_t *y1, uint32_t oc, uint32_t oc1, int pair,
                                           const uint32_t acc[4]) {
    y0[oc] = kgl_requantize_output_fast_s8(acc[0], q->multipliers[oc], q->shifts[oc],
                                           q->output_offset, q->activation_min, q->activation_max);
    if (pair) {
        y1[oc] = kgl_requantize_output_fast_s8(acc[2], q->multipliers[oc], q->shifts[oc],
                                               q->output_offset, q->activation_min,
                                               q->activation_max);
    }
    if (oc1 != oc) {
        y0[oc1] = kgl_requantize_output_fast_s8(acc[1], q->multipliers[oc1], q->shifts[oc1],
                                                q->output_offset, q->activation_min,
                                                q->activation_max);
        if (pair) {
            y1[oc1] = kgl_requantize_output_fast_s8(acc[3], q->multipliers[oc1], q->shifts[oc1],
                                                    q->output_offset, q->activation_min,
                                                    q->activation_max);
        }
    }
}
#endif

/* The window kernel's limits: window values (KH * KW * Cin, kgl_config.h) and output
   channels per pass, which set its stack (two windows and the channels' sums). */
#define KGL_CONV_SMALL_WINDOW KGL_CONV_WINDOW_BYTES
#define KGL_CONV_SMALL_CHANNELS 64

/*
 * Copies the window of output position n (batch-major, then rows and columns) into `window`
 * (KH * KW * Cin values, the filter's order), the input zero point for taps outside the input.
 */
static void kgl_conv2d_s8_gather(const kgl_conv2d_s8_params *restrict p, size_t n,
                                 int8_t *window) {
    const kgl_conv_geometry *g = &p->geometry;
    const uint32_t in_depth = g->input_depth;
    const size_t per_image = (size_t)g->output_h * g->output_w;
    const size_t b = n / per_image;
    const uint32_t oy = (uint32_t)((n % per_image) / g->output_w);
    const uint32_t ox = (uint32_t)(n % g->output_w);
    const int32_t y0 = (int32_t)oy * g->stride_h - g->pad_top;
    const int32_t x0 = (int32_t)ox * g->stride_w - g->pad_left;
    const int8_t zero_point = (int8_t)-p->requant.input_offset;
    const int8_t *x_batch = p->input + b * g->input_h * (size_t)g->input_w * in_depth;
#if KGL_VARIANT_MVE
    if (g->dilation_w == 1) {
        /* Each kernel row in three runs, sixteen bytes per vector: the zero point for the taps
           left of the input, the input's values, the zero point right of it. */
        const uint32_t row_len = g->filter_w * in_depth;
        const int8x16_t fill = vdupq_n_s8(zero_point);
        uint32_t kx_lo, kx_hi;
        kgl_window_taps(x0, 1, g->filter_w, (int32_t)g->input_w, &kx_lo, &kx_hi);
        for (uint32_t ky = 0; ky < g->filter_h; ky++, window += row_len) {
            const int32_t iy = y0 + (int32_t)ky * g->dilation_h;
            const int row_in = iy >= 0 && iy < (int32_t)g->input_h && kx_lo < kx_hi;
            const uint32_t lo = row_in ? kx_lo * in_depth : row_len;
            const uint32_t hi = row_in ? kx_hi * in_depth : row_len;
            for (uint32_t k = 0; k < lo; k += 16u) {
                vstrbq_p_s8(window + k, fill, vctp8q(lo - k));
            }
            if (row_in) {
                const int8_t *xp = x_batch + ((size_t)iy * g->input_w + (size_t)(x0 + (int32_t)kx_lo)) *
                                                 in_depth;
                for (uint32_t k = 0; k < hi - lo; k += 16u) {
                    const mve_pred16_t live = vctp8q(hi - lo - k);
                    vstrbq_p_s8(window + lo + k, vldrbq_z_s8(xp + k, live), live);
                }
            }
            for (uint32_t k = hi; k < row_len; k += 16u) {
                vstrbq_p_s8(window + k, fill, vctp8q(row_len - k));
            }
        }
        return;
    }
#endif
    for (uint32_t ky = 0; ky < g->filter_h; ky++) {
        const int32_t iy = y0 + (int32_t)ky * g->dilation_h;
        const int row_in = iy >= 0 && iy < (int32_t)g->input_h;
        for (uint32_t kx = 0; kx < g->filter_w; kx++, window += in_depth) {
            const int32_t ix = x0 + (int32_t)kx * g->dilation_w;
            if (row_in && ix >= 0 && ix < (int32_t)g->input_w) {
                const int8_t *xp = x_batch + ((size_t)iy * g->input_w + (size_t)ix) * in_depth;
                uint32_t c = 0;
#if KGL_VARIANT_MVE /* sixteen bytes per vector */
                for (; c + 16u <= in_depth; c += 16u) {
                    vstrbq_s8(window + c, vldrbq_s8(xp + c));
                }
#endif
                for (; c < in_depth; c++) {
                    window[c] = xp[c];
                }
            } else {
                uint32_t c = 0;
#if KGL_VARIANT_MVE
                for (; c + 16u <= in_depth; c += 16u) {
                    vstrbq_s8(window + c, vdupq_n_s8(zero_point));
                }
#endif
                for (; c < in_depth; c++) {
                    window[c] = zero_point;
                }
            }
        }
    }
}

#if !KGL_VARIANT_MVE /* Helium builds run the windows position-major */
/*
 * The kernel for a dense filter with one group and a window of at most KGL_CONV_WINDOW_BYTES
 * values (KH * KW * Cin): first layers, whose few input channels make short runs, and 3x3
 * layers of up to 64 channels, whose rows would be three separate runs. Two positions at a time, their windows are copied side by side
 * (kgl_conv2d_s8_gather), taps outside the input as the input zero point; each pair of
 * channels is then one run of 2 x 2 products over the window (kgl_dot_2x2_stride_s8: the
 * second window and the second channel's weights both lie one window further). The sums
 * start from bias + input_offset * (sum of the channel's weights) over the whole window, so a
 * zero-point tap's product cancels its share (wrapping sums, exact mod 2^32).
 */
KGL_KERNEL_PATH void kgl_conv2d_s8_small_window(const kgl_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const kgl_channel_requantization *q = &p->requant;
    const int8_t *w = p->filter.values;
    const uint32_t out_depth = g->output_depth;
    const uint32_t window_len = g->filter_h * g->filter_w * g->input_depth;
    const size_t positions = (size_t)g->batches * g->output_h * g->output_w;
    int8_t windows[2 * (KGL_CONV_SMALL_WINDOW > 0 ? KGL_CONV_SMALL_WINDOW : 1)];
    uint32_t bases[KGL_CONV_SMALL_CHANNELS];
#if KGL_CONV_RESIDUAL
    int8_t saved[2 * KGL_CONV_SMALL_CHANNELS]; /* a fused residual's skip elements */
#endif

    for (uint32_t c0 = 0; c0 < out_depth; c0 += KGL_CONV_SMALL_CHANNELS) {
        const uint32_t c_end =
            out_depth - c0 < KGL_CONV_SMALL_CHANNELS ? out_depth : c0 + KGL_CONV_SMALL_CHANNELS;
        kgl_conv2d_s8_bases(p, c0, c_end, window_len, bases);
        for (size_t n = 0; n < positions; n += 2) {
            const int pair = n + 1 < positions;
            kgl_conv2d_s8_gather(p, n, windows);
            kgl_conv2d_s8_gather(p, pair ? n + 1 : n, windows + window_len);
#if KGL_CONV_RESIDUAL
            if (KGL_FUSING(p)) {
                kgl_conv2d_s8_fuse_save(p, n, pair ? 2u : 1u, c0, c_end - c0, saved);
            }
#endif
            int8_t *y0 = p->output + n * out_depth;
            int8_t *y1 = y0 + out_depth;
            for (uint32_t oc = c0; oc < c_end; oc += 2) {
                const int two = oc + 1 < c_end;
                const uint32_t oc1 = two ? oc + 1 : oc;
                const int8_t *w0 = w + (size_t)oc * window_len;
                uint32_t acc[4] = {bases[oc - c0], bases[oc1 - c0], bases[oc - c0],
                                   bases[oc1 - c0]};
                if (two) {
                    kgl_dot_2x2_stride_s8(windows, w0, window_len, window_len, acc);
                } else {
                    kgl_dot_2x2_s8(windows, windows + window_len, w0, w0, window_len, acc);
                }
                kgl_conv2d_s8_store_2x2(q, y0, y1, oc, oc1, pair, acc);
            }
#if KGL_CONV_RESIDUAL
            if (KGL_FUSING(p)) {
                kgl_conv2d_s8_fuse_add(p, n, pair ? 2u : 1u, c0, c_end - c0, saved);
            }
#endif
        }
    }
}
#endif

#if KGL_DSP_ASM
/* The longest window the split window kernel takes: two windows split into halfwords take
   the bytes of two windows of KGL_CONV_SMALL_WINDOW values. */
#define KGL_CONV_SPLIT_WINDOW (KGL_CONV_SMALL_WINDOW / 2 / 4 * 4)

/*
 * kgl_conv2d_s8_small_window on Arm DSP for windows (KH * KW * Cin) of a multiple of four
 * values, at most KGL_CONV_SPLIT_WINDOW: the two windows of a pair of positions are split
 * into halfword pairs once (kgl_split_s8), so that each pair of channels then reads raw
 * weights against them (kgl_dot_2x2_split_inputs_s8), and every output is rescaled with
 * kgl_requantize_output_fast_s8.
 */
KGL_KERNEL_PATH void kgl_conv2d_s8_small_window_split(const kgl_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const kgl_channel_requantization *q = &p->requant;
    const int8_t *w = p->filter.values;
    const uint32_t out_depth = g->output_depth;
    const uint32_t window_len = g->filter_h * g->filter_w * g->input_depth;
    const uint32_t quads = window_len / 4u;
    const size_t positions = (size_t)g->batches * g->output_h * g->output_w;
    int8_t window[KGL_CONV_SPLIT_WINDOW > 0 ? KGL_CONV_SPLIT_WINDOW : 4];
    uint32_t split[KGL_CONV_SPLIT_WINDOW > 0 ? KGL_CONV_SPLIT_WINDOW : 4];
    uint32_t bases[KGL_CONV_SMALL_CHANNELS];
#if KGL_CONV_RESIDUAL
    int8_t saved[2 * KGL_CONV_SMALL_CHANNELS]; /* a fused residual's skip elements */
#endif

    for (uint32_t c0 = 0; c0 < out_depth; c0 += KGL_CONV_SMALL_CHANNELS) {
        const uint32_t c_end =
            out_depth - c0 < KGL_CONV_SMALL_CHANNELS ? out_depth : c0 + KGL_CONV_SMALL_CHANNELS;
        kgl_conv2d_s8_bases(p, c0, c_end, window_len, bases);
        for (size_t n = 0; n < positions; n += 2) {
            const int pair = n + 1 < positions;
            kgl_conv2d_s8_gather(p, n, window);
            kgl_split_s8(window, quads, split, 4);
            kgl_conv2d_s8_gather(p, pair ? n + 1 : n, window);
            kgl_split_s8(window, quads, split + 2, 4);
#if KGL_CONV_RESIDUAL
            if (KGL_FUSING(p)) {
                kgl_conv2d_s8_fuse_save(p, n, pair ? 2u : 1u, c0, c_end - c0, saved);
            }
#endif
            int8_t *y0 = p->output + n * out_depth;
            int8_t *y1 = y0 + out_depth;
            for (uint32_t oc = c0; oc < c_end; oc += 2) {
                const int two = oc + 1 < c_end;
                const uint32_t oc1 = two ? oc + 1 : oc;
                uint32_t acc[4] = {bases[oc - c0], bases[oc1 - c0], bases[oc - c0],
                                   bases[oc1 - c0]};
                /* One channel alone is read twice, as its own pair. */
                kgl_dot_2x2_split_inputs_s8(split, w + (size_t)oc * window_len,
                                            (size_t)(oc1 - oc) * window_len, quads, acc);
                kgl_conv2d_s8_store_2x2(q, y0, y1, oc, oc1, pair, acc);
            }
#if KGL_CONV_RESIDUAL
            if (KGL_FUSING(p)) {
                kgl_conv2d_s8_fuse_add(p, n, pair ? 2u : 1u, c0, c_end - c0, saved);
            }
#endif
        }
    }
}
#endif

#if KGL_VARIANT_MVE
/* kgl_conv2d_s8_small_window with Helium: one window at a time, position-major
   (kgl_conv2d_s8_rows_mve). */
KGL_KERNEL_PATH void kgl_conv2d_s8_small_window_mve(const kgl_conv2d_s8_params *restrict p) {
    int8_t window[KGL_CONV_SMALL_WINDOW > 0 ? KGL_CONV_SMALL_WINDOW : 1];
    kgl_conv2d_s8_rows_mve(p, window);
}
#endif

/* The longest row (input channels) the sparse 1x1 kernel lists; its stack holds one index
   byte per entry. */
#define KGL_CONV_SPARSE_ROW 256

/*
 * The kernel for a sparse filter of a 1x1 convolution with stride 1, no padding and one
 * group (Cin <= KGL_CONV_SPARSE_ROW): output channels in order, each row's set bits listed
 * once (their input channels, the row's values follow in the values array), then every
 * position's sum over that list, bias + input_offset * (sum of the row's values) +
 * sum of value * x (wrapping, exact mod 2^32), requantized in runs of KGL_CONV_RUN positions.
 * The work is per nonzero and position, the bitmap read once per channel. Helium gathers
 * sixteen listed inputs per instruction and multiply-adds them across the lanes.
 */
KGL_KERNEL_PATH void kgl_conv2d_s8_sparse_pointwise(const kgl_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const kgl_channel_requantization *q = &p->requant;
    const uint8_t *bitmap = p->filter.bitmap;
    const int8_t *values = p->filter.values;
    const uint32_t in_depth = g->input_depth;
    const uint32_t out_depth = g->output_depth;
    const size_t positions = (size_t)g->batches * g->output_h * g->output_w;
    uint8_t channels[KGL_CONV_SPARSE_ROW];
    uint32_t sums[KGL_CONV_RUN];

    for (uint32_t oc = 0; oc < out_depth; oc++) {
        const uint32_t row = oc * in_depth;
        uint32_t count = 0;
        for (uint32_t c = 0; c < in_depth;) {
            const uint32_t bit = row + c;
            if (bit % 8u == 0u && c + 32u <= in_depth) { /* four whole bitmap bytes */
                uint32_t bits = kgl_sparse_word(bitmap + bit / 8u);
                while (bits != 0u) {
                    channels[count++] = (uint8_t)(c + kgl_ctz32(bits));
                    bits &= bits - 1u;
                }
                c += 32u;
            } else if (bit % 8u == 0u && c + 8u <= in_depth) { /* a whole bitmap byte */
                uint32_t bits = bitmap[bit / 8u];
                while (bits != 0u) {
                    channels[count++] = (uint8_t)(c + kgl_ctz8(bits));
                    bits &= bits - 1u;
                }
                c += 8u;
            } else {
                if ((bitmap[bit / 8u] >> (bit % 8u)) & 1u) {
                    channels[count++] = (uint8_t)c;
                }
                c++;
            }
        }
        const int8_t *v = values;
        values += count;
        uint32_t base = (uint32_t)p->bias[oc];
        if (KGL_FOLDED_BIAS_REQUIRED || q->folded_bias != NULL) { /* zeros add nothing to it */
            base = (uint32_t)q->folded_bias[oc];
        } else {
            for (uint32_t j = 0; j < count; j++) {
                base += (uint32_t)q->input_offset * (uint32_t)(int32_t)v[j];
            }
        }
        for (size_t n0 = 0; n0 < positions; n0 += KGL_CONV_RUN) {
            const uint32_t run =
                positions - n0 < KGL_CONV_RUN ? (uint32_t)(positions - n0) : KGL_CONV_RUN;
            const int8_t *x = p->input + n0 * in_depth;
            uint32_t i = 0;
#if KGL_VARIANT_MVE
            /* Four positions per walk: each vector of sixteen entries gathers their inputs
               by channel index and multiply-adds them across the lanes; past the list's end
               the lanes read nothing and hold channel 0 with weight 0. */
            for (; i + 4 <= run; i += 4, x += 4 * (size_t)in_depth) {
                const int8_t *x1 = x + in_depth, *x2 = x1 + in_depth, *x3 = x2 + in_depth;
                int32_t acc0 = (int32_t)base, acc1 = acc0, acc2 = acc0, acc3 = acc0;
                for (uint32_t k = 0; k < count; k += 16u) {
                    const mve_pred16_t live = vctp8q(count - k);
                    const uint8x16_t at = vldrbq_z_u8(channels + k, live);
                    const int8x16_t w = vldrbq_z_s8(v + k, live);
                    acc0 = vmladavaq_s8(acc0, vldrbq_gather_offset_s8(x, at), w);
                    acc1 = vmladavaq_s8(acc1, vldrbq_gather_offset_s8(x1, at), w);
                    acc2 = vmladavaq_s8(acc2, vldrbq_gather_offset_s8(x2, at), w);
                    acc3 = vmladavaq_s8(acc3, vldrbq_gather_offset_s8(x3, at), w);
                }
                sums[i] = (uint32_t)acc0, sums[i + 1] = (uint32_t)acc1;
                sums[i + 2] = (uint32_t)acc2, sums[i + 3] = (uint32_t)acc3;
            }
#endif
            for (; i + 4 <= run; i += 4, x += 4 * (size_t)in_depth) { /* one walk, four sums */
                const int8_t *x1 = x + in_depth, *x2 = x1 + in_depth, *x3 = x2 + in_depth;
                uint32_t acc0 = base, acc1 = base, acc2 = base, acc3 = base;
                for (uint32_t j = 0; j < count; j++) {
                    const int32_t value = v[j];
                    const uint32_t c = channels[j];
                    acc0 += (uint32_t)(value * x[c]);
                    acc1 += (uint32_t)(value * x1[c]);
                    acc2 += (uint32_t)(value * x2[c]);
                    acc3 += (uint32_t)(value * x3[c]);
                }
                sums[i] = acc0, sums[i + 1] = acc1, sums[i + 2] = acc2, sums[i + 3] = acc3;
            }
            for (; i + 2 <= run; i += 2, x += 2 * (size_t)in_depth) { /* one list walk, two sums */
                const int8_t *x1 = x + in_depth;
                uint32_t acc0 = base, acc1 = base;
                for (uint32_t j = 0; j < count; j++) {
                    const int32_t value = v[j];
                    const uint32_t c = channels[j];
                    acc0 += (uint32_t)(value * x[c]);
                    acc1 += (uint32_t)(value * x1[c]);
                }
                sums[i] = acc0, sums[i + 1] = acc1;
            }
            if (i < run) {
                uint32_t acc = base;
                for (uint32_t j = 0; j < count; j++) {
                    acc += (uint32_t)((int32_t)v[j] * x[channels[j]]);
                }
                sums[i] = acc;
            }
#if KGL_CONV_RESIDUAL
            if (KGL_FUSING(p)) {
                kgl_conv2d_s8_store_run_fused(p, p->output + n0 * out_depth, oc, oc, sums, sums,
                                              run);
                continue;
            }
#endif
            kgl_requantize_outputs_s8(sums, run, q->multipliers[oc], q->shifts[oc],
                                      q->output_offset, q->activation_min, q->activation_max,
                                      p->output + n0 * out_depth + oc, out_depth);
        }
    }
}

/* The most positions a dense 1x1 product runs as FULLY_CONNECTED: Helium's position-major
   pointwise kernel prepares little per channel, so there only one or two (measured on
   2x2 and 1x1 layers of 128-256 channels). */
#if KGL_VARIANT_MVE
#define KGL_CONV_FEW_POSITIONS 2u
#else
#define KGL_CONV_FEW_POSITIONS 8u
#endif

/*
 * A dense 1x1 product over at most KGL_CONV_FEW_POSITIONS positions (kgl_conv2d_s8_is_pointwise),
 * as FULLY_CONNECTED with one row per position: the same sums (input [positions, Cin],
 * filter [Cout, Cin]) and requantization. The pointwise kernel prepares each pair of
 * channels (weight sums, split weights) once for all positions, which with few positions
 * costs as much as the products; the FULLY_CONNECTED kernel needs no preparation.
 */
static void kgl_conv2d_s8_as_fully_connected(const kgl_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    kgl_fully_connected_s8_params fc;
    fc.rows = g->batches * g->output_h * g->output_w;
    fc.units = g->output_depth;
    fc.depth = g->input_depth;
    fc.requant = p->requant;
    fc.input = p->input;
    fc.filter = p->filter;
    fc.bias = p->bias;
    fc.output = p->output;
    kgl_fully_connected_s8(&fc);
}

/* Reads the input, filter, bias and requantization arrays; writes the output. */
void kgl_conv2d_s8(const kgl_conv2d_s8_params *restrict p) {
    const kgl_conv_geometry *g = &p->geometry;
    const uint32_t window_len = g->filter_h * g->filter_w * g->input_depth;
    /* From 16 output channels the copies of a window pay for themselves (Helium: from 4,
       and it also runs strided 1x1 products position-major, their windows runs of the
       input); the other variants' blocked path serves the rest better. */
    const int small_window = KGL_PATH_CONV_SMALL_WINDOW && g->filter_depth == g->input_depth &&
                             window_len <= KGL_CONV_SMALL_WINDOW &&
                             (KGL_VARIANT_MVE || !(g->filter_h == 1 && g->filter_w == 1)) &&
                             g->output_depth >= (KGL_VARIANT_MVE ? 4u : 16u);
#if KGL_DSP_ASM
    const int split_window = window_len % 4u == 0u && window_len <= KGL_CONV_SPLIT_WINDOW;
    const int unsplit_window = KGL_PATH_CONV_UNSPLIT_WINDOW;
#else
    const int split_window = 0, unsplit_window = 1; /* the window path of these builds */
#endif
    if (KGL_ENABLE_SPARSE && p->filter.bitmap != NULL) {
        if (kgl_conv2d_s8_is_pointwise(g) && g->filter_depth == g->input_depth &&
            g->input_depth <= KGL_CONV_SPARSE_ROW) {
            kgl_conv2d_s8_sparse_pointwise(p);
        } else {
            kgl_conv2d_s8_sparse(p);
        }
    } else if (g->filter_depth == g->input_depth && kgl_conv2d_s8_is_pointwise(g)) {
        const size_t positions = (size_t)g->batches * g->output_h * g->output_w;
#if KGL_CONV_RESIDUAL
        const int fused = p->residual != NULL; /* the FULLY_CONNECTED kernel stores plainly */
#else
        const int fused = 0;
#endif
        if (KGL_PATH_CONV_FEW_POSITIONS && positions <= KGL_CONV_FEW_POSITIONS && !fused) {
            kgl_conv2d_s8_as_fully_connected(p);
        } else {
            kgl_conv2d_s8_pointwise(p);
        }
#if KGL_DSP_ASM
    } else if (small_window && split_window) {
        kgl_conv2d_s8_small_window_split(p);
#endif
    } else if (small_window && !split_window && unsplit_window) {
#if KGL_VARIANT_MVE
        kgl_conv2d_s8_small_window_mve(p);
#else
        kgl_conv2d_s8_small_window(p);
#endif
    } else if (KGL_PATH_CONV_BLOCKED && g->filter_depth == g->input_depth &&
               g->dilation_w == 1) {
        kgl_conv2d_s8_blocked(p);
    } else {
        kgl_conv2d_s8_reference(p);
    }
}
