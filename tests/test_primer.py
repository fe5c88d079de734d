"""Step 0 teaches every Python and pandas idiom the graded exercises' solutions use, and little more.

An *idiom* is read from code with :mod:`ast`: a method or attribute (``.groupby``), a keyword of a
method (``.groupby(level=)``), a built-in function (``sorted()``), an operator (``&``, ``-``, ``>=``),
a way of using brackets (``x["column"]``, ``x[2025]``, ``x[:3]``, ``x[rows, columns]``,
``x[condition]``) or a comprehension (``{k: v for ...}``). Names reached through kamlab's modules
(``selection.weighted_score``, ``sponsors.TARGET_VISITS``) are kamlab's own: each step teaches its
functions itself.

The graded solutions are read from every ``solution=`` of ``course/authoring/*.py`` and from every
``### BEGIN SOLUTION`` region of ``course/source`` (the steps not yet migrated), so a step that starts
using a new idiom fails here until the primer teaches it.
"""

from __future__ import annotations

import ast
import builtins
import itertools
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import kamlab
from kamlab.grader import course as grading
from kamlab.grader import selfcheck
from kamlab.grader.build import AUTHORING, load_spec

COURSE = grading.COURSE
PRIMER = "step0_primer"
PRIMER_NOTEBOOK = COURSE / "source" / PRIMER / f"{PRIMER}.ipynb"
SOLUTION = re.compile(r"### BEGIN SOLUTION\n?(.*?)### END SOLUTION", re.S)

#: Roots of names that are kamlab's (its modules, as notebooks import them, and the self-check).
KAMLAB_ROOTS = frozenset({"kamlab", "selfcheck", *kamlab.MODULES})
#: Attributes of kamlab's own objects that the extractor cannot trace to a kamlab module by name.
KAMLAB_ATTRIBUTES = {
    "better": "benchmark.METRICS[metric].better: whether a higher value of a metric is better (Step 7)",
}
#: What the primer shows beyond the graded solutions, and why: reading aids the steps' worked
#: examples use, and the tools the primer needs to set its own examples up.
READING_AIDS = {
    ".set_index": "every step indexes its tables by id",
    ".head": "the steps show the first rows of a table",
    ".xs": "Step 6's worked example picks one year of a two-level table",
    ".xs(level=)": "the same",
    ".unstack": "how the primer makes a table with years as columns, as Step 7's scores are",
    ".unstack(level=)": "the same",
    ".nlargest": "the steps' worked examples, and several catalogued answers, use it",
    ".join": "the steps' worked examples put tables side by side",
    ".round": "the steps' worked examples round for display",
    ".values": "the primer adds up a dict's points: sum(points.values())",
    ".items": "the primer turns points into weights with a dict comprehension",
    "len()": "counting customers",
    "sum()": "adding up a dict's points",
    "Add": "the first code cell, 2 + 3",
    ".plot": "the primer's one chart, a ranking as bars: every step shows its results as charts",
    ".barh": "the same",
    ".barh(title=)": "the same",
    ".barh(xlabel=)": "the same",
    ".barh(ylabel=)": "the same",
    ".rename": "the chart labels customers by name, not id, as the steps' charts do",
}


# ------------------------------------------------------------------------------------ the idioms


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _kamlab(node: ast.AST) -> bool:
    return _root(node) in KAMLAB_ROOTS


_OPERATORS = {
    ast.Add: "Add",
    ast.Sub: "Sub",
    ast.Mult: "Mult",
    ast.Div: "Div",
    ast.FloorDiv: "FloorDiv",
    ast.Mod: "Mod",
    ast.Pow: "Pow",
    ast.BitAnd: "BitAnd",
    ast.BitOr: "BitOr",
    ast.Invert: "Invert",
    ast.Not: "Not",
    ast.USub: "USub",
}


def _subscript(node: ast.Subscript) -> str:
    index = node.slice
    if isinstance(index, ast.Constant):
        return 'x["text"]' if isinstance(index.value, str) else "x[2025]"
    if isinstance(index, ast.Slice):
        return "x[:n]"
    if isinstance(index, ast.Tuple):
        return "x[rows, columns]"
    if isinstance(index, ast.List):
        return "x[[...]]"
    if isinstance(index, ast.Compare | ast.BinOp | ast.UnaryOp | ast.BoolOp):
        return "x[condition]"
    if isinstance(index, ast.Call):
        return "x[f(...)]"
    return "x[name]"


def idioms(code: str) -> set[str]:
    """The idioms of a piece of code (see the module's documentation)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Attribute) and not _kamlab(node.value):
            found.add(f".{node.attr}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and hasattr(builtins, func.id):
                found.add(f"{func.id}()")
            if isinstance(func, ast.Attribute) and not _kamlab(func.value):
                found |= {f".{func.attr}({k.arg}=)" for k in node.keywords if k.arg}
        elif isinstance(node, ast.BinOp | ast.UnaryOp) and type(node.op) in _OPERATORS:
            found.add(_OPERATORS[type(node.op)])
        elif isinstance(node, ast.BoolOp):
            found.add("and" if isinstance(node.op, ast.And) else "or")
        elif isinstance(node, ast.Compare):
            found |= {type(op).__name__ for op in node.ops}
        elif isinstance(node, ast.Subscript):
            found.add(_subscript(node))
        elif isinstance(node, ast.SetComp | ast.DictComp | ast.ListComp | ast.GeneratorExp | ast.Lambda):
            found.add(type(node).__name__)
    return found


def test_idioms_are_read_from_code_and_kamlab_is_left_to_the_steps():
    code = (
        'fits = customers.loc[(a >= 4) & ~b, "name"].sort_values(ascending=False)[:3]\n'
        "x = selection.weighted_score(criteria, w, name='score').to_frame()\n"
        "y = kamlab.champion.rank_champions(s, W, min_support=4)\n"
        "z = {c for c in ids if scores[2025][c] < 0.4} - set(before)\n"
    )
    assert idioms(code) == {
        ".loc",
        "x[rows, columns]",
        "GtE",
        "BitAnd",
        "Invert",
        ".sort_values",
        ".sort_values(ascending=)",
        "x[:n]",
        ".to_frame",
        "SetComp",
        "x[2025]",
        "x[name]",
        "Lt",
        "Sub",
        "set()",
    }


# ------------------------------------------------------------------------- where the idioms come from


def _filled(skeleton: str) -> str | None:
    """A hint's skeleton as Python: each ``____`` blank filled with the name ``BLANK``, or with ``&``
    where an operator is missing (the first filling that parses); None if it is not code."""
    parts = re.split(r"_{2,}", skeleton)
    for fills in itertools.product(("BLANK", "&"), repeat=len(parts) - 1):
        code = parts[0] + "".join(f + p for f, p in zip(fills, parts[1:]))
        try:
            ast.parse(code)
        except SyntaxError:
            continue
        return code
    return None


def idioms_of_hint(skeleton: str) -> set[str]:
    code = _filled(skeleton)
    return set() if code is None else {i for i in idioms(code) if "BLANK" not in i}


def graded_solutions() -> dict[str, str]:
    """Where -> code, for every graded exercise's solution in the course (the primer's excluded)."""
    found: dict[str, str] = {}
    for path in sorted((COURSE / AUTHORING).glob("*.py")):
        if path.stem == PRIMER:
            continue
        for ex in getattr(load_spec(path), "EXERCISES", []):
            if ex.graded:
                found[f"{path.stem}.py: {ex.id}"] = ex.solution
    for path in sorted((COURSE / "source").glob("*/*.ipynb")):
        if path.parent.name == PRIMER:
            continue
        for cell in json.loads(path.read_text())["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for k, region in enumerate(SOLUTION.findall(source)):
                if meta.get("solution") and cell["cell_type"] == "code":
                    found[f"{path.parent.name}: {meta.get('grade_id', k)}"] = region
    return found


def graded_hints() -> dict[str, set[str]]:
    """Where -> idioms of the last hint (the skeleton a learner fills in) of every graded exercise."""
    found = {}
    for path in sorted((COURSE / AUTHORING).glob("*.py")):
        if path.stem != PRIMER:
            for ex in getattr(load_spec(path), "EXERCISES", []):
                if ex.graded:
                    found[f"{path.stem}.py: {ex.id} (last hint)"] = idioms_of_hint(ex.hints[2])
    return found


def needed() -> dict[str, str]:
    """Idiom -> the first graded solution (or last hint) that uses it."""
    out: dict[str, str] = {}
    for where, code in graded_solutions().items():
        for idiom in idioms(code):
            out.setdefault(idiom, where)
    for where, found in graded_hints().items():
        for idiom in found:
            out.setdefault(idiom, where)
    return out


def _cells() -> list[dict]:
    return json.loads(PRIMER_NOTEBOOK.read_text())["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _is_exercise(cell: dict) -> bool:
    """An exercise's answer cell (it holds the solution) or its check cell."""
    return "### BEGIN SOLUTION" in _source(cell) or _source(cell).startswith("selfcheck.check(")


def taught() -> set[str]:
    """The idioms of the primer's teaching cells: the code a learner reads and runs, exercises aside."""
    out: set[str] = set()
    for cell in _cells():
        if cell["cell_type"] == "code" and not _is_exercise(cell):
            out |= idioms(_source(cell))
    return out


def test_every_assignment_with_graded_exercises_gives_its_solutions():
    where = {w.split(":")[0].removesuffix(".py") for w in graded_solutions()}
    steps = {p.name for p in (COURSE / "source").iterdir() if p.is_dir() and p.name != PRIMER}
    assert steps <= where, f"no graded solution found in {sorted(steps - where)}"


def test_the_reference_step_s_hint_skeletons_are_read_as_code():
    hints = {w: i for w, i in graded_hints().items() if w.startswith("step4_key_accounts")}
    assert len(hints) == 3 and hints["step4_key_accounts.py: first_programme (last hint)"] == {".to_frame"}


def test_the_primer_teaches_every_idiom_the_graded_solutions_use():
    missing = {
        i: w for i, w in needed().items() if i not in taught() and i.lstrip(".") not in KAMLAB_ATTRIBUTES
    }
    assert not missing, (
        "Step 0 does not show, in a teaching cell, these idioms of graded solutions:\n"
        + "\n".join(f"  {idiom}  (first used in {where})" for idiom, where in sorted(missing.items()))
    )


def test_the_primer_teaches_little_more_than_the_course_uses():
    """Beyond the solutions' idioms, only the reading aids listed above, each for a stated reason."""
    extra = taught() - set(needed()) - set(READING_AIDS)
    stale = set(READING_AIDS) - taught()
    assert not extra, f"Step 0 teaches idioms no graded solution uses; drop them or say why: {sorted(extra)}"
    assert not stale, f"READING_AIDS lists idioms the primer no longer shows: {sorted(stale)}"


def test_the_kamlab_names_left_to_the_steps_are_kamlab_s_not_pandas():
    pandas_names = set()
    for kind in (pd.Series, pd.DataFrame, pd.Index, pd.core.groupby.DataFrameGroupBy, list, dict, set, str):
        pandas_names |= set(dir(kind))
    toolkit = "\n".join(p.read_text() for p in Path(kamlab.__file__).parent.rglob("*.py"))
    for name in KAMLAB_ATTRIBUTES:
        assert name not in pandas_names, f"{name} is a pandas or Python name: the primer must teach it"
        assert re.search(rf"\b{name}\b", toolkit), f"{name} is not defined in kamlab"


def test_each_practice_uses_only_what_the_cells_above_it_taught():
    spec = load_spec(COURSE / AUTHORING / f"{PRIMER}.py")
    exercises = {ex.id: ex for ex in spec.EXERCISES}
    so_far: set[str] = set()
    practised = 0
    for cell in _cells():
        if cell["cell_type"] != "code":
            continue
        if not _is_exercise(cell):
            so_far |= idioms(_source(cell))
            continue
        exercise = cell["id"].removesuffix("-answer").replace("-", "_")
        if exercise not in exercises:
            continue
        ex = exercises[exercise]
        assert _filled(ex.hints[2]), f"{ex.id}: the last hint is not code with blanks"
        for what, used in (("solution", idioms(ex.solution)), ("last hint", idioms_of_hint(ex.hints[2]))):
            new = used - so_far
            assert not new, (
                f"{ex.title} ({ex.id}): its {what} uses {sorted(new)} before the primer shows them"
            )
        practised += 1
    assert practised == len(exercises) >= 5


def test_practice_exercises_are_self_checked_and_never_graded():
    spec = load_spec(COURSE / AUTHORING / f"{PRIMER}.py")
    assert spec.EXERCISES and all(ex.points == 0 and not ex.graded for ex in spec.EXERCISES)
    for ex in spec.EXERCISES:
        assert len(ex.hints) == 3 and "____" in ex.hints[2], f"{ex.id}: three hints, the last with blanks"
        assert len(ex.mistakes) >= 3, f"{ex.id}: at least three catalogued mistakes"
    for cell in _cells():
        assert not cell["metadata"].get("nbgrader", {}).get("grade"), "a practice exercise is never graded"
    keys = json.loads((COURSE / "keys" / f"{PRIMER}.json").read_text())["exercises"]
    checks = json.loads((PRIMER_NOTEBOOK.parent / selfcheck.CHECKS_FILE).read_text())["exercises"]
    assert set(keys) == set(checks) == {ex.id for ex in spec.EXERCISES}
    assert all(c["points"] == 0 for c in checks.values())


def test_the_primer_s_cells_stay_small_and_run_in_a_few_seconds(tmp_path):
    """Every teaching cell is at most six lines, and all of them run in-process in a few seconds."""
    import time

    import matplotlib

    matplotlib.use("Agg")
    ns: dict = {"__name__": "__main__"}
    started = time.monotonic()
    for cell in _cells():
        if cell["cell_type"] == "code" and not _is_exercise(cell):
            source = _source(cell)
            assert len(source.splitlines()) <= 6, f"a teaching cell of {len(source.splitlines())} lines"
            exec(compile(source, "step0_primer", "exec"), ns)
    assert time.monotonic() - started < 10


# ---------------------------------------------------------------- what a learner's slips are told


@pytest.fixture(scope="module")
def primer_namespace():
    """The primer's teaching cells, run in order: the namespace a learner's answer meets."""
    ns: dict = {"__name__": "__main__"}
    for cell in _cells():
        if cell["cell_type"] == "code" and not _is_exercise(cell):
            exec(compile(_source(cell), "step0_primer", "exec"), ns)
    return ns


@pytest.mark.parametrize(
    ("exercise", "code", "says"),
    [
        (
            "growing_fits",
            'fit = everyone["strategic_fit"] >= 3\n'
            'growing_fits = list(everyone.index[fit & (everyone["wallet_growth"] >= 0.05)])',
            "includes customers Aldmoor has lost",
        ),
        (
            "fastest_growing",
            'fastest_growing = list(everyone["wallet_growth"].sort_values(ascending=False).index[:10])[::-1]',
            "includes customers Aldmoor has lost",
        ),
        (
            "fastest_growing",
            'fastest_growing = list(customers["wallet_growth"].sort_values(ascending=False).index[:9])',
            "it should have 10",
        ),
        ("spend_today", 'total_spend = str(customers["wallet_eur"].sum())', "it should be a number"),
        (
            "account_health",
            "account_health = (scores * pd.Series(ops_points) / 10).sum(axis=1).round(0)",
            "not right yet for",
        ),
        (
            "visits_per_year",
            "visits_per_year = visits.groupby(level='year').sum().tolist()",
            "without year ids",
        ),
    ],
    ids=["lost, fit 3", "lost, reversed", "nine", "text", "rounded", "a plain list"],
)
def test_slips_the_catalogue_does_not_list_still_get_a_useful_message(
    primer_namespace, exercise, code, says, monkeypatch
):
    monkeypatch.chdir(PRIMER_NOTEBOOK.parent)
    ns = dict(primer_namespace)
    exec(code, ns)
    spec = selfcheck.load(exercise)
    status, message = selfcheck.verdict(exercise, spec, [ns[part["name"]] for part in spec["parts"]])
    assert status == "wrong" and says in message, message


# ---------------------------------------------------------------------------------- as a learner


@pytest.mark.slow
def test_the_student_version_runs_blank_and_solved_with_one_line_per_check(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    course = grading.copy_course(tmp_path)
    grading.nbgrader(course, "generate_assignment", PRIMER, "--force")
    folder = course / "release" / PRIMER
    released = nbformat.read(folder / f"{PRIMER}.ipynb", as_version=4)
    spec = load_spec(COURSE / AUTHORING / f"{PRIMER}.py")

    def run(answers: dict[str, str]) -> dict[str, str]:
        nb = nbformat.from_dict(json.loads(json.dumps(released)))
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id", "").removesuffix("_answer")
            if gid in answers:
                cell.source = answers[gid]
        NotebookClient(
            nb, timeout=120, allow_errors=True, resources={"metadata": {"path": str(folder)}}
        ).execute()
        said = {}
        for cell in (c for c in nb.cells if c.cell_type == "code"):
            errors = [o for o in cell.outputs if o.output_type == "error"]
            match = re.match(r"selfcheck\.check\('(\w+)'", cell.source)
            if match:
                said[match.group(1)] = "".join(o.get("text", "") for o in cell.outputs) + "".join(
                    f"{o.ename}: {o.evalue}" for o in errors
                )
            else:
                assert not errors, f"a teaching cell failed: {cell.source[:80]}"
        return said

    blank = run({})
    assert set(blank) == {ex.id for ex in spec.EXERCISES}
    assert all("not answered yet" in text and "Error" not in text for text in blank.values()), blank
    solved = run({ex.id: ex.solution for ex in spec.EXERCISES})
    assert all(text.startswith(selfcheck.PASSED) for text in solved.values()), solved
