/*
 * bench_main.c: the program of `make bench` (hosted targets), which times whole inferences
 * of one model: kgl_model_invoke on the emit-c model array, with a static arena and the
 * runtime built with only the model's kernels, as a firmware would have them.
 *
 * Inputs are filled once with count_main.c's pattern (int8/int16/int32 byte j =
 * (j * 73 + 41) mod 256, float32 zeros). argv[1] inferences run untimed first (warm-up:
 * caches, branch predictors), then argv[2] are timed one by one with CLOCK_MONOTONIC.
 * stdout: "variant NAME" (the kernel variant compiled, kgl_kernel_variant.h), then
 * "run I NANOSECONDS" per timed inference. Exit status 0, or 1 after a line on stderr.
 *
 * The Makefile passes the model in: KGL_BENCH_HEADER ("kws_model.h"), KGL_BENCH_MODEL
 * (kws_model), KGL_BENCH_MODEL_BYTES (KWS_MODEL_BYTES), KGL_BENCH_ARENA_BYTES
 * (KWS_ARENA_BYTES).
 */
#define _POSIX_C_SOURCE 199309L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kgl_kernel_variant.h"
#include "kinglet.h"

#if !defined(KGL_BENCH_HEADER) || !defined(KGL_BENCH_MODEL) || \
    !defined(KGL_BENCH_MODEL_BYTES) || !defined(KGL_BENCH_ARENA_BYTES)
#error "define KGL_BENCH_HEADER, KGL_BENCH_MODEL, KGL_BENCH_MODEL_BYTES, KGL_BENCH_ARENA_BYTES"
#endif

#include KGL_BENCH_HEADER

static uint8_t arena[KGL_BENCH_ARENA_BYTES] __attribute__((aligned(16)));
static kgl_model model;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* A count from argv, or the default when absent; -1 when malformed. */
static long count_argument(int argc, char **argv, int index, long fallback) {
    if (argc <= index) {
        return fallback;
    }
    char *end = NULL;
    const long value = strtol(argv[index], &end, 10);
    return end != argv[index] && *end == '\0' && value >= 0 && value <= 1000000 ? value : -1;
}

int main(int argc, char **argv) {
    const long warmup = count_argument(argc, argv, 1, 5);
    const long runs = count_argument(argc, argv, 2, 50);
    if (warmup < 0 || runs < 1) {
        fprintf(stderr, "kinglet-bench: usage: kinglet-bench [WARMUP [RUNS]] (counts >= 0, >= 1)\n");
        return 1;
    }
    kgl_status status = kgl_model_init(&model, KGL_BENCH_MODEL, KGL_BENCH_MODEL_BYTES, arena,
                                       sizeof arena);
    if (status != KGL_OK) {
        fprintf(stderr, "kinglet-bench: kgl_model_init: %s\n", kgl_status_str(status));
        return 1;
    }
    for (uint32_t i = 0; i < kgl_model_input_count(&model); i++) {
        kgl_tensor input;
        if (kgl_model_input(&model, i, &input) != KGL_OK) {
            fprintf(stderr, "kinglet-bench: kgl_model_input %u failed\n", (unsigned)i);
            return 1;
        }
        uint8_t *bytes = (uint8_t *)input.data;
        for (size_t j = 0; j < input.bytes; j++) {
            bytes[j] = input.type == KGL_TYPE_FLOAT32 ? 0u : (uint8_t)((j * 73u + 41u) % 256u);
        }
    }
    printf("variant %s\n", KGL_KERNEL_VARIANT_NAME);
    for (long i = 0; i < warmup + runs; i++) {
        const long long start = now_ns();
        status = kgl_model_invoke(&model);
        const long long end = now_ns();
        if (status != KGL_OK) {
            fprintf(stderr, "kinglet-bench: kgl_model_invoke: %s\n", kgl_status_str(status));
            return 1;
        }
        if (i >= warmup) {
            printf("run %ld %lld\n", i - warmup, end - start);
        }
    }
    return 0;
}
