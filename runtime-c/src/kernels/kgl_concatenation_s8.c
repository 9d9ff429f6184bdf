/* CONCATENATION, as TFLite's reference_ops::Concatenation: for each index of the axes before
   `axis`, each input's block along `axis` and after it is copied in turn. Here one call
   copies one input's blocks into their places (as CMSIS-NN's arm_concatenation_s8_*); the
   operator calls it for every input. Bytes are copied unchanged (the compiler guarantees
   equal quantization), so any element type works. Twin of ConcatenationS8.swift. */
#include <string.h>

#include "../kgl_kernels.h"

/* Reads the input's outer * block bytes, writes its blocks of the output. */
void kgl_concatenation_s8(const kgl_concatenation_s8_params *restrict p) {
    const uint8_t *x = p->input;
    uint8_t *y = p->output;
    for (uint32_t k = 0; k < p->outer; k++) {
        memcpy(y, x, p->block);
        x += p->block;
        y += p->output_stride;
    }
}
