# cortex-m7: ARMv7E-M with DSP and double-precision FPU. QEMU mps2-an500.
CPU_FLAGS := -mcpu=cortex-m7 -mfloat-abi=hard -mfpu=fpv5-d16
QEMU_MACHINE := mps2-an500
HARNESS_MODEL_BYTES := 8388608
HARNESS_ARENA_BYTES := 4194304
include $(TARGETS_DIR)common/cortex-m.mk
