/*
 * kgl_invoke.c: running a validated model, and the dispatch from an operator's kind to its
 * kernel. Both switches are generated from KGL_OPERATORS, so adding a kind to the format
 * adds it here; its kernel file (kernels/kgl_<stem>_s8.c) must then exist to link.
 */
#include "kgl_internal.h"

kgl_status kgl_check_operator(const kgl_model *m, const kgl_operator_record *op) {
    switch (op->kind) {
#define KGL_CHECK_CASE(code, NAME, stem, min_inputs, max_inputs, outputs) \
    case code:                                                            \
        return kgl_##stem##_s8_check(m, op);
        KGL_OPERATORS(KGL_CHECK_CASE)
#undef KGL_CHECK_CASE
    default:
        return KGL_ERROR_UNSUPPORTED_OPERATOR;
    }
}

void kgl_run_operator(const kgl_model *m, const kgl_operator_record *op) {
    switch (op->kind) {
#define KGL_RUN_CASE(code, NAME, stem, min_inputs, max_inputs, outputs) \
    case code:                                                          \
        kgl_##stem##_s8(m, op);                                         \
        break;
        KGL_OPERATORS(KGL_RUN_CASE)
#undef KGL_RUN_CASE
    default:
        /* Unreachable: kgl_model_init refuses unknown kinds. */
        break;
    }
}

kgl_status kgl_model_invoke(kgl_model *model) {
    if (model == NULL || model->header == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    const uint32_t count = model->header->operator_count;
    for (uint32_t i = 0; i < count; i++) {
        kgl_run_operator(model, &model->operators[i]);
    }
    return KGL_OK;
}

kgl_status kgl_model_invoke_operator(kgl_model *model, uint32_t index) {
    if (model == NULL || model->header == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    if (index >= model->header->operator_count) {
        return KGL_ERROR_INDEX;
    }
    kgl_run_operator(model, &model->operators[index]);
    return KGL_OK;
}
