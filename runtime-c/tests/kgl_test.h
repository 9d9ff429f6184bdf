/*
 * kgl_test.h: a tiny heap-free test macro set (runs on a host or a board with printf).
 *
 * Each CHECK counts one pass or prints one failure with file:line and both values.
 * KGL_TEST_END() prints the fixed closing line "N passed, M failed" and yields the exit
 * status. Tests may use stdio; the runtime may not.
 *
 * KGL_TEST_POISON / KGL_TEST_UNPOISON mark memory the code under test must not touch
 * (the bytes past a model's size, the arena during init): AddressSanitizer or valgrind
 * then report any access. Without either they do nothing.
 */
#ifndef KGL_TEST_H
#define KGL_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define KGL_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KGL_TEST_ASAN 1
#endif
#endif

#if defined(KGL_TEST_ASAN)
#include <sanitizer/asan_interface.h>
#define KGL_TEST_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define KGL_TEST_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#elif defined(KGL_TEST_VALGRIND)
#include <valgrind/memcheck.h>
#define KGL_TEST_POISON(p, n) ((void)VALGRIND_MAKE_MEM_NOACCESS((p), (n)))
#define KGL_TEST_UNPOISON(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define KGL_TEST_POISON(p, n) ((void)(p), (void)(n))
#define KGL_TEST_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

static int kgl_test_passed;
static int kgl_test_failed;

/* The context printed with every failure of the checks that follow, e.g. a case name. */
static const char *kgl_test_context = "";

static void kgl_test_fail_header(const char *file, int line) {
    kgl_test_failed++;
    printf("%s:%d: FAIL%s%s: ", file, line, kgl_test_context[0] ? " in " : "",
           kgl_test_context);
}

#define CHECK(cond)                                              \
    do {                                                         \
        if (cond) {                                              \
            kgl_test_passed++;                                   \
        } else {                                                 \
            kgl_test_fail_header(__FILE__, __LINE__);            \
            printf("%s\n", #cond);                               \
        }                                                        \
    } while (0)

/* Integers of any type up to 64 bits, printed in decimal and hex. */
#define CHECK_EQ(actual, expected)                                                     \
    do {                                                                               \
        long long kgl_a_ = (long long)(actual);                                        \
        long long kgl_e_ = (long long)(expected);                                      \
        if (kgl_a_ == kgl_e_) {                                                        \
            kgl_test_passed++;                                                         \
        } else {                                                                       \
            kgl_test_fail_header(__FILE__, __LINE__);                                  \
            printf("%s == %lld (0x%llx), expected %s == %lld (0x%llx)\n", #actual,     \
                   kgl_a_, (unsigned long long)kgl_a_, #expected, kgl_e_,              \
                   (unsigned long long)kgl_e_);                                        \
        }                                                                              \
    } while (0)

/* A kgl_status, printed with its text. */
#define CHECK_STATUS(actual, expected)                                                 \
    do {                                                                               \
        kgl_status kgl_a_ = (actual);                                                  \
        kgl_status kgl_e_ = (expected);                                                \
        if (kgl_a_ == kgl_e_) {                                                        \
            kgl_test_passed++;                                                         \
        } else {                                                                       \
            kgl_test_fail_header(__FILE__, __LINE__);                                  \
            printf("%s returned %d (%s), expected %d (%s)\n", #actual, (int)kgl_a_,    \
                   kgl_status_str(kgl_a_), (int)kgl_e_, kgl_status_str(kgl_e_));       \
        }                                                                              \
    } while (0)

/* Byte arrays: prints every mismatching index with both values (at most 16 lines). */
#define CHECK_BYTES(actual, expected, n)                                               \
    do {                                                                               \
        const uint8_t *kgl_a_ = (const uint8_t *)(actual);                             \
        const uint8_t *kgl_e_ = (const uint8_t *)(expected);                           \
        size_t kgl_n_ = (n), kgl_bad_ = 0;                                             \
        for (size_t kgl_i_ = 0; kgl_i_ < kgl_n_; kgl_i_++) {                           \
            if (kgl_a_[kgl_i_] != kgl_e_[kgl_i_]) {                                    \
                if (kgl_bad_ == 0) {                                                   \
                    kgl_test_fail_header(__FILE__, __LINE__);                          \
                    printf("%s differs from %s:\n", #actual, #expected);               \
                }                                                                      \
                if (++kgl_bad_ <= 16) {                                                \
                    printf("  [%zu] %d, expected %d\n", kgl_i_, (int)kgl_a_[kgl_i_],   \
                           (int)kgl_e_[kgl_i_]);                                       \
                }                                                                      \
            }                                                                          \
        }                                                                              \
        if (kgl_bad_ == 0) {                                                           \
            kgl_test_passed++;                                                         \
        } else if (kgl_bad_ > 16) {                                                    \
            printf("  ... %zu mismatches in %zu bytes\n", kgl_bad_, kgl_n_);          \
        }                                                                              \
    } while (0)

/* The closing line, alone, then the exit status for main to return. */
#define KGL_TEST_END() \
    (printf("%d passed, %d failed\n", kgl_test_passed, kgl_test_failed), kgl_test_failed != 0)

#endif /* KGL_TEST_H */
