# x86_64: the build machine itself (x86-64 Linux), with its C compiler; runs natively.
CC   := cc
NM   := nm
SIZE := size
CPU_FLAGS :=
HARNESS_MODEL_BYTES := 33554432
HARNESS_ARENA_BYTES := 33554432
include $(TARGETS_DIR)common/hosted.mk
LDFLAGS :=
RUN :=
# A different host would silently give a binary of its own architecture: refuse instead
# (CC=x86_64-linux-gnu-gcc make ... cross-compiles from elsewhere). Not for print-run,
# which run.sh calls and which needs no compiler.
ifneq ($(filter-out print-run,$(or $(MAKECMDGOALS),harness)),)
ifeq ($(filter x86_64-%,$(shell $(CC) -dumpmachine)),)
$(error x86_64: $(CC) targets $(shell $(CC) -dumpmachine), not x86_64; set CC=<an x86-64 compiler>)
endif
endif
