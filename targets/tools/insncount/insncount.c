/*
 * insncount.c: a QEMU 7.2 TCG plugin that counts executed guest instructions exactly, for
 * the whole run and for regions between two marker addresses.
 *
 *   qemu-system-arm ... -plugin libinsncount.so,begin=0xADDR,end=0xADDR -d plugin -D log
 *
 * Every instruction gets an inline "add 1" (counted when it executes, so a TB cut short
 * by an MMIO access is never counted twice). A region starts when the instruction at
 * `begin` executes and ends when the one at `end` executes: it holds the instructions from
 * begin's first one up to, not including, end's first one. Regions must not nest; an end
 * without a begin is ignored. At exit it prints (QEMU's log, `-d plugin`):
 *   insncount: region N: COUNT     one line per region, N from 0 in execution order
 *   insncount: total: COUNT        every instruction of the run
 * Single-vCPU guests only (the Cortex-M boards): the counters are not per vCPU.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_api.h"

/* QEMU 7.2 loads plugins of API version 1 only. */
QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

#define MAX_REGIONS 4096

static uint64_t total;
static uint64_t begin_addr = UINT64_MAX;
static uint64_t end_addr = UINT64_MAX;
static uint64_t region_start;
static int in_region;
static unsigned region_count;
static unsigned regions_dropped;
static uint64_t regions[MAX_REGIONS];

static void on_begin(unsigned int vcpu, void *userdata) {
    (void)vcpu;
    (void)userdata;
    region_start = total;
    in_region = 1;
}

static void on_end(unsigned int vcpu, void *userdata) {
    (void)vcpu;
    (void)userdata;
    if (!in_region) {
        return;
    }
    in_region = 0;
    if (region_count < MAX_REGIONS) {
        regions[region_count++] = total - region_start;
    } else {
        regions_dropped++;
    }
}

/* Called once per translated block: instruments each of its instructions. The marker
   callback is registered before the inline add on the same instruction, and both markers
   alike, so the marker instructions' own count cancels out of every region the same way. */
static void on_tb_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    const size_t n = qemu_plugin_tb_n_insns(tb);
    size_t i;
    (void)id;
    for (i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        const uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
        if (vaddr == begin_addr) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_begin, QEMU_PLUGIN_CB_NO_REGS,
                                                   NULL);
        } else if (vaddr == end_addr) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_end, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &total, 1);
    }
}

static void on_guest_exit(qemu_plugin_id_t id, void *userdata) {
    char line[96];
    unsigned i;
    (void)id;
    (void)userdata;
    for (i = 0; i < region_count; i++) {
        snprintf(line, sizeof line, "insncount: region %u: %" PRIu64 "\n", i, regions[i]);
        qemu_plugin_outs(line);
    }
    if (regions_dropped > 0) {
        snprintf(line, sizeof line, "insncount: %u regions dropped (more than %d)\n",
                 regions_dropped, MAX_REGIONS);
        qemu_plugin_outs(line);
    }
    snprintf(line, sizeof line, "insncount: total: %" PRIu64 "\n", total);
    qemu_plugin_outs(line);
}

/* Parses "NAME=0xHEX" into *addr. Returns 1 if arg is that option, else 0. The Thumb bit
   of a function address from nm is cleared: instructions start at even addresses. */
static int parse_address(const char *arg, const char *name, uint64_t *addr) {
    const size_t len = strlen(name);
    char *end = NULL;
    if (strncmp(arg, name, len) != 0 || arg[len] != '=') {
        return 0;
    }
    *addr = strtoull(arg + len + 1, &end, 0) & ~(uint64_t)1;
    return end != arg + len + 1 && *end == '\0';
}

/*
 * Plugin entry point (QEMU calls it once at load).
 * Reads: argv, options "begin=ADDR" and "end=ADDR" (both optional; without them only
 * the total is counted).
 * Returns: 0, or -1 for an unknown or malformed option (QEMU then refuses to start).
 */
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv) {
    int i;
    (void)info;
    for (i = 0; i < argc; i++) {
        if (!parse_address(argv[i], "begin", &begin_addr) &&
            !parse_address(argv[i], "end", &end_addr)) {
            fprintf(stderr, "insncount: bad option '%s' (begin=ADDR, end=ADDR)\n", argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_translate);
    qemu_plugin_register_atexit_cb(id, on_guest_exit, NULL);
    return 0;
}
