#!/usr/bin/env python3
"""Regenerate Kinglet's int8 and 16x8 TFLite fixtures with the real tools (TensorFlow + TFLite Micro).

What it makes (in the folder this script lives in, or --out DIR):
  NAME.tflite          fully int8 model: tf.lite.TFLiteConverter.from_keras_model, Optimize.DEFAULT,
                       a seeded representative dataset (64 samples, or sklearn digits for the
                       digit models), TFLITE_BUILTINS_INT8, inference_input_type =
                       inference_output_type = tf.int8. Exception: `quant_dequant` keeps
                       float32 input/output so QUANTIZE/DEQUANTIZE appear at the edges.
                       16x8 fixtures (names ending in _16x8): the same, but
                       supported_ops = [EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
                       and int16 input/output (float32 for quant_dequant_16x8): int16
                       activations with zero point 0, int8 per-channel weights, int64 bias.
                       Three QUANTIZE fixtures (quantize_int8_to_int16, quantize_int16_to_int8,
                       quantize_int16_to_int16) are single-operator models written directly with
                       the TFLite schema's object API (the converter never emits those
                       requantizations on their own); TFLite Micro still computes their outputs.
  NAME.input<i>.npy    int8 array [3] + input_shape[1:] (float32 for quant_dequant); index i is
                       the TFLite input index. Sample 0 and 1 are drawn from the calibration
                       distribution (fresh seeds; real held-out digits for the digit models),
                       sample 2 is "extreme": every element -128 or 127 at random (-32768 or
                       32767 for int16 inputs; for the float models, data x 20 so QUANTIZE
                       saturates).
  unsupported_16x8/NAME.tflite  16x8 models Kinglet must refuse, naming the operator (MEAN, SOFTMAX
                       on int16; an int32 bias); no inputs or outputs, not in the manifest.
  NAME.output<j>.npy   TFLite Micro's outputs for those samples, [3] + output_shape[1:], obtained
                       with tflite_micro.runtime.Interpreter, one sample per invoke(), stacked.
  manifest.json        generator versions + one entry per fixture (see README.md).
All .npy files are written by np.save (format v1.0, little-endian, C order).

Inputs are quantized from float samples as TFLite does: x / scale in float32, round half away
from zero, + zero point, clamp to [-128, 127] (int16: [-32768, 32767]).

Arena numbers (manifest):
  tflm_arena_bytes       the smallest `arena_size` for which tflite_micro.runtime.Interpreter
                         (default kAllocationRecording config) allocates AND runs all 3 samples
                         with outputs identical to a run with a huge arena. Found by binary
                         search, each trial in a fork()ed child because a too-small arena can
                         segfault the process. This includes the bookkeeping objects the Python
                         wrapper / RecordingMicroAllocator place inside the arena (a few hundred
                         bytes), so it is an upper bound for a bare C++ MicroInterpreter.
  tflm_arena_used_bytes  "Arena allocation total" printed by print_allocations() after invoke()
                         (head + tail actually used; excludes those bookkeeping objects).

Extra manifest fields per fixture: input/output dtypes, shapes, scales and zero points, and
`litert_ref_max_abs_diff`: the largest |difference| between TFLM's outputs and LiteRT's
BUILTIN_REF kernels (tf.lite.Interpreter) on the same inputs, for information only — the
contract is TFLM's bytes (null where LiteRT's reference kernels refuse the model, as they do
int8 -> int16 QUANTIZE).

Every model is checked by loading it in TFLM (a failure to load, e.g. an op TFLM has no kernel
for, aborts the run). At the end every fixture is reloaded in a fresh subprocess, run again and
compared byte for byte with the saved outputs, and a summary table is printed.

Run (takes about 6 minutes on 2 cores):
  ~/fixenv/bin/python Tests/Fixtures/tflite/make_fixtures.py            # regenerate everything
  ~/fixenv/bin/python Tests/Fixtures/tflite/make_fixtures.py --only conv2d_3x3_same_s1 mlp
  ~/fixenv/bin/python Tests/Fixtures/tflite/make_fixtures.py --only-16x8   # just the 16x8 ones
  ~/fixenv/bin/python Tests/Fixtures/tflite/make_fixtures.py --verify-only
The venv: python3 -m venv ~/fixenv && ~/fixenv/bin/pip install "tensorflow-cpu==2.21.*"
tflite-micro ai-edge-litert scikit-learn

Generated with (also stamped in manifest.json["generator"]):
  Python 3.11.7, tensorflow-cpu 2.21.0, keras 3.15.1, tflite-micro 0.dev20261023182759,
  numpy 2.4.6, scikit-learn 1.9.1, on x86-64 Linux.
"""

import json
import os
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH = 3
HUGE_ARENA = 16 * 1024 * 1024


# ----------------------------------------------------------------------------------------------
# TFLM worker: runs in a separate process (imports only numpy + tflite_micro, never TensorFlow).
# ----------------------------------------------------------------------------------------------
def _tflm_run_all(runtime, np, model_bytes, inputs, arena):
    it = runtime.Interpreter.from_bytes(model_bytes, arena_size=arena)
    n_out = len(_n_outputs(runtime, model_bytes))
    outs = [[] for _ in range(n_out)]
    for b in range(inputs[0].shape[0]):
        for i, x in enumerate(inputs):
            it.set_input(np.ascontiguousarray(x[b:b + 1]), i)
        it.invoke()
        for j in range(n_out):
            outs[j].append(np.array(it.get_output(j), copy=True))
    return it, [np.concatenate(o, axis=0) for o in outs]


def _n_outputs(runtime, model_bytes):
    m = runtime.convert_bytearray_to_object(bytearray(model_bytes))
    return list(m.subgraphs[0].outputs)


def _capture_stderr(fn):
    """Run fn() with C-level stderr redirected to a temp file; return (result, text)."""
    import tempfile
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            res = fn()
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode("utf-8", "replace")
    return res, text


def _trial(runtime, np, model_bytes, inputs, arena, ref):
    """fork(); the child tries `arena` and exits 0 iff allocation + invoke + outputs == ref."""
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            _, outs = _tflm_run_all(runtime, np, model_bytes, inputs, arena)
            same = all(o.dtype == r.dtype and o.shape == r.shape and np.array_equal(o, r)
                       for o, r in zip(outs, ref))
            os._exit(0 if same else 4)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def tflm_worker(spec_json):
    import re
    import numpy as np
    from tflite_micro import runtime

    spec = json.loads(spec_json)
    with open(spec["model"], "rb") as f:
        model_bytes = f.read()
    inputs = [np.load(p) for p in spec["inputs"]]
    result = {}
    if spec["mode"] == "generate":
        (it, outs), text = _capture_stderr(
            lambda: _tflm_run_all(runtime, np, model_bytes, inputs, HUGE_ARENA))
        _, text = _capture_stderr(it.print_allocations)
        m = re.search(r"Arena allocation total (\d+) bytes", text)
        result["arena_used"] = int(m.group(1)) if m else None
        for p, o in zip(spec["outputs"], outs):
            np.save(p, o)
        # Binary search for the minimum arena. Invariant: hi passes, lo fails.
        hi = 1024
        while _trial(runtime, np, model_bytes, inputs, hi, outs) != 0:
            hi *= 2
            if hi > HUGE_ARENA:
                raise RuntimeError("no arena size up to %d works" % HUGE_ARENA)
        lo = 0
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _trial(runtime, np, model_bytes, inputs, mid, outs) == 0:
                hi = mid
            else:
                lo = mid
        # sanity: the minimum passes, one byte less fails, a few sizes above pass.
        assert _trial(runtime, np, model_bytes, inputs, hi, outs) == 0
        assert _trial(runtime, np, model_bytes, inputs, hi - 1, outs) != 0
        for extra in (1, 7, 16, 100, 1000):
            assert _trial(runtime, np, model_bytes, inputs, hi + extra, outs) == 0, extra
        result["arena_min"] = hi
        result["input_details"] = [_details(it.get_input_details(i)) for i in range(len(inputs))]
        result["output_details"] = [_details(it.get_output_details(j)) for j in range(len(outs))]
    elif spec["mode"] == "verify":
        _, outs = _tflm_run_all(runtime, np, model_bytes, inputs, spec["arena"])
        ok = True
        for p, o in zip(spec["outputs"], outs):
            ref = np.load(p)
            ok = ok and ref.dtype == o.dtype and ref.shape == o.shape and np.array_equal(ref, o)
        result["ok"] = bool(ok)
    print("RESULT:" + json.dumps(result))


def _details(d):
    q = d.get("quantization_parameters", {})
    return {"shape": [int(s) for s in d["shape"]], "dtype": d["dtype"].__name__,
            "scales": [float(s) for s in q.get("scales", [])],
            "zero_points": [int(z) for z in q.get("zero_points", [])]}


def run_worker(spec):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    p = subprocess.run([sys.executable, os.path.abspath(__file__), "--tflm-worker", json.dumps(spec)],
                       capture_output=True, text=True, env=env)
    for line in p.stdout.splitlines():
        if line.startswith("RESULT:"):
            return json.loads(line[len("RESULT:"):])
    raise RuntimeError("TFLM worker failed (exit %d) on %s:\n%s\n%s"
                       % (p.returncode, spec["model"], p.stdout[-3000:], p.stderr[-3000:]))


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--tflm-worker":
    tflm_worker(sys.argv[2])
    sys.exit(0)


# ----------------------------------------------------------------------------------------------
# Generator (imports TensorFlow).
# ----------------------------------------------------------------------------------------------
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
import argparse  # noqa: E402
import platform  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

N_CALIB = 64


def seed_of(name):
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def I(shape, name=None, batch=1):  # noqa: E743
    return keras.Input(shape=shape, batch_size=batch, name=name)


def calibrate_batchnorm(model, calib, rng):
    """Give every BatchNormalization layer moving statistics close to (but not exactly) the
    real statistics of its input on the calibration data, layer by layer, so an untrained deep
    network neither explodes nor collapses to a constant output and BN folding is exercised
    with non-trivial mean/variance/gamma/beta."""
    for bn in [lyr for lyr in model.layers if isinstance(lyr, layers.BatchNormalization)]:
        sub = keras.Model(model.inputs, bn.input)
        a = sub.predict(calib if len(calib) > 1 else calib[0], batch_size=1, verbose=0)
        axes = tuple(range(a.ndim - 1))
        mean, var = a.mean(axis=axes), a.var(axis=axes)
        shp = mean.shape
        bn.set_weights([
            rng.uniform(0.6, 1.4, shp).astype(np.float32),
            rng.normal(0, 0.2, shp).astype(np.float32),
            (mean + rng.normal(0, 0.1, shp) * np.sqrt(var)).astype(np.float32),
            (var * rng.uniform(0.7, 1.4, shp) + 1e-4).astype(np.float32)])


def randomize_weights(model, rng, bias_std=0.1):
    """Non-zero biases and non-trivial BatchNorm parameters/moving statistics (so folding is
    exercised). Kernels keep Keras' seeded initializers."""
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            ws = layer.get_weights()  # gamma, beta, moving_mean, moving_variance
            shp = ws[0].shape
            layer.set_weights([
                rng.uniform(0.6, 1.4, shp).astype(np.float32),
                rng.normal(0, 0.1, shp).astype(np.float32),
                rng.normal(0, 0.1, shp).astype(np.float32),
                rng.uniform(0.6, 1.6, shp).astype(np.float32)])
        elif getattr(layer, "bias", None) is not None and getattr(layer, "use_bias", False):
            ws = layer.get_weights()
            for k, w in enumerate(layer.weights):
                if w.path.endswith("bias"):
                    ws[k] = rng.normal(0, bias_std, ws[k].shape).astype(np.float32)
            layer.set_weights(ws)


# --- data ---------------------------------------------------------------------------------------
_DIGITS = None


def digits():
    global _DIGITS
    if _DIGITS is None:
        from sklearn.datasets import load_digits
        d = load_digits()
        x = (d.data / 16.0).astype(np.float32)
        y = d.target.astype(np.int64)
        perm = np.random.default_rng(1234).permutation(len(x))
        x, y = x[perm], y[perm]
        _DIGITS = (x[:1400], y[:1400], x[1400:], y[1400:])
    return _DIGITS


def normal_gen(scale=1.0):
    def gen(rng, shapes, n):
        return [(rng.standard_normal((n,) + tuple(s)) * scale).astype(np.float32) for s in shapes]
    return gen


def scaled_gens(scales):
    """One scale per input."""
    def gen(rng, shapes, n):
        return [(rng.standard_normal((n,) + tuple(s)) * sc).astype(np.float32)
                for s, sc in zip(shapes, scales)]
    return gen


def blobs_gen(lo, hi, coarse):
    """Image-like random data: a per-sample random low-resolution pattern (coarse grid, nearest
    upsampled) plus fine noise, clipped to [lo, hi]. Samples differ in spatial structure, so an
    untrained network's pooled features (and outputs) differ from sample to sample."""
    def gen(rng, shapes, n):
        res = []
        for s in shapes:
            h, w, c = s
            ch, cw = coarse
            g = rng.uniform(lo, hi, (n, ch, cw, c))
            g = np.repeat(np.repeat(g, -(-h // ch), axis=1), -(-w // cw), axis=2)[:, :h, :w, :]
            x = 0.8 * g + 0.2 * rng.uniform(lo, hi, (n, h, w, c))
            res.append(np.clip(x, lo, hi).astype(np.float32))
        return res
    return gen


def uniform_gen(lo, hi):
    def gen(rng, shapes, n):
        return [rng.uniform(lo, hi, (n,) + tuple(s)).astype(np.float32) for s in shapes]
    return gen


def digits_gen(as_image):
    def gen(rng, shapes, n, split="train"):
        xtr, _, xte, _ = digits()
        src = xtr if split == "train" else xte
        idx = rng.choice(len(src), n, replace=False)
        x = src[idx]
        return [x.reshape((n, 8, 8, 1)) if as_image else x]
    gen.has_test_split = True
    return gen


# --- fixture registry -----------------------------------------------------------------------------
FIXTURES = []


def fixture(name, kind, description, shapes, gen=None, float_io=False, bias_std=0.1,
            input_names=None, trained=False, quant="int8", raw=None, fresh=False):
    """trained=True: the build function trains the model; skip randomize_weights.
    fresh=True: start from a fresh Keras session, as every 16x8 fixture does (names, and so
    bytes, independent of what ran before; --only gives what a full run gives).
    quant: "int8" (TFLITE_BUILTINS_INT8) or "16x8" (int16 activations, int8 weights).
    raw: the input dtype name when build() returns finished .tflite bytes instead of a Keras
    model (no conversion; inputs drawn as integers of that dtype)."""
    def deco(build):
        FIXTURES.append(dict(name=name, kind=kind, description=description, shapes=shapes,
                             gen=gen or normal_gen(), float_io=float_io, build=build,
                             bias_std=bias_std, input_names=input_names, trained=trained,
                             quant=quant, raw=raw, fresh=fresh))
        return build
    return deco


def simple(name, description, shape, layer_fn, gen=None, bias_std=0.1, batch=1, quant="int8"):
    """Single-input op fixture: Input(shape) -> layer_fn(x)."""
    def build():
        x = I(shape, batch=batch)
        return keras.Model(x, layer_fn(x))
    fixture(name, "op", description, [shape], gen=gen, bias_std=bias_std, quant=quant)(build)


def two_input(name, description, s0, s1, fn, gen=None, quant="int8", fresh=False):
    def build():
        a = I(s0, "in0")
        b = I(s1, "in1")
        return keras.Model([a, b], fn(a, b))
    fixture(name, "op", description, [s0, s1], gen=gen, input_names=["in0", "in1"],
            quant=quant, fresh=fresh)(build)


# conv2d -----------------------------------------------------------------------------------------
simple("conv2d_3x3_same_s1", "Conv2D 3->5 ch, 3x3, stride 1, padding same, no activation, 7x9 input",
       (7, 9, 3), lambda x: layers.Conv2D(5, 3, padding="same")(x))
simple("conv2d_3x3_valid_s2_relu", "Conv2D 5->13 ch, 3x3, stride 2, padding valid, fused relu, 9x7 input",
       (9, 7, 5), lambda x: layers.Conv2D(13, 3, strides=2, padding="valid", activation="relu")(x))
simple("conv2d_1x1_relu6", "Conv2D 13->8 ch, 1x1, stride 1, fused relu6 (ReLU(max_value=6)), 7x9 input",
       (7, 9, 13), lambda x: layers.ReLU(max_value=6.0)(layers.Conv2D(8, 1)(x)))
simple("conv2d_5x3_same_s2", "Conv2D 3->6 ch, kernel 5x3, stride 2, padding same, 11x9 input",
       (11, 9, 3), lambda x: layers.Conv2D(6, (5, 3), strides=2, padding="same")(x))
simple("conv2d_3x3_dil2_same_relu", "Conv2D 5->7 ch, 3x3, dilation 2, padding same, fused relu, 9x9 input",
       (9, 9, 5), lambda x: layers.Conv2D(7, 3, dilation_rate=2, padding="same", activation="relu")(x))
simple("conv2d_5x3_dil2_valid_relu6", "Conv2D 3->5 ch, kernel 5x3, dilation 2, padding valid, fused relu6, 13x11 input",
       (13, 11, 3), lambda x: layers.Conv2D(5, (5, 3), dilation_rate=2, padding="valid",
                                             activation="relu6")(x))
simple("conv2d_3x3_s21_same_nobias", "Conv2D 5->3 ch, 3x3, strides (2,1), padding same, use_bias=False, 7x9 input",
       (7, 9, 5), lambda x: layers.Conv2D(3, 3, strides=(2, 1), padding="same", use_bias=False)(x))
simple("conv2d_tiny_scale", "Conv2D 3->5 ch, 3x3 same; extreme scales: input ~ N(0,1)*1e-3 (tiny input scale), bias std 1e-4",
       (7, 9, 3), lambda x: layers.Conv2D(5, 3, padding="same")(x), gen=normal_gen(1e-3), bias_std=1e-4)
simple("conv2d_huge_scale", "Conv2D 3->5 ch, 3x3 same, fused relu; extreme scales: input ~ N(0,1)*100 (huge input scale), bias std 10",
       (7, 9, 3), lambda x: layers.Conv2D(5, 3, padding="same", activation="relu")(x),
       gen=normal_gen(100.0), bias_std=10.0)

# depthwise ---------------------------------------------------------------------------------------
simple("dwconv_3x3_same_s1", "DepthwiseConv2D 5 ch, 3x3, depth_multiplier 1, stride 1, same, 7x9 input",
       (7, 9, 5), lambda x: layers.DepthwiseConv2D(3, padding="same")(x))
simple("dwconv_3x3_valid_dm2_relu", "DepthwiseConv2D 3 ch, 3x3, depth_multiplier 2, valid, fused relu, 7x9 input",
       (7, 9, 3), lambda x: layers.DepthwiseConv2D(3, depth_multiplier=2, padding="valid", activation="relu")(x))
simple("dwconv_3x3_same_s2_dm3_relu6", "DepthwiseConv2D 3 ch, 3x3, depth_multiplier 3, stride 2, same, fused relu6, 9x7 input",
       (9, 7, 3), lambda x: layers.DepthwiseConv2D(3, strides=2, depth_multiplier=3, padding="same",
                                                    activation="relu6")(x))
simple("dwconv_3x3_dil2_same", "DepthwiseConv2D 5 ch, 3x3, dilation 2, same, 9x9 input",
       (9, 9, 5), lambda x: layers.DepthwiseConv2D(3, dilation_rate=2, padding="same")(x))
simple("dwconv_5x3_valid_s2", "DepthwiseConv2D 13 ch, kernel 5x3, stride 2, valid, 11x9 input",
       (11, 9, 13), lambda x: layers.DepthwiseConv2D((5, 3), strides=2, padding="valid")(x))

# fully connected ----------------------------------------------------------------------------------
simple("fc_12_to_7", "Dense 12->7, no activation", (12,), lambda x: layers.Dense(7)(x))
simple("fc_64_to_13_relu", "Dense 64->13, fused relu", (64,), lambda x: layers.Dense(13, activation="relu")(x))
simple("fc_20_to_9_relu6_nobias", "Dense 20->9, fused relu6, use_bias=False", (20,),
       lambda x: layers.Dense(9, activation="relu6", use_bias=False)(x))
simple("fc_keep_dims", "Dense 12->7 applied to a rank-3 input [1,5,12]: FULLY_CONNECTED with keep_num_dims=true, output [1,5,7]",
       (5, 12), lambda x: layers.Dense(7)(x))

# pooling -----------------------------------------------------------------------------------------
simple("avgpool_2x2_valid_s2", "AveragePooling2D 2x2, stride 2, valid, 7x9x5", (7, 9, 5),
       lambda x: layers.AveragePooling2D(2, strides=2, padding="valid")(x))
simple("avgpool_3x3_same_s2", "AveragePooling2D 3x3, stride 2, same (edge windows average fewer elements), 7x9x5",
       (7, 9, 5), lambda x: layers.AveragePooling2D(3, strides=2, padding="same")(x))
simple("avgpool_3x3_same_s1", "AveragePooling2D 3x3, stride 1, same, 5x7x13", (5, 7, 13),
       lambda x: layers.AveragePooling2D(3, strides=1, padding="same")(x))
simple("maxpool_2x2_valid_s2", "MaxPooling2D 2x2, stride 2, valid, 7x9x5", (7, 9, 5),
       lambda x: layers.MaxPooling2D(2, strides=2, padding="valid")(x))
simple("maxpool_3x3_same_s2", "MaxPooling2D 3x3, stride 2, same, 9x7x3", (9, 7, 3),
       lambda x: layers.MaxPooling2D(3, strides=2, padding="same")(x))

# add / mul ----------------------------------------------------------------------------------------
two_input("add_same", "Add of two model inputs [1,7,9,5]", (7, 9, 5), (7, 9, 5),
          lambda a, b: layers.Add()([a, b]))
two_input("add_broadcast", "Add [1,4,4,8] + [1,1,1,8] (two model inputs; the converter reshapes the second to [8])",
          (4, 4, 8), (1, 1, 8), lambda a, b: layers.Add()([a, b]))
two_input("add_relu", "Add followed by ReLU layer, fused by the converter into ADD(fused_activation=RELU), [1,7,9,5]",
          (7, 9, 5), (7, 9, 5), lambda a, b: layers.ReLU()(layers.Add()([a, b])))
two_input("add_different_scales", "Add of inputs with different ranges: in0 ~ N(0,1), in1 ~ N(0,1)*10, [1,5,7,3]",
          (5, 7, 3), (5, 7, 3), lambda a, b: layers.Add()([a, b]), gen=scaled_gens([1.0, 10.0]))
two_input("add_tiny_scale", "Add; extreme scales: both inputs ~ N(0,1)*1e-3, [1,5,7,3]", (5, 7, 3), (5, 7, 3),
          lambda a, b: layers.Add()([a, b]), gen=normal_gen(1e-3))
two_input("add_huge_scale", "Add; extreme scales: both inputs ~ N(0,1)*100, [1,5,7,3]", (5, 7, 3), (5, 7, 3),
          lambda a, b: layers.Add()([a, b]), gen=normal_gen(100.0))
simple("add_gap_broadcast", "x + GlobalAveragePooling2D(keepdims=True)(x): MEAN then broadcasting ADD [1,4,4,8]+[1,1,1,8]",
       (4, 4, 8), lambda x: layers.Add()([x, layers.GlobalAveragePooling2D(keepdims=True)(x)]))
two_input("mul_same", "Multiply of two model inputs [1,7,9,5]", (7, 9, 5), (7, 9, 5),
          lambda a, b: layers.Multiply()([a, b]))
two_input("mul_broadcast", "Multiply [1,4,4,8] * [1,1,1,8] (two model inputs)", (4, 4, 8), (1, 1, 8),
          lambda a, b: layers.Multiply()([a, b]))
two_input("mul_relu6", "Multiply followed by ReLU6 (fused into MUL), [1,5,7,3]", (5, 7, 3), (5, 7, 3),
          lambda a, b: layers.ReLU(max_value=6.0)(layers.Multiply()([a, b])), gen=normal_gen(2.0))

# reshape / squeeze ---------------------------------------------------------------------------------
simple("reshape_static", "Keras Reshape (7,9,5)->(35,9) with a fixed batch of 1: a single RESHAPE",
       (7, 9, 5), lambda x: layers.Reshape((35, 9))(x))
simple("flatten_static", "Keras Flatten of (4,6,3) with a fixed batch of 1, then Dense 72->5: RESHAPE + FULLY_CONNECTED",
       (4, 6, 3), lambda x: layers.Dense(5)(layers.Flatten()(x)))
simple("flatten_dynamic_batch", "Keras Flatten of (4,6,3) then Dense 72->5, built with a DYNAMIC batch (Input(shape=...)): "
       "the converter emits SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE; tensors are stored with shape [1,...] and "
       "shape_signature [-1,...]", (4, 6, 3), lambda x: layers.Dense(5)(layers.Flatten()(x)), batch=None)
simple("squeeze", "tf.squeeze(axis=2) in a Lambda on [1,5,1,7]: the TF 2.21 converter emits RESHAPE, not SQUEEZE "
       "(also with keras.ops.squeeze and with a dynamic batch)", (5, 1, 7),
       lambda x: layers.Lambda(lambda t: tf.squeeze(t, axis=2))(x))
simple("conv1d_dynamic_batch", "Keras Conv1D 5->4 ch, kernel 3, valid, on [?,9,5] with a DYNAMIC batch: "
       "EXPAND_DIMS -> CONV_2D -> RESHAPE (with batch 1 it would be RESHAPE -> CONV_2D -> RESHAPE)",
       (9, 5), lambda x: layers.Conv1D(4, 3)(x), batch=None)

# softmax & activations ------------------------------------------------------------------------------
simple("softmax_rank2", "Softmax over the last axis of [1,10]", (10,), lambda x: layers.Softmax()(x),
       gen=normal_gen(2.0))
simple("softmax_rank4", "Softmax over the last axis of [1,3,5,7]", (3, 5, 7), lambda x: layers.Softmax()(x),
       gen=normal_gen(2.0))
simple("softmax_huge_scale", "Softmax [1,10]; extreme scales: input ~ N(0,1)*30 (large input scale)", (10,),
       lambda x: layers.Softmax()(x), gen=normal_gen(30.0))
simple("softmax_tiny_scale", "Softmax [1,10]; extreme scales: input ~ N(0,1)*0.01 (tiny input scale)", (10,),
       lambda x: layers.Softmax()(x), gen=normal_gen(0.01))
simple("logistic", "Activation sigmoid -> LOGISTIC, [1,7,9,5], input ~ N(0,1)*3", (7, 9, 5),
       lambda x: layers.Activation("sigmoid")(x), gen=normal_gen(3.0))
simple("tanh", "Activation tanh -> TANH, [1,7,9,5], input ~ N(0,1)*3", (7, 9, 5),
       lambda x: layers.Activation("tanh")(x), gen=normal_gen(3.0))
simple("relu", "ReLU layer alone -> RELU, [1,7,9,5]", (7, 9, 5), lambda x: layers.ReLU()(x))
simple("relu6", "ReLU(max_value=6) alone -> RELU6, [1,7,9,5], input ~ N(0,1)*4. NOTE: the converter gives input "
       "and output different scales, but TFLM's int8 RELU6 does not requantize: it clamps the input bytes to "
       "[zp_in, zp_in + round(6/s_in)] and writes them out unchanged (LiteRT's reference kernel rescales, so the two "
       "differ by up to ~120 steps); these outputs pin TFLM's behaviour", (7, 9, 5),
       lambda x: layers.ReLU(max_value=6.0)(x), gen=normal_gen(4.0))
simple("leaky_relu_0p1", "LeakyReLU(negative_slope=0.1) -> LEAKY_RELU alpha 0.1, [1,7,9,5]", (7, 9, 5),
       lambda x: layers.LeakyReLU(negative_slope=0.1)(x))
simple("leaky_relu_0p3", "LeakyReLU(negative_slope=0.3) -> LEAKY_RELU alpha 0.3, [1,7,9,5]", (7, 9, 5),
       lambda x: layers.LeakyReLU(negative_slope=0.3)(x))
simple("hard_swish", "Activation('hard_swish') (Keras 3 hard_silu) -> a single HARD_SWISH, [1,7,9,5], input U(-5,5)",
       (7, 9, 5), lambda x: layers.Activation("hard_swish")(x), gen=uniform_gen(-5.0, 5.0))

# pad / mean / concat ---------------------------------------------------------------------------------
simple("pad_hw", "keras.ops.pad in a Lambda, [1,5,7,3] padded H (1,2) W (2,1) -> PAD (nothing to fold into)",
       (5, 7, 3), lambda x: layers.Lambda(lambda t: keras.ops.pad(t, ((0, 0), (1, 2), (2, 1), (0, 0))))(x))
simple("pad_hwc_maxpool", "keras.ops.pad H (0,1) W (1,0) C (2,1) on [1,5,7,3] then MaxPooling2D 2x2: PAD survives before a non-conv op",
       (5, 7, 3), lambda x: layers.MaxPooling2D(2)(
           layers.Lambda(lambda t: keras.ops.pad(t, ((0, 0), (0, 1), (1, 0), (2, 1))))(x)))
simple("mean_keepdims", "GlobalAveragePooling2D(keepdims=True) -> MEAN over axes [1,2], keep_dims true, [1,7,9,5]->[1,1,1,5]",
       (7, 9, 5), lambda x: layers.GlobalAveragePooling2D(keepdims=True)(x))
simple("mean_nokeepdims", "GlobalAveragePooling2D() -> MEAN over axes [1,2], keep_dims false, [1,7,9,13]->[1,13]",
       (7, 9, 13), lambda x: layers.GlobalAveragePooling2D()(x))
simple("reduce_max_nokeepdims", "GlobalMaxPooling2D() -> REDUCE_MAX over axes [1,2], keep_dims false, [1,7,9,6]->[1,6]",
       (7, 9, 6), lambda x: layers.GlobalMaxPooling2D()(x))
simple("reduce_max_conv", "Conv2D 3->8 3x3 same + relu, GlobalMaxPooling2D(keepdims=True): REDUCE_MAX after a conv, "
       "[1,6,6,3]->[1,1,1,8]", (6, 6, 3),
       lambda x: layers.GlobalMaxPooling2D(keepdims=True)(layers.Conv2D(8, 3, padding="same", activation="relu")(x)))
two_input("concat_last_axis", "Concatenate axis -1 of [1,4,5,3] and [1,4,5,6] (in1 ~ N(0,1)*10; the converter gives both "
          "inputs the output's scale)", (4, 5, 3), (4, 5, 6), lambda a, b: layers.Concatenate(axis=-1)([a, b]),
          gen=scaled_gens([1.0, 10.0]))
two_input("concat_axis1", "Concatenate axis 1 of [1,3,5,4] and [1,2,5,4]", (3, 5, 4), (2, 5, 4),
          lambda a, b: layers.Concatenate(axis=1)([a, b]))


# quantize / dequantize ------------------------------------------------------------------------------
@fixture("quant_dequant", "op", "Conv2D 3->4 ch 3x3 same + relu converted with FLOAT32 input/output: "
         "QUANTIZE (float->int8) at the input and DEQUANTIZE (int8->float) at the output; npy files are float32",
         [(7, 9, 3)], float_io=True)
def _quant_dequant():
    x = I((7, 9, 3))
    return keras.Model(x, layers.Conv2D(4, 3, padding="same", activation="relu")(x))


# --- whole models ------------------------------------------------------------------------------------
def train(model, x, y, epochs, loss, seed):
    keras.utils.set_random_seed(seed)
    model.compile(optimizer=keras.optimizers.Adam(1e-2 if loss != "mse" else 3e-3), loss=loss,
                  metrics=["accuracy"] if loss != "mse" else [])
    model.fit(x, y, batch_size=32, epochs=epochs, verbose=0, shuffle=True)


@fixture("mlp", "model", "MLP 64->32(relu)->16(relu)->10(softmax) trained 30 epochs on sklearn digits (x/16); "
         "inputs 0,1 are held-out digits", [(64,)], gen=digits_gen(False), trained=True)
def _mlp():
    x = I((64,))
    h = layers.Dense(32, activation="relu")(x)
    h = layers.Dense(16, activation="relu")(h)
    m = keras.Model(x, layers.Dense(10, activation="softmax")(h))
    xtr, ytr, xte, yte = digits()
    # train a dynamic-batch twin (same layers' weights), then copy into the batch-1 model
    xt = keras.Input((64,))
    tl = [layers.Dense(32, activation="relu"), layers.Dense(16, activation="relu"),
          layers.Dense(10, activation="softmax")]
    t = keras.Model(xt, tl[2](tl[1](tl[0](xt))))
    train(t, xtr, ytr, 30, "sparse_categorical_crossentropy", 1)
    m.set_weights(t.get_weights())
    acc = float(np.mean(np.argmax(m.predict(xte, batch_size=1, verbose=0), 1) == yte))
    _mlp.note = "float test accuracy %.3f" % acc
    return m


def _small_cnn_layers():
    return [layers.Conv2D(8, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
            layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
            layers.Flatten(), layers.Dense(10, activation="softmax")]


@fixture("small_cnn", "model", "CNN on sklearn digits as 8x8x1 images: Conv 8 3x3 relu, MaxPool 2, Conv 16 3x3 relu, "
         "MaxPool 2, Flatten, Dense 10 softmax; trained 15 epochs; inputs 0,1 are held-out digits",
         [(8, 8, 1)], gen=digits_gen(True), trained=True)
def _small_cnn():
    def make(batch):
        x = I((8, 8, 1), batch=batch)
        h = x
        for lyr in _small_cnn_layers():
            h = lyr(h)
        return keras.Model(x, h)
    t = make(None)
    xtr, ytr, xte, yte = digits()
    train(t, xtr.reshape(-1, 8, 8, 1), ytr, 15, "sparse_categorical_crossentropy", 2)
    m = make(1)
    m.set_weights(t.get_weights())
    acc = float(np.mean(np.argmax(m.predict(xte.reshape(-1, 8, 8, 1), batch_size=1, verbose=0), 1) == yte))
    _small_cnn.note = "float test accuracy %.3f" % acc
    return m


@fixture("ds_cnn", "model", "Keyword-spotting DS-CNN (untrained; BN statistics set near the real ones): input 49x10x1, Conv 32 (10x4) "
         "stride 2 same + BN + relu, 4x [DepthwiseConv 3x3 same + BN + relu, Conv 1x1 32 + BN + relu], "
         "GlobalAveragePooling, Dense 12, softmax; input: random 7x2-blob patterns in [-3,3]", [(49, 10, 1)],
         gen=blobs_gen(-3.0, 3.0, (7, 2)))
def _ds_cnn():
    x = I((49, 10, 1))
    h = layers.Conv2D(32, (10, 4), strides=2, padding="same", use_bias=False)(x)
    h = layers.ReLU()(layers.BatchNormalization()(h))
    for _ in range(4):
        h = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(h)
        h = layers.ReLU()(layers.BatchNormalization()(h))
        h = layers.Conv2D(32, 1, use_bias=False)(h)
        h = layers.ReLU()(layers.BatchNormalization()(h))
    h = layers.GlobalAveragePooling2D()(h)
    return keras.Model(x, layers.Softmax()(layers.Dense(12)(h)))


@fixture("mobilenet_v1", "model", "keras.applications.MobileNet(input_shape=(32,32,3), alpha=0.25, weights=None, "
         "classes=10), batch 1, untrained; BN statistics set near the real ones; input: random 4x4-blob images in [-1,1]",
         [(32, 32, 3)], gen=blobs_gen(-1.0, 1.0, (4, 4)))
def _mobilenet_v1():
    return keras.applications.MobileNet(input_tensor=I((32, 32, 3)), alpha=0.25, weights=None, classes=10)


@fixture("mobilenet_v2", "model", "keras.applications.MobileNetV2(input_shape=(32,32,3), alpha=0.35, weights=None, "
         "classes=10), batch 1, untrained; BN statistics set near the real ones; input: random 4x4-blob images in [-1,1]",
         [(32, 32, 3)], gen=blobs_gen(-1.0, 1.0, (4, 4)))
def _mobilenet_v2():
    return keras.applications.MobileNetV2(input_tensor=I((32, 32, 3)), alpha=0.35, weights=None, classes=10)


@fixture("resnet_block", "model", "ResNet-8 (MLPerf Tiny image classification style), 32x32x3 input, untrained; BN statistics "
         "set near the real ones: Conv 16 + BN + relu, three residual stacks (16, 32 s2, 64 s2; 1x1 s2 projection "
         "shortcuts) with residual ADD + relu, AveragePooling 8x8, Flatten, Dense 10 softmax; input: random 4x4-blob "
         "images in [-1,1]", [(32, 32, 3)], gen=blobs_gen(-1.0, 1.0, (4, 4)))
def _resnet_block():
    x = I((32, 32, 3))
    h = layers.Conv2D(16, 3, padding="same")(x)
    h = layers.ReLU()(layers.BatchNormalization()(h))
    for filters, stride in ((16, 1), (32, 2), (64, 2)):
        y = layers.Conv2D(filters, 3, strides=stride, padding="same")(h)
        y = layers.ReLU()(layers.BatchNormalization()(y))
        y = layers.Conv2D(filters, 3, padding="same")(y)
        y = layers.BatchNormalization()(y)
        sc = h if stride == 1 else layers.Conv2D(filters, 1, strides=stride, padding="same")(h)
        h = layers.ReLU()(layers.Add()([sc, y]))
    h = layers.AveragePooling2D(8)(h)
    h = layers.Flatten()(h)
    return keras.Model(x, layers.Dense(10, activation="softmax")(h))


@fixture("autoencoder", "model", "Fully-connected autoencoder 64->32(relu)->8(relu)->32(relu)->64(sigmoid), trained "
         "40 epochs (MSE) on sklearn digits (x/16); inputs 0,1 are held-out digits", [(64,)], gen=digits_gen(False),
         trained=True)
def _autoencoder():
    def make(batch):
        x = I((64,), batch=batch)
        h = layers.Dense(32, activation="relu")(x)
        h = layers.Dense(8, activation="relu")(h)
        h = layers.Dense(32, activation="relu")(h)
        return keras.Model(x, layers.Dense(64, activation="sigmoid")(h))
    t = make(None)
    xtr, _, xte, _ = digits()
    train(t, xtr, xtr, 40, "mse", 3)
    m = make(1)
    m.set_weights(t.get_weights())
    mse = float(np.mean((m.predict(xte, batch_size=1, verbose=0) - xte) ** 2))
    _autoencoder.note = "float test MSE %.4f" % mse
    return m


# --- 16x8: int16 activations, int8 weights, int64 bias ------------------------------------------------
Q16 = "16x8"
simple("conv2d_3x3_same_s1_16x8", "16x8 Conv2D 3->5 ch, 3x3, stride 1, padding same, 7x9 input (int16 activations, "
       "int8 per-channel weights, int64 bias)", (7, 9, 3), lambda x: layers.Conv2D(5, 3, padding="same")(x), quant=Q16)
simple("conv2d_3x3_same_s2_relu_16x8", "16x8 Conv2D 5->6 ch, 3x3, stride 2, padding same, fused relu, 9x7 input",
       (9, 7, 5), lambda x: layers.Conv2D(6, 3, strides=2, padding="same", activation="relu")(x), quant=Q16)
simple("conv2d_huge_scale_16x8", "16x8 Conv2D 3->5 ch, 3x3 same, fused relu6; input ~ N(0,1)*100, bias std 10 "
       "(large accumulators through the Q15-reduced multiplier)", (7, 9, 3),
       lambda x: layers.Conv2D(5, 3, padding="same", activation="relu6")(x), gen=normal_gen(100.0), bias_std=10.0,
       quant=Q16)
simple("dwconv_3x3_same_dm1_16x8", "16x8 DepthwiseConv2D 5 ch, 3x3, depth_multiplier 1, stride 1, same, 7x9 input",
       (7, 9, 5), lambda x: layers.DepthwiseConv2D(3, padding="same")(x), quant=Q16)
simple("dwconv_3x3_valid_dm2_relu6_16x8", "16x8 DepthwiseConv2D 3 ch, 3x3, depth_multiplier 2, stride 2, valid, "
       "fused relu6, 9x7 input", (9, 7, 3),
       lambda x: layers.DepthwiseConv2D(3, strides=2, depth_multiplier=2, padding="valid", activation="relu6")(x),
       quant=Q16)
simple("fc_20_to_9_16x8", "16x8 Dense 20->9, no activation", (20,), lambda x: layers.Dense(9)(x), quant=Q16)
simple("fc_64_to_13_relu_nobias_16x8", "16x8 Dense 64->13, fused relu, use_bias=False (no bias operand: TFLM's "
       "int64 path because quantized_bias_type is INT64)", (64,),
       lambda x: layers.Dense(13, activation="relu", use_bias=False)(x), quant=Q16)
two_input("add_16x8", "16x8 Add of two model inputs [1,7,9,5]", (7, 9, 5), (7, 9, 5),
          lambda a, b: layers.Add()([a, b]), quant=Q16)
two_input("add_broadcast_relu_16x8", "16x8 Add [1,4,4,8] + [1,1,1,8] then ReLU (fused); the converter reshapes "
          "the second input to [8] with an int16 RESHAPE; TFLM's BroadcastAdd4DSlow", (4, 4, 8), (1, 1, 8),
          lambda a, b: layers.ReLU()(layers.Add()([a, b])), quant=Q16)
two_input("add_different_scales_16x8", "16x8 Add of inputs with different ranges: in0 ~ N(0,1), in1 ~ N(0,1)*10, "
          "[1,5,7,3]", (5, 7, 3), (5, 7, 3), lambda a, b: layers.Add()([a, b]), gen=scaled_gens([1.0, 10.0]),
          quant=Q16)
simple("reshape_16x8", "16x8 Keras Reshape (7,9,5)->(35,9), then Dense 9->4: int16 RESHAPE + FULLY_CONNECTED "
       "with keep_num_dims", (7, 9, 5), lambda x: layers.Dense(4)(layers.Reshape((35, 9))(x)), quant=Q16)


@fixture("quant_dequant_16x8", "op", "16x8 Conv2D 3->4 ch 3x3 same + relu converted with FLOAT32 input/output: "
         "QUANTIZE (float->int16) at the input and DEQUANTIZE (int16->float) at the output; npy files are float32",
         [(7, 9, 3)], float_io=True, quant=Q16)
def _quant_dequant_16x8():
    x = I((7, 9, 3))
    return keras.Model(x, layers.Conv2D(4, 3, padding="same", activation="relu")(x))


def _raw_quantize(in_type, in_scale, in_zp, out_type, out_scale, out_zp, shape):
    """A .tflite holding one QUANTIZE from `in_type` to `out_type`, written with the schema's
    object API (what the converter would write for such a node; op version 1)."""
    from tensorflow.lite.python import schema_py_generated as sch
    from tensorflow.lite.tools import flatbuffer_utils
    types = {"int8": sch.TensorType.INT8, "int16": sch.TensorType.INT16}

    def tensor(name, dtype, scale, zp, buffer):
        t = sch.TensorT()
        t.name, t.shape, t.type, t.buffer = name, [1] + list(shape), types[dtype], buffer
        q = sch.QuantizationParametersT()
        q.scale, q.zeroPoint = [scale], [zp]
        t.quantization = q
        return t

    model = sch.ModelT()
    model.version, model.description = 3, "kinglet fixture: one QUANTIZE %s -> %s" % (in_type, out_type)
    code = sch.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = sch.BuiltinOperator.QUANTIZE
    code.version = 1
    model.operatorCodes = [code]
    model.buffers = [sch.BufferT(), sch.BufferT(), sch.BufferT()]
    graph = sch.SubGraphT()
    graph.name = "main"
    graph.tensors = [tensor("x", in_type, in_scale, in_zp, 1), tensor("y", out_type, out_scale, out_zp, 2)]
    graph.inputs, graph.outputs = [0], [1]
    op = sch.OperatorT()
    op.opcodeIndex, op.inputs, op.outputs = 0, [0], [1]
    graph.operators = [op]
    model.subgraphs = [graph]
    return bytes(flatbuffer_utils.convert_object_to_bytearray(model))


@fixture("quantize_int8_to_int16", "op", "QUANTIZE int8 (scale 0.0123, zp -7) -> int16 (scale 0.0004567, zp 0), "
         "[1,6,7]: Requantize with a multiplier above 1 (shift 5); model written with the schema API",
         [(6, 7)], quant=Q16, raw="int8")
def _quantize_int8_to_int16():
    return _raw_quantize("int8", 0.0123, -7, "int16", 0.0004567, 0, (6, 7))


@fixture("quantize_int16_to_int8", "op", "QUANTIZE int16 (scale 0.0003, zp 0) -> int8 (scale 0.04, zp 5), [1,6,7]: "
         "Requantize with a multiplier below 1, saturating at the int8 ends; model written with the schema API",
         [(6, 7)], quant=Q16, raw="int16")
def _quantize_int16_to_int8():
    return _raw_quantize("int16", 0.0003, 0, "int8", 0.04, 5, (6, 7))


@fixture("quantize_int16_to_int16", "op", "QUANTIZE int16 (scale 0.0002, zp 0) -> int16 (scale 0.00035, zp 0), "
         "[1,6,7]: int16 requantization (ratio 4/7); model written with the schema API",
         [(6, 7)], quant=Q16, raw="int16")
def _quantize_int16_to_int16():
    return _raw_quantize("int16", 0.0002, 0, "int16", 0.00035, 0, (6, 7))


@fixture("residual_cnn_16x8", "model", "16x8 CNN on sklearn digits as 8x8x1 images, int16 I/O: Conv 8 3x3 same relu, "
         "DepthwiseConv 3x3 same relu, Conv 1x1 8, residual Add with the first conv + relu, Flatten, Dense 10 "
         "(logits); trained 15 epochs; inputs 0,1 are held-out digits", [(8, 8, 1)], gen=digits_gen(True),
         trained=True, quant=Q16)
def _residual_cnn_16x8():
    def make(batch):
        x = I((8, 8, 1), batch=batch)
        c1 = layers.Conv2D(8, 3, padding="same", activation="relu")
        dw = layers.DepthwiseConv2D(3, padding="same", activation="relu")
        c2 = layers.Conv2D(8, 1)
        dense = layers.Dense(10)
        h = c1(x)
        y = c2(dw(h))
        h = layers.ReLU()(layers.Add()([h, y]))
        return keras.Model(x, dense(layers.Flatten()(h)))
    t = make(None)
    xtr, ytr, xte, yte = digits()
    keras.utils.set_random_seed(5)
    t.compile(optimizer=keras.optimizers.Adam(1e-2),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    t.fit(xtr.reshape(-1, 8, 8, 1), ytr, batch_size=32, epochs=15, verbose=0, shuffle=True)
    m = make(1)
    m.set_weights(t.get_weights())
    acc = float(np.mean(np.argmax(m.predict(xte.reshape(-1, 8, 8, 1), batch_size=1, verbose=0), 1) == yte))
    _residual_cnn_16x8.note = "float test accuracy %.3f" % acc
    return m


# --- sub (int8; added after the 16x8 ones, each from a fresh session, so that neither a full run
# nor --only changes any earlier fixture's bytes) -----------------------------------------------------
two_input("sub_same", "Subtract of two model inputs [1,7,9,5]", (7, 9, 5), (7, 9, 5),
          lambda a, b: layers.Subtract()([a, b]), fresh=True)
two_input("sub_broadcast", "Subtract [1,4,4,8] - [1,1,1,8] (two model inputs; TFLM's BroadcastQuantSubSlow)",
          (4, 4, 8), (1, 1, 8), lambda a, b: layers.Subtract()([a, b]), fresh=True)
two_input("sub_broadcast_first", "Subtract [1,1,1,8] - [1,4,4,8]: the first operand is the broadcast one",
          (1, 1, 8), (4, 4, 8), lambda a, b: layers.Subtract()([a, b]), fresh=True)
two_input("sub_relu", "Subtract followed by ReLU layer (fused by the converter into SUB if it can), in0 ~ N(0,1)*3, "
          "in1 ~ N(0,1), [1,7,9,5]", (7, 9, 5), (7, 9, 5), lambda a, b: layers.ReLU()(layers.Subtract()([a, b])),
          gen=scaled_gens([3.0, 1.0]), fresh=True)
two_input("sub_different_scales", "Subtract of inputs with different ranges: in0 ~ N(0,1), in1 ~ N(0,1)*10, [1,5,7,3]",
          (5, 7, 3), (5, 7, 3), lambda a, b: layers.Subtract()([a, b]), gen=scaled_gens([1.0, 10.0]), fresh=True)


# 16x8 models Kinglet must refuse with the operator's name (written to unsupported_16x8/, not in the
# manifest, no outputs): (name, description, input shape, build, int32 bias).
UNSUPPORTED_16X8 = [
    ("mean_16x8", "16x8 Conv2D then GlobalAveragePooling2D: MEAN on int16 has no Kinglet kernel", (4, 4, 3),
     lambda x: layers.GlobalAveragePooling2D()(layers.Conv2D(4, 3)(x)), False),
    ("softmax_16x8", "16x8 Softmax: SOFTMAX on int16 has no Kinglet kernel", (10,),
     lambda x: layers.Softmax()(x), False),
    ("conv2d_int32_bias_16x8", "16x8 Conv2D converted with _experimental_full_integer_quantization_bias_type = "
     "tf.int32: TFLM's int32-accumulator path, not supported", (4, 4, 3), lambda x: layers.Conv2D(4, 3)(x), True),
]


def make_unsupported(out_dir):
    folder = os.path.join(out_dir, "unsupported_16x8")
    os.makedirs(folder, exist_ok=True)
    for name, _, shape, fn, bias32 in UNSUPPORTED_16X8:
        print("... unsupported_16x8/%s" % name, flush=True)
        keras.utils.set_random_seed(seed_of(name))
        keras.backend.clear_session()
        x = I(shape)
        model = keras.Model(x, fn(x))
        calib = normal_gen()(np.random.default_rng(seed_of(name) + 2), [shape], N_CALIB)
        with open(os.path.join(folder, name + ".tflite"), "wb") as f:
            f.write(convert(model, calib, False, "16x8", int32_bias=bias32))


# --- conversion ----------------------------------------------------------------------------------------
def quantize(x, scale, zp, dtype=np.int8):
    info = np.iinfo(dtype)
    v = x.astype(np.float32) / np.float32(scale)
    v = np.sign(v) * np.floor(np.abs(v) + np.float32(0.5))
    return np.clip(v + zp, info.min, info.max).astype(dtype)


def convert(model, calib, float_io, quant="int8", int32_bias=False):
    def rep():
        for k in range(calib[0].shape[0]):
            yield [c[k:k + 1] for c in calib]
    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = rep
    if quant == "16x8":
        conv.target_spec.supported_ops = [
            tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
        io_type = tf.float32 if float_io else tf.int16
        if int32_bias:
            conv._experimental_full_integer_quantization_bias_type = tf.int32
    else:
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        io_type = tf.float32 if float_io else tf.int8
    conv.inference_input_type = io_type
    conv.inference_output_type = io_type
    return conv.convert()


def tflite_info(model_bytes):
    interp = tf.lite.Interpreter(model_content=model_bytes)
    ops = []
    for o in interp._get_ops_details():
        if o["op_name"] not in ops:
            ops.append(o["op_name"])
    return interp, ops


def litert_ref(model_bytes, inputs):
    """LiteRT's reference kernels' outputs, or None when they refuse the model."""
    interp = tf.lite.Interpreter(
        model_content=model_bytes,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF)
    try:
        interp.allocate_tensors()
    except RuntimeError:
        return None
    ind, outd = interp.get_input_details(), interp.get_output_details()
    outs = [[] for _ in outd]
    for b in range(inputs[0].shape[0]):
        for d, x in zip(ind, inputs):
            interp.set_tensor(d["index"], x[b:b + 1])
        interp.invoke()
        for j, d in enumerate(outd):
            outs[j].append(interp.get_tensor(d["index"]).copy())
    return [np.concatenate(o, 0) for o in outs]


def raw_inputs(fx, rng):
    """Inputs of a raw fixture: sample 0 uniform over the dtype, sample 1 small values, sample
    2 the dtype's two extremes."""
    dtype = np.dtype(fx["raw"])
    info = np.iinfo(dtype)
    arrays = []
    for shape in fx["shapes"]:
        s = (1,) + tuple(shape)
        full = rng.integers(info.min, info.max, s, endpoint=True)
        small = rng.integers(-300, 300, s, endpoint=True).clip(info.min, info.max)
        extreme = rng.choice(np.array([info.min, info.max]), s)
        arrays.append(np.ascontiguousarray(np.concatenate([full, small, extreme], 0).astype(dtype)))
    return arrays


def make_one(fx, out_dir):
    if fx["raw"]:
        return make_raw(fx, out_dir)
    if fx["quant"] == "16x8" or fx["fresh"]:
        # Fresh Keras name counters: a 16x8 fixture's tensor names (and so its bytes) do not
        # depend on which fixtures ran before it (--only-16x8 and a full run agree). The int8
        # fixtures predate this and keep the names of a full run.
        keras.backend.clear_session()
    name = fx["name"]
    seed = seed_of(name)
    keras.utils.set_random_seed(seed)
    model = fx["build"]()
    if not fx["trained"]:
        randomize_weights(model, np.random.default_rng(seed + 1), fx["bias_std"])
    shapes = [tuple(s) for s in fx["shapes"]]
    gen = fx["gen"]
    rng_cal = np.random.default_rng(seed + 2)
    rng_test = np.random.default_rng(seed + 3)
    calib = gen(rng_cal, shapes, N_CALIB)
    if not fx["trained"] and any(isinstance(lyr, layers.BatchNormalization) for lyr in model.layers):
        calibrate_batchnorm(model, calib, np.random.default_rng(seed + 4))
    if getattr(gen, "has_test_split", False):
        test = gen(rng_test, shapes, BATCH - 1, split="test")
    else:
        test = gen(rng_test, shapes, BATCH - 1)

    tfl = convert(model, calib, fx["float_io"], fx["quant"])
    path = os.path.join(out_dir, name + ".tflite")
    with open(path, "wb") as f:
        f.write(tfl)
    interp, ops = tflite_info(tfl)
    in_det = interp.get_input_details()
    out_det = interp.get_output_details()
    if fx["input_names"]:
        got = [d["name"] for d in in_det]
        want = ["serving_default_%s:0" % n for n in fx["input_names"]]
        assert got == want, (name, got, want)

    inputs = []
    for k, d in enumerate(in_det):
        tshape = tuple(int(s) for s in d["shape"])
        assert tshape[0] == 1 and tshape[1:] == shapes[k], (name, tshape, shapes[k])
        if fx["float_io"]:
            extreme = (gen(rng_test, [shapes[k]], 1)[0] * 20.0).astype(np.float32)
            arr = np.concatenate([test[k], extreme], 0).astype(np.float32)
        else:
            scale, zp = d["quantization"]
            dtype = d["dtype"]
            info = np.iinfo(dtype)
            q = quantize(test[k], scale, zp, dtype)
            extreme = rng_test.choice(np.array([info.min, info.max], dtype), (1,) + shapes[k]).astype(dtype)
            arr = np.concatenate([q, extreme], 0).astype(dtype)
        assert arr.shape == (BATCH,) + tshape[1:]
        inputs.append(np.ascontiguousarray(arr))
    in_files = ["%s.input%d.npy" % (name, k) for k in range(len(inputs))]
    out_files = ["%s.output%d.npy" % (name, j) for j in range(len(out_det))]
    for fn, arr in zip(in_files, inputs):
        np.save(os.path.join(out_dir, fn), arr)

    return finish(fx, out_dir, tfl, ops, inputs, in_files, out_det)


def make_raw(fx, out_dir):
    name = fx["name"]
    tfl = fx["build"]()
    path = os.path.join(out_dir, name + ".tflite")
    with open(path, "wb") as f:
        f.write(tfl)
    _, ops = tflite_info(tfl)
    interp = tf.lite.Interpreter(model_content=tfl)
    out_det = interp.get_output_details()
    inputs = raw_inputs(fx, np.random.default_rng(seed_of(name) + 3))
    in_files = ["%s.input%d.npy" % (name, k) for k in range(len(inputs))]
    for fn, arr in zip(in_files, inputs):
        np.save(os.path.join(out_dir, fn), arr)
    return finish(fx, out_dir, tfl, ops, inputs, in_files, out_det)


def finish(fx, out_dir, tfl, ops, inputs, in_files, out_det):
    """Runs TFLM on the saved inputs, saves its outputs, and returns the manifest entry."""
    name = fx["name"]
    path = os.path.join(out_dir, name + ".tflite")
    out_files = ["%s.output%d.npy" % (name, j) for j in range(len(out_det))]
    res = run_worker({"mode": "generate", "model": path,
                      "inputs": [os.path.join(out_dir, f) for f in in_files],
                      "outputs": [os.path.join(out_dir, f) for f in out_files]})
    outs = [np.load(os.path.join(out_dir, f)) for f in out_files]
    for j, (o, d) in enumerate(zip(outs, out_det)):
        want = (BATCH,) + tuple(int(s) for s in d["shape"][1:])
        assert o.shape == want and o.dtype == d["dtype"], (name, o.shape, want, o.dtype, d["dtype"])
    ref = litert_ref(tfl, inputs)
    if ref is None:
        diff = None
    else:
        diff = max(int(np.max(np.abs(r.astype(np.float64) - o.astype(np.float64)))) if not fx["float_io"]
                   else float(np.max(np.abs(r - o))) for r, o in zip(ref, outs))

    desc = fx["description"]
    note = getattr(fx["build"], "note", None)
    if note:
        desc += " (" + note + ")"
    return {
        "name": name, "kind": fx["kind"], "description": desc, "ops": ops,
        "inputs": in_files, "outputs": out_files,
        "tflm_arena_bytes": res["arena_min"], "tflm_arena_used_bytes": res["arena_used"],
        "tflite_bytes": len(tfl),
        "input_details": res["input_details"], "output_details": res["output_details"],
        "litert_ref_max_abs_diff": diff,
    }


def verify(out_dir, manifest):
    bad = []
    for e in manifest["fixtures"]:
        r = run_worker({"mode": "verify", "model": os.path.join(out_dir, e["name"] + ".tflite"),
                        "inputs": [os.path.join(out_dir, f) for f in e["inputs"]],
                        "outputs": [os.path.join(out_dir, f) for f in e["outputs"]],
                        "arena": e["tflm_arena_bytes"]})
        if not r["ok"]:
            bad.append(e["name"])
    return bad


def versions():
    import importlib.metadata as md
    v = {"tensorflow": tf.__version__, "keras": keras.__version__,
         "tflite_micro": md.version("tflite-micro"), "python": platform.python_version(),
         "numpy": np.__version__}
    try:
        v["scikit_learn"] = md.version("scikit-learn")
    except md.PackageNotFoundError:
        pass
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--only", nargs="*", help="regenerate only these fixtures (manifest entries merged)")
    ap.add_argument("--only-16x8", action="store_true",
                    help="regenerate only the 16x8 fixtures (manifest entries merged)")
    ap.add_argument("--verify-only", action="store_true")
    args = ap.parse_args()
    out_dir = os.path.abspath(args.out)
    os.makedirs(out_dir, exist_ok=True)
    mpath = os.path.join(out_dir, "manifest.json")
    tf.config.experimental.enable_op_determinism()

    if args.only_16x8:
        args.only = (args.only or []) + [fx["name"] for fx in FIXTURES if fx["quant"] == "16x8"]
    if args.verify_only:
        with open(mpath) as f:
            manifest = json.load(f)
    else:
        old = {}
        if args.only and os.path.exists(mpath):
            with open(mpath) as f:
                old = {e["name"]: e for e in json.load(f)["fixtures"]}
        names = [fx["name"] for fx in FIXTURES]
        assert len(names) == len(set(names))
        entries = []
        for fx in FIXTURES:
            if args.only and fx["name"] not in args.only:
                if fx["name"] in old:
                    entries.append(old[fx["name"]])
                continue
            print("... %s" % fx["name"], flush=True)
            entries.append(make_one(fx, out_dir))
        manifest = {"generator": versions(), "fixtures": entries}
        if not args.only or args.only_16x8:
            make_unsupported(out_dir)
        with open(mpath, "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")

    bad = verify(out_dir, manifest)
    total = 0
    print("\n%-30s %-6s %9s %9s %9s  %s" % ("name", "kind", "tflite_B", "arena_B", "used_B", "ops"))
    for e in manifest["fixtures"]:
        total += e["tflite_bytes"]
        print("%-30s %-6s %9d %9d %9d  %s" % (e["name"], e["kind"], e["tflite_bytes"], e["tflm_arena_bytes"],
                                             e["tflm_arena_used_bytes"], ",".join(e["ops"])))
    print("\n%d fixtures, %d .tflite bytes in total" % (len(manifest["fixtures"]), total))
    if bad:
        print("NOT REPRODUCED by a fresh TFLM process: %s" % ", ".join(bad))
        sys.exit(1)
    print("all %d fixtures reproduced exactly by a fresh TFLM process" % len(manifest["fixtures"]))


if __name__ == "__main__":
    main()
