#!/usr/bin/env python3
"""TFLite Micro's outputs for one-operator int8 models, as Swift literals for the kernel tests.

Builds each model directly with the TFLite flatbuffer schema (so the scales and zero points are
exactly the ones written below), runs it with tflite_micro.runtime.Interpreter, and prints
`ActivationGoldens.swift` (Tests/KingletInterpreterTests/ActivationGoldens.swift) to stdout:
one entry per case with its parameters, its input and TFLite Micro's output bytes as hex.

Elementwise cases feed all 256 int8 values (-128...127, in order) as a [1, 256] tensor;
QUANTIZE from float32 feeds the floats listed here; SOFTMAX feeds seeded random rows.

Run (the venv of Tests/Fixtures/tflite/make_fixtures.py):
  ~/fixenv/bin/python Tests/Fixtures/activations/make_activation_goldens.py \
      > Tests/KingletInterpreterTests/ActivationGoldens.swift
"""
import importlib.metadata
import importlib.util
import random
import sys

import flatbuffers
import numpy as np
from tflite_micro.python.tflite_micro import runtime

_spec = importlib.util.spec_from_file_location(
    "schema", runtime.__file__.rsplit("/python/", 1)[0]
    + "/tensorflow/lite/micro/python/schema_py_generated.py")
S = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(S)

ALL_INT8 = list(range(-128, 128))


def tensor(kind, shape, buffer, quant):
    t = S.TensorT()
    t.shape = list(shape)
    t.type = S.TensorType.INT8 if kind == "int8" else S.TensorType.FLOAT32
    t.buffer = buffer
    t.name = b"t%d" % buffer
    if quant is not None:
        q = S.QuantizationParametersT()
        q.scale = [float(np.float32(quant[0]))]
        q.zeroPoint = [int(quant[1])]
        t.quantization = q
    return t


def model_bytes(op, in_kind, out_kind, shape, in_q, out_q, beta=None, alpha=None):
    code = getattr(S.BuiltinOperator, op)
    m = S.ModelT()
    m.version = 3
    m.buffers = [S.BufferT(), S.BufferT(), S.BufferT()]
    oc = S.OperatorCodeT()
    oc.builtinCode = code
    oc.deprecatedBuiltinCode = min(code, 127)
    oc.version = 1
    m.operatorCodes = [oc]
    sg = S.SubGraphT()
    sg.tensors = [tensor(in_kind, shape, 1, in_q), tensor(out_kind, shape, 2, out_q)]
    sg.inputs, sg.outputs = [0], [1]
    o = S.OperatorT()
    o.opcodeIndex, o.inputs, o.outputs = 0, [0], [1]
    if beta is not None:
        opts = S.SoftmaxOptionsT()
        opts.beta = float(np.float32(beta))
        o.builtinOptionsType, o.builtinOptions = S.BuiltinOptions.SoftmaxOptions, opts
    if alpha is not None:
        opts = S.LeakyReluOptionsT()
        opts.alpha = float(np.float32(alpha))
        o.builtinOptionsType, o.builtinOptions = S.BuiltinOptions.LeakyReluOptions, opts
    sg.operators = [o]
    m.subgraphs = [sg]
    b = flatbuffers.Builder(1024)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def tflm(model, x):
    it = runtime.Interpreter.from_bytes(model, arena_size=1 << 20)
    it.set_input(x, 0)
    it.invoke()
    return np.array(it.get_output(0)).reshape(-1)


def hexbytes(a):
    return a.astype(np.int8).view(np.uint8).tobytes().hex() if a.dtype != np.float32 \
        else a.astype("<f4").tobytes().hex()


# (name, op, in_kind, out_kind, in (scale, zp), out (scale, zp), beta/alpha, input values, shape)
CASES = []
for op, out_q, ins in [("LOGISTIC", ("0.00390625", -128), [("0.05", 3), ("0.0123", -100), ("0.2", 120)]),
                       ("TANH", ("0.0078125", 0), [("0.03", -10), ("0.0061", 77), ("0.25", -128)])]:
    for i, q in enumerate(ins):
        CASES.append((f"{op.lower()}{i}", op, "int8", "int8", q, out_q, None, ALL_INT8, [1, 256]))
for op in ["RELU", "RELU6"]:
    for i, (a, b) in enumerate([(("0.02", -5), ("0.015", -128)), (("0.05", 30), ("0.05", 30)),
                                (("0.011", 100), ("0.043", -20))]):
        CASES.append((f"{op.lower()}{i}", op, "int8", "int8", a, b, None, ALL_INT8, [1, 256]))
for i, (a, b, alpha) in enumerate([(("0.02", 10), ("0.03", -3), "0.1"), (("0.05", -20), ("0.04", 5), "0.3"),
                                   (("0.01", 0), ("0.02", 0), "-0.5"), (("0.03", 50), ("0.01", -60), "1.5")]):
    CASES.append((f"leakyRelu{i}", "LEAKY_RELU", "int8", "int8", a, b, alpha, ALL_INT8, [1, 256]))
for i, (a, b) in enumerate([(("0.04", 10), ("0.03", -20)), (("0.1", -3), ("0.4", -100)),
                            (("0.005", 0), ("0.004", -128)), (("0.02", 60), ("0.0002", 5))]):
    CASES.append((f"hardSwish{i}", "HARD_SWISH", "int8", "int8", a, b, None, ALL_INT8, [1, 256]))
for i, (a, b) in enumerate([(("0.02", 5), ("0.035", -7)), (("0.1", -100), ("0.01", 20)),
                            (("0.0039", 0), ("0.0039", 1))]):
    CASES.append((f"requantize{i}", "QUANTIZE", "int8", "int8", a, b, None, ALL_INT8, [1, 256]))
rng = random.Random(11)
for i, q in enumerate([("0.0235", -3), ("0.5", 0), ("0.00781", 100)]):
    s = float(np.float32(q[0]))
    xs = [float(np.float32(rng.uniform(-300, 300) * s)) for _ in range(200)]
    xs += [float(np.float32((k + 0.5) * s)) for k in range(-28, 28)]  # ties and near-ties
    CASES.append((f"quantizeFloat{i}", "QUANTIZE", "float32", "int8", None, q, None, xs, [1, 256]))
for i, q in enumerate([("0.0173", 9), ("1.5", -128), ("0.000123", 127)]):
    CASES.append((f"dequantize{i}", "DEQUANTIZE", "int8", "float32", q, None, None, ALL_INT8, [1, 256]))
for i, (q, beta, rows, depth, spread) in enumerate([(("0.1", 0), "1", 8, 10, 255), (("0.0625", -20), "0.5", 4, 33, 60),
                                                    (("0.7", 10), "2", 16, 4, 255), (("0.001", -128), "1", 2, 100, 255),
                                                    (("30", 5), "1", 5, 7, 3)]):
    xs = []
    for _ in range(rows):
        c = rng.randint(-128, 127)
        xs += [max(-128, min(127, c - rng.randint(0, spread))) for _ in range(depth)]
    CASES.append((f"softmax{i}", "SOFTMAX", "int8", "int8", q, ("0.00390625", -128), beta, xs, [rows, depth]))


def main():
    out = sys.stdout
    out.write("// GENERATED by Tests/Fixtures/activations/make_activation_goldens.py with TFLite Micro\n")
    out.write("// (Python package tflite_micro %s): its outputs for one-operator models. Do not edit.\n\n"
              % importlib.metadata.version("tflite_micro"))
    out.write("/// One TFLite Micro run of a one-operator model: parameters, input and output bytes (hex).\n")
    out.write("struct ActivationGolden: Sendable, CustomStringConvertible {\n")
    out.write("    let name: String\n    let op: String\n")
    out.write("    let inputScale: Float?\n    let inputZeroPoint: Int\n")
    out.write("    let outputScale: Float?\n    let outputZeroPoint: Int\n")
    out.write("    /// beta (SOFTMAX) or alpha (LEAKY_RELU).\n    let parameter: Float?\n")
    out.write("    let shape: [Int]\n    let inputHex: String\n    let outputHex: String\n")
    out.write("    var description: String { name }\n}\n\n")
    out.write("enum ActivationGoldens {\n    static let all: [ActivationGolden] = [\n")
    for name, op, ik, ok, iq, oq, p, xs, shape in CASES:
        dt = np.int8 if ik == "int8" else np.float32
        x = np.array(xs, dtype=dt).reshape(shape)
        model = model_bytes(op, ik, ok, shape, iq, oq,
                            beta=p if op == "SOFTMAX" else None, alpha=p if op == "LEAKY_RELU" else None)
        y = tflm(model, x)
        # Floats as bit patterns: a Swift decimal literal may round twice (via Float80).
        f = lambda v: "nil" if v is None else "Float(bitPattern: 0x%08X) /* %s */" % (
            np.array([np.float32(v)], dtype="<f4").view("<u4")[0], v)
        out.write(f'        ActivationGolden(name: "{name}", op: "{op}", '
                  f'inputScale: {f(iq and iq[0])}, inputZeroPoint: {iq[1] if iq else 0}, '
                  f'outputScale: {f(oq and oq[0])}, outputZeroPoint: {oq[1] if oq else 0}, '
                  f'parameter: {f(p)}, shape: {shape},\n')
        out.write(f'                         inputHex: "{hexbytes(x.reshape(-1))}",\n')
        out.write(f'                         outputHex: "{hexbytes(y)}"),\n')
    out.write("    ]\n}\n")


if __name__ == "__main__":
    main()
