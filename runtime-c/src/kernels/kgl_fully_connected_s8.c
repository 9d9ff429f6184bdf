/*
 * FULLY_CONNECTED, int8: TFLite Micro's reference_integer_ops::FullyConnectedPerChannel
 * (per-tensor weights use FullyConnected, the same sum with one multiplier, which the
 * compiler repeats per unit). Twin of Sources/KingletInterpreter/Kernels/FullyConnectedS8.swift.
 *
 * The input is read as rows of `depth` values:
 *   acc = sum over d of w[u][d] * (x[row][d] + input_offset), plus bias[u];
 *   out[row][u] = clamp(MBQM(acc, multipliers[u], shifts[u]) + output_offset, range).
 * Sums wrap as in CONV_2D (kgl_conv2d_s8.c).
 *
 * A sparse filter (format 1.4, rows along axis 0): each unit's row is the run of bits
 * [u * depth, (u + 1) * depth), and only its stored nonzeros are multiplied (kgl_sparse.h);
 * the values pointer restarts for every input row. The sums are the dense ones without
 * their zero terms: the same bytes.
 */
#include "../kgl_dot_s8.h"
#include "../kgl_kernels.h"
#include "../kgl_requantize.h"
#include "../kgl_sparse.h"

/* The readable specification: one output value at a time. */
void kgl_fully_connected_s8_reference(const kgl_fully_connected_s8_params *restrict p) {
    const int8_t *x = p->input;
    const int8_t *w = p->filter.values;
    const uint8_t *bitmap = p->filter.bitmap;
    const int32_t *bias = p->bias;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    int8_t *y = p->output;
    const uint32_t rows = p->rows;
    const uint32_t units = p->units;
    const uint32_t depth = p->depth;
    const int32_t input_offset = p->requant.input_offset;
    const int32_t output_offset = p->requant.output_offset;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;

    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *xr = x + (size_t)r * depth;
        const int8_t *v = w; /* sparse: the next unit's first value */
        for (uint32_t u = 0; u < units; u++) {
            uint32_t acc = 0;
            if (KGL_ENABLE_SPARSE && bitmap != NULL) {
                acc = kgl_sparse_dot_s8(bitmap, u * depth, depth, &v, xr, 1, input_offset);
            } else {
                const int8_t *wu = w + (size_t)u * depth;
                for (uint32_t d = 0; d < depth; d++) {
                    acc += (uint32_t)((int32_t)wu[d] * ((int32_t)xr[d] + input_offset));
                }
            }
            y[(size_t)r * units + u] = kgl_requantize_output_s8(
                acc + (uint32_t)bias[u], mult[u], shift[u], output_offset, act_min, act_max);
        }
    }
}

/*
 * The blocked kernel for a dense filter: four units at a time (the last ones repeated when
 * units % 4 != 0, stored once), the input offset added to each input value once for all
 * four (kgl_dot_offset_1x4_s8).
 */
#if !KGL_VARIANT_MVE
KGL_KERNEL_PATH void kgl_fully_connected_s8_blocked(const kgl_fully_connected_s8_params *restrict p) {
    const int8_t *x = p->input;
    const int8_t *w = p->filter.values;
    const int32_t *bias = p->bias;
    const int32_t *mult = p->requant.multipliers;
    const int32_t *shift = p->requant.shifts;
    int8_t *y = p->output;
    const uint32_t rows = p->rows;
    const uint32_t units = p->units;
    const uint32_t depth = p->depth;
    const int32_t input_offset = p->requant.input_offset;
    const int32_t output_offset = p->requant.output_offset;
    const int32_t act_min = p->requant.activation_min, act_max = p->requant.activation_max;

    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *xr = x + (size_t)r * depth;
        int8_t *yr = y + (size_t)r * units;
        for (uint32_t u = 0; u < units; u += 4) {
            uint32_t unit[4];
            const int8_t *wu[4];
            uint32_t acc[4];
            for (uint32_t k = 0; k < 4; k++) {
                unit[k] = u + k < units ? u + k : units - 1;
                wu[k] = w + (size_t)unit[k] * depth;
                acc[k] = (uint32_t)bias[unit[k]];
            }
            if (u + 4 <= units) {
                kgl_dot_offset_4rows_s8(xr, input_offset, wu[0], depth, depth, acc);
            } else {
                kgl_dot_offset_1x4_s8(xr, input_offset, wu, depth, acc);
            }
            for (uint32_t k = 0; k < 4 && u + k < units; k++) {
                yr[u + k] = kgl_requantize_output_fast_s8(acc[k], mult[u + k], shift[u + k],
                                                          output_offset, act_min, act_max);
            }
        }
    }
}
#endif

#if KGL_VARIANT_MVE
/* Units whose sums are held at once. */
#define KGL_FC_MVE_UNITS 64

/*
 * FULLY_CONNECTED with Helium: each input row in vector registers, 64 values at a time,
 * against every unit's weights, the input offset's share summed in the same pass
 * (kgl_dot_rows_offset_s8); the sums requantized four units at a time
 * (kgl_requantize_lanes_s8) into contiguous output bytes, KGL_FC_MVE_UNITS units at a time.
 */
KGL_KERNEL_PATH void kgl_fully_connected_s8_mve(const kgl_fully_connected_s8_params *restrict p) {
    const kgl_channel_requantization *q = &p->requant;
    const uint32_t depth = p->depth, units = p->units;
    const int32x4_t out_offset = vdupq_n_s32(q->output_offset);
    const int32x4_t low = vdupq_n_s32(q->activation_min), high = vdupq_n_s32(q->activation_max);
    int32_t sums[KGL_FC_MVE_UNITS];
    for (uint32_t u0 = 0; u0 < units; u0 += KGL_FC_MVE_UNITS) {
        const uint32_t block = units - u0 < KGL_FC_MVE_UNITS ? units - u0 : KGL_FC_MVE_UNITS;
        const int8_t *w_block = p->filter.values + (size_t)u0 * depth;
        for (uint32_t r = 0; r < p->rows; r++) {
            const int8_t *x = p->input + (size_t)r * depth;
            for (uint32_t k = 0; k < depth; k += 64u) {
                const uint32_t len = depth - k < 64u ? depth - k : 64u;
                if (KGL_FOLDED_BIAS_REQUIRED || q->folded_bias != NULL) { /* offset's share in it */
                    kgl_dot_rows_s8(x + k, len, w_block + k, depth,
                                    k == 0 ? q->folded_bias + u0 : sums, block, sums);
                } else {
                    kgl_dot_rows_offset_s8(x + k, len, w_block + k, depth, q->input_offset,
                                           k == 0 ? p->bias + u0 : sums, block, sums);
                }
            }
            int8_t *y = p->output + (size_t)r * units + u0;
            uint32_t u = 0;
            for (; u + 4 <= block; u += 4) {
                const int32x4_t shifts = vldrwq_s32(q->shifts + u0 + u);
                vstrbq_s32(y + u, kgl_requantize_lanes_s8(
                                      vldrwq_s32(sums + u), vldrwq_s32(q->multipliers + u0 + u),
                                      vmaxq_s32(shifts, vdupq_n_s32(0)),
                                      vminq_s32(shifts, vdupq_n_s32(0)), out_offset, low, high));
            }
            for (; u < block; u++) {
                y[u] = kgl_requantize_output_fast_s8((uint32_t)sums[u], q->multipliers[u0 + u],
                                                     q->shifts[u0 + u], q->output_offset,
                                                     q->activation_min, q->activation_max);
            }
        }
    }
}
#endif

/* Reads the input, filter, bias and requantization arrays; writes the output. */
void kgl_fully_connected_s8(const kgl_fully_connected_s8_params *restrict p) {
    if (KGL_ENABLE_SPARSE && p->filter.bitmap != NULL) {
        kgl_fully_connected_s8_reference(p);
    } else {
#if KGL_VARIANT_MVE
        kgl_fully_connected_s8_mve(p);
#else
        kgl_fully_connected_s8_blocked(p);
#endif
    }
}
