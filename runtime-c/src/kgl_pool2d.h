/*
 * kgl_pool2d.h: the check and the decode that AVERAGE_POOL_2D and MAX_POOL_2D share (one
 * options layout and one kernel parameter struct; their operators are
 * operators/kgl_average_pool2d_op.c and operators/kgl_max_pool2d_op.c, their kernels
 * kernels/kgl_average_pool2d_s8.c and kernels/kgl_max_pool2d_s8.c; the Swift twin of the
 * check is Sources/KingletInterpreter/Kernels/Pool2DCheck.swift).
 */
#ifndef KGL_POOL2D_H
#define KGL_POOL2D_H

#include "kgl_internal.h"

/*
 * Checks a pooling operator: int8 NHWC input and output of the same batch and depth;
 * strides and filter sizes >= 1; padding in [0, filter) so that every window overlaps the
 * input, and the last window starts inside it (so no window is empty, which TFLite's
 * average pool cannot handle); every coordinate fits int32; a window holds at most 2^23
 * input elements (so the int32 sum of int8 values and its rounding cannot overflow); the
 * activation range within int8 and not empty.
 * Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, ranks, shapes) or KGL_ERROR_BAD_OPTIONS.
 */
static inline kgl_status kgl_pool2d_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_pool2d_options *o = KGL_OPTIONS(kgl_pool2d_options, op);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 4) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 4) != KGL_OK ||
        input->dims[0] != output->dims[0] || input->dims[3] != output->dims[3]) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->stride_h < 1 || o->stride_w < 1 || o->filter_h < 1 || o->filter_w < 1 ||
        o->pad_top < 0 || o->pad_left < 0 || o->pad_top >= o->filter_h ||
        o->pad_left >= o->filter_w) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    const int64_t last_y = (int64_t)(output->dims[1] - 1) * o->stride_h;
    const int64_t last_x = (int64_t)(output->dims[2] - 1) * o->stride_w;
    if (last_y - o->pad_top >= (int64_t)input->dims[1] ||
        last_x - o->pad_left >= (int64_t)input->dims[2] ||
        last_y + o->filter_h > INT32_MAX || last_x + o->filter_w > INT32_MAX ||
        (int64_t)input->dims[1] + o->filter_h > INT32_MAX ||
        (int64_t)input->dims[2] + o->filter_w > INT32_MAX) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    const int64_t window_h = o->filter_h < (int64_t)input->dims[1] ? o->filter_h : (int64_t)input->dims[1];
    const int64_t window_w = o->filter_w < (int64_t)input->dims[2] ? o->filter_w : (int64_t)input->dims[2];
    if (window_h * window_w > ((int64_t)1 << 23)) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    if (o->activation_min < -128 || o->activation_max > 127 ||
        o->activation_min > o->activation_max) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* The kernel's parameters from a record that kgl_pool2d_check accepted. */
static inline void kgl_pool2d_params_from(const kgl_model *m, const kgl_operator_record *op,
                                          kgl_pool2d_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_pool2d_options *o = KGL_OPTIONS(kgl_pool2d_options, op);
    p->batches = input->dims[0];
    p->input_h = input->dims[1];
    p->input_w = input->dims[2];
    p->depth = input->dims[3];
    p->output_h = output->dims[1];
    p->output_w = output->dims[2];
    p->stride_h = o->stride_h;
    p->stride_w = o->stride_w;
    p->filter_h = o->filter_h;
    p->filter_w = o->filter_w;
    p->pad_top = o->pad_top;
    p->pad_left = o->pad_left;
    p->activation_min = o->activation_min;
    p->activation_max = o->activation_max;
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, output);
}

#endif /* KGL_POOL2D_H */
