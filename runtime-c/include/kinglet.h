/*
 * kinglet.h: the Kinglet C99 runtime, which runs .kgl int8 models.
 *
 * No malloc, no stdio, no global mutable state. The caller owns the model bytes (read in
 * place, e.g. from flash), the kgl_model struct and the arena. kgl_model_init validates
 * every byte of the model once; after that, invoke does no checks and cannot fail.
 *
 * Typical use:
 *     static uint8_t arena[MODEL_ARENA_BYTES] __attribute__((aligned(16)));
 *     kgl_model m;
 *     kgl_status s = kgl_model_init(&m, model_bytes, model_size, arena, sizeof arena);
 *     if (s != KGL_OK) { report(kgl_status_str(s)); }
 *     kgl_tensor in; kgl_model_input(&m, 0, &in);   // fill in.data (int8)
 *     kgl_model_invoke(&m);
 *     kgl_tensor out; kgl_model_output(&m, 0, &out); // read out.data
 */
#ifndef KINGLET_H
#define KINGLET_H

#include <stddef.h>
#include <stdint.h>

#include "kgl_config.h"
#include "kgl_format.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every function returns one of these. 0 is success; every error is negative. */
typedef enum {
    KGL_OK = 0,
    KGL_ERROR_NULL_ARGUMENT = -1,      /* a required pointer argument was NULL */
    KGL_ERROR_MISALIGNED = -2,         /* model bytes or arena not aligned to KGL_ALIGNMENT */
    KGL_ERROR_TRUNCATED = -3,          /* fewer bytes than the header says the model has */
    KGL_ERROR_BAD_MAGIC = -4,          /* not a .kgl file */
    KGL_ERROR_VERSION = -5,            /* a major version this runtime does not read */
    KGL_ERROR_CRC = -6,                /* the CRC32 of the model bytes does not match */
    KGL_ERROR_BAD_HEADER = -7,         /* header fields or section bounds are inconsistent */
    KGL_ERROR_BAD_TENSOR = -8,         /* a tensor record is invalid (type, shape, bounds) */
    KGL_ERROR_BAD_OPERATOR = -9,       /* an operator record is invalid (operands, shapes) */
    KGL_ERROR_BAD_OPTIONS = -10,       /* an operator's options are out of range */
    KGL_ERROR_UNSUPPORTED_OPERATOR = -11, /* unknown kind, or compiled out of this build */
    KGL_ERROR_ARENA_TOO_SMALL = -12,   /* arena_size is below the model's arena_bytes */
    KGL_ERROR_INDEX = -13              /* an input/output/operator index out of range */
} kgl_status;

/* A model loaded by kgl_model_init. Fields are the runtime's; treat them as read-only. */
typedef struct {
    const uint8_t *bytes;
    uint8_t *arena;
    const kgl_header *header;
    const kgl_tensor_record *tensors;
    const kgl_operator_record *operators;
    const uint32_t *operands;
    const uint32_t *io;
    const uint8_t *data;
} kgl_model;

/* A view of one tensor of a loaded model. */
typedef struct {
    void *data;                  /* in the arena (writable) or the model (constant) */
    uint32_t type;               /* KGL_TYPE_* */
    uint32_t rank;
    uint32_t dims[KGL_MAX_RANK];
    uint32_t bytes;              /* size of data */
    float scale;                 /* stored value, not used for arithmetic (0 if unquantized) */
    int32_t zero_point;
    /* A model input's normalization (format 1.3), or 0 and NULL: kgl_quantize_f32 maps
       value i to (x - normalization[c]) * normalization[channels + c], c = i % channels,
       before quantizing it. Write raw features through kgl_quantize_f32, or apply it. */
    uint32_t normalization_channels;
    const float *normalization;
} kgl_tensor;

/*
 * Reads the arena size a model needs from its header.
 * Reads: the first bytes of `bytes` (at most `size`). Checks magic, version and size only;
 * kgl_model_init does the full validation.
 * Writes: *arena_bytes on success.
 * Returns: KGL_OK, or KGL_ERROR_NULL_ARGUMENT / _TRUNCATED / _BAD_MAGIC / _VERSION.
 */
kgl_status kgl_model_arena_size(const void *bytes, size_t size, size_t *arena_bytes);

/*
 * Validates a model and binds it to an arena.
 * Reads: bytes[0, size), which must stay valid and unchanged while the model is used; they
 * must be aligned to KGL_ALIGNMENT, as must the arena.
 * Writes: *model; nothing in the arena.
 * Returns: KGL_OK, or the first problem found. Whatever the bytes, it never reads outside
 * [bytes, bytes + size) and never writes outside *model; after an error *model is unusable.
 */
kgl_status kgl_model_init(kgl_model *model, const void *bytes, size_t size,
                          void *arena, size_t arena_size);

/* Number of model inputs / outputs / operators of a model that kgl_model_init accepted. */
uint32_t kgl_model_input_count(const kgl_model *model);
uint32_t kgl_model_output_count(const kgl_model *model);
uint32_t kgl_model_operator_count(const kgl_model *model);

/*
 * Describes model input or output `index`; its data points into the arena.
 * Returns: KGL_OK, KGL_ERROR_NULL_ARGUMENT, or KGL_ERROR_INDEX when index >= the count.
 */
kgl_status kgl_model_input(const kgl_model *model, uint32_t index, kgl_tensor *tensor);
kgl_status kgl_model_output(const kgl_model *model, uint32_t index, kgl_tensor *tensor);

/*
 * Describes output `index` of operator `op` (for comparing engines operator by operator).
 * Returns: KGL_OK, KGL_ERROR_NULL_ARGUMENT, or KGL_ERROR_INDEX.
 */
kgl_status kgl_model_operator_output(const kgl_model *model, uint32_t op, uint32_t index,
                                     kgl_tensor *tensor);

/*
 * Runs every operator in order, reading the inputs the caller wrote into the arena and
 * leaving the outputs there.
 * Returns: KGL_OK, or KGL_ERROR_NULL_ARGUMENT.
 */
kgl_status kgl_model_invoke(kgl_model *model);

/*
 * Runs operator `index` alone (operators before it must have run).
 * Returns: KGL_OK, KGL_ERROR_NULL_ARGUMENT, or KGL_ERROR_INDEX.
 */
kgl_status kgl_model_invoke_operator(kgl_model *model, uint32_t index);

/* A fixed, human-readable text for a status; never NULL. */
const char *kgl_status_str(kgl_status status);

#if KGL_ENABLE_FLOAT
/*
 * Quantizes n floats into an int8 or int16 tensor: q = clamp(round(x / scale) + zero_point)
 * to the type's range, with rounding half away from zero, as TFLite does; a model input with
 * an input normalization first maps x to (x - shift[c]) * multiplier[c], c = i % channels
 * (the values start at element 0). Uses float arithmetic.
 * Returns: KGL_OK, KGL_ERROR_NULL_ARGUMENT, or KGL_ERROR_INDEX when n exceeds the tensor's
 * element count or the tensor is neither int8 nor int16.
 */
kgl_status kgl_quantize_f32(const kgl_tensor *tensor, const float *values, size_t n);

/*
 * Dequantizes an int8 or int16 tensor: x = scale * (q - zero_point), n values into `values`.
 * Returns as kgl_quantize_f32.
 */
kgl_status kgl_dequantize_f32(const kgl_tensor *tensor, float *values, size_t n);
#endif

#ifdef __cplusplus
}
#endif

#endif /* KINGLET_H */
