"""A learner's own copy of the course (``my-work/``), made once and never overwritten.

``make lab`` builds the student versions of the notebooks (``course/.student/``, by nbgrader) and
then calls :func:`sync`, which copies them into the learner's folder:

- a notebook the learner does not have yet is copied in;
- a copy the learner has not changed since it was copied (its checksum is in ``.kamlab-copied.json``)
  is replaced by the newer version: it holds nothing the learner wrote;
- a notebook the learner has changed is **never** touched: when the course has a newer version than
  the one copied, it goes beside it, under ``updates/``, with a dated name, and :func:`sync` reports
  it (``make lab`` prints a one-line notice, and so does the course home's progress view); a course
  that has not changed offers nothing, however much the learner has written;
- the course's own support files (the self-check data ``.kamlab-checks.json``, the JupyterLab
  settings for learners) are refreshed, because the learner never writes them.

Nothing here deletes a file.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "student" / "step4").mkdir(parents=True)
>>> _ = (root / "student" / "step4" / "step4.ipynb").write_text('{"v": 1}')
>>> sync(root / "student", root / "my-work").copied
['step4/step4.ipynb']
>>> _ = (root / "my-work" / "step4" / "step4.ipynb").write_text('{"v": "my answers"}')
>>> sync(root / "student", root / "my-work").updates  # the course has not changed: nothing to offer
[]
>>> _ = (root / "student" / "step4" / "step4.ipynb").write_text('{"v": 2}')
>>> report = sync(root / "student", root / "my-work", today="2026-12-01")
>>> report.updates, (root / "my-work" / "step4" / "step4.ipynb").read_text()
(['updates/step4/step4 (course update 2026-12-01).ipynb'], '{"v": "my answers"}')
>>> report.notice().split(" is in ")[0]
'A new version of step4'
"""

from __future__ import annotations

import datetime as dt
import filecmp
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["LAB_CONFIG", "NOTICE", "SyncReport", "sync"]

#: The JupyterLab settings a learner's lab starts with (no instructor tools, no news pop-up).
LAB_CONFIG = Path(__file__).resolve().parent / "jupyter"
UPDATES = "updates"
#: Where :func:`sync` leaves the list of updates, for the course home's progress view.
NOTICE = ".kamlab-updates.json"
#: Checksums of the files as :func:`sync` copied them, to tell an untouched copy from the learner's work.
COPIED = ".kamlab-copied.json"
#: Files of the course's own that the learner never edits: refreshed on every sync.
OURS = (".kamlab-checks.json",)


@dataclass
class SyncReport:
    """What :func:`sync` did, as paths relative to the learner's folder."""

    copied: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)

    def notice(self) -> str:
        """One short line per update, for the terminal (empty when there is none)."""
        return "\n".join(
            f"A new version of {Path(u).name.split(' (course update')[0]} is in my-work/{u}; "
            "your own copy is unchanged."
            for u in self.updates
        )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _same(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and filecmp.cmp(a, b, shallow=False)


def _known_update(course_file: Path, folder: Path) -> bool:
    """True if an update already offered in ``folder`` has exactly this content."""
    return folder.is_dir() and any(
        _same(course_file, p) for p in folder.glob(f"{course_file.stem} (*){course_file.suffix}")
    )


def sync(course: Path | str, work: Path | str, *, today: str | None = None) -> SyncReport:
    """Copy the course's student files from ``course`` into ``work`` without overwriting a learner's file."""
    course, work = Path(course), Path(work)
    today = today or dt.date.today().isoformat()
    report = SyncReport()
    manifest_path = work / COPIED
    copied = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for source in sorted(p for p in course.rglob("*") if p.is_file()):
        relative = source.relative_to(course)
        if relative.parts[0] in (UPDATES, ".ipynb_checkpoints") or ".ipynb_checkpoints" in relative.parts:
            continue
        target, key = work / relative, relative.as_posix()
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied[key] = _digest(target)
            report.copied.append(key)
        elif source.name in OURS or (not _same(source, target) and copied.get(key) == _digest(target)):
            if not _same(source, target):
                shutil.copy2(source, target)
                copied[key] = _digest(target)
                report.refreshed.append(key)
        elif not _same(source, target):
            if copied.get(key) == _digest(source):
                continue  # the course has not changed since the copy: the difference is the learner's work
            folder = work / UPDATES / relative.parent
            if _known_update(source, folder):
                continue
            name = f"{source.stem} (course update {today}){source.suffix}"
            update = folder / name
            counter = 2
            while update.exists():
                update = folder / f"{source.stem} (course update {today}, {counter}){source.suffix}"
                counter += 1
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, update)
            report.updates.append(update.relative_to(work).as_posix())
    if report.copied or report.refreshed:
        work.mkdir(parents=True, exist_ok=True)
        manifest_path.write_text(json.dumps(copied, indent=1, sort_keys=True) + "\n")
    if report.updates:
        notice = work / NOTICE
        known = json.loads(notice.read_text()) if notice.exists() else []
        notice.write_text(json.dumps(sorted(set(known) | set(report.updates)), indent=1) + "\n")
    return report


def install_lab_config(work: Path | str) -> Path:
    """The learner's JupyterLab configuration folder inside ``work`` (refreshed from :data:`LAB_CONFIG`).

    Settings the learner changes in JupyterLab are written under ``lab/user-settings`` there and are
    kept; only the files the course ships are refreshed.
    """
    target = Path(work) / ".jupyter"
    for source in sorted(p for p in LAB_CONFIG.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        destination = target / source.relative_to(LAB_CONFIG)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.exists() or not _same(source, destination):
            shutil.copy2(source, destination)
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m kamlab workspace STUDENT_VERSIONS MY_WORK [EXTRA_FILE ...]``: sync and print notices."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kamlab workspace", description=__doc__.splitlines()[0])
    parser.add_argument("student", help="folder with the student versions (course/.student)")
    parser.add_argument("work", help="the learner's folder (my-work)")
    parser.add_argument(
        "extra", nargs="*", help="more course files for the learner's folder (the course home)"
    )
    args = parser.parse_args(argv)
    staging = Path(args.student)
    for extra in args.extra:
        shutil.copy2(extra, staging / Path(extra).name)
    report = sync(staging, args.work)
    install_lab_config(args.work)
    if report.copied:
        print(f"my-work: {len(report.copied)} new file(s) from the course")
    if report.notice():
        print(report.notice())
    return 0
