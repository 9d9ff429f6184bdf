/* RESHAPE (also SQUEEZE): the bytes unchanged under a new shape. Twin of ReshapeS8.swift. */
#include "../kgl_internal.h"

kgl_status kgl_reshape_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (input->type != output->type || input->bytes != output->bytes) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}

void kgl_reshape_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const void *from = kgl_tensor_data(m, input);
    void *to = kgl_tensor_mutable_data(m, output);
    if (from != to) {
        memmove(to, from, input->bytes);
    }
}
