/* TANH: LOGISTIC's record (kgl_logistic_options), so LOGISTIC's check and decode
   (kgl_logistic_op.c), for the kernel kernels/kgl_tanh_s8.c. Swift twin: TanhS8.check. */
#include "../kgl_internal.h"

/* The same operands, options and rules as LOGISTIC (see kgl_logistic_s8_check). */
kgl_status kgl_tanh_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_logistic_s8_check(m, op);
}

void kgl_tanh_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_tanh_s8_params p;
    kgl_logistic_s8_params_from(m, op, &p);
    kgl_tanh_s8(&p);
}
