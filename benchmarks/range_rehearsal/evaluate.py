#!/usr/bin/env python3
"""Runs the range-method rehearsal: kinglet's automatic choice against min/max and the
TensorFlow Lite converter, out of sample, on the models make_models.py trained.

For every model, calibration-set size n (16, 32, 64) and seed (0, 1, 2), n images are drawn
from the model's calibration pool and
  kinglet compile model.keras --calibration C.npy --report auto.json     (automatic choice)
  kinglet compile model.keras --calibration C.npy --calibrate METHOD     (each of the four)
  the TF converter, full integer, with the same n images as representative dataset
are each run on the model's test images (kinglet run --dequantize; the converter's .tflite
through kinglet run too, which is TFLite Micro's arithmetic), and the output SQNR against the
float Keras outputs and the int8 accuracy are recorded in DIR/results.json (resumable).
The automatic compile's report holds every candidate's held-out error per calibration
sample, so summarize.py can also replay other rules on the same measurements.

    python3 evaluate.py --models DIR [--kinglet PATH] [--only NAME ...] [--sizes 16 32 64] [--seeds 0 1 2]

Needs TensorFlow (for the converter) and a release build of kinglet.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
METHODS = ["minmax", "percentile", "mse", "entropy"]


def sqnr(reference, test):
    reference = reference.astype(np.float64)
    noise = np.sum((reference - test.astype(np.float64)) ** 2)
    return float("inf") if noise == 0 else float(10 * np.log10(np.sum(reference ** 2) / noise))


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def measure(kinglet, model, folder, reference, labels):
    """Runs MODEL (.kgl or .tflite) on the test images; SQNR against float, accuracy."""
    out = os.path.join(folder, "out.npy")
    run([kinglet, "run", model, "--input", os.path.join(folder, "..", "test_x.npy"), "-o", out, "--dequantize"])
    outputs = np.load(out)
    return {"sqnr": sqnr(reference, outputs), "accuracy": float(np.mean(np.argmax(outputs, axis=1) == labels))}


def convert(keras_model, calibration, path):
    import tensorflow as tf
    converter = tf.lite.TFLiteConverter.from_keras_model(keras_model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = lambda: ([sample[None]] for sample in calibration)
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    with open(path, "wb") as f:
        f.write(converter.convert())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", required=True)
    parser.add_argument("--kinglet", default=os.path.join(ROOT, ".build", "release", "kinglet"))
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--sizes", nargs="*", type=int, default=[16, 32, 64])
    parser.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    args = parser.parse_args()
    import keras

    results_path = os.path.join(args.models, "results.json")

    def load():
        return json.load(open(results_path)) if os.path.exists(results_path) else {}

    names = sorted(n for n in os.listdir(args.models) if os.path.exists(os.path.join(args.models, n, "test_float.npy")))
    for name in names:
        if args.only and name not in args.only:
            continue
        folder = os.path.join(args.models, name)
        keras_path = os.path.join(folder, "model.keras")
        pool = np.load(os.path.join(folder, "pool.npy"))
        reference = np.load(os.path.join(folder, "test_float.npy"))
        labels = np.load(os.path.join(folder, "test_y.npy"))
        keras_model = None
        for n in args.sizes:
            for seed in args.seeds:
                key = f"{name}/n{n}/s{seed}"
                if key in load():  # another evaluate.py may run beside this one
                    continue
                started = time.time()
                work = os.path.join(folder, f"n{n}_s{seed}")
                os.makedirs(work, exist_ok=True)
                calibration = pool[np.random.default_rng(seed).choice(len(pool), n, replace=False)]
                calibration_path = os.path.join(work, "calibration.npy")
                np.save(calibration_path, calibration)
                entry = {"model": name, "samples": n, "seed": seed}
                auto_kgl, auto_report = os.path.join(work, "auto.kgl"), os.path.join(work, "auto.json")
                run([args.kinglet, "compile", keras_path, "--calibration", calibration_path, "-o", auto_kgl, "--report", auto_report])
                report = json.load(open(auto_report))
                entry["auto_method"] = report["method"]
                entry["range_choice"] = report["range_choice"]
                entry["held_out_signal"] = report["held_out_sample_signal"]
                entry["held_out_noise"] = {c["method"]: c["held_out_sample_noise"] for c in report["candidates"]}
                entry["held_out_sqnr"] = {c["method"]: c["held_out_sqnr_db"] for c in report["candidates"]}
                entry["in_sample_sqnr"] = {c["method"]: c["output_sqnr_db"] for c in report["candidates"]}
                entry["auto"] = measure(args.kinglet, auto_kgl, work, reference, labels)
                entry["test"] = {}
                for method in METHODS:
                    kgl = os.path.join(work, f"{method}.kgl")
                    run([args.kinglet, "compile", keras_path, "--calibration", calibration_path, "-o", kgl, "--calibrate", method])
                    entry["test"][method] = measure(args.kinglet, kgl, work, reference, labels)
                if keras_model is None:
                    keras_model = keras.models.load_model(keras_path)
                tflite = os.path.join(work, "converter.tflite")
                convert(keras_model, calibration, tflite)
                entry["converter"] = measure(args.kinglet, tflite, work, reference, labels)
                entry["seconds"] = time.time() - started
                results = load()
                results[key] = entry
                temporary = f"{results_path}.{os.getpid()}.tmp"
                with open(temporary, "w") as f:
                    json.dump(results, f, indent=1)
                os.replace(temporary, results_path)
                t = entry["test"]
                print(f"{key}: auto={entry['auto_method']} {entry['auto']['sqnr']:.1f} dB, minmax {t['minmax']['sqnr']:.1f}, "
                      f"converter {entry['converter']['sqnr']:.1f} ({entry['seconds']:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
