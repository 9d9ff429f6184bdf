# aarch64-linux: 64-bit Arm Linux, a static glibc binary run with qemu-aarch64 (user mode).
CC   := aarch64-linux-gnu-gcc
NM   := aarch64-linux-gnu-nm
SIZE := aarch64-linux-gnu-size
CPU_FLAGS :=
HARNESS_MODEL_BYTES := 33554432
HARNESS_ARENA_BYTES := 33554432
include $(TARGETS_DIR)common/hosted.mk
# Static, so qemu-aarch64 needs no AArch64 sysroot (-L) at run time.
LDFLAGS := -static
RUN := qemu-aarch64
