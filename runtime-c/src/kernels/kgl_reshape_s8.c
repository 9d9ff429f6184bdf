/* RESHAPE (also SQUEEZE): the bytes unchanged under a new shape. Twin of ReshapeS8.swift. */
#include <string.h>

#include "../kgl_kernels.h"

/* Copies the bytes, unless input and output are one buffer (a memory plan may reuse it). */
void kgl_reshape_s8(const kgl_reshape_s8_params *restrict p) {
    if (p->input != p->output) {
        memmove(p->output, p->input, p->bytes);
    }
}
