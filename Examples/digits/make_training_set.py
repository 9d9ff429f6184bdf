"""Writes train_x.npy / train_y.npy: the 1 257 training images of scikit-learn's digits that
digits_cnn.keras was trained on (the 70 % side of the fixed split in
Tests/Fixtures/quantization/make_fixtures.py), as raw pixel counts 0..16 in uint8 and int32
labels — the data `kinglet compile --fine-tune` retrains the compressed model on.

    ~/fixenv/bin/python Examples/digits/make_training_set.py
"""
import os
import zlib

import numpy as np
from sklearn import datasets

SEED = 20251129  # make_fixtures.py's SEED
HERE = os.path.dirname(os.path.abspath(__file__))

digits = datasets.load_digits()
x = digits.images.astype(np.float32)[..., None]
y = digits.target.astype(np.int32)
permutation = np.random.default_rng((zlib.crc32(b"split:digits") ^ SEED) & 0x7FFFFFFF).permutation(len(y))
train, test = permutation[:int(len(y) * 0.7)], permutation[int(len(y) * 0.7):]
# The held-out images are the example's eval_x.npy: check that the split is the same one.
assert np.array_equal(np.load(os.path.join(HERE, "eval_x.npy")).astype(np.float32), x[test][:360])
np.save(os.path.join(HERE, "train_x.npy"), x[train].astype(np.uint8))
np.save(os.path.join(HERE, "train_y.npy"), y[train])
print(f"{len(train)} training images")
