/*
 * kgl_dot_s8.h: the inner products of the fast int8 kernels, one definition per kernel
 * variant (kgl_kernel_variant.h). Each function's portable body is its specification; the
 * Arm DSP body computes the same sums with SMLAD (two 16x16 products added per instruction,
 * wrapping as the uint32 sums here do), the MVE body with VMLADAVA (sixteen int8 products
 * added into a 32-bit register, wrapping too; an input offset is applied as offset times the
 * sum of the weights, VADDVA, which is the same sum mod 2^32), the NEON and SSE2 bodies in
 * four 32-bit lanes summed at the end (SMULL + SADALP, PMADDWD).
 *
 * The DSP bodies split a word of four int8 values (v0, v1, v2, v3) with SXTB16 into the
 * halfword pairs (v0, v2) and, rotated by 8 bits first, (v1, v3). Splitting both operands
 * the same way pairs their elements up again, so the weights need no reordering.
 *
 * Sums are uint32 (wrapping); the caller adds them to the bias, as the reference kernels do.
 */
#ifndef KGL_DOT_S8_H
#define KGL_DOT_S8_H

#include <stddef.h>
#include <stdint.h>

#include "kgl_kernel_variant.h"

/* The multi-accumulator loops get all the core's registers in a function of their own;
   inlined into a kernel's loop nest GCC spills their pointers to the stack. On Arm with GCC
   they are built without a frame pointer, which would take a register the assembly loops
   need (KGL_DSP_ASM). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__arm__)
#define KGL_DOT_NOINLINE                                                                    \
    __attribute__((noinline)) __attribute__((unused)) __attribute__((optimize("omit-frame-pointer")))
#elif defined(__GNUC__) || defined(__clang__)
#define KGL_DOT_NOINLINE __attribute__((noinline)) __attribute__((unused))
#else
#define KGL_DOT_NOINLINE inline
#endif

#if KGL_VARIANT_MVE
#include <arm_mve.h>
#endif

#if KGL_VARIANT_X86_SSE2
#include <emmintrin.h>

/* Sixteen int8 values from any address, sign-extended to two vectors of eight halfwords. */
static inline void kgl_load_s8x16(const int8_t *p, __m128i *lo, __m128i *hi) {
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    *lo = _mm_srai_epi16(_mm_unpacklo_epi8(v, v), 8);
    *hi = _mm_srai_epi16(_mm_unpackhi_epi8(v, v), 8);
}

/* x . w over sixteen values added into the four int32 lanes of acc: PMADDWD sums pairs of
   16-bit products (each |p| <= 2^14, so a pair fits), the lanes wrap as the uint32 sums do. */
static inline __m128i kgl_madd_s8x16(__m128i acc, __m128i x_lo, __m128i x_hi, __m128i w_lo,
                                     __m128i w_hi) {
    acc = _mm_add_epi32(acc, _mm_madd_epi16(x_lo, w_lo));
    return _mm_add_epi32(acc, _mm_madd_epi16(x_hi, w_hi));
}

/* The sum of the four lanes, mod 2^32. */
static inline uint32_t kgl_lanes_sum(__m128i v) {
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)));
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(2, 3, 0, 1)));
    return (uint32_t)_mm_cvtsi128_si32(v);
}
#endif

#if KGL_VARIANT_NEON
#include <arm_neon.h>

/* acc (four int32 lanes) += x . w over sixteen int8 values: SMULL and SMULL2 into halfwords
   (each |product| <= 2^14), SADALP adding pairs into the lanes, which wrap as the uint32
   sums do. */
static inline int32x4_t kgl_mla_s8x16(int32x4_t acc, int8x16_t x, int8x16_t w) {
    acc = vpadalq_s16(acc, vmull_s8(vget_low_s8(x), vget_low_s8(w)));
    return vpadalq_s16(acc, vmull_high_s8(x, w));
}

/* acc += x . (sixteen weights at w) for x held as two vectors of eight halfwords: SMLAL and
   SMLAL2 (halfword products into the word lanes). */
static inline int32x4_t kgl_mla_s16x16(int32x4_t acc, int16x8_t x_lo, int16x8_t x_hi,
                                       const int8_t *w) {
    const int8x16_t v = vld1q_s8(w);
    const int16x8_t w_lo = vmovl_s8(vget_low_s8(v)), w_hi = vmovl_high_s8(v);
    acc = vmlal_s16(acc, vget_low_s16(x_lo), vget_low_s16(w_lo));
    acc = vmlal_high_s16(acc, x_lo, w_lo);
    acc = vmlal_s16(acc, vget_low_s16(x_hi), vget_low_s16(w_hi));
    return vmlal_high_s16(acc, x_hi, w_hi);
}

/* The sum of the four lanes, mod 2^32. */
static inline uint32_t kgl_lanes_sum_s32(int32x4_t v) {
    return (uint32_t)vaddvq_s32(v);
}
#endif

#if KGL_VARIANT_ARM_DSP
#include <arm_acle.h>

/* Four int8 values from any address (Cortex-M4 and later load unaligned words). */
static inline int32_t kgl_load_s8x4(const int8_t *p) {
    int32_t v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

/* (v1, v3) of the word (v0, v1, v2, v3), sign-extended to halfwords: SXTB16 with its
   built-in rotation, which GCC does not form from __sxtb16 of a rotated value. */
static inline int32_t kgl_odd_s8x2(int32_t v) {
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v));
    return r;
}
#endif

/* Sum of the n values at w. */
static inline uint32_t kgl_sum_s8(const int8_t *w, uint32_t n) {
    uint32_t sum = 0;
    uint32_t i = 0;
#if KGL_VARIANT_MVE
    int32_t s = 0;
    for (; i + 16 <= n; i += 16) {
        s = vaddvaq_s8(s, vldrbq_s8(w + i));
    }
    sum = (uint32_t)s;
#elif KGL_VARIANT_NEON
    int32x4_t s = vdupq_n_s32(0);
    for (; i + 16 <= n; i += 16) {
        s = vpadalq_s16(s, vpaddlq_s8(vld1q_s8(w + i)));
    }
    sum = kgl_lanes_sum_s32(s);
#elif KGL_VARIANT_X86_SSE2
    const __m128i ones = _mm_set1_epi16(1);
    __m128i s = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i lo, hi;
        kgl_load_s8x16(w + i, &lo, &hi);
        s = kgl_madd_s8x16(s, lo, hi, ones, ones);
    }
    sum = kgl_lanes_sum(s);
#elif KGL_VARIANT_ARM_DSP
    int32_t s = 0;
    for (; i + 4 <= n; i += 4) {
        const int32_t v = kgl_load_s8x4(w + i);
        s = __smlad(__sxtb16(v), 0x00010001, s);
        s = __smlad(kgl_odd_s8x2(v), 0x00010001, s);
    }
    sum = (uint32_t)s;
#endif
    for (; i < n; i++) {
        sum += (uint32_t)(int32_t)w[i];
    }
    return sum;
}

/*
 * acc[0] += x0 . w0, acc[1] += x0 . w1, acc[2] += x1 . w0, acc[3] += x1 . w1 over n values:
 * two pixels against two output channels, each operand read once for two products.
 */
static KGL_DOT_NOINLINE void kgl_dot_2x2_s8(const int8_t *x0, const int8_t *x1,
                                            const int8_t *w0, const int8_t *w1, uint32_t n,
                                            uint32_t acc[4]) {
    uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
#if KGL_VARIANT_MVE
    for (; n >= 16; n -= 16, x0 += 16, x1 += 16, w0 += 16, w1 += 16) {
        const int8x16_t va = vldrbq_s8(x0), vb = vldrbq_s8(x1);
        const int8x16_t ua = vldrbq_s8(w0), ub = vldrbq_s8(w1);
        a00 = (uint32_t)vmladavaq_s8((int32_t)a00, va, ua);
        a01 = (uint32_t)vmladavaq_s8((int32_t)a01, va, ub);
        a10 = (uint32_t)vmladavaq_s8((int32_t)a10, vb, ua);
        a11 = (uint32_t)vmladavaq_s8((int32_t)a11, vb, ub);
    }
    if (n != 0) { /* the last n < 16 values: predicated loads leave the other lanes 0 */
        const mve_pred16_t p = vctp8q(n);
        const int8x16_t va = vldrbq_z_s8(x0, p), vb = vldrbq_z_s8(x1, p);
        const int8x16_t ua = vldrbq_z_s8(w0, p), ub = vldrbq_z_s8(w1, p);
        a00 = (uint32_t)vmladavaq_s8((int32_t)a00, va, ua);
        a01 = (uint32_t)vmladavaq_s8((int32_t)a01, va, ub);
        a10 = (uint32_t)vmladavaq_s8((int32_t)a10, vb, ua);
        a11 = (uint32_t)vmladavaq_s8((int32_t)a11, vb, ub);
        n = 0;
    }
#elif KGL_VARIANT_NEON
    int32x4_t s00 = vdupq_n_s32(0), s01 = s00, s10 = s00, s11 = s00;
    for (; n >= 16; n -= 16, x0 += 16, x1 += 16, w0 += 16, w1 += 16) {
        const int8x16_t va = vld1q_s8(x0), vb = vld1q_s8(x1);
        const int8x16_t ua = vld1q_s8(w0), ub = vld1q_s8(w1);
        s00 = kgl_mla_s8x16(s00, va, ua), s01 = kgl_mla_s8x16(s01, va, ub);
        s10 = kgl_mla_s8x16(s10, vb, ua), s11 = kgl_mla_s8x16(s11, vb, ub);
    }
    a00 += kgl_lanes_sum_s32(s00), a01 += kgl_lanes_sum_s32(s01);
    a10 += kgl_lanes_sum_s32(s10), a11 += kgl_lanes_sum_s32(s11);
#elif KGL_VARIANT_X86_SSE2
    __m128i s00 = _mm_setzero_si128(), s01 = s00, s10 = s00, s11 = s00;
    for (; n >= 16; n -= 16, x0 += 16, x1 += 16, w0 += 16, w1 += 16) {
        __m128i xa_lo, xa_hi, xb_lo, xb_hi, u_lo, u_hi;
        kgl_load_s8x16(x0, &xa_lo, &xa_hi);
        kgl_load_s8x16(x1, &xb_lo, &xb_hi);
        kgl_load_s8x16(w0, &u_lo, &u_hi);
        s00 = kgl_madd_s8x16(s00, xa_lo, xa_hi, u_lo, u_hi);
        s10 = kgl_madd_s8x16(s10, xb_lo, xb_hi, u_lo, u_hi);
        kgl_load_s8x16(w1, &u_lo, &u_hi);
        s01 = kgl_madd_s8x16(s01, xa_lo, xa_hi, u_lo, u_hi);
        s11 = kgl_madd_s8x16(s11, xb_lo, xb_hi, u_lo, u_hi);
    }
    a00 += kgl_lanes_sum(s00), a01 += kgl_lanes_sum(s01);
    a10 += kgl_lanes_sum(s10), a11 += kgl_lanes_sum(s11);
#elif KGL_VARIANT_ARM_DSP
    /* The pointers step and the count runs down, so that nothing else is live: the loop
       then fits the core's registers. */
    for (uint32_t quads = n >> 2; quads != 0; quads--) {
        const int32_t va = kgl_load_s8x4(x0), vb = kgl_load_s8x4(x1);
        const int32_t ua = kgl_load_s8x4(w0), ub = kgl_load_s8x4(w1);
        x0 += 4, x1 += 4, w0 += 4, w1 += 4;
        int32_t x_a = __sxtb16(va), x_b = __sxtb16(vb);
        int32_t w_h = __sxtb16(ua);
        a00 = (uint32_t)__smlad(x_a, w_h, (int32_t)a00);
        a10 = (uint32_t)__smlad(x_b, w_h, (int32_t)a10);
        w_h = __sxtb16(ub);
        a01 = (uint32_t)__smlad(x_a, w_h, (int32_t)a01);
        a11 = (uint32_t)__smlad(x_b, w_h, (int32_t)a11);
        x_a = kgl_odd_s8x2(va), x_b = kgl_odd_s8x2(vb);
        w_h = kgl_odd_s8x2(ua);
        a00 = (uint32_t)__smlad(x_a, w_h, (int32_t)a00);
        a10 = (uint32_t)__smlad(x_b, w_h, (int32_t)a10);
        w_h = kgl_odd_s8x2(ub);
        a01 = (uint32_t)__smlad(x_a, w_h, (int32_t)a01);
        a11 = (uint32_t)__smlad(x_b, w_h, (int32_t)a11);
    }
    n &= 3u;
#endif
    for (; n != 0; n--) {
        const int32_t xa = *x0++, xb = *x1++, wa = *w0++, wb = *w1++;
        a00 += (uint32_t)(xa * wa);
        a01 += (uint32_t)(xa * wb);
        a10 += (uint32_t)(xb * wa);
        a11 += (uint32_t)(xb * wb);
    }
    acc[0] = a00, acc[1] = a01, acc[2] = a10, acc[3] = a11;
}

/*
 * kgl_dot_2x2_s8 where the second pixel and the second channel lie the same distance after
 * the first ones: x1 = x0 + stride and w1 = w0 + stride (a 1x1 convolution, where both are
 * the input depth). On Arm DSP the loop is written out in assembly: with one stride register
 * for both pairs it fits the 14 general registers (GCC's allocation spills two pointers).
 */
static KGL_DOT_NOINLINE void kgl_dot_2x2_stride_s8(const int8_t *x0, const int8_t *w0,
                                                   size_t stride, uint32_t n,
                                                   uint32_t acc[4]) {
#if KGL_DSP_ASM
    uint32_t quads = n >> 2;
    if (quads != 0) {
        uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
        uint32_t xa, xb, u, t1, t2, t3;
        __asm__ volatile(
            "1:\n\t"
            "ldr %[xb], [%[x], %[d]]\n\t"
            "ldr %[xa], [%[x]], #4\n\t"
            "ldr %[u], [%[w]]\n\t"
            "sxtb16 %[t1], %[xa]\n\t"
            "sxtb16 %[t2], %[xb]\n\t"
            "sxtb16 %[t3], %[u]\n\t"
            "smlad %[a00], %[t1], %[t3], %[a00]\n\t"
            "smlad %[a10], %[t2], %[t3], %[a10]\n\t"
            "sxtb16 %[u], %[u], ror #8\n\t"
            "sxtb16 %[xa], %[xa], ror #8\n\t"
            "sxtb16 %[xb], %[xb], ror #8\n\t"
            "smlad %[a00], %[xa], %[u], %[a00]\n\t"
            "smlad %[a10], %[xb], %[u], %[a10]\n\t"
            "ldr %[u], [%[w], %[d]]\n\t"
            "adds %[w], %[w], #4\n\t"
            "sxtb16 %[t3], %[u]\n\t"
            "smlad %[a01], %[t1], %[t3], %[a01]\n\t"
            "smlad %[a11], %[t2], %[t3], %[a11]\n\t"
            "sxtb16 %[u], %[u], ror #8\n\t"
            "smlad %[a01], %[xa], %[u], %[a01]\n\t"
            "smlad %[a11], %[xb], %[u], %[a11]\n\t"
            "subs %[q], %[q], #1\n\t"
            "bne 1b"
            : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11),
              [x] "+r"(x0), [w] "+r"(w0), [q] "+r"(quads), [xa] "=&r"(xa), [xb] "=&r"(xb),
              [u] "=&r"(u), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3)
            : [d] "r"(stride)
            : "cc", "memory");
        acc[0] = a00, acc[1] = a01, acc[2] = a10, acc[3] = a11;
        n &= 3u;
    }
#endif
    if (n != 0) {
        kgl_dot_2x2_s8(x0, x0 + stride, w0, w0 + stride, n, acc);
    }
}

/* acc[0] += x . w0, acc[1] += x . w1 over n values: one pixel, two output channels. */
static inline void kgl_dot_1x2_s8(const int8_t *x, const int8_t *w0, const int8_t *w1,
                                  uint32_t n, uint32_t acc[2]) {
    uint32_t i = 0;
#if KGL_VARIANT_MVE
    int32_t a0 = (int32_t)acc[0], a1 = (int32_t)acc[1];
    for (; i + 16 <= n; i += 16) {
        const int8x16_t xv = vldrbq_s8(x + i);
        a0 = vmladavaq_s8(a0, xv, vldrbq_s8(w0 + i));
        a1 = vmladavaq_s8(a1, xv, vldrbq_s8(w1 + i));
    }
    acc[0] = (uint32_t)a0, acc[1] = (uint32_t)a1;
#elif KGL_VARIANT_NEON
    int32x4_t s0 = vdupq_n_s32(0), s1 = s0;
    for (; i + 16 <= n; i += 16) {
        const int8x16_t xv = vld1q_s8(x + i);
        s0 = kgl_mla_s8x16(s0, xv, vld1q_s8(w0 + i));
        s1 = kgl_mla_s8x16(s1, xv, vld1q_s8(w1 + i));
    }
    acc[0] += kgl_lanes_sum_s32(s0), acc[1] += kgl_lanes_sum_s32(s1);
#elif KGL_VARIANT_X86_SSE2
    __m128i s0 = _mm_setzero_si128(), s1 = s0;
    for (; i + 16 <= n; i += 16) {
        __m128i x_lo, x_hi, u_lo, u_hi;
        kgl_load_s8x16(x + i, &x_lo, &x_hi);
        kgl_load_s8x16(w0 + i, &u_lo, &u_hi);
        s0 = kgl_madd_s8x16(s0, x_lo, x_hi, u_lo, u_hi);
        kgl_load_s8x16(w1 + i, &u_lo, &u_hi);
        s1 = kgl_madd_s8x16(s1, x_lo, x_hi, u_lo, u_hi);
    }
    acc[0] += kgl_lanes_sum(s0), acc[1] += kgl_lanes_sum(s1);
#elif KGL_VARIANT_ARM_DSP
    int32_t a0 = (int32_t)acc[0], a1 = (int32_t)acc[1];
    for (; i + 4 <= n; i += 4) {
        const int32_t xv = kgl_load_s8x4(x + i);
        const int32_t wa = kgl_load_s8x4(w0 + i), wb = kgl_load_s8x4(w1 + i);
        const int32_t x_e = __sxtb16(xv), x_o = kgl_odd_s8x2(xv);
        a0 = __smlad(x_e, __sxtb16(wa), a0);
        a0 = __smlad(x_o, kgl_odd_s8x2(wa), a0);
        a1 = __smlad(x_e, __sxtb16(wb), a1);
        a1 = __smlad(x_o, kgl_odd_s8x2(wb), a1);
    }
    acc[0] = (uint32_t)a0, acc[1] = (uint32_t)a1;
#endif
    for (; i < n; i++) {
        const int32_t xv = x[i];
        acc[0] += (uint32_t)(xv * w0[i]);
        acc[1] += (uint32_t)(xv * w1[i]);
    }
}

/*
 * acc[k] += (x + offset) . w_k for k < 2, over `rows` runs of n values: run r of x starts at
 * x + r * x_row, of w_k at w_k + r * w_row. The part of a window inside the input, summed as
 * the reference does. Requires offset in [-127, 128].
 */
static KGL_DOT_NOINLINE void kgl_dot_offset_rows_1x2_s8(const int8_t *x, size_t x_row,
                                                        int32_t offset, const int8_t *w0,
                                                        const int8_t *w1, size_t w_row,
                                                        uint32_t n, uint32_t rows,
                                                        uint32_t acc[2]) {
    uint32_t a0 = acc[0], a1 = acc[1];
#if KGL_VARIANT_MVE
    /* x . w + offset * (sum of w): the same sum mod 2^32, with int8 products. */
    int32_t wsum0 = 0, wsum1 = 0;
#elif KGL_VARIANT_ARM_DSP
    const int32_t offset2 = (int32_t)(((uint32_t)offset & 0xFFFFu) * 0x00010001u);
#endif
    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *xp = x + r * x_row, *wa = w0 + r * w_row, *wb = w1 + r * w_row;
        uint32_t i = 0;
#if KGL_VARIANT_MVE
        for (; i + 16 <= n; i += 16) {
            const int8x16_t xv = vldrbq_s8(xp + i), ua = vldrbq_s8(wa + i), ub = vldrbq_s8(wb + i);
            a0 = (uint32_t)vmladavaq_s8((int32_t)a0, xv, ua);
            a1 = (uint32_t)vmladavaq_s8((int32_t)a1, xv, ub);
            wsum0 = vaddvaq_s8(wsum0, ua);
            wsum1 = vaddvaq_s8(wsum1, ub);
        }
#elif KGL_VARIANT_ARM_DSP
        for (; i + 4 <= n; i += 4) {
            const int32_t xv = kgl_load_s8x4(xp + i);
            const int32_t x_e = __sadd16(__sxtb16(xv), offset2);
            const int32_t x_o = __sadd16(kgl_odd_s8x2(xv), offset2);
            int32_t v = kgl_load_s8x4(wa + i);
            a0 = (uint32_t)__smlad(x_e, __sxtb16(v), (int32_t)a0);
            a0 = (uint32_t)__smlad(x_o, kgl_odd_s8x2(v), (int32_t)a0);
            v = kgl_load_s8x4(wb + i);
            a1 = (uint32_t)__smlad(x_e, __sxtb16(v), (int32_t)a1);
            a1 = (uint32_t)__smlad(x_o, kgl_odd_s8x2(v), (int32_t)a1);
        }
#endif
        for (; i < n; i++) {
            const int32_t xv = (int32_t)xp[i] + offset;
            a0 += (uint32_t)(xv * wa[i]);
            a1 += (uint32_t)(xv * wb[i]);
        }
    }
#if KGL_VARIANT_MVE
    a0 += (uint32_t)offset * (uint32_t)wsum0;
    a1 += (uint32_t)offset * (uint32_t)wsum1;
#endif
    acc[0] = a0, acc[1] = a1;
}

/*
 * acc[k] += (x + offset) . w[k] for k < 4 over n values: one input row against four rows of
 * weights, the offset added to x once for all four. Requires offset in [-127, 128] (so that
 * x + offset fits a halfword).
 */
static KGL_DOT_NOINLINE void kgl_dot_offset_1x4_s8(const int8_t *x, int32_t offset,
                                                   const int8_t *const w[4], uint32_t n,
                                                   uint32_t acc[4]) {
    const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
    uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
#if KGL_VARIANT_MVE
    /* x . w + offset * (sum of w): the same sums mod 2^32, with int8 products. */
    int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (; n >= 16; n -= 16, x += 16, w0 += 16, w1 += 16, w2 += 16, w3 += 16) {
        const int8x16_t xv = vldrbq_s8(x);
        int8x16_t v = vldrbq_s8(w0);
        a0 = (uint32_t)vmladavaq_s8((int32_t)a0, xv, v);
        s0 = vaddvaq_s8(s0, v);
        v = vldrbq_s8(w1);
        a1 = (uint32_t)vmladavaq_s8((int32_t)a1, xv, v);
        s1 = vaddvaq_s8(s1, v);
        v = vldrbq_s8(w2);
        a2 = (uint32_t)vmladavaq_s8((int32_t)a2, xv, v);
        s2 = vaddvaq_s8(s2, v);
        v = vldrbq_s8(w3);
        a3 = (uint32_t)vmladavaq_s8((int32_t)a3, xv, v);
        s3 = vaddvaq_s8(s3, v);
    }
    a0 += (uint32_t)offset * (uint32_t)s0, a1 += (uint32_t)offset * (uint32_t)s1;
    a2 += (uint32_t)offset * (uint32_t)s2, a3 += (uint32_t)offset * (uint32_t)s3;
#elif KGL_VARIANT_NEON
    /* x + offset fits a halfword: the offset is added once to the widened activations. */
    const int16x8_t off = vdupq_n_s16((int16_t)offset);
    int32x4_t s0 = vdupq_n_s32(0), s1 = s0, s2 = s0, s3 = s0;
    for (; n >= 16; n -= 16, x += 16, w0 += 16, w1 += 16, w2 += 16, w3 += 16) {
        const int8x16_t xv = vld1q_s8(x);
        const int16x8_t x_lo = vaddq_s16(vmovl_s8(vget_low_s8(xv)), off);
        const int16x8_t x_hi = vaddq_s16(vmovl_high_s8(xv), off);
        s0 = kgl_mla_s16x16(s0, x_lo, x_hi, w0);
        s1 = kgl_mla_s16x16(s1, x_lo, x_hi, w1);
        s2 = kgl_mla_s16x16(s2, x_lo, x_hi, w2);
        s3 = kgl_mla_s16x16(s3, x_lo, x_hi, w3);
    }
    a0 += kgl_lanes_sum_s32(s0), a1 += kgl_lanes_sum_s32(s1);
    a2 += kgl_lanes_sum_s32(s2), a3 += kgl_lanes_sum_s32(s3);
#elif KGL_VARIANT_X86_SSE2
    /* x + offset fits a halfword: the offset is added once to the widened activations. */
    const __m128i off = _mm_set1_epi16((int16_t)offset);
    __m128i s0 = _mm_setzero_si128(), s1 = s0, s2 = s0, s3 = s0;
    for (; n >= 16; n -= 16, x += 16, w0 += 16, w1 += 16, w2 += 16, w3 += 16) {
        __m128i x_lo, x_hi, u_lo, u_hi;
        kgl_load_s8x16(x, &x_lo, &x_hi);
        x_lo = _mm_add_epi16(x_lo, off), x_hi = _mm_add_epi16(x_hi, off);
        kgl_load_s8x16(w0, &u_lo, &u_hi);
        s0 = kgl_madd_s8x16(s0, x_lo, x_hi, u_lo, u_hi);
        kgl_load_s8x16(w1, &u_lo, &u_hi);
        s1 = kgl_madd_s8x16(s1, x_lo, x_hi, u_lo, u_hi);
        kgl_load_s8x16(w2, &u_lo, &u_hi);
        s2 = kgl_madd_s8x16(s2, x_lo, x_hi, u_lo, u_hi);
        kgl_load_s8x16(w3, &u_lo, &u_hi);
        s3 = kgl_madd_s8x16(s3, x_lo, x_hi, u_lo, u_hi);
    }
    a0 += kgl_lanes_sum(s0), a1 += kgl_lanes_sum(s1);
    a2 += kgl_lanes_sum(s2), a3 += kgl_lanes_sum(s3);
#elif KGL_VARIANT_ARM_DSP
    const int32_t offset2 = (int32_t)(((uint32_t)offset & 0xFFFFu) * 0x00010001u);
    /* Stepped pointers and a count running down (as in kgl_dot_2x2_s8). */
    for (uint32_t quads = n >> 2; quads != 0; quads--) {
        const int32_t xv = kgl_load_s8x4(x);
        x += 4;
        const int32_t x_e = __sadd16(__sxtb16(xv), offset2);
        const int32_t x_o = __sadd16(kgl_odd_s8x2(xv), offset2);
        int32_t v = kgl_load_s8x4(w0);
        w0 += 4;
        a0 = (uint32_t)__smlad(x_e, __sxtb16(v), (int32_t)a0);
        a0 = (uint32_t)__smlad(x_o, kgl_odd_s8x2(v), (int32_t)a0);
        v = kgl_load_s8x4(w1);
        w1 += 4;
        a1 = (uint32_t)__smlad(x_e, __sxtb16(v), (int32_t)a1);
        a1 = (uint32_t)__smlad(x_o, kgl_odd_s8x2(v), (int32_t)a1);
        v = kgl_load_s8x4(w2);
        w2 += 4;
        a2 = (uint32_t)__smlad(x_e, __sxtb16(v), (int32_t)a2);
        a2 = (uint32_t)__smlad(x_o, kgl_odd_s8x2(v), (int32_t)a2);
        v = kgl_load_s8x4(w3);
        w3 += 4;
        a3 = (uint32_t)__smlad(x_e, __sxtb16(v), (int32_t)a3);
        a3 = (uint32_t)__smlad(x_o, kgl_odd_s8x2(v), (int32_t)a3);
    }
    n &= 3u;
#endif
    for (; n != 0; n--) {
        const int32_t xv = (int32_t)*x++ + offset;
        a0 += (uint32_t)(xv * *w0++);
        a1 += (uint32_t)(xv * *w1++);
        a2 += (uint32_t)(xv * *w2++);
        a3 += (uint32_t)(xv * *w3++);
    }
    acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
}

/*
 * kgl_dot_offset_1x4_s8 for four consecutive rows of weights, stride apart (w, w + stride,
 * w + 2 * stride, w + 3 * stride: a block of FULLY_CONNECTED units). On Arm DSP the loop is
 * written out in assembly: two weight pointers and one stride register fit the 14 general
 * registers, where GCC's allocation spills.
 */
static KGL_DOT_NOINLINE void kgl_dot_offset_4rows_s8(const int8_t *x, int32_t offset,
                                                     const int8_t *w, size_t stride, uint32_t n,
                                                     uint32_t acc[4]) {
#if KGL_DSP_ASM
    uint32_t quads = n >> 2;
    if (quads != 0) {
        const int32_t offset2 = (int32_t)(((uint32_t)offset & 0xFFFFu) * 0x00010001u);
        const int8_t *wa = w, *wb = w + 2 * stride;
        uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
        uint32_t xe, xo, u, t;
        __asm__ volatile(
            "1:\n\t"
            "ldr %[xe], [%[x]], #4\n\t"
            "sxtb16 %[xo], %[xe], ror #8\n\t"
            "sxtb16 %[xe], %[xe]\n\t"
            "sadd16 %[xo], %[xo], %[off]\n\t"
            "sadd16 %[xe], %[xe], %[off]\n\t"
            "ldr %[u], [%[wa], %[d]]\n\t"
            "sxtb16 %[t], %[u]\n\t"
            "sxtb16 %[u], %[u], ror #8\n\t"
            "smlad %[a1], %[xe], %[t], %[a1]\n\t"
            "smlad %[a1], %[xo], %[u], %[a1]\n\t"
            "ldr %[u], [%[wa]], #4\n\t"
            "sxtb16 %[t], %[u]\n\t"
            "sxtb16 %[u], %[u], ror #8\n\t"
            "smlad %[a0], %[xe], %[t], %[a0]\n\t"
            "smlad %[a0], %[xo], %[u], %[a0]\n\t"
            "ldr %[u], [%[wb], %[d]]\n\t"
            "sxtb16 %[t], %[u]\n\t"
            "sxtb16 %[u], %[u], ror #8\n\t"
            "smlad %[a3], %[xe], %[t], %[a3]\n\t"
            "smlad %[a3], %[xo], %[u], %[a3]\n\t"
            "ldr %[u], [%[wb]], #4\n\t"
            "sxtb16 %[t], %[u]\n\t"
            "sxtb16 %[u], %[u], ror #8\n\t"
            "smlad %[a2], %[xe], %[t], %[a2]\n\t"
            "smlad %[a2], %[xo], %[u], %[a2]\n\t"
            "subs %[q], %[q], #1\n\t"
            "bne 1b"
            : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x),
              [wa] "+r"(wa), [wb] "+r"(wb), [q] "+r"(quads), [xe] "=&r"(xe), [xo] "=&r"(xo),
              [u] "=&r"(u), [t] "=&r"(t)
            : [d] "r"(stride), [off] "r"(offset2)
            : "cc", "memory");
        acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
        w = wa;
        n &= 3u;
    }
#endif
    if (n != 0) {
        const int8_t *const rows[4] = {w, w + stride, w + 2 * stride, w + 3 * stride};
        kgl_dot_offset_1x4_s8(x, offset, rows, n, acc);
    }
}

/* Four wrapping sums, one per channel of a depthwise block (a struct, so that GCC keeps the
   four in registers across the tap loops). */
typedef struct {
    uint32_t c0, c1, c2, c3;
} kgl_lanes4;

#if KGL_VARIANT_MVE
static inline int32x4_t kgl_lanes4_to_vector(kgl_lanes4 acc) {
    const int32_t lanes[4] = {(int32_t)acc.c0, (int32_t)acc.c1, (int32_t)acc.c2, (int32_t)acc.c3};
    return vldrwq_s32(lanes);
}

static inline kgl_lanes4 kgl_lanes4_from_vector(int32x4_t a) {
    const kgl_lanes4 acc = {(uint32_t)vgetq_lane_s32(a, 0), (uint32_t)vgetq_lane_s32(a, 1),
                            (uint32_t)vgetq_lane_s32(a, 2), (uint32_t)vgetq_lane_s32(a, 3)};
    return acc;
}
#endif

#if KGL_VARIANT_ARM_DSP
/* One tap of four channels into four accumulators, as one assembly block: GCC then neither
   hoists the loads of later taps (which made it spill) nor moves the sums through memory. */
#define KGL_MAC_LANES4_ASM(xp, wp, a0, a1, a2, a3)                                         \
    do {                                                                                    \
        uint32_t kgl_x_, kgl_w_, kgl_xo_, kgl_wo_;                                          \
        __asm__("ldr %[x], [%[px]]\n\t"                                                     \
                "ldr %[w], [%[pw]]\n\t"                                                     \
                "sxtb16 %[xo], %[x], ror #8\n\t"                                            \
                "sxtb16 %[wo], %[w], ror #8\n\t"                                            \
                "sxtb16 %[x], %[x]\n\t"                                                     \
                "sxtb16 %[w], %[w]\n\t"                                                     \
                "smlabb %[c0], %[x], %[w], %[c0]\n\t"                                       \
                "smlatt %[c2], %[x], %[w], %[c2]\n\t"                                       \
                "smlabb %[c1], %[xo], %[wo], %[c1]\n\t"                                     \
                "smlatt %[c3], %[xo], %[wo], %[c3]"                                          \
                : [c0] "+r"(a0), [c1] "+r"(a1), [c2] "+r"(a2), [c3] "+r"(a3),               \
                  [x] "=&r"(kgl_x_), [w] "=&r"(kgl_w_), [xo] "=&r"(kgl_xo_),                \
                  [wo] "=&r"(kgl_wo_)                                                       \
                : [px] "r"(xp), [pw] "r"(wp)                                                \
                : "memory");                                                                \
    } while (0)
#endif

/* acc.ck + x[k] * w[k] for k < 4: four channels of one depthwise tap. */
static inline kgl_lanes4 kgl_mac_lanes4_s8(const int8_t *x, const int8_t *w, kgl_lanes4 acc) {
#if KGL_VARIANT_ARM_DSP
    KGL_MAC_LANES4_ASM(x, w, acc.c0, acc.c1, acc.c2, acc.c3);
#else
    acc.c0 += (uint32_t)((int32_t)x[0] * w[0]);
    acc.c1 += (uint32_t)((int32_t)x[1] * w[1]);
    acc.c2 += (uint32_t)((int32_t)x[2] * w[2]);
    acc.c3 += (uint32_t)((int32_t)x[3] * w[3]);
#endif
    return acc;
}

/*
 * acc + the depthwise window of four channels: rows taps of cols each, tap (r, c) reading
 * x + r * x_row + c * x_col and w + r * w_row + c * w_col.
 */
static KGL_DOT_NOINLINE kgl_lanes4 kgl_window_lanes4_s8(const int8_t *x, size_t x_row,
                                                        size_t x_col, const int8_t *w,
                                                        size_t w_row, size_t w_col,
                                                        uint32_t rows, uint32_t cols,
                                                        kgl_lanes4 acc) {
#if KGL_VARIANT_MVE
    /* The four sums in one vector: a tap is two widening loads, a VMUL and a VADD (MVE's
       VMLA takes a scalar operand). */
    int32x4_t a = kgl_lanes4_to_vector(acc);
    for (uint32_t r = 0; r < rows; r++, x += x_row, w += w_row) {
        const int8_t *xp = x, *wp = w;
        for (uint32_t c = 0; c < cols; c++, xp += x_col, wp += w_col) {
            a = vaddq_s32(a, vmulq_s32(vldrbq_s32(xp), vldrbq_s32(wp)));
        }
    }
    return kgl_lanes4_from_vector(a);
#else
    for (uint32_t r = 0; r < rows; r++, x += x_row, w += w_row) {
        const int8_t *xp = x, *wp = w;
        for (uint32_t c = 0; c < cols; c++, xp += x_col, wp += w_col) {
            acc = kgl_mac_lanes4_s8(xp, wp, acc);
        }
    }
    return acc;
#endif
}


/*
 * kgl_window_lanes4_s8 for a 3x3 window, written out: tap (r, c) reads row_r + c * x_col
 * (the rows given one by one) and w + (r * 3 + c) * w_col.
 */
static inline kgl_lanes4 kgl_window3x3_lanes4_s8(const int8_t *row0, const int8_t *row1,
                                                 const int8_t *row2, size_t x_col,
                                                 const int8_t *w, size_t w_col, kgl_lanes4 acc) {
    const int8_t *const rows[3] = {row0, row1, row2};
#if KGL_VARIANT_MVE
    int32x4_t a = kgl_lanes4_to_vector(acc);
    for (uint32_t r = 0; r < 3; r++, w += 3 * w_col) {
        const int8_t *x = rows[r];
        a = vaddq_s32(a, vmulq_s32(vldrbq_s32(x), vldrbq_s32(w)));
        a = vaddq_s32(a, vmulq_s32(vldrbq_s32(x + x_col), vldrbq_s32(w + w_col)));
        a = vaddq_s32(a, vmulq_s32(vldrbq_s32(x + 2 * x_col), vldrbq_s32(w + 2 * w_col)));
    }
    acc = kgl_lanes4_from_vector(a);
#elif KGL_VARIANT_ARM_DSP
    uint32_t a0 = acc.c0, a1 = acc.c1, a2 = acc.c2, a3 = acc.c3;
    for (uint32_t r = 0; r < 3; r++) {
        const int8_t *xp = rows[r];
        KGL_MAC_LANES4_ASM(xp, w, a0, a1, a2, a3);
        xp += x_col, w += w_col;
        KGL_MAC_LANES4_ASM(xp, w, a0, a1, a2, a3);
        xp += x_col, w += w_col;
        KGL_MAC_LANES4_ASM(xp, w, a0, a1, a2, a3);
        w += w_col;
    }
    acc.c0 = a0, acc.c1 = a1, acc.c2 = a2, acc.c3 = a3;
#else
    for (uint32_t r = 0; r < 3; r++, w += 3 * w_col) {
        const int8_t *x = rows[r];
        acc = kgl_mac_lanes4_s8(x, w, acc);
        acc = kgl_mac_lanes4_s8(x + x_col, w + w_col, acc);
        acc = kgl_mac_lanes4_s8(x + 2 * x_col, w + 2 * w_col, acc);
    }
#endif
    return acc;
}

#if KGL_VARIANT_MVE
/*
 * sums[c] = bases[c] + (x + offset) . (row c of w) over len values (1 to 64), rows `stride`
 * apart: the activations held in vector registers for every row (a function of its own, so
 * that nothing else competes for the eight). The offset's share is offset * (sum of the row),
 * the row summed against ones in the same pass (none when offset is 0, e.g. folded into the
 * bases already). Lanes past len are 0 in x and in the ones, so a row may read whole vectors
 * of weights past its end, into the next row; the last row reads only its own.
 */
static inline void kgl_dot_rows_body_s8(const int8_t *x, uint32_t len, const int8_t *w,
                                        size_t stride, int32_t offset, const int32_t *bases,
                                        uint32_t rows, int32_t *sums) {
    const uint32_t chunks = (len + 15u) / 16u;
    const mve_pred16_t tail = vctp8q(len - 16u * (chunks - 1u)); /* the last chunk's lanes */
    const int8x16_t zero = vdupq_n_s8(0);
    const int8x16_t x0 = chunks == 1u ? vldrbq_z_s8(x, tail) : vldrbq_s8(x);
    const int8x16_t x1 = chunks == 2u ? vldrbq_z_s8(x + 16, tail) : chunks > 2u ? vldrbq_s8(x + 16) : zero;
    const int8x16_t x2 = chunks == 3u ? vldrbq_z_s8(x + 32, tail) : chunks > 3u ? vldrbq_s8(x + 32) : zero;
    const int8x16_t x3 = chunks == 4u ? vldrbq_z_s8(x + 48, tail) : zero;
    const int8_t *last = w + (size_t)(rows - 1u) * stride;
    const int32_t last_base = bases[rows - 1u];
    int32_t *last_sum = sums + (rows - 1u);
/* One row of `n` chunks: the products into a, the weights' sum (against the ones, the last
   chunk's only within len) into t. */
#define KGL_ROW(n, SUM)                                                                     \
    for (rows--; rows != 0; rows--, w += stride) {                                           \
        int32_t a = *bases++, t = 0;                                                         \
        int8x16_t v = vldrbq_s8(w);                                                          \
        a = vmladavaq_s8(a, x0, v);                                                          \
        if (SUM) t = vmladavaq_s8(t, (n) == 1 ? tail_ones : ones, v);                       \
        if ((n) > 1) {                                                                       \
            v = vldrbq_s8(w + 16);                                                           \
            a = vmladavaq_s8(a, x1, v);                                                      \
            if (SUM) t = vmladavaq_s8(t, (n) == 2 ? tail_ones : ones, v);                   \
        }                                                                                    \
        if ((n) > 2) {                                                                       \
            v = vldrbq_s8(w + 32);                                                           \
            a = vmladavaq_s8(a, x2, v);                                                      \
            if (SUM) t = vmladavaq_s8(t, (n) == 3 ? tail_ones : ones, v);                   \
        }                                                                                    \
        if ((n) > 3) {                                                                       \
            v = vldrbq_s8(w + 48);                                                           \
            a = vmladavaq_s8(a, x3, v);                                                      \
            if (SUM) t = vmladavaq_s8(t, tail_ones, v);                                      \
        }                                                                                    \
        *sums++ = (int32_t)((uint32_t)a + (uint32_t)offset * (uint32_t)t);                   \
    }
    if (offset == 0) {
        switch (chunks) {
        case 4u:
            for (rows--; rows != 0; rows--, w += stride) {
                int32_t a = vmladavaq_s8(*bases++, x0, vldrbq_s8(w));
                a = vmladavaq_s8(a, x1, vldrbq_s8(w + 16));
                a = vmladavaq_s8(a, x2, vldrbq_s8(w + 32));
                *sums++ = vmladavaq_s8(a, x3, vldrbq_s8(w + 48));
            }
            break;
        case 3u:
            for (rows--; rows != 0; rows--, w += stride) {
                int32_t a = vmladavaq_s8(*bases++, x0, vldrbq_s8(w));
                a = vmladavaq_s8(a, x1, vldrbq_s8(w + 16));
                *sums++ = vmladavaq_s8(a, x2, vldrbq_s8(w + 32));
            }
            break;
        case 2u:
            for (rows--; rows != 0; rows--, w += stride) {
                const int32_t a = vmladavaq_s8(*bases++, x0, vldrbq_s8(w));
                *sums++ = vmladavaq_s8(a, x1, vldrbq_s8(w + 16));
            }
            break;
        default:
            for (rows--; rows != 0; rows--, w += stride) {
                *sums++ = vmladavaq_s8(*bases++, x0, vldrbq_s8(w));
            }
            break;
        }
    } else {
        const int8x16_t ones = vdupq_n_s8(1), tail_ones = vpselq_s8(ones, zero, tail);
        switch (chunks) {
        case 4u: KGL_ROW(4, 1) break;
        case 3u: KGL_ROW(3, 1) break;
        case 2u: KGL_ROW(2, 1) break;
        default: KGL_ROW(1, 1) break;
        }
    }
#undef KGL_ROW
    /* The last row: its final chunk loaded with the tail's lanes only. */
    int32_t a = last_base, t = 0;
    int8x16_t v = chunks == 1u ? vldrbq_z_s8(last, tail) : vldrbq_s8(last);
    a = vmladavaq_s8(a, x0, v), t = vaddvaq_s8(t, v);
    if (chunks > 1u) {
        v = chunks == 2u ? vldrbq_z_s8(last + 16, tail) : vldrbq_s8(last + 16);
        a = vmladavaq_s8(a, x1, v), t = vaddvaq_s8(t, v);
    }
    if (chunks > 2u) {
        v = chunks == 3u ? vldrbq_z_s8(last + 32, tail) : vldrbq_s8(last + 32);
        a = vmladavaq_s8(a, x2, v), t = vaddvaq_s8(t, v);
    }
    if (chunks > 3u) {
        v = vldrbq_z_s8(last + 48, tail);
        a = vmladavaq_s8(a, x3, v), t = vaddvaq_s8(t, v);
    }
    *last_sum = (int32_t)((uint32_t)a + (uint32_t)offset * (uint32_t)t);
}

/*
 * Two positions at once, no input offset: sums_a[c] = bases_a[c] + xa . (row c of w) and
 * sums_b[c] = bases_b[c] + xb . (row c of w) over len values (1 to 48), rows `stride` apart:
 * both positions' values in six vector registers, each row's weights loaded once for the two.
 * Lanes past len are 0 in xa and xb, so a row may read whole vectors of weights past its end;
 * the last row reads only its own.
 */
static KGL_DOT_NOINLINE void kgl_dot_rows2_s8(const int8_t *xa, const int8_t *xb, uint32_t len,
                                              const int8_t *w, size_t stride,
                                              const int32_t *bases_a, const int32_t *bases_b,
                                              uint32_t rows, int32_t *sums_a, int32_t *sums_b) {
    const uint32_t chunks = (len + 15u) / 16u;
    const mve_pred16_t tail = vctp8q(len - 16u * (chunks - 1u));
    const int8x16_t zero = vdupq_n_s8(0);
    const int8x16_t a0 = chunks == 1u ? vldrbq_z_s8(xa, tail) : vldrbq_s8(xa);
    const int8x16_t b0 = chunks == 1u ? vldrbq_z_s8(xb, tail) : vldrbq_s8(xb);
    const int8x16_t a1 = chunks == 2u ? vldrbq_z_s8(xa + 16, tail) : chunks > 2u ? vldrbq_s8(xa + 16) : zero;
    const int8x16_t b1 = chunks == 2u ? vldrbq_z_s8(xb + 16, tail) : chunks > 2u ? vldrbq_s8(xb + 16) : zero;
    const int8x16_t a2 = chunks == 3u ? vldrbq_z_s8(xa + 32, tail) : zero;
    const int8x16_t b2 = chunks == 3u ? vldrbq_z_s8(xb + 32, tail) : zero;
    const int8_t *last = w + (size_t)(rows - 1u) * stride;
    const int32_t last_a = bases_a[rows - 1u], last_b = bases_b[rows - 1u];
    int32_t *last_sum_a = sums_a + (rows - 1u), *last_sum_b = sums_b + (rows - 1u);
    switch (chunks) {
    case 3u:
        for (rows--; rows != 0; rows--, w += stride) {
            int8x16_t v = vldrbq_s8(w);
            int32_t sa = vmladavaq_s8(*bases_a++, a0, v), sb = vmladavaq_s8(*bases_b++, b0, v);
            v = vldrbq_s8(w + 16);
            sa = vmladavaq_s8(sa, a1, v), sb = vmladavaq_s8(sb, b1, v);
            v = vldrbq_s8(w + 32);
            *sums_a++ = vmladavaq_s8(sa, a2, v), *sums_b++ = vmladavaq_s8(sb, b2, v);
        }
        break;
    case 2u:
        for (rows--; rows != 0; rows--, w += stride) {
            int8x16_t v = vldrbq_s8(w);
            int32_t sa = vmladavaq_s8(*bases_a++, a0, v), sb = vmladavaq_s8(*bases_b++, b0, v);
            v = vldrbq_s8(w + 16);
            *sums_a++ = vmladavaq_s8(sa, a1, v), *sums_b++ = vmladavaq_s8(sb, b1, v);
        }
        break;
    default:
        for (rows--; rows != 0; rows--, w += stride) {
            const int8x16_t v = vldrbq_s8(w);
            *sums_a++ = vmladavaq_s8(*bases_a++, a0, v), *sums_b++ = vmladavaq_s8(*bases_b++, b0, v);
        }
        break;
    }
    /* The last row: its final chunk loaded with the tail's lanes only. */
    int8x16_t v = chunks == 1u ? vldrbq_z_s8(last, tail) : vldrbq_s8(last);
    int32_t sa = vmladavaq_s8(last_a, a0, v), sb = vmladavaq_s8(last_b, b0, v);
    if (chunks > 1u) {
        v = chunks == 2u ? vldrbq_z_s8(last + 16, tail) : vldrbq_s8(last + 16);
        sa = vmladavaq_s8(sa, a1, v), sb = vmladavaq_s8(sb, b1, v);
    }
    if (chunks > 2u) {
        v = vldrbq_z_s8(last + 32, tail);
        sa = vmladavaq_s8(sa, a2, v), sb = vmladavaq_s8(sb, b2, v);
    }
    *last_sum_a = sa, *last_sum_b = sb;
}

/* kgl_dot_rows_body_s8 without an input offset (it is in the bases) and with one: two
   functions, each compiled for its case. */
static KGL_DOT_NOINLINE void kgl_dot_rows_s8(const int8_t *x, uint32_t len, const int8_t *w,
                                             size_t stride, const int32_t *bases, uint32_t rows,
                                             int32_t *sums) {
    kgl_dot_rows_body_s8(x, len, w, stride, 0, bases, rows, sums);
}

static KGL_DOT_NOINLINE void kgl_dot_rows_offset_s8(const int8_t *x, uint32_t len,
                                                    const int8_t *w, size_t stride,
                                                    int32_t offset, const int32_t *bases,
                                                    uint32_t rows, int32_t *sums) {
    kgl_dot_rows_body_s8(x, len, w, stride, offset, bases, rows, sums);
}
#endif

#if KGL_DSP_ASM
/* One tap of four channels whose weights were split beforehand (kgl_window3x3_split_lanes4_s8):
   the activations at row + XOFF, the weight halves (w0, w2), (w1, w3) at split + WOFF. */
#define KGL_MAC_SPLIT_LANES4_ASM(row, XOFF, split, WOFF, a0, a1, a2, a3)                  \
    do {                                                                                    \
        uint32_t kgl_x_, kgl_xo_, kgl_we_, kgl_wo_;                                         \
        __asm__("ldr %[x], [%[px], #" #XOFF "]\n\t"                                          \
                "ldrd %[we], %[wo], [%[pw], #" #WOFF "]\n\t"                                 \
                "sxtb16 %[xo], %[x], ror #8\n\t"                                            \
                "sxtb16 %[x], %[x]\n\t"                                                     \
                "smlabb %[c0], %[x], %[we], %[c0]\n\t"                                      \
                "smlatt %[c2], %[x], %[we], %[c2]\n\t"                                      \
                "smlabb %[c1], %[xo], %[wo], %[c1]\n\t"                                     \
                "smlatt %[c3], %[xo], %[wo], %[c3]"                                          \
                : [c0] "+r"(a0), [c1] "+r"(a1), [c2] "+r"(a2), [c3] "+r"(a3),               \
                  [x] "=&r"(kgl_x_), [xo] "=&r"(kgl_xo_), [we] "=&r"(kgl_we_),              \
                  [wo] "=&r"(kgl_wo_)                                                       \
                : [px] "r"(row), [pw] "r"(split)                                            \
                : "memory");                                                                \
    } while (0)

/* The weights of a 3x3 window of four channels (tap t at w + t * w_col), each split once into
   its halfword pairs (w0, w2) and (w1, w3), for kgl_window3x3_split_lanes4_s8. */
static inline void kgl_split_3x3_lanes4_s8(const int8_t *w, size_t w_col, int32_t split[18]) {
    for (uint32_t t = 0; t < 9; t++, w += w_col) {
        const int32_t v = kgl_load_s8x4(w);
        split[2 * t] = __sxtb16(v);
        split[2 * t + 1] = kgl_odd_s8x2(v);
    }
}

/*
 * kgl_window3x3_lanes4_s8 for activations four bytes apart (a padded row copy of one block of
 * four channels) and weights split beforehand: eight instructions per tap, the offsets in
 * the instructions.
 */
static KGL_DOT_NOINLINE kgl_lanes4 kgl_window3x3_split_lanes4_s8(const int8_t *row0,
                                                                 const int8_t *row1,
                                                                 const int8_t *row2,
                                                                 const int32_t split[18],
                                                                 kgl_lanes4 acc) {
    uint32_t a0 = acc.c0, a1 = acc.c1, a2 = acc.c2, a3 = acc.c3;
    KGL_MAC_SPLIT_LANES4_ASM(row0, 0, split, 0, a0, a1, a2, a3);
    KGL_MAC_SPLIT_LANES4_ASM(row0, 4, split, 8, a0, a1, a2, a3);
    KGL_MAC_SPLIT_LANES4_ASM(row0, 8, split, 16, a0, a1, a2, a3);
    KGL_MAC_SPLIT_LANES4_ASM(row1, 0, split, 24, a0, a1, a2, a3);
    KGL_MAC_SPLIT_LANES4_ASM(row1, 4, split, 32, a0, a1, a2, a3);
    KGL_MAC_SPLIT_LANES4_ASM(row1, 8, split, 40, a0, a1, a2, a3);
    KGL_MAC_SPLIT_LANES4_ASM(row2, 0, split, 48, a0, a1, a2, a3);
    KGL_MAC_SPLIT_LANES4_ASM(row2, 4, split, 56, a0, a1, a2, a3);
    KGL_MAC_SPLIT_LANES4_ASM(row2, 8, split, 64, a0, a1, a2, a3);
    acc.c0 = a0, acc.c1 = a1, acc.c2 = a2, acc.c3 = a3;
    return acc;
}

/*
 * quads * 4 int8 values v split into their halfword pairs, two words per four values,
 * (v[0], v[2]) and (v[1], v[3]), at split[0], split[1], then split[step], split[step + 1], ...
 * Two vectors split with step 4 into split and split + 2 interleave, as the 2 x 2 loops below
 * read them: per four values, the words of the first vector, then of the second.
 */
static inline void kgl_split_s8(const int8_t *v, uint32_t quads, uint32_t *split, size_t step) {
    for (; quads != 0; quads--, v += 4, split += step) {
        const int32_t u = kgl_load_s8x4(v);
        split[0] = (uint32_t)__sxtb16(u);
        split[1] = (uint32_t)kgl_odd_s8x2(u);
    }
}

/* Four values of x0 and x1 (x0 + stride) against the split weights of two channels at split
   (kgl_split_s8), both pointers stepped: 16 multiply-accumulates in 16 instructions. */
#define KGL_DOT_2X2_SPLIT_STEP                                                              \
    "ldr %[xb], [%[x], %[d]]\n\t"                                                           \
    "ldr %[xa], [%[x]], #4\n\t"                                                             \
    "ldrd %[u], %[v], [%[s]], #8\n\t"                                                       \
    "sxtb16 %[te], %[xa]\n\t"                                                               \
    "sxtb16 %[xa], %[xa], ror #8\n\t"                                                       \
    "smlad %[a00], %[te], %[u], %[a00]\n\t"                                                 \
    "smlad %[a00], %[xa], %[v], %[a00]\n\t"                                                 \
    "sxtb16 %[tb], %[xb]\n\t"                                                               \
    "sxtb16 %[xb], %[xb], ror #8\n\t"                                                       \
    "smlad %[a10], %[tb], %[u], %[a10]\n\t"                                                 \
    "smlad %[a10], %[xb], %[v], %[a10]\n\t"                                                 \
    "ldrd %[u], %[v], [%[s]], #8\n\t"                                                       \
    "smlad %[a01], %[te], %[u], %[a01]\n\t"                                                 \
    "smlad %[a01], %[xa], %[v], %[a01]\n\t"                                                 \
    "smlad %[a11], %[tb], %[u], %[a11]\n\t"                                                 \
    "smlad %[a11], %[xb], %[v], %[a11]\n\t"

/*
 * kgl_dot_2x2_stride_s8 over quads * 4 values with w0 and w1 split beforehand, interleaved
 * (kgl_split_s8; the words 4-byte aligned, for LDRD): the weights' SXTB16s are then done once
 * per channel pair rather than once per pair of positions.
 */
static KGL_DOT_NOINLINE void kgl_dot_2x2_split_weights_s8(const int8_t *x0, size_t stride,
                                                  const uint32_t *split, uint32_t quads,
                                                  uint32_t acc[4]) {
    uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
    uint32_t xa, xb, te, tb, u, v;
    if (quads & 1u) {
        __asm__ volatile(KGL_DOT_2X2_SPLIT_STEP
                         : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11),
                           [x] "+r"(x0), [s] "+r"(split), [xa] "=&r"(xa), [xb] "=&r"(xb),
                           [te] "=&r"(te), [tb] "=&r"(tb), [u] "=&r"(u), [v] "=&r"(v)
                         : [d] "r"(stride)
                         : "memory");
    }
    quads >>= 1;
    if (quads != 0) {
        __asm__ volatile("1:\n\t" KGL_DOT_2X2_SPLIT_STEP KGL_DOT_2X2_SPLIT_STEP
                         "subs %[q], %[q], #1\n\t"
                         "bne 1b"
                         : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11),
                           [x] "+r"(x0), [s] "+r"(split), [q] "+r"(quads), [xa] "=&r"(xa),
                           [xb] "=&r"(xb), [te] "=&r"(te), [tb] "=&r"(tb), [u] "=&r"(u),
                           [v] "=&r"(v)
                         : [d] "r"(stride)
                         : "cc", "memory");
    }
    acc[0] = a00, acc[1] = a01, acc[2] = a10, acc[3] = a11;
}

/* Four values of two positions, split beforehand at x (kgl_split_s8), against channels w0 and
   w1 (w0 + stride), both pointers stepped: 16 multiply-accumulates in 16 instructions. */
#define KGL_DOT_2X2_SPLIT_INPUTS_STEP                                                       \
    "ldrd %[ae], %[ao], [%[x]], #8\n\t"                                                     \
    "ldrd %[be], %[bo], [%[x]], #8\n\t"                                                     \
    "ldr %[u], [%[w], %[d]]\n\t"                                                            \
    "sxtb16 %[t], %[u]\n\t"                                                                 \
    "sxtb16 %[u], %[u], ror #8\n\t"                                                         \
    "smlad %[a01], %[ae], %[t], %[a01]\n\t"                                                 \
    "smlad %[a01], %[ao], %[u], %[a01]\n\t"                                                 \
    "smlad %[a11], %[be], %[t], %[a11]\n\t"                                                 \
    "smlad %[a11], %[bo], %[u], %[a11]\n\t"                                                 \
    "ldr %[u], [%[w]], #4\n\t"                                                              \
    "sxtb16 %[t], %[u]\n\t"                                                                 \
    "sxtb16 %[u], %[u], ror #8\n\t"                                                         \
    "smlad %[a00], %[ae], %[t], %[a00]\n\t"                                                 \
    "smlad %[a00], %[ao], %[u], %[a00]\n\t"                                                 \
    "smlad %[a10], %[be], %[t], %[a10]\n\t"                                                 \
    "smlad %[a10], %[bo], %[u], %[a10]\n\t"

/*
 * kgl_dot_2x2_stride_s8 over quads * 4 values with the two positions split beforehand,
 * interleaved (kgl_split_s8; the words 4-byte aligned, for LDRD): the inputs' SXTB16s are
 * then done once per pair of positions rather than once per channel pair.
 */
static KGL_DOT_NOINLINE void kgl_dot_2x2_split_inputs_s8(const uint32_t *split,
                                                         const int8_t *w0, size_t stride,
                                                         uint32_t quads, uint32_t acc[4]) {
    uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
    uint32_t ae, ao, be, bo, t, u;
    if (quads & 1u) {
        __asm__ volatile(KGL_DOT_2X2_SPLIT_INPUTS_STEP
                         : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11),
                           [x] "+r"(split), [w] "+r"(w0), [ae] "=&r"(ae), [ao] "=&r"(ao),
                           [be] "=&r"(be), [bo] "=&r"(bo), [t] "=&r"(t), [u] "=&r"(u)
                         : [d] "r"(stride)
                         : "memory");
    }
    quads >>= 1;
    if (quads != 0) {
        __asm__ volatile("1:\n\t" KGL_DOT_2X2_SPLIT_INPUTS_STEP KGL_DOT_2X2_SPLIT_INPUTS_STEP
                         "subs %[q], %[q], #1\n\t"
                         "bne 1b"
                         : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11),
                           [x] "+r"(split), [w] "+r"(w0), [q] "+r"(quads), [ae] "=&r"(ae),
                           [ao] "=&r"(ao), [be] "=&r"(be), [bo] "=&r"(bo), [t] "=&r"(t),
                           [u] "=&r"(u)
                         : [d] "r"(stride)
                         : "cc", "memory");
    }
    acc[0] = a00, acc[1] = a01, acc[2] = a10, acc[3] = a11;
}
#endif

#endif /* KGL_DOT_S8_H */
