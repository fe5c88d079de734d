"""Every course notebook: reviewable source, the teaching structure, clean execution.

nbval (run on ``course/source`` by the README's test command) checks that each source notebook
runs without errors; here we also check that nothing reaches stderr (a warning would cost a learner
points under nbgrader), and that the released student versions run with errors only in the
unanswered exercises.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests import grading

SOURCE = grading.COURSE / "source"
NOTEBOOKS = sorted(SOURCE.glob("*/*.ipynb"))
SETUP = (grading.COURSE / "snippets" / "grading_setup.py").read_text()
IDS = [p.stem for p in NOTEBOOKS]


def _src(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _run(path: Path, allow_errors: bool) -> tuple[nbformat.NotebookNode, float]:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return nb, time.perf_counter() - start


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
def test_graded_notebooks_use_the_shared_grading_setup(path):
    nb = json.loads(path.read_text())
    meta = [c["metadata"].get("nbgrader", {}) for c in nb["cells"]]
    if not any(m.get("grade") for m in meta):
        pytest.skip("no graded cells")
    setup = [c for c, m in zip(nb["cells"], meta) if m.get("grade_id") == "grading_setup"]
    assert len(setup) == 1 and setup[0]["metadata"]["nbgrader"]["locked"]
    assert _src(setup[0]).strip() == SETUP.strip()
    for m in meta:
        if m.get("grade"):
            assert m.get("locked") and m.get("points", 0) > 0, m


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_source_notebook_runs_clean(path):
    nb, seconds = _run(path, allow_errors=False)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"{path.name} wrote to stderr: {out.text[:300]}"
            )
    print(f"{path.name}: {seconds:.1f} s")


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    course = grading.copy_course(tmp_path_factory.mktemp("release"))
    for assignment in sorted(p.name for p in (course / "source").iterdir() if p.is_dir()):
        grading.nbgrader(course, "generate_assignment", assignment, "--force")
    return course / "release"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_released_notebook_fails_only_in_unanswered_exercises(path, released):
    student = released / path.parent.name / path.name
    nb, _ = _run(student, allow_errors=True)
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors:
            meta = cell.metadata.get("nbgrader", {})
            assert meta.get("solution") or meta.get("grade"), (
                f"{path.name}: a teaching cell failed in the student version: {_src(cell)[:120]}\n"
                f"{errors[0].ename}: {errors[0].evalue}"
            )


def test_course_home_links_every_step_and_describes_the_paths():
    home = json.loads((grading.COURSE / "home.ipynb").read_text())
    text = "\n".join(_src(c) for c in home["cells"])
    links = set(re.findall(r"\]\(release/([^)]+)\.ipynb\)", text))
    assert links == {f"{p.parent.name}/{p.stem}" for p in NOTEBOOKS}
    for words in (
        "New key account manager",
        "Operations and supply chain",
        "Self-paced",
        "Solutions",
        "self-check",
    ):
        assert words.lower() in text.lower()
    points = sum(
        c["metadata"].get("nbgrader", {}).get("points", 0)
        for p in NOTEBOOKS
        for c in json.loads(p.read_text())["cells"]
    )
    assert f"add up to {points:g}" in text
