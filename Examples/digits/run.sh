#!/usr/bin/env bash
# The main job on a bundled Keras model: a small CNN trained on scikit-learn's handwritten
# digits (digits_cnn.keras, see README.md here) is imported without Python, checked against
# its float outputs, quantized to int8 with calibration data, measured on held-out digits,
# run on the C runtime and verified byte for byte against the Swift interpreter.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kinglet=${KINGLET:-$here/../../.build/debug/kinglet}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$kinglet" inspect "$here/digits_cnn.keras" | tail -n 12
echo
"$kinglet" compile "$here/digits_cnn.keras" --calibration "$here/calibration.npy" \
  --eval "$here/eval_x.npy" --labels "$here/eval_y.npy" -o "$out/digits.kgl"
echo
"$kinglet" run "$out/digits.kgl" --input "$here/eval_x.npy" -o "$out/probabilities.npy" --dequantize
echo "int8 outputs of $(basename "$here")/eval_x.npy written by the C runtime"
"$kinglet" verify "$out/digits.kgl" --input "$here/eval_x.npy"
echo
# Pruned: half of the weights (the smallest, one global threshold) set to zero before
# quantization. The report measures size, MACs, arena and accuracy after each stage; the
# pruned weights are stored sparse and the kernels skip the zeros.
"$kinglet" compile "$here/digits_cnn.keras" --calibration "$here/calibration.npy" \
  --eval "$here/eval_x.npy" --labels "$here/eval_y.npy" --prune sparsity=0.5 \
  -o "$out/digits-pruned.kgl" | grep -E "^  (stages|evaluation|magnitude)|^    (float model|magnitude pruning|int8 .kgl)"
"$kinglet" verify "$out/digits-pruned.kgl" --input "$here/eval_x.npy"
echo
# Pruned to 75 % and fine-tuned in Swift on the 1 257 training images (train_x/train_y.npy):
# one-shot pruning alone loses about 25 points here; two epochs of fine-tuning with the
# pruned weights held at zero win most of them back.
"$kinglet" compile "$here/digits_cnn.keras" --calibration "$here/calibration.npy" \
  --eval "$here/eval_x.npy" --eval-labels "$here/eval_y.npy" --prune sparsity=0.75 \
  --fine-tune "$here/train_x.npy" --labels "$here/train_y.npy" --epochs 2 --seed 1 \
  -o "$out/digits-fine-tuned.kgl" | grep -E "^  (stages|evaluation|fine-tuning)|^    (float model|magnitude pruning|int8 .kgl)"
"$kinglet" verify "$out/digits-fine-tuned.kgl" --input "$here/eval_x.npy"
