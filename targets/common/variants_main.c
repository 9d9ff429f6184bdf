/*
 * variants_main.c: the firmware of `make variants`, which runs runtime-c's kernel variant
 * check (tests/kgl_variant_check.h: the fast kernels against their readable specifications
 * on random geometries) on one core, built with that core's flags, so that each variant
 * (Arm DSP on M4/M7/M33/M55, portable elsewhere or with EXTRA_CFLAGS=-DKGL_PORTABLE=1) is
 * compared where it runs.
 *
 * Prints "kinglet-variants: VARIANT, N cases per kernel, F mismatching" and exits 0 when
 * F is 0, 1 otherwise (99 is the Cortex-M fault handler's).
 */
#include <stddef.h>
#include <stdint.h>

#include "harness_io.h"
#include "kgl_kernel_variant.h"
#include "kgl_variant_check.h"

#ifndef KGL_VARIANT_CASES
#define KGL_VARIANT_CASES 1500
#endif

static kgl_variant_check check;

static void report(const char *kernel, uint32_t case_index) {
    hio_print("kinglet-variants: ");
    hio_print(kernel);
    hio_print(" case ");
    hio_print_u32(case_index);
    hio_print(" differs from the reference kernel\n");
}

int main(void) {
    const uint32_t failures =
        kgl_check_kernel_variants(&check, 0x2545F491u, KGL_VARIANT_CASES, report);
    hio_print("kinglet-variants: " KGL_KERNEL_VARIANT_NAME ", ");
    hio_print_u32(KGL_VARIANT_CASES);
    hio_print(" cases per kernel, ");
    hio_print_u32(failures);
    hio_print(" mismatching\n");
    return failures == 0u ? 0 : 1;
}
