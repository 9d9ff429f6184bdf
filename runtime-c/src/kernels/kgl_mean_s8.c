/* MEAN, int8, as TFLite's reference_ops::QuantizedMeanOrSum: each output element is the int32
   sum of its n input elements, plus n * input offset, rescaled by a multiplier that already
   holds 1/n (computed by the compiler as TFLite does), plus the output offset, clamped to
   int8. Each output is computed in one pass over its inputs, so no scratch buffer is needed:
   the last reduced axis by its step, the others by the odometer. Sums wrap modulo 2^32 as
   TFLite's int32 arithmetic does (so their order does not matter). Twin of MeanS8.swift. */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"

/* Reads the input, writes every output element. */
void kgl_mean_s8(const kgl_mean_s8_params *restrict p) {
    const kgl_reduce_axes *axes = &p->axes;
    const int8_t *x = p->input;
    int8_t *y = p->output;
    const uint32_t n = axes->count;
    /* The last reduced axis (none: one element, step 0) and the odometer's axes before it. */
    const uint32_t odometer_axes = axes->reduced > 0 ? axes->reduced - 1u : 0u;
    const uint32_t inner = axes->reduced > 0 ? axes->reduced_dims[odometer_axes] : 1u;
    const uint32_t inner_step = axes->reduced > 0 ? axes->reduced_steps[odometer_axes] : 0u;
    const uint32_t outer = n / inner;
    const uint32_t bias = (uint32_t)p->input_offset * n;
    uint32_t kept_index[KGL_MAX_RANK] = {0};
    uint32_t base = 0;
    for (uint32_t k = 0; k < axes->outputs; k++) {
        uint32_t reduced_index[KGL_MAX_RANK] = {0};
        uint32_t at = base;
        uint32_t sum = bias;
        for (uint32_t r = 0; r < outer; r++) {
            const int8_t *xr = x + at;
            for (uint32_t j = 0; j < inner; j++) {
                sum += (uint32_t)(int32_t)xr[(size_t)j * inner_step];
            }
            kgl_reduce_next(odometer_axes, axes->reduced_dims, axes->reduced_steps, reduced_index,
                            &at);
        }
        const int32_t scaled =
            kgl_multiply_by_quantized_multiplier((int32_t)sum, p->multiplier, p->shift);
        int32_t v = (int32_t)((uint32_t)scaled + (uint32_t)p->output_offset);
        if (v < -128) {
            v = -128;
        }
        if (v > 127) {
            v = 127;
        }
        y[k] = (int8_t)v;
        kgl_reduce_next(axes->kept, axes->kept_dims, axes->kept_steps, kept_index, &base);
    }
}
