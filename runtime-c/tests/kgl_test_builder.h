/*
 * kgl_test_builder.h: builds small .kgl images in memory for the C tests, independently of
 * the Swift writer (a second reading of docs/FORMAT.md). Heap-free: a kb_model is a plain
 * struct, usually static; kb_write lays it out into an aligned buffer and stamps the CRC.
 *
 * Layout written: header, then tensors, operators, operands, io, data, strings, each at the
 * next 16-byte boundary; total_bytes ends right after the strings (not padded).
 */
#ifndef KGL_TEST_BUILDER_H
#define KGL_TEST_BUILDER_H

#include <stdint.h>
#include <string.h>

#include "kinglet.h"

#define KB_MAX_TENSORS 32
#define KB_MAX_OPERATORS 8
#define KB_MAX_OPERANDS 64
#define KB_MAX_IO 8
#define KB_MAX_DATA 16384
#define KB_MAX_STRINGS 256

typedef struct {
    uint16_t version_major;
    uint16_t version_minor;
    uint32_t arena_bytes;
    uint32_t flags;
    kgl_tensor_record tensors[KB_MAX_TENSORS];
    uint32_t tensor_count;
    kgl_operator_record operators[KB_MAX_OPERATORS];
    uint32_t operator_count;
    uint32_t operands[KB_MAX_OPERANDS];
    uint32_t operand_count;
    uint32_t io[KB_MAX_IO]; /* inputs, then outputs */
    uint16_t input_count;
    uint16_t output_count;
    uint8_t data[KB_MAX_DATA];
    uint32_t data_bytes;
    char strings[KB_MAX_STRINGS];
    uint32_t strings_bytes;
} kb_model;

/* Where each section landed in the last kb_write (for tests that corrupt one). */
typedef struct {
    uint32_t tensors, operators, operands, io, data, strings, total;
} kb_layout;

/* Bitwise CRC-32 (IEEE), independent of the runtime's table. */
static inline uint32_t kb_crc32(const uint8_t *p, size_t n) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++) {
            crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
    }
    return ~crc;
}

static inline uint32_t kb_type_size(uint32_t type) {
    return type == KGL_TYPE_INT8    ? 1u
           : type == KGL_TYPE_INT16 ? 2u
           : type == KGL_TYPE_INT64 ? 8u
                                    : 4u;
}

static inline void kb_init(kb_model *m) {
    memset(m, 0, sizeof *m);
    m->version_major = KGL_VERSION_MAJOR;
    m->version_minor = KGL_VERSION_MINOR;
}

static inline uint32_t kb_string(kb_model *m, const char *s) {
    uint32_t at = m->strings_bytes;
    size_t n = strlen(s) + 1;
    memcpy(m->strings + at, s, n);
    m->strings_bytes += (uint32_t)n;
    m->flags |= KGL_FLAG_HAS_NAMES;
    return at;
}

/* Appends bytes to the data section at the next multiple of `align`; returns the offset. */
static inline uint32_t kb_data(kb_model *m, const void *bytes, uint32_t n, uint32_t align) {
    uint32_t at = (m->data_bytes + align - 1) / align * align;
    memset(m->data + m->data_bytes, 0, at - m->data_bytes);
    memcpy(m->data + at, bytes, n);
    m->data_bytes = at + n;
    return at;
}

/* A tensor; bytes follow from the type and dims. `name` may be NULL. */
static inline uint32_t kb_tensor(kb_model *m, uint32_t type, uint32_t rank, const uint32_t *dims,
                          uint32_t location, uint32_t offset, const char *name) {
    kgl_tensor_record *t = &m->tensors[m->tensor_count];
    memset(t, 0, sizeof *t);
    t->type = (uint8_t)type;
    t->rank = (uint8_t)rank;
    t->location = (uint8_t)location;
    uint32_t count = 1;
    for (uint32_t d = 0; d < rank; d++) {
        t->dims[d] = dims[d];
        count *= dims[d];
    }
    t->offset = offset;
    t->bytes = count * kb_type_size(type);
    t->name = name ? kb_string(m, name) : KGL_NO_NAME;
    return m->tensor_count++;
}

static inline void kb_quant(kb_model *m, uint32_t tensor, float scale, int32_t zero_point) {
    m->tensors[tensor].quant_kind = KGL_QUANT_PER_TENSOR;
    m->tensors[tensor].scale = scale;
    m->tensors[tensor].zero_point = zero_point;
}

static inline uint32_t kb_operator(kb_model *m, uint32_t kind, uint32_t n_in, const uint32_t *ins,
                            uint32_t n_out, const uint32_t *outs, const int32_t *options,
                            uint32_t n_options, const char *name) {
    kgl_operator_record *op = &m->operators[m->operator_count];
    memset(op, 0, sizeof *op);
    op->kind = (uint16_t)kind;
    op->input_count = (uint8_t)n_in;
    op->output_count = (uint8_t)n_out;
    op->operands = m->operand_count;
    for (uint32_t i = 0; i < n_in; i++) {
        m->operands[m->operand_count++] = ins[i];
    }
    for (uint32_t i = 0; i < n_out; i++) {
        m->operands[m->operand_count++] = outs[i];
    }
    for (uint32_t i = 0; i < n_options; i++) {
        op->options[i] = options[i];
    }
    op->name = name ? kb_string(m, name) : KGL_NO_NAME;
    return m->operator_count++;
}

static inline void kb_io(kb_model *m, uint32_t n_in, const uint32_t *ins, uint32_t n_out,
                  const uint32_t *outs) {
    for (uint32_t i = 0; i < n_in; i++) {
        m->io[i] = ins[i];
    }
    for (uint32_t i = 0; i < n_out; i++) {
        m->io[n_in + i] = outs[i];
    }
    m->input_count = (uint16_t)n_in;
    m->output_count = (uint16_t)n_out;
}

/*
 * A sparse constant's encoding (format 1.4, docs/FORMAT.md "Sparse constants"): int8
 * `dense` (row-major, `rank` dims, rank >= 1) with rows along `axis` becomes the bitmap of
 * ceil(N / 8) bytes (bit k % 8 of byte k / 8 set when element k of the row order is
 * nonzero), then the nonzero values in that order. Element k = r * row_len + j is row r's
 * j-th element, the j-th index of the other axes in row-major order. Writes `out`, returns
 * the bytes written; *nonzeros (if not NULL) gets the value count.
 */
static inline uint32_t kb_encode_sparse(const int8_t *dense, const uint32_t *dims, uint32_t rank,
                                        uint32_t axis, uint8_t *out, uint32_t *nonzeros) {
    uint32_t n = 1;
    uint32_t stride[KGL_MAX_RANK];
    for (uint32_t d = rank; d-- > 0;) {
        stride[d] = n;
        n *= dims[d];
    }
    const uint32_t bitmap_bytes = (n + 7u) / 8u;
    memset(out, 0, bitmap_bytes);
    uint32_t count = 0;
    const uint32_t row_len = n / dims[axis];
    for (uint32_t r = 0; r < dims[axis]; r++) {
        uint32_t index[KGL_MAX_RANK] = {0};
        for (uint32_t j = 0; j < row_len; j++) {
            /* index = the j-th multi-index of the other axes, row-major */
            uint32_t rest = j;
            for (uint32_t d = rank; d-- > 0;) {
                if (d == axis) {
                    continue;
                }
                index[d] = rest % dims[d];
                rest /= dims[d];
            }
            uint32_t at = r * stride[axis];
            for (uint32_t d = 0; d < rank; d++) {
                if (d != axis) {
                    at += index[d] * stride[d];
                }
            }
            const uint32_t k = r * row_len + j;
            if (dense[at] != 0) {
                out[k / 8u] = (uint8_t)(out[k / 8u] | (1u << (k % 8u)));
                out[bitmap_bytes + count++] = (uint8_t)dense[at];
            }
        }
    }
    if (nonzeros) {
        *nonzeros = count;
    }
    return bitmap_bytes + count;
}

static inline uint32_t kb_align16(uint32_t x) { return (x + 15u) & ~15u; }

/* Recomputes the header's CRC over [header_bytes, total_bytes) of an image of `size`
   bytes; leaves it alone when that range is not inside the image (a corrupted header). */
static inline void kb_refresh_crc(uint8_t *image, size_t size) {
    kgl_header h;
    memcpy(&h, image, sizeof h);
    if (h.header_bytes <= h.total_bytes && h.total_bytes <= size) {
        h.crc32 = kb_crc32(image + h.header_bytes, h.total_bytes - h.header_bytes);
        memcpy(image, &h, sizeof h);
    }
}

/* Writes the image into out (16-aligned, cap bytes); returns total_bytes, 0 if it won't fit. */
static inline uint32_t kb_write(const kb_model *m, uint8_t *out, size_t cap, kb_layout *layout) {
    kb_layout l;
    uint32_t at = (uint32_t)sizeof(kgl_header);
    l.tensors = at = kb_align16(at);
    at += m->tensor_count * (uint32_t)sizeof(kgl_tensor_record);
    l.operators = at = kb_align16(at);
    at += m->operator_count * (uint32_t)sizeof(kgl_operator_record);
    l.operands = at = kb_align16(at);
    at += m->operand_count * 4u;
    l.io = at = kb_align16(at);
    at += (uint32_t)(m->input_count + m->output_count) * 4u;
    l.data = at = kb_align16(at);
    at += m->data_bytes;
    l.strings = at = kb_align16(at);
    at += m->strings_bytes;
    l.total = at;
    if (at > cap) {
        return 0;
    }
    memset(out, 0, at);
    kgl_header h;
    memset(&h, 0, sizeof h);
    h.magic = KGL_MAGIC;
    h.version_major = m->version_major;
    h.version_minor = m->version_minor;
    h.header_bytes = (uint32_t)sizeof(kgl_header);
    h.total_bytes = l.total;
    h.arena_bytes = m->arena_bytes;
    h.flags = m->flags;
    h.tensor_count = m->tensor_count;
    h.tensors_offset = l.tensors;
    h.operator_count = m->operator_count;
    h.operators_offset = l.operators;
    h.operand_count = m->operand_count;
    h.operands_offset = l.operands;
    h.input_count = m->input_count;
    h.output_count = m->output_count;
    h.io_offset = l.io;
    h.data_offset = l.data;
    h.data_bytes = m->data_bytes;
    h.strings_offset = l.strings;
    h.strings_bytes = m->strings_bytes;
    memcpy(out + l.tensors, m->tensors, m->tensor_count * sizeof(kgl_tensor_record));
    memcpy(out + l.operators, m->operators, m->operator_count * sizeof(kgl_operator_record));
    memcpy(out + l.operands, m->operands, m->operand_count * 4u);
    memcpy(out + l.io, m->io, (size_t)(m->input_count + m->output_count) * 4u);
    memcpy(out + l.data, m->data, m->data_bytes);
    memcpy(out + l.strings, m->strings, m->strings_bytes);
    memcpy(out, &h, sizeof h);
    kb_refresh_crc(out, cap);
    if (layout) {
        *layout = l;
    }
    return l.total;
}

/* A 16-aligned pointer inside a static buffer declared with 16 spare bytes. */
#define KB_ALIGNED(buffer) \
    ((uint8_t *)(buffer) + ((16u - (uintptr_t)(buffer) % 16u) % 16u))

#endif /* KGL_TEST_BUILDER_H */
