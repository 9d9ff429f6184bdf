/*
 * kgl_test_reference.h: the documented arithmetic (docs/QUANTIZATION.md, "Requantization"
 * and "The int64 rescale"), written again from the text for the direct kernel tests, so that
 * expected values never come from the runtime's own helpers (kgl_requantize.h), and a sparse
 * encoder written from docs/FORMAT.md ("Sparse constants"). Plain loops, 64-bit arithmetic;
 * the tests keep their values small enough that nothing here overflows.
 */
#ifndef KGL_TEST_REFERENCE_H
#define KGL_TEST_REFERENCE_H

#include <stdint.h>
#include <string.h>

/* v / 2^e rounded to nearest, ties away from zero, for e in [0, 31]. */
static inline int64_t ref_round_shift(int64_t v, int e) {
    if (e == 0) {
        return v;
    }
    const int64_t half = (int64_t)1 << (e - 1);
    return v >= 0 ? (v + half) / ((int64_t)1 << e) : -((-v + half) / ((int64_t)1 << e));
}

/* MultiplyByQuantizedMultiplier, double rounding: x * 2^max(s, 0) (wrapping int32), then
   (x * m + (x * m >= 0 ? 2^30 : 1 - 2^30)) / 2^31 truncated toward zero, the one overflow
   (-2^31)^2 saturating, then a right shift by max(-s, 0) rounding half away from zero. */
static inline int32_t ref_mbqm(int32_t x, int32_t m, int32_t s) {
    const uint32_t bits = (uint32_t)x << (s > 0 ? s : 0);
    const int32_t shifted = bits <= (uint32_t)INT32_MAX ? (int32_t)bits : -(int32_t)(~bits) - 1;
    int32_t high;
    if (shifted == INT32_MIN && m == INT32_MIN) {
        high = INT32_MAX;
    } else {
        const int64_t ab = (int64_t)shifted * m;
        high = (int32_t)((ab + (ab >= 0 ? ((int64_t)1 << 30) : 1 - ((int64_t)1 << 30))) /
                         ((int64_t)1 << 31));
    }
    return (int32_t)ref_round_shift(high, s < 0 ? -s : 0);
}

/* The 16x8 rescale: the multiplier reduced to Q15 (rounding half up, 0x7FFF from
   0x7FFF0000 on), then floor((x * r + 2^(14 - s)) / 2^(15 - s)), for |x * r| < 2^62. */
static inline int32_t ref_mbqm64(int64_t x, int32_t m, int32_t s) {
    const int64_t r = m >= 0x7FFF0000 ? 0x7FFF : ((int64_t)m + 32768) >> 16;
    const int64_t sum = x * r + ((int64_t)1 << (14 - s));
    const int64_t divisor = (int64_t)1 << (15 - s);
    const int64_t floor = sum >= 0 ? sum / divisor : -((-sum + divisor - 1) / divisor);
    return (int32_t)floor;
}

static inline int32_t ref_clamp(int64_t v, int32_t lo, int32_t hi) {
    return v < lo ? lo : v > hi ? hi : (int32_t)v;
}

/*
 * The sparse encoding of n int8 elements given in the order of the sparse rows (docs/FORMAT.md:
 * rows along the row axis): a bitmap of ceil(n / 8) bytes, bit k % 8 of byte k / 8 set when
 * element k is nonzero, then the nonzero values in order. `order[k]` is the index in `dense`
 * of sparse element k (NULL: the same order). Writes bitmap[] and values[]; returns the
 * number of values.
 */
static inline uint32_t ref_sparse_encode(const int8_t *dense, const uint32_t *order, uint32_t n,
                                         uint8_t *bitmap, int8_t *values) {
    uint32_t count = 0;
    memset(bitmap, 0, (n + 7u) / 8u);
    for (uint32_t k = 0; k < n; k++) {
        const int8_t v = dense[order != NULL ? order[k] : k];
        if (v != 0) {
            bitmap[k / 8u] = (uint8_t)(bitmap[k / 8u] | (1u << (k % 8u)));
            values[count++] = v;
        }
    }
    return count;
}

#endif /* KGL_TEST_REFERENCE_H */
