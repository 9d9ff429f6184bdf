/*
 * kgl_internal.h: what the runtime's parts share and the public header does not show: reading
 * a loaded model's tensors and options, the load-time checks the operators share, and the
 * operators themselves.
 *
 * Each operator kind <stem> (see KGL_OPERATORS in kgl_format.h) has one file
 * operators/kgl_<stem>_op.c, which connects the model to the kernel (kgl_kernels.h):
 *   kgl_status kgl_<stem>_s8_check(const kgl_model *m, const kgl_operator_record *op);
 *     Called once by kgl_model_init after the generic checks (operand indices in range,
 *     operand counts within the kind's limits, tensor records valid, constant and arena
 *     ranges in bounds, sparse operands only where the format allows them). Checks everything
 *     the kernel relies on: element types, ranks, shapes consistent with the options, option
 *     ranges, data-section arrays in bounds. After it returns KGL_OK, the kernel can run
 *     without reading or writing out of bounds.
 *   void kgl_<stem>_s8_run(const kgl_model *m, const kgl_operator_record *op);
 *     Fills the kernel's kgl_<stem>_s8_params from the record (a static decode,
 *     kgl_<stem>_s8_params_from: no checks) and calls kgl_<stem>_s8. No failure.
 * The kinds listed in KGL_OPERATORS_S16 also have kgl_<stem>_s16_check and kgl_<stem>_s16_run
 * in the same file, for the 16x8 kernel (int16 activations, int8 weights, int64 bias), which
 * the dispatch (kgl_invoke.c) picks when the operator's first input or first output is int16.
 */
#ifndef KGL_INTERNAL_H
#define KGL_INTERNAL_H

#include <string.h>

#include "kgl_kernels.h"
#include "kgl_sparse.h"
#include "kinglet.h"

/* ---- reading a loaded model (everything here was checked by kgl_model_init) ---- */

/* The tensor record of input / output `i` of `op`. */
static inline const kgl_tensor_record *kgl_op_input(const kgl_model *m,
                                                    const kgl_operator_record *op, uint32_t i) {
    return &m->tensors[m->operands[op->operands + i]];
}

static inline const kgl_tensor_record *kgl_op_output(const kgl_model *m,
                                                     const kgl_operator_record *op, uint32_t i) {
    return &m->tensors[m->operands[op->operands + op->input_count + i]];
}

/* Where a tensor's elements are: the arena, or the model's data section for a constant.
   For a sparse constant (KGL_LOCATION_SPARSE) that is the start of its encoding, not dense
   elements: only the filters of KGL_OPERATORS_WITH_FILTER may be one (checked at init), and
   their decodes read it with kgl_filter_data. */
static inline const void *kgl_tensor_data(const kgl_model *m, const kgl_tensor_record *t) {
    return t->location == KGL_LOCATION_ARENA ? (const void *)(m->arena + t->offset)
                                             : (const void *)(m->data + t->offset);
}

/* A writable tensor: in the arena (outputs are never constants; checked at init). A fused
   output (format 1.6) has no bytes: its run writes the ADD's output instead. */
static inline void *kgl_tensor_mutable_data(const kgl_model *m, const kgl_tensor_record *t) {
    return m->arena + t->offset;
}

/* A filter's weights as its kernel reads them: dense elements, or a sparse constant's
   bitmap and the nonzero values that follow it (format 1.4; `bytes` is the element count
   of an int8 tensor). */
static inline kgl_filter_s8 kgl_filter_data(const kgl_model *m, const kgl_tensor_record *t) {
    kgl_filter_s8 filter;
    if (t->location == KGL_LOCATION_SPARSE) {
        filter.bitmap = m->data + t->offset;
        filter.values =
            (const int8_t *)(const void *)(filter.bitmap + kgl_sparse_bitmap_bytes(t->bytes));
    } else {
        filter.bitmap = NULL;
        filter.values = (const int8_t *)kgl_tensor_data(m, t);
    }
    return filter;
}

/* A tensor's input normalization, f32[2 * channels] (shifts, multipliers), or NULL when it
   has none (checked at init: 4-aligned, inside the data section, finite). */
static inline const float *kgl_tensor_normalization(const kgl_model *m,
                                                    const kgl_tensor_record *t) {
    return t->normalization_channels == 0
               ? NULL
               : (const float *)(const void *)(m->data + t->normalization);
}

/* An int32 array in the data section at byte offset `offset` (checked by kgl_check_i32_array). */
static inline const int32_t *kgl_data_i32(const kgl_model *m, int32_t offset) {
    return (const int32_t *)(const void *)(m->data + offset);
}

/* The options of `op` as the struct of its kind; the record is 4-aligned in the model. */
#define KGL_OPTIONS(type, op) ((const type *)(const void *)(op)->options)

/* ---- checks the operators share (kgl_tensor_check.c) ---- */

/* Product of the dimensions of a tensor (fits in uint32: checked at init). */
uint32_t kgl_element_count(const kgl_tensor_record *t);

/* 1 when both tensors have the same rank and dimensions. */
int kgl_same_shape(const kgl_tensor_record *a, const kgl_tensor_record *b);

/* KGL_OK when data-section bytes [offset, offset + 4 * count) exist and offset is 4-aligned;
   KGL_ERROR_BAD_OPTIONS otherwise. */
KGL_LOAD_TIME kgl_status kgl_check_i32_array(const kgl_model *m, int32_t offset, uint32_t count);

/* KGL_OK when the tensor has the type, and (rank != 0) that rank; KGL_ERROR_BAD_OPERATOR
   otherwise. */
KGL_LOAD_TIME kgl_status kgl_check_tensor(const kgl_tensor_record *t, uint32_t type, uint32_t rank);

/* ---- checks of the convolution family (kgl_channel_check.c) ---- */

/* 1 when one spatial axis of a windowed kernel is safe: stride, dilation >= 1, padding >= 0,
   and every input coordinate it forms, (out - 1) * stride + (filter - 1) * dilation - pad,
   fits in int32. */
KGL_LOAD_TIME int kgl_check_window_axis(uint32_t out, int32_t stride, int32_t dilation, int32_t pad,
                          uint32_t filter);

/* KGL_OK when zero-point offsets are int8 (input offset in [-127, 128]), the clamp lies in
   int8 with min <= max, and `count` multipliers >= 0 and shifts in [-31, 30] lie inside the
   data section at the given offsets; KGL_ERROR_BAD_OPTIONS otherwise. */
KGL_LOAD_TIME kgl_status kgl_check_channel_requantization(const kgl_model *m, int32_t input_offset,
                                            int32_t output_offset, int32_t act_min,
                                            int32_t act_max, int32_t multipliers,
                                            int32_t shifts, uint32_t count);

/* The 16x8 twin of kgl_check_channel_requantization: zero-point offsets 0 (16x8 activations
   are symmetric), the clamp in int16 with min <= max, `count` multipliers >= 0 and shifts in
   [-31, 14] (kgl_multiply_by_quantized_multiplier_64) inside the data section. */
KGL_LOAD_TIME kgl_status kgl_check_channel_requantization_s16(const kgl_model *m, int32_t input_offset,
                                                int32_t output_offset, int32_t act_min,
                                                int32_t act_max, int32_t multipliers,
                                                int32_t shifts, uint32_t count);

/* The output-channel axis of the filter (input 1) of a kind of KGL_OPERATORS_WITH_FILTER;
   -1 for the other kinds. */
static inline int32_t kgl_filter_axis(uint32_t kind) {
    switch (kind) {
#define KGL_FILTER_AXIS_CASE(code, NAME, stem, axis) \
    case code:                                       \
        return (axis);
        KGL_OPERATORS_WITH_FILTER(KGL_FILTER_AXIS_CASE)
#undef KGL_FILTER_AXIS_CASE
    default:
        return -1;
    }
}

/* A folded bias (format 1.6) at data offset `folded_bias` of an int8 operator with a filter
   (input 1; kgl_filter_data) and an int32 bias (input 2): 0 (none), or int32[channels]
   inside the data section, each exactly bias[c] + input_offset * (sum of channel c's
   weights along the filter's output-channel axis, kgl_filter_axis), wrapping; for 16x8
   (`activation_type` int16, offsets 0) only 0. KGL_OK or KGL_ERROR_BAD_OPTIONS. Twin of
   ChannelCheck.requireFoldedBias. */
KGL_LOAD_TIME kgl_status kgl_check_folded_bias(const kgl_model *m, const kgl_operator_record *op,
                                               uint32_t activation_type, int32_t folded_bias,
                                               int32_t input_offset);

/* The check of the precision of `activation_type`: kgl_check_channel_requantization_s16 for
   KGL_TYPE_INT16 (16x8), kgl_check_channel_requantization otherwise. */
KGL_LOAD_TIME kgl_status kgl_check_channel_requantization_of(const kgl_model *m, uint32_t activation_type,
                                               int32_t input_offset, int32_t output_offset,
                                               int32_t act_min, int32_t act_max,
                                               int32_t multipliers, int32_t shifts,
                                               uint32_t count);

/* KGL_OK when both spatial axes of a CONV_2D or DEPTHWISE_CONV_2D window are safe for
   `output` [N,OH,OW,C] and `filter` [.,KH,KW,.] (kgl_check_window_axis);
   KGL_ERROR_BAD_OPTIONS otherwise. */
KGL_LOAD_TIME kgl_status kgl_check_conv_window(const kgl_tensor_record *output, const kgl_tensor_record *filter,
                                 int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                                 int32_t dilation_w, int32_t pad_top, int32_t pad_left);

/* The window of a CONV_2D or DEPTHWISE_CONV_2D record the kind's check accepted. */
static inline void kgl_conv_geometry_from(const kgl_tensor_record *input,
                                          const kgl_tensor_record *filter,
                                          const kgl_tensor_record *output, int32_t stride_h,
                                          int32_t stride_w, int32_t dilation_h,
                                          int32_t dilation_w, int32_t pad_top,
                                          int32_t pad_left, kgl_conv_geometry *g) {
    g->batches = input->dims[0];
    g->input_h = input->dims[1];
    g->input_w = input->dims[2];
    g->input_depth = input->dims[3];
    g->output_h = output->dims[1];
    g->output_w = output->dims[2];
    g->output_depth = output->dims[3];
    g->filter_h = filter->dims[1];
    g->filter_w = filter->dims[2];
    g->filter_depth = filter->dims[3];
    g->stride_h = stride_h;
    g->stride_w = stride_w;
    g->dilation_h = dilation_h;
    g->dilation_w = dilation_w;
    g->pad_top = pad_top;
    g->pad_left = pad_left;
}

/* 1 when two tensors are both in the arena, on exactly the same bytes. */
static inline int kgl_arena_same(const kgl_tensor_record *a, const kgl_tensor_record *b) {
    return a->location == KGL_LOCATION_ARENA && b->location == KGL_LOCATION_ARENA &&
           a->offset == b->offset && a->bytes == b->bytes;
}

/* 1 when two tensors are both in the arena and share a byte. */
static inline int kgl_arena_overlap(const kgl_tensor_record *a, const kgl_tensor_record *b) {
    return a->location == KGL_LOCATION_ARENA && b->location == KGL_LOCATION_ARENA &&
           (uint64_t)a->offset < (uint64_t)b->offset + b->bytes &&
           (uint64_t)b->offset < (uint64_t)a->offset + a->bytes;
}

/* In place (format 1.5, kgl_window_rows.c), for a CONV_2D or DEPTHWISE_CONV_2D record whose
   geometry the kind's check accepted: 0 when its output shares no byte with input 0; else 1,
   with `bands` started over `g` (the operator's geometry). With `g` NULL
   (the load check) the geometry is the record's, `bands` is not used, and the result is -1
   when kgl_window_rows_allow refuses it. */
int kgl_window_in_place(const kgl_model *m, const kgl_operator_record *op,
                        const kgl_conv_geometry *g, kgl_window_bands *bands);

/* The per-channel requantization of a record the kind's check accepted (the arrays at data
   offsets `multipliers`, `shifts` and, when not 0, `folded_bias`). */
static inline void kgl_channel_requantization_from(const kgl_model *m, int32_t input_offset,
                                                   int32_t output_offset, int32_t act_min,
                                                   int32_t act_max, int32_t multipliers,
                                                   int32_t shifts, int32_t folded_bias,
                                                   kgl_channel_requantization *r) {
    r->folded_bias = KGL_FOLDED_BIAS_REQUIRED || folded_bias != 0 ? kgl_data_i32(m, folded_bias)
                                                                  : NULL;
    r->input_offset = input_offset;
    r->output_offset = output_offset;
    r->activation_min = act_min;
    r->activation_max = act_max;
    r->multipliers = kgl_data_i32(m, multipliers);
    r->shifts = kgl_data_i32(m, shifts);
}

/* ---- the operators (operators/kgl_<stem>_op.c) ---- */

/* The check and run entry of every kind, declared from KGL_OPERATORS so each definition is
   checked against the signature the dispatch in kgl_invoke.c calls. */
#define KGL_DECLARE_OPERATOR(code, NAME, stem, min_inputs, max_inputs, outputs)            \
    KGL_LOAD_TIME kgl_status kgl_##stem##_s8_check(const kgl_model *m,                \
                                                  const kgl_operator_record *op);      \
    void kgl_##stem##_s8_run(const kgl_model *m, const kgl_operator_record *op);
KGL_OPERATORS(KGL_DECLARE_OPERATOR)
#undef KGL_DECLARE_OPERATOR

#define KGL_DECLARE_OPERATOR_S16(code, NAME, stem, min_inputs, max_inputs, outputs)         \
    KGL_LOAD_TIME kgl_status kgl_##stem##_s16_check(const kgl_model *m,               \
                                                   const kgl_operator_record *op);     \
    void kgl_##stem##_s16_run(const kgl_model *m, const kgl_operator_record *op);
KGL_OPERATORS_S16(KGL_DECLARE_OPERATOR_S16)
#undef KGL_DECLARE_OPERATOR_S16

/* The decodes that two kinds of one options layout share (SUB reads ADD's record, TANH
   LOGISTIC's): the kernel's struct from a record the kind's check accepted. */
void kgl_add_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                            kgl_add_s8_params *p);
void kgl_logistic_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                 kgl_logistic_s8_params *p);

/* The ADD `add` (the operator after a CONV_2D whose output, `fused`, it reads; format 1.6,
   kgl_check_fused) as the residual the convolution computes in its pass: *r with the
   convolution's value on the fused input's side. Returns where the ADD's output goes. */
int8_t *kgl_add_s8_residual_from(const kgl_model *m, const kgl_operator_record *add,
                                 const kgl_tensor_record *fused, kgl_residual_add_s8 *r);

/* 1 when the operator's first input or first output is int16: the kinds of
   KGL_OPERATORS_S16 then run their 16x8 kernel (kgl_invoke.c). Operand indices are valid
   (checked before the kinds' checks run). */
static inline int kgl_uses_int16(const kgl_model *m, const kgl_operator_record *op) {
    return (op->input_count > 0 && kgl_op_input(m, op, 0)->type == KGL_TYPE_INT16) ||
           (op->output_count > 0 && kgl_op_output(m, op, 0)->type == KGL_TYPE_INT16);
}

/* Dispatch on op->kind (kgl_invoke.c). kgl_check_operator runs the kind's _check and returns
   KGL_ERROR_UNSUPPORTED_OPERATOR for an unknown kind or one left out of the build;
   kgl_run_operator runs its _run and must only see operators that kgl_check_operator
   accepted. */
KGL_LOAD_TIME kgl_status kgl_check_operator(const kgl_model *m, const kgl_operator_record *op);
void kgl_run_operator(const kgl_model *m, const kgl_operator_record *op);

/* CRC-32 (IEEE 802.3, as zlib's crc32): pass crc = 0 to start, or a previous result to
   continue over more bytes (kgl_crc32.c). */
uint32_t kgl_crc32(uint32_t crc, const void *data, size_t size);

#endif /* KGL_INTERNAL_H */
