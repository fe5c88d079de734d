"""The grading rules, proven through the real nbgrader command line.

For every graded notebook (its exercises in ``course/authoring/<assignment>.py``): one batch of
students is autograded in a private copy of the course — the solution, the blank release, the
catalogued mistakes and the alternative correct answers — then feedback is generated and the
gradebook read.

Every round trip runs on the committed company; Step 4 runs again on another company
generated from another seed, for which the whole course is built afresh (``python -m kamlab data
--seed`` then ``python -m kamlab build`` with ``KAMLAB_DATA``): its text, self-checks and keys follow
the new data, every claim of the text must still hold (the build checks every step's catalogue on
it), and the rules must hold again through nbgrader.

To keep the suite fast, mistakes are grouped into rounds: round k submits the k-th catalogued
mistake of every answer cell at once (answer cells are independent: each exercise starts from the
notebook's own variables, not from another exercise's answer), and likewise for alternatives.
Batches are autograded two at a time, one per core.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kamlab.grader import course as grading

pytestmark = pytest.mark.slow

CATALOGUES = sorted(a for a in grading.assignments() if grading.catalogue(a)[0])  # the graded ones
#: Another company: the whole course must build on it (every claim true, every mistake told apart from
#: the solution and named, every alternative accepted: the build checks all of that in-process), and
#: Step 4's round trip, the account selection nbgrader grades, must hold again through nbgrader.
#: (Every step there would add a third to the suite's longest part for little more evidence.)
OTHER_SEED = 11
OTHER_STEPS = ("step4_key_accounts",)
COMPANIES = ("default", f"seed {OTHER_SEED}")
BATCHES = [("default", c) for c in CATALOGUES] + [(COMPANIES[1], c) for c in OTHER_STEPS]


def rounds(subs: list[grading.Submission], prefix: str) -> dict[str, list[grading.Submission]]:
    """Student name -> the submissions it carries: at most one per answer cell."""
    per_cell: dict[str, list[grading.Submission]] = defaultdict(list)
    for sub in subs:
        per_cell[sub.cell].append(sub)
    depth = max((len(v) for v in per_cell.values()), default=0)
    return {f"{prefix}{k:02d}": [v[k] for v in per_cell.values() if k < len(v)] for k in range(depth)}


class Graded:
    """One autograded batch: gradebook scores and feedback for every submission of an assignment."""

    def __init__(
        self, tmp: Path, assignment: str, course: Path = grading.COURSE, env: dict | None = None
    ) -> None:
        self.assignment = self.notebook = assignment
        self.mistakes, self.alternatives = grading.catalogue(assignment, course)
        self.course = grading.copy_course(tmp, course)
        self.env = env or {}
        grading.nbgrader(self.course, "generate_assignment", self.assignment, "--force", env=self.env)
        self.source = grading.load(self.course / "source" / self.assignment / f"{self.notebook}.ipynb")
        self.released = grading.load(self.course / "release" / self.assignment / f"{self.notebook}.ipynb")
        self.answers = grading.solutions(self.source)
        self.answers.update(_written_answers(self.source))  # the model answers of the written parts
        self.mistake_rounds = rounds(self.mistakes, "mistakes")
        self.alternative_rounds = rounds(self.alternatives, "alternatives")
        students = {"solution": [], **self.mistake_rounds, **self.alternative_rounds}
        for student, subs in students.items():
            nb = grading.make_submission(self.released, {**self.answers, **{s.cell: s.code for s in subs}})
            grading.submit(self.course, self.assignment, student, nb, self.notebook)
        grading.submit(self.course, self.assignment, "blank", self.released, self.notebook)
        grading.nbgrader(self.course, "autograde", self.assignment, "--create", "--force", env=self.env)
        grading.nbgrader(self.course, "generate_feedback", self.assignment, "--force", env=self.env)
        self.scores = grading.scores(self.course, self.assignment, self.notebook)
        self.max = grading.max_scores(self.course, self.assignment, self.notebook)
        # Manually graded answers (written parts) wait for a person: they are checked on their own
        # (test_manually_graded_answers_wait_for_a_grader) and left out of the autograded comparisons.
        self.manual = _manually_graded(self.source)
        self.max = {c: v for c, v in self.max.items() if c not in self.manual}
        self.scores = {
            s: {c: v for c, v in got.items() if c not in self.manual} for s, got in self.scores.items()
        }

    def feedback(self, student: str) -> str:
        return grading.feedback_html(self.course, self.assignment, student, self.notebook)

    def executed(self, student: str) -> dict:
        """The notebook as nbgrader ran it, with every cell's outputs."""
        return grading.load(self.course / "autograded" / student / self.assignment / f"{self.notebook}.ipynb")


def other_company(tmp: Path) -> tuple[Path, dict[str, str]]:
    """The course built afresh on another seed's company: (course folder, environment to grade it in)."""
    data = tmp / "datasets"
    env = {**os.environ, "KAMLAB_DATA": str(data)}
    run = {"capture_output": True, "text": True, "env": env, "cwd": grading.ROOT, "timeout": 1800}
    proc = subprocess.run(
        [sys.executable, "-m", "kamlab", "data", "--seed", str(OTHER_SEED), "--out", str(data)], **run
    )
    assert proc.returncode == 0, proc.stderr
    course = grading.copy_course(tmp)
    proc = subprocess.run([sys.executable, "-m", "kamlab", "build", "--course", str(course)], **run)
    assert proc.returncode == 0, f"the course does not build on seed {OTHER_SEED}'s company:\n{proc.stderr}"
    return course, {"KAMLAB_DATA": str(data)}


class Companies(dict):
    """Company name -> (course folder, environment); the other seed's course is built when first asked for."""

    def __init__(self, tmp_path_factory) -> None:
        super().__init__(default=(grading.COURSE, {}))
        self.factory = tmp_path_factory

    def __missing__(self, name: str) -> tuple[Path, dict[str, str]]:
        self[name] = other_company(self.factory.mktemp("seed"))
        return self[name]


# ------------------------------------------------------------- manually graded answers (written parts)


def _manually_graded(nb: dict) -> dict[str, float]:
    """The manually graded answers of a source notebook (nbgrader solution and grade cells): id -> points."""
    out = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade") and meta.get("solution"):
            out[meta["grade_id"]] = float(meta["points"])
    return out


def _written_answers(nb: dict) -> dict[str, str]:
    """The model answers of the manually graded markdown cells, solution markers removed."""
    out = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "markdown" and meta.get("grade") and meta.get("solution"):
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            out[meta["grade_id"]] = grading.SOLUTION.sub(lambda m: m.group(1), src)
    return out


def _manual_grades(graded: Graded) -> dict[str, dict[str, tuple]]:
    """Student -> manually graded cell -> (needs manual grade, auto score, max score, cell type)."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, tuple]] = {}
    with Gradebook(f"sqlite:///{graded.course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(graded.assignment):
            nb = gb.find_submission_notebook(graded.notebook, graded.assignment, sub.student_id)
            out[sub.student_id] = {
                g.name: (g.needs_manual_grade, g.auto_score, float(g.max_score), g.cell.cell_type)
                for g in nb.grades
                if g.name in graded.manual
            }
    return out


# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def companies(tmp_path_factory) -> Companies:
    return Companies(tmp_path_factory)


@pytest.fixture(scope="module")
def all_graded(request, tmp_path_factory, companies) -> dict[tuple[str, str], Graded]:
    """Every batch the selected tests need (``-k step4`` grades Step 4 only), two at a time."""
    wanted = {
        item.callspec.params["graded"]
        for item in request.session.items
        if hasattr(item, "callspec") and "graded" in item.callspec.params
    }
    for company in {company for company, _ in wanted}:
        companies[company]  # build another seed's course first, if a selected test needs it
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            (company, c): pool.submit(Graded, tmp_path_factory.mktemp(c), c, *companies[company])
            for company, c in sorted(wanted)
        }
        return {key: f.result() for key, f in futures.items()}


@pytest.fixture(params=BATCHES, ids="/".join)
def graded(request, all_graded) -> Graded:
    return all_graded[request.param]


def test_another_company_changes_the_numbers_not_the_rules(companies):
    """The other seed's course is not the committed one: its keys and its text follow its data."""
    other, _ = companies[COMPANIES[1]]
    for assignment in CATALOGUES:
        key = f"keys/{assignment}.json"
        assert (other / key).read_text() != (grading.COURSE / key).read_text(), (
            f"{key} did not follow the data"
        )
    assert (other / "home.ipynb").read_text() != (grading.COURSE / "home.ipynb").read_text()


def test_catalogue_covers_every_graded_cell_three_times(graded):
    assert graded.max, "no graded cells"
    for cell in graded.max:
        names = {m.name for m in graded.mistakes if m.test == cell}
        assert len(names) >= 3, f"{cell}: {len(names)} catalogued mistakes, need at least 3"
        assert any(a.test == cell for a in graded.alternatives), f"{cell}: no alternative answer"


def test_solution_scores_full_marks(graded):
    assert graded.scores["solution"] == graded.max


def test_blank_release_scores_zero_everywhere(graded):
    assert graded.scores["blank"] == {cell: 0.0 for cell in graded.max}


def test_solution_runs_with_no_error_and_nothing_on_stderr(graded):
    """A warning on stderr would cost a learner points under nbgrader, and confuse them anywhere."""
    for cell in graded.executed("solution")["cells"]:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{out.get('ename')}: {out.get('evalue')}"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), "".join(out["text"])[
                :300
            ]


def test_blank_release_fails_only_in_unanswered_exercises(graded):
    """Every teaching cell of the student version runs before the learner has answered anything."""
    for cell in graded.executed("blank")["cells"]:
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        meta = cell["metadata"].get("nbgrader", {})
        if errors and not (meta.get("solution") or meta.get("grade")):
            src = "".join(cell["source"])[:120]
            pytest.fail(f"a teaching cell failed in the student version: {src}\n{errors[0]['evalue']}")


def test_each_mistake_loses_marks_on_its_cell_and_feedback_names_it(graded):
    for student, subs in graded.mistake_rounds.items():
        got, html = graded.scores[student], _text(graded.feedback(student))
        for sub in subs:
            assert got[sub.test] < graded.max[sub.test], f"mistake {sub.name!r} kept full marks on {sub.test}"
            assert _words(sub.feedback) in html, f"feedback for {sub.name!r} lacks {sub.feedback!r}"
        untouched = set(graded.max) - {sub.test for sub in subs}
        assert {c: got[c] for c in untouched} == {c: graded.max[c] for c in untouched}, student


def test_alternative_correct_answers_keep_full_marks(graded):
    for student, subs in graded.alternative_rounds.items():
        names = [s.name for s in subs]
        assert graded.scores[student] == graded.max, f"alternatives {names}: {graded.scores[student]}"


def _hidden_sections(nb: dict) -> list[str]:
    out = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        out += re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", src, re.S)
    return out


def test_release_has_no_solutions_or_hidden_tests(graded):
    text = "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in graded.released["cells"]
    )
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    hidden = _hidden_sections(graded.source)
    assert len(hidden) == len(graded.max), "every graded cell has hidden tests"
    for section in hidden:
        for line in filter(None, (ln.strip() for ln in section.splitlines())):
            assert line not in text, f"hidden test line leaked into the release: {line[:60]}"
    released_lines = {ln.strip() for ln in text.splitlines()}
    for cell in graded.source["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for region in grading.SOLUTION.findall(src):
            for line in filter(None, (ln.strip() for ln in region.splitlines())):
                if len(line) > 25 and not line.startswith("#"):
                    assert line not in released_lines, f"solution line leaked into the release: {line[:60]}"


def test_hidden_tests_hold_no_answers_only_the_check_against_the_key(graded):
    """Feedback shows hidden test source (nbgrader #917): a hidden test names the exercise and the
    answer, and the key it is checked against stays in the course's keys/ folder."""
    for section in _hidden_sections(graded.source):
        lines = [ln for ln in section.strip().splitlines() if ln.strip()]
        assert lines[0] == "from kamlab.grader.keys import grade as _kam_grade", section
        assert len(lines) == 2 and re.fullmatch(r"assert _kam_grade\('\w+'(, \w+)+\)", lines[1]), section


def _words(text: str) -> str:
    return " ".join(text.split())


def _text(html: str) -> str:
    """Feedback HTML as plain words (tags, escapes and line wrapping removed), so phrases can be searched."""
    import html as html_lib

    return _words(html_lib.unescape(re.sub(r"<[^>]+>", "", html)))


def test_manually_graded_answers_wait_for_a_grader(graded):
    """A written part is in the gradebook with its points and unlocked in the release. An answered one
    waits for a person; one left as released scores 0 at once (nbgrader's rule for unchanged answers)."""
    if not graded.manual:
        pytest.skip(f"{graded.assignment} has no manually graded answers")
    released = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in graded.released["cells"]}
    for cell_id in graded.manual:
        cell = released[cell_id]
        assert cell["cell_type"] == "markdown" and not cell["metadata"]["nbgrader"]["locked"], cell_id
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        assert "YOUR ANSWER HERE" in source and "BEGIN SOLUTION" not in source, cell_id
    grades = _manual_grades(graded)
    assert grades["solution"] == {c: (True, None, points, "markdown") for c, points in graded.manual.items()}
    assert grades["blank"] == {c: (False, 0.0, points, "markdown") for c, points in graded.manual.items()}
