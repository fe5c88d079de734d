# Grading set-up: leave this cell as it is. Hidden tests compare fingerprints of your answers
# (rounded on two grids), so they check your work without ever showing the answer.
import hashlib as _hashlib

import numpy as _np


def _kam_fp(values, step):
    out = []
    for v in _np.asarray(list(values), dtype="float64").ravel():
        a = _hashlib.sha256(f"a{int(_np.floor(v / step))}".encode()).hexdigest()[:10]
        b = _hashlib.sha256(f"b{int(_np.floor(v / step + 0.5))}".encode()).hexdigest()[:10]
        out.append((a, b))
    return out


def _kam_match(values, step, expected):
    got = _kam_fp(values, step)
    return len(got) == len(expected) and all(a == x or b == y for (a, b), (x, y) in zip(got, expected))


def _kam_set(items):
    return _hashlib.sha256("|".join(sorted({str(i) for i in items})).encode()).hexdigest()[:10]
