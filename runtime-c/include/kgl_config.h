/*
 * kgl_config.h: compile-time options of the Kinglet runtime. Define any of these on the
 * compiler command line (-DKGL_ENABLE_FLOAT=0) to override the defaults here.
 */
#ifndef KGL_CONFIG_H
#define KGL_CONFIG_H

/* A header of your own with these settings, e.g. -DKGL_CONFIG_HEADER='"kws_operators.h"' for
   the operator selection `kinglet emit-c` writes. Included first, so its values win. */
#ifdef KGL_CONFIG_HEADER
#include KGL_CONFIG_HEADER
#endif

/* Float helpers (kgl_quantize_f32, kgl_dequantize_f32) and the QUANTIZE-from-float and
   DEQUANTIZE operators. With 0 the runtime has no floating point at all; models that
   contain those operators are then refused with KGL_ERROR_UNSUPPORTED_OPERATOR. */
#ifndef KGL_ENABLE_FLOAT
#define KGL_ENABLE_FLOAT 1
#endif

/* The 16x8 kernels (int16 activations, int8 weights). With 0 they are not built, and a model
   with an int16 operator is refused with KGL_ERROR_UNSUPPORTED_OPERATOR. `kinglet emit-c`
   writes 0 for a model without int16 tensors. */
#ifndef KGL_ENABLE_INT16
#define KGL_ENABLE_INT16 1
#endif

/* Sparse weights (format 1.4) and the kernels' zero-skipping paths. With 0 they are not
   built, and a model with a sparse constant is refused with KGL_ERROR_UNSUPPORTED_OPERATOR.
   `kinglet emit-c` writes 0 for a model without sparse constants. */
#ifndef KGL_ENABLE_SPARSE
#define KGL_ENABLE_SPARSE 1
#endif

/* Skip the CRC32 check at load (saves time on large models in flash; keeps every other
   check). Off by default. */
#ifndef KGL_SKIP_CRC
#define KGL_SKIP_CRC 0
#endif

/* The largest convolution window (KH * KW * Cin values) that CONV_2D copies onto the stack,
   two at a time, to run it as one product (its first layers, 3x3 layers up to 64 input
   channels): the kernel's stack grows by about twice this plus 256 bytes. It also bounds the
   rows a 3x3 DEPTHWISE_CONV_2D copies (this / 9 padded columns, 12 bytes each). 0 keeps every
   convolution on the paths without copies. Smaller by default on Armv6-M (Cortex-M0/M0+),
   whose chips have little RAM. */
#ifndef KGL_CONV_WINDOW_BYTES
#if defined(__ARM_ARCH_6M__)
#define KGL_CONV_WINDOW_BYTES 64
#else
#define KGL_CONV_WINDOW_BYTES 576
#endif
#endif

/* Kernel paths, for flash: each 0 leaves out one fast path of a kernel; the shapes it would
   take then run the next one, at worst the reference loops, with the same bytes (slower).
   `kinglet emit-c` writes 0 for the paths none of a model's operators takes.
     KGL_PATH_CONV_SMALL_WINDOW   CONV_2D windows copied side by side (KGL_CONV_WINDOW_BYTES)
     KGL_PATH_CONV_UNSPLIT_WINDOW Arm DSP builds: the copied windows that the split path (a
                                  multiple of four values, at most half the budget) does not
                                  take; other builds always keep it, as their window path
     KGL_PATH_CONV_BLOCKED        CONV_2D k x k read in place, two positions by two channels
     KGL_PATH_CONV_FEW_POSITIONS  CONV_2D 1x1 over at most 8 positions (Helium: 2), run by
                                  the FULLY_CONNECTED kernel
     KGL_PATH_DEPTHWISE_3X3       3x3 DEPTHWISE_CONV_2D over padded row copies
     KGL_PATH_DEPTHWISE_BLOCKED   DEPTHWISE_CONV_2D (depth multiplier 1), four channels */
#ifndef KGL_PATH_CONV_SMALL_WINDOW
#define KGL_PATH_CONV_SMALL_WINDOW 1
#endif
#ifndef KGL_PATH_CONV_UNSPLIT_WINDOW
#define KGL_PATH_CONV_UNSPLIT_WINDOW 1
#endif
#ifndef KGL_PATH_CONV_BLOCKED
#define KGL_PATH_CONV_BLOCKED 1
#endif
#ifndef KGL_PATH_CONV_FEW_POSITIONS
#define KGL_PATH_CONV_FEW_POSITIONS 1
#endif

/* 1: every int8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED the runtime loads carries a
   folded bias (format 1.6; `kinglet emit-c` writes 1 when all of the model's do), so the
   kernels keep no code to sum weights, and the loader refuses such an operator without one
   (KGL_ERROR_UNSUPPORTED_OPERATOR). 0 (default): both. */
#ifndef KGL_FOLDED_BIAS_REQUIRED
#define KGL_FOLDED_BIAS_REQUIRED 0
#endif
#ifndef KGL_PATH_DEPTHWISE_3X3
#define KGL_PATH_DEPTHWISE_3X3 1
#endif
#ifndef KGL_PATH_DEPTHWISE_BLOCKED
#define KGL_PATH_DEPTHWISE_BLOCKED 1
#endif

/* Operator selection (KGL_SELECT_OPERATORS, KGL_WITH_<NAME>): the defaults of every kind,
   generated from the format's list of kinds. Without a selection every kind is built. */
#include "kgl_operator_selection.h"

#endif /* KGL_CONFIG_H */
