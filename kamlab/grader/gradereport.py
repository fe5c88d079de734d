"""Grade reports: the values a hidden test checked, passed from the kernel to the grader as text.

Hidden tests run inside the student's kernel, where a submission can redefine the
names they use or patch the libraries they call. So the autograder (see
:mod:`kamlab.grader.autograde`) appends one line to every hidden test::

    kamlab.grader.gradereport.report("first_programme", {"_v": _v})

which prints ``KAMLAB-GRADE first_programme {...}``: the values as JSON. The grader
reads that line from the cell's output and runs the hidden test again in its own
process, on plain pandas and numpy objects rebuilt from the JSON. Only data crosses
over, never code or pickles, so nothing the submission changed in its kernel can
make the second check pass, unless the values themselves are right.

>>> import pandas as pd
>>> line = dumps("demo", {"_v": pd.Series([1.5, 2.0], index=["C1", "C2"])})
>>> line.split()[:2]
['KAMLAB-GRADE', 'demo']
>>> parse([line], "demo")["_v"].to_dict()
{'C1': 1.5, 'C2': 2.0}
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["PREFIX", "ReportError", "decode", "dumps", "encode", "parse", "report"]

PREFIX = "KAMLAB-GRADE"
#: Nesting deeper than this is not an answer any exercise asks for.
MAX_DEPTH = 6


class ReportError(ValueError):
    """A grade report is missing, repeated or cannot be read."""


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return {"float": repr(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, pd.Timestamp):
        return {"timestamp": value.isoformat()}
    return {"text": str(value)}


def encode(value: Any, depth: int = 0) -> Any:
    """A JSON-ready description of ``value`` (scalars, lists, sets, dicts, Series, Index, arrays)."""
    if depth > MAX_DEPTH:
        raise ReportError(f"values nested more than {MAX_DEPTH} deep cannot be reported")
    down = depth + 1
    if isinstance(value, pd.Series):
        return {
            "series": [encode(v, down) for v in value.tolist()],
            "index": [encode(i, down) for i in value.index.tolist()],
            "name": _scalar(value.name),
        }
    if isinstance(value, pd.DataFrame):
        return {
            "frame": {str(c): encode(value[c], down) for c in value.columns},
            "index": [encode(i, down) for i in value.index.tolist()],
        }
    if isinstance(value, pd.Index):
        return {"pdindex": [encode(v, down) for v in value.tolist()]}
    if isinstance(value, np.ndarray):
        return {"array": [encode(v, down) for v in value.tolist()]}
    if isinstance(value, Mapping):
        return {"dict": [[encode(k, down), encode(v, down)] for k, v in value.items()]}
    if isinstance(value, set | frozenset):
        return {"set": [encode(v, down) for v in value]}
    if isinstance(value, tuple):
        return {"tuple": [encode(v, down) for v in value]}
    if isinstance(value, list):
        return [encode(v, down) for v in value]
    return _scalar(value)


def decode(data: Any, depth: int = 0) -> Any:
    """Rebuild plain Python, numpy and pandas objects from :func:`encode`'s description."""
    if depth > MAX_DEPTH + 2:
        raise ReportError("the report is nested too deep")
    down = depth + 1
    if isinstance(data, list):
        return [decode(v, down) for v in data]
    if not isinstance(data, dict):
        if data is None or isinstance(data, bool | int | float | str):
            return data
        raise ReportError(f"unexpected {type(data).__name__} in the report")
    if len(data) == 1:
        ((kind, body),) = data.items()
        simple = {
            "float": lambda b: float(b),
            "timestamp": lambda b: pd.Timestamp(b),
            "text": lambda b: str(b),
            "pdindex": lambda b: pd.Index([decode(v, down) for v in b]),
            "array": lambda b: np.asarray([decode(v, down) for v in b]),
            "dict": lambda b: {decode(k, down): decode(v, down) for k, v in b},
            "set": lambda b: {decode(v, down) for v in b},
            "tuple": lambda b: tuple(decode(v, down) for v in b),
        }
        if kind in simple:
            try:
                return simple[kind](body)
            except (TypeError, ValueError) as err:
                raise ReportError(f"cannot read a {kind} from the report: {err}") from None
    if set(data) == {"series", "index", "name"}:
        values, index = decode(data["series"], down), decode(data["index"], down)
        if len(values) != len(index):
            raise ReportError("a reported Series has more values than labels, or fewer")
        return pd.Series(values, index=index, name=decode(data["name"], down), dtype=_dtype(values))
    if set(data) == {"frame", "index"}:
        index = decode(data["index"], down)
        columns = {k: decode(v, down) for k, v in data["frame"].items()}
        return pd.DataFrame({k: list(v) for k, v in columns.items()}, index=index)
    raise ReportError(f"unknown value in the report: keys {sorted(data)[:5]}")


def _dtype(values: list) -> str | None:
    if values and all(isinstance(v, bool) for v in values):
        return "bool"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "float64" if any(isinstance(v, float) for v in values) else "int64"
    return "object" if values else None


def dumps(grade_id: str, values: Mapping[str, Any]) -> str:
    """The report line for ``grade_id``: the prefix, the id and the values as one line of JSON."""
    payload = json.dumps({str(k): encode(v) for k, v in values.items()}, allow_nan=False)
    return f"{PREFIX} {grade_id} {payload}"


def report(grade_id: str, values: Mapping[str, Any]) -> None:
    """Print the report line for ``grade_id`` (called by the line the grader appends to hidden tests)."""
    print(dumps(grade_id, values), flush=True)


def parse(lines: Iterable[str], grade_id: str) -> dict[str, Any]:
    """The values reported for ``grade_id`` in ``lines``; exactly one report line must be there."""
    mine = [ln for ln in lines if ln.startswith(f"{PREFIX} {grade_id} ")]
    if not mine:
        raise ReportError(
            f"the test of '{grade_id}' did not report the values it checked. Something in the notebook "
            "changed how the tests run, for example a redefined function, print or module"
        )
    if len(mine) > 1:
        raise ReportError(
            f"the test of '{grade_id}' reported its values {len(mine)} times; it reports once, so "
            "something in the notebook printed extra report lines"
        )
    try:
        payload = json.loads(mine[0][len(PREFIX) + len(grade_id) + 2 :])
    except json.JSONDecodeError as err:
        raise ReportError(f"the report of '{grade_id}' is not valid JSON ({err.msg})") from None
    if not isinstance(payload, dict):
        raise ReportError(f"the report of '{grade_id}' is not a set of named values")
    return {str(k): decode(v) for k, v in payload.items()}
