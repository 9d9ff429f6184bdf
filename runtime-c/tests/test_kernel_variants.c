/*
 * test_kernel_variants.c: this build's fast kernels against their readable specifications
 * (kgl_variant_check.h), on the host. `make test` builds it once as is and the CI runs it
 * again with -DKGL_PORTABLE=1; Cortex-M builds run the same check under QEMU
 * (make -C targets TARGET=... variants).
 */
#define KGL_VC_INPUT_CAP 8192
#define KGL_VC_FILTER_CAP 16384
#define KGL_VC_OUTPUT_CAP 16384
#include "kgl_kernel_variant.h"
#include "kgl_test.h"
#include "kgl_variant_check.h"

#ifndef VARIANT_CASES
#define VARIANT_CASES 4000 /* per operator kind */
#endif

static kgl_variant_check check;

static void report(const char *kernel, uint32_t case_index) {
    printf("%s: case %u differs from the reference kernel\n", kernel, (unsigned)case_index);
}

int main(void) {
    printf("kernel variant: %s\n", KGL_KERNEL_VARIANT_NAME);
    CHECK_EQ(kgl_check_kernel_variants(&check, 0x2545F491u, VARIANT_CASES, report), 0);
    return KGL_TEST_END();
}
