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
 * Sparse weights (format 1.4, rows along axis 3: one row of KH * KW taps per output
 * channel) run kgl_depthwise_conv2d_s8_sparse, which multiplies only the stored nonzeros and
 * gives the same bytes: its sums are these without their zero terms.
 */
#include "../kgl_internal.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/*
 * Reads: the operator's tensor records (input [N,H,W,Cin], weights [1,KH,KW,Cout], bias
 * int32 [Cout], output [N,OH,OW,Cout]), options and multiplier/shift arrays.
 * Returns: KGL_OK when the kernel can run in bounds; KGL_ERROR_BAD_OPERATOR for wrong
 * types, ranks, dimensions, Cout != Cin * depth_multiplier, a weights zero point other
 * than 0 or sparse weights (format 1.4) whose row axis is not 3 (one row of KH * KW taps
 * per output channel); KGL_ERROR_BAD_OPTIONS for a depth multiplier below 1 and the option
 * ranges of CONV_2D.
 */
kgl_status kgl_depthwise_conv2d_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_depthwise_conv2d_options *o = KGL_OPTIONS(kgl_depthwise_conv2d_options, op);
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
    if (o->depth_multiplier < 1) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    const uint32_t out_depth = weights->dims[3];
    if (weights->dims[0] != 1 || output->dims[0] != input->dims[0] ||
        output->dims[3] != out_depth || bias->dims[0] != out_depth ||
        (uint64_t)input->dims[3] * (uint64_t)o->depth_multiplier != out_depth ||
        weights->zero_point != 0 ||
        (weights->location == KGL_LOCATION_SPARSE && weights->quant_axis != 3)) {
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
 * The kernel for sparse weights: the loops of kgl_depthwise_conv2d_s8 over the stored
 * nonzeros only, output channels in order (c = i * depth_multiplier + k reads input channel
 * i = c / depth_multiplier). Output channel oc's row is the KH * KW bits from oc * KH * KW,
 * its row of taps ky the KW bits from there + ky * KW: a run multiplied against input
 * channel i of KW input columns, dilation_w * Cin activations apart (kgl_sparse_dot_s8 with
 * that step). The taps inside the input, [ky_lo, ky_hi) x [kx_lo, kx_hi) (kgl_window_taps),
 * are found once per output position; the values of the taps in the padding are stepped
 * over (kgl_sparse_count). The values pointer restarts at the first value for every output
 * position. Reads the input, the weights' bitmap and values, bias and arrays; writes the
 * output. No failure.
 */
static void kgl_depthwise_conv2d_s8_sparse(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_depthwise_conv2d_options *o = KGL_OPTIONS(kgl_depthwise_conv2d_options, op);
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
    const uint32_t multiplier = (uint32_t)o->depth_multiplier;
    const uint32_t channel_bits = k_h * k_w; /* one channel's taps: at most the element count */
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
                /* The rows of taps [row_lo, row_hi) have taps inside the input (none if no
                   column has). */
                const uint32_t row_lo = kx_lo < kx_hi ? ky_lo : 0u;
                const uint32_t row_hi = kx_lo < kx_hi ? ky_hi : 0u;
                /* The activations of tap (row_lo, kx_lo) from input channel 0, if any. */
                const int8_t *x_first = x_batch;
                if (row_lo < row_hi) {
                    const int32_t iy = y0 + (int32_t)row_lo * o->dilation_h;
                    const int32_t ix = x0 + (int32_t)kx_lo * o->dilation_w;
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
                    y[out_index++] = kgl_requantize_output_s8(acc + (uint32_t)bias[oc], mult[oc], shift[oc],
                        o->output_offset, o->activation_min, o->activation_max);
                }
            }
        }
    }
}

/* Reads the input, weights, bias and arrays; writes the output. No failure. */
void kgl_depthwise_conv2d_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_depthwise_conv2d_options *o = KGL_OPTIONS(kgl_depthwise_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (weights->location == KGL_LOCATION_SPARSE) {
        kgl_depthwise_conv2d_s8_sparse(m, op);
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
    const uint32_t multiplier = (uint32_t)o->depth_multiplier;
    const int32_t input_offset = o->input_offset;

    size_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        const int8_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * o->stride_h - o->pad_top;
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * o->stride_w - o->pad_left;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const uint32_t ic = oc / multiplier;
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
                            const int32_t xv =
                                x_batch[((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth + ic];
                            const int32_t wv = w[((size_t)ky * k_w + kx) * out_depth + oc];
                            acc += (uint32_t)(wv * (xv + input_offset));
                        }
                    }
                    y[out_index++] = kgl_requantize_output_s8(acc + (uint32_t)bias[oc], mult[oc], shift[oc],
                        o->output_offset, o->activation_min, o->activation_max);
                }
            }
        }
    }
}
