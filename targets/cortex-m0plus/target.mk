# cortex-m0plus: ARMv6-M, no FPU (float helpers come from libgcc). Runs on QEMU's microbit
# (an nRF51 M0; QEMU has no M0+ model, the instruction set is the same).
CPU_FLAGS := -mcpu=cortex-m0plus -mfloat-abi=soft
QEMU_MACHINE := microbit
# microbit has 16 KB RAM: model 10 KB + arena 4 KB leaves 2 KB for the stack and the
# harness's other variables (board.ld checks at least 1.5 KB remain).
HARNESS_MODEL_BYTES := 10240
HARNESS_ARENA_BYTES := 4096
include $(TARGETS_DIR)common/cortex-m.mk
