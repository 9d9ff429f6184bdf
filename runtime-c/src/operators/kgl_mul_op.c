/* MUL: the operator record's check at load and its decode into the kernel's parameters at
   invoke (kernels/kgl_mul_s8.c). Swift twin: MulS8.check. Operands: two int8 inputs
   broadcast to the output's shape (kgl_broadcast.h). Options: kgl_mul_options. */
#include "../kgl_internal.h"

/* Checks: int8 operands, the output shape the broadcast of the inputs'; input offsets
   (= -zero point) in [-127, 128], output offset in [-128, 127], multiplier >= 0, shift in
   [-31, 30], activation range within int8 and not empty.
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_mul_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    const kgl_mul_options *o = KGL_OPTIONS(kgl_mul_options, op);
    kgl_broadcast bc;
    if (kgl_check_tensor(a, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(b, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(out, KGL_TYPE_INT8, 0) != KGL_OK ||
        !kgl_broadcast_init(&bc, a->rank, a->dims, b->rank, b->dims, out->rank, out->dims)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->input1_offset < -127 || o->input1_offset > 128 || o->input2_offset < -127 ||
        o->input2_offset > 128 || o->output_offset < -128 || o->output_offset > 127 ||
        o->output_multiplier < 0 || o->output_shift < -31 || o->output_shift > 30 ||
        o->activation_min < -128 || o->activation_max > 127 ||
        o->activation_min > o->activation_max) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

static void kgl_mul_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                   kgl_mul_s8_params *p) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    const kgl_mul_options *o = KGL_OPTIONS(kgl_mul_options, op);
    (void)kgl_broadcast_init(&p->broadcast, a->rank, a->dims, b->rank, b->dims, out->rank,
                             out->dims);
    p->input1_offset = o->input1_offset;
    p->input2_offset = o->input2_offset;
    p->output_offset = o->output_offset;
    p->output_multiplier = o->output_multiplier;
    p->output_shift = o->output_shift;
    p->activation_min = o->activation_min;
    p->activation_max = o->activation_max;
    p->input1 = (const int8_t *)kgl_tensor_data(m, a);
    p->input2 = (const int8_t *)kgl_tensor_data(m, b);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, out);
}

void kgl_mul_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_mul_s8_params p;
    kgl_mul_s8_params_from(m, op, &p);
    kgl_mul_s8(&p);
}
