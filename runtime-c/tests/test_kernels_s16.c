/*
 * test_kernels_s16.c: the 16x8 arithmetic in C on its own (runs on a board too): the int64
 * rescale kgl_multiply_by_quantized_multiplier_64 against hand values, and small
 * hand-computed CONV_2D / FULLY_CONNECTED / ADD / QUANTIZE models with int16 activations,
 * which also check that the dispatch picks the kgl_<stem>_s16 kernels. The same values are
 * checked in Swift (Tests/KingletInterpreterTests, the ...16x8Tests suites), where random models
 * also compare the two engines.
 */
#include "kgl_internal.h"
#include "kgl_requantize.h"
#include "kgl_test.h"
#include "kgl_test_builder.h"

static void test_multiply_by_quantized_multiplier_64(void) {
    kgl_test_context = "kgl_multiply_by_quantized_multiplier_64";
    /* 2^30 is 0.5 at shift 0, reduced to Q15 exactly (16384); the shift rounds half up. */
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64(1000, 1 << 30, 0), 500);
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64(1001, 1 << 30, 0), 501);
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64(-1001, 1 << 30, 0), -500);
    /* From 0x7FFF0000 the reduced multiplier saturates at 0x7FFF. */
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64((int64_t)1 << 20, 0x7FFF8000, 0), 1048544);
    /* The int64 result keeps its low 32 bits (TFLite's static_cast). */
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64((int64_t)1 << 46, 1 << 30, 7), 0);
    /* 1/3 (1431655765, -1, reduced 21845): 60001 -> 20000; the int32 double rounding gives
       20001. */
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64(60001, 1431655765, -1), 20000);
    CHECK_EQ(kgl_multiply_by_quantized_multiplier(60001, 1431655765, -1), 20001);
    /* The ends of the legal shifts: 14 (x 2^13) and -31 (x 2^-32). */
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64(3, 1 << 30, 14), 3 << 13);
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64((int64_t)1 << 31, 1 << 30, -31), 1);
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64(((int64_t)1 << 31) - 1, 1 << 30, -31), 0);
    CHECK_EQ(kgl_multiply_by_quantized_multiplier_64(-((int64_t)1 << 31), 1 << 30, -31), 0);
    /* Extremes wrap without undefined behaviour (checked under UBSan). */
    (void)kgl_multiply_by_quantized_multiplier_64(INT64_MAX, INT32_MAX, -31);
    (void)kgl_multiply_by_quantized_multiplier_64(INT64_MIN, INT32_MAX, 14);
}

static uint8_t image_raw[8192 + 16];
static uint8_t arena_raw[1024 + 16];
static kb_model spec;

/* Lays out `spec`, loads it, writes `input` (int16) to model input 0, invokes, and copies
   `n` int16 outputs of model output 0. Returns the status of kgl_model_init. */
static kgl_status run_int16(const int16_t *const *inputs, uint32_t input_count, int16_t *out,
                            uint32_t n) {
    uint8_t *image = KB_ALIGNED(image_raw);
    uint8_t *arena = KB_ALIGNED(arena_raw);
    const uint32_t size = kb_write(&spec, image, 8192, NULL);
    kgl_model m;
    kgl_status s = kgl_model_init(&m, image, size, arena, spec.arena_bytes);
    if (s != KGL_OK) {
        return s;
    }
    for (uint32_t i = 0; i < input_count; i++) {
        kgl_tensor t;
        CHECK_STATUS(kgl_model_input(&m, i, &t), KGL_OK);
        memcpy(t.data, inputs[i], t.bytes);
    }
    CHECK_STATUS(kgl_model_invoke(&m), KGL_OK);
    kgl_tensor y;
    CHECK_STATUS(kgl_model_output(&m, 0, &y), KGL_OK);
    CHECK_EQ(y.type, KGL_TYPE_INT16);
    memcpy(out, y.data, n * 2u);
    return KGL_OK;
}

/* 1x1 CONV_2D, two channels, multiplier 0.5: 2*1000 - 3*(-3000) + 7 = 11007 -> 5504;
   1000 - 3000 - 3 = -2003 -> -1001 (ties up). */
static void test_conv2d_s16(void) {
    kgl_test_context = "CONV_2D s16";
    kb_init(&spec);
    const int8_t w[4] = {2, -3, 1, 1};
    const int64_t bias[2] = {7, -3};
    const int32_t mult[2] = {1 << 30, 1 << 30};
    const int32_t shift[2] = {0, 0};
    const uint32_t w_at = kb_data(&spec, w, sizeof w, 16);
    const uint32_t b_at = kb_data(&spec, bias, sizeof bias, 16);
    const uint32_t m_at = kb_data(&spec, mult, sizeof mult, 16);
    const uint32_t s_at = kb_data(&spec, shift, sizeof shift, 16);
    const uint32_t x_dims[4] = {1, 1, 1, 2}, w_dims[4] = {2, 1, 1, 2}, b_dims[1] = {2};
    const uint32_t x = kb_tensor(&spec, KGL_TYPE_INT16, 4, x_dims, KGL_LOCATION_ARENA, 0, NULL);
    const uint32_t wt = kb_tensor(&spec, KGL_TYPE_INT8, 4, w_dims, KGL_LOCATION_CONSTANT, w_at, NULL);
    const uint32_t bt = kb_tensor(&spec, KGL_TYPE_INT64, 1, b_dims, KGL_LOCATION_CONSTANT, b_at, NULL);
    const uint32_t y = kb_tensor(&spec, KGL_TYPE_INT16, 4, x_dims, KGL_LOCATION_ARENA, 16, NULL);
    spec.arena_bytes = 32;
    const int32_t options[12] = {0, 0, 1, 1, 1, 1, 0, 0, -32768, 32767, (int32_t)m_at, (int32_t)s_at};
    const uint32_t ins[3] = {x, wt, bt};
    kb_operator(&spec, KGL_OP_CONV_2D, 3, ins, 1, &y, options, 12, NULL);
    kb_io(&spec, 1, &x, 1, &y);
    const int16_t input[2] = {1000, -3000};
    const int16_t *inputs[1] = {input};
    int16_t out[2] = {0, 0};
    CHECK_STATUS(run_int16(inputs, 1, out, 2), KGL_OK);
    CHECK_EQ(out[0], 5504);
    CHECK_EQ(out[1], -1001);
    /* The 16x8 kernel refuses an int32 bias, a non-zero offset and a shift of 15. */
    spec.tensors[bt].type = KGL_TYPE_INT32;
    spec.tensors[bt].dims[0] = 4;
    spec.tensors[bt].bytes = 16;
    CHECK_STATUS(run_int16(inputs, 1, out, 2), KGL_ERROR_BAD_OPERATOR);
    spec.tensors[bt].type = KGL_TYPE_INT64;
    spec.tensors[bt].dims[0] = 2;
    spec.operators[0].options[0] = 1;
    CHECK_STATUS(run_int16(inputs, 1, out, 2), KGL_ERROR_BAD_OPTIONS);
    spec.operators[0].options[0] = 0;
    memcpy(spec.data + s_at, &(int32_t){15}, 4);
    CHECK_STATUS(run_int16(inputs, 1, out, 2), KGL_ERROR_BAD_OPTIONS);
}

/* FULLY_CONNECTED 3 -> 1 with multiplier 1/3: acc = 2*30000 + 1 = 60001 -> 20000. */
static void test_fully_connected_s16(void) {
    kgl_test_context = "FULLY_CONNECTED s16";
    kb_init(&spec);
    const int8_t w[3] = {2, 0, 0};
    const int64_t bias[1] = {1};
    const int32_t mult[1] = {1431655765};
    const int32_t shift[1] = {-1};
    const uint32_t w_at = kb_data(&spec, w, sizeof w, 16);
    const uint32_t b_at = kb_data(&spec, bias, sizeof bias, 16);
    const uint32_t m_at = kb_data(&spec, mult, sizeof mult, 16);
    const uint32_t s_at = kb_data(&spec, shift, sizeof shift, 16);
    const uint32_t x_dims[2] = {1, 3}, w_dims[2] = {1, 3}, b_dims[1] = {1}, y_dims[2] = {1, 1};
    const uint32_t x = kb_tensor(&spec, KGL_TYPE_INT16, 2, x_dims, KGL_LOCATION_ARENA, 0, NULL);
    const uint32_t wt = kb_tensor(&spec, KGL_TYPE_INT8, 2, w_dims, KGL_LOCATION_CONSTANT, w_at, NULL);
    const uint32_t bt = kb_tensor(&spec, KGL_TYPE_INT64, 1, b_dims, KGL_LOCATION_CONSTANT, b_at, NULL);
    const uint32_t y = kb_tensor(&spec, KGL_TYPE_INT16, 2, y_dims, KGL_LOCATION_ARENA, 16, NULL);
    spec.arena_bytes = 32;
    const int32_t options[6] = {0, 0, -32768, 32767, (int32_t)m_at, (int32_t)s_at};
    const uint32_t ins[3] = {x, wt, bt};
    kb_operator(&spec, KGL_OP_FULLY_CONNECTED, 3, ins, 1, &y, options, 6, NULL);
    kb_io(&spec, 1, &x, 1, &y);
    const int16_t input[3] = {30000, -7, 12345};
    const int16_t *inputs[1] = {input};
    int16_t out[1] = {0};
    CHECK_STATUS(run_int16(inputs, 1, out, 1), KGL_OK);
    CHECK_EQ(out[0], 20000);
}

/* ADD with unit scales (left shift 15, multipliers 1/2 and 2^-14): exact sums, saturating. */
static void test_add_s16(void) {
    kgl_test_context = "ADD s16";
    kb_init(&spec);
    const uint32_t dims[1] = {4};
    const uint32_t a = kb_tensor(&spec, KGL_TYPE_INT16, 1, dims, KGL_LOCATION_ARENA, 0, NULL);
    const uint32_t b = kb_tensor(&spec, KGL_TYPE_INT16, 1, dims, KGL_LOCATION_ARENA, 16, NULL);
    const uint32_t y = kb_tensor(&spec, KGL_TYPE_INT16, 1, dims, KGL_LOCATION_ARENA, 32, NULL);
    spec.arena_bytes = 48;
    const int32_t options[12] = {0, 0, 0, 15, 1 << 30, 0, 1 << 30, 0, 1 << 30, -13, -32768, 32767};
    const uint32_t ins[2] = {a, b};
    kb_operator(&spec, KGL_OP_ADD, 2, ins, 1, &y, options, 12, NULL);
    kb_io(&spec, 2, ins, 1, &y);
    const int16_t x1[4] = {1000, -7, 30000, -32768};
    const int16_t x2[4] = {2000, 3, 30000, -32768};
    const int16_t *inputs[2] = {x1, x2};
    int16_t out[4];
    CHECK_STATUS(run_int16(inputs, 2, out, 4), KGL_OK);
    CHECK_EQ(out[0], 3000);
    CHECK_EQ(out[1], -4);
    CHECK_EQ(out[2], 32767);
    CHECK_EQ(out[3], -32768);
    /* Offsets must be 0 and the left shift at most 15. */
    spec.operators[0].options[1] = -1;
    CHECK_STATUS(run_int16(inputs, 2, out, 4), KGL_ERROR_BAD_OPTIONS);
    spec.operators[0].options[1] = 0;
    spec.operators[0].options[3] = 16;
    CHECK_STATUS(run_int16(inputs, 2, out, 4), KGL_ERROR_BAD_OPTIONS);
}

/* QUANTIZE int16 -> int8 by 0.01 (1374389535, -6) + zero point 3: 150 -> 5, -150 -> 1
   (double rounding: 96 / 64 = 1.5 -> 2, away from zero), the ends clamp. */
static void test_quantize_s16(void) {
    kgl_test_context = "QUANTIZE s16";
    kb_init(&spec);
    const uint32_t dims[1] = {4};
    const uint32_t x = kb_tensor(&spec, KGL_TYPE_INT16, 1, dims, KGL_LOCATION_ARENA, 0, NULL);
    const uint32_t y = kb_tensor(&spec, KGL_TYPE_INT8, 1, dims, KGL_LOCATION_ARENA, 16, NULL);
    spec.arena_bytes = 32;
    const int32_t options[5] = {3, 0, 0, 1374389535, -6};
    kb_operator(&spec, KGL_OP_QUANTIZE, 1, &x, 1, &y, options, 5, NULL);
    kb_io(&spec, 1, &x, 1, &y);
    uint8_t *image = KB_ALIGNED(image_raw);
    uint8_t *arena = KB_ALIGNED(arena_raw);
    const uint32_t size = kb_write(&spec, image, 8192, NULL);
    kgl_model m;
    CHECK_STATUS(kgl_model_init(&m, image, size, arena, spec.arena_bytes), KGL_OK);
    const int16_t input[4] = {150, -150, INT16_MAX, INT16_MIN};
    memcpy(arena, input, sizeof input);
    CHECK_STATUS(kgl_model_invoke(&m), KGL_OK);
    const int8_t *out = (const int8_t *)(arena + 16);
    CHECK_EQ(out[0], 5);
    CHECK_EQ(out[1], 1);
    CHECK_EQ(out[2], 127);
    CHECK_EQ(out[3], -128);
    /* An int16 input offset is legal; the int8 output zero point must fit int8. */
    spec.operators[0].options[2] = -32768;
    CHECK_STATUS(kgl_model_init(&m, image, kb_write(&spec, image, 8192, NULL), arena, 32), KGL_OK);
    spec.operators[0].options[0] = 128;
    CHECK_STATUS(kgl_model_init(&m, image, kb_write(&spec, image, 8192, NULL), arena, 32),
                 KGL_ERROR_BAD_OPTIONS);
}

int main(void) {
    test_multiply_by_quantized_multiplier_64();
    test_conv2d_s16();
    test_fully_connected_s16();
    test_add_s16();
    test_quantize_s16();
    kgl_test_context = "";
    return KGL_TEST_END();
}
