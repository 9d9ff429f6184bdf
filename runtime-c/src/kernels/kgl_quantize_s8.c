/*
 * QUANTIZE to int8, as TFLite Micro's quantize kernel:
 *   from float32: q = clamp(round(x / scale) + output_zero_point), the division in float32,
 *     x first normalized when the input has an input normalization (format 1.3),
 *     and rounding half away from zero (reference_ops::AffineQuantize, kgl_affine_quantize.h).
 *     Only with KGL_ENABLE_FLOAT; otherwise the check refuses it.
 *   from int8: q = clamp(MBQM(x - input_offset, multiplier, shift) + output_zero_point), the
 *     multiplier being input scale / output scale in double (reference_ops::Requantize).
 * Twin of QuantizeS8.swift. QUANTIZE to or from int16 is kgl_quantize_s16.c.
 */
#include "../kgl_affine_quantize.h"
#include "../kgl_internal.h"
#include "../kgl_requantize.h"

#if KGL_ENABLE_FLOAT
/* 1 when the float32 bits are a positive finite number (no float arithmetic). */
static int kgl_positive_finite_bits(int32_t bits) {
    return bits > 0 && bits < 0x7F800000;
}
#endif

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when the output is int8 of the input's shape and either the input is
 * float32 with a positive finite scale_bits, or the input is int8 with an int8
 * input_offset, a multiplier >= 0 and a shift in [-31, 30]; the output zero point must be an
 * int8 value. KGL_ERROR_UNSUPPORTED_OPERATOR for a float32 input when KGL_ENABLE_FLOAT is 0;
 * KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_quantize_s8_check(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(output, KGL_TYPE_INT8, 0) != KGL_OK || !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_quantize_options *o = KGL_OPTIONS(kgl_quantize_options, op);
    if (o->output_zero_point < INT8_MIN || o->output_zero_point > INT8_MAX) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    if (input->type == KGL_TYPE_FLOAT32) {
#if KGL_ENABLE_FLOAT
        return kgl_positive_finite_bits(o->scale_bits) ? KGL_OK : KGL_ERROR_BAD_OPTIONS;
#else
        return KGL_ERROR_UNSUPPORTED_OPERATOR;
#endif
    }
    if (input->type != KGL_TYPE_INT8) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    if (o->input_offset < INT8_MIN || o->input_offset > INT8_MAX || o->multiplier < 0 ||
        o->shift < -31 || o->shift > 30) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

#if KGL_ENABLE_FLOAT
static void kgl_quantize_from_f32(const float *in, int8_t *out, uint32_t count,
                                  const kgl_quantize_options *o, const float *normalization,
                                  uint32_t channels) {
    union {
        int32_t bits;
        float value;
    } scale;
    scale.bits = o->scale_bits;
    for (uint32_t i = 0; i < count; i++) {
        const float x = kgl_normalize(in[i], normalization, channels, i);
        out[i] = (int8_t)kgl_affine_quantize(x, scale.value, o->output_zero_point, INT8_MIN,
                                             INT8_MAX);
    }
}
#endif

/* Reads the input, writes the output, element by element. */
void kgl_quantize_s8(const kgl_model *m, const kgl_operator_record *op) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_quantize_options *o = KGL_OPTIONS(kgl_quantize_options, op);
    int8_t *out = (int8_t *)kgl_tensor_mutable_data(m, output);
    const uint32_t count = kgl_element_count(input);
#if KGL_ENABLE_FLOAT
    if (input->type == KGL_TYPE_FLOAT32) {
        kgl_quantize_from_f32((const float *)kgl_tensor_data(m, input), out, count, o,
                              kgl_tensor_normalization(m, input), input->normalization_channels);
        return;
    }
#endif
    const int8_t *in = (const int8_t *)kgl_tensor_data(m, input);
    for (uint32_t i = 0; i < count; i++) {
        int64_t q = (int64_t)kgl_multiply_by_quantized_multiplier(
                        (int32_t)in[i] - o->input_offset, o->multiplier, o->shift) +
                    o->output_zero_point;
        q = q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
        out[i] = (int8_t)q;
    }
}
