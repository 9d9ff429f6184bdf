/* AVERAGE_POOL_2D: the check at load and the decode at invoke, both kgl_pool2d.h's (shared with
   the other pooling kind), for the kernel kernels/kgl_average_pool2d_s8.c. */
#include "../kgl_internal.h"
#include "../kgl_pool2d.h"

/* Checks as kgl_pool2d_check (shapes, options; no window is empty). */
kgl_status kgl_average_pool2d_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_pool2d_check(m, op);
}

void kgl_average_pool2d_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_average_pool2d_s8_params p;
    kgl_pool2d_params_from(m, op, &p);
    kgl_average_pool2d_s8(&p);
}
