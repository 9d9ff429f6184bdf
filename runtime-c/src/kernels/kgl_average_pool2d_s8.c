/* AVERAGE_POOL_2D, int8 NHWC, as TFLite's reference_integer_ops::AveragePool: the window is
   clipped to the input, its int8 values summed in int32 and divided by the number of values
   summed, rounding half away from zero, then clamped. Twin of AveragePool2DS8.swift. */
#include "../kgl_internal.h"
#include "../kgl_pool2d.h"

/* Checks as kgl_pool2d_check (shapes, options; no window is empty). */
kgl_status kgl_average_pool2d_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_pool2d_check(m, op);
}

/* Reads the input, writes every output element. */
void kgl_average_pool2d_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_pool2d_options *o = KGL_OPTIONS(kgl_pool2d_options, op);
    const int8_t *x = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *y = (int8_t *)kgl_tensor_mutable_data(m, output);
    const uint32_t batches = input->dims[0];
    const int32_t in_h = (int32_t)input->dims[1];
    const int32_t in_w = (int32_t)input->dims[2];
    const uint32_t depth = input->dims[3];
    const uint32_t out_h = output->dims[1];
    const uint32_t out_w = output->dims[2];
    uint32_t out_index = 0;
    for (uint32_t b = 0; b < batches; b++) {
        for (uint32_t oy = 0; oy < out_h; oy++) {
            const int32_t y0 = (int32_t)oy * o->stride_h - o->pad_top;
            const int32_t fy0 = y0 < 0 ? -y0 : 0;
            const int32_t fy1 = o->filter_h < in_h - y0 ? o->filter_h : in_h - y0;
            for (uint32_t ox = 0; ox < out_w; ox++) {
                const int32_t x0 = (int32_t)ox * o->stride_w - o->pad_left;
                const int32_t fx0 = x0 < 0 ? -x0 : 0;
                const int32_t fx1 = o->filter_w < in_w - x0 ? o->filter_w : in_w - x0;
                const int32_t count = (fy1 - fy0) * (fx1 - fx0);
                for (uint32_t c = 0; c < depth; c++) {
                    int32_t acc = 0;
                    for (int32_t fy = fy0; fy < fy1; fy++) {
                        const uint32_t row = (b * (uint32_t)in_h + (uint32_t)(y0 + fy)) * (uint32_t)in_w;
                        for (int32_t fx = fx0; fx < fx1; fx++) {
                            acc += x[(row + (uint32_t)(x0 + fx)) * depth + c];
                        }
                    }
                    /* C division truncates; adding ±count/2 first rounds half away from zero. */
                    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    if (acc < o->activation_min) {
                        acc = o->activation_min;
                    }
                    if (acc > o->activation_max) {
                        acc = o->activation_max;
                    }
                    y[out_index++] = (int8_t)acc;
                }
            }
        }
    }
}
