/* REDUCE_MAX, int8, as TFLite's reference_ops::ReduceGeneric with max: each output element is
   the largest of its input elements. Input and output share scale and zero point (the
   compiler requires it, as TFLite Micro does), so values are compared, never rescaled.
   Twin of ReduceMaxS8.swift. Since format 1.3. */
#include "../kgl_internal.h"
#include "../kgl_reduce.h"

/* Checks: int8 input and output; the axis mask names only input axes; the output shape is
   the reduced shape (either form).
   Returns KGL_OK, KGL_ERROR_BAD_OPERATOR (types, shapes) or KGL_ERROR_BAD_OPTIONS (mask). */
kgl_status kgl_reduce_max_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_reduce_max_options *o = KGL_OPTIONS(kgl_reduce_max_options, op);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->axis_mask < 0 || (uint32_t)o->axis_mask >= (1u << input->rank)) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    if (!kgl_reduce_shape_ok(input, output, (uint32_t)o->axis_mask)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}

/* Reads the input, writes every output element. */
void kgl_reduce_max_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_reduce_max_options *o = KGL_OPTIONS(kgl_reduce_max_options, op);
    const int8_t *x = (const int8_t *)kgl_tensor_data(m, input);
    int8_t *y = (int8_t *)kgl_tensor_mutable_data(m, output);
    kgl_reduce_axes axes;
    kgl_reduce_split(input, (uint32_t)o->axis_mask, &axes);
    const uint32_t outputs = kgl_element_count(output);
    uint32_t kept_index[KGL_MAX_RANK] = {0};
    uint32_t base = 0;
    for (uint32_t k = 0; k < outputs; k++) {
        uint32_t reduced_index[KGL_MAX_RANK] = {0};
        uint32_t at = base;
        int8_t largest = INT8_MIN;
        for (uint32_t r = 0; r < axes.count; r++) {
            if (x[at] > largest) {
                largest = x[at];
            }
            kgl_reduce_next(axes.reduced, axes.reduced_dims, axes.reduced_steps, reduced_index,
                            &at);
        }
        y[k] = largest;
        kgl_reduce_next(axes.kept, axes.kept_dims, axes.kept_steps, kept_index, &base);
    }
}
