#!/usr/bin/env python3
"""Kinglet's float reference interpreter against Keras's model.predict, per fixture.

For every model file in Tests/Fixtures/keras (Keras 3 .keras and .h5, tf.keras .h5), runs
`kinglet run` on the recorded inputs and prints the largest |kinglet - Keras| relative to
the output's largest |Keras| value (issue 3's bar: 1e-4), plus the run time of kinglet.

    swift build -c release && python3 benchmarks/keras_float_accuracy.py [--models-only]

Needs numpy only (no TensorFlow): the Keras outputs were recorded by make_fixtures.py.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "keras")


def kinglet():
    for build in ("release", "debug"):
        path = os.path.join(ROOT, ".build", build, "kinglet")
        if os.path.exists(path):
            return path
    sys.exit("build kinglet first: swift build -c release")


def arrays(name, stem):
    single = os.path.join(FIXTURES, f"{name}.{stem}.npy")
    if os.path.exists(single):
        return [single]
    found, i = [], 0
    while os.path.exists(os.path.join(FIXTURES, f"{name}.{stem}{i}.npy")):
        found.append(os.path.join(FIXTURES, f"{name}.{stem}{i}.npy"))
        i += 1
    return found


def main():
    models_only = "--models-only" in sys.argv
    manifest = json.load(open(os.path.join(FIXTURES, "manifest.json")))
    tool = kinglet()
    worst_overall, failures, rows = 0.0, 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for fixture in manifest["fixtures"]:
            name = fixture["name"]
            if models_only and fixture["kind"] != "model":
                continue
            inputs = arrays(name, "input")
            errors = {}
            seconds = {}
            for flavour, file in (("keras", f"{name}.keras"), ("h5", f"{name}.h5"), ("tf.keras h5", f"{name}.tfkeras.h5")):
                path = os.path.join(FIXTURES, file)
                if not os.path.exists(path):
                    continue
                expected = (arrays(name, "tfkeras.output") if flavour == "tf.keras h5" else []) or arrays(name, "output")
                out = os.path.join(tmp, "y.npy")
                command = [tool, "run", path, "-o", out] + sum((["--input", i] for i in inputs), [])
                start = time.perf_counter()
                result = subprocess.run(command, capture_output=True, text=True)
                seconds[flavour] = time.perf_counter() - start
                if result.returncode != 0:
                    errors[flavour] = result.stderr.strip()
                    failures += 1
                    continue
                worst = 0.0
                for index, reference in enumerate(expected):
                    ours = np.load(out if index == 0 else out[:-4] + f".{index}.npy")
                    keras = np.load(reference)
                    if ours.shape != keras.shape:
                        errors[flavour] = f"shape {ours.shape} != Keras {keras.shape}"
                        break
                    scale = max(float(np.abs(keras).max()), np.finfo(np.float32).tiny)
                    worst = max(worst, float(np.abs(ours.astype(np.float64) - keras).max()) / scale)
                else:
                    errors[flavour] = worst
                    worst_overall = max(worst_overall, worst)
                    failures += worst > 1e-4
            rows.append((name, fixture["kind"], errors, seconds))
    print(f"{'fixture':<24} {'kind':<6} {'.keras':>10} {'.h5':>10} {'tf.keras':>10}  kinglet run s")
    for name, kind, errors, seconds in rows:
        cells = []
        for flavour in ("keras", "h5", "tf.keras h5"):
            value = errors.get(flavour)
            cells.append("-" if value is None else (f"{value:.1e}" if isinstance(value, float) else "ERROR"))
        time_text = " ".join(f"{seconds[f]:.2f}" for f in seconds)
        print(f"{name:<24} {kind:<6} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10}  {time_text}")
        for flavour, value in errors.items():
            if isinstance(value, str):
                print(f"    {flavour}: {value}")
    print(f"\nworst relative error {worst_overall:.2e} (bar 1e-4); {failures} file(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
