/*
 * semihost.h: the few ARM semihosting calls the bare-metal harness uses. Under QEMU
 * (-semihosting-config enable=on,target=native) they reach the host's files, relative to
 * QEMU's working directory, and its stderr; on a real board a debugger provides them, or
 * the calls must be replaced (see the per-core READMEs).
 */
#ifndef KINGLET_SEMIHOST_H
#define KINGLET_SEMIHOST_H

#include <stddef.h>

/* SYS_OPEN modes: the ISO C fopen modes "rb" and "wb". */
#define SH_MODE_READ_BINARY 1
#define SH_MODE_WRITE_BINARY 5

/* Writes a NUL-terminated text to the host's console (QEMU: its stderr). SYS_WRITE0. */
void sh_write0(const char *text);

/* Opens a host file with a SH_MODE_*. Returns a handle >= 0, or -1. SYS_OPEN. */
int sh_open(const char *path, int mode);

/* Closes a handle from sh_open. Returns 0, or -1 on error. SYS_CLOSE. */
int sh_close(int handle);

/* Reads up to n bytes into buf. Returns the number of bytes NOT read: 0 when all n came,
   n at end of file. SYS_READ. */
size_t sh_read(int handle, void *buf, size_t n);

/* Writes n bytes from buf. Returns the number of bytes NOT written (0 on success). SYS_WRITE. */
size_t sh_write(int handle, const void *buf, size_t n);

/* Returns the length in bytes of an open file, or -1. SYS_FLEN. */
long sh_flen(int handle);

/* Ends the program: QEMU exits with status & 0xFF. SYS_EXIT_EXTENDED. Never returns. */
void sh_exit(int status) __attribute__((noreturn));

#endif /* KINGLET_SEMIHOST_H */
