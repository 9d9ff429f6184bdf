#!/usr/bin/env python3
"""Writes the zip and zlib fixtures for KingletIOTests (InflateTests, ZipArchiveTests).

Standard library only: run with the system python3 from this folder:
    python3 make_zip_fixtures.py
Every output is deterministic (seeded random data, fixed timestamps). manifest.json
records, for each fixture, the length and CRC-32 of the original bytes, so the tests
compare real decompressed output against what Python compressed.
"""
import io
import json
import os
import random
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DATE = (2024, 1, 2, 3, 4, 6)


def data_sets():
    rng = random.Random(1951)
    text = (
        b"DEFLATE is a lossless data compression file format that uses a combination "
        b"of LZ77 and Huffman coding. It was designed by Phil Katz.\n"
    ) * 40
    random_bytes = bytes(rng.getrandbits(8) for _ in range(4096))
    repetitive = b"ab" * 3000 + b"a" * 5000 + bytes(range(256)) * 8
    # > 64 KiB: a random block repeated at distances near the 32 KiB window limit, mixed
    # with text so both long back-references and literals occur.
    block = bytes(rng.getrandbits(8) for _ in range(24000))
    large = block + text + block + bytes(rng.getrandbits(8) for _ in range(2000)) + block
    return {
        "text": text,
        "random": random_bytes,
        "repetitive": repetitive,
        "empty": b"",
        "one_byte": b"K",
        "large": large,
    }


def record(manifest, name, original):
    manifest["zlib"][name] = dict(size=len(original), crc32=zlib.crc32(original))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def zlib_fixtures(manifest, sets):
    for kind, original in sets.items():
        for level in (0, 1, 9):
            if kind == "large" and level == 0:
                continue  # 90 KB of stored blocks; stored blocks are covered by the others
            name = f"zlib_{kind}_l{level}.zz"
            write(name, zlib.compress(original, level))
            record(manifest, name, original)
    # Fixed Huffman blocks only, a small window (CINFO 1), Huffman-only and RLE strategies.
    variants = {
        "zlib_text_fixed.zz": (sets["text"], 9, 15, zlib.Z_FIXED),
        "zlib_text_window9.zz": (sets["text"], 9, 9, zlib.Z_DEFAULT_STRATEGY),
        "zlib_large_huffman_only.zz": (sets["large"][:20000], 9, 15, zlib.Z_HUFFMAN_ONLY),
        "zlib_repetitive_rle.zz": (sets["repetitive"], 9, 15, zlib.Z_RLE),
    }
    for name, (original, level, wbits, strategy) in variants.items():
        c = zlib.compressobj(level, zlib.DEFLATED, wbits, 9, strategy)
        write(name, c.compress(original) + c.flush())
        record(manifest, name, original)
    # Many small blocks through Z_FULL_FLUSH (empty stored blocks between them).
    c = zlib.compressobj(6)
    pieces = [c.compress(sets["text"][i:i + 500]) + c.flush(zlib.Z_FULL_FLUSH)
              for i in range(0, len(sets["text"]), 500)]
    write("zlib_text_flushed.zz", b"".join(pieces) + c.flush())
    record(manifest, "zlib_text_flushed.zz", sets["text"])
    # A bomb: 1 MiB of zeros in about 1 KB.
    bomb = bytes(1 << 20)
    write("zlib_bomb_1mib.zz", zlib.compress(bomb, 9))
    record(manifest, "zlib_bomb_1mib.zz", bomb)


def entries_record(entries):
    return [dict(name=name, size=len(data), crc32=zlib.crc32(data), method=method)
            for name, data, method in entries]


def build_zip(entries, comment=b"", fp=None, force_zip64=False):
    """entries: list of (name, data, method). Returns the archive bytes."""
    target = fp if fp is not None else io.BytesIO()
    with zipfile.ZipFile(target, "w") as z:
        for name, data, method in entries:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            if force_zip64:
                with z.open(info, "w", force_zip64=True) as w:
                    w.write(data)
            else:
                z.writestr(info, data)
        z.comment = comment
    if fp is not None:
        return fp.getvalue()
    return target.getvalue()


class NonSeekable(io.RawIOBase):
    """A write-only stream without seek/tell, so zipfile writes data descriptors."""

    def __init__(self):
        self.buffer = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buffer += b
        return len(b)

    def getvalue(self):
        return bytes(self.buffer)


def zip_fixtures(manifest, sets):
    config = b'{"module": "keras", "class_name": "Sequential", "config": {"name": "seq"}}'
    metadata = b'{"keras_version": "3.4.1", "date_saved": "2024-01-02@03:04:06"}'
    weights = b"\x89HDF\r\n\x1a\n" + sets["random"][:1500] + bytes(3000)
    basic = [
        ("config.json", config, zipfile.ZIP_STORED),
        ("metadata.json", metadata, zipfile.ZIP_DEFLATED),
        ("model.weights.h5", weights, zipfile.ZIP_DEFLATED),
        ("assets/", b"", zipfile.ZIP_STORED),
        ("donn\u00e9es/\u00fc.txt", "gr\u00fc\u00dfe".encode(), zipfile.ZIP_DEFLATED),
        ("empty.bin", b"", zipfile.ZIP_DEFLATED),
        ("large.bin", sets["large"], zipfile.ZIP_DEFLATED),
    ]
    small = basic[:3]
    archives = {
        "basic.zip": (basic, b"", False, None),
        "small.zip": (small, b"", False, None),
        # The comment holds a fake end-of-central-directory signature.
        "comment.zip": (small, b"written by make_zip_fixtures.py; PK\x05\x06 is not the end", False, None),
        "zip64_forced.zip": (small, b"", True, None),
        "data_descriptor.zip": (small, b"", False, NonSeekable()),
    }
    for name, (entries, comment, force, fp) in archives.items():
        data = build_zip(entries, comment, fp, force)
        write(name, data)
        if b"PK\x05\x06" not in comment:  # zipfile itself stops at the fake signature
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
        manifest["zip"][name] = dict(entries=entries_record(entries), comment=comment.decode("latin-1"))

    # ZIP64 end records and ZIP64 extra fields in the central directory, forced by
    # lowering zipfile's limits (module globals it reads while writing).
    saved = zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT
    zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = 10, 1
    try:
        data = build_zip(small, b"", None, False)
    finally:
        zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = saved
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data
    write("zip64_end_records.zip", data)
    manifest["zip"]["zip64_end_records.zip"] = dict(
        entries=entries_record(small), comment="")

    # Unsupported: bzip2 (method 12), and a stored entry with the encryption flag set.
    unsupported = [("config.json", config, zipfile.ZIP_STORED),
                   ("weights.bz2", weights, zipfile.ZIP_BZIP2)]
    data = build_zip(unsupported)
    write("bzip2.zip", data)
    manifest["zip"]["bzip2.zip"] = dict(entries=entries_record(unsupported),
                                 comment="", unsupported="weights.bz2")
    data = bytearray(build_zip([("secret.txt", b"not really secret", zipfile.ZIP_STORED)]))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 6] |= 1
    data[central + 8] |= 1
    write("encrypted_flag.zip", bytes(data))
    manifest["zip"]["encrypted_flag.zip"] = dict(entries=[], comment="", unsupported="secret.txt")


def main():
    manifest = {"generator": "Tests/Fixtures/zip/make_zip_fixtures.py",
                "python": sys.version.split()[0], "zlib_version": zlib.ZLIB_VERSION,
                "zlib": {}, "zip": {}}
    sets = data_sets()
    zlib_fixtures(manifest, sets)
    zip_fixtures(manifest, sets)
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
