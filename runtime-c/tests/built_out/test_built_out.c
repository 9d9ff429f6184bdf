/*
 * test_built_out.c: the runtime built with the 16x8 kernels and the sparse paths left out
 * (KGL_ENABLE_INT16=0, KGL_ENABLE_SPARSE=0, what `kinglet emit-c` writes for a dense int8
 * model). `make test-built-out` builds the library and this test so; `make test` skips it.
 *
 * A dense int8 FULLY_CONNECTED still runs and gives its value; the same operator with its
 * weights sparse, and its 16x8 twin, are refused at load with KGL_ERROR_UNSUPPORTED_OPERATOR
 * (both are valid models, which the default build runs).
 */
#include "kgl_internal.h"
#include "kgl_test.h"
#include "kgl_test_builder.h"

#if KGL_ENABLE_INT16 || KGL_ENABLE_SPARSE
#error "build with -DKGL_ENABLE_INT16=0 -DKGL_ENABLE_SPARSE=0 (make test-built-out)"
#endif

static uint8_t image_raw[4096 + 16];
static uint8_t arena_raw[256 + 16];
static kb_model spec;

/* FULLY_CONNECTED 4 -> 1 with weights {2, 0, 0, -1} (sparse: bitmap 0b1001, values 2, -1),
   activations of `type`; multiplier 0.5. */
static void build_fc(uint32_t type, int sparse) {
    kb_init(&spec);
    const int8_t w[4] = {2, 0, 0, -1};
    const uint8_t w_sparse[3] = {0x09, 2, (uint8_t)-1};
    const int32_t bias32[1] = {0};
    const int64_t bias64[1] = {0};
    const int32_t mult[1] = {1 << 30};
    const int32_t shift[1] = {0};
    const uint32_t w_at = sparse ? kb_data(&spec, w_sparse, sizeof w_sparse, 16)
                                 : kb_data(&spec, w, sizeof w, 16);
    const int s16 = type == KGL_TYPE_INT16;
    const uint32_t b_at = s16 ? kb_data(&spec, bias64, sizeof bias64, 16)
                              : kb_data(&spec, bias32, sizeof bias32, 16);
    const uint32_t m_at = kb_data(&spec, mult, sizeof mult, 16);
    const uint32_t s_at = kb_data(&spec, shift, sizeof shift, 16);
    const uint32_t x_dims[2] = {1, 4}, w_dims[2] = {1, 4}, b_dims[1] = {1}, y_dims[2] = {1, 1};
    const uint32_t x = kb_tensor(&spec, type, 2, x_dims, KGL_LOCATION_ARENA, 0, NULL);
    const uint32_t wt = kb_tensor(&spec, KGL_TYPE_INT8, 2, w_dims,
                                  sparse ? KGL_LOCATION_SPARSE : KGL_LOCATION_CONSTANT, w_at, NULL);
    const uint32_t bt = kb_tensor(&spec, s16 ? KGL_TYPE_INT64 : KGL_TYPE_INT32, 1, b_dims,
                                  KGL_LOCATION_CONSTANT, b_at, NULL);
    const uint32_t y = kb_tensor(&spec, type, 2, y_dims, KGL_LOCATION_ARENA, 16, NULL);
    spec.arena_bytes = 32;
    const int32_t lo = s16 ? -32768 : -128, hi = s16 ? 32767 : 127;
    const int32_t options[6] = {0, 0, lo, hi, (int32_t)m_at, (int32_t)s_at};
    const uint32_t ins[3] = {x, wt, bt};
    kb_operator(&spec, KGL_OP_FULLY_CONNECTED, 3, ins, 1, &y, options, 6, NULL);
    kb_io(&spec, 1, &x, 1, &y);
}

static kgl_status load(kgl_model *m) {
    uint8_t *image = KB_ALIGNED(image_raw);
    const uint32_t size = kb_write(&spec, image, 4096, NULL);
    return kgl_model_init(m, image, size, KB_ALIGNED(arena_raw), spec.arena_bytes);
}

int main(void) {
    kgl_model m;
    kgl_test_context = "dense int8 FULLY_CONNECTED";
    build_fc(KGL_TYPE_INT8, 0);
    CHECK_STATUS(load(&m), KGL_OK);
    kgl_tensor x, y;
    CHECK_STATUS(kgl_model_input(&m, 0, &x), KGL_OK);
    const int8_t input[4] = {50, 7, -9, -20};
    memcpy(x.data, input, sizeof input);
    CHECK_STATUS(kgl_model_invoke(&m), KGL_OK);
    CHECK_STATUS(kgl_model_output(&m, 0, &y), KGL_OK);
    CHECK_EQ(((const int8_t *)y.data)[0], 60); /* (2 * 50 + 20) / 2 */

    kgl_test_context = "sparse int8 FULLY_CONNECTED";
    build_fc(KGL_TYPE_INT8, 1);
    CHECK_STATUS(load(&m), KGL_ERROR_UNSUPPORTED_OPERATOR);

    kgl_test_context = "16x8 FULLY_CONNECTED";
    build_fc(KGL_TYPE_INT16, 0);
    CHECK_STATUS(load(&m), KGL_ERROR_UNSUPPORTED_OPERATOR);
    return KGL_TEST_END();
}
