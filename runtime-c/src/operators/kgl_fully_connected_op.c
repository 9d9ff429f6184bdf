/*
 * FULLY_CONNECTED: the operator record's check at load and its decode into the kernel's
 * parameters at invoke, int8 (kernels/kgl_fully_connected_s8.c) and 16x8
 * (kernels/kgl_fully_connected_s16.c). Swift twins: FullyConnectedS8.check and
 * FullyConnectedS16.check.
 *
 * Operands: input of any rank >= 1, read as rows of `depth` values (rows = output elements /
 * units), filter int8 [units, depth] (dense or sparse, rows along axis 0: checked by the
 * loader), bias [units], output of rank >= 1 ending in units; int8 activations with an int32
 * bias, or int16 activations with an int64 bias. Options: kgl_fully_connected_options.
 */
#include "../kgl_internal.h"

/*
 * The checks both precisions share, given the activation and bias types (int16
 * activations take the 16x8 requantization rules).
 * Returns: KGL_OK when the kernel can run in bounds; KGL_ERROR_BAD_OPERATOR for wrong types
 * or ranks, an input whose element count is not (output elements / units) * depth, or a
 * filter zero point other than 0; KGL_ERROR_BAD_OPTIONS for offsets, clamp or
 * requantization arrays out of range.
 */
static kgl_status kgl_fully_connected_check(const kgl_model *m, const kgl_operator_record *op,
                                            uint32_t activation_type, uint32_t bias_type) {
    const kgl_fully_connected_options *o = KGL_OPTIONS(kgl_fully_connected_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *filter = kgl_op_input(m, op, 1);
    const kgl_tensor_record *bias = kgl_op_input(m, op, 2);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, activation_type, 0) != KGL_OK ||
        kgl_check_tensor(filter, KGL_TYPE_INT8, 2) != KGL_OK ||
        kgl_check_tensor(bias, bias_type, 1) != KGL_OK ||
        kgl_check_tensor(output, activation_type, 0) != KGL_OK || input->rank < 1 ||
        output->rank < 1) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const uint32_t units = filter->dims[0];
    const uint32_t depth = filter->dims[1];
    const uint32_t rows = kgl_element_count(output) / units;
    if (output->dims[output->rank - 1] != units || bias->dims[0] != units ||
        (uint64_t)rows * depth != kgl_element_count(input) || filter->zero_point != 0) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_status status = kgl_check_channel_requantization_of(m, activation_type, o->input_offset,
                                               o->output_offset, o->activation_min,
                                               o->activation_max, o->multipliers, o->shifts,
                                               units);
    if (status != KGL_OK) {
        return status;
    }
    return kgl_check_folded_bias(m, op, activation_type, o->folded_bias, o->input_offset);
}

/* int8 input and output, int32 bias; the requantization of kgl_check_channel_requantization. */
kgl_status kgl_fully_connected_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_fully_connected_check(m, op, KGL_TYPE_INT8, KGL_TYPE_INT32);
}

/* int16 input and output, int64 bias; the requantization of
   kgl_check_channel_requantization_s16. */
kgl_status kgl_fully_connected_s16_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_fully_connected_check(m, op, KGL_TYPE_INT16, KGL_TYPE_INT64);
}

/* The sizes and requantization both precisions decode the same way. */
static void kgl_fully_connected_sizes_from(const kgl_model *m, const kgl_operator_record *op,
                                           uint32_t *rows, uint32_t *units, uint32_t *depth,
                                           kgl_channel_requantization *r) {
    const kgl_fully_connected_options *o = KGL_OPTIONS(kgl_fully_connected_options, op);
    const kgl_tensor_record *filter = kgl_op_input(m, op, 1);
    *units = filter->dims[0];
    *depth = filter->dims[1];
    *rows = kgl_element_count(kgl_op_output(m, op, 0)) / *units;
    kgl_channel_requantization_from(m, o->input_offset, o->output_offset, o->activation_min,
                                    o->activation_max, o->multipliers, o->shifts, o->folded_bias, r);
}

static void kgl_fully_connected_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                               kgl_fully_connected_s8_params *p) {
    kgl_fully_connected_sizes_from(m, op, &p->rows, &p->units, &p->depth, &p->requant);
    p->input = (const int8_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->filter = kgl_filter_data(m, kgl_op_input(m, op, 1));
    p->bias = (const int32_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_fully_connected_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_fully_connected_s8_params p;
    kgl_fully_connected_s8_params_from(m, op, &p);
    kgl_fully_connected_s8(&p);
}

static void kgl_fully_connected_s16_params_from(const kgl_model *m,
                                                const kgl_operator_record *op,
                                                kgl_fully_connected_s16_params *p) {
    kgl_fully_connected_sizes_from(m, op, &p->rows, &p->units, &p->depth, &p->requant);
    p->input = (const int16_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->filter = kgl_filter_data(m, kgl_op_input(m, op, 1));
    p->bias = (const int64_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    p->output = (int16_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_fully_connected_s16_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_fully_connected_s16_params p;
    kgl_fully_connected_s16_params_from(m, op, &p);
    kgl_fully_connected_s16(&p);
}
