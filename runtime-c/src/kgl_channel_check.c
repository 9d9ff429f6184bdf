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

kgl_status kgl_check_conv_window(const kgl_tensor_record *output, const kgl_tensor_record *filter,
                                 int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                                 int32_t dilation_w, int32_t pad_top, int32_t pad_left) {
    if (!kgl_check_window_axis(output->dims[1], stride_h, dilation_h, pad_top, filter->dims[1]) ||
        !kgl_check_window_axis(output->dims[2], stride_w, dilation_w, pad_left, filter->dims[2])) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}
