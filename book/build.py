"""Build the read-only web edition of KAM Lab: the student notebooks, run, as a Jupyter Book.

    python -m book.build [--release course/.student] [--home course/home.ipynb] [--out _build/book]
                         [--extra course/glossary.ipynb ...]

``make book`` runs it on the student versions that nbgrader's ``generate_assignment`` writes (in
``course/.student``, as for ``make lab``). The pages are the course home, every student notebook
found in ``--release`` (one per step folder, in folder order), then any ``--extra`` notebook and
the data dictionary.
Each notebook is prepared by what its cells *are*, never by where they stand:

- an exercise's answer cell (nbgrader ``solution``) and its check cell (nbgrader ``grade``) become
  one short note, so no unanswered answer cell and no check code is shown, and a learner's own
  answers in ``release/`` never reach the site (the blank answer cell still runs, unseen, in
  case later cells use its names; the check does not run);
- other nbgrader cells (the grading set-up) run but are hidden;
- every other cell runs, in the step's folder (the home page among the steps, as in a learner's
  folder), as a learner's Run All would; any error stops the build with the notebook and cell;
- widgets (sliders, forms) need a live kernel: their output becomes a note that points to the
  course and to the dashboard (``make dashboard``);
- links to another step's notebook point to that step's page.

The HTML goes to ``--out`` (default ``_build/book``), replaced only when the build succeeded.
It loads nothing from the internet: open ``index.html`` in any browser.
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from kamlab.kernels import PatientClient

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colours in tracebacks
CELL_TIMEOUT = 900  # seconds per cell: generous, for a busy machine
HOME_PAGE = "home"
DATA_PAGE = "data"

EDITION_NOTE = """\
```{note}
**This is the read-only web edition of KAM Lab.** Every worked example has been run: its tables
and charts are the ones a learner sees. The graded exercises are left for learners: a short box
marks where each answer goes and what its self-check does. Sliders and forms need the live
course; `make dashboard` opens the two main ones (the portfolio matrix and the maturity
self-assessment) without any code. To take the course, install it with `make lab` (see the
project's README).
```
"""


class BookError(RuntimeError):
    """The web edition cannot be built; the message says which notebook and cell, and why."""


@dataclass(frozen=True)
class Page:
    """One page of the book: where its notebook comes from and the name it gets on the site."""

    source: Path
    name: str


def _nbgrader(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_answer(cell: dict) -> bool:
    """An exercise's answer cell: learners write here (nbgrader ``solution``)."""
    return bool(_nbgrader(cell).get("solution"))


def is_check(cell: dict) -> bool:
    """An exercise's check cell (nbgrader ``grade``) that is not itself an answer cell."""
    meta = _nbgrader(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


def is_infrastructure(cell: dict) -> bool:
    """A code cell nbgrader manages that is neither answer nor check, e.g. the grading set-up."""
    return (
        cell.get("cell_type") == "code"
        and bool(_nbgrader(cell))
        and not is_answer(cell)
        and not is_check(cell)
    )


def _points(cell: dict) -> float:
    try:
        return float(_nbgrader(cell).get("points", 0) or 0)
    except (TypeError, ValueError):
        return 0.0


def exercise_note(written: bool, points: float, checked: bool) -> str:
    """The box that stands in for an exercise's answer cell and its check cell."""
    where = "a text cell" if written else "a code cell"
    lines = [
        "```{admonition} Exercise: answered in the course",
        ":class: tip",
        f"Learners write their answer here, in {where}.",
    ]
    if checked:
        lines.append("A self-check under it says *Self-check passed*, or names the likely mistake and why.")
    if points:
        lines.append(f"nbgrader grades it: {points:g} point{'s' if points != 1 else ''}.")
    lines.append("```")
    return "\n".join(lines)


def rewrite_links(text: str, pages: dict[str, str]) -> str:
    """Point links at another course notebook to its page, and at the data dictionary to its page;
    other local files are not on the site, so their links become plain text.

    ``pages`` maps a notebook's file name (``step1_x.ipynb``) to its page name. Links to the
    web (``http``, ``https``, ``mailto``) and to anchors are kept.

    >>> rewrite_links("[Step 1](release/s1/s1.ipynb), [data](../datasets/README.md), "
    ...               "[guide](AUTHORING.md), [web](https://example.org)", {"s1.ipynb": "s1"})
    '[Step 1](s1.ipynb), [data](data.md), guide, [web](https://example.org)'
    """

    def fix(match: re.Match) -> str:
        label, target = match.group(1), match.group(2).strip()
        if re.match(r"(?i)^(https?:|mailto:|#)", target):
            return match.group(0)
        file = target.split("#", 1)[0].rsplit("/", 1)[-1]
        if file in pages:
            return f"[{label}]({pages[file]}.ipynb)"
        if file == "README.md" and "datasets" in target and "examples" not in target:
            return f"[{label}]({DATA_PAGE}.md)"
        return label

    return re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", fix, text)


def _markdown(text: str) -> dict:
    return nbformat.v4.new_markdown_cell(text)


DROP = "kamlab_book_drop"  # cell metadata: run the cell, then leave it off the page


def prepare(nb: dict, pages: dict[str, str]) -> dict:
    """The notebook as it runs for the book: exercises become notes (see the module).

    An answer code cell stays, to run as the learner's blank would (it may define the names later
    cells use), tagged ``raises-exception`` (an unanswered ``NotImplementedError`` does not stop
    the run) and marked to be dropped by :func:`finish`. Check cells do not run.
    """
    out = copy.deepcopy(nb)
    cells: list[dict] = []
    last_note: dict | None = None  # the note of an answer cell, which its check cell completes
    for cell in out["cells"]:
        if is_answer(cell):
            written = cell["cell_type"] == "markdown"
            points = _points(cell)
            if not written:
                tags = cell.metadata.setdefault("tags", [])
                for tag in ("raises-exception", "remove-cell"):
                    if tag not in tags:
                        tags.append(tag)
                cell.metadata[DROP] = True
                cells.append(cell)
            note = _markdown(exercise_note(written, points, checked=False))
            note.metadata["kamlab_book"] = {"written": written, "points": points}
            cells.append(note)
            last_note = note
            continue
        if is_check(cell):
            if last_note is not None:
                info = last_note.metadata["kamlab_book"]
                info["points"] += _points(cell)
                last_note.source = exercise_note(info["written"], info["points"], checked=True)
            else:
                cells.append(_markdown(exercise_note(False, _points(cell), checked=True)))
            last_note = None
            continue
        last_note = None
        if is_infrastructure(cell):
            tags = cell.metadata.setdefault("tags", [])
            if "remove-cell" not in tags:
                tags.append("remove-cell")
        elif cell["cell_type"] == "markdown":
            cell.source = rewrite_links(cell.source, pages)
        cells.append(cell)
    for cell in cells:
        cell.metadata.pop("kamlab_book", None)
    out["cells"] = cells
    out["metadata"].pop("widgets", None)
    return out


def finish(nb: dict) -> dict:
    """After the run: drop the answer cells (and their outputs), swap widgets for a note."""
    out = copy.deepcopy(nb)
    out["cells"] = [c for c in out["cells"] if not c.metadata.get(DROP)]
    return replace_widgets(out)


def add_edition_note(nb: dict) -> dict:
    """Put the note on what this edition is under the first heading (or on top if there is none)."""
    out = copy.deepcopy(nb)
    at = next(
        (
            i + 1
            for i, c in enumerate(out["cells"])
            if c["cell_type"] == "markdown" and re.match(r"\s*# ", c["source"])
        ),
        0,
    )
    out["cells"].insert(at, _markdown(EDITION_NOTE))
    return out


def widget_note() -> dict:
    """The output that replaces a widget's, which a static page cannot run."""
    text = (
        "Interactive widget: in the course, sliders and buttons here redraw the result. "
        "Run the course (make lab) to use it; make dashboard opens the portfolio matrix and the "
        "maturity self-assessment without code."
    )
    html = (
        '<div class="admonition note kamlab-widget"><p class="admonition-title">Interactive in the course</p>'
        "<p>Sliders and buttons here redraw the result in the live course (<code>make lab</code>). "
        "<code>make dashboard</code> opens the portfolio matrix and the maturity self-assessment "
        "without any code.</p></div>"
    )
    return nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": text})


def replace_widgets(nb: dict) -> dict:
    """Swap every widget output for :func:`widget_note` and drop the saved widget state."""
    out = copy.deepcopy(nb)
    for cell in out["cells"]:
        if cell["cell_type"] != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            if WIDGET_MIME in output.get("data", {}):
                outputs.append(widget_note())
            else:
                outputs.append(output)
        cell["outputs"] = outputs
    out["metadata"].pop("widgets", None)
    return out


def errors(nb: dict) -> list[str]:
    """Every error output of a notebook, as ``ename: evalue`` (empty when it ran cleanly)."""
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def execute(nb: dict, cwd: Path, name: str, timeout: int = CELL_TIMEOUT) -> dict:
    """Run every code cell in ``cwd``, as a learner's Run All; stop the build on the first error."""
    out = copy.deepcopy(nb)
    km = AsyncKernelManager(kernel_name="python3")
    km.client_factory = PatientClient  # see kamlab.kernels: no stall on a missed wake-up
    client = NotebookClient(
        out,
        km=km,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
        store_widget_state=True,  # needed for Output widgets; the state is dropped afterwards
    )
    # The kernel's own log (e.g. its warning about TCP transport) goes to a file, shown on failure.
    with tempfile.TemporaryFile("w+") as kernel_log:
        try:
            client.execute(stderr=kernel_log)
        except (CellExecutionError, RuntimeError, TimeoutError) as err:
            kernel_log.seek(0)
            text = ANSI.sub("", str(err)).strip().splitlines()[-12:]
            lines = text + kernel_log.read().strip().splitlines()[-5:]
            raise BookError(f"{name}: a worked example failed to run:\n" + "\n".join(lines)) from None
    found = errors(finish(out))
    if found:
        raise BookError(f"{name}: error outputs after running: {found}")
    return out


def discover(release: Path) -> list[Page]:
    """The student notebooks in ``release``: one page per notebook, in folder order."""
    found = sorted(p for p in release.glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not found:
        raise BookError(
            f"no student notebooks in {release}: generate them first "
            "(nbgrader generate_assignment; make book does)"
        )
    names = [p.stem for p in found]
    if len(set(names)) != len(names):
        raise BookError(f"two student notebooks share a name in {release}: {sorted(names)}")
    return [Page(p, p.stem) for p in found]


def _title(nb: dict, fallback: str) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            m = re.search(r"^# (.+)$", cell["source"], re.M)
            if m:
                return m.group(1).strip()
    return fallback


CONFIG = """\
# Written by book/build.py: the web edition's Jupyter Book settings.
title: "KAM Lab: Key Account Management, hands-on"
author: KAM Lab
copyright: ""
only_build_toc_files: true
exclude_patterns: [_build, "**.ipynb_checkpoints"]
execute:
  execute_notebooks: "off"   # book/build.py has already run every notebook
parse:
  myst_enable_extensions: [colon_fence]
html:
  use_repository_button: false
  use_issues_button: false
  use_edit_page_button: false
  home_page_in_navbar: true
  use_multitoc_numbering: false
  extra_footer: "Read-only web edition: worked examples run, exercises left for learners."
launch_buttons:
  notebook_interface: jupyterlab
  binderhub_url: ""
  jupyterhub_url: ""
  colab_url: ""
  thebe: false
sphinx:
  local_extensions:
    kamlab_tidy: "{staging}"
  config:
    html_show_copyright: false
    html_last_updated_fmt: ""
    nb_merge_streams: true
    suppress_warnings: ["myst.header", "mystnb.unknown_mime_type"]
    html_theme_options:
      use_download_button: true
      use_fullscreen_button: false
      repository_url: ""
      launch_buttons: {}
"""


def write_sources(
    pages: list[tuple[str, dict]], data_md: Path | None, staging: Path, extras: Iterable[str] = ()
) -> None:
    """Write the prepared, executed notebooks, the data page, ``_config.yml`` and ``_toc.yml``.

    ``pages`` holds the home page and the steps; the pages named in ``extras`` (e.g. a glossary)
    go under *Reference*, before the data dictionary.
    """
    extras = list(extras)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name, nb in pages:
        nbformat.write(nbformat.from_dict(nb), staging / f"{name}.ipynb")
    chapters = [name for name, _ in pages if name != HOME_PAGE and name not in extras]
    toc = ["format: jb-book", f"root: {HOME_PAGE}", "parts:", "- caption: The course", "  chapters:"]
    toc += [f"  - file: {name}" for name in chapters]
    reference = list(extras)
    if data_md is not None:
        text = rewrite_links(data_md.read_text(encoding="utf-8"), {})
        (staging / f"{DATA_PAGE}.md").write_text(text, encoding="utf-8")
        reference.append(DATA_PAGE)
    if reference:
        toc += ["- caption: Reference", "  chapters:"] + [f"  - file: {name}" for name in reference]
    (staging / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    shutil.copy(HERE / "kamlab_tidy.py", staging / "kamlab_tidy.py")
    (staging / "_config.yml").write_text(CONFIG.replace("{staging}", str(staging)), encoding="utf-8")


def build_html(staging: Path, out: Path) -> None:
    """Run Jupyter Book on ``staging``; on success, replace ``out`` with the new site."""
    work = staging.parent / (staging.name + "-html")
    if work.exists():
        shutil.rmtree(work)
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [str(jb), "build", str(staging), "--path-output", str(work), "--all", "-W", "--keep-going", "-q"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise BookError(f"jupyter-book build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    html = work / "_build" / "html"
    if not (html / "index.html").exists():
        raise BookError(f"jupyter-book wrote no index.html in {html}")
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(html), str(out))
    shutil.rmtree(work, ignore_errors=True)


def build(
    release: Path,
    home: Path | None,
    out: Path,
    data_md: Path | None = ROOT / "datasets" / "README.md",
    extras: Iterable[Path] = (),
    log: list[str] | None = None,
) -> Path:
    """Prepare, run and publish every page; returns the site's folder (``out``).

    ``extras`` are more course notebooks (a glossary, references) shown under *Reference*.
    """
    say = print if log is None else log.append
    steps = discover(release)
    more = [Page(p, p.stem) for p in extras]
    names = {p.source.name: p.name for p in steps + more}
    if home is not None:
        names[home.name] = HOME_PAGE
    pages: list[tuple[str, dict]] = []
    if home is not None:  # run among the student notebooks, as in a learner's folder
        nb = nbformat.read(home, as_version=4)
        ran = finish(execute(prepare(nb, names), release, HOME_PAGE))
        pages.append((HOME_PAGE, add_edition_note(ran)))
    for page in steps + more:
        start = time.monotonic()
        nb = nbformat.read(page.source, as_version=4)
        ran = finish(execute(prepare(nb, names), page.source.parent, page.name))
        pages.append((page.name, ran))
        say(f"ran {page.name} ({_title(nb, page.name)}) in {time.monotonic() - start:.0f} s")
    staging = out.parent / (out.name + "-src")
    write_sources(pages, data_md, staging, [p.name for p in more])
    start = time.monotonic()
    build_html(staging, out)
    say(f"built the HTML in {time.monotonic() - start:.0f} s: {out / 'index.html'}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", type=Path, default=ROOT / "course" / ".student")
    parser.add_argument("--home", type=Path, default=ROOT / "course" / "home.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "book")
    parser.add_argument(
        "--extra", type=Path, action="append", default=[], help="another course notebook (e.g. a glossary)"
    )
    args = parser.parse_args(argv)
    try:
        build(
            args.release.resolve(),
            args.home.resolve(),
            args.out.resolve(),
            extras=[p.resolve() for p in args.extra],
        )
    except BookError as err:
        print(f"make book: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
