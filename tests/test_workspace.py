"""A learner's work is never lost: my-work/ is made once, and no command of ours overwrites it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kamlab.grader import course as grading
from kamlab.learner import lab, workspace


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_sync_copies_once_keeps_changed_work_and_offers_updates_beside_it(tmp_path):
    course, work = tmp_path / "student", tmp_path / "my-work"
    _write(course / "step4" / "step4.ipynb", "v1")
    _write(course / "step4" / ".kamlab-checks.json", "checks v1")
    _write(course / "step6" / "step6.ipynb", "v1")
    first = workspace.sync(course, work, today="2026-12-01")
    assert first.copied == ["step4/.kamlab-checks.json", "step4/step4.ipynb", "step6/step6.ipynb"]

    (work / "step4" / "step4.ipynb").write_text("v1 + my answers")  # the learner's work
    for name in ("step4/step4.ipynb", "step6/step6.ipynb"):
        (course / name).write_text("v2")
    (course / "step4" / ".kamlab-checks.json").write_text("checks v2")
    second = workspace.sync(course, work, today="2026-12-01")

    assert (work / "step4" / "step4.ipynb").read_text() == "v1 + my answers"
    assert second.updates == ["updates/step4/step4 (course update 2026-12-01).ipynb"]
    assert (work / second.updates[0]).read_text() == "v2"
    assert (work / "step6" / "step6.ipynb").read_text() == "v2", "an untouched copy follows the course"
    assert (work / "step4" / ".kamlab-checks.json").read_text() == "checks v2", "the course's own file"
    assert "A new version of step4 is in my-work/updates/step4/" in second.notice()
    assert json.loads((work / workspace.NOTICE).read_text()) == second.updates

    third = workspace.sync(course, work, today="2026-12-02")
    assert third.updates == [] and third.copied == [], "the same update is offered once"
    (course / "step4" / "step4.ipynb").write_text("v3")
    fourth = workspace.sync(course, work, today="2026-12-01")
    assert fourth.updates == ["updates/step4/step4 (course update 2026-12-01, 2).ipynb"]
    assert (work / second.updates[0]).read_text() == "v2", "an earlier update is not overwritten either"


def test_sync_never_deletes(tmp_path):
    course, work = tmp_path / "student", tmp_path / "my-work"
    _write(course / "a" / "a.ipynb", "x")
    workspace.sync(course, work)
    _write(work / "a" / "my notes.ipynb", "mine")
    (course / "a" / "a.ipynb").unlink()
    workspace.sync(course, work)
    assert (work / "a" / "a.ipynb").exists() and (work / "a" / "my notes.ipynb").read_text() == "mine"


def test_the_learners_lab_hides_the_instructors_tools_and_keeps_saved_sliders_readable(tmp_path):
    config = workspace.install_lab_config(tmp_path)
    page = json.loads((config / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    for plugin in ("formgrader", "create-assignment", "validate-assignment", "menu", "assignment-list"):
        assert page[f"@jupyter/nbgrader:{plugin}"] is True
    assert page["@jupyterlab/apputils-extension:announcements"] is True
    server = (config / "jupyter_server_config.py").read_text()
    assert '"nbgrader.server_extensions.formgrader": False' in server
    assert "kamlab.learner.lab.strip_widget_views" in server
    model = {
        "type": "notebook",
        "content": {
            "cells": [
                {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": {lab.WIDGET: {}}}]}
            ]
        },
    }
    lab.strip_widget_views(model)
    assert model["content"]["cells"][0]["outputs"][0]["data"] == {"text/plain": lab.NOTE}


def _answer(notebook: Path, gid: str, code: str) -> None:
    nb = json.loads(notebook.read_text())
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == gid:
            cell["source"] = code
    notebook.write_text(json.dumps(nb))


@pytest.mark.slow
def test_make_lab_keeps_an_answer_when_the_course_is_updated(tmp_path):
    """Play it out with make lab's own steps: answer, update a source notebook, `make workspace` again."""
    course = grading.copy_course(tmp_path)
    for other in (course / "source").iterdir():  # one step is enough, and nbgrader makes each in ~5 s
        if other.name != "step4_key_accounts":
            shutil.rmtree(other)
    work = tmp_path / "my-work"
    env = {**os.environ, "PATH": f"{grading.BIN}{os.pathsep}{os.environ['PATH']}"}

    def make_workspace() -> str:
        proc = subprocess.run(
            ["make", "-s", "-C", str(grading.ROOT), "workspace", f"COURSE={course}", f"WORK={work}"],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout

    make_workspace()
    mine = work / "step4_key_accounts" / "step4_key_accounts.ipynb"
    answer = (
        "w = selection.normalise_weights(director_points)\n"
        "director_attractiveness = selection.weighted_score(criteria, w)\n"
    )
    _answer(mine, "director_scores_answer", answer)
    before = mine.read_text()

    source = course / "source" / "step4_key_accounts" / "step4_key_accounts.ipynb"
    nb = json.loads(source.read_text())
    nb["cells"][0]["source"] = ["# Step 4, revised\n"] + nb["cells"][0]["source"][1:]
    source.write_text(json.dumps(nb, indent=1))
    out = make_workspace()

    assert mine.read_text() == before, "the learner's answer was overwritten"
    updates = list((work / "updates" / "step4_key_accounts").glob("*.ipynb"))
    assert len(updates) == 1 and "Step 4, revised" in updates[0].read_text()
    assert "A new version of step4_key_accounts is in my-work/updates/" in out
    assert not (course / "release").exists(), "course/release/ is the instructor's, make lab leaves it alone"
