#!/usr/bin/env bash
# The main job on the bundled example: compile the DS-CNN keyword-spotting model (int8
# .tflite from the TensorFlow Lite converter, see README.md here) to .kgl, inspect it, run
# three recorded inputs through the C runtime and the Swift interpreter, check both engines
# operator by operator, and compare with the outputs TensorFlow Lite Micro gave.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kinglet=${KINGLET:-$here/../../.build/debug/kinglet}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$kinglet" compile "$here/ds_cnn.tflite" -o "$out/ds_cnn.kgl"
"$kinglet" inspect "$out/ds_cnn.kgl"
echo
for engine in c swift; do
  "$kinglet" run "$out/ds_cnn.kgl" --input "$here/input.npy" -o "$out/$engine.npy" --engine "$engine"
  if cmp -s "$out/$engine.npy" "$here/tflm_output.npy"; then
    echo "$engine engine: outputs identical to TensorFlow Lite Micro's (tflm_output.npy)"
  else
    echo "$engine engine: outputs DIFFER from TensorFlow Lite Micro's" >&2
    exit 1
  fi
done
"$kinglet" verify "$out/ds_cnn.kgl" --input "$here/input.npy"
