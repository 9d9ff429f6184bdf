#!/usr/bin/env python3
"""Writes the HDF5 fixtures for Tests/KingletIOTests/HDF5*Tests.swift and their manifest.

Run with a Python that has h5py 3.x and numpy (the project uses ~/fixenv/bin/python):

    ~/fixenv/bin/python Tests/Fixtures/hdf5/make_hdf5_fixtures.py

Every value is deterministic (np.arange based). manifest.json records, per file, each
dataset's shape and values (as float64), each group's sorted child names, each object's
attributes, and the datasets the reader is expected to reject as unsupported.
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
manifest = {"generator": "make_hdf5_fixtures.py with h5py %s, HDF5 %s, numpy %s"
            % (h5py.__version__, h5py.version.hdf5_version, np.__version__),
            "files": {}}


def attr_json(value):
    if isinstance(value, bytes):
        return {"string": value.decode()}
    if isinstance(value, str):
        return {"string": value}
    arr = np.asarray(value)
    if arr.dtype.kind in "SO" or arr.dtype.kind == "U":
        return {"strings": [v.decode() if isinstance(v, bytes) else str(v) for v in arr.ravel()]}
    if arr.dtype.kind in "iub":
        return {"ints": [int(v) for v in arr.ravel()]}
    return {"numbers": [float(v) for v in arr.ravel()]}


def describe(f):
    out = {"datasets": {}, "groups": {}, "attributes": {}}

    def visit(name, obj):
        path = "/" + name if name else "/"
        if obj.attrs:
            out["attributes"][path] = {k: attr_json(obj.attrs[k]) for k in obj.attrs}
        if isinstance(obj, h5py.Group):
            out["groups"][path] = sorted(obj.keys())
        else:
            data = np.asarray(obj[()]).ravel()
            entry = {"shape": list(obj.shape), "dtype": obj.dtype.str}
            if obj.dtype.kind in "SO":
                entry["strings"] = [v.decode() if isinstance(v, bytes) else str(v) for v in data]
            else:
                entry["values"] = [float(v) for v in data]
            out["datasets"][path] = entry

    visit("", f)
    f.visititems(visit)
    return out


def common_content(f):
    f.create_dataset("f32_contiguous", data=np.arange(24, dtype="<f4").reshape(2, 3, 4) - 5.5)
    f.create_dataset("f64", data=np.arange(10, dtype="<f8") * 0.25 - 1)
    f.create_dataset("f16", data=(np.arange(12, dtype="<f2") - 6) / 4)
    for t in ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8"]:
        base = np.arange(6, dtype="i8")
        vals = base * 7 - 20 if t.startswith("i") else base * 9 + 1
        f.create_dataset(t, data=vals.astype("<" + t))
    # h5py stores big-endian arrays as native unless the dtype is given explicitly.
    f.create_dataset("be_f32", data=np.arange(6, dtype=">f4") * 1.5, dtype=">f4")
    f.create_dataset("be_i32", data=np.arange(6, dtype=">i4") * -3, dtype=">i4")
    f.create_dataset("be_f64", data=np.arange(4, dtype=">f8") / 8, dtype=">f8")
    f.create_dataset("be_chunked_i16", data=np.arange(10, dtype=">i2") - 5, dtype=">i2",
                     chunks=(4,), compression="gzip", shuffle=True)
    f.create_dataset("scalar", data=np.float32(3.5))
    f.create_dataset("vlen_strings", data=["alpha", "", "gamma delta"], dtype=h5py.string_dtype())
    f.create_dataset("fixed_strings", data=np.array([b"ab", b"cde"], dtype="S4"))
    f.create_dataset("rank4", data=np.arange(120, dtype="<f4").reshape(2, 3, 4, 5))
    f.create_dataset("empty", data=np.zeros((0, 3), dtype="<f4"))
    # Compact layout needs the low-level API.
    data = np.arange(8, dtype="<i2") - 4
    space = h5py.h5s.create_simple(data.shape)
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    dset = h5py.h5d.create(f.id, b"compact_i16", h5py.h5t.STD_I16LE, space, dcpl=dcpl)
    dset.write(h5py.h5s.ALL, h5py.h5s.ALL, data)
    # Chunked, edge chunks partly outside the dataset.
    f.create_dataset("chunked_f32", data=np.arange(100, dtype="<f4").reshape(10, 10) / 3,
                     chunks=(4, 4), compression="gzip", shuffle=True)
    f.create_dataset("chunked_i16", data=(np.arange(90, dtype="<i2") - 45).reshape(3, 5, 6),
                     chunks=(2, 2, 4), compression="gzip", shuffle=True)
    f.create_dataset("chunked_plain_u8", data=np.arange(50, dtype="<u1"), chunks=(16,))
    f.create_dataset("chunked_fletcher", data=np.arange(20, dtype="<f8"), chunks=(8,),
                     fletcher32=True, compression="gzip")
    f.create_dataset("single_chunk", data=np.arange(12, dtype="<f4").reshape(3, 4), chunks=(3, 4),
                     compression="gzip")
    g = f.create_group("model_weights")
    g.attrs["layer_names"] = np.array([b"dense", b"dense_1", b"dropout"], dtype="S7")
    g.attrs["backend"] = np.bytes_(b"tensorflow")
    g.attrs["keras_version"] = "3.4.1"  # variable-length UTF-8
    d = g.create_group("dense").create_group("dense")
    d.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"])
    d.create_dataset("kernel", data=np.arange(12, dtype="<f4").reshape(3, 4) / 10)
    d.create_dataset("bias", data=np.zeros(4, dtype="<f4") + 0.5)
    g.create_group("dense_1").create_group("a").create_group("b")
    g.create_group("dropout")
    f.attrs["model_config"] = '{"class_name": "Sequential", "config": {"layers": []}}'
    f.attrs["pi"] = np.float64(3.25)
    f.attrs["ints"] = np.arange(5, dtype="<i4") - 2
    f.attrs["floats"] = np.arange(3, dtype="<f4") / 2
    f.attrs["vlen_list"] = ["alpha", "beta", "gamma"]
    f.attrs["flag"] = np.int8(1)
    f["soft"] = h5py.SoftLink("/model_weights")


def make(name, libver=None, extra=None, **kw):
    path = os.path.join(HERE, name)
    if os.path.exists(path):
        os.remove(path)
    with h5py.File(path, "w", libver=libver, **kw) as f:
        common_content(f)
        if extra:
            extra(f)
    with h5py.File(path, "r") as f:
        manifest["files"][name] = describe(f)
    return path


def dense(f):
    many = f.create_group("many")
    for i in range(20):
        many.create_dataset("d%02d" % i, data=np.arange(3, dtype="<i4") + i)
    for i in range(20):
        many.attrs["attr%02d" % i] = np.int32(i * 10)
    # 300 soft links with long names: the link heap needs an indirect block and the
    # name index a B-tree of depth 1.
    big = f.create_group("big")
    for i in range(300):
        big["link_%03d_with_a_rather_long_name_to_fill_the_heap" % i] = h5py.SoftLink("/f64")
    # Early allocation without filters: libver='latest' picks the implicit chunk index.
    data = np.arange(30, dtype="<i4").reshape(5, 6)
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk((2, 4))
    dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
    dset = h5py.h5d.create(f.id, b"implicit_i32", h5py.h5t.STD_I32LE, h5py.h5s.create_simple(data.shape),
                           dcpl=dcpl)
    dset.write(h5py.h5s.ALL, h5py.h5s.ALL, data)
    f.create_dataset("extensible", data=np.arange(10, dtype="<f4"), chunks=(4,), maxshape=(None,))


def earliest_many(f):
    many = f.create_group("many")
    for i in range(12):  # > 8 entries: two symbol nodes
        many.create_group("g%02d" % i)


make("earliest.h5", extra=earliest_many)          # superblock 0, symbol-table groups
make("latest.h5", libver="latest", extra=dense)   # superblock 3, link messages, dense storage
make("v108.h5", libver=("v108", "v108"))            # superblock 2
def small(f):
    f.create_dataset("x", data=np.arange(5, dtype="<f4"))


def make_small(name, **kw):
    path = os.path.join(HERE, name)
    with h5py.File(path, "w", **kw) as f:
        small(f)
    with h5py.File(path, "r") as f:
        manifest["files"][name] = describe(f)


make_small("userblock.h5", userblock_size=512)      # superblock at offset 512

manifest["unsupported"] = {"latest.h5": ["/extensible"]}
for n in ["latest.h5"]:
    manifest["files"][n]["datasets"].pop("/extensible")

with open(os.path.join(HERE, "manifest.json"), "w") as out:
    json.dump(manifest, out, indent=None, sort_keys=True, separators=(",", ":"))
    out.write("\n")
