/* PAD (and PADV2), int8, as TFLite's reference_ops::PadImpl: the shape left-padded with 1s to
   5-D; every output element inside the padding gets the pad value, the others take the
   input's elements in order. Twin of PadS8.swift. */
#include <string.h>

#include "../kgl_kernels.h"

/* Reads the input, writes every output element. */
void kgl_pad_s8(const kgl_pad_s8_params *restrict p) {
    const int8_t *x = p->input;
    int8_t *y = p->output;
    const int8_t pad = p->pad_value;
    const uint32_t *dims = p->output_dims;
    const uint32_t *before = p->before;
    const uint32_t *after = p->after;
    /* The innermost axis is written as runs: before, the input row, after. */
    const uint32_t depth_before = before[4];
    const uint32_t depth_after = after[4];
    const uint32_t row = dims[4] - depth_before - depth_after;
    for (uint32_t i0 = 0; i0 < dims[0]; i0++) {
        const int pad0 = i0 < before[0] || i0 >= dims[0] - after[0];
        for (uint32_t i1 = 0; i1 < dims[1]; i1++) {
            const int pad1 = pad0 || i1 < before[1] || i1 >= dims[1] - after[1];
            for (uint32_t i2 = 0; i2 < dims[2]; i2++) {
                const int pad2 = pad1 || i2 < before[2] || i2 >= dims[2] - after[2];
                for (uint32_t i3 = 0; i3 < dims[3]; i3++) {
                    if (pad2 || i3 < before[3] || i3 >= dims[3] - after[3]) {
                        memset(y, pad, dims[4]);
                        y += dims[4];
                        continue;
                    }
                    memset(y, pad, depth_before);
                    y += depth_before;
                    memcpy(y, x, row);
                    y += row;
                    x += row;
                    memset(y, pad, depth_after);
                    y += depth_after;
                }
            }
        }
    }
}
