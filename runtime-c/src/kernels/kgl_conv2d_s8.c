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
 * Sparse weights (format 1.4, rows along axis 0: one row per output channel) run
 * kgl_conv2d_s8_sparse, which reads only the stored nonzeros and gives the same bytes: its
 * sums are these without their zero terms.
 */
#include "../kgl_internal.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/*
 * Reads: the operator's four tensor records (input [N,H,W,Cin], weights [Cout,KH,KW,Cf],
 * bias int32 [Cout], output [N,OH,OW,Cout]), its options and the multiplier/shift arrays.
 * Returns: KGL_OK when the kernel can run in bounds; KGL_ERROR_BAD_OPERATOR for wrong
 * types, ranks or inconsistent dimensions (Cf must divide Cin, the group count must divide
 * Cout), a weights zero point other than 0, sparse weights (format 1.4) whose row axis is
 * not 0 (one row per output channel); KGL_ERROR_BAD_OPTIONS for strides, dilations,
 * padding, offsets, clamp or requantization arrays out of range.
 */
kgl_status kgl_conv2d_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_conv2d_options *o = KGL_OPTIONS(kgl_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *bias = kgl_op_input(m, op, 2);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 4) != KGL_OK ||
        kgl_check_tensor(weights, KGL_TYPE_INT8, 4) != KGL_OK ||
        kgl_check_tensor(bias, KGL_TYPE_INT32, 1) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 4) != KGL_OK) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const uint32_t in_depth = input->dims[3];
    const uint32_t out_depth = weights->dims[0];
    const uint32_t group_depth = weights->dims[3];
    if (output->dims[0] != input->dims[0] || output->dims[3] != out_depth ||
        bias->dims[0] != out_depth || in_depth % group_depth != 0 ||
        out_depth % (in_depth / group_depth) != 0 || weights->zero_point != 0 ||
        (weights->location == KGL_LOCATION_SPARSE && weights->quant_axis != 0)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (!kgl_check_window_axis(output->dims[1], o->stride_h, o->dilation_h, o->pad_top,
                            weights->dims[1]) ||
        !kgl_check_window_axis(output->dims[2], o->stride_w, o->dilation_w, o->pad_left,
                            weights->dims[2])) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return kgl_check_channel_requantization(m, o->input_offset, o->output_offset, o->activation_min,
                                 o->activation_max, o->multipliers, o->shifts, out_depth);
}

/*
 * The kernel for sparse weights: the loops of kgl_conv2d_s8 over the stored nonzeros only.
 * Output channel oc's row is the KH * KW * Cf bits from oc * KH * KW * Cf; its row of taps
 * ky is the KW * Cf bits from there + ky * KW * Cf, tap (ky, kx) the Cf bits at kx * Cf in
 * it, multiplied against the Cf input channels of the group (kgl_sparse_dot_s8). The taps
 * inside the input, [ky_lo, ky_hi) x [kx_lo, kx_hi) (kgl_window_taps), are found once per
 * output position; the values of the taps in the padding are stepped over
 * (kgl_sparse_count). When a row's taps read consecutive activations (dilation_w 1 and a
 * single group), its taps inside the input are one run; when moreover every tap is inside
 * the input (the common case), a channel is KH runs and there is nothing to step over.
 * Channels are walked in order, so the values pointer restarts at the first value for
 * every output position. Reads the input, the weights' bitmap and values, bias and arrays;
 * writes the output. No failure.
 */
static void kgl_conv2d_s8_sparse(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_conv2d_options *o = KGL_OPTIONS(kgl_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const int8_t *x = (const int8_t *)kgl_tensor_data(m, input);
    const uint8_t *bitmap = kgl_sparse_bitmap(m, weights);
    const int8_t *values = kgl_sparse_values(m, weights);
    const int32_t *bias = (const int32_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    const int32_t *mult = kgl_data_i32(m, o->multipliers);
    const int32_t *shift = kgl_data_i32(m, o->shifts);
    int8_t *y = (int8_t *)kgl_tensor_mutable_data(m, output);

    const uint32_t batches = input->dims[0];
    const int32_t in_h = (int32_t)input->dims[1];
    const int32_t in_w = (int32_t)input->dims[2];
    const uint32_t in_depth = input->dims[3];
    const uint32_t out_h = output->dims[1];
    const uint32_t out_w = output->dims[2];
    const uint32_t out_depth = output->dims[3];
    const uint32_t k_h = weights->dims[1];
    const uint32_t k_w = weights->dims[2];
    const uint32_t group_depth = weights->dims[3];
    const uint32_t per_group = out_depth / (in_depth / group_depth);
    /* Bits of a row of taps (one ky) and of a channel: at most the element count. */
    const uint32_t row_bits = k_w * group_depth;
    const uint32_t channel_bits = k_h * row_bits;
    /* The taps of a row read consecutive activations: one run of bits covers them. */
    const int one_run = o->dilation_w == 1 && group_depth == in_depth;
    const size_t x_step = (size_t)o->dilation_w * in_depth; /* from tap kx to kx + 1 */
    const size_t y_step = (size_t)o->dilation_h * (size_t)in_w * in_depth; /* ky to ky + 1 */
    const int32_t input_offset = o->input_offset;

    size_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        const int8_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * o->stride_h - o->pad_top;
            uint32_t ky_lo, ky_hi;
            kgl_window_taps(y0, o->dilation_h, k_h, in_h, &ky_lo, &ky_hi);
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * o->stride_w - o->pad_left;
                uint32_t kx_lo, kx_hi;
                kgl_window_taps(x0, o->dilation_w, k_w, in_w, &kx_lo, &kx_hi);
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
                    const int32_t iy = y0 + (int32_t)row_lo * o->dilation_h;
                    const int32_t ix = x0 + (int32_t)kx_lo * o->dilation_w;
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
                    y[out_index++] = kgl_requantize_output_s8(acc + (uint32_t)bias[oc], mult[oc], shift[oc],
                        o->output_offset, o->activation_min, o->activation_max);
                }
            }
        }
    }
}

/* Reads the input, weights, bias and arrays; writes the output. No failure. */
void kgl_conv2d_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_conv2d_options *o = KGL_OPTIONS(kgl_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (weights->location == KGL_LOCATION_SPARSE) {
        kgl_conv2d_s8_sparse(m, op);
        return;
    }
    const int8_t *x = (const int8_t *)kgl_tensor_data(m, input);
    const int8_t *w = (const int8_t *)kgl_tensor_data(m, weights);
    const int32_t *bias = (const int32_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    const int32_t *mult = kgl_data_i32(m, o->multipliers);
    const int32_t *shift = kgl_data_i32(m, o->shifts);
    int8_t *y = (int8_t *)kgl_tensor_mutable_data(m, output);

    const uint32_t batches = input->dims[0];
    const int32_t in_h = (int32_t)input->dims[1];
    const int32_t in_w = (int32_t)input->dims[2];
    const uint32_t in_depth = input->dims[3];
    const uint32_t out_h = output->dims[1];
    const uint32_t out_w = output->dims[2];
    const uint32_t out_depth = output->dims[3];
    const uint32_t k_h = weights->dims[1];
    const uint32_t k_w = weights->dims[2];
    const uint32_t group_depth = weights->dims[3];
    const uint32_t per_group = out_depth / (in_depth / group_depth);
    const int32_t input_offset = o->input_offset;

    size_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        const int8_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * o->stride_h - o->pad_top;
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * o->stride_w - o->pad_left;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const int8_t *w_channel = w + (size_t)oc * k_h * k_w * group_depth;
                    const size_t group_start = (size_t)(oc / per_group) * group_depth;
                    uint32_t acc = 0;
                    for (uint32_t ky = 0; ky < k_h; ky++) {
                        const int32_t iy = y0 + (int32_t)ky * o->dilation_h;
                        if (iy < 0 || iy >= in_h) {
                            continue;
                        }
                        for (uint32_t kx = 0; kx < k_w; kx++) {
                            const int32_t ix = x0 + (int32_t)kx * o->dilation_w;
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
                    y[out_index++] = kgl_requantize_output_s8(acc + (uint32_t)bias[oc], mult[oc], shift[oc],
                        o->output_offset, o->activation_min, o->activation_max);
                }
            }
        }
    }
}
