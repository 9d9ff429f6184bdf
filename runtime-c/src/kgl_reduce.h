/*
 * kgl_reduce.h: what the reductions (MEAN, REDUCE_MAX) share: the output-shape check for an
 * axis mask, and the odometer that walks kept and reduced axes. Swift twin: Reduction.swift.
 */
#ifndef KGL_REDUCE_H
#define KGL_REDUCE_H

#include "kgl_internal.h"

/* 1 when output has input's shape with the masked axes removed (keep_dims false) or set to
   1 (keep_dims true). */
static inline int kgl_reduce_shape_ok(const kgl_tensor_record *input,
                                      const kgl_tensor_record *output, uint32_t mask) {
    int kept_ok = output->rank == input->rank;
    uint32_t squeezed = 0;
    for (uint32_t d = 0; d < input->rank; d++) {
        const int reduced = (mask >> d) & 1u;
        if (kept_ok && output->dims[d] != (reduced ? 1u : input->dims[d])) {
            kept_ok = 0;
        }
        if (!reduced) {
            squeezed++;
        }
    }
    if (kept_ok) {
        return 1;
    }
    if (output->rank != squeezed) {
        return 0;
    }
    uint32_t k = 0;
    for (uint32_t d = 0; d < input->rank; d++) {
        if (!((mask >> d) & 1u) && output->dims[k++] != input->dims[d]) {
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

/* The input's axes split into kept ones (one output element per position, in order) and
   reduced ones (`count` input elements per output), with their element strides. */
typedef struct {
    uint32_t kept_dims[KGL_MAX_RANK], kept_steps[KGL_MAX_RANK], kept;
    uint32_t reduced_dims[KGL_MAX_RANK], reduced_steps[KGL_MAX_RANK], reduced;
    uint32_t count;
} kgl_reduce_axes;

static inline void kgl_reduce_split(const kgl_tensor_record *input, uint32_t mask,
                                    kgl_reduce_axes *axes) {
    uint32_t step = 1;
    uint32_t steps[KGL_MAX_RANK];
    for (uint32_t d = input->rank; d-- > 0;) {
        steps[d] = step;
        step *= input->dims[d];
    }
    axes->kept = axes->reduced = 0;
    axes->count = 1;
    for (uint32_t d = 0; d < input->rank; d++) {
        if ((mask >> d) & 1u) {
            axes->reduced_dims[axes->reduced] = input->dims[d];
            axes->reduced_steps[axes->reduced++] = steps[d];
            axes->count *= input->dims[d];
        } else {
            axes->kept_dims[axes->kept] = input->dims[d];
            axes->kept_steps[axes->kept++] = steps[d];
        }
    }
}

#endif /* KGL_REDUCE_H */
