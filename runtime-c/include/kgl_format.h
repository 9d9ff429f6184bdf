/*
 * kgl_format.h: the .kgl v1.6 file layout, as C structs that mirror it.
 *
 * GENERATED from Sources/KingletFormat/Spec by `swift run kinglet-format-header kgl_format.h`.
 * Do not edit: change FormatSpec and regenerate; a test fails when the two disagree.
 * docs/FORMAT.md explains every field.
 */
#ifndef KGL_FORMAT_H
#define KGL_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define KGL_MAGIC 0x004C474Bu
#define KGL_VERSION_MAJOR 1
#define KGL_VERSION_MINOR 6
#define KGL_ALIGNMENT 16
#define KGL_MAX_RANK 6
#define KGL_OPTION_SLOTS 16
#define KGL_NO_NAME 0xFFFFFFFFu
#define KGL_FLAG_HAS_NAMES 1u

#define KGL_LOCATION_ARENA 0
#define KGL_LOCATION_CONSTANT 1
#define KGL_LOCATION_SPARSE 2
#define KGL_LOCATION_FUSED 3

#define KGL_QUANT_NONE 0
#define KGL_QUANT_PER_TENSOR 1
#define KGL_QUANT_PER_CHANNEL 2

#define KGL_TYPE_INT8 1
#define KGL_TYPE_INT32 2
#define KGL_TYPE_FLOAT32 3
#define KGL_TYPE_INT16 4
#define KGL_TYPE_INT64 5

/* Operator kinds: X(code, NAME, stem, min inputs, max inputs, outputs); kernels are kgl_<stem>_s8. */
#define KGL_OPERATORS(X) \
    X(1, CONV_2D, conv2d, 3, 3, 1) \
    X(2, DEPTHWISE_CONV_2D, depthwise_conv2d, 3, 3, 1) \
    X(3, FULLY_CONNECTED, fully_connected, 3, 3, 1) \
    X(4, AVERAGE_POOL_2D, average_pool2d, 1, 1, 1) \
    X(5, MAX_POOL_2D, max_pool2d, 1, 1, 1) \
    X(6, ADD, add, 2, 2, 1) \
    X(7, MUL, mul, 2, 2, 1) \
    X(8, RESHAPE, reshape, 1, 1, 1) \
    X(9, SOFTMAX, softmax, 1, 1, 1) \
    X(10, LOGISTIC, logistic, 1, 1, 1) \
    X(11, TANH, tanh, 1, 1, 1) \
    X(12, RELU, relu, 1, 1, 1) \
    X(13, RELU6, relu6, 1, 1, 1) \
    X(14, LEAKY_RELU, leaky_relu, 1, 1, 1) \
    X(15, HARD_SWISH, hard_swish, 1, 1, 1) \
    X(16, PAD, pad, 1, 1, 1) \
    X(17, MEAN, mean, 1, 1, 1) \
    X(18, CONCATENATION, concatenation, 1, 255, 1) \
    X(19, QUANTIZE, quantize, 1, 1, 1) \
    X(20, DEQUANTIZE, dequantize, 1, 1, 1) \
    X(21, SUB, sub, 2, 2, 1) \
    X(22, REDUCE_MAX, reduce_max, 1, 1, 1)

/* Kinds with a 16x8 variant kgl_<stem>_s16 (int16 activations, int8 weights), which runs
   when the operator's first input or first output is int16. Same X arguments. */
#define KGL_OPERATORS_S16(X) \
    X(1, CONV_2D, conv2d, 3, 3, 1) \
    X(2, DEPTHWISE_CONV_2D, depthwise_conv2d, 3, 3, 1) \
    X(3, FULLY_CONNECTED, fully_connected, 3, 3, 1) \
    X(6, ADD, add, 2, 2, 1) \
    X(19, QUANTIZE, quantize, 1, 1, 1) \
    X(20, DEQUANTIZE, dequantize, 1, 1, 1)

/* Kinds whose input 1 is a filter of per-channel int8 weights: X(code, NAME, stem, axis),
   axis being the filter's output-channel axis, along which its rows run when it is stored
   sparse (format 1.4; no other operand may be). */
#define KGL_OPERATORS_WITH_FILTER(X) \
    X(1, CONV_2D, conv2d, 0) \
    X(2, DEPTHWISE_CONV_2D, depthwise_conv2d, 3) \
    X(3, FULLY_CONNECTED, fully_connected, 0)

#define KGL_OP_CONV_2D 1
#define KGL_OP_DEPTHWISE_CONV_2D 2
#define KGL_OP_FULLY_CONNECTED 3
#define KGL_OP_AVERAGE_POOL_2D 4
#define KGL_OP_MAX_POOL_2D 5
#define KGL_OP_ADD 6
#define KGL_OP_MUL 7
#define KGL_OP_RESHAPE 8
#define KGL_OP_SOFTMAX 9
#define KGL_OP_LOGISTIC 10
#define KGL_OP_TANH 11
#define KGL_OP_RELU 12
#define KGL_OP_RELU6 13
#define KGL_OP_LEAKY_RELU 14
#define KGL_OP_HARD_SWISH 15
#define KGL_OP_PAD 16
#define KGL_OP_MEAN 17
#define KGL_OP_CONCATENATION 18
#define KGL_OP_QUANTIZE 19
#define KGL_OP_DEQUANTIZE 20
#define KGL_OP_SUB 21
#define KGL_OP_REDUCE_MAX 22

typedef struct {
    uint32_t magic;
    uint16_t version_major;
    uint16_t version_minor;
    uint32_t header_bytes;
    uint32_t total_bytes;
    uint32_t crc32;
    uint32_t arena_bytes;
    uint32_t flags;
    uint32_t tensor_count;
    uint32_t tensors_offset;
    uint32_t operator_count;
    uint32_t operators_offset;
    uint32_t operand_count;
    uint32_t operands_offset;
    uint16_t input_count;
    uint16_t output_count;
    uint32_t io_offset;
    uint32_t data_offset;
    uint32_t data_bytes;
    uint32_t strings_offset;
    uint32_t strings_bytes;
    uint32_t reserved;
} kgl_header;
typedef char kgl_header_size[(sizeof(kgl_header) == 80) ? 1 : -1];
typedef char kgl_header_magic_at[(offsetof(kgl_header, magic) == 0) ? 1 : -1];
typedef char kgl_header_version_major_at[(offsetof(kgl_header, version_major) == 4) ? 1 : -1];
typedef char kgl_header_version_minor_at[(offsetof(kgl_header, version_minor) == 6) ? 1 : -1];
typedef char kgl_header_header_bytes_at[(offsetof(kgl_header, header_bytes) == 8) ? 1 : -1];
typedef char kgl_header_total_bytes_at[(offsetof(kgl_header, total_bytes) == 12) ? 1 : -1];
typedef char kgl_header_crc32_at[(offsetof(kgl_header, crc32) == 16) ? 1 : -1];
typedef char kgl_header_arena_bytes_at[(offsetof(kgl_header, arena_bytes) == 20) ? 1 : -1];
typedef char kgl_header_flags_at[(offsetof(kgl_header, flags) == 24) ? 1 : -1];
typedef char kgl_header_tensor_count_at[(offsetof(kgl_header, tensor_count) == 28) ? 1 : -1];
typedef char kgl_header_tensors_offset_at[(offsetof(kgl_header, tensors_offset) == 32) ? 1 : -1];
typedef char kgl_header_operator_count_at[(offsetof(kgl_header, operator_count) == 36) ? 1 : -1];
typedef char kgl_header_operators_offset_at[(offsetof(kgl_header, operators_offset) == 40) ? 1 : -1];
typedef char kgl_header_operand_count_at[(offsetof(kgl_header, operand_count) == 44) ? 1 : -1];
typedef char kgl_header_operands_offset_at[(offsetof(kgl_header, operands_offset) == 48) ? 1 : -1];
typedef char kgl_header_input_count_at[(offsetof(kgl_header, input_count) == 52) ? 1 : -1];
typedef char kgl_header_output_count_at[(offsetof(kgl_header, output_count) == 54) ? 1 : -1];
typedef char kgl_header_io_offset_at[(offsetof(kgl_header, io_offset) == 56) ? 1 : -1];
typedef char kgl_header_data_offset_at[(offsetof(kgl_header, data_offset) == 60) ? 1 : -1];
typedef char kgl_header_data_bytes_at[(offsetof(kgl_header, data_bytes) == 64) ? 1 : -1];
typedef char kgl_header_strings_offset_at[(offsetof(kgl_header, strings_offset) == 68) ? 1 : -1];
typedef char kgl_header_strings_bytes_at[(offsetof(kgl_header, strings_bytes) == 72) ? 1 : -1];
typedef char kgl_header_reserved_at[(offsetof(kgl_header, reserved) == 76) ? 1 : -1];

typedef struct {
    uint8_t type;
    uint8_t rank;
    uint8_t location;
    uint8_t quant_kind;
    uint32_t dims[6];
    uint32_t offset;
    uint32_t bytes;
    int32_t zero_point;
    float scale;
    uint32_t quant_axis;
    uint32_t quant_scales;
    uint32_t name;
    uint32_t normalization_channels;
    uint32_t normalization;
} kgl_tensor_record;
typedef char kgl_tensor_record_size[(sizeof(kgl_tensor_record) == 64) ? 1 : -1];
typedef char kgl_tensor_record_type_at[(offsetof(kgl_tensor_record, type) == 0) ? 1 : -1];
typedef char kgl_tensor_record_rank_at[(offsetof(kgl_tensor_record, rank) == 1) ? 1 : -1];
typedef char kgl_tensor_record_location_at[(offsetof(kgl_tensor_record, location) == 2) ? 1 : -1];
typedef char kgl_tensor_record_quant_kind_at[(offsetof(kgl_tensor_record, quant_kind) == 3) ? 1 : -1];
typedef char kgl_tensor_record_dims_at[(offsetof(kgl_tensor_record, dims) == 4) ? 1 : -1];
typedef char kgl_tensor_record_offset_at[(offsetof(kgl_tensor_record, offset) == 28) ? 1 : -1];
typedef char kgl_tensor_record_bytes_at[(offsetof(kgl_tensor_record, bytes) == 32) ? 1 : -1];
typedef char kgl_tensor_record_zero_point_at[(offsetof(kgl_tensor_record, zero_point) == 36) ? 1 : -1];
typedef char kgl_tensor_record_scale_at[(offsetof(kgl_tensor_record, scale) == 40) ? 1 : -1];
typedef char kgl_tensor_record_quant_axis_at[(offsetof(kgl_tensor_record, quant_axis) == 44) ? 1 : -1];
typedef char kgl_tensor_record_quant_scales_at[(offsetof(kgl_tensor_record, quant_scales) == 48) ? 1 : -1];
typedef char kgl_tensor_record_name_at[(offsetof(kgl_tensor_record, name) == 52) ? 1 : -1];
typedef char kgl_tensor_record_normalization_channels_at[(offsetof(kgl_tensor_record, normalization_channels) == 56) ? 1 : -1];
typedef char kgl_tensor_record_normalization_at[(offsetof(kgl_tensor_record, normalization) == 60) ? 1 : -1];

typedef struct {
    uint16_t kind;
    uint8_t input_count;
    uint8_t output_count;
    uint32_t operands;
    uint32_t name;
    uint32_t reserved;
    int32_t options[16];
} kgl_operator_record;
typedef char kgl_operator_record_size[(sizeof(kgl_operator_record) == 80) ? 1 : -1];
typedef char kgl_operator_record_kind_at[(offsetof(kgl_operator_record, kind) == 0) ? 1 : -1];
typedef char kgl_operator_record_input_count_at[(offsetof(kgl_operator_record, input_count) == 2) ? 1 : -1];
typedef char kgl_operator_record_output_count_at[(offsetof(kgl_operator_record, output_count) == 3) ? 1 : -1];
typedef char kgl_operator_record_operands_at[(offsetof(kgl_operator_record, operands) == 4) ? 1 : -1];
typedef char kgl_operator_record_name_at[(offsetof(kgl_operator_record, name) == 8) ? 1 : -1];
typedef char kgl_operator_record_reserved_at[(offsetof(kgl_operator_record, reserved) == 12) ? 1 : -1];
typedef char kgl_operator_record_options_at[(offsetof(kgl_operator_record, options) == 16) ? 1 : -1];

typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t stride_h;
    int32_t stride_w;
    int32_t dilation_h;
    int32_t dilation_w;
    int32_t pad_top;
    int32_t pad_left;
    int32_t activation_min;
    int32_t activation_max;
    int32_t multipliers;
    int32_t shifts;
    int32_t folded_bias;
} kgl_conv2d_options;
typedef char kgl_conv2d_options_fits[(sizeof(kgl_conv2d_options) <= 64) ? 1 : -1];
typedef char kgl_conv2d_options_input_offset_at[(offsetof(kgl_conv2d_options, input_offset) == 0) ? 1 : -1];
typedef char kgl_conv2d_options_output_offset_at[(offsetof(kgl_conv2d_options, output_offset) == 4) ? 1 : -1];
typedef char kgl_conv2d_options_stride_h_at[(offsetof(kgl_conv2d_options, stride_h) == 8) ? 1 : -1];
typedef char kgl_conv2d_options_stride_w_at[(offsetof(kgl_conv2d_options, stride_w) == 12) ? 1 : -1];
typedef char kgl_conv2d_options_dilation_h_at[(offsetof(kgl_conv2d_options, dilation_h) == 16) ? 1 : -1];
typedef char kgl_conv2d_options_dilation_w_at[(offsetof(kgl_conv2d_options, dilation_w) == 20) ? 1 : -1];
typedef char kgl_conv2d_options_pad_top_at[(offsetof(kgl_conv2d_options, pad_top) == 24) ? 1 : -1];
typedef char kgl_conv2d_options_pad_left_at[(offsetof(kgl_conv2d_options, pad_left) == 28) ? 1 : -1];
typedef char kgl_conv2d_options_activation_min_at[(offsetof(kgl_conv2d_options, activation_min) == 32) ? 1 : -1];
typedef char kgl_conv2d_options_activation_max_at[(offsetof(kgl_conv2d_options, activation_max) == 36) ? 1 : -1];
typedef char kgl_conv2d_options_multipliers_at[(offsetof(kgl_conv2d_options, multipliers) == 40) ? 1 : -1];
typedef char kgl_conv2d_options_shifts_at[(offsetof(kgl_conv2d_options, shifts) == 44) ? 1 : -1];
typedef char kgl_conv2d_options_folded_bias_at[(offsetof(kgl_conv2d_options, folded_bias) == 48) ? 1 : -1];

typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t stride_h;
    int32_t stride_w;
    int32_t dilation_h;
    int32_t dilation_w;
    int32_t pad_top;
    int32_t pad_left;
    int32_t activation_min;
    int32_t activation_max;
    int32_t multipliers;
    int32_t shifts;
    int32_t depth_multiplier;
    int32_t folded_bias;
} kgl_depthwise_conv2d_options;
typedef char kgl_depthwise_conv2d_options_fits[(sizeof(kgl_depthwise_conv2d_options) <= 64) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_input_offset_at[(offsetof(kgl_depthwise_conv2d_options, input_offset) == 0) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_output_offset_at[(offsetof(kgl_depthwise_conv2d_options, output_offset) == 4) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_stride_h_at[(offsetof(kgl_depthwise_conv2d_options, stride_h) == 8) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_stride_w_at[(offsetof(kgl_depthwise_conv2d_options, stride_w) == 12) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_dilation_h_at[(offsetof(kgl_depthwise_conv2d_options, dilation_h) == 16) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_dilation_w_at[(offsetof(kgl_depthwise_conv2d_options, dilation_w) == 20) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_pad_top_at[(offsetof(kgl_depthwise_conv2d_options, pad_top) == 24) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_pad_left_at[(offsetof(kgl_depthwise_conv2d_options, pad_left) == 28) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_activation_min_at[(offsetof(kgl_depthwise_conv2d_options, activation_min) == 32) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_activation_max_at[(offsetof(kgl_depthwise_conv2d_options, activation_max) == 36) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_multipliers_at[(offsetof(kgl_depthwise_conv2d_options, multipliers) == 40) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_shifts_at[(offsetof(kgl_depthwise_conv2d_options, shifts) == 44) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_depth_multiplier_at[(offsetof(kgl_depthwise_conv2d_options, depth_multiplier) == 48) ? 1 : -1];
typedef char kgl_depthwise_conv2d_options_folded_bias_at[(offsetof(kgl_depthwise_conv2d_options, folded_bias) == 52) ? 1 : -1];

typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t activation_min;
    int32_t activation_max;
    int32_t multipliers;
    int32_t shifts;
    int32_t folded_bias;
} kgl_fully_connected_options;
typedef char kgl_fully_connected_options_fits[(sizeof(kgl_fully_connected_options) <= 64) ? 1 : -1];
typedef char kgl_fully_connected_options_input_offset_at[(offsetof(kgl_fully_connected_options, input_offset) == 0) ? 1 : -1];
typedef char kgl_fully_connected_options_output_offset_at[(offsetof(kgl_fully_connected_options, output_offset) == 4) ? 1 : -1];
typedef char kgl_fully_connected_options_activation_min_at[(offsetof(kgl_fully_connected_options, activation_min) == 8) ? 1 : -1];
typedef char kgl_fully_connected_options_activation_max_at[(offsetof(kgl_fully_connected_options, activation_max) == 12) ? 1 : -1];
typedef char kgl_fully_connected_options_multipliers_at[(offsetof(kgl_fully_connected_options, multipliers) == 16) ? 1 : -1];
typedef char kgl_fully_connected_options_shifts_at[(offsetof(kgl_fully_connected_options, shifts) == 20) ? 1 : -1];
typedef char kgl_fully_connected_options_folded_bias_at[(offsetof(kgl_fully_connected_options, folded_bias) == 24) ? 1 : -1];

typedef struct {
    int32_t stride_h;
    int32_t stride_w;
    int32_t filter_h;
    int32_t filter_w;
    int32_t pad_top;
    int32_t pad_left;
    int32_t activation_min;
    int32_t activation_max;
} kgl_pool2d_options;
typedef char kgl_pool2d_options_fits[(sizeof(kgl_pool2d_options) <= 64) ? 1 : -1];
typedef char kgl_pool2d_options_stride_h_at[(offsetof(kgl_pool2d_options, stride_h) == 0) ? 1 : -1];
typedef char kgl_pool2d_options_stride_w_at[(offsetof(kgl_pool2d_options, stride_w) == 4) ? 1 : -1];
typedef char kgl_pool2d_options_filter_h_at[(offsetof(kgl_pool2d_options, filter_h) == 8) ? 1 : -1];
typedef char kgl_pool2d_options_filter_w_at[(offsetof(kgl_pool2d_options, filter_w) == 12) ? 1 : -1];
typedef char kgl_pool2d_options_pad_top_at[(offsetof(kgl_pool2d_options, pad_top) == 16) ? 1 : -1];
typedef char kgl_pool2d_options_pad_left_at[(offsetof(kgl_pool2d_options, pad_left) == 20) ? 1 : -1];
typedef char kgl_pool2d_options_activation_min_at[(offsetof(kgl_pool2d_options, activation_min) == 24) ? 1 : -1];
typedef char kgl_pool2d_options_activation_max_at[(offsetof(kgl_pool2d_options, activation_max) == 28) ? 1 : -1];

typedef struct {
    int32_t input1_offset;
    int32_t input2_offset;
    int32_t output_offset;
    int32_t left_shift;
    int32_t input1_multiplier;
    int32_t input1_shift;
    int32_t input2_multiplier;
    int32_t input2_shift;
    int32_t output_multiplier;
    int32_t output_shift;
    int32_t activation_min;
    int32_t activation_max;
} kgl_add_options;
typedef char kgl_add_options_fits[(sizeof(kgl_add_options) <= 64) ? 1 : -1];
typedef char kgl_add_options_input1_offset_at[(offsetof(kgl_add_options, input1_offset) == 0) ? 1 : -1];
typedef char kgl_add_options_input2_offset_at[(offsetof(kgl_add_options, input2_offset) == 4) ? 1 : -1];
typedef char kgl_add_options_output_offset_at[(offsetof(kgl_add_options, output_offset) == 8) ? 1 : -1];
typedef char kgl_add_options_left_shift_at[(offsetof(kgl_add_options, left_shift) == 12) ? 1 : -1];
typedef char kgl_add_options_input1_multiplier_at[(offsetof(kgl_add_options, input1_multiplier) == 16) ? 1 : -1];
typedef char kgl_add_options_input1_shift_at[(offsetof(kgl_add_options, input1_shift) == 20) ? 1 : -1];
typedef char kgl_add_options_input2_multiplier_at[(offsetof(kgl_add_options, input2_multiplier) == 24) ? 1 : -1];
typedef char kgl_add_options_input2_shift_at[(offsetof(kgl_add_options, input2_shift) == 28) ? 1 : -1];
typedef char kgl_add_options_output_multiplier_at[(offsetof(kgl_add_options, output_multiplier) == 32) ? 1 : -1];
typedef char kgl_add_options_output_shift_at[(offsetof(kgl_add_options, output_shift) == 36) ? 1 : -1];
typedef char kgl_add_options_activation_min_at[(offsetof(kgl_add_options, activation_min) == 40) ? 1 : -1];
typedef char kgl_add_options_activation_max_at[(offsetof(kgl_add_options, activation_max) == 44) ? 1 : -1];

typedef struct {
    int32_t input1_offset;
    int32_t input2_offset;
    int32_t output_offset;
    int32_t output_multiplier;
    int32_t output_shift;
    int32_t activation_min;
    int32_t activation_max;
} kgl_mul_options;
typedef char kgl_mul_options_fits[(sizeof(kgl_mul_options) <= 64) ? 1 : -1];
typedef char kgl_mul_options_input1_offset_at[(offsetof(kgl_mul_options, input1_offset) == 0) ? 1 : -1];
typedef char kgl_mul_options_input2_offset_at[(offsetof(kgl_mul_options, input2_offset) == 4) ? 1 : -1];
typedef char kgl_mul_options_output_offset_at[(offsetof(kgl_mul_options, output_offset) == 8) ? 1 : -1];
typedef char kgl_mul_options_output_multiplier_at[(offsetof(kgl_mul_options, output_multiplier) == 12) ? 1 : -1];
typedef char kgl_mul_options_output_shift_at[(offsetof(kgl_mul_options, output_shift) == 16) ? 1 : -1];
typedef char kgl_mul_options_activation_min_at[(offsetof(kgl_mul_options, activation_min) == 20) ? 1 : -1];
typedef char kgl_mul_options_activation_max_at[(offsetof(kgl_mul_options, activation_max) == 24) ? 1 : -1];

typedef struct {
    int32_t reserved;
} kgl_no_options;
typedef char kgl_no_options_fits[(sizeof(kgl_no_options) <= 64) ? 1 : -1];
typedef char kgl_no_options_reserved_at[(offsetof(kgl_no_options, reserved) == 0) ? 1 : -1];

typedef struct {
    int32_t input_multiplier;
    int32_t input_left_shift;
    int32_t diff_min;
} kgl_softmax_options;
typedef char kgl_softmax_options_fits[(sizeof(kgl_softmax_options) <= 64) ? 1 : -1];
typedef char kgl_softmax_options_input_multiplier_at[(offsetof(kgl_softmax_options, input_multiplier) == 0) ? 1 : -1];
typedef char kgl_softmax_options_input_left_shift_at[(offsetof(kgl_softmax_options, input_left_shift) == 4) ? 1 : -1];
typedef char kgl_softmax_options_diff_min_at[(offsetof(kgl_softmax_options, diff_min) == 8) ? 1 : -1];

typedef struct {
    int32_t input_zero_point;
    int32_t input_range_radius;
    int32_t input_multiplier;
    int32_t input_left_shift;
} kgl_logistic_options;
typedef char kgl_logistic_options_fits[(sizeof(kgl_logistic_options) <= 64) ? 1 : -1];
typedef char kgl_logistic_options_input_zero_point_at[(offsetof(kgl_logistic_options, input_zero_point) == 0) ? 1 : -1];
typedef char kgl_logistic_options_input_range_radius_at[(offsetof(kgl_logistic_options, input_range_radius) == 4) ? 1 : -1];
typedef char kgl_logistic_options_input_multiplier_at[(offsetof(kgl_logistic_options, input_multiplier) == 8) ? 1 : -1];
typedef char kgl_logistic_options_input_left_shift_at[(offsetof(kgl_logistic_options, input_left_shift) == 12) ? 1 : -1];

typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t output_multiplier;
    int32_t output_shift;
    int32_t activation_min;
    int32_t activation_max;
} kgl_relu_options;
typedef char kgl_relu_options_fits[(sizeof(kgl_relu_options) <= 64) ? 1 : -1];
typedef char kgl_relu_options_input_offset_at[(offsetof(kgl_relu_options, input_offset) == 0) ? 1 : -1];
typedef char kgl_relu_options_output_offset_at[(offsetof(kgl_relu_options, output_offset) == 4) ? 1 : -1];
typedef char kgl_relu_options_output_multiplier_at[(offsetof(kgl_relu_options, output_multiplier) == 8) ? 1 : -1];
typedef char kgl_relu_options_output_shift_at[(offsetof(kgl_relu_options, output_shift) == 12) ? 1 : -1];
typedef char kgl_relu_options_activation_min_at[(offsetof(kgl_relu_options, activation_min) == 16) ? 1 : -1];
typedef char kgl_relu_options_activation_max_at[(offsetof(kgl_relu_options, activation_max) == 20) ? 1 : -1];

typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t identity_multiplier;
    int32_t identity_shift;
    int32_t alpha_multiplier;
    int32_t alpha_shift;
} kgl_leaky_relu_options;
typedef char kgl_leaky_relu_options_fits[(sizeof(kgl_leaky_relu_options) <= 64) ? 1 : -1];
typedef char kgl_leaky_relu_options_input_offset_at[(offsetof(kgl_leaky_relu_options, input_offset) == 0) ? 1 : -1];
typedef char kgl_leaky_relu_options_output_offset_at[(offsetof(kgl_leaky_relu_options, output_offset) == 4) ? 1 : -1];
typedef char kgl_leaky_relu_options_identity_multiplier_at[(offsetof(kgl_leaky_relu_options, identity_multiplier) == 8) ? 1 : -1];
typedef char kgl_leaky_relu_options_identity_shift_at[(offsetof(kgl_leaky_relu_options, identity_shift) == 12) ? 1 : -1];
typedef char kgl_leaky_relu_options_alpha_multiplier_at[(offsetof(kgl_leaky_relu_options, alpha_multiplier) == 16) ? 1 : -1];
typedef char kgl_leaky_relu_options_alpha_shift_at[(offsetof(kgl_leaky_relu_options, alpha_shift) == 20) ? 1 : -1];

typedef struct {
    int32_t input_zero_point;
    int32_t output_zero_point;
    int32_t reluish_multiplier_fixedpoint_int16;
    int32_t reluish_multiplier_exponent;
    int32_t output_multiplier_fixedpoint_int16;
    int32_t output_multiplier_exponent;
} kgl_hard_swish_options;
typedef char kgl_hard_swish_options_fits[(sizeof(kgl_hard_swish_options) <= 64) ? 1 : -1];
typedef char kgl_hard_swish_options_input_zero_point_at[(offsetof(kgl_hard_swish_options, input_zero_point) == 0) ? 1 : -1];
typedef char kgl_hard_swish_options_output_zero_point_at[(offsetof(kgl_hard_swish_options, output_zero_point) == 4) ? 1 : -1];
typedef char kgl_hard_swish_options_reluish_multiplier_fixedpoint_int16_at[(offsetof(kgl_hard_swish_options, reluish_multiplier_fixedpoint_int16) == 8) ? 1 : -1];
typedef char kgl_hard_swish_options_reluish_multiplier_exponent_at[(offsetof(kgl_hard_swish_options, reluish_multiplier_exponent) == 12) ? 1 : -1];
typedef char kgl_hard_swish_options_output_multiplier_fixedpoint_int16_at[(offsetof(kgl_hard_swish_options, output_multiplier_fixedpoint_int16) == 16) ? 1 : -1];
typedef char kgl_hard_swish_options_output_multiplier_exponent_at[(offsetof(kgl_hard_swish_options, output_multiplier_exponent) == 20) ? 1 : -1];

typedef struct {
    int32_t before0;
    int32_t before1;
    int32_t before2;
    int32_t before3;
    int32_t before4;
    int32_t after0;
    int32_t after1;
    int32_t after2;
    int32_t after3;
    int32_t after4;
    int32_t pad_value;
} kgl_pad_options;
typedef char kgl_pad_options_fits[(sizeof(kgl_pad_options) <= 64) ? 1 : -1];
typedef char kgl_pad_options_before0_at[(offsetof(kgl_pad_options, before0) == 0) ? 1 : -1];
typedef char kgl_pad_options_before1_at[(offsetof(kgl_pad_options, before1) == 4) ? 1 : -1];
typedef char kgl_pad_options_before2_at[(offsetof(kgl_pad_options, before2) == 8) ? 1 : -1];
typedef char kgl_pad_options_before3_at[(offsetof(kgl_pad_options, before3) == 12) ? 1 : -1];
typedef char kgl_pad_options_before4_at[(offsetof(kgl_pad_options, before4) == 16) ? 1 : -1];
typedef char kgl_pad_options_after0_at[(offsetof(kgl_pad_options, after0) == 20) ? 1 : -1];
typedef char kgl_pad_options_after1_at[(offsetof(kgl_pad_options, after1) == 24) ? 1 : -1];
typedef char kgl_pad_options_after2_at[(offsetof(kgl_pad_options, after2) == 28) ? 1 : -1];
typedef char kgl_pad_options_after3_at[(offsetof(kgl_pad_options, after3) == 32) ? 1 : -1];
typedef char kgl_pad_options_after4_at[(offsetof(kgl_pad_options, after4) == 36) ? 1 : -1];
typedef char kgl_pad_options_pad_value_at[(offsetof(kgl_pad_options, pad_value) == 40) ? 1 : -1];

typedef struct {
    int32_t axis_mask;
    int32_t input_offset;
    int32_t output_offset;
    int32_t multiplier;
    int32_t shift;
} kgl_mean_options;
typedef char kgl_mean_options_fits[(sizeof(kgl_mean_options) <= 64) ? 1 : -1];
typedef char kgl_mean_options_axis_mask_at[(offsetof(kgl_mean_options, axis_mask) == 0) ? 1 : -1];
typedef char kgl_mean_options_input_offset_at[(offsetof(kgl_mean_options, input_offset) == 4) ? 1 : -1];
typedef char kgl_mean_options_output_offset_at[(offsetof(kgl_mean_options, output_offset) == 8) ? 1 : -1];
typedef char kgl_mean_options_multiplier_at[(offsetof(kgl_mean_options, multiplier) == 12) ? 1 : -1];
typedef char kgl_mean_options_shift_at[(offsetof(kgl_mean_options, shift) == 16) ? 1 : -1];

typedef struct {
    int32_t axis;
} kgl_concatenation_options;
typedef char kgl_concatenation_options_fits[(sizeof(kgl_concatenation_options) <= 64) ? 1 : -1];
typedef char kgl_concatenation_options_axis_at[(offsetof(kgl_concatenation_options, axis) == 0) ? 1 : -1];

typedef struct {
    int32_t output_zero_point;
    int32_t scale_bits;
    int32_t input_offset;
    int32_t multiplier;
    int32_t shift;
} kgl_quantize_options;
typedef char kgl_quantize_options_fits[(sizeof(kgl_quantize_options) <= 64) ? 1 : -1];
typedef char kgl_quantize_options_output_zero_point_at[(offsetof(kgl_quantize_options, output_zero_point) == 0) ? 1 : -1];
typedef char kgl_quantize_options_scale_bits_at[(offsetof(kgl_quantize_options, scale_bits) == 4) ? 1 : -1];
typedef char kgl_quantize_options_input_offset_at[(offsetof(kgl_quantize_options, input_offset) == 8) ? 1 : -1];
typedef char kgl_quantize_options_multiplier_at[(offsetof(kgl_quantize_options, multiplier) == 12) ? 1 : -1];
typedef char kgl_quantize_options_shift_at[(offsetof(kgl_quantize_options, shift) == 16) ? 1 : -1];

typedef struct {
    int32_t input_zero_point;
    int32_t scale_bits;
} kgl_dequantize_options;
typedef char kgl_dequantize_options_fits[(sizeof(kgl_dequantize_options) <= 64) ? 1 : -1];
typedef char kgl_dequantize_options_input_zero_point_at[(offsetof(kgl_dequantize_options, input_zero_point) == 0) ? 1 : -1];
typedef char kgl_dequantize_options_scale_bits_at[(offsetof(kgl_dequantize_options, scale_bits) == 4) ? 1 : -1];

typedef struct {
    int32_t axis_mask;
} kgl_reduce_max_options;
typedef char kgl_reduce_max_options_fits[(sizeof(kgl_reduce_max_options) <= 64) ? 1 : -1];
typedef char kgl_reduce_max_options_axis_mask_at[(offsetof(kgl_reduce_max_options, axis_mask) == 0) ? 1 : -1];

#endif /* KGL_FORMAT_H */
