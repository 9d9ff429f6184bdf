# cortex-m33: ARMv8-M Mainline with DSP and single-precision FPU. QEMU mps2-an505.
CPU_FLAGS := -mcpu=cortex-m33 -mfloat-abi=hard -mfpu=fpv5-sp-d16
QEMU_MACHINE := mps2-an505
HARNESS_MODEL_BYTES := 8388608
HARNESS_ARENA_BYTES := 4194304
include $(TARGETS_DIR)common/cortex-m.mk
