/* LOGISTIC: the operator record's check at load and its decode into the kernel's parameters
   at invoke (kernels/kgl_logistic_s8.c). TANH reads the same record (kgl_tanh_op.c). Swift
   twin: LogisticS8.check. Options: kgl_logistic_options. */
#include "../kgl_internal.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape, the input zero point is an
 * int8, the radius and multiplier are >= 0 and the left shift is in [0, 30];
 * KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_logistic_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_logistic_options *o = KGL_OPTIONS(kgl_logistic_options, op);
    if (o->input_zero_point < INT8_MIN || o->input_zero_point > INT8_MAX ||
        o->input_range_radius < 0 || o->input_multiplier < 0 || o->input_left_shift < 0 ||
        o->input_left_shift > 30) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

void kgl_logistic_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                 kgl_logistic_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_logistic_options *o = KGL_OPTIONS(kgl_logistic_options, op);
    p->count = kgl_element_count(input);
    p->input_zero_point = o->input_zero_point;
    p->input_range_radius = o->input_range_radius;
    p->input_multiplier = o->input_multiplier;
    p->input_left_shift = o->input_left_shift;
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_logistic_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_logistic_s8_params p;
    kgl_logistic_s8_params_from(m, op, &p);
    kgl_logistic_s8(&p);
}
