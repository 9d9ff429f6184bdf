/*
 * kgl_model.c: loading a .kgl model, and describing its tensors. kgl_model_init checks every
 * header field, section bound, tensor record, operator record and name once, then asks each
 * operator's check what only its kind knows (kgl_check_operator, kgl_invoke.c); invoke then
 * runs without checks.
 *
 * Every check is done in 64-bit arithmetic on values read from the model, so no sum or
 * product can wrap, and nothing is read before the check that makes the read legal.
 */
#include "kgl_internal.h"
#include "kgl_sparse.h"

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "Kinglet reads little-endian .kgl records in place; this target is big-endian"
#endif

/* Records are read in place from sections that start at 16-byte boundaries, so each
   record's size must keep every record of an array at its fields' natural alignment. */
typedef char kgl_tensor_record_keeps_alignment[(sizeof(kgl_tensor_record) % 4 == 0) ? 1 : -1];
typedef char kgl_operator_record_keeps_alignment[(sizeof(kgl_operator_record) % 4 == 0) ? 1 : -1];

/* Bytes per element of a KGL_TYPE_*, or 0 for an unknown type. */
static uint32_t kgl_element_size(uint32_t type) {
    switch (type) {
    case KGL_TYPE_INT8:
        return 1;
    case KGL_TYPE_INT16:
        return 2;
    case KGL_TYPE_INT32:
    case KGL_TYPE_FLOAT32:
        return 4;
    case KGL_TYPE_INT64:
        return 8;
    default:
        return 0;
    }
}

/* Operand limits of a kind from KGL_OPERATORS; 0 for a kind this runtime does not know. */
static int kgl_operator_limits(uint32_t kind, uint32_t *min_inputs, uint32_t *max_inputs,
                               uint32_t *outputs) {
    switch (kind) {
#define KGL_LIMITS_CASE(code, NAME, stem, min_in, max_in, outs) \
    case code:                                                  \
        *min_inputs = (min_in);                                 \
        *max_inputs = (max_in);                                 \
        *outputs = (outs);                                      \
        return 1;
        KGL_OPERATORS(KGL_LIMITS_CASE)
#undef KGL_LIMITS_CASE
    default:
        return 0;
    }
}

static int kgl_is_aligned(const void *p) {
    return ((uintptr_t)p % (uintptr_t)KGL_ALIGNMENT) == 0;
}

/* A little-endian uint32 at any alignment (for kgl_model_arena_size, which takes any
   buffer, e.g. the first bytes of a file read into a stack array). */
static uint32_t kgl_load_u32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static uint32_t kgl_load_u16(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

/* A name field: no name, or the offset of a string inside the table (whose last byte is
   NUL, checked first, so the string ends inside it). */
static int kgl_name_ok(const kgl_header *h, uint32_t name) {
    return name == KGL_NO_NAME || name < h->strings_bytes;
}

/* A section of `bytes` bytes at `offset`: 16-aligned, after the header, inside the model. */
static int kgl_section_ok(const kgl_header *h, uint32_t offset, uint64_t bytes) {
    return offset % KGL_ALIGNMENT == 0 && offset >= h->header_bytes &&
           (uint64_t)offset + bytes <= (uint64_t)h->total_bytes;
}

static kgl_status kgl_check_sections(const kgl_header *h) {
    const uint64_t io_count = (uint64_t)h->input_count + (uint64_t)h->output_count;
    if (!kgl_section_ok(h, h->tensors_offset,
                        (uint64_t)h->tensor_count * sizeof(kgl_tensor_record)) ||
        !kgl_section_ok(h, h->operators_offset,
                        (uint64_t)h->operator_count * sizeof(kgl_operator_record)) ||
        !kgl_section_ok(h, h->operands_offset, (uint64_t)h->operand_count * 4u) ||
        !kgl_section_ok(h, h->io_offset, io_count * 4u) ||
        !kgl_section_ok(h, h->data_offset, h->data_bytes) ||
        !kgl_section_ok(h, h->strings_offset, h->strings_bytes)) {
        return KGL_ERROR_BAD_HEADER;
    }
    return KGL_OK;
}

/*
 * A sparse constant (format 1.4, location KGL_LOCATION_SPARSE) whose record passed the
 * generic checks (known type, dims >= 1 within the rank, bytes = element count x size).
 * Reads the record and its encoding at data[t->offset], only after checking the bytes exist.
 * Returns 1 when it is int8 of rank >= 1 with its row axis (quant_axis) < rank, its bitmap
 * (ceil(N / 8) bytes, N = bytes) and then its values (one per set bit) lie inside the data
 * section, no bit past element N - 1 is set and no value is zero; else 0. The kernels can
 * then walk any run of bits [0, N) and take one value per set bit without a bound check.
 */
static int kgl_sparse_ok(const kgl_header *h, const uint8_t *data, const kgl_tensor_record *t) {
    if (t->type != KGL_TYPE_INT8 || t->rank == 0 || t->quant_axis >= t->rank) {
        return 0;
    }
    const uint32_t n = t->bytes; /* int8: the element count, >= 1 */
    const uint32_t bitmap_bytes = kgl_sparse_bitmap_bytes(n);
    if ((uint64_t)t->offset + bitmap_bytes > h->data_bytes) {
        return 0;
    }
    const uint8_t *bitmap = data + t->offset;
    if (n % 8u != 0u && (bitmap[bitmap_bytes - 1u] >> (n % 8u)) != 0u) {
        return 0;
    }
    const uint32_t nonzeros = kgl_sparse_count(bitmap, 0, n); /* <= n: no overflow */
    if ((uint64_t)t->offset + bitmap_bytes + nonzeros > h->data_bytes) {
        return 0;
    }
    const uint8_t *values = bitmap + bitmap_bytes;
    for (uint32_t i = 0; i < nonzeros; i++) {
        if (values[i] == 0u) {
            return 0;
        }
    }
    return 1;
}

/* One tensor record; `data` is the data section (its bounds already checked). */
static kgl_status kgl_check_tensor_record(const kgl_header *h, const uint8_t *data,
                                          const kgl_tensor_record *t) {
    const uint32_t element_size = kgl_element_size(t->type);
    if (element_size == 0 || t->rank > KGL_MAX_RANK) {
        return KGL_ERROR_BAD_TENSOR;
    }
    /* Every dimension within the rank is at least 1 (so kernels may divide by any of them)
       and the element count fits in uint32; dimensions beyond the rank are 0. */
    uint64_t count = 1;
    for (uint32_t d = 0; d < KGL_MAX_RANK; d++) {
        if (d < t->rank) {
            if (t->dims[d] == 0) {
                return KGL_ERROR_BAD_TENSOR;
            }
            count *= t->dims[d];
            if (count > UINT32_MAX) {
                return KGL_ERROR_BAD_TENSOR;
            }
        } else if (t->dims[d] != 0) {
            return KGL_ERROR_BAD_TENSOR;
        }
    }
    if (count * element_size != t->bytes) {
        return KGL_ERROR_BAD_TENSOR;
    }
    /* Arena and data section both start 16-aligned, so an offset aligned to the element
       size makes the elements aligned for the kernels' typed loads. */
    if ((t->offset & (element_size - 1u)) != 0) { /* element sizes are powers of 2 */
        return KGL_ERROR_BAD_TENSOR;
    }
    const uint64_t end = (uint64_t)t->offset + t->bytes;
    switch (t->location) {
    case KGL_LOCATION_ARENA:
        if (end > h->arena_bytes) {
            return KGL_ERROR_BAD_TENSOR;
        }
        break;
    case KGL_LOCATION_CONSTANT:
        if (end > h->data_bytes) {
            return KGL_ERROR_BAD_TENSOR;
        }
        break;
    case KGL_LOCATION_SPARSE: /* its encoding, not `bytes` dense bytes, is in the data */
        if (!kgl_sparse_ok(h, data, t)) {
            return KGL_ERROR_BAD_TENSOR;
        }
        break;
#if KGL_CONV_RESIDUAL /* builds without ADD, which cannot run a fused pair, do not read it */
    case KGL_LOCATION_FUSED: /* format 1.6: no bytes anywhere (kgl_check_fused) */
        if (t->type != KGL_TYPE_INT8 || t->offset != 0) {
            return KGL_ERROR_BAD_TENSOR;
        }
        break;
#endif
    default:
        return KGL_ERROR_BAD_TENSOR;
    }
    switch (t->quant_kind) {
    case KGL_QUANT_NONE:
    case KGL_QUANT_PER_TENSOR:
        break;
    case KGL_QUANT_PER_CHANNEL:
        if (t->quant_axis >= t->rank || t->quant_scales % 4 != 0 ||
            (uint64_t)t->quant_scales + 4u * (uint64_t)t->dims[t->quant_axis] > h->data_bytes) {
            return KGL_ERROR_BAD_TENSOR;
        }
        break;
    default:
        return KGL_ERROR_BAD_TENSOR;
    }
    if (!kgl_name_ok(h, t->name)) {
        return KGL_ERROR_BAD_TENSOR;
    }
    /* An input normalization (format 1.3): one shift and multiplier per channel of the last
       axis, on an int8, int16 or float32 arena tensor (kgl_check_normalizations checks the
       rest once the data section is known). */
    if (t->normalization_channels == 0) {
        if (t->normalization != 0) {
            return KGL_ERROR_BAD_TENSOR;
        }
    } else if ((t->type != KGL_TYPE_INT8 && t->type != KGL_TYPE_INT16 &&
                t->type != KGL_TYPE_FLOAT32) ||
               t->location != KGL_LOCATION_ARENA || t->rank == 0 ||
               t->dims[t->rank - 1] != t->normalization_channels || t->normalization % 4 != 0 ||
               (uint64_t)t->normalization + 8u * (uint64_t)t->normalization_channels >
                   h->data_bytes) {
        return KGL_ERROR_BAD_TENSOR;
    }
    return KGL_OK;
}

/* 1 when the float32 at p is finite (exponent bits not all ones; no float arithmetic). */
static int kgl_finite_f32(const uint8_t *p) {
    uint32_t bits;
    memcpy(&bits, p, sizeof bits);
    return (bits & 0x7F800000u) != 0x7F800000u;
}

/* Input normalizations sit on model inputs only and hold finite values. */
static kgl_status kgl_check_normalizations(const kgl_header *h, const kgl_tensor_record *tensors,
                                           const uint32_t *io, const uint8_t *data) {
    for (uint32_t i = 0; i < h->tensor_count; i++) {
        const kgl_tensor_record *t = &tensors[i];
        if (t->normalization_channels == 0) {
            continue;
        }
        int is_input = 0;
        for (uint32_t k = 0; k < h->input_count; k++) {
            is_input |= io[k] == i;
        }
        if (!is_input) {
            return KGL_ERROR_BAD_TENSOR;
        }
        for (uint32_t k = 0; k < 2u * t->normalization_channels; k++) {
            if (!kgl_finite_f32(data + t->normalization + 4u * k)) {
                return KGL_ERROR_BAD_TENSOR;
            }
        }
    }
    return KGL_OK;
}

/* 1 when operand `i` of `op`, sparse constant `t`, may be one: the filter (input 1) of a kind
   with a filter, its rows along the filter's output-channel axis, which its kernel walks.
   Every other kernel only ever sees dense tensors. */
static int kgl_sparse_operand_ok(const kgl_operator_record *op, uint32_t i,
                                 const kgl_tensor_record *t) {
    return i == 1u && i < op->input_count && (int64_t)t->quant_axis == kgl_filter_axis(op->kind);
}

static kgl_status kgl_check_operator_record(const kgl_header *h,
                                            const kgl_tensor_record *tensors,
                                            const uint32_t *operands,
                                            const kgl_operator_record *op) {
    uint32_t min_inputs = 0;
    uint32_t max_inputs = 0;
    uint32_t outputs = 0;
    if (!kgl_operator_limits(op->kind, &min_inputs, &max_inputs, &outputs)) {
        return KGL_ERROR_UNSUPPORTED_OPERATOR;
    }
    if (op->input_count < min_inputs || op->input_count > max_inputs ||
        op->output_count != outputs) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const uint32_t operand_total = (uint32_t)op->input_count + (uint32_t)op->output_count;
    if ((uint64_t)op->operands + operand_total > h->operand_count) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    for (uint32_t i = 0; i < operand_total; i++) {
        const uint32_t index = operands[op->operands + i];
        if (index >= h->tensor_count) {
            return KGL_ERROR_BAD_OPERATOR;
        }
        if (tensors[index].location == KGL_LOCATION_SPARSE) {
            if (!kgl_sparse_operand_ok(op, i, &tensors[index])) {
                return KGL_ERROR_BAD_OPERATOR;
            }
            if (!KGL_ENABLE_SPARSE) { /* a valid sparse operand, built out (kgl_config.h) */
                return KGL_ERROR_UNSUPPORTED_OPERATOR;
            }
        }
        if (i >= op->input_count) {
            const kgl_tensor_record *out = &tensors[index];
            const int fused = KGL_CONV_RESIDUAL && out->location == KGL_LOCATION_FUSED;
            if ((out->location != KGL_LOCATION_ARENA && !fused) || out->bytes == 0) {
                return KGL_ERROR_BAD_OPERATOR;
            }
        }
    }
    /* Kernels read inputs while writing outputs: an output may share no arena byte with any
       other operand of the operator (inputs may share bytes with each other). Constants,
       dense or sparse, are in the data section and share no arena byte. The exceptions of
       format 1.5, in place, are left to the kind's check, which knows the shapes: a window's
       output over its own input (kgl_window_rows.c), ADD's output on exactly the bytes of an
       input. */
    const int window = op->kind == KGL_OP_CONV_2D || op->kind == KGL_OP_DEPTHWISE_CONV_2D;
    for (uint32_t k = op->input_count; k < operand_total; k++) {
        const kgl_tensor_record *out = &tensors[operands[op->operands + k]];
        /* A fused output (format 1.6) has no bytes to share. */
        const int stored = !KGL_CONV_RESIDUAL || out->location == KGL_LOCATION_ARENA;
        for (uint32_t j = 0; stored && j < operand_total; j++) {
            const kgl_tensor_record *other = &tensors[operands[op->operands + j]];
            if (j == k || other->location != KGL_LOCATION_ARENA ||
                (window && j == 0u && k == op->input_count) ||
                (op->kind == KGL_OP_ADD && j < op->input_count && kgl_arena_same(out, other))) {
                continue;
            }
            if ((uint64_t)out->offset < (uint64_t)other->offset + other->bytes &&
                (uint64_t)other->offset < (uint64_t)out->offset + out->bytes) {
                return KGL_ERROR_BAD_OPERATOR; /* both in the arena: overlapping */
            }
        }
    }
    if (!kgl_name_ok(h, op->name)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    return KGL_OK;
}

/*
 * Fused tensors (format 1.6, FORMAT.md "Fused residual ADD"): each is output 0 of exactly one
 * operator, a CONV_2D, and read once by exactly one, the next, an ADD whose other input is an
 * arena tensor of the same shape, as is its output, which shares no arena byte with the
 * convolution's input (the convolution writes it while reading that input). Types and the
 * ADD's own in-place rule are the kinds' checks. Twin of KglModel.checkFused.
 */
static kgl_status kgl_check_fused(const kgl_header *h, const kgl_tensor_record *tensors,
                                  const uint32_t *operands, const kgl_operator_record *operators) {
    /* Builds without ADD refuse a fused tensor's record (kgl_check_tensor_record). */
    for (uint32_t t = 0; KGL_CONV_RESIDUAL && t < h->tensor_count; t++) {
        if (tensors[t].location != KGL_LOCATION_FUSED) {
            continue;
        }
        uint32_t writers = 0, reads = 0, conv = 0, add = 0;
        for (uint32_t i = 0; i < h->operator_count; i++) {
            const kgl_operator_record *op = &operators[i];
            const uint32_t total = (uint32_t)op->input_count + (uint32_t)op->output_count;
            for (uint32_t k = 0; k < total; k++) {
                if (operands[op->operands + k] != t) {
                    continue;
                }
                if (k < op->input_count) {
                    reads++, add = i;
                } else {
                    writers++, conv = i;
                }
            }
        }
        if (writers != 1 || reads != 1 || operators[conv].kind != KGL_OP_CONV_2D ||
            operands[operators[conv].operands + operators[conv].input_count] != t ||
            add != conv + 1 || operators[add].kind != KGL_OP_ADD ||
            operators[add].input_count != 2) {
            return KGL_ERROR_BAD_OPERATOR;
        }
        const uint32_t *add_operands = &operands[operators[add].operands];
        const kgl_tensor_record *fused = &tensors[t];
        const kgl_tensor_record *skip = &tensors[add_operands[add_operands[0] == t ? 1 : 0]];
        const kgl_tensor_record *sum = &tensors[add_operands[2]];
        const kgl_tensor_record *input = &tensors[operands[operators[conv].operands]];
        if (skip->location != KGL_LOCATION_ARENA || skip->rank != fused->rank ||
            sum->rank != fused->rank || kgl_arena_overlap(sum, input)) {
            return KGL_ERROR_BAD_OPERATOR;
        }
        for (uint32_t d = 0; d < fused->rank; d++) {
            if (skip->dims[d] != fused->dims[d] || sum->dims[d] != fused->dims[d]) {
                return KGL_ERROR_BAD_OPERATOR;
            }
        }
    }
    return KGL_OK;
}

/* Model inputs and outputs: valid tensor indices, in the arena (the caller writes inputs
   and reads outputs there). */
static kgl_status kgl_check_io(const kgl_header *h, const kgl_tensor_record *tensors,
                               const uint32_t *io) {
    const uint32_t count = (uint32_t)h->input_count + (uint32_t)h->output_count;
    for (uint32_t i = 0; i < count; i++) {
        if (io[i] >= h->tensor_count || tensors[io[i]].location != KGL_LOCATION_ARENA) {
            return KGL_ERROR_BAD_HEADER;
        }
    }
    return KGL_OK;
}

KGL_LOAD_TIME kgl_status kgl_model_arena_size(const void *bytes, size_t size, size_t *arena_bytes) {
    if (bytes == NULL || arena_bytes == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    if (size < sizeof(kgl_header)) {
        return KGL_ERROR_TRUNCATED;
    }
    const uint8_t *p = (const uint8_t *)bytes;
    if (kgl_load_u32(p + offsetof(kgl_header, magic)) != KGL_MAGIC) {
        return KGL_ERROR_BAD_MAGIC;
    }
    if (kgl_load_u16(p + offsetof(kgl_header, version_major)) != KGL_VERSION_MAJOR) {
        return KGL_ERROR_VERSION;
    }
    *arena_bytes = kgl_load_u32(p + offsetof(kgl_header, arena_bytes));
    return KGL_OK;
}

/* Everything up to the kernels' own checks; fills *model as it goes. */
static kgl_status kgl_model_validate(kgl_model *model, const uint8_t *bytes, size_t size,
                                     uint8_t *arena, size_t arena_size) {
    if (!kgl_is_aligned(bytes) || !kgl_is_aligned(arena)) {
        return KGL_ERROR_MISALIGNED;
    }
    if (size < sizeof(kgl_header)) {
        return KGL_ERROR_TRUNCATED;
    }
    const kgl_header *h = (const kgl_header *)(const void *)bytes;
    if (h->magic != KGL_MAGIC) {
        return KGL_ERROR_BAD_MAGIC;
    }
    /* A newer minor version only adds what an older runtime may ignore. */
    if (h->version_major != KGL_VERSION_MAJOR) {
        return KGL_ERROR_VERSION;
    }
    if (h->header_bytes != sizeof(kgl_header) || h->total_bytes < h->header_bytes) {
        return KGL_ERROR_BAD_HEADER;
    }
    if ((uint64_t)h->total_bytes > (uint64_t)size) {
        return KGL_ERROR_TRUNCATED;
    }
#if !KGL_SKIP_CRC
    if (kgl_crc32(0, bytes + h->header_bytes, (size_t)(h->total_bytes - h->header_bytes)) !=
        h->crc32) {
        return KGL_ERROR_CRC;
    }
#endif
    kgl_status status = kgl_check_sections(h);
    if (status != KGL_OK) {
        return status;
    }
    const uint8_t *strings = bytes + h->strings_offset;
    if (h->strings_bytes > 0 && strings[h->strings_bytes - 1] != 0) {
        return KGL_ERROR_BAD_HEADER;
    }
    if ((uint64_t)arena_size < (uint64_t)h->arena_bytes) {
        return KGL_ERROR_ARENA_TOO_SMALL;
    }

    const kgl_tensor_record *tensors =
        (const kgl_tensor_record *)(const void *)(bytes + h->tensors_offset);
    const kgl_operator_record *operators =
        (const kgl_operator_record *)(const void *)(bytes + h->operators_offset);
    const uint32_t *operands = (const uint32_t *)(const void *)(bytes + h->operands_offset);
    const uint32_t *io = (const uint32_t *)(const void *)(bytes + h->io_offset);

    /* No memory plan needs more than every arena tensor side by side (16-aligned): a larger
       arena_bytes is a damaged header, refused before a host tool allocates it. */
    uint64_t arena_tensor_bytes = 0;
    for (uint32_t i = 0; i < h->tensor_count; i++) {
        status = kgl_check_tensor_record(h, bytes + h->data_offset, &tensors[i]);
        if (status != KGL_OK) {
            return status;
        }
        if (tensors[i].location == KGL_LOCATION_ARENA) {
            arena_tensor_bytes += ((uint64_t)tensors[i].bytes + (KGL_ALIGNMENT - 1)) &
                                  ~(uint64_t)(KGL_ALIGNMENT - 1);
        }
    }
    if ((uint64_t)h->arena_bytes > arena_tensor_bytes) {
        return KGL_ERROR_BAD_HEADER;
    }
    for (uint32_t i = 0; i < h->operator_count; i++) {
        status = kgl_check_operator_record(h, tensors, operands, &operators[i]);
        if (status != KGL_OK) {
            return status;
        }
    }
    status = kgl_check_io(h, tensors, io);
    if (status != KGL_OK) {
        return status;
    }
    status = kgl_check_fused(h, tensors, operands, operators);
    if (status != KGL_OK) {
        return status;
    }
    status = kgl_check_normalizations(h, tensors, io, bytes + h->data_offset);
    if (status != KGL_OK) {
        return status;
    }

    model->bytes = bytes;
    model->arena = arena;
    model->header = h;
    model->tensors = tensors;
    model->operators = operators;
    model->operands = operands;
    model->io = io;
    model->data = bytes + h->data_offset;

    for (uint32_t i = 0; i < h->operator_count; i++) {
        status = kgl_check_operator(model, &operators[i]);
        if (status != KGL_OK) {
            return status;
        }
    }
    return KGL_OK;
}

KGL_LOAD_TIME kgl_status kgl_model_init(kgl_model *model, const void *bytes, size_t size, void *arena,
                          size_t arena_size) {
    if (model == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    memset(model, 0, sizeof *model);
    if (bytes == NULL || arena == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    kgl_status status =
        kgl_model_validate(model, (const uint8_t *)bytes, size, (uint8_t *)arena, arena_size);
    if (status != KGL_OK) {
        /* Leave nothing that looks usable: invoke and the accessors refuse a NULL header. */
        memset(model, 0, sizeof *model);
    }
    return status;
}

uint32_t kgl_model_input_count(const kgl_model *model) {
    return (model == NULL || model->header == NULL) ? 0u : model->header->input_count;
}

uint32_t kgl_model_output_count(const kgl_model *model) {
    return (model == NULL || model->header == NULL) ? 0u : model->header->output_count;
}

uint32_t kgl_model_operator_count(const kgl_model *model) {
    return (model == NULL || model->header == NULL) ? 0u : model->header->operator_count;
}

static void kgl_describe(const kgl_model *m, uint32_t index, kgl_tensor *tensor) {
    const kgl_tensor_record *t = &m->tensors[index];
    /* Inputs and outputs live in the arena (checked at init), so data is writable. */
    tensor->data = m->arena + t->offset;
    tensor->type = t->type;
    tensor->rank = t->rank;
    for (uint32_t d = 0; d < KGL_MAX_RANK; d++) {
        tensor->dims[d] = t->dims[d];
    }
    tensor->bytes = t->bytes;
    const int quantized = t->quant_kind != KGL_QUANT_NONE;
    tensor->scale = t->quant_kind == KGL_QUANT_PER_TENSOR ? t->scale : 0.0f;
    tensor->zero_point = quantized ? t->zero_point : 0;
    tensor->normalization_channels = t->normalization_channels;
    tensor->normalization = kgl_tensor_normalization(m, t);
}

kgl_status kgl_model_input(const kgl_model *model, uint32_t index, kgl_tensor *tensor) {
    if (model == NULL || model->header == NULL || tensor == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    if (index >= model->header->input_count) {
        return KGL_ERROR_INDEX;
    }
    kgl_describe(model, model->io[index], tensor);
    return KGL_OK;
}

kgl_status kgl_model_output(const kgl_model *model, uint32_t index, kgl_tensor *tensor) {
    if (model == NULL || model->header == NULL || tensor == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    if (index >= model->header->output_count) {
        return KGL_ERROR_INDEX;
    }
    kgl_describe(model, model->io[model->header->input_count + index], tensor);
    return KGL_OK;
}

kgl_status kgl_model_operator_output(const kgl_model *model, uint32_t op, uint32_t index,
                                     kgl_tensor *tensor) {
    if (model == NULL || model->header == NULL || tensor == NULL) {
        return KGL_ERROR_NULL_ARGUMENT;
    }
    if (op >= model->header->operator_count) {
        return KGL_ERROR_INDEX;
    }
    const kgl_operator_record *record = &model->operators[op];
    if (index >= record->output_count) {
        return KGL_ERROR_INDEX;
    }
    kgl_describe(model, model->operands[record->operands + record->input_count + index], tensor);
    return KGL_OK;
}
