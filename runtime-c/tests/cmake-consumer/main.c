/* Links against the installed runtime and checks that it answers: a buffer without a model
   is refused with KGL_ERROR_BAD_MAGIC; with the installed operator selection, CONV_2D is in
   and ADD is out. Exit 0 when all holds. */
#include <stdio.h>

#include "kinglet.h"

static uint8_t bytes[128] __attribute__((aligned(16)));
static uint8_t arena[16] __attribute__((aligned(16)));

int main(void) {
    kgl_model model;
    kgl_status status = kgl_model_init(&model, bytes, sizeof bytes, arena, sizeof arena);
    printf("kgl_model_init on zeros: %s\n", kgl_status_str(status));
#if defined(KGL_SELECT_OPERATORS)
    if (!KGL_WITH_CONV_2D || KGL_WITH_ADD) {
        printf("the operator selection did not reach the consumer\n");
        return 1;
    }
#endif
    return status == KGL_ERROR_BAD_MAGIC ? 0 : 1;
}
