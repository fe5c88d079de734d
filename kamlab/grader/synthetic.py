"""A synthetic cohort: learners who make the catalogued mistakes and alternatives at known rates.

    python -m kamlab synthetic step4_key_accounts [MORE ...] [--learners 40] [--seed 1] [--course course]

writes one submission per learner and assignment to ``course/submitted/<learner>/<assignment>/``
(as ``nbgrader collect`` would) and the plan, the truth the cohort report must recover, to
``course/submitted/.kamlab-synthetic.json``. Then ``python -m kamlab grade ...`` and
``python -m kamlab report ...`` show what an instructor would see.

**Rates.** For every graded exercise (``course/authoring/<assignment>.py``), of ``n`` learners,
exactly ``round(n * rate)`` (largest remainders) give the model solution, a catalogued mistake,
a catalogued alternative (a right answer written another way) or nothing (the blank of the
release): 50 %, 30 %, 10 % and 10 % by default. The mistakes are spread over the exercise's
catalogue with known frequencies, Zipf-like (the k-th catalogued mistake has weight 1/k), again
in exact counts; alternatives are spread evenly.

**Who does what.** Each learner has an ability (a standard normal draw). Per exercise, learners
are ordered by ability plus noise of the same spread: the best get the right answers (some of
them written another way), the next the mistakes, the last leave it blank. So strong learners
tend to do well everywhere, as in a real cohort, and the report's discrimination indices have
something to find, while the rates stay exact.

**How they write it.** A right answer is the model solution as written (the hints lead there).
A mistake or an alternative is the catalogue's code in the learner's own style
(:func:`restyle`): their own names for the variables it sets, and for some a variable that holds
the answer first. Two learners making the same mistake therefore write the same code only when
their styles agree or the code is a one-liner with nothing to name, as with real learners.

**Copies.** A few groups (by default two pairs and a triple) are planted last: the first member
is a learner who wrote, on enough exercises, code nobody else wrote (:func:`needed_unique`: 3
exercises for a pair, 2 for a triple, among 40 learners); the others copy every answer cell
from them, with comments and blank lines added, so the code is the same and the text is not.
Copying a learner whose answers others wrote too leaves nothing in the answers to tell it from
chance, so it is not planted; a group no learner qualifies for is left out and recorded in the
plan (``unplanted``).

Everything is decided by the seed; the same seed writes the same cohort.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from kamlab.grader import course as grading

KINDS = ("right", "mistake", "alternative", "blank")
PLAN_FILE = ".kamlab-synthetic.json"
BLANK_LINE = re.compile(r"^(\w+(?:\s*,\s*\w+)*)\s*=\s*None\s*$")


@dataclass(frozen=True)
class Rates:
    """The share of learners per exercise who answer right, make a mistake, answer another way, or skip."""

    right: float = 0.5
    mistake: float = 0.3
    alternative: float = 0.1
    blank: float = 0.1

    def counts(self, n: int) -> dict[str, int]:
        """Exact counts for ``n`` learners (largest remainders, so they add up to ``n``).

        >>> Rates().counts(40)
        {'right': 20, 'mistake': 12, 'alternative': 4, 'blank': 4}
        """
        return dict(zip(KINDS, largest_remainders([getattr(self, k) for k in KINDS], n)))


def largest_remainders(weights: Sequence[float], total: int) -> list[int]:
    """Whole numbers in proportion to ``weights`` that add up to ``total``.

    >>> largest_remainders([1, 1/2, 1/3], 11)
    [6, 3, 2]
    """
    if total <= 0 or not weights:
        return [0] * len(weights)
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [math.floor(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda k: (-(exact[k] - counts[k]), k))
    for k in order[: total - sum(counts)]:
        counts[k] += 1
    return counts


@dataclass(frozen=True)
class Choice:
    """One catalogued way of answering an exercise: the code that replaces the learner's blank."""

    kind: str
    name: str
    code: str


@dataclass(frozen=True)
class ExerciseCatalogue:
    """An exercise's grade cell, answer cell, answer names, model solution, mistakes and alternatives."""

    assignment: str
    test: str
    cell: str
    parts: tuple[str, ...]
    solution: str
    mistakes: tuple[Choice, ...]
    alternatives: tuple[Choice, ...]
    taken: frozenset[str] = frozenset()  # names the notebook's own code sets: a learner's must not clash

    def mistake_weights(self) -> list[float]:
        """Zipf-like: the k-th catalogued mistake is made with weight 1/k."""
        return [1 / (k + 1) for k in range(len(self.mistakes))]


def exercises(assignment: str, course: Path = grading.COURSE) -> list[ExerciseCatalogue]:
    """The graded exercises of ``assignment`` (``course/authoring/<assignment>.py``), in notebook order."""
    from kamlab.grader.build import AUTHORING, load_spec

    spec = load_spec(Path(course) / AUTHORING / f"{assignment}.py")
    source = grading.load(Path(course) / "source" / assignment / f"{assignment}.ipynb")
    taken: set[str] = set()
    for cell in source["cells"]:
        if cell["cell_type"] == "code":
            try:
                tree = ast.parse(grading.SOLUTION.sub("", "".join(cell["source"])))
            except SyntaxError:
                continue
            taken |= {n for stmt in tree.body for n in _names(stmt)[1]}
    out = []
    for ex in getattr(spec, "EXERCISES", []):
        if not ex.graded:
            continue
        out.append(
            ExerciseCatalogue(
                assignment,
                ex.id,
                f"{ex.id}_answer",
                tuple(p.name for p in ex.parts),
                ex.solution,
                tuple(Choice("mistake", m.name, m.code) for m in ex.mistakes),
                tuple(Choice("alternative", a.name, a.code) for a in ex.alternatives),
                frozenset(taken),
            )
        )
    return out


# ------------------------------------------------------------------------------ how learners write


def _names(statement: ast.AST) -> tuple[set[str], set[str]]:
    loads, stores = set(), set()
    for node in ast.walk(statement):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stores).add(node.id)
    return loads, stores


def reads(code: str) -> set[str]:
    """The names ``code`` reads before it sets them: what it needs from the notebook.

    >>> sorted(reads("w = f(points)\\nx = g(w, criteria)"))
    ['criteria', 'f', 'g', 'points']
    """
    defined: set[str] = set()
    needed: set[str] = set()
    for statement in ast.parse(code).body:
        loads, stores = _names(statement)
        needed |= loads - defined
        defined |= stores
    return needed - set(dir(builtins))


def temporaries(code: str, keep: Sequence[str]) -> list[str]:
    """Names ``code`` sets before any use, other than the answer's: safe to rename."""
    defined: list[str] = []
    seen: set[str] = set()
    for statement in ast.parse(code).body:
        loads, stores = _names(statement)
        for name in sorted(stores - seen):
            if name not in loads and name not in keep:
                defined.append(name)
        seen |= loads | stores
    return defined


class _Rename(ast.NodeTransformer):
    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.copy_location(ast.Name(self.mapping.get(node.id, node.id), node.ctx), node)


#: How learners name things: a learner's style picks a prefix for their own variables and, for
#: some, a variable to hold the answer before it is assigned.
PREFIXES = ("", "my_", "the_", "new_", "tmp_", "x_", "calc_", "v_")
HOLDERS = ("result", "answer", "out", "res", "mine", "values", "calc", "tmp")


def restyle(code: str, parts: Sequence[str], style: int, avoid: Iterable[str] = ()) -> str:
    """``code`` as a learner with ``style`` would write it: same behaviour, their own names.

    Style ``s`` renames the variables the code sets for itself (not the answer's) with prefix
    ``PREFIXES[s % 8]``, and, when ``s >= 8``, first puts the answer's last value in a variable of
    its own. Style 0 leaves the code as catalogued. No new name is one of ``avoid`` (the
    notebook's own variables) or one the code already uses.

    >>> print(restyle("w = f(1)\\nx = g(w)", ["x"], 9))
    my_w = f(1)
    answer = g(my_w)
    x = answer
    """
    if style == 0:
        return code.strip("\n")
    tree = ast.parse(code)
    prefix = PREFIXES[style % len(PREFIXES)]
    taken = {n for stmt in tree.body for group in _names(stmt) for n in group} | set(avoid)
    mapping = {n: prefix + n for n in temporaries(code, parts) if prefix and prefix + n not in taken}
    tree = _Rename(mapping).visit(tree)
    if style >= len(PREFIXES):
        free = [h for h in HOLDERS if h not in taken]
        holder = free[style % len(free)] if free else ""
        for k in range(len(tree.body) - 1, -1, -1):
            stmt = tree.body[k]
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id in parts
                and holder
            ):
                target = stmt.targets[0].id
                tree.body[k : k + 1] = [
                    ast.Assign([ast.Name(holder, ast.Store())], stmt.value),
                    ast.Assign([ast.Name(target, ast.Store())], ast.Name(holder, ast.Load())),
                ]
                break
    return ast.unparse(ast.fix_missing_locations(tree))


@dataclass
class Answer:
    """What one learner gives for one exercise: a kind of :data:`KINDS`, the catalogue's name, the code."""

    assignment: str
    test: str
    cell: str
    kind: str
    name: str = ""
    code: str = ""


@dataclass
class Learner:
    id: str
    ability: float
    style: int = 0
    answers: dict[str, Answer] = field(default_factory=dict)  # grade cell -> answer
    copied_from: str | None = None


@dataclass
class Plan:
    """The cohort: every learner's answers, the planted copy groups and the mistakes' nominal weights."""

    assignments: list[str]
    seed: int
    rates: Rates
    learners: list[Learner]
    copy_groups: list[list[str]]
    weights: dict[str, dict[str, float]]  # grade cell -> mistake name -> nominal share of the mistakes
    unplanted: list[int] = field(default_factory=list)  # copy groups (sizes) no learner was distinctive for

    def counts(self) -> dict[str, dict[str, int]]:
        """Grade cell -> kind ("right", "mistake", "alternative", "blank") -> learners."""
        out: dict[str, dict[str, int]] = {}
        for learner in self.learners:
            for test, answer in learner.answers.items():
                out.setdefault(test, dict.fromkeys(KINDS, 0))[answer.kind] += 1
        return out

    def mistake_counts(self) -> dict[str, dict[str, int]]:
        """Grade cell -> mistake name -> learners who made it."""
        out: dict[str, dict[str, int]] = {}
        for learner in self.learners:
            for test, answer in learner.answers.items():
                if answer.kind == "mistake":
                    names = out.setdefault(test, {})
                    names[answer.name] = names.get(answer.name, 0) + 1
        return out

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data = json.loads(text)
        learners = [
            Learner(
                d["id"],
                d["ability"],
                d.get("style", 0),
                {t: Answer(**a) for t, a in d["answers"].items()},
                d.get("copied_from"),
            )
            for d in data["learners"]
        ]
        return cls(
            data["assignments"],
            data["seed"],
            Rates(**data["rates"]),
            learners,
            data["copy_groups"],
            data["weights"],
            data.get("unplanted", []),
        )


def _slots(ex: ExerciseCatalogue, counts: Mapping[str, int], rng: np.random.Generator) -> list[Choice]:
    """One choice per learner, best first: full marks (some written another way), mistakes, blanks."""
    right = Choice("right", "", ex.solution)
    alternatives = [ex.alternatives[k % len(ex.alternatives)] for k in range(counts["alternative"])]
    if not ex.alternatives:
        alternatives = [right] * counts["alternative"]
    full = [right] * counts["right"] + alternatives
    full = [full[k] for k in rng.permutation(len(full))]
    weights = ex.mistake_weights()
    made = [m for m, c in zip(ex.mistakes, largest_remainders(weights, counts["mistake"])) for _ in range(c)]
    made = [made[k] for k in rng.permutation(len(made))]
    return full + made + [Choice("blank", "", "")] * counts["blank"]


def make_plan(
    catalogues: Sequence[ExerciseCatalogue],
    learners: int = 40,
    seed: int = 1,
    rates: Rates = Rates(),
    copy_groups: Sequence[int] = (2, 2, 3),
) -> Plan:
    """Decide every learner's answer to every exercise, then plant the copy groups.

    Per exercise, learners ordered by ability plus noise take the choices of :func:`_slots` in
    turn. A choice whose code reads what an earlier exercise's model solution sets (its answer, a
    helper variable) goes only to a learner who answered that exercise with the model solution:
    anyone else's notebook would not have it. When no such learner is left, another choice of
    the same kind is taken (the plan records what each learner really gives).
    """
    rng = np.random.default_rng(seed)
    ids = [f"learner{k + 1:02d}" for k in range(learners)]
    ability = rng.standard_normal(learners)
    styles = rng.integers(0, 2 * len(PREFIXES), size=learners)
    cohort = [Learner(i, round(float(a), 4), int(st)) for i, a, st in zip(ids, ability, styles)]
    counts = rates.counts(learners)
    weights: dict[str, dict[str, float]] = {}
    defined: dict[str, str] = {}  # a name an exercise's model solution sets -> that exercise

    def able(k: int, choice: Choice) -> bool:
        needs = reads(choice.code) if choice.code else set()
        return all(cohort[k].answers[defined[n]].kind == "right" for n in needs if n in defined)

    for ex in catalogues:
        performance = ability + rng.standard_normal(learners)
        waiting = [int(k) for k in np.argsort(-performance, kind="stable")]
        for slot in _slots(ex, counts, rng):
            same_kind = [slot] + [c for c in (*ex.mistakes, *ex.alternatives) if c.kind == slot.kind]
            pick = next(((k, c) for c in same_kind for k in waiting if able(k, c)), None)
            if pick is None:
                pick = (waiting[0], Choice("blank", "", ""))
            k, choice = pick
            waiting.remove(k)
            code = (
                choice.code
                if choice.kind in ("right", "blank")
                else restyle(choice.code, ex.parts, cohort[k].style, ex.taken)
            )
            cohort[k].answers[ex.test] = Answer(
                ex.assignment, ex.test, ex.cell, choice.kind, choice.name, code
            )
        w = ex.mistake_weights()
        weights[ex.test] = {m.name: wk / sum(w) for m, wk in zip(ex.mistakes, w)}
        for statement in ast.parse(ex.solution).body:
            for name in _names(statement)[1]:
                defined.setdefault(name, ex.test)
    groups, skipped = _plant_copies(cohort, copy_groups, rng)
    assignments = list(dict.fromkeys(ex.assignment for ex in catalogues))
    return Plan(assignments, seed, rates, cohort, groups, weights, skipped)


def unique_answers(cohort: Sequence[Learner]) -> dict[str, int]:
    """Learner -> exercises on which nobody else wrote the same code (comments and spacing aside)."""
    from kamlab.grader.cohort import normalise_answer

    code = {
        (lr.id, t): normalise_answer(a.code)
        for lr in cohort
        for t, a in lr.answers.items()
        if a.kind != "blank"
    }
    holders = Counter((t, c) for (_, t), c in code.items())
    out = dict.fromkeys((lr.id for lr in cohort), 0)
    for (learner, test), c in code.items():
        out[learner] += holders[(test, c)] == 1
    return out


def needed_unique(learners: int, size: int, alpha: float = 0.05) -> int:
    """Answers nobody else wrote that a group must share to stand out from chance in a cohort this size.

    A group of ``size`` agreeing on ``d`` such answers is expected by chance about
    C(learners, size) / (learners - size + 1) ** ((size - 1) * d) times (the estimate of
    :func:`kamlab.grader.cohort.copy_clusters`); this is the smallest ``d`` that makes it under
    ``alpha``. For 40 learners: 3 for a pair, 2 for a triple.

    >>> needed_unique(40, 2), needed_unique(40, 3)
    (3, 2)
    """
    d = 1
    while math.comb(learners, size) * (learners - size + 1) ** (-(size - 1) * d) >= alpha:
        d += 1
    return d


def _plant_copies(
    cohort: list[Learner], sizes: Sequence[int], rng: np.random.Generator
) -> tuple[list[list[str]], list[int]]:
    """Pick a source per group and make the others copy it, answer for answer.

    A source must have written, on enough exercises (:func:`needed_unique`), code nobody else
    wrote: copying a learner whose answers others share too leaves no trace any comparison of
    answers could find. Groups for which no such learner is left are not planted (returned).
    """
    unique = unique_answers(cohort)
    index = {lr.id: k for k, lr in enumerate(cohort)}
    taken: set[int] = set()
    distinct = {index[i] for i, u in unique.items() if u >= 2}
    groups, skipped = [], []
    for size in sizes:
        need = needed_unique(len(cohort), size)
        sources = [index[i] for i, u in unique.items() if u >= need and index[i] not in taken]
        others = [k for k in range(len(cohort)) if k not in taken and k not in distinct]
        if not sources or len(others) < size - 1:
            skipped.append(size)
            continue
        source = int(rng.choice(sources))
        copiers = [
            int(k) for k in rng.choice([k for k in others if k != source], size=size - 1, replace=False)
        ]
        taken.update([source, *copiers])
        for k in copiers:
            cohort[k].answers = {t: Answer(**asdict(a)) for t, a in cohort[source].answers.items()}
            cohort[k].copied_from = cohort[source].id
        groups.append(sorted(cohort[k].id for k in [source, *copiers]))
    return sorted(groups), skipped


# ------------------------------------------------------------------------------------- the notebooks


def fill(template: str, code: str, disguise: bool = False) -> str:
    """The learner's answer cell: the released cell with ``code`` written under the blank(s).

    ``disguise`` (for a copier) adds a comment and blank lines: the text changes, the code does not.

    >>> print(fill("# Exercise 1\\nx = None\\n\\nx", "x = 1 + 1"))
    # Exercise 1
    x = None
    x = 1 + 1
    <BLANKLINE>
    x
    """
    lines = template.split("\n")
    blanks = [k for k, line in enumerate(lines) if BLANK_LINE.match(line)]
    body = code.strip("\n")
    if disguise:
        body = "# my answer, checked twice\n\n" + body.replace("\n", "\n\n") + "\n"
    if not blanks:
        return body
    at = blanks[-1] + 1
    return "\n".join([*lines[:at], body, *lines[at:]])


def write(
    plan: Plan, course: Path = grading.COURSE, timestamp: str = "2026-01-15 10:00:00.000000 UTC"
) -> None:
    """Hand in every learner's notebooks (``submitted/<learner>/<assignment>/``) and save the plan."""
    course = Path(course)
    for assignment in plan.assignments:
        released_path = course / "release" / assignment / f"{assignment}.ipynb"
        if not released_path.exists():
            grading.nbgrader(course, "generate_assignment", assignment, "--force")
        released = grading.load(released_path)
        templates = {
            gid: "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for gid, c in grading.cells_by_id(released).items()
        }
        for learner in plan.learners:
            cells = {
                a.cell: fill(templates[a.cell], a.code, disguise=learner.copied_from is not None)
                for a in learner.answers.values()
                if a.assignment == assignment and a.kind != "blank"
            }
            notebook = grading.make_submission(released, cells)
            grading.submit(course, assignment, learner.id, notebook, assignment)
            stamp = course / "submitted" / learner.id / assignment / "timestamp.txt"
            stamp.write_text(timestamp)
    (course / "submitted" / PLAN_FILE).write_text(plan.to_json())


def load_plan(course: Path = grading.COURSE) -> Plan:
    return Plan.from_json((Path(course) / "submitted" / PLAN_FILE).read_text())


def generate(
    assignments: Sequence[str],
    course: Path = grading.COURSE,
    learners: int = 40,
    seed: int = 1,
    rates: Rates = Rates(),
    copy_groups: Sequence[int] = (2, 2, 3),
) -> Plan:
    """Plan a cohort for ``assignments`` and hand in its submissions in ``course``."""
    catalogues = [ex for a in assignments for ex in exercises(a, course)]
    if not catalogues:
        raise ValueError(
            f"{', '.join(assignments)}: no catalogued exercises (course/authoring/<assignment>.py)"
        )
    plan = make_plan(catalogues, learners, seed, rates, copy_groups)
    plan.assignments = list(assignments)
    write(plan, course)
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kamlab synthetic",
        description="Hand in a synthetic cohort (course/submitted/learnerNN/<assignment>/) that makes the "
        "catalogued mistakes and alternatives at known rates, with a few planted copies.",
    )
    parser.add_argument("assignments", nargs="+", metavar="ASSIGNMENT")
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--course", type=Path, default=grading.COURSE)
    args = parser.parse_args(argv)
    try:
        plan = generate(args.assignments, args.course, args.learners, args.seed)
    except (ValueError, FileNotFoundError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    counts = plan.counts()
    print(
        f"Handed in {len(plan.learners)} learners x {len(plan.assignments)} assignment(s) "
        f"in {args.course}/submitted."
    )
    for test, c in counts.items():
        print(f"  {test}: " + ", ".join(f"{c[k]} {k}" for k in KINDS))
    print("  planted copies: " + "; ".join(" + ".join(g) for g in plan.copy_groups))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
