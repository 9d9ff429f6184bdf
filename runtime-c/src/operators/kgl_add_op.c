/*
 * ADD: the operator record's check at load and its decode into the kernel's parameters at
 * invoke, int8 (kernels/kgl_add_s8.c) and 16x8 (kernels/kgl_add_s16.c). SUB reads the same
 * record (kgl_sub_op.c). Swift twins: AddS8.check and AddS16.check.
 *
 * Operands: two inputs broadcast to the output's shape (kgl_broadcast.h). Options:
 * kgl_add_options. An int8 output may lie on exactly an input's bytes when nothing is
 * broadcast (format 1.5). An int8 ADD reading a fused tensor (format 1.6) is computed by the
 * CONV_2D before it (kgl_add_s8_residual_from).
 */
#include "../kgl_internal.h"

/* The broadcast of the operator's inputs to its output; 1 when the shapes allow it. */
static int kgl_add_broadcast(const kgl_model *m, const kgl_operator_record *op,
                             kgl_broadcast *bc) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    return kgl_broadcast_init(bc, a->rank, a->dims, b->rank, b->dims, out->rank, out->dims);
}

/* 1 when the three operands have the type and the output's shape is the broadcast of the
   inputs'. */
static int kgl_add_operands_ok(const kgl_model *m, const kgl_operator_record *op,
                               uint32_t type) {
    kgl_broadcast bc;
    return kgl_check_tensor(kgl_op_input(m, op, 0), type, 0) == KGL_OK &&
           kgl_check_tensor(kgl_op_input(m, op, 1), type, 0) == KGL_OK &&
           kgl_check_tensor(kgl_op_output(m, op, 0), type, 0) == KGL_OK &&
           kgl_add_broadcast(m, op, &bc);
}

/* In place (format 1.5): an output on exactly the bytes of an input is allowed for int8
   (`allowed`) when both inputs have the output's element count, so that the kernel reads
   input element n, then writes output element n (its elementwise path). */
static int kgl_add_in_place_ok(const kgl_model *m, const kgl_operator_record *op, int allowed) {
    const kgl_tensor_record *a = kgl_op_input(m, op, 0);
    const kgl_tensor_record *b = kgl_op_input(m, op, 1);
    const kgl_tensor_record *out = kgl_op_output(m, op, 0);
    if (!kgl_arena_same(out, a) && !kgl_arena_same(out, b)) {
        return 1;
    }
    return allowed && a->bytes == out->bytes && b->bytes == out->bytes;
}

/* Checks: int8 operands, the output shape the broadcast of the inputs'; input offsets
   (= -zero point) in [-127, 128], output offset in [-128, 127], left shift in [0, 20],
   multipliers >= 0 with shifts in [-31, 0], activation range within int8 and not empty.
   These bounds keep every intermediate of the kernel within int32.
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_add_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_add_options *o = KGL_OPTIONS(kgl_add_options, op);
    if (!kgl_add_operands_ok(m, op, KGL_TYPE_INT8)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (!kgl_add_in_place_ok(m, op, 1)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->input1_offset < -127 || o->input1_offset > 128 || o->input2_offset < -127 ||
        o->input2_offset > 128 || o->output_offset < -128 || o->output_offset > 127 ||
        o->left_shift < 0 || o->left_shift > 20 || o->input1_multiplier < 0 ||
        o->input2_multiplier < 0 || o->output_multiplier < 0 || o->input1_shift < -31 ||
        o->input1_shift > 0 || o->input2_shift < -31 || o->input2_shift > 0 ||
        o->output_shift < -31 || o->output_shift > 0 || o->activation_min < -128 ||
        o->activation_max > 127 || o->activation_min > o->activation_max) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

void kgl_add_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                            kgl_add_s8_params *p) {
    const kgl_add_options *o = KGL_OPTIONS(kgl_add_options, op);
    (void)kgl_add_broadcast(m, op, &p->broadcast);
    p->input1_offset = o->input1_offset;
    p->input2_offset = o->input2_offset;
    p->output_offset = o->output_offset;
    p->left_shift = o->left_shift;
    p->input1_multiplier = o->input1_multiplier;
    p->input1_shift = o->input1_shift;
    p->input2_multiplier = o->input2_multiplier;
    p->input2_shift = o->input2_shift;
    p->output_multiplier = o->output_multiplier;
    p->output_shift = o->output_shift;
    p->activation_min = o->activation_min;
    p->activation_max = o->activation_max;
    p->input1 = (const int8_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->input2 = (const int8_t *)kgl_tensor_data(m, kgl_op_input(m, op, 1));
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

int8_t *kgl_add_s8_residual_from(const kgl_model *m, const kgl_operator_record *add,
                                 const kgl_tensor_record *fused, kgl_residual_add_s8 *r) {
    const kgl_add_options *o = KGL_OPTIONS(kgl_add_options, add);
    const int first = kgl_op_input(m, add, 0) == fused; /* the fused tensor is input 1 */
    r->skip = (const int8_t *)kgl_tensor_data(m, kgl_op_input(m, add, first ? 1u : 0u));
    r->conv_offset = first ? o->input1_offset : o->input2_offset;
    r->conv_multiplier = first ? o->input1_multiplier : o->input2_multiplier;
    r->conv_shift = first ? o->input1_shift : o->input2_shift;
    r->skip_offset = first ? o->input2_offset : o->input1_offset;
    r->skip_multiplier = first ? o->input2_multiplier : o->input1_multiplier;
    r->skip_shift = first ? o->input2_shift : o->input1_shift;
    r->output_offset = o->output_offset;
    r->left_shift = o->left_shift;
    r->output_multiplier = o->output_multiplier;
    r->output_shift = o->output_shift;
    r->activation_min = o->activation_min;
    r->activation_max = o->activation_max;
    return (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, add, 0));
}

void kgl_add_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    /* Fused into the CONV_2D before it (format 1.6), which computed it. */
    if (kgl_op_input(m, op, 0)->location == KGL_LOCATION_FUSED ||
        kgl_op_input(m, op, 1)->location == KGL_LOCATION_FUSED) {
        return;
    }
    kgl_add_s8_params p;
    kgl_add_s8_params_from(m, op, &p);
    kgl_add_s8(&p);
}

/* Checks: int16 operands, the output shape the broadcast of the inputs'; offsets 0 (16x8
   activations are symmetric), left shift in [0, 15], multipliers >= 0 with shifts in
   [-31, 0], activation range within int16 and not empty. These bounds keep every
   intermediate of the kernel within int32.
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_add_s16_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_add_options *o = KGL_OPTIONS(kgl_add_options, op);
    if (!kgl_add_operands_ok(m, op, KGL_TYPE_INT16) || !kgl_add_in_place_ok(m, op, 0)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->input1_offset != 0 || o->input2_offset != 0 || o->output_offset != 0 ||
        o->left_shift < 0 || o->left_shift > 15 || o->input1_multiplier < 0 ||
        o->input2_multiplier < 0 || o->output_multiplier < 0 || o->input1_shift < -31 ||
        o->input1_shift > 0 || o->input2_shift < -31 || o->input2_shift > 0 ||
        o->output_shift < -31 || o->output_shift > 0 || o->activation_min < INT16_MIN ||
        o->activation_max > INT16_MAX || o->activation_min > o->activation_max) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

static void kgl_add_s16_params_from(const kgl_model *m, const kgl_operator_record *op,
                                    kgl_add_s16_params *p) {
    const kgl_add_options *o = KGL_OPTIONS(kgl_add_options, op);
    (void)kgl_add_broadcast(m, op, &p->broadcast);
    p->left_shift = o->left_shift;
    p->input1_multiplier = o->input1_multiplier;
    p->input1_shift = o->input1_shift;
    p->input2_multiplier = o->input2_multiplier;
    p->input2_shift = o->input2_shift;
    p->output_multiplier = o->output_multiplier;
    p->output_shift = o->output_shift;
    p->activation_min = o->activation_min;
    p->activation_max = o->activation_max;
    p->input1 = (const int16_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->input2 = (const int16_t *)kgl_tensor_data(m, kgl_op_input(m, op, 1));
    p->output = (int16_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

void kgl_add_s16_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_add_s16_params p;
    kgl_add_s16_params_from(m, op, &p);
    kgl_add_s16(&p);
}
