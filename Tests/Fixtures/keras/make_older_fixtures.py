#!/usr/bin/env python3
"""Keras fixtures written by older Keras versions, for Kinglet's Keras config reader.

Writes into older/ next to this script; run it once with each Keras it supports (each run
adds its own files and updates older/manifest.json):

  tf.keras 2.4.0 (TensorFlow 2.3.4, Python 3.8):
      python3.8 -m venv ~/tf23env
      ~/tf23env/bin/pip install "tensorflow-cpu==2.3.4" "protobuf<3.21"
      ~/tf23env/bin/python make_older_fixtures.py
  Keras 2.15.0 (TensorFlow 2.15.1, Python 3.11):
      python3.11 -m venv ~/tf215env
      ~/tf215env/bin/pip install "tensorflow-cpu==2.15.1"
      ~/tf215env/bin/python make_older_fixtures.py --wake-word DIR
  Keras 3 (the ~/fixenv of make_fixtures.py):
      ~/fixenv/bin/python make_older_fixtures.py
  then, so each Keras records whether it loads the files written after its own run:
      ~/tf23env/bin/python make_older_fixtures.py --check-only
      ~/tf215env/bin/python make_older_fixtures.py --check-only

config_forms: a small CNN built the way old user code wrote layer arguments -- numbers
for flags (BatchNormalization(scale=1.0, center=0), use_bias=0, use_bias=None), integral
floats (Conv2D(8.0), Dense(5.0), pool_size=(2.0, 2.0), strides=(2.0, 2.0) where the
writer accepts it), upper-case padding, ReLU(max_value=6) -- saved by that writer as-is.
Which of these survive into the saved config is the writer's doing (Keras 2 converts
filters/units with int(), keeps flags raw); the manifest lists what each file's config
holds. Outputs are that writer's model.predict after reloading the saved file.

str_ww_ref_model (--wake-word DIR, run under Keras 2.15): the MLPerf Tiny streaming
wake-word reference model, written by Keras 2.14.0 (BatchNormalization configs say
"scale": 1), copied unchanged from DIR/trained_models/str_ww_ref_model.h5 of
mlcommons/tiny (benchmark/training/streaming_wakeword, Apache-2.0), with three of its
calibration spectrograms (DIR/calibration_samples.npz, one per class) as inputs and
Keras 2.15's predictions as outputs.
"""
import argparse
import json
import os
import shutil
import sys
import warnings
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import h5py  # noqa: E402
import tensorflow as tf  # noqa: E402

try:  # the keras package: Keras 3, or Keras 2.15 (tf.keras itself); TensorFlow 2.3 has only tf.keras
    import keras as K
except ImportError:
    K = tf.keras

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "older")
VERSION = getattr(K, "__version__", None) or tf.keras.__version__
KERAS3 = VERSION.startswith("3.")
BATCH = 3
L = K.layers


def supports(layer, **kwargs):
    """Whether this Keras builds `layer(**kwargs)` (older versions lack some arguments)."""
    try:
        layer(**kwargs)(K.Input(shape=(4, 4, 2)))
        return True
    except Exception:  # noqa: BLE001
        return False


def config_forms():
    """The CNN with old-style arguments; each is kept only where this Keras builds it."""
    sloppy_strides = (2.0, 2.0) if supports(L.DepthwiseConv2D, kernel_size=3, strides=(2.0, 2.0)) else (2, 2)
    x = K.Input(shape=(12, 10, 3), name="x")
    y = L.Conv2D(filters=8 if KERAS3 else 8.0, kernel_size=3, strides=[1, 1], padding="SAME",
                 use_bias=1, name="conv")(x)
    y = L.BatchNormalization(axis=3, scale=1.0, center=1, epsilon=1, name="bn_numeric_true")(y)
    y = L.ReLU(max_value=6, name="relu6_int")(y)
    y = L.DepthwiseConv2D(kernel_size=(3, 3), strides=sloppy_strides, padding="Valid", use_bias=0, name="dw")(y)
    y = L.BatchNormalization(scale=0, center=1.0, name="bn_no_gamma")(y)
    y = L.Activation("relu", name="relu")(y)
    y = L.Conv2D(6, 1, use_bias=None, name="pw_null_bias")(y)
    y = L.MaxPooling2D(pool_size=(2.0, 2.0), strides=None, padding="same", name="pool")(y)
    y = L.Flatten(name="flatten")(y)
    y = L.Dense(units=5 if KERAS3 else 5.0, activation=None, use_bias=1.0, name="fc")(y)
    return K.Model(x, y, name="config_forms")


def randomize(model, rng):
    """Deterministic non-trivial weights (the same numbers whatever the writer)."""
    for layer in model.layers:
        new = []
        for v, w in zip(layer.weights, layer.get_weights()):
            name = v.name.split("/")[-1].split(":")[0]
            if name == "gamma":
                w = rng.uniform(0.5, 1.5, w.shape)
            elif name == "beta" or name == "bias":
                w = rng.normal(0, 0.2, w.shape)
            elif name == "moving_mean":
                w = rng.normal(0, 0.5, w.shape)
            elif name == "moving_variance":
                w = rng.uniform(0.5, 2.0, w.shape)
            else:
                w = rng.normal(0, 1.0 / np.sqrt(np.prod(w.shape[:-1])), w.shape)
            new.append(np.asarray(w, dtype=np.float32))
        layer.set_weights(new)


def predict(model, x):
    return np.asarray(model.predict(x, batch_size=BATCH), dtype=np.float32)


def close(a, b, rel=1e-5):
    return float(np.max(np.abs(a - b))) <= rel * max(1.0, float(np.max(np.abs(a))))


def config_of(path):
    if path.endswith(".keras"):
        import zipfile
        with zipfile.ZipFile(path) as z:
            return json.loads(z.read("config.json").decode())
    with h5py.File(path, "r") as f:
        text = f.attrs["model_config"]
    return json.loads(text.decode() if isinstance(text, bytes) else text)


def old_forms(config):
    """Layer options whose value is a number or null where Keras means a flag, or an integral
    float where Keras means an integer, or an upper-case padding: what the config reader
    must accept."""
    flags = {"use_bias", "scale", "center", "keepdims"}
    found = []
    for layer in config["config"]["layers"]:
        for key, value in sorted(layer["config"].items()):
            if key in flags and not isinstance(value, bool):
                found.append(f"{layer['config']['name']}.{key}={json.dumps(value)}")
            elif isinstance(value, list) and any(isinstance(v, float) and v == int(v) for v in value) and key != "batch_input_shape":
                found.append(f"{layer['config']['name']}.{key}={json.dumps(value)}")
            elif isinstance(value, float) and key in {"filters", "units"}:
                found.append(f"{layer['config']['name']}.{key}={json.dumps(value)}")
            elif key in {"epsilon", "max_value"} and isinstance(value, int) and not isinstance(value, bool):
                found.append(f"{layer['config']['name']}.{key}={json.dumps(value)}")
            elif key == "padding" and isinstance(value, str) and value != value.lower():
                found.append(f"{layer['config']['name']}.{key}={json.dumps(value)}")
    return found


def write_config_forms(entries):
    rng = np.random.default_rng(zlib.crc32(b"config_forms"))
    input_path = os.path.join(OUT, "config_forms.input.npy")
    x = rng.normal(0, 1, (BATCH, 12, 10, 3)).astype(np.float32)
    if os.path.exists(input_path) and not np.array_equal(np.load(input_path), x):
        sys.exit("config_forms.input.npy differs from this numpy's draw")
    np.save(input_path, x)
    K.utils.set_random_seed(1) if hasattr(K.utils, "set_random_seed") else tf.random.set_seed(1)
    model = config_forms()
    randomize(model, rng)
    suffix = "keras" if KERAS3 else "h5"
    stem = f"config_forms.keras-{VERSION}"
    path = os.path.join(OUT, f"{stem}.{suffix}")
    model.save(path) if KERAS3 else model.save(path, save_format="h5")
    y = predict(model, x)
    reloaded = K.models.load_model(path, compile=False)
    y2 = predict(reloaded, x)
    if not close(y, y2):
        sys.exit(f"{path}: reloaded model predicts differently")
    np.save(os.path.join(OUT, f"{stem}.output.npy"), y2)
    entries[stem] = dict(
        file=f"{stem}.{suffix}", writer=f"keras {VERSION} (tensorflow {tf.__version__})",
        input="config_forms.input.npy", output=f"{stem}.output.npy",
        config_forms=old_forms(config_of(path)),
        note="built with old-style layer arguments; outputs are the writer's predictions after reloading the file")


def write_wake_word(entries, directory):
    source = os.path.join(directory, "trained_models", "str_ww_ref_model.h5")
    target = os.path.join(OUT, "str_ww_ref_model.h5")
    shutil.copyfile(source, target)
    data = np.load(os.path.join(directory, "calibration_samples.npz"))
    # One spectrogram per class (the file lists 15 of class 2, then 0, then 1).
    picks = [0, 15, 30]
    x = data["specs"][picks].astype(np.float32)
    np.save(os.path.join(OUT, "str_ww_ref_model.input.npy"), x)
    model = K.models.load_model(target, compile=False)
    y = predict(model, x)
    np.save(os.path.join(OUT, "str_ww_ref_model.output.npy"), y)
    with h5py.File(target, "r") as f:
        written_by = f.attrs["keras_version"]
    written_by = written_by.decode() if isinstance(written_by, bytes) else written_by
    entries["str_ww_ref_model"] = dict(
        file="str_ww_ref_model.h5",
        writer=f"keras {written_by} (MLPerf Tiny streaming wake-word reference model, mlcommons/tiny, Apache-2.0)",
        input="str_ww_ref_model.input.npy", output="str_ww_ref_model.output.npy",
        labels=[int(v) for v in data["labels"][picks]],
        predicted=[int(v) for v in np.argmax(y, axis=1)],
        config_forms=old_forms(config_of(target)),
        note=f"outputs recorded by keras {VERSION}; Keras 3 cannot load this file (DepthwiseConv2D config has groups)")


def check_others(entries):
    """Loads every other file this Keras can read and records whether it agrees."""
    checks = {}
    for stem, entry in entries.items():
        path = os.path.join(OUT, entry["file"])
        if not os.path.exists(path) or f"keras-{VERSION}" in stem:
            continue
        if path.endswith(".keras") and not KERAS3:
            continue
        x = np.load(os.path.join(OUT, entry["input"]))
        try:
            y = predict(K.models.load_model(path, compile=False), x)
            ok = close(np.load(os.path.join(OUT, entry["output"])), y, rel=1e-4)
            checks[stem] = "loads, same outputs" if ok else "loads, different outputs"
        except Exception as e:  # noqa: BLE001
            message = str(e)
            # Keras 3 wraps the cause after "Exception encountered:"; keep the cause.
            cause = message.split("Exception encountered:")[-1].strip().splitlines()[0]
            checks[stem] = f"refused: {type(e).__name__}: {cause[:200]}"
    return checks


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check-only", action="store_true",
                    help="write nothing but the cross_loading record: load the other writers' files")
    ap.add_argument("--wake-word", metavar="DIR",
                    help="mlcommons/tiny benchmark/training/streaming_wakeword folder (run under Keras 2.15)")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    manifest_path = os.path.join(OUT, "manifest.json")
    manifest = {"generator": "make_older_fixtures.py", "tolerance_note":
                "Kinglet's float interpreter must match each output within 1e-4 * max|output|",
                "fixtures": {}, "cross_loading": {}}
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
    entries = manifest["fixtures"]
    if not args.check_only:
        write_config_forms(entries)
    if args.wake_word and not args.check_only:
        write_wake_word(entries, args.wake_word)
    manifest["cross_loading"][f"keras {VERSION}"] = check_others(entries)
    manifest["fixtures"] = dict(sorted(entries.items()))
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1, separators=(",", ": "), sort_keys=False)
        f.write("\n")
    print(f"keras {VERSION}: wrote {sorted(entries)} to {OUT}")


if __name__ == "__main__":
    main()
