#!/bin/sh
# amalgamate.sh: the runtime as two files, for builds that take single sources (Arduino
# libraries, quick experiments):
#
#   runtime-c/tools/amalgamate.sh OUT_DIR      writes OUT_DIR/kinglet.h and OUT_DIR/kinglet.c
#
# kinglet.h is kgl_config.h (with kgl_operator_selection.h in its place) + kgl_format.h +
# kinglet.h (the public API, unchanged); kinglet.c is the internal headers and every source
# file (core, operators, kernels), in one translation unit. The options of kgl_config.h
# (KGL_ENABLE_FLOAT, KGL_SELECT_OPERATORS, KGL_CONFIG_HEADER, ...) work as with the separate
# files. Regenerate after changing runtime-c; do not edit.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 OUT_DIR" >&2; exit 64; }
here=$(cd "$(dirname "$0")/.." && pwd)
out=$1
mkdir -p "$out"
# Project headers are pasted in dependency order, so their #include "..." lines go; system
# headers (<...>) stay.
strip() { sed -e '/^#include "/d' "$@"; }
# The internal headers in dependency order (each after the headers it includes).
headers="kgl_kernel_variant.h kgl_dot_s8.h kgl_requantize.h kgl_fixedpoint.h kgl_broadcast.h kgl_reduce.h kgl_sparse.h
kgl_affine_quantize.h kgl_kernels.h kgl_residual.h kgl_internal.h kgl_pool2d.h"
version=$(sed -n 's/^#define KGL_VERSION_MAJOR \([0-9]*\)/\1/p' "$here/include/kgl_format.h").$(sed -n 's/^#define KGL_VERSION_MINOR \([0-9]*\)/\1/p' "$here/include/kgl_format.h")

{
    echo "/* kinglet.h: the Kinglet C runtime's public header, amalgamated by runtime-c/tools/amalgamate.sh"
    echo "   (.kgl format $version). Do not edit; regenerate from runtime-c. */"
    # kgl_config.h includes the selection defaults after KGL_CONFIG_HEADER: keep that order.
    sed -e '/^#include "kgl_operator_selection.h"/{' -e "r $here/include/kgl_operator_selection.h" -e 'd' -e '}' \
        "$here/include/kgl_config.h" | strip
    strip "$here/include/kgl_format.h" "$here/include/kinglet.h"
} > "$out/kinglet.h.tmp"

{
    echo "/* kinglet.c: the Kinglet C runtime in one file, amalgamated by runtime-c/tools/amalgamate.sh"
    echo "   (.kgl format $version). Compile as C99 with kinglet.h beside it. Do not edit. */"
    echo '#include "kinglet.h"'
    strip $(for h in $headers; do echo "$here/src/$h"; done)
    for f in "$here"/src/*.c "$here"/src/operators/*.c "$here"/src/kernels/*.c; do
        echo "/* ---- ${f#"$here"/} ---- */"
        strip "$f"
    done
} > "$out/kinglet.c.tmp"

# Every project header must have been pasted: a new one has to be added above.
for h in "$here"/src/*.h; do
    name=$(basename "$h")
    case " $(echo $headers) " in
    *" $name "*) ;;
    *) echo "$0: runtime-c/src/$name is not in the amalgamation; add it in dependency order" >&2
       rm -f "$out/kinglet.h.tmp" "$out/kinglet.c.tmp"; exit 1 ;;
    esac
done
mv "$out/kinglet.h.tmp" "$out/kinglet.h"
mv "$out/kinglet.c.tmp" "$out/kinglet.c"
echo "$out/kinglet.h, $out/kinglet.c"
