#!/usr/bin/env python3
"""Which config values does a Keras accept?  The evidence behind docs/KERAS.md "Config values".

For each (layer, option, value) below, the layer's config from get_config() gets that value,
`Layer.from_config` rebuilds it (what loading a saved model does per layer), and the layer
is called on a fixed input.  Printed per case: refused (and where), or accepted with the same
output as the default layer, a different output, or different weights (a flag that turned a
weight off).  Run it with each Keras (see make_older_fixtures.py for the environments):

    ~/fixenv/bin/python probe_config_forms.py keras3 2>/dev/null > /tmp/keras3.txt
    ~/fixenv/bin/python probe_config_forms.py tf_keras 2>/dev/null > /tmp/tf_keras.txt
    ~/tf215env/bin/python probe_config_forms.py tf.keras 2>/dev/null > /tmp/keras215.txt
    ~/tf23env/bin/python probe_config_forms.py tf.keras 2>/dev/null > /tmp/keras24.txt
    ~/fixenv/bin/python probe_config_forms.py merge /tmp/keras3.txt /tmp/tf_keras.txt \
        /tmp/keras215.txt /tmp/keras24.txt > older/config_forms_probe.txt

`merge` prints one line per case with a column per Keras: = same output as the reference,
!= different output, w other weights (a flag turned a weight off), R refused by from_config,
Rc refused when built or called, n/a no such layer in that Keras.
"""
import copy
import json
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

which = sys.argv[1] if len(sys.argv) > 1 else "tf.keras"
if which == "merge":
    K = None
elif which == "keras3":
    import keras as K
elif which == "tf_keras":
    import tf_keras as K
else:
    K = tf.keras
L = K.layers if K else None
rng = np.random.default_rng(0)

# (class, constructor arguments of the reference layer, input shape, option, values to try)
CASES = [
 ('BatchNormalization', {}, (4, 4, 3), 'scale', [True, False, 1, 0, 1.0, 0.0, 2, None, "false", "true", [], [1]]),
 ('BatchNormalization', {}, (4, 4, 3), 'center', [0, 1.0, None, "no"]),
 ('BatchNormalization', {}, (4, 4, 3), 'axis', [-1, 3, 3.0, [3], [3.0], "3", None, [-1]]),
 ('BatchNormalization', {}, (4, 4, 3), 'epsilon', [1, 0.01, "0.01", None, True]),
 ('Dense', {'units': 4}, (5,), 'units', [4, 4.0, 4.5, "4", True, None, [4]]),
 ('Dense', {'units': 4}, (5,), 'use_bias', [1, 0, 0.0, None, "false"]),
 ('Dense', {'units': 4}, (5,), 'activation', ["relu", "RELU", None, "linear", 1]),
 ('Conv2D', {'filters': 2, 'kernel_size': 3}, (6, 6, 3), 'filters', [2.0, 2.5, "2", None, True]),
 ('Conv2D', {'filters': 2, 'kernel_size': 3}, (6, 6, 3), 'kernel_size', [3, 3.0, [3, 3], [3.0, 3.0], [3.5, 3], ["3", 3], [3], None, True]),
 ('Conv2D', {'filters': 2, 'kernel_size': 3}, (6, 6, 3), 'strides', [2, [2, 2], 2.0, [2.0, 2.0], None, [2]]),
 ('Conv2D', {'filters': 2, 'kernel_size': 3}, (6, 6, 3), 'dilation_rate', [1, 1.0, [1.0, 1.0], None]),
 ('Conv2D', {'filters': 2, 'kernel_size': 3}, (6, 6, 3), 'padding', ["same", "SAME", "Same", None, "causal", "full"]),
 ('Conv2D', {'filters': 2, 'kernel_size': 3}, (6, 6, 3), 'data_format', ["channels_last", "CHANNELS_LAST", None]),
 ('Conv2D', {'filters': 2, 'kernel_size': 3}, (6, 6, 3), 'groups', [1, 1.0, None, 3]),
 ('Conv2D', {'filters': 2, 'kernel_size': 3}, (6, 6, 3), 'use_bias', [0, 1]),
 ('Conv1D', {'filters': 2, 'kernel_size': 3}, (8, 3), 'padding', ["causal", "CAUSAL"]),
 ('DepthwiseConv2D', {'kernel_size': 3}, (6, 6, 3), 'depth_multiplier', [2, 2.0, 2.5, None]),
 ('MaxPooling2D', {}, (6, 6, 3), 'pool_size', [2, 2.0, [2, 2], [2.0, 2.0], None]),
 ('MaxPooling2D', {}, (6, 6, 3), 'strides', [None, 1, 1.0, [1, 1]]),
 ('MaxPooling2D', {}, (6, 6, 3), 'padding', ["SAME", None]),
 ('GlobalAveragePooling2D', {}, (4, 4, 3), 'keepdims', [1, 0, None, "yes"]),
 ('ReLU', {}, (6,), 'max_value', [6, 6.0, None, "6", True]),
 ('ReLU', {}, (6,), 'negative_slope', [0, 0.1, None]),
 ('LeakyReLU', {}, (6,), 'alpha', [1, 0.2, None]),
 ('Softmax', {}, (3, 4), 'axis', [-1, 1, 1.0, [1], None, [-1.0]]),
 ('Concatenate', {}, None, 'axis', [-1, -1.0, 1, None, [-1]]),
 ('Reshape', {'target_shape': (2, 3)}, (6,), 'target_shape', [[2, 3], [2.0, 3.0], [-1, 3], None]),
 ('Permute', {'dims': (2, 1)}, (2, 3), 'dims', [[2, 1], [2.0, 1.0]]),
 ('ZeroPadding2D', {}, (3, 3, 2), 'padding', [1, 1.0, [1, 2], [[1, 0], [0, 1]], [[1.0, 0], [0, 1]], None]),
 ('Cropping2D', {}, (5, 5, 2), 'cropping', [1, [1, 2], [[1, 0], [0, 1]], [1.0, 1.0], None]),
 ('UpSampling2D', {}, (2, 2, 2), 'size', [2, 2.0, [2, 3], [2.0, 2.0], None]),
 ('Flatten', {}, (2, 3), 'data_format', [None, "channels_last"]),
 ('LayerNormalization', {}, (3, 4), 'scale', [0, 1, None]),
 ('LayerNormalization', {}, (3, 4), 'axis', [-1, [-1], 2.0, [2.0]]),
 ('Dropout', {'rate': 0.5}, (4,), 'rate', [0.5, 0, 1, None]),
 ('Rescaling', {'scale': 0.5}, (4,), 'scale', [0.5, 1, [0.5], None]),
]


def short(error):
    text = f"{type(error).__name__}: {error}".replace("\n", " ")
    return text.split("Exception encountered:")[-1].strip()[:140]


def call(layer, x):
    inputs = [tf.constant(x), tf.constant(x)] if isinstance(layer, L.Concatenate) else tf.constant(x)
    return np.asarray(layer(inputs))


def probe(cls, base, shape, key, values):
    C = getattr(L, cls, None)
    if C is None:
        return [(cls, key, "-", "no such layer")]
    x = rng.normal(size=(2,) + (shape or (3, 4))).astype(np.float32)
    try:
        reference = C(**base, name="l")
        config = reference.get_config()
        y0, w0 = call(reference, x), reference.get_weights()
    except Exception as e:  # noqa: BLE001
        return [(cls, key, "-", "reference layer failed: " + short(e))]
    rows = []
    for value in values:
        c = copy.deepcopy(config)
        c[key] = value
        try:
            layer = C.from_config(c)
        except Exception as e:  # noqa: BLE001
            rows.append((cls, key, value, "refused by from_config: " + short(e)))
            continue
        try:
            y, w = call(layer, x), layer.get_weights()
            if len(w) == len(w0) and all(a.shape == b.shape for a, b in zip(w, w0)):
                layer.set_weights(w0)
                y = call(layer, x)
                same = y.shape == y0.shape and np.allclose(y, y0, atol=1e-6)
                outcome = "accepted, same output as the reference" if same else "accepted, different output"
            else:
                outcome = f"accepted, weights {[list(v.shape) for v in w]} (reference {[list(v.shape) for v in w0]})"
            saved = layer.get_config().get(key, "?")
            rows.append((cls, key, value, f"{outcome}; saved as {saved!r}"))
        except Exception as e:  # noqa: BLE001
            rows.append((cls, key, value, "refused when built/called: " + short(e)))
    return rows


def merge(paths):
    """One line per case, one column per probe output."""
    codes = {"accepted, same": "=", "accepted, diff": "!=", "accepted, weig": "w", "refused by": "R", "refused when": "Rc", "no such layer": "n/a"}
    columns, table, order = [], {}, []
    for path in paths:
        with open(path) as f:
            lines = [line.rstrip("\n") for line in f if line.strip() and not line.startswith(("I0000", "WARNING", "W0000"))]
        header = next(line for line in lines if line.startswith("# "))
        columns.append(header[2:].split(" (")[0])
        for line in lines:
            if line.startswith("#"):
                continue
            case, _, outcome = line.partition("\t")
            case = case.rstrip()
            code = next((c for prefix, c in codes.items() if outcome.startswith(prefix)), "?")
            if case not in table:
                table[case] = {}
                order.append(case)
            table[case][columns[-1]] = code
    print(f"{'layer / option / value':58s} " + " ".join(f"{c:16s}" for c in columns))
    for case in order:
        print(f"{case:58s} " + " ".join(f"{table[case].get(c, '-'):16s}" for c in columns))


def main():
    if which == "merge":
        merge(sys.argv[2:])
        return
    version = getattr(K, "__version__", None)
    if version is None:  # tf.keras: TensorFlow 2.3 knows its version, 2.15 leaves it to the keras package
        version = getattr(tf.keras, "__version__", None) or __import__("keras").__version__
    print(f"# {which} {version} (tensorflow {tf.__version__})")
    for case in CASES:
        for cls, key, value, outcome in probe(*case):
            print(f"{cls:22s} {key:16s} {json.dumps(value, default=repr):18s}\t{outcome}")


if __name__ == "__main__":
    main()
