/*
 * FULLY_CONNECTED, 16x8 (int16 activations, int8 weights, int64 bias): TFLite Micro's
 * reference_integer_ops::FullyConnectedPerChannel / FullyConnected for int16 input with an
 * int64 accumulator (per-tensor weights: one multiplier, repeated per unit by the
 * compiler). Twin of Sources/KingletInterpreter/Kernels/FullyConnectedS16.swift.
 *
 * The input is read as rows of `depth` values (rows = output elements / units):
 *   acc = sum over d of w[u][d] * x[row][d], plus bias[u], in int64;
 *   out[row][u] = clamp(MBQM64(acc, multipliers[u], shifts[u]), activation range).
 * Offsets must be 0 (symmetric int16 activations); sums wrap in uint64.
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
 * Reads: the operator's tensor records (input int16 of any rank >= 1, weights int8
 * [units, depth], bias int64 [units], output int16 of rank >= 1 ending in units), options
 * and multiplier/shift arrays.
 * Returns: KGL_OK when the kernel can run in bounds; KGL_ERROR_BAD_OPERATOR for wrong
 * types or ranks, an input whose element count is not (output elements / units) * depth,
 * a weights zero point other than 0, or sparse weights (format 1.4) whose row axis is not 0
 * (one row per unit); KGL_ERROR_BAD_OPTIONS for offsets other than 0, a
 * clamp outside int16, multipliers < 0 or shifts outside [-31, 14].
 */
kgl_status kgl_fully_connected_s16_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_fully_connected_options *o = KGL_OPTIONS(kgl_fully_connected_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *bias = kgl_op_input(m, op, 2);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, KGL_TYPE_INT16, 0) != KGL_OK ||
        kgl_check_tensor(weights, KGL_TYPE_INT8, 2) != KGL_OK ||
        kgl_check_tensor(bias, KGL_TYPE_INT64, 1) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_INT16, 0) != KGL_OK || input->rank < 1 ||
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
    return kgl_check_channel_requantization_s16(m, o->input_offset, o->output_offset,
                                                o->activation_min, o->activation_max,
                                                o->multipliers, o->shifts, units);
}

/* Reads the input, weights, bias and arrays; writes the output. No failure. */
void kgl_fully_connected_s16(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_fully_connected_options *o = KGL_OPTIONS(kgl_fully_connected_options, op);
    const kgl_tensor_record *weights = kgl_op_input(m, op, 1);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const int16_t *x = (const int16_t *)kgl_tensor_data(m, kgl_op_input(m, op, 0));
    const int sparse = weights->location == KGL_LOCATION_SPARSE;
    const int8_t *w = sparse ? NULL : (const int8_t *)kgl_tensor_data(m, weights);
    const uint8_t *bitmap = sparse ? kgl_sparse_bitmap(m, weights) : NULL;
    const int64_t *bias = (const int64_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    const int32_t *mult = kgl_data_i32(m, o->multipliers);
    const int32_t *shift = kgl_data_i32(m, o->shifts);
    int16_t *y = (int16_t *)kgl_tensor_mutable_data(m, output);

    const uint32_t units = weights->dims[0];
    const uint32_t depth = weights->dims[1];
    const uint32_t rows = kgl_element_count(output) / units;

    for (uint32_t r = 0; r < rows; r++) {
        const int16_t *xr = x + (size_t)r * depth;
        const int8_t *v = sparse ? kgl_sparse_values(m, weights) : NULL;
        for (uint32_t u = 0; u < units; u++) {
            uint64_t acc = 0;
            if (sparse) {
                acc = kgl_sparse_dot_s16(bitmap, u * depth, depth, &v, xr, 1);
            } else {
                const int8_t *wu = w + (size_t)u * depth;
                for (uint32_t d = 0; d < depth; d++) {
                    acc += (uint64_t)(int64_t)((int32_t)wu[d] * (int32_t)xr[d]);
                }
            }
            y[(size_t)r * units + u] = kgl_requantize_output_s16(acc + (uint64_t)bias[u], mult[u], shift[u],
                o->activation_min, o->activation_max);
        }
    }
}
