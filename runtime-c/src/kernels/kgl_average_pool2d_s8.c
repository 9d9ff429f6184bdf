/* AVERAGE_POOL_2D, int8 NHWC, as TFLite's reference_integer_ops::AveragePool: the window is
   clipped to the input, its int8 values summed in int32 and divided by the number of values
   summed, rounding half away from zero, then clamped. Twin of AveragePool2DS8.swift. */
#include "../kgl_kernels.h"

/* Reads the input, writes every output element. */
void kgl_average_pool2d_s8(const kgl_average_pool2d_s8_params *restrict p) {
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
                    /* C division truncates; adding ±count/2 first rounds half away from zero. */
                    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    if (acc < act_min) {
                        acc = act_min;
                    }
                    if (acc > act_max) {
                        acc = act_max;
                    }
                    y[out_index++] = (int8_t)acc;
                }
            }
        }
    }
}
