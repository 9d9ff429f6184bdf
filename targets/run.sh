#!/bin/sh
# run.sh: runs a kinglet-harness ELF for one target.
#
#   targets/run.sh TARGET HARNESS_ELF WORKDIR [TIMEOUT_SECONDS]
#
# Runs HARNESS_ELF (built by `make -C targets TARGET=...`) under QEMU (Cortex-M:
# qemu-system-arm with semihosting; aarch64-linux: qemu-aarch64) or natively (x86_64),
# with WORKDIR as the current directory: the harness reads model.kgl and input.bin there
# and writes output.bin. The run is bounded by `timeout --kill-after=5` (default 60 s).
#
# Exit status: the harness's own (0, 2, 3, 4, 99; see README.md); 124 when the timeout
# stopped it; 64 for a usage error of this script.
set -u

usage() {
    echo "usage: $0 TARGET HARNESS_ELF WORKDIR [TIMEOUT_SECONDS]" >&2
    exit 64
}

[ $# -ge 3 ] && [ $# -le 4 ] || usage
target=$1
elf=$2
workdir=$3
limit=${4:-60}
here=$(cd "$(dirname "$0")" && pwd)

[ -f "$here/$target/target.mk" ] || { echo "$0: unknown target '$target'" >&2; usage; }
[ -f "$elf" ] || { echo "$0: no such file: $elf" >&2; usage; }
[ -d "$workdir" ] || { echo "$0: no such directory: $workdir" >&2; usage; }
case $elf in
/*) ;;
*) elf=$(pwd)/$elf ;;  # the run changes directory
esac

# The emulator command lives in TARGET/target.mk (RUN); ask make for it. MAKEFLAGS from a
# calling make must not leak in (e.g. -n would print nothing).
run=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    make -s --no-print-directory -C "$here" TARGET="$target" print-run) || exit 64

cd "$workdir" || exit 64
# $run is split into words on purpose (it holds no quoted arguments). Stdin must be open
# (QEMU fails on a closed one) but must not be the caller's terminal.
# shellcheck disable=SC2086
timeout --kill-after=5 "$limit" $run "$elf" </dev/null
status=$?
# 137: the guest ignored SIGTERM and timeout had to send SIGKILL; still a timeout.
[ $status -eq 137 ] && status=124
exit $status
