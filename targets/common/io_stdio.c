/*
 * io_stdio.c: harness_io.h over C stdio (the hosted builds: aarch64-linux, x86_64).
 * A handle is an index into a small table of FILE pointers.
 */
#include <stdio.h>

#include "harness_io.h"

#define HIO_MAX_FILES 4

static FILE *files[HIO_MAX_FILES];

/* Stores f in a free slot. Returns its index, or -1 (closing f) when f is NULL or no slot
   is free. */
static int hio_adopt(FILE *f) {
    if (f == NULL) {
        return -1;
    }
    for (int i = 0; i < HIO_MAX_FILES; i++) {
        if (files[i] == NULL) {
            files[i] = f;
            return i;
        }
    }
    fclose(f);
    return -1;
}

/* The FILE behind a handle, or NULL for an invalid handle. */
static FILE *hio_file(int handle) {
    return handle >= 0 && handle < HIO_MAX_FILES ? files[handle] : NULL;
}

/* Opens path with fopen "rb". Returns a handle >= 0, or -1. */
int hio_open_read(const char *path) {
    return hio_adopt(fopen(path, "rb"));
}

/* Creates or truncates path with fopen "wb". Returns a handle >= 0, or -1. */
int hio_open_write(const char *path) {
    return hio_adopt(fopen(path, "wb"));
}

/* File size in bytes, or -1; the read position is kept. */
long hio_size(int handle) {
    FILE *f = hio_file(handle);
    if (f == NULL) {
        return -1;
    }
    /* C99 has no file-size call: seek to the end, take the offset, seek back. */
    const long here = ftell(f);
    if (here < 0 || fseek(f, 0, SEEK_END) != 0) {
        return -1;
    }
    const long size = ftell(f);
    return fseek(f, here, SEEK_SET) == 0 ? size : -1;
}

/* Reads exactly n bytes. Returns 0, or -1 on an error or end of file. */
int hio_read(int handle, void *buf, size_t n) {
    FILE *f = hio_file(handle);
    return f != NULL && fread(buf, 1, n, f) == n ? 0 : -1;
}

/* Writes exactly n bytes. Returns 0, or -1. */
int hio_write(int handle, const void *buf, size_t n) {
    FILE *f = hio_file(handle);
    return f != NULL && fwrite(buf, 1, n, f) == n ? 0 : -1;
}

/* Closes (and flushes) a handle, freeing its slot. Returns 0, or -1. */
int hio_close(int handle) {
    FILE *f = hio_file(handle);
    if (f == NULL) {
        return -1;
    }
    files[handle] = NULL;
    return fclose(f) == 0 ? 0 : -1;
}

/* Prints text on stderr. */
void hio_print(const char *text) {
    fputs(text, stderr);
}
