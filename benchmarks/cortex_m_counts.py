#!/usr/bin/env python3
"""Instructions executed per operator of a few fixture models on an emulated Cortex-M core.

For each model: `kinglet emit-c` into a temporary directory, then `make count` of targets/
(the model linked into a firmware that runs each operator between two marker functions,
under qemu-system-arm with the insncount plugin; targets/README.md, "Instruction counts").
Prints per model the operators, the instructions summed per operator kind, the total and
the instructions per multiply-accumulate (MACs from `kinglet inspect --json`).

These are the DENSE kernels of the runtime: the baseline that sparse kernels will be
compared with. Counts are exact and repeatable for one build (compare only counts made the
same way); they are instructions, not cycles.

    python3 benchmarks/cortex_m_counts.py [KINGLET] [--target cortex-m4] [--check]
                                          [--json COUNTS.json] [--models MODEL ...]

--json also writes every operator's count ({model: {"total": N, "ops": [[kind, count], ...]}}),
for comparing two runtimes operator by operator: run the script of each checkout (its
targets/ and runtime-c/ are the ones counted) with the same KINGLET and models.

Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "tflite")
TARGETS = os.path.join(ROOT, "targets")
FORMAT_HEADER = os.path.join(ROOT, "runtime-c", "include", "kgl_format.h")
DEFAULT_MODELS = ["ds_cnn", "conv2d_3x3_same_s1", "fc_12_to_7", "fc_64_to_13_relu",
                  "mobilenet_v1"]


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}:\n{result.stderr.strip()[-2000:]}")
    return result.stdout


def kind_names():
    """KGL_OP_* codes of kgl_format.h -> names (CONV_2D, ...)."""
    names = {}
    with open(FORMAT_HEADER) as header:
        for line in header:
            match = re.match(r"#define KGL_OP_(\w+) (\d+)\s*$", line)
            if match:
                names[int(match.group(2))] = match.group(1)
    return names


def count(model_dir, target, build):
    """Runs `make count`; returns ([(index, kind, count)], total)."""
    out = run(["make", "-s", "-C", TARGETS, f"TARGET={target}", "count",
               f"MODEL_DIR={model_dir}", "MODEL_NAME=m", f"BUILD={build}"])
    ops, total = [], None
    for line in out.splitlines():
        fields = line.split()
        if fields[0] == "op":
            ops.append(tuple(int(x) for x in fields[1:4]))
        elif fields[0] == "total":
            total = int(fields[1])
    if total is None or total != sum(op[2] for op in ops):
        raise RuntimeError(f"make count gave unexpected output:\n{out}")
    return ops, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kinglet", nargs="?", default=os.path.join(ROOT, ".build", "release",
                                                                  "kinglet"))
    parser.add_argument("--target", default="cortex-m4", help="a Cortex-M TARGET of targets/")
    parser.add_argument("--check", action="store_true",
                        help="run each model twice and fail unless the counts are identical")
    parser.add_argument("--json", metavar="PATH",
                        help="also write every operator's count to PATH as JSON")
    parser.add_argument("--models", nargs="+", default=DEFAULT_MODELS,
                        help="fixture names in Tests/Fixtures/tflite (without .tflite)")
    options = parser.parse_args()
    names = kind_names()

    print(f"Instruction counts on {options.target} (QEMU TCG plugin, exact): DENSE kernels,")
    print("the baseline for the sparse kernels. Input: fixed pattern (targets/common/count_main.c).")
    print()
    header = f"{'model':<20} {'ops':>4} {'total instr':>12} {'MACs':>10} {'instr/MAC':>9}  per kind"
    print(header)
    print("-" * len(header))
    failed = False
    per_operator = {}
    with tempfile.TemporaryDirectory(prefix="kinglet-counts-") as tmp:
        build = os.path.join(tmp, "build")  # own BUILD: no clash with targets/build
        for model in options.models:
            tflite = os.path.join(FIXTURES, model + ".tflite")
            model_dir = os.path.join(tmp, model)
            try:
                run([options.kinglet, "emit-c", tflite, "-o", model_dir, "--name", "m"])
                macs = json.loads(run([options.kinglet, "inspect", tflite, "--json"]))["macs"]
                start = time.monotonic()
                ops, total = count(model_dir, options.target, build)
                seconds = time.monotonic() - start
                if options.check and count(model_dir, options.target, build) != (ops, total):
                    raise RuntimeError("two runs gave different counts")
            except (RuntimeError, OSError, KeyError, ValueError) as error:
                print(f"{model:<20} FAILED: {error}")
                failed = True
                continue
            per_operator[model] = {"total": total, "ops": [[kind, n] for _, kind, n in ops]}
            per_kind = {}
            for _, kind, n in ops:
                name = names.get(kind, f"kind{kind}")
                per_kind[name] = per_kind.get(name, 0) + n
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(per_kind.items(),
                                                            key=lambda kv: -kv[1]))
            per_mac = f"{total / macs:.2f}" if macs else "-"
            print(f"{model:<20} {len(ops):>4} {total:>12} {macs:>10} {per_mac:>9}  {kinds}"
                  f"  [build+run {seconds:.1f} s]")
    if options.json:
        with open(options.json, "w") as out:
            json.dump(per_operator, out, indent=1)
    print()
    print("instr/MAC counts every instruction of the model (also MEAN, SOFTMAX, ...) per MAC.")
    if options.check and not failed:
        print("--check: two runs per model gave identical counts.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
