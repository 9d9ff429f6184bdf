/* HARD_SWISH: the operator record's check at load and its decode into the kernel's
   parameters at invoke (kernels/kgl_hard_swish_s8.c). Swift twin: HardSwishS8.check.
   Options: kgl_hard_swish_options. */
#include "../kgl_internal.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape, both zero points are int8
 * values, both 16-bit multipliers are in [0, 32767], the reluish exponent is in [-31, 31]
 * and the output exponent in [-31, 0]; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_hard_swish_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_hard_swish_options *o = KGL_OPTIONS(kgl_hard_swish_options, op);
    if (o->input_zero_point < INT8_MIN || o->input_zero_point > INT8_MAX ||
        o->output_zero_point < INT8_MIN || o->output_zero_point > INT8_MAX ||
        o->reluish_multiplier_fixedpoint_int16 < 0 ||
        o->reluish_multiplier_fixedpoint_int16 > INT16_MAX ||
        o->output_multiplier_fixedpoint_int16 < 0 ||
        o->output_multiplier_fixedpoint_int16 > INT16_MAX ||
        o->reluish_multiplier_exponent < -31 || o->reluish_multiplier_exponent > 31 ||
        o->output_multiplier_exponent < -31 || o->output_multiplier_exponent > 0) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

static void kgl_hard_swish_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                          kgl_hard_swish_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_hard_swish_options *o = KGL_OPTIONS(kgl_hard_swish_options, op);
    p->count = kgl_element_count(input);
    p->input_zero_point = o->input_zero_point;
    p->output_zero_point = o->output_zero_point;
    p->reluish_multiplier_fixedpoint_int16 = o->reluish_multiplier_fixedpoint_int16;
    p->reluish_multiplier_exponent = o->reluish_multiplier_exponent;
    p->output_multiplier_fixedpoint_int16 = o->output_multiplier_fixedpoint_int16;
    p->output_multiplier_exponent = o->output_multiplier_exponent;
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_hard_swish_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_hard_swish_s8_params p;
    kgl_hard_swish_s8_params_from(m, op, &p);
    kgl_hard_swish_s8(&p);
}
