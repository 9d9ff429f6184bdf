/*
 * kgl_tensor_check.c: load-time checks on tensor records that the operators' checks share
 * (types, ranks, shapes, int32 arrays in the data section). kgl_channel_check.c holds the
 * per-channel ones of the convolution family.
 */
#include "kgl_internal.h"

uint32_t kgl_element_count(const kgl_tensor_record *t) {
    uint32_t count = 1;
    for (uint32_t d = 0; d < t->rank; d++) {
        count *= t->dims[d];
    }
    return count;
}

int kgl_same_shape(const kgl_tensor_record *a, const kgl_tensor_record *b) {
    if (a->rank != b->rank) {
        return 0;
    }
    for (uint32_t d = 0; d < a->rank; d++) {
        if (a->dims[d] != b->dims[d]) {
            return 0;
        }
    }
    return 1;
}

kgl_status kgl_check_i32_array(const kgl_model *m, int32_t offset, uint32_t count) {
    if (offset < 0 || offset % 4 != 0 ||
        (uint64_t)offset + 4u * (uint64_t)count > m->header->data_bytes) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

kgl_status kgl_check_tensor(const kgl_tensor_record *t, uint32_t type, uint32_t rank) {
    if (t->type != type || (rank != 0 && t->rank != rank)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}
