/*
 * kgl_status.c: the text of every kgl_status (kinglet.h), for logs and error reports.
 */
#include "kinglet.h"

const char *kgl_status_str(kgl_status status) {
    switch (status) {
    case KGL_OK:
        return "ok";
    case KGL_ERROR_NULL_ARGUMENT:
        return "a required pointer argument is NULL";
    case KGL_ERROR_MISALIGNED:
        return "model bytes or arena not aligned to 16 bytes";
    case KGL_ERROR_TRUNCATED:
        return "model truncated: fewer bytes than its header states";
    case KGL_ERROR_BAD_MAGIC:
        return "not a .kgl model (bad magic)";
    case KGL_ERROR_VERSION:
        return "unsupported .kgl major version";
    case KGL_ERROR_CRC:
        return "model CRC32 mismatch (corrupted bytes)";
    case KGL_ERROR_BAD_HEADER:
        return "invalid header or section bounds";
    case KGL_ERROR_BAD_TENSOR:
        return "invalid tensor record (type, shape or bounds)";
    case KGL_ERROR_BAD_OPERATOR:
        return "invalid operator record (operands or shapes)";
    case KGL_ERROR_BAD_OPTIONS:
        return "operator options out of range";
    case KGL_ERROR_UNSUPPORTED_OPERATOR:
        return "operator kind unknown or not built into this runtime";
    case KGL_ERROR_ARENA_TOO_SMALL:
        return "arena smaller than the model needs";
    case KGL_ERROR_INDEX:
        return "index out of range";
    default:
        return "unknown status";
    }
}
