# kinglet.mk: include this from a firmware Makefile to build the Kinglet runtime with it.
#
#   include path/to/runtime-c/kinglet.mk
#   SRCS   += $(KINGLET_SRCS)
#   CFLAGS += $(addprefix -I,$(KINGLET_INCLUDES))   # plus e.g. -DKGL_ENABLE_FLOAT=0
#
# KINGLET_SRCS      the runtime's C files (core, every operator and every kernel)
# KINGLET_INCLUDES  the directory holding kinglet.h, kgl_format.h, kgl_config.h and
#                   kgl_operator_selection.h
# Compile the sources as C99 (or later); they need no other files and no libraries.

KINGLET_DIR := $(dir $(lastword $(MAKEFILE_LIST)))
KINGLET_SRCS := $(sort $(wildcard $(KINGLET_DIR)src/*.c)) \
                $(sort $(wildcard $(KINGLET_DIR)src/operators/*.c)) \
                $(sort $(wildcard $(KINGLET_DIR)src/kernels/*.c))
KINGLET_INCLUDES := $(KINGLET_DIR)include
