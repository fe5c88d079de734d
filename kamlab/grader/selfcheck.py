"""Self-checks: one short message under each exercise, naming a common mistake when it sees one.

Each graded exercise's check cell is one line, for example::

    selfcheck.check("director_scores", director_attractiveness)

It reads the exercise's check data from ``.kamlab-checks.json`` beside the notebook (written
by the course build, :mod:`kamlab.grader.build`) and decides, in this order:

1. ``None`` (the blank of the student version): "not answered yet", with no error, so
   *Run All* goes on to the rest of the notebook;
2. an answer of the wrong shape: what is wrong (type, missing rows, names given as ids...);
3. the right answer, over every row (a fingerprint of the whole answer: the check data holds
   no answers): "Self-check passed";
4. a catalogued mistake, recognised only when the *whole* answer is that mistake's: its name;
5. a rule that names a mistake from one property of the answer (for example a score above 1);
6. the rows the check shows by name (a few story accounts): which of them are wrong, or that
   they are right and others are not;
7. otherwise: "not right yet", with the exercise's first hint.

A failure is a :class:`~kamlab.grader.answers.SelfCheckError`, shown by IPython as one short
red line, not a traceback. :func:`hint` gives three hints of growing help, the last a skeleton
of the answer with blanks.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kamlab.grader import answers
from kamlab.grader.answers import NotAnswered, SelfCheckError

__all__ = ["CHECKS_FILE", "SelfCheckError", "check", "hint", "load", "verdict"]

#: The check data beside each notebook (hidden from JupyterLab's file browser by its dot).
CHECKS_FILE = ".kamlab-checks.json"
PASSED = "✓ Self-check passed"
_hint_level: dict[str, int] = {}


def load(exercise: str, folder: Path | str | None = None) -> dict[str, Any]:
    """The check data of ``exercise`` from the ``.kamlab-checks.json`` in ``folder`` (default: here)."""
    path = Path(folder or Path.cwd()) / CHECKS_FILE
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise SelfCheckError(
            f"The self-check data ({CHECKS_FILE}) is not in {path.parent}. Open the notebook from its own "
            "folder (the copy in my-work/ that `make lab` made) and run it there."
        ) from None
    exercises = data.get("exercises", {})
    if exercise not in exercises:
        raise SelfCheckError(
            f"There is no exercise {exercise!r} here; this notebook has {sorted(exercises)}."
        )
    return exercises[exercise]


def _format(text: str, value: Any) -> str:
    facts: dict[str, Any] = {}
    numbers = list(value.values()) if isinstance(value, Mapping) else value
    if isinstance(numbers, list | tuple):
        facts["len"] = len(numbers)
        if numbers and all(isinstance(v, int | float) for v in numbers):
            facts.update(max=f"{max(numbers):,.4g}", min=f"{min(numbers):,.4g}", sum=f"{sum(numbers):,.6g}")
    elif isinstance(value, int | float):
        facts["value"] = f"{value:,.6g}"

    class _Keep(dict):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return text.format_map(_Keep(facts))


def _rule_fires(rule: Mapping[str, Any], value: Any) -> bool:
    scope = {
        "answer": value,
        "values": list(value.values()) if isinstance(value, Mapping) else value,
        "count": Counter(value.values()) if isinstance(value, Mapping) else Counter(value),
        **{k: v for k, v in rule.get("consts", {}).items()},
    }
    safe = {"len": len, "max": max, "min": min, "sum": sum, "any": any, "all": all, "set": set, "abs": abs}
    # one namespace, so a comprehension in a rule sees the answer and the constants too
    return bool(eval(rule["when"], {"__builtins__": safe, **scope}))  # the course build wrote these rules


def _holds(exercise: str, part: Mapping[str, Any], answer: Any, want: Any) -> bool:
    """Whether ``answer`` to ``part`` is what a mistake's rest says: right, refused, or these values."""
    try:
        value = answers.normalise(answer, part)
    except NotAnswered:
        return False
    except SelfCheckError:
        return want == "refused"
    if want == "refused":
        return False
    kind, step, salt = part["kind"], part.get("step", 1.0), f"{exercise}:{part['name']}"
    if want == "right":
        return answers.matches(kind, value, step, salt, part["answer"], slow=True)
    return answers.matches(kind, value, step, salt, want)


def _part_verdict(
    exercise: str,
    spec: Mapping[str, Any],
    part: Mapping[str, Any],
    answer: Any,
    others: Mapping[str, Any] | None = None,
) -> str | None:
    """``None`` if this part is right, else the message that says what is wrong.

    ``others`` holds the answers to the exercise's other parts, by name: a mistake that shares this
    part's wrong value with another mistake is named only if the rest of the answer is its own too.
    """
    value = answers.normalise(answer, part)
    kind, step, name, what = part["kind"], part.get("step", 1.0), part["name"], part.get("what", "customer")
    salt = f"{exercise}:{name}"
    if answers.matches(kind, value, step, salt, part["answer"], slow=True):
        return None
    by_name = {p["name"]: p for p in spec["parts"]}
    for mistake in part.get("mistakes", []):
        if answers.matches(kind, value, step, salt, mistake["fp"]) and all(
            _holds(exercise, by_name[n], (others or {}).get(n), want)
            for n, want in mistake.get("also", {}).items()
        ):
            return f"{name} looks like {mistake['says']}."
    implausible = answers.out_of_range(value, part)
    if implausible:
        return implausible
    for rule in spec.get("rules", []):
        if rule["part"] == name and _rule_fires(rule, value):
            return _format(rule["says"], value)
    shown = part.get("shown") or {}
    help_ = f'(selfcheck.hint("{exercise}") gives a hint.)'
    if shown:
        rows = answers.row_fingerprints(kind, value, list(shown), step, salt)
        wrong = [i for i in shown if not set(rows[i]) & set(shown[i])]
        names = part.get("names") or {}
        if wrong:
            first = f"{names[wrong[0]]} ({wrong[0]})" if wrong[0] in names else wrong[0]
            more = f" and {len(wrong) - 1} other {what}(s) the check shows" if len(wrong) > 1 else ""
            return f"{name} is not right yet for {first}{more}. {spec['hints'][0]} {help_}"
        listed = ", ".join(names.get(i, i) for i in shown)
        return (
            f"{name} is right for the {len(shown)} {what}s this check names ({listed}), but not for "
            f"all {len(part['rows'])} {what}s. Use the same method for every {what}. {help_}"
        )
    return f"{name} is not right yet. {spec['hints'][0]} {help_}"


def verdict(exercise: str, spec: Mapping[str, Any], values: Sequence[Any]) -> tuple[str, str]:
    """``("passed" | "blank" | "wrong", message)`` for the answers of every part of an exercise."""
    parts = spec["parts"]
    if len(values) != len(parts):
        names = ", ".join(p["name"] for p in parts)
        return "wrong", f"The check of {exercise} needs {len(parts)} answer(s): {names}."
    blank = [p["name"] for p, v in zip(parts, values) if v is None or v is Ellipsis]
    if len(blank) == len(parts):
        return (
            "blank",
            f"{spec.get('title', exercise)} is not answered yet: replace None with your answer above.",
        )
    others = {p["name"]: v for p, v in zip(parts, values)}
    for part, value in zip(parts, values):
        try:
            message = _part_verdict(exercise, spec, part, value, others)
        except NotAnswered:
            message = f"{part['name']} is not answered yet: replace None with your answer."
        except SelfCheckError as err:
            message = str(err)
        if message:
            return "wrong", message
    return "passed", f"{PASSED}: {spec.get('passed', 'right.')}"


def check(exercise: str, *values: Any) -> None:
    """The self-check of ``exercise``: print that it passed or is not answered, or fail with why."""
    status, message = verdict(exercise, load(exercise), values)
    if status == "wrong":
        raise SelfCheckError(message)
    if status == "blank" and _answer_cell_failed():
        message = message.split(":")[0] + (
            ": your answer cell stopped with an error before it set the answer. Read the last line of "
            "the error under it, fix that, and run the cell again."
        )
    print(message if status == "passed" else f"… {message}")


def _answer_cell_failed() -> bool:
    """Whether the cell run just before this check (the answer cell, run in order) raised an error."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "last_execution_succeeded", True) is False


def hint(exercise: str, level: int | None = None) -> None:
    """Print the next hint of ``exercise`` (or hint ``level``, 1 to 3): run it again for more help."""
    hints = load(exercise)["hints"]
    if level is None:
        level = min(_hint_level.get(exercise, 0) + 1, len(hints))
    if not 1 <= level <= len(hints):
        raise ValueError(f"level must be 1 to {len(hints)}, got {level}")
    _hint_level[exercise] = level
    more = " Run this again for more help." if level < len(hints) else " That is the last hint."
    text = hints[level - 1]
    head = f"Hint {level} of {len(hints)}:"
    print(f"{head}{more}\n\n{text}" if "\n" in text else f"{head} {text}{more}")
