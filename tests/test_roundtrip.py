"""Grading rules of the course map, proven through the real nbgrader command line.

For every graded notebook with a mistakes catalogue in ``tests/mistakes/``: one batch of students is
autograded in a private copy of the course — the solution, the blank release, each catalogued
mistake and each alternative correct answer — then feedback is generated and the gradebook read.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from tests import grading

pytestmark = pytest.mark.slow

CATALOGUES = sorted(p.stem for p in (Path(__file__).parent / "mistakes").glob("step*.py"))


class Graded:
    """One autograded batch: gradebook scores and feedback for every submission of an assignment."""

    def __init__(self, tmp: Path, catalogue: str) -> None:
        mod = importlib.import_module(f"tests.mistakes.{catalogue}")
        self.assignment, self.notebook = mod.ASSIGNMENT, mod.NOTEBOOK
        self.mistakes, self.alternatives = mod.MISTAKES, mod.ALTERNATIVES
        self.course = grading.copy_course(tmp)
        grading.nbgrader(self.course, "generate_assignment", self.assignment, "--force")
        self.source = grading.load(self.course / "source" / self.assignment / f"{self.notebook}.ipynb")
        self.release_path = self.course / "release" / self.assignment / f"{self.notebook}.ipynb"
        self.released = grading.load(self.release_path)
        answers = grading.solutions(self.source)
        self.answers = answers
        grading.submit(
            self.course,
            self.assignment,
            "solution",
            grading.make_submission(self.released, answers),
            self.notebook,
        )
        grading.submit(self.course, self.assignment, "blank", self.released, self.notebook)
        for sub in [*self.mistakes, *self.alternatives]:
            nb = grading.make_submission(self.released, {**answers, sub.cell: sub.code})
            grading.submit(self.course, self.assignment, sub.student, nb, self.notebook)
        self.autograde = grading.nbgrader(self.course, "autograde", self.assignment, "--create", "--force")
        grading.nbgrader(self.course, "generate_feedback", self.assignment, "--force")
        self.scores = grading.scores(self.course, self.assignment, self.notebook)
        self.max = grading.max_scores(self.course, self.assignment, self.notebook)

    def feedback(self, student: str) -> str:
        return grading.feedback_html(self.course, self.assignment, student, self.notebook)


@pytest.fixture(scope="module", params=CATALOGUES)
def graded(request, tmp_path_factory) -> Graded:
    return Graded(tmp_path_factory.mktemp(request.param), request.param)


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


def test_each_mistake_loses_marks_on_its_cell_and_feedback_names_it(graded):
    for sub in graded.mistakes:
        got = graded.scores[sub.student]
        assert got[sub.test] < graded.max[sub.test], f"mistake {sub.name!r} kept full marks on {sub.test}"
        others = {c: s for c, s in got.items() if c != sub.test}
        assert others == {c: m for c, m in graded.max.items() if c != sub.test}, (
            f"mistake {sub.name!r} changed other cells: {others}"
        )
        html = graded.feedback(sub.student)
        assert sub.feedback and sub.feedback in _text(html), (
            f"feedback for {sub.name!r} lacks {sub.feedback!r}"
        )


def test_alternative_correct_answers_keep_full_marks(graded):
    for sub in graded.alternatives:
        assert graded.scores[sub.student] == graded.max, (
            f"alternative {sub.name!r}: {graded.scores[sub.student]}"
        )


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


def test_hidden_tests_hold_fingerprints_not_answers(graded):
    """Feedback shows hidden test source (nbgrader #917), so hidden tests must not hold the values."""
    for section in _hidden_sections(graded.source):
        numbers = re.findall(r"(?<![\w'\".])\d{3,}(?:\.\d+)?(?![\w'\"])", section)
        assert not numbers, f"hidden test holds literal numbers {numbers[:3]}: use fingerprints"
        assert "_kam_match(" in section or "_kam_set(" in section


def _text(html: str) -> str:
    """Feedback HTML as plain text (tags and escapes removed), so phrases can be searched."""
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))
