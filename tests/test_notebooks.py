"""Every course notebook: reviewable source and the teaching structure.

Execution is checked elsewhere: nbval (run on ``course/source`` by the README's test command) runs
each source notebook top to bottom, and the round trips (``test_roundtrip.py``) check that the
solution writes nothing to stderr and that the student version fails only in unanswered exercises.
"""

from __future__ import annotations

import json
import re

import pytest

from kamlab.grader import course as grading

SOURCE = grading.COURSE / "source"
NOTEBOOKS = sorted(SOURCE.glob("*/*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def _src(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_source_notebook_stores_no_outputs(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell["outputs"] and cell["execution_count"] is None, _src(cell)[:80]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_teaches_with_the_course_structure(path):
    nb = json.loads(path.read_text())
    text = "\n".join(_src(c) for c in nb["cells"] if c["cell_type"] == "markdown").lower()
    for part in (
        "learning objectives",
        "estimated time",
        "worked example",
        "exercise",
        "operations and supply chain",
        "key points",
        "apply it to your company",
    ):
        assert part in text, f"{path.name} lacks a section on {part!r}"
    assert "article" in text, "the source article is attributed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_graded_cells_are_locked_with_points_and_need_no_setup_cell(path):
    """Hidden tests import their check: no grading set-up cell opens the notebook."""
    nb = json.loads(path.read_text())
    meta = [c["metadata"].get("nbgrader", {}) for c in nb["cells"]]
    assert not any(m.get("grade_id") == "grading_setup" for m in meta)
    assert not any("hashlib" in _src(c) for c in nb["cells"])
    for m in meta:
        if m.get("grade"):
            assert m.get("points", 0) > 0, m
            assert m.get("locked") or m.get("solution"), m  # a written, manually graded answer stays open


def test_every_notebook_is_built_from_sources_and_so_executed_by_the_round_trips():
    """The round trips run each notebook as solution and as blank release (no errors, no stderr)."""
    sources = {p.stem for p in (grading.COURSE / "authoring").glob("step*.py")}
    assert {p.parent.name for p in NOTEBOOKS} == sources


def test_course_home_links_every_step_and_describes_the_paths():
    """The home is copied into my-work/ beside the steps: its links are relative to that folder."""
    home = json.loads((grading.COURSE / "home.ipynb").read_text())
    text = "\n".join(_src(c) for c in home["cells"])
    links = set(re.findall(r"\]\(([\w/]+)\.ipynb\)", text))
    steps = {f"{p.parent.name}/{p.stem}" for p in NOTEBOOKS}
    assert steps <= links, steps - links
    for other in links - steps:
        assert (grading.COURSE / f"{other}.ipynb").exists(), (
            f"the home links {other}.ipynb, which is not built"
        )
    for words in (
        "New key account manager",
        "Operations and supply chain",
        "Self-paced",
        "Before you start",
        "self-check",
        "kamlab.progress(",
        "selfcheck.hint(",
    ):
        assert words.lower() in text.lower(), words
    points = sum(
        c["metadata"].get("nbgrader", {}).get("points", 0)
        for p in NOTEBOOKS
        for c in json.loads(p.read_text())["cells"]
    )
    assert f"add up to {points:g}" in text
