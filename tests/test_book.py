"""The read-only web edition (``make book``): built once, from a private copy of the course.

The course is copied to a temporary folder, nbgrader writes the student versions there (as
``make release`` does), and ``book/build.py`` runs them into a site. The checks read the source
notebooks themselves, so they keep working when cells move: every step has its page, no line of
any solution or hidden test reaches any file of the site, every worked example's charts and
tables are there, no error is shown, and the site loads nothing from the internet. Chromium
opens two pages; screenshots go to ``$KAMLAB_SCREENSHOTS`` (default: a temporary folder).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kamlab.grader import course as grading

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "course" / "source"
STEPS = sorted(p.name for p in SOURCE.iterdir() if (p / f"{p.name}.ipynb").exists())
REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n?(.*?)### END \1", re.S)


def _source_text(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _text(page: Path) -> str:
    """A page's visible text: tags removed, entities decoded, runs of white space made one space."""
    raw = page.read_text(encoding="utf-8", errors="replace")
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    return _squash(html.unescape(re.sub(r"<[^>]+>", "", raw)))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("book")
    course = grading.copy_course(work)
    for step in STEPS:
        grading.nbgrader(course, "generate_assignment", step, "--force", "--log-level=WARN")
    out = work / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "book.build",
            "--release",
            str(course / "release"),
            "--home",
            str(course / "home.ipynb"),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"site": out, "staging": work / "site-src", "release": course / "release"}


def test_every_step_and_the_home_page_is_there(book):
    site = book["site"]
    assert (site / "index.html").exists()
    home = _text(site / "home.html")
    assert "KAM Lab" in home and "read-only web edition" in home
    for step in STEPS:
        page = site / f"{step}.html"
        assert page.exists(), f"no page for {step}"
        nb = json.loads((SOURCE / step / f"{step}.ipynb").read_text())
        title = next(
            m.group(1)
            for c in nb["cells"]
            if c["cell_type"] == "markdown"
            for m in [re.search(r"^# (.+)$", _source_text(c), re.M)]
            if m
        )
        assert _squash(title) in _text(page), f"{step}: its title is not on its page"
        # The home page links to the step's page, not to a notebook in release/.
        assert f'href="{step}.html"' in (site / "home.html").read_text()
    assert (site / "data.html").exists()


def _leak_candidates() -> dict[str, set[str]]:
    """Lines of the sources' solutions and hidden tests that the student versions do not show."""
    shown = []  # every cell as learners see it, squashed: a line may also be spread over several
    for path in (ROOT / "course").rglob("*.ipynb"):
        if "source" in path.parts:
            nb = json.loads(path.read_text())
            shown += [_squash(REGION.sub("", _source_text(cell))) for cell in nb["cells"]]
    student = "\n".join(shown)
    found: dict[str, set[str]] = {}
    for step in STEPS:
        nb = json.loads((SOURCE / step / f"{step}.ipynb").read_text())
        lines = set()
        for cell in nb["cells"]:
            for _, region in REGION.findall(_source_text(cell)):
                lines |= {_squash(line) for line in region.splitlines()}
        found[step] = {line for line in lines if len(line) >= 12 and line not in student}
    return found


def test_no_solution_or_hidden_test_line_reaches_the_site(book):
    candidates = _leak_candidates()
    assert all(candidates.values()), "every step has solution lines to look for"
    texts = {}
    for path in book["site"].rglob("*"):
        if path.is_file() and path.suffix in {".html", ".txt", ".ipynb", ".js", ".json", ".md"}:
            raw = path.read_text(encoding="utf-8", errors="replace")
            texts[path] = _text(path) if path.suffix == ".html" else _squash(raw)
            if path.suffix == ".ipynb":  # JSON escapes quotes: compare the cells' decoded text too
                cells = json.loads(raw)["cells"]
                texts[path] += " " + _squash(" ".join(_source_text(c) for c in cells))
    leaks = [
        f"{step}: {line!r} in {path.name}"
        for step, lines in candidates.items()
        for line in lines
        for path, text in texts.items()
        if line in text
    ]
    assert not leaks, leaks[:10]


def test_every_exercise_is_a_note_and_no_error_is_shown(book):
    site, staging = book["site"], book["staging"]
    for step in STEPS:
        released = json.loads((book["release"] / step / f"{step}.ipynb").read_text())
        answers = sum(bool(c["metadata"].get("nbgrader", {}).get("solution")) for c in released["cells"])
        page = (site / f"{step}.html").read_text()
        assert page.count("Exercise: answered in the course") == answers, step
        # No unanswered answer cell's code (syntax-highlighted as Python on the page).
        assert 'class="ne">NotImplementedError' not in page and "# YOUR CODE HERE" not in page, step
        for cls in ("output traceback", "output stderr"):
            assert f'class="{cls}' not in page, f"{step}: {cls} output on the page"
        ran = json.loads((staging / f"{step}.ipynb").read_text())
        for cell in ran["cells"]:
            for out in cell.get("outputs", []):
                assert out["output_type"] != "error", f"{step}: {out.get('ename')}"
                assert out.get("name") != "stderr", f"{step}: {out.get('text', '')[:200]}"


def test_worked_examples_show_their_charts_and_tables(book):
    site, staging = book["site"], book["staging"]
    for step in STEPS:
        ran = json.loads((staging / f"{step}.ipynb").read_text())
        charts = sum("image/png" in o.get("data", {}) for c in ran["cells"] for o in c.get("outputs", []))
        code = [c for c in ran["cells"] if c["cell_type"] == "code"]
        assert code and all(c.get("execution_count") for c in code), f"{step}: a code cell did not run"
        page = (site / f"{step}.html").read_text()
        images = re.findall(r'<img[^>]+src="(_images/[^"]+\.png)"', page)
        assert charts >= 1, f"{step}: the worked examples drew no chart"
        assert len(images) == charts, f"{step}: {charts} charts ran, {len(images)} on the page"
        for src in images:
            assert (site / src).stat().st_size > 10_000, f"{step}: {src} looks empty"
        assert 'class="dataframe' in page, f"{step}: no table on the page"


def test_the_site_loads_nothing_from_the_internet(book):
    for page in book["site"].glob("*.html"):
        text = page.read_text()
        remote = re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="(https?:[^"]*)"', text)
        assert not remote, f"{page.name} loads {remote[:3]}"


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_a_reader_opens_the_site_in_a_browser(book, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    shots = Path(os.environ.get("KAMLAB_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    site = book["site"]
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
        page = browser.new_page(viewport={"width": 1300, "height": 950})
        problems: list[str] = []
        page.on("pageerror", lambda err: problems.append(str(err)))
        page.goto((site / "index.html").as_uri())
        page.wait_for_url("**/home.html", timeout=60_000)
        page.get_by_text("read-only web edition").first.wait_for(timeout=60_000)
        page.screenshot(path=str(shots / "book_home.png"))
        page.get_by_role("link", name=re.compile(r"^Step 4")).first.click()
        page.wait_for_url("**/step4_key_accounts.html", timeout=60_000)
        chart = page.locator("img[src*='_images/']").first
        chart.wait_for(timeout=60_000)
        chart.scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle(), timeout=60_000
        )
        page.screenshot(path=str(shots / "book_step4_chart.png"))
        note = page.locator(".admonition", has_text="Exercise: answered in the course").first
        note.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "book_step4_exercise.png"))
        browser.close()
    assert not problems, problems
