/* LEAKY_RELU: the operator record's check at load and its decode into the kernel's
   parameters at invoke (kernels/kgl_leaky_relu_s8.c). Swift twin: LeakyReluS8.check.
   Options: kgl_leaky_relu_options. */
#include "../kgl_internal.h"

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output are int8 of one shape, both offsets are int8 values,
 * the identity multiplier is >= 0, the alpha multiplier is not INT32_MIN (its magnitude must
 * be an int32) and both shifts are in [-31, 30]; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS
 * otherwise.
 */
kgl_status kgl_leaky_relu_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_leaky_relu_options *o = KGL_OPTIONS(kgl_leaky_relu_options, op);
    if (o->input_offset < INT8_MIN || o->input_offset > INT8_MAX ||
        o->output_offset < INT8_MIN || o->output_offset > INT8_MAX ||
        o->identity_multiplier < 0 || o->identity_shift < -31 || o->identity_shift > 30 ||
        o->alpha_multiplier == INT32_MIN || o->alpha_shift < -31 || o->alpha_shift > 30) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

static void kgl_leaky_relu_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                          kgl_leaky_relu_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_leaky_relu_options *o = KGL_OPTIONS(kgl_leaky_relu_options, op);
    p->count = kgl_element_count(input);
    p->input_offset = o->input_offset;
    p->output_offset = o->output_offset;
    p->identity_multiplier = o->identity_multiplier;
    p->identity_shift = o->identity_shift;
    p->alpha_multiplier = o->alpha_multiplier;
    p->alpha_shift = o->alpha_shift;
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_leaky_relu_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_leaky_relu_s8_params p;
    kgl_leaky_relu_s8_params_from(m, op, &p);
    kgl_leaky_relu_s8(&p);
}
