# common/cortex-m.mk: settings shared by the Cortex-M targets. A target.mk sets CPU_FLAGS,
# QEMU_MACHINE, HARNESS_MODEL_BYTES and HARNESS_ARENA_BYTES, then includes this file.

CC   := arm-none-eabi-gcc
NM   := arm-none-eabi-nm
SIZE := arm-none-eabi-size

# -ffreestanding -nostdinc: no C library at all. The compiler's own include directory gives
# stddef.h/stdint.h; common/include gives string.h (mem.c implements it). Deferred (=) so
# that `make print-run` (run.sh) works without the compiler installed.
PLATFORM_CFLAGS = -mthumb -ffreestanding -nostdinc \
    -isystem $(shell $(CC) -print-file-name=include) -isystem $(TARGETS_DIR)common/include

HARNESS_SRCS := $(TARGETS_DIR)common/harness.c $(TARGETS_DIR)common/io_semihost.c \
    $(TARGETS_DIR)common/semihost.c $(TARGETS_DIR)common/startup.c $(TARGETS_DIR)common/mem.c

# The board's MEMORY comes from board.ld, which INCLUDEs common/cortex-m-sections.ld.
# libgcc supplies 64-bit division and, on soft-float cores, the float arithmetic.
LDFLAGS := -nostdlib -T $(TARGETS_DIR)$(TARGET)/board.ld -L $(TARGETS_DIR)common
LDLIBS  := -lgcc

# The ELF path follows. QEMU exits with the guest's semihosting exit status.
RUN := qemu-system-arm -M $(QEMU_MACHINE) -display none -monitor none -serial none \
    -semihosting-config enable=on,target=native -kernel
