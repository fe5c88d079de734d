"""Input checks shared by every public function of :mod:`kamlab`.

Each check raises ``TypeError`` (wrong kind of object or column type) or
``ValueError`` (right type, impossible value) with a message that names the
argument, the column and, where there is one, the first offending row and
value, then says what was expected. Learners meet these messages in
notebooks, so they are written for people, not for pandas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd


def _where(frame: pd.DataFrame, mask: np.ndarray) -> str:
    """Describe the first row flagged by ``mask``: its index label."""
    position = int(np.flatnonzero(mask)[0])
    return f"row {frame.index[position]!r}"


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
        raise ValueError(f"{name} is missing column(s) {', '.join(map(repr, missing))}; it has: {have}")
    if df.columns.duplicated().any():
        dup = df.columns[df.columns.duplicated()][0]
        raise ValueError(f"{name} has column {dup!r} twice; column names must be unique")
    if not allow_empty and len(df) == 0:
        raise ValueError(f"{name} is empty; it needs at least one row")
    return df


def numeric_columns(
    df: pd.DataFrame,
    name: str,
    columns: Iterable[str],
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    integer: bool = False,
) -> None:
    """Check that each column is numeric, finite and inside the given bounds."""
    for col in columns:
        series = df[col]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            raise TypeError(
                f"{name}[{col!r}] must be numeric, got dtype {series.dtype} (first value {series.iloc[0]!r})"
                if len(series)
                else f"{name}[{col!r}] must be numeric, got dtype {series.dtype}"
            )
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isfinite(values)
        if bad.any():
            raise ValueError(
                f"{name}[{col!r}] has a missing or infinite value at {_where(df, bad)}; "
                "every value must be a finite number"
            )
        if integer:
            frac = values != np.round(values)
            if frac.any():
                first = values[frac][0]
                raise ValueError(
                    f"{name}[{col!r}] must hold whole numbers (counts); {_where(df, frac)} has {first!r}"
                )
        if min_value is not None:
            low = values < min_value
            if low.any():
                raise ValueError(
                    f"{name}[{col!r}] must be >= {min_value}; {_where(df, low)} has {values[low][0]!r}"
                )
        if max_value is not None:
            high = values > max_value
            if high.any():
                raise ValueError(
                    f"{name}[{col!r}] must be <= {max_value}; {_where(df, high)} has {values[high][0]!r}"
                )


def no_missing(df: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    """Check that the (non-numeric) columns have no missing values."""
    for col in columns:
        bad = df[col].isna().to_numpy()
        if bad.any():
            raise ValueError(
                f"{name}[{col!r}] has a missing value at {_where(df, bad)}; fill it in or drop the row"
            )


def unique(df: pd.DataFrame, name: str, columns: Sequence[str]) -> None:
    """Check that the key ``columns`` identify each row once."""
    dup = df.duplicated(subset=list(columns), keep="first").to_numpy()
    if dup.any():
        key = df.loc[df.index[dup][0], list(columns)]
        shown = key.iloc[0] if len(columns) == 1 else tuple(key)
        what = columns[0] if len(columns) == 1 else tuple(columns)
        raise ValueError(
            f"{name} has duplicate {what!r} {shown!r} at {_where(df, dup)}; each must appear once"
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
