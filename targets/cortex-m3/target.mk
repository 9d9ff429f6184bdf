# cortex-m3: ARMv7-M, no FPU (float helpers come from libgcc). QEMU mps2-an385.
CPU_FLAGS := -mcpu=cortex-m3 -mfloat-abi=soft
QEMU_MACHINE := mps2-an385
HARNESS_MODEL_BYTES := 8388608
HARNESS_ARENA_BYTES := 4194304
include $(TARGETS_DIR)common/cortex-m.mk
