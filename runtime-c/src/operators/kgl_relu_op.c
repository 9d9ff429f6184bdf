/* RELU: the operator record's check at load and its decode into the kernel's parameters at
   invoke (kernels/kgl_relu_s8.c). Swift twin: ReluS8.check. Options: kgl_relu_options. */
#include "../kgl_internal.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape, both offsets are int8
 * values, the multiplier is >= 0, the shift is in [-31, 30] and
 * -128 <= activation_min <= activation_max <= 127; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS
 * otherwise.
 */
kgl_status kgl_relu_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_relu_options *o = KGL_OPTIONS(kgl_relu_options, op);
    if (o->input_offset < INT8_MIN || o->input_offset > INT8_MAX ||
        o->output_offset < INT8_MIN || o->output_offset > INT8_MAX ||
        o->output_multiplier < 0 || o->output_shift < -31 || o->output_shift > 30 ||
        o->activation_min < INT8_MIN || o->activation_min > o->activation_max ||
        o->activation_max > INT8_MAX) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

static void kgl_relu_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                    kgl_relu_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_relu_options *o = KGL_OPTIONS(kgl_relu_options, op);
    p->count = kgl_element_count(input);
    p->input_offset = o->input_offset;
    p->output_offset = o->output_offset;
    p->output_multiplier = o->output_multiplier;
    p->output_shift = o->output_shift;
    p->activation_min = o->activation_min;
    p->activation_max = o->activation_max;
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_relu_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_relu_s8_params p;
    kgl_relu_s8_params_from(m, op, &p);
    kgl_relu_s8(&p);
}
