/*
 * test_sparse.c: sparse constants (format 1.4, docs/FORMAT.md "Sparse constants").
 *
 * 1. The helpers of kgl_sparse.h against bit-by-bit versions, over every run of a random
 *    bitmap (with the portable count-trailing-zeros, see below).
 * 2. The six zero-skipping kernels (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED; int8 and
 *    16x8): random weights pruned to 0, 50, 75, 90 and 100 % zeros, each model built twice,
 *    with dense weights and with the same weights sparse-encoded by kb_encode_sparse
 *    (kgl_test_builder.h, a second reading of the spec), and the outputs compared byte for
 *    byte over random inputs. Shapes: FULLY_CONNECTED with several rows and row lengths
 *    that are not multiples of 8; CONV_2D 1x1, 3x3, 2x3, 5x5 (taps mostly in the padding),
 *    stride 2, dilation 2, SAME and VALID, batch 2, grouped; DEPTHWISE_CONV_2D with depth
 *    multipliers 1, 2 and 3; per-tensor and per-channel weights. The weights are the last
 *    bytes of the model, so under ASan or valgrind a read past the values fails the run.
 * 3. Hostile sparse tensors, each refused by kgl_model_init with its status: encodings
 *    past the data section, a bit past the last element, a zero value, bad records, sparse
 *    tensors where only dense ones may be, the wrong row axis for a kernel.
 */
#include "kgl_internal.h"
/* This file's own copies of the helpers use the portable count-trailing-zeros, so the
   helper tests below check it; the kernels in the library use the compiler's builtin where
   there is one, and the dense-against-sparse tests check them. */
#define KGL_SPARSE_PORTABLE_CTZ 1
#include "kgl_sparse.h"
#include "kgl_test.h"
#include "kgl_test_builder.h"

#define IMAGE_CAP 20480
#define ARENA_CAP 8192
#define MAX_WEIGHTS 2048
#define MAX_CHANNELS 64
#define TRIALS 3 /* random inputs per model */

static uint32_t rng_state = 0x6B43A9B5u;
static uint32_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}
static int32_t rng_range(int32_t lo, int32_t hi) { /* inclusive */
    return lo + (int32_t)(rng() % (uint32_t)(hi - lo + 1));
}

/* ---- 1. the helpers ---- */

static void test_helpers(void) {
    kgl_test_context = "kgl_sparse.h helpers";
    int bad = 0;
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t pop = 0;
        for (uint32_t i = 0; i < 8; i++) {
            pop += (b >> i) & 1u;
        }
        bad += kgl_popcount8(b) != pop;
        if (b != 0) {
            uint32_t tz = 0;
            while (((b >> tz) & 1u) == 0) {
                tz++;
            }
            bad += kgl_ctz8(b) != tz;
        }
    }
    CHECK_EQ(bad, 0);
    /* kgl_ctz32: every lowest-bit position, with every pattern of higher bits tried. */
    bad = 0;
    uint32_t r = 12345u;
    for (uint32_t i = 0; i < 32; i++) {
        for (uint32_t t = 0; t < 64; t++) {
            r = r * 1103515245u + 12345u;
            const uint32_t above = i == 31 ? 0u : (r << (i + 1u));
            bad += kgl_ctz32((1u << i) | above) != i;
        }
    }
    CHECK_EQ(bad, 0);
    {
        const uint8_t bytes[4] = {0x01, 0x80, 0x00, 0xF0};
        CHECK_EQ(kgl_sparse_word(bytes), 0xF0008001u);
    }
    CHECK_EQ(kgl_sparse_bitmap_bytes(0), 0);
    CHECK_EQ(kgl_sparse_bitmap_bytes(1), 1);
    CHECK_EQ(kgl_sparse_bitmap_bytes(8), 1);
    CHECK_EQ(kgl_sparse_bitmap_bytes(9), 2);
    CHECK_EQ(kgl_sparse_bitmap_bytes(UINT32_MAX), 0x20000000u);

    /* A 40-byte bitmap with zero bytes, full bytes and random ones; every run of it. */
    enum { BITS = 320 };
    uint8_t bitmap[BITS / 8];
    for (uint32_t i = 0; i < BITS / 8; i++) {
        const uint32_t kind = rng() % 4;
        bitmap[i] = kind == 0 ? 0 : kind == 1 ? 0xFF : (uint8_t)rng();
    }
    int8_t values[BITS];
    uint32_t prefix[BITS + 1]; /* set bits before bit k */
    prefix[0] = 0;
    for (uint32_t k = 0; k < BITS; k++) {
        const int set = (bitmap[k / 8] >> (k % 8)) & 1;
        prefix[k + 1] = prefix[k] + (uint32_t)set;
        values[k] = (int8_t)(rng_range(1, 127) * (rng() % 2 ? 1 : -1));
    }
    /* Activations for steps 1 and 3 (DEPTHWISE_CONV_2D's runs step over channels). */
    static int8_t x8[3 * BITS];
    static int16_t x16[3 * BITS];
    for (uint32_t k = 0; k < 3 * BITS; k++) {
        x8[k] = (int8_t)rng_range(-128, 127);
        x16[k] = (int16_t)rng_range(-32768, 32767);
    }
    int bad_count = 0, bad_dot8 = 0, bad_dot16 = 0, bad_advance = 0;
    for (uint32_t start = 0; start <= BITS; start++) {
        bad_count += kgl_sparse_count(bitmap, start, 0) != 0;
        for (uint32_t count = 1; start + count <= BITS; count++) {
            const uint32_t expected = prefix[start + count] - prefix[start];
            bad_count += kgl_sparse_count(bitmap, start, count) != expected;
            for (size_t step = 1; step <= 3; step += 2) {
                uint32_t dot8 = 0;
                uint64_t dot16 = 0;
                uint32_t used = prefix[start];
                for (uint32_t k = start; k < start + count; k++) {
                    if ((bitmap[k / 8] >> (k % 8)) & 1) {
                        const size_t at = (k - start) * step;
                        dot8 += (uint32_t)(values[used] * (x8[at] + 77));
                        dot16 += (uint64_t)(int64_t)(values[used] * x16[at]);
                        used++;
                    }
                }
                const int8_t *v = values + prefix[start];
                bad_dot8 += kgl_sparse_dot_s8(bitmap, start, count, &v, x8, step, 77) != dot8;
                bad_advance += v != values + used;
                v = values + prefix[start];
                bad_dot16 += kgl_sparse_dot_s16(bitmap, start, count, &v, x16, step) != dot16;
                bad_advance += v != values + used;
            }
        }
    }
    CHECK_EQ(bad_count, 0);
    CHECK_EQ(bad_dot8, 0);
    CHECK_EQ(bad_dot16, 0);
    CHECK_EQ(bad_advance, 0);

    /* kgl_window_taps against the dense kernels' per-tap test, including windows wholly
       outside the input and an input size <= 0 (an int32-cast dimension). */
    int bad_window = 0;
    for (int32_t first = -12; first <= 12; first++) {
        for (int32_t dilation = 1; dilation <= 4; dilation++) {
            for (uint32_t filter = 1; filter <= 6; filter++) {
                for (int32_t size = -1; size <= 9; size++) {
                    uint32_t lo, hi;
                    kgl_window_taps(first, dilation, filter, size, &lo, &hi);
                    bad_window += lo > hi || hi > filter;
                    for (uint32_t k = 0; k < filter; k++) {
                        const int32_t at = first + (int32_t)k * dilation;
                        const int inside_dense = !(at < 0 || at >= size);
                        bad_window += inside_dense != (k >= lo && k < hi);
                    }
                }
            }
        }
    }
    {
        uint32_t lo, hi; /* coordinates near the int32 limits */
        kgl_window_taps(INT32_MIN + 1, 1, 3, INT32_MAX, &lo, &hi);
        bad_window += lo != 3 || hi != 3;
        kgl_window_taps(INT32_MAX - 2, 1, 3, INT32_MAX, &lo, &hi);
        bad_window += lo != 0 || hi != 2;
        kgl_window_taps(-5, INT32_MAX, 2, INT32_MAX, &lo, &hi);
        bad_window += lo != 1 || hi != 2;
    }
    CHECK_EQ(bad_window, 0);
}

/* ---- 2. dense against sparse ---- */

typedef struct {
    const char *name;
    uint32_t kind;
    uint32_t in_rank;
    uint32_t in_dims[4];
    uint32_t w_rank;
    uint32_t w_dims[4];
    int32_t stride_h, stride_w, dilation_h, dilation_w;
    int same;             /* SAME padding (else VALID) */
    int32_t multiplier;   /* DEPTHWISE_CONV_2D's depth multiplier */
} sp_shape;

static const sp_shape shapes[] = {
    {"FC 64 -> 16", KGL_OP_FULLY_CONNECTED, 2, {1, 64}, 2, {16, 64}, 0, 0, 0, 0, 0, 0},
    {"FC rows 3, depth 13", KGL_OP_FULLY_CONNECTED, 2, {3, 13}, 2, {5, 13}, 0, 0, 0, 0, 0, 0},
    {"FC rank 3, rows 6, depth 20", KGL_OP_FULLY_CONNECTED, 3, {2, 3, 20}, 2, {7, 20}, 0, 0, 0, 0, 0, 0},
    {"FC depth 1", KGL_OP_FULLY_CONNECTED, 2, {4, 1}, 2, {9, 1}, 0, 0, 0, 0, 0, 0},
    {"FC 200 -> 3", KGL_OP_FULLY_CONNECTED, 2, {2, 200}, 2, {3, 200}, 0, 0, 0, 0, 0, 0},
    {"CONV 1x1", KGL_OP_CONV_2D, 4, {1, 5, 5, 16}, 4, {8, 1, 1, 16}, 1, 1, 1, 1, 0, 0},
    {"CONV 1x1 batch 2, 5 channels", KGL_OP_CONV_2D, 4, {2, 4, 3, 5}, 4, {6, 1, 1, 5}, 1, 1, 1, 1, 0, 0},
    {"CONV 3x3 SAME", KGL_OP_CONV_2D, 4, {1, 6, 6, 8}, 4, {8, 3, 3, 8}, 1, 1, 1, 1, 1, 0},
    {"CONV 3x3 SAME stride 2 batch 2", KGL_OP_CONV_2D, 4, {2, 7, 7, 3}, 4, {4, 3, 3, 3}, 2, 2, 1, 1, 1, 0},
    {"CONV 3x3 SAME dilation 2", KGL_OP_CONV_2D, 4, {1, 7, 7, 4}, 4, {5, 3, 3, 4}, 1, 1, 2, 2, 1, 0},
    {"CONV 3x3 VALID stride 2 dilation 2", KGL_OP_CONV_2D, 4, {1, 9, 8, 6}, 4, {3, 3, 3, 6}, 2, 2, 2, 2, 0, 0},
    {"CONV 2x3 SAME", KGL_OP_CONV_2D, 4, {1, 6, 5, 3}, 4, {4, 2, 3, 3}, 1, 1, 1, 1, 1, 0},
    {"CONV 5x5 SAME on 3x3", KGL_OP_CONV_2D, 4, {1, 3, 3, 2}, 4, {3, 5, 5, 2}, 1, 1, 1, 1, 1, 0},
    {"CONV 3x3 grouped (2 groups)", KGL_OP_CONV_2D, 4, {1, 5, 5, 8}, 4, {6, 3, 3, 4}, 1, 1, 1, 1, 1, 0},
    {"DW 3x3 SAME m1", KGL_OP_DEPTHWISE_CONV_2D, 4, {1, 6, 6, 8}, 4, {1, 3, 3, 8}, 1, 1, 1, 1, 1, 1},
    {"DW 3x3 SAME m2 stride 2 batch 2", KGL_OP_DEPTHWISE_CONV_2D, 4, {2, 5, 5, 3}, 4, {1, 3, 3, 6}, 2, 2, 1, 1, 1, 2},
    {"DW 3x3 SAME dilation 2", KGL_OP_DEPTHWISE_CONV_2D, 4, {1, 7, 7, 4}, 4, {1, 3, 3, 4}, 1, 1, 2, 2, 1, 1},
    {"DW 5x5 SAME on 3x3 m3", KGL_OP_DEPTHWISE_CONV_2D, 4, {1, 3, 3, 2}, 4, {1, 5, 5, 6}, 1, 1, 1, 1, 1, 3},
    {"DW 1x1 VALID", KGL_OP_DEPTHWISE_CONV_2D, 4, {1, 4, 4, 5}, 4, {1, 1, 1, 5}, 1, 1, 1, 1, 0, 1},
    {"DW 2x4 VALID stride 2", KGL_OP_DEPTHWISE_CONV_2D, 4, {1, 6, 9, 3}, 4, {1, 2, 4, 3}, 2, 2, 1, 1, 0, 1},
};
#define SHAPE_COUNT (sizeof shapes / sizeof shapes[0])

static const uint32_t zero_percents[] = {0, 50, 75, 90, 100};

/* One model's geometry and random contents. */
typedef struct {
    const sp_shape *shape;
    int s16;
    int per_channel;
    uint32_t out_rank, out_dims[4];
    uint32_t channels; /* output channels: bias, multipliers, shifts, scales */
    uint32_t row_axis; /* 0, or 3 for DEPTHWISE_CONV_2D */
    uint32_t n;        /* weight count */
    int32_t pad_top, pad_left;
    int32_t input_offset, output_offset, act_min, act_max;
    int8_t w[MAX_WEIGHTS];
    int64_t bias[MAX_CHANNELS];
    int32_t mult[MAX_CHANNELS], shift[MAX_CHANNELS];
} sp_model;

/* Output size and leading padding of one spatial axis (TFLite's SAME / VALID). */
static void window_axis(uint32_t in, uint32_t filter, int32_t stride, int32_t dilation, int same,
                        uint32_t *out, int32_t *pad) {
    const uint32_t span = (filter - 1u) * (uint32_t)dilation + 1u;
    if (same) {
        *out = (in + (uint32_t)stride - 1u) / (uint32_t)stride;
        const int32_t total = (int32_t)((*out - 1u) * (uint32_t)stride + span) - (int32_t)in;
        *pad = total > 0 ? total / 2 : 0;
    } else {
        *out = (in - span) / (uint32_t)stride + 1u;
        *pad = 0;
    }
}

static uint32_t ilog2(uint32_t v) {
    uint32_t r = 0;
    while (v > 1u) {
        v >>= 1;
        r++;
    }
    return r;
}

/* Fills *md for a shape: geometry, then weights with about `zeros` % zeros (exactly none
   at 0, all at 100), bias, requantization that keeps most outputs inside the clamp. */
static void make_model(sp_model *md, const sp_shape *sh, int s16, int per_channel,
                       uint32_t zeros) {
    memset(md, 0, sizeof *md);
    md->shape = sh;
    md->s16 = s16;
    md->per_channel = per_channel;
    md->n = 1;
    for (uint32_t d = 0; d < sh->w_rank; d++) {
        md->n *= sh->w_dims[d];
    }
    uint32_t row_len;
    if (sh->kind == KGL_OP_FULLY_CONNECTED) {
        md->channels = sh->w_dims[0];
        md->row_axis = 0;
        md->out_rank = sh->in_rank;
        memcpy(md->out_dims, sh->in_dims, sizeof md->out_dims);
        md->out_dims[sh->in_rank - 1] = md->channels;
        row_len = sh->w_dims[1];
    } else {
        const int dw = sh->kind == KGL_OP_DEPTHWISE_CONV_2D;
        md->channels = dw ? sh->w_dims[3] : sh->w_dims[0];
        md->row_axis = dw ? 3u : 0u;
        md->out_rank = 4;
        md->out_dims[0] = sh->in_dims[0];
        window_axis(sh->in_dims[1], sh->w_dims[1], sh->stride_h, sh->dilation_h, sh->same,
                    &md->out_dims[1], &md->pad_top);
        window_axis(sh->in_dims[2], sh->w_dims[2], sh->stride_w, sh->dilation_w, sh->same,
                    &md->out_dims[2], &md->pad_left);
        md->out_dims[3] = md->channels;
        row_len = md->n / md->channels;
    }
    for (uint32_t k = 0; k < md->n; k++) {
        const int zero = zeros >= 100 || (zeros > 0 && rng() % 100u < zeros);
        md->w[k] = zero ? 0 : (int8_t)(rng_range(1, 127) * (rng() % 2 ? 1 : -1));
        if (!zero && rng() % 16 == 0) {
            md->w[k] = rng() % 2 ? -128 : 127; /* the extremes too */
        }
    }
    /* acc ~ sqrt(row_len) * 2^12 (int8) or 2^20 (16x8): scale it by about 2^-7 / sqrt(row_len)
       into the output range. */
    const int32_t base_shift = -7 - (int32_t)(ilog2(row_len) / 2u);
    for (uint32_t c = 0; c < md->channels; c++) {
        md->bias[c] = s16 ? (int64_t)rng_range(-(1 << 20), 1 << 20) : rng_range(-20000, 20000);
        md->mult[c] = (int32_t)(0x40000000u + rng() % 0x40000000u);
        md->shift[c] = base_shift + (per_channel ? rng_range(-1, 1) : 0);
    }
    if (s16) {
        md->act_min = rng() % 2 ? -32768 : -20000;
        md->act_max = rng() % 2 ? 32767 : 25000;
    } else {
        md->input_offset = rng_range(-127, 128);
        md->output_offset = rng_range(-128, 127);
        md->act_min = rng() % 2 ? -128 : -100;
        md->act_max = rng() % 2 ? 127 : 110;
    }
}

static kb_model spec;

/* Appends `n` bytes to the data section so that they end at a multiple of 16: with no
   strings, the last bytes of the image. Returns their offset. */
static uint32_t data_at_end(kb_model *m, const void *bytes, uint32_t n) {
    uint32_t at = kb_align16(m->data_bytes + n) - n;
    memset(m->data + m->data_bytes, 0, at - m->data_bytes);
    memcpy(m->data + at, bytes, n);
    m->data_bytes = at + n;
    return at;
}

/* A model of build_model: its tensor indices, and where its weights are (their offset in
   the data section, their stored bytes, and for sparse ones the value count). */
typedef struct {
    uint32_t input, weights, bias, output;
    uint32_t weights_at, weights_bytes, nonzeros;
} sp_layout;

/* Lays out md as a one-operator model in `spec`, the weights dense or sparse and last. */
static sp_layout build_model(const sp_model *md, int sparse) {
    const sp_shape *sh = md->shape;
    sp_layout l;
    kb_init(&spec);
    const uint32_t act_type = md->s16 ? KGL_TYPE_INT16 : KGL_TYPE_INT8;
    const uint32_t act_size = md->s16 ? 2u : 1u;
    const uint32_t mult_at = kb_data(&spec, md->mult, 4u * md->channels, 16);
    const uint32_t shift_at = kb_data(&spec, md->shift, 4u * md->channels, 16);
    float scales[MAX_CHANNELS];
    for (uint32_t c = 0; c < md->channels; c++) {
        scales[c] = 0.01f + 0.001f * (float)c;
    }
    const uint32_t scales_at = kb_data(&spec, scales, 4u * md->channels, 16);
    uint32_t bias_at;
    if (md->s16) {
        bias_at = kb_data(&spec, md->bias, 8u * md->channels, 16);
    } else {
        int32_t bias32[MAX_CHANNELS];
        for (uint32_t c = 0; c < md->channels; c++) {
            bias32[c] = (int32_t)md->bias[c];
        }
        bias_at = kb_data(&spec, bias32, 4u * md->channels, 16);
    }
    static uint8_t encoded[MAX_WEIGHTS + MAX_WEIGHTS / 8 + 1];
    l.nonzeros = 0;
    if (sparse) {
        l.weights_bytes = kb_encode_sparse(md->w, sh->w_dims, sh->w_rank, md->row_axis,
                                           encoded, &l.nonzeros);
    } else {
        memcpy(encoded, md->w, md->n);
        l.weights_bytes = md->n;
    }
    l.weights_at = data_at_end(&spec, encoded, l.weights_bytes);

    uint32_t in_bytes = act_size;
    for (uint32_t d = 0; d < sh->in_rank; d++) {
        in_bytes *= sh->in_dims[d];
    }
    /* No names: with an empty string table the weights are the image's last bytes. */
    l.input = kb_tensor(&spec, act_type, sh->in_rank, sh->in_dims, KGL_LOCATION_ARENA, 0, NULL);
    kb_quant(&spec, l.input, 0.05f, md->s16 ? 0 : -md->input_offset);
    l.weights = kb_tensor(&spec, KGL_TYPE_INT8, sh->w_rank, sh->w_dims,
                          sparse ? KGL_LOCATION_SPARSE : KGL_LOCATION_CONSTANT, l.weights_at, NULL);
    kgl_tensor_record *w = &spec.tensors[l.weights];
    w->quant_kind = md->per_channel ? KGL_QUANT_PER_CHANNEL : KGL_QUANT_PER_TENSOR;
    w->scale = scales[0];
    w->quant_axis = md->row_axis;
    w->quant_scales = md->per_channel ? scales_at : 0;
    const uint32_t b_dims[1] = {md->channels};
    l.bias = kb_tensor(&spec, md->s16 ? KGL_TYPE_INT64 : KGL_TYPE_INT32, 1, b_dims,
                       KGL_LOCATION_CONSTANT, bias_at, NULL);
    l.output = kb_tensor(&spec, act_type, md->out_rank, md->out_dims, KGL_LOCATION_ARENA,
                         kb_align16(in_bytes), NULL);
    kb_quant(&spec, l.output, 0.1f, md->output_offset);
    spec.arena_bytes = kb_align16(in_bytes) + spec.tensors[l.output].bytes;

    int32_t options[KGL_OPTION_SLOTS];
    memset(options, 0, sizeof options);
    uint32_t n_options;
    if (sh->kind == KGL_OP_FULLY_CONNECTED) {
        kgl_fully_connected_options *o = (kgl_fully_connected_options *)(void *)options;
        o->input_offset = md->input_offset;
        o->output_offset = md->output_offset;
        o->activation_min = md->act_min;
        o->activation_max = md->act_max;
        o->multipliers = (int32_t)mult_at;
        o->shifts = (int32_t)shift_at;
        n_options = 6;
    } else { /* CONV_2D's options are DEPTHWISE_CONV_2D's first 12 slots */
        kgl_depthwise_conv2d_options *o = (kgl_depthwise_conv2d_options *)(void *)options;
        o->input_offset = md->input_offset;
        o->output_offset = md->output_offset;
        o->stride_h = sh->stride_h;
        o->stride_w = sh->stride_w;
        o->dilation_h = sh->dilation_h;
        o->dilation_w = sh->dilation_w;
        o->pad_top = md->pad_top;
        o->pad_left = md->pad_left;
        o->activation_min = md->act_min;
        o->activation_max = md->act_max;
        o->multipliers = (int32_t)mult_at;
        o->shifts = (int32_t)shift_at;
        o->depth_multiplier = sh->multiplier;
        n_options = sh->kind == KGL_OP_DEPTHWISE_CONV_2D ? 13u : 12u;
    }
    const uint32_t ins[3] = {l.input, l.weights, l.bias};
    kb_operator(&spec, sh->kind, 3, ins, 1, &l.output, options, n_options, NULL);
    kb_io(&spec, 1, &l.input, 1, &l.output);
    return l;
}

/* One loaded model: its image and arena (16-aligned inside the raw buffers). */
typedef struct {
    uint8_t image_raw[IMAGE_CAP + 16];
    uint8_t arena_raw[ARENA_CAP + 16];
    uint32_t size;
    kgl_model model;
} sp_loaded;

static sp_loaded loaded[2]; /* dense, sparse */

/* Writes `spec` into slot `s` and loads it, with the bytes past the image and the arena
   poisoned during init (the bytes past the image stay poisoned until unload). */
static kgl_status load(sp_loaded *s) {
    uint8_t *image = KB_ALIGNED(s->image_raw);
    uint8_t *arena = KB_ALIGNED(s->arena_raw);
    s->size = kb_write(&spec, image, IMAGE_CAP, NULL);
    if (s->size == 0) {
        return KGL_ERROR_TRUNCATED;
    }
    KGL_TEST_POISON(image + s->size, IMAGE_CAP - s->size);
    KGL_TEST_POISON(arena, ARENA_CAP);
    const kgl_status status = kgl_model_init(&s->model, image, s->size, arena, spec.arena_bytes);
    KGL_TEST_UNPOISON(arena, ARENA_CAP);
    return status;
}

static void unload(sp_loaded *s) {
    uint8_t *image = KB_ALIGNED(s->image_raw);
    KGL_TEST_UNPOISON(image + s->size, IMAGE_CAP - s->size);
}

/* Writes `input` into the model's input, invokes with everything past arena_bytes
   poisoned, and returns the output tensor. */
static kgl_tensor run(sp_loaded *s, const uint8_t *input) {
    kgl_tensor in, out;
    kgl_model_input(&s->model, 0, &in);
    memcpy(in.data, input, in.bytes);
    uint8_t *arena = KB_ALIGNED(s->arena_raw);
    const uint32_t used = s->model.header->arena_bytes;
    KGL_TEST_POISON(arena + used, ARENA_CAP - used);
    kgl_model_invoke(&s->model);
    KGL_TEST_UNPOISON(arena + used, ARENA_CAP - used);
    kgl_model_output(&s->model, 0, &out);
    return out;
}

static int models_compared;

/* Builds md dense and sparse, checks the sparse size, and compares outputs over random
   inputs. */
static void compare_dense_sparse(const sp_model *md, uint32_t zeros) {
    static char context[160];
    snprintf(context, sizeof context, "%s %s %s, %u%% zeros", md->shape->name,
             md->s16 ? "16x8" : "int8", md->per_channel ? "per channel" : "per tensor",
             (unsigned)zeros);
    kgl_test_context = context;
    build_model(md, 0);
    const kgl_status dense_status = load(&loaded[0]);
    CHECK_STATUS(dense_status, KGL_OK);
    const sp_layout l = build_model(md, 1);
    const kgl_status sparse_status = load(&loaded[1]);
    CHECK_STATUS(sparse_status, KGL_OK);
    /* The weights end the image: the poisoned bytes start right after the last value. */
    CHECK_EQ(loaded[1].size, spec.data_bytes + ((const kgl_header *)(const void *)
                                                    KB_ALIGNED(loaded[1].image_raw))->data_offset);
    /* The stored size is ceil(N / 8) + the nonzero count. */
    uint32_t nonzeros = 0;
    for (uint32_t k = 0; k < md->n; k++) {
        nonzeros += md->w[k] != 0;
    }
    CHECK_EQ(l.nonzeros, nonzeros);
    CHECK_EQ(l.weights_bytes, (md->n + 7) / 8 + nonzeros);
    if (zeros == 0) {
        CHECK_EQ(nonzeros, md->n);
    } else if (zeros == 100) {
        CHECK_EQ(nonzeros, 0);
    }
    static uint8_t input[ARENA_CAP];
    const uint32_t in_bytes = spec.tensors[l.input].bytes;
    for (int trial = 0; trial < TRIALS && dense_status == KGL_OK && sparse_status == KGL_OK;
         trial++) {
        for (uint32_t k = 0; k < in_bytes; k++) {
            input[k] = (uint8_t)rng();
        }
        const kgl_tensor dense = run(&loaded[0], input);
        const kgl_tensor sparse = run(&loaded[1], input);
        CHECK_EQ(sparse.bytes, dense.bytes);
        CHECK_BYTES(sparse.data, dense.data, dense.bytes);
        /* Not a vacuous comparison: outputs vary (unless every weight is zero). */
        if (zeros < 100 && trial == 0 && dense.bytes >= 32u) {
            uint8_t seen[256] = {0};
            uint32_t distinct = 0;
            for (uint32_t k = 0; k < dense.bytes; k++) {
                const uint8_t b = ((const uint8_t *)dense.data)[k];
                distinct += !seen[b];
                seen[b] = 1;
            }
            CHECK(distinct >= 4);
        }
    }
    unload(&loaded[0]);
    unload(&loaded[1]);
    models_compared++;
}

static sp_model model;

static void test_dense_against_sparse(void) {
    for (uint32_t i = 0; i < SHAPE_COUNT; i++) {
        for (int s16 = 0; s16 <= 1; s16++) {
            for (int per_channel = 0; per_channel <= 1; per_channel++) {
                for (uint32_t z = 0; z < sizeof zero_percents / sizeof zero_percents[0]; z++) {
                    make_model(&model, &shapes[i], s16, per_channel, zero_percents[z]);
                    compare_dense_sparse(&model, zero_percents[z]);
                }
            }
        }
    }
    kgl_test_context = "dense against sparse";
    CHECK_EQ(models_compared, (int)(SHAPE_COUNT * 2 * 2 * 5));
}

/* ---- 3. hostile sparse tensors ---- */

/* Builds the sparse model of shape `shape_index` (int8 or 16x8, per tensor, 75 % zeros) in
   `spec` and returns its layout. */
static sp_layout hostile_base(uint32_t shape_index, int s16) {
    make_model(&model, &shapes[shape_index], s16, 0, 75);
    return build_model(&model, 1);
}

static kgl_status load_spec(void) {
    const kgl_status s = load(&loaded[1]);
    unload(&loaded[1]);
    return s;
}

/* Adds an int8 sparse constant [n] (values 1, 0, 2, 0, ...) to `spec`; returns its index. */
static uint32_t add_sparse_vector(uint32_t n) {
    int8_t dense[64];
    for (uint32_t k = 0; k < n; k++) {
        dense[k] = (int8_t)(k % 2 ? 0 : 1 + k / 2);
    }
    uint8_t enc[80];
    const uint32_t dims[1] = {n};
    const uint32_t bytes = kb_encode_sparse(dense, dims, 1, 0, enc, NULL);
    const uint32_t at = kb_data(&spec, enc, bytes, 16);
    const uint32_t t = kb_tensor(&spec, KGL_TYPE_INT8, 1, dims, KGL_LOCATION_SPARSE, at, NULL);
    kb_quant(&spec, t, 0.5f, 0);
    return t;
}

enum { FC_DEPTH_13 = 1, CONV_3X3 = 7, DW_M2 = 15 }; /* indices into shapes[] */

static void test_hostile(void) {
    kgl_test_context = "hostile sparse tensors";
    sp_layout l = hostile_base(FC_DEPTH_13, 0); /* weights [5, 13]: 65 bits, 9 bitmap bytes */
    CHECK_STATUS(load_spec(), KGL_OK);
    const uint32_t bitmap_bytes = 9;
    CHECK_EQ(l.weights_bytes, bitmap_bytes + l.nonzeros);
    CHECK(l.nonzeros > 0);

    /* The values end exactly at the end of the data section: fine. One byte short of the
       values, or of the bitmap: refused. */
    spec.data_bytes = l.weights_at + l.weights_bytes;
    CHECK_STATUS(load_spec(), KGL_OK);
    spec.data_bytes = l.weights_at + l.weights_bytes - 1;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    spec.data_bytes = l.weights_at + bitmap_bytes - 1;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    spec.data_bytes = l.weights_at + l.weights_bytes;
    /* The encoding moved: its bitmap starting past the data section, or at offsets that
       wrap 32 bits. */
    spec.tensors[l.weights].offset = spec.data_bytes - bitmap_bytes + 1;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    spec.tensors[l.weights].offset = spec.data_bytes;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    spec.tensors[l.weights].offset = 0xFFFFFFF8u;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    spec.tensors[l.weights].offset = l.weights_at;

    /* A bit past element N - 1 = 64 (bits 1..7 of the last byte), with a value for it. */
    uint8_t *bitmap = spec.data + l.weights_at;
    for (uint32_t bit = 1; bit < 8; bit++) {
        l = hostile_base(FC_DEPTH_13, 0);
        bitmap = spec.data + l.weights_at;
        bitmap[8] = (uint8_t)(bitmap[8] | (1u << bit));
        spec.data[spec.data_bytes++] = 5; /* the extra value */
        CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    }
    /* A zero among the values: first, last. */
    l = hostile_base(FC_DEPTH_13, 0);
    spec.data[l.weights_at + bitmap_bytes] = 0;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    l = hostile_base(FC_DEPTH_13, 0);
    spec.data[l.weights_at + l.weights_bytes - 1] = 0;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    /* More set bits than values fit: a zero bitmap byte set to 0xFF reads 8 more values. */
    l = hostile_base(FC_DEPTH_13, 0);
    bitmap = spec.data + l.weights_at;
    for (uint32_t i = 0; i < 8; i++) {
        if (bitmap[i] != 0xFF) {
            bitmap[i] = 0xFF;
            break;
        }
    }
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);

    /* The record: row axis >= rank, not int8, rank 0. */
    l = hostile_base(FC_DEPTH_13, 0);
    spec.tensors[l.weights].quant_axis = 2;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    spec.tensors[l.weights].quant_axis = 0xFFFFFFFFu;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    spec.tensors[l.weights].quant_axis = 0;
    spec.tensors[l.weights].type = KGL_TYPE_INT16;
    spec.tensors[l.weights].bytes *= 2;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    l = hostile_base(FC_DEPTH_13, 0);
    spec.tensors[l.bias].location = KGL_LOCATION_SPARSE; /* an int32 sparse tensor */
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    l = hostile_base(FC_DEPTH_13, 0);
    {
        kgl_tensor_record *w = &spec.tensors[l.weights];
        memset(w->dims, 0, sizeof w->dims);
        w->rank = 0;
        w->bytes = 1;
        CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);
    }
    /* Per channel: the scales keep their own checks. */
    make_model(&model, &shapes[FC_DEPTH_13], 0, 1, 75);
    l = build_model(&model, 1);
    CHECK_STATUS(load_spec(), KGL_OK);
    spec.tensors[l.weights].quant_scales = spec.data_bytes - 4;
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_TENSOR);

    /* Where a valid sparse tensor may not be: the bias, input 0, ADD's second input, an
       output, a model input. */
    l = hostile_base(FC_DEPTH_13, 0);
    {
        const uint32_t v = add_sparse_vector(5); /* int8 [5]: bias-shaped */
        spec.operands[2] = v;
        CHECK_STATUS(load_spec(), KGL_ERROR_BAD_OPERATOR);
    }
    l = hostile_base(FC_DEPTH_13, 0);
    {
        const uint32_t v = add_sparse_vector(13);
        spec.tensors[v].rank = 2;
        spec.tensors[v].dims[0] = 1;
        spec.tensors[v].dims[1] = 13;
        spec.operands[0] = v; /* FULLY_CONNECTED input [1, 13] */
        spec.tensors[l.output].dims[0] = 1;
        spec.tensors[l.output].bytes = 5;
        CHECK_STATUS(load_spec(), KGL_ERROR_BAD_OPERATOR);
    }
    l = hostile_base(FC_DEPTH_13, 0);
    {
        const uint32_t v = add_sparse_vector(13);
        spec.operands[3] = v; /* the output */
        CHECK_STATUS(load_spec(), KGL_ERROR_BAD_OPERATOR);
    }
    l = hostile_base(FC_DEPTH_13, 0);
    spec.io[0] = l.weights; /* a model input */
    CHECK_STATUS(load_spec(), KGL_ERROR_BAD_HEADER);
    {
        /* ADD x + sparse c, int8 [13]: refused; the same c dense: accepted. */
        kb_init(&spec);
        const uint32_t dims[1] = {13};
        const uint32_t x = kb_tensor(&spec, KGL_TYPE_INT8, 1, dims, KGL_LOCATION_ARENA, 0, NULL);
        kb_quant(&spec, x, 0.5f, 0);
        const uint32_t c = add_sparse_vector(13);
        const uint32_t y = kb_tensor(&spec, KGL_TYPE_INT8, 1, dims, KGL_LOCATION_ARENA, 16, NULL);
        kb_quant(&spec, y, 0.5f, 0);
        spec.arena_bytes = 32;
        const int32_t add[12] = {0, 0, 0, 20, 0x40000000, -1, 0x40000000, -1, 0x40000000, -19,
                                 -128, 127};
        const uint32_t ins[2] = {x, c};
        kb_operator(&spec, KGL_OP_ADD, 2, ins, 1, &y, add, 12, NULL);
        kb_io(&spec, 1, &x, 1, &y);
        CHECK_STATUS(load_spec(), KGL_ERROR_BAD_OPERATOR);
        static const int8_t dense[13] = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7};
        spec.tensors[c].location = KGL_LOCATION_CONSTANT;
        spec.tensors[c].offset = kb_data(&spec, dense, sizeof dense, 16);
        CHECK_STATUS(load_spec(), KGL_OK);
    }

    /* The row axis each kernel walks: 0, 0 and 3; any other is refused by its check. */
    for (int s16 = 0; s16 <= 1; s16++) {
        l = hostile_base(FC_DEPTH_13, s16);
        CHECK_STATUS(load_spec(), KGL_OK);
        spec.tensors[l.weights].quant_axis = 1;
        CHECK_STATUS(load_spec(), KGL_ERROR_BAD_OPERATOR);
        l = hostile_base(CONV_3X3, s16);
        CHECK_STATUS(load_spec(), KGL_OK);
        for (uint32_t axis = 1; axis < 4; axis++) {
            spec.tensors[l.weights].quant_axis = axis;
            CHECK_STATUS(load_spec(), KGL_ERROR_BAD_OPERATOR);
        }
        l = hostile_base(DW_M2, s16);
        CHECK_STATUS(load_spec(), KGL_OK);
        for (uint32_t axis = 0; axis < 3; axis++) {
            spec.tensors[l.weights].quant_axis = axis;
            CHECK_STATUS(load_spec(), KGL_ERROR_BAD_OPERATOR);
        }
    }
}

int main(void) {
    test_helpers();
    test_dense_against_sparse();
    test_hostile();
    kgl_test_context = "";
    return KGL_TEST_END();
}
