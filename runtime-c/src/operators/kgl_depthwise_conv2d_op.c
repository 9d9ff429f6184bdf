/*
 * DEPTHWISE_CONV_2D: the operator record's check at load and its decode into the kernel's
 * parameters at invoke, int8 (kernels/kgl_depthwise_conv2d_s8.c) and 16x8
 * (kernels/kgl_depthwise_conv2d_s16.c). Swift twins: DepthwiseConv2DS8.check and
 * DepthwiseConv2DS16.check.
 *
 * Operands: input [N,H,W,Cin], filter int8 [1,KH,KW,Cout] (dense or sparse, rows along
 * axis 3: checked by the loader), bias [Cout], output [N,OH,OW,Cout]; int8 activations with
 * an int32 bias, or int16 activations with an int64 bias. Options:
 * kgl_depthwise_conv2d_options (CONV_2D's, then the depth multiplier).
 */
#include "../kgl_internal.h"

/*
 * The checks both precisions share, given the activation and bias types and the
 * requantization check of the precision.
 * Returns: KGL_OK when the kernel can run in bounds; KGL_ERROR_BAD_OPERATOR for wrong types,
 * ranks, dimensions, Cout != Cin * depth_multiplier or a filter zero point other than 0;
 * KGL_ERROR_BAD_OPTIONS for a depth multiplier below 1 and the option ranges of CONV_2D.
 */
static kgl_status kgl_depthwise_conv2d_check(const kgl_model *m, const kgl_operator_record *op,
                                             uint32_t activation_type, uint32_t bias_type,
                                             int s16) {
    const kgl_depthwise_conv2d_options *o = KGL_OPTIONS(kgl_depthwise_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *filter = kgl_op_input(m, op, 1);
    const kgl_tensor_record *bias = kgl_op_input(m, op, 2);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, activation_type, 4) != KGL_OK ||
        kgl_check_tensor(filter, KGL_TYPE_INT8, 4) != KGL_OK ||
        kgl_check_tensor(bias, bias_type, 1) != KGL_OK ||
        kgl_check_tensor(output, activation_type, 4) != KGL_OK) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->depth_multiplier < 1) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    const uint32_t out_depth = filter->dims[3];
    if (filter->dims[0] != 1 || output->dims[0] != input->dims[0] ||
        output->dims[3] != out_depth || bias->dims[0] != out_depth ||
        (uint64_t)input->dims[3] * (uint64_t)o->depth_multiplier != out_depth ||
        filter->zero_point != 0) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (!kgl_check_window_axis(output->dims[1], o->stride_h, o->dilation_h, o->pad_top,
                               filter->dims[1]) ||
        !kgl_check_window_axis(output->dims[2], o->stride_w, o->dilation_w, o->pad_left,
                               filter->dims[2])) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return s16 ? kgl_check_channel_requantization_s16(m, o->input_offset, o->output_offset,
                                                      o->activation_min, o->activation_max,
                                                      o->multipliers, o->shifts, out_depth)
               : kgl_check_channel_requantization(m, o->input_offset, o->output_offset,
                                                  o->activation_min, o->activation_max,
                                                  o->multipliers, o->shifts, out_depth);
}

/* int8 input and output, int32 bias; the requantization of kgl_check_channel_requantization. */
kgl_status kgl_depthwise_conv2d_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_depthwise_conv2d_check(m, op, KGL_TYPE_INT8, KGL_TYPE_INT32, 0);
}

/* int16 input and output, int64 bias; the requantization of
   kgl_check_channel_requantization_s16. */
kgl_status kgl_depthwise_conv2d_s16_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_depthwise_conv2d_check(m, op, KGL_TYPE_INT16, KGL_TYPE_INT64, 1);
}

/* The geometry, depth multiplier and requantization both precisions decode the same way. */
static void kgl_depthwise_conv2d_geometry_from(const kgl_model *m, const kgl_operator_record *op,
                                               kgl_conv_geometry *g, uint32_t *depth_multiplier,
                                               kgl_channel_requantization *r) {
    const kgl_depthwise_conv2d_options *o = KGL_OPTIONS(kgl_depthwise_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *filter = kgl_op_input(m, op, 1);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    g->batches = input->dims[0];
    g->input_h = input->dims[1];
    g->input_w = input->dims[2];
    g->input_depth = input->dims[3];
    g->output_h = output->dims[1];
    g->output_w = output->dims[2];
    g->output_depth = output->dims[3];
    g->filter_h = filter->dims[1];
    g->filter_w = filter->dims[2];
    g->filter_depth = filter->dims[3];
    g->stride_h = o->stride_h;
    g->stride_w = o->stride_w;
    g->dilation_h = o->dilation_h;
    g->dilation_w = o->dilation_w;
    g->pad_top = o->pad_top;
    g->pad_left = o->pad_left;
    *depth_multiplier = (uint32_t)o->depth_multiplier;
    r->input_offset = o->input_offset;
    r->output_offset = o->output_offset;
    r->activation_min = o->activation_min;
    r->activation_max = o->activation_max;
    r->multipliers = kgl_data_i32(m, o->multipliers);
    r->shifts = kgl_data_i32(m, o->shifts);
}

static void kgl_depthwise_conv2d_s8_params_from(const kgl_model *m,
                                                const kgl_operator_record *op,
                                                kgl_depthwise_conv2d_s8_params *p) {
    kgl_depthwise_conv2d_geometry_from(m, op, &p->geometry, &p->depth_multiplier, &p->requant);
    p->input = (const int8_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->filter = kgl_filter_data(m, kgl_op_input(m, op, 1));
    p->bias = (const int32_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_depthwise_conv2d_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_depthwise_conv2d_s8_params p;
    kgl_depthwise_conv2d_s8_params_from(m, op, &p);
    kgl_depthwise_conv2d_s8(&p);
}

static void kgl_depthwise_conv2d_s16_params_from(const kgl_model *m,
                                                 const kgl_operator_record *op,
                                                 kgl_depthwise_conv2d_s16_params *p) {
    kgl_depthwise_conv2d_geometry_from(m, op, &p->geometry, &p->depth_multiplier, &p->requant);
    p->input = (const int16_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->filter = kgl_filter_data(m, kgl_op_input(m, op, 1));
    p->bias = (const int64_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    p->output = (int16_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_depthwise_conv2d_s16_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_depthwise_conv2d_s16_params p;
    kgl_depthwise_conv2d_s16_params_from(m, op, &p);
    kgl_depthwise_conv2d_s16(&p);
}
