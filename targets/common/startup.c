/*
 * startup.c: reset and fault handling for the Cortex-M harness images (M0+ to M55).
 *
 * The linker script (cortex-m-sections.ld) places the vector table first in FLASH and
 * defines the symbols used here: _sidata (load address of .data), _sdata/_edata,
 * _sbss/_ebss and _estack (top of RAM). No CMSIS, no C library.
 */
#include <stdint.h>

#include "semihost.h"

extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];

int main(void);

/* Entry after reset: enables the FPU/MVE where the build uses them, initialises memory and
   runs main; the program ends with main's return value as the exit status. Never returns. */
void Reset_Handler(void) __attribute__((noreturn));

/* HardFault: prints the faulting PC and exits with status 99. Never returns. */
void HardFault_Handler(void) __attribute__((naked, noreturn));

/* Any other exception (none is enabled): prints a line and exits with status 99. */
void Default_Handler(void) __attribute__((noreturn));

/* Called by HardFault_Handler with the exception frame pushed on entry (r0-r3, r12, lr,
   pc, xpsr): prints the stacked pc and exits with status 99. Never returns. */
void startup_fault_report(const uint32_t *frame) __attribute__((noreturn, used));

/* The first 16 words the core reads at reset: initial SP, then the system exceptions.
   Interrupts stay disabled in the NVIC, so no IRQ entries follow. */
typedef void (*vector_handler)(void);
typedef struct {
    void *initial_sp;
    vector_handler handlers[15];
} vector_table;

__attribute__((section(".vectors"), used)) static const vector_table vectors = {
    _estack,
    {
        Reset_Handler,     /* 1 Reset */
        Default_Handler,   /* 2 NMI */
        HardFault_Handler, /* 3 HardFault */
        Default_Handler,   /* 4 MemManage (v7-M/v8-M) */
        Default_Handler,   /* 5 BusFault */
        Default_Handler,   /* 6 UsageFault */
        Default_Handler,   /* 7 SecureFault (v8-M) */
        0, 0, 0,           /* 8-10 reserved */
        Default_Handler,   /* 11 SVCall */
        Default_Handler,   /* 12 DebugMonitor */
        0,                 /* 13 reserved */
        Default_Handler,   /* 14 PendSV */
        Default_Handler,   /* 15 SysTick */
    },
};

/* Kept out of line so nothing the compiler generates for it (FP or MVE code included)
   can run before Reset_Handler has enabled the coprocessors. */
__attribute__((noinline, noreturn)) static void startup_run(void) {
    const uint32_t *from = _sidata;
    for (uint32_t *to = _sdata; to < _edata; to++) {
        *to = *from++;
    }
    for (uint32_t *p = _sbss; p < _ebss; p++) {
        *p = 0;
    }
    sh_exit(main());
}

/* Reset entry (contract above): coprocessors first, then memory and main. */
void Reset_Handler(void) {
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
    /* CPACR: full access to CP10 and CP11 (FPU, and MVE on M55). Without this the first
       FP or MVE instruction faults. DSB/ISB make the change visible before going on. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    startup_run();
}

/* Hands the main stack pointer (where the core stacked the frame; this program never uses
   PSP) to C. Naked, so no prologue moves SP first. */
void HardFault_Handler(void) {
    __asm__ volatile("mrs r0, msp\n\t"
                     "ldr r1, =startup_fault_report\n\t"
                     "bx r1\n\t");
}

/* Appends the 8 hex digits of value to text at *at. */
static void put_hex32(char *text, int *at, uint32_t value) {
    for (int shift = 28; shift >= 0; shift -= 4) {
        text[(*at)++] = "0123456789abcdef"[(value >> shift) & 0xFu];
    }
}

/* Prints "HardFault at pc 0x..." from the stacked frame, exits 99 (contract above). */
void startup_fault_report(const uint32_t *frame) {
    char text[48];
    int at = 0;
    const char *prefix = "kinglet-harness: HardFault at pc 0x";
    while (*prefix != '\0') {
        text[at++] = *prefix++;
    }
    put_hex32(text, &at, frame[6]);
    text[at++] = '\n';
    text[at] = '\0';
    sh_write0(text);
    sh_exit(99);
}

/* Unexpected exception: prints a line, exits 99 (contract above). */
void Default_Handler(void) {
    sh_write0("kinglet-harness: unexpected exception\n");
    sh_exit(99);
}
