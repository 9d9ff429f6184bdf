/*
 * kgl_channel_check.c: load-time checks shared by the checks of the per-channel operators
 * (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, int8 and 16x8; operators/). Swift twin:
 * Sources/KingletInterpreter/Kernels/ChannelCheck.swift.
 */
#include "kgl_internal.h"

int kgl_check_window_axis(uint32_t out, int32_t stride, int32_t dilation, int32_t pad,
                          uint32_t filter) {
    if (stride < 1 || dilation < 1 || pad < 0) {
        return 0;
    }
    return (uint64_t)(out - 1u) * (uint64_t)stride + (uint64_t)(filter - 1u) * (uint64_t)dilation
           <= (uint64_t)INT32_MAX;
}

/* The multiplier and shift arrays: inside the data section, multipliers >= 0, shifts in
   [-31, max_shift]. */
static kgl_status kgl_check_multiplier_arrays(const kgl_model *m, int32_t multipliers,
                                              int32_t shifts, uint32_t count,
                                              int32_t max_shift) {
    if (kgl_check_i32_array(m, multipliers, count) != KGL_OK ||
        kgl_check_i32_array(m, shifts, count) != KGL_OK) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    const int32_t *mult = kgl_data_i32(m, multipliers);
    const int32_t *shift = kgl_data_i32(m, shifts);
    for (uint32_t c = 0; c < count; c++) {
        if (mult[c] < 0 || shift[c] < -31 || shift[c] > max_shift) {
            return KGL_ERROR_BAD_OPTIONS;
        }
    }
    return KGL_OK;
}

kgl_status kgl_check_channel_requantization(const kgl_model *m, int32_t input_offset,
                                            int32_t output_offset, int32_t act_min,
                                            int32_t act_max, int32_t multipliers,
                                            int32_t shifts, uint32_t count) {
    if (input_offset < -127 || input_offset > 128 || output_offset < -128 ||
        output_offset > 127 || act_min < -128 || act_max > 127 || act_min > act_max) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return kgl_check_multiplier_arrays(m, multipliers, shifts, count, 30);
}

kgl_status kgl_check_channel_requantization_s16(const kgl_model *m, int32_t input_offset,
                                                int32_t output_offset, int32_t act_min,
                                                int32_t act_max, int32_t multipliers,
                                                int32_t shifts, uint32_t count) {
    if (input_offset != 0 || output_offset != 0 || act_min < INT16_MIN ||
        act_max > INT16_MAX || act_min > act_max) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return kgl_check_multiplier_arrays(m, multipliers, shifts, count, 14);
}

kgl_status kgl_check_channel_requantization_of(const kgl_model *m, uint32_t activation_type,
                                               int32_t input_offset, int32_t output_offset,
                                               int32_t act_min, int32_t act_max,
                                               int32_t multipliers, int32_t shifts,
                                               uint32_t count) {
    /* Without 16x8 kernels (kgl_config.h) no int16 operator reaches this check. */
    return activation_type == KGL_TYPE_INT16 && KGL_ENABLE_INT16
               ? kgl_check_channel_requantization_s16(m, input_offset, output_offset, act_min,
                                                      act_max, multipliers, shifts, count)
               : kgl_check_channel_requantization(m, input_offset, output_offset, act_min,
                                                  act_max, multipliers, shifts, count);
}

kgl_status kgl_check_folded_bias(const kgl_model *m, const kgl_operator_record *op,
                                 uint32_t activation_type, int32_t folded_bias,
                                 int32_t input_offset) {
    if (folded_bias == 0) { /* builds that need one do not run int8 operators without */
        return KGL_FOLDED_BIAS_REQUIRED && activation_type == KGL_TYPE_INT8
                   ? KGL_ERROR_UNSUPPORTED_OPERATOR
                   : KGL_OK;
    }
    if (activation_type != KGL_TYPE_INT8 || op->input_count < 3) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    const uint32_t axis = (uint32_t)kgl_filter_axis(op->kind);
    const kgl_tensor_record *filter = kgl_op_input(m, op, 1);
    const uint32_t channels = filter->dims[axis];
    if (kgl_check_i32_array(m, folded_bias, channels) != KGL_OK) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    /* Channel c's weights: for each index `outer` of the axes before the channel axis,
       the `inner` elements from (outer * channels + c) * inner. A sparse filter's rows run
       along the same axis: row c's values are channel c's nonzero weights, in order. */
    uint32_t inner = 1;
    for (uint32_t d = axis + 1u; d < filter->rank; d++) {
        inner *= filter->dims[d];
    }
    const uint32_t outers = filter->bytes / channels / inner; /* int8: bytes = elements */
    const kgl_filter_s8 f = kgl_filter_data(m, filter);
    const int32_t *folded = kgl_data_i32(m, folded_bias);
    const int32_t *bias = (const int32_t *)kgl_tensor_data(m, kgl_op_input(m, op, 2));
    const int8_t *v = f.values;
    for (uint32_t c = 0; c < channels; c++) {
        uint32_t sum = 0;
        if (KGL_ENABLE_SPARSE && f.bitmap != NULL) {
            for (uint32_t n = kgl_sparse_count(f.bitmap, c * outers * inner, outers * inner);
                 n != 0; n--) {
                sum += (uint32_t)(int32_t)*v++;
            }
        } else {
            for (uint32_t outer = 0; outer < outers; outer++) {
                const int8_t *w = f.values + ((size_t)outer * channels + c) * inner;
                for (uint32_t k = 0; k < inner; k++) {
                    sum += (uint32_t)(int32_t)w[k];
                }
            }
        }
        if ((uint32_t)folded[c] != (uint32_t)bias[c] + (uint32_t)input_offset * sum) {
            return KGL_ERROR_BAD_OPTIONS;
        }
    }
    return KGL_OK;
}

kgl_status kgl_check_conv_window(const kgl_tensor_record *output, const kgl_tensor_record *filter,
                                 int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                                 int32_t dilation_w, int32_t pad_top, int32_t pad_left) {
    if (!kgl_check_window_axis(output->dims[1], stride_h, dilation_h, pad_top, filter->dims[1]) ||
        !kgl_check_window_axis(output->dims[2], stride_w, dilation_w, pad_left, filter->dims[2])) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}
