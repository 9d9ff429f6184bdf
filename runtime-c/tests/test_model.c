/*
 * test_model.c: kgl_model_init's validation, the accessors, invoke, the CRC and the float
 * helpers, on small models built in memory (kgl_test_builder.h). Every corrupted model must
 * give its documented status; truncated and fuzzed ones must give some error, never a crash
 * or a read outside the model (run `make test-asan` / `make test-valgrind` to enforce that:
 * the bytes past `size` and the whole arena are poisoned while kgl_model_init runs).
 */
#include <math.h>

#include "kgl_internal.h"
#include "kgl_test.h"
#include "kgl_test_builder.h"

#define CAP 4096

static uint8_t golden_raw[CAP + 16];
static uint8_t work_raw[CAP + 16];
static uint8_t arena_raw[256 + 16];
static uint8_t *golden;
static uint8_t *work;
static uint8_t *arena;
static uint32_t golden_size;
static kb_layout layout;
static kb_model spec;

#define ARENA_BYTES 32u

/* Tensor indices of the reference model. */
enum { T_IN, T_OUT, T_CONST_S8, T_CONST_I32 };

/*
 * The reference model: in int8 [1,2,3] --RESHAPE--> out int8 [6], plus two constants that
 * no operator uses (an int8 [4] per-channel tensor with its scales, an int32 [2]), so the
 * tensor checks have every location and quantization kind to look at.
 */
static void build_reference(kb_model *m) {
    static const uint32_t in_dims[] = {1, 2, 3};
    static const uint32_t out_dims[] = {6};
    static const uint32_t c_dims[] = {4};
    static const uint32_t i_dims[] = {2};
    static const int8_t weights[] = {1, -2, 3, -4};
    static const int32_t bias[] = {100000, -7};
    static const float scales[] = {0.5f, 0.25f, 0.125f, 1.0f};
    kb_init(m);
    m->arena_bytes = ARENA_BYTES;
    uint32_t in = kb_tensor(m, KGL_TYPE_INT8, 3, in_dims, KGL_LOCATION_ARENA, 0, "in");
    kb_quant(m, in, 0.5f, -1);
    uint32_t out = kb_tensor(m, KGL_TYPE_INT8, 1, out_dims, KGL_LOCATION_ARENA, 16, "out");
    kb_quant(m, out, 0.5f, -1);
    uint32_t w_at = kb_data(m, weights, sizeof weights, 1);
    uint32_t c = kb_tensor(m, KGL_TYPE_INT8, 1, c_dims, KGL_LOCATION_CONSTANT, w_at, NULL);
    m->tensors[c].quant_kind = KGL_QUANT_PER_CHANNEL;
    m->tensors[c].quant_axis = 0;
    m->tensors[c].quant_scales = kb_data(m, scales, sizeof scales, 4);
    uint32_t b_at = kb_data(m, bias, sizeof bias, 4);
    kb_tensor(m, KGL_TYPE_INT32, 1, i_dims, KGL_LOCATION_CONSTANT, b_at, "bias");
    kb_operator(m, KGL_OP_RESHAPE, 1, &in, 1, &out, NULL, 0, "reshape");
    kb_io(m, 1, &in, 1, &out);
}

static kgl_header *hdr(void) { return (kgl_header *)(void *)work; }

static kgl_tensor_record *tensor_at(uint32_t i) {
    return (kgl_tensor_record *)(void *)(work + layout.tensors) + i;
}

static kgl_operator_record *operator_at(uint32_t i) {
    return (kgl_operator_record *)(void *)(work + layout.operators) + i;
}

static uint32_t *operands_at(void) { return (uint32_t *)(void *)(work + layout.operands); }
static uint32_t *io_at(void) { return (uint32_t *)(void *)(work + layout.io); }

static void fresh(void) {
    memset(work, 0, CAP);
    memcpy(work, golden, golden_size);
}

/* kgl_model_init on work[0, size) with everything it must not touch poisoned. */
static kgl_status load_sized(kgl_model *m, size_t size, size_t arena_size) {
    KGL_TEST_POISON(work + size, CAP - size);
    KGL_TEST_POISON(arena, 256);
    kgl_status s = kgl_model_init(m, work, size, arena, arena_size);
    KGL_TEST_UNPOISON(arena, 256);
    KGL_TEST_UNPOISON(work + size, CAP - size);
    return s;
}

static kgl_status load(void) {
    kgl_model m;
    return load_sized(&m, golden_size, ARENA_BYTES);
}

/* After editing a CRC-covered byte: restamp the CRC so the deeper checks are reached. */
static kgl_status load_restamped(void) {
    kb_refresh_crc(work, CAP);
    return load();
}

static void test_crc32(void) {
    kgl_test_context = "crc32";
    static const char digits[] = "123456789";
    CHECK_EQ(kgl_crc32(0, digits, 9), 0xCBF43926u);
    CHECK_EQ(kb_crc32((const uint8_t *)digits, 9), 0xCBF43926u);
    CHECK_EQ(kgl_crc32(kgl_crc32(0, digits, 4), digits + 4, 5), 0xCBF43926u);
    CHECK_EQ(kgl_crc32(0, digits, 0), 0u);
    uint8_t bytes[300];
    for (size_t i = 0; i < sizeof bytes; i++) {
        bytes[i] = (uint8_t)(i * 37u + 11u);
    }
    CHECK_EQ(kgl_crc32(0, bytes, sizeof bytes), kb_crc32(bytes, sizeof bytes));
}

static void test_valid_model(void) {
    kgl_test_context = "valid model";
    fresh();
    kgl_model m;
    memset(arena, 0x5A, 256);
    CHECK_STATUS(load_sized(&m, golden_size, ARENA_BYTES), KGL_OK);
    CHECK_EQ(arena[0], 0x5A); /* init writes nothing into the arena */
    CHECK_EQ(kgl_model_input_count(&m), 1);
    CHECK_EQ(kgl_model_output_count(&m), 1);
    CHECK_EQ(kgl_model_operator_count(&m), 1);

    kgl_tensor in, out, op_out;
    CHECK_STATUS(kgl_model_input(&m, 0, &in), KGL_OK);
    CHECK(in.data == arena);
    CHECK_EQ(in.type, KGL_TYPE_INT8);
    CHECK_EQ(in.rank, 3);
    CHECK_EQ(in.dims[0], 1);
    CHECK_EQ(in.dims[1], 2);
    CHECK_EQ(in.dims[2], 3);
    CHECK_EQ(in.dims[3], 0);
    CHECK_EQ(in.bytes, 6);
    CHECK(in.scale == 0.5f);
    CHECK_EQ(in.zero_point, -1);
    CHECK_STATUS(kgl_model_output(&m, 0, &out), KGL_OK);
    CHECK(out.data == arena + 16);
    CHECK_EQ(out.rank, 1);
    CHECK_EQ(out.dims[0], 6);
    CHECK_STATUS(kgl_model_operator_output(&m, 0, 0, &op_out), KGL_OK);
    CHECK(op_out.data == out.data);

    static const int8_t values[6] = {-128, -1, 0, 1, 42, 127};
    memcpy(in.data, values, sizeof values);
    CHECK_STATUS(kgl_model_invoke(&m), KGL_OK);
    CHECK_BYTES(out.data, values, sizeof values);
    memset(out.data, 0, 6);
    CHECK_STATUS(kgl_model_invoke_operator(&m, 0), KGL_OK);
    CHECK_BYTES(out.data, values, sizeof values);

    kgl_test_context = "accessor indices and NULLs";
    CHECK_STATUS(kgl_model_input(&m, 1, &in), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_model_output(&m, 1, &out), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_model_operator_output(&m, 1, 0, &op_out), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_model_operator_output(&m, 0, 1, &op_out), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_model_invoke_operator(&m, 1), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_model_input(NULL, 0, &in), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_input(&m, 0, NULL), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_output(&m, 0, NULL), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_operator_output(NULL, 0, 0, &op_out), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_invoke(NULL), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_invoke_operator(NULL, 0), KGL_ERROR_NULL_ARGUMENT);
    CHECK_EQ(kgl_model_input_count(NULL), 0);
    CHECK_EQ(kgl_model_output_count(NULL), 0);
    CHECK_EQ(kgl_model_operator_count(NULL), 0);

    CHECK_STATUS(kgl_model_init(NULL, work, golden_size, arena, ARENA_BYTES),
                 KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_init(&m, NULL, golden_size, arena, ARENA_BYTES),
                 KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_init(&m, work, golden_size, NULL, ARENA_BYTES),
                 KGL_ERROR_NULL_ARGUMENT);

    kgl_test_context = "a model that failed init is unusable, not dangerous";
    hdr()->magic ^= 1u;
    CHECK_STATUS(load_sized(&m, golden_size, ARENA_BYTES), KGL_ERROR_BAD_MAGIC);
    CHECK_STATUS(kgl_model_invoke(&m), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_input(&m, 0, &in), KGL_ERROR_NULL_ARGUMENT);
    CHECK_EQ(kgl_model_operator_count(&m), 0);

    kgl_test_context = "a larger buffer than total_bytes is fine";
    fresh();
    CHECK_STATUS(load_sized(&m, CAP, ARENA_BYTES), KGL_OK);
    kgl_test_context = "a larger arena is fine";
    CHECK_STATUS(load_sized(&m, golden_size, 256), KGL_OK);
}

static void test_arena_size(void) {
    kgl_test_context = "kgl_model_arena_size";
    fresh();
    size_t need = 0;
    CHECK_STATUS(kgl_model_arena_size(work, golden_size, &need), KGL_OK);
    CHECK_EQ(need, ARENA_BYTES);
    /* Any alignment, and only the header needed. */
    static uint8_t unaligned[sizeof(kgl_header) + 1];
    memcpy(unaligned + 1, work, sizeof(kgl_header));
    need = 0;
    CHECK_STATUS(kgl_model_arena_size(unaligned + 1, sizeof(kgl_header), &need), KGL_OK);
    CHECK_EQ(need, ARENA_BYTES);
    for (size_t n = 0; n < sizeof(kgl_header); n++) {
        KGL_TEST_POISON(work + n, CAP - n);
        kgl_status s = kgl_model_arena_size(work, n, &need);
        KGL_TEST_UNPOISON(work + n, CAP - n);
        CHECK_STATUS(s, KGL_ERROR_TRUNCATED);
    }
    CHECK_STATUS(kgl_model_arena_size(NULL, golden_size, &need), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_model_arena_size(work, golden_size, NULL), KGL_ERROR_NULL_ARGUMENT);
    hdr()->magic = 0x46445025u;
    CHECK_STATUS(kgl_model_arena_size(work, golden_size, &need), KGL_ERROR_BAD_MAGIC);
    fresh();
    hdr()->version_major = KGL_VERSION_MAJOR + 1;
    CHECK_STATUS(kgl_model_arena_size(work, golden_size, &need), KGL_ERROR_VERSION);
}

static void test_header_fields(void) {
    kgl_model m;
    kgl_test_context = "magic";
    fresh();
    hdr()->magic = 0;
    CHECK_STATUS(load(), KGL_ERROR_BAD_MAGIC);

    kgl_test_context = "version";
    fresh();
    hdr()->version_major = KGL_VERSION_MAJOR + 1;
    CHECK_STATUS(load(), KGL_ERROR_VERSION);
    fresh();
    hdr()->version_major = 0;
    CHECK_STATUS(load(), KGL_ERROR_VERSION);
    fresh();
    hdr()->version_minor = KGL_VERSION_MINOR + 7; /* a newer minor is read */
    CHECK_STATUS(load(), KGL_OK);

    kgl_test_context = "header_bytes";
    fresh();
    hdr()->header_bytes = (uint32_t)sizeof(kgl_header) + 4;
    CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
    fresh();
    hdr()->header_bytes = (uint32_t)sizeof(kgl_header) - 4;
    CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
    fresh();
    hdr()->header_bytes = 0;
    CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);

    kgl_test_context = "total_bytes";
    fresh();
    hdr()->total_bytes = golden_size + 1;
    CHECK_STATUS(load(), KGL_ERROR_TRUNCATED);
    fresh();
    hdr()->total_bytes = 0xFFFFFFFFu;
    CHECK_STATUS(load(), KGL_ERROR_TRUNCATED);
    fresh();
    hdr()->total_bytes = 8;
    CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
    fresh();
    hdr()->total_bytes = layout.strings; /* CRC consistent, but the strings run past it */
    kb_refresh_crc(work, CAP);
    CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
    fresh();
    hdr()->total_bytes = golden_size + 1; /* one more zero byte, CRC over it: fine */
    kb_refresh_crc(work, CAP);
    CHECK_STATUS(load_sized(&m, golden_size + 1, ARENA_BYTES), KGL_OK);

    kgl_test_context = "crc32";
    fresh();
    hdr()->crc32 ^= 0x80000000u;
    CHECK_STATUS(load(), KGL_SKIP_CRC ? KGL_OK : KGL_ERROR_CRC);
    fresh();
    work[golden_size - 1] ^= 1u; /* a byte covered by the CRC */
    CHECK_STATUS(load(), KGL_SKIP_CRC ? KGL_ERROR_BAD_HEADER : KGL_ERROR_CRC);
    fresh();
    work[sizeof(kgl_header)] ^= 0xFFu; /* padding right after the header is covered too */
    CHECK_STATUS(load(), KGL_SKIP_CRC ? KGL_OK : KGL_ERROR_CRC);

    kgl_test_context = "section offsets";
    {
        const size_t fields[] = {
            offsetof(kgl_header, tensors_offset), offsetof(kgl_header, operators_offset),
            offsetof(kgl_header, operands_offset), offsetof(kgl_header, io_offset),
            offsetof(kgl_header, data_offset),     offsetof(kgl_header, strings_offset),
        };
        const uint32_t bad[] = {0, 16, 64, 1, 8, 0xFFFFFFF0u, 0x80000000u};
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            fresh();
            uint32_t v;
            memcpy(&v, work + fields[f], 4);
            v += 4; /* misaligned */
            memcpy(work + fields[f], &v, 4);
            CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
                fresh();
                memcpy(work + fields[f], &bad[b], 4);
                CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
            }
            fresh();
            v = (golden_size + 15u) & ~15u; /* aligned, just past the end */
            memcpy(work + fields[f], &v, 4);
            CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
        }
    }

    kgl_test_context = "section sizes";
    {
        const size_t fields[] = {
            offsetof(kgl_header, tensor_count), offsetof(kgl_header, operator_count),
            offsetof(kgl_header, operand_count), offsetof(kgl_header, data_bytes),
            offsetof(kgl_header, strings_bytes),
        };
        const uint32_t bad[] = {0xFFFFFFFFu, 0x80000000u, 0x40000000u, 0x04444445u, 1000};
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
                fresh();
                memcpy(work + fields[f], &bad[b], 4);
                CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
            }
        }
        fresh();
        hdr()->input_count = 0xFFFF;
        CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
        fresh();
        hdr()->output_count = 1000;
        CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);
    }

    kgl_test_context = "strings";
    fresh();
    work[layout.strings + spec.strings_bytes - 1] = 'x';
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_HEADER);
    fresh();
    hdr()->strings_bytes -= 1; /* now ends on the 'e' of "reshape" */
    CHECK_STATUS(load(), KGL_ERROR_BAD_HEADER);

    kgl_test_context = "arena";
    fresh();
    CHECK_STATUS(load_sized(&m, golden_size, ARENA_BYTES - 1), KGL_ERROR_ARENA_TOO_SMALL);
    CHECK_STATUS(load_sized(&m, golden_size, 0), KGL_ERROR_ARENA_TOO_SMALL);
    hdr()->arena_bytes = 0xFFFFFFFFu;
    CHECK_STATUS(load(), KGL_ERROR_ARENA_TOO_SMALL);
    fresh();
    hdr()->arena_bytes = 16 + 5; /* the output tensor [16, 22) no longer fits */
    CHECK_STATUS(load(), KGL_ERROR_BAD_TENSOR);
    fresh();
    hdr()->arena_bytes = 22;
    CHECK_STATUS(load(), KGL_OK);
    fresh();
    hdr()->arena_bytes = ARENA_BYTES + 16; /* more than all arena tensors side by side */
    CHECK_STATUS(load_sized(&m, golden_size, 256), KGL_ERROR_BAD_HEADER);
}

static void test_alignment(void) {
    kgl_test_context = "alignment";
    kgl_model m;
    static uint8_t shifted_raw[CAP + 32];
    uint8_t *aligned = KB_ALIGNED(shifted_raw);
    for (uint32_t shift = 1; shift < 16; shift++) {
        memcpy(aligned + shift, golden, golden_size);
        CHECK_STATUS(kgl_model_init(&m, aligned + shift, golden_size, arena, ARENA_BYTES),
                     KGL_ERROR_MISALIGNED);
        fresh();
        CHECK_STATUS(kgl_model_init(&m, work, golden_size, arena + shift, ARENA_BYTES),
                     KGL_ERROR_MISALIGNED);
    }
    memcpy(aligned + 16, golden, golden_size);
    CHECK_STATUS(kgl_model_init(&m, aligned + 16, golden_size, arena + 16, ARENA_BYTES),
                 KGL_OK);
}

static void test_truncation(void) {
    kgl_model m;
    int failures = 0;
    kgl_test_context = "truncated at every length";
    for (uint32_t n = 0; n < golden_size; n++) {
        fresh();
        kgl_status s = load_sized(&m, n, ARENA_BYTES);
        CHECK_STATUS(s, KGL_ERROR_TRUNCATED);
        failures += s == KGL_OK;
    }
    kgl_test_context = "cut at every length, header and CRC made consistent";
    for (uint32_t n = 0; n < golden_size; n++) {
        fresh();
        if (n >= sizeof(kgl_header)) {
            hdr()->total_bytes = n;
            kb_refresh_crc(work, CAP);
        }
        kgl_status s = load_sized(&m, n, ARENA_BYTES);
        CHECK(s != KGL_OK);
        failures += s == KGL_OK;
    }
    CHECK_EQ(failures, 0);
}

static void test_tensor_records(void) {
    kgl_test_context = "tensor records";
    fresh();
    tensor_at(T_IN)->type = 0;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->type = 5;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->type = 0xFF;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->rank = KGL_MAX_RANK + 1;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->rank = 0xFF;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->dims[3] = 1; /* beyond the rank */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->dims[KGL_MAX_RANK - 1] = 1;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->dims[1] = 0;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->bytes = 7;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->bytes = 0;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    { /* product wraps 32 and 64 bits: 0xFFFFFFFF^6, bytes = the 32-bit wrapped product */
        kgl_tensor_record *t = tensor_at(T_IN);
        t->rank = KGL_MAX_RANK;
        for (int d = 0; d < KGL_MAX_RANK; d++) {
            t->dims[d] = 0xFFFFFFFFu;
        }
        t->bytes = 1;
        CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
        fresh();
        t->rank = 2;
        t->dims[0] = 0x10000u;
        t->dims[1] = 0x10000u;
        t->dims[2] = 0;
        t->bytes = 0; /* 2^32 elements wraps to 0 */
        CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
        fresh();
        t = tensor_at(T_CONST_I32);
        t->dims[0] = 0x40000000u; /* 2^32 bytes */
        t->bytes = 0;
        CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    }
    fresh();
    tensor_at(T_IN)->location = KGL_LOCATION_FUSED + 1; /* unknown */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    /* A fused tensor (format 1.6) is never a model input, whose bytes the caller writes. */
    tensor_at(T_IN)->location = KGL_LOCATION_FUSED;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_HEADER);
    fresh();
    /* Read as sparse, the int8 [4] constant {1, -2, 3, -4} is a valid encoding (bitmap 0x01,
       one value -2) that no operator uses (tests/test_sparse.c has the sparse checks). */
    tensor_at(T_CONST_S8)->location = KGL_LOCATION_SPARSE;
    CHECK_STATUS(load_restamped(), KGL_OK);
    fresh();
    tensor_at(T_OUT)->offset = ARENA_BYTES - 5; /* [27, 33) past the arena */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_OUT)->offset = 0xFFFFFFFEu; /* offset + bytes wraps 32 bits */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_OUT)->offset = ARENA_BYTES - 6; /* exactly at the end: fine */
    CHECK_STATUS(load_restamped(), KGL_OK);
    fresh();
    tensor_at(T_OUT)->offset = 5; /* the RESHAPE output [5, 11) overlaps its input [0, 6) */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    tensor_at(T_OUT)->offset = 6; /* [6, 12) touches the input but shares no byte: fine */
    CHECK_STATUS(load_restamped(), KGL_OK);
    fresh();
    tensor_at(T_CONST_S8)->offset = spec.data_bytes - 3;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->offset = spec.data_bytes - 4;
    CHECK_STATUS(load_restamped(), KGL_OK);
    fresh();
    tensor_at(T_CONST_I32)->offset += 2; /* int32 constant not 4-aligned */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_I32)->location = KGL_LOCATION_ARENA;
    tensor_at(T_CONST_I32)->offset = 30; /* int32 in the arena, not 4-aligned */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_I32)->location = KGL_LOCATION_ARENA;
    tensor_at(T_CONST_I32)->offset = 24;
    CHECK_STATUS(load_restamped(), KGL_OK);

    kgl_test_context = "tensor quantization";
    fresh();
    tensor_at(T_IN)->quant_kind = 3;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->quant_axis = 1; /* rank 1 */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->quant_axis = 0xFFFFFFFFu;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->quant_scales += 2;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->quant_scales = spec.data_bytes - 12; /* 4 floats need 16 */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->quant_scales = 0xFFFFFFFCu;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_CONST_S8)->quant_scales = spec.data_bytes - 16;
    CHECK_STATUS(load_restamped(), KGL_OK);
    fresh();
    tensor_at(T_IN)->quant_kind = KGL_QUANT_NONE;
    CHECK_STATUS(load_restamped(), KGL_OK);

    kgl_test_context = "tensor names";
    fresh();
    tensor_at(T_IN)->name = spec.strings_bytes;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->name = 0xFFFFFFFEu;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_TENSOR);
    fresh();
    tensor_at(T_IN)->name = spec.strings_bytes - 1; /* the empty string at the end */
    CHECK_STATUS(load_restamped(), KGL_OK);
    fresh();
    tensor_at(T_IN)->name = KGL_NO_NAME;
    CHECK_STATUS(load_restamped(), KGL_OK);
}

static void test_operator_records(void) {
    kgl_test_context = "operator records";
    fresh();
    operator_at(0)->kind = 0;
    CHECK_STATUS(load_restamped(), KGL_ERROR_UNSUPPORTED_OPERATOR);
    fresh();
    operator_at(0)->kind = 23; /* the first code no kind uses */
    CHECK_STATUS(load_restamped(), KGL_ERROR_UNSUPPORTED_OPERATOR);
    fresh();
    operator_at(0)->kind = 0xFFFF;
    CHECK_STATUS(load_restamped(), KGL_ERROR_UNSUPPORTED_OPERATOR);
    fresh();
    operator_at(0)->input_count = 0;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operator_at(0)->input_count = 2;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operator_at(0)->output_count = 0;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operator_at(0)->output_count = 2;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operator_at(0)->operands = 1; /* operands [1, 3) of 2 */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operator_at(0)->operands = 0xFFFFFFFFu; /* + 2 wraps 32 bits */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operands_at()[0] = spec.tensor_count; /* input tensor index out of range */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operands_at()[1] = 0xFFFFFFFFu; /* output tensor index out of range */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operands_at()[1] = T_CONST_S8; /* output is a constant */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operator_at(0)->name = spec.strings_bytes;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operator_at(0)->name = KGL_NO_NAME;
    CHECK_STATUS(load_restamped(), KGL_OK);

    kgl_test_context = "operator kernel check (RESHAPE)";
    fresh();
    operands_at()[0] = T_CONST_S8; /* 4 bytes into 6: the kernel's own check refuses */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);
    fresh();
    operands_at()[0] = T_CONST_I32; /* int32 [2] is 8 bytes, type differs from int8 out */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_OPERATOR);

    kgl_test_context = "io";
    fresh();
    io_at()[0] = spec.tensor_count;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_HEADER);
    fresh();
    io_at()[1] = 0xFFFFFFFFu;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_HEADER);
    fresh();
    io_at()[0] = T_CONST_S8; /* a model input must be in the arena */
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_HEADER);
    fresh();
    io_at()[1] = T_CONST_I32;
    CHECK_STATUS(load_restamped(), KGL_ERROR_BAD_HEADER);
}

/* Variants the builder makes directly: no operators, no names, a big operand count. */
static void test_model_shapes(void) {
    static kb_model m2;
    static uint8_t raw[CAP + 16];
    uint8_t *image = KB_ALIGNED(raw);
    kgl_model m;
    const uint32_t dims[] = {4};

    kgl_test_context = "no operators, no names, no data, input is output";
    kb_init(&m2);
    m2.arena_bytes = 4;
    uint32_t t = kb_tensor(&m2, KGL_TYPE_INT8, 1, dims, KGL_LOCATION_ARENA, 0, NULL);
    kb_io(&m2, 1, &t, 1, &t);
    uint32_t n = kb_write(&m2, image, CAP, NULL);
    CHECK(n > 0);
    CHECK_STATUS(kgl_model_init(&m, image, n, arena, 4), KGL_OK);
    CHECK_EQ(kgl_model_operator_count(&m), 0);
    CHECK_STATUS(kgl_model_invoke(&m), KGL_OK);

    kgl_test_context = "rank-0 tensors (scalars)";
    kb_init(&m2);
    m2.arena_bytes = 16;
    uint32_t a = kb_tensor(&m2, KGL_TYPE_INT8, 0, dims, KGL_LOCATION_ARENA, 0, "a");
    uint32_t b = kb_tensor(&m2, KGL_TYPE_INT8, 0, dims, KGL_LOCATION_ARENA, 8, "b");
    kb_operator(&m2, KGL_OP_RESHAPE, 1, &a, 1, &b, NULL, 0, NULL);
    kb_io(&m2, 1, &a, 1, &b);
    n = kb_write(&m2, image, CAP, NULL);
    CHECK_STATUS(kgl_model_init(&m, image, n, arena, 16), KGL_OK);
    kgl_tensor in, out;
    CHECK_STATUS(kgl_model_input(&m, 0, &in), KGL_OK);
    CHECK_STATUS(kgl_model_output(&m, 0, &out), KGL_OK);
    CHECK_EQ(in.bytes, 1);
    *(int8_t *)in.data = -77;
    CHECK_STATUS(kgl_model_invoke(&m), KGL_OK);
    CHECK_EQ(*(int8_t *)out.data, -77);

    kgl_test_context = "RESHAPE chain of 8 operators, ping-ponging in the arena";
    kb_init(&m2);
    m2.arena_bytes = 24;
    const uint32_t shapes[][3] = {{2, 4, 0}, {8, 0, 0}, {1, 8, 0}, {4, 2, 0},
                                  {2, 2, 2}, {8, 1, 0}, {1, 1, 8}, {2, 4, 0}, {8, 0, 0}};
    const uint32_t ranks[] = {2, 1, 2, 2, 3, 2, 3, 2, 1};
    uint32_t prev = 0;
    for (uint32_t i = 0; i < 9; i++) {
        uint32_t cur = kb_tensor(&m2, KGL_TYPE_INT8, ranks[i], shapes[i], KGL_LOCATION_ARENA,
                                 (i % 2) * 16, NULL);
        if (i > 0) {
            kb_operator(&m2, KGL_OP_RESHAPE, 1, &prev, 1, &cur, NULL, 0, NULL);
        }
        prev = cur;
    }
    const uint32_t first = 0;
    kb_io(&m2, 1, &first, 1, &prev);
    n = kb_write(&m2, image, CAP, NULL);
    CHECK_STATUS(kgl_model_init(&m, image, n, arena, 24), KGL_OK);
    CHECK_EQ(kgl_model_operator_count(&m), 8);
    kgl_tensor mid;
    CHECK_STATUS(kgl_model_operator_output(&m, 3, 0, &mid), KGL_OK);
    CHECK_EQ(mid.rank, 3);
    CHECK_EQ(mid.dims[2], 2);
    CHECK(mid.data == arena + 0);
    static const int8_t ramp[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    CHECK_STATUS(kgl_model_input(&m, 0, &in), KGL_OK);
    CHECK_STATUS(kgl_model_output(&m, 0, &out), KGL_OK);
    CHECK(out.data == arena + 0);
    memcpy(in.data, ramp, 8);
    memset(arena + 16, 0, 8);
    CHECK_STATUS(kgl_model_invoke(&m), KGL_OK);
    CHECK_BYTES(out.data, ramp, 8);
    CHECK_BYTES(arena + 16, ramp, 8);
}

static void test_helpers(void) {
    kgl_test_context = "kernel helpers";
    fresh();
    kgl_model m;
    CHECK_STATUS(load_sized(&m, golden_size, ARENA_BYTES), KGL_OK);
    CHECK_EQ(kgl_element_count(&m.tensors[T_IN]), 6);
    CHECK_EQ(kgl_element_count(&m.tensors[T_CONST_I32]), 2);
    CHECK(kgl_same_shape(&m.tensors[T_IN], &m.tensors[T_IN]));
    CHECK(!kgl_same_shape(&m.tensors[T_IN], &m.tensors[T_OUT]));
    CHECK(!kgl_same_shape(&m.tensors[T_CONST_S8], &m.tensors[T_OUT]));
    CHECK(!kgl_same_shape(&m.tensors[T_CONST_S8], &m.tensors[T_CONST_I32]));
    CHECK_STATUS(kgl_check_tensor(&m.tensors[T_IN], KGL_TYPE_INT8, 3), KGL_OK);
    CHECK_STATUS(kgl_check_tensor(&m.tensors[T_IN], KGL_TYPE_INT8, 0), KGL_OK);
    CHECK_STATUS(kgl_check_tensor(&m.tensors[T_IN], KGL_TYPE_INT8, 4), KGL_ERROR_BAD_OPERATOR);
    CHECK_STATUS(kgl_check_tensor(&m.tensors[T_IN], KGL_TYPE_INT32, 3), KGL_ERROR_BAD_OPERATOR);
    const int32_t data_bytes = (int32_t)spec.data_bytes;
    CHECK_STATUS(kgl_check_i32_array(&m, 0, (uint32_t)data_bytes / 4), KGL_OK);
    CHECK_STATUS(kgl_check_i32_array(&m, 4, (uint32_t)data_bytes / 4), KGL_ERROR_BAD_OPTIONS);
    CHECK_STATUS(kgl_check_i32_array(&m, data_bytes, 0), KGL_OK);
    CHECK_STATUS(kgl_check_i32_array(&m, 2, 1), KGL_ERROR_BAD_OPTIONS);
    CHECK_STATUS(kgl_check_i32_array(&m, -4, 1), KGL_ERROR_BAD_OPTIONS);
    CHECK_STATUS(kgl_check_i32_array(&m, INT32_MIN, 1), KGL_ERROR_BAD_OPTIONS);
    CHECK_STATUS(kgl_check_i32_array(&m, 0, 0xFFFFFFFFu), KGL_ERROR_BAD_OPTIONS);
    CHECK_STATUS(kgl_check_i32_array(&m, 0x7FFFFFFC, 1), KGL_ERROR_BAD_OPTIONS);
    const int32_t *bias = kgl_data_i32(&m, (int32_t)m.tensors[T_CONST_I32].offset);
    CHECK_EQ(bias[0], 100000);
    CHECK_EQ(bias[1], -7);
}

static void test_status_str(void) {
    kgl_test_context = "kgl_status_str";
    for (int s = 0; s >= -13; s--) {
        const char *text = kgl_status_str((kgl_status)s);
        CHECK(text != NULL && strcmp(text, "unknown status") != 0);
        for (int t = s + 1; t <= 0; t++) {
            CHECK(strcmp(text, kgl_status_str((kgl_status)t)) != 0);
        }
    }
    CHECK(strcmp(kgl_status_str((kgl_status)-14), "unknown status") == 0);
    CHECK(strcmp(kgl_status_str((kgl_status)1), "unknown status") == 0);
}

#if KGL_ENABLE_FLOAT
static int8_t reference_quantize(float x, float scale, int32_t zero_point) {
    float v = x / scale;
    if (isnan(v)) {
        return (int8_t)(zero_point < -128 ? -128 : zero_point > 127 ? 127 : zero_point);
    }
    if (v > 1e6f) {
        return 127;
    }
    if (v < -1e6f) {
        return -128;
    }
    long q = (long)roundf(v) + zero_point;
    return (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
}

static uint32_t rng_state = 0x12345678u;
static uint32_t rng(void) { /* xorshift32 */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void test_float_helpers(void) {
    kgl_test_context = "kgl_quantize_f32 / kgl_dequantize_f32";
    static int8_t buffer[256];
    static float values[256];
    static int8_t expected[256];
    kgl_tensor t;
    memset(&t, 0, sizeof t);
    t.data = buffer;
    t.type = KGL_TYPE_INT8;
    t.rank = 1;
    t.dims[0] = 256;
    t.bytes = 256;
    const float scales[] = {0.5f, 1.0f, 0.0078125f, 0.1f, 3.3e-5f, 17.0f};
    const int32_t zps[] = {-1, 0, -128, 127, 5, 0};
    int mismatches = 0;
    for (size_t c = 0; c < sizeof scales / sizeof scales[0]; c++) {
        t.scale = scales[c];
        t.zero_point = zps[c];
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 256; i++) {
                float v;
                switch (round % 4) {
                case 0: /* exact halves and their neighbours */
                    v = ((float)(i - 128) + 0.5f) * t.scale;
                    if (round % 8 == 4) {
                        v = nextafterf(v, 0.0f);
                    }
                    break;
                case 1:
                    v = ((float)(int)(rng() % 20001u) - 10000.0f) * 0.013f * t.scale;
                    break;
                case 2: { /* any finite bit pattern */
                    uint32_t bits = rng();
                    memcpy(&v, &bits, 4);
                    if (isnan(v) || isinf(v)) {
                        v = 0.0f;
                    }
                    break;
                }
                default:
                    v = (float)(i - 128) * 0.49999997f * t.scale;
                    break;
                }
                values[i] = v;
                expected[i] = reference_quantize(v, t.scale, t.zero_point);
            }
            CHECK_STATUS(kgl_quantize_f32(&t, values, 256), KGL_OK);
            for (int i = 0; i < 256; i++) {
                if (buffer[i] != expected[i] && mismatches++ < 10) {
                    printf("quantize(%.9g / %.9g + %d) = %d, expected %d\n", (double)values[i],
                           (double)t.scale, (int)t.zero_point, buffer[i], expected[i]);
                }
            }
        }
        for (int i = 0; i < 256; i++) {
            buffer[i] = (int8_t)(i - 128);
        }
        CHECK_STATUS(kgl_dequantize_f32(&t, values, 256), KGL_OK);
        for (int i = 0; i < 256; i++) {
            float want = t.scale * (float)(i - 128 - t.zero_point);
            if (values[i] != want && mismatches++ < 10) {
                printf("dequantize(%d) = %.9g, expected %.9g\n", i - 128, (double)values[i],
                       (double)want);
            }
        }
    }
    CHECK_EQ(mismatches, 0);

    /* Infinities and NaN saturate or give the zero point, and never trap. */
    t.scale = 0.5f;
    t.zero_point = 3;
    values[0] = INFINITY;
    values[1] = -INFINITY;
    values[2] = NAN;
    values[3] = 0.75f; /* 1.5 rounds away from zero: 2 + 3 */
    values[4] = -0.75f;
    CHECK_STATUS(kgl_quantize_f32(&t, values, 5), KGL_OK);
    CHECK_EQ(buffer[0], 127);
    CHECK_EQ(buffer[1], -128);
    CHECK_EQ(buffer[2], 3);
    CHECK_EQ(buffer[3], 5);
    CHECK_EQ(buffer[4], 1);

    CHECK_STATUS(kgl_quantize_f32(&t, values, 257), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_dequantize_f32(&t, values, 257), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_quantize_f32(NULL, values, 1), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_quantize_f32(&t, NULL, 1), KGL_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(kgl_dequantize_f32(&t, NULL, 1), KGL_ERROR_NULL_ARGUMENT);
    t.type = KGL_TYPE_INT32;
    CHECK_STATUS(kgl_quantize_f32(&t, values, 1), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_dequantize_f32(&t, values, 1), KGL_ERROR_INDEX);

    /* int16 tensors (16x8 models): the same rounding, clamped to int16; n counts elements. */
    static int16_t wide[4];
    t.data = wide;
    t.type = KGL_TYPE_INT16;
    t.dims[0] = 4;
    t.bytes = 8;
    t.scale = 0.5f;
    t.zero_point = 0;
    values[0] = 1.25f; /* 2.5 -> 3 */
    values[1] = -1.25f;
    values[2] = 20000.0f; /* 40000 clamps */
    values[3] = -INFINITY;
    CHECK_STATUS(kgl_quantize_f32(&t, values, 4), KGL_OK);
    CHECK_EQ(wide[0], 3);
    CHECK_EQ(wide[1], -3);
    CHECK_EQ(wide[2], 32767);
    CHECK_EQ(wide[3], -32768);
    CHECK_STATUS(kgl_dequantize_f32(&t, values, 4), KGL_OK);
    CHECK(values[0] == 1.5f && values[2] == 16383.5f && values[3] == -16384.0f);
    CHECK_STATUS(kgl_quantize_f32(&t, values, 5), KGL_ERROR_INDEX);
    CHECK_STATUS(kgl_dequantize_f32(&t, values, 5), KGL_ERROR_INDEX);
}
#endif

/* Random corruption: every status must be a documented one, and nothing may crash or read
   outside the model (poisoned under ASan/valgrind). Fixed seed, so failures reproduce. */
static void test_fuzz(void) {
    kgl_test_context = "fuzz";
    static const uint32_t interesting[] = {0,          1,          2,           4,
                                           15,         16,         76,          80,
                                           0x7F,       0x80,       0xFF,        0x100,
                                           0xFFFF,     0x7FFFFFFF, 0x80000000u, 0xFFFFFFF0u,
                                           0xFFFFFFFFu, 0x10000};
    uint32_t state = 0xC0FFEEu;
    int histogram[14] = {0};
    int out_of_range = 0;
    const int iterations = 30000;
    for (int it = 0; it < iterations; it++) {
        fresh();
        int edits = 1 + (int)(state % 4u);
        for (int e = 0; e < edits; e++) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            uint32_t at = state % golden_size;
            if ((state >> 24) & 1u) {
                work[at] ^= (uint8_t)(1u << ((state >> 8) % 8u));
            } else if ((state >> 25) & 1u) {
                work[at] = (uint8_t)(state >> 16);
            } else {
                uint32_t v = interesting[(state >> 12) % (sizeof interesting / 4)];
                at &= ~3u;
                if (at + 4 <= golden_size) {
                    memcpy(work + at, &v, 4);
                }
            }
        }
        if ((state >> 28) != 0) { /* mostly: keep the CRC consistent to go deeper */
            kb_refresh_crc(work, CAP);
        }
        kgl_model m;
        kgl_status s = load_sized(&m, golden_size, ARENA_BYTES);
        if (s > 0 || s < -13) {
            out_of_range++;
            continue;
        }
        histogram[-s]++;
        if (s == KGL_OK) {
            /* What init accepted must run and stay in bounds. */
            KGL_TEST_POISON(arena + ARENA_BYTES, 256 - ARENA_BYTES);
            kgl_model_invoke(&m);
            KGL_TEST_UNPOISON(arena + ARENA_BYTES, 256 - ARENA_BYTES);
        }
    }
    CHECK_EQ(out_of_range, 0);
    printf("fuzz: %d models:", iterations);
    for (int i = 0; i < 14; i++) {
        if (histogram[i]) {
            printf(" %s %d;", i == 0 ? "ok" : kgl_status_str((kgl_status)-i), histogram[i]);
        }
    }
    printf("\n");
    /* The corruption reached every layer of checks. */
    CHECK(histogram[0] > 0);
    CHECK(histogram[-KGL_ERROR_BAD_MAGIC] > 0);
    CHECK(histogram[-KGL_ERROR_BAD_HEADER] > 0);
    CHECK(histogram[-KGL_ERROR_BAD_TENSOR] > 0);
    CHECK(histogram[-KGL_ERROR_BAD_OPERATOR] > 0);
#if !KGL_SKIP_CRC
    CHECK(histogram[-KGL_ERROR_CRC] > 0);
#endif
}

int main(void) {
    golden = KB_ALIGNED(golden_raw);
    work = KB_ALIGNED(work_raw);
    arena = KB_ALIGNED(arena_raw);
    build_reference(&spec);
    golden_size = kb_write(&spec, golden, CAP, &layout);
    CHECK(golden_size > 0);
    CHECK_EQ(golden_size % 16 != 0, 1); /* the total need not be padded */

    test_crc32();
    test_valid_model();
    test_arena_size();
    test_header_fields();
    test_alignment();
    test_truncation();
    test_tensor_records();
    test_operator_records();
    test_model_shapes();
    test_helpers();
    test_status_str();
#if KGL_ENABLE_FLOAT
    test_float_helpers();
#endif
    test_fuzz();
    kgl_test_context = "";
    return KGL_TEST_END();
}
