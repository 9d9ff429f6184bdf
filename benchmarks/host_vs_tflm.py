#!/usr/bin/env python3
"""Kinglet's C runtime against TensorFlow Lite Micro from PyPI on the host, side by side.

For each int8 .tflite given, times one inference with TFLite Micro's Python interpreter
(`pip install tflite-micro`; its `invoke()` around the C++ interpreter) and with
`kinglet bench` (the C runtime as a firmware has it, x86_64 target), both on the same input
(byte j = (j * 73 + 41) mod 256, kinglet bench's pattern), each the median of RUNS timed
inferences after a warm-up, and prints milliseconds and the ratio TFLM / kinglet.

    python3 -m venv ~/tflm && ~/tflm/bin/pip install tflite-micro
    swift build -c release
    ~/tflm/bin/python benchmarks/host_vs_tflm.py MODEL.tflite... [--runs N] [--cflags FLAGS]

--cflags is passed to `kinglet bench` (e.g. "-O3 -march=native"; the default is the x86_64
target's -O2). Run on an idle machine: the two timings alternate model by model, but other
load still moves both.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from tflm_comparison import kinglet_executable


def tflm_ms(path, runs, warmup):
    import numpy as np
    from tflite_micro.python.tflite_micro import runtime

    interpreter = runtime.Interpreter.from_file(path, arena_size=16 << 20)
    inputs = []
    i = 0
    while True:  # every input: get_input_details raises past the last
        saved = os.dup(2)  # TFLite Micro prints that to stderr first; keep it off the table
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        try:
            details = interpreter.get_input_details(i)
        except Exception:
            break
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)
        i += 1
        count = int(np.prod(details["shape"]))
        pattern = ((np.arange(count) * 73 + 41) % 256).astype(np.uint8)
        inputs.append(pattern.view(details["dtype"]).reshape(details["shape"]))
    times = []
    if not inputs:
        raise RuntimeError(f"{path}: TFLite Micro reports no inputs")
    for n in range(warmup + runs):
        for i, x in enumerate(inputs):
            interpreter.set_input(x, i)
        start = time.perf_counter_ns()
        interpreter.invoke()
        elapsed = time.perf_counter_ns() - start
        if n >= warmup:
            times.append(elapsed)
    times.sort()
    return times[len(times) // 2] / 1e6


def kinglet_ms(kinglet, path, runs, warmup, cflags):
    args = [kinglet, "bench", path, "--json", "--runs", str(runs), "--warmup", str(warmup)]
    if cflags:
        args += ["--cflags", cflags]
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip()}")
    report = json.loads(result.stdout)
    return report["ms_per_inference"], report["kernel_variant"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", help="int8 .tflite models")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--cflags", default="", help="added to kinglet bench's C flags")
    parser.add_argument("--kinglet", default=None, help="the kinglet executable")
    options = parser.parse_args()
    kinglet = kinglet_executable(options.kinglet)
    print(f"{'model':32} {'TFLM ms':>9} {'kinglet ms':>11} {'TFLM/kinglet':>13}  kinglet variant, flags")
    for path in options.models:
        tflm = tflm_ms(path, options.runs, options.warmup)
        ours, variant = kinglet_ms(kinglet, path, options.runs, options.warmup, options.cflags)
        name = os.path.basename(path)
        print(f"{name:32} {tflm:9.3f} {ours:11.3f} {tflm / ours:12.2f}x  {variant}, "
              f"{options.cflags or 'target flags (-O2)'}")


if __name__ == "__main__":
    main()
