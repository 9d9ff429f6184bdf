/*
 * test_kernel_fuzz.c: structure-aware fuzzing of every operator kind's check and kernel.
 *
 * For each kind (and each 16x8 variant), a template model (one operator over a pool of
 * plausible tensors, options that should be valid) is mutated a few fields at a time: option slots, operand choices,
 * tensor dims/types/ranks/zero points, the multiplier and shift arrays. Whatever the
 * mutation, kgl_model_init must return a documented status without reading outside the
 * model or touching the arena; when it accepts, kgl_model_invoke must write only the
 * operator's output bytes and nothing past arena_bytes (poisoned under ASan/valgrind; the
 * rest of the arena is compared before and after). Fixed seeds: failures reproduce.
 *
 * Constants can also be sparse (format 1.4): the weights of CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED start sparse in extra templates, and a mutation toggles any constant
 * between dense and sparse (encoded by kb_encode_sparse with about half its elements zeroed,
 * when its record allows an encoding at all), so the zero-skipping kernels run under the
 * same shape, option and axis mutations.
 *
 * This checks memory safety, not arithmetic; each kernel's own tests check its values
 * (tests/test_sparse.c compares the sparse kernels with the dense ones).
 */
#include "kgl_internal.h"
#include "kgl_test.h"
#include "kgl_test_builder.h"

#ifndef FUZZ_ITERATIONS
#define FUZZ_ITERATIONS 3000 /* per operator kind */
#endif

#define IMAGE_CAP 32768
#define ARENA_CAP 32768

/* The tensor pool (index: role in the templates). */
enum {
    P_IN,        /* int8 [1,4,4,3]: the activation input */
    P_SAME,      /* int8 [1,4,4,3]: an output shaped like the input */
    P_CONV_OUT,  /* int8 [1,4,4,2] */
    P_POOL_OUT,  /* int8 [1,2,2,3] */
    P_FC_OUT,    /* int8 [1,2] */
    P_FLAT,      /* int8 [1,48]: RESHAPE output, FULLY_CONNECTED input */
    P_FLOAT,     /* float32 [1,4,4,3] */
    P_PAD_OUT,   /* int8 [1,6,6,3] */
    P_MEAN_OUT,  /* int8 [1,1,1,3] */
    P_CAT_OUT,   /* int8 [1,4,4,6] */
    P_DW_OUT,    /* int8 [1,4,4,6] */
    P_CONV_W,    /* const int8 [2,3,3,3], per channel */
    P_CONV_B,    /* const int32 [2] */
    P_DW_W,      /* const int8 [1,3,3,6] */
    P_DW_B,      /* const int32 [6] */
    P_FC_W,      /* const int8 [2,48] */
    P_CONST_IN,  /* const int8 [1,4,4,3] */
    P_I16,       /* int16 [1,4,4,3]: the 16x8 activation input */
    P_I16_SAME,  /* int16 [1,4,4,3] */
    P_I16_CONV,  /* int16 [1,4,4,2] */
    P_I16_DW,    /* int16 [1,4,4,6] */
    P_I16_FLAT,  /* int16 [1,48] */
    P_I16_FC,    /* int16 [1,2] */
    P_B64_2,     /* const int64 [2] */
    P_B64_6,     /* const int64 [6] */
    P_COUNT
};

typedef struct {
    uint8_t type, rank, location, quant_kind;
    uint32_t dims[KGL_MAX_RANK];
    int32_t zero_point;
    uint32_t quant_axis;
} fz_tensor;

typedef struct {
    fz_tensor tensors[P_COUNT];
    uint16_t kind;
    uint8_t input_count;
    uint32_t inputs[8];
    uint32_t output;
    int32_t options[KGL_OPTION_SLOTS];
    int32_t multipliers[16];
    int32_t shifts[16];
} fz_genome;

/* Data section: multipliers at 0, shifts at 64, per-channel scales at 128, then constants. */
#define D_MULT 0
#define D_SHIFT 64
#define D_SCALES 128
#define D_CONSTANTS 192

static uint32_t rng_state;
static uint32_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}
static uint32_t pick(uint32_t n) { return rng() % n; }

static void set_tensor(fz_tensor *t, uint32_t type, uint32_t location, uint32_t rank,
                       uint32_t d0, uint32_t d1, uint32_t d2, uint32_t d3) {
    memset(t, 0, sizeof *t);
    t->type = (uint8_t)type;
    t->location = (uint8_t)location;
    t->rank = (uint8_t)rank;
    const uint32_t d[4] = {d0, d1, d2, d3};
    for (uint32_t i = 0; i < rank && i < 4; i++) {
        t->dims[i] = d[i];
    }
    t->quant_kind = KGL_QUANT_PER_TENSOR;
}

static void pool_defaults(fz_genome *g) {
    const uint32_t A = KGL_LOCATION_ARENA, C = KGL_LOCATION_CONSTANT;
    set_tensor(&g->tensors[P_IN], KGL_TYPE_INT8, A, 4, 1, 4, 4, 3);
    set_tensor(&g->tensors[P_SAME], KGL_TYPE_INT8, A, 4, 1, 4, 4, 3);
    set_tensor(&g->tensors[P_CONV_OUT], KGL_TYPE_INT8, A, 4, 1, 4, 4, 2);
    set_tensor(&g->tensors[P_POOL_OUT], KGL_TYPE_INT8, A, 4, 1, 2, 2, 3);
    set_tensor(&g->tensors[P_FC_OUT], KGL_TYPE_INT8, A, 2, 1, 2, 0, 0);
    set_tensor(&g->tensors[P_FLAT], KGL_TYPE_INT8, A, 2, 1, 48, 0, 0);
    set_tensor(&g->tensors[P_FLOAT], KGL_TYPE_FLOAT32, A, 4, 1, 4, 4, 3);
    g->tensors[P_FLOAT].quant_kind = KGL_QUANT_NONE;
    set_tensor(&g->tensors[P_PAD_OUT], KGL_TYPE_INT8, A, 4, 1, 6, 6, 3);
    set_tensor(&g->tensors[P_MEAN_OUT], KGL_TYPE_INT8, A, 4, 1, 1, 1, 3);
    set_tensor(&g->tensors[P_CAT_OUT], KGL_TYPE_INT8, A, 4, 1, 4, 4, 6);
    set_tensor(&g->tensors[P_DW_OUT], KGL_TYPE_INT8, A, 4, 1, 4, 4, 6);
    set_tensor(&g->tensors[P_CONV_W], KGL_TYPE_INT8, C, 4, 2, 3, 3, 3);
    g->tensors[P_CONV_W].quant_kind = KGL_QUANT_PER_CHANNEL;
    set_tensor(&g->tensors[P_CONV_B], KGL_TYPE_INT32, C, 1, 2, 0, 0, 0);
    set_tensor(&g->tensors[P_DW_W], KGL_TYPE_INT8, C, 4, 1, 3, 3, 6);
    g->tensors[P_DW_W].quant_kind = KGL_QUANT_PER_CHANNEL;
    g->tensors[P_DW_W].quant_axis = 3;
    set_tensor(&g->tensors[P_DW_B], KGL_TYPE_INT32, C, 1, 6, 0, 0, 0);
    set_tensor(&g->tensors[P_FC_W], KGL_TYPE_INT8, C, 2, 2, 48, 0, 0);
    set_tensor(&g->tensors[P_CONST_IN], KGL_TYPE_INT8, C, 4, 1, 4, 4, 3);
    set_tensor(&g->tensors[P_I16], KGL_TYPE_INT16, A, 4, 1, 4, 4, 3);
    set_tensor(&g->tensors[P_I16_SAME], KGL_TYPE_INT16, A, 4, 1, 4, 4, 3);
    set_tensor(&g->tensors[P_I16_CONV], KGL_TYPE_INT16, A, 4, 1, 4, 4, 2);
    set_tensor(&g->tensors[P_I16_DW], KGL_TYPE_INT16, A, 4, 1, 4, 4, 6);
    set_tensor(&g->tensors[P_I16_FLAT], KGL_TYPE_INT16, A, 2, 1, 48, 0, 0);
    set_tensor(&g->tensors[P_I16_FC], KGL_TYPE_INT16, A, 2, 1, 2, 0, 0);
    set_tensor(&g->tensors[P_B64_2], KGL_TYPE_INT64, C, 1, 2, 0, 0, 0);
    set_tensor(&g->tensors[P_B64_6], KGL_TYPE_INT64, C, 1, 6, 0, 0, 0);
    for (int i = 0; i < 16; i++) {
        g->multipliers[i] = 0x40000000 + i * 0x01000000;
        g->shifts[i] = -1 - (i % 4);
    }
}

static int32_t float_bits(float f) {
    int32_t bits;
    memcpy(&bits, &f, 4);
    return bits;
}

static void set_op(fz_genome *g, uint32_t kind, uint32_t n_in, uint32_t a, uint32_t b,
                   uint32_t c, uint32_t out, const int32_t *options, uint32_t n_options) {
    g->kind = (uint16_t)kind;
    g->input_count = (uint8_t)n_in;
    g->inputs[0] = a;
    g->inputs[1] = b;
    g->inputs[2] = c;
    g->output = out;
    memset(g->options, 0, sizeof g->options);
    for (uint32_t i = 0; i < n_options; i++) {
        g->options[i] = options[i];
    }
}

/* A model of kind `kind` that the kernel should accept (informative if it does not: the
   fuzz then still explores around it). */
static void template_for(uint32_t kind, fz_genome *g) {
    memset(g, 0, sizeof *g);
    pool_defaults(g);
    const int32_t conv[] = {1, -1, 1, 1, 1, 1, 1, 1, -128, 127, D_MULT, D_SHIFT, 2};
    const int32_t fc[] = {1, -1, -128, 127, D_MULT, D_SHIFT};
    const int32_t pool[] = {2, 2, 2, 2, 0, 0, -128, 127};
    const int32_t add[] = {1, 1, -1, 20, 0x40000000, -1, 0x40000000, -1, 0x40000000, -19,
                           -128, 127};
    const int32_t mul[] = {1, 1, -1, 0x40000000, -7, -128, 127};
    const int32_t softmax[] = {0x40000000, 20, -1984}; /* diff_min = -(31 << 26 >> 20) */
    const int32_t logistic[] = {-1, 100, 0x40000000, 5};
    const int32_t relu[] = {1, -1, 0x40000000, 1, -128, 127};
    const int32_t relu6[] = {1, -1, 0x40000000, 1, -1, 60};
    const int32_t leaky[] = {1, -1, 0x40000000, 1, 0x40000000, -3};
    const int32_t hswish[] = {0, 0, 16384, 0, 16384, 0};
    const int32_t pad[] = {0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0}; /* 5-D: before, after, value */
    const int32_t mean[] = {6, 1, -1, 0x40000000, -3};
    const int32_t reduce_max[] = {6};
    const int32_t concat[] = {3};
    const int32_t quantize[] = {0, float_bits(0.5f), 0, 0x40000000, 1};
    const int32_t dequantize[] = {0, float_bits(0.5f)};
    switch (kind) {
    case KGL_OP_CONV_2D:
        set_op(g, kind, 3, P_IN, P_CONV_W, P_CONV_B, P_CONV_OUT, conv, 12);
        break;
    case KGL_OP_DEPTHWISE_CONV_2D:
        set_op(g, kind, 3, P_IN, P_DW_W, P_DW_B, P_DW_OUT, conv, 13);
        break;
    case KGL_OP_FULLY_CONNECTED:
        set_op(g, kind, 3, P_FLAT, P_FC_W, P_CONV_B, P_FC_OUT, fc, 6);
        break;
    case KGL_OP_AVERAGE_POOL_2D:
    case KGL_OP_MAX_POOL_2D:
        set_op(g, kind, 1, P_IN, 0, 0, P_POOL_OUT, pool, 8);
        break;
    case KGL_OP_ADD:
    case KGL_OP_SUB:
        set_op(g, kind, 2, P_IN, P_CONST_IN, 0, P_SAME, add, 12);
        break;
    case KGL_OP_MUL:
        set_op(g, kind, 2, P_IN, P_CONST_IN, 0, P_SAME, mul, 7);
        break;
    case KGL_OP_RESHAPE:
        set_op(g, kind, 1, P_IN, 0, 0, P_FLAT, NULL, 0);
        break;
    case KGL_OP_SOFTMAX:
        set_op(g, kind, 1, P_IN, 0, 0, P_SAME, softmax, 3);
        g->tensors[P_SAME].zero_point = -128;
        break;
    case KGL_OP_LOGISTIC:
    case KGL_OP_TANH:
        set_op(g, kind, 1, P_IN, 0, 0, P_SAME, logistic, 4);
        g->tensors[P_SAME].zero_point = kind == KGL_OP_LOGISTIC ? -128 : 0;
        break;
    case KGL_OP_RELU:
        set_op(g, kind, 1, P_IN, 0, 0, P_SAME, relu, 6);
        break;
    case KGL_OP_RELU6:
        set_op(g, kind, 1, P_IN, 0, 0, P_SAME, relu6, 6);
        break;
    case KGL_OP_LEAKY_RELU:
        set_op(g, kind, 1, P_IN, 0, 0, P_SAME, leaky, 6);
        break;
    case KGL_OP_HARD_SWISH:
        set_op(g, kind, 1, P_IN, 0, 0, P_SAME, hswish, 6);
        break;
    case KGL_OP_PAD:
        set_op(g, kind, 1, P_IN, 0, 0, P_PAD_OUT, pad, 11);
        break;
    case KGL_OP_MEAN:
        set_op(g, kind, 1, P_IN, 0, 0, P_MEAN_OUT, mean, 5);
        break;
    case KGL_OP_REDUCE_MAX:
        set_op(g, kind, 1, P_IN, 0, 0, P_MEAN_OUT, reduce_max, 1);
        break;
    case KGL_OP_CONCATENATION:
        set_op(g, kind, 2, P_IN, P_CONST_IN, 0, P_CAT_OUT, concat, 1);
        break;
    case KGL_OP_QUANTIZE:
        set_op(g, kind, 1, P_FLOAT, 0, 0, P_SAME, quantize, 5);
        break;
    case KGL_OP_DEQUANTIZE:
        set_op(g, kind, 1, P_IN, 0, 0, P_FLOAT, dequantize, 2);
        break;
    default:
        set_op(g, kind, 1, P_IN, 0, 0, P_SAME, NULL, 0);
        break;
    }
}

/* The 16x8 template of a kind with a kgl_<stem>_s16 variant. */
static void template_for_s16(uint32_t kind, fz_genome *g) {
    memset(g, 0, sizeof *g);
    pool_defaults(g);
    const int32_t conv[] = {0, 0, 1, 1, 1, 1, 1, 1, -32768, 32767, D_MULT, D_SHIFT, 2};
    const int32_t fc[] = {0, 0, -32768, 32767, D_MULT, D_SHIFT};
    const int32_t add[] = {0, 0, 0, 15, 0x40000000, -1, 0x40000000, -1, 0x40000000, -14,
                           -32768, 32767};
    const int32_t quantize[] = {0, float_bits(0.5f), 0, 0x40000000, -3};
    const int32_t dequantize[] = {0, float_bits(0.5f)};
    switch (kind) {
    case KGL_OP_CONV_2D:
        set_op(g, kind, 3, P_I16, P_CONV_W, P_B64_2, P_I16_CONV, conv, 12);
        break;
    case KGL_OP_DEPTHWISE_CONV_2D:
        set_op(g, kind, 3, P_I16, P_DW_W, P_B64_6, P_I16_DW, conv, 13);
        break;
    case KGL_OP_FULLY_CONNECTED:
        set_op(g, kind, 3, P_I16_FLAT, P_FC_W, P_B64_2, P_I16_FC, fc, 6);
        break;
    case KGL_OP_ADD:
        set_op(g, kind, 2, P_I16, P_I16_SAME, 0, P_I16_SAME, add, 12);
        g->output = P_I16_SAME;
        g->inputs[1] = P_I16;
        break;
    case KGL_OP_QUANTIZE: /* int16 -> int8; mutations reach float32 and int8 inputs */
        set_op(g, kind, 1, P_I16, 0, 0, P_SAME, quantize, 5);
        break;
    case KGL_OP_DEQUANTIZE:
        set_op(g, kind, 1, P_I16, 0, 0, P_FLOAT, dequantize, 2);
        break;
    default:
        set_op(g, kind, 1, P_I16, 0, 0, P_I16_SAME, NULL, 0);
        break;
    }
}

static const int32_t interesting[] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, 15, 16, 20, 31, 32, -31, -32, 63, 64, 127, 128,
    -127, -128, -129, 255, 256, 0x7FFF, 0x8000, -0x8000, 0x10000, 0x3FFFFFFF, 0x40000000,
    0x7FFFFFFF, (int32_t)0x80000000, -0x40000000, D_MULT, D_SHIFT, D_SCALES, D_CONSTANTS,
};
#define N_INTERESTING (sizeof interesting / sizeof interesting[0])

static int32_t interesting_value(void) {
    return interesting[pick(N_INTERESTING)];
}

static void mutate(fz_genome *g) {
    static const uint32_t small_dims[] = {1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8};
    fz_tensor *t = &g->tensors[pick(P_COUNT)];
    switch (pick(10)) {
    case 0:
    case 1:
    case 2: { /* an option slot: an interesting value or a nudge */
        int32_t *slot = &g->options[pick(16) < 13 ? pick(13) : pick(16)];
        switch (pick(3)) {
        case 0:
            *slot = interesting_value();
            break;
        case 1:
            *slot = (int32_t)((uint32_t)*slot + (uint32_t)(int32_t)(pick(5) - 2));
            break;
        default:
            *slot = (int32_t)rng();
            break;
        }
        break;
    }
    case 3: /* an operand */
        if (pick(4) == 0) {
            g->output = pick(P_COUNT);
        } else {
            const uint32_t slot = pick(g->input_count);
            g->inputs[slot] = pick(P_COUNT);
        }
        break;
    case 4: /* the input count (CONCATENATION takes 1..255) */
        g->input_count = (uint8_t)(1 + pick(4));
        for (uint32_t i = 0; i < g->input_count; i++) {
            if (g->inputs[i] >= P_COUNT) {
                g->inputs[i] = P_IN;
            }
        }
        break;
    case 5:
    case 6: /* a dimension */
        if (t->rank > 0) {
            const uint32_t axis = pick(t->rank);
            t->dims[axis] = small_dims[pick(sizeof small_dims / 4)];
        }
        break;
    case 7: /* rank */
        t->rank = (uint8_t)pick(6);
        for (uint32_t d = 0; d < KGL_MAX_RANK; d++) {
            if (d >= t->rank) {
                t->dims[d] = 0;
            } else if (t->dims[d] == 0) {
                t->dims[d] = 1 + pick(3);
            }
        }
        if (t->quant_axis >= t->rank) {
            t->quant_axis = 0;
        }
        break;
    case 8: /* type, zero point, quantization, dense or sparse */
        switch (pick(5)) {
        case 4:
            if (t->location != KGL_LOCATION_ARENA) {
                t->location = t->location == KGL_LOCATION_SPARSE ? KGL_LOCATION_CONSTANT
                                                                 : KGL_LOCATION_SPARSE;
            }
            break;
        case 0:
            t->type = (uint8_t)(1 + pick(5));
            break;
        case 1:
            t->zero_point = interesting_value();
            break;
        case 2:
            t->zero_point = (int32_t)pick(256) - 128;
            break;
        default:
            t->quant_kind = (uint8_t)pick(3);
            t->quant_axis = t->rank ? pick(t->rank) : 0;
            break;
        }
        break;
    default: /* the multiplier and shift arrays */
        if (pick(2)) {
            const uint32_t i = pick(16);
            g->multipliers[i] = interesting_value();
        } else {
            const uint32_t i = pick(16);
            g->shifts[i] = interesting_value();
        }
        break;
    }
}

static uint32_t type_size(uint32_t type) { return kb_type_size(type); }

static kb_model spec;
static uint32_t arena_offsets[P_COUNT];

/* Lays the genome out as a model image; 0 when it does not fit the test's buffers. */
static uint32_t build(const fz_genome *g, uint8_t *image) {
    kb_init(&spec);
    static const float scales[16] = {0.5f, 0.25f, 0.125f, 1, 2,  3,  4,  5,
                                     6,    7,     8,      9, 10, 11, 12, 13};
    kb_data(&spec, g->multipliers, sizeof g->multipliers, 4);
    kb_data(&spec, g->shifts, sizeof g->shifts, 4);
    kb_data(&spec, scales, sizeof scales, 4);
    uint32_t arena_at = 0;
    uint32_t seed = 0x9E3779B9u;
    for (uint32_t i = 0; i < P_COUNT; i++) {
        const fz_tensor *f = &g->tensors[i];
        uint64_t count = 1;
        for (uint32_t d = 0; d < f->rank; d++) {
            count *= f->dims[d];
        }
        const uint64_t bytes = count * type_size(f->type);
        uint32_t offset;
        if (f->location == KGL_LOCATION_ARENA) {
            if (arena_at + bytes > ARENA_CAP) {
                return 0;
            }
            offset = arena_at;
            arena_at = (uint32_t)((arena_at + bytes + 15u) & ~(uint64_t)15u);
        } else {
            /* A sparse encoding takes at most bytes / 8 + 1 more than the dense bytes. */
            if (spec.data_bytes + bytes + bytes / 8 + 32 > KB_MAX_DATA) {
                return 0;
            }
            static uint8_t content[KB_MAX_DATA];
            for (uint64_t k = 0; k < bytes; k++) {
                seed = seed * 1103515245u + 12345u;
                content[k] = (uint8_t)(seed >> 16);
            }
            if (f->type == KGL_TYPE_INT32) { /* keep biases modest */
                for (uint64_t k = 3; k < bytes; k += 4) {
                    content[k] = (content[k] & 0x80u) ? 0xFFu : 0u;
                }
            } else if (f->type == KGL_TYPE_FLOAT32) { /* finite floats */
                for (uint64_t k = 3; k < bytes; k += 4) {
                    content[k] &= 0xBFu;
                }
            }
            if (f->location == KGL_LOCATION_SPARSE && f->type == KGL_TYPE_INT8 && f->rank >= 1 &&
                f->quant_axis < f->rank) {
                /* About half the elements zero, then encoded with rows along quant_axis. */
                static uint8_t encoded[KB_MAX_DATA];
                for (uint64_t k = 0; k < bytes; k++) {
                    seed = seed * 1103515245u + 12345u;
                    content[k] = (seed >> 31) ? 0 : content[k];
                }
                const uint32_t n = kb_encode_sparse((const int8_t *)content, f->dims, f->rank,
                                                    f->quant_axis, encoded, NULL);
                offset = kb_data(&spec, encoded, n, 16);
            } else { /* dense, or a sparse record no encoding fits (refused at load) */
                offset = kb_data(&spec, content, (uint32_t)bytes, 16);
            }
        }
        arena_offsets[i] = offset;
        kgl_tensor_record *t = &spec.tensors[kb_tensor(&spec, f->type, f->rank, f->dims,
                                                       f->location, offset, NULL)];
        t->zero_point = f->zero_point;
        t->scale = 0.5f;
        t->quant_kind = f->quant_kind;
        t->quant_axis = f->quant_axis;
        t->quant_scales = D_SCALES;
    }
    spec.arena_bytes = arena_at;
    kb_operator(&spec, g->kind, g->input_count, g->inputs, 1, &g->output, g->options,
                KGL_OPTION_SLOTS, NULL);
    const uint32_t model_input = P_IN;
    kb_io(&spec, 1, &model_input, 1, &g->output);
    return kb_write(&spec, image, IMAGE_CAP, NULL);
}

static uint8_t image_raw[IMAGE_CAP + 16];
static uint8_t arena_raw[ARENA_CAP + 16];
static uint8_t before_raw[ARENA_CAP];

typedef struct {
    int template_status;
    int accepted;
    int rejected;
    int skipped;
    int bad_status;
    int stray_writes;
} fz_stats;

/* Fills arena tensors with input-like bytes: finite floats, anything for integers. */
static void fill_inputs(const fz_genome *g, uint8_t *arena, uint32_t arena_bytes) {
    for (uint32_t k = 0; k < arena_bytes; k++) {
        arena[k] = (uint8_t)rng();
    }
    for (uint32_t i = 0; i < P_COUNT; i++) {
        const fz_tensor *f = &g->tensors[i];
        if (f->location == KGL_LOCATION_ARENA && f->type == KGL_TYPE_FLOAT32) {
            const uint32_t n = spec.tensors[i].bytes / 4;
            for (uint32_t k = 0; k < n; k++) {
                float v = (float)((int32_t)pick(20001) - 10000) * 0.37f;
                memcpy(arena + arena_offsets[i] + 4 * k, &v, 4);
            }
        }
    }
}

static kgl_status run_one(const fz_genome *g, fz_stats *stats) {
    uint8_t *image = KB_ALIGNED(image_raw);
    uint8_t *arena = KB_ALIGNED(arena_raw);
    const uint32_t size = build(g, image);
    if (size == 0) {
        stats->skipped++;
        return KGL_OK;
    }
    const uint32_t arena_bytes = spec.arena_bytes;
    kgl_model m;
    KGL_TEST_POISON(image + size, IMAGE_CAP - size);
    KGL_TEST_POISON(arena, ARENA_CAP);
    kgl_status s = kgl_model_init(&m, image, size, arena, arena_bytes);
    KGL_TEST_UNPOISON(arena, ARENA_CAP);
    if (s > 0 || s < KGL_ERROR_INDEX) {
        stats->bad_status++;
        KGL_TEST_UNPOISON(image + size, IMAGE_CAP - size);
        return s;
    }
    if (s != KGL_OK) {
        stats->rejected++;
        KGL_TEST_UNPOISON(image + size, IMAGE_CAP - size);
        return s;
    }
    stats->accepted++;
    fill_inputs(g, arena, arena_bytes);
    memcpy(before_raw, arena, arena_bytes);
    KGL_TEST_POISON(arena + arena_bytes, ARENA_CAP - arena_bytes);
    kgl_model_invoke(&m);
    KGL_TEST_UNPOISON(arena + arena_bytes, ARENA_CAP - arena_bytes);
    KGL_TEST_UNPOISON(image + size, IMAGE_CAP - size);
    /* Only the output's bytes may change. */
    const kgl_tensor_record *out = &m.tensors[g->output];
    for (uint32_t k = 0; k < arena_bytes; k++) {
        const int in_output = k >= out->offset && k < out->offset + out->bytes;
        if (!in_output && arena[k] != before_raw[k]) {
            if (stats->stray_writes++ < 3) {
                printf("kind %u: arena byte %u outside the output [%u, %u) changed\n",
                       (unsigned)g->kind, (unsigned)k, (unsigned)out->offset,
                       (unsigned)(out->offset + out->bytes));
            }
            break;
        }
    }
    return s;
}

/* `sparse`: the template's weights (input 1) are a sparse constant. */
static void fuzz_kind(uint32_t kind, const char *name, int s16, int sparse) {
    fz_stats stats;
    memset(&stats, 0, sizeof stats);
    fz_genome base, g;
    if (s16) {
        template_for_s16(kind, &base);
    } else {
        template_for(kind, &base);
    }
    if (sparse) {
        base.tensors[base.inputs[1]].location = KGL_LOCATION_SPARSE;
    }
    stats.template_status = run_one(&base, &stats);
    stats.accepted = stats.rejected = 0;
    fz_genome last_accepted = base;
    for (int it = 0; it < FUZZ_ITERATIONS; it++) {
        g = pick(2) ? base : last_accepted;
        const uint32_t mutations = 1 + pick(3);
        for (uint32_t k = 0; k < mutations; k++) {
            mutate(&g);
        }
        if (run_one(&g, &stats) == KGL_OK) {
            last_accepted = g;
        }
    }
    printf("%-18s template %-26s accepted %5d rejected %5d skipped %d\n", name,
           stats.template_status == KGL_OK ? "ok" : kgl_status_str(stats.template_status),
           stats.accepted, stats.rejected, stats.skipped);
    kgl_test_context = name;
    CHECK_EQ(stats.bad_status, 0);
    CHECK_EQ(stats.stray_writes, 0);
}

int main(void) {
    rng_state = 0x2545F491u;
#define FUZZ_KIND(code, NAME, stem, min_inputs, max_inputs, outputs) fuzz_kind(code, #NAME, 0, 0);
    KGL_OPERATORS(FUZZ_KIND)
#undef FUZZ_KIND
#define FUZZ_KIND_S16(code, NAME, stem, min_inputs, max_inputs, outputs) \
    fuzz_kind(code, #NAME " s16", 1, 0);
    KGL_OPERATORS_S16(FUZZ_KIND_S16)
#undef FUZZ_KIND_S16
    /* The zero-skipping kernels, from sparse weights. */
    fuzz_kind(KGL_OP_CONV_2D, "CONV_2D sparse", 0, 1);
    fuzz_kind(KGL_OP_DEPTHWISE_CONV_2D, "DEPTHWISE sparse", 0, 1);
    fuzz_kind(KGL_OP_FULLY_CONNECTED, "FC sparse", 0, 1);
    fuzz_kind(KGL_OP_CONV_2D, "CONV_2D sparse s16", 1, 1);
    fuzz_kind(KGL_OP_DEPTHWISE_CONV_2D, "DEPTHWISE sp. s16", 1, 1);
    fuzz_kind(KGL_OP_FULLY_CONNECTED, "FC sparse s16", 1, 1);
    kgl_test_context = "";
    return KGL_TEST_END();
}
