/* CONCATENATION: the operator record's check at load and, at invoke, one decode and kernel
   call per input (kernels/kgl_concatenation_s8.c copies one input into its place). Swift
   twin: ConcatenationS8.check. Options: kgl_concatenation_options. */
#include "../kgl_internal.h"

/* Checks: every input of the output's element type and rank (>= 1); axis in [0, rank); the
   inputs' dimensions equal the output's except along axis, where they add up to it.
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS (axis). */
kgl_status kgl_concatenation_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_concatenation_options *o = KGL_OPTIONS(kgl_concatenation_options, op);
    if (output->rank < 1) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->axis < 0 || (uint32_t)o->axis >= output->rank) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    const uint32_t axis = (uint32_t)o->axis;
    uint64_t total = 0;
    for (uint32_t i = 0; i < op->input_count; i++) {
        const kgl_tensor_record *input = kgl_op_input(m, op, i);
        if (kgl_check_tensor(input, output->type, output->rank) != KGL_OK) {
            return KGL_ERROR_BAD_OPERATOR;
        }
        for (uint32_t d = 0; d < output->rank; d++) {
            if (d != axis && input->dims[d] != output->dims[d]) {
                return KGL_ERROR_BAD_OPERATOR;
            }
        }
        total += input->dims[axis];
    }
    if (total != output->dims[axis]) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}

/* The parameters every input shares (outer, output_stride) and the output's start, where
   input 0's blocks go. Returns the bytes per index of the concatenation axis. */
static uint32_t kgl_concatenation_s8_params_from(const kgl_model *m,
                                                 const kgl_operator_record *op,
                                                 kgl_concatenation_s8_params *p) {
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const uint32_t axis = (uint32_t)KGL_OPTIONS(kgl_concatenation_options, op)->axis;
    uint32_t outer = 1;
    for (uint32_t d = 0; d < axis; d++) {
        outer *= output->dims[d];
    }
    /* Bytes per index of the axis: the element size times the axes after it. */
    uint32_t inner = output->bytes / kgl_element_count(output);
    for (uint32_t d = axis + 1; d < output->rank; d++) {
        inner *= output->dims[d];
    }
    p->outer = outer;
    p->output_stride = output->dims[axis] * inner;
    p->output = (uint8_t *)kgl_tensor_mutable_data(m, output);
    return inner;
}

/* Each input in turn: its blocks, then the next input's start in the output. */
void kgl_concatenation_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    const uint32_t axis = (uint32_t)KGL_OPTIONS(kgl_concatenation_options, op)->axis;
    kgl_concatenation_s8_params p;
    const uint32_t inner = kgl_concatenation_s8_params_from(m, op, &p);
    for (uint32_t i = 0; i < op->input_count; i++) {
        const kgl_tensor_record *input = kgl_op_input(m, op, i);
        p.block = input->dims[axis] * inner;
        p.input = (const uint8_t *)kgl_tensor_data(m, input);
        kgl_concatenation_s8(&p);
        p.output += p.block;
    }
}
