"""The instructor guide's commands, run in order with the real nbgrader: release to export."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
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
    course = grading.copy_course(tmp_path)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    student_home = tmp_path / "student"
    student_home.mkdir()
    (student_home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\n"
    )
    env = {
        **os.environ,
        "PATH": f"{grading.BIN}{os.pathsep}{os.environ['PATH']}",
        "KAMLAB_EXCHANGE": str(exchange),
        "USER": "learner01",
        "LOGNAME": "learner01",
    }
    assignment = "step6_metrics"
    source_nb = grading.load(course / "source" / assignment / f"{assignment}.ipynb")

    for who, command in guide_steps():
        if who == "student" and command.startswith("nbgrader submit"):
            fetched = student_home / assignment / f"{assignment}.ipynb"
            answered = grading.make_submission(grading.load(fetched), grading.solutions(source_nb))
            fetched.write_text(json.dumps(answered))
        args = shlex.split(command)
        cwd = course if who == "instructor" else student_home
        proc = subprocess.run(
            [str(grading.BIN / args[0]), *args[1:]],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, f"{command} failed:\n{proc.stdout}\n{proc.stderr}"

    assert (student_home / assignment / "feedback").exists(), "the student fetched the feedback"
    with open(course / "grades.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["assignment"] == assignment]
    assert len(rows) == 1, rows  # one student: whoever ran `nbgrader submit` (the OS user)
    assert float(rows[0]["score"]) == float(rows[0]["max_score"]) > 0


def test_release_command_in_makefile_matches_guide():
    makefile = (Path(grading.ROOT) / "Makefile").read_text()
    assert 'nbgrader generate_assignment "$$a" --force' in makefile
