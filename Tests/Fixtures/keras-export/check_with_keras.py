#!/usr/bin/env python3
"""Checks files written by Kinglet's HDF5Writer and ZipWriter with the real tools.

Usage: check_with_keras.py DIR

DIR is what `KINGLET_EXPORT_DIR=DIR swift test --filter Writer` wrote:

- features.h5 + features.expected.json: h5py (HDF5 library) must read every group,
  dataset and attribute with exactly the type, shape and value Kinglet meant to write,
  and nothing more.
- repacked/NAME.keras: Tests/Fixtures/keras/NAME.keras with its model.weights.h5
  rebuilt by HDF5Writer and the archive re-zipped by ZipWriter. zipfile must read it,
  h5py must see the same tree as in the original weights file, and
  keras.saving.load_model must load it with the same weights and predict exactly
  (max abs difference 0) what the original predicts on the fixture's inputs.

Exits with status 1 if anything differs. Needs h5py, numpy, keras 3 and a backend.
"""
import json
import os
import sys
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "keras")
DTYPES = {"float32": "<f4", "float64": "<f8", "int32": "<i4", "int64": "<i8"}

failures = []


def fail(message):
    failures.append(message)
    print("FAIL", message)


def expected_array(want):
    """The values Kinglet wrote: floats from their bit patterns, integers as given."""
    dtype = np.dtype(DTYPES[want["dtype"]])
    if "bits" in want:
        bits = np.array([int(b, 16) for b in want["bits"]], dtype=f"<u{dtype.itemsize}")
        return bits.view(dtype).reshape(want["shape"])
    return np.array(want["values"], dtype=dtype).reshape(want["shape"])


def same_bits(actual, want):
    expected = expected_array(want)
    actual = np.asarray(actual)
    return actual.dtype == expected.dtype and actual.shape == expected.shape and \
        actual.tobytes() == expected.tobytes()


def check_attribute(path, name, attr_id, value, want):
    where = f"{path}@{name}"
    kind, shape = want["kind"], tuple(want["shape"])
    if attr_id.shape != shape:
        fail(f"{where}: shape {attr_id.shape}, expected {shape}")
        return
    if kind in ("vlen", "fixed"):
        info = h5py.check_string_dtype(attr_id.dtype)
        if info is None:
            fail(f"{where}: dtype {attr_id.dtype} is not a string type")
            return
        if (info.length is None) != (kind == "vlen"):
            fail(f"{where}: string length {info.length}, expected {kind}")
        items = [value] if shape == () else list(np.asarray(value).reshape(-1))
        text = [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in items]
        expected = [want["value"]] if shape == () else want["value"]
        if text != expected:
            fail(f"{where}: {text!r}, expected {expected!r}")
    else:
        dtype = np.dtype(DTYPES[want["dtype"]])
        if attr_id.dtype != dtype:
            fail(f"{where}: dtype {attr_id.dtype}, expected {dtype}")
        elif not same_bits(value, want):
            fail(f"{where}: {value!r}, expected {want['values']!r}")


def check_features(directory):
    path = os.path.join(directory, "features.h5")
    with open(os.path.join(directory, "features.expected.json")) as handle:
        expected = json.load(handle)
    with h5py.File(path, "r") as f:
        print(f"features.h5: HDF5 {'.'.join(map(str, h5py.h5.get_libversion()))}, "
              f"superblock version {f.id.get_create_plist().get_version()[0]}, {os.path.getsize(path)} bytes")
        seen = {"/": "group"}
        f.visititems(lambda name, obj: seen.__setitem__(
            "/" + name, "dataset" if isinstance(obj, h5py.Dataset) else "group"))
        wanted = {**{p: "group" for p in expected["groups"]}, **{p: "dataset" for p in expected["datasets"]}}
        if seen != wanted:
            extra = sorted(set(seen) - set(wanted))[:5]
            missing = sorted(set(wanted) - set(seen))[:5]
            fail(f"objects differ: extra {extra}, missing {missing}")
        for group_path, names in expected["groups"].items():
            if sorted(f[group_path].keys()) != sorted(names):
                fail(f"{group_path}: children {sorted(f[group_path].keys())[:5]}..., expected {sorted(names)[:5]}...")
        for ds_path, want in expected["datasets"].items():
            ds = f[ds_path]
            dtype = np.dtype(DTYPES[want["dtype"]])
            if ds.dtype != dtype or ds.shape != tuple(want["shape"]):
                fail(f"{ds_path}: {ds.dtype} {ds.shape}, expected {dtype} {tuple(want['shape'])}")
                continue
            if ds.chunks is not None or ds.compression is not None:
                fail(f"{ds_path}: expected contiguous, uncompressed storage")
            if not same_bits(ds[()], want):
                fail(f"{ds_path}: values differ: {np.asarray(ds[()]).reshape(-1)[:6]} vs {want['values'][:6]}")
        attribute_count = 0
        for object_path, attributes in expected["attributes"].items():
            obj = f[object_path]
            if sorted(obj.attrs.keys()) != sorted(attributes):
                fail(f"{object_path}: attributes {sorted(obj.attrs.keys())}, expected {sorted(attributes)}")
                continue
            for name, want in attributes.items():
                check_attribute(object_path, name, obj.attrs.get_id(name), obj.attrs[name], want)
                attribute_count += 1
        print(f"features.h5: {len(expected['groups'])} groups, {len(expected['datasets'])} datasets, "
              f"{attribute_count} attributes checked")


def check_library_can_modify(directory):
    """The HDF5 library must also be able to grow, shrink and rewrite the file: add links
    to full symbol table nodes and B-trees, delete some, rewrite string attributes."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "modified.h5")
        shutil.copy(os.path.join(directory, "features.h5"), path)
        with h5py.File(path, "r+") as f:
            before = {name: len(f[name]) for name in ("wide", "layers")}
            for index in range(300):
                f["wide"].create_dataset(f"added{index}", data=np.arange(3, dtype="<f4"))
                f["layers"].create_group(f"zz_added_{index}")
            del f["wide/d500"]
            del f["layers/layer_050"]
            f["layers/layer_000/vars"].attrs["name"] = "renamed"
            f.attrs["title"] = "changed"
        with h5py.File(path, "r") as f:
            ok = (len(f["wide"]) == before["wide"] + 299 and len(f["layers"]) == before["layers"] + 299
                  and "d500" not in f["wide"] and f["wide/added299"][()].tolist() == [0, 1, 2]
                  and f["wide/d999"].attrs["label"] == "item 999"
                  and f["layers/layer_000/vars"].attrs["name"] == "renamed" and f.attrs["title"] == "changed"
                  and f["layers/layer_199/vars/1"][()].tolist() == [199, -0.5, 0.125])
        if ok:
            print("features.h5: the HDF5 library added 600 links, deleted 2 and rewrote 2 attributes in it")
        else:
            fail("features.h5: modifying the file with h5py gave unexpected contents")


def tree(h5):
    """Every object of an h5py file: path -> (kind, dtype, shape, data bytes, attributes)."""
    result = {}

    def attrs(obj):
        out = {}
        for key in obj.attrs:
            value = obj.attrs[key]
            out[key] = (str(obj.attrs.get_id(key).dtype), repr(value))
        return out

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            result[name] = ("dataset", str(obj.dtype), obj.shape, np.asarray(obj[()]).tobytes(), attrs(obj))
        else:
            result[name] = ("group", None, None, None, attrs(obj))

    visit("/", h5)
    h5.visititems(visit)
    return result


def load_inputs(name):
    with open(os.path.join(FIXTURES, "manifest.json")) as handle:
        manifest = json.load(handle)
    fixture = next(f for f in manifest["fixtures"] if f["name"] == name)
    return [np.load(os.path.join(FIXTURES, i["file"])) for i in fixture["inputs"]]


def outputs(model, inputs):
    result = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    return [np.asarray(r) for r in (result if isinstance(result, (list, tuple)) else [result])]


def check_repacked(directory):
    import keras

    folder = os.path.join(directory, "repacked")
    names = sorted(n[:-len(".keras")] for n in os.listdir(folder) if n.endswith(".keras"))
    worst = 0.0
    for name in names:
        repacked_path = os.path.join(folder, name + ".keras")
        original_path = os.path.join(FIXTURES, name + ".keras")
        with zipfile.ZipFile(repacked_path) as repacked, zipfile.ZipFile(original_path) as original:
            if repacked.testzip() is not None:
                fail(f"{name}: zipfile reports a bad CRC")
            if [i.filename for i in repacked.infolist()] != ["metadata.json", "config.json", "model.weights.h5"]:
                fail(f"{name}: members {repacked.namelist()}")
            for member in ("metadata.json", "config.json"):
                if repacked.read(member) != original.read(member):
                    fail(f"{name}: {member} differs")
            with repacked.open("model.weights.h5") as a, original.open("model.weights.h5") as b:
                import io
                with h5py.File(io.BytesIO(a.read()), "r") as fa, h5py.File(io.BytesIO(b.read()), "r") as fb:
                    ta, tb = tree(fa), tree(fb)
                    if ta != tb:
                        diff = sorted(k for k in set(ta) | set(tb) if ta.get(k) != tb.get(k))[:5]
                        fail(f"{name}: weights tree differs at {diff}")
        model_a = keras.saving.load_model(repacked_path)
        model_b = keras.saving.load_model(original_path)
        for va, vb in zip(model_a.weights, model_b.weights):
            if np.asarray(va).tobytes() != np.asarray(vb).tobytes():
                fail(f"{name}: weight {vb.path} differs")
        if len(model_a.weights) != len(model_b.weights):
            fail(f"{name}: {len(model_a.weights)} weights, original {len(model_b.weights)}")
        if getattr(model_b, "optimizer", None) is not None and model_b.optimizer.variables:
            ova, ovb = model_a.optimizer.variables, model_b.optimizer.variables
            if len(ova) != len(ovb) or any(np.asarray(x).tobytes() != np.asarray(y).tobytes()
                                           for x, y in zip(ova, ovb)):
                fail(f"{name}: optimizer variables differ")
        inputs = load_inputs(name)
        diff = max(float(np.max(np.abs(a - b))) if a.size else 0.0
                   for a, b in zip(outputs(model_a, inputs), outputs(model_b, inputs)))
        worst = max(worst, diff)
        status = "ok" if diff == 0 else "FAIL"
        print(f"{status} {name}: {len(model_a.weights)} weights, {len(model_a.layers)} layers, "
              f"max abs prediction diff {diff}")
        if diff != 0:
            fail(f"{name}: predictions differ by {diff}")
    print(f"repacked: {len(names)} .keras archives loaded by keras {keras.__version__}; "
          f"max abs prediction diff {worst}")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    directory = sys.argv[1]
    check_features(directory)
    check_library_can_modify(directory)
    check_repacked(directory)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
