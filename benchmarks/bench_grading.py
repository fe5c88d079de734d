"""What the grader's guards cost: autograde time per submission, with and without them (figures, not a test).

    .venv/bin/python benchmarks/bench_grading.py [students]     # part of: make bench

Two private copies of the course autograde the same batch of Step 4 solutions with the real
``nbgrader autograde``: one with the course's configuration (kamlab.grader.autograde: guarded kernel,
grade reports checked again by the grader), one with nbgrader's own preprocessors. Each also
times ``generate_feedback``. Best of 2 runs of each.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from kamlab.grader import course as grading  # copy the course, submit, run nbgrader

ASSIGNMENT = NOTEBOOK = "step4_key_accounts"
PLAIN_NBGRADER = """
from nbgrader.preprocessors import (
    AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds, Execute, LimitOutput,
    OverwriteCells, OverwriteKernelspec, SaveAutoGrades,
)
c.Autograde.sanitize_preprocessors = [
    ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata
]
c.Autograde.autograde_preprocessors = [
    Execute, LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata
]
"""


def batch(tmp: Path, students: int, guarded: bool) -> tuple[float, float]:
    """Seconds for autograde and for generate_feedback of ``students`` full-mark submissions."""
    course = grading.copy_course(tmp)
    if not guarded:
        config = course / "nbgrader_config.py"
        config.write_text(config.read_text() + PLAIN_NBGRADER)
    grading.nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    source = grading.load(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    released = grading.load(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    solution = grading.make_submission(released, grading.solutions(source))
    for k in range(students):
        grading.submit(course, ASSIGNMENT, f"student{k:02d}", solution, NOTEBOOK)
    start = time.perf_counter()
    grading.nbgrader(course, "autograde", ASSIGNMENT, "--create", "--force")
    autograde = time.perf_counter() - start
    start = time.perf_counter()
    grading.nbgrader(course, "generate_feedback", ASSIGNMENT, "--force")
    feedback = time.perf_counter() - start
    scores = grading.scores(course, ASSIGNMENT, NOTEBOOK)
    full = grading.max_scores(course, ASSIGNMENT, NOTEBOOK)
    assert all(s == full for s in scores.values()), "a solution lost marks: the figures would mean nothing"
    return autograde, feedback


def main() -> None:
    students = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    print(f"Autograding {students} Step 4 solutions (best of 2):")
    results = {}
    for guarded in (False, True):
        runs = []
        for _ in range(2):
            with tempfile.TemporaryDirectory() as tmp:
                runs.append(batch(Path(tmp), students, guarded))
        results[guarded] = min(runs)
        name = "course config (guarded)" if guarded else "plain nbgrader        "
        auto, feedback = results[guarded]
        per = auto / students
        print(f"  {name}: autograde {auto:5.1f} s ({per:.2f} s per student), feedback {feedback:4.1f} s")
    extra = (results[True][0] - results[False][0]) / students
    print(f"  the guards cost {extra:+.2f} s per student ({results[True][0] / results[False][0]:.2f}x)")


if __name__ == "__main__":
    main()
