#!/usr/bin/env python3
"""Generate the Keras test fixtures for Kinglet's Keras importer and float interpreter.

Tool versions used to produce the committed files (also stamped into manifest.json):
    Python 3.11, tensorflow-cpu 2.21.0, keras 3.15.1 (TensorFlow backend),
    tf-keras 2.21.0 (installed with `pip install --no-deps tf-keras==2.21.*`,
    because it requires the `tensorflow` package by name), h5py 3.14.0, numpy 2.4.6,
    scikit-learn 1.9.1 (only for the digits data set of the compiled fixture).

How to run (from anywhere; output goes next to this script):
    python3 -m venv ~/fixenv
    ~/fixenv/bin/pip install "tensorflow-cpu==2.21.*" scikit-learn
    ~/fixenv/bin/pip install --no-deps "tf-keras==2.21.*"
    ~/fixenv/bin/python make_fixtures.py            # everything (~2-4 minutes)
    ~/fixenv/bin/python make_fixtures.py --only conv2d_same_s2 --only resnet8
    ~/fixenv/bin/python make_fixtures.py --list
    ~/fixenv/bin/python make_fixtures.py --no-tfkeras   # skip the tf_keras flavour

Per fixture NAME it writes:
    NAME.keras            Keras 3 model.save (zip)
    NAME.h5               Keras 3 model.save("NAME.h5") (legacy HDF5 format)
    NAME.tfkeras.h5       same architecture built with tf_keras (Keras 2 API), weights
                          copied from the Keras 3 model, saved as HDF5 -- when tf_keras
                          supports the layer/options
    NAME.input.npy        float32 [3, ...] (several inputs: NAME.input0.npy, NAME.input1.npy)
    NAME.output.npy       Keras 3 model.predict float32 (several: NAME.output0.npy, ...)
    NAME.tfkeras.output.npy  only when tf_keras' predictions differ from Keras 3's
                          (e.g. hard_sigmoid has a different definition in Keras 2)
and manifest.json describing everything.  Every saved file is reloaded and its
predictions are checked against the saved outputs before the run reports success.

Weights are deterministic: numpy Generator seeded per fixture name; kernels ~ N(0, 1/fan_in),
biases ~ N(0, 0.1), BatchNorm gamma/beta/moving_mean/moving_variance non-trivial; whole
models are additionally trained a few steps on fixed random data.  Note that .keras
archives contain a save timestamp (metadata.json "date_saved") and HDF5 files may differ
byte-wise between runs even though their contents are identical.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import warnings
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.pop("TF_USE_LEGACY_KERAS", None)
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
import h5py  # noqa: E402

try:
    import tf_keras  # noqa: E402
except Exception:  # pragma: no cover
    tf_keras = None

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH = 3
KEEP_BIG = False  # --big: also keep .h5/.tfkeras.h5 of the keras.applications models
SEED = 1234
tf.config.experimental.enable_op_determinism()


def seed_for(name):
    return (zlib.crc32(name.encode()) ^ SEED) & 0x7FFFFFFF


# ----------------------------------------------------------------------------------------
# Fixture registry.  A builder takes (K, is_k2) where K is the `keras` or `tf_keras`
# module, and returns an uncompiled model.  The same code builds both flavours.
# ----------------------------------------------------------------------------------------
FIXTURES = []


def fixture(name, kind, description, train=0, compiled=False, tfkeras=True, prepare=None,
            input_fn=None, big=False):
    def deco(fn):
        FIXTURES.append(dict(name=name, kind=kind, description=description, build=fn,
                             train=train, compiled=compiled, tfkeras=tfkeras,
                             prepare=prepare, input_fn=input_fn, big=big))
        return fn
    return deco


def single(shape, layer_fn, name=None):
    """Input -> layer built by layer_fn(K, is_k2) -> output."""
    def build(K, k2):
        x = K.Input(shape=shape, name="x")
        y = layer_fn(K, k2)(x)
        return K.Model(x, y, name=name or "m")
    return build


def add_layer(name, desc, shape, layer_fn, **kw):
    fixture(name, "layer", desc, **kw)(single(shape, layer_fn, name))


# ---- Dense ----
# Every activation is a separate Dense(6) branch of one multi-output model (one output per
# activation, output layer named dense_<activation>) to keep the folder small.
ACTS_BOTH = ["linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "softmax", "swish", "gelu", "elu"]
ACTS_K3_ONLY = ["silu", "hard_swish", "hard_silu", "leaky_relu"]  # tf_keras cannot deserialize these names


def dense_acts(acts):
    def build(K, k2):
        x = K.Input(shape=(10,), name="x")
        ys = [K.layers.Dense(6, activation=a, name=f"dense_{a}")(x) for a in acts]
        return K.Model(x, ys, name="dense_activations")
    return build


fixture("dense_activations", "layer",
        "Input [10] -> one Dense(6, activation=A) branch per activation A, one output each, in this order: "
        + ", ".join(ACTS_BOTH) + " (tf_keras hard_sigmoid is the old 0.2x+0.5 clip, so it has its own outputs)"
        )(dense_acts(ACTS_BOTH))
fixture("dense_activations_k3", "layer",
        "Input [10] -> one Dense(6, activation=A) branch per activation A, one output each: "
        + ", ".join(ACTS_K3_ONLY) + " (Keras 3 only names)", tfkeras=False)(dense_acts(ACTS_K3_ONLY))
add_layer("dense_nobias", "Dense(5, use_bias=False) on [7]", (7,),
          lambda K, k2: K.layers.Dense(5, use_bias=False, name="dense"))
add_layer("dense_3d", "Dense(4, relu) on a rank-3 input [5, 6] (applies to the last axis)", (5, 6),
          lambda K, k2: K.layers.Dense(4, activation="relu", name="dense"))

# ---- Conv1D ----
add_layer("conv1d_valid", "Conv1D(4, 3, padding='valid') on [16, 3]", (16, 3),
          lambda K, k2: K.layers.Conv1D(4, 3, padding="valid", name="conv"))
add_layer("conv1d_same_s2", "Conv1D(4, 3, strides=2, padding='same', relu) on [15, 3]", (15, 3),
          lambda K, k2: K.layers.Conv1D(4, 3, strides=2, padding="same", activation="relu", name="conv"))
add_layer("conv1d_causal_d2", "Conv1D(3, 2, padding='causal', dilation_rate=2) on [12, 2]", (12, 2),
          lambda K, k2: K.layers.Conv1D(3, 2, padding="causal", dilation_rate=2, name="conv"))

# ---- Conv2D ----
add_layer("conv2d_valid_s1", "Conv2D(4, 3x3, strides 1, valid) on [8, 8, 3]", (8, 8, 3),
          lambda K, k2: K.layers.Conv2D(4, 3, padding="valid", name="conv"))
add_layer("conv2d_same_s1", "Conv2D(4, 3x3, strides 1, same, relu) on [7, 7, 2]", (7, 7, 2),
          lambda K, k2: K.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv"))
add_layer("conv2d_same_s2", "Conv2D(4, 3x3, strides 2, same) on [8, 8, 3] (asymmetric TF padding)", (8, 8, 3),
          lambda K, k2: K.layers.Conv2D(4, 3, strides=2, padding="same", name="conv"))
add_layer("conv2d_same_s2_odd", "Conv2D(3, (3,2), strides (2,2), same) on [9, 7, 2]", (9, 7, 2),
          lambda K, k2: K.layers.Conv2D(3, (3, 2), strides=(2, 2), padding="same", name="conv"))
add_layer("conv2d_valid_s2", "Conv2D(4, 3x3, strides 2, valid) on [9, 9, 2]", (9, 9, 2),
          lambda K, k2: K.layers.Conv2D(4, 3, strides=2, padding="valid", name="conv"))
add_layer("conv2d_dilation2", "Conv2D(3, 3x3, dilation 2, same) on [9, 9, 2]", (9, 9, 2),
          lambda K, k2: K.layers.Conv2D(3, 3, dilation_rate=2, padding="same", name="conv"))
add_layer("conv2d_nobias", "Conv2D(4, 1x1, use_bias=False, activation=relu) on [6, 6, 3]", (6, 6, 3),
          lambda K, k2: K.layers.Conv2D(4, 1, use_bias=False, activation="relu", name="conv"))

# ---- Depthwise / Separable / Transpose ----
add_layer("depthwise_dm1", "DepthwiseConv2D(3x3, depth_multiplier 1, same) on [8, 8, 4]", (8, 8, 4),
          lambda K, k2: K.layers.DepthwiseConv2D(3, padding="same", name="dw"))
add_layer("depthwise_dm2_s2", "DepthwiseConv2D(3x3, depth_multiplier 2, strides 2, valid) on [9, 9, 3]", (9, 9, 3),
          lambda K, k2: K.layers.DepthwiseConv2D(3, strides=2, depth_multiplier=2, padding="valid", name="dw"))
add_layer("separable_conv2d", "SeparableConv2D(5, 3x3, depth_multiplier 2, same, relu) on [8, 8, 3]", (8, 8, 3),
          lambda K, k2: K.layers.SeparableConv2D(5, 3, depth_multiplier=2, padding="same",
                                                 activation="relu", name="sep"))
add_layer("conv2d_transpose_s2_same", "Conv2DTranspose(3, 3x3, strides 2, same) on [4, 4, 2]", (4, 4, 2),
          lambda K, k2: K.layers.Conv2DTranspose(3, 3, strides=2, padding="same", name="convt"))
add_layer("conv2d_transpose_s2_valid", "Conv2DTranspose(2, 3x3, strides 2, valid) on [4, 5, 3]", (4, 5, 3),
          lambda K, k2: K.layers.Conv2DTranspose(2, 3, strides=2, padding="valid", name="convt"))

# ---- Normalization ----
add_layer("batchnorm_4d", "BatchNormalization (eps 1e-3) on [5, 5, 4] with non-trivial moving stats", (5, 5, 4),
          lambda K, k2: K.layers.BatchNormalization(name="bn"))
add_layer("batchnorm_2d_eps", "BatchNormalization(epsilon=0.01) on [6] with non-trivial moving stats", (6,),
          lambda K, k2: K.layers.BatchNormalization(epsilon=0.01, name="bn"))
add_layer("layernorm", "LayerNormalization(axis=-1) on [4, 6] with non-trivial gamma/beta", (4, 6),
          lambda K, k2: K.layers.LayerNormalization(name="ln"))

# ---- Activations as layers ----


@fixture("activation_layers", "layer", "Input [3, 5] -> Activation(A) branches, one output each, in this order: relu, sigmoid, tanh, softmax, hard_sigmoid, gelu, elu, softplus, exponential")
def _act_layers(K, k2):
    x = K.Input(shape=(3, 5), name="x")
    acts = ["relu", "sigmoid", "tanh", "softmax", "hard_sigmoid", "gelu", "elu", "softplus", "exponential"]
    return K.Model(x, [K.layers.Activation(a, name=f"act_{a}")(x) for a in acts], name="activation_layers")


add_layer("relu_max6", "ReLU(max_value=6) on [12] (inputs scaled x4)", (12,),
          lambda K, k2: K.layers.ReLU(max_value=6.0, name="relu"))
add_layer("relu_negslope", "ReLU(negative_slope=0.1) on [12]", (12,),
          lambda K, k2: K.layers.ReLU(negative_slope=0.1, name="relu"))
add_layer("relu_threshold", "ReLU(max_value=2, negative_slope=0.2, threshold=0.5) on [12]", (12,),
          lambda K, k2: K.layers.ReLU(max_value=2.0, negative_slope=0.2, threshold=0.5, name="relu"))
add_layer("leaky_relu", "LeakyReLU(negative_slope=0.25) (tf_keras: alpha=0.25) on [12]", (12,),
          lambda K, k2: (K.layers.LeakyReLU(alpha=0.25, name="lrelu") if k2
                         else K.layers.LeakyReLU(negative_slope=0.25, name="lrelu")))
add_layer("prelu", "PReLU on [4, 5] (alpha per element, random)", (4, 5),
          lambda K, k2: K.layers.PReLU(name="prelu"))
add_layer("prelu_shared", "PReLU(shared_axes=[1, 2]) on [4, 4, 3] (alpha per channel)", (4, 4, 3),
          lambda K, k2: K.layers.PReLU(shared_axes=[1, 2], name="prelu"))
add_layer("elu_layer", "ELU(alpha=0.7) on [12]", (12,),
          lambda K, k2: K.layers.ELU(alpha=0.7, name="elu"))
add_layer("softmax_last", "Softmax(axis=-1) on [3, 5]", (3, 5),
          lambda K, k2: K.layers.Softmax(axis=-1, name="softmax"))
add_layer("softmax_axis1", "Softmax(axis=1) on [3, 5]", (3, 5),
          lambda K, k2: K.layers.Softmax(axis=1, name="softmax"))

# ---- Pooling ----
add_layer("maxpool1d", "MaxPooling1D(2) (valid) on [9, 3]", (9, 3),
          lambda K, k2: K.layers.MaxPooling1D(2, name="pool"))
add_layer("maxpool1d_same_s1", "MaxPooling1D(3, strides 1, same) on [8, 2]", (8, 2),
          lambda K, k2: K.layers.MaxPooling1D(3, strides=1, padding="same", name="pool"))
add_layer("avgpool1d_same", "AveragePooling1D(3, strides 2, same) on [9, 3] (pad cells not counted)", (9, 3),
          lambda K, k2: K.layers.AveragePooling1D(3, strides=2, padding="same", name="pool"))
add_layer("maxpool2d_valid", "MaxPooling2D(2x2) valid on [7, 7, 3]", (7, 7, 3),
          lambda K, k2: K.layers.MaxPooling2D(2, name="pool"))
add_layer("maxpool2d_same", "MaxPooling2D(3x3, strides 2, same) on [7, 8, 2]", (7, 8, 2),
          lambda K, k2: K.layers.MaxPooling2D(3, strides=2, padding="same", name="pool"))
add_layer("avgpool2d_valid", "AveragePooling2D((2,3), strides (2,2), valid) on [7, 8, 2]", (7, 8, 2),
          lambda K, k2: K.layers.AveragePooling2D((2, 3), strides=(2, 2), padding="valid", name="pool"))
add_layer("avgpool2d_same", "AveragePooling2D(3x3, strides 2, same) on [7, 8, 2] (pad cells not counted)", (7, 8, 2),
          lambda K, k2: K.layers.AveragePooling2D(3, strides=2, padding="same", name="pool"))
add_layer("gap1d", "GlobalAveragePooling1D on [7, 4]", (7, 4),
          lambda K, k2: K.layers.GlobalAveragePooling1D(name="gap"))
add_layer("gmp1d", "GlobalMaxPooling1D on [7, 4]", (7, 4),
          lambda K, k2: K.layers.GlobalMaxPooling1D(name="gmp"))
add_layer("gap2d", "GlobalAveragePooling2D on [5, 6, 4]", (5, 6, 4),
          lambda K, k2: K.layers.GlobalAveragePooling2D(name="gap"))
add_layer("gap2d_keepdims", "GlobalAveragePooling2D(keepdims=True) on [5, 6, 4]", (5, 6, 4),
          lambda K, k2: K.layers.GlobalAveragePooling2D(keepdims=True, name="gap"))
add_layer("gmp2d", "GlobalMaxPooling2D on [5, 6, 4]", (5, 6, 4),
          lambda K, k2: K.layers.GlobalMaxPooling2D(name="gmp"))

# ---- Shape ----
add_layer("flatten", "Flatten on [3, 4, 2] (row-major NHWC order)", (3, 4, 2),
          lambda K, k2: K.layers.Flatten(name="flatten"))
add_layer("reshape", "Reshape((4, 6)) on [2, 3, 4]", (2, 3, 4),
          lambda K, k2: K.layers.Reshape((4, 6), name="reshape"))
add_layer("reshape_infer", "Reshape((-1, 2)) on [12]", (12,),
          lambda K, k2: K.layers.Reshape((-1, 2), name="reshape"))
add_layer("permute", "Permute((2, 1, 3)) on [2, 3, 4]", (2, 3, 4),
          lambda K, k2: K.layers.Permute((2, 1, 3), name="permute"))
add_layer("zeropad2d", "ZeroPadding2D(((1, 2), (0, 1))) on [3, 4, 2]", (3, 4, 2),
          lambda K, k2: K.layers.ZeroPadding2D(((1, 2), (0, 1)), name="pad"))
add_layer("cropping2d", "Cropping2D(((1, 0), (2, 1))) on [5, 6, 2]", (5, 6, 2),
          lambda K, k2: K.layers.Cropping2D(((1, 0), (2, 1)), name="crop"))
add_layer("upsampling2d", "UpSampling2D((2, 3), nearest) on [3, 2, 2]", (3, 2, 2),
          lambda K, k2: K.layers.UpSampling2D((2, 3), interpolation="nearest", name="up"))

# ---- Preprocessing / regularisation (identity at inference) ----
add_layer("rescaling", "Rescaling(scale=1/127.5, offset=-1) on [4, 4, 3]", (4, 4, 3),
          lambda K, k2: K.layers.Rescaling(1.0 / 127.5, offset=-1.0, name="rescale"))
add_layer("normalization_fixed", "Normalization(axis=-1, mean=[..], variance=[..]) given in config on [4]", (4,),
          lambda K, k2: K.layers.Normalization(axis=-1, mean=[0.5, -1.0, 2.0, 0.0],
                                               variance=[4.0, 0.25, 1.0, 9.0], name="norm"))
add_layer("dropout", "Dropout(0.5) on [8] (identity at inference)", (8,),
          lambda K, k2: K.layers.Dropout(0.5, name="drop"))
add_layer("spatial_dropout2d", "SpatialDropout2D(0.5) on [3, 3, 4] (identity at inference)", (3, 3, 4),
          lambda K, k2: K.layers.SpatialDropout2D(0.5, name="drop"))
add_layer("gaussian_noise", "GaussianNoise(0.3) on [8] (identity at inference)", (8,),
          lambda K, k2: K.layers.GaussianNoise(0.3, name="noise"))


NORM_DATA = np.random.default_rng(7).normal([1.0, -2.0, 0.5], [2.0, 0.5, 3.0], size=(64, 3)).astype(np.float32)


@fixture("normalization_adapted", "layer", "Normalization(axis=-1) adapted on fixed data [64, 3] (mean/variance stored as weights)")
def _norm_adapted(K, k2):
    x = K.Input(shape=(3,), name="x")
    norm = K.layers.Normalization(axis=-1, name="norm")
    norm.adapt(NORM_DATA)
    return K.Model(x, norm(x), name="normalization_adapted")


# ---- Merge layers (two inputs) ----
def merge_builder(cls_name, shape=(3, 4), **kw):
    def build(K, k2):
        a = K.Input(shape=shape, name="a")
        b = K.Input(shape=shape if cls_name != "ConcatAxis1" else shape, name="b")
        if cls_name == "ConcatAxis1":
            y = K.layers.Concatenate(axis=1, name="merge")([a, b])
        else:
            y = getattr(K.layers, cls_name)(name="merge", **kw)([a, b])
        return K.Model([a, b], y, name="m")
    return build


for cls in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]:
    fixture(f"merge_{cls.lower()}", "layer", f"{cls}()([a, b]) on two [3, 4] inputs")(merge_builder(cls))
fixture("concat_last", "layer", "Concatenate(axis=-1)([a, b]) on two [3, 4] inputs")(merge_builder("Concatenate", axis=-1))
fixture("concat_axis1", "layer", "Concatenate(axis=1)([a, b]) on two [3, 4] inputs")(merge_builder("ConcatAxis1"))


@fixture("add_three", "layer", "Add() of three inputs [2, 2, 3] (n-ary merge)")
def _add3(K, k2):
    ins = [K.Input(shape=(2, 2, 3), name=f"in{i}") for i in range(3)]
    return K.Model(ins, K.layers.Add(name="add")(ins), name="add_three")


# ----------------------------------------------------------------------------------------
# Whole models
# ----------------------------------------------------------------------------------------
@fixture("mobilenet_v1", "model", "keras.applications.MobileNet(input_shape=(32,32,3), alpha=0.25, weights=None, classes=10)", train=2, big=True)
def _mnv1(K, k2):
    return K.applications.MobileNet(input_shape=(32, 32, 3), alpha=0.25, weights=None, classes=10)


@fixture("mobilenet_v2", "model", "keras.applications.MobileNetV2(input_shape=(32,32,3), alpha=0.35, weights=None, classes=10)", train=2, big=True)
def _mnv2(K, k2):
    return K.applications.MobileNetV2(input_shape=(32, 32, 3), alpha=0.35, weights=None, classes=10)


@fixture("ds_cnn_kws", "model", "DS-CNN keyword spotting (MLPerf Tiny style, small): input [49, 10, 1], Conv(10x4,s2)+BN+ReLU, 2x (Depthwise 3x3+BN+ReLU, Conv 1x1+BN+ReLU), AvgPool, Flatten, Dense(12, softmax)", train=2)
def _dscnn(K, k2):
    L = K.layers
    x = K.Input(shape=(49, 10, 1), name="mfcc")
    y = L.Conv2D(16, (10, 4), strides=(2, 2), padding="same", use_bias=False, name="conv1")(x)
    y = L.BatchNormalization(name="bn1")(y)
    y = L.Activation("relu", name="relu1")(y)
    for i in range(2):
        y = L.DepthwiseConv2D(3, padding="same", use_bias=False, name=f"dw{i}")(y)
        y = L.BatchNormalization(name=f"dw{i}_bn")(y)
        y = L.Activation("relu", name=f"dw{i}_relu")(y)
        y = L.Conv2D(16, 1, use_bias=False, name=f"pw{i}")(y)
        y = L.BatchNormalization(name=f"pw{i}_bn")(y)
        y = L.Activation("relu", name=f"pw{i}_relu")(y)
    y = L.Dropout(0.4, name="drop")(y)
    y = L.AveragePooling2D(pool_size=(25, 5), name="avgpool")(y)
    y = L.Flatten(name="flatten")(y)
    y = L.Dense(12, activation="softmax", name="fc")(y)
    return K.Model(x, y, name="ds_cnn")


@fixture("resnet8", "model", "ResNet-8 (MLPerf Tiny style, channels 8/16/32): input [32, 32, 3], 3 residual stacks with Add, 1x1 strided shortcuts, GlobalAvgPool... via AveragePooling2D(8) + Flatten + Dense(10, softmax)", train=2)
def _resnet8(K, k2):
    L = K.layers
    x = K.Input(shape=(32, 32, 3), name="image")
    y = L.Conv2D(8, 3, padding="same", name="conv0")(x)
    y = L.BatchNormalization(name="bn0")(y)
    y = L.Activation("relu", name="relu0")(y)
    for s, f in enumerate([8, 16, 32]):
        strides = 1 if s == 0 else 2
        z = L.Conv2D(f, 3, strides=strides, padding="same", name=f"s{s}_conv1")(y)
        z = L.BatchNormalization(name=f"s{s}_bn1")(z)
        z = L.Activation("relu", name=f"s{s}_relu1")(z)
        z = L.Conv2D(f, 3, padding="same", name=f"s{s}_conv2")(z)
        z = L.BatchNormalization(name=f"s{s}_bn2")(z)
        if s > 0:
            y = L.Conv2D(f, 1, strides=strides, padding="same", name=f"s{s}_short")(y)
        y = L.Add(name=f"s{s}_add")([y, z])
        y = L.Activation("relu", name=f"s{s}_relu2")(y)
    y = L.AveragePooling2D(pool_size=8, name="pool")(y)
    y = L.Flatten(name="flatten")(y)
    y = L.Dense(10, activation="softmax", name="fc")(y)
    return K.Model(x, y, name="resnet8")


@fixture("squeeze_excite", "model", "Squeeze-excite block: Conv2D(16) -> GlobalAveragePooling2D -> Dense(4, relu) -> Dense(16, sigmoid) -> Reshape(1,1,16) -> Multiply with the feature map; input [8, 8, 3]", train=2)
def _se(K, k2):
    L = K.layers
    x = K.Input(shape=(8, 8, 3), name="x")
    f = L.Conv2D(16, 3, padding="same", activation="relu", name="conv")(x)
    s = L.GlobalAveragePooling2D(name="squeeze")(f)
    s = L.Dense(4, activation="relu", name="fc1")(s)
    s = L.Dense(16, activation="sigmoid", name="fc2")(s)
    s = L.Reshape((1, 1, 16), name="reshape")(s)
    y = L.Multiply(name="excite")([f, s])
    return K.Model(x, y, name="squeeze_excite")


@fixture("fc_autoencoder", "model", "Fully connected autoencoder 64-32-8-32-64 (relu, sigmoid output), MLPerf Tiny anomaly-detection style", train=3)
def _ae(K, k2):
    L = K.layers
    x = K.Input(shape=(64,), name="x")
    y = L.Dense(32, activation="relu", name="enc1")(x)
    y = L.BatchNormalization(name="enc1_bn")(y)
    y = L.Dense(8, activation="relu", name="code")(y)
    y = L.Dense(32, activation="relu", name="dec1")(y)
    y = L.Dense(64, activation="sigmoid", name="out")(y)
    return K.Model(x, y, name="fc_autoencoder")


@fixture("nested_sequential", "model", "Functional model containing a nested Sequential sub-model: Dense(12, relu) -> Sequential[Dense(16, relu), BatchNormalization, Dense(8)] -> Dense(3, softmax); input [10]", train=2)
def _nested(K, k2):
    L = K.layers
    inner = K.Sequential([K.Input(shape=(12,)), L.Dense(16, activation="relu", name="inner_d1"),
                          L.BatchNormalization(name="inner_bn"), L.Dense(8, name="inner_d2")],
                         name="inner")
    x = K.Input(shape=(10,), name="x")
    y = L.Dense(12, activation="relu", name="pre")(x)
    y = inner(y)
    y = L.Dense(3, activation="softmax", name="head")(y)
    return K.Model(x, y, name="outer")


@fixture("shared_layers", "model", "Siamese: one Conv1D(5, same, relu) and one Dense(8, tanh) each called on two inputs [6, 4] (shared weights, two call nodes each) -> Subtract -> GlobalAveragePooling1D -> Dense(2)", train=2)
def _shared(K, k2):
    L = K.layers
    a = K.Input(shape=(6, 4), name="a")
    b = K.Input(shape=(6, 4), name="b")
    conv = L.Conv1D(5, 3, padding="same", activation="relu", name="shared_conv")
    dense = L.Dense(8, activation="tanh", name="shared_dense")
    fa = dense(conv(a))
    fb = dense(conv(b))
    d = L.Subtract(name="diff")([fa, fb])
    g = L.GlobalAveragePooling1D(name="pool")(d)
    y = L.Dense(2, name="head")(g)
    return K.Model([a, b], y, name="siamese")


@fixture("nested_functional", "model", "Functional sub-model (Conv2D(4, relu) -> BatchNormalization -> MaxPooling2D) called twice inside a Functional model with two outputs: x -> inner -> Flatten -> Dense(3), and Rescaling(0.5)(x) -> inner -> GlobalMaxPooling2D; input [6, 6, 2]", train=2)
def _nested_fn(K, k2):
    L = K.layers
    ix = K.Input(shape=(6, 6, 2), name="ix")
    h = L.Conv2D(4, 3, padding="same", activation="relu", name="iconv")(ix)
    h = L.BatchNormalization(name="ibn")(h)
    h = L.MaxPooling2D(2, name="ipool")(h)
    inner = K.Model(ix, h, name="inner_fn")
    x = K.Input(shape=(6, 6, 2), name="x")
    y1 = L.Dense(3, name="head")(L.Flatten(name="flat")(inner(x)))
    y2 = L.GlobalMaxPooling2D(name="gmp")(inner(L.Rescaling(0.5, name="half")(x)))
    return K.Model(x, [y1, y2], name="outer_fn")


@fixture("tensor_arithmetic", "model", "Arithmetic written on tensors instead of layers (Keras 3 operation nodes; tf.keras TFOpLambda): MobileNetV3's hard-sigmoid ReLU(6)(x + 3) * (1/6), 1 - x, x / 4, maximum(x, 0.5), and in the Keras 3 flavour also ops.clip, ops.mean(keepdims), ops.reshape, ops.transpose, ops.concatenate (tf.keras: x * 0.5, x - 0.25, minimum(x, x * x) instead, so it has its own outputs); on Conv2D+BatchNormalization features of an input [6, 6, 2]. The tf.keras flavour names its BatchNormalization 'conv/bn' (a '/' in a layer name, as keras.applications does)")
def _arith(K, k2):
    L = K.layers
    x = K.Input(shape=(6, 6, 2), name="x")
    f = L.Conv2D(4, 3, padding="same", name="conv")(x)
    f = L.BatchNormalization(name="conv/bn" if k2 else "conv_bn")(f)
    gate = L.ReLU(6.0, name="relu6")(f + 3.0) * (1.0 / 6.0)
    parts = [f * gate, 1.0 - gate, f / 4.0]
    if k2:
        import tensorflow as tf
        parts += [tf.math.maximum(f, 0.5), f * 0.5, f - 0.25, tf.math.minimum(f, f * f)]
        y = L.Concatenate(name="joined")(parts)
    else:
        ops = K.ops
        parts.append(ops.maximum(f, 0.5))
        parts.append(ops.clip(f, -0.5, 0.75))
        parts.append(f - ops.mean(f, axis=-1, keepdims=True))
        t = ops.transpose(ops.reshape(f, (-1, 36, 4)), (0, 2, 1))
        parts.append(ops.reshape(ops.transpose(t, (0, 2, 1)), (-1, 6, 6, 4)))
        y = ops.concatenate(parts, axis=-1)
    return K.Model(x, y, name="tensor_arithmetic")


@fixture("sequential_cnn", "model", "Top-level Sequential model: Conv2D(4, relu) -> MaxPooling2D -> Flatten -> Dense(5, softmax); input [6, 6, 2]", train=2)
def _seqcnn(K, k2):
    L = K.layers
    return K.Sequential([K.Input(shape=(6, 6, 2), name="x"),
                         L.Conv2D(4, 3, activation="relu", name="conv"),
                         L.MaxPooling2D(2, name="pool"), L.Flatten(name="flatten"),
                         L.Dense(5, activation="softmax", name="fc")], name="sequential_cnn")


def digits_data():
    from sklearn.datasets import load_digits
    d = load_digits()
    x = (d.images.astype(np.float32) / 16.0)[..., None]
    return x, d.target.astype(np.int64)


@fixture("digits_cnn_compiled", "model", "Small CNN on sklearn digits [8, 8, 1], compiled with Adam + sparse categorical crossentropy and trained one epoch before saving (optimizer state is in the files)", compiled=True,
         input_fn=lambda: digits_data()[0][:BATCH])
def _digits(K, k2):
    L = K.layers
    x = K.Input(shape=(8, 8, 1), name="digit")
    y = L.Conv2D(8, 3, activation="relu", padding="same", name="conv1")(x)
    y = L.BatchNormalization(name="bn1")(y)
    y = L.MaxPooling2D(2, name="pool1")(y)
    y = L.Conv2D(8, 3, activation="relu", name="conv2")(y)
    y = L.Flatten(name="flatten")(y)
    y = L.Dense(10, activation="softmax", name="fc")(y)
    return K.Model(x, y, name="digits_cnn")


# ----------------------------------------------------------------------------------------
# Machinery
# ----------------------------------------------------------------------------------------
def as_list(v):
    return list(v) if isinstance(v, (list, tuple)) else [v]


def var_short_name(v):
    n = v.name.split("/")[-1]
    return n.split(":")[0]


def randomize(model, rng):
    """Deterministically give every layer non-default weights (Keras 3 model)."""
    for layer in iter_layers(model):
        cls = type(layer).__name__
        if cls in ("Normalization",):
            continue
        ws = layer.get_weights()
        if not ws:
            continue
        names = [var_short_name(v) for v in layer.weights]
        new = []
        for n, w in zip(names, ws):
            shape = w.shape
            if n in ("kernel", "depthwise_kernel", "pointwise_kernel", "embeddings"):
                if cls == "Conv2DTranspose":
                    fan_in = int(np.prod(shape[:2])) * shape[3]
                elif n == "depthwise_kernel":
                    fan_in = int(np.prod(shape[:-2]))
                else:
                    fan_in = int(np.prod(shape[:-1]))
                w = rng.normal(0, 1.0 / np.sqrt(max(fan_in, 1)), shape)
            elif n == "bias" or n == "beta":
                w = rng.normal(0, 0.1 if n == "bias" else 0.2, shape)
            elif n == "gamma":
                w = rng.uniform(0.5, 1.5, shape)
            elif n == "moving_mean":
                w = rng.normal(0, 0.5, shape)
            elif n == "moving_variance":
                w = rng.uniform(0.5, 2.0, shape)
            elif n == "alpha":  # PReLU
                w = rng.uniform(0.05, 0.5, shape)
            else:
                w = w  # unknown: keep
            new.append(np.asarray(w, dtype=np.float32))
        layer.set_weights(new)


def iter_layers(model):
    for layer in model.layers:
        if isinstance(layer, (keras.Model,)) or (tf_keras is not None and isinstance(layer, tf_keras.Model)):
            yield from iter_layers(layer)
        else:
            yield layer


def layer_classes(model):
    out = []
    for layer in model.layers:
        out.append(type(layer).__name__)
        if hasattr(layer, "layers"):
            out.extend(layer_classes(layer))
    return out


def make_inputs(model, rng, scale=1.0):
    xs = []
    for t in model.inputs:
        shape = (BATCH,) + tuple(int(d) for d in t.shape[1:])
        xs.append((rng.normal(0, 1, shape) * scale).astype(np.float32))
    return xs


def fake_targets(model, rng, n):
    outs = []
    for t in model.outputs:
        shape = (n,) + tuple(int(d) for d in t.shape[1:])
        outs.append(rng.uniform(0, 1, shape).astype(np.float32))
    return outs


def train_steps(model, rng, steps):
    """Train a few steps on fixed random data, so weights and BN stats move."""
    n = 16 * steps
    xs = [rng.normal(0, 1, (n,) + tuple(int(d) for d in t.shape[1:])).astype(np.float32) for t in model.inputs]
    ys = fake_targets(model, rng, n)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    model.fit(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0], batch_size=16, epochs=1,
              shuffle=False, verbose=0)


def copy_weights(src, dst):
    ls, ld = src.layers, dst.layers
    if len(ls) != len(ld):
        dst.set_weights(src.get_weights())
        return
    for a, b in zip(ls, ld):
        if hasattr(a, "layers") and hasattr(b, "layers"):
            copy_weights(a, b)
        else:
            b.set_weights(a.get_weights())


def predict(model, xs):
    ys = model.predict(xs if len(xs) > 1 else xs[0], verbose=0, batch_size=BATCH)
    return [np.asarray(y, dtype=np.float32) for y in as_list(ys)]


def close(a_list, b_list, rel=1e-5):
    worst = 0.0
    for a, b in zip(a_list, b_list):
        scale = max(1.0, float(np.max(np.abs(a))))
        worst = max(worst, float(np.max(np.abs(a - b))) / scale)
    return worst <= rel, worst


def io_names(n, kind):
    return [f"{kind}"] if n == 1 else [f"{kind}{i}" for i in range(n)]


def out_path(name, suffix):
    return os.path.join(HERE, f"{name}.{suffix}")


def build_fixture(fx, do_tfkeras):
    name = fx["name"]
    rng = np.random.default_rng(seed_for(name))
    keras.utils.set_random_seed(seed_for(name))
    notes = []
    entry = dict(name=name, kind=fx["kind"], description=fx["description"], compiled=fx["compiled"])

    model = fx["build"](keras, False)
    if fx["compiled"]:
        init_weights = None
        randomize(model, rng)
        init_weights = model.get_weights()
        x_all, y_all = digits_data()
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        model.fit(x_all, y_all, batch_size=64, epochs=1, shuffle=False, verbose=0)
    else:
        randomize(model, rng)
        if fx["train"]:
            train_steps(model, rng, fx["train"])
            fresh = fx["build"](keras, False)  # uncompiled copy: no optimizer state in the file
            copy_weights(model, fresh)
            model = fresh

    if fx["input_fn"]:
        xs = as_list(fx["input_fn"]())
    else:
        scale = 4.0 if name in ("relu_max6", "relu_threshold") else (127.5 if name == "rescaling" else 1.0)
        xs = make_inputs(model, rng, scale)
        if name == "rescaling":
            xs = [np.abs(x).clip(0, 255).astype(np.float32) for x in xs]
    ys = predict(model, xs)

    in_names = io_names(len(xs), "input")
    out_names = io_names(len(ys), "output")
    files = {}
    for n_, x in zip(in_names, xs):
        np.save(out_path(name, f"{n_}.npy"), x)
        files[n_] = f"{name}.{n_}.npy"
    for n_, y in zip(out_names, ys):
        np.save(out_path(name, f"{n_}.npy"), y)
        files[n_] = f"{name}.{n_}.npy"
    model.save(out_path(name, "keras"))
    files["keras"] = f"{name}.keras"
    keep_h5 = KEEP_BIG or not fx["big"]
    tmpdir = tempfile.mkdtemp()
    h5_path = out_path(name, "h5") if keep_h5 else os.path.join(tmpdir, f"{name}.h5")
    tfh5_path = out_path(name, "tfkeras.h5") if keep_h5 else os.path.join(tmpdir, f"{name}.tfkeras.h5")
    model.save(h5_path)
    if keep_h5:
        files["h5"] = f"{name}.h5"
    else:
        entry["not_kept"] = ("The .h5 and .tfkeras.h5 flavours were generated and verified but not kept "
                             "(folder size budget); run make_fixtures.py --big to keep them.")

    entry["layers"] = layer_classes(model)
    entry["model_class"] = type(model).__name__
    entry["inputs"] = [dict(name=tensor_layer_name(t, i), shape=[None] + [int(d) for d in t.shape[1:]], file=files[n_])
                       for i, (t, n_) in enumerate(zip(model.inputs, in_names))]
    entry["outputs"] = [dict(name=tensor_layer_name(t, i), shape=[None] + [int(d) for d in t.shape[1:]], file=files[n_])
                        for i, (t, n_) in enumerate(zip(model.outputs, out_names))]
    entry["max_abs_output"] = max(float(np.max(np.abs(y))) for y in ys)

    # ---- verify Keras 3 reloads ----
    verify = {}
    for flavour in ("keras", "h5"):
        try:
            m2 = keras.models.load_model(out_path(name, "keras") if flavour == "keras" else h5_path,
                                         compile=False)
        except Exception as e:  # noqa: BLE001
            # Keras 3 cannot reload its own .h5 of a model with operation nodes (x + 3.0):
            # its legacy writer drops their module. The file is still what Keras 3 writes.
            if flavour == "keras":
                raise
            verify[flavour] = dict(ok=None, keras3_cannot_reload=f"{type(e).__name__}: {str(e).splitlines()[0][:300]}")
            continue
        ok, err = close(ys, predict(m2, xs))
        verify[flavour] = dict(ok=ok, max_rel_err=err)
        if not ok:
            raise RuntimeError(f"{name}.{flavour}: reload mismatch {err}")

    # ---- tf_keras flavour ----
    tfk = dict(status="skipped")
    if do_tfkeras and tf_keras is not None and fx["tfkeras"]:
        try:
            tf_keras.utils.set_random_seed(seed_for(name))
            m_k2 = fx["build"](tf_keras, True)
            if fx["compiled"]:
                copy_weights_init(m_k2, init_weights)
                x_all, y_all = digits_data()
                m_k2.compile(optimizer=tf_keras.optimizers.Adam(1e-2),
                             loss="sparse_categorical_crossentropy", metrics=["accuracy"])
                m_k2.fit(x_all, y_all, batch_size=64, epochs=1, shuffle=False, verbose=0)
            else:
                copy_weights(model, m_k2)
            y_k2 = predict(m_k2, xs)
            m_k2.save(tfh5_path, save_format="h5")
            if keep_h5:
                files["tfkeras_h5"] = f"{name}.tfkeras.h5"
            same, err = close(ys, y_k2, rel=1e-5)
            tfk = dict(status="ok", outputs_equal_keras3=same, max_rel_diff_vs_keras3=err)
            ref_k2 = ys
            if not same and keep_h5:
                out_k2 = io_names(len(y_k2), "tfkeras.output")
                for n_, y in zip(out_k2, y_k2):
                    np.save(out_path(name, f"{n_}.npy"), y)
                    files[n_.replace(".", "_")] = f"{name}.{n_}.npy"
                tfk["output_files"] = [f"{name}.{n_}.npy" for n_ in out_k2]
                ref_k2 = y_k2
            m3 = tf_keras.models.load_model(tfh5_path, compile=False)
            ok, err = close(ref_k2, predict(m3, xs))
            verify["tfkeras_h5"] = dict(ok=ok, max_rel_err=err)
            if not ok:
                raise RuntimeError(f"{name}.tfkeras.h5: reload mismatch {err}")
            # can Keras 3 read the tf_keras file?  (informational)
            try:
                m4 = keras.models.load_model(tfh5_path, compile=False)
                ok4, err4 = close(ref_k2, predict(m4, xs))
                tfk["keras3_can_load"] = bool(ok4)
                if not ok4:
                    tfk["keras3_load_note"] = f"loads but predictions differ (max rel {err4:.3g})"
            except Exception as e:  # noqa: BLE001
                tfk["keras3_can_load"] = False
                tfk["keras3_load_error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"
        except RuntimeError:
            raise
        except Exception as e:  # noqa: BLE001
            tfk = dict(status="unsupported", error=f"{type(e).__name__}: {str(e).splitlines()[0][:300]}")
            if os.path.exists(tfh5_path):
                os.remove(tfh5_path)
    shutil.rmtree(tmpdir, ignore_errors=True)
    entry["tfkeras"] = tfk
    entry["files"] = files
    entry["verified"] = verify
    return entry


def tensor_layer_name(t, i):
    """Name of the layer that produces tensor t (input layer name / output layer name)."""
    try:
        return t._keras_history[0].name
    except Exception:  # noqa: BLE001
        return getattr(t, "name", str(i))


def copy_weights_init(m_k2, weights):
    m_k2.set_weights(weights)


def versions():
    import platform
    v = dict(python=platform.python_version(), tensorflow=tf.__version__, keras=keras.__version__,
             h5py=h5py.__version__, hdf5=h5py.version.hdf5_version, numpy=np.__version__,
             keras_backend=keras.backend.backend())
    if tf_keras is not None:
        v["tf_keras"] = tf_keras.__version__
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", help="fixture name (repeatable)")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--no-tfkeras", action="store_true")
    ap.add_argument("--big", action="store_true",
                    help="also keep the .h5/.tfkeras.h5 files of the MobileNet fixtures (~6.7 MB more)")
    args = ap.parse_args()
    global KEEP_BIG
    KEEP_BIG = args.big
    if args.list:
        for fx in FIXTURES:
            print(f"{fx['name']:28s} {fx['kind']:6s} {fx['description']}")
        return
    names = {fx["name"] for fx in FIXTURES}
    if args.only:
        bad = [n for n in args.only if n not in names]
        if bad:
            sys.exit(f"unknown fixture(s): {bad}")
    selected = [fx for fx in FIXTURES if not args.only or fx["name"] in args.only]

    manifest_path = os.path.join(HERE, "manifest.json")
    old = {}
    if args.only and os.path.exists(manifest_path):
        with open(manifest_path) as f:
            old = {e["name"]: e for e in json.load(f)["fixtures"]}
    for fx in selected:
        print(f"[fixture] {fx['name']}", flush=True)
        old[fx["name"]] = build_fixture(fx, not args.no_tfkeras)
    order = [fx["name"] for fx in FIXTURES]
    manifest = dict(
        generator="make_fixtures.py",
        versions=versions(),
        batch=BATCH,
        tolerance_note="Kinglet's interpreter must match output.npy within 1e-4 * max|output|",
        file_flavours={
            "keras": "Keras 3 model.save('NAME.keras'): zip with config.json, metadata.json, model.weights.h5",
            "h5": "Keras 3 model.save('NAME.h5'): legacy HDF5 (model_config attribute + model_weights group)",
            "tfkeras_h5": "tf_keras (Keras 2 API) model.save('NAME.tfkeras.h5', save_format='h5')",
        },
        fixtures=[old[n] for n in order if n in old],
    )
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1, separators=(",", ": "))
        f.write("\n")
    print(f"wrote {len(manifest['fixtures'])} fixtures to {HERE}")


if __name__ == "__main__":
    main()
