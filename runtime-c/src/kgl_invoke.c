/*
 * kgl_invoke.c: running a validated model, and the dispatch from an operator's kind to its
 * check and run entry (operators/kgl_<stem>_op.c, which decodes the record and calls the
 * kernel). The switches are generated from KGL_OPERATORS and KGL_OPERATORS_S16, so adding a
 * kind (or a 16x8 variant) to the format adds it here (a kind left out by operator selection,
 * KGL_WITH_<NAME> 0, is refused by the check and never reached by the run); its operator and
 * kernel files must then exist to link.
 *
 * A kind with a 16x8 variant runs it when the operator's first input or first output is
 * int16, as TFLite Micro's kernels switch on the tensors' types; the types cannot change
 * after the check, so check and run always pick the same kernel. With KGL_ENABLE_INT16 0
 * (kgl_config.h) such an operator is refused and the 16x8 kernels are not linked.
 */
#include "kgl_internal.h"

kgl_status kgl_check_operator(const kgl_model *m, const kgl_operator_record *op) {
    if (kgl_uses_int16(m, op)) {
        switch (op->kind) {
#define KGL_CHECK_S16_CASE(code, NAME, stem, min_inputs, max_inputs, outputs)          \
    case code:                                                                         \
        return KGL_WITH_##NAME && KGL_ENABLE_INT16 ? kgl_##stem##_s16_check(m, op)      \
                                                   : KGL_ERROR_UNSUPPORTED_OPERATOR;
            KGL_OPERATORS_S16(KGL_CHECK_S16_CASE)
#undef KGL_CHECK_S16_CASE
        default:
            break; /* the int8 kernel's check decides (RESHAPE, CONCATENATION copy int16) */
        }
    }
    switch (op->kind) {
#define KGL_CHECK_CASE(code, NAME, stem, min_inputs, max_inputs, outputs)                  \
    case code:                                                                             \
        return KGL_WITH_##NAME ? kgl_##stem##_s8_check(m, op) : KGL_ERROR_UNSUPPORTED_OPERATOR;
        KGL_OPERATORS(KGL_CHECK_CASE)
#undef KGL_CHECK_CASE
    default:
        return KGL_ERROR_UNSUPPORTED_OPERATOR;
    }
}

void kgl_run_operator(const kgl_model *m, const kgl_operator_record *op) {
    if (kgl_uses_int16(m, op)) {
        switch (op->kind) {
#define KGL_RUN_S16_CASE(code, NAME, stem, min_inputs, max_inputs, outputs) \
    case code:                                                              \
        if (KGL_WITH_##NAME && KGL_ENABLE_INT16) {                          \
            kgl_##stem##_s16_run(m, op);                                    \
        }                                                                   \
        return;
            KGL_OPERATORS_S16(KGL_RUN_S16_CASE)
#undef KGL_RUN_S16_CASE
        default:
            break;
        }
    }
    switch (op->kind) {
#define KGL_RUN_CASE(code, NAME, stem, min_inputs, max_inputs, outputs) \
    case code:                                                          \
        if (KGL_WITH_##NAME) {                                          \
            kgl_##stem##_s8_run(m, op);                                 \
        }                                                               \
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
