/*
 * CONV_2D: the operator record's check at load and its decode into the kernel's parameters
 * at invoke, int8 (kernels/kgl_conv2d_s8.c) and 16x8 (kernels/kgl_conv2d_s16.c). Swift twins:
 * Conv2DS8.check and Conv2DS16.check.
 *
 * Operands: input [N,H,W,Cin], filter int8 [Cout,KH,KW,Cf] (dense or sparse, rows along
 * axis 0: checked by the loader), bias [Cout], output [N,OH,OW,Cout]; int8 activations with
 * an int32 bias, or int16 activations with an int64 bias. Options: kgl_conv2d_options.
 * An int8 output may overlap the input where kgl_window_rows_allow says so (format 1.5); it
 * then runs in bands of rows. An int8 output may be fused (format 1.6): the run then computes
 * the next operator, an ADD, in the same pass.
 */
#include "../kgl_internal.h"

/*
 * The checks both precisions share, given the activation and bias types (int16
 * activations take the 16x8 requantization rules).
 * Returns: KGL_OK when the kernel can run in bounds; KGL_ERROR_BAD_OPERATOR for wrong types,
 * ranks or inconsistent dimensions (Cf must divide Cin, the group count Cin / Cf must divide
 * Cout) or a filter zero point other than 0; KGL_ERROR_BAD_OPTIONS for strides, dilations,
 * padding, offsets, clamp or requantization arrays out of range.
 */
static kgl_status kgl_conv2d_check(const kgl_model *m, const kgl_operator_record *op,
                                   uint32_t activation_type, uint32_t bias_type) {
    const kgl_conv2d_options *o = KGL_OPTIONS(kgl_conv2d_options, op);
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
    const uint32_t in_depth = input->dims[3];
    const uint32_t out_depth = filter->dims[0];
    const uint32_t group_depth = filter->dims[3];
    if (output->dims[0] != input->dims[0] || output->dims[3] != out_depth ||
        bias->dims[0] != out_depth || in_depth % group_depth != 0 ||
        out_depth % (in_depth / group_depth) != 0 || filter->zero_point != 0) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (kgl_check_conv_window(output, filter, o->stride_h, o->stride_w, o->dilation_h,
                              o->dilation_w, o->pad_top, o->pad_left) != KGL_OK) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    /* In place: int8 only, by rows (kgl_window_rows.c). */
    const int in_place = kgl_window_in_place(m, op, NULL, NULL);
    if (in_place < 0 || (in_place && activation_type != KGL_TYPE_INT8)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_status status = kgl_check_channel_requantization_of(m, activation_type, o->input_offset,
                                               o->output_offset, o->activation_min,
                                               o->activation_max, o->multipliers, o->shifts,
                                               out_depth);
    if (status != KGL_OK) {
        return status;
    }
    return kgl_check_folded_bias(m, op, activation_type, o->folded_bias, o->input_offset);
}

/* int8 input and output, int32 bias; the requantization of kgl_check_channel_requantization. */
kgl_status kgl_conv2d_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_conv2d_check(m, op, KGL_TYPE_INT8, KGL_TYPE_INT32);
}

/* int16 input and output, int64 bias; offsets 0, a clamp within int16, shifts in [-31, 14]
   (kgl_check_channel_requantization_s16). */
kgl_status kgl_conv2d_s16_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_conv2d_check(m, op, KGL_TYPE_INT16, KGL_TYPE_INT64);
}

/* The geometry and requantization both precisions decode the same way. */
static void kgl_conv2d_geometry_from(const kgl_model *m, const kgl_operator_record *op,
                                     kgl_conv_geometry *g, kgl_channel_requantization *r) {
    const kgl_conv2d_options *o = KGL_OPTIONS(kgl_conv2d_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *filter = kgl_op_input(m, op, 1);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    kgl_conv_geometry_from(input, filter, output, o->stride_h, o->stride_w, o->dilation_h,
                           o->dilation_w, o->pad_top, o->pad_left, g);
    kgl_channel_requantization_from(m, o->input_offset, o->output_offset, o->activation_min,
                                    o->activation_max, o->multipliers, o->shifts, o->folded_bias, r);
}

static void kgl_conv2d_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                      kgl_conv2d_s8_params *p) {
    kgl_conv2d_geometry_from(m, op, &p->geometry, &p->requant);
    p->input = (const int8_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->filter = kgl_filter_data(m, kgl_op_input(m, op, 1));
    p->bias = (const int32_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
#if KGL_CONV_RESIDUAL /* read only then */
    p->residual = NULL;
#endif
}

void kgl_conv2d_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_conv2d_s8_params p;
    kgl_conv2d_s8_params_from(m, op, &p);
#if KGL_CONV_RESIDUAL
    /* A fused output (format 1.6): the next operator's ADD computed in this pass, into the
       ADD's output (kgl_check_fused: never over this input, so never in place by rows). */
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (output->location == KGL_LOCATION_FUSED) {
        kgl_residual_add_s8 residual;
        p.output = kgl_add_s8_residual_from(m, op + 1, output, &residual);
        p.residual = &residual;
        kgl_conv2d_s8(&p);
        return;
    }
#endif
    kgl_window_bands bands;
    if (kgl_window_in_place(m, op, &p.geometry, &bands)) {
        KGL_RUN_BANDS(&bands, kgl_conv2d_s8, p);
    } else {
        kgl_conv2d_s8(&p);
    }
}

static void kgl_conv2d_s16_params_from(const kgl_model *m, const kgl_operator_record *op,
                                       kgl_conv2d_s16_params *p) {
    kgl_conv2d_geometry_from(m, op, &p->geometry, &p->requant);
    p->input = (const int16_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->filter = kgl_filter_data(m, kgl_op_input(m, op, 1));
    p->bias = (const int64_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    p->output = (int16_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_conv2d_s16_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_conv2d_s16_params p;
    kgl_conv2d_s16_params_from(m, op, &p);
    kgl_conv2d_s16(&p);
}
