/* PAD: the operator record's check at load and its decode into the kernel's parameters at
   invoke (kernels/kgl_pad_s8.c). Swift twin: PadS8.check. Options: kgl_pad_options, the
   paddings of the shape left-padded with 1s to KGL_PAD_RANK axes. */
#include "../kgl_internal.h"

/* The paddings of axis k of the 5-D shape: options before0..before4 then after0..after4. */
static void kgl_pad_amounts(const kgl_pad_options *o, int32_t before[KGL_PAD_RANK],
                            int32_t after[KGL_PAD_RANK]) {
    before[0] = o->before0;
    before[1] = o->before1;
    before[2] = o->before2;
    before[3] = o->before3;
    before[4] = o->before4;
    after[0] = o->after0;
    after[1] = o->after1;
    after[2] = o->after2;
    after[3] = o->after3;
    after[4] = o->after4;
}

/* The dimension of axis k (0..4) of t's shape left-padded with 1s to 5-D. */
static uint32_t kgl_pad_dim(const kgl_tensor_record *t, uint32_t k) {
    const uint32_t lead = KGL_PAD_RANK - t->rank;
    return k < lead ? 1 : t->dims[k - lead];
}

/* Checks: int8 input and output of equal rank <= 5; paddings >= 0, zero on the axes added by
   left-padding, and input dim + before + after = output dim on every axis; the pad value an
   int8. Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, ranks) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_pad_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_pad_options *o = KGL_OPTIONS(kgl_pad_options, op);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || input->rank > KGL_PAD_RANK ||
        output->rank != input->rank) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    int32_t before[KGL_PAD_RANK];
    int32_t after[KGL_PAD_RANK];
    kgl_pad_amounts(o, before, after);
    for (uint32_t k = 0; k < KGL_PAD_RANK; k++) {
        if (before[k] < 0 || after[k] < 0 ||
            (int64_t)kgl_pad_dim(input, k) + before[k] + after[k] != (int64_t)kgl_pad_dim(output, k)) {
            return KGL_ERROR_BAD_OPTIONS;
        }
    }
    if (o->pad_value < -128 || o->pad_value > 127) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

static void kgl_pad_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                   kgl_pad_s8_params *p) {
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_pad_options *o = KGL_OPTIONS(kgl_pad_options, op);
    int32_t before[KGL_PAD_RANK];
    int32_t after[KGL_PAD_RANK];
    kgl_pad_amounts(o, before, after);
    for (uint32_t k = 0; k < KGL_PAD_RANK; k++) {
        p->output_dims[k] = kgl_pad_dim(output, k);
        p->before[k] = (uint32_t)before[k];
        p->after[k] = (uint32_t)after[k];
    }
    p->pad_value = (int8_t)o->pad_value;
    p->input = (const int8_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    p->output = (int8_t *)kgl_tensor_mutable_data(m, output);
}

void kgl_pad_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_pad_s8_params p;
    kgl_pad_s8_params_from(m, op, &p);
    kgl_pad_s8(&p);
}
