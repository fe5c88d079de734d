"""Self-checks for the course's exercises: messages that say what is wrong and why.

The visible test under each graded exercise calls these functions. They check
the shape of an answer (type, customers, columns, finite numbers) and compare
it with the course's catalogue of common mistakes, so a learner working alone
reads "this looks like revenue, not profit" instead of ``AssertionError``.

The hidden tests that decide the grade do not call this module: they compare
fingerprints (see :func:`fingerprints`) fixed when the exercise was written,
so patching ``kamlab`` cannot change a grade. A fingerprint hides the answer
but tolerates float noise: each value is rounded on two grids offset by half
a step, and a value matches if either rounding matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd


class SelfCheckError(AssertionError):
    """An exercise's answer is not right yet; the message says why."""


def _fail(message: str) -> None:
    raise SelfCheckError(message)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def fingerprints(values: Iterable[float], step: float) -> list[tuple[str, str]]:
    """Per-value fingerprints on two grids ``step`` apart, offset by half a step.

    Used when authoring an exercise to fix the expected answer without
    writing it down. :func:`fingerprint_match` (and the copy of it in each
    notebook's locked set-up cell) checks answers against them.

    >>> fingerprints([10.2], 1.0) == fingerprints([10.3], 1.0)
    True
    """
    out = []
    for v in np.asarray(list(values), dtype="float64").ravel():
        grid_a = int(np.floor(v / step))
        grid_b = int(np.floor(v / step + 0.5))
        out.append((_digest(f"a{grid_a}"), _digest(f"b{grid_b}")))
    return out


def fingerprint_match(values: Iterable[float], step: float, expected: Sequence[Sequence[str]]) -> bool:
    """True if every value matches its expected fingerprint on either grid."""
    got = fingerprints(values, step)
    return len(got) == len(expected) and all(a == ea or b == eb for (a, b), (ea, eb) in zip(got, expected))


def set_fingerprint(items: Iterable[Any]) -> str:
    """Fingerprint of a set of labels (order and duplicates ignored)."""
    return _digest("|".join(sorted({str(i) for i in items})))


def labels_fingerprint(labels: pd.Series) -> str:
    """Fingerprint of a labelling: the set of ``id=label`` pairs."""
    return set_fingerprint(f"{k}={v}" for k, v in labels.items())


def _as_series(answer: Any, name: str, what: str = "customer") -> pd.Series:
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer))
    if not isinstance(answer, pd.Series):
        _fail(
            f"{name} should be a pandas Series indexed by {what}_id, got {type(answer).__name__}. "
            "Hint: select one column of a DataFrame, e.g. df['profit_eur']."
        )
    return answer


def check_values(
    answer: Any,
    name: str,
    index: Sequence[str],
    *,
    mistakes: Mapping[str, Sequence[float]] | None = None,
    expected: Sequence[Sequence[str]] | None = None,
    step: float = 1.0,
    hint: str = "",
    rtol: float = 1e-3,
    atol: float = 0.5,
    what: str = "customer",
) -> pd.Series:
    """Check a Series of numbers for the customers in ``index``.

    ``mistakes`` maps a description of a common mistake to the values that
    mistake produces for the same customers; if the answer matches one, the
    message names it. ``expected`` holds the right answer's
    :func:`fingerprints` (on a grid of ``step``); a mismatch fails with
    ``hint``. Returns the answer's values in ``index`` order.
    """
    series = _as_series(answer, name, what)
    missing = [i for i in index if i not in series.index]
    if missing:
        _fail(
            f"{name} has no value for {missing[:3]}; it should be indexed by {what}_id "
            f"and cover {list(index)[:5]}{'...' if len(index) > 5 else ''}. "
            f"Hint: set_index('{what}_id') or groupby('{what}_id')."
        )
    if series.index.has_duplicates:
        _fail(
            f"{name} lists a {what} twice ({series.index[series.index.duplicated()][0]!r}); "
            "add them up first."
        )
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        _fail(f"{name} should hold numbers, got dtype {series.dtype}.")
    values = series.reindex(list(index)).to_numpy(dtype="float64")
    if not np.isfinite(values).all():
        _fail(
            f"{name} has a missing or infinite value for {list(np.asarray(index)[~np.isfinite(values)])[:3]}."
        )
    for description, wrong in (mistakes or {}).items():
        if np.allclose(values, np.asarray(wrong, dtype="float64"), rtol=rtol, atol=atol):
            _fail(f"{name} looks like {description}.")
    if expected is not None and not fingerprint_match(values, step, expected):
        _fail(f"{name} is not right yet. {hint}".strip())
    return pd.Series(values, index=list(index))


def check_number(
    answer: Any,
    name: str,
    *,
    mistakes: Mapping[str, float] | None = None,
    low: float | None = None,
    high: float | None = None,
    expected: Sequence[Sequence[str]] | None = None,
    step: float = 1.0,
    hint: str = "",
    rtol: float = 1e-3,
    atol: float = 1e-6,
) -> float:
    """Check a single number, its plausible range, the catalogued mistakes and its fingerprint."""
    if isinstance(answer, pd.Series) and len(answer) == 1:
        answer = answer.iloc[0]
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.integer, np.floating)):
        _fail(f"{name} should be a single number, got {type(answer).__name__}.")
    value = float(answer)
    if not np.isfinite(value):
        _fail(f"{name} is {value}; it should be a finite number.")
    for description, wrong in (mistakes or {}).items():
        if np.isclose(value, wrong, rtol=rtol, atol=atol):
            _fail(f"{name} looks like {description}.")
    if low is not None and value < low:
        _fail(f"{name} is {value:,.4g}, below {low:,.4g}: that cannot be right.")
    if high is not None and value > high:
        _fail(f"{name} is {value:,.4g}, above {high:,.4g}: that cannot be right.")
    if expected is not None and not fingerprint_match([value], step, expected):
        _fail(f"{name} is not right yet. {hint}".strip())
    return value


def check_selection(
    answer: Any,
    name: str,
    *,
    valid: Iterable[str],
    size: tuple[int, int] | None = None,
    mistakes: Mapping[str, Iterable[str]] | None = None,
    expected: str | None = None,
    hint: str = "",
    what: str = "customer",
) -> set[str]:
    """Check a selection of ids (list, set, Index or Series of ids; or a boolean Series).

    ``mistakes`` maps a description to the selection that mistake produces;
    an answer equal to one (as a set) fails with that description.
    """
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        answer = answer.index[answer.to_numpy()]
    if isinstance(answer, pd.DataFrame):
        _fail(
            f"{name} should be a list of {what} ids, got a DataFrame. "
            f"Hint: use its index or {what}_id column."
        )
    if isinstance(answer, str) or not isinstance(
        answer, (list, tuple, set, frozenset, pd.Index, pd.Series, np.ndarray)
    ):
        _fail(f"{name} should be a list of {what} ids, got {type(answer).__name__}.")
    items = [str(i) for i in answer]
    chosen = set(items)
    if len(chosen) != len(items):
        _fail(f"{name} lists a {what} more than once.")
    unknown = sorted(chosen - set(valid))
    if unknown:
        _fail(f"{name} has ids that are not {what}s here: {unknown[:3]}.")
    for description, wrong in (mistakes or {}).items():
        if chosen == set(map(str, wrong)):
            _fail(f"{name} looks like {description}.")
    if size is not None and not size[0] <= len(chosen) <= size[1]:
        _fail(f"{name} has {len(chosen)} accounts; a programme should have {size[0]} to {size[1]}.")
    if expected is not None and set_fingerprint(chosen) != expected:
        _fail(f"{name} is not right yet. {hint}".strip())
    return chosen


def check_labels(
    answer: Any,
    name: str,
    index: Sequence[str],
    *,
    allowed: Iterable[str],
    mistakes: Mapping[str, Mapping[str, str]] | None = None,
    expected: str | None = None,
    hint: str = "",
    what: str = "customer",
) -> pd.Series:
    """Check a Series of category labels (e.g. portfolio quadrants) per customer."""
    series = _as_series(answer, name, what)
    missing = [i for i in index if i not in series.index]
    if missing:
        _fail(f"{name} has no label for {missing[:3]}; index it by {what}_id.")
    labels = series.reindex(list(index)).astype(str)
    allowed = set(allowed)
    bad = sorted(set(labels) - allowed)
    if bad:
        _fail(f"{name} uses label(s) {bad[:3]}; use only {sorted(allowed)}.")
    for description, wrong in (mistakes or {}).items():
        if all(labels[k] == v for k, v in wrong.items()):
            _fail(f"{name} looks like {description}.")
    if expected is not None and labels_fingerprint(labels) != expected:
        _fail(f"{name} is not right yet. {hint}".strip())
    return labels
