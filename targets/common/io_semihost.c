/*
 * io_semihost.c: harness_io.h over ARM semihosting (the Cortex-M builds).
 */
#include "harness_io.h"
#include "semihost.h"

/* Opens path for reading (SYS_OPEN "rb"). Returns a handle >= 0, or -1. */
int hio_open_read(const char *path) {
    return sh_open(path, SH_MODE_READ_BINARY);
}

/* Creates or truncates path (SYS_OPEN "wb"). Returns a handle >= 0, or -1. */
int hio_open_write(const char *path) {
    return sh_open(path, SH_MODE_WRITE_BINARY);
}

/* File size in bytes (SYS_FLEN), or -1. */
long hio_size(int handle) {
    return sh_flen(handle);
}

/* Reads exactly n bytes. Returns 0, or -1 on an error or end of file. */
int hio_read(int handle, void *buf, size_t n) {
    /* The host may return fewer bytes than asked; continue until all came or none does. */
    unsigned char *p = buf;
    while (n > 0) {
        const size_t missing = sh_read(handle, p, n);
        if (missing >= n) {
            return -1;
        }
        p += n - missing;
        n = missing;
    }
    return 0;
}

/* Writes exactly n bytes. Returns 0, or -1. */
int hio_write(int handle, const void *buf, size_t n) {
    return n == 0 || sh_write(handle, buf, n) == 0 ? 0 : -1;
}

/* Closes a handle. Returns 0, or -1. */
int hio_close(int handle) {
    return sh_close(handle);
}

/* Prints text on the host console (QEMU: stderr) with SYS_WRITE0. */
void hio_print(const char *text) {
    sh_write0(text);
}
