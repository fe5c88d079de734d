"""Answer keys: every graded exercise's right answer over every row, where learners cannot read it.

The course build (:mod:`kamlab.grader.build`) writes one key file per assignment to
``course/keys/<assignment>.json``: for each part of each exercise, the part's description
(see :mod:`kamlab.grader.answers`), the solution's canonical answer and the tolerance.

Every hidden test is one line::

    from kamlab.grader.keys import grade as _kam_grade
    assert _kam_grade("director_scores", director_attractiveness)

:func:`grade` checks the whole answer, never a sample of its rows, wherever it can:

- in the grader's own process (:class:`kamlab.grader.autograde.VerifyHiddenTests` runs every
  hidden test again there, on the values the kernel reported), against the key;
- in an unguarded kernel that can read the course's ``keys/`` folder (an instructor running a
  source notebook, nbval), against the key too;
- in a graded kernel, which is not allowed to read the course, or a learner's copy without keys,
  against the right answer's fingerprint that the self-check uses. The grader then checks the
  key itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kamlab.grader import answers, selfcheck

__all__ = ["KEYS_FOLDER", "check_against_key", "find_keys", "grade", "load_keys", "using"]

#: The keys' folder inside a course folder.
KEYS_FOLDER = "keys"
_active: list[Path] = []  # set by the grader while it checks hidden tests in its own process


@contextmanager
def using(folder: Path | str) -> Iterator[None]:
    """Check hidden tests against the keys in ``folder`` (the grader's process) while in this block."""
    _active.append(Path(folder))
    try:
        yield
    finally:
        _active.pop()


def load_keys(folder: Path | str) -> dict[str, dict[str, Any]]:
    """Every exercise's key in ``folder``: exercise id to ``{"parts": [...]}``."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        out.update(json.loads(path.read_text())["exercises"])
    return out


def check_against_key(exercise: str, key: Mapping[str, Any], values: tuple[Any, ...]) -> None:
    """Raise ``AssertionError`` saying what differs unless every part matches the key over every row."""
    parts = key["parts"]
    if len(values) != len(parts):
        raise AssertionError(f"{exercise}: expected {len(parts)} answer(s), got {len(values)}")
    for part, value in zip(parts, values):
        try:
            canonical = answers.normalise(value, part)
        except answers.SelfCheckError as err:
            raise AssertionError(str(err)) from None
        problem = answers.compare(part["kind"], canonical, part["key"], part["tol"], part.get("what", "row"))
        if problem:
            raise AssertionError(f"{part['name']} {problem}")


def find_keys(start: Path | str | None = None) -> Path | None:
    """The nearest ``keys/`` folder at or above ``start`` (default: here), or None."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / KEYS_FOLDER).is_dir():
            return folder / KEYS_FOLDER
    return None


def _guarded() -> bool:
    guard = sys.modules.get("kamlab.grader.guard")
    return bool(getattr(guard, "INSTALLED", False))


def grade(exercise: str, *values: Any) -> bool:
    """True if the answers of ``exercise`` are right over every row; else ``AssertionError`` saying why."""
    folder = _active[-1] if _active else (None if _guarded() else find_keys())
    if folder is not None:
        keys = load_keys(folder)
        if exercise not in keys:
            raise AssertionError(f"there is no answer key for {exercise!r} in {folder}")
        check_against_key(exercise, keys[exercise], values)
        return True
    status, message = selfcheck.verdict(exercise, selfcheck.load(exercise), values)
    if status != "passed":
        raise AssertionError(message)
    return True
