# common/hosted.mk: settings shared by the hosted (Linux, C library) targets. A target.mk
# sets CC (and NM, SIZE), HARNESS_MODEL_BYTES, HARNESS_ARENA_BYTES and RUN, then includes
# this file.

PLATFORM_CFLAGS :=
HARNESS_SRCS := $(TARGETS_DIR)common/harness.c $(TARGETS_DIR)common/io_stdio.c
LDLIBS :=
