/* REDUCE_MAX: the operator record's check at load and its decode into the kernel's
   parameters at invoke (kernels/kgl_reduce_max_s8.c). Swift twin: ReduceMaxS8.check.
   Options: kgl_reduce_max_options. */
#include "../kgl_internal.h"

/* Checks: int8 input and output; the axis mask names only input axes; the output shape is
   the reduced shape (either form).
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS (mask). */
kgl_status kgl_reduce_max_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_reduce_max_options *o = KGL_OPTIONS(kgl_reduce_max_options, op);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->axis_mask < 0 || (uint32_t)o->axis_mask >= (1u << input->rank)) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    if (!kgl_reduce_shape_ok(input->rank, input->dims, output->rank, output->dims,
                             (uint32_t)o->axis_mask)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}

static void kgl_reduce_max_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                          kgl_reduce_max_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_reduce_max_options *o = KGL_OPTIONS(kgl_reduce_max_options, op);
    kgl_reduce_split(input->rank, input->dims, (uint32_t)o->axis_mask, &p->axes);
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_reduce_max_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_reduce_max_s8_params p;
    kgl_reduce_max_s8_params_from(m, op, &p);
    kgl_reduce_max_s8(&p);
}
