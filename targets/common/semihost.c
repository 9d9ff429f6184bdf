/*
 * semihost.c: ARM semihosting on M-profile cores. A call is "bkpt 0xAB" with the operation
 * number in r0 and a pointer to its parameter block in r1; the result comes back in r0.
 */
#include "semihost.h"

#include <stdint.h>

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE0 0x04
#define SYS_WRITE 0x05
#define SYS_READ 0x06
#define SYS_FLEN 0x0C
#define SYS_EXIT 0x18
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
#define ADP_STOPPED_RUNTIME_ERROR_UNKNOWN 0x20023

/* The "memory" clobber makes the compiler store the parameter block before the trap and
   re-read buffers the host wrote after it. */
static uintptr_t sh_call(uintptr_t op, uintptr_t arg) {
    register uintptr_t r0 __asm__("r0") = op;
    register uintptr_t r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* Prints a NUL-terminated text on the host console. */
void sh_write0(const char *text) {
    sh_call(SYS_WRITE0, (uintptr_t)text);
}

/* Opens a host file with a SH_MODE_*. Returns a handle >= 0, or -1. */
int sh_open(const char *path, int mode) {
    size_t length = 0;
    while (path[length] != '\0') {
        length++;
    }
    /* Filled one field at a time: an initializer list can compile to a memcpy call. */
    uintptr_t block[3];
    block[0] = (uintptr_t)path;
    block[1] = (uintptr_t)mode;
    block[2] = length;
    return (int)sh_call(SYS_OPEN, (uintptr_t)block);
}

/* Closes a handle. Returns 0, or -1. */
int sh_close(int handle) {
    uintptr_t block[1];
    block[0] = (uintptr_t)handle;
    return sh_call(SYS_CLOSE, (uintptr_t)block) == 0 ? 0 : -1;
}

/* Reads up to n bytes. Returns how many were NOT read (n at end of file). */
size_t sh_read(int handle, void *buf, size_t n) {
    uintptr_t block[3];
    block[0] = (uintptr_t)handle;
    block[1] = (uintptr_t)buf;
    block[2] = n;
    return sh_call(SYS_READ, (uintptr_t)block);
}

/* Writes n bytes. Returns how many were NOT written (0 on success). */
size_t sh_write(int handle, const void *buf, size_t n) {
    uintptr_t block[3];
    block[0] = (uintptr_t)handle;
    block[1] = (uintptr_t)buf;
    block[2] = n;
    return sh_call(SYS_WRITE, (uintptr_t)block);
}

/* Length of an open file in bytes, or -1. */
long sh_flen(int handle) {
    uintptr_t block[1];
    block[0] = (uintptr_t)handle;
    return (long)(intptr_t)sh_call(SYS_FLEN, (uintptr_t)block);
}

/* Stops the program; QEMU exits with status & 0xFF. Never returns. */
void sh_exit(int status) {
    /* volatile: the block must really be in memory when the host reads it. */
    volatile uintptr_t block[2];
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uintptr_t)status;
    sh_call(SYS_EXIT_EXTENDED, (uintptr_t)block);
    /* Reached only if the host could not read the block (e.g. a broken stack). Plain
       SYS_EXIT cannot carry the status, but it still stops QEMU (with 0 or 1) instead of
       leaving it to hang until the timeout. */
    sh_call(SYS_EXIT, status == 0 ? ADP_STOPPED_APPLICATION_EXIT
                                  : ADP_STOPPED_RUNTIME_ERROR_UNKNOWN);
    for (;;) {
    }
}
