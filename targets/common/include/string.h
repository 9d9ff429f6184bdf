/*
 * string.h for the bare-metal (Cortex-M) builds: the four functions the runtime and the
 * harness use, implemented in common/mem.c. The Cortex-M builds use -nostdinc, so they
 * need no C library headers at all (only the compiler's own stddef.h and stdint.h).
 */
#ifndef KINGLET_TARGETS_STRING_H
#define KINGLET_TARGETS_STRING_H

#include <stddef.h>

/* Copies n bytes from src to dst; the ranges must not overlap. Returns dst. */
void *memcpy(void *dst, const void *src, size_t n);

/* Copies n bytes from src to dst; the ranges may overlap. Returns dst. */
void *memmove(void *dst, const void *src, size_t n);

/* Sets n bytes at dst to (unsigned char)value. Returns dst. */
void *memset(void *dst, int value, size_t n);

/* Compares n bytes as unsigned char: <0, 0 or >0 as a sorts before, equal to or after b. */
int memcmp(const void *a, const void *b, size_t n);

/* -ffreestanding turns the compiler's built-in knowledge of these off; the macros give it
   back, so small fixed-size copies (a 4-byte read, a struct clear) compile inline and only
   the rest call the functions above. mem.c #undefs them to define the functions. */
#define memcpy(dst, src, n) __builtin_memcpy((dst), (src), (n))
#define memmove(dst, src, n) __builtin_memmove((dst), (src), (n))
#define memset(dst, value, n) __builtin_memset((dst), (value), (n))
#define memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

#endif /* KINGLET_TARGETS_STRING_H */
