"""How far a learner has got: read from the saved notebooks in ``my-work/``, without running them.

``kamlab.progress()`` (a cell of the course home) looks at every step's saved notebook: each
graded exercise's check cell says *Self-check passed*, fails, says *not answered yet*, or has not
been run. It shows, per step, which exercises pass, the points so far out of the total, and the
time left on the learner's path; and any course update waiting beside the learner's copy.

The steps, their times and the learning paths live here, in one place: the course home and the
build read them too.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kamlab.grader.selfcheck import CHECKS_FILE, PASSED

__all__ = ["PATHS", "STEPS", "Progress", "StepProgress", "progress", "read_step"]


@dataclass(frozen=True)
class Step:
    """One notebook of the course: its assignment folder, title and estimated minutes."""

    assignment: str
    number: int
    title: str
    minutes: int


#: The course's notebooks, in order (the estimated time is the one each notebook states).
STEPS: tuple[Step, ...] = (
    Step("step0_primer", 0, "Jupyter and pandas for managers", 30),
    Step("step1_organisational_change", 1, "KAM is an organisational change", 60),
    Step("step2_executive_sponsors", 2, "Get high-level buy-in", 60),
    Step("step3_kam_champion", 3, "Appoint a KAM champion", 60),
    Step("step4_key_accounts", 4, "Identify key accounts carefully", 60),
    Step("step5_kam_team", 5, "Appoint and train key account managers", 60),
    Step("step6_metrics", 6, "Set the right metrics", 75),
    Step("step7_benchmark", 7, "Benchmark and build", 75),
    Step("step8_key_account_plan", 8, "The key account plan (capstone)", 150),
)

#: Learning paths: who each is for, and the steps it takes (all its exercises).
PATHS: dict[str, tuple[str, tuple[int, ...]]] = {
    "new key account manager": ("people taking on key accounts", (0, 1, 2, 3, 4, 5, 6, 7, 8)),
    "operations and supply chain": (
        "planners, warehouse, logistics, customer service, quality",
        (0, 1, 2, 6, 7),
    ),
    "self-paced core": ("anyone learning alone, short of time", (0, 4, 6, 8)),
}

STATES = ("passed", "not right yet", "not answered", "not run")


@dataclass
class ExerciseProgress:
    """One exercise: ``kind`` is "graded" (self-checked, with points), "practice" (self-checked, no
    points) or "written" (an answer in words, graded by an instructor: no self-check)."""

    grade_id: str
    title: str
    points: float
    state: str
    kind: str = "graded"


@dataclass
class StepProgress:
    """One step: its exercises' states and points (``found`` is False if the notebook is not there)."""

    step: Step
    found: bool
    exercises: list[ExerciseProgress] = field(default_factory=list)

    @property
    def checked(self) -> list[ExerciseProgress]:
        """The exercises a self-check can tick: graded and practice ones."""
        return [e for e in self.exercises if e.kind != "written"]

    @property
    def points(self) -> float:
        return sum(e.points for e in self.exercises if e.kind == "graded")

    @property
    def written_points(self) -> float:
        """Points of written answers: an instructor grades them, the self-checks cannot."""
        return sum(e.points for e in self.exercises if e.kind == "written")

    @property
    def earned(self) -> float:
        return sum(e.points for e in self.exercises if e.kind == "graded" and e.state == "passed")

    @property
    def share_done(self) -> float:
        """The share of the step's self-checked exercises that pass (0 if the notebook is not there)."""
        checked = self.checked
        return sum(e.state == "passed" for e in checked) / len(checked) if self.found and checked else 0.0

    @property
    def done(self) -> bool:
        return self.found and bool(self.checked) and self.share_done == 1.0


def _text(output: dict[str, Any]) -> str:
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        return "".join(text) if isinstance(text, list) else str(text)
    if output.get("output_type") == "error":
        return "ERROR"
    return ""


def _state(cell: dict[str, Any]) -> str:
    outputs = cell.get("outputs") or []
    if not outputs:
        return "not run"
    if any(o.get("output_type") == "error" for o in outputs):
        return "not right yet"
    text = "".join(_text(o) for o in outputs)
    if PASSED in text:
        return "passed"
    if "not answered yet" in text:
        return "not answered"
    return "not run"


def read_step(folder: Path | str, step: Step) -> StepProgress:
    """The state of one step's exercises, read from its saved notebook and its check data."""
    folder = Path(folder) / step.assignment
    notebook = folder / f"{step.assignment}.ipynb"
    if not notebook.exists():
        return StepProgress(step, found=False)
    checks = {}
    if (folder / CHECKS_FILE).exists():
        checks = json.loads((folder / CHECKS_FILE).read_text()).get("exercises", {})
    cells = json.loads(notebook.read_text()).get("cells", [])
    result = StepProgress(step, found=True)
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if meta.get("grade") and meta.get("solution") and gid is not None:
            title = f"written answer ({gid.removeprefix('written_').replace('_', ' ')})"
            result.exercises.append(
                ExerciseProgress(gid, title, float(meta.get("points", 0)), "for your instructor", "written")
            )
        elif cell.get("cell_type") != "code":
            continue
        elif meta.get("grade") and gid is not None:
            title = checks.get(gid, {}).get("title", gid)
            result.exercises.append(ExerciseProgress(gid, title, float(meta.get("points", 0)), _state(cell)))
        elif source.startswith("selfcheck.check(") and not meta.get("grade"):
            gid = source.split("'")[1] if "'" in source else source
            title = checks.get(gid, {}).get("title", gid)
            result.exercises.append(ExerciseProgress(gid, title, 0.0, _state(cell), "practice"))
    return result


_MARK = {"passed": "✓", "not right yet": "✗", "not answered": "…", "not run": "·", "for your instructor": "✎"}
_COLOUR = {
    "passed": "#2e7d32",
    "not right yet": "#c62828",
    "not answered": "#9e9e9e",
    "not run": "#bdbdbd",
    "for your instructor": "#1565c0",
}


@dataclass
class Progress:
    """Every step of a path, with totals; shown as a table with bars in a notebook."""

    path: str
    steps: list[StepProgress]
    updates: list[str] = field(default_factory=list)

    @property
    def points(self) -> float:
        return sum(s.points for s in self.steps)

    @property
    def earned(self) -> float:
        return sum(s.earned for s in self.steps)

    @property
    def written_points(self) -> float:
        return sum(s.written_points for s in self.steps)

    @property
    def minutes_left(self) -> int:
        """The path's time less the share of each step's self-checked exercises that pass, to 5 minutes."""
        left = sum(s.step.minutes * (1 - s.share_done) for s in self.steps)
        return int(5 * round(left / 5))

    def _points(self) -> str:
        text = f"{self.earned:g} of {self.points:g}"
        if self.written_points:
            text += f" (plus {self.written_points:g} for written answers an instructor grades)"
        return text

    @staticmethod
    def _step_points(s: StepProgress) -> str:
        if not s.found:
            return "-"
        if not s.points and not s.written_points:
            return "practice"  # Step 0: self-checks without points
        return f"{s.earned:g}/{s.points:g}" + (f" + {s.written_points:g} written" if s.written_points else "")

    def _time(self) -> str:
        hours, minutes = divmod(self.minutes_left, 60)
        return f"{hours} h {minutes:02d}" if hours else f"{minutes} min"

    def __repr__(self) -> str:
        head = f"Your path: {self.path}. Points: {self._points()}."
        lines = [f"{head} Time left: about {self._time()}."]
        for s in self.steps:
            marks = " ".join(f"{_MARK[e.state]} {e.title}" for e in s.exercises) or (
                "not in my-work yet" if not s.found else "practice only"
            )
            lines.append(f"  Step {s.step.number} {s.step.title}: {self._step_points(s)}  {marks}")
        lines += [f"  Update waiting: my-work/{u}" for u in self.updates]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = []
        for s in self.steps:
            share = s.share_done
            marks = " ".join(
                f'<span title="{html.escape(e.state)}" style="color:{_COLOUR[e.state]}">'
                f"{_MARK[e.state]} {html.escape(e.title)}</span>"
                for e in s.exercises
            ) or ("<i>not in my-work yet</i>" if not s.found else "<i>practice exercises</i>")
            bar = (
                '<div style="background:#eee;width:160px;height:12px;border-radius:3px">'
                f'<div style="background:#2e7d32;width:{160 * share:.0f}px;height:12px;border-radius:3px">'
                "</div></div>"
            )
            cells = (
                f"Step {s.step.number}",
                html.escape(s.step.title),
                bar,
                self._step_points(s).replace("/", " / "),
                marks,
                f"{s.step.minutes} min",
            )
            rows.append("<tr>" + "".join(f'<td style="text-align:left">{c}</td>' for c in cells) + "</tr>")
        notes = "".join(
            "<p>A new version of a notebook you started is waiting beside it: "
            f"<code>my-work/{html.escape(u)}</code>. Your own copy is unchanged.</p>"
            for u in self.updates
        )
        return (
            f"<p><b>Your path: {html.escape(self.path)}.</b> Points so far: "
            f"<b>{html.escape(self._points())}</b>. "
            f"Time left on your path: <b>about {self._time()}</b>.<br>✓ passed, ✗ not right yet, "
            "… not answered, · not run yet (run the notebook, then this cell again), ✎ a written "
            "answer for your instructor.</p>"
            "<table><tr>"
            + "".join(
                f'<th style="text-align:left">{h}</th>'
                for h in ("step", "", "points", "", "exercises", "time")
            )
            + "</tr>"
            + "".join(rows)
            + "</table>"
            + notes
        )


def progress(folder: Path | str = ".", path: str = "new key account manager") -> Progress:
    """How far you have got on ``path`` (one of :data:`PATHS`), read from the notebooks in ``folder``.

    ``folder`` is your ``my-work`` folder (the course home's folder). Nothing is run: save a notebook
    after working in it, then run this again.
    """
    if path not in PATHS:
        raise ValueError(f"path must be one of {sorted(PATHS)}, got {path!r}")
    numbers = PATHS[path][1]
    steps = [read_step(folder, s) for s in STEPS if s.number in numbers]
    notice = Path(folder) / ".kamlab-updates.json"
    updates = json.loads(notice.read_text()) if notice.exists() else []
    return Progress(path, steps, [u for u in updates if (Path(folder) / u).exists()])
