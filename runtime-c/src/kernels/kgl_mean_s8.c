/* MEAN, int8, as TFLite's reference_ops::QuantizedMeanOrSum: each output element is the int32
   sum of its n input elements, plus n * input offset, rescaled by a multiplier that already
   holds 1/n (computed by the compiler as TFLite does), plus the output offset, clamped to
   int8. Each output is computed in one pass over its inputs, so no scratch buffer is needed.
   Sums wrap modulo 2^32 as TFLite's int32 arithmetic does. Twin of MeanS8.swift. */
#include "../kgl_internal.h"
#include "../kgl_reduce.h"
#include "../kgl_requantize.h"

/* Checks: int8 input and output; the axis mask names only input axes; the output shape is
   the reduced shape (either form); input offset in [-127, 128], output offset in
   [-128, 127], multiplier >= 0, shift in [-31, 30].
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS. */
kgl_status kgl_mean_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_mean_options *o = KGL_OPTIONS(kgl_mean_options, op);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->axis_mask < 0 || (uint32_t)o->axis_mask >= (1u << input->rank) ||
        o->input_offset < -127 || o->input_offset > 128 || o->output_offset < -128 ||
        o->output_offset > 127 || o->multiplier < 0 || o->shift < -31 || o->shift > 30) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    if (!kgl_reduce_shape_ok(input, output, (uint32_t)o->axis_mask)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}

/* Reads the input, writes every output element. */
void kgl_mean_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_mean_options *o = KGL_OPTIONS(kgl_mean_options, op);
    const int8_t *x = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *y = (int8_t *)kgl_tensor_mutable_data(m, output);
    kgl_reduce_axes axes;
    kgl_reduce_split(input, (uint32_t)o->axis_mask, &axes);
    const uint32_t n = axes.count;
    const uint32_t outputs = kgl_element_count(output);
    const uint32_t bias = (uint32_t)o->input_offset * n;
    uint32_t kept_index[KGL_MAX_RANK] = {0};
    uint32_t base = 0;
    for (uint32_t k = 0; k < outputs; k++) {
        uint32_t red_index[KGL_MAX_RANK] = {0};
        uint32_t at = base;
        uint32_t sum = bias;
        for (uint32_t r = 0; r < n; r++) {
            sum += (uint32_t)(int32_t)x[at];
            kgl_reduce_next(axes.reduced, axes.reduced_dims, axes.reduced_steps, red_index, &at);
        }
        const int32_t scaled =
            kgl_multiply_by_quantized_multiplier((int32_t)sum, o->multiplier, o->shift);
        int32_t v = (int32_t)((uint32_t)scaled + (uint32_t)o->output_offset);
        if (v < -128) {
            v = -128;
        }
        if (v > 127) {
            v = 127;
        }
        y[k] = (int8_t)v;
        kgl_reduce_next(axes.kept, axes.kept_dims, axes.kept_steps, kept_index, &base);
    }
}
