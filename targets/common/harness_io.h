/*
 * harness_io.h: the little file and console layer under harness.c, so the same harness
 * builds hosted (io_stdio.c: C stdio, for aarch64-linux and x86_64) and bare metal
 * (io_semihost.c: ARM semihosting, for the Cortex-M cores under QEMU).
 *
 * Files are named relative to the working directory. At most a few files are open at once.
 */
#ifndef KINGLET_HARNESS_IO_H
#define KINGLET_HARNESS_IO_H

#include <stddef.h>
#include <stdint.h>

/* Opens an existing file for reading (binary). Returns a handle >= 0, or -1. */
int hio_open_read(const char *path);

/* Creates or truncates a file for writing (binary). Returns a handle >= 0, or -1. */
int hio_open_write(const char *path);

/* Size in bytes of a file opened with hio_open_read, or -1 if it cannot be told. */
long hio_size(int handle);

/* Reads exactly n bytes into buf. Returns 0, or -1 on an error or a short read. */
int hio_read(int handle, void *buf, size_t n);

/* Writes exactly n bytes from buf. Returns 0, or -1 on an error. */
int hio_write(int handle, const void *buf, size_t n);

/* Closes a handle (flushing written data). Returns 0, or -1 on an error. */
int hio_close(int handle);

/* Prints a diagnostic text as it is (include the '\n'): stderr hosted, SYS_WRITE0 bare metal. */
void hio_print(const char *text);

/* Prints value in decimal through hio_print (there is no printf on bare metal). */
static inline void hio_print_u32(uint32_t value) {
    char text[11];
    size_t at = sizeof text - 1;
    text[at] = '\0';
    do {
        text[--at] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0u);
    hio_print(&text[at]);
}

#endif /* KINGLET_HARNESS_IO_H */
