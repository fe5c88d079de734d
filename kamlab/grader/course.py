"""A private copy of the course, and the real nbgrader command line run on it.

Tests, benchmarks and the cohort tools share these helpers: copy the course to a folder, release
an assignment, hand in submissions built from the source notebook's solutions (with some answer
cells replaced), run ``nbgrader autograde`` on the batch and read the scores from the gradebook.
:func:`catalogue` turns an assignment's exercises (``course/authoring/<assignment>.py``) into the
submissions of its catalogued mistakes and alternatives.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
BIN = Path(sys.executable).parent
SOLUTION = re.compile(r"### BEGIN SOLUTION\n?(.*?)### END SOLUTION\n?", re.S)


@dataclass(frozen=True)
class Submission:
    """One answer cell replaced by ``code``; ``feedback`` must appear in the feedback HTML."""

    name: str
    cell: str
    test: str
    code: str
    feedback: str = ""

    @property
    def student(self) -> str:
        return re.sub(r"[^a-z0-9]+", "_", f"{self.cell}_{self.name}".lower()).strip("_")[:60]


def nbgrader(
    course: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the nbgrader command line in ``course`` with the environment's bin folder on PATH."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONWARNINGS": "",
        **(env or {}),
    }
    proc = subprocess.run(
        [str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True, timeout=1800
    )
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def copy_course(dest: Path, course: Path = COURSE) -> Path:
    """A private copy of the course (sources, keys and config only) to grade in."""
    target = dest / "course"
    shutil.copytree(
        course,
        target,
        ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "gradebook.db", ".ipynb_checkpoints", "exchange"
        ),
    )
    return target


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def cells_by_id(nb: dict) -> dict[str, dict]:
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in nb["cells"] if "nbgrader" in c["metadata"]}


def solutions(source_nb: dict) -> dict[str, str]:
    """The solution code of each answer cell of a source notebook, markers removed."""
    out = {}
    for gid, cell in cells_by_id(source_nb).items():
        meta = cell["metadata"]["nbgrader"]
        if meta.get("solution") and cell["cell_type"] == "code":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            out[gid] = SOLUTION.sub(lambda m: m.group(1), src)
    return out


def make_submission(released: dict, answers: dict[str, str]) -> dict:
    """The released notebook with the given answer cells filled in."""
    nb = json.loads(json.dumps(released))
    for cell in nb["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid]
    return nb


def submit(course: Path, assignment: str, student: str, notebook: dict, name: str) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ipynb").write_text(json.dumps(notebook))
    (folder / "timestamp.txt").write_text("2026-01-15 10:00:00.000000 UTC")


def scores(course: Path, assignment: str, notebook: str) -> dict[str, dict[str, float]]:
    """Student -> grade cell -> score, read from the gradebook."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(assignment):
            nb = gb.find_submission_notebook(notebook, assignment, sub.student_id)
            out[sub.student_id] = {g.name: float(g.score) for g in nb.grades}
    return out


def max_scores(course: Path, assignment: str, notebook: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_notebook(notebook, assignment)
        return {c.name: float(c.max_score) for c in nb.grade_cells}


def feedback_html(course: Path, assignment: str, student: str, notebook: str) -> str:
    return (course / "feedback" / student / assignment / f"{notebook}.html").read_text()


def catalogue(assignment: str, course: Path = COURSE) -> tuple[list[Submission], list[Submission]]:
    """The catalogued mistakes and alternatives of an assignment, as submissions of one answer cell each.

    A mistake's ``feedback`` is the phrase its self-check message must contain.
    """
    from kamlab.grader.build import AUTHORING, load_spec

    spec = load_spec(Path(course) / AUTHORING / f"{assignment}.py")
    mistakes, alternatives = [], []
    for ex in getattr(spec, "EXERCISES", []):
        if not ex.graded:
            continue
        cell = f"{ex.id}_answer"
        mistakes += [Submission(m.name, cell, ex.id, m.code, m.says) for m in ex.mistakes]
        alternatives += [Submission(a.name, cell, ex.id, a.code) for a in ex.alternatives]
    return mistakes, alternatives


def assignments(course: Path = COURSE) -> list[str]:
    """The graded assignments: the folders of ``course/source``."""
    return sorted(p.name for p in (Path(course) / "source").iterdir() if p.is_dir())
