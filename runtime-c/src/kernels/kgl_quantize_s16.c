/*
 * QUANTIZE with int16 on either side, as TFLite Micro's quantize kernel:
 *   float32 -> int16: q = clamp(round(x / scale) + output_zero_point) to int16, the division
 *     in float32, rounding half away from zero (reference_ops::AffineQuantize,
 *     kgl_affine_quantize.h), x first normalized when the input has an input normalization. Only with KGL_ENABLE_FLOAT; otherwise the check refuses it.
 *   int8 -> int16, int16 -> int8, int16 -> int16: reference_ops::Requantize,
 *     q = clamp(MBQM(x - input_offset, multiplier, shift) + output_zero_point) to the output
 *     type, the multiplier being input scale / output scale in double, MBQM the int32
 *     double-rounding kgl_multiply_by_quantized_multiplier.
 * The option slots are kgl_quantize_s8.c's (input_offset holds the input zero point).
 * Twin of QuantizeS16.swift.
 */
#include "../kgl_affine_quantize.h"
#include "../kgl_internal.h"
#include "../kgl_requantize.h"

/* 1 when v is a zero point of the element type (int8 or int16). */
static int kgl_zero_point_fits(uint32_t type, int32_t v) {
    return type == KGL_TYPE_INT8 ? v >= INT8_MIN && v <= INT8_MAX
                                 : v >= INT16_MIN && v <= INT16_MAX;
}

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when input and output have the same shape, the output is int8 or int16,
 * one of the two is int16, the output zero point fits the output type, and either the
 * input is float32 (output int16) with a positive finite scale_bits, or the input is int8
 * or int16 with an input_offset that fits its type, a multiplier >= 0 and a shift in
 * [-31, 30]. KGL_ERROR_UNSUPPORTED_OPERATOR for a float32 input when KGL_ENABLE_FLOAT is 0;
 * KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_quantize_s16_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const int in_ok = input->type == KGL_TYPE_FLOAT32 || input->type == KGL_TYPE_INT8 ||
                      input->type == KGL_TYPE_INT16;
    const int out_ok = output->type == KGL_TYPE_INT8 || output->type == KGL_TYPE_INT16;
    if (!in_ok || !out_ok ||
        (input->type != KGL_TYPE_INT16 && output->type != KGL_TYPE_INT16) ||
        !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_quantize_options *o = KGL_OPTIONS(kgl_quantize_options, op);
    if (!kgl_zero_point_fits(output->type, o->output_zero_point)) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    if (input->type == KGL_TYPE_FLOAT32) {
#if KGL_ENABLE_FLOAT
        return o->scale_bits > 0 && o->scale_bits < 0x7F800000 ? KGL_OK : KGL_ERROR_BAD_OPTIONS;
#else
        return KGL_ERROR_UNSUPPORTED_OPERATOR;
#endif
    }
    if (!kgl_zero_point_fits(input->type, o->input_offset) || o->multiplier < 0 ||
        o->shift < -31 || o->shift > 30) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

/* Reads the input, writes the output, element by element. */
void kgl_quantize_s16(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_quantize_options *o = KGL_OPTIONS(kgl_quantize_options, op);
    const uint32_t count = kgl_element_count(input);
    const int to_int16 = output->type == KGL_TYPE_INT16;
    const int32_t qmin = to_int16 ? INT16_MIN : INT8_MIN;
    const int32_t qmax = to_int16 ? INT16_MAX : INT8_MAX;
    void *out = kgl_tensor_mutable_data(m, output);
#if KGL_ENABLE_FLOAT
    if (input->type == KGL_TYPE_FLOAT32) {
        union {
            int32_t bits;
            float value;
        } scale;
        scale.bits = o->scale_bits;
        const float *in = (const float *)kgl_tensor_data(m, input);
        const float *normalization = kgl_tensor_normalization(m, input);
        for (uint32_t i = 0; i < count; i++) {
            const float x = kgl_normalize(in[i], normalization, input->normalization_channels, i);
            ((int16_t *)out)[i] = (int16_t)kgl_affine_quantize(x, scale.value,
                                                               o->output_zero_point, qmin, qmax);
        }
        return;
    }
#endif
    const void *in = kgl_tensor_data(m, input);
    const int from_int16 = input->type == KGL_TYPE_INT16;
    for (uint32_t i = 0; i < count; i++) {
        const int32_t x = from_int16 ? (int32_t)((const int16_t *)in)[i]
                                     : (int32_t)((const int8_t *)in)[i];
        /* |x - input_offset| <= 65535 and |MBQM| < 2^31, so the int64 sum is exact. */
        int64_t q = (int64_t)kgl_multiply_by_quantized_multiplier(x - o->input_offset,
                                                                  o->multiplier, o->shift) +
                    o->output_zero_point;
        q = q < qmin ? qmin : q > qmax ? qmax : q;
        if (to_int16) {
            ((int16_t *)out)[i] = (int16_t)q;
        } else {
            ((int8_t *)out)[i] = (int8_t)q;
        }
    }
}
