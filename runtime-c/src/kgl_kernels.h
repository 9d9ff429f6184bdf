/*
 * kgl_kernels.h: the kernels, callable without a model.
 *
 * Each kernel kgl_<stem>_s8 (and kgl_<stem>_s16, the 16x8 variant of the kinds in
 * KGL_OPERATORS_S16) takes one parameter struct, kgl_<stem>_s8_params, and computes from it
 * alone: no model, no records, no options, no checks, no failure. Kinds that share an options
 * layout share a struct (typedefs below).
 *
 * In the runtime, operators/kgl_<stem>_op.c checks an operator record once at load
 * (kgl_<stem>_s8_check) and, at every invoke, fills the struct on the stack from the record
 * (field and pointer work: the format has nowhere to keep decoded structs) and calls the
 * kernel. Tests and benchmarks fill the struct themselves (tests/test_kernels_*.c).
 *
 * Each struct's comment says what its kernel requires: exactly what the operator's check
 * guarantees for a loaded model. Outside it a kernel may read or write out of bounds. A
 * kernel only reads its struct, and the struct must not lie in the output (most definitions
 * say `restrict`, so that the compiler keeps the fields in registers across int8 stores).
 * Shapes are NHWC and row-major, sizes count elements, and an output never overlaps an input
 * (a model's in-place windows run band by band, each band apart: kgl_window_bands; ADD's
 * elementwise path reads element n before writing it). Every
 * int32 sum wraps (computed in uint32), as TFLite's int32 accumulator does on the machines it
 * runs on. docs/QUANTIZATION.md gives the arithmetic; each kernel file names its Swift twin.
 */
#ifndef KGL_KERNELS_H
#define KGL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "kgl_broadcast.h"
#include "kgl_config.h"
#include "kgl_format.h"
#include "kgl_reduce.h"

/* Load-time code (what kgl_model_init runs once per model: the checks): optimized for size,
   which GCC and Clang do for functions marked cold (and for what only they call). */
#if defined(__GNUC__) || defined(__clang__)
#define KGL_LOAD_TIME __attribute__((cold))
#else
#define KGL_LOAD_TIME
#endif

/* ---- the convolution family: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED ---- */

/*
 * The window of CONV_2D and DEPTHWISE_CONV_2D. Tap (ky, kx) of output (oy, ox) reads input
 * row oy * stride_h - pad_top + ky * dilation_h and column ox * stride_w - pad_left +
 * kx * dilation_w; taps outside the input contribute nothing.
 * Requires: every size >= 1 and every tensor's element count < 2^32; input_h, input_w
 * <= INT32_MAX; strides and dilations >= 1, padding >= 0, and for each axis
 * (output - 1) * stride + (filter - 1) * dilation <= INT32_MAX (kgl_check_window_axis).
 */
typedef struct {
    uint32_t batches;
    uint32_t input_h, input_w, input_depth;
    uint32_t output_h, output_w, output_depth;
    uint32_t filter_h, filter_w;
    /* The filter's last axis: CONV_2D's input channels per group (it divides input_depth,
       and the group count input_depth / filter_depth divides output_depth);
       DEPTHWISE_CONV_2D's output_depth. */
    uint32_t filter_depth;
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w;
    int32_t pad_top, pad_left;
} kgl_conv_geometry;

/* ---- in-place windows (kgl_window_rows.c; format 1.5) ---- */

/* 1 when an int8 window `g` whose input is at arena offset `input_offset` may write an
   output at `output_offset` that overlaps it: one batch, and output row r, computed top down
   (output before the input) or bottom up (after it), never reaches an input row a row still
   to compute reads. 0 otherwise. Requires the geometry a window kind's check accepted. */
KGL_LOAD_TIME int kgl_window_rows_allow(const kgl_conv_geometry *g, uint32_t input_offset,
                                        uint32_t output_offset);

/* The bands of rows of a window in place, as large as the gap allows, in the order that keeps
   every band's input rows unwritten: top down when the output starts before the input, bottom
   up when after. Each band is a plain kernel call on the band's geometry (output_h rows, the
   input_h rows they read, their pad_top), its input input_skip elements after the window's
   input, its output output_skip elements after the window's output; the kernel never sees an
   output over its input. */
typedef struct {
    uint32_t input_h, output_h;   /* the whole window's rows */
    int32_t stride, pad_top;      /* its stride_h and pad_top */
    int32_t span;                 /* rows a window spans: (filter_h - 1) * dilation_h + 1 */
    uint32_t in_row, out_row;     /* elements per input and output row */
    int before;                   /* the output starts before the input: top down */
    uint32_t gap;                 /* bytes between their starts */
    uint32_t done;                /* output rows computed */
} kgl_window_bands;

/* Starts the bands of `g`. Requires kgl_window_rows_allow(g, input_offset, output_offset). */
void kgl_window_bands_start(kgl_window_bands *bands, const kgl_conv_geometry *g,
                            uint32_t input_offset, uint32_t output_offset);

/* The next band: 1 and its geometry and skips, or 0 when every row is done. `band` holds the
   geometry the bands were started from (or a copy), of which each band sets output_h,
   input_h and pad_top. */
int kgl_window_bands_next(kgl_window_bands *bands, kgl_conv_geometry *band, size_t *input_skip,
                          size_t *output_skip);

/* Runs kernel(&p) band by band from `bands` (started over p.geometry): p's geometry, input and
   output become each band's in turn, p.input and p.output first pointing at the window's. The
   one loop of every window kernel run in place (kernel: kgl_conv2d_s8 or
   kgl_depthwise_conv2d_s8, p: its parameters). */
#define KGL_RUN_BANDS(bands, kernel, p)                                                        \
    do {                                                                                     \
        const int8_t *kgl_window_input_ = (p).input;                                         \
        int8_t *kgl_window_output_ = (p).output;                                             \
        size_t kgl_input_skip_, kgl_output_skip_;                                            \
        while (kgl_window_bands_next((bands), &(p).geometry, &kgl_input_skip_,                \
                                     &kgl_output_skip_)) {                                   \
            (p).input = kgl_window_input_ + kgl_input_skip_;                                 \
            (p).output = kgl_window_output_ + kgl_output_skip_;                              \
            kernel(&(p));                                                                    \
        }                                                                                    \
    } while (0)

/*
 * The per-channel requantization of the convolution family: output channel c of accumulator
 * acc (bias included) is clamp(MBQM(acc, multipliers[c], shifts[c]) + output_offset,
 * activation_min, activation_max) (kgl_requantize_output_s8 / _s16), and every input value
 * is taken as x + input_offset.
 * Requires (kgl_check_channel_requantization and its _s16 twin): one multiplier >= 0 and one
 * shift per output channel, shifts in [-31, 30] (16x8: [-31, 14]); int8: input_offset in
 * [-127, 128], output_offset and the clamp within int8, activation_min <= activation_max;
 * 16x8: both offsets 0 (the kernels ignore them), the clamp within int16.
 */
typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t activation_min, activation_max;
    const int32_t *multipliers;
    const int32_t *shifts;
    /* NULL, or per output channel bias + input_offset * (sum of the channel's weights),
       wrapping (format 1.6, computed by the compiler and checked at load): where the sums of
       a window inside the input start, so that kernels need not sum the weights per call. */
    const int32_t *folded_bias;
} kgl_channel_requantization;

/* Channel c's starting sum for a window inside the input: the folded bias when q has one
   (always, when KGL_FOLDED_BIAS_REQUIRED), else `computed` (bias + input_offset * the
   weight sum, evaluated only then). */
#define KGL_WINDOW_BASE(q, c, computed)                                                      \
    (KGL_FOLDED_BIAS_REQUIRED || (q)->folded_bias != NULL ? (uint32_t)(q)->folded_bias[c]    \
                                                           : (uint32_t)(computed))

/*
 * The int8 weights of a filter, dense or sparse (format 1.4, kgl_sparse.h). Dense: `values`
 * holds every element, row-major, and `bitmap` is NULL. Sparse: bit k of `bitmap` (bit k % 8
 * of byte k / 8) is set when element k is nonzero, and `values` holds the nonzero elements in
 * order, where the elements are numbered row by row along the filter's row axis (its output
 * channel axis: 0 for CONV_2D and FULLY_CONNECTED, 3 for DEPTHWISE_CONV_2D;
 * KGL_OPERATORS_WITH_FILTER). Both give the same sums.
 */
typedef struct {
    const int8_t *values;
    const uint8_t *bitmap;
} kgl_filter_s8;

/*
 * A residual ADD fused into a CONV_2D (format 1.6: the convolution's output is a fused
 * tensor, kgl_model.c). For output element n, the int8 value v the convolution's
 * requantization gives is not stored; the kernel writes the ADD of v and skip[n] instead:
 *   out = clamp(MBQM(MBQM((v + conv_offset) << left_shift, conv_multiplier, conv_shift) +
 *                    MBQM((skip[n] + skip_offset) << left_shift, skip_multiplier, skip_shift),
 *                    output_multiplier, output_shift) + output_offset,
 *               activation_min, activation_max),
 * kgl_add_s8's arithmetic with the convolution's value as one input (the int32 sum of the two
 * terms is the same in either order). `skip` has the output's shape and lies on exactly the
 * output's bytes or apart from both the output and the input: element n of skip is read
 * before output element n is written, and by nothing else. A fused convolution never runs in
 * bands (KGL_RUN_BANDS moves neither `skip` nor the output's other uses): its output never
 * overlaps its input. Requires kgl_add_s8_params' ranges (kgl_add_s8_check).
 */
typedef struct {
    const int8_t *skip;
    int32_t conv_offset, skip_offset, output_offset;
    int32_t left_shift;
    int32_t conv_multiplier, conv_shift;
    int32_t skip_multiplier, skip_shift;
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
} kgl_residual_add_s8;

/* Whether the convolution kernels honour kgl_conv2d_s8_params.residual: in builds that
   dispatch ADD (a model can only fuse one where it has an ADD). */
#define KGL_CONV_RESIDUAL KGL_WITH_ADD

/*
 * CONV_2D, int8 (kernels/kgl_conv2d_s8.c). Input [batches, input_h, input_w, input_depth],
 * filter [output_depth, filter_h, filter_w, filter_depth], bias [output_depth], output
 * [batches, output_h, output_w, output_depth]. Output channel c reads the filter_depth input
 * channels of its group, c / (output_depth / (input_depth / filter_depth)).
 */
typedef struct {
    kgl_conv_geometry geometry;
    kgl_channel_requantization requant;
    const int8_t *input;
    kgl_filter_s8 filter;
    const int32_t *bias;
    int8_t *output;
    /* NULL, or the ADD fused into the stores (only when KGL_CONV_RESIDUAL). */
    const kgl_residual_add_s8 *residual;
} kgl_conv2d_s8_params;
void kgl_conv2d_s8(const kgl_conv2d_s8_params *p);
/* The same bytes from the readable loops of the kernel file (its specification; for tests). */
void kgl_conv2d_s8_reference(const kgl_conv2d_s8_params *p);

/* CONV_2D, 16x8 (kernels/kgl_conv2d_s16.c): kgl_conv2d_s8's shapes with int16 activations,
   an int64 bias and the int64 accumulator. */
typedef struct {
    kgl_conv_geometry geometry;
    kgl_channel_requantization requant;
    const int16_t *input;
    kgl_filter_s8 filter;
    const int64_t *bias;
    int16_t *output;
} kgl_conv2d_s16_params;
void kgl_conv2d_s16(const kgl_conv2d_s16_params *p);

/*
 * DEPTHWISE_CONV_2D, int8 (kernels/kgl_depthwise_conv2d_s8.c). Input [batches, input_h,
 * input_w, input_depth], filter [1, filter_h, filter_w, output_depth], bias [output_depth],
 * output [batches, output_h, output_w, output_depth]; output channel c reads input channel
 * c / depth_multiplier. Requires depth_multiplier >= 1 and input_depth * depth_multiplier
 * == output_depth.
 */
typedef struct {
    kgl_conv_geometry geometry;
    uint32_t depth_multiplier;
    kgl_channel_requantization requant;
    const int8_t *input;
    kgl_filter_s8 filter;
    const int32_t *bias;
    int8_t *output;
} kgl_depthwise_conv2d_s8_params;
void kgl_depthwise_conv2d_s8(const kgl_depthwise_conv2d_s8_params *p);
/* The same bytes from the readable loops of the kernel file (its specification; for tests). */
void kgl_depthwise_conv2d_s8_reference(const kgl_depthwise_conv2d_s8_params *p);

/* DEPTHWISE_CONV_2D, 16x8 (kernels/kgl_depthwise_conv2d_s16.c): int16 activations, int64
   bias. */
typedef struct {
    kgl_conv_geometry geometry;
    uint32_t depth_multiplier;
    kgl_channel_requantization requant;
    const int16_t *input;
    kgl_filter_s8 filter;
    const int64_t *bias;
    int16_t *output;
} kgl_depthwise_conv2d_s16_params;
void kgl_depthwise_conv2d_s16(const kgl_depthwise_conv2d_s16_params *p);

/*
 * FULLY_CONNECTED, int8 (kernels/kgl_fully_connected_s8.c). Input [rows, depth], filter
 * [units, depth], bias [units], output [rows, units]. Requires rows, units, depth >= 1 and
 * units * depth < 2^32 (the filter's element count).
 */
typedef struct {
    uint32_t rows, units, depth;
    kgl_channel_requantization requant;
    const int8_t *input;
    kgl_filter_s8 filter;
    const int32_t *bias;
    int8_t *output;
} kgl_fully_connected_s8_params;
void kgl_fully_connected_s8(const kgl_fully_connected_s8_params *p);
/* The same bytes from the readable loops of the kernel file (its specification; for tests). */
void kgl_fully_connected_s8_reference(const kgl_fully_connected_s8_params *p);

/* FULLY_CONNECTED, 16x8 (kernels/kgl_fully_connected_s16.c): int16 activations, int64
   bias. */
typedef struct {
    uint32_t rows, units, depth;
    kgl_channel_requantization requant;
    const int16_t *input;
    kgl_filter_s8 filter;
    const int64_t *bias;
    int16_t *output;
} kgl_fully_connected_s16_params;
void kgl_fully_connected_s16(const kgl_fully_connected_s16_params *p);

/* ---- pooling ---- */

/*
 * AVERAGE_POOL_2D and MAX_POOL_2D, int8 (kernels/kgl_average_pool2d_s8.c,
 * kernels/kgl_max_pool2d_s8.c). Input [batches, input_h, input_w, depth], output
 * [batches, output_h, output_w, depth]; window (oy, ox) starts at input row
 * oy * stride_h - pad_top and column ox * stride_w - pad_left and is clipped to the input.
 * Requires (kgl_pool2d_check): every size >= 1, strides and filter sizes >= 1, padding in
 * [0, filter), every window overlapping the input, every coordinate within int32, at most
 * 2^23 input elements per window, the clamp within int8 and not empty.
 */
typedef struct {
    uint32_t batches;
    uint32_t input_h, input_w, depth;
    uint32_t output_h, output_w;
    int32_t stride_h, stride_w;
    int32_t filter_h, filter_w;
    int32_t pad_top, pad_left;
    int32_t activation_min, activation_max;
    const int8_t *input;
    int8_t *output;
} kgl_pool2d_s8_params;
typedef kgl_pool2d_s8_params kgl_average_pool2d_s8_params;
typedef kgl_pool2d_s8_params kgl_max_pool2d_s8_params;
void kgl_average_pool2d_s8(const kgl_average_pool2d_s8_params *p);
/* The same bytes from the readable loops of the kernel file (its specification; for tests). */
void kgl_average_pool2d_s8_reference(const kgl_average_pool2d_s8_params *p);
void kgl_max_pool2d_s8(const kgl_max_pool2d_s8_params *p);
/* The same bytes from the readable loops of kernels/kgl_max_pool2d_s8.c (for tests). */
void kgl_max_pool2d_s8_reference(const kgl_max_pool2d_s8_params *p);

/* ---- element-wise with two inputs ---- */

/*
 * ADD and SUB, int8 (kernels/kgl_add_s8.c, kernels/kgl_sub_s8.c; one options layout). The
 * inputs are broadcast to the output's shape as `broadcast` says (kgl_broadcast_init);
 * output element n is computed from input1[ia] and input2[ib] as the kernels describe.
 * Requires (kgl_add_s8_check): input offsets in [-127, 128], output offset in [-128, 127],
 * left_shift in [0, 20], multipliers >= 0 with shifts in [-31, 0], the clamp within int8
 * and not empty.
 */
typedef struct {
    kgl_broadcast broadcast;
    int32_t input1_offset, input2_offset, output_offset;
    int32_t left_shift;
    int32_t input1_multiplier, input1_shift;
    int32_t input2_multiplier, input2_shift;
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
    const int8_t *input1;
    const int8_t *input2;
    int8_t *output;
} kgl_add_s8_params;
typedef kgl_add_s8_params kgl_sub_s8_params;
void kgl_add_s8(const kgl_add_s8_params *p);
/* The same bytes from the readable loop of kgl_add_s8.c (its specification; for tests). */
void kgl_add_s8_reference(const kgl_add_s8_params *p);
void kgl_sub_s8(const kgl_sub_s8_params *p);

/* ADD, 16x8 (kernels/kgl_add_s16.c): int16 operands, no offsets (symmetric); requires
   left_shift in [0, 15], multipliers >= 0 with shifts in [-31, 0], the clamp within int16
   and not empty. */
typedef struct {
    kgl_broadcast broadcast;
    int32_t left_shift;
    int32_t input1_multiplier, input1_shift;
    int32_t input2_multiplier, input2_shift;
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
    const int16_t *input1;
    const int16_t *input2;
    int16_t *output;
} kgl_add_s16_params;
void kgl_add_s16(const kgl_add_s16_params *p);

/* MUL, int8 (kernels/kgl_mul_s8.c), broadcast as ADD. Requires input offsets in
   [-127, 128], output offset in [-128, 127], multiplier >= 0, shift in [-31, 30], the clamp
   within int8 and not empty. */
typedef struct {
    kgl_broadcast broadcast;
    int32_t input1_offset, input2_offset, output_offset;
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
    const int8_t *input1;
    const int8_t *input2;
    int8_t *output;
} kgl_mul_s8_params;
void kgl_mul_s8(const kgl_mul_s8_params *p);

/* ---- element-wise with one input: `count` elements in, `count` out ---- */

/* RELU, int8 (kernels/kgl_relu_s8.c). Requires both offsets within int8, multiplier >= 0,
   shift in [-31, 30], -128 <= activation_min <= activation_max <= 127. */
typedef struct {
    uint32_t count;
    int32_t input_offset, output_offset;
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
    const int8_t *input;
    int8_t *output;
} kgl_relu_s8_params;
void kgl_relu_s8(const kgl_relu_s8_params *p);

/* RELU6, int8 (kernels/kgl_relu6_s8.c): a clamp. Requires -128 <= activation_min <=
   activation_max <= 127. */
typedef struct {
    uint32_t count;
    int32_t activation_min, activation_max;
    const int8_t *input;
    int8_t *output;
} kgl_relu6_s8_params;
void kgl_relu6_s8(const kgl_relu6_s8_params *p);

/* LEAKY_RELU, int8 (kernels/kgl_leaky_relu_s8.c). Requires both offsets within int8,
   identity_multiplier >= 0, alpha_multiplier != INT32_MIN, both shifts in [-31, 30]. */
typedef struct {
    uint32_t count;
    int32_t input_offset, output_offset;
    int32_t identity_multiplier, identity_shift;
    int32_t alpha_multiplier, alpha_shift;
    const int8_t *input;
    int8_t *output;
} kgl_leaky_relu_s8_params;
void kgl_leaky_relu_s8(const kgl_leaky_relu_s8_params *p);

/* HARD_SWISH, int8 (kernels/kgl_hard_swish_s8.c). Requires both zero points within int8,
   both 16-bit multipliers in [0, 32767], the reluish exponent in [-31, 31], the output
   exponent in [-31, 0]. */
typedef struct {
    uint32_t count;
    int32_t input_zero_point, output_zero_point;
    int32_t reluish_multiplier_fixedpoint_int16, reluish_multiplier_exponent;
    int32_t output_multiplier_fixedpoint_int16, output_multiplier_exponent;
    const int8_t *input;
    int8_t *output;
} kgl_hard_swish_s8_params;
void kgl_hard_swish_s8(const kgl_hard_swish_s8_params *p);

/* LOGISTIC and TANH, int8 (kernels/kgl_logistic_s8.c, kernels/kgl_tanh_s8.c; one options
   layout). Requires input_zero_point within int8, input_range_radius >= 0,
   input_multiplier >= 0, input_left_shift in [0, 30]. */
typedef struct {
    uint32_t count;
    int32_t input_zero_point, input_range_radius;
    int32_t input_multiplier, input_left_shift;
    const int8_t *input;
    int8_t *output;
} kgl_logistic_s8_params;
typedef kgl_logistic_s8_params kgl_tanh_s8_params;
void kgl_logistic_s8(const kgl_logistic_s8_params *p);
void kgl_tanh_s8(const kgl_tanh_s8_params *p);

/* SOFTMAX over rows of `depth` values, int8 (kernels/kgl_softmax_s8.c). Requires rows,
   depth >= 1, input_multiplier >= 2^30, input_left_shift in [1, 31] and diff_min
   == -floor(31 * 2^26 / 2^input_left_shift). */
typedef struct {
    uint32_t rows, depth;
    int32_t input_multiplier, input_left_shift, diff_min;
    const int8_t *input;
    int8_t *output;
} kgl_softmax_s8_params;
void kgl_softmax_s8(const kgl_softmax_s8_params *p);

/*
 * QUANTIZE to int8 (kernels/kgl_quantize_s8.c). From int8 (input_type KGL_TYPE_INT8):
 * requires input_offset within int8, multiplier >= 0, shift in [-31, 30]. From float32
 * (KGL_TYPE_FLOAT32, only with KGL_ENABLE_FLOAT): requires a positive finite scale, and
 * normalization NULL or f32[2 * normalization_channels] (shifts, then multipliers), applied
 * to element i with channel i % normalization_channels. Both: output_zero_point within int8.
 */
typedef struct {
    uint32_t count;
    uint32_t input_type;
    const void *input;
    int8_t *output;
    int32_t output_zero_point;
    int32_t input_offset, multiplier, shift;
    float scale;
    const float *normalization;
    uint32_t normalization_channels;
} kgl_quantize_s8_params;
void kgl_quantize_s8(const kgl_quantize_s8_params *p);

/* QUANTIZE with int16 on either side (kernels/kgl_quantize_s16.c): input_type float32
   (output int16), int8 or int16; output_type int8 or int16, one of the two int16. The fields
   and requirements of kgl_quantize_s8_params, zero points within their types. */
typedef struct {
    uint32_t count;
    uint32_t input_type, output_type;
    const void *input;
    void *output;
    int32_t output_zero_point;
    int32_t input_offset, multiplier, shift;
    float scale;
    const float *normalization;
    uint32_t normalization_channels;
} kgl_quantize_s16_params;
void kgl_quantize_s16(const kgl_quantize_s16_params *p);

/* DEQUANTIZE to float32 (kernels/kgl_dequantize_s8.c and _s16.c): requires a positive
   finite scale and input_zero_point within the input type. Only with KGL_ENABLE_FLOAT
   (without it the kernels do nothing). */
typedef struct {
    uint32_t count;
    int32_t input_zero_point;
    float scale;
    const int8_t *input;
    float *output;
} kgl_dequantize_s8_params;
void kgl_dequantize_s8(const kgl_dequantize_s8_params *p);

typedef struct {
    uint32_t count;
    int32_t input_zero_point;
    float scale;
    const int16_t *input;
    float *output;
} kgl_dequantize_s16_params;
void kgl_dequantize_s16(const kgl_dequantize_s16_params *p);

/* ---- shape and copy ---- */

/* RESHAPE (kernels/kgl_reshape_s8.c): `bytes` bytes from input to output, any element type;
   the two may be the same buffer (then nothing moves) or overlap. */
typedef struct {
    uint32_t bytes;
    const void *input;
    void *output;
} kgl_reshape_s8_params;
void kgl_reshape_s8(const kgl_reshape_s8_params *p);

/* PAD, int8 (kernels/kgl_pad_s8.c), on the shapes left-padded with 1s to KGL_PAD_RANK axes:
   output_dims[k] = input dim k + before[k] + after[k]; elements inside the padding are
   pad_value, the others the input's in order. */
#define KGL_PAD_RANK 5
typedef struct {
    uint32_t output_dims[KGL_PAD_RANK];
    uint32_t before[KGL_PAD_RANK];
    uint32_t after[KGL_PAD_RANK];
    int8_t pad_value;
    const int8_t *input;
    int8_t *output;
} kgl_pad_s8_params;
void kgl_pad_s8(const kgl_pad_s8_params *p);

/*
 * CONCATENATION (kernels/kgl_concatenation_s8.c), one input per call, as CMSIS-NN's
 * arm_concatenation_s8_*: for each of the `outer` indices k (the output's axes before the
 * concatenation axis), copies the input's `block` bytes at input + k * block to
 * output + k * output_stride. The operator calls it for each input in turn, `output`
 * advancing by the previous inputs' blocks. Any element type (bytes).
 */
typedef struct {
    uint32_t outer;
    uint32_t block;
    uint32_t output_stride;
    const uint8_t *input;
    uint8_t *output;
} kgl_concatenation_s8_params;
void kgl_concatenation_s8(const kgl_concatenation_s8_params *p);

/* ---- reductions ---- */

/* MEAN, int8 (kernels/kgl_mean_s8.c): each of axes.outputs outputs from its axes.count
   inputs (kgl_reduce_split). Requires input_offset in [-127, 128], output_offset in
   [-128, 127], multiplier >= 0, shift in [-31, 30]. */
typedef struct {
    kgl_reduce_axes axes;
    int32_t input_offset, output_offset;
    int32_t multiplier, shift;
    const int8_t *input;
    int8_t *output;
} kgl_mean_s8_params;
void kgl_mean_s8(const kgl_mean_s8_params *p);

/* REDUCE_MAX, int8 (kernels/kgl_reduce_max_s8.c): the largest of each output's inputs. */
typedef struct {
    kgl_reduce_axes axes;
    const int8_t *input;
    int8_t *output;
} kgl_reduce_max_s8_params;
void kgl_reduce_max_s8(const kgl_reduce_max_s8_params *p);

/* Every kind of the format has its kernel with the one signature (a compile error here
   means a kind of KGL_OPERATORS or KGL_OPERATORS_S16 lacks it). */
#define KGL_DECLARE_KERNEL(code, NAME, stem, min_inputs, max_inputs, outputs) \
    void kgl_##stem##_s8(const kgl_##stem##_s8_params *p);
KGL_OPERATORS(KGL_DECLARE_KERNEL)
#undef KGL_DECLARE_KERNEL
#define KGL_DECLARE_KERNEL_S16(code, NAME, stem, min_inputs, max_inputs, outputs) \
    void kgl_##stem##_s16(const kgl_##stem##_s16_params *p);
KGL_OPERATORS_S16(KGL_DECLARE_KERNEL_S16)
#undef KGL_DECLARE_KERNEL_S16

#endif /* KGL_KERNELS_H */
