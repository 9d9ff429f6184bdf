/*
 * kgl_operator_selection.h: which operator kinds this build of the runtime dispatches.
 *
 * GENERATED from Sources/KingletFormat/Spec by
 * `swift run kinglet-format-header kgl_operator_selection.h`.
 * Do not edit: change FormatSpec and regenerate; a test fails when the two disagree.
 *
 * By default every kind is built. With KGL_SELECT_OPERATORS defined (kgl_config.h, or
 * the NAME_operators.h that `kinglet emit-c` writes), only the kinds with KGL_WITH_<NAME>
 * defined to 1 are dispatched; the others are refused at load with
 * KGL_ERROR_UNSUPPORTED_OPERATOR and their kernels are dropped by the linker
 * (-ffunction-sections -Wl,--gc-sections).
 */
#ifndef KGL_OPERATOR_SELECTION_H
#define KGL_OPERATOR_SELECTION_H

#ifndef KGL_WITH_CONV_2D
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_CONV_2D 0
#else
#define KGL_WITH_CONV_2D 1
#endif
#endif
#ifndef KGL_WITH_DEPTHWISE_CONV_2D
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_DEPTHWISE_CONV_2D 0
#else
#define KGL_WITH_DEPTHWISE_CONV_2D 1
#endif
#endif
#ifndef KGL_WITH_FULLY_CONNECTED
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_FULLY_CONNECTED 0
#else
#define KGL_WITH_FULLY_CONNECTED 1
#endif
#endif
#ifndef KGL_WITH_AVERAGE_POOL_2D
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_AVERAGE_POOL_2D 0
#else
#define KGL_WITH_AVERAGE_POOL_2D 1
#endif
#endif
#ifndef KGL_WITH_MAX_POOL_2D
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_MAX_POOL_2D 0
#else
#define KGL_WITH_MAX_POOL_2D 1
#endif
#endif
#ifndef KGL_WITH_ADD
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_ADD 0
#else
#define KGL_WITH_ADD 1
#endif
#endif
#ifndef KGL_WITH_MUL
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_MUL 0
#else
#define KGL_WITH_MUL 1
#endif
#endif
#ifndef KGL_WITH_RESHAPE
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_RESHAPE 0
#else
#define KGL_WITH_RESHAPE 1
#endif
#endif
#ifndef KGL_WITH_SOFTMAX
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_SOFTMAX 0
#else
#define KGL_WITH_SOFTMAX 1
#endif
#endif
#ifndef KGL_WITH_LOGISTIC
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_LOGISTIC 0
#else
#define KGL_WITH_LOGISTIC 1
#endif
#endif
#ifndef KGL_WITH_TANH
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_TANH 0
#else
#define KGL_WITH_TANH 1
#endif
#endif
#ifndef KGL_WITH_RELU
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_RELU 0
#else
#define KGL_WITH_RELU 1
#endif
#endif
#ifndef KGL_WITH_RELU6
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_RELU6 0
#else
#define KGL_WITH_RELU6 1
#endif
#endif
#ifndef KGL_WITH_LEAKY_RELU
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_LEAKY_RELU 0
#else
#define KGL_WITH_LEAKY_RELU 1
#endif
#endif
#ifndef KGL_WITH_HARD_SWISH
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_HARD_SWISH 0
#else
#define KGL_WITH_HARD_SWISH 1
#endif
#endif
#ifndef KGL_WITH_PAD
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_PAD 0
#else
#define KGL_WITH_PAD 1
#endif
#endif
#ifndef KGL_WITH_MEAN
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_MEAN 0
#else
#define KGL_WITH_MEAN 1
#endif
#endif
#ifndef KGL_WITH_CONCATENATION
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_CONCATENATION 0
#else
#define KGL_WITH_CONCATENATION 1
#endif
#endif
#ifndef KGL_WITH_QUANTIZE
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_QUANTIZE 0
#else
#define KGL_WITH_QUANTIZE 1
#endif
#endif
#ifndef KGL_WITH_DEQUANTIZE
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_DEQUANTIZE 0
#else
#define KGL_WITH_DEQUANTIZE 1
#endif
#endif
#ifndef KGL_WITH_SUB
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_SUB 0
#else
#define KGL_WITH_SUB 1
#endif
#endif
#ifndef KGL_WITH_REDUCE_MAX
#ifdef KGL_SELECT_OPERATORS
#define KGL_WITH_REDUCE_MAX 0
#else
#define KGL_WITH_REDUCE_MAX 1
#endif
#endif

#endif /* KGL_OPERATOR_SELECTION_H */
