"""Cohort analytics for the instructor: what the gradebook and the autograded notebooks say about a cohort.

:func:`load` reads, for some assignments of a graded course:

- the gradebook: every learner's score on every graded exercise (a check cell), and its maximum;
- the autograded notebooks: what each check cell's self-check said (passed, not answered, or the
  message that names a catalogued mistake), and the code of each answer cell.

From these, plain functions compute what the report (:mod:`kamlab.grader.cohort_report`) and the
notebook ``course/analytics.ipynb`` show:

- :func:`item_statistics`: per exercise, the mean score, the facility (share of the marks the
  cohort earned: classical test theory's "difficulty index", low means hard) and two
  discrimination indices: the item-rest point-biserial correlation and the upper-lower index;
- :func:`mistake_ranking`: the catalogued mistakes ranked by how many learners made them, named
  from the self-check messages (a mistake's ``says`` text in the catalogue,
  ``course/authoring/<assignment>.py``), and the wrong answers no catalogue entry names;
- :func:`struggling`: learners below a threshold, their weakest steps and what they lost there;
- :func:`copy_clusters`: groups of learners who wrote the same code where few others did,
  flagged as possible copying, with the odds of such agreement by chance.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kamlab.grader import course as grading

PASSED = "✓ Self-check passed"
NOT_ANSWERED = "not answered yet"
#: What a learner's answer to an exercise came to, as the report names it.
STATUSES = {
    "passed": "right (self-check passed)",
    "mistake": "a catalogued mistake",
    "wrong": "wrong, not in the catalogue",
    "blank": "not answered",
    "error": "the answer raised an error",
    "hidden": "self-check passed, hidden test failed",
    "grader": "stopped or refused by the grader",
    "missing": "not graded (no autograded notebook)",
}


def words(text: str) -> str:
    return " ".join(str(text).split())


def step_label(assignment: str) -> str:
    """``step4_key_accounts`` -> ``Step 4``.

    >>> step_label("step4_key_accounts")
    'Step 4'
    """
    found = re.match(r"step(\d+)", assignment)
    return f"Step {found.group(1)}" if found else assignment


# -------------------------------------------------------------------------------- self-check messages


@dataclass(frozen=True)
class Verdict:
    """What a check cell said: a status of :data:`STATUSES`, the mistake it named, the message."""

    status: str
    mistake: str = ""
    message: str = ""


def name_mistake(message: str, mistakes: Sequence[tuple[str, str]]) -> str:
    """The catalogued mistake a self-check message names (``""`` if none): its ``says`` is in the message.

    A mistake recognised by its whole answer reads "<answer> looks like <says>."; that form wins,
    then the longest ``says`` found in the message (the most specific).

    >>> name_mistake("x looks like the weights must add up to 1.", [("sum", "the weights must add up to 1")])
    'sum'
    """
    text = words(message)
    hits = [(name, words(says)) for name, says in mistakes if words(says) and words(says) in text]
    if not hits:
        return ""
    exact = [h for h in hits if f"looks like {h[1]}." in text]
    return max(exact or hits, key=lambda h: len(h[1]))[0]


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def read_verdict(outputs: Sequence[Mapping[str, Any]], mistakes: Sequence[tuple[str, str]]) -> Verdict:
    """Classify a check cell from its outputs in the autograded notebook."""
    stdout = "".join(_text(o.get("text")) for o in outputs if o.get("output_type") == "stream")
    errors = [
        (str(o.get("ename", "")), words(o.get("evalue", "")))
        for o in outputs
        if o.get("output_type") == "error"
    ]
    grader = [e for e in errors if e[0].startswith("Grader")]
    if grader:
        return Verdict("grader", "", grader[0][1])
    if PASSED in stdout:
        return Verdict("passed", "", words(stdout.split(PASSED, 1)[1].split("\n", 1)[0].lstrip(": ")))
    checks = [e for e in errors if e[0] == "SelfCheckError"]
    if checks:
        message = checks[0][1]
        mistake = name_mistake(message, mistakes)
        return Verdict("mistake" if mistake else "wrong", mistake, message)
    if NOT_ANSWERED in stdout:
        return Verdict("blank", "", NOT_ANSWERED)
    if errors:
        return Verdict("error", "", f"{errors[0][0]}: {errors[0][1]}"[:300])
    return Verdict("missing", "", "the check cell has no output")


# ---------------------------------------------------------------------------------------- answer code


def normalise_answer(source: str, template: str = "") -> str:
    """An answer cell's code in a canonical form: comments, blank lines, spacing and quotes do not count.

    The statements of the released cell (``name = None`` and the line that shows the answer) are
    left out, so an unanswered cell gives ``""``.

    >>> normalise_answer("x = None\\n# mine\\nx = f( 'a' ,1)\\n\\nx", "x = None\\n\\nx")
    "x = f('a', 1)"
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        lines = [ln.split("#", 1)[0].strip() for ln in source.splitlines()]
        return "\n".join(" ".join(ln.split()) for ln in lines if ln)
    try:
        known = {ast.dump(s) for s in ast.parse(template).body}
    except SyntaxError:
        known = set()
    return "\n".join(ast.unparse(s) for s in tree.body if ast.dump(s) not in known)


# ------------------------------------------------------------------------------------------- loading


@dataclass
class Cohort:
    """A graded cohort, as tables.

    - ``exercises``: one row per graded exercise (index: its grade cell id): ``assignment``,
      ``step``, ``title``, ``points``, ``answer_cell``, ``label``;
    - ``scores``: learners x exercises, points (NaN where a learner has no submission of that step);
    - ``verdicts``: one row per learner and exercise: ``status``, ``mistake``, ``message``, ``answer``
      (the normalised code) and ``score``;
    - ``catalogue``: one row per catalogued mistake: ``test``, ``mistake``, ``says``.
    """

    course: Path
    assignments: list[str]
    exercises: pd.DataFrame
    scores: pd.DataFrame
    verdicts: pd.DataFrame
    catalogue: pd.DataFrame
    submitted: dict[str, set[str]] = field(default_factory=dict)  # assignment -> learners in the gradebook

    @property
    def learners(self) -> list[str]:
        return list(self.scores.index)

    @property
    def max_scores(self) -> pd.Series:
        return self.exercises["points"]


def _source(cell: Mapping[str, Any]) -> str:
    return _text(cell.get("source"))


def load(assignments: Sequence[str], course: Path = grading.COURSE) -> Cohort:
    """Read the gradebook and the autograded notebooks of ``assignments`` in ``course``."""
    from nbgrader.api import Gradebook

    course = Path(course)
    ex_rows, score_rows, catalogue_rows, verdict_rows = [], [], [], []
    submitted: dict[str, set[str]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for assignment in assignments:
            record = gb.find_assignment(assignment)
            for notebook in record.notebooks:
                for cell in notebook.grade_cells:
                    ex_rows.append((cell.name, assignment, notebook.name, float(cell.max_score)))
            submitted[assignment] = set()
            for sub in gb.assignment_submissions(assignment):
                submitted[assignment].add(sub.student_id)
                for nb in sub.notebooks:
                    for g in nb.grades:
                        score = g.score
                        score_rows.append(
                            (sub.student_id, g.name, float(score) if score is not None else 0.0)
                        )
    exercises = pd.DataFrame(ex_rows, columns=["test", "assignment", "notebook", "points"]).set_index("test")
    learners = sorted(set().union(*submitted.values())) if submitted else []
    scores = pd.DataFrame(
        np.nan, index=pd.Index(learners, name="learner"), columns=exercises.index, dtype=float
    )
    for learner, test, score in score_rows:
        if test in scores.columns:
            scores.loc[learner, test] = score

    titles, cells, templates = {}, {}, {}
    for assignment in assignments:
        mistakes, _ = grading.catalogue(assignment, course)
        catalogue_rows += [(m.test, m.name, m.feedback) for m in mistakes]
        checks = course / "source" / assignment / ".kamlab-checks.json"
        if checks.exists():
            for test, spec in json.loads(checks.read_text()).get("exercises", {}).items():
                titles[test] = spec.get("title", test)
        release = course / "release" / assignment
        for notebook in exercises.loc[exercises["assignment"] == assignment, "notebook"].unique():
            path = release / f"{notebook}.ipynb"
            if path.exists():
                for gid, cell in grading.cells_by_id(grading.load(path)).items():
                    templates[gid] = _source(cell)
    catalogue = pd.DataFrame(catalogue_rows, columns=["test", "mistake", "says"])
    said = {t: list(zip(g["mistake"], g["says"])) for t, g in catalogue.groupby("test")}

    for assignment in assignments:
        notebooks = exercises.loc[exercises["assignment"] == assignment, "notebook"].unique()
        for learner in sorted(submitted.get(assignment, ())):
            for notebook in notebooks:
                path = course / "autograded" / learner / assignment / f"{notebook}.ipynb"
                graded = grading.load(path) if path.exists() else {"cells": []}
                answer = None
                seen = set()
                for cell in graded["cells"]:
                    meta = cell.get("metadata", {}).get("nbgrader", {})
                    gid = meta.get("grade_id")
                    if meta.get("solution") and cell.get("cell_type") == "code":
                        answer = (gid, normalise_answer(_source(cell), templates.get(gid, "")))
                    if gid in exercises.index and meta.get("grade"):
                        cells[gid] = answer[0] if answer else ""
                        verdict = read_verdict(cell.get("outputs", []), said.get(gid, []))
                        verdict_rows.append(
                            (
                                learner,
                                gid,
                                verdict.status,
                                verdict.mistake,
                                verdict.message,
                                answer[1] if answer else "",
                            )
                        )
                        seen.add(gid)
                for gid in exercises.index[exercises["notebook"] == notebook]:
                    if gid not in seen:
                        verdict_rows.append((learner, gid, "missing", "", "not graded", ""))
    verdicts = pd.DataFrame(
        verdict_rows, columns=["learner", "test", "status", "mistake", "message", "answer"]
    )
    verdicts["score"] = [scores.loc[r.learner, r.test] for r in verdicts.itertuples()]
    points = verdicts["test"].map(exercises["points"])
    hidden = (verdicts["status"] == "passed") & (verdicts["score"] < points)
    verdicts.loc[hidden, "status"] = "hidden"
    exercises["step"] = exercises["assignment"].map(step_label)
    exercises["title"] = [titles.get(t, t) for t in exercises.index]
    exercises["answer_cell"] = [cells.get(t, "") for t in exercises.index]
    exercises["label"] = [f"{s} · {t}" for s, t in zip(exercises["step"], exercises.index)]
    return Cohort(course, list(assignments), exercises, scores, verdicts, catalogue, submitted)


# ------------------------------------------------------------------------------------ item statistics


def point_biserial(item: Sequence[float], rest: Sequence[float]) -> float:
    """Pearson correlation of an item's scores with the rest of the test (NaN if either is constant).

    For an item scored right/wrong this is the point-biserial correlation; using the rest score
    (total minus the item) keeps the item from correlating with itself.

    >>> round(point_biserial([1, 1, 0, 0], [3, 2, 1, 0]), 3)
    0.894
    """
    x, y = np.asarray(item, dtype=float), np.asarray(rest, dtype=float)
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def upper_lower(item_share: pd.Series, totals: pd.Series, share: float = 0.27) -> float:
    """Facility in the top ``share`` of learners (by total) minus facility in the bottom ``share``.

    >>> totals = pd.Series([9, 8, 7, 1, 2, 3], index=list("abcdef"))
    >>> upper_lower(pd.Series([1, 0, 1, 0, 0, 1.0], index=list("abcdef")), totals, 0.34)
    0.5
    """
    n = len(totals)
    k = max(1, int(round(share * n)))
    if n < 2 * k:
        return float("nan")
    order = totals.sort_values(kind="stable").index
    low, high = order[:k], order[-k:]
    return float(item_share[high].mean() - item_share[low].mean())


def item_statistics(cohort: Cohort) -> pd.DataFrame:
    """Per exercise: learners, mean score, facility (mean score / points), discrimination (two indices).

    Computed over the learners who submitted the exercise's step. ``discrimination`` is the
    item-rest point-biserial correlation, ``upper_lower`` the difference in facility between the
    top and bottom 27 % of learners by total score (on the same steps).
    """
    rows = []
    ex = cohort.exercises
    for test in ex.index:
        who = sorted(cohort.submitted.get(ex.loc[test, "assignment"], ()))
        scores = cohort.scores.loc[who].fillna(0.0)
        item = scores[test]
        total = scores.sum(axis=1)
        rest = total - item
        points = ex.loc[test, "points"]
        rows.append(
            {
                "test": test,
                "label": ex.loc[test, "label"],
                "learners": len(who),
                "points": points,
                "mean_score": float(item.mean()) if who else float("nan"),
                "facility": float(item.mean() / points) if who and points else float("nan"),
                "full_marks": int((item >= points).sum()),
                "discrimination": point_biserial(item, rest),
                "upper_lower": upper_lower(item / points if points else item, total),
            }
        )
    return pd.DataFrame(rows).set_index("test")


def outcome_table(cohort: Cohort) -> pd.DataFrame:
    """Exercises x statuses: how many learners' answers came to each (see :data:`STATUSES`)."""
    table = pd.crosstab(cohort.verdicts["test"], cohort.verdicts["status"])
    table = table.reindex(index=cohort.exercises.index, columns=list(STATUSES), fill_value=0)
    return table.fillna(0).astype(int)


def written_another_way(cohort: Cohort) -> pd.Series:
    """Per exercise: right answers whose code is not the model solution's most common form.

    The most frequent normalised code among the right answers stands for the model solution.
    """
    out = {}
    for test, group in cohort.verdicts[cohort.verdicts["status"] == "passed"].groupby("test"):
        common = group["answer"].value_counts()
        out[test] = int(len(group) - common.iloc[0]) if len(common) else 0
    return pd.Series(out, dtype=int).reindex(cohort.exercises.index, fill_value=0)


# ---------------------------------------------------------------------------------------- mistakes


def mistake_ranking(cohort: Cohort) -> pd.DataFrame:
    """The catalogued mistakes the cohort made, most frequent first.

    Columns: ``test``, ``label``, ``mistake``, ``says``, ``learners`` (who made it), ``share``
    (of the learners graded on that exercise), ``of_wrong`` (of the wrong answers there).
    """
    v = cohort.verdicts
    graded = v[v["status"] != "missing"].groupby("test").size()
    wrong = v[v["status"].isin(["mistake", "wrong"])].groupby("test").size()
    made = v[v["status"] == "mistake"].groupby(["test", "mistake"]).size().rename("learners").reset_index()
    says = cohort.catalogue.drop_duplicates(["test", "mistake"]).set_index(["test", "mistake"])["says"]
    made["says"] = [says.get((t, m), "") for t, m in zip(made["test"], made["mistake"])]
    made["label"] = made["test"].map(cohort.exercises["label"])
    made["share"] = made["learners"] / made["test"].map(graded)
    made["of_wrong"] = made["learners"] / made["test"].map(wrong)
    order = {t: k for k, t in enumerate(cohort.exercises.index)}
    made["order"] = made["test"].map(order)
    made = made.sort_values(["learners", "order", "mistake"], ascending=[False, True, True], kind="stable")
    return made.drop(columns="order").reset_index(drop=True)[
        ["test", "label", "mistake", "says", "learners", "share", "of_wrong"]
    ]


def uncatalogued(cohort: Cohort, top: int = 10) -> pd.DataFrame:
    """The self-check messages of wrong answers no catalogue entry names: candidates for the catalogue."""
    v = cohort.verdicts
    wrong = v[v["status"].isin(["wrong", "error"])]
    if wrong.empty:
        return pd.DataFrame(columns=["test", "label", "message", "learners"])
    shape = wrong.assign(message=wrong["message"].str.replace(r"\d[\d,.]*", "#", regex=True))
    table = shape.groupby(["test", "message"]).size().rename("learners").reset_index()
    table["label"] = table["test"].map(cohort.exercises["label"])
    table = table.sort_values("learners", ascending=False, kind="stable").head(top)
    return table[["test", "label", "message", "learners"]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------- learners


def learner_totals(cohort: Cohort) -> pd.DataFrame:
    """Per learner and step: score, points and share; a step not handed in counts 0."""
    ex = cohort.exercises
    rows = []
    for learner in cohort.learners:
        for assignment in cohort.assignments:
            tests = ex.index[ex["assignment"] == assignment]
            points = float(ex.loc[tests, "points"].sum())
            handed_in = learner in cohort.submitted.get(assignment, set())
            score = float(cohort.scores.loc[learner, tests].fillna(0).sum()) if handed_in else 0.0
            rows.append((learner, assignment, step_label(assignment), handed_in, score, points))
    table = pd.DataFrame(rows, columns=["learner", "assignment", "step", "handed_in", "score", "points"])
    table["share"] = table["score"] / table["points"].where(table["points"] > 0)
    return table


def struggling(cohort: Cohort, threshold: float = 0.5, weakest: int = 2) -> pd.DataFrame:
    """Learners whose share of the marks (over the report's steps) is below ``threshold``, weakest first.

    ``weakest_steps`` names their ``weakest`` lowest steps with the share of marks there; ``lost``
    lists, for those steps, each exercise short of full marks and why (the mistake the self-check
    named, or the status).
    """
    steps = learner_totals(cohort)
    overall = steps.groupby("learner")[["score", "points"]].sum()
    overall["share"] = overall["score"] / overall["points"]
    low = overall[overall["share"] < threshold].sort_values(["share", "score"], kind="stable")
    v = cohort.verdicts.set_index(["learner", "test"])
    ex = cohort.exercises
    rows = []
    for learner, row in low.iterrows():
        mine = steps[steps["learner"] == learner].sort_values(["share", "step"], kind="stable").head(weakest)
        weak = [
            f"{s.step} {s.score:g}/{s.points:g}" + ("" if s.handed_in else " (not handed in)")
            for s in mine.itertuples()
        ]
        lost = []
        for s in mine.itertuples():
            for test in ex.index[ex["assignment"] == s.assignment]:
                if (learner, test) not in v.index:
                    continue
                verdict = v.loc[(learner, test)]
                if verdict["score"] < ex.loc[test, "points"]:
                    why = verdict["mistake"] or STATUSES.get(verdict["status"], verdict["status"])
                    lost.append(f"{test}: {why}")
        rows.append(
            {
                "learner": learner,
                "score": row["score"],
                "points": row["points"],
                "share": row["share"],
                "weakest_steps": "; ".join(weak),
                "lost": "; ".join(lost),
            }
        )
    return pd.DataFrame(rows, columns=["learner", "score", "points", "share", "weakest_steps", "lost"])


# ----------------------------------------------------------------------------------------- copying


@dataclass(frozen=True)
class Cluster:
    """Learners who wrote the same code on ``exercises``, more than chance explains.

    ``others`` is, per shared exercise, how many other learners wrote that same code; ``expected``
    is how many groups of this size would agree this much by chance in a cohort of this size
    (small: suspicious).
    """

    learners: tuple[str, ...]
    exercises: tuple[str, ...]
    others: tuple[int, ...]
    expected: float
    answers: tuple[str, ...] = ()

    def describe(self) -> str:
        shared = ", ".join(
            f"{t} ({o} other{'s' if o != 1 else ''})" for t, o in zip(self.exercises, self.others)
        )
        return (
            f"{' + '.join(self.learners)}: the same code on {len(self.exercises)} exercise(s): {shared}. "
            f"Groups agreeing this much by chance: about {self.expected:.2g} in this cohort."
        )


def _holders(answers: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(exercise, answer) -> learners who gave it (blank answers left out)."""
    counts: Counter[tuple[str, str]] = Counter()
    for test in answers.columns:
        counts.update((test, a) for a in answers[test] if a)
    return dict(counts)


def _chance(
    members: Sequence[str],
    answers: pd.DataFrame,
    holders: Mapping[tuple[str, str], int],
    cohort_size: Mapping[str, int],
) -> tuple[list[str], list[int], float]:
    """Shared exercises, other holders, and the expected number of groups this size agreeing by chance."""
    k = len(members)
    shared, others, log_p = [], [], 0.0
    for test in answers.columns:
        given = {answers.at[m, test] for m in members}
        if len(given) != 1:
            continue
        (code,) = given
        if not code:
            continue
        n = cohort_size[test]
        outside = holders[(test, code)] - k
        # the chance that k - 1 learners give the first one's answer, from how often the others give it
        p = (outside + 1) / (n - k + 1)
        shared.append(test)
        others.append(outside)
        log_p += (k - 1) * math.log(p)
    n_all = max(cohort_size.values()) if cohort_size else k
    groups = math.comb(n_all, k)
    return shared, others, groups * math.exp(log_p) if shared else float(groups)


def copy_clusters(answers: pd.DataFrame, alpha: float = 0.05, rare: float = 0.1) -> list[Cluster]:
    """Groups of learners whose identical answers are too unlikely to be chance.

    ``answers`` is learners x exercises, the normalised code ("" for no answer). When k learners
    wrote the same code on an exercise, the chance that the other k - 1 would write what the first
    did is estimated from the rest of the cohort: ((others with that code + 1) / (learners - k + 1))
    to the power k - 1. A model solution half the cohort writes counts for little; code nobody
    else wrote counts for a lot. Multiplied over the exercises the group agrees on, and by the
    number of groups of that size in the cohort, it is how many such groups chance alone would
    give (blank answers never count). A group is flagged when that is under ``alpha``.

    The groups tried are every pair that wrote the same *rare* code somewhere (code at most
    ``rare`` of the cohort wrote, and at least 3 learners: a model solution half the cohort
    writes says nothing about who worked with whom), and, for each, everyone who wrote all of
    that pair's rare shared answers (so a triple is tried whole). A flagged group inside a larger
    flagged one is not listed again.
    """
    answers = answers.fillna("")
    holders = _holders(answers)
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for test in answers.columns:
        for learner, code in answers[test].items():
            if code:
                owners[(test, code)].add(learner)
    sizes = {test: int(len(answers)) for test in answers.columns}
    most = max(3, int(rare * len(answers)))
    tried: set[frozenset[str]] = set()
    for a, b in combinations(list(answers.index), 2):
        same = [
            t
            for t in answers.columns
            if answers.at[a, t]
            and answers.at[a, t] == answers.at[b, t]
            and holders[(t, answers.at[a, t])] <= most
        ]
        if not same:
            continue
        tried.add(frozenset((a, b)))
        tried.add(frozenset(set.intersection(*(owners[(t, answers.at[a, t])] for t in same))))
    flagged = []
    for group in tried:
        members = sorted(group)
        shared, others, expected = _chance(members, answers, holders, sizes)
        if shared and expected < alpha:
            flagged.append(_cluster(members, shared, others, expected, answers))
    keep = [c for c in flagged if not any(set(c.learners) < set(d.learners) for d in flagged)]
    return sorted(keep, key=lambda c: (c.expected, c.learners))


def _cluster(
    members: list[str], shared: list[str], others: list[int], expected: float, answers: pd.DataFrame
) -> Cluster:
    return Cluster(
        tuple(members),
        tuple(shared),
        tuple(others),
        expected,
        tuple(answers.at[members[0], t] for t in shared),
    )


def answer_table(cohort: Cohort) -> pd.DataFrame:
    """Learners x exercises: the normalised code of each answer ("" where none)."""
    table = cohort.verdicts.pivot_table(index="learner", columns="test", values="answer", aggfunc="first")
    return table.reindex(index=cohort.learners, columns=cohort.exercises.index).fillna("")


def flagged_copies(cohort: Cohort, alpha: float = 0.05) -> list[Cluster]:
    return copy_clusters(answer_table(cohort), alpha)


def summary(cohort: Cohort, threshold: float = 0.5) -> dict[str, Any]:
    """The headline numbers: learners, mean share of marks, learners below the threshold, copy clusters."""
    steps = learner_totals(cohort)
    overall = steps.groupby("learner")[["score", "points"]].sum()
    share = overall["score"] / overall["points"]
    return {
        "learners": len(cohort.learners),
        "assignments": cohort.assignments,
        "mean_share": float(share.mean()) if len(share) else float("nan"),
        "median_share": float(share.median()) if len(share) else float("nan"),
        "below": int((share < threshold).sum()),
        "threshold": threshold,
        "not_graded": int((cohort.verdicts["status"] == "missing").sum()),
    }
