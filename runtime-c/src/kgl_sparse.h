/*
 * kgl_sparse.h: reading sparse constants (format 1.4, docs/FORMAT.md "Sparse constants"),
 * for the load-time check (kgl_model.c) and the zero-skipping paths of CONV_2D,
 * DEPTHWISE_CONV_2D and FULLY_CONNECTED (int8 and 16x8). Knows nothing of models: the
 * kernels see a sparse filter as a kgl_filter_s8 (kgl_kernels.h).
 *
 * A sparse int8 tensor of N elements is a bitmap of ceil(N / 8) bytes (bit k % 8 of byte
 * k / 8, least significant first, set when element k is nonzero) followed by the nonzero
 * values in element order; elements are ordered by rows along the row axis (quant_axis).
 *
 * The kernels walk the rows in order, each as one or more runs of consecutive bits, with a
 * values pointer that advances by one per set bit: kgl_sparse_dot_s8 / _s16 multiply a run
 * against activations, kgl_sparse_count tells how many values a run holds (to step over
 * taps that fall in the padding). kgl_sparse_dot_s8 reads the middle of a run four bytes at
 * a time (assembled little-endian from bytes, which GCC turns into one load where the core
 * allows it; the same on any endianness), the rest byte by byte; a zero word or byte costs
 * a load and a test, and each set bit is found with one count-trailing-zeros, so the work is
 * per nonzero and per bitmap word, never per zero weight. The sums are the dense kernels' without their zero
 * terms, in the same wrapping arithmetic, so the results are byte-identical.
 */
#ifndef KGL_SPARSE_H
#define KGL_SPARSE_H

#include <stddef.h>
#include <stdint.h>

/* The walks below run in the kernels' innermost loops, with the values pointer passed by
   address: GCC and Clang are told to inline them (their size heuristics may otherwise keep
   a call, with that pointer in memory); other compilers take `inline` as the hint it is. */
#if defined(__GNUC__) || defined(__clang__)
#define KGL_SPARSE_WALK static inline __attribute__((always_inline))
#else
#define KGL_SPARSE_WALK static inline
#endif

/* Bytes of the bitmap of a sparse tensor of `n` elements: ceil(n / 8), for any uint32 n. */
static inline uint32_t kgl_sparse_bitmap_bytes(uint32_t n) {
    return n / 8u + (n % 8u != 0u ? 1u : 0u);
}

/* The number of set bits of a byte `bits` (0..255); branch-free, no library call. */
static inline uint32_t kgl_popcount8(uint32_t bits) {
    bits = bits - ((bits >> 1) & 0x55u);
    bits = (bits & 0x33u) + ((bits >> 2) & 0x33u);
    return (bits + (bits >> 4)) & 0x0Fu;
}

/*
 * The index of the lowest set bit of `bits`, which must be in 1..255. With GCC or Clang the
 * builtin (two instructions where the core has bit reversal and CLZ, one with TZCNT),
 * except on ARMv6-M (Cortex-M0/M0+), which has no CLZ (GCC would call libgcc's __ctzsi2),
 * and when KGL_SPARSE_PORTABLE_CTZ is defined (tests/test_sparse.c checks the portable code
 * that way). Otherwise portable C99: the lowest set bit alone (1 << index) times the de
 * Bruijn sequence 00011101 has a distinct pattern in bits 5..7 for each index, which a table
 * turns back into the index. Both give the same index.
 */
static inline uint32_t kgl_ctz8(uint32_t bits) {
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__ARM_ARCH_6M__) && \
    !defined(KGL_SPARSE_PORTABLE_CTZ)
    return (uint32_t)__builtin_ctz(bits);
#else
    static const uint8_t index_of[8] = {0, 1, 6, 2, 7, 5, 4, 3};
    return index_of[(((bits & (0u - bits)) * 0x1Du) >> 5) & 7u];
#endif
}

/* The index of the lowest set bit of `bits` (nonzero): kgl_ctz8's choices for 32 bits; the
   portable de Bruijn sequence 0x077CB531 puts a distinct pattern in bits 27..31. */
static inline uint32_t kgl_ctz32(uint32_t bits) {
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__ARM_ARCH_6M__) && \
    !defined(KGL_SPARSE_PORTABLE_CTZ)
    return (uint32_t)__builtin_ctz(bits);
#else
    static const uint8_t index_of[32] = {0,  1,  28, 2,  29, 14, 24, 3,  30, 22, 20,
                                         15, 25, 17, 4,  8,  31, 27, 13, 23, 21, 19,
                                         16, 7,  26, 12, 18, 6,  11, 5,  10, 9};
    return index_of[((bits & (0u - bits)) * 0x077CB531u) >> 27];
#endif
}

/* Bits 0..31 of the bitmap from byte p: bit k % 8 of byte p[k / 8] is bit k. */
static inline uint32_t kgl_sparse_word(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * The number of set bits of `bitmap` in [start, start + count), i.e. how many values that
 * run holds (the kernels step the values pointer over the taps in the padding with it).
 * Reads bitmap bytes start / 8 .. (start + count - 1) / 8 only, none when count is 0.
 * Assumes start + count <= the bitmap's bit count.
 */
KGL_SPARSE_WALK uint32_t kgl_sparse_count(const uint8_t *bitmap, uint32_t start, uint32_t count) {
    if (count == 0u) {
        return 0u;
    }
    const uint8_t *p = bitmap + start / 8u;
    uint32_t bits = (uint32_t)*p++ >> (start % 8u);
    uint32_t width = 8u - start % 8u; /* positions of the run that `bits` covers */
    uint32_t total = 0;
    while (width < count) {
        total += kgl_popcount8(bits);
        count -= width;
        bits = *p++;
        width = 8u;
    }
    return total + kgl_popcount8(bits & ((1u << count) - 1u)); /* count is 1..8 here */
}

/* The bits of the last bitmap byte of the run that ends before bit `end` (end >= 1): bits
   0 .. (end - 1) % 8. */
static inline uint32_t kgl_sparse_tail_mask(uint32_t end) {
    return 0xFFu >> (7u - (end - 1u) % 8u);
}

/*
 * One bitmap byte of a run, int8 activations: for each set bit b of `bits` (0..255), lowest
 * first, adds (*values)[i] * (x[b * step] + input_offset) to acc, i counting from 0, and
 * advances *values past the values used. Returns acc, wrapping in uint32 as the dense
 * kernels' sums do.
 */
KGL_SPARSE_WALK uint32_t kgl_sparse_byte_dot_s8(uint32_t acc, uint32_t bits, const int8_t *x,
                                              size_t step, int32_t input_offset,
                                              const int8_t **values) {
    const int8_t *v = *values;
    while (bits != 0u) {
        const int32_t xv = x[(size_t)kgl_ctz8(bits) * step];
        acc += (uint32_t)((int32_t)*v++ * (xv + input_offset));
        bits &= bits - 1u; /* clear the lowest set bit */
    }
    *values = v;
    return acc;
}

/* kgl_sparse_byte_dot_s8 for a word of 32 bits (any value). */
KGL_SPARSE_WALK uint32_t kgl_sparse_word_dot_s8(uint32_t acc, uint32_t bits, const int8_t *x,
                                              size_t step, int32_t input_offset,
                                              const int8_t **values) {
    const int8_t *v = *values;
    while (bits != 0u) {
        const int32_t xv = x[(size_t)kgl_ctz32(bits) * step];
        acc += (uint32_t)((int32_t)*v++ * (xv + input_offset));
        bits &= bits - 1u;
    }
    *values = v;
    return acc;
}

/*
 * The dot product of the run [start, start + count) of a sparse row with int8 activations,
 * bit k against x[(k - start) * step] (step 1: consecutive activations; DEPTHWISE_CONV_2D
 * steps over the channels): the sum over the run's set bits k of
 * value * (x[(k - start) * step] + input_offset), the values taken in order from *values,
 * which is advanced past them. The sum wraps in uint32, as the dense kernels' (so adding it
 * to their accumulator gives their bytes). Reads bitmap bytes start / 8 ..
 * (start + count - 1) / 8 once each, the activations of set bits only, and one value per
 * set bit. Assumes count >= 1, the run inside the bitmap, and *values at the value of the
 * run's first set bit (the first value at or after bit start).
 */
KGL_SPARSE_WALK uint32_t kgl_sparse_dot_s8(const uint8_t *bitmap, uint32_t start, uint32_t count,
                                         const int8_t **values, const int8_t *x, size_t step,
                                         int32_t input_offset) {
    const uint32_t end = start + count; /* <= the bit count: no wrap */
    const uint8_t *p = bitmap + start / 8u;
    const uint8_t *last = bitmap + (end - 1u) / 8u;
    const uint32_t skip = start % 8u; /* bits of the first byte before the run */
    if (p == last) {
        const uint32_t bits = ((uint32_t)*p & kgl_sparse_tail_mask(end)) >> skip;
        return kgl_sparse_byte_dot_s8(0u, bits, x, step, input_offset, values);
    }
    uint32_t acc =
        kgl_sparse_byte_dot_s8(0u, (uint32_t)*p >> skip, x, step, input_offset, values);
    x += (8u - skip) * step; /* from here bit b of byte *p is x[b * step] */
    ++p;
    /* Whole words while four bytes lie before the last one (which may be partial). */
    for (; last - p >= 4; p += 4) {
        acc = kgl_sparse_word_dot_s8(acc, kgl_sparse_word(p), x, step, input_offset, values);
        x += 32u * step;
    }
    for (; p != last; ++p) {
        acc = kgl_sparse_byte_dot_s8(acc, *p, x, step, input_offset, values);
        x += 8u * step;
    }
    const uint32_t bits = (uint32_t)*p & kgl_sparse_tail_mask(end);
    return kgl_sparse_byte_dot_s8(acc, bits, x, step, input_offset, values);
}

/* kgl_sparse_byte_dot_s8 for int16 activations, no offset (16x8 activations are
   symmetric): adds value * x[b * step] (|product| <= 128 * 32768 fits int32) to acc,
   wrapping in uint64 as the 16x8 kernels' int64 sums do. */
KGL_SPARSE_WALK uint64_t kgl_sparse_byte_dot_s16(uint64_t acc, uint32_t bits, const int16_t *x,
                                               size_t step, const int8_t **values) {
    const int8_t *v = *values;
    while (bits != 0u) {
        const int32_t xv = x[(size_t)kgl_ctz8(bits) * step];
        acc += (uint64_t)(int64_t)((int32_t)*v++ * xv);
        bits &= bits - 1u;
    }
    *values = v;
    return acc;
}

/* kgl_sparse_dot_s8 for int16 activations: the sum of value * x[(k - start) * step] over the
   run's set bits k, wrapping in uint64; the same reads, assumptions and advance of
   *values. */
KGL_SPARSE_WALK uint64_t kgl_sparse_dot_s16(const uint8_t *bitmap, uint32_t start, uint32_t count,
                                          const int8_t **values, const int16_t *x, size_t step) {
    const uint32_t end = start + count;
    const uint8_t *p = bitmap + start / 8u;
    const uint8_t *last = bitmap + (end - 1u) / 8u;
    const uint32_t skip = start % 8u;
    if (p == last) {
        const uint32_t bits = ((uint32_t)*p & kgl_sparse_tail_mask(end)) >> skip;
        return kgl_sparse_byte_dot_s16(0u, bits, x, step, values);
    }
    uint64_t acc = kgl_sparse_byte_dot_s16(0u, (uint32_t)*p >> skip, x, step, values);
    x += (8u - skip) * step;
    while (++p != last) {
        acc = kgl_sparse_byte_dot_s16(acc, *p, x, step, values);
        x += 8u * step;
    }
    const uint32_t bits = (uint32_t)*p & kgl_sparse_tail_mask(end);
    return kgl_sparse_byte_dot_s16(acc, bits, x, step, values);
}

/*
 * The taps of one axis of a convolution window that read inside the input: tap k of
 * `filter` reads coordinate first + k * dilation, inside when in [0, size). They form the
 * range [*lo, *hi) (*lo == *hi when none does), so the sparse kernels test the window's
 * bounds once per output position instead of once per tap. Takes the kernels' int32
 * coordinate and size (any values; a size <= 0 has no tap inside) and dilation >= 1, and
 * agrees with the dense kernels' per-tap test `at < 0 || at >= size` for every tap whose
 * coordinate fits int32 (all of them, checked at init).
 */
static inline void kgl_window_taps(int32_t first, int32_t dilation, uint32_t filter,
                                   int32_t size, uint32_t *lo, uint32_t *hi) {
    const uint32_t d = (uint32_t)dilation;
    uint32_t a = 0;
    uint32_t b = 0;
    if (size > 0 && first < size) {
        /* first + k * d < size  <=>  k < ceil((size - first) / d); size - first < 2^32 */
        const uint32_t span = (uint32_t)size - (uint32_t)first;
        b = span / d + (span % d != 0u ? 1u : 0u);
        if (first < 0) { /* first + k * d >= 0  <=>  k >= ceil(-first / d) */
            const uint32_t before = 0u - (uint32_t)first;
            a = before / d + (before % d != 0u ? 1u : 0u);
        }
    }
    b = b < filter ? b : filter;
    *lo = a < b ? a : b;
    *hi = b;
}

#endif /* KGL_SPARSE_H */
