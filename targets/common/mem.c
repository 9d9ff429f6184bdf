/*
 * mem.c: memcpy, memmove, memset and memcmp for the bare-metal builds (-nostdlib, no C
 * library). GCC emits calls to these even in code that never names them (struct copies,
 * zeroing loops), so every bare-metal image needs them.
 *
 * Compiled with -fno-tree-loop-distribute-patterns (see the Makefile): otherwise GCC turns
 * the loops below back into calls to memset/memcpy, i.e. into infinite recursion.
 * Plain byte loops: simple and correct at any alignment; the runtime copies little.
 */
#include <stdint.h>
#include <string.h>

/* Drop the header's builtin macros so the definitions below keep their names. */
#undef memcpy
#undef memmove
#undef memset
#undef memcmp

/* Copies n bytes; the ranges must not overlap. Returns dst. */
void *memcpy(void *dst, const void *src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n-- > 0) {
        *d++ = *s++;
    }
    return dst;
}

/* Copies n bytes; the ranges may overlap. Returns dst. */
void *memmove(void *dst, const void *src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    /* Compared as integers: the ranges may belong to different objects. */
    if ((uintptr_t)d < (uintptr_t)s) {
        while (n-- > 0) {
            *d++ = *s++;
        }
    } else if ((uintptr_t)d > (uintptr_t)s) {
        /* Copy backwards so an overlapping tail is read before it is overwritten. */
        while (n-- > 0) {
            d[n] = s[n];
        }
    }
    return dst;
}

/* Sets n bytes to (unsigned char)value. Returns dst. */
void *memset(void *dst, int value, size_t n) {
    unsigned char *d = dst;
    while (n-- > 0) {
        *d++ = (unsigned char)value;
    }
    return dst;
}

/* Compares n bytes as unsigned char: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a;
    const unsigned char *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return x[i] < y[i] ? -1 : 1;
        }
    }
    return 0;
}
