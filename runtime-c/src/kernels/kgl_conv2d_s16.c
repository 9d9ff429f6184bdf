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
 * activations are symmetric: TFLite Micro's int16 kernel ignores zero points, and the
 * offsets must be 0. The int64 sums wrap on overflow (done in uint64), as on TFLite's targets.
 */
#include "../kgl_internal.h"
#include "../kgl_requantize.h"

/*
 * Reads: the operator's four tensor records (input int16 [N,H,W,Cin], weights int8
 * [Cout,KH,KW,Cf], bias int64 [Cout], output int16 [N,OH,OW,Cout]), its options and the
 * multiplier/shift arrays.
 * Returns: KGL_OK when the kernel can run in bounds; KGL_ERROR_BAD_OPERATOR for wrong
 * types, ranks or inconsistent dimensions (as kgl_conv2d_s8_check), a weights zero point
 * other than 0; KGL_ERROR_BAD_OPTIONS for strides, dilations, padding out of range, offsets
 * other than 0, a clamp outside int16, multipliers < 0 or shifts outside [-31, 14].
 */
kgl_status kgl_conv2d_s16_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_conv2d_options *o = KGL_OPTIONS(kgl_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *bias = kgl_op_input(m, op, 2);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT16, 4) != KGL_OK ||
        kgl_check_tensor(weights, KGL_TYPE_INT8, 4) != KGL_OK ||
        kgl_check_tensor(bias, KGL_TYPE_INT64, 1) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT16, 4) != KGL_OK) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const uint32_t in_depth = input->dims[3];
    const uint32_t out_depth = weights->dims[0];
    const uint32_t group_depth = weights->dims[3];
    if (output->dims[0] != input->dims[0] || output->dims[3] != out_depth ||
        bias->dims[0] != out_depth || in_depth % group_depth != 0 ||
        out_depth % (in_depth / group_depth) != 0 || weights->zero_point != 0) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (!kgl_check_window_axis(output->dims[1], o->stride_h, o->dilation_h, o->pad_top,
                               weights->dims[1]) ||
        !kgl_check_window_axis(output->dims[2], o->stride_w, o->dilation_w, o->pad_left,
                               weights->dims[2])) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return kgl_check_channel_requantization_s16(m, o->input_offset, o->output_offset,
                                                o->activation_min, o->activation_max,
                                                o->multipliers, o->shifts, out_depth);
}

/* Reads the input, weights, bias and arrays; writes the output. No failure. */
void kgl_conv2d_s16(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_conv2d_options *o = KGL_OPTIONS(kgl_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const int16_t *x = (const int16_t *)kgl_tensor_data(m, input);
    const int8_t *w = (const int8_t *)kgl_tensor_data(m, weights);
    const int64_t *bias = (const int64_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    const int32_t *mult = kgl_data_i32(m, o->multipliers);
    const int32_t *shift = kgl_data_i32(m, o->shifts);
    int16_t *y = (int16_t *)kgl_tensor_mutable_data(m, output);

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

    size_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        const int16_t *x_batch = x + (size_t)b * (size_t)in_h * (size_t)in_w * in_depth;
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * o->stride_h - o->pad_top;
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * o->stride_w - o->pad_left;
                for (uint32_t oc = 0; oc < out_depth; oc++) {
                    const int8_t *w_channel = w + (size_t)oc * k_h * k_w * group_depth;
                    const size_t group_start = (size_t)(oc / per_group) * group_depth;
                    uint64_t acc = 0;
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
                            const int16_t *xp = x_batch +
                                                ((size_t)iy * (size_t)in_w + (size_t)ix) * in_depth +
                                                group_start;
                            const int8_t *wp = w_channel + ((size_t)ky * k_w + kx) * group_depth;
                            for (uint32_t c = 0; c < group_depth; c++) {
                                /* |w * x| <= 127 * 32768 fits int32. */
                                acc += (uint64_t)(int64_t)((int32_t)wp[c] * (int32_t)xp[c]);
                            }
                        }
                    }
                    acc += (uint64_t)bias[oc];
                    int32_t r = kgl_multiply_by_quantized_multiplier_64(kgl_i64_from_bits(acc),
                                                                        mult[oc], shift[oc]);
                    r = r < o->activation_min ? o->activation_min : r;
                    r = r > o->activation_max ? o->activation_max : r;
                    y[out_index++] = (int16_t)r;
                }
            }
        }
    }
}
