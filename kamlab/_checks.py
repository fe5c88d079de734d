"""Input checks shared by every public function of :mod:`kamlab`.

Each check raises ``TypeError`` (wrong kind of object or column type) or
``ValueError`` (right type, impossible value) with a message that names the
argument, the column and, where there is one, the first offending row and
value, then says what was expected. Learners meet these messages in
notebooks, so they are written for people, not for pandas.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd


def _plain(value: Any) -> Any:
    """A NumPy scalar (or a tuple of them) as the Python value, so messages show ``3`` not ``np.int64(3)``."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _label(index: pd.Index, position: int) -> str:
    """The index label at ``position``, for a message."""
    return repr(_plain(index[position]))


def _where(frame: pd.DataFrame | pd.Series, mask: np.ndarray) -> str:
    """Describe the first row flagged by ``mask``: its index label."""
    position = int(np.flatnonzero(mask)[0])
    return f"row {_label(frame.index, position)}"


def frame(
    df: Any,
    name: str,
    columns: Sequence[str] = (),
    *,
    allow_empty: bool = False,
) -> pd.DataFrame:
    """Check that ``df`` is a DataFrame holding ``columns``; return it.

    >>> frame(pd.DataFrame({"a": [1]}), "orders", ["a"]).shape
    (1, 1)
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns)) or "none"
        spelled = [
            close[0]
            for c in missing
            if (close := difflib.get_close_matches(c, [str(h) for h in df.columns], n=1, cutoff=0.8))
        ]
        hint = f" (is {', '.join(map(repr, spelled))} a misspelling?)" if spelled else ""
        raise ValueError(f"{name} is missing column(s) {', '.join(map(repr, missing))}{hint}; it has: {have}")
    if df.columns.duplicated().any():
        dup = df.columns[df.columns.duplicated()][0]
        raise ValueError(f"{name} has column {dup!r} twice; column names must be unique")
    if not allow_empty and len(df) == 0:
        raise ValueError(f"{name} is empty; it needs at least one row")
    return df


def _first_non_number(series: pd.Series) -> int | None:
    """Position of the first value that is not a real number (or ``None``)."""
    for position, value in enumerate(series.array):
        if isinstance(value, bool | np.bool_) or not isinstance(
            value, int | float | np.integer | np.floating
        ):
            return position
    return None


def numeric_columns(
    df: pd.DataFrame,
    name: str,
    columns: Iterable[str],
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    integer: bool = False,
) -> None:
    """Check that each column is numeric, finite and inside the given bounds.

    The happy path costs one or two reductions per column; the offending row
    is only searched for when a check fails.

    >>> numeric_columns(pd.DataFrame({"n": [1, -2]}, index=["A", "B"]), "orders", ["n"], min_value=0)
    Traceback (most recent call last):
    ...
    ValueError: orders['n'] has -2 at row 'B'; every value must be >= 0
    """
    for col in columns:
        series = df[col]
        where = f"{name}[{col!r}]"
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            position = _first_non_number(series) if series.dtype == object else (0 if len(series) else None)
            if position is None:
                raise TypeError(
                    f"{where} must be numeric, got dtype {series.dtype} (convert with pd.to_numeric)"
                )
            value = series.iloc[position]
            raise TypeError(
                f"{where} has {_plain(value)!r} ({type(value).__name__}) at row "
                f"{_label(series.index, position)}; it must be numeric, got dtype {series.dtype} "
                "(convert with pd.to_numeric)"
            )
        raw = series.to_numpy()
        if raw.dtype.kind in "iu":
            values = raw  # NumPy integers: always finite and whole
        else:
            values = series.to_numpy(dtype="float64", na_value=np.nan)
            if not np.isfinite(values).all():
                bad = ~np.isfinite(values)
                first = float(values[bad][0])
                what = "a missing value (nan)" if np.isnan(first) else f"an infinite value ({first!r})"
                raise ValueError(
                    f"{where} has {what} at {_where(df, bad)}; every value must be a finite number"
                )
            if integer and (values != np.round(values)).any():
                frac = values != np.round(values)
                raise ValueError(
                    f"{where} has {_plain(values[frac][0])!r} at {_where(df, frac)}; "
                    "it must hold whole numbers (counts)"
                )
        if not len(values):
            continue
        if min_value is not None and values.min() < min_value:
            low = values < min_value
            raise ValueError(
                f"{where} has {_plain(values[low][0])!r} at {_where(df, low)}; "
                f"every value must be >= {min_value}"
            )
        if max_value is not None and values.max() > max_value:
            high = values > max_value
            raise ValueError(
                f"{where} has {_plain(values[high][0])!r} at {_where(df, high)}; "
                f"every value must be <= {max_value}"
            )


def _has_missing(series: pd.Series) -> bool:
    if series.dtype == object or (
        isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "python"
    ):
        # A column of Python strings: one pass that only asks "is every value a str?" is
        # several times faster than isna() on millions of rows.
        values = series.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=False) == "string":
            return False
    return bool(series.isna().any())


def no_missing(df: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    """Check that the (non-numeric) columns have no missing values."""
    for col in columns:
        if _has_missing(df[col]):
            bad = df[col].isna().to_numpy()
            raise ValueError(
                f"{name}[{col!r}] has a missing value at {_where(df, bad)}; fill it in or drop the row"
            )


def text_columns(df: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    """Check that each column holds text (ids, names): no numbers, booleans or missing values.

    >>> text_columns(pd.DataFrame({"id": ["A", 2.0]}), "customers", ["id"])
    Traceback (most recent call last):
    ...
    TypeError: customers['id'] has 2.0 (float) at row 1; every value must be text
    """
    for col in columns:
        series = df[col]
        if isinstance(series.dtype, pd.StringDtype):
            # A string dtype holds only text or missing values: only missing ones need finding.
            if not _has_missing(series):
                continue
            position = int(np.flatnonzero(series.isna().to_numpy())[0])
            value = series.iloc[position]
        else:
            values = series.to_numpy(dtype=object)
            if pd.api.types.infer_dtype(values, skipna=False) == "string":
                continue
            position = next(i for i, v in enumerate(values) if not isinstance(v, str))
            value = values[position]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            raise ValueError(
                f"{name}[{col!r}] has a missing value at row {_label(df.index, position)}; "
                "every value must be text"
            )
        raise TypeError(
            f"{name}[{col!r}] has {_plain(value)!r} ({type(value).__name__}) at row "
            f"{_label(df.index, position)}; every value must be text"
        )


def unique(df: pd.DataFrame, name: str, columns: Sequence[str]) -> None:
    """Check that the key ``columns`` identify each row once.

    >>> unique(pd.DataFrame({"id": ["A", "B", "A"]}), "customers", ["id"])
    Traceback (most recent call last):
    ...
    ValueError: customers['id'] has 'A' again at row 2; each 'id' must appear once
    """
    dup = df.duplicated(subset=list(columns), keep="first").to_numpy()
    if dup.any():
        position = int(np.flatnonzero(dup)[0])
        key = _plain(tuple(df[c].iloc[position] for c in columns))
        if len(columns) == 1:
            where, shown, what = f"{name}[{columns[0]!r}]", key[0], repr(columns[0])
        else:
            where, shown, what = f"{name}{list(columns)!r}", key, f"({', '.join(map(repr, columns))})"
        raise ValueError(
            f"{where} has {shown!r} again at row {_label(df.index, position)}; each {what} must appear once"
        )


def unique_index(values: pd.DataFrame | pd.Series, name: str, what: str = "label") -> None:
    """Check that the index of ``values`` has no label twice.

    >>> unique_index(pd.Series([1.0, 2.0], index=["A", "A"]), "revenue", "customer")
    Traceback (most recent call last):
    ...
    ValueError: revenue has customer 'A' twice in its index; each must appear once
    """
    if values.index.has_duplicates:
        position = int(np.flatnonzero(values.index.duplicated())[0])
        raise ValueError(
            f"{name} has {what} {_plain(values.index[position])!r} twice in its index; each must appear once"
        )


def number(
    value: Any,
    name: str,
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    min_inclusive: bool = True,
    max_inclusive: bool = True,
) -> float:
    """Check a scalar parameter is a finite real number inside the bounds."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if min_value is not None and (value < min_value or (value == min_value and not min_inclusive)):
        op = ">=" if min_inclusive else ">"
        raise ValueError(f"{name} must be {op} {min_value}, got {value!r}")
    if max_value is not None and (value > max_value or (value == max_value and not max_inclusive)):
        op = "<=" if max_inclusive else "<"
        raise ValueError(f"{name} must be {op} {max_value}, got {value!r}")
    return value


def choice(value: Any, name: str, options: Sequence[str]) -> str:
    """Check a string parameter is one of ``options``."""
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return str(value)


def weights(
    values: Any,
    name: str = "weights",
    *,
    keys: Sequence[str] | None = None,
    what: str = "criterion",
    example: str = "",
    hint: str = "",
    tolerance: float = 1e-6,
) -> dict[str, float]:
    """Check a dict ``what`` -> weight: text keys, numbers >= 0, adding up to 1; return it as floats.

    With ``keys``, the dict must name exactly those keys (in any order); the result follows
    ``keys``' order. ``hint`` is added to the "add up to" message (e.g. which function rescales).

    >>> weights({"a": 0.25, "b": 0.75})
    {'a': 0.25, 'b': 0.75}
    >>> weights({"a": 0.5, "b": 0.4})
    Traceback (most recent call last):
    ...
    ValueError: weights add up to 0.9, not 1; divide each weight by 0.9 so the score stays on the 0-1 scale
    """
    if not isinstance(values, Mapping):
        shown = f", e.g. {example}" if example else ""
        raise TypeError(f"{name} must be a dict {what} -> weight{shown}; got {type(values).__name__}")
    if not values:
        raise ValueError(f"{name} is empty; give at least one {what} and its weight")
    for key in values:
        if not isinstance(key, str):
            raise TypeError(f"{name} keys must be {what} names (str); got {key!r}")
    if keys is not None:
        unknown = [k for k in values if k not in keys]
        if unknown:
            raise ValueError(
                f"{name} has {unknown[0]!r}, which is not a {what}; use {', '.join(map(repr, keys))}"
            )
        missing = [k for k in keys if k not in values]
        if missing:
            raise ValueError(
                f"{name} has no weight for {', '.join(map(repr, missing))}; give every {what} a weight "
                "(0 if it should not count)"
            )
    order = list(keys) if keys is not None else list(values)
    out = {k: number(values[k], f"{name}[{k!r}]", min_value=0) for k in order}
    total = math.fsum(out.values())
    if abs(total - 1.0) > tolerance:
        raise ValueError(
            f"{name} add up to {total:.6g}, not 1; divide each weight by {total:.6g}{hint} "
            "so the score stays on the 0-1 scale"
        )
    return out
