#!/bin/sh
# count_mlperf.sh: executed instructions per operator of the four MLPerf Tiny int8 models
# (kws, vww, resnet, ad01) on one Cortex-M target, through `make -C targets count`.
#
#   benchmarks/count_mlperf.sh [TARGET] [KGL_DIR]
#       TARGET   a Cortex-M target of targets/ (default cortex-m4)
#       KGL_DIR  holds kws.kgl vww.kgl resnet.kgl ad01.kgl (default /work/bench), made by
#                `kinglet compile` from mlcommons/tiny's benchmark/training/.../
#                kws_ref_model.tflite, vww_96_int8.tflite, pretrainedResnet_quant.tflite,
#                ad01_int8.tflite
#
# Environment:
#   EXTRA_CFLAGS   extra C flags for the runtime and firmware (e.g. -DKGL_PORTABLE=1: the
#                  portable kernel variant), the targets Makefile's variable of that name
#   KINGLET        the kinglet CLI (default .build/debug/kinglet of this repository)
#   RUNTIME_TREE   the tree whose targets/ and runtime-c/ are built (default this repository;
#                  e.g. a `git archive HEAD` copy, to count committed kernels while the
#                  working tree is being edited)
#   COUNT_ROOT     where builds go (default /tmp/kinglet-count-mlperf); one BUILD directory per
#                  TARGET + EXTRA_CFLAGS (+ RUNTIME_TREE when set): COUNT_ROOT/TARGET-default,
#                  else COUNT_ROOT/TARGET-<md5 of EXTRA_CFLAGS and RUNTIME_TREE, 10 digits>
#   MODELS         which models, in order (default "kws vww resnet ad01")
#
# stdout, per model: its operators, one line each
#   MODEL op INDEX KIND COUNT MACS
# (INDEX, KIND and COUNT as `make count` prints them, KIND as the KGL_OP_* name; MACS from
# `kinglet inspect`), then one line
#   MODEL total COUNT macs MACS per_mac COUNT/MACS
# and at the end "time SECONDS". The build and the runs go to stderr. Exit status 1 when a
# model fails (the other models still run).
set -u

TARGET=${1:-cortex-m4}
KGL_DIR=${2:-/work/bench}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
MODELS=${MODELS:-kws vww resnet ad01}
REPO=$(cd "$(dirname "$0")/.." && pwd)
KINGLET=${KINGLET:-$REPO/.build/debug/kinglet}
TREE_SET=${RUNTIME_TREE:+yes}
RUNTIME_TREE=$(cd "${RUNTIME_TREE:-$REPO}" 2>/dev/null && pwd) || {
    echo "count_mlperf: no directory RUNTIME_TREE=$RUNTIME_TREE" >&2; exit 64; }
[ -f "$RUNTIME_TREE/targets/Makefile" ] || {
    echo "count_mlperf: no targets/Makefile in $RUNTIME_TREE" >&2; exit 64; }
COUNT_ROOT=${COUNT_ROOT:-/tmp/kinglet-count-mlperf}

case $TARGET in
    cortex-m*) ;;
    *) echo "count_mlperf: TARGET must be a Cortex-M target (count runs under QEMU)" >&2; exit 64 ;;
esac
[ -x "$KINGLET" ] || { echo "count_mlperf: no kinglet at $KINGLET (swift build)" >&2; exit 64; }
KGL_DIR=$(cd "$KGL_DIR" 2>/dev/null && pwd) || { echo "count_mlperf: no directory $2" >&2; exit 64; }

if [ -z "$EXTRA_CFLAGS" ] && [ -z "$TREE_SET" ]; then
    flavour=default
else
    flavour=$(printf '%s\n%s' "$EXTRA_CFLAGS" "${TREE_SET:+$RUNTIME_TREE}" | md5sum | cut -c1-10)
fi
BUILD=$COUNT_ROOT/$TARGET-$flavour
mkdir -p "$BUILD" || exit 1
printf 'EXTRA_CFLAGS=%s\nRUNTIME_TREE=%s\n' "$EXTRA_CFLAGS" "$RUNTIME_TREE" > "$BUILD/settings"

set -- TARGET="$TARGET" BUILD="$BUILD" EXTRA_CFLAGS="$EXTRA_CFLAGS"

# KGL_OP_* code -> name, from the runtime's format header.
OPNAMES=$(awk '$1 == "#define" && $2 ~ /^KGL_OP_/ { sub("KGL_OP_", "", $2); print $3, $2 }' \
    "$RUNTIME_TREE/runtime-c/include/kgl_format.h")

start=$(date +%s.%N)
status=0
if git -C "$RUNTIME_TREE" rev-parse --show-toplevel 2>/dev/null | grep -qxF "$RUNTIME_TREE"; then
    tree="$(git -C "$RUNTIME_TREE" rev-parse --short HEAD)$(git -C "$RUNTIME_TREE" status \
        --porcelain -- runtime-c targets | grep -q . && echo +uncommitted-changes)"
else
    tree="$RUNTIME_TREE (not a git checkout)"
fi
echo "# target=$TARGET EXTRA_CFLAGS='$EXTRA_CFLAGS' BUILD=$BUILD runtime=$tree"
for m in $MODELS; do
    kgl=$KGL_DIR/$m.kgl
    dir=$BUILD/emit-$m
    if [ ! -f "$kgl" ]; then echo "count_mlperf: no $kgl" >&2; status=1; continue; fi
    # emit-c into a staging folder; only changed files are copied, so that an unchanged
    # model keeps its timestamps and make does not rebuild the runtime and model array.
    "$KINGLET" emit-c "$kgl" -o "$dir.new" --name "$m" >&2 || { status=1; continue; }
    mkdir -p "$dir"
    for f in "$dir.new"/*; do
        cmp -s "$f" "$dir/${f##*/}" || cp "$f" "$dir/${f##*/}"
    done
    rm -rf "$dir.new"
    counts=$(make -s --no-print-directory -C "$RUNTIME_TREE/targets" count \
        MODEL_DIR="$dir" MODEL_NAME="$m" "$@") || {
        echo "count_mlperf: $m failed on $TARGET" >&2; status=1; continue; }
    # inspect's table: "INDEX OPERATOR SHAPE... MACS ..." (MACS is the field after "]").
    macs=$("$KINGLET" inspect "$kgl" | awk '$1 ~ /^[0-9]+$/ && NF > 3 {
        for (i = 3; i <= NF; i++) if ($i ~ /\]$/) { print $1, $(i + 1); break } }')
    printf '%s\n' "$OPNAMES" "--" "$macs" "--" "$counts" | awk -v m="$m" '
        $0 == "--" { part++; next }
        part == 0 { name[$1] = $2; next }
        part == 1 { mac[$1] = $2; next }
        $1 == "op" { k = ($3 in name) ? name[$3] : "KIND" $3
                     printf "%s op %d %s %d %d\n", m, $2, k, $4, mac[$2]; macs += mac[$2] }
        $1 == "total" { printf "%s total %d macs %d per_mac %.2f\n", m, $2, macs,
                        macs ? $2 / macs : 0 }'
done
echo "time $(echo "$(date +%s.%N) $start" | awk '{ printf "%.1f", $1 - $2 }')"
exit $status
