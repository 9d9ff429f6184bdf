"""Time per training epoch: kinglet's training engine against TensorFlow (Keras 3) on the
same model, data, batch size and optimizer, in the same run. Prints one line per model
with both times and the ratio.

    swift build -c release
    ~/fixenv/bin/python benchmarks/train/train_vs_tensorflow.py [--epochs 3] [--batch 32]

Models: the quantization fixtures (Tests/Fixtures/quantization/*.keras), trained on the
scikit-learn digits they were made for (make_fixtures.py's data sets, 1 257 training images).
TensorFlow trains the Keras model as saved (BatchNormalization in training mode, Dropout on);
kinglet fine-tunes the graph it compiles (BatchNormalization folded, Dropout removed), which
is what `kinglet compile --fine-tune` runs. kinglet's time is the fine-tuning run the compile
report records (`fine_tuning[].seconds`), so import, calibration and quantization are not in it.
Both use every core; TensorFlow's first epoch (graph tracing) is left out of its median.
TensorFlow runs in a child process; where its oneDNN kernels crash (seen on digits_resnet8
with tensorflow-cpu 2.21 here) it runs again with TF_ENABLE_ONEDNN_OPTS=0, and the line says so.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "quantization")
MODELS = {"digits_cnn": "digits8", "digits_dscnn": "digits16", "digits_mobilenet": "digits32x3",
          "digits_resnet8": "digits32x3"}


def digits(kind):
    from sklearn import datasets
    d = datasets.load_digits()
    x8 = d.images.astype(np.float32)[..., None]
    if kind == "digits16":
        x8 = np.kron(x8, np.ones((1, 2, 2, 1), np.float32))
    elif kind == "digits32x3":
        x8 = np.repeat(np.kron(x8, np.ones((1, 4, 4, 1), np.float32)), 3, axis=3)
    return x8[:1257], d.target[:1257].astype(np.int32)


def tensorflow_epoch(model_path, x, y, epochs, batch):
    import keras
    model = keras.saving.load_model(model_path)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    times = []

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.start)

    model.fit(x, y, epochs=epochs + 1, batch_size=batch, verbose=0, callbacks=[Timer()], shuffle=True)
    return float(np.median(times[1:]))


def tensorflow_in_child(name, epochs, batch):
    """TensorFlow's seconds per epoch from a child process, and a note when oneDNN was off."""
    command = [sys.executable, __file__, "--tensorflow-only", "--epochs", str(epochs), "--batch", str(batch), name]
    for env, note in ((os.environ, ""), (dict(os.environ, TF_ENABLE_ONEDNN_OPTS="0"), " (TF oneDNN off: it crashed)")):
        run = subprocess.run(command, env=env, capture_output=True, text=True)
        if run.returncode == 0:
            return float(run.stdout.strip().splitlines()[-1]), note
    raise RuntimeError(f"TensorFlow failed on {name}: {run.stderr[-2000:]}")


def kinglet_epoch(kinglet, model_path, x, y, epochs, batch, work):
    np.save(os.path.join(work, "x.npy"), x)
    np.save(os.path.join(work, "y.npy"), y)
    report = os.path.join(work, "report.json")
    subprocess.run([kinglet, "compile", model_path, "--calibration", os.path.join(work, "x.npy"),
                    "--calibrate", "minmax", "--fine-tune", os.path.join(work, "x.npy"),
                    "--labels", os.path.join(work, "y.npy"), "--epochs", str(epochs), "--batch-size", str(batch),
                    "--report", report, "-o", os.path.join(work, "out.kgl")], check=True, stdout=subprocess.DEVNULL)
    with open(report) as f:
        run = json.load(f)["fine_tuning"][-1]
    return run["seconds"] / len(run["epochs"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--kinglet", default=os.path.join(ROOT, ".build", "release", "kinglet"))
    parser.add_argument("--tensorflow-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("models", nargs="*", default=list(MODELS))
    args = parser.parse_args()
    if args.tensorflow_only:
        name = args.models[0]
        x, y = digits(MODELS[name])
        print(tensorflow_epoch(os.path.join(FIXTURES, name + ".keras"), x, y, args.epochs, args.batch))
        return 0
    print(f"{'model':18} {'TensorFlow s/epoch':>19} {'kinglet s/epoch':>16} {'kinglet / TF':>13}")
    with tempfile.TemporaryDirectory() as work:
        for name in args.models:
            path = os.path.join(FIXTURES, name + ".keras")
            x, y = digits(MODELS[name])
            tf_time, note = tensorflow_in_child(name, args.epochs, args.batch)
            k_time = kinglet_epoch(args.kinglet, path, x, y, args.epochs, args.batch, work)
            print(f"{name:18} {tf_time:19.3f} {k_time:16.3f} {k_time / tf_time:12.2f}×{note}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
