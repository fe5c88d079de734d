"""The progress view reads saved notebooks in several states, without running them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import kamlab
from kamlab.grader import course as grading
from kamlab.learner import progress as prog

STEP4 = "step4_key_accounts"


def _state_outputs(state: str) -> list[dict]:
    if state == "passed":
        return [{"output_type": "stream", "name": "stdout", "text": "✓ Self-check passed: right.\n"}]
    if state == "wrong":
        return [
            {"output_type": "error", "ename": "SelfCheckError", "evalue": "x looks like y", "traceback": []}
        ]
    if state == "blank":
        return [{"output_type": "stream", "name": "stdout", "text": "… Exercise 1 is not answered yet\n"}]
    return []


def _my_work(tmp_path: Path, states: dict[str, str]) -> Path:
    folder = tmp_path / "my-work" / STEP4
    folder.mkdir(parents=True)
    source = grading.COURSE / "source" / STEP4
    shutil.copy(source / ".kamlab-checks.json", folder)
    nb = json.loads((source / f"{STEP4}.ipynb").read_text())
    for cell in nb["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in states:
            cell["outputs"] = _state_outputs(states[gid])
    (folder / f"{STEP4}.ipynb").write_text(json.dumps(nb))
    return tmp_path / "my-work"


def test_progress_counts_points_of_passed_exercises_only(tmp_path):
    work = _my_work(
        tmp_path, {"director_scores": "passed", "board_quadrants": "wrong", "first_programme": "blank"}
    )
    view = kamlab.progress(work, path="self-paced core")
    step4 = next(s for s in view.steps if s.step.assignment == STEP4)
    assert [e.state for e in step4.exercises] == ["passed", "not right yet", "not answered"]
    assert (step4.earned, step4.points) == (2.0, 7.0) and not step4.done
    assert view.earned == 2.0
    # one of Step 4's three exercises passes: a third of its hour is off the path
    assert view.minutes_left == sum(s.minutes for s in prog.STEPS if s.number in (0, 6, 8)) + 40
    text = repr(view)
    assert "Points: 2 of 7" in text and "✓ Exercise 1" in text and "✗ Exercise 2" in text
    html = view._repr_html_()
    assert "2 of 7" in html and "not in my-work yet" in html


def test_a_finished_step_takes_its_time_off_the_path(tmp_path):
    all_passed = dict.fromkeys(("director_scores", "board_quadrants", "first_programme"), "passed")
    view = kamlab.progress(_my_work(tmp_path, all_passed), path="self-paced core")
    assert view.earned == 7.0
    assert view.minutes_left == sum(s.minutes for s in prog.STEPS if s.number in (0, 6, 8))


def test_a_notebook_never_run_shows_nothing_passed_and_updates_are_listed(tmp_path):
    work = _my_work(tmp_path, {})
    update = work / "updates" / STEP4 / "step4 (course update 2026-12-01).ipynb"
    update.parent.mkdir(parents=True)
    update.write_text("{}")
    (work / ".kamlab-updates.json").write_text(json.dumps([update.relative_to(work).as_posix()]))
    view = kamlab.progress(work)
    step4 = next(s for s in view.steps if s.step.assignment == STEP4)
    assert {e.state for e in step4.exercises} == {"not run"} and view.earned == 0
    assert "Update waiting: my-work/updates/step4_key_accounts/" in repr(view)
    with pytest.raises(ValueError, match="path must be one of"):
        kamlab.progress(work, path="fast track")


def test_every_notebook_states_the_time_the_paths_count_on():
    """The home page and the progress view use prog.STEPS: each notebook must say the same time."""
    import re

    for step in prog.STEPS:
        path = grading.COURSE / "source" / step.assignment / f"{step.assignment}.ipynb"
        if not path.exists():
            continue  # a step still being written
        text = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"][:2])
        stated = re.search(r"Estimated time: \*\*(\d+) minutes\*\*", text)
        assert stated and int(stated.group(1)) == step.minutes, step.assignment


def test_practice_exercises_tick_and_written_answers_count_apart_from_self_checked_points(tmp_path):
    work = tmp_path / "my-work"
    for step in ("step0_primer", "step8_key_account_plan"):
        (work / step).mkdir(parents=True)
        source = grading.COURSE / "source" / step
        shutil.copy(source / ".kamlab-checks.json", work / step)
        nb = json.loads((source / f"{step}.ipynb").read_text())
        for cell in nb["cells"]:
            if "".join(cell["source"]).startswith("selfcheck.check('growing_fits'"):
                cell["outputs"] = _state_outputs("passed")
        (work / step / f"{step}.ipynb").write_text(json.dumps(nb))
    view = kamlab.progress(work, path="self-paced core")
    primer, _, _, plan = view.steps
    assert [e.kind for e in primer.exercises] == ["practice"] * 6 and primer.points == 0
    assert [e.state for e in primer.exercises][:2] == ["passed", "not run"]
    assert (plan.points, plan.written_points) == (8.0, 10.0)
    assert {e.state for e in plan.exercises if e.kind == "written"} == {"for your instructor"}
    text = repr(view)
    assert "Points: 0 of 8 (plus 10 for written answers an instructor grades)" in text
    assert "✓ Practice 1" in text and "0/8 + 10 written" in text
    assert "managers: practice  ✓ Practice 1" in text and "carefully: -  not in my-work yet" in text
    assert view.minutes_left == 5 * round((30 * 5 / 6 + 60 + 75 + 150) / 5)
