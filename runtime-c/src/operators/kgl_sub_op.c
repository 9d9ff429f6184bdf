/* SUB: ADD's record (kgl_add_options), so ADD's check and decode (kgl_add_op.c), for the
   kernel kernels/kgl_sub_s8.c. Swift twin: SubS8.check. */
#include "../kgl_internal.h"

/* Checks exactly what kgl_add_s8_check does: int8 operands, the output shape the broadcast
   of the inputs'; input offsets in [-127, 128], output offset in [-128, 127], left shift in
   [0, 20], multipliers >= 0 with shifts in [-31, 0], activation range within int8 and not
   empty. Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_sub_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    return kgl_add_s8_check(m, op);
}

void kgl_sub_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_sub_s8_params p;
    kgl_add_s8_params_from(m, op, &p);
    kgl_sub_s8(&p);
}
