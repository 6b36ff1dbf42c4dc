"""Writes the .npy fixtures of tests/npy.rs with NumPy itself.

Run from this folder: python3 make.py (NumPy 2.4.6 wrote the committed files).
Each file's array is one the test rebuilds in Rust from the same formula.
"""
import warnings

import numpy as np
from numpy.lib import format as fmt

warnings.simplefilter("ignore")  # the 2.0 and 3.0 format notices


def save(name, a, version=None):
    if version is None:
        np.save(name, a)
    else:
        with open(name, "wb") as f:
            fmt.write_array(f, a, version=version)


base = np.arange(6, dtype="<f8").reshape(2, 3)
save("f8_c_2x3.npy", base)
save("f8_f_2x3.npy", np.asfortranarray(base))
save("f8_t_3x2.npy", base.T)  # F-contiguous: written with fortran_order True
save("i4_2x3x4.npy", np.arange(24, dtype="<i4").reshape(2, 3, 4))
save("i8_strided_4x4.npy", np.arange(40, dtype="<i8").reshape(4, 10)[:, ::3])
save("u1_10.npy", np.arange(10, dtype=np.uint8))
save("b1_4.npy", np.array([True, False, True, True]))
save("f4_scalar.npy", np.array(3.5, dtype="<f4"))
save("f8_0x3.npy", np.zeros((0, 3)))
save("f8_v2.npy", base, version=(2, 0))
save("f8_v3.npy", base, version=(3, 0))
save("f8_big_endian.npy", np.arange(3, dtype=">f8"))
particle = np.dtype([("pos", "<f4", (3,)), ("vel", "<f4", (3,)), ("mass", "<f8")])
p = np.zeros(3, dtype=particle)
p["pos"] = np.arange(9, dtype="<f4").reshape(3, 3)
p["vel"] = -np.arange(9, dtype="<f4").reshape(3, 3)
p["mass"] = [1.0, 2.0, 3.0]
save("particles.npy", p)
padded = np.dtype([("x", "<f8"), ("id", "<i4")], align=True)
q = np.zeros(2, dtype=padded)
q["x"] = [0.5, 1.5]
q["id"] = [7, 8]
save("padded_records.npy", q)
# 4000 fields: a header over 64 KiB, which np.save writes in version 2.0.
wide = np.dtype([(f"f{k}", "<u1") for k in range(4000)])
save("wide_header.npy", np.zeros(1, dtype=wide))
# A field name outside latin-1: np.save writes version 3.0 (UTF-8).
save("utf8_header.npy", np.zeros(2, dtype=[("\u65f6\u95f4", "<f8")]))
# Seed 002's structured array.
people = np.array([("Alice", 25, 55.5), ("Bob", 30, 70.2)],
                  dtype=[("name", "U10"), ("age", "i4"), ("weight", "f4")])
save("people.npy", people)
# Complex numbers (signal processing): (re, im) pairs, and big-endian ones,
# whose halves swap separately.
save("c16_2x2.npy", np.array([[1 + 2j, -3.5j], [0.25, 1e300 - 1j]]))
save("c8_big_endian.npy", np.array([1 + 2j, 3 - 4j, -0.5j], dtype=">c8"))
# .npz archives: named and positional arrays, stored and deflated (their zip
# entries carry the time they were written, so these differ on each run).
labels = np.array([7, 9], dtype="<i4")
np.savez("named.npz", weights=base, labels=labels)
np.savez_compressed("compressed.npz", weights=base, labels=labels)
np.savez("positional.npz", base, people)
# Big-endian text, and an archive whose names collide ('a' and 'a.npy':
# np.load(f)['a'] is the file named exactly 'a').
save("U3_big_endian.npy", np.array(["ab", "xyz", "\u00e9"], dtype=">U3"))
import io
import zipfile
with zipfile.ZipFile("colliding.npz", "w") as z:
    for name, value in [("a", 1), ("a.npy", 2)]:
        b = io.BytesIO()
        np.save(b, np.array([value], dtype="<i4"))
        z.writestr(name, b.getvalue())
