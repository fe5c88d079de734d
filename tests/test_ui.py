"""Every step in a real browser, as a learner sees it after `make lab`.

The learner's folder is made by make lab's own steps (`make workspace`) from a private copy of the
course, and served by JupyterLab with the learner's configuration. For each step's student notebook,
Debian's Chromium (driven by Playwright) runs *Run All*:

- on the blank notebook: every cell runs, every worked example and chart renders, nothing errs, and
  each check says "not answered yet";
- with the solutions filled in: every self-check passes, and a slider, where the notebook has one,
  redraws what it controls.

The saved notebook (Ctrl+S) is read back from disk to check every cell, whatever JupyterLab keeps in
the page. The course home's links open the learner's own copy; the learner's lab shows no
instructor tools. Screenshots go to ``$KAMLAB_SCREENSHOTS`` for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from kamlab.grader import course as grading
from tests import browser

pytestmark = pytest.mark.slow
browser.require_chromium()
from playwright.sync_api import sync_playwright  # noqa: E402 - after the skip above

STEPS = sorted(p.stem for p in (grading.COURSE / "authoring").glob("step*.py"))


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    root = tmp_path_factory.mktemp("learner")
    course = grading.copy_course(root)
    work = root / "my-work"
    env = {**os.environ, "PATH": f"{grading.BIN}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(
        ["make", "-s", "-C", str(grading.ROOT), "workspace", f"COURSE={course}", f"WORK={work}"],
        check=True,
        env=env,
        capture_output=True,
        timeout=900,
    )
    for step in STEPS:  # the same notebooks with the solutions filled in, in their own folder
        released = grading.load(work / step / f"{step}.ipynb")
        source = grading.load(course / "source" / step / f"{step}.ipynb")
        solved = work / "solved" / step
        solved.mkdir(parents=True)
        (solved / f"{step}.ipynb").write_text(
            json.dumps(grading.make_submission(released, grading.solutions(source)))
        )
        shutil.copy(work / step / ".kamlab-checks.json", solved)
    config = {"JUPYTER_CONFIG_DIR": str(work / ".jupyter")}
    with browser.jupyterlab(work, grading.BIN, config) as (base, token), sync_playwright() as p:
        chromium = browser.launch(p)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        yield {"base": base, "token": token, "work": work, "page": page}
        chromium.close()


def _close_sessions(base: str, token: str) -> None:
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as r:
        sessions = json.load(r)
    for session in sessions:
        request = urllib.request.Request(
            f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE"
        )
        urllib.request.urlopen(request, timeout=10)


def _run_all_and_save(learner: dict, relative: str) -> dict:
    """Open a notebook, Run All, wait for the kernel to settle, save, and return the saved notebook."""
    base, token, work, page = learner["base"], learner["token"], learner["work"], learner["page"]
    path = work / relative
    before = path.stat().st_mtime_ns
    page.goto(f"{base}/lab/tree/{relative}?token={token}&reset")  # reset: only this notebook open
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    browser.wait_until_idle(base, token)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=20_000)
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click(timeout=20_000)
    time.sleep(2)
    browser.wait_until_idle(base, token, quiet=4)
    page.locator(".jp-Notebook:visible").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    deadline = time.time() + 60
    while path.stat().st_mtime_ns == before and time.time() < deadline:
        time.sleep(0.3)
    assert path.stat().st_mtime_ns != before, f"{relative} was not saved"
    time.sleep(0.5)
    return json.loads(path.read_text())


def _text(output: dict) -> str:
    if output["output_type"] == "stream":
        return "".join(output["text"])
    if output["output_type"] == "error":
        return f"{output['ename']}: {output['evalue']}"
    return "".join(output.get("data", {}).get("text/plain", ""))


def _checks(nb: dict) -> dict[str, str]:
    return {
        c["metadata"]["nbgrader"]["grade_id"]: " ".join(_text(o) for o in c["outputs"])
        for c in nb["cells"]
        if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("grade")
    }


def _shoot(learner: dict, name: str, shots: Path) -> None:
    page = learner["page"]
    cells = page.locator(".jp-Notebook .jp-Cell")
    count = cells.count()
    for label, index in (("top", 0), ("middle", count // 2), ("end", count - 1)):
        cells.nth(index).scroll_into_view_if_needed()
        page.wait_for_timeout(400)
        page.screenshot(path=str(shots / f"{name}_{label}.png"))


@pytest.mark.parametrize("step", STEPS)
def test_run_all_on_the_blank_notebook_shows_every_worked_example(learner, step, tmp_path):
    nb = _run_all_and_save(learner, f"{step}/{step}.ipynb")
    _shoot(learner, f"{step}_blank", browser.screenshots(tmp_path))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] for c in code), "Run All stopped before the end of the notebook"
    errors = [_text(o)[:200] for c in code for o in c["outputs"] if o["output_type"] == "error"]
    stderr = [_text(o)[:200] for c in code for o in c["outputs"] if o.get("name") == "stderr"]
    assert not errors and not stderr, errors + stderr
    assert all("not answered yet" in text for text in _checks(nb).values()), _checks(nb)
    images = sum("image/png" in o.get("data", {}) for c in code for o in c["outputs"])
    assert images >= 1, "the worked example's charts were not drawn"
    _close_sessions(learner["base"], learner["token"])


@pytest.mark.parametrize("step", STEPS)
def test_with_the_solutions_every_self_check_passes_and_sliders_respond(learner, step, tmp_path):
    nb = _run_all_and_save(learner, f"solved/{step}/{step}.ipynb")
    shots = browser.screenshots(tmp_path)
    failing = {gid: text for gid, text in _checks(nb).items() if "Self-check passed" not in text}
    assert not failing, failing
    page = learner["page"]
    sliders = page.locator(".widget-slider .noUi-handle")
    if sliders.count():
        slider = sliders.first
        slider.scroll_into_view_if_needed()
        area = page.locator(".jp-OutputArea-output .widget-vbox").first
        before = area.inner_html(timeout=60_000)
        page.screenshot(path=str(shots / f"{step}_slider_before.png"))
        slider.focus()
        for _ in range(6):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "(before) => { const a = document.querySelector('.jp-OutputArea-output .widget-vbox');"
            " return a && a.innerHTML !== before; }",
            arg=before,
            timeout=60_000,
        )
        page.wait_for_timeout(1500)
        page.screenshot(path=str(shots / f"{step}_slider_after.png"))
    _close_sessions(learner["base"], learner["token"])


def test_the_home_opens_the_learners_copy_and_the_lab_has_no_instructor_tools(learner, tmp_path):
    base, token, page = learner["base"], learner["token"], learner["page"]
    nb = _run_all_and_save(learner, "home.ipynb")
    progress = " ".join(_text(o) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])
    assert "Your path: new key account manager" in progress and "Error" not in progress
    shots = browser.screenshots(tmp_path)
    page.screenshot(path=str(shots / "home.png"))
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "Nbgrader" not in menus and "Jupytext" not in menus, menus
    assert page.get_by_text("official Jupyter news").count() == 0
    link = page.locator(".jp-RenderedMarkdown a", has_text="Step 4").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel')]"
        ".some(t => t.textContent.includes('step4_key_accounts.ipynb'))",
        timeout=60_000,
    )
    page.screenshot(path=str(shots / "home_link_opened_step4.png"))
    assert f"{base}/lab/tree/step4_key_accounts/step4_key_accounts.ipynb" in page.url or "step4" in page.url
    _close_sessions(base, token)
