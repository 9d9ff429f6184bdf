/* PAD (and PADV2), int8, as TFLite's reference_ops::PadImpl: the shape left-padded with 1s to
   5-D; every output element inside the padding gets the pad value, the others take the
   input's elements in order. Twin of PadS8.swift. */
#include "../kgl_internal.h"

#define KGL_PAD_RANK 5

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

/* Reads the input, writes every output element. */
void kgl_pad_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_pad_options *o = KGL_OPTIONS(kgl_pad_options, op);
    const int8_t *x = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *y = (int8_t *)kgl_tensor_mutable_data(m, output);
    const int8_t pad = (int8_t)o->pad_value;
    int32_t before[KGL_PAD_RANK];
    int32_t after[KGL_PAD_RANK];
    kgl_pad_amounts(o, before, after);
    uint32_t dims[KGL_PAD_RANK];
    for (uint32_t k = 0; k < KGL_PAD_RANK; k++) {
        dims[k] = kgl_pad_dim(output, k);
    }
    /* The innermost axis is written as runs: before, the input row, after. */
    const uint32_t depth_before = (uint32_t)before[4];
    const uint32_t depth_after = (uint32_t)after[4];
    const uint32_t row = dims[4] - depth_before - depth_after;
    for (uint32_t i0 = 0; i0 < dims[0]; i0++) {
        const int pad0 = i0 < (uint32_t)before[0] || i0 >= dims[0] - (uint32_t)after[0];
        for (uint32_t i1 = 0; i1 < dims[1]; i1++) {
            const int pad1 = pad0 || i1 < (uint32_t)before[1] || i1 >= dims[1] - (uint32_t)after[1];
            for (uint32_t i2 = 0; i2 < dims[2]; i2++) {
                const int pad2 =
                    pad1 || i2 < (uint32_t)before[2] || i2 >= dims[2] - (uint32_t)after[2];
                for (uint32_t i3 = 0; i3 < dims[3]; i3++) {
                    if (pad2 || i3 < (uint32_t)before[3] || i3 >= dims[3] - (uint32_t)after[3]) {
                        memset(y, pad, dims[4]);
                        y += dims[4];
                        continue;
                    }
                    memset(y, pad, depth_before);
                    y += depth_before;
                    memcpy(y, x, row);
                    y += row;
                    x += row;
                    memset(y, pad, depth_after);
                    y += depth_after;
                }
            }
        }
    }
}
