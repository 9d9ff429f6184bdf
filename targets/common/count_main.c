/*
 * count_main.c: the firmware of `make count`, which measures how many instructions each
 * operator of one model executes (QEMU with tools/insncount, README.md "Instruction counts").
 *
 * It binds the model array written by `kinglet emit-c` to a static arena, fills every model
 * input with a fixed pattern, then runs the operators one by one, each between the two
 * marker functions whose addresses the plugin is given:
 *   region 0         kgl_count_begin(); kgl_count_end()  (nothing: the markers' own cost)
 *   region 1 + i     kgl_count_begin(); kgl_model_invoke_operator(model, i); kgl_count_end()
 * and prints "kinglet-count: op I KIND" per operator (KIND = the record's KGL_OP_* code) on
 * the console (stderr of QEMU), outside the regions, then "kinglet-count: variant NAME" (the
 * kernel variant compiled, kgl_kernel_variant.h).
 *
 * Input pattern (the same on every run and target): int8/int16/int32 inputs get byte j =
 * (j * 73 + 41) mod 256, which spreads the values over the whole range; float32 inputs
 * get zeros (an arbitrary byte pattern could be NaN). Counts of dense kernels hardly depend
 * on the values, but a fixed pattern makes them exactly repeatable.
 *
 * The Makefile passes the model in:
 *   KGL_COUNT_HEADER       the header emit-c wrote, e.g. "kws_model.h"
 *   KGL_COUNT_MODEL        its array, e.g. kws_model
 *   KGL_COUNT_MODEL_BYTES  e.g. KWS_MODEL_BYTES
 *   KGL_COUNT_ARENA_BYTES  e.g. KWS_ARENA_BYTES
 *
 * Exit status: 0 success; 1-13 a runtime call returned that kgl_status negated, after a
 * line on stderr. (99 is the Cortex-M fault handler's.)
 */
#include <stddef.h>
#include <stdint.h>

#include "harness_io.h"
#include "kgl_kernel_variant.h"
#include "kinglet.h"

#if !defined(KGL_COUNT_HEADER) || !defined(KGL_COUNT_MODEL) || \
    !defined(KGL_COUNT_MODEL_BYTES) || !defined(KGL_COUNT_ARENA_BYTES)
#error "define KGL_COUNT_HEADER, KGL_COUNT_MODEL, KGL_COUNT_MODEL_BYTES, KGL_COUNT_ARENA_BYTES"
#endif

#include KGL_COUNT_HEADER

static uint8_t kgl_count_arena[KGL_COUNT_ARENA_BYTES] __attribute__((aligned(16)));
static kgl_model kgl_count_instance;

/* Written by the markers so that their bodies do something and differ: identical bodies
   could be merged by GCC (-fipa-icf), and the plugin would see one address. */
volatile uint32_t kgl_count_last_begin;
volatile uint32_t kgl_count_last_end;

/* Region markers: the plugin starts a region when kgl_count_begin's first instruction
   runs and ends it at kgl_count_end's. Never inlined, so each has one address. */
__attribute__((noinline, used)) void kgl_count_begin(uint32_t id) {
    kgl_count_last_begin = id;
}

/* The end marker (see kgl_count_begin). */
__attribute__((noinline, used)) void kgl_count_end(uint32_t id) {
    kgl_count_last_end = id + 1u;
}

/* Prints "kinglet-count: WHAT returned -N" and gives N, the exit status. */
static int fail(const char *what, kgl_status status) {
    hio_print("kinglet-count: ");
    hio_print(what);
    hio_print(" returned -");
    hio_print_u32((uint32_t)-(int32_t)status);
    hio_print("\n");
    return -(int)status;
}

/* Writes the documented pattern into every model input. Returns KGL_OK or the error. */
static kgl_status fill_inputs(const kgl_model *model) {
    const uint32_t inputs = kgl_model_input_count(model);
    uint32_t i;
    for (i = 0; i < inputs; i++) {
        kgl_tensor tensor;
        uint8_t *bytes;
        uint32_t j;
        const kgl_status status = kgl_model_input(model, i, &tensor);
        if (status != KGL_OK) {
            return status;
        }
        bytes = tensor.data;
        for (j = 0; j < tensor.bytes; j++) {
            bytes[j] = tensor.type == KGL_TYPE_FLOAT32 ? 0u : (uint8_t)(j * 73u + 41u);
        }
    }
    return KGL_OK;
}

/* Initializes the model, fills its inputs and runs each operator inside its own region.
   Returns 0, or the failing call's kgl_status negated (1-13), after a line on stderr. */
int main(void) {
    uint32_t count;
    uint32_t i;
    kgl_status status = kgl_model_init(&kgl_count_instance, KGL_COUNT_MODEL,
                                       KGL_COUNT_MODEL_BYTES, kgl_count_arena,
                                       sizeof kgl_count_arena);
    if (status != KGL_OK) {
        return fail("kgl_model_init", status);
    }
    status = fill_inputs(&kgl_count_instance);
    if (status != KGL_OK) {
        return fail("kgl_model_input", status);
    }
    /* Region 0: the markers alone, subtracted from every operator by `make count`. */
    kgl_count_begin(0u);
    kgl_count_end(0u);
    count = kgl_model_operator_count(&kgl_count_instance);
    for (i = 0; i < count; i++) {
        kgl_count_begin(i + 1u);
        status = kgl_model_invoke_operator(&kgl_count_instance, i);
        kgl_count_end(i + 1u);
        if (status != KGL_OK) {
            return fail("kgl_model_invoke_operator", status);
        }
        /* The kind from the operator record (kgl_model's fields are public, read-only). */
        hio_print("kinglet-count: op ");
        hio_print_u32(i);
        hio_print(" ");
        hio_print_u32(kgl_count_instance.operators[i].kind);
        hio_print("\n");
    }
    hio_print("kinglet-count: variant " KGL_KERNEL_VARIANT_NAME "\n");
    return 0;
}
