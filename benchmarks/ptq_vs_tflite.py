#!/usr/bin/env python3
"""Kinglet's post-training int8 quantization against the TensorFlow Lite converter's.

For every model in Tests/Fixtures/quantization (Keras models trained on real scikit-learn
data, with the converter's full-integer .tflite made from the same 128 calibration
samples, and TFLite Micro's outputs of it), runs in one command:
  kinglet compile MODEL.keras --calibration CALIB.npy   (automatic method choice)
  kinglet run OUT.kgl --input EVAL_X.npy --dequantize   (C runtime)
  kinglet verify OUT.kgl --input EVAL_X.npy              (C == Swift, every byte)
and prints, on the held-out evaluation set: float accuracy, Kinglet int8 accuracy, TF int8
accuracy, output SQNR of each against the float model (dB) and their difference, and the
.kgl / .tflite sizes.

    swift build -c release && python3 benchmarks/ptq_vs_tflite.py [--calibrate METHOD] [--only NAME]

Needs numpy only (the TensorFlow outputs were recorded by make_fixtures.py).
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "quantization")


def kinglet():
    for build in ("release", "debug"):
        path = os.path.join(ROOT, ".build", build, "kinglet")
        if os.path.exists(path):
            return path
    sys.exit("build kinglet first: swift build -c release")


def sqnr(reference, test):
    reference = reference.astype(np.float64)
    noise = np.sum((reference - test.astype(np.float64)) ** 2)
    return float("inf") if noise == 0 else 10 * np.log10(np.sum(reference ** 2) / noise)


def main():
    args = sys.argv[1:]
    extra = []
    only = None
    if "--calibrate" in args:
        extra = ["--calibrate", args[args.index("--calibrate") + 1]]
    if "--only" in args:
        only = args[args.index("--only") + 1]
    manifest = json.load(open(os.path.join(FIXTURES, "manifest.json")))
    tool = kinglet()
    rows, worse = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for entry in manifest["models"] if "models" in manifest else manifest["fixtures"]:
            name = entry["name"]
            if only and name != only:
                continue
            path = lambda suffix: os.path.join(FIXTURES, f"{name}.{suffix}")
            kgl = os.path.join(tmp, f"{name}.kgl")
            compiled = subprocess.run([tool, "compile", path("keras"), "--calibration", path("calibration.npy"),
                                       "-o", kgl, "--report", os.path.join(tmp, f"{name}.json")] + extra,
                                      capture_output=True, text=True)
            if compiled.returncode != 0:
                rows.append((name, compiled.stderr.strip()))
                continue
            report = json.load(open(os.path.join(tmp, f"{name}.json")))
            out = os.path.join(tmp, f"{name}.out.npy")
            ran = subprocess.run([tool, "run", kgl, "--input", path("eval_x.npy"), "-o", out, "--dequantize"],
                                 capture_output=True, text=True)
            if ran.returncode != 0:
                rows.append((name, ran.stderr.strip()))
                continue
            verified = subprocess.run([tool, "verify", kgl, "--input", path("eval_x.npy")], capture_output=True, text=True)
            ours = np.load(out)
            reference = np.load(path("float_output.npy"))
            theirs = np.load(path("tf_int8_output.npy"))
            ours_sqnr, tf_sqnr = sqnr(reference, ours), sqnr(reference, theirs)
            accuracy = lambda y: None
            if os.path.exists(path("eval_y.npy")):
                labels = np.load(path("eval_y.npy"))
                accuracy = lambda y: 100.0 * float(np.mean(np.argmax(y.reshape(len(labels), -1), axis=1) == labels))
            worse += ours_sqnr < tf_sqnr - 1.0
            rows.append(dict(name=name, method=report["method"], float_acc=accuracy(reference), ours_acc=accuracy(ours),
                             tf_acc=accuracy(theirs), ours_sqnr=ours_sqnr, tf_sqnr=tf_sqnr,
                             verify="OK" if verified.returncode == 0 else "MISMATCH",
                             kgl=os.path.getsize(kgl), tflite=os.path.getsize(path("tf_int8.tflite"))))
    fmt = lambda v: "-" if v is None else f"{v:.1f}"
    print(f"{'model':<18} {'method':<17} {'float%':>7} {'ours%':>7} {'tf%':>7} {'ours dB':>8} {'tf dB':>8} {'Δ dB':>6} "
          f"{'verify':>8} {'.kgl B':>8} {'.tflite B':>9} {'ratio':>6}")
    for row in rows:
        if isinstance(row, tuple):
            print(f"{row[0]:<18} ERROR {row[1]}")
            continue
        print(f"{row['name']:<18} {row['method']:<17} {fmt(row['float_acc']):>7} {fmt(row['ours_acc']):>7} {fmt(row['tf_acc']):>7} "
              f"{row['ours_sqnr']:>8.1f} {row['tf_sqnr']:>8.1f} {row['ours_sqnr'] - row['tf_sqnr']:>+6.1f} {row['verify']:>8} "
              f"{row['kgl']:>8} {row['tflite']:>9} {row['kgl'] / row['tflite']:>6.2f}")
    failures = sum(isinstance(r, tuple) or r["verify"] != "OK" for r in rows)
    print(f"\n{worse} model(s) more than 1 dB below the TensorFlow converter; {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
