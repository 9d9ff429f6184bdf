#!/usr/bin/env python3
"""Generate fixtures comparing Kinglet's post-training int8 quantization with the TFLite converter's.

Tool versions used to produce the committed files (also stamped into manifest.json):
    Python 3.11, tensorflow-cpu 2.21.0, keras 3.15.1 (TensorFlow backend), numpy 2.4.6,
    scikit-learn 1.9.1, tflite-micro 0.dev20261023182759 (`tflite_micro` Python package),
    ai-edge-litert 2.3.0 (LiteRT interpreter, to read tensors out of the .tflite).

How to run (from anywhere; output goes next to this script; ~3-4 minutes on 2 cores):
    python3 -m venv ~/fixenv
    ~/fixenv/bin/pip install "tensorflow-cpu==2.21.*" tflite-micro ai-edge-litert scikit-learn
    ~/fixenv/bin/python make_fixtures.py                 # everything
    ~/fixenv/bin/python make_fixtures.py --only digits_cnn --only wine_mlp
    ~/fixenv/bin/python make_fixtures.py --list

Every model is trained (Adam) on real data bundled with scikit-learn (no downloads), saved
as an uncompiled Keras 3 `.keras`, converted to full-integer int8 with
`tf.lite.TFLiteConverter` exactly as the TensorFlow documentation shows, and run with the
TensorFlow Lite Micro Python interpreter.  Per model NAME it writes:
    NAME.keras               Keras 3 model.save (no optimizer state)
    NAME.calibration.npy     the 128 training samples given to the converter's
                             representative_dataset, one at a time, batch 1
    NAME.eval_x.npy          test inputs (at most 360)
    NAME.eval_y.npy          int32 test labels (classification only)
    NAME.float_output.npy    float32 model.predict(eval_x) of the reloaded .keras
    NAME.tf_int8.tflite      the converter's int8 model (int8 input and output)
    NAME.tf_int8_output.npy  float32: TFLite Micro outputs on eval_x, dequantized
and for digits_cnn also the converter's int8 weights, per-channel scales and int32 biases of
its first CONV_2D and of its FULLY_CONNECTED (NAME.tf_conv0_*.npy, NAME.tf_dense_*.npy).
Digit-image inputs (digits_*) hold raw pixel counts 0..16 (the models start with
Rescaling(1/16)) and are stored as uint8 to keep the folder small: exact, cast to float32 to
get the very values Keras and the converter saw.  Tabular and autoencoder inputs are float32.
manifest.json records the numbers.
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import warnings
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.pop("TF_USE_LEGACY_KERAS", None)
warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20251129
N_CALIBRATION = 128
TRAIN_FRACTION = 0.7
TFLM_ARENA = 512 * 1024  # bytes given to TFLite Micro; the arena actually used is recorded


# ----------------------------------------------------------------------------------------
# TFLite Micro worker: runs in a subprocess because a bad arena or model segfaults the
# interpreter.  argv: --tflm-worker MODEL.tflite INPUT_INT8.npy OUTPUT.npy ARENA
# ----------------------------------------------------------------------------------------
def tflm_worker(argv):
    import numpy as np
    from tflite_micro import runtime
    model_path, in_path, out_path, arena = argv[0], argv[1], argv[2], int(argv[3])
    xq = np.load(in_path)
    it = runtime.Interpreter.from_file(model_path, arena_size=arena)
    outs = []
    for i in range(xq.shape[0]):
        it.set_input(xq[i:i + 1], 0)
        it.invoke()
        outs.append(np.array(it.get_output(0)).copy())
        if i == 0:
            sys.stderr.flush()
            it.print_allocations()  # C++ writes the arena usage to stderr
    np.save(out_path, np.concatenate(outs, axis=0))


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--tflm-worker":
    tflm_worker(sys.argv[2:])
    sys.exit(0)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from ai_edge_litert.interpreter import Interpreter as LiteRTInterpreter, OpResolverType  # noqa: E402

tf.config.experimental.enable_op_determinism()
tf.get_logger().setLevel("ERROR")


def seed_for(name):
    return (zlib.crc32(name.encode()) ^ SEED) & 0x7FFFFFFF


# ----------------------------------------------------------------------------------------
# Data: scikit-learn's bundled data sets, one deterministic 70/30 split per data set
# ----------------------------------------------------------------------------------------
def split_indices(dataset, n):
    """A fixed permutation of range(n); the first 70 % are training samples."""
    perm = np.random.default_rng(seed_for("split:" + dataset)).permutation(n)
    n_train = int(n * TRAIN_FRACTION)
    return perm[:n_train], perm[n_train:]


def load(dataset):
    from sklearn import datasets
    if dataset.startswith("digits"):
        d = datasets.load_digits()
        x8 = d.images.astype(np.float32)[..., None]  # raw pixel counts 0..16, [N, 8, 8, 1]
        y = d.target.astype(np.int32)
        if dataset == "digits8":
            x = x8
        elif dataset == "digits16":  # each pixel becomes a 2x2 block
            x = np.kron(x8, np.ones((1, 2, 2, 1), np.float32))
        elif dataset == "digits32x3":  # 4x4 blocks, grey replicated to 3 channels
            x = np.repeat(np.kron(x8, np.ones((1, 4, 4, 1), np.float32)), 3, axis=3)
        elif dataset == "digits_flat":  # autoencoder: flattened, scaled to [0, 1]
            x = x8.reshape(-1, 64) / np.float32(16.0)
        else:
            raise ValueError(dataset)
        base = "digits"
    else:
        d = {"breast_cancer": datasets.load_breast_cancer, "wine": datasets.load_wine}[dataset]()
        x = d.data.astype(np.float32)
        y = d.target.astype(np.int32)
        base = dataset
    train, test = split_indices(base, len(y))
    return x.astype(np.float32), y, train, test


# ----------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------
MODELS = []


def model(name, dataset, description, epochs, task="classification", n_eval=360, lr=1e-3,
          batch=32, store_dtype="float32"):
    def deco(fn):
        MODELS.append(dict(name=name, dataset=dataset, description=description, build=fn,
                           epochs=epochs, task=task, n_eval=n_eval, lr=lr, batch=batch,
                           store_dtype=store_dtype))
        return fn
    return deco


L = keras.layers


@model("digits_mlp", "digits8", "Rescaling(1/16) -> Flatten -> Dense(64, relu) -> Dropout(0.2) -> Dense(32, relu) -> Dense(10, softmax); input [8, 8, 1] raw pixel counts 0..16", epochs=40, store_dtype="uint8")
def _digits_mlp(x_train):
    x = keras.Input(shape=(8, 8, 1), name="digit")
    y = L.Rescaling(1.0 / 16, name="rescale")(x)
    y = L.Flatten(name="flatten")(y)
    y = L.Dense(64, activation="relu", name="fc1")(y)
    y = L.Dropout(0.2, name="drop")(y)
    y = L.Dense(32, activation="relu", name="fc2")(y)
    y = L.Dense(10, activation="softmax", name="fc3")(y)
    return keras.Model(x, y, name="digits_mlp")


@model("digits_cnn", "digits8", "Rescaling(1/16) -> Conv2D(16, 3, same)+BN+ReLU -> MaxPool(2) -> Conv2D(32, 3, same)+BN+ReLU -> GlobalAveragePooling2D -> Dense(10, softmax); input [8, 8, 1] raw pixel counts 0..16", epochs=40, store_dtype="uint8")
def _digits_cnn(x_train):
    x = keras.Input(shape=(8, 8, 1), name="digit")
    y = L.Rescaling(1.0 / 16, name="rescale")(x)
    y = L.Conv2D(16, 3, padding="same", name="conv0")(y)
    y = L.BatchNormalization(name="bn0")(y)
    y = L.ReLU(name="relu0")(y)
    y = L.MaxPooling2D(2, name="pool0")(y)
    y = L.Conv2D(32, 3, padding="same", name="conv1")(y)
    y = L.BatchNormalization(name="bn1")(y)
    y = L.ReLU(name="relu1")(y)
    y = L.GlobalAveragePooling2D(name="gap")(y)
    y = L.Dense(10, activation="softmax", name="fc")(y)
    return keras.Model(x, y, name="digits_cnn")


@model("digits_dscnn", "digits16", "DS-CNN (MLPerf Tiny keyword-spotting style) on digits upsampled to 16x16 (2x2 pixel blocks): Rescaling(1/16) -> Conv2D(24, 3, strides 2, same, no bias)+BN+ReLU -> 3x [DepthwiseConv2D(3, same, no bias)+BN+ReLU -> Conv2D(24, 1, no bias)+BN+ReLU] -> Dropout(0.4) -> AveragePooling2D(8) -> Flatten -> Dense(10, softmax); input [16, 16, 1] raw pixel counts 0..16", epochs=40, store_dtype="uint8")
def _digits_dscnn(x_train):
    x = keras.Input(shape=(16, 16, 1), name="digit16")
    y = L.Rescaling(1.0 / 16, name="rescale")(x)
    y = L.Conv2D(24, 3, strides=2, padding="same", use_bias=False, name="conv0")(y)
    y = L.BatchNormalization(name="conv0_bn")(y)
    y = L.ReLU(name="conv0_relu")(y)
    for i in range(3):
        y = L.DepthwiseConv2D(3, padding="same", use_bias=False, name=f"dw{i}")(y)
        y = L.BatchNormalization(name=f"dw{i}_bn")(y)
        y = L.ReLU(name=f"dw{i}_relu")(y)
        y = L.Conv2D(24, 1, use_bias=False, name=f"pw{i}")(y)
        y = L.BatchNormalization(name=f"pw{i}_bn")(y)
        y = L.ReLU(name=f"pw{i}_relu")(y)
    y = L.Dropout(0.4, name="drop")(y)
    y = L.AveragePooling2D(pool_size=8, name="avgpool")(y)
    y = L.Flatten(name="flatten")(y)
    y = L.Dense(10, activation="softmax", name="fc")(y)
    return keras.Model(x, y, name="digits_dscnn")


@model("digits_resnet8", "digits32x3", "ResNet-8 (MLPerf Tiny image-classification style, channels 8/16/32) on digits upsampled to 32x32 (4x4 pixel blocks) and replicated to 3 channels: Rescaling(1/16) -> Conv2D(8, 3, same)+BN+ReLU -> 3 residual stacks [Conv2D(f, 3, strides s)+BN+ReLU -> Conv2D(f, 3)+BN, shortcut identity (stack 0) or Conv2D(f, 1, strides 2) (stacks 1, 2), Add, ReLU] -> AveragePooling2D(8) -> Flatten -> Dense(10, softmax); input [32, 32, 3] raw pixel counts 0..16", epochs=15, n_eval=120, store_dtype="uint8")
def _digits_resnet8(x_train):
    x = keras.Input(shape=(32, 32, 3), name="image")
    y = L.Rescaling(1.0 / 16, name="rescale")(x)
    y = L.Conv2D(8, 3, padding="same", name="conv0")(y)
    y = L.BatchNormalization(name="bn0")(y)
    y = L.ReLU(name="relu0")(y)
    for s, f in enumerate([8, 16, 32]):
        strides = 1 if s == 0 else 2
        z = L.Conv2D(f, 3, strides=strides, padding="same", name=f"s{s}_conv1")(y)
        z = L.BatchNormalization(name=f"s{s}_bn1")(z)
        z = L.ReLU(name=f"s{s}_relu1")(z)
        z = L.Conv2D(f, 3, padding="same", name=f"s{s}_conv2")(z)
        z = L.BatchNormalization(name=f"s{s}_bn2")(z)
        if s > 0:
            y = L.Conv2D(f, 1, strides=strides, padding="same", name=f"s{s}_short")(y)
        y = L.Add(name=f"s{s}_add")([y, z])
        y = L.ReLU(name=f"s{s}_relu2")(y)
    y = L.AveragePooling2D(pool_size=8, name="pool")(y)
    y = L.Flatten(name="flatten")(y)
    y = L.Dense(10, activation="softmax", name="fc")(y)
    return keras.Model(x, y, name="digits_resnet8")


@model("digits_mobilenet", "digits32x3", "keras.applications.MobileNet(input_shape=(32, 32, 3), alpha=0.25, weights=None, classes=10), built on input_tensor=Rescaling(1/16)(Input([32, 32, 3])) so the model is flat and takes raw pixel counts 0..16; digits upsampled to 32x32 and replicated to 3 channels", epochs=30, n_eval=120, store_dtype="uint8", lr=2e-3)
def _digits_mobilenet(x_train):
    x = keras.Input(shape=(32, 32, 3), name="image")
    y = L.Rescaling(1.0 / 16, name="rescale")(x)
    return keras.applications.MobileNet(input_shape=(32, 32, 3), alpha=0.25, weights=None,
                                        classes=10, input_tensor=y, name="digits_mobilenet")


@model("cancer_mlp", "breast_cancer", "Normalization (adapted on the training features) -> Dense(16, relu) -> Dense(8, relu) -> Dense(2, softmax); input [30] raw breast-cancer features", epochs=60, batch=16)
def _cancer_mlp(x_train):
    x = keras.Input(shape=(30,), name="features")
    norm = L.Normalization(name="norm")
    norm.adapt(x_train)
    y = norm(x)
    y = L.Dense(16, activation="relu", name="fc1")(y)
    y = L.Dense(8, activation="relu", name="fc2")(y)
    y = L.Dense(2, activation="softmax", name="fc3")(y)
    return keras.Model(x, y, name="cancer_mlp")


@model("wine_mlp", "wine", "Normalization (adapted on the training features) -> Dense(16, relu) -> Dense(3, softmax); input [13] raw wine features", epochs=100, batch=16)
def _wine_mlp(x_train):
    x = keras.Input(shape=(13,), name="features")
    norm = L.Normalization(name="norm")
    norm.adapt(x_train)
    y = norm(x)
    y = L.Dense(16, activation="relu", name="fc1")(y)
    y = L.Dense(3, activation="softmax", name="fc2")(y)
    return keras.Model(x, y, name="wine_mlp")


@model("autoencoder_fc", "digits_flat", "Fully connected autoencoder (MLPerf Tiny anomaly-detection style) 64 -> 32 -> 8 -> 32 -> 64: each hidden layer Dense -> BatchNormalization -> ReLU, linear Dense(64) output; trained (MSE) to reconstruct the flattened digits scaled to [0, 1]; input [64]", epochs=60, task="regression")
def _autoencoder_fc(x_train):
    x = keras.Input(shape=(64,), name="x")
    y = x
    for i, units in enumerate([32, 8, 32]):
        y = L.Dense(units, name=f"fc{i}")(y)
        y = L.BatchNormalization(name=f"bn{i}")(y)
        y = L.ReLU(name=f"relu{i}")(y)
    y = L.Dense(64, name="out")(y)
    return keras.Model(x, y, name="autoencoder_fc")


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------
def out_path(name, suffix):
    return os.path.join(HERE, f"{name}.{suffix}")


def save_npy(name, suffix, arr):
    np.save(out_path(name, suffix), arr)
    return f"{name}.{suffix}"


def accuracy(out, y):
    return float(np.mean(np.argmax(out, axis=-1) == y))


def sqnr_db(ref, test):
    ref = ref.astype(np.float64)
    err = ref - test.astype(np.float64)
    return float(10.0 * np.log10(np.sum(ref * ref) / np.sum(err * err)))


def quantize(x, scale, zero_point):
    """TFLite's input quantization: x / scale in float32, round half away from zero, + zp, clamp."""
    v = x.astype(np.float32) / np.float32(scale)
    r = np.sign(v) * np.floor(np.abs(v) + np.float32(0.5))
    return np.clip(r + zero_point, -128, 127).astype(np.int8)


def dequantize(q, scale, zero_point):
    return ((q.astype(np.float32) - np.float32(zero_point)) * np.float32(scale)).astype(np.float32)


def qparams(detail):
    """(scale, zero_point) of a per-tensor quantized interpreter tensor detail."""
    qp = detail["quantization_parameters"]
    assert len(qp["scales"]) == 1, qp
    return float(np.float32(qp["scales"][0])), int(qp["zero_points"][0])


def layer_classes(m):
    return [type(layer).__name__ for layer in m.layers]


def versions():
    import sklearn
    from importlib.metadata import version
    v = dict(python=platform.python_version(), tensorflow=tf.__version__, keras=keras.__version__,
             keras_backend=keras.backend.backend(), numpy=np.__version__, scikit_learn=sklearn.__version__)
    for pkg, key in [("tflite-micro", "tflite_micro"), ("ai-edge-litert", "ai_edge_litert")]:
        try:
            v[key] = version(pkg)
        except Exception:  # pragma: no cover
            v[key] = None
    return v


def convert_int8(m, calibration):
    """Full-integer quantization as in the TensorFlow Lite documentation."""
    def representative_dataset():
        for i in range(calibration.shape[0]):
            yield [calibration[i:i + 1].astype(np.float32)]

    converter = tf.lite.TFLiteConverter.from_keras_model(m)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    return converter.convert()


def run_tflm(tflite_path, xq, name):
    """Run the int8 model on TFLite Micro in a subprocess; returns (int8 outputs, arena bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_in, tmp_out = os.path.join(tmp, "in.npy"), os.path.join(tmp, "out.npy")
        np.save(tmp_in, xq)
        r = subprocess.run([sys.executable, os.path.abspath(__file__), "--tflm-worker", tflite_path,
                            tmp_in, tmp_out, str(TFLM_ARENA)], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"TFLite Micro failed on {name} (exit {r.returncode}):\n{r.stderr[-3000:]}")
        out = np.load(tmp_out)
    m = re.search(r"\[RecordingMicroAllocator\] Arena allocation total (\d+) bytes", r.stderr)
    arena = int(m.group(1)) if m else None
    return out, arena, r.stderr


def tflite_ops(interp):
    ops = interp._get_ops_details()
    return ops, [op["op_name"] for op in ops]


def float_tensor_ops(interp, ops):
    """Ops whose inputs or outputs (other than int32 shape/bias tensors) are not int8."""
    details = {d["index"]: d for d in interp.get_tensor_details()}
    found = []
    for op in ops:
        for idx in list(op["inputs"]) + list(op["outputs"]):
            if idx < 0:
                continue
            dt = np.dtype(details[idx]["dtype"])
            if dt.kind == "f":
                found.append(dict(op=op["op_name"], tensor=details[idx]["name"], dtype=str(dt)))
    return found


def export_weights(name, interp, ops, trained):
    """digits_cnn: the converter's int8 filter, scales and int32 bias of the first CONV_2D
    and of the FULLY_CONNECTED, plus a check that BatchNormalization was folded in."""
    details = {d["index"]: d for d in interp.get_tensor_details()}
    conv = next(op for op in ops if op["op_name"] == "CONV_2D")
    fc = next(op for op in ops if op["op_name"] == "FULLY_CONNECTED")
    info = {}

    # Float references, [out, kh, kw, in]: the Keras kernel as is, with BatchNormalization
    # folded in, and with both BatchNormalization and the preceding Rescaling(1/16) folded in.
    k0, b0 = trained.get_layer("conv0").get_weights()
    gamma, beta, mean, var = trained.get_layer("bn0").get_weights()
    eps = trained.get_layer("bn0").epsilon
    rescale = float(trained.get_layer("rescale").scale)
    assert float(trained.get_layer("rescale").offset) == 0.0
    mult = gamma / np.sqrt(var + eps)
    conv_refs = {"keras_kernel": k0, "bn_folded": k0 * mult, "bn_and_rescaling_folded": k0 * mult * rescale}
    conv_refs = {k: np.transpose(v, (3, 0, 1, 2)) for k, v in conv_refs.items()}
    fc_k, fc_b = trained.get_layer("fc").get_weights()
    folded = {"conv0": (conv_refs["bn_and_rescaling_folded"], (b0 - mean) * mult + beta),
              "dense": (fc_k.T, fc_b)}  # dense: [units, depth]

    for key, op in (("conv0", conv), ("dense", fc)):
        w_d, b_d = details[op["inputs"][1]], details[op["inputs"][2]]
        w = interp.get_tensor(w_d["index"]).copy()
        b = interp.get_tensor(b_d["index"]).copy()
        scales = np.asarray(w_d["quantization_parameters"]["scales"], np.float32)
        wzp = np.asarray(w_d["quantization_parameters"]["zero_points"])
        bscales = np.asarray(b_d["quantization_parameters"]["scales"], np.float32)
        assert w.dtype == np.int8 and b.dtype == np.int32, (w.dtype, b.dtype)
        files = [save_npy(name, f"tf_{key}_weights.npy", w), save_npy(name, f"tf_{key}_scales.npy", scales),
                 save_npy(name, f"tf_{key}_bias.npy", b), save_npy(name, f"tf_{key}_bias_scales.npy", bscales)]
        fw, fb = folded[key]
        sc = scales.reshape((-1,) + (1,) * (w.ndim - 1)) if scales.size > 1 else scales[0]
        deq = w.astype(np.float32) * sc
        err_units = float(np.max(np.abs(deq - fw) / (sc if scales.size > 1 else scales[0])))
        per_channel_max = np.max(np.abs(fw.reshape(fw.shape[0], -1)), axis=1)
        entry = dict(
            files=files, op=op["op_name"], op_index=int(op["index"]),
            weight_tensor=dict(name=w_d["name"], index=int(w_d["index"]), shape=list(w.shape), dtype="int8",
                               quantized_dimension=int(w_d["quantization_parameters"]["quantized_dimension"]),
                               n_scales=int(scales.size), zero_points_all_zero=bool(np.all(wzp == 0))),
            bias_tensor=dict(name=b_d["name"], index=int(b_d["index"]), shape=list(b.shape), dtype="int32"),
            max_abs_error_vs_float_in_scale_units=err_units,
            scales_equal_max_abs_over_127=bool(np.allclose(scales, (per_channel_max if scales.size > 1 else np.max(np.abs(fw))) / 127, rtol=1e-5)),
            weights_min=int(w.min()), weights_max=int(w.max()),
        )
        bias_deq = b.astype(np.float64) * (bscales.astype(np.float64) if bscales.size > 1 else float(bscales[0]))
        entry["bias_max_abs_error_vs_float"] = float(np.max(np.abs(bias_deq - fb)))
        if key == "conv0":
            errs = {k: float(np.max(np.abs(deq - v) / sc)) for k, v in conv_refs.items()}
            entry["max_abs_error_in_scale_units_vs"] = errs
            entry["matches"] = [k for k, e in errs.items() if e <= 0.5 + 1e-3]
            entry["float_reference"] = ("transpose(K * gamma / sqrt(moving_variance + eps) * 1/16, (3, 0, 1, 2)); "
                                        "bias (b - moving_mean) * gamma / sqrt(moving_variance + eps) + beta")
        else:
            entry["float_reference"] = "transpose(Dense kernel); Dense bias"
        info[key] = entry
    return info


# ----------------------------------------------------------------------------------------
# One model
# ----------------------------------------------------------------------------------------
def build_one(spec):
    name = spec["name"]
    print(f"[model] {name}", flush=True)
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed_for(name))
    x, y, train, test = load(spec["dataset"])
    regression = spec["task"] == "regression"
    x_train, x_test = x[train], x[test]
    y_train, y_test = (x_train, x_test) if regression else (y[train], y[test])

    m = spec["build"](x_train)
    m.compile(optimizer=keras.optimizers.Adam(spec["lr"]),
              loss="mse" if regression else "sparse_categorical_crossentropy",
              metrics=[] if regression else ["accuracy"])
    hist = m.fit(x_train, y_train, epochs=spec["epochs"], batch_size=spec["batch"], shuffle=True, verbose=0)
    final_loss = float(hist.history["loss"][-1])

    # Data stored: calibration = first 128 training samples (wine has only 124: all of them),
    # eval = first n_eval test samples.
    sd = np.dtype(spec["store_dtype"])
    calib = x_train[:N_CALIBRATION]
    eval_x = x_test[:spec["n_eval"]]
    if sd != np.float32:
        assert np.array_equal(calib.astype(sd).astype(np.float32), calib)
        assert np.array_equal(eval_x.astype(sd).astype(np.float32), eval_x)
    files = dict(calibration=save_npy(name, "calibration.npy", calib.astype(sd)),
                 eval_x=save_npy(name, "eval_x.npy", eval_x.astype(sd)))
    if not regression:
        files["eval_y"] = save_npy(name, "eval_y.npy", y_test[:spec["n_eval"]].astype(np.int32))

    # Save an uncompiled copy (no optimizer state), reload it, use the reloaded model.
    clone = type(m).from_config(m.get_config())  # clone_model/model_from_json would compile it
    clone.set_weights(m.get_weights())
    assert getattr(clone, "optimizer", None) is None
    keras_path = out_path(name, "keras")
    clone.save(keras_path)
    files["keras"] = f"{name}.keras"
    loaded = keras.models.load_model(keras_path, compile=False)
    float_out = loaded.predict(eval_x, verbose=0).astype(np.float32)
    ref = m.predict(eval_x, verbose=0)
    assert np.allclose(float_out, ref, rtol=0, atol=1e-5 * max(1.0, float(np.max(np.abs(ref))))), name
    files["float_output"] = save_npy(name, "float_output.npy", float_out)
    full_test_out = loaded.predict(x_test, verbose=0)

    # TFLite converter, full integer.
    tfl = convert_int8(loaded, calib)
    tflite_path = out_path(name, "tf_int8.tflite")
    with open(tflite_path, "wb") as f:
        f.write(tfl)
    files["tf_int8"] = f"{name}.tf_int8.tflite"

    # LiteRT with its reference kernels (no XNNPACK delegate): op list, tensors, cross-check.
    interp = LiteRTInterpreter(model_content=tfl, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interp.allocate_tensors()
    ind, outd = interp.get_input_details()[0], interp.get_output_details()[0]
    assert ind["dtype"] == np.int8 and outd["dtype"] == np.int8, (ind["dtype"], outd["dtype"])
    in_s, in_zp = qparams(ind)
    out_s, out_zp = qparams(outd)
    ops, op_names = tflite_ops(interp)

    xq = quantize(eval_x, in_s, in_zp)
    q_tflm, arena, _ = run_tflm(tflite_path, xq, name)
    q_tflm = q_tflm.reshape((xq.shape[0],) + tuple(outd["shape"][1:]))
    tf_out = dequantize(q_tflm, out_s, out_zp)
    files["tf_int8_output"] = save_npy(name, "tf_int8_output.npy", tf_out)

    # Cross-check with the LiteRT (TFLite) interpreter, batch 1.
    q_lite = np.empty_like(q_tflm)
    for i in range(xq.shape[0]):
        interp.set_tensor(ind["index"], xq[i:i + 1])
        interp.invoke()
        q_lite[i] = interp.get_tensor(outd["index"])[0]
    lite_diff = int(np.max(np.abs(q_lite.astype(np.int32) - q_tflm.astype(np.int32))))

    entry = dict(
        name=name, task=spec["task"], description=spec["description"], dataset=spec["dataset"],
        layers=layer_classes(loaded), params=int(loaded.count_params()),
        input_shape=list(loaded.inputs[0].shape[1:]), output_shape=list(loaded.outputs[0].shape[1:]),
        input_dtype_stored=str(sd),
        train=dict(samples=int(len(train)), epochs=spec["epochs"], batch_size=spec["batch"],
                   optimizer=f"Adam(learning_rate={spec['lr']})", final_loss=final_loss),
        test_samples=int(len(test)), n_calibration=int(calib.shape[0]), n_eval=int(eval_x.shape[0]),
        eval_source_indices_first10=[int(i) for i in test[:10]],
    )
    if spec["dataset"] in ("breast_cancer", "wine"):
        # How many distinct int8 values each raw feature takes over the eval set once the
        # whole input tensor shares one scale (features with small ranges collapse).
        entry["input_feature_distinct_int8_values"] = [int(len(np.unique(xq[:, j]))) for j in range(xq.shape[1])]
        entry["input_feature_ranges_train"] = [[float(a), float(b)] for a, b in zip(x_train.min(0), x_train.max(0))]
    if regression:
        entry.update(
            float_eval_mse=float(np.mean((float_out - eval_x) ** 2)),
            tf_int8_eval_mse=float(np.mean((tf_out - eval_x) ** 2)),
            float_accuracy=None, tf_int8_accuracy=None)
    else:
        y_eval = y_test[:spec["n_eval"]]
        entry.update(
            float_accuracy=accuracy(float_out, y_eval),
            float_accuracy_full_test=accuracy(full_test_out, y_test),
            tf_int8_accuracy=accuracy(tf_out, y_eval),
            tf_int8_argmax_agrees_with_float=float(np.mean(np.argmax(tf_out, -1) == np.argmax(float_out, -1))))
    entry.update(
        tf_int8_sqnr_db=sqnr_db(float_out, tf_out),
        tf_int8_max_abs_error=float(np.max(np.abs(float_out - tf_out))),
        input_quantization=dict(scale=in_s, zero_point=in_zp, shape=[int(s) for s in ind["shape"]],
                                shape_signature=[int(s) for s in ind["shape_signature"]]),
        output_quantization=dict(scale=out_s, zero_point=out_zp, shape=[int(s) for s in outd["shape"]]),
        tflite_ops=op_names,
        tflite_non_int8_float_tensors=float_tensor_ops(interp, ops),
        tflm_arena_bytes_used=arena, tflm_arena_bytes_given=TFLM_ARENA,
        litert_vs_tflm_max_abs_diff_int8=lite_diff,
    )
    if name == "digits_cnn":
        entry["tf_weights"] = export_weights(name, interp, ops, loaded)
        files.update({f"tf_{k}_{part}": f"{name}.tf_{k}_{part}.npy" for k in ("conv0", "dense")
                      for part in ("weights", "scales", "bias", "bias_scales")})
    entry["files"] = files
    entry["sizes"] = {role: os.path.getsize(os.path.join(HERE, fn)) for role, fn in files.items()}
    entry["keras_bytes"] = entry["sizes"]["keras"]
    entry["tflite_bytes"] = entry["sizes"]["tf_int8"]
    acc = "" if regression else f"float acc {entry['float_accuracy']:.4f}  int8 acc {entry['tf_int8_accuracy']:.4f}  "
    print(f"  {acc}SQNR {entry['tf_int8_sqnr_db']:.2f} dB  keras {entry['keras_bytes']} B  tflite "
          f"{entry['tflite_bytes']} B  arena {arena}  LiteRT-vs-TFLM {lite_diff}", flush=True)
    return entry


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", help="model name (repeatable)")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        for spec in MODELS:
            print(f"{spec['name']:18s} {spec['description']}")
        return
    names = [spec["name"] for spec in MODELS]
    if args.only:
        bad = [n for n in args.only if n not in names]
        if bad:
            sys.exit(f"unknown model(s): {bad}")
    selected = [spec for spec in MODELS if not args.only or spec["name"] in args.only]

    manifest_path = os.path.join(HERE, "manifest.json")
    old = {}
    if args.only and os.path.exists(manifest_path):
        with open(manifest_path) as f:
            old = {e["name"]: e for e in json.load(f)["models"]}
    for spec in selected:
        old[spec["name"]] = build_one(spec)
    manifest = dict(
        generator="make_fixtures.py",
        versions=versions(),
        seed=SEED,
        seed_note="numpy/keras/TF seeded per model with crc32(name) ^ seed (keras.utils.set_random_seed); "
                  "data split per data set with numpy default_rng(crc32('split:' + dataset) ^ seed).permutation, "
                  "first 70 % (floor) train, the rest test; tf.config.experimental.enable_op_determinism()",
        converter=dict(
            api="tf.lite.TFLiteConverter.from_keras_model(model)",
            optimizations=["tf.lite.Optimize.DEFAULT"],
            representative_dataset="the samples of NAME.calibration.npy (128; wine_mlp 124) as float32, one at a time, batch 1",
            supported_ops=["tf.lite.OpsSet.TFLITE_BUILTINS_INT8"],
            inference_input_type="tf.int8", inference_output_type="tf.int8"),
        input_quantization_rule="q = clamp(round_half_away_from_zero(float32(x) / scale) + zero_point, -128, 127)",
        output_dequantization_rule="float32((q - zero_point) * scale)",
        sqnr_rule="10 * log10(sum(float_output^2) / sum((float_output - tf_int8_output)^2)) over the whole eval set, float64",
        models=[old[n] for n in names if n in old],
    )
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1, separators=(",", ": "))
        f.write("\n")
    print(f"wrote {len(manifest['models'])} models to {HERE}")


if __name__ == "__main__":
    main()
