"""The course build: every notebook, self-check and answer key, made from the sources in the repository.

Sources, in ``course/authoring/``:

- ``<name>.md``: a notebook written in MyST Markdown (the text format of Jupytext, so an author
  can also open it as a notebook). Markdown cells may quote the data with Jinja expressions,
  ``{{ profit.loc[KESTREL, "profit_eur"] | meur }}``, evaluated in the notebook's namespace at
  that point; ``{{ claim(condition, "what the text says") }}`` records a sentence's claim, and
  the build fails if it does not hold. A code cell with the option ``:exercise: <id>`` marks
  where a graded exercise's answer and check cells go.
- ``<name>.py`` (for a notebook with exercises): ``EXERCISES``, a list of
  :class:`kamlab.grader.exercise.Exercise`, and optionally ``FACTS``, a dict of functions of
  the namespace that give the text more numbers.

The build runs every notebook's teaching cells in order, in one namespace, on the data in
``datasets/`` (or ``KAMLAB_DATA``). At each exercise it runs the solution, each catalogued
mistake and each alternative in a fork of that namespace (so nothing leaks into the next
exercise), and checks that:

- the solution runs without a warning, and every answer has the shape its part asks for;
- every mistake gives an answer other than the solution's (else the exercise cannot tell the two
  methods apart, on this data), and no two mistakes give the same wrong answer;
- every alternative gives the solution's answer;
- the self-check passes the solution and the alternatives, calls the blank "not answered", and
  names every mistake with the words its catalogue entry gives.

It then writes, for an assignment ``<name>``:

- ``course/source/<name>/<name>.ipynb``: the instructor's notebook (nbgrader's source), in the
  form JupyterLab itself writes;
- ``course/source/<name>/.kamlab-checks.json``: the self-check data (no answers, only
  fingerprints), which nbgrader releases with the notebook;
- ``course/keys/<name>.json``: the answer key, every row, for the grader;

and for a notebook without exercises (the course home), ``course/<name>.ipynb``.

Run it with ``python -m kamlab build`` (``--check`` compares with what is committed instead).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from types import ModuleType
from typing import Any

from kamlab.grader import answers, gradereport, selfcheck
from kamlab.grader.exercise import Exercise, Part
from kamlab.grader.keys import KEYS_FOLDER

__all__ = ["AUTHORING", "BuildError", "Built", "build", "build_notebook", "compare_with", "sources"]

AUTHORING = "authoring"
SOURCE = "source"
_SOLUTION = "### BEGIN SOLUTION"


class BuildError(Exception):
    """The course cannot be built as written; the message names the notebook, cell and problem."""


@dataclass
class Built:
    """What the build made of one notebook: the files to write, and what it checked."""

    name: str
    files: dict[str, str] = field(default_factory=dict)  # path relative to the course -> text
    claims: list[tuple[str, bool]] = field(default_factory=list)
    catalogue: dict[str, tuple[int, int]] = field(default_factory=dict)  # exercise -> (mistakes, alts)
    seconds: float = 0.0

    @property
    def false_claims(self) -> list[str]:
        return [text for text, ok in self.claims if not ok]


def sources(course: Path | str) -> list[str]:
    """The notebooks the course is built from: the names of ``course/authoring/*.md``."""
    return sorted(p.stem for p in (Path(course) / AUTHORING).glob("*.md"))


def load_spec(path: Path) -> ModuleType | None:
    """The exercises module beside a template (``<name>.py``), or None if the notebook has none."""
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"kamlab_authoring_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- text and numbers


def _number(value: Any, digits: int) -> str:
    """``value`` rounded to ``digits`` (negative: to tens, hundreds...), with thousands separators."""
    return f"{round(float(value), digits):,.{max(digits, 0)}f}"


def _money(value: Any, digits: int = 1) -> str:
    """EUR 6.6 million, EUR 412 thousand, EUR 950: how the course writes amounts in the text."""
    v = float(value)
    sign, v = ("-" if v < 0 else ""), abs(v)
    if v >= 1e6:
        return f"EUR {sign}{v / 1e6:,.{digits}f} million"
    if v >= 1e4:
        return f"EUR {sign}{v / 1e3:,.0f} thousand"
    return f"EUR {sign}{v:,.0f}"


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal(n: Any) -> str:
    n = int(n)
    if 1 <= n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _and(items: Iterable[Any]) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


FILTERS: dict[str, Callable[..., str]] = {
    "eur": lambda v: f"EUR {float(v):,.0f}",
    "meur": _money,
    "num": lambda v, digits=0: _number(v, digits),
    "dec": lambda v, digits=2: f"{float(v):.{digits}f}",
    "pct": lambda v, digits=0: f"{_number(100 * float(v), digits)} %",
    "ordinal": _ordinal,
    "and": _and,
}


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    return env


# ---------------------------------------------------------------------------------- running code


class _Prefixed:
    """A runner whose forks run ``prior`` code first."""

    def __init__(self, runner: Runner, prior: str) -> None:
        self.runner, self.prior, self.ns = runner, prior, runner.ns

    def fork(self, code: str, names: Iterable[str]) -> dict[str, Any]:
        return self.runner.fork(f"{self.prior}\n{code}" if self.prior else code, names)


class Runner:
    """One notebook's namespace: runs teaching cells in order, and exercise code in forks of it."""

    def __init__(self, name: str, folder: Path) -> None:
        import matplotlib

        matplotlib.use("Agg")
        self.name = name
        self.folder = folder
        self.ns: dict[str, Any] = {"__name__": "__main__"}

    @staticmethod
    def _code(source: str) -> str:
        # IPython magics and shell escapes mean nothing outside a kernel (only %matplotlib is used)
        return "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines())

    def run(self, source: str, where: str) -> None:
        """Run a teaching cell; any error or warning stops the build, naming the cell."""
        import matplotlib.pyplot as plt

        out = io.StringIO()
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
            warnings.simplefilter("always")
            warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")
            cwd = os.getcwd()
            os.chdir(self.folder)
            try:
                exec(compile(self._code(source), where, "exec"), self.ns)
            except Exception:
                raise BuildError(f"{where} failed:\n{traceback.format_exc(limit=-3)}") from None
            finally:
                os.chdir(cwd)
                plt.close("all")
        if caught:
            raise BuildError(f"{where} warned (a learner would see it on stderr): {caught[0].message}")

    def fork(self, code: str, names: Iterable[str]) -> dict[str, Any]:
        """Run ``code`` in a copy of the namespace (a forked process); the values of ``names``.

        Returns ``{"values": {name: value}, "warnings": [...]}`` or ``{"error": text}``.
        """
        names = list(names)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, report as JSON, and leave without cleanup
            os.close(read)
            try:
                out = io.StringIO()
                with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
                    warnings.simplefilter("always")
                    warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")
                    os.chdir(self.folder)
                    exec(compile(self._code(code), f"<{self.name} exercise>", "exec"), self.ns)
                payload = {
                    "values": {n: gradereport.encode(self.ns.get(n)) for n in names},
                    "warnings": [str(w.message) for w in caught],
                }
            except BaseException as err:
                payload = {"error": f"{type(err).__name__}: {err}"}
            data = json.dumps(payload, default=str).encode()
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        payload = json.loads(data)
        if "values" in payload:
            payload["values"] = {n: gradereport.decode(v) for n, v in payload["values"].items()}
        return payload


# ------------------------------------------------------------------------------------ exercises


def _eval(expression: str, ns: Mapping[str, Any], where: str) -> Any:
    try:
        return eval(expression, dict(ns))  # the author's expression, in the notebook's namespace
    except Exception as err:
        raise BuildError(f"{where}: cannot evaluate {expression!r}: {type(err).__name__}: {err}") from None


def _describe(part: Part, ns: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The part as the self-check and the key hold it: expressions replaced by their values."""
    out: dict[str, Any] = {"name": part.name, "kind": part.kind, "what": part.what, "step": part.step}
    if part.rows:
        out["rows"] = [str(r) for r in _eval(part.rows, ns, where)]
    elif part.kind in ("values", "labels", "selection", "ranking"):
        raise BuildError(f"{where}: part {part.name} ({part.kind}) needs rows")
    if part.names:
        names = _eval(part.names, ns, where)
        out["names"] = {str(k): str(v) for k, v in dict(names).items() if str(k) in set(out.get("rows", []))}
    if part.by:
        values = _eval(part.by, ns, where)
        out["by"] = {str(k): float(v) for k, v in dict(values).items() if str(k) in set(out.get("rows", []))}
        out["top"] = part.top
    for key in ("index", "allowed", "none_label", "size", "size_hint", "low", "high", "range_hint"):
        value = getattr(part, key)
        if value not in (None, (), ""):
            out[key] = list(value) if isinstance(value, tuple) else value
    return out


def _canonical(values: Mapping[str, Any], parts: list[dict[str, Any]]) -> list[Any]:
    """Each part's canonical answer, or the self-check's message (a str in a tuple) for a bad shape."""
    out: list[Any] = []
    for part in parts:
        try:
            out.append(answers.normalise(values.get(part["name"]), part))
        except answers.SelfCheckError as err:
            out.append((str(err),))
    return out


def _same(part: Mapping[str, Any], a: Any, b: Any, tol: float) -> bool:
    return not isinstance(a, tuple) and answers.compare(part["kind"], a, b, tol) is None


def _fast(part: Mapping[str, Any], value: Any, exercise: str) -> list[str]:
    """The quick fingerprints of a wrong answer to one part (a mistake's values, not the solution's)."""
    return answers.fingerprints(part["kind"], value, part["step"], f"{exercise}:{part['name']}")


def _rest(
    exercise: str,
    parts: list[dict[str, Any]],
    solution: list[Any],
    tols: list[float],
    wrong: list[Any],
    rivals: list[list[Any]],
    k: int,
) -> dict[str, Any]:
    """What a mistake's answer holds in the parts other than ``k`` where it or a rival is not right.

    Per part name: ``"right"`` (the solution's answer: checked against the slow key, never written as a
    quick fingerprint), the mistake's quick fingerprints, or ``"refused"`` for a shape the check refuses.
    """
    rest: dict[str, Any] = {}
    for j, part in enumerate(parts):
        if j == k or all(_same(part, w[j], solution[j], tols[j]) for w in [wrong, *rivals]):
            continue
        if isinstance(wrong[j], tuple):
            rest[part["name"]] = "refused"
        elif _same(part, wrong[j], solution[j], tols[j]):
            rest[part["name"]] = "right"
        else:
            rest[part["name"]] = sorted(_fast(part, wrong[j], exercise))
    return rest


def _clash(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two mistakes' rests (see :func:`_rest`, over the same parts) cannot be told apart."""
    for name in a:
        x, y = a[name], b.get(name)
        if isinstance(x, list) and isinstance(y, list):
            if not set(x) & set(y):
                return False
        elif x != y:
            return False
    return True


@dataclass
class _Exercise:
    check: dict[str, Any]
    key: dict[str, Any]


def run_exercise(runner: Runner, ex: Exercise, where: str, prior: str = "") -> _Exercise:
    """Run an exercise's solution, mistakes and alternatives; check them; make its check data and key.

    ``prior`` (the solutions of the exercises above) runs first in each fork, as in a notebook whose
    earlier exercises are answered; the teaching cells' namespace itself never holds an answer.
    """
    ns = runner.ns
    runner = _Prefixed(runner, prior)
    parts = [_describe(p, ns, f"{where} ({ex.id})") for p in ex.parts]
    tols = [p.tol if p.tol is not None else p.step for p in ex.parts]
    names = [p.name for p in ex.parts]
    here = f"{where}, exercise {ex.id}"

    solved = runner.fork(ex.solution, names)
    if "error" in solved:
        raise BuildError(f"{here}: the solution failed: {solved['error']}")
    if solved["warnings"]:
        raise BuildError(f"{here}: the solution warned: {solved['warnings'][0]}")
    solution = _canonical(solved["values"], parts)
    for part, value in zip(parts, solution):
        if isinstance(value, tuple):
            raise BuildError(f"{here}: the solution's {part['name']} is refused by its own check: {value[0]}")

    for part, p, value in zip(parts, ex.parts, solution):
        salt = f"{ex.id}:{part['name']}"
        part["answer"] = answers.fingerprints(part["kind"], value, part["step"], salt, slow=True)
        part["mistakes"] = []
        if p.show:
            shown = [str(i) for i in _eval(p.show, ns, here)]
            part["shown"] = answers.row_fingerprints(part["kind"], value, shown, part["step"], salt)

    wrongs: list[tuple[Any, int, list[Any]]] = []  # (mistake, the first part it gets wrong, its answer)
    for mistake in ex.mistakes:
        got = runner.fork(mistake.code, names)
        if "error" in got:
            raise BuildError(f"{here}: mistake {mistake.name!r} failed to run: {got['error']}")
        wrong = _canonical(got["values"], parts)
        differs = [
            k for k, (part, a, b) in enumerate(zip(parts, wrong, solution)) if not _same(part, a, b, tols[k])
        ]
        if not differs:
            raise BuildError(
                f"{here}: mistake {mistake.name!r} gives the solution's answer on this data, so no grader "
                "can tell the two methods apart. Change the exercise (or the data) until they differ."
            )
        # the first part that differs is the one the self-check will name; a part refused for its
        # shape is recognised by that shape (the message comes from answers.normalise)
        named = [k for k in differs if not isinstance(wrong[k], tuple)]
        if named:
            wrongs.append((mistake, named[0], wrong))
    for mistake, k, wrong in wrongs:
        part = parts[k]
        entry = {"name": mistake.name, "says": mistake.says, "fp": _fast(part, wrong[k], ex.id)}
        rivals = [
            (m, w)
            for m, j, w in wrongs
            if m is not mistake and j == k and set(_fast(part, w[k], ex.id)) & set(entry["fp"])
        ]
        if rivals:  # the same wrong value here: named only if the rest of the answer is the mistake's too
            entry["also"] = _rest(ex.id, parts, solution, tols, wrong, [w for _, w in rivals], k)
            for rival, w in rivals:
                if _clash(_rest(ex.id, parts, solution, tols, w, [wrong], k), entry["also"]):
                    raise BuildError(
                        f"{here}: mistakes {rival.name!r} and {mistake.name!r} give the same answer on "
                        "this data; one message cannot name both. Merge them or change one."
                    )
        part["mistakes"].append(entry)

    for alternative in ex.alternatives:
        got = runner.fork(alternative.code, names)
        if "error" in got:
            raise BuildError(f"{here}: alternative {alternative.name!r} failed to run: {got['error']}")
        alt = _canonical(got["values"], parts)
        for k, (part, a, b) in enumerate(zip(parts, alt, solution)):
            if not _same(part, a, b, tols[k]):
                detail = a[0] if isinstance(a, tuple) else answers.compare(part["kind"], a, b, tols[k])
                raise BuildError(
                    f"{here}: alternative {alternative.name!r} is not right: {part['name']} {detail}"
                )

    rules = [
        {
            "part": r.part,
            "when": r.when,
            "says": r.says,
            "consts": {k: _plain(_eval(v, ns, here)) for k, v in r.consts.items()},
        }
        for r in ex.rules
    ]
    check = {
        "title": ex.title,
        "points": ex.points,
        "passed": ex.passed,
        "hints": list(ex.hints),
        "parts": parts,
        "rules": rules,
    }
    _verify_messages(runner, ex, check, here)
    key = {
        "parts": [
            {
                **{k: v for k, v in part.items() if k not in ("answer", "mistakes", "shown")},
                "key": value,
                "tol": tol,
            }
            for part, value, tol in zip(parts, solution, tols)
        ]
    }
    return _Exercise(check=check, key=key)


def _plain(value: Any) -> Any:
    """A constant for a rule, as JSON can hold it (ids as text, collections as lists)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "item") and not hasattr(value, "__len__"):
        return value.item()
    return [_plain(v) for v in list(value)]


def _verify_messages(runner: Any, ex: Exercise, check: dict[str, Any], here: str) -> None:
    """The self-check, on the data, passes the solution and alternatives and names each mistake."""
    names = [p.name for p in ex.parts]

    def verdict(code: str) -> tuple[str, str]:
        got = runner.fork(code, names)
        values = [got["values"].get(n) for n in names]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return selfcheck.verdict(ex.id, check, values)

    solved = runner.fork(ex.solution, names)["values"]
    for rule in check["rules"]:
        part = next(p for p in check["parts"] if p["name"] == rule["part"])
        try:
            fires = selfcheck._rule_fires(rule, answers.normalise(solved.get(part["name"]), part))
        except Exception as err:
            raise BuildError(
                f"{here}: rule {rule['when']!r} fails on the solution: {type(err).__name__}: {err}"
            ) from None
        if fires:
            raise BuildError(
                f"{here}: rule {rule['when']!r} fires on the solution; it would name a right answer wrong"
            )
    if verdict(ex.solution)[0] != "passed":
        raise BuildError(f"{here}: the self-check does not pass the solution: {verdict(ex.solution)[1]}")
    blank = selfcheck.verdict(ex.id, check, [None] * len(names))
    if blank[0] != "blank":
        raise BuildError(f"{here}: the self-check does not call the blank 'not answered': {blank[1]}")
    for alternative in ex.alternatives:
        status, message = verdict(alternative.code)
        if status != "passed":
            raise BuildError(f"{here}: the self-check refuses alternative {alternative.name!r}: {message}")
    for mistake in ex.mistakes:
        status, message = verdict(mistake.code)
        if status != "wrong" or mistake.says not in message:
            raise BuildError(
                f"{here}: for mistake {mistake.name!r} the self-check says {message!r}; it should name "
                f"it with {mistake.says!r}."
            )


def _cells_of(ex: Exercise) -> tuple[str, str]:
    """The answer cell and the check cell of an exercise (instructor's version, with solution and test)."""
    prompt = "\n".join(f"# {line}".rstrip() for line in ex.prompt.strip().splitlines())
    blanks = "\n".join(f"{p.name} = None" for p in ex.parts)
    answer = (
        f"{prompt}\n# Replace None with your answer, then run the check below.\n{blanks}\n"
        f"{_SOLUTION}\n{ex.solution.strip()}\n### END SOLUTION"
    )
    if ex.show_answer:
        answer += f"\n{ex.show_answer}"
    args = ", ".join([repr(ex.id), *(p.name for p in ex.parts)])
    test = f"selfcheck.check({args})"
    if ex.graded:
        test += (
            "\n### BEGIN HIDDEN TESTS\nfrom kamlab.grader.keys import grade as _kam_grade\n\n"
            f"assert _kam_grade({args})\n### END HIDDEN TESTS"
        )
    return answer, test


# ---------------------------------------------------------------------------------- the notebook


def _render(
    env: Any, source: str, ns: dict[str, Any], facts: Mapping[str, Callable], where: str, claims: list
) -> str:
    import jinja2
    from jinja2 import meta

    if "{{" not in source and "{%" not in source:
        return source
    context = dict(ns)
    try:
        for name in meta.find_undeclared_variables(env.parse(source)):
            if name not in context and name in facts:
                context[name] = facts[name](ns)
    except jinja2.TemplateError as err:
        raise BuildError(f"{where}: {type(err).__name__}: {err}") from None
    except Exception as err:
        raise BuildError(f"{where}: a fact the text uses failed: {type(err).__name__}: {err}") from None

    def claim(condition: Any, text: str) -> str:
        claims.append((f"{where}: {text}", bool(condition)))
        return ""

    context["claim"] = claim
    try:
        return env.from_string(source).render(context)
    except jinja2.TemplateError as err:
        raise BuildError(f"{where}: {type(err).__name__}: {err}") from None
    except Exception as err:
        raise BuildError(f"{where}: the text's expression failed: {type(err).__name__}: {err}") from None


def _nbgrader(gid: str, *, solution: bool = False, grade: bool = False, points: int = 0) -> dict[str, Any]:
    meta = {
        "grade": grade,
        "grade_id": gid,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if grade:
        meta["points"] = points
    meta["task"] = False
    return meta


def build_notebook(course: Path | str, name: str) -> Built:
    """Build one notebook of the course (see the module's documentation); nothing is written."""
    import jupytext
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    started = time.monotonic()
    course = Path(course)
    template = jupytext.read(course / AUTHORING / f"{name}.md", fmt="md:myst")
    spec = load_spec(course / AUTHORING / f"{name}.py")
    exercises: dict[str, Exercise] = {e.id: e for e in getattr(spec, "EXERCISES", [])}
    facts: Mapping[str, Callable] = getattr(spec, "FACTS", {})
    graded = bool(exercises)
    runner = Runner(name, course)
    env = _environment()
    built = Built(name)
    cells, checks, keys, prior = [], {}, {}, []
    counter = {"markdown": 0, "code": 0}

    def cell_id(kind: str) -> str:
        counter[kind] += 1
        return f"{kind[:2]}-{counter[kind]:03d}"

    for index, cell in enumerate(template.cells, start=1):
        where = f"{name}.md cell {index}"
        if cell.cell_type == "markdown":
            text = _render(env, cell.source, runner.ns, facts, where, built.claims)
            new = new_markdown_cell(text, id=cell_id("markdown"))
            if cell.metadata:
                new.metadata.update(cell.metadata)
            cells.append(new)
            continue
        gid = cell.metadata.get("exercise")
        if gid is None:
            runner.run(cell.source, where)
            new = new_code_cell(cell.source, id=cell_id("code"))
            new.metadata.update(cell.metadata)
            cells.append(new)
            continue
        if gid not in exercises:
            raise BuildError(f"{where}: no exercise {gid!r} in {name}.py (it has {sorted(exercises)})")
        ex = exercises.pop(gid)
        made = run_exercise(runner, ex, where, "\n".join(prior))
        prior.append(ex.solution)
        checks[gid], keys[gid] = made.check, made.key
        built.catalogue[gid] = (len(ex.mistakes), len(ex.alternatives))
        answer, test = _cells_of(ex)
        answer_cell = new_code_cell(answer, id=f"{gid.replace('_', '-')}-answer")
        test_cell = new_code_cell(test, id=f"{gid.replace('_', '-')}-check")
        # every answer cell is nbgrader's solution cell (its solution is removed from the student version);
        # only a graded exercise's check cell is graded
        answer_cell.metadata["nbgrader"] = _nbgrader(f"{gid}_answer", solution=True)
        if ex.graded:
            test_cell.metadata["nbgrader"] = _nbgrader(gid, grade=True, points=ex.points)
        cells += [answer_cell, test_cell]
    if exercises:
        raise BuildError(f"{name}: exercises {sorted(exercises)} are defined but not placed in {name}.md")
    false = built.false_claims
    if false and not os.environ.get("KAMLAB_ALLOW_FALSE_CLAIMS"):
        raise BuildError(
            f"{name}: the text says what the data does not:\n" + "\n".join(f"  - {c}" for c in false)
        )

    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    text = io.StringIO()
    nbformat.write(nb, text)
    if graded:
        built.files[f"{SOURCE}/{name}/{name}.ipynb"] = text.getvalue()
        built.files[f"{SOURCE}/{name}/{selfcheck.CHECKS_FILE}"] = _json(
            {"assignment": name, "exercises": checks}
        )
        built.files[f"{KEYS_FOLDER}/{name}.json"] = _json({"assignment": name, "exercises": keys})
    else:
        built.files[f"{name}.ipynb"] = text.getvalue()
    built.seconds = time.monotonic() - started
    return built


def _json(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _build_one(course: str, name: str) -> Built:
    return build_notebook(course, name)


def build(
    course: Path | str, names: Iterable[str] | None = None, *, workers: int | None = None
) -> list[Built]:
    """Build the course's notebooks (all, or ``names``), several at a time; nothing is written."""
    names = list(names) if names is not None else sources(course)
    workers = workers or min(len(names), os.cpu_count() or 1) or 1
    if workers == 1:
        return [build_notebook(course, n) for n in names]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return list(pool.map(_build_one, [str(course)] * len(names), names))


def write(course: Path | str, built: Iterable[Built]) -> list[Path]:
    """Write the built files into ``course``; only files whose text changed are touched."""
    written = []
    for item in built:
        for relative, text in item.files.items():
            path = Path(course) / relative
            if path.exists() and path.read_text() == text:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            written.append(path)
    return written


def compare_with(course: Path | str, built: Iterable[Built]) -> list[str]:
    """The built files that differ from (or are missing in) ``course``: the drift to fix."""
    drift = []
    for item in built:
        for relative, text in item.files.items():
            path = Path(course) / relative
            if not path.exists():
                drift.append(f"{relative} (missing)")
            elif path.read_text() != text:
                drift.append(relative)
    return drift


def main(argv: list[str] | None = None) -> int:
    """``python -m kamlab build [--check] [--course DIR] [NAME ...]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kamlab build", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebooks to build (default: all)")
    parser.add_argument("--course", default=str(Path(__file__).resolve().parents[2] / "course"))
    parser.add_argument(
        "--check", action="store_true", help="compare with the files in the course, write nothing"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        built = build(args.course, args.names or None)
    except BuildError as err:
        print(f"build failed: {err}", file=sys.stderr)
        return 1
    for item in built:
        for claim in item.false_claims:  # only when KAMLAB_ALLOW_FALSE_CLAIMS lets the build go on
            print(f"  - false claim: {claim}", file=sys.stderr)
        mistakes = sum(m for m, _ in item.catalogue.values())
        alternatives = sum(a for _, a in item.catalogue.values())
        print(
            f"{item.name}: {len(item.catalogue)} exercises, {mistakes} mistakes, "
            f"{alternatives} alternatives, {len(item.claims)} claims checked, {item.seconds:.1f} s"
        )
    if args.check:
        drift = compare_with(args.course, built)
        for relative in drift:
            print(f"differs from the build: {relative}", file=sys.stderr)
        print(
            f"checked in {time.monotonic() - started:.1f} s: "
            + (f"{len(drift)} file(s) drifted" if drift else "no drift")
        )
        return 1 if drift else 0
    written = write(args.course, built)
    print(f"built in {time.monotonic() - started:.1f} s; {len(written)} file(s) changed")
    return 0
