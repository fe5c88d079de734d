"""The dashboard (``make dashboard``) as a manager meets it: Voilà in a real browser.

Starts Voilà on the dashboard notebook on a free localhost port, as ``make dashboard`` does
(same folder, same ``voila.json``), and drives Debian's Chromium with Playwright: the page shows
no code and no error, moving a weight slider redraws the matrix and changes the programme,
moving a benchmark slider redraws the radar, and answering a maturity question changes the gap
report. Screenshots go to ``$KAMLAB_SCREENSHOTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kamlab import selection

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BIN = Path(sys.executable).parent
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is missing: .ci/run installs Debian's chromium package")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 180_000  # ms: a first render runs the notebook in a fresh kernel, on a busy machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(BIN / "voila"), "kam_dashboard.ipynb", "--no-browser", f"--port={port}"],
            cwd=ROOT / "dashboard",
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.time() + 120
    while time.time() < deadline:  # the port opens when Voilà is ready; a GET would start a kernel
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"Voilà stopped: {log.read_text()[-2000:]}")
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("Voilà did not start within 120 s")
    yield f"http://127.0.0.1:{port}/", log
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def _shot(page, path: Path, height: int) -> None:
    """A screenshot of the whole dashboard: Voilà scrolls inside the page, so make the window tall."""
    page.set_viewport_size({"width": 1300, "height": height})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))


def _changes(page, selector: str, what: str, before: str) -> None:
    page.wait_for_function(
        f"([sel, before]) => {{ const e = document.querySelector(sel); return e && e.{what} !== before; }}",
        arg=[selector, before],
        timeout=WAIT,
    )


def test_a_manager_uses_the_dashboard(dashboard, tmp_path):
    url, log = dashboard
    shots = Path(os.environ.get("KAMLAB_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(url, timeout=WAIT)
        for panel in (".kam-matrix img, img.kam-matrix", ".kam-radar", ".kam-gap-report"):
            page.locator(panel).first.wait_for(timeout=WAIT)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.kam-programme')].some(e => e.innerText.includes('Nova'))",
            timeout=WAIT,
        )
        assert page.title() == "KAM Lab dashboard"
        body = page.locator("body").inner_text()

        # No code and no error anywhere on the page.
        assert (
            page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, pre code").count()
            == 0
        )
        for code in ("import kam_dashboard", "kam_dashboard.load", ".widget"):
            assert code not in body, f"code on the page: {code}"
        errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error'],"
            ".jp-RenderedText.jp-mod-error"
        )
        assert errors.count() == 0, errors.first.inner_text()
        for word in ("Traceback", "There was an error", "Error displaying widget"):
            assert word not in body, word
        for title in (
            "Which customers should be key accounts?",
            "How does the programme compare with other companies'?",
            "How mature is your Key Account Management?",
        ):
            assert title in body
        _shot(page, shots / "dashboard_start.png", 4200)
        page.set_viewport_size({"width": 1300, "height": 1000})

        # Step 4: give the size of the customer's spend all the room on its slider.
        matrix = ".kam-matrix"
        image_before = page.locator(matrix).first.get_attribute("src")
        programme_before = page.locator(".kam-programme").first.inner_text()
        handle = page.locator(".kam-portfolio .widget-slider .noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        for _ in range(14):  # 0.30 to 1.00 in steps of 0.05
            page.keyboard.press("ArrowRight")
        _changes(page, matrix, "src", image_before)
        _changes(page, ".kam-programme", "innerText", programme_before)
        # Each key press sends a value; wait for the last one's result (1.00 among the weights).
        others = sum(w for k, w in selection.DEFAULT_ATTRACTIVENESS_WEIGHTS.items() if k != "wallet_size")
        final = f"size of their spend in our category {1 / (1 + others):.0%}"
        page.wait_for_function(
            "(final) => { const t = document.querySelector('.kam-portfolio-summary').innerText;"
            " return t.includes(final) && !t.includes('12 of the 12'); }",
            arg=final,
            timeout=WAIT,
        )
        page.set_viewport_size({"width": 1300, "height": 1700})
        page.locator(".kam-portfolio").first.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "dashboard_weights_moved.png"))
        page.set_viewport_size({"width": 1300, "height": 1000})

        # Step 7 benchmark: more training days redraw the radar and move the percentile.
        radar_before = page.locator(".kam-radar").first.get_attribute("src")
        bench_before = page.locator(".kam-benchmark").first.inner_text()
        days = page.locator(".kam-peer-benchmark .widget-slider").nth(4).locator(".noUi-handle")
        days.scroll_into_view_if_needed()
        days.focus()
        for _ in range(12):  # 2 to 8 days in steps of 0.5
            page.keyboard.press("ArrowRight")
        _changes(page, ".kam-radar", "src", radar_before)
        _changes(page, ".kam-benchmark", "innerText", bench_before)
        page.wait_for_function(
            "() => document.querySelector('.kam-benchmark').innerText.includes('8 days')", timeout=WAIT
        )

        # Step 7 self-assessment: a training plan for every key account manager, fully in place.
        report = page.locator(".kam-gap-report").first
        assert "yearly training plan" in report.inner_text()
        summary_before = page.locator(".kam-gap-summary").first.inner_text()
        row = page.locator(".kam-questionnaire .widget-hbox", has_text="yearly training plan").first
        row.scroll_into_view_if_needed()
        row.locator("select").select_option(label="5 - fully")
        page.wait_for_function(
            "() => !document.querySelector('.kam-gap-report').innerText.includes('yearly training plan')",
            timeout=WAIT,
        )
        _changes(page, ".kam-gap-summary", "innerText", summary_before)
        page.set_viewport_size({"width": 1300, "height": 1300})
        page.get_by_text("Your gap report").first.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "dashboard_gap_report.png"))
        body = page.locator("body").inner_text()
        for word in ("Traceback", "There was an error"):
            assert word not in body, word
        browser.close()
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
