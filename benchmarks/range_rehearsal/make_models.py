#!/usr/bin/env python3
"""Trains the range-method rehearsal's models and writes their data (needs TensorFlow).

For each model: a Keras model trained on its procedural task (data.py), saved as
MODEL/model.keras, with a calibration pool (MODEL/pool.npy, 256 training-distribution
images the model never trained on), a test set (MODEL/test_x.npy, test_y.npy) and the
float model's test outputs (MODEL/test_float.npy).

    python3 make_models.py --out DIR [--only NAME ...]

Run it in a virtualenv with tensorflow-cpu (and keras 3); the evaluation (evaluate.py)
then needs the converter too, from the same virtualenv.
"""
import argparse
import json
import os
import time

import numpy as np

import data

TRAIN, VALIDATION, POOL, TEST = 3000, 400, 256, 400


def cnn(keras, size, channels, classes, width, first_stride=1, batch_norm=False):
    inputs = keras.Input((size, size, channels))
    x = inputs
    for i, filters in enumerate([width, 2 * width, 2 * width, 4 * width]):
        x = keras.layers.Conv2D(filters, 3, strides=first_stride if i == 0 else 1, padding="same",
                                use_bias=not batch_norm)(x)
        if batch_norm:
            x = keras.layers.BatchNormalization()(x)
        x = keras.layers.ReLU()(x)
        x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dense(32, activation="relu")(x)
    outputs = keras.layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def dscnn(keras, size, classes, filters=64, blocks=4):
    """The DS-CNN of keyword spotting (MLPerf Tiny's shape) on a spectrogram image."""
    inputs = keras.Input((size, size, 1))
    x = keras.layers.Conv2D(filters, (10, 4), strides=2, padding="same", use_bias=False)(inputs)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.ReLU()(x)
    for _ in range(blocks):
        x = keras.layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
        x = keras.layers.BatchNormalization()(x)
        x = keras.layers.ReLU()(x)
        x = keras.layers.Conv2D(filters, 1, use_bias=False)(x)
        x = keras.layers.BatchNormalization()(x)
        x = keras.layers.ReLU()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def resnet8(keras, size, classes):
    """MLPerf Tiny's ResNet-8 (image classification), 16/32/64 filters."""
    def stack(x, filters, stride):
        y = keras.layers.Conv2D(filters, 3, strides=stride, padding="same")(x)
        y = keras.layers.BatchNormalization()(y)
        y = keras.layers.ReLU()(y)
        y = keras.layers.Conv2D(filters, 3, padding="same")(y)
        y = keras.layers.BatchNormalization()(y)
        if stride != 1:
            x = keras.layers.Conv2D(filters, 1, strides=stride)(x)
        return keras.layers.ReLU()(keras.layers.Add()([x, y]))

    inputs = keras.Input((size, size, 3))
    x = keras.layers.Conv2D(16, 3, padding="same")(inputs)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.ReLU()(x)
    x = stack(x, 16, 1)
    x = stack(x, 32, 2)
    x = stack(x, 64, 2)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


# name: (task, image size, builder, epochs)
MODELS = {
    "cnn64_digits10": ("digits10", 64, lambda k: cnn(k, 64, 1, 10, 16), 12),
    "cnn64_colours5": ("colours5", 64, lambda k: cnn(k, 64, 3, 5, 8), 8),
    "cnn80_stripes4": ("stripes4", 80, lambda k: cnn(k, 80, 1, 4, 16, batch_norm=True), 10),
    "cnn128_degrade4": ("degrade4", 128, lambda k: cnn(k, 128, 3, 4, 16, first_stride=2, batch_norm=True), 10),
    "dscnn_64_spectro6": ("spectro6", 64, lambda k: dscnn(k, 64, 6), 10),
    "mnet96_colours5": ("colours5", 96, lambda k: k.applications.MobileNet((96, 96, 3), alpha=0.25, weights=None, classes=5), 12),
    "mnet96_scene2": ("scene2", 96, lambda k: k.applications.MobileNet((96, 96, 3), alpha=0.25, weights=None, classes=2), 16),
    "mnetv2_96_colours5": ("colours5", 96, lambda k: k.applications.MobileNetV2((96, 96, 3), alpha=0.35, weights=None, classes=5), 12),
    "resnet8_64_textures4": ("textures4", 64, lambda k: resnet8(k, 64, 4), 10),
    "resnet8_96_degrade4": ("degrade4", 96, lambda k: resnet8(k, 96, 4), 10),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    import keras
    import tensorflow as tf

    for index, (name, (task, size, build, epochs)) in enumerate(MODELS.items()):
        if args.only and name not in args.only:
            continue
        folder = os.path.join(args.out, name)
        if os.path.exists(os.path.join(folder, "test_float.npy")):
            print(f"{name}: done already")
            continue
        os.makedirs(folder, exist_ok=True)
        seed = 1000 * (index + 1)
        started = time.time()
        x, y = data.draw(task, seed, TRAIN + VALIDATION, size)
        pool, _ = data.draw(task, seed + 1, POOL, size)
        test_x, test_y = data.draw(task, seed + 2, TEST, size)
        keras.utils.set_random_seed(seed)
        model = build(keras)
        # keras.applications' MobileNetV2 averages BatchNormalization statistics with momentum
        # 0.999, too slow for a thousand steps from scratch (its test outputs stay near the
        # initial statistics); 0.9 lets them settle within the run.
        for layer in model.layers:
            if isinstance(layer, keras.layers.BatchNormalization):
                layer.momentum = 0.9
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(x[:TRAIN], y[:TRAIN], validation_data=(x[TRAIN:], y[TRAIN:]), epochs=epochs, batch_size=32, verbose=2)
        outputs = model.predict(test_x, verbose=0)
        accuracy = float(np.mean(np.argmax(outputs, axis=1) == test_y))
        model.save(os.path.join(folder, "model.keras"))
        np.save(os.path.join(folder, "pool.npy"), pool)
        np.save(os.path.join(folder, "test_x.npy"), test_x)
        np.save(os.path.join(folder, "test_y.npy"), test_y)
        np.save(os.path.join(folder, "test_float.npy"), outputs.astype(np.float32))
        info = {"task": task, "size": size, "epochs": epochs, "float_accuracy": accuracy,
                "parameters": int(model.count_params()), "tensorflow": tf.__version__, "keras": keras.__version__}
        with open(os.path.join(folder, "info.json"), "w") as f:
            json.dump(info, f, indent=1)
        print(f"{name}: float test accuracy {accuracy:.3f}, {time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
