/* REDUCE_MAX, int8, as TFLite's reference_ops::ReduceGeneric with max: each output element is
   the largest of its input elements. Input and output share scale and zero point (the
   compiler requires it, as TFLite Micro does), so values are compared, never rescaled. The
   last reduced axis is walked by its step, the others by the odometer.
   Twin of ReduceMaxS8.swift. Since format 1.3. */
#include "../kgl_kernels.h"

/* Reads the input, writes every output element. */
void kgl_reduce_max_s8(const kgl_reduce_max_s8_params *restrict p) {
    const kgl_reduce_axes *axes = &p->axes;
    const int8_t *x = p->input;
    int8_t *y = p->output;
    /* The last reduced axis (none: one element, step 0) and the odometer's axes before it. */
    const uint32_t odometer_axes = axes->reduced > 0 ? axes->reduced - 1u : 0u;
    const uint32_t inner = axes->reduced > 0 ? axes->reduced_dims[odometer_axes] : 1u;
    const uint32_t inner_step = axes->reduced > 0 ? axes->reduced_steps[odometer_axes] : 0u;
    const uint32_t outer = axes->count / inner;
    uint32_t kept_index[KGL_MAX_RANK] = {0};
    uint32_t base = 0;
    for (uint32_t k = 0; k < axes->outputs; k++) {
        uint32_t reduced_index[KGL_MAX_RANK] = {0};
        uint32_t at = base;
        int8_t largest = INT8_MIN;
        for (uint32_t r = 0; r < outer; r++) {
            const int8_t *xr = x + at;
            for (uint32_t j = 0; j < inner; j++) {
                const int8_t v = xr[(size_t)j * inner_step];
                largest = v > largest ? v : largest;
            }
            kgl_reduce_next(odometer_axes, axes->reduced_dims, axes->reduced_steps, reduced_index,
                            &at);
        }
        y[k] = largest;
        kgl_reduce_next(axes->kept, axes->kept_dims, axes->kept_steps, kept_index, &base);
    }
}
