#!/usr/bin/env python3
"""Kinglet against TensorFlow Lite Micro on the committed fixtures, in one command.

For every fixture in Tests/Fixtures/tflite/manifest.json (models converted by TensorFlow,
outputs and arena measured with TensorFlow Lite Micro by make_fixtures.py), compiles the
.tflite with kinglet, runs the recorded inputs with the C runtime and with the Swift
interpreter, and prints per model: whether every output byte equals TFLite Micro's, the
arena kinglet plans against TFLite Micro's arena (its "Arena allocation total"), and the
.kgl size against the .tflite size, with ratios.

    swift build -c release && python3 benchmarks/tflm_comparison.py [--all] [--kinglet PATH]

Standard library only. Without --all, only the whole models are listed.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "tflite")


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def kinglet_executable(given):
    """The kinglet executable: `given`, else this checkout's release or debug build."""
    if given is not None:
        return given
    for build in ("release", "debug"):
        candidate = os.path.join(ROOT, ".build", build, "kinglet")
        if os.path.exists(candidate):
            return candidate
    sys.exit("no kinglet executable: run `swift build -c release` first, or pass --kinglet")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="every fixture, not only whole models")
    parser.add_argument("--kinglet", default=None, help="the kinglet executable")
    options = parser.parse_args()
    kinglet = kinglet_executable(options.kinglet)

    manifest = json.load(open(os.path.join(FIXTURES, "manifest.json")))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fixture in manifest["fixtures"]:
            if not options.all and fixture["kind"] != "model":
                continue
            name = fixture["name"]
            kgl = os.path.join(tmp, name + ".kgl")
            run([kinglet, "compile", os.path.join(FIXTURES, name + ".tflite"), "-o", kgl])
            exact = {}
            for engine in ("c", "swift"):
                out = os.path.join(tmp, f"{name}.{engine}.npy")
                args = [kinglet, "run", kgl, "-o", out, "--engine", engine]
                for i in fixture["inputs"]:
                    args += ["--input", os.path.join(FIXTURES, i)]
                run(args)
                same = True
                for k, expected in enumerate(fixture["outputs"]):
                    got = out if k == 0 else out[:-4] + f".{k}.npy"
                    # kinglet writes np.save's exact bytes, so whole files compare.
                    same &= open(got, "rb").read() == open(os.path.join(FIXTURES, expected), "rb").read()
                exact[engine] = same
            report = json.loads(run([kinglet, "inspect", kgl, "--json"]))
            tflm_arena = min(fixture["tflm_arena_bytes"], fixture["tflm_arena_used_bytes"])
            rows.append((name, exact["c"], exact["swift"], report["arena_bytes"], tflm_arena,
                         report["file_bytes"], fixture["tflite_bytes"]))

    print(f"{'model':28} {'c exact':>7} {'swift':>6} {'arena':>8} {'TFLM':>8} {'ratio':>6} "
          f"{'.kgl':>8} {'.tflite':>8} {'ratio':>6}")
    for name, c, s, arena, tflm, kgl, tflite in rows:
        print(f"{name:28} {'yes' if c else 'NO':>7} {'yes' if s else 'NO':>6} {arena:8} {tflm:8} "
              f"{arena / tflm:6.2f} {kgl:8} {tflite:8} {kgl / tflite:6.2f}")
    if not all(c and s for _, c, s, *_ in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
