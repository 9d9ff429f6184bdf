#!/usr/bin/env python3
"""Sparse vs dense kernels: instructions executed per operator on an emulated Cortex-M core.

For each Keras model and sparsity: `kinglet compile --prune LAYER=S,...` (every CONV_2D,
DEPTHWISE_CONV_2D and FULLY_CONNECTED pruned to exactly S) twice from the same pruned
weights — once stored sparse (the default, format 1.4) and once with `--dense-weights` —
then `kinglet emit-c` and `make count` of targets/ for both (the QEMU insncount plugin;
targets/README.md, "Instruction counts"). Prints per operator the dense and sparse counts
and their ratio, so the peer (the dense kernel on the same weights) runs in the same
command. Also checks that both models give the same output bytes (`kinglet run`).

    python3 benchmarks/sparse_counts.py [KINGLET] [--target cortex-m4]
        [--sparsity 0.5 0.75 0.9] [--models NAME|PATH.keras ...]

NAME is a fixture of Tests/Fixtures/quantization (its NAME.calibration.npy calibrates);
PATH.keras needs PATH.calibration.npy beside it. Counts are instructions, not cycles.
Standard library only.
"""
import argparse
import json
import os
import sys
import tempfile

import cortex_m_counts
from cortex_m_counts import ROOT, kind_names, run

FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "quantization")
DEFAULT_MODELS = ["digits_mlp", "digits_cnn", "digits_dscnn"]
PRUNABLE = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"}


def count(model_dir, target, build):
    """Per-operator counts of `make count` (cortex_m_counts.count without the total)."""
    return cortex_m_counts.count(model_dir, target, build)[0]


def model_paths(name):
    if name.endswith(".keras"):
        return name, name[: -len(".keras")] + ".calibration.npy"
    return (os.path.join(FIXTURES, name + ".keras"),
            os.path.join(FIXTURES, name + ".calibration.npy"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kinglet", nargs="?", default=os.path.join(ROOT, ".build", "release",
                                                                  "kinglet"))
    parser.add_argument("--target", default="cortex-m4")
    parser.add_argument("--sparsity", nargs="+", type=float, default=[0.5, 0.75, 0.9])
    parser.add_argument("--models", nargs="+", default=DEFAULT_MODELS)
    options = parser.parse_args()
    names = kind_names()
    print(f"Instructions per operator on {options.target} (QEMU insncount): dense kernel vs "
          "sparse kernel, same pruned int8 weights.")
    failed = False
    totals = {}  # (kind, sparsity) -> [dense, sparse]
    with tempfile.TemporaryDirectory(prefix="kinglet-sparse-") as tmp:
        build = os.path.join(tmp, "build")
        for model in options.models:
            keras, calibration = model_paths(model)
            label = os.path.basename(keras)[: -len(".keras")]
            canonical = json.loads(run([options.kinglet, "inspect", keras, "--json"]))["canonical"]
            layers = [op["name"] for op in canonical["ops"] if op["kind"] in PRUNABLE]
            for sparsity in options.sparsity:
                prune = ",".join(f"{name}={sparsity}" for name in layers)
                dirs = {}
                try:
                    for variant, extra in (("dense", ["--dense-weights"]), ("sparse", [])):
                        kgl = os.path.join(tmp, f"{label}-{sparsity}-{variant}.kgl")
                        run([options.kinglet, "compile", keras, "--calibration", calibration,
                             "--calibrate", "minmax", "--prune", prune, "-o", kgl] + extra)
                        dirs[variant] = (kgl, os.path.join(tmp, f"{label}-{sparsity}-{variant}"))
                        run([options.kinglet, "emit-c", kgl, "-o", dirs[variant][1], "--name", "m"])
                    dense = count(dirs["dense"][1], options.target, build)
                    sparse = count(dirs["sparse"][1], options.target, build)
                    outputs = []
                    for variant in ("dense", "sparse"):
                        out = os.path.join(tmp, f"{label}-{sparsity}-{variant}.out.npy")
                        run([options.kinglet, "run", dirs[variant][0], "--input", calibration, "-o", out])
                        with open(out, "rb") as f:
                            outputs.append(f.read())
                    if outputs[0] != outputs[1]:
                        raise RuntimeError("dense and sparse models gave different outputs")
                except (RuntimeError, OSError, KeyError, ValueError) as error:
                    print(f"{label} at {sparsity:.0%}: FAILED: {error}")
                    failed = True
                    continue
                sizes = [os.path.getsize(dirs[v][0]) for v in ("dense", "sparse")]
                print(f"\n{label}, every prunable layer at {sparsity:.0%} zeros "
                      f"(.kgl {sizes[0]} B dense, {sizes[1]} B sparse)")
                print(f"  {'op':>3} {'kind':<20} {'dense':>10} {'sparse':>10} {'ratio':>6}")
                for (index, kind, n_dense), (_, _, n_sparse) in zip(dense, sparse):
                    name = names.get(kind, f"kind{kind}")
                    if name not in PRUNABLE:
                        continue
                    pair = totals.setdefault((name, sparsity), [0, 0])
                    pair[0] += n_dense
                    pair[1] += n_sparse
                    print(f"  {index:>3} {name:<20} {n_dense:>10} {n_sparse:>10} "
                          f"{n_sparse / n_dense:>6.2f}")
    print("\nSummed over the models (sparse / dense instructions):")
    for (kind, sparsity), (d, s) in sorted(totals.items()):
        print(f"  {kind:<20} at {sparsity:.0%}: {d:>10} → {s:>10}  ratio {s / d:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
