/* MEAN: the operator record's check at load and its decode into the kernel's parameters at
   invoke (kernels/kgl_mean_s8.c). Swift twin: MeanS8.check. Options: kgl_mean_options. */
#include "../kgl_internal.h"

/* Checks: int8 input and output; the axis mask names only input axes; the output shape is
   the reduced shape (either form); input offset in [-127, 128], output offset in
   [-128, 127], multiplier >= 0, shift in [-31, 30].
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_mean_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_mean_options *o = KGL_OPTIONS(kgl_mean_options, op);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->axis_mask < 0 || (uint32_t)o->axis_mask >= (1u << input->rank) ||
        o->input_offset < -127 || o->input_offset > 128 || o->output_offset < -128 ||
        o->output_offset > 127 || o->multiplier < 0 || o->shift < -31 || o->shift > 30) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    if (!kgl_reduce_shape_ok(input->rank, input->dims, output->rank, output->dims,
                             (uint32_t)o->axis_mask)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}

static void kgl_mean_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                    kgl_mean_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_mean_options *o = KGL_OPTIONS(kgl_mean_options, op);
    kgl_reduce_split(input->rank, input->dims, (uint32_t)o->axis_mask, &p->axes);
    p->input_offset = o->input_offset;
    p->output_offset = o->output_offset;
    p->multiplier = o->multiplier;
    p->shift = o->shift;
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_mean_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_mean_s8_params p;
    kgl_mean_s8_params_from(m, op, &p);
    kgl_mean_s8(&p);
}
