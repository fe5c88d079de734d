"""Learners' answers in one canonical form, their fingerprints, and their comparison with a key.

The same code serves three places, so they can never disagree about what an answer is:

- the self-check in the learner's kernel (:mod:`kamlab.grader.selfcheck`);
- the grader's own check, in its process, against the answer key (:mod:`kamlab.grader.keys`);
- the course build, which computes the solution's and every catalogued mistake's answer
  (:mod:`kamlab.grader.build`).

An answer has a *kind*, and each kind one canonical form that JSON can hold:

========== ================================ =============================================
kind       canonical form                   learners may give
========== ================================ =============================================
values     ``{id: float}`` over the rows    a Series, a dict, a one-column DataFrame
number     ``float``                        a number, a one-value Series
selection  sorted ``[id, ...]``             a list, set, Index, array, Series of ids, or a
                                            True/False Series indexed by id
labels     ``{id: label}`` over the rows    a Series or a dict of labels
ranking    ``[id, ...]`` best first         a list, tuple, Index, array or Series of ids
choice     ``label``                        one text label
========== ================================ =============================================

A *part* describes what an answer should be (a plain dict, written by the build):
``name``, ``kind``, ``what`` (the word for a row: ``"customer"``), ``index`` (what the answer is
indexed by, when it is not ``<what>_id``), ``rows`` (the ids an answer covers; for a selection,
the ids it may choose from), ``names`` (id to name, for messages),
``allowed`` (labels), ``none_label`` (the label a missing value stands for), ``by`` and ``top``
(for a ranking by a value: rows with equal values may come in any order), ``step`` (the
grid of a number's fingerprint), ``tol`` (the grader's tolerance), ``size`` (``[low, high]``
items in a selection or ranking), ``low`` and ``high`` (plausible numbers).

Anything that is not an answer of the right shape raises :class:`SelfCheckError` with a
message that says which row or value is wrong and what was expected.

>>> part = {"name": "profit", "kind": "values", "what": "customer", "rows": ["C1", "C2"], "step": 1.0}
>>> normalise({"C2": "5", "C1": 4.0}, part)
{'C1': 4.0, 'C2': 5.0}
>>> normalise([4.0, 5.0], part)
Traceback (most recent call last):
...
kamlab.grader.answers.SelfCheckError: profit is a list without customer ids: give a pandas Series \
indexed by customer_id, e.g. pd.Series(values, index=ids).
"""

from __future__ import annotations

import hashlib
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "KINDS",
    "NotAnswered",
    "SelfCheckError",
    "compare",
    "fingerprints",
    "matches",
    "normalise",
    "out_of_range",
    "row_fingerprints",
]

KINDS = ("values", "number", "selection", "labels", "ranking", "choice")
#: Iterations of the slow fingerprint of a right answer: about 20 ms per check, so that trying
#: many guesses against it takes hours.
SLOW_ITERATIONS = 40_000


class SelfCheckError(AssertionError):
    """An answer is not right yet; the message says why, in the learner's words."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback through kamlab: the message, wrapped between words.
        lines = textwrap.wrap(f"✗ {self}", 100, subsequent_indent="  ", break_on_hyphens=False)
        return ["\x1b[0;31m" + "\n".join(lines) + "\x1b[0m"]


class NotAnswered(SelfCheckError):
    """The answer is still the blank the student version starts with (``None``)."""


def _fail(message: str) -> None:
    raise SelfCheckError(message)


def _show(items: Sequence[Any], limit: int = 3) -> str:
    shown = ", ".join(repr(i) for i in list(items)[:limit])
    more = len(items) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def _label(part: Mapping[str, Any], ident: str) -> str:
    name = (part.get("names") or {}).get(ident)
    return f"{name} ({ident})" if name else repr(ident)


def _key(part: Mapping[str, Any]) -> str:
    """What an answer is indexed by: the part's ``index`` (e.g. ``segment``), else ``<what>_id``."""
    return part.get("index") or f"{part.get('what', 'customer')}_id"


def _ids_problem(part: Mapping[str, Any], given: Sequence[Any], known: Sequence[str]) -> str | None:
    """Why ``given`` are not ids of ``known``: names instead of ids, or row numbers (or None)."""
    what, key = part.get("what", "customer"), _key(part)
    names = part.get("names") or {}
    by_name = {str(v): k for k, v in names.items()}
    as_text = [str(g) for g in given]
    named = [g for g in as_text if g in by_name and g not in known]
    if named and len(named) >= max(1, len(as_text) // 2):
        example = named[0]
        return (
            f"{part['name']} uses {what} names, not ids: {example!r} is {what} id {by_name[example]!r}. "
            f"Use the {key} column (or the index of a table indexed by {key})."
        )
    if given and all(isinstance(g, int | np.integer) and not isinstance(g, bool) for g in given):
        if all(0 <= int(g) < max(len(known), 1) + 1 for g in given):
            return (
                f"{part['name']} uses row numbers ({_show(list(given))}) where {what} ids belong. "
                f"Index it by {key}, e.g. table.set_index('{key}'), or take the ids from the "
                "table's index."
            )
    return None


def _to_series(answer: Any, part: Mapping[str, Any]) -> pd.Series:
    name, what, key = part["name"], part.get("what", "customer"), _key(part)
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer), dtype=object)
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] != 1:
            _fail(
                f"{name} is a table with columns {list(map(str, answer.columns))[:6]}; give one column "
                f"(a Series) indexed by {key}, e.g. table['{answer.columns[-1]}']."
            )
        answer = answer.iloc[:, 0]
    if isinstance(answer, list | tuple | np.ndarray | pd.Index):
        _fail(
            f"{name} is a {type(answer).__name__} without {what} ids: give a pandas Series indexed by "
            f"{key}, e.g. pd.Series(values, index=ids)."
        )
    if not isinstance(answer, pd.Series):
        _fail(f"{name} should be a pandas Series indexed by {key}, got {type(answer).__name__}.")
    if isinstance(answer.index, pd.MultiIndex):
        levels = ", ".join(str(n) for n in answer.index.names)
        _fail(
            f"{name} has a two-level index ({levels}); it should be indexed by {key} only. "
            "Pick one level first, e.g. with .xs(...) or .groupby(level=...)."
        )
    return answer


def _rows(series: pd.Series, part: Mapping[str, Any]) -> pd.Series:
    """``series`` re-indexed by text ids and cut to the part's rows; missing or doubled rows fail."""
    name, what = part["name"], part.get("what", "customer")
    rows = [str(r) for r in part["rows"]]
    raw = list(series.index)
    index = [str(i) for i in raw]
    if not set(rows) & set(index):
        problem = _ids_problem(part, raw, rows)
        if problem:
            _fail(problem)
    if len(set(index)) != len(index):
        seen: set[str] = set()
        twice = next(i for i in index if i in seen or seen.add(i))  # type: ignore[func-returns-value]
        _fail(f"{name} lists {_label(part, twice)} twice; give one value per {what} (add them up first).")
    series = pd.Series(series.to_numpy(dtype=object), index=index, dtype=object)
    missing = [r for r in rows if r not in series.index]
    if missing:
        first = _label(part, missing[0])
        others = f" and {len(missing) - 1} other {what}s" if len(missing) > 1 else ""
        _fail(
            f"{name} has no value for {first}{others}: it should cover all {len(rows)} {what}s "
            f"(it has {len(rows) - len(missing)} of them)."
        )
    return series.reindex(rows)


def _as_float(value: Any, name: str, where: str) -> float:
    if isinstance(value, bool | np.bool_):
        _fail(f"{name} holds True/False{where}; it should hold numbers.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        _fail(f"{name} holds {value!r}{where}, which is not a number.")
    if not math.isfinite(number):
        _fail(f"{name} is {number}{where}; it should be a finite number (a missing value? a division by 0?).")
    return number


def out_of_range(value: Any, part: Mapping[str, Any]) -> str | None:
    """Why a canonical number (or values) is implausible: outside ``low``-``high``, naming the first."""
    if part["kind"] not in ("values", "number"):
        return None
    name, what = part["name"], part.get("what", "customer")
    numbers = value if isinstance(value, Mapping) else {name: value}
    for side, bound in (("below", part.get("low")), ("above", part.get("high"))):
        if bound is None:
            continue
        bad = [k for k, v in numbers.items() if (v < bound if side == "below" else v > bound)]
        if bad:
            where = f" for {_label(part, bad[0])}" if part["kind"] == "values" else ""
            count = f" (and {len(bad) - 1} more {what}s)" if len(bad) > 1 else ""
            return (
                f"{name} is {numbers[bad[0]]:,.6g}{where}{count}, {side} {bound:,.6g}: that cannot be "
                f"right. {part.get('range_hint', '')}"
            ).strip()
    return None


def _values(answer: Any, part: Mapping[str, Any]) -> dict[str, float]:
    series = _rows(_to_series(answer, part), part)
    out = {}
    for ident, value in series.items():
        out[str(ident)] = _as_float(value, part["name"], f" for {_label(part, str(ident))}")
    return out


def _number(answer: Any, part: Mapping[str, Any]) -> float:
    name = part["name"]
    if isinstance(answer, pd.DataFrame) and answer.size == 1:
        answer = answer.iloc[0, 0]
    if isinstance(answer, pd.Series | pd.Index | np.ndarray | list | tuple):
        if len(answer) != 1:
            _fail(f"{name} should be a single number, got {type(answer).__name__} of {len(answer)} values.")
        answer = answer.iloc[0] if isinstance(answer, pd.Series) else list(answer)[0]
    if isinstance(answer, str):
        _fail(f"{name} is the text {answer!r}; it should be a number (without quotes).")
    if not isinstance(answer, int | float | np.integer | np.floating | bool | np.bool_):
        _fail(f"{name} should be a single number, got {type(answer).__name__}.")
    return _as_float(answer, name, "")


def _items(answer: Any, part: Mapping[str, Any], ordered: bool) -> list[Any]:
    name, what = part["name"], part.get("what", "customer")
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        if ordered:
            _fail(f"{name} is a True/False Series, which has no order; give a list of ids, best first.")
        answer = answer.index[answer.to_numpy()]
    if isinstance(answer, pd.DataFrame):
        _fail(f"{name} should be a list of {what} ids, got a table. Take its index, e.g. list(table.index).")
    if isinstance(answer, set | frozenset) and ordered:
        _fail(f"{name} is a set, which has no order; give a list of {what} ids, best first.")
    if isinstance(answer, Mapping):
        answer = list(answer)
    if isinstance(answer, str) or not isinstance(
        answer, list | tuple | set | frozenset | pd.Index | pd.Series | np.ndarray
    ):
        _fail(f"{name} should be a list of {what} ids, got {type(answer).__name__}.")
    if isinstance(answer, pd.Series):
        ids = {str(r) for r in part["rows"]}
        scored = pd.api.types.is_numeric_dtype(answer) and {str(i) for i in answer.index} <= ids
        # a ranking given as the scores, indexed by id and in rank order: its order is the index's
        answer = list(answer.index) if ordered and scored and len(answer) else answer.to_list()
    items = list(answer)
    known = [str(r) for r in part["rows"]]
    text = [str(i) for i in items]
    unknown = [t for t in text if t not in known]
    if unknown:
        problem = _ids_problem(part, items, known)
        _fail(
            problem
            or f"{name} has ids that are not {what}s here: {_show(unknown)}; use ids such as {known[0]!r}."
        )
    doubled = [t for k, t in enumerate(text) if t in text[:k]]
    if doubled:
        _fail(f"{name} lists {_label(part, doubled[0])} more than once.")
    size = part.get("size")
    if size and not size[0] <= len(text) <= size[1]:
        want = f"{size[0]}" if size[0] == size[1] else f"{size[0]} to {size[1]}"
        _fail(f"{name} has {len(text)} {what}s; it should have {want}. " + (part.get("size_hint") or ""))
    return text


def _tied(ranking: list[str], part: Mapping[str, Any]) -> list[str]:
    """A ranking in the one order that stands for every equally right one.

    When the part ranks by a value (``by``: id -> number, larger first), rows with the same value
    may come in any order: a ranking that never puts a smaller value before a larger one is written
    with ties in id order. With ``top`` (the first n rows of all), a tie at the cut may also be
    broken either way. Any other ranking is left as it was given (and is wrong).
    """
    by = part.get("by")
    if not by or not ranking or any(i not in by for i in ranking):
        return ranking
    values = [by[i] for i in ranking]
    if any(a < b for a, b in zip(values, values[1:])):
        return ranking
    chosen = ranking
    if part.get("top"):
        cut = values[-1]
        above = [i for i, v in by.items() if v > cut]
        if set(above) <= set(ranking):
            tied = sorted(i for i, v in by.items() if v == cut)
            chosen = above + tied[: len(ranking) - len(above)]
    return sorted(chosen, key=lambda i: (-by[i], i))


def _labels(answer: Any, part: Mapping[str, Any]) -> dict[str, str]:
    name = part["name"]
    series = _rows(_to_series(answer, part), part)
    none_label = part.get("none_label")
    allowed = [str(a) for a in part.get("allowed", [])]
    out = {}
    for ident, value in series.items():
        if none_label is not None and (value is None or (isinstance(value, float) and math.isnan(value))):
            value = none_label
        out[str(ident)] = str(value)
    bad = sorted({v for v in out.values() if allowed and v not in allowed})
    if bad:
        _fail(f"{name} uses the label(s) {_show(bad)}; use only {allowed}.")
    return out


def _choice(answer: Any, part: Mapping[str, Any]) -> str:
    name, allowed = part["name"], [str(a) for a in part.get("allowed", [])]
    if isinstance(answer, pd.Series | list | tuple | set) and len(answer) == 1:
        answer = next(iter(answer))
    if not isinstance(answer, str):
        _fail(f"{name} should be one of {allowed} (text in quotes), got {type(answer).__name__} {answer!r}.")
    if allowed and answer not in allowed:
        close = [a for a in allowed if a.lower() == answer.strip().lower()]
        tip = f" Did you mean {close[0]!r}?" if close else ""
        _fail(f"{name} is {answer!r}, which is not one of {allowed}.{tip}")
    return answer


def normalise(answer: Any, part: Mapping[str, Any]) -> Any:
    """The canonical form of ``answer`` for ``part``, or :class:`SelfCheckError` saying what is wrong.

    ``None`` (and ``...``) is the blank of the student version: :class:`NotAnswered`.
    """
    if answer is None or answer is Ellipsis:
        raise NotAnswered(f"{part['name']} is not answered yet.")
    kind = part["kind"]
    if kind == "values":
        return _values(answer, part)
    if kind == "number":
        return _number(answer, part)
    if kind == "selection":
        return sorted(_items(answer, part, ordered=False))
    if kind == "ranking":
        return _tied(_items(answer, part, ordered=True), part)
    if kind == "labels":
        return _labels(answer, part)
    if kind == "choice":
        return _choice(answer, part)
    raise ValueError(f"unknown answer kind {kind!r}; expected one of {KINDS}")


# ------------------------------------------------------------------------------------ fingerprints


#: Where the two grids of a number's fingerprint start, in steps: half a step apart, so a value
#: near a line of one grid is far from the lines of the other, and away from round numbers, so
#: that no integer, half or rounded value (a common exact answer) sits on a grid line.
OFFSETS = (0.2137, 0.7137)


def _grid(value: float, step: float, offset: float) -> int:
    return math.floor(value / step + offset)


def _texts(kind: str, value: Any, step: float) -> list[str]:
    """The texts a fingerprint hashes: one per grid for numbers (two grids half a step apart)."""
    if kind == "values":
        return ["|".join(f"{k}:{_grid(value[k], step, o)}" for k in sorted(value)) for o in OFFSETS]
    if kind == "number":
        return [str(_grid(value, step, o)) for o in OFFSETS]
    if kind in ("selection", "ranking"):
        return ["|".join(value)]
    if kind == "labels":
        return ["|".join(f"{k}={value[k]}" for k in sorted(value))]
    if kind == "choice":
        return [value]
    raise ValueError(f"unknown answer kind {kind!r}")


def _digest(text: str, salt: str, slow: bool) -> str:
    if slow:
        return hashlib.pbkdf2_hmac("sha256", text.encode(), salt.encode(), SLOW_ITERATIONS)[:8].hex()
    return hashlib.sha256(f"{salt}|{text}".encode()).hexdigest()[:16]


def fingerprints(kind: str, value: Any, step: float, salt: str, *, slow: bool = False) -> list[str]:
    """Fingerprints of a canonical answer; another answer matches if any one of them is equal.

    Numbers are put on two grids ``step`` apart and offset by half a step, so float noise on
    either side of a grid line still matches. ``slow`` makes each try cost about 20 ms, for the
    right answer's fingerprint that the learner's kernel holds.

    >>> matches("number", 10.3, 1.0, "x", fingerprints("number", 10.2, 1.0, "x"))
    True
    >>> matches("number", 11.5, 1.0, "x", fingerprints("number", 10.2, 1.0, "x"))
    False
    """
    return [_digest(t, salt, slow) for t in _texts(kind, value, step)]


def matches(
    kind: str, value: Any, step: float, salt: str, expected: Sequence[str], *, slow: bool = False
) -> bool:
    """True if ``value`` has one of the ``expected`` fingerprints."""
    return any(d in expected for d in fingerprints(kind, value, step, salt, slow=slow))


def row_fingerprints(kind: str, value: Mapping[str, Any], ids: Sequence[str], step: float, salt: str) -> dict:
    """Per-row fingerprints of a values or labels answer, for the few rows a self-check names."""
    if kind == "values":
        return {i: fingerprints("number", value[i], step, f"{salt}:{i}") for i in ids}
    return {i: fingerprints("choice", value[i], step, f"{salt}:{i}") for i in ids}


# ------------------------------------------------------------------------------- the answer key


def compare(kind: str, value: Any, key: Any, tol: float, what: str = "row") -> str | None:
    """``None`` if ``value`` agrees with ``key`` (numbers within ``tol``), else what differs.

    The message says how many rows differ, never which values are right.

    >>> compare("values", {"A": 1.0, "B": 2.0}, {"A": 1.0, "B": 2.5}, 0.1, "customer")
    'differs from the answer key for 1 of 2 customers'
    """
    if kind == "values":
        wrong = [k for k in key if k not in value or not abs(value[k] - key[k]) <= tol]
        return f"differs from the answer key for {len(wrong)} of {len(key)} {what}s" if wrong else None
    if kind == "number":
        return None if abs(value - key) <= tol else "differs from the answer key"
    if kind == "labels":
        wrong = [k for k in key if value.get(k) != key[k]]
        return f"differs from the answer key for {len(wrong)} of {len(key)} {what}s" if wrong else None
    if kind == "selection":
        extra, missing = set(value) - set(key), set(key) - set(value)
        if extra or missing:
            return f"differs from the answer key ({len(extra)} {what}(s) too many, {len(missing)} missing)"
        return None
    if kind == "ranking":
        return None if list(value) == list(key) else "differs from the answer key"
    if kind == "choice":
        return None if value == key else "differs from the answer key"
    raise ValueError(f"unknown answer kind {kind!r}")
