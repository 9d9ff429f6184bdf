/*
 * test_kernels_shape.c: the pooling, reduction and data-movement kernels called directly
 * through their parameter structs (kgl_kernels.h), with no model: AVERAGE_POOL_2D,
 * MAX_POOL_2D, MEAN, REDUCE_MAX, PAD, RESHAPE and CONCATENATION. Every expected value is
 * worked out in the comment above its test.
 */
#include "kgl_kernels.h"
#include "kgl_test.h"

/* A 1x3x3x1 image, a 2x2 window with stride 2 and no padding: four windows, the right and
   bottom ones clipped to the image (docs/QUANTIZATION.md: the average over the clipped
   window, rounded half away from zero). */
static kgl_pool2d_s8_params pool_params(const int8_t *x, int8_t *y) {
    kgl_pool2d_s8_params p;
    p.batches = 1;
    p.input_h = p.input_w = 3;
    p.depth = 1;
    p.output_h = p.output_w = 2;
    p.stride_h = p.stride_w = 2;
    p.filter_h = p.filter_w = 2;
    p.pad_top = p.pad_left = 0;
    p.activation_min = -128;
    p.activation_max = 127;
    p.input = x;
    p.output = y;
    return p;
}

/* Image 1..9 (row-major): windows {1, 2, 4, 5}, {3, 6}, {7, 8}, {9}: averages 3, 4.5 -> 5,
   7.5 -> 8, 9; the negated image gives -3, -5, -8, -9 (half away from zero). */
static void test_average_pool2d_s8(void) {
    kgl_test_context = "AVERAGE_POOL_2D s8";
    static const int8_t x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    static const int8_t negative[9] = {-1, -2, -3, -4, -5, -6, -7, -8, -9};
    static const int8_t expected[4] = {3, 5, 8, 9};
    static const int8_t expected_negative[4] = {-3, -5, -8, -9};
    int8_t y[4];
    kgl_average_pool2d_s8_params p = pool_params(x, y);
    kgl_average_pool2d_s8(&p);
    CHECK_BYTES(y, expected, 4);
    p.input = negative;
    kgl_average_pool2d_s8(&p);
    CHECK_BYTES(y, expected_negative, 4);
}

/* The same windows' maxima: 5, 6, 8, 9; negated -1, -3, -7, -9, clamped below at -5:
   -1, -3, -5, -5. */
static void test_max_pool2d_s8(void) {
    kgl_test_context = "MAX_POOL_2D s8";
    static const int8_t x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    static const int8_t negative[9] = {-1, -2, -3, -4, -5, -6, -7, -8, -9};
    static const int8_t expected[4] = {5, 6, 8, 9};
    static const int8_t expected_negative[4] = {-1, -3, -5, -5};
    int8_t y[4];
    kgl_max_pool2d_s8_params p = pool_params(x, y);
    kgl_max_pool2d_s8(&p);
    CHECK_BYTES(y, expected, 4);
    p.input = negative;
    p.activation_min = -5;
    kgl_max_pool2d_s8(&p);
    CHECK_BYTES(y, expected_negative, 4);
}

/* A padded window: 1x2x2x2 (two channels), 3x3 window, stride 1, padding 1 on top and left,
   output 2x2. Output (oy, ox) covers rows oy - 1 .. oy + 1 and columns ox - 1 .. ox + 1,
   which for a 2x2 image always hold all four pixels (the padding counts for nothing).
   Channel 0 {1, 2, 3, 4}: average 2.5 -> 3; channel 1 {-1, -2, -3, -4}: -2.5 -> -3; maxima
   4 and -1. */
static void test_pool2d_padding(void) {
    kgl_test_context = "POOL_2D padding";
    static const int8_t x[8] = {1, -1, 2, -2, 3, -3, 4, -4};
    static const int8_t average[8] = {3, -3, 3, -3, 3, -3, 3, -3};
    static const int8_t maximum[8] = {4, -1, 4, -1, 4, -1, 4, -1};
    int8_t y[8];
    kgl_pool2d_s8_params p = pool_params(x, y);
    p.input_h = p.input_w = 2;
    p.depth = 2;
    p.stride_h = p.stride_w = 1;
    p.filter_h = p.filter_w = 3;
    p.pad_top = p.pad_left = 1;
    kgl_average_pool2d_s8(&p);
    CHECK_BYTES(y, average, 8);
    kgl_max_pool2d_s8(&p);
    CHECK_BYTES(y, maximum, 8);
}

/* MEAN of [2, 3] = {1, 2, 3, 4, 5, 6}, input offset 1, output offset -1:
   over axis 0 (mask 1), n = 2, multiplier 1/2 (2^30, shift 0): sums + 2 * 1 = 7, 9, 11,
   halved with half up: 4, 5, 6, minus 1: 3, 4, 5.
   over axis 1 (mask 2), n = 3, multiplier 1/3 (1431655765, shift -1): sums + 3 = 9, 18:
   9 * 1431655765 / 2^31 = 5.99999..., with the rounding nudge 6.49999... truncated to 6,
   then / 2 = 3; 18 -> 12.49999... -> 12 -> 6; minus 1: 2, 5. */
static void test_mean_s8(void) {
    static const int8_t x[6] = {1, 2, 3, 4, 5, 6};
    static const uint32_t dims[2] = {2, 3};
    static const int8_t columns[3] = {3, 4, 5};
    static const int8_t rows[2] = {2, 5};
    int8_t y[3];
    kgl_mean_s8_params p;
    p.input_offset = 1;
    p.output_offset = -1;
    p.input = x;
    p.output = y;
    kgl_test_context = "MEAN s8 axis 0";
    kgl_reduce_split(2, dims, 1u, &p.axes);
    CHECK_EQ(p.axes.outputs, 3);
    CHECK_EQ(p.axes.count, 2);
    p.multiplier = 1 << 30;
    p.shift = 0;
    kgl_mean_s8(&p);
    CHECK_BYTES(y, columns, 3);
    kgl_test_context = "MEAN s8 axis 1";
    kgl_reduce_split(2, dims, 2u, &p.axes);
    p.multiplier = 1431655765;
    p.shift = -1;
    kgl_mean_s8(&p);
    CHECK_BYTES(y, rows, 2);
}

/* REDUCE_MAX of [2, 3] = {1, -2, 3, -4, 5, -6}: per column (mask 1) 1, 5, 3; per row
   (mask 2) 3, 5; over both (mask 3) 5. */
static void test_reduce_max_s8(void) {
    kgl_test_context = "REDUCE_MAX s8";
    static const int8_t x[6] = {1, -2, 3, -4, 5, -6};
    static const uint32_t dims[2] = {2, 3};
    static const int8_t columns[3] = {1, 5, 3};
    static const int8_t rows[2] = {3, 5};
    int8_t y[3];
    kgl_reduce_max_s8_params p;
    p.input = x;
    p.output = y;
    kgl_reduce_split(2, dims, 1u, &p.axes);
    kgl_reduce_max_s8(&p);
    CHECK_BYTES(y, columns, 3);
    kgl_reduce_split(2, dims, 2u, &p.axes);
    kgl_reduce_max_s8(&p);
    CHECK_BYTES(y, rows, 2);
    kgl_reduce_split(2, dims, 3u, &p.axes);
    y[0] = 0;
    kgl_reduce_max_s8(&p);
    CHECK_EQ(y[0], 5);
}

/* PAD of [2, 2] = {1, 2, 3, 4} (as 5-D [1, 1, 1, 2, 2]) with one row before, one column
   before and two after, pad value -7: a [3, 5] output
   -7 -7 -7 -7 -7 / -7 1 2 -7 -7 / -7 3 4 -7 -7. */
static void test_pad_s8(void) {
    kgl_test_context = "PAD s8";
    static const int8_t x[4] = {1, 2, 3, 4};
    static const int8_t expected[15] = {-7, -7, -7, -7, -7, -7, 1, 2, -7, -7, -7, 3, 4, -7, -7};
    int8_t y[15];
    kgl_pad_s8_params p;
    const uint32_t dims[KGL_PAD_RANK] = {1, 1, 1, 3, 5};
    const uint32_t before[KGL_PAD_RANK] = {0, 0, 0, 1, 1};
    const uint32_t after[KGL_PAD_RANK] = {0, 0, 0, 0, 2};
    memcpy(p.output_dims, dims, sizeof dims);
    memcpy(p.before, before, sizeof before);
    memcpy(p.after, after, sizeof after);
    p.pad_value = -7;
    p.input = x;
    p.output = y;
    kgl_pad_s8(&p);
    CHECK_BYTES(y, expected, 15);
}

/* RESHAPE copies the bytes; in place (input == output) it leaves them. */
static void test_reshape_s8(void) {
    kgl_test_context = "RESHAPE";
    static const uint8_t x[5] = {1, 2, 3, 250, 5};
    uint8_t y[5] = {0};
    kgl_reshape_s8_params p = {5, x, y};
    kgl_reshape_s8(&p);
    CHECK_BYTES(y, x, 5);
    p.input = y;
    kgl_reshape_s8(&p);
    CHECK_BYTES(y, x, 5);
}

/* CONCATENATION of [2, 2] = {1, 2, 3, 4} and [2, 3] = {5, ..., 10} on axis 1 into [2, 5]:
   outer 2, output stride 5 bytes; the first input's blocks of 2 go to offset 0, the second's
   blocks of 3 to offset 2: 1 2 5 6 7 / 3 4 8 9 10. As int16 (the bytes are copied, any
   type): the same with blocks and stride doubled. */
static void test_concatenation(void) {
    kgl_test_context = "CONCATENATION";
    static const int8_t a[4] = {1, 2, 3, 4};
    static const int8_t b[6] = {5, 6, 7, 8, 9, 10};
    static const int8_t expected[10] = {1, 2, 5, 6, 7, 3, 4, 8, 9, 10};
    int8_t y[10];
    kgl_concatenation_s8_params p = {2, 2, 5, (const uint8_t *)a, (uint8_t *)y};
    kgl_concatenation_s8(&p);
    p.block = 3;
    p.input = (const uint8_t *)b;
    p.output = (uint8_t *)y + 2;
    kgl_concatenation_s8(&p);
    CHECK_BYTES(y, expected, 10);

    static const int16_t a16[4] = {1000, -2, 3, 4};
    static const int16_t b16[6] = {5, 6, 7, 8, 9, -10000};
    static const int16_t expected16[10] = {1000, -2, 5, 6, 7, 3, 4, 8, 9, -10000};
    int16_t y16[10];
    kgl_concatenation_s8_params q = {2, 4, 10, (const uint8_t *)a16, (uint8_t *)y16};
    kgl_concatenation_s8(&q);
    q.block = 6;
    q.input = (const uint8_t *)b16;
    q.output = (uint8_t *)y16 + 4;
    kgl_concatenation_s8(&q);
    CHECK_BYTES(y16, expected16, sizeof expected16);
}

/* [2, 2, 3] = 1..12 reduced over axes 0 and 2 (mask 5): output j takes x[i][j][k] for all
   i, k: j = 0 holds 1, 2, 3, 7, 8, 9 (sum 30, max 9), j = 1 holds 4, 5, 6, 10, 11, 12 (sum 48,
   max 12). MEAN with x 1 (2^30, shift 1) and no offsets gives the sums. With mask 0 nothing
   is reduced: REDUCE_MAX copies, MEAN x 1 too. */
static void test_reductions_3d(void) {
    kgl_test_context = "MEAN, REDUCE_MAX 3-D";
    static const int8_t x[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const uint32_t dims[3] = {2, 2, 3};
    int8_t y[12];
    kgl_mean_s8_params mean;
    mean.input_offset = 0;
    mean.output_offset = 0;
    mean.multiplier = 1 << 30;
    mean.shift = 1;
    mean.input = x;
    mean.output = y;
    kgl_reduce_split(3, dims, 5u, &mean.axes);
    kgl_mean_s8(&mean);
    CHECK_EQ(y[0], 30);
    CHECK_EQ(y[1], 48);
    kgl_reduce_split(3, dims, 0u, &mean.axes);
    kgl_mean_s8(&mean);
    CHECK_BYTES(y, x, 12);
    kgl_reduce_max_s8_params max;
    max.input = x;
    max.output = y;
    kgl_reduce_split(3, dims, 5u, &max.axes);
    kgl_reduce_max_s8(&max);
    CHECK_EQ(y[0], 9);
    CHECK_EQ(y[1], 12);
    memset(y, 0, sizeof y);
    kgl_reduce_split(3, dims, 0u, &max.axes);
    kgl_reduce_max_s8(&max);
    CHECK_BYTES(y, x, 12);
}

int main(void) {
    test_average_pool2d_s8();
    test_max_pool2d_s8();
    test_pool2d_padding();
    test_mean_s8();
    test_reduce_max_s8();
    test_reductions_3d();
    test_pad_s8();
    test_reshape_s8();
    test_concatenation();
    return KGL_TEST_END();
}
