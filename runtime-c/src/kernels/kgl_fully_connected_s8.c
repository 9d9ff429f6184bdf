/*
 * FULLY_CONNECTED, int8: TFLite Micro's reference_integer_ops::FullyConnectedPerChannel
 * (per-tensor weights use FullyConnected, the same sum with one multiplier, which the
 * compiler repeats per unit). Twin of Sources/KingletInterpreter/Kernels/FullyConnectedS8.swift.
 *
 * The input is read as rows of `depth` values (rows = output elements / units):
 *   acc = sum over d of w[u][d] * (x[row][d] + input_offset), plus bias[u];
 *   out[row][u] = clamp(MBQM(acc, multipliers[u], shifts[u]) + output_offset, range).
 * Sums wrap as in CONV_2D (kgl_conv2d_s8.c).
 *
 * Sparse weights (format 1.4, rows along axis 0): each unit's row is the run of bits
 * [u * depth, (u + 1) * depth) (units * depth < 2^32, checked at init), and only its stored
 * nonzeros are multiplied (kgl_sparse.h); the values pointer restarts for every input row.
 * The sums are the dense ones without their zero terms: the same bytes.
 */
#include "../kgl_internal.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/*
 * Reads: the operator's tensor records (input int8 of any rank >= 1, weights int8
 * [units, depth], bias int32 [units], output int8 of rank >= 1 ending in units), options
 * and multiplier/shift arrays.
 * Returns: KGL_OK when the kernel can run in bounds; KGL_ERROR_BAD_OPERATOR for wrong
 * types or ranks, an input whose element count is not (output elements / units) * depth,
 * a weights zero point other than 0, or sparse weights (format 1.4) whose row axis is not 0
 * (one row per unit); KGL_ERROR_BAD_OPTIONS for offsets, clamp or
 * requantization arrays out of range.
 */
kgl_status kgl_fully_connected_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_fully_connected_options *o = KGL_OPTIONS(kgl_fully_connected_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *bias = kgl_op_input(m, op, 2);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT8, 0) != KGL_OK ||
        kgl_check_tensor(weights, KGL_TYPE_INT8, 2) != KGL_OK ||
        kgl_check_tensor(bias, KGL_TYPE_INT32, 1) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || input->rank < 1 ||
        output->rank < 1) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const uint32_t units = weights->dims[0];
    const uint32_t depth = weights->dims[1];
    const uint32_t rows = kgl_element_count(output) / units;
    if (output->dims[output->rank - 1] != units || bias->dims[0] != units ||
        (uint64_t)rows * depth != kgl_element_count(input) || weights->zero_point != 0 ||
        (weights->location == KGL_LOCATION_SPARSE && weights->quant_axis != 0)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return kgl_check_channel_requantization(m, o->input_offset, o->output_offset,
                                          o->activation_min, o->activation_max, o->multipliers,
                                          o->shifts, units);
}

/* Reads the input, weights, bias and arrays; writes the output. No failure. */
void kgl_fully_connected_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_fully_connected_options *o = KGL_OPTIONS(kgl_fully_connected_options, op);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const int8_t *x = (const int8_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    const int sparse = weights->location == KGL_LOCATION_SPARSE;
    const int8_t *w = sparse ? NULL : (const int8_t *)kgl_tensor_data(m, weights);
    const uint8_t *bitmap = sparse ? kgl_sparse_bitmap(m, weights) : NULL;
    const int32_t *bias = (const int32_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    const int32_t *mult = kgl_data_i32(m, o->multipliers);
    const int32_t *shift = kgl_data_i32(m, o->shifts);
    int8_t *y = (int8_t *)kgl_tensor_mutable_data(m, output);

    const uint32_t units = weights->dims[0];
    const uint32_t depth = weights->dims[1];
    const uint32_t rows = kgl_element_count(output) / units;
    const int32_t input_offset = o->input_offset;

    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *xr = x + (size_t)r * depth;
        const int8_t *v = sparse ? kgl_sparse_values(m, weights) : NULL;
        for (uint32_t u = 0; u < units; u++) {
            uint32_t acc = 0;
            if (sparse) {
                acc = kgl_sparse_dot_s8(bitmap, u * depth, depth, &v, xr, 1, input_offset);
            } else {
                const int8_t *wu = w + (size_t)u * depth;
                for (uint32_t d = 0; d < depth; d++) {
                    acc += (uint32_t)((int32_t)wu[d] * ((int32_t)xr[d] + input_offset));
                }
            }
            y[(size_t)r * units + u] = kgl_requantize_output_s8(acc + (uint32_t)bias[u], mult[u], shift[u],
                o->output_offset, o->activation_min, o->activation_max);
        }
    }
}
