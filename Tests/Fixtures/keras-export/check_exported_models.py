#!/usr/bin/env python3
"""Checks the .keras files Kinglet's KerasExporter writes with the real Keras.

Usage: check_exported_models.py DIR

DIR is what `KINGLET_EXPORT_DIR=DIR swift test --filter KingletExportTests` wrote:
DIR/exported/manifest.json lists each exported model (STEM.keras) with its inputs
(STEM.input<i>.npy, samples stacked on axis 0) and the outputs Kinglet's float
interpreter computed on them (STEM.output<k>.npy).

For each model, keras.saving.load_model must load it without warnings about unused or
missing variables, and model.predict on the inputs must match Kinglet's outputs within
the manifest's tolerance (1e-5) times max(1, max |Kinglet output|), the same rule the
Swift round-trip tests use. The script prints one line per model and exits with status 1
on any failure. Needs numpy, keras 3 and a backend.
"""
import json
import logging
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np


def predictions(model, inputs):
    result = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    return [np.asarray(r) for r in (result if isinstance(result, (list, tuple)) else [result])]


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    import keras

    # TensorFlow warns about retracing when one process predicts with hundreds of models.
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    folder = os.path.join(sys.argv[1], "exported")
    with open(os.path.join(folder, "manifest.json")) as handle:
        manifest = json.load(handle)
    tolerance = manifest["tolerance"]
    failures = []
    worst = 0.0
    worst_relative = 0.0
    for entry in manifest["models"]:
        stem = entry["stem"]
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                model = keras.saving.load_model(os.path.join(folder, stem + ".keras"))
            messages = [str(w.message) for w in caught if "variables" in str(w.message).lower()]
            if messages:
                raise RuntimeError("load_model warned: " + messages[0][:300])
            inputs = [np.load(os.path.join(folder, f)) for f in entry["inputs"]]
            expected = [np.load(os.path.join(folder, f)) for f in entry["outputs"]]
            got = predictions(model, inputs)
            if len(got) != len(expected):
                raise RuntimeError(f"{len(got)} outputs, expected {len(expected)}")
            diff = 0.0
            relative = 0.0
            for index, (g, e) in enumerate(zip(got, expected)):
                if g.shape != e.shape:
                    raise RuntimeError(f"output {index} has shape {g.shape}, expected {e.shape}")
                d = float(np.max(np.abs(g.astype(np.float64) - e))) if e.size else 0.0
                scale = max(1.0, float(np.max(np.abs(e))) if e.size else 0.0)
                diff = max(diff, d)
                relative = max(relative, d / scale)
        except Exception as error:  # a model that fails to load or run is reported, not fatal
            failures.append(stem)
            print(f"FAIL {stem}: {type(error).__name__}: {str(error)[:400]}")
            continue
        worst = max(worst, diff)
        worst_relative = max(worst_relative, relative)
        status = "ok" if relative <= tolerance else "FAIL"
        if status == "FAIL":
            failures.append(stem)
        print(f"{status} {stem}: {len(model.layers)} layers, {len(model.weights)} weights, "
              f"max abs diff {diff:.3g} (relative {relative:.3g})")
    print(f"{len(manifest['models'])} exported models loaded by keras {keras.__version__} "
          f"({keras.backend.backend()} backend); max abs diff {worst:.3g}, "
          f"max relative diff {worst_relative:.3g}, tolerance {tolerance}")
    if failures:
        print(f"{len(failures)} failure(s): {', '.join(failures)}")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
