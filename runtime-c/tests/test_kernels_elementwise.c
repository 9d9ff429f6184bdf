/*
 * test_kernels_elementwise.c: the element-wise kernels called directly through their
 * parameter structs (kgl_kernels.h), with no model: ADD, SUB, MUL (int8; ADD also 16x8),
 * RELU, RELU6, LEAKY_RELU, HARD_SWISH, LOGISTIC, TANH, SOFTMAX, QUANTIZE and DEQUANTIZE
 * (int8 and 16x8).
 *
 * Every expected value is worked out in the comment above its test. Rescales are chosen so
 * the arithmetic is exact where possible: a multiplier of 2^30 with shift 1 is x 1, with
 * shift 0 it is x 0.5 (docs/QUANTIZATION.md: (x * 2^30 + 2^30) / 2^31 truncated toward
 * zero, so an odd x rounds half up: 7 -> 4, -5 -> -2, -7 -> -3). The fixed-point activations
 * (LOGISTIC, TANH, SOFTMAX) are checked at points where the real function, rounded to the
 * output step, is at least 0.05 of a step away from a rounding boundary (far beyond their
 * fixed-point error); HARD_SWISH's 16-bit arithmetic is traced step by step.
 */
#include "kgl_kernels.h"
#include "kgl_test.h"

#define X1_M (1 << 30) /* with shift 1: x 1; with shift 0: x 0.5 */

/* ---- ADD, SUB, MUL ---- */

/* Input 1 [2, 3] = {1, 2, 3, 4, 5, 6} and input 2 [3] = {10, -20, 30}, broadcast over the
   rows. ADD with left shift 2, input rescales x 0.5 and output rescale x 0.5 is exact:
   4a * 0.5 + 4b * 0.5 = 2(a + b), then x 0.5 = a + b. With offsets 1, -2 and 5:
   out = (x1 + 1) + (x2 - 2) + 5 = x1 + x2 + 4: 15, -14, 37, 18, -11, 40; clamped to 39.
   SUB, the same options: (x1 + 1) - (x2 - 2) + 5 = x1 - x2 + 8: -1, 30, -19, 2, 33, -16;
   clamped below at -18. */
static void test_add_sub_s8(void) {
    static const int8_t x1[6] = {1, 2, 3, 4, 5, 6};
    static const int8_t x2[3] = {10, -20, 30};
    static const uint32_t dims1[2] = {2, 3}, dims2[1] = {3};
    static const int8_t added[6] = {15, -14, 37, 18, -11, 39};
    static const int8_t subtracted[6] = {-1, 30, -18, 2, 33, -16};
    int8_t y[6];
    kgl_add_s8_params p;
    CHECK(kgl_broadcast_init(&p.broadcast, 2, dims1, 1, dims2, 2, dims1));
    p.input1_offset = 1;
    p.input2_offset = -2;
    p.output_offset = 5;
    p.left_shift = 2;
    p.input1_multiplier = p.input2_multiplier = p.output_multiplier = X1_M;
    p.input1_shift = p.input2_shift = p.output_shift = 0;
    p.activation_min = -128;
    p.activation_max = 39;
    p.input1 = x1;
    p.input2 = x2;
    p.output = y;
    kgl_test_context = "ADD s8";
    kgl_add_s8(&p);
    CHECK_BYTES(y, added, 6);
    kgl_test_context = "SUB s8";
    p.activation_min = -18;
    p.activation_max = 127;
    kgl_sub_s8(&p);
    CHECK_BYTES(y, subtracted, 6);
}

/* ADD 16x8, the same exact rescales (left shift 2): out = x1 + x2, input 2 [1] = {5}
   broadcast: 1005, -1995, 30005 clamped to 30000. */
static void test_add_s16(void) {
    kgl_test_context = "ADD s16";
    static const int16_t x1[3] = {1000, -2000, 30000};
    static const int16_t x2[1] = {5};
    static const uint32_t dims1[1] = {3}, dims2[1] = {1};
    int16_t y[3];
    kgl_add_s16_params p;
    CHECK(kgl_broadcast_init(&p.broadcast, 1, dims1, 1, dims2, 1, dims1));
    p.left_shift = 2;
    p.input1_multiplier = p.input2_multiplier = p.output_multiplier = X1_M;
    p.input1_shift = p.input2_shift = p.output_shift = 0;
    p.activation_min = -32768;
    p.activation_max = 30000;
    p.input1 = x1;
    p.input2 = x2;
    p.output = y;
    kgl_add_s16(&p);
    CHECK_EQ(y[0], 1005);
    CHECK_EQ(y[1], -1995);
    CHECK_EQ(y[2], 30000);
}

/* MUL x 1, offsets 1 and -1, input 2 [1] = {3} broadcast over {1, 2, -5, 4}:
   (x1 + 1) * 2 = 4, 6, -8, 10; plus -3: 1, 3, -11, 7; clamped to 6. The broadcast may be
   on either side: {3} times [4] gives the same. */
static void test_mul_s8(void) {
    kgl_test_context = "MUL s8";
    static const int8_t x1[4] = {1, 2, -5, 4};
    static const int8_t x2[1] = {3};
    static const uint32_t dims1[1] = {4}, dims2[1] = {1};
    static const int8_t expected[4] = {1, 3, -11, 6};
    int8_t y[4];
    kgl_mul_s8_params p;
    CHECK(kgl_broadcast_init(&p.broadcast, 1, dims1, 1, dims2, 1, dims1));
    p.input1_offset = 1;
    p.input2_offset = -1;
    p.output_offset = -3;
    p.output_multiplier = X1_M;
    p.output_shift = 1;
    p.activation_min = -128;
    p.activation_max = 6;
    p.input1 = x1;
    p.input2 = x2;
    p.output = y;
    kgl_mul_s8(&p);
    CHECK_BYTES(y, expected, 4);
    /* Swapped: input 1 is the broadcast one, so its offset goes with {3}. */
    CHECK(kgl_broadcast_init(&p.broadcast, 1, dims2, 1, dims1, 1, dims1));
    p.input1_offset = -1;
    p.input2_offset = 1;
    p.input1 = x2;
    p.input2 = x1;
    memset(y, 0, sizeof y);
    kgl_mul_s8(&p);
    CHECK_BYTES(y, expected, 4);
}

/* ---- activations ---- */

/* RELU: out = clamp(output_offset + MBQM(x - input_offset)), x 1, input_offset 3, output
   offset -5, clamp [-5, 100]: x - 3 - 5 for {-10, 0, 3, 10, 127} is -18, -8, -5, 2, 119:
   -5, -5, -5, 2, 100. */
static void test_relu_s8(void) {
    kgl_test_context = "RELU s8";
    static const int8_t x[5] = {-10, 0, 3, 10, 127};
    static const int8_t expected[5] = {-5, -5, -5, 2, 100};
    int8_t y[5];
    kgl_relu_s8_params p;
    p.count = 5;
    p.input_offset = 3;
    p.output_offset = -5;
    p.output_multiplier = X1_M;
    p.output_shift = 1;
    p.activation_min = -5;
    p.activation_max = 100;
    p.input = x;
    p.output = y;
    kgl_relu_s8(&p);
    CHECK_BYTES(y, expected, 5);
}

/* RELU6: a clamp to [-2, 60]: {-128, -3, 0, 50, 127} -> {-2, -2, 0, 50, 60}. */
static void test_relu6_s8(void) {
    kgl_test_context = "RELU6 s8";
    static const int8_t x[5] = {-128, -3, 0, 50, 127};
    static const int8_t expected[5] = {-2, -2, 0, 50, 60};
    int8_t y[5];
    kgl_relu6_s8_params p;
    p.count = 5;
    p.activation_min = -2;
    p.activation_max = 60;
    p.input = x;
    p.output = y;
    kgl_relu6_s8(&p);
    CHECK_BYTES(y, expected, 5);
}

/* LEAKY_RELU, input offset 0, output offset 1, identity x 1, alpha x 0.5:
   10 -> 11, 0 -> 1, -4 -> -2 + 1 = -1, -7 -> -3 (half up) + 1 = -2, 127 -> 128 -> 127.
   A negative alpha (-2^30, shift 0: x -0.5) negates the scaled value: -4 -> 2 + 1 = 3,
   -7 -> 3 + 1 = 4. */
static void test_leaky_relu_s8(void) {
    kgl_test_context = "LEAKY_RELU s8";
    static const int8_t x[5] = {10, 0, -4, -7, 127};
    static const int8_t expected[5] = {11, 1, -1, -2, 127};
    static const int8_t negated[5] = {11, 1, 3, 4, 127};
    int8_t y[5];
    kgl_leaky_relu_s8_params p;
    p.count = 5;
    p.input_offset = 0;
    p.output_offset = 1;
    p.identity_multiplier = X1_M;
    p.identity_shift = 1;
    p.alpha_multiplier = X1_M;
    p.alpha_shift = 0;
    p.input = x;
    p.output = y;
    kgl_leaky_relu_s8(&p);
    CHECK_BYTES(y, expected, 5);
    p.alpha_multiplier = -X1_M;
    kgl_leaky_relu_s8(&p);
    CHECK_BYTES(y, negated, 5);
}

/*
 * HARD_SWISH with input and output scale 1/16, zero points 0, as the compiler prepares it:
 * hires scale 2^-11; output multiplier 2^-11 / 2^-4 = 2^-7 = 0.5 * 2^-6 -> Q15 16384,
 * exponent -6; reluish multiplier 2^-11 / (3 / 32768) = 16/3 = 0.667 * 2^3 -> Q31
 * 1431655765 -> Q15 (1431655765 + 2^15) >> 16 = 21845, exponent 3. In 16-bit steps
 * (SRDHM(a, b) = (ab + (ab >= 0 ? 2^14 : 1 - 2^14)) / 2^15 truncated; SDHM(a, b) = ab / 2^15
 * truncated; exponent 3: shift left 2, SRDHM, shift left 1, saturating):
 *   x = 16 (real 1): hires 2048; out SRDHM(2048, 16384) = 1024; reluish 8192 -> 5461 ->
 *     10922 -> (10922 + 32768) >> 1 = 21845; SDHM(21845, 1024) = 682; 682 / 2^6 rounded =
 *     11 (real 1 * 4 / 6 * 16 = 10.7).
 *   x = -48 (real -3): hires -6144; reluish -24576 -> -16384 -> -32768 -> 0; so 0.
 *   x = 100 (6.25): hires 12800; out 6400; reluish 51200 saturates to 32767 -> 21844 ->
 *     32767 (saturated) -> 32767; SDHM(32767, 6400) = 6399; / 64 rounded = 100.
 *   x = -16 (-1): hires -2048; out -1024; reluish -8192 -> -5461 -> -10922 -> 10923;
 *     SDHM(10923, -1024) = -341; / 64 rounded = -5 (real -1/3 * 16 = -5.3).
 */
static void test_hard_swish_s8(void) {
    kgl_test_context = "HARD_SWISH s8";
    static const int8_t x[4] = {16, -48, 100, -16};
    static const int8_t expected[4] = {11, 0, 100, -5};
    int8_t y[4];
    kgl_hard_swish_s8_params p;
    p.count = 4;
    p.input_zero_point = 0;
    p.output_zero_point = 0;
    p.reluish_multiplier_fixedpoint_int16 = 21845;
    p.reluish_multiplier_exponent = 3;
    p.output_multiplier_fixedpoint_int16 = 16384;
    p.output_multiplier_exponent = -6;
    p.input = x;
    p.output = y;
    kgl_hard_swish_s8(&p);
    CHECK_BYTES(y, expected, 4);
}

/*
 * LOGISTIC and TANH with input scale 1/16, zero point 0, as the compiler prepares them: the
 * input scale * 2^27 = 2^23 = 0.5 * 2^24 -> multiplier 2^30, left shift 24, so x becomes
 * x / 16 in Q4.27; radius floor(15 * 2^27 / 2^24) = 120.
 * LOGISTIC (output scale 1/256, zero point -128): round(256 * sigma(x / 16)) - 128:
 *   0 -> 128 - 128 = 0; 16 -> 256 * 0.731059 = 187.15 -> 59; -16 -> 68.85 -> -59;
 *   40 -> 256 * 0.924142 = 236.58 -> 109; 120 (>= radius) -> 127; -128 -> -128.
 * TANH (output scale 1/128, zero point 0): round(128 * tanh(x / 16)):
 *   0 -> 0; 8 -> 128 * 0.462117 = 59.15 -> 59; -8 -> -59; 24 -> 128 * 0.905148 = 115.86
 *   -> 116; 120 -> 127; -120 -> -128.
 */
static void test_logistic_tanh_s8(void) {
    static const int8_t x_logistic[6] = {0, 16, -16, 40, 120, -128};
    static const int8_t logistic[6] = {0, 59, -59, 109, 127, -128};
    static const int8_t x_tanh[6] = {0, 8, -8, 24, 120, -120};
    static const int8_t tanh[6] = {0, 59, -59, 116, 127, -128};
    int8_t y[6];
    kgl_logistic_s8_params p;
    p.count = 6;
    p.input_zero_point = 0;
    p.input_range_radius = 120;
    p.input_multiplier = 1 << 30;
    p.input_left_shift = 24;
    p.output = y;
    kgl_test_context = "LOGISTIC s8";
    p.input = x_logistic;
    kgl_logistic_s8(&p);
    CHECK_BYTES(y, logistic, 6);
    kgl_test_context = "TANH s8";
    p.input = x_tanh;
    kgl_tanh_s8(&p);
    CHECK_BYTES(y, tanh, 6);
}

/*
 * SOFTMAX over rows, input scale 1/16, beta 1, as the compiler prepares it: beta * scale *
 * 2^26 = 2^22 = 0.5 * 2^23 -> multiplier 2^30, left shift 23; diff_min = -floor(31 * 2^26 /
 * 2^23) = -248. Output round(256 * p) - 128 (clamped), p = softmax(x / 16):
 *   {0, 0}: 0.5, 0.5 -> 0, 0.
 *   {16, 0}: e / (e + 1) = 0.731059 -> 187.15 -> 59; 0.268941 -> 68.85 -> -59.
 *   {32, 16, 0}: e^2, e, 1 over 11.107338 = 0.665241, 0.244728, 0.090031 -> 170.30,
 *     62.65, 23.05 -> 42, -65, -105.
 *   {127, -128}: the difference -255 is below diff_min, so that entry is -128 and the other
 *     has p = 1 -> 256 - 128 = 128, clamped to 127.
 */
static void test_softmax_s8(void) {
    kgl_test_context = "SOFTMAX s8";
    static const int8_t rows2[6] = {0, 0, 16, 0, 127, -128};
    static const int8_t expected2[6] = {0, 0, 59, -59, 127, -128};
    static const int8_t row3[3] = {32, 16, 0};
    static const int8_t expected3[3] = {42, -65, -105};
    int8_t y[6];
    kgl_softmax_s8_params p;
    p.rows = 3;
    p.depth = 2;
    p.input_multiplier = 1 << 30;
    p.input_left_shift = 23;
    p.diff_min = -248;
    p.input = rows2;
    p.output = y;
    kgl_softmax_s8(&p);
    CHECK_BYTES(y, expected2, 6);
    p.rows = 1;
    p.depth = 3;
    p.input = row3;
    kgl_softmax_s8(&p);
    CHECK_BYTES(y, expected3, 3);
}

/* ---- QUANTIZE, DEQUANTIZE ---- */

/* QUANTIZE int8 -> int8: clamp(MBQM(x - 2) + (-3)), x 1: {10, -128, 127, 0} ->
   5, -133 -> -128, 122, -5. */
static void test_quantize_s8(void) {
    kgl_test_context = "QUANTIZE s8 from int8";
    static const int8_t x[4] = {10, -128, 127, 0};
    static const int8_t expected[4] = {5, -128, 122, -5};
    int8_t y[5];
    kgl_quantize_s8_params p;
    memset(&p, 0, sizeof p);
    p.count = 4;
    p.input_type = KGL_TYPE_INT8;
    p.input = x;
    p.output = y;
    p.output_zero_point = -3;
    p.input_offset = 2;
    p.multiplier = X1_M;
    p.shift = 1;
    kgl_quantize_s8(&p);
    CHECK_BYTES(y, expected, 4);
#if KGL_ENABLE_FLOAT
    /* From float32, scale 0.5, zero point 1: x / 0.5 = 2, -2.5, 0.5, 200, -1.5, rounded half
       away from zero 2, -3, 1, 200, -2, plus 1: 3, -2, 2, 201 -> 127, -1. */
    kgl_test_context = "QUANTIZE s8 from float32";
    static const float f[5] = {1.0f, -1.25f, 0.25f, 100.0f, -0.75f};
    static const int8_t from_float[5] = {3, -2, 2, 127, -1};
    p.count = 5;
    p.input_type = KGL_TYPE_FLOAT32;
    p.input = f;
    p.output_zero_point = 1;
    p.scale = 0.5f;
    kgl_quantize_s8(&p);
    CHECK_BYTES(y, from_float, 5);
    /* With a normalization over 2 channels, shifts {1, 0}, multipliers {2, 0.5}:
       (1 - 1) * 2 = 0 -> 0 + 1 = 1; -1.25 * 0.5 = -0.625 -> -1.25 -> -1 + 1 = 0;
       (0.25 - 1) * 2 = -1.5 -> -3 + 1 = -2; 100 * 0.5 = 50 -> 100 + 1 = 101;
       (-0.75 - 1) * 2 = -3.5 -> -7 + 1 = -6. */
    static const float normalization[4] = {1.0f, 0.0f, 2.0f, 0.5f};
    static const int8_t normalized[5] = {1, 0, -2, 101, -6};
    p.normalization = normalization;
    p.normalization_channels = 2;
    kgl_quantize_s8(&p);
    CHECK_BYTES(y, normalized, 5);
#endif
}

/* QUANTIZE with int16: int16 -> int8 x 0.5 (2^30, shift 0), zero point -1:
   300 -> 150 - 1 = 149 -> 127; -5 -> -2 (half up) - 1 = -3; 120 -> 60 - 1 = 59.
   int8 -> int16 x 1, input zero point 2, output 100: {10, -128} -> 108, -30.
   int16 -> int16 x 1, output zero point 5: {1000, -32768} -> 1005, -32763. */
static void test_quantize_s16(void) {
    static const int16_t x16[3] = {300, -5, 120};
    static const int8_t to_int8[3] = {127, -3, 59};
    static const int8_t x8[2] = {10, -128};
    static const int16_t big[2] = {1000, -32768};
    int8_t y8[3];
    int16_t y16[3];
    kgl_quantize_s16_params p;
    memset(&p, 0, sizeof p);
    kgl_test_context = "QUANTIZE s16 int16 -> int8";
    p.count = 3;
    p.input_type = KGL_TYPE_INT16;
    p.output_type = KGL_TYPE_INT8;
    p.input = x16;
    p.output = y8;
    p.output_zero_point = -1;
    p.multiplier = X1_M;
    p.shift = 0;
    kgl_quantize_s16(&p);
    CHECK_BYTES(y8, to_int8, 3);

    kgl_test_context = "QUANTIZE s16 int8 -> int16";
    p.count = 2;
    p.input_type = KGL_TYPE_INT8;
    p.output_type = KGL_TYPE_INT16;
    p.input = x8;
    p.output = y16;
    p.input_offset = 2;
    p.output_zero_point = 100;
    p.shift = 1;
    kgl_quantize_s16(&p);
    CHECK_EQ(y16[0], 108);
    CHECK_EQ(y16[1], -30);

    kgl_test_context = "QUANTIZE s16 int16 -> int16";
    p.input_type = KGL_TYPE_INT16;
    p.input = big;
    p.input_offset = 0;
    p.output_zero_point = 5;
    kgl_quantize_s16(&p);
    CHECK_EQ(y16[0], 1005);
    CHECK_EQ(y16[1], -32763);
#if KGL_ENABLE_FLOAT
    /* float32 -> int16, scale 0.25, zero point 0: 4, -8.5 -> -9, 40000 -> 32767. */
    kgl_test_context = "QUANTIZE s16 float32 -> int16";
    static const float f[3] = {1.0f, -2.125f, 10000.0f};
    p.count = 3;
    p.input_type = KGL_TYPE_FLOAT32;
    p.input = f;
    p.output_zero_point = 0;
    p.scale = 0.25f;
    kgl_quantize_s16(&p);
    CHECK_EQ(y16[0], 4);
    CHECK_EQ(y16[1], -9);
    CHECK_EQ(y16[2], 32767);
#endif
}

#if KGL_ENABLE_FLOAT
/* DEQUANTIZE: scale * (x - zero point), every value exact in float32.
   int8, scale 0.5, zero point -1: {-1, 0, 127, -128} -> 0, 0.5, 64, -63.5.
   int16, scale 0.25, zero point 3: {3, 7, -32768} -> 0, 1, -8192.75. */
static void test_dequantize(void) {
    static const int8_t x8[4] = {-1, 0, 127, -128};
    static const float expected8[4] = {0.0f, 0.5f, 64.0f, -63.5f};
    static const int16_t x16[3] = {3, 7, -32768};
    static const float expected16[3] = {0.0f, 1.0f, -8192.75f};
    float y[4];
    kgl_test_context = "DEQUANTIZE s8";
    kgl_dequantize_s8_params p8 = {4, -1, 0.5f, x8, y};
    kgl_dequantize_s8(&p8);
    CHECK_BYTES(y, expected8, sizeof expected8);
    kgl_test_context = "DEQUANTIZE s16";
    kgl_dequantize_s16_params p16 = {3, 3, 0.25f, x16, y};
    kgl_dequantize_s16(&p16);
    CHECK_BYTES(y, expected16, sizeof expected16);
}
#endif

int main(void) {
    test_add_sub_s8();
    test_add_s16();
    test_mul_s8();
    test_relu_s8();
    test_relu6_s8();
    test_leaky_relu_s8();
    test_hard_swish_s8();
    test_logistic_tanh_s8();
    test_softmax_s8();
    test_quantize_s8();
    test_quantize_s16();
#if KGL_ENABLE_FLOAT
    test_dequantize();
#endif
    return KGL_TEST_END();
}
