/*
 * tflm_main.cc: the TensorFlow Lite Micro firmware of the peer benchmark. tflm_peer.py
 * builds it for one Cortex-M core (TFLM's own compiler flags, -O2), links it with that
 * core's libtensorflow-microlite.a (CMSIS-NN kernels) and the project's
 * targets/common/startup.c and semihost.c, and runs it under QEMU with the insncount
 * plugin; it is not meant to be built by hand. See README.md.
 *
 * In QEMU's working directory it:
 *   1. reads model.tflite (semihosting) into a 16-byte aligned buffer;
 *   2. makes a MicroInterpreter with the operators registered below, allocates tensors;
 *   3. fills every input as targets/common/count_main.c does for kinglet: integer inputs
 *      byte j = (j * 73 + 41) mod 256, float32 inputs zeros;
 *   4. runs three regions, each between the marker functions the plugin is given:
 *        region 0  tflm_count_begin(); tflm_count_end()                 the markers alone
 *        region 1  tflm_count_begin(); interpreter.Invoke(); tflm_count_end()
 *        region 2  the same after refilling the inputs (must equal region 1)
 *   5. writes every output's bytes, in output order, to output.bin and prints
 *      "tflm-count: arena_used N" on the console.
 *
 * Exit status: 0 done; 2 file error; 3 model refused (schema version, an operator missing
 * below, arena too small); 5 Invoke failed; 99 fault (startup.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/schema/schema_generated.h"

extern "C" {
#include "semihost.h"
}

#ifndef TFLM_PEER_MODEL_BYTES
#define TFLM_PEER_MODEL_BYTES (4 * 1024 * 1024)
#endif
#ifndef TFLM_PEER_ARENA_BYTES
#define TFLM_PEER_ARENA_BYTES (2 * 1024 * 1024)
#endif

alignas(16) static uint8_t model_bytes[TFLM_PEER_MODEL_BYTES];
alignas(16) static uint8_t arena[TFLM_PEER_ARENA_BYTES];

/* The plugin counts from the first instruction of tflm_count_begin to the first of
   tflm_count_end. Out of line and with different bodies, so each keeps its own address. */
extern "C" {
volatile uint32_t tflm_count_last_begin;
volatile uint32_t tflm_count_last_end;

__attribute__((noinline, used)) void tflm_count_begin(uint32_t id) {
    tflm_count_last_begin = id;
}

__attribute__((noinline, used)) void tflm_count_end(uint32_t id) {
    tflm_count_last_end = id + 1u;
}
}

/* Prints text, then an unsigned number, then a newline, on QEMU's stderr. */
static void print_number(const char *text, uint32_t value) {
    char digits[12];
    int at = (int)sizeof digits - 1;
    digits[at] = '\0';
    do {
        digits[--at] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0u);
    sh_write0(text);
    sh_write0(&digits[at]);
    sh_write0("\n");
}

/* Prints "tflm-count: WHY" and gives status, for main to return. */
static int fail(const char *why, int status) {
    sh_write0("tflm-count: ");
    sh_write0(why);
    sh_write0("\n");
    return status;
}

/* Reads model.tflite into model_bytes. Returns its size, or 0 after a message. */
static uint32_t read_model(void) {
    const int handle = sh_open("model.tflite", SH_MODE_READ_BINARY);
    if (handle < 0) {
        fail("cannot open model.tflite", 2);
        return 0;
    }
    const long size = sh_flen(handle);
    uint32_t result = 0;
    if (size <= 0 || (unsigned long)size > sizeof model_bytes) {
        print_number("tflm-count: model.tflite size does not fit the buffer of ",
                     (uint32_t)sizeof model_bytes);
    } else if (sh_read(handle, model_bytes, (size_t)size) != 0) {
        fail("cannot read model.tflite", 2);
    } else {
        result = (uint32_t)size;
    }
    sh_close(handle);
    return result;
}

/* The kinglet count firmware's input pattern, on every input tensor. */
static void fill_inputs(tflite::MicroInterpreter &interpreter) {
    for (size_t i = 0; i < interpreter.inputs_size(); i++) {
        TfLiteTensor *tensor = interpreter.input(i);
        uint8_t *bytes = tensor->data.uint8;
        for (uint32_t j = 0; j < tensor->bytes; j++) {
            bytes[j] = tensor->type == kTfLiteFloat32 ? 0u : (uint8_t)(j * 73u + 41u);
        }
    }
}

/* Writes the outputs' bytes back to back to output.bin. Returns 0 or 2. */
static int write_outputs(tflite::MicroInterpreter &interpreter) {
    const int handle = sh_open("output.bin", SH_MODE_WRITE_BINARY);
    if (handle < 0) {
        return fail("cannot create output.bin", 2);
    }
    int status = 0;
    for (size_t i = 0; i < interpreter.outputs_size(); i++) {
        const TfLiteTensor *tensor = interpreter.output(i);
        if (sh_write(handle, tensor->data.raw, tensor->bytes) != 0) {
            status = fail("cannot write output.bin", 2);
        }
    }
    sh_close(handle);
    return status;
}

int main(void) {
    if (read_model() == 0) {
        return 2;
    }
    const tflite::Model *model = tflite::GetModel(model_bytes);
    if (model->version() != TFLITE_SCHEMA_VERSION) {
        return fail("model.tflite has another schema version", 3);
    }

    /* The operators kinglet compiles (KGL_OP_* of runtime-c/include/kgl_format.h). TFLM
       looks them up in AllocateTensors; Invoke calls the kernels directly, so registering
       more than a model uses changes the code size, not the instructions counted. */
    tflite::MicroMutableOpResolver<22> ops;
    ops.AddConv2D();
    ops.AddDepthwiseConv2D();
    ops.AddFullyConnected();
    ops.AddAveragePool2D();
    ops.AddMaxPool2D();
    ops.AddAdd();
    ops.AddMul();
    ops.AddReshape();
    ops.AddSoftmax();
    ops.AddLogistic();
    ops.AddTanh();
    ops.AddRelu();
    ops.AddRelu6();
    ops.AddLeakyRelu();
    ops.AddHardSwish();
    ops.AddPad();
    ops.AddMean();
    ops.AddConcatenation();
    ops.AddQuantize();
    ops.AddDequantize();
    ops.AddSub();
    ops.AddReduceMax();

    tflite::MicroInterpreter interpreter(model, ops, arena, sizeof arena);
    if (interpreter.AllocateTensors() != kTfLiteOk) {
        return fail("AllocateTensors failed: an operator not registered in tflm_main.cc, "
                    "or the arena is too small",
                    3);
    }

    tflm_count_begin(0u);
    tflm_count_end(0u);
    for (uint32_t run = 1; run <= 2; run++) {
        fill_inputs(interpreter);
        tflm_count_begin(run);
        const TfLiteStatus status = interpreter.Invoke();
        tflm_count_end(run);
        if (status != kTfLiteOk) {
            return fail("Invoke failed", 5);
        }
    }
    print_number("tflm-count: arena_used ", (uint32_t)interpreter.arena_used_bytes());
    return write_outputs(interpreter);
}
