#!/usr/bin/env python3
"""Generate reference gradients with real TensorFlow/Keras for Kinglet's float training engine.

Tool versions used to produce the committed files (also stamped into manifest.json):
    Python 3.11, tensorflow-cpu 2.21.0, keras 3.15.1 (TensorFlow backend), numpy 2.4.6,
    h5py 3.14.0.

How to run (from anywhere; output goes next to this script, ~20 s):
    ~/fixenv/bin/python Tests/Fixtures/train/make_gradient_fixtures.py
    ~/fixenv/bin/python Tests/Fixtures/train/make_gradient_fixtures.py --only dense --only mse
    ~/fixenv/bin/python Tests/Fixtures/train/make_gradient_fixtures.py --list

Layer case NAME (a tiny functional model, batch B = 3):
    NAME.keras                  the model (saved before any training-mode call)
    NAME.x.npy | NAME.x0.npy…   input batch, float32
    NAME.y.npy                  model(x, training = mode == "train")
    NAME.dy.npy                 fixed random upstream gradient, shape of y
    NAME.dx.npy | NAME.dx0.npy… d sum(y * dy) / dx          (tf.GradientTape)
    NAME.grad<i>.npy            d sum(y * dy) / d model.trainable_weights[i], Keras layout
    NAME.moving_mean.npy, NAME.moving_variance.npy
                                train-mode BatchNormalization only: the moving statistics
                                after that ONE training call (momentum 0.99)
f64.npz (one uncompressed np.savez archive, i.e. a zip of .npy members, to keep the file
count down): "NAME.y", "NAME.dx"…, "NAME.grad<i>" and "loss_KIND.loss"/"loss_KIND.grad"
computed by a float64 copy of the model or loss (same weights and inputs, exactly widened) --
a tighter truth than TF's float32 result, for choosing tolerances.
Loss case loss_KIND: see make_losses() and README.md.

Everything is deterministic: per-case seeds come from a CRC of the case name; the .npy files
are bit-identical across runs (the .keras archives carry a save timestamp).
"""
import argparse
import json
import os
import re
import sys
import warnings
import zipfile
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# oneDNN reorders float sums; off, so reruns and other machines give the same bits.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.pop("TF_USE_LEGACY_KERAS", None)
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
import h5py  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
F64 = {}  # float64 references, written to f64.npz at the end
B = 3
SEED = 20240611
KINK_MARGIN = 1e-3  # no pre-activation / pool candidate may sit closer than this to a kink
MAX_ATTEMPTS = 200
tf.config.experimental.enable_op_determinism()


def seed_for(name):
    return (zlib.crc32(name.encode()) ^ SEED) & 0x7FFFFFFF


# ----------------------------------------------------------------------------------------
# Case registry.  A builder returns an uncompiled functional model and is called twice:
# once under float32 (saved, the reference) and once under a float64 dtype policy.
# ----------------------------------------------------------------------------------------
CASES = []


def case(name, note, mode="inference", x_scale=1.0, prepare=None):
    def register(builder):
        CASES.append(dict(name=name, note=note, mode=mode, x_scale=x_scale,
                          prepare=prepare, builder=builder))
        return builder
    return register


L = keras.layers
I = keras.Input


def seq(input_shape, *layers):
    x = I(input_shape)
    h = x
    for layer in layers:
        h = layer(h)
    return keras.Model(x, h)


def two(shape0, shape1, layer):
    a, b = I(shape0), I(shape1)
    return keras.Model([a, b], layer([a, b]))


# --- Dense ------------------------------------------------------------------------------
case("dense", "Dense(4) with bias, linear, on [B, 5]")(lambda: seq((5,), L.Dense(4)))
case("dense_relu", "Dense(4, relu): relu inside the layer")(
    lambda: seq((5,), L.Dense(4, activation="relu")))
case("dense_no_bias", "Dense(4, use_bias=False): the only weight is the kernel")(
    lambda: seq((5,), L.Dense(4, use_bias=False)))
case("dense_3d_input", "Dense(3) on [B, 4, 5]: the kernel acts on the last axis; its "
     "gradient sums over batch AND the middle axis")(lambda: seq((4, 5), L.Dense(3)))

# --- Conv2D -----------------------------------------------------------------------------
case("conv2d_valid", "Conv2D(4, 3x3, valid) on 5x6x3")(
    lambda: seq((5, 6, 3), L.Conv2D(4, 3)))
case("conv2d_same_stride2", "Conv2D(4, 3x3, stride 2, same) on 5x6x3: TF 'same' pads "
     "total=max((out-1)*s+k-in, 0), before=total//2 (H: 1/1, W: 0/1)")(
    lambda: seq((5, 6, 3), L.Conv2D(4, 3, strides=2, padding="same")))
case("conv2d_dilated", "Conv2D(3, 3x3, dilation 2, same) on 5x6x2")(
    lambda: seq((5, 6, 2), L.Conv2D(3, 3, dilation_rate=2, padding="same")))
case("conv2d_relu6", "Conv2D(4, 3x3, valid, activation=keras.activations.relu6); inputs x4 "
     "so some pre-activations exceed 6", x_scale=4.0)(
    lambda: seq((5, 6, 3), L.Conv2D(4, 3, activation=keras.activations.relu6)))
case("conv2d_groups", "Conv2D(4, 3x3, valid, groups=2) on 5x6x4: kernel [3, 3, 2, 4]; "
     "output channels 0-1 see input channels 0-1, 2-3 see 2-3")(
    lambda: seq((5, 6, 4), L.Conv2D(4, 3, groups=2)))

# --- Conv1D -----------------------------------------------------------------------------
case("conv1d_valid", "Conv1D(4, 3, valid) on 7x3; kernel [3, 3, 4]")(
    lambda: seq((7, 3), L.Conv1D(4, 3)))
case("conv1d_same_stride2", "Conv1D(4, 3, stride 2, same) on 7x3 (pads 1/1)")(
    lambda: seq((7, 3), L.Conv1D(4, 3, strides=2, padding="same")))
case("conv1d_dilated", "Conv1D(3, 3, dilation 2, same) on 8x2 (pads 2/2)")(
    lambda: seq((8, 2), L.Conv1D(3, 3, dilation_rate=2, padding="same")))

# --- Depthwise / separable / transposed ---------------------------------------------------
case("depthwise_valid", "DepthwiseConv2D(3x3, valid) on 5x6x3; kernel [3, 3, 3, 1]")(
    lambda: seq((5, 6, 3), L.DepthwiseConv2D(3)))
case("depthwise_same_stride2_mult2", "DepthwiseConv2D(3x3, stride 2, same, depth_multiplier 2) "
     "on 5x6x3; kernel [3, 3, 3, 2]; output channel c*2+m comes from input channel c")(
    lambda: seq((5, 6, 3), L.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2)))
case("separable_same", "SeparableConv2D(4, 3x3, same) on 5x6x3: depthwise_kernel [3, 3, 3, 1], "
     "pointwise_kernel [1, 1, 3, 4], bias [4] (bias only after the pointwise step)")(
    lambda: seq((5, 6, 3), L.SeparableConv2D(4, 3, padding="same")))
case("conv2d_transpose_valid_stride2", "Conv2DTranspose(2, 3x3, stride 2, valid) on 3x4x3 -> "
     "7x9x2; kernel layout [kh, kw, OUT, IN] = [3, 3, 2, 3]")(
    lambda: seq((3, 4, 3), L.Conv2DTranspose(2, 3, strides=2)))
case("conv2d_transpose_same_stride2", "Conv2DTranspose(2, 3x3, stride 2, same) on 3x4x3 -> "
     "6x8x2; kernel [3, 3, 2, 3]")(
    lambda: seq((3, 4, 3), L.Conv2DTranspose(2, 3, strides=2, padding="same")))

# --- BatchNormalization -------------------------------------------------------------------
case("batchnorm_inference", "Conv2D(3, 3x3) -> BatchNormalization (epsilon 1e-3) in inference "
     "mode: uses moving_mean/moving_variance, which are non-trainable (no grad files)")(
    lambda: seq((5, 6, 2), L.Conv2D(3, 3), L.BatchNormalization()))
case("batchnorm_train", "Conv2D(3, 3x3) -> BatchNormalization, training=True: batch statistics "
     "over (B, H, W) with biased variance; conv bias gradient is ~0 (BN removes the mean); "
     "moving stats after one call saved", mode="train")(
    lambda: seq((5, 6, 2), L.Conv2D(3, 3), L.BatchNormalization()))
case("batchnorm_dense_train", "Dense(4) -> BatchNormalization on [B, 4], training=True: "
     "statistics over the batch only (3 samples)", mode="train")(
    lambda: seq((5,), L.Dense(4), L.BatchNormalization()))

# --- Pooling ------------------------------------------------------------------------------
case("maxpool2d_valid", "MaxPooling2D(2) valid on 5x6x2 -> 2x3x2 (last row dropped)")(
    lambda: seq((5, 6, 2), L.MaxPooling2D(2)))
case("maxpool2d_same_stride2", "MaxPooling2D(3x3, stride 2, same) on 5x6x2 -> 3x3x2; padding "
     "never wins (pads count as -inf)")(
    lambda: seq((5, 6, 2), L.MaxPooling2D(3, strides=2, padding="same")))
case("avgpool2d_valid", "AveragePooling2D(2) valid on 5x6x2 -> 2x3x2")(
    lambda: seq((5, 6, 2), L.AveragePooling2D(2)))
case("avgpool2d_same", "AveragePooling2D(3x3, stride 2, same) on 5x6x2 -> 3x3x2: each window "
     "divides by the count of its IN-BOUNDS elements (not 9)")(
    lambda: seq((5, 6, 2), L.AveragePooling2D(3, strides=2, padding="same")))
case("global_avgpool2d", "GlobalAveragePooling2D on 5x6x3 -> [B, 3]")(
    lambda: seq((5, 6, 3), L.GlobalAveragePooling2D()))
case("global_maxpool2d", "GlobalMaxPooling2D on 5x6x3 -> [B, 3]")(
    lambda: seq((5, 6, 3), L.GlobalMaxPooling2D()))
case("maxpool1d", "MaxPooling1D(2) valid (stride 2) on 7x3 -> 3x3")(
    lambda: seq((7, 3), L.MaxPooling1D(2)))
case("avgpool1d", "AveragePooling1D(3, stride 2, same) on 7x3 -> 4x3: edge windows divide by "
     "their in-bounds count")(
    lambda: seq((7, 3), L.AveragePooling1D(3, strides=2, padding="same")))
case("global_avgpool1d", "GlobalAveragePooling1D on 7x3 -> [B, 3]")(
    lambda: seq((7, 3), L.GlobalAveragePooling1D()))

# --- Shape and merge ----------------------------------------------------------------------
case("zeropadding2d", "ZeroPadding2D(((1, 2), (0, 1))) on 3x4x2 -> 6x5x2")(
    lambda: seq((3, 4, 2), L.ZeroPadding2D(((1, 2), (0, 1)))))
case("flatten_dense", "Flatten (row-major H, W, C) -> Dense(5) on 3x4x2")(
    lambda: seq((3, 4, 2), L.Flatten(), L.Dense(5)))
case("reshape", "Reshape((2, 3, 4)) on [B, 4, 6] (row-major)")(
    lambda: seq((4, 6), L.Reshape((2, 3, 4))))
case("add", "Add of two [B, 3, 4, 2] inputs")(lambda: two((3, 4, 2), (3, 4, 2), L.Add()))
case("subtract", "Subtract x0 - x1, [B, 3, 4, 2]")(
    lambda: two((3, 4, 2), (3, 4, 2), L.Subtract()))
case("multiply", "Multiply x0 * x1, [B, 3, 4, 2]")(
    lambda: two((3, 4, 2), (3, 4, 2), L.Multiply()))
case("concatenate", "Concatenate(axis=-1) of [B, 3, 4, 2] and [B, 3, 4, 3] -> [B, 3, 4, 5]")(
    lambda: two((3, 4, 2), (3, 4, 3), L.Concatenate(axis=-1)))
case("add_broadcast", "Add of [B, 4, 5] and [B, 1, 5] (numpy broadcasting); dx1 sums over "
     "the broadcast axis")(lambda: two((4, 5), (1, 5), L.Add()))


# --- Activations (Dense(6) on [B, 5], then the activation) --------------------------------
def act(name, note, x_scale=1.0, activation=None):
    activation = activation or name
    case("act_" + name, f"Dense(6) -> Activation({activation!r}): {note}", x_scale=x_scale)(
        lambda: seq((5,), L.Dense(6), L.Activation(activation)))


act("relu", "ReLU as a separate layer", x_scale=1.0)
act("relu6", "min(max(x, 0), 6); inputs x4 so both kinks are crossed", x_scale=4.0)
act("sigmoid", "1 / (1 + exp(-x))", x_scale=2.0)
act("tanh", "tanh", x_scale=2.0)
act("softmax", "softmax over the last axis (6)", x_scale=2.0)
act("swish", activation="silu", note="silu: x * sigmoid(x) (Keras serializes it as 'silu')", x_scale=2.0)
act("hard_swish", activation="hard_swish", note="hard_silu: x * relu6(x + 3) / 6 (Keras serializes it as 'hard_silu'); "
    "inputs x3 so both breakpoints (-3, 3) are crossed", x_scale=3.0)
act("gelu", "exact GELU x * Phi(x) (keras.activations.gelu default approximate=False)",
    x_scale=2.0)
act("elu", "ELU alpha 1.0 (C1 at 0, no kink)", x_scale=2.0)
act("softplus", "log(1 + exp(x))", x_scale=2.0)
act("hard_sigmoid", "Keras 3 definition relu6(x + 3) / 6 (NOT Keras 2's clip(0.2x+0.5)); "
    "inputs x3 so both breakpoints are crossed", x_scale=3.0)
act("exponential", "exp(x)", x_scale=1.0)


@case("act_gelu_approx", "Dense(6) -> keras.ops.gelu(approximate=True): tanh approximation "
      "0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3))). No layer or activation string carries "
      "approximate=True in Keras 3, so this is a Keras 3 operation node (class_name 'Gelu', "
      "config {'approximate': true}) in config.json, not a layer", x_scale=2.0)
def _gelu_approx():
    x = I((5,))
    return keras.Model(x, keras.ops.gelu(L.Dense(6)(x), approximate=True))


case("act_leaky_relu", "Dense(6) -> LeakyReLU(negative_slope=0.2) layer", x_scale=1.0)(
    lambda: seq((5,), L.Dense(6), L.LeakyReLU(negative_slope=0.2)))
case("prelu", "Dense(6) -> PReLU (alpha shape [6], one slope per unit, trainable)")(
    lambda: seq((5,), L.Dense(6), L.PReLU()))
case("relu_layer", "Dense(6) -> ReLU(max_value=6, threshold=0.5, negative_slope=0.1): f = 6 "
     "for x >= 6, x for 0.5 <= x < 6, 0.1*(x-0.5) below (discontinuous at the threshold); "
     "inputs x4", x_scale=4.0)(
    lambda: seq((5,), L.Dense(6), L.ReLU(max_value=6.0, threshold=0.5, negative_slope=0.1)))
case("layernorm", "Dense(6) -> LayerNormalization (last axis, epsilon 1e-3, gamma and beta)",
     x_scale=1.0)(lambda: seq((5,), L.Dense(6), L.LayerNormalization()))


# --- Whole small model ----------------------------------------------------------------------
def _small_cnn_prepare(model, rng):
    # Shift the first conv's bias up so no 2x2 max-pool window is all relu-zeros (an exact
    # tie); negative pre-activations remain, so the relu kink is still exercised.
    conv = model.get_layer("conv")
    k, b = conv.get_weights()
    conv.set_weights([k, b + 0.8])


@case("small_cnn_train", "Conv2D(4,3,relu) -> BatchNormalization -> MaxPooling2D(2) -> "
      "DepthwiseConv2D(3,same,relu) -> Conv2D(6,1) -> GlobalAveragePooling2D -> Dense(5) -> "
      "Activation(softmax), on 8x8x2, training=True (BN uses batch statistics)",
      mode="train", prepare=_small_cnn_prepare)
def _small_cnn():
    x = I((8, 8, 2))
    h = L.Conv2D(4, 3, activation="relu", name="conv")(x)
    h = L.BatchNormalization(name="bn")(h)
    h = L.MaxPooling2D(2, name="pool")(h)
    h = L.DepthwiseConv2D(3, padding="same", activation="relu", name="dw")(h)
    h = L.Conv2D(6, 1, name="pw")(h)
    h = L.GlobalAveragePooling2D(name="gap")(h)
    h = L.Dense(5, name="fc")(h)
    return keras.Model(x, L.Activation("softmax", name="softmax")(h))


# ----------------------------------------------------------------------------------------
# Weights: kernels ~ N(0, 1/fan_in), biases ~ N(0, 0.3) (clearly nonzero), BN/LN gamma
# U(0.5, 1.5), beta N(0, 0.3), moving mean N(0, 0.5), moving variance U(0.5, 2), PReLU alpha
# U(0.05, 0.5).  Set through layer.set_weights so Keras' own layout is used.
# ----------------------------------------------------------------------------------------
def fan_in(layer, vname, shape):
    if vname == "depthwise_kernel":
        return int(np.prod(shape[:-2]))          # [kh, kw, in, mult]
    if isinstance(layer, L.Conv2DTranspose):
        return int(np.prod(shape[:-2])) * shape[-1]  # [kh, kw, out, in]
    return int(np.prod(shape[:-1]))               # Dense [in, out], Conv [k..., in/g, out]


def init_weights(model, rng):
    for layer in model.layers:
        if not layer.weights:
            continue
        values = []
        for v in layer.weights:
            shape = tuple(v.shape)
            n = v.name
            if n in ("kernel", "depthwise_kernel", "pointwise_kernel"):
                w = rng.normal(0, 1 / np.sqrt(fan_in(layer, n, shape)), shape)
            elif n in ("bias", "beta"):
                w = rng.normal(0, 0.3, shape)
            elif n == "gamma":
                w = rng.uniform(0.5, 1.5, shape)
            elif n == "moving_mean":
                w = rng.normal(0, 0.5, shape)
            elif n == "moving_variance":
                w = rng.uniform(0.5, 2.0, shape)
            elif n == "alpha":
                w = rng.uniform(0.05, 0.5, shape)
            else:
                raise ValueError(f"no init rule for {layer.name}/{n}")
            values.append(w.astype(np.float32))
        layer.set_weights(values)


# ----------------------------------------------------------------------------------------
# Kink check.  Finite differences and TF's subgradient choices disagree at non-smooth
# points, so no value that reaches a kink may be within KINK_MARGIN of it, and for
# piecewise activations every linear piece must be hit (else the test proves little).
# ----------------------------------------------------------------------------------------
ACT_KINKS = {"relu": [0.0], "relu6": [0.0, 6.0], "hard_sigmoid": [-3.0, 3.0],
             "hard_silu": [-3.0, 3.0], "hard_swish": [-3.0, 3.0], "leaky_relu": [0.0]}
SMOOTH_ACTS = {"linear", "sigmoid", "tanh", "softmax", "silu", "swish", "gelu", "elu",
               "softplus", "exponential"}


def pool_windows_1d(n, k, s, padding):
    if padding == "valid":
        out, before = (n - k) // s + 1, 0
    else:
        out = -(-n // s)
        before = max((out - 1) * s + k - n, 0) // 2
    return [[j for j in range(o * s - before, o * s - before + k) if 0 <= j < n]
            for o in range(out)]


def max_pool_gaps(x, layer):
    """Smallest gap between the two largest in-bounds candidates of any max-pool window."""
    gaps = []
    if isinstance(layer, (L.GlobalMaxPooling1D, L.GlobalMaxPooling2D)):
        flat = x.reshape(x.shape[0], -1, x.shape[-1])
        srt = np.sort(flat, axis=1)
        return float(np.min(srt[:, -1] - srt[:, -2]))
    spatial = x.shape[1:-1]
    pool = layer.pool_size
    strides = layer.strides
    wins = [pool_windows_1d(n, k, s, layer.padding) for n, k, s in zip(spatial, pool, strides)]
    if len(spatial) == 1:
        for w in wins[0]:
            v = np.sort(x[:, w, :], axis=1)
            if v.shape[1] > 1:
                gaps.append(np.min(v[:, -1] - v[:, -2]))
    else:
        for wh in wins[0]:
            for ww in wins[1]:
                v = x[:, wh][:, :, ww].reshape(x.shape[0], -1, x.shape[-1])
                v = np.sort(v, axis=1)
                if v.shape[1] > 1:
                    gaps.append(np.min(v[:, -1] - v[:, -2]))
    return float(min(gaps))


def act_name(fn):
    return getattr(fn, "__name__", str(fn))


def kink_report(model, xs, training):
    """Returns (ok, min_distance, problems) for this input batch."""
    targets = []
    for layer in model.layers:
        if isinstance(layer, (L.MaxPooling1D, L.MaxPooling2D, L.GlobalMaxPooling1D,
                              L.GlobalMaxPooling2D, L.ReLU, L.LeakyReLU, L.PReLU)):
            targets.append(layer)
        elif hasattr(layer, "activation") and layer.activation is not None:
            name = act_name(layer.activation)
            if name in ACT_KINKS:
                targets.append(layer)
            elif name not in SMOOTH_ACTS:
                raise ValueError(f"unknown activation {name} in {layer.name}")
    if not targets:
        return True, None, []
    saved = model.get_weights()  # a training=True call moves BN statistics: restore after
    feats = keras.Model(model.inputs, [t.input for t in targets])
    outs = feats(xs if len(xs) > 1 else xs[0], training=training)
    outs = outs if isinstance(outs, (list, tuple)) else [outs]
    problems, dmin = [], np.inf
    for layer, inp in zip(targets, outs):
        inp = np.asarray(inp)
        if isinstance(layer, (L.MaxPooling1D, L.MaxPooling2D, L.GlobalMaxPooling1D,
                              L.GlobalMaxPooling2D)):
            gap = max_pool_gaps(inp, layer)
            dmin = min(dmin, gap)
            if gap <= KINK_MARGIN:
                problems.append(f"{layer.name}: max-pool near-tie {gap:.2e}")
            continue
        if isinstance(layer, L.ReLU):
            pre, kinks = inp, [float(layer.threshold)]
            if layer.max_value is not None:
                kinks.append(float(layer.max_value))
        elif isinstance(layer, (L.LeakyReLU, L.PReLU)):
            pre, kinks = inp, [0.0]
        elif isinstance(layer, L.Activation):
            pre, kinks = inp, ACT_KINKS[act_name(layer.activation)]
        else:  # activation fused into Dense/Conv: recompute without it
            fn = layer.activation
            layer.activation = keras.activations.linear
            try:
                pre = np.asarray(layer(inp))
            finally:
                layer.activation = fn
            kinks = ACT_KINKS[act_name(fn)]
        for k in kinks:
            d = float(np.min(np.abs(pre - k)))
            dmin = min(dmin, d)
            if d <= KINK_MARGIN:
                problems.append(f"{layer.name}: value {d:.2e} from kink {k}")
        edges = [-np.inf] + sorted(kinks) + [np.inf]
        for lo, hi in zip(edges[:-1], edges[1:]):
            if not np.any((pre > lo) & (pre < hi)):
                problems.append(f"{layer.name}: no value in piece ({lo}, {hi})")
    model.set_weights(saved)
    return not problems, float(dmin), problems


# ----------------------------------------------------------------------------------------
# Forward + gradients.
# ----------------------------------------------------------------------------------------
def forward_and_grads(model, xs, dy, training):
    xs_t = [tf.constant(x) for x in xs]
    with tf.GradientTape() as tape:
        tape.watch(xs_t)
        y = model(xs_t if len(xs_t) > 1 else xs_t[0], training=training)
        objective = tf.reduce_sum(y * tf.constant(dy))
    weights = list(model.trainable_weights)
    grads = tape.gradient(objective, xs_t + weights)
    if any(g is None for g in grads):
        raise RuntimeError("a gradient is None")
    # Dense-ified in case TF hands back IndexedSlices.
    grads = [np.asarray(tf.convert_to_tensor(g)) for g in grads]
    return np.asarray(y), grads[:len(xs)], grads[len(xs):]


def build_f64(builder, weights):
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    try:
        m = builder()
    finally:
        keras.config.set_floatx("float32")
        keras.config.set_dtype_policy("float32")
    m.set_weights([w.astype(np.float64) for w in weights])
    return m


def var_entry(model, v):
    owner = next(l for l in model.layers if any(w is v for w in l.weights))
    return {"layer": owner.name, "class": type(owner).__name__, "variable": v.name,
            "path": v.path, "shape": list(v.shape)}


def save(name, arr, files):
    np.save(os.path.join(HERE, name), arr)
    files.append(name)


def make_case(c):
    name, train = c["name"], c["mode"] == "train"
    keras.backend.clear_session()  # layer names restart at "dense", "conv2d"…
    seed = seed_for(name)
    keras.utils.set_random_seed(seed)
    model = c["builder"]()
    rng = np.random.default_rng(seed)
    init_weights(model, rng)
    if c["prepare"]:
        c["prepare"](model, rng)

    in_shapes = [(B,) + tuple(t.shape[1:]) for t in model.inputs]
    # Inputs: N(0, 1) * x_scale; re-drawn with the next seed until no value sits on a kink.
    for attempt in range(MAX_ATTEMPTS):
        xr = np.random.default_rng([seed, attempt])
        xs = [(xr.standard_normal(s) * c["x_scale"]).astype(np.float32) for s in in_shapes]
        ok, dmin, problems = kink_report(model, xs, train)
        if ok:
            break
    else:
        raise RuntimeError(f"{name}: no kink-free inputs after {MAX_ATTEMPTS} draws: {problems}")
    assert all((x < 0).any() and (x > 0).any() for x in xs), "inputs need both signs"
    ok2, _, problems2 = kink_report(model, xs, train)
    assert ok2, problems2

    out_shape = (B,) + tuple(model.outputs[0].shape[1:])
    dy = np.random.default_rng([seed, 9999]).standard_normal(out_shape).astype(np.float32)

    files = []
    weights_before = model.get_weights()
    model.save(os.path.join(HERE, f"{name}.keras"))  # before the training call: initial stats
    files.append(f"{name}.keras")

    y, dxs, grads = forward_and_grads(model, xs, dy, train)
    multi = len(xs) > 1
    for i, x in enumerate(xs):
        save(f"{name}.x{i if multi else ''}.npy", x, files)
    save(f"{name}.y.npy", y, files)
    save(f"{name}.dy.npy", dy, files)
    for i, g in enumerate(dxs):
        save(f"{name}.dx{i if multi else ''}.npy", g, files)
    for i, g in enumerate(grads):
        save(f"{name}.grad{i}.npy", g, files)

    bn_layers = [l for l in model.layers if isinstance(l, L.BatchNormalization)]
    extra = {}
    if train and bn_layers:
        assert len(bn_layers) == 1
        bn = bn_layers[0]
        mm, mv = np.asarray(bn.moving_mean), np.asarray(bn.moving_variance)
        save(f"{name}.moving_mean.npy", mm, files)
        save(f"{name}.moving_variance.npy", mv, files)
        # Check the rule we document: new = m*old + (1-m)*batch_stat, biased variance.
        ref = keras.Model(model.inputs, bn.input)(xs[0], training=False)  # BN input
        ref = np.asarray(ref, dtype=np.float64)
        axes = tuple(range(ref.ndim - 1))
        old_mm = old_mv = None
        for v, w in zip(model.weights, weights_before):
            if v.path == bn.moving_mean.path:
                old_mm = w
            if v.path == bn.moving_variance.path:
                old_mv = w
        mom = float(bn.momentum)
        exp_mm = mom * old_mm + (1 - mom) * ref.mean(axes)
        exp_mv = mom * old_mv + (1 - mom) * ref.var(axes)  # ddof=0: biased
        assert np.allclose(mm, exp_mm, atol=1e-5), (mm, exp_mm)
        assert np.allclose(mv, exp_mv, atol=1e-5), (mv, exp_mv)
        extra["batchnorm_update"] = {
            "layer": bn.name, "momentum": mom, "epsilon": float(bn.epsilon),
            "rule": "new = momentum * old + (1 - momentum) * batch_stat; batch variance is "
                    "biased (divide by N = number of reduced elements); old = the value in "
                    f"{name}.keras",
            "reduced_elements": int(np.prod([ref.shape[a] for a in axes]))}

    # Reload the archive: it must be a plain Keras 3 zip and reproduce y.
    path = os.path.join(HERE, f"{name}.keras")
    with zipfile.ZipFile(path) as z:
        members = sorted(z.namelist())
    assert members == ["config.json", "metadata.json", "model.weights.h5"], members
    re = keras.models.load_model(path)
    y_re = np.asarray(re(xs if multi else xs[0], training=train))
    assert np.array_equal(y_re, y), f"{name}: reloaded model differs"

    # float64 reference with the very same (widened) weights and inputs.
    f64 = {"ok": False}
    try:
        m64 = build_f64(c["builder"], weights_before)
        y64, dxs64, grads64 = forward_and_grads(
            m64, [x.astype(np.float64) for x in xs], dy.astype(np.float64), train)
        assert y64.dtype == np.float64
        diffs = {"y": float(np.max(np.abs(y64 - y)))}
        F64[f"{name}.y"] = y64
        for i, g in enumerate(dxs64):
            k = f"dx{i if multi else ''}"
            F64[f"{name}.{k}"] = g
            diffs[k] = float(np.max(np.abs(g - dxs[i])))
        for i, g in enumerate(grads64):
            F64[f"{name}.grad{i}"] = g
            diffs[f"grad{i}"] = float(np.max(np.abs(g - grads[i])))
        scale = {"y": float(np.max(np.abs(y64)))}
        scale.update({f"dx{i if multi else ''}": float(np.max(np.abs(g)))
                      for i, g in enumerate(dxs64)})
        scale.update({f"grad{i}": float(np.max(np.abs(g))) for i, g in enumerate(grads64)})
        f64 = {"ok": True, "npz_keys": sorted(k for k in F64 if k.startswith(name + ".")),
               "max_abs_diff_f32_vs_f64": diffs, "max_abs_f64": scale}
    except Exception as e:  # pragma: no cover - recorded, not fatal
        for k in [k for k in F64 if k.startswith(name + ".")]:
            del F64[k]
        f64 = {"ok": False, "error": f"{type(e).__name__}: {e}"[:300]}

    cfg_layers = model.get_config()["layers"]
    entry = {
        "name": name,
        "mode": c["mode"],
        "inputs": len(xs),
        "input_shapes": [list(s) for s in in_shapes],
        "output_shape": list(out_shape),
        "layers": [type(l).__name__ for l in model.layers if l.weights],
        "nodes": [l["class_name"] for l in cfg_layers],
        "weights": [var_entry(model, v) for v in model.trainable_weights],
        "non_trainable": [var_entry(model, v) for v in model.non_trainable_weights],
        "note": c["note"],
        "x_scale": c["x_scale"],
        "seed": seed,
        "input_draw": attempt,
        "kink_min_distance": dmin,
        "files": files,
        "f64": f64,
    }
    if entry["non_trainable"]:
        entry["non_trainable_note"] = ("non-trainable variables are not in model."
                                       "trainable_weights and have no grad file")
    entry.update(extra)
    return entry


# ----------------------------------------------------------------------------------------
# Losses.  Keras' default reduction "sum_over_batch_size": the loss function first reduces
# each sample (CE over classes; BCE and MSE average over the last axis), then the [B]
# per-sample vector is summed and divided by its element count B.
# ----------------------------------------------------------------------------------------
def loss_grad(fn, pred, dtype):
    p = tf.constant(pred.astype(dtype))
    with tf.GradientTape() as tape:
        tape.watch(p)
        loss = fn(p)
    g = tape.gradient(loss, p)
    return np.asarray(loss), np.asarray(g)


def softmax_np(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def distill_loss(s, t, y, T, alpha, dtype):
    # alpha * SparseCE(y, s) + (1 - alpha) * T^2 * mean_b sum_c p_t (log p_t - log q_s),
    # p_t = softmax(t / T), q_s = softmax(s / T); the teacher is a constant.
    t = tf.constant(t.astype(dtype))
    log_pt = tf.nn.log_softmax(t / T)
    kl = tf.reduce_sum(tf.exp(log_pt) * (log_pt - tf.nn.log_softmax(s / T)), axis=-1)
    loss = (1 - alpha) * T * T * tf.reduce_mean(kl)
    if alpha:
        ce = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype=dtype)
        loss = loss + alpha * ce(tf.constant(y), s)
    return loss


def make_losses(only):
    entries = []
    nb, nc = 4, 5

    def emit(kind, pred_name, pred, target, make_fn, params, note, extra_files=()):
        if only and f"loss_{kind}" not in only:
            return
        files = []
        save(f"loss_{kind}.{pred_name}.npy", pred, files)
        if target is not None:
            save(f"loss_{kind}.target.npy", target, files)
        for fname, arr in extra_files:
            save(fname, arr, files)
        loss, grad = loss_grad(make_fn("float32"), pred, np.float32)
        assert loss.dtype == np.float32 and loss.shape == ()
        save(f"loss_{kind}.loss.npy", loss.reshape(1), files)
        save(f"loss_{kind}.grad.npy", grad, files)
        loss64, grad64 = loss_grad(make_fn("float64"), pred, np.float64)
        F64[f"loss_{kind}.loss"] = loss64.reshape(1)
        F64[f"loss_{kind}.grad"] = grad64
        entries.append({
            "name": f"loss_{kind}", "kind": kind, "input": pred_name,
            "input_shape": list(pred.shape),
            "target_shape": None if target is None else list(target.shape),
            "target_dtype": None if target is None else str(target.dtype),
            "params": params, "reduction": "sum_over_batch_size", "note": note,
            "loss": float(loss), "loss_f64": float(loss64),
            "max_abs_diff_grad_f32_vs_f64": float(np.max(np.abs(grad64 - grad))),
            "files": files})

    def rng(kind):
        return np.random.default_rng(seed_for("loss_" + kind))

    # sparse CE on logits
    r = rng("sparse_ce_logits")
    logits = (r.standard_normal((nb, nc)) * 2).astype(np.float32)
    labels = r.integers(0, nc, nb).astype(np.int32)
    emit("sparse_ce_logits", "logits", logits, labels,
         lambda dt: (lambda p: keras.losses.SparseCategoricalCrossentropy(
             from_logits=True, dtype=dt)(tf.constant(labels), p)),
         {"from_logits": True, "classes": nc},
         "mean_b(logsumexp(z_b) - z_b[y_b]); grad = (softmax(z) - onehot(y)) / B")

    # sparse CE on probabilities (a constant tensor, so Keras cannot dig out logits)
    r = rng("sparse_ce_probs")
    probs = softmax_np(r.standard_normal((nb, nc)) * 1.5).astype(np.float32)
    labels = r.integers(0, nc, nb).astype(np.int32)
    eps = float(keras.backend.epsilon())
    assert probs.min() > 10 * eps and probs.max() < 1 - 10 * eps  # clip inactive
    emit("sparse_ce_probs", "pred", probs, labels,
         lambda dt: (lambda p: keras.losses.SparseCategoricalCrossentropy(
             from_logits=False, dtype=dt)(tf.constant(labels), p)),
         {"from_logits": False, "classes": nc, "epsilon": eps},
         "Keras clips p to [eps, 1-eps] (eps = 1e-7), takes log and then applies sparse "
         "softmax CE to log p, i.e. loss = mean_b(log(sum_c clip(p)_bc) - log clip(p)_b,y_b). "
         "Sparse CE does NOT renormalise p first (categorical CE does); as the rows of pred "
         "sum to 1 (float32 rounding aside) the gradient is -1/(B p_b,y_b) at the label "
         "plus 1/(B sum_c p_bc) at every class")

    # categorical CE on logits, soft and one-hot targets
    r = rng("ce_logits")
    logits = (r.standard_normal((nb, nc)) * 2).astype(np.float32)
    soft = softmax_np(r.standard_normal((nb, nc))).astype(np.float32)
    emit("ce_logits", "logits", logits, soft,
         lambda dt: (lambda p: keras.losses.CategoricalCrossentropy(
             from_logits=True, dtype=dt)(tf.constant(soft.astype(dt)), p)),
         {"from_logits": True, "classes": nc, "targets": "soft (rows sum to 1)"},
         "mean_b(-sum_c t_bc log_softmax(z)_bc); grad = (softmax(z) - t) / B")
    r = rng("ce_logits_onehot")
    logits = (r.standard_normal((nb, nc)) * 2).astype(np.float32)
    onehot = np.eye(nc, dtype=np.float32)[r.integers(0, nc, nb)]
    emit("ce_logits_onehot", "logits", logits, onehot,
         lambda dt: (lambda p: keras.losses.CategoricalCrossentropy(
             from_logits=True, dtype=dt)(tf.constant(onehot.astype(dt)), p)),
         {"from_logits": True, "classes": nc, "targets": "one-hot"},
         "same as ce_logits with one-hot float32 targets")

    # binary CE, multi-label [4, 3]
    r = rng("bce_logits")
    logits = (r.standard_normal((nb, 3)) * 2).astype(np.float32)
    tgt = r.integers(0, 2, (nb, 3)).astype(np.float32)
    emit("bce_logits", "logits", logits, tgt,
         lambda dt: (lambda p: keras.losses.BinaryCrossentropy(
             from_logits=True, dtype=dt)(tf.constant(tgt.astype(dt)), p)),
         {"from_logits": True, "labels_per_sample": 3},
         "per element max(z,0) - z*t + log(1+exp(-|z|)); mean over the last axis (3) then "
         "over the batch = mean over all 12; grad = (sigmoid(z) - t) / 12")
    r = rng("bce_probs")
    probs = (1 / (1 + np.exp(-r.standard_normal((nb, 3)) * 2))).astype(np.float32)
    tgt = r.integers(0, 2, (nb, 3)).astype(np.float32)
    assert probs.min() > 10 * eps and probs.max() < 1 - 10 * eps
    emit("bce_probs", "pred", probs, tgt,
         lambda dt: (lambda p: keras.losses.BinaryCrossentropy(
             from_logits=False, dtype=dt)(tf.constant(tgt.astype(dt)), p)),
         {"from_logits": False, "labels_per_sample": 3, "epsilon": eps},
         "p clipped to [eps, 1-eps] (eps = 1e-7), -(t log p + (1-t) log(1-p)), mean over all "
         "12; grad = (p - t) / (p (1 - p)) / 12 (zero where the clip is active; it is not here)")

    # MSE
    r = rng("mse")
    pred = r.standard_normal((nb, nc)).astype(np.float32)
    tgt = r.standard_normal((nb, nc)).astype(np.float32)
    emit("mse", "pred", pred, tgt,
         lambda dt: (lambda p: keras.losses.MeanSquaredError(dtype=dt)(
             tf.constant(tgt.astype(dt)), p)),
         {}, "mean over the last axis then the batch = mean over all 20; "
         "grad = 2 (pred - target) / 20")

    # Knowledge distillation
    T, alpha = 3.0, 0.3
    for kind, a in (("distill", alpha), ("distill_unlabeled", 0.0)):
        r = rng(kind)
        s = (r.standard_normal((nb, nc)) * 2).astype(np.float32)
        t = (r.standard_normal((nb, nc)) * 3).astype(np.float32)
        y = r.integers(0, nc, nb).astype(np.int32) if a else None
        emit(kind, "logits", s, y,
             lambda dt, t=t, y=y, a=a: (lambda p: distill_loss(p, t, y, T, a, dt)),
             {"temperature": T, "alpha": a, "classes": nc, "labels": a != 0},
             "loss = alpha * SparseCE(y, s, from_logits) + (1 - alpha) * T^2 * "
             "mean_b sum_c softmax(t/T) (log softmax(t/T) - log softmax(s/T)); the teacher t "
             "is a constant; grad (w.r.t. student logits s) = alpha (softmax(s) - onehot(y)) / B "
             "+ (1 - alpha) T (softmax(s/T) - softmax(t/T)) / B. Cross-checked against "
             "keras.losses.KLDivergence (whose [eps, 1] clip is inactive here)",
             extra_files=[(f"loss_{kind}.teacher.npy", t)])
        if only and f"loss_{kind}" not in only:
            continue
        # Cross-check with Keras' own KLDivergence and the closed-form gradient.
        sv = tf.constant(s)
        with tf.GradientTape() as tape:
            tape.watch(sv)
            kd = keras.losses.KLDivergence()(tf.nn.softmax(t / T), tf.nn.softmax(sv / T))
            ref = (1 - a) * T * T * kd
            if a:
                ref += a * keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, sv)
        gref = np.asarray(tape.gradient(ref, sv))
        got = np.load(os.path.join(HERE, f"loss_{kind}.grad.npy"))
        lgot = np.load(os.path.join(HERE, f"loss_{kind}.loss.npy"))[0]
        assert abs(float(ref) - lgot) < 1e-5, (float(ref), lgot)
        assert np.allclose(gref, got, atol=1e-6)
        s64, t64 = s.astype(np.float64), t.astype(np.float64)
        closed = (1 - a) * T * (softmax_np(s64 / T) - softmax_np(t64 / T)) / nb
        if a:
            closed += a * (softmax_np(s64) - np.eye(nc)[y]) / nb
        assert np.allclose(closed, got, atol=1e-6)
        entries[-1]["params"]["teacher_file"] = f"loss_{kind}.teacher.npy"
    return entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        for c in CASES:
            print(c["name"])
        print("loss_sparse_ce_logits loss_sparse_ce_probs loss_ce_logits loss_ce_logits_onehot "
              "loss_bce_logits loss_bce_probs loss_mse loss_distill loss_distill_unlabeled")
        return
    only = set(args.only)
    man_path = os.path.join(HERE, "manifest.json")
    old = {}
    if only and os.path.exists(man_path):  # partial run: keep the other entries
        with open(man_path) as f:
            old = json.load(f)

    if not only:  # full run: start from an empty directory (keep script and README)
        for f in os.listdir(HERE):
            if f.endswith((".npy", ".keras", ".npz")) or f == "manifest.json":
                os.remove(os.path.join(HERE, f))
    cases, skipped = [], []
    for c in CASES:
        if only and c["name"] not in only:
            continue
        try:
            entry = make_case(c)
            cases.append(entry)
            print(f"{c['name']:34s} ok  draw {entry['input_draw']:2d}  "
                  f"kink margin {entry['kink_min_distance']}  f64 {entry['f64']['ok']}")
        except Exception as e:
            skipped.append({"name": c["name"], "reason": f"{type(e).__name__}: {e}"[:400]})
            print(f"{c['name']:34s} SKIPPED: {skipped[-1]['reason']}")
            for f in os.listdir(HERE):
                if f.startswith(c["name"] + "."):
                    os.remove(os.path.join(HERE, f))
    losses = make_losses(only)

    fresh = {e["name"] for e in cases + losses}
    if old:
        names = {e["name"] for e in cases} | {s["name"] for s in skipped}
        cases = [e for e in old.get("cases", []) if e["name"] not in names] + cases
        skipped = [s for s in old.get("skipped", []) if s["name"] not in names] + skipped
        lnames = {e["name"] for e in losses}
        lorder = {e["name"]: i for i, e in enumerate(old.get("losses", []))}
        losses = [e for e in old.get("losses", []) if e["name"] not in lnames] + losses
        losses.sort(key=lambda e: lorder.get(e["name"], 1 << 30))
        order = {c["name"]: i for i, c in enumerate(CASES)}
        cases.sort(key=lambda e: order.get(e["name"], 1 << 30))

    manifest = {
        "versions": {"python": sys.version.split()[0], "tensorflow": tf.__version__,
                     "keras": keras.__version__, "numpy": np.__version__,
                     "h5py": h5py.__version__},
        "batch": B,
        "objective": "L = sum(y * dy); dx = dL/dx, grad<i> = dL/d model.trainable_weights[i]",
        "kink_margin": KINK_MARGIN,
        "f64_file": "f64.npz",
        "cases": cases,
        "skipped": skipped,
        "losses": losses,
    }
    npz_path = os.path.join(HERE, "f64.npz")
    if only and os.path.exists(npz_path):
        with np.load(npz_path) as z:
            kept = {k: z[k] for k in z.files if k.split(".")[0] not in fresh}
        F64.update(kept)
    np.savez(npz_path, **dict(sorted(F64.items())))
    text = json.dumps(manifest, indent=1)
    # Keep flat lists (shapes, file names) on one line.
    text = re.sub(r"\[\n\s+([^\[\]{}]*?)\n\s+\]",
                  lambda m: "[" + re.sub(r",\n\s+", ", ", m.group(1)) + "]", text)
    assert json.loads(text) == json.loads(json.dumps(manifest))
    with open(man_path, "w") as f:
        f.write(text + "\n")
    print(f"{len(cases)} cases, {len(skipped)} skipped, {len(losses)} losses")


if __name__ == "__main__":
    main()
