/*
 * size_main.c: the smallest firmware that uses one model, built by `make model-size` to
 * measure what the runtime costs for that model. It binds the model array written by
 * `kinglet emit-c` to a static arena, runs it once (on the zeroed arena: the inputs are
 * all zero) and exits with 0, so the size report is known to describe a firmware that runs.
 *
 * The Makefile passes the model in (one source file for every model):
 *   KGL_SIZE_HEADER       the header emit-c wrote, e.g. "kws_model.h"
 *   KGL_SIZE_MODEL        its array, e.g. kws_model
 *   KGL_SIZE_MODEL_BYTES  e.g. KWS_MODEL_BYTES
 *   KGL_SIZE_ARENA_BYTES  e.g. KWS_ARENA_BYTES
 *
 * Exit status: 0 success; 1-13 kgl_model_init (or kgl_model_invoke) returned that
 * kgl_status negated, after one line on stderr. (99 is the Cortex-M fault handler's.)
 * Only kgl_model_init and kgl_model_invoke are called: kgl_status_str and the other
 * accessors would add their code and strings to the measured runtime.
 */
#include <stddef.h>
#include <stdint.h>

#include "harness_io.h"
#include "kinglet.h"

#if !defined(KGL_SIZE_HEADER) || !defined(KGL_SIZE_MODEL) || \
    !defined(KGL_SIZE_MODEL_BYTES) || !defined(KGL_SIZE_ARENA_BYTES)
#error "define KGL_SIZE_HEADER, KGL_SIZE_MODEL, KGL_SIZE_MODEL_BYTES, KGL_SIZE_ARENA_BYTES"
#endif

#include KGL_SIZE_HEADER

/* sizeof(kgl_model) on this target, for the report: `make model-size` reads this array's
   size from the object with nm. Nothing refers to it, so --gc-sections keeps it out of the
   firmware. */
const uint8_t kgl_size_state[sizeof(kgl_model)] = {0};

/* The runtime needs the arena 16-byte aligned (KGL_ALIGNMENT); emit-c aligns the model. */
static uint8_t kgl_size_arena[KGL_SIZE_ARENA_BYTES] __attribute__((aligned(16)));
static kgl_model kgl_size_instance;

/* Prints "kinglet-size: WHAT returned -N" without printf (none on bare metal). */
static void report_failure(const char *what, kgl_status status) {
    const int value = -(int)status; /* 1..13 */
    char number[4] = {'-', (char)('0' + value / 10), (char)('0' + value % 10), '\0'};
    if (value < 10) {
        number[1] = number[2];
        number[2] = '\0';
    }
    hio_print("kinglet-size: ");
    hio_print(what);
    hio_print(" returned ");
    hio_print(number);
    hio_print("\n");
}

/* Binds the model to the arena and runs it once. Returns 0, or the failing call's
   kgl_status negated (1-13), after a line on stderr. */
int main(void) {
    kgl_status status = kgl_model_init(&kgl_size_instance, KGL_SIZE_MODEL,
                                       KGL_SIZE_MODEL_BYTES, kgl_size_arena,
                                       sizeof kgl_size_arena);
    if (status != KGL_OK) {
        report_failure("kgl_model_init", status);
        return -(int)status;
    }
    status = kgl_model_invoke(&kgl_size_instance);
    if (status != KGL_OK) {
        report_failure("kgl_model_invoke", status);
        return -(int)status;
    }
    return 0;
}
