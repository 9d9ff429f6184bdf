/*
 * test_kernels_conv.c: the convolution family's kernels called directly through their
 * parameter structs (kgl_kernels.h), with no model: CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED, int8 and 16x8, dense and sparse filters.
 *
 * Each kernel gets hand cases whose expected bytes are worked out in the comments (the
 * multipliers are 2^30 with shift 1, i.e. x 1, unless a comment says otherwise), then
 * geometries with padding, stride, dilation and groups compared with a naive loop written
 * here from docs/QUANTIZATION.md ("Kernels": acc = sum of w * (x - zp_in) over in-image
 * taps + bias, out = clamp(MBQM(acc) + zp_out)), with the rescale of kgl_test_reference.h.
 * A sparse filter (the same weights encoded as docs/FORMAT.md says) must give the dense
 * bytes.
 */
#include "kgl_kernels.h"
#include "kgl_test.h"
#include "kgl_test_reference.h"

#define X1 (1 << 30) /* with shift 1: a rescale by 1 */

static uint32_t rng_state = 0x2545F491u;
static uint32_t rng(void) {
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}
static int32_t rng_range(int32_t lo, int32_t hi) { /* inclusive */
    return lo + (int32_t)(rng() % (uint32_t)(hi - lo + 1));
}

/* Every int8 requantization of these tests: one multiplier and shift per channel. */
static int32_t multipliers[64];
static int32_t shifts[64];
static void set_requant(kgl_channel_requantization *r, int32_t input_offset,
                        int32_t output_offset, int32_t lo, int32_t hi) {
    r->input_offset = input_offset;
    r->output_offset = output_offset;
    r->activation_min = lo;
    r->activation_max = hi;
    r->multipliers = multipliers;
    r->shifts = shifts;
    r->folded_bias = NULL;
}
static void all_x1(uint32_t n) {
    for (uint32_t c = 0; c < n; c++) {
        multipliers[c] = X1;
        shifts[c] = 1;
    }
}

static kgl_conv_geometry geometry(uint32_t batches, uint32_t in_h, uint32_t in_w,
                                  uint32_t in_depth, uint32_t out_h, uint32_t out_w,
                                  uint32_t out_depth, uint32_t k_h, uint32_t k_w,
                                  uint32_t filter_depth) {
    kgl_conv_geometry g;
    memset(&g, 0, sizeof g);
    g.batches = batches;
    g.input_h = in_h;
    g.input_w = in_w;
    g.input_depth = in_depth;
    g.output_h = out_h;
    g.output_w = out_w;
    g.output_depth = out_depth;
    g.filter_h = k_h;
    g.filter_w = k_w;
    g.filter_depth = filter_depth;
    g.stride_h = g.stride_w = g.dilation_h = g.dilation_w = 1;
    return g;
}

/* ---- CONV_2D ---- */

/* 1x1, two input and two output channels, input offset 1, output offset -3, x 1:
   oc0 = 1(a+1) + 2(b+1) + 10 = a + 2b + 13, oc1 = 2(a+1) - (b+1) - 20 = 2a - b - 19, for
   pixels (a, b) = (1,2) (3,4) (5,6) (7,8): oc0 18 24 30 36, oc1 -19 -17 -15 -13; minus 3,
   and oc0's 33 clamped to 30. */
static void test_conv2d_s8_hand(void) {
    kgl_test_context = "CONV_2D s8 hand";
    static const int8_t x[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    static const int8_t w[4] = {1, 2, 2, -1};
    static const int32_t bias[2] = {10, -20};
    static const int8_t expected[8] = {15, -22, 21, -20, 27, -18, 30, -16};
    int8_t y[8];
    all_x1(2);
    kgl_conv2d_s8_params p;
    p.geometry = geometry(1, 2, 2, 2, 2, 2, 2, 1, 1, 2);
    set_requant(&p.requant, 1, -3, -128, 30);
    p.input = x;
    p.filter.values = w;
    p.filter.bitmap = NULL;
    p.bias = bias;
    p.residual = NULL;
    p.output = y;
    kgl_conv2d_s8(&p);
    CHECK_BYTES(y, expected, sizeof expected);
}

/* A 3x3 filter of ones over a 2x2 image padded by 1 on every side (2x2 output): each
   window holds the whole image, so each output is (1+5) + (2+5) + (3+5) + (4+5) = 30 with
   input offset 5; the five taps in the padding add nothing, not 5 each. */
static void test_conv2d_s8_padding(void) {
    kgl_test_context = "CONV_2D s8 padding";
    static const int8_t x[4] = {1, 2, 3, 4};
    static const int8_t w[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    static const int32_t bias[1] = {0};
    static const int8_t expected[4] = {30, 30, 30, 30};
    int8_t y[4];
    all_x1(1);
    kgl_conv2d_s8_params p;
    p.geometry = geometry(1, 2, 2, 1, 2, 2, 1, 3, 3, 1);
    p.geometry.pad_top = p.geometry.pad_left = 1;
    set_requant(&p.requant, 5, 0, -128, 127);
    p.input = x;
    p.filter.values = w;
    p.filter.bitmap = NULL;
    p.bias = bias;
    p.residual = NULL;
    p.output = y;
    kgl_conv2d_s8(&p);
    CHECK_BYTES(y, expected, sizeof expected);
}

/* Stride, dilation and groups, one row each:
   stride_w 2, filter {1, 1} over {1, 2, 3, 4}: 1+2 = 3, 3+4 = 7;
   dilation_w 3, filter {2, -1} over {1, 2, 3, 4, 5}: 2*1 - 4 = -2, 2*2 - 5 = -1;
   two groups, one pixel {1, 2, 3, 4}, filters {1, 1} per output channel: channel 0 reads
   input channels 0-1 (1+2 = 3), channel 1 reads 2-3 (3+4 = 7). */
static void test_conv2d_s8_stride_dilation_groups(void) {
    static const int8_t x[5] = {1, 2, 3, 4, 5};
    static const int32_t bias[2] = {0, 0};
    int8_t y[2];
    all_x1(2);
    kgl_conv2d_s8_params p;
    set_requant(&p.requant, 0, 0, -128, 127);
    p.input = x;
    p.filter.bitmap = NULL;
    p.bias = bias;
    p.residual = NULL;
    p.output = y;

    kgl_test_context = "CONV_2D s8 stride";
    static const int8_t ones[2] = {1, 1};
    static const int8_t strided[2] = {3, 7};
    p.geometry = geometry(1, 1, 4, 1, 1, 2, 1, 1, 2, 1);
    p.geometry.stride_w = 2;
    p.filter.values = ones;
    kgl_conv2d_s8(&p);
    CHECK_BYTES(y, strided, 2);

    kgl_test_context = "CONV_2D s8 dilation";
    static const int8_t two_minus_one[2] = {2, -1};
    static const int8_t dilated[2] = {-2, -1};
    p.geometry = geometry(1, 1, 5, 1, 1, 2, 1, 1, 2, 1);
    p.geometry.dilation_w = 3;
    p.filter.values = two_minus_one;
    kgl_conv2d_s8(&p);
    CHECK_BYTES(y, dilated, 2);

    kgl_test_context = "CONV_2D s8 groups";
    static const int8_t group_filters[4] = {1, 1, 1, 1};
    static const int8_t grouped[2] = {3, 7};
    p.geometry = geometry(1, 1, 1, 4, 1, 1, 2, 1, 1, 2);
    p.filter.values = group_filters;
    kgl_conv2d_s8(&p);
    CHECK_BYTES(y, grouped, 2);
}

/* The naive CONV_2D of docs/QUANTIZATION.md, int8 (s16 = 0: bias int32, offsets) or 16x8
   (s16 = 1: int16 activations, int64 bias, no offsets, the int64 rescale). */
static void ref_conv2d(const kgl_conv_geometry *g, const kgl_channel_requantization *r,
                       const void *input, const int8_t *w, const void *bias, void *output,
                       int s16) {
    const uint32_t groups = g->input_depth / g->filter_depth;
    const uint32_t per_group = g->output_depth / groups;
    size_t at = 0;
    for (uint32_t b = 0; b < g->batches; b++) {
        for (uint32_t oy = 0; oy < g->output_h; oy++) {
            for (uint32_t ox = 0; ox < g->output_w; ox++) {
                for (uint32_t oc = 0; oc < g->output_depth; oc++) {
                    int64_t acc = s16 ? ((const int64_t *)bias)[oc] : ((const int32_t *)bias)[oc];
                    for (uint32_t ky = 0; ky < g->filter_h; ky++) {
                        for (uint32_t kx = 0; kx < g->filter_w; kx++) {
                            const int64_t iy = (int64_t)oy * g->stride_h - g->pad_top +
                                               (int64_t)ky * g->dilation_h;
                            const int64_t ix = (int64_t)ox * g->stride_w - g->pad_left +
                                               (int64_t)kx * g->dilation_w;
                            if (iy < 0 || ix < 0 || iy >= g->input_h || ix >= g->input_w) {
                                continue;
                            }
                            for (uint32_t c = 0; c < g->filter_depth; c++) {
                                const size_t xi =
                                    (((size_t)b * g->input_h + (size_t)iy) * g->input_w +
                                     (size_t)ix) * g->input_depth +
                                    (oc / per_group) * g->filter_depth + c;
                                const int64_t xv = s16 ? ((const int16_t *)input)[xi]
                                                       : ((const int8_t *)input)[xi] +
                                                             (int64_t)r->input_offset;
                                acc += xv * w[((size_t)(oc * g->filter_h + ky) * g->filter_w +
                                               kx) * g->filter_depth + c];
                            }
                        }
                    }
                    if (s16) {
                        ((int16_t *)output)[at++] = (int16_t)ref_clamp(
                            ref_mbqm64(acc, r->multipliers[oc], r->shifts[oc]),
                            r->activation_min, r->activation_max);
                    } else {
                        ((int8_t *)output)[at++] = (int8_t)ref_clamp(
                            (int64_t)ref_mbqm((int32_t)acc, r->multipliers[oc], r->shifts[oc]) +
                                r->output_offset,
                            r->activation_min, r->activation_max);
                    }
                }
            }
        }
    }
}

/* One window geometry: input h/w/depth, filter h/w and depth (input channels per group),
   output channels, strides, dilations, padding; the output size follows. */
typedef struct {
    const char *name;
    uint32_t in_h, in_w, in_depth, k_h, k_w, filter_depth, out_depth;
    int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
} conv_case;

static const conv_case conv_cases[] = {
    {"3x3 same", 5, 5, 3, 3, 3, 3, 4, 1, 1, 1, 1, 1, 1},
    {"3x3 valid stride 2x1", 7, 6, 2, 3, 3, 2, 3, 2, 1, 1, 1, 0, 0},
    {"3x2 dilation 1x2 padded", 6, 7, 2, 3, 2, 2, 2, 1, 1, 1, 2, 2, 1},
    {"2x2 stride 1x2 dilation 3x2", 9, 9, 1, 2, 2, 1, 5, 1, 2, 3, 2, 0, 1},
    {"groups 2", 4, 4, 4, 3, 3, 2, 6, 1, 1, 1, 1, 1, 1},
    {"groups 4 stride 2", 5, 5, 8, 3, 1, 2, 4, 2, 2, 1, 1, 1, 0},
    {"1x1 depth 17", 3, 2, 17, 1, 1, 17, 3, 1, 1, 1, 1, 0, 0},
    {"5x5 on 2x2, mostly padding", 2, 2, 3, 5, 5, 3, 2, 1, 1, 1, 1, 2, 2},
};

static int8_t conv_x8[2 * 9 * 9 * 17];
static int16_t conv_x16[2 * 9 * 9 * 17];
static int8_t conv_w[8 * 5 * 5 * 17];
static int32_t conv_b32[64];
static int64_t conv_b64[64];
static int8_t conv_y[2 * 9 * 9 * 8], conv_y_sparse[2 * 9 * 9 * 8], conv_ref[2 * 9 * 9 * 8];
static int16_t conv_y16[2 * 9 * 9 * 8], conv_y16_sparse[2 * 9 * 9 * 8], conv_ref16[2 * 9 * 9 * 8];
static uint8_t sparse_bitmap[(8 * 5 * 5 * 17 + 7) / 8];
static int8_t sparse_values[8 * 5 * 5 * 17];

/* Random weights with about `zeros` percent zeros; multipliers in [2^30, 2^31) with shifts
   -11..-8, which keep most outputs inside the clamp (16x8 accumulators are 2^8 larger, and
   so is their output range). */
static void random_filter(uint32_t n, uint32_t zeros) {
    for (uint32_t i = 0; i < n; i++) {
        conv_w[i] = rng() % 100u < zeros ? 0 : (int8_t)rng_range(-127, 127);
    }
}
static void random_requant(uint32_t channels) {
    for (uint32_t c = 0; c < channels; c++) {
        multipliers[c] = (int32_t)((1u << 30) + rng() % (1u << 30));
        shifts[c] = rng_range(-11, -8);
        conv_b32[c] = rng_range(-3000, 3000);
        conv_b64[c] = rng_range(-300000, 300000);
    }
}

static uint32_t window_out(uint32_t in, uint32_t k, int32_t stride, int32_t dilation, int32_t pad) {
    /* The largest output count whose last window starts inside the padded input. */
    const int32_t span = (int32_t)in + 2 * pad - (int32_t)((k - 1) * (uint32_t)dilation) - 1;
    return span < 0 ? 1u : (uint32_t)(span / stride) + 1u;
}

static void test_conv2d_against_reference(void) {
    for (size_t i = 0; i < sizeof conv_cases / sizeof conv_cases[0]; i++) {
        const conv_case *cc = &conv_cases[i];
        const uint32_t out_h = window_out(cc->in_h, cc->k_h, cc->stride_h, cc->dilation_h,
                                          cc->pad_top);
        const uint32_t out_w = window_out(cc->in_w, cc->k_w, cc->stride_w, cc->dilation_w,
                                          cc->pad_left);
        kgl_conv_geometry g = geometry(2, cc->in_h, cc->in_w, cc->in_depth, out_h, out_w,
                                       cc->out_depth, cc->k_h, cc->k_w, cc->filter_depth);
        g.stride_h = cc->stride_h;
        g.stride_w = cc->stride_w;
        g.dilation_h = cc->dilation_h;
        g.dilation_w = cc->dilation_w;
        g.pad_top = cc->pad_top;
        g.pad_left = cc->pad_left;
        const uint32_t in_count = 2u * cc->in_h * cc->in_w * cc->in_depth;
        const uint32_t w_count = cc->out_depth * cc->k_h * cc->k_w * cc->filter_depth;
        const uint32_t out_count = 2u * g.output_h * g.output_w * cc->out_depth;
        for (uint32_t k = 0; k < in_count; k++) {
            conv_x8[k] = (int8_t)rng_range(-128, 127);
            conv_x16[k] = (int16_t)rng_range(-32768, 32767);
        }
        random_filter(w_count, 60);
        (void)ref_sparse_encode(conv_w, NULL, w_count, sparse_bitmap, sparse_values);

        kgl_test_context = cc->name;
        random_requant(cc->out_depth);
        kgl_conv2d_s8_params p;
        p.geometry = g;
        set_requant(&p.requant, rng_range(-127, 128), rng_range(-128, 127), -100, 110);
        p.input = conv_x8;
        p.filter.values = conv_w;
        p.filter.bitmap = NULL;
        p.bias = conv_b32;
        p.residual = NULL;
        p.output = conv_y;
        kgl_conv2d_s8(&p);
        ref_conv2d(&g, &p.requant, conv_x8, conv_w, conv_b32, conv_ref, 0);
        CHECK_BYTES(conv_y, conv_ref, out_count);
        p.filter.values = sparse_values;
        p.filter.bitmap = sparse_bitmap;
        p.output = conv_y_sparse;
        kgl_conv2d_s8(&p);
        CHECK_BYTES(conv_y_sparse, conv_y, out_count);

        random_requant(cc->out_depth);
        kgl_conv2d_s16_params q;
        q.geometry = g;
        set_requant(&q.requant, 0, 0, -30000, 31000);
        q.input = conv_x16;
        q.filter.values = conv_w;
        q.filter.bitmap = NULL;
        q.bias = conv_b64;
        q.output = conv_y16;
        kgl_conv2d_s16(&q);
        ref_conv2d(&g, &q.requant, conv_x16, conv_w, conv_b64, conv_ref16, 1);
        CHECK_BYTES(conv_y16, conv_ref16, out_count * 2u);
        q.filter.values = sparse_values;
        q.filter.bitmap = sparse_bitmap;
        q.output = conv_y16_sparse;
        kgl_conv2d_s16(&q);
        CHECK_BYTES(conv_y16_sparse, conv_y16, out_count * 2u);
    }
}

#if KGL_CONV_RESIDUAL
/*
 * CONV_2D with a residual ADD fused into its stores (kgl_residual_add_s8): for a 1x1, a
 * 3x3 "same" with 16 channels (the window paths) and a 3x3 stride 2 (the blocked path or the
 * reference), dense and sparse, the expected bytes are the reference convolution into a
 * temporary, then kgl_add_s8_reference of it and the skip, with the convolution as input 1
 * and, its parameters swapped, as input 2. The fused kernel runs with the skip apart and on
 * the output's own bytes (in place).
 */
static void test_conv2d_s8_residual(void) {
    static const conv_case cases[] = {
        {"fused ADD 1x1", 3, 5, 6, 1, 1, 6, 7, 1, 1, 1, 1, 0, 0},
        {"fused ADD 3x3 same", 4, 4, 3, 3, 3, 3, 16, 1, 1, 1, 1, 1, 1},
        {"fused ADD 3x3 stride 2", 5, 6, 5, 3, 3, 5, 5, 2, 2, 1, 1, 1, 0},
    };
    static int8_t skip[2 * 9 * 9 * 8], expected[2 * 9 * 9 * 8], swapped[2 * 9 * 9 * 8];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const conv_case *cc = &cases[i];
        kgl_test_context = cc->name;
        kgl_conv_geometry g = geometry(1, cc->in_h, cc->in_w, cc->in_depth,
                                       window_out(cc->in_h, cc->k_h, cc->stride_h, 1, cc->pad_top),
                                       window_out(cc->in_w, cc->k_w, cc->stride_w, 1, cc->pad_left),
                                       cc->out_depth, cc->k_h, cc->k_w, cc->filter_depth);
        g.stride_h = cc->stride_h;
        g.stride_w = cc->stride_w;
        g.pad_top = cc->pad_top;
        g.pad_left = cc->pad_left;
        const uint32_t in_count = cc->in_h * cc->in_w * cc->in_depth;
        const uint32_t w_count = cc->out_depth * cc->k_h * cc->k_w * cc->filter_depth;
        const uint32_t out_count = g.output_h * g.output_w * cc->out_depth;
        for (uint32_t k = 0; k < in_count; k++) {
            conv_x8[k] = (int8_t)rng_range(-128, 127);
        }
        for (uint32_t k = 0; k < out_count; k++) {
            skip[k] = (int8_t)rng_range(-128, 127);
        }
        random_filter(w_count, 50);
        (void)ref_sparse_encode(conv_w, NULL, w_count, sparse_bitmap, sparse_values);
        random_requant(cc->out_depth);

        kgl_conv2d_s8_params p;
        p.geometry = g;
        set_requant(&p.requant, rng_range(-127, 128), rng_range(-128, 127), -120, 127);
        p.input = conv_x8;
        p.filter.values = conv_w;
        p.filter.bitmap = NULL;
        p.bias = conv_b32;
        p.residual = NULL;
        p.output = conv_ref;
        kgl_conv2d_s8_reference(&p);

        /* An ADD as TFLite makes it: left shift 20, the inputs rescaled by 1/2 and 1/3, the
           sum by 2^-18.5. */
        kgl_residual_add_s8 r;
        r.conv_offset = 3;
        r.skip_offset = -5;
        r.output_offset = 7;
        r.left_shift = 20;
        r.conv_multiplier = 1073741824; /* 1/2 */
        r.conv_shift = 0;
        r.skip_multiplier = 1431655765; /* 2/3, shift -1: 1/3 */
        r.skip_shift = -1;
        r.output_multiplier = 1518500250; /* 1/sqrt(2), shift -18: 2^-18.5 */
        r.output_shift = -18;
        r.activation_min = -110;
        r.activation_max = 120;
        kgl_add_s8_params a;
        const uint32_t dims[1] = {out_count};
        CHECK(kgl_broadcast_init(&a.broadcast, 1, dims, 1, dims, 1, dims));
        a.output_offset = r.output_offset;
        a.left_shift = r.left_shift;
        a.output_multiplier = r.output_multiplier;
        a.output_shift = r.output_shift;
        a.activation_min = r.activation_min;
        a.activation_max = r.activation_max;
        /* The convolution as input 1 ... */
        a.input1_offset = r.conv_offset;
        a.input1_multiplier = r.conv_multiplier;
        a.input1_shift = r.conv_shift;
        a.input2_offset = r.skip_offset;
        a.input2_multiplier = r.skip_multiplier;
        a.input2_shift = r.skip_shift;
        a.input1 = conv_ref;
        a.input2 = skip;
        a.output = expected;
        kgl_add_s8_reference(&a);
        /* ... and as input 2. */
        a.input1_offset = r.skip_offset;
        a.input1_multiplier = r.skip_multiplier;
        a.input1_shift = r.skip_shift;
        a.input2_offset = r.conv_offset;
        a.input2_multiplier = r.conv_multiplier;
        a.input2_shift = r.conv_shift;
        a.input1 = skip;
        a.input2 = conv_ref;
        a.output = swapped;
        kgl_add_s8_reference(&a);
        CHECK_BYTES(swapped, expected, out_count);

        p.residual = &r;
        for (int sparse = 0; sparse < 2; sparse++) {
            p.filter.values = sparse ? sparse_values : conv_w;
            p.filter.bitmap = sparse ? sparse_bitmap : NULL;
            r.skip = skip; /* apart */
            memset(conv_y, 0x5A, out_count);
            p.output = conv_y;
            kgl_conv2d_s8(&p);
            CHECK_BYTES(conv_y, expected, out_count);
            memcpy(conv_y, skip, out_count); /* in place: the skip is the output */
            r.skip = conv_y;
            kgl_conv2d_s8(&p);
            CHECK_BYTES(conv_y, expected, out_count);
        }
        /* The reference kernel fuses the same. */
        p.filter.values = conv_w;
        p.filter.bitmap = NULL;
        r.skip = skip;
        p.output = conv_y;
        kgl_conv2d_s8_reference(&p);
        CHECK_BYTES(conv_y, expected, out_count);
        /* The ADD changes the convolution's bytes: the test is not vacuous. */
        CHECK(memcmp(expected, conv_ref, out_count) != 0);
    }
}
#endif

/* 1x1 CONV_2D 16x8, two channels, multiplier 2^30 shift 0 (x 0.5, reduced to Q15 16384):
   2*1000 - 3*(-3000) + 7 = 11007 -> floor((11007 * 16384 + 2^14) / 2^15) = 5504;
   1000 - 3000 - 3 = -2003 -> floor((-2003 * 16384 + 2^14) / 2^15) = -1001. The offsets are
   ignored (16x8 has none); the clamp cuts 5504 to 5000. */
static void test_conv2d_s16_hand(void) {
    kgl_test_context = "CONV_2D s16 hand";
    static const int16_t x[2] = {1000, -3000};
    static const int8_t w[4] = {2, -3, 1, 1};
    static const int64_t bias[2] = {7, -3};
    int16_t y[2];
    multipliers[0] = multipliers[1] = 1 << 30;
    shifts[0] = shifts[1] = 0;
    kgl_conv2d_s16_params p;
    p.geometry = geometry(1, 1, 1, 2, 1, 1, 2, 1, 1, 2);
    set_requant(&p.requant, 0, 0, -32768, 5000);
    p.input = x;
    p.filter.values = w;
    p.filter.bitmap = NULL;
    p.bias = bias;
    p.output = y;
    kgl_conv2d_s16(&p);
    CHECK_EQ(y[0], 5000);
    CHECK_EQ(y[1], -1001);
    p.requant.activation_max = 32767;
    kgl_conv2d_s16(&p);
    CHECK_EQ(y[0], 5504);
}

/* ---- DEPTHWISE_CONV_2D ---- */

/* One row of two pixels, input channels {1, 2} and {3, 4}, a 1x2 filter, depth multiplier
   2 (output channel c reads input channel c / 2), filter taps kx0 = {1, 2, 3, 4} and
   kx1 = {-1, 0, 1, 2}, bias {0, 1, 2, 3}, x 1:
   c0 = 1*1 - 1*3 + 0 = -2; c1 = 2*1 + 0*3 + 1 = 3; c2 = 3*2 + 1*4 + 2 = 12;
   c3 = 4*2 + 2*4 + 3 = 19. */
static void test_depthwise_conv2d_s8_hand(void) {
    kgl_test_context = "DEPTHWISE_CONV_2D s8 hand";
    static const int8_t x[4] = {1, 2, 3, 4};
    static const int8_t w[8] = {1, 2, 3, 4, -1, 0, 1, 2};
    static const int32_t bias[4] = {0, 1, 2, 3};
    static const int8_t expected[4] = {-2, 3, 12, 19};
    int8_t y[4];
    all_x1(4);
    kgl_depthwise_conv2d_s8_params p;
    p.geometry = geometry(1, 1, 2, 2, 1, 1, 4, 1, 2, 4);
    p.depth_multiplier = 2;
    set_requant(&p.requant, 0, 0, -128, 127);
    p.input = x;
    p.filter.values = w;
    p.filter.bitmap = NULL;
    p.bias = bias;
    p.output = y;
    kgl_depthwise_conv2d_s8(&p);
    CHECK_BYTES(y, expected, sizeof expected);
}

/* The naive DEPTHWISE_CONV_2D: output channel c reads input channel c / multiplier, the
   filter [1, KH, KW, C] at (ky, kx, c). */
static void ref_depthwise(const kgl_conv_geometry *g, uint32_t multiplier,
                          const kgl_channel_requantization *r, const void *input,
                          const int8_t *w, const void *bias, void *output, int s16) {
    size_t at = 0;
    for (uint32_t b = 0; b < g->batches; b++) {
        for (uint32_t oy = 0; oy < g->output_h; oy++) {
            for (uint32_t ox = 0; ox < g->output_w; ox++) {
                for (uint32_t c = 0; c < g->output_depth; c++) {
                    int64_t acc = s16 ? ((const int64_t *)bias)[c] : ((const int32_t *)bias)[c];
                    for (uint32_t ky = 0; ky < g->filter_h; ky++) {
                        for (uint32_t kx = 0; kx < g->filter_w; kx++) {
                            const int64_t iy = (int64_t)oy * g->stride_h - g->pad_top +
                                               (int64_t)ky * g->dilation_h;
                            const int64_t ix = (int64_t)ox * g->stride_w - g->pad_left +
                                               (int64_t)kx * g->dilation_w;
                            if (iy < 0 || ix < 0 || iy >= g->input_h || ix >= g->input_w) {
                                continue;
                            }
                            const size_t xi = (((size_t)b * g->input_h + (size_t)iy) * g->input_w +
                                               (size_t)ix) * g->input_depth + c / multiplier;
                            const int64_t xv = s16 ? ((const int16_t *)input)[xi]
                                                   : ((const int8_t *)input)[xi] +
                                                         (int64_t)r->input_offset;
                            acc += xv * w[((size_t)ky * g->filter_w + kx) * g->output_depth + c];
                        }
                    }
                    if (s16) {
                        ((int16_t *)output)[at++] = (int16_t)ref_clamp(
                            ref_mbqm64(acc, r->multipliers[c], r->shifts[c]),
                            r->activation_min, r->activation_max);
                    } else {
                        ((int8_t *)output)[at++] = (int8_t)ref_clamp(
                            (int64_t)ref_mbqm((int32_t)acc, r->multipliers[c], r->shifts[c]) +
                                r->output_offset,
                            r->activation_min, r->activation_max);
                    }
                }
            }
        }
    }
}

/* Depthwise geometries: the conv cases' windows with depth multipliers 1, 2 and 3. */
static void test_depthwise_against_reference(void) {
    static uint32_t order[5 * 5 * 24];
    for (size_t i = 0; i < sizeof conv_cases / sizeof conv_cases[0]; i++) {
        const conv_case *cc = &conv_cases[i];
        const uint32_t multiplier = 1u + (uint32_t)i % 3u;
        const uint32_t in_depth = cc->in_depth > 8 ? 8 : cc->in_depth;
        const uint32_t out_depth = in_depth * multiplier;
        const uint32_t out_h = window_out(cc->in_h, cc->k_h, cc->stride_h, cc->dilation_h,
                                          cc->pad_top);
        const uint32_t out_w = window_out(cc->in_w, cc->k_w, cc->stride_w, cc->dilation_w,
                                          cc->pad_left);
        kgl_conv_geometry g = geometry(2, cc->in_h, cc->in_w, in_depth, out_h, out_w, out_depth,
                                       cc->k_h, cc->k_w, out_depth);
        g.stride_h = cc->stride_h;
        g.stride_w = cc->stride_w;
        g.dilation_h = cc->dilation_h;
        g.dilation_w = cc->dilation_w;
        g.pad_top = cc->pad_top;
        g.pad_left = cc->pad_left;
        const uint32_t in_count = 2u * cc->in_h * cc->in_w * in_depth;
        const uint32_t taps = cc->k_h * cc->k_w;
        const uint32_t w_count = taps * out_depth;
        const uint32_t out_count = 2u * g.output_h * g.output_w * out_depth;
        for (uint32_t k = 0; k < in_count; k++) {
            conv_x8[k] = (int8_t)rng_range(-128, 127);
            conv_x16[k] = (int16_t)rng_range(-32768, 32767);
        }
        random_filter(w_count, 50);
        /* Sparse rows run along axis 3: element k of the encoding is channel k / taps, tap
           k % taps, i.e. dense index (k % taps) * out_depth + k / taps. */
        for (uint32_t k = 0; k < w_count; k++) {
            order[k] = (k % taps) * out_depth + k / taps;
        }
        (void)ref_sparse_encode(conv_w, order, w_count, sparse_bitmap, sparse_values);

        kgl_test_context = cc->name;
        random_requant(out_depth);
        kgl_depthwise_conv2d_s8_params p;
        p.geometry = g;
        p.depth_multiplier = multiplier;
        set_requant(&p.requant, rng_range(-127, 128), rng_range(-128, 127), -128, 127);
        p.input = conv_x8;
        p.filter.values = conv_w;
        p.filter.bitmap = NULL;
        p.bias = conv_b32;
        p.output = conv_y;
        kgl_depthwise_conv2d_s8(&p);
        ref_depthwise(&g, multiplier, &p.requant, conv_x8, conv_w, conv_b32, conv_ref, 0);
        CHECK_BYTES(conv_y, conv_ref, out_count);
        p.filter.values = sparse_values;
        p.filter.bitmap = sparse_bitmap;
        p.output = conv_y_sparse;
        kgl_depthwise_conv2d_s8(&p);
        CHECK_BYTES(conv_y_sparse, conv_y, out_count);

        random_requant(out_depth);
        kgl_depthwise_conv2d_s16_params q;
        q.geometry = g;
        q.depth_multiplier = multiplier;
        set_requant(&q.requant, 0, 0, -32768, 32767);
        q.input = conv_x16;
        q.filter.values = conv_w;
        q.filter.bitmap = NULL;
        q.bias = conv_b64;
        q.output = conv_y16;
        kgl_depthwise_conv2d_s16(&q);
        ref_depthwise(&g, multiplier, &q.requant, conv_x16, conv_w, conv_b64, conv_ref16, 1);
        CHECK_BYTES(conv_y16, conv_ref16, out_count * 2u);
        q.filter.values = sparse_values;
        q.filter.bitmap = sparse_bitmap;
        q.output = conv_y16_sparse;
        kgl_depthwise_conv2d_s16(&q);
        CHECK_BYTES(conv_y16_sparse, conv_y16, out_count * 2u);
    }
}

/* DEPTHWISE 16x8 by hand: one pixel, two channels, filter {3, -2}, bias {1, 0}, multiplier
   x 0.5 (2^30, shift 0): 3 * 101 + 1 = 304 -> 152; -2 * -7 = 14 -> 7. */
static void test_depthwise_conv2d_s16_hand(void) {
    kgl_test_context = "DEPTHWISE_CONV_2D s16 hand";
    static const int16_t x[2] = {101, -7};
    static const int8_t w[2] = {3, -2};
    static const int64_t bias[2] = {1, 0};
    int16_t y[2];
    multipliers[0] = multipliers[1] = 1 << 30;
    shifts[0] = shifts[1] = 0;
    kgl_depthwise_conv2d_s16_params p;
    p.geometry = geometry(1, 1, 1, 2, 1, 1, 2, 1, 1, 2);
    p.depth_multiplier = 1;
    set_requant(&p.requant, 0, 0, -32768, 32767);
    p.input = x;
    p.filter.values = w;
    p.filter.bitmap = NULL;
    p.bias = bias;
    p.output = y;
    kgl_depthwise_conv2d_s16(&p);
    CHECK_EQ(y[0], 152);
    CHECK_EQ(y[1], 7);
}

/* ---- FULLY_CONNECTED ---- */

/* Two rows of depth 3, two units, input offset 1, x 1: rows + 1 = {2, 3, 4} and {0, 1, 5};
   w = {1, 0, -1} and {2, 1, 1}, bias {5, -5}:
   row 0: 2 - 4 + 5 = 3, 4 + 3 + 4 - 5 = 6; row 1: 0 - 5 + 5 = 0, 0 + 1 + 5 - 5 = 1.
   The same weights sparse (w[0][1] is the one zero) give the same bytes. */
static void test_fully_connected_s8_hand(void) {
    kgl_test_context = "FULLY_CONNECTED s8 hand";
    static const int8_t x[6] = {1, 2, 3, -1, 0, 4};
    static const int8_t w[6] = {1, 0, -1, 2, 1, 1};
    static const int32_t bias[2] = {5, -5};
    static const int8_t expected[4] = {3, 6, 0, 1};
    static const uint8_t bitmap[1] = {0x3D}; /* elements 0, 2, 3, 4, 5 nonzero */
    static const int8_t values[5] = {1, -1, 2, 1, 1};
    int8_t y[4];
    all_x1(2);
    kgl_fully_connected_s8_params p;
    p.rows = 2;
    p.units = 2;
    p.depth = 3;
    set_requant(&p.requant, 1, 0, -128, 127);
    p.input = x;
    p.filter.values = w;
    p.filter.bitmap = NULL;
    p.bias = bias;
    p.output = y;
    kgl_fully_connected_s8(&p);
    CHECK_BYTES(y, expected, sizeof expected);
    memset(y, 0x55, sizeof y);
    p.filter.values = values;
    p.filter.bitmap = bitmap;
    kgl_fully_connected_s8(&p);
    CHECK_BYTES(y, expected, sizeof expected);
}

/* FULLY_CONNECTED 16x8, 3 -> 1 with multiplier 1/3 (1431655765, shift -1, reduced to Q15
   21845): acc = 2 * 30000 + 1 = 60001 -> floor((60001 * 21845 + 2^15) / 2^16) = 20000. */
static void test_fully_connected_s16_hand(void) {
    kgl_test_context = "FULLY_CONNECTED s16 hand";
    static const int16_t x[3] = {30000, -5, 9};
    static const int8_t w[3] = {2, 0, 0};
    static const int64_t bias[1] = {1};
    int16_t y[1];
    multipliers[0] = 1431655765;
    shifts[0] = -1;
    kgl_fully_connected_s16_params p;
    p.rows = 1;
    p.units = 1;
    p.depth = 3;
    set_requant(&p.requant, 0, 0, -32768, 32767);
    p.input = x;
    p.filter.values = w;
    p.filter.bitmap = NULL;
    p.bias = bias;
    p.output = y;
    kgl_fully_connected_s16(&p);
    CHECK_EQ(y[0], 20000);
}

/* Random FULLY_CONNECTED against the naive sum, dense and sparse, both precisions. */
static void test_fully_connected_against_reference(void) {
    static const uint32_t shapes[][3] = {{1, 7, 12}, {3, 13, 64}, {2, 5, 1}, {4, 1, 33}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const uint32_t rows = shapes[s][0], units = shapes[s][1], depth = shapes[s][2];
        kgl_test_context = "FULLY_CONNECTED random";
        for (uint32_t k = 0; k < rows * depth; k++) {
            conv_x8[k] = (int8_t)rng_range(-128, 127);
            conv_x16[k] = (int16_t)rng_range(-32768, 32767);
        }
        random_filter(units * depth, 70);
        (void)ref_sparse_encode(conv_w, NULL, units * depth, sparse_bitmap, sparse_values);
        random_requant(units);
        kgl_fully_connected_s8_params p;
        p.rows = rows;
        p.units = units;
        p.depth = depth;
        set_requant(&p.requant, rng_range(-127, 128), rng_range(-128, 127), -128, 127);
        p.input = conv_x8;
        p.filter.values = conv_w;
        p.filter.bitmap = NULL;
        p.bias = conv_b32;
        p.output = conv_y;
        kgl_fully_connected_s8(&p);
        for (uint32_t r = 0; r < rows; r++) {
            for (uint32_t u = 0; u < units; u++) {
                int64_t acc = conv_b32[u];
                for (uint32_t d = 0; d < depth; d++) {
                    acc += (int64_t)conv_w[u * depth + d] *
                           (conv_x8[r * depth + d] + (int64_t)p.requant.input_offset);
                }
                conv_ref[r * units + u] = (int8_t)ref_clamp(
                    (int64_t)ref_mbqm((int32_t)acc, multipliers[u], shifts[u]) +
                        p.requant.output_offset, -128, 127);
            }
        }
        CHECK_BYTES(conv_y, conv_ref, rows * units);
        p.filter.values = sparse_values;
        p.filter.bitmap = sparse_bitmap;
        p.output = conv_y_sparse;
        kgl_fully_connected_s8(&p);
        CHECK_BYTES(conv_y_sparse, conv_y, rows * units);

        kgl_test_context = "FULLY_CONNECTED s16 random";
        random_requant(units);
        kgl_fully_connected_s16_params q;
        q.rows = rows;
        q.units = units;
        q.depth = depth;
        set_requant(&q.requant, 0, 0, -32768, 32767);
        q.input = conv_x16;
        q.filter.values = conv_w;
        q.filter.bitmap = NULL;
        q.bias = conv_b64;
        q.output = conv_y16;
        kgl_fully_connected_s16(&q);
        for (uint32_t r = 0; r < rows; r++) {
            for (uint32_t u = 0; u < units; u++) {
                int64_t acc = conv_b64[u];
                for (uint32_t d = 0; d < depth; d++) {
                    acc += (int64_t)conv_w[u * depth + d] * conv_x16[r * depth + d];
                }
                conv_ref16[r * units + u] = (int16_t)ref_clamp(
                    ref_mbqm64(acc, multipliers[u], shifts[u]), -32768, 32767);
            }
        }
        CHECK_BYTES(conv_y16, conv_ref16, rows * units * 2u);
        q.filter.values = sparse_values;
        q.filter.bitmap = sparse_bitmap;
        q.output = conv_y16_sparse;
        kgl_fully_connected_s16(&q);
        CHECK_BYTES(conv_y16_sparse, conv_y16, rows * units * 2u);
    }
}

int main(void) {
    test_conv2d_s8_hand();
    test_conv2d_s8_padding();
    test_conv2d_s8_stride_dilation_groups();
    test_conv2d_s16_hand();
    test_conv2d_against_reference();
#if KGL_CONV_RESIDUAL
    test_conv2d_s8_residual();
#endif
    test_depthwise_conv2d_s8_hand();
    test_depthwise_conv2d_s16_hand();
    test_depthwise_against_reference();
    test_fully_connected_s8_hand();
    test_fully_connected_s16_hand();
    test_fully_connected_against_reference();
    return KGL_TEST_END();
}
