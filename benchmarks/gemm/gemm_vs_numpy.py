#!/usr/bin/env python3
"""GFLOP/s of numpy's float32 matmul (OpenBLAS) and, with --tf, TensorFlow's (Eigen) on the
shapes FloatGemmBenchmarkTests measures, so the two tables can be compared line by line.

    ~/fixenv/bin/python benchmarks/gemm/gemm_vs_numpy.py             # all cores
    ~/fixenv/bin/python benchmarks/gemm/gemm_vs_numpy.py --threads 1
"""
import argparse
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=0, help="BLAS threads (0: library default)")
parser.add_argument("--tf", action="store_true", help="also time tf.linalg.matmul")
args = parser.parse_args()
if args.threads:
    # Must be set before numpy (and its OpenBLAS) is loaded.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(args.threads)

import numpy as np  # noqa: E402

SHAPES = [(4096, 64, 576), (1024, 256, 2304), (64, 10, 1024), (12544, 32, 27),
          (576, 64, 4096), (4096, 576, 64), (2304, 256, 1024)]
TRANSPOSES = [(False, False), (True, False), (False, True)]


def best_seconds(run, flops, rounds=3):
    repeats = max(3, int(5e8 / flops))
    best = float("inf")
    run()
    for _ in range(rounds * 3):
        start = time.perf_counter()
        for _ in range(repeats):
            run()
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


def main():
    tf = None
    if args.tf:
        import tensorflow as tf  # noqa: F811
        if args.threads:
            tf.config.threading.set_intra_op_parallelism_threads(args.threads)
            tf.config.threading.set_inter_op_parallelism_threads(1)
    print("     m    n     k  tA tB    numpy" + ("       tf" if tf else ""))
    rng = np.random.default_rng(0)
    for m, n, k in SHAPES:
        for ta, tb in TRANSPOSES:
            # Stored like FloatGemm's operands: A is k×m when transposed, B is n×k.
            a = rng.uniform(-1, 1, (k, m) if ta else (m, k)).astype(np.float32)
            b = rng.uniform(-1, 1, (n, k) if tb else (k, n)).astype(np.float32)
            op_a, op_b = (a.T if ta else a), (b.T if tb else b)
            c = np.empty((m, n), np.float32)
            flops = 2.0 * m * n * k
            line = f"{m:6d} {n:4d} {k:5d}  {int(ta)}  {int(tb)} {flops / best_seconds(lambda: np.matmul(op_a, op_b, out=c), flops) / 1e9:8.1f}"
            if tf:
                ta_, tb_ = tf.constant(a), tf.constant(b)
                run = lambda: tf.linalg.matmul(ta_, tb_, transpose_a=ta, transpose_b=tb).numpy()
                line += f" {flops / best_seconds(run, flops) / 1e9:8.1f}"
            print(line, flush=True)


main()
