# cortex-m4: ARMv7E-M with DSP and single-precision FPU. QEMU mps2-an386.
CPU_FLAGS := -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16
QEMU_MACHINE := mps2-an386
HARNESS_MODEL_BYTES := 8388608
HARNESS_ARENA_BYTES := 4194304
include $(TARGETS_DIR)common/cortex-m.mk
