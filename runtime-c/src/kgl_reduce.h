/*
 * kgl_reduce.h: what the reductions (MEAN, REDUCE_MAX) share: the output-shape check for an
 * axis mask (their operators' checks), the split of the input's axes into kept and reduced
 * ones (their decodes), and the odometer that walks them (their kernels). Swift twin:
 * Reduction.swift.
 */
#ifndef KGL_REDUCE_H
#define KGL_REDUCE_H

#include <stdint.h>

#include "kgl_format.h"

/* 1 when the output shape (output_rank, output_dims) is the input's with the masked axes
   removed (keep_dims false) or set to 1 (keep_dims true). */
static inline int kgl_reduce_shape_ok(uint32_t input_rank, const uint32_t *input_dims,
                                      uint32_t output_rank, const uint32_t *output_dims,
                                      uint32_t mask) {
    int kept_ok = output_rank == input_rank;
    uint32_t squeezed = 0;
    for (uint32_t d = 0; d < input_rank; d++) {
        const int reduced = (mask >> d) & 1u;
        if (kept_ok && output_dims[d] != (reduced ? 1u : input_dims[d])) {
            kept_ok = 0;
        }
        if (!reduced) {
            squeezed++;
        }
    }
    if (kept_ok) {
        return 1;
    }
    if (output_rank != squeezed) {
        return 0;
    }
    uint32_t k = 0;
    for (uint32_t d = 0; d < input_rank; d++) {
        if (!((mask >> d) & 1u) && output_dims[k++] != input_dims[d]) {
            return 0;
        }
    }
    return 1;
}

/* Advances an odometer over dims[0..n) (last fastest) and its element offset by steps. */
static inline void kgl_reduce_next(uint32_t n, const uint32_t *dims, const uint32_t *steps,
                                   uint32_t *index, uint32_t *offset) {
    for (uint32_t i = n; i-- > 0;) {
        *offset += steps[i];
        if (++index[i] < dims[i]) {
            return;
        }
        index[i] = 0;
        *offset -= steps[i] * dims[i];
    }
}

/* The input's axes split into kept ones (one output element per position, in order:
   `outputs` of them) and reduced ones (`count` input elements per output), with their
   element strides in the input. */
typedef struct {
    uint32_t kept_dims[KGL_MAX_RANK], kept_steps[KGL_MAX_RANK], kept;
    uint32_t reduced_dims[KGL_MAX_RANK], reduced_steps[KGL_MAX_RANK], reduced;
    uint32_t count;
    uint32_t outputs;
} kgl_reduce_axes;

/* Fills *axes for an input of `rank` (<= KGL_MAX_RANK) dimensions `dims` reduced over the
   axes of `mask` (bit d: axis d). */
static inline void kgl_reduce_split(uint32_t rank, const uint32_t *dims, uint32_t mask,
                                    kgl_reduce_axes *axes) {
    uint32_t step = 1;
    uint32_t steps[KGL_MAX_RANK];
    for (uint32_t d = rank; d-- > 0;) {
        steps[d] = step;
        step *= dims[d];
    }
    axes->kept = axes->reduced = 0;
    axes->count = 1;
    axes->outputs = 1;
    for (uint32_t d = 0; d < rank; d++) {
        if ((mask >> d) & 1u) {
            axes->reduced_dims[axes->reduced] = dims[d];
            axes->reduced_steps[axes->reduced++] = steps[d];
            axes->count *= dims[d];
        } else {
            axes->kept_dims[axes->kept] = dims[d];
            axes->kept_steps[axes->kept++] = steps[d];
            axes->outputs *= dims[d];
        }
    }
}

#endif /* KGL_REDUCE_H */
