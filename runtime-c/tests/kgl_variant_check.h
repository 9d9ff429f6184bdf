/*
 * kgl_variant_check.h: the fast kernels of this build's variant (kgl_kernel_variant.h), and
 * the elementwise path of ADD, against their readable specifications (kgl_kernels.h's *_reference), on random
 * geometries, offsets and requantizations, byte for byte; CONV_2D with a residual ADD fused
 * (kgl_residual_add_s8) against the reference convolution followed by the reference ADD.
 *
 * No stdio and no heap, so that the same check runs on the host (tests/test_kernel_variants.c)
 * and on every Cortex-M core under QEMU (targets: make variants). Fixed seed: a failure
 * reproduces from its case number.
 *
 * Geometries cover what selects the fast paths and their edges: 1x1 stride 1 (matrix
 * product), k x k with strides, padding on every side (windows partly or wholly outside the
 * input), dilation, odd channel counts, Cin 1, depth % 4 != 0, batches, grouped and
 * dilated-width convolutions and depth multipliers (the reference path), input offsets over
 * [-127, 128] and wrapping sums (large biases).
 */
#ifndef KGL_VARIANT_CHECK_H
#define KGL_VARIANT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "kgl_kernels.h"
#include "kgl_requantize.h"

/* Buffer sizes (elements), small enough for a Cortex-M0+ with 16 KB of RAM; a geometry that
   does not fit is drawn again. The host test raises them. */
#ifndef KGL_VC_INPUT_CAP
#define KGL_VC_INPUT_CAP 2048
#endif
#ifndef KGL_VC_FILTER_CAP
#define KGL_VC_FILTER_CAP 3072
#endif
#ifndef KGL_VC_OUTPUT_CAP
#define KGL_VC_OUTPUT_CAP 2048
#endif
#define KGL_VC_CHANNEL_CAP 80

/* Called with the operator's name and the case number of every mismatch. */
typedef void (*kgl_variant_report)(const char *kernel, uint32_t case_index);

typedef struct {
    uint32_t state;
    int8_t input[KGL_VC_INPUT_CAP];
    int8_t filter[KGL_VC_FILTER_CAP];
    int8_t fast[KGL_VC_OUTPUT_CAP];
    int8_t reference[KGL_VC_OUTPUT_CAP];
    int8_t skip[KGL_VC_OUTPUT_CAP]; /* a fused ADD's other input (FUSED ADD) */
    int32_t bias[KGL_VC_CHANNEL_CAP];
    int32_t multipliers[KGL_VC_CHANNEL_CAP];
    int32_t shifts[KGL_VC_CHANNEL_CAP];
    int32_t folded[KGL_VC_CHANNEL_CAP]; /* a folded bias (format 1.6) */
} kgl_variant_check;

static uint32_t kgl_vc_next(kgl_variant_check *c) { /* xorshift32 */
    uint32_t s = c->state;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return c->state = s;
}

/* Uniform in [lo, hi] (hi - lo < 2^32 - 1). */
static int32_t kgl_vc_range(kgl_variant_check *c, int32_t lo, int32_t hi) {
    const uint32_t span = (uint32_t)hi - (uint32_t)lo + 1u;
    return (int32_t)((uint32_t)lo + kgl_vc_next(c) % span);
}

/* One of the listed values. */
static uint32_t kgl_vc_pick(kgl_variant_check *c, const uint32_t *values, uint32_t count) {
    return values[kgl_vc_next(c) % count];
}

static void kgl_vc_fill(kgl_variant_check *c, int8_t *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        v[i] = (int8_t)(kgl_vc_next(c) >> 24);
    }
}

/* Biases, multipliers, shifts and offsets for `channels` outputs. */
static kgl_channel_requantization kgl_vc_requant(kgl_variant_check *c, uint32_t channels) {
    const int wide_bias = kgl_vc_next(c) % 4u == 0u; /* sums that wrap */
    for (uint32_t i = 0; i < channels; i++) {
        c->bias[i] = wide_bias ? (int32_t)kgl_vc_next(c) : kgl_vc_range(c, -40000, 40000);
        c->multipliers[i] = kgl_vc_range(c, 1 << 30, INT32_MAX);
        c->shifts[i] = kgl_vc_next(c) % 8u == 0u ? kgl_vc_range(c, -31, 30)
                                                  : kgl_vc_range(c, -12, 0);
    }
    kgl_channel_requantization r;
    r.input_offset = kgl_vc_range(c, -127, 128);
    r.output_offset = kgl_vc_range(c, -128, 127);
    r.activation_min = kgl_vc_next(c) % 2u == 0u ? -128 : kgl_vc_range(c, -128, 0);
    r.activation_max = kgl_vc_next(c) % 2u == 0u ? 127 : kgl_vc_range(c, 0, 127);
    r.multipliers = c->multipliers;
    r.shifts = c->shifts;
    r.folded_bias = NULL;
    return r;
}

/* One case in two, r's folded bias (format 1.6) from c->filter's dense values and c->bias:
   channel k's `count` weights at k * channel_step + j * element_step. The kernels must give
   the same bytes with it as without. */
static void kgl_vc_fold(kgl_variant_check *c, kgl_channel_requantization *r, uint32_t channels,
                        uint32_t count, size_t channel_step, size_t element_step) {
    if (kgl_vc_next(c) % 2u == 0u) {
        return;
    }
    for (uint32_t k = 0; k < channels; k++) {
        uint32_t sum = 0;
        for (uint32_t j = 0; j < count; j++) {
            sum += (uint32_t)(int32_t)c->filter[k * channel_step + j * element_step];
        }
        c->folded[k] = (int32_t)((uint32_t)c->bias[k] + (uint32_t)r->input_offset * sum);
    }
    r->folded_bias = c->folded;
}

/*
 * A window axis: input size, filter size, stride, dilation and padding, and the output size
 * they give (padding on the far side random too). Returns 0 when the filter does not fit.
 */
static int kgl_vc_axis(kgl_variant_check *c, uint32_t input, uint32_t filter, int32_t stride,
                       int32_t dilation, int32_t *pad_before, uint32_t *output) {
    const int32_t span = ((int32_t)filter - 1) * dilation + 1;
    *pad_before = kgl_vc_next(c) % 3u == 0u ? 0 : kgl_vc_range(c, 0, span - 1);
    const int32_t pad_after = kgl_vc_next(c) % 3u == 0u ? 0 : kgl_vc_range(c, 0, span - 1);
    const int32_t padded = (int32_t)input + *pad_before + pad_after;
    if (padded < span) {
        return 0;
    }
    *output = (uint32_t)((padded - span) / stride + 1);
    return 1;
}

static const uint32_t kgl_vc_depths[] = {1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 20, 48, 80};
#define KGL_VC_DEPTH_COUNT ((uint32_t)(sizeof kgl_vc_depths / sizeof kgl_vc_depths[0]))

/* A random geometry for CONV_2D (depthwise: 0) or DEPTHWISE_CONV_2D (1) within the caps. */
static int kgl_vc_geometry(kgl_variant_check *c, int depthwise, kgl_conv_geometry *g,
                           uint32_t *multiplier) {
    const int pointwise = kgl_vc_next(c) % 4u == 0u;
    g->batches = kgl_vc_next(c) % 5u == 0u ? 2u : 1u;
    g->input_h = (uint32_t)kgl_vc_range(c, 1, 12);
    g->input_w = (uint32_t)kgl_vc_range(c, 1, 12);
    g->input_depth = kgl_vc_pick(c, kgl_vc_depths, KGL_VC_DEPTH_COUNT);
    g->filter_h = pointwise ? 1u : (uint32_t)kgl_vc_range(c, 1, 5);
    g->filter_w = pointwise ? 1u : (uint32_t)kgl_vc_range(c, 1, 5);
    g->stride_h = pointwise ? 1 : kgl_vc_range(c, 1, 3);
    g->stride_w = pointwise ? 1 : kgl_vc_range(c, 1, 3);
    g->dilation_h = pointwise || kgl_vc_next(c) % 4u != 0u ? 1 : kgl_vc_range(c, 2, 3);
    g->dilation_w = pointwise || kgl_vc_next(c) % 6u != 0u ? 1 : 2;
    *multiplier = 1;
    if (depthwise) {
        *multiplier = kgl_vc_next(c) % 5u == 0u ? (uint32_t)kgl_vc_range(c, 2, 3) : 1u;
        g->output_depth = g->input_depth * *multiplier;
        g->filter_depth = g->output_depth;
    } else {
        /* Now and then more output channels than one pass of the window kernel takes. */
        g->output_depth = kgl_vc_next(c) % 8u == 0u ? (uint32_t)kgl_vc_range(c, 60, 80)
                                                     : kgl_vc_pick(c, kgl_vc_depths, KGL_VC_DEPTH_COUNT);
        g->filter_depth = g->input_depth;
        if (kgl_vc_next(c) % 6u == 0u && g->input_depth % 2u == 0u) { /* two groups */
            g->filter_depth = g->input_depth / 2u;
            g->output_depth = 2u * (uint32_t)kgl_vc_range(c, 1, 6);
        }
    }
    if (pointwise) {
        g->pad_top = g->pad_left = 0;
        g->output_h = g->input_h;
        g->output_w = g->input_w;
    } else if (!kgl_vc_axis(c, g->input_h, g->filter_h, g->stride_h, g->dilation_h, &g->pad_top,
                            &g->output_h) ||
               !kgl_vc_axis(c, g->input_w, g->filter_w, g->stride_w, g->dilation_w,
                            &g->pad_left, &g->output_w)) {
        return 0;
    }
    const size_t filter = (size_t)g->filter_h * g->filter_w * g->filter_depth *
                          (depthwise ? 1u : g->output_depth);
    return (size_t)g->batches * g->input_h * g->input_w * g->input_depth <= KGL_VC_INPUT_CAP &&
           filter <= KGL_VC_FILTER_CAP &&
           (size_t)g->batches * g->output_h * g->output_w * g->output_depth <=
               KGL_VC_OUTPUT_CAP &&
           g->output_depth <= KGL_VC_CHANNEL_CAP;
}

/* Fills the output buffers with different bytes, so that an unwritten output differs. */
static void kgl_vc_clear(kgl_variant_check *c, size_t n) {
    for (size_t i = 0; i < n; i++) {
        c->fast[i] = 0x5A;
        c->reference[i] = (int8_t)-0x5B;
    }
}

static int kgl_vc_same(const kgl_variant_check *c, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (c->fast[i] != c->reference[i]) {
            return 0;
        }
    }
    return 1;
}

/* Random input, filter (filter_len values) and requantization for a window geometry. */
static kgl_channel_requantization kgl_vc_window_operands(kgl_variant_check *c,
                                                         const kgl_conv_geometry *g,
                                                         size_t filter_len) {
    kgl_vc_fill(c, c->input, (size_t)g->batches * g->input_h * g->input_w * g->input_depth);
    kgl_vc_fill(c, c->filter, filter_len);
    return kgl_vc_requant(c, g->output_depth);
}

/*
 * The first `len` values of c->filter stored sparse (format 1.4) in the back half of the
 * filter buffer, zeros from 30 to 100 % (the dense bytes get the same zeros); gives the
 * bitmap and sets *values. Requires len + (len + 7) / 8 <= KGL_VC_FILTER_CAP / 2.
 */
static const uint8_t *kgl_vc_sparse_filter(kgl_variant_check *c, uint32_t len,
                                           const int8_t **values) {
    const uint32_t keep = (uint32_t)kgl_vc_range(c, 0, 70); /* percent nonzero */
    uint8_t *bitmap = (uint8_t *)(void *)(c->filter + KGL_VC_FILTER_CAP / 2u);
    const uint32_t bitmap_bytes = (len + 7u) / 8u;
    int8_t *nonzeros = c->filter + KGL_VC_FILTER_CAP / 2u + bitmap_bytes;
    uint32_t count = 0;
    for (uint32_t k = 0; k < bitmap_bytes; k++) {
        bitmap[k] = 0;
    }
    for (uint32_t k = 0; k < len; k++) {
        if (kgl_vc_next(c) % 100u >= keep || c->filter[k] == 0) {
            c->filter[k] = 0;
        } else {
            bitmap[k / 8u] = (uint8_t)(bitmap[k / 8u] | (1u << (k % 8u)));
            nonzeros[count++] = c->filter[k];
        }
    }
    *values = nonzeros;
    return bitmap;
}

/* Counts and reports case i of `kernel` when its n output bytes differ. */
static void kgl_vc_compare(const kgl_variant_check *c, size_t n, const char *kernel,
                           uint32_t i, kgl_variant_report report, uint32_t *failures) {
    if (!kgl_vc_same(c, n)) {
        (*failures)++;
        report(kernel, i);
    }
}

/*
 * In place (kgl_window_rows.c): the least gap by which a window's output may start before
 * (before = 1) or after its input, derived here from the rows each output row reads.
 */
static int64_t kgl_vc_least_gap(const kgl_conv_geometry *g, int before) {
    const int64_t in_row = (int64_t)g->input_w * g->input_depth;
    const int64_t out_row = (int64_t)g->output_w * g->output_depth;
    const int64_t span = (int64_t)(g->filter_h - 1u) * g->dilation_h + 1;
    int64_t gap = 0;
    for (int64_t r = 0; r < (int64_t)g->output_h; r++) {
        const int64_t top = r * g->stride_h - g->pad_top;
        const int64_t first = top > 0 ? top : 0;
        const int64_t end = top + span < (int64_t)g->input_h ? top + span : (int64_t)g->input_h;
        const int64_t need = before ? (r + 1) * out_row - first * in_row : end * in_row - r * out_row;
        gap = need > gap ? need : gap;
    }
    return gap;
}

/*
 * Places a window's input and output in c->fast, `gap` bytes apart (output first when
 * `before`), both inside KGL_VC_OUTPUT_CAP; returns 0 when they do not fit. Sets the input
 * and output offsets within c->fast and copies c->input there.
 */
static int kgl_vc_place(kgl_variant_check *c, const kgl_conv_geometry *g, int before,
                        int64_t gap, uint32_t *input_at, uint32_t *output_at) {
    const int64_t in = (int64_t)g->input_h * g->input_w * g->input_depth;
    const int64_t out = (int64_t)g->output_h * g->output_w * g->output_depth;
    *input_at = before ? (uint32_t)gap : 0u;
    *output_at = before ? 0u : (uint32_t)gap;
    if (*input_at + in > KGL_VC_OUTPUT_CAP || *output_at + out > KGL_VC_OUTPUT_CAP) {
        return 0;
    }
    for (int64_t k = 0; k < in; k++) {
        c->fast[*input_at + k] = c->input[k];
    }
    return 1;
}

/* Moves an in-place output from c->fast + at to the front of c->fast, for kgl_vc_compare. */
static void kgl_vc_output_to_front(kgl_variant_check *c, uint32_t at, size_t n) {
    for (size_t k = 0; k < n; k++) {
        c->fast[k] = c->fast[at + k];
    }
}

/*
 * Runs `cases` random cases of each of CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD,
 * the requantization of runs (REQUANTIZE), CONV_2D with sparse filters (SPARSE CONV_2D),
 * AVERAGE_POOL_2D, ADD and windows in place (IN PLACE) and, in builds with ADD, CONV_2D
 * with a residual ADD fused (FUSED ADD) from seed `seed` (nonzero). Returns the number of
 * mismatching cases, each also reported.
 */
/* A pooling window for AVERAGE_POOL_2D and MAX_POOL_2D (one parameter struct): windows
   clipped at every edge, depths around the sixteen-channel blocks and the 64-channel sums,
   its input filled and both outputs cleared; *out its output elements. 0 when it does not
   fit the buffers. */
static int kgl_vc_pool(kgl_variant_check *c, kgl_pool2d_s8_params *p, size_t *out) {
    p->batches = kgl_vc_next(c) % 5u == 0u ? 2u : 1u;
    p->input_h = (uint32_t)kgl_vc_range(c, 1, 10);
    p->input_w = (uint32_t)kgl_vc_range(c, 1, 10);
    p->depth = kgl_vc_next(c) % 2u == 0u ? kgl_vc_pick(c, kgl_vc_depths, KGL_VC_DEPTH_COUNT)
                                         : (uint32_t)kgl_vc_range(c, 60, 140);
    p->filter_h = kgl_vc_range(c, 1, (int32_t)p->input_h + 1);
    p->filter_w = kgl_vc_range(c, 1, (int32_t)p->input_w + 1);
    p->stride_h = kgl_vc_range(c, 1, 3);
    p->stride_w = kgl_vc_range(c, 1, 3);
    p->pad_top = kgl_vc_range(c, 0, p->filter_h - 1);
    p->pad_left = kgl_vc_range(c, 0, p->filter_w - 1);
    /* The last window starts inside the input (kgl_pool2d_check). */
    p->output_h = (p->input_h - 1u + (uint32_t)p->pad_top) / (uint32_t)p->stride_h + 1u;
    p->output_w = (p->input_w - 1u + (uint32_t)p->pad_left) / (uint32_t)p->stride_w + 1u;
    p->activation_min = kgl_vc_next(c) % 2u == 0u ? -128 : kgl_vc_range(c, -128, 0);
    p->activation_max = kgl_vc_next(c) % 2u == 0u ? 127 : kgl_vc_range(c, 0, 127);
    const size_t in = (size_t)p->batches * p->input_h * p->input_w * p->depth;
    *out = (size_t)p->batches * p->output_h * p->output_w * p->depth;
    if (in > KGL_VC_INPUT_CAP || *out > KGL_VC_OUTPUT_CAP) {
        return 0;
    }
    kgl_vc_fill(c, c->input, in);
    p->input = c->input;
    kgl_vc_clear(c, *out);
    return 1;
}

static uint32_t kgl_check_kernel_variants(kgl_variant_check *c, uint32_t seed, uint32_t cases,
                                          kgl_variant_report report) {
    uint32_t failures = 0;
    c->state = seed;
    for (uint32_t i = 0; i < cases;) {
        kgl_conv2d_s8_params p;
        uint32_t multiplier;
        if (!kgl_vc_geometry(c, 0, &p.geometry, &multiplier)) {
            continue;
        }
        const kgl_conv_geometry *g = &p.geometry;
        const size_t out = (size_t)g->batches * g->output_h * g->output_w * g->output_depth;
        p.requant = kgl_vc_window_operands(
            c, g, (size_t)g->output_depth * g->filter_h * g->filter_w * g->filter_depth);
        p.input = c->input;
        p.filter.values = c->filter;
        p.filter.bitmap = NULL;
        p.bias = c->bias;
        p.residual = NULL;
        kgl_vc_fold(c, &p.requant, g->output_depth, g->filter_h * g->filter_w * g->filter_depth,
                    (size_t)g->filter_h * g->filter_w * g->filter_depth, 1);
        kgl_vc_clear(c, out);
        p.output = c->fast;
        kgl_conv2d_s8(&p);
        p.output = c->reference;
        kgl_conv2d_s8_reference(&p);
        kgl_vc_compare(c, out, "CONV_2D", i++, report, &failures);
    }
    for (uint32_t i = 0; i < cases;) {
        kgl_depthwise_conv2d_s8_params p;
        if (!kgl_vc_geometry(c, 1, &p.geometry, &p.depth_multiplier)) {
            continue;
        }
        const kgl_conv_geometry *g = &p.geometry;
        const size_t out = (size_t)g->batches * g->output_h * g->output_w * g->output_depth;
        p.requant =
            kgl_vc_window_operands(c, g, (size_t)g->filter_h * g->filter_w * g->output_depth);
        p.input = c->input;
        p.filter.values = c->filter;
        p.filter.bitmap = NULL;
        p.bias = c->bias;
        kgl_vc_fold(c, &p.requant, g->output_depth, g->filter_h * g->filter_w, 1, g->output_depth);
        kgl_vc_clear(c, out);
        p.output = c->fast;
        kgl_depthwise_conv2d_s8(&p);
        p.output = c->reference;
        kgl_depthwise_conv2d_s8_reference(&p);
        kgl_vc_compare(c, out, "DEPTHWISE_CONV_2D", i++, report, &failures);
    }
    for (uint32_t i = 0; i < cases;) {
        kgl_fully_connected_s8_params p;
        p.rows = (uint32_t)kgl_vc_range(c, 1, 3);
        p.units = (uint32_t)kgl_vc_range(c, 1, 40);
        p.depth = (uint32_t)kgl_vc_range(c, 1, 300);
        if ((size_t)p.units * p.depth > KGL_VC_FILTER_CAP ||
            (size_t)p.rows * p.depth > KGL_VC_INPUT_CAP ||
            (size_t)p.rows * p.units > KGL_VC_OUTPUT_CAP) {
            continue;
        }
        const size_t out = (size_t)p.rows * p.units;
        kgl_vc_fill(c, c->input, (size_t)p.rows * p.depth);
        kgl_vc_fill(c, c->filter, (size_t)p.units * p.depth);
        p.requant = kgl_vc_requant(c, p.units);
        p.input = c->input;
        p.filter.values = c->filter;
        p.filter.bitmap = NULL;
        p.bias = c->bias;
        kgl_vc_fold(c, &p.requant, p.units, p.depth, p.depth, 1);
        kgl_vc_clear(c, out);
        p.output = c->fast;
        kgl_fully_connected_s8(&p);
        p.output = c->reference;
        kgl_fully_connected_s8_reference(&p);
        kgl_vc_compare(c, out, "FULLY_CONNECTED", i++, report, &failures);
    }
    for (uint32_t i = 0; i < cases; i++) {
        kgl_add_s8_params p;
        const uint32_t dims[4] = {1u, (uint32_t)kgl_vc_range(c, 1, 12),
                                  (uint32_t)kgl_vc_range(c, 1, 12),
                                  (uint32_t)kgl_vc_range(c, 1, 16)};
        (void)kgl_broadcast_init(&p.broadcast, 4, dims, 4, dims, 4, dims);
        const size_t n = p.broadcast.count;
        if (n > KGL_VC_INPUT_CAP || n > KGL_VC_FILTER_CAP || n > KGL_VC_OUTPUT_CAP) {
            continue;
        }
        kgl_vc_fill(c, c->input, n);
        kgl_vc_fill(c, c->filter, n);
        /* TFLite's ADD: left shift 20, input multipliers < 1 (shifts <= 0). */
        p.input1_offset = kgl_vc_range(c, -127, 128);
        p.input2_offset = kgl_vc_range(c, -127, 128);
        p.output_offset = kgl_vc_range(c, -128, 127);
        p.left_shift = kgl_vc_next(c) % 4u == 0u ? kgl_vc_range(c, 0, 20) : 20;
        p.input1_multiplier = kgl_vc_range(c, 1 << 30, INT32_MAX);
        p.input1_shift = kgl_vc_range(c, -31, 0);
        p.input2_multiplier = kgl_vc_range(c, 1 << 30, INT32_MAX);
        p.input2_shift = kgl_vc_range(c, -31, 0);
        p.output_multiplier = kgl_vc_range(c, 1 << 30, INT32_MAX);
        p.output_shift = kgl_vc_next(c) % 4u == 0u ? kgl_vc_range(c, -31, 0)
                                                    : kgl_vc_range(c, -24, -15);
        p.activation_min = kgl_vc_next(c) % 2u == 0u ? -128 : kgl_vc_range(c, -128, 0);
        p.activation_max = kgl_vc_next(c) % 2u == 0u ? 127 : kgl_vc_range(c, 0, 127);
        p.input1 = c->input;
        p.input2 = c->filter;
        kgl_vc_clear(c, n);
        p.output = c->fast;
        kgl_add_s8(&p);
        p.output = c->reference;
        kgl_add_s8_reference(&p);
        kgl_vc_compare(c, n, "ADD", i, report, &failures);
        /* In place (format 1.5): the output on the bytes of one input, a copy in c->fast. */
        const int first = (int)(kgl_vc_next(c) % 2u);
        for (size_t k = 0; k < n; k++) {
            c->fast[k] = first ? c->input[k] : c->filter[k];
        }
        if (first) {
            p.input1 = c->fast;
        } else {
            p.input2 = c->fast;
        }
        p.output = c->fast;
        kgl_add_s8(&p);
        kgl_vc_compare(c, n, "IN PLACE ADD", i, report, &failures);
    }
    for (uint32_t i = 0; i < cases; i++) {
        /* A run of accumulators, one channel's: kgl_requantize_outputs_s8 (its one-multiply
           form and the Helium lanes) and kgl_requantize_output_fast_s8 against
           kgl_requantize_output_s8 value by value, over
           every shift, multipliers from 0 to INT32_MAX and sums up to the int32 extremes. */
        static const int32_t edges[] = {0, 1, -1, 2, -2, INT32_MAX, INT32_MIN, INT32_MIN + 1};
        const uint32_t n = (uint32_t)kgl_vc_range(c, 1, KGL_VC_CHANNEL_CAP);
        const uint32_t pick = kgl_vc_next(c) % 8u;
        const int32_t multiplier = pick == 0u   ? 0
                                   : pick == 1u ? 1 << 30
                                   : pick == 2u ? INT32_MAX
                                   : pick == 3u ? kgl_vc_range(c, 1, (1 << 30) - 1)
                                                : kgl_vc_range(c, 1 << 30, INT32_MAX);
        const int32_t shift = kgl_vc_range(c, -31, 30);
        const uint32_t magnitude = kgl_vc_next(c) % 32u; /* sums of every size */
        for (uint32_t k = 0; k < n; k++) {
            const uint32_t r = kgl_vc_next(c);
            c->bias[k] = r % 16u == 0u ? edges[(r >> 4) % 8u]
                                       : kgl_i32_from_bits(r) >> magnitude;
        }
        const int32_t output_offset = kgl_vc_range(c, -128, 127);
        const int32_t act_min = kgl_vc_next(c) % 2u == 0u ? -128 : kgl_vc_range(c, -128, 0);
        const int32_t act_max = kgl_vc_next(c) % 2u == 0u ? 127 : kgl_vc_range(c, 0, 127);
        const uint32_t *sums = (const uint32_t *)(const void *)c->bias;
        kgl_vc_clear(c, n);
        kgl_requantize_outputs_s8(sums, n, multiplier, shift, output_offset, act_min, act_max,
                                  c->fast, 1);
        for (uint32_t k = 0; k < n; k++) {
            c->reference[k] = kgl_requantize_output_s8(sums[k], multiplier, shift, output_offset,
                                                       act_min, act_max);
        }
        kgl_vc_compare(c, n, "REQUANTIZE", i, report, &failures);
        for (uint32_t k = 0; k < n; k++) {
            c->fast[k] = kgl_requantize_output_fast_s8(sums[k], multiplier, shift, output_offset,
                                                       act_min, act_max);
        }
        kgl_vc_compare(c, n, "REQUANTIZE (one output)", i, report, &failures);
    }
    for (uint32_t i = 0; i < cases;) {
        /* SPARSE CONV_2D: the same filter stored sparse (format 1.4, in the back half of the
           filter buffer) against the reference on its dense bytes; zeros from 30 to 100 %. */
        kgl_conv2d_s8_params p;
        uint32_t multiplier;
        if (!kgl_vc_geometry(c, 0, &p.geometry, &multiplier)) {
            continue;
        }
        const kgl_conv_geometry *g = &p.geometry;
        const uint32_t len = g->output_depth * g->filter_h * g->filter_w * g->filter_depth;
        if (len + (len + 7u) / 8u > KGL_VC_FILTER_CAP / 2u) {
            continue;
        }
        const size_t out = (size_t)g->batches * g->output_h * g->output_w * g->output_depth;
        p.requant = kgl_vc_window_operands(c, g, len);
        const int8_t *values;
        const uint8_t *bitmap = kgl_vc_sparse_filter(c, len, &values);
        kgl_vc_fold(c, &p.requant, g->output_depth, len / g->output_depth, len / g->output_depth, 1);
        p.input = c->input;
        p.residual = NULL;
        p.bias = c->bias;
        kgl_vc_clear(c, out);
        p.filter.values = values;
        p.filter.bitmap = bitmap;
        p.output = c->fast;
        kgl_conv2d_s8(&p);
        p.filter.values = c->filter;
        p.filter.bitmap = NULL;
        p.output = c->reference;
        kgl_conv2d_s8_reference(&p);
        kgl_vc_compare(c, out, "SPARSE CONV_2D", i++, report, &failures);
    }
    /* AVERAGE_POOL_2D and MAX_POOL_2D (one parameter struct) over the same windows. */
    static const struct {
        const char *name;
        void (*fast)(const kgl_pool2d_s8_params *);
        void (*reference)(const kgl_pool2d_s8_params *);
    } pools[] = {{"AVERAGE_POOL_2D", kgl_average_pool2d_s8, kgl_average_pool2d_s8_reference},
                 {"MAX_POOL_2D", kgl_max_pool2d_s8, kgl_max_pool2d_s8_reference}};
    for (uint32_t k = 0; k < sizeof pools / sizeof pools[0]; k++) {
        for (uint32_t i = 0; i < cases;) {
            kgl_pool2d_s8_params p;
            size_t out;
            if (!kgl_vc_pool(c, &p, &out)) {
                continue;
            }
            p.output = c->fast;
            pools[k].fast(&p);
            p.output = c->reference;
            pools[k].reference(&p);
            kgl_vc_compare(c, out, pools[k].name, i++, report, &failures);
        }
    }
    for (uint32_t i = 0; i < cases;) {
        /* IN PLACE: a window written over its own input, the output starting the least gap
           (or a little more) before or after it, in bands of rows; the reference computed
           apart. The least gap is the rule's edge: one byte less is refused. */
        const int depthwise = (int)(i % 2u);
        kgl_conv2d_s8_params cp;
        kgl_depthwise_conv2d_s8_params dp;
        kgl_conv_geometry *g = depthwise ? &dp.geometry : &cp.geometry;
        uint32_t multiplier;
        if (!kgl_vc_geometry(c, depthwise, g, &multiplier) || g->batches != 1u) {
            continue;
        }
        const int before = (int)(kgl_vc_next(c) % 2u);
        const int64_t least = kgl_vc_least_gap(g, before);
        const int64_t gap = least + (kgl_vc_next(c) % 3u == 0u ? kgl_vc_range(c, 1, 200) : 0);
        uint32_t input_at, output_at;
        const size_t filter_len = depthwise ? (size_t)g->filter_h * g->filter_w * g->output_depth
                                            : (size_t)g->output_depth * g->filter_h *
                                                  g->filter_w * g->filter_depth;
        const kgl_channel_requantization q = kgl_vc_window_operands(c, g, filter_len);
        const size_t out = (size_t)g->output_h * g->output_w * g->output_depth;
        if (!kgl_vc_place(c, g, before, gap, &input_at, &output_at)) {
            continue;
        }
        if (!kgl_window_rows_allow(g, input_at, output_at) ||
            (least > 1 && kgl_window_rows_allow(g, before ? (uint32_t)least - 1u : 0u,
                                                before ? 0u : (uint32_t)least - 1u))) {
            failures++;
            report("IN PLACE (rule)", i++);
            continue;
        }
        for (size_t k = 0; k < out; k++) {
            c->reference[k] = (int8_t)-0x5B;
        }
        kgl_window_bands bands;
        if (depthwise) {
            dp.depth_multiplier = multiplier;
            dp.requant = q;
            dp.filter.values = c->filter;
            dp.filter.bitmap = NULL;
            dp.bias = c->bias;
            dp.input = c->input;
            dp.output = c->reference;
            kgl_depthwise_conv2d_s8_reference(&dp);
            kgl_window_bands_start(&bands, g, input_at, output_at);
            dp.input = c->fast + input_at;
            dp.output = c->fast + output_at;
            KGL_RUN_BANDS(&bands, kgl_depthwise_conv2d_s8, dp);
        } else {
            cp.requant = q;
            cp.filter.values = c->filter;
            cp.filter.bitmap = NULL;
            cp.bias = c->bias;
            cp.residual = NULL;
            cp.input = c->input;
            cp.output = c->reference;
            kgl_conv2d_s8_reference(&cp);
            kgl_window_bands_start(&bands, g, input_at, output_at);
            cp.input = c->fast + input_at;
            cp.output = c->fast + output_at;
            KGL_RUN_BANDS(&bands, kgl_conv2d_s8, cp);
        }
        kgl_vc_output_to_front(c, output_at, out);
        kgl_vc_compare(c, out, depthwise ? "IN PLACE DEPTHWISE_CONV_2D" : "IN PLACE CONV_2D", i++,
                       report, &failures);
    }
#if KGL_CONV_RESIDUAL
    for (uint32_t i = 0; i < cases;) {
        /* FUSED ADD: CONV_2D with a residual ADD fused into its stores, on every path (dense
           and, one case in three, sparse filters), the skip apart from the output and on its
           bytes (IN PLACE), against the reference convolution into a temporary (c->fast) and
           kgl_add_s8_reference of it and the skip, the convolution either input. The
           reference kernel's own fusing is checked too. */
        kgl_conv2d_s8_params p;
        uint32_t multiplier;
        if (!kgl_vc_geometry(c, 0, &p.geometry, &multiplier)) {
            continue;
        }
        const kgl_conv_geometry *g = &p.geometry;
        const uint32_t len = g->output_depth * g->filter_h * g->filter_w * g->filter_depth;
        const int sparse = kgl_vc_next(c) % 3u == 0u;
        if (sparse && len + (len + 7u) / 8u > KGL_VC_FILTER_CAP / 2u) {
            continue;
        }
        const size_t out = (size_t)g->batches * g->output_h * g->output_w * g->output_depth;
        p.requant = kgl_vc_window_operands(c, g, len);
        const int8_t *values = c->filter;
        const uint8_t *bitmap = sparse ? kgl_vc_sparse_filter(c, len, &values) : NULL;
        kgl_vc_fold(c, &p.requant, g->output_depth, len / g->output_depth, len / g->output_depth, 1);
        kgl_vc_fill(c, c->skip, out);
        /* ADD's ranges (kgl_add_s8_check), TFLite's left shift 20 mostly; input shifts often
           small, as TFLite's (input multipliers just under 1/2), so both terms count. */
        kgl_add_s8_params a;
        a.input1_offset = kgl_vc_range(c, -127, 128);
        a.input2_offset = kgl_vc_range(c, -127, 128);
        a.output_offset = kgl_vc_range(c, -128, 127);
        a.left_shift = kgl_vc_next(c) % 4u == 0u ? kgl_vc_range(c, 0, 20) : 20;
        a.input1_multiplier = kgl_vc_range(c, 1 << 30, INT32_MAX);
        a.input1_shift = kgl_vc_next(c) % 2u == 0u ? kgl_vc_range(c, -31, 0)
                                                    : kgl_vc_range(c, -3, 0);
        a.input2_multiplier = kgl_vc_range(c, 1 << 30, INT32_MAX);
        a.input2_shift = kgl_vc_next(c) % 2u == 0u ? kgl_vc_range(c, -31, 0)
                                                    : kgl_vc_range(c, -3, 0);
        a.output_multiplier = kgl_vc_range(c, 1 << 30, INT32_MAX);
        a.output_shift = kgl_vc_next(c) % 4u == 0u ? kgl_vc_range(c, -31, 0)
                                                    : kgl_vc_range(c, -24, -15);
        a.activation_min = kgl_vc_next(c) % 2u == 0u ? -128 : kgl_vc_range(c, -128, 0);
        a.activation_max = kgl_vc_next(c) % 2u == 0u ? 127 : kgl_vc_range(c, 0, 127);
        const uint32_t dims[1] = {(uint32_t)out};
        (void)kgl_broadcast_init(&a.broadcast, 1, dims, 1, dims, 1, dims);
        const int conv_first = (int)(kgl_vc_next(c) % 2u); /* the convolution is input 1 */
        kgl_residual_add_s8 r;
        r.conv_offset = conv_first ? a.input1_offset : a.input2_offset;
        r.skip_offset = conv_first ? a.input2_offset : a.input1_offset;
        r.conv_multiplier = conv_first ? a.input1_multiplier : a.input2_multiplier;
        r.conv_shift = conv_first ? a.input1_shift : a.input2_shift;
        r.skip_multiplier = conv_first ? a.input2_multiplier : a.input1_multiplier;
        r.skip_shift = conv_first ? a.input2_shift : a.input1_shift;
        r.output_offset = a.output_offset;
        r.left_shift = a.left_shift;
        r.output_multiplier = a.output_multiplier;
        r.output_shift = a.output_shift;
        r.activation_min = a.activation_min;
        r.activation_max = a.activation_max;
        p.input = c->input;
        p.bias = c->bias;
        p.filter.values = c->filter;
        p.filter.bitmap = NULL;
        p.residual = NULL;
        p.output = c->fast;
        kgl_conv2d_s8_reference(&p);
        a.input1 = conv_first ? c->fast : c->skip;
        a.input2 = conv_first ? c->skip : c->fast;
        a.output = c->reference;
        kgl_add_s8_reference(&a);

        r.skip = c->skip;
        p.residual = &r;
        for (size_t k = 0; k < out; k++) {
            c->fast[k] = 0x5A;
        }
        kgl_conv2d_s8_reference(&p);
        kgl_vc_compare(c, out, "FUSED ADD (reference kernel)", i, report, &failures);
        p.filter.values = values;
        p.filter.bitmap = bitmap;
        for (size_t k = 0; k < out; k++) {
            c->fast[k] = 0x5A;
        }
        kgl_conv2d_s8(&p);
        kgl_vc_compare(c, out, "FUSED ADD", i, report, &failures);
        for (size_t k = 0; k < out; k++) {
            c->fast[k] = c->skip[k];
        }
        r.skip = c->fast;
        kgl_conv2d_s8(&p);
        kgl_vc_compare(c, out, "IN PLACE FUSED ADD", i++, report, &failures);
    }
#endif
    return failures;
}

#endif /* KGL_VARIANT_CHECK_H */
