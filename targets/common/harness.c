/*
 * harness.c: the Kinglet test harness. Runs the model in ./model.kgl (or one linked in,
 * below) on every sample in ./input.bin and writes the outputs to ./output.bin. The same
 * file builds for every target; harness_io.h hides whether files come from stdio or
 * semihosting.
 *
 * input.bin holds samples back to back; one sample is each model input's bytes
 * (kgl_tensor.bytes) in model-input order, copied into the input tensors as they are (no
 * quantization). output.bin receives, per sample, each model output's bytes in order.
 * input.bin is read one sample at a time, so a corpus need not fit in RAM.
 *
 * Exit status: 0 success; 2 file or I/O error; 3 model refused (kgl_model_init, larger
 * than the model buffer, or arena too small); 4 input.bin not a whole number of samples.
 * (99 is the Cortex-M HardFault handler's.) A failure prints one line first.
 *
 * Two builds (the Makefile passes the settings):
 * - model.kgl read into RAM (make harness): KGL_HARNESS_MODEL_BYTES and
 *   KGL_HARNESS_ARENA_BYTES are the target's buffer sizes (target.mk).
 * - model in flash (make flash-harness), KGL_HARNESS_MODEL_IN_FLASH defined: the model is
 *   the array `kinglet emit-c` wrote, linked in and read in place, so a model larger than
 *   RAM runs; model.kgl is not read. KGL_HARNESS_MODEL_HEADER is its header (e.g.
 *   "kws_model.h"), KGL_HARNESS_MODEL the array (kws_model), KGL_HARNESS_ARENA_BYTES the
 *   arena it needs (KWS_ARENA_BYTES).
 */
#include <stddef.h>
#include <stdint.h>

#include "harness_io.h"
#include "kinglet.h"

#ifdef KGL_HARNESS_MODEL_IN_FLASH
#if !defined(KGL_HARNESS_MODEL_HEADER) || !defined(KGL_HARNESS_MODEL)
#error "define KGL_HARNESS_MODEL_HEADER and KGL_HARNESS_MODEL (kinglet emit-c's header, array)"
#endif
#include KGL_HARNESS_MODEL_HEADER
#elif !defined(KGL_HARNESS_MODEL_BYTES)
#error "define KGL_HARNESS_MODEL_BYTES (the target's model buffer size, see target.mk)"
#endif
#ifndef KGL_HARNESS_ARENA_BYTES
#error "define KGL_HARNESS_ARENA_BYTES (the arena size: target.mk, or NAME_ARENA_BYTES)"
#endif

#define EXIT_OK 0
#define EXIT_IO 2
#define EXIT_MODEL 3
#define EXIT_INPUT_SIZE 4

/* The runtime needs the model and the arena 16-byte aligned (KGL_ALIGNMENT); emit-c
   aligns its array. */
#ifndef KGL_HARNESS_MODEL_IN_FLASH
static uint8_t model_buffer[KGL_HARNESS_MODEL_BYTES] __attribute__((aligned(16)));
#endif
static uint8_t arena[KGL_HARNESS_ARENA_BYTES] __attribute__((aligned(16)));

/* One diagnostic line, built without printf (there is none on bare metal). */
static char line[160];
static size_t line_length;

/* Appends text to the line, dropping what does not fit. */
static void line_add(const char *text) {
    while (*text != '\0' && line_length + 2 < sizeof line) {
        line[line_length++] = *text++;
    }
}

/* Appends a number in decimal. */
static void line_add_number(unsigned long value) {
    char digits[24];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (count > 0 && line_length + 2 < sizeof line) {
        line[line_length++] = digits[--count];
    }
}

/* Ends the line, prints it, and returns status (so callers can `return fail(...)`). */
static int line_print(int status) {
    line[line_length++] = '\n';
    line[line_length] = '\0';
    hio_print(line);
    line_length = 0;
    return status;
}

/* Starts a diagnostic line with the harness's name and the first part of the message. */
static void line_start(const char *text) {
    line_length = 0;
    line_add("kinglet-harness: ");
    line_add(text);
}

/* Prints "kinglet-harness: <text>" and returns status. */
static int fail(int status, const char *text) {
    line_start(text);
    return line_print(status);
}

#ifdef KGL_HARNESS_MODEL_IN_FLASH
/* The model is linked in: nothing to read. Returns EXIT_OK, the array and its size. */
static int load_model(const uint8_t **bytes, size_t *size) {
    *bytes = KGL_HARNESS_MODEL;
    *size = sizeof KGL_HARNESS_MODEL;
    return EXIT_OK;
}
#else
/* Reads model.kgl into model_buffer. Returns EXIT_OK, the buffer and the model's size, or
   a status. */
static int load_model(const uint8_t **bytes, size_t *size) {
    const int file = hio_open_read("model.kgl");
    if (file < 0) {
        return fail(EXIT_IO, "cannot open model.kgl");
    }
    const long length = hio_size(file);
    if (length < 0) {
        hio_close(file);
        return fail(EXIT_IO, "cannot tell the size of model.kgl");
    }
    if ((unsigned long)length > sizeof model_buffer) {
        hio_close(file);
        line_start("model.kgl has ");
        line_add_number((unsigned long)length);
        line_add(" bytes; this harness holds at most ");
        line_add_number(sizeof model_buffer);
        return line_print(EXIT_MODEL);
    }
    const int read_status = hio_read(file, model_buffer, (size_t)length);
    hio_close(file);
    if (read_status != 0) {
        return fail(EXIT_IO, "cannot read model.kgl");
    }
    *bytes = model_buffer;
    *size = (size_t)length;
    return EXIT_OK;
}
#endif

/* Validates the model and binds it to the arena. Returns EXIT_OK or EXIT_MODEL. */
static int init_model(kgl_model *model, const uint8_t *bytes, size_t size) {
    size_t needed = 0;
    kgl_status status = kgl_model_arena_size(bytes, size, &needed);
    if (status == KGL_OK && needed > sizeof arena) {
        line_start("arena too small: the model needs ");
        line_add_number((unsigned long)needed);
        line_add(" bytes, this harness has ");
        line_add_number(sizeof arena);
        return line_print(EXIT_MODEL);
    }
    if (status == KGL_OK) {
        status = kgl_model_init(model, bytes, size, arena, sizeof arena);
    }
    if (status != KGL_OK) {
        line_start("model refused: ");
        line_add(kgl_status_str(status));
        return line_print(EXIT_MODEL);
    }
    return EXIT_OK;
}

/* Sum of the model inputs' bytes: the size of one sample in input.bin. */
static size_t sample_bytes(const kgl_model *model) {
    size_t total = 0;
    const uint32_t count = kgl_model_input_count(model);
    for (uint32_t i = 0; i < count; i++) {
        kgl_tensor tensor;
        kgl_model_input(model, i, &tensor);
        total += tensor.bytes;
    }
    return total;
}

/* Reads one sample from `in` into the input tensors, runs the model and appends its
   outputs to `out`. Returns EXIT_OK or EXIT_IO. */
static int run_sample(kgl_model *model, int in, int out) {
    kgl_tensor tensor;
    const uint32_t inputs = kgl_model_input_count(model);
    for (uint32_t i = 0; i < inputs; i++) {
        kgl_model_input(model, i, &tensor);
        if (hio_read(in, tensor.data, tensor.bytes) != 0) {
            return fail(EXIT_IO, "cannot read input.bin");
        }
    }
    kgl_model_invoke(model);
    const uint32_t outputs = kgl_model_output_count(model);
    for (uint32_t i = 0; i < outputs; i++) {
        kgl_model_output(model, i, &tensor);
        if (hio_write(out, tensor.data, tensor.bytes) != 0) {
            return fail(EXIT_IO, "cannot write output.bin");
        }
    }
    return EXIT_OK;
}

/* Checks input.bin against the model and runs every sample. Returns an exit status. */
static int run_samples(kgl_model *model) {
    const size_t per_sample = sample_bytes(model);
    if (per_sample == 0) {
        return fail(EXIT_MODEL, "model refused: its inputs have no bytes");
    }
    const int in = hio_open_read("input.bin");
    if (in < 0) {
        return fail(EXIT_IO, "cannot open input.bin");
    }
    const long length = hio_size(in);
    if (length < 0) {
        hio_close(in);
        return fail(EXIT_IO, "cannot tell the size of input.bin");
    }
    if ((unsigned long)length % per_sample != 0) {
        hio_close(in);
        line_start("input.bin has ");
        line_add_number((unsigned long)length);
        line_add(" bytes, not a multiple of the ");
        line_add_number(per_sample);
        line_add(" bytes of one sample");
        return line_print(EXIT_INPUT_SIZE);
    }
    const int out = hio_open_write("output.bin");
    if (out < 0) {
        hio_close(in);
        return fail(EXIT_IO, "cannot create output.bin");
    }
    const unsigned long samples = (unsigned long)length / per_sample;
    int status = EXIT_OK;
    for (unsigned long s = 0; s < samples && status == EXIT_OK; s++) {
        status = run_sample(model, in, out);
    }
    hio_close(in);
    if (hio_close(out) != 0 && status == EXIT_OK) {
        status = fail(EXIT_IO, "cannot write output.bin");
    }
    return status;
}

/* Runs the harness protocol above. Returns the exit status. */
int main(void) {
    const uint8_t *bytes = NULL;
    size_t size = 0;
    int status = load_model(&bytes, &size);
    if (status != EXIT_OK) {
        return status;
    }
    kgl_model model;
    status = init_model(&model, bytes, size);
    if (status != EXIT_OK) {
        return status;
    }
    return run_samples(&model);
}
