/*
 * kgl_kernel_variant.h: which instruction set the fast kernels are written for, chosen here
 * once from the compiler's predefined macros.
 *
 *   KGL_VARIANT_MVE      Armv8.1-M Helium (Cortex-M55): VMLADAVA, sixteen int8
 *                        multiply-accumulates per instruction, for the inner products it has
 *                        a body for, and runs of requantization four at a time; the rest use
 *                        the DSP bodies, which the core also has.
 *   KGL_VARIANT_ARM_DSP  Armv7E-M / Armv8-M DSP extension (Cortex-M4, M7, M33, M55): the
 *                        SMLAD family, two 16-bit multiply-accumulates per instruction.
 *   KGL_VARIANT_NEON     AArch64 Advanced SIMD (in every AArch64 core): SMULL/SMLAL into
 *                        halfwords and words, SADALP, sixteen int8 values per vector, for
 *                        the inner products it has a body for; portable C elsewhere.
 *   KGL_VARIANT_X86_SSE2 x86-64 (SSE2 is in every x86-64 core, so the default flags have
 *                        it): PMADDWD, eight 16-bit multiply-accumulates per instruction, for
 *                        the inner products it has a body for; portable C elsewhere.
 *   (none)               portable C99, register-blocked (Cortex-M0+, M3, anything else).
 *
 * Building with -DKGL_PORTABLE=1 forces the portable variant on any core. Every variant gives
 * the bytes of the reference kernels (the readable loops, kgl_kernels.h's *_reference
 * functions); tests/test_kernel_variants.c compares them on random geometries.
 */
#ifndef KGL_KERNEL_VARIANT_H
#define KGL_KERNEL_VARIANT_H

#if defined(KGL_PORTABLE) && KGL_PORTABLE
#define KGL_VARIANT_MVE 0
#elif defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1) && (defined(__GNUC__) || defined(__clang__))
#define KGL_VARIANT_MVE 1
#else
#define KGL_VARIANT_MVE 0
#endif

#if defined(KGL_PORTABLE) && KGL_PORTABLE
#define KGL_VARIANT_ARM_DSP 0
#elif defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__ARM_FEATURE_SIMD32) && \
    __ARM_FEATURE_SIMD32 && (defined(__GNUC__) || defined(__clang__))
#define KGL_VARIANT_ARM_DSP 1
#else
#define KGL_VARIANT_ARM_DSP 0
#endif

#if defined(KGL_PORTABLE) && KGL_PORTABLE
#define KGL_VARIANT_NEON 0
#elif defined(__aarch64__) && defined(__ARM_NEON) && (defined(__GNUC__) || defined(__clang__))
#define KGL_VARIANT_NEON 1
#else
#define KGL_VARIANT_NEON 0
#endif

#if defined(KGL_PORTABLE) && KGL_PORTABLE
#define KGL_VARIANT_X86_SSE2 0
#elif defined(__SSE2__) && (defined(__x86_64__) || defined(_M_X64))
#define KGL_VARIANT_X86_SSE2 1
#else
#define KGL_VARIANT_X86_SSE2 0
#endif

/* The Arm DSP loops written in assembly (and the paths built on them) hold 14 general
   registers: only with GCC's optimizer on (-O1 and up; kgl_dot_s8.h builds their functions
   without a frame pointer, which Clang cannot be told per function). Otherwise the DSP
   variant runs its intrinsic bodies. */
#if KGL_VARIANT_ARM_DSP && !KGL_VARIANT_MVE && defined(__OPTIMIZE__) && !defined(__clang__)
#define KGL_DSP_ASM 1
#else
#define KGL_DSP_ASM 0
#endif

#if KGL_VARIANT_MVE
#define KGL_KERNEL_VARIANT_NAME "arm-mve"
#elif KGL_VARIANT_ARM_DSP
#define KGL_KERNEL_VARIANT_NAME "arm-dsp"
#elif KGL_VARIANT_NEON
#define KGL_KERNEL_VARIANT_NAME "aarch64-neon"
#elif KGL_VARIANT_X86_SSE2
#define KGL_KERNEL_VARIANT_NAME "x86-sse2"
#else
#define KGL_KERNEL_VARIANT_NAME "portable"
#endif

/* The alternative paths of one kernel (reference, blocked, sparse, ...) are functions of
   their own: inlined into the dispatcher, their stack frames would add up, and the runtime's
   stack bound would be their sum rather than the largest. */
#if defined(__GNUC__) || defined(__clang__)
#define KGL_KERNEL_PATH static __attribute__((noinline))
#else
#define KGL_KERNEL_PATH static
#endif

#endif /* KGL_KERNEL_VARIANT_H */
