# cortex-m55: ARMv8.1-M with FPU and MVE (Helium); -mcpu picks the FPU. QEMU mps3-an547.
CPU_FLAGS := -mcpu=cortex-m55 -mfloat-abi=hard
QEMU_MACHINE := mps3-an547
HARNESS_MODEL_BYTES := 8388608
HARNESS_ARENA_BYTES := 4194304
include $(TARGETS_DIR)common/cortex-m.mk
