/* RESHAPE: the operator record's check at load and its decode into the kernel's parameters
   at invoke (kernels/kgl_reshape_s8.c). Swift twin: ReshapeS8.check. No options. */
#include "../kgl_internal.h"

/* KGL_OK when input and output have one element type (any) and one byte size;
   KGL_ERROR_BAD_OPERATOR otherwise. */
kgl_status kgl_reshape_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (input->type != output->type || input->bytes != output->bytes) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}

static void kgl_reshape_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                       kgl_reshape_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    p->bytes = input->bytes;
    p->input = kgl_tensor_data(m, input);
    p->output = kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_reshape_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_reshape_s8_params p;
    kgl_reshape_s8_params_from(m, op, &p);
    kgl_reshape_s8(&p);
}
