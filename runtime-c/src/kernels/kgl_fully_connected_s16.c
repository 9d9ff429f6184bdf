/*
 * FULLY_CONNECTED, 16x8 (int16 activations, int8 weights, int64 bias): TFLite Micro's
 * reference_integer_ops::FullyConnectedPerChannel / FullyConnected for int16 input with an
 * int64 accumulator (per-tensor weights: one multiplier, repeated per unit by the
 * compiler). Twin of Sources/KingletInterpreter/Kernels/FullyConnectedS16.swift.
 *
 * The input is read as rows of `depth` values:
 *   acc = sum over d of w[u][d] * x[row][d], plus bias[u], in int64;
 *   out[row][u] = clamp(MBQM64(acc, multipliers[u], shifts[u]), activation range).
 * No offsets (they are 0: symmetric int16 activations); sums wrap in uint64.
 *
 * A sparse filter (format 1.4, rows along axis 0): each unit's row is the run of bits
 * [u * depth, (u + 1) * depth), and only its stored nonzeros are multiplied (kgl_sparse.h);
 * the values pointer restarts for every input row. The sums are the dense ones without
 * their zero terms: the same bytes.
 */
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/* Reads the input, filter, bias and requantization arrays; writes the output. */
void kgl_fully_connected_s16(const kgl_fully_connected_s16_params *restrict p) {
    const int16_t *x = p->input;
    const int8_t *w = p->filter.values;
    const uint8_t *bitmap = p->filter.bitmap;
    const int64_t *bias = p->bias;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    int16_t *y = p->output;
    const uint32_t rows = p->rows;
    const uint32_t units = p->units;
    const uint32_t depth = p->depth;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;

    for (uint32_t r = 0; r < rows; r++) {
        const int16_t *xr = x + (size_t)r * depth;
        const int8_t *v = w; /* sparse: the next unit's first value */
        for (uint32_t u = 0; u < units; u++) {
            uint64_t acc = 0;
            if (KGL_ENABLE_SPARSE && bitmap != NULL) {
                acc = kgl_sparse_dot_s16(bitmap, u * depth, depth, &v, xr, 1);
            } else {
                const int8_t *wu = w + (size_t)u * depth;
                for (uint32_t d = 0; d < depth; d++) {
                    acc += (uint64_t)(int64_t)((int32_t)wu[d] * (int32_t)xr[d]);
                }
            }
            y[(size_t)r * units + u] = kgl_requantize_output_s16(acc + (uint64_t)bias[u], mult[u],
                                                                 shift[u], act_min, act_max);
        }
    }
}
