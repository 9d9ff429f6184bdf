/*
 * kgl_broadcast.h: element-wise iteration of two inputs broadcast to an output shape, for
 * ADD, SUB and MUL (kernels/kgl_add_s8.c, kernels/kgl_sub_s8.c, kernels/kgl_mul_s8.c): the
 * operators' checks and decodes fill a kgl_broadcast from the shapes, the kernels walk it.
 * The Swift twin is Sources/KingletInterpreter/Kernels/Broadcast.swift.
 *
 * NumPy/TFLite rules, as TFLite's BroadcastBinaryOpSimple: shapes are right-aligned and
 * left-padded with 1s; along each axis the two inputs have equal sizes or one of them is 1
 * (and is then repeated). Ranks up to KGL_MAX_RANK.
 */
#ifndef KGL_BROADCAST_H
#define KGL_BROADCAST_H

#include <stdint.h>

#include "kgl_format.h"

typedef struct {
    uint32_t count;                  /* output elements: the product of dims */
    uint32_t rank;
    uint32_t dims[KGL_MAX_RANK];     /* the output's */
    uint32_t stride_a[KGL_MAX_RANK]; /* element step of input a per output axis; 0 repeats */
    uint32_t stride_b[KGL_MAX_RANK];
} kgl_broadcast;

/*
 * Fills *bc for inputs a and b and output out, each given by its rank and dimensions.
 * Returns 1 when out has rank max(rank a, rank b) <= KGL_MAX_RANK and each of its dimensions
 * is the broadcast of the inputs' (so every index the iteration forms is inside a and b),
 * else 0.
 */
static inline int kgl_broadcast_init(kgl_broadcast *bc, uint32_t a_rank, const uint32_t *a_dims,
                                     uint32_t b_rank, const uint32_t *b_dims, uint32_t out_rank,
                                     const uint32_t *out_dims) {
    const uint32_t rank = out_rank;
    bc->rank = rank;
    bc->count = 1;
    if (rank > KGL_MAX_RANK || a_rank > rank || b_rank > rank ||
        (a_rank != rank && b_rank != rank)) {
        return 0;
    }
    uint32_t step_a = 1;
    uint32_t step_b = 1;
    for (uint32_t i = rank; i-- > 0;) {
        const uint32_t da = i >= rank - a_rank ? a_dims[i - (rank - a_rank)] : 1;
        const uint32_t db = i >= rank - b_rank ? b_dims[i - (rank - b_rank)] : 1;
        uint32_t expected;
        if (da == db || db == 1) {
            expected = da;
        } else if (da == 1) {
            expected = db;
        } else {
            return 0;
        }
        if (out_dims[i] != expected) {
            return 0;
        }
        bc->dims[i] = expected;
        bc->count *= expected;
        bc->stride_a[i] = da == 1 ? 0 : step_a;
        bc->stride_b[i] = db == 1 ? 0 : step_b;
        step_a *= da;
        step_b *= db;
    }
    return 1;
}

/* Whether both inputs are read element by element like the output (no axis repeated): then
   input element n goes with output element n, and the kernels may skip the index walk. */
static inline int kgl_broadcast_is_elementwise(const kgl_broadcast *bc) {
    uint32_t step = 1;
    for (uint32_t i = bc->rank; i-- > 0;) {
        if (bc->dims[i] != 1 && (bc->stride_a[i] != step || bc->stride_b[i] != step)) {
            return 0;
        }
        step *= bc->dims[i];
    }
    return 1;
}

/* Advances the output index (an odometer over bc->dims, last axis fastest) by one and the
   input element offsets with it. After the last element everything wraps back to 0. */
static inline void kgl_broadcast_next(const kgl_broadcast *bc, uint32_t *index, uint32_t *ia,
                                      uint32_t *ib) {
    for (uint32_t i = bc->rank; i-- > 0;) {
        *ia += bc->stride_a[i];
        *ib += bc->stride_b[i];
        if (++index[i] < bc->dims[i]) {
            return;
        }
        index[i] = 0;
        *ia -= bc->stride_a[i] * bc->dims[i];
        *ib -= bc->stride_b[i] * bc->dims[i];
    }
}

#endif /* KGL_BROADCAST_H */
