/*
 * DEQUANTIZE: the operator record's check at load and its decode into the kernel's
 * parameters at invoke, from int8 (kernels/kgl_dequantize_s8.c) and from int16
 * (kernels/kgl_dequantize_s16.c) to float32. Only with KGL_ENABLE_FLOAT: without it the
 * checks refuse the operator. Swift twins: DequantizeS8.check and DequantizeS16.check.
 * Options: kgl_dequantize_options.
 */
#include "../kgl_internal.h"

#if KGL_ENABLE_FLOAT
/* The checks both precisions share, given the input type and its zero-point range. */
static kgl_status kgl_dequantize_check(const kgl_model *m, const kgl_operator_record *op,
                                       uint32_t input_type, int32_t zero_min, int32_t zero_max) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (kgl_check_tensor(input, input_type, 0) != KGL_OK ||
        kgl_check_tensor(output, KGL_TYPE_FLOAT32, 0) != KGL_OK ||
        !kgl_same_shape(input, output)) {
        return KGL_ERROR_BAD_OPERATOR;
    }
    const kgl_dequantize_options *o = KGL_OPTIONS(kgl_dequantize_options, op);
    if (o->input_zero_point < zero_min || o->input_zero_point > zero_max ||
        o->scale_bits <= 0 || o->scale_bits >= 0x7F800000) {
        return KGL_ERROR_BAD_OPTIONS;
    }
    return KGL_OK;
}

static void kgl_dequantize_s8_params_from(const kgl_model *m, const kgl_operator_record *op,
                                          kgl_dequantize_s8_params *p) {
    const kgl_dequantize_options *o = KGL_OPTIONS(kgl_dequantize_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    p->count = kgl_element_count(input);
    p->input_zero_point = o->input_zero_point;
    memcpy(&p->scale, &o->scale_bits, sizeof p->scale);
    p->input = (const int8_t *)kgl_tensor_data(m, input);
    p->output = (float *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}

static void kgl_dequantize_s16_params_from(const kgl_model *m, const kgl_operator_record *op,
                                           kgl_dequantize_s16_params *p) {
    const kgl_dequantize_options *o = KGL_OPTIONS(kgl_dequantize_options, op);
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    p->count = kgl_element_count(input);
    p->input_zero_point = o->input_zero_point;
    memcpy(&p->scale, &o->scale_bits, sizeof p->scale);
    p->input = (const int16_t *)kgl_tensor_data(m, input);
    p->output = (float *)kgl_tensor_mutable_data(m, kgl_op_output(m, op, 0));
}
#endif

/*
 * Reads: the operator's tensor records and options.
 * Returns KGL_OK when the input is int8, the output float32 of the same shape, the zero
 * point an int8 value and scale_bits a positive finite float32; KGL_ERROR_UNSUPPORTED_OPERATOR
 * when KGL_ENABLE_FLOAT is 0; KGL_ERROR_BAD_OPERATOR / _BAD_OPTIONS otherwise.
 */
kgl_status kgl_dequantize_s8_check(const kgl_model *m, const kgl_operator_record *op) {
#if KGL_ENABLE_FLOAT
    return kgl_dequantize_check(m, op, KGL_TYPE_INT8, INT8_MIN, INT8_MAX);
#else
    (void)m;
    (void)op;
    return KGL_ERROR_UNSUPPORTED_OPERATOR;
#endif
}

void kgl_dequantize_s8_run(const kgl_model *m, const kgl_operator_record *op) {
#if KGL_ENABLE_FLOAT
    kgl_dequantize_s8_params p;
    kgl_dequantize_s8_params_from(m, op, &p);
    kgl_dequantize_s8(&p);
#else
    (void)m;
    (void)op;
#endif
}

/* As kgl_dequantize_s8_check for an int16 input with an int16 zero point. */
kgl_status kgl_dequantize_s16_check(const kgl_model *m, const kgl_operator_record *op) {
#if KGL_ENABLE_FLOAT
    return kgl_dequantize_check(m, op, KGL_TYPE_INT16, INT16_MIN, INT16_MAX);
#else
    (void)m;
    (void)op;
    return KGL_ERROR_UNSUPPORTED_OPERATOR;
#endif
}

void kgl_dequantize_s16_run(const kgl_model *m, const kgl_operator_record *op) {
#if KGL_ENABLE_FLOAT
    kgl_dequantize_s16_params p;
    kgl_dequantize_s16_params_from(m, op, &p);
    kgl_dequantize_s16(&p);
#else
    (void)m;
    (void)op;
#endif
}
