"""The instructor guide's commands, run in order with the real nbgrader: release to export."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from kamlab.grader import course as grading

pytestmark = pytest.mark.slow
GUIDE = grading.COURSE / "README.md"


def guide_steps() -> list[tuple[str, str]]:
    """(who, command) for each row of the guide's cycle table, in order."""
    rows = re.findall(r"^\| \d+ \| (instructor|student) \| `([^`]+)` \|", GUIDE.read_text(), re.M)
    assert rows, "the guide's command table was not found"
    return rows


def test_guide_covers_the_whole_cycle():
    commands = " ".join(cmd for _, cmd in guide_steps())
    for verb in (
        "generate_assignment",
        "release_assignment",
        "fetch_assignment",
        "submit",
        "collect",
        "autograde",
        "generate_feedback",
        "release_feedback",
        "fetch_feedback",
        "export",
    ):
        assert f"nbgrader {verb}" in commands


def test_guide_commands_run_end_to_end(tmp_path):
    """Each row's command, verbatim, in bash: the instructor in the course, one learner in a folder of
    their own on the same machine, with only what the guide says to set (PATH, KAMLAB_EXCHANGE, USER)."""
    course = grading.copy_course(tmp_path)
    exchange = tmp_path / "exchange"
    student_home = tmp_path / "student"
    student_home.mkdir()
    env = {
        **os.environ,
        "PATH": f"{grading.BIN}{os.pathsep}{os.environ['PATH']}",
        "KAMLAB_EXCHANGE": str(exchange),
        "USER": "learner01",
    }
    assignment = "step6_metrics"
    source_nb = grading.load(course / "source" / assignment / f"{assignment}.ipynb")

    for who, command in guide_steps():
        if who == "student" and command.startswith("nbgrader submit"):
            fetched = student_home / assignment / f"{assignment}.ipynb"
            answered = grading.make_submission(grading.load(fetched), grading.solutions(source_nb))
            fetched.write_text(json.dumps(answered))
        proc = subprocess.run(
            ["bash", "-c", command],
            cwd=course if who == "instructor" else student_home,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0, f"{command} failed:\n{out}"
        # What a new instructor would take for a fault.
        for alarm in LOOKS_BROKEN:
            assert alarm not in out, f"{command} printed {alarm!r}:\n{out}"

    assert not list(student_home.rglob("nbgrader_config.py")), "the learner needs no config of their own"
    assert list((student_home / assignment / "feedback").rglob("*.html")), "the student fetched the feedback"
    with open(course / "grades.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["assignment"] == assignment]
    assert [r["student_id"] for r in rows] == ["learner01"], rows  # USER names the learner, not the login
    assert float(rows[0]["score"]) == float(rows[0]["max_score"]) > 0


LOOKS_BROKEN = ("Traceback", "SAWarning", "Alternative text is missing", "cheating attempt", "Unwritable")


def test_release_command_in_makefile_matches_guide():
    makefile = (Path(grading.ROOT) / "Makefile").read_text()
    assert 'nbgrader generate_assignment "$$a" --force' in makefile
