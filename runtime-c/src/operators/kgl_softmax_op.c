/* SOFTMAX: the operator record's check at load and its decode into the kernel's parameters
   at invoke (kernels/kgl_softmax_s8.c). Swift twin: SoftmaxS8.check. Options:
   kgl_softmax_options. */
#include "../kgl_internal.h"

/*
 * Reads: the operator's input/output tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape with rank >= 1, the multiplier
 * is a normalised Q31 (>= 2^30), the left shift is in [1, 31] and diff_min is the radius
 * TFLM derives from the shift, -floor(31 * 2^26 / 2^shift). That radius keeps every
 * rescaled difference inside int32. KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_softmax_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || input->rank < 1 ||
        !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_softmax_options *o = KGL_OPTIONS(kgl_softmax_options, op);
    if (o->input_multiplier < ((int32_t)1 << 30) || o->input_left_shift < 1 ||
        o->input_left_shift > 31) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    const int32_t radius = (int32_t)((31u << 26) >> o->input_left_shift);
    if (o->diff_min != -radius) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Rows of the last dimension. */
static void kgl_softmax_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                       kgl_softmax_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_softmax_options *o = KGL_OPTIONS(kgl_softmax_options, op);
    p->depth = input->dims[input->rank - 1];
    p->rows = kgl_element_count(input) / p->depth;
    p->input_multiplier = o->input_multiplier;
    p->input_left_shift = o->input_left_shift;
    p->diff_min = o->diff_min;
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_softmax_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_softmax_s8_params p;
    kgl_softmax_s8_params_from(m, op, &p);
    kgl_softmax_s8(&p);
}
