/*
 * QUANTIZE: the operator record's check at load and its decode into the kernel's parameters
 * at invoke, to int8 from int8 or float32 (kernels/kgl_quantize_s8.c) and with int16 on
 * either side (kernels/kgl_quantize_s16.c). Swift twins: QuantizeS8.check and
 * QuantizeS16.check. Options: kgl_quantize_options (input_offset holds the input zero point).
 */
#include "../kgl_internal.h"

#if KGL_ENABLE_FLOAT
/* 1 when the float32 bits are a positive finite number (no float arithmetic). */
static int kgl_positive_finite_bits(int32_t bits) {
    return bits > 0 && bits < 0x7F800000;
}

/* The float32 whose bits are `bits`. */
static float kgl_f32_from_bits(int32_t bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
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

static void kgl_quantize_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                        kgl_quantize_s8_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_quantize_options *o = KGL_OPTIONS(kgl_quantize_options, op);
    p->count = kgl_element_count(input);
    p->input_type = input->type;
    p->input = kgl_tensor_data(m, input);
    p->output = (int8_t *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
    p->output_zero_point = o->output_zero_point;
    p->input_offset = o->input_offset;
    p->multiplier = o->multiplier;
    p->shift = o->shift;
#if KGL_ENABLE_FLOAT
    p->scale = kgl_f32_from_bits(o->scale_bits);
    p->normalization = kgl_tensor_normalization(m, input);
    p->normalization_channels = input->normalization_channels;
#else
    p->normalization = NULL; /* scale stays unset: a float32 input was refused at load */
    p->normalization_channels = 0;
#endif
}

void kgl_quantize_s8_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_quantize_s8_params p;
    kgl_quantize_s8_params_from(m, op, &p);
    kgl_quantize_s8(&p);
}

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
        return kgl_positive_finite_bits(o->scale_bits) ? KGL_OK : KGL_ERROR_BAD_OPTIONS;
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

static void kgl_quantize_s16_params_from(const kgl_model *m, const kgl_operator_record *op,
                                         kgl_quantize_s16_params *p) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    const kgl_quantize_options *o = KGL_OPTIONS(kgl_quantize_options, op);
    p->count = kgl_element_count(input);
    p->input_type = input->type;
    p->output_type = output->type;
    p->input = kgl_tensor_data(m, input);
    p->output = kgl_tensor_mutable_data(m, output);
    p->output_zero_point = o->output_zero_point;
    p->input_offset = o->input_offset;
    p->multiplier = o->multiplier;
    p->shift = o->shift;
#if KGL_ENABLE_FLOAT
    p->scale = kgl_f32_from_bits(o->scale_bits);
    p->normalization = kgl_tensor_normalization(m, input);
    p->normalization_channels = input->normalization_channels;
#else
    p->normalization = NULL; /* scale stays unset: a float32 input was refused at load */
    p->normalization_channels = 0;
#endif
}

void kgl_quantize_s16_run(const kgl_model *m, const kgl_operator_record *op) {
    kgl_quantize_s16_params p;
    kgl_quantize_s16_params_from(m, op, &p);
    kgl_quantize_s16(&p);
}
