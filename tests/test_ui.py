"""A learner in JupyterLab, in a real browser: open Step 4, run it, move a weight slider.

Starts the project's own JupyterLab on a free localhost port and drives Debian's Chromium with
Playwright (no browser download). Screenshots go to ``$KAMLAB_SCREENSHOTS`` (default: the test's
temporary folder) so a person can look at what the learner saw.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from kamlab.grader import course as grading

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is missing: .ci/run installs Debian's chromium package")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    course = grading.copy_course(tmp_path_factory.mktemp("ui"))
    grading.nbgrader(course, "generate_assignment", "step4_key_accounts", "--force")
    port, token = _free_port(), "kamlab-ui-test"
    env = {
        **os.environ,
        "PATH": f"{grading.BIN}{os.pathsep}{os.environ['PATH']}",
        "JUPYTER_CONFIG_DIR": str(course / ".jupyter"),
    }
    proc = subprocess.Popen(
        [
            str(grading.BIN / "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            "--ServerApp.open_browser=False",
            "--allow-root",
            "--LabApp.news_url=",
            "--LabServerApp.extensions_in_dev_mode=False",
        ],
        cwd=course,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start within 60 s")
    yield base, token, course
    proc.terminate()
    proc.wait(timeout=20)


def _wait_for_idle_kernel(base: str, token: str, timeout: float = 90) -> None:
    """Wait until the notebook's kernel has started and is idle (asked of the server, not the page)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=5) as r:
            kernels = json.load(r)
        if kernels and all(k["execution_state"] == "idle" for k in kernels):
            return
        time.sleep(0.5)
    pytest.fail("the notebook's kernel did not become idle")


def test_learner_runs_step4_and_moves_a_weight_slider(lab, tmp_path):
    base, token, _ = lab
    shots = Path(os.environ.get("KAMLAB_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    url = f"{base}/lab/tree/release/step4_key_accounts/step4_key_accounts.ipynb?token={token}"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        _wait_for_idle_kernel(base, token)
        page.click("text=Run", timeout=10_000)
        page.click("text=Run All Cells", timeout=10_000)
        slider = page.locator(".widget-slider .noUi-handle").first
        slider.wait_for(timeout=90_000)
        slider.scroll_into_view_if_needed()
        panel = page.locator(".jp-OutputArea-output .widget-vbox").first
        before = panel.locator("img").first.get_attribute("src", timeout=60_000)
        page.screenshot(path=str(shots / "step4_before.png"))
        slider.focus()
        for _ in range(8):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "(before) => { const i = document.querySelector('.jp-OutputArea-output .widget-vbox img');"
            " return i && i.src !== before; }",
            arg=before,
            timeout=30_000,
        )
        page.screenshot(path=str(shots / "step4_after.png"))
        # The only errors a learner meets before answering are the unanswered exercises'.
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        texts = []
        for i in range(errors.count()):
            errors.nth(i).scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            texts.append(errors.nth(i).inner_text())
        assert texts, "Run All stops at the first unanswered exercise with its NotImplementedError"
        unexpected = [t[:300] for t in texts if "NotImplementedError" not in t]
        assert not unexpected, unexpected
        browser.close()
