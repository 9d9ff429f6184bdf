"""Makes the .tflite files that kinglet must refuse with a clear message:

- float_mlp.tflite: a float32 model (converted without quantization): "not an int8 model".
- int8_maximum.tflite: a full-int8 model whose MAXIMUM operator kinglet does not support
  (until format 1.2 this was int8_sub.tflite, a SUB model; SUB now has a kernel).

Run with the fixture virtualenv (see ../tflite/README.md):
    ~/fixenv/bin/python Tests/Fixtures/tflite-invalid/make_invalid.py
Made with tensorflow 2.21.0, keras 3.15.1.
"""
import os

import numpy as np
import tensorflow as tf
import keras

HERE = os.path.dirname(os.path.abspath(__file__))
keras.utils.set_random_seed(1)


def save(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


inputs = keras.Input(shape=(8,), batch_size=1)
x = keras.layers.Dense(4, activation="relu")(inputs)
outputs = keras.layers.Dense(3)(x)
float_model = keras.Model(inputs, outputs)
save("float_mlp.tflite", tf.lite.TFLiteConverter.from_keras_model(float_model).convert())

a = keras.Input(shape=(4, 4, 2), batch_size=1, name="in0")
b = keras.Input(shape=(4, 4, 2), batch_size=1, name="in1")
maximum_model = keras.Model([a, b], keras.layers.Maximum()([a, b]))


def representative():
    rng = np.random.default_rng(0)
    for _ in range(20):
        yield [rng.normal(size=(1, 4, 4, 2)).astype(np.float32),
               rng.normal(size=(1, 4, 4, 2)).astype(np.float32)]


converter = tf.lite.TFLiteConverter.from_keras_model(maximum_model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
converter.inference_input_type = tf.int8
converter.inference_output_type = tf.int8
save("int8_maximum.tflite", converter.convert())
print("made", sorted(f for f in os.listdir(HERE) if f.endswith(".tflite")))
