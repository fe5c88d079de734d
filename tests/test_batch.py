"""Parallel cohort grading (kamlab.grader.batch): nbgrader's grades, bad submissions isolated, resumable.

The slow tests grade one small batch of Step 4 submissions twice, in two private copies of the
course: with ``python -m kamlab grade`` (two workers) and with the plain ``nbgrader autograde``
command line, one student after another. Outcomes only: nothing here measures time.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kamlab.grader import batch
from kamlab.grader import course as grading

ASSIGNMENT = NOTEBOOK = "step4_key_accounts"


# ----------------------------------------------------------------------------------- fast: the lock


#: nbgrader shells out to alembic when it creates a gradebook: the environment's bin folder on PATH.
ENV = {**os.environ, "PATH": f"{grading.BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONWARNINGS": ""}


def _child(code: str) -> subprocess.Popen:
    """A Python process that runs ``code``; it says "held" when it holds the lock, then waits for a line."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def test_the_gradebook_lock_keeps_other_processes_out_until_released(tmp_path):
    path = tmp_path / "gradebook.lock"
    with _child(
        f"""
        from kamlab.grader.batch import GradebookLock
        with GradebookLock({str(path)!r}):
            print("held", flush=True)
            input()
        print("released", flush=True)
        """
    ) as child:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(TimeoutError):
            batch.GradebookLock(path, timeout=0.3).acquire()
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "released"
        with batch.GradebookLock(path, timeout=30) as lock:
            assert lock.depth == 1


@pytest.mark.slow  # imports nbgrader in other processes: seconds
def test_every_nbgrader_gradebook_session_holds_the_lock_until_closed(tmp_path):
    """serialise_gradebook: from ``Gradebook(url)`` to ``close()``, no other process gets the lock."""
    path, db = tmp_path / "gradebook.lock", tmp_path / "gradebook.db"
    with _child(
        f"""
        from nbgrader.api import Gradebook
        from kamlab.grader.batch import GradebookLock, serialise_gradebook
        serialise_gradebook(GradebookLock({str(path)!r}))
        gb = Gradebook("sqlite:///{db}")
        print("held", flush=True)
        input()
        gb.close()
        print("released", flush=True)
        input()
        """
    ) as child:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(TimeoutError):
            batch.GradebookLock(path, timeout=0.3).acquire()
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "released"
        with batch.GradebookLock(path, timeout=30):
            pass
        child.stdin.write("\n")
        child.stdin.flush()


@pytest.mark.slow
def test_gradebook_writes_from_several_processes_at_once_all_land(tmp_path):
    """Four processes each add 10 students, one gradebook session per student: none is lost or fails."""
    from nbgrader.api import Gradebook

    db, lock = tmp_path / "gradebook.db", tmp_path / "gradebook.lock"
    code = """
        import sys
        from nbgrader.api import Gradebook
        from kamlab.grader.batch import GradebookLock, serialise_gradebook
        serialise_gradebook(GradebookLock(sys.argv[2]))
        for k in range(10):
            with Gradebook("sqlite:///" + sys.argv[1]) as gb:
                gb.update_or_create_student(f"{sys.argv[3]}_{k}", first_name="L")
        """
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), str(db), str(lock), f"w{n}"],
            stderr=subprocess.PIPE,
            env=ENV,
        )
        for n in range(4)
    ]
    errors = [w.communicate(timeout=600)[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0, 0], errors
    with Gradebook(f"sqlite:///{db}") as gb:
        assert len(gb.students) == 40


# ------------------------------------------------------------------------------- fast: small parts


def test_progress_prints_one_line_per_submission_in_a_log():
    out = io.StringIO()
    progress = batch.Progress(3, out)
    progress.update(batch.Outcome(ASSIGNMENT, "ann", "graded", 7, 7, 4.2))
    progress.update(batch.Outcome(ASSIGNMENT, "bob", "failed", None, 7, 1.0, "NotJSONError: not JSON"))
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "1/3" in lines[0] and "33%" in lines[0] and "ann step4_key_accounts: 7/7" in lines[0]
    assert "2/3" in lines[1] and "1 failed" in lines[1] and "FAILED (NotJSONError: not JSON)" in lines[1]


def test_failure_reason_is_the_exception_line_of_nbgrader_log():
    log = (
        "[INFO] Autograding x\n[ERROR] There was an error processing assignment: /c/submitted/s/a\n"
        "[ERROR] Traceback (most recent call last):\n  File ...\n"
        "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{not'\n"
        "[ERROR] There was an error processing assignment 'a' for student 's'\n"
    )
    assert (
        batch._failure_reason(log, "")
        == "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{not'"
    )


def test_fingerprint_follows_the_submission_and_the_grading_inputs(tmp_path):
    course = tmp_path / "course"
    folder = course / "submitted" / "ann" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{NOTEBOOK}.ipynb").write_text("{}")
    task = batch.Task(ASSIGNMENT, "ann")
    first = batch.fingerprint(course, task, "inputs-1")
    assert batch.fingerprint(course, task, "inputs-1") == first
    assert batch.fingerprint(course, task, "inputs-2") != first
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "x.ipynb").write_text("ignored")
    assert batch.fingerprint(course, task, "inputs-1") == first
    (folder / f"{NOTEBOOK}.ipynb").write_text('{"changed": 1}')
    assert batch.fingerprint(course, task, "inputs-1") != first


def test_collected_lists_students_with_the_assignment(tmp_path):
    for student in ("bob", "ann", ".hidden"):
        (tmp_path / "submitted" / student / ASSIGNMENT).mkdir(parents=True)
    (tmp_path / "submitted" / "cy" / "other").mkdir(parents=True)
    assert batch.collected(tmp_path, ASSIGNMENT) == ["ann", "bob"]


# ---------------------------------------------------------------------- slow: against real nbgrader


def _batch_submissions(course: Path) -> dict[str, dict]:
    """Student -> notebook: the solution, the blank, two rounds of mistakes and one of alternatives."""
    source = grading.load(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    released = grading.load(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    answers = grading.solutions(source)
    mistakes, alternatives = grading.catalogue(ASSIGNMENT, course)
    out = {"solution": grading.make_submission(released, answers), "blank": released}
    for round_ in range(2):
        subs = {}
        for sub in mistakes:
            same_cell = [m for m in mistakes if m.cell == sub.cell]
            if same_cell.index(sub) == round_:
                subs[sub.cell] = sub.code
        out[f"mistakes{round_}"] = grading.make_submission(released, {**answers, **subs})
    first_alternatives = {}
    for sub in alternatives:
        first_alternatives.setdefault(sub.cell, sub.code)
    out["alternatives"] = grading.make_submission(released, {**answers, **first_alternatives})
    return out


def _course_with_submissions(tmp: Path) -> Path:
    course = grading.copy_course(tmp)
    grading.nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    for student, nb in _batch_submissions(course).items():
        grading.submit(course, ASSIGNMENT, student, nb, NOTEBOOK)
    broken = course / "submitted" / "broken" / ASSIGNMENT
    broken.mkdir(parents=True)
    (broken / f"{NOTEBOOK}.ipynb").write_text('{"cells": [ this is not JSON')
    (broken / "timestamp.txt").write_text("2026-01-15 10:00:00.000000 UTC")
    return course


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The same submissions graded in parallel (kamlab grade) and sequentially (nbgrader autograde)."""
    parallel = _course_with_submissions(tmp_path_factory.mktemp("parallel"))
    sequential = _course_with_submissions(tmp_path_factory.mktemp("sequential"))
    out = io.StringIO()
    result = batch.grade([ASSIGNMENT], parallel, workers=2, stream=out)
    plain = grading.nbgrader(sequential, "autograde", ASSIGNMENT, "--create", "--force", check=False)
    return {
        "parallel": parallel,
        "sequential": sequential,
        "result": result,
        "log": out.getvalue(),
        "plain": plain,
    }


@pytest.mark.slow
def test_parallel_grades_equal_sequential_nbgrader_cell_by_cell(graded):
    parallel = grading.scores(graded["parallel"], ASSIGNMENT, NOTEBOOK)
    sequential = grading.scores(graded["sequential"], ASSIGNMENT, NOTEBOOK)
    good = sorted(set(_batch_submissions(graded["parallel"])))
    assert {s: parallel[s] for s in good} == {s: sequential[s] for s in good}
    full = grading.max_scores(graded["parallel"], ASSIGNMENT, NOTEBOOK)
    assert parallel["solution"] == full and parallel["alternatives"] == full
    assert parallel["blank"] == dict.fromkeys(full, 0.0)
    for student in ("mistakes0", "mistakes1"):
        assert all(parallel[student][cell] == 0.0 for cell in full), parallel[student]
    for student in good:  # the autograded notebooks are the same, cell for cell (outputs aside)
        mine = grading.load(graded["parallel"] / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
        theirs = grading.load(
            graded["sequential"] / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        )
        assert [c["source"] for c in mine["cells"]] == [c["source"] for c in theirs["cells"]]


@pytest.mark.slow
def test_a_broken_submission_is_reported_and_the_rest_graded(graded):
    result = graded["result"]
    assert [o.student for o in result.failed] == ["broken"]
    failure = result.failed[0]
    assert "NotJSONError" in failure.error and failure.attempts == 2  # tried once more, then reported
    assert sorted(o.student for o in result.graded) == sorted(_batch_submissions(graded["parallel"]))
    assert "FAILED (nbformat.reader.NotJSONError" in graded["log"]
    assert "FAILED broken step4_key_accounts" in batch.summary(result)
    # every graded submission reports its score and how long its gradebook sessions held the lock
    scores = grading.scores(graded["parallel"], ASSIGNMENT, NOTEBOOK)
    for outcome in result.graded:
        assert outcome.score == sum(scores[outcome.student].values()) and outcome.max_score == 7
        assert 0 < outcome.lock_held < outcome.seconds
    assert "holding the gradebook lock" in batch.summary(result)
    # plain nbgrader also grades the others, and exits non-zero: so does the command
    assert graded["plain"].returncode != 0


@pytest.mark.slow
def test_a_second_run_skips_what_is_graded_and_grades_only_what_changed(graded):
    course = graded["parallel"]
    stamp = course / "autograded" / "solution" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    before = stamp.stat().st_mtime_ns
    again = batch.grade([ASSIGNMENT], course, workers=2, quiet=True)
    good = sorted(_batch_submissions(course))
    assert sorted(o.student for o in again.skipped) == good
    assert [o.student for o in again.failed] == ["broken"] and not again.graded
    assert stamp.stat().st_mtime_ns == before
    # the learner hands in again: the blank now answers Exercise 1 with the solution
    source = grading.load(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    released = grading.load(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    answer = {"director_scores_answer": grading.solutions(source)["director_scores_answer"]}
    grading.submit(course, ASSIGNMENT, "blank", grading.make_submission(released, answer), NOTEBOOK)
    third = batch.grade([ASSIGNMENT], course, workers=2, quiet=True)
    assert [o.student for o in third.graded] == ["blank"]
    assert grading.scores(course, ASSIGNMENT, NOTEBOOK)["blank"]["director_scores"] == 2.0
    manifest = json.loads((course / "autograded" / batch.STATE / f"{ASSIGNMENT}.json").read_text())
    assert manifest["students"]["blank"]["status"] == "graded"
    assert manifest["students"]["broken"]["status"] == "failed"


@pytest.mark.slow
def test_the_command_exits_1_when_a_submission_failed_and_2_for_an_unknown_assignment(graded):
    env = {**os.environ, "PYTHONWARNINGS": ""}
    course = str(graded["parallel"])
    run = [sys.executable, "-m", "kamlab", "grade", ASSIGNMENT, "--course", course, "--workers", "1"]
    proc = subprocess.run(run, capture_output=True, text=True, env=env, timeout=1800)
    assert proc.returncode == 1, proc.stderr
    assert "already graded and unchanged, skipped" in proc.stdout and "FAILED broken" in proc.stdout
    unknown = subprocess.run(
        run[:4] + ["step9_nothing", "--course", course], capture_output=True, text=True, env=env
    )
    assert unknown.returncode == 2 and "no assignment 'step9_nothing'" in unknown.stderr
