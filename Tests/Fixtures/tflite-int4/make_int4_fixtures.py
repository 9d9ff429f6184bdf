"""INT4-weight TFLite fixtures: int8 activations, INT4 (TensorType 17) filters.

TF 2.21 writes INT4 weights only for "low-bit QAT" graphs: the weights pass through a 4-bit
fake-quant and the converter runs with `_experimental_low_bit_qat = True` (post-training
quantization always gives INT8). FULLY_CONNECTED filters come out per tensor (per-channel
fake-quant on a MatMul does not convert, and TFLite Micro refuses per-channel INT4 FC),
CONV_2D and DEPTHWISE_CONV_2D per channel. Packing: two values per byte, element 2i in the
low nibble, two's complement; an odd count leaves the last high nibble 0.

For each model NAME: NAME.tflite, NAME.input0.npy (4 int8 samples: 3 random, 1 extreme) and
NAME.output0.npy (TFLite Micro's outputs, one invoke per sample).

    TF_ENABLE_ONEDNN_OPTS=0 ~/fixenv/bin/python Tests/Fixtures/tflite-int4/make_int4_fixtures.py
"""
import os
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import tensorflow as tf
from tensorflow.lite.python import schema_py_generated as schema
from tflite_micro.python.tflite_micro import runtime

OUT = os.path.dirname(os.path.abspath(__file__))
tf.keras.utils.set_random_seed(7)


def weight_fq_per_tensor(w):
    m = tf.maximum(tf.reduce_max(tf.abs(w)), 1e-6)
    return tf.quantization.fake_quant_with_min_max_vars(w, min=-m, max=m, num_bits=4, narrow_range=True)


def weight_fq_per_channel(w):
    """Symmetric per channel on the last axis (Conv2D kernels are [kh, kw, in, out])."""
    m = tf.maximum(tf.reduce_max(tf.abs(w), axis=tuple(range(len(w.shape) - 1))), 1e-6)
    return tf.quantization.fake_quant_with_min_max_vars_per_channel(w, min=-m, max=m, num_bits=4, narrow_range=True)


def act_fq(x, low, high):
    return tf.quantization.fake_quant_with_min_max_vars(x, min=low, max=high, num_bits=8)


class ActFQ(tf.keras.layers.Layer):
    def __init__(self, low, high, **kw):
        super().__init__(**kw)
        self.low, self.high = low, high

    def call(self, x):
        return act_fq(x, self.low, self.high)


class Int4Dense(tf.keras.layers.Layer):
    def __init__(self, units, out_range, relu=False, **kw):
        super().__init__(**kw)
        self.units, self.out_range, self.relu = units, out_range, relu

    def build(self, shape):
        self.kernel = self.add_weight(name="kernel", shape=(shape[-1], self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="random_normal")

    def call(self, x):
        y = tf.matmul(x, weight_fq_per_tensor(self.kernel)) + self.bias
        return act_fq(tf.nn.relu(y) if self.relu else y, *self.out_range)


class Int4Conv(tf.keras.layers.Layer):
    def __init__(self, filters, depthwise=False, **kw):
        super().__init__(**kw)
        self.filters, self.depthwise = filters, depthwise

    def build(self, shape):
        channels = shape[-1]
        self.kernel = self.add_weight(name="kernel", shape=(3, 3, channels, 1 if self.depthwise else self.filters),
                                      initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(channels if self.depthwise else self.filters,),
                                    initializer="random_normal")

    def call(self, x):
        if self.depthwise:
            k = tf.transpose(weight_fq_per_channel(tf.transpose(self.kernel, (0, 1, 3, 2))), (0, 1, 3, 2))
            y = tf.nn.depthwise_conv2d(x, k, [1, 1, 1, 1], "SAME")
        else:
            y = tf.nn.conv2d(x, weight_fq_per_channel(self.kernel), 1, "SAME")
        return act_fq(tf.nn.relu(y + self.bias), 0.0, 6.0)


def dense_int4():
    i = tf.keras.Input((8,), batch_size=1)
    x = ActFQ(-4.0, 4.0)(i)
    x = Int4Dense(16, (0.0, 6.0), relu=True)(x)
    return tf.keras.Model(i, Int4Dense(10, (-8.0, 8.0))(x))


def conv_int4():
    i = tf.keras.Input((8, 8, 3), batch_size=1)
    x = ActFQ(-4.0, 4.0)(i)
    x = Int4Conv(4)(x)
    x = Int4Conv(4, depthwise=True)(x)
    x = tf.keras.layers.Flatten()(x)
    return tf.keras.Model(i, Int4Dense(10, (-8.0, 8.0))(x))


def fc_int4_odd():
    """FULLY_CONNECTED 5 → 3: 15 weights (an odd count), levels −8 … 7 (the full int4 range)."""
    levels = np.array([[-8, -7, -6], [-1, 0, 1], [2, 3, 4], [5, 6, 7], [-3, -2, -5]], np.float32)

    @tf.function(input_signature=[tf.TensorSpec((1, 5), tf.float32)])
    def f(x):
        x = act_fq(x, -4.0, 4.0)
        w = tf.quantization.fake_quant_with_min_max_vars(tf.constant(levels * 0.5), -4.0, 3.5, num_bits=4)
        return act_fq(tf.matmul(x, w), -64.0, 64.0)
    return f


def convert(converter):
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter._experimental_low_bit_qat = True
    converter.inference_input_type = converter.inference_output_type = tf.int8
    return converter.convert()


def int4_tensors(flatbuffer):
    model = schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(flatbuffer, 0))
    return [t for t in model.subgraphs[0].tensors if t.type == schema.TensorType.INT4]


def main():
    rng = np.random.default_rng(3)
    models = {
        "dense_int4": convert(tf.lite.TFLiteConverter.from_keras_model(dense_int4())),
        "conv_int4": convert(tf.lite.TFLiteConverter.from_keras_model(conv_int4())),
        "fc_int4_odd": convert(tf.lite.TFLiteConverter.from_concrete_functions([fc_int4_odd().get_concrete_function()])),
    }
    for name, flatbuffer in models.items():
        found = int4_tensors(flatbuffer)
        assert found, f"{name}: the converter wrote no INT4 tensor"
        path = os.path.join(OUT, name + ".tflite")
        with open(path, "wb") as f:
            f.write(flatbuffer)
        interpreter = runtime.Interpreter.from_file(path)
        shape = tuple(interpreter.get_input_details(0)["shape"])
        samples = rng.integers(-128, 128, size=(4,) + shape, dtype=np.int8)
        samples[3] = np.where(rng.random(shape) < 0.5, -128, 127)
        outputs = []
        for x in samples:
            interpreter.set_input(x, 0)
            interpreter.invoke()
            outputs.append(interpreter.get_output(0).copy())
        np.save(os.path.join(OUT, name + ".input0.npy"), samples.reshape((4,) + shape[1:]))
        np.save(os.path.join(OUT, name + ".output0.npy"), np.stack(outputs).reshape((4,) + outputs[0].shape[1:]))
        print(f"{name}: {len(flatbuffer)} bytes, INT4 tensors {[list(t.shape) for t in found]}")
    print(f"tensorflow {tf.__version__}, numpy {np.__version__}")


if __name__ == "__main__":
    main()
