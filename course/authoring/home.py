"""Numbers the course home quotes: each step's points and time, the paths, the story accounts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kamlab.grader.build import load_spec
from kamlab.learner.progress import PATHS, STEPS

COURSE = Path(__file__).resolve().parents[1]


def _written_points(assignment: str) -> float:
    """Points of a step's written answers, graded by hand (nbgrader markers in its template)."""
    template = COURSE / "authoring" / f"{assignment}.md"
    text = template.read_text() if template.exists() else ""
    return float(
        sum(int(p) for p in re.findall(r'^\+\+\+ \{"nbgrader": \{[^\n]*"points": (\d+)', text, re.M))
    )


def _points(assignment: str) -> float:
    """Graded points of a step: its exercises' and its written answers' (or its notebook's, while it has none)."""
    spec = load_spec(COURSE / "authoring" / f"{assignment}.py")
    if spec is not None:
        return float(sum(e.points for e in spec.EXERCISES)) + _written_points(assignment)
    notebook = COURSE / "source" / assignment / f"{assignment}.ipynb"
    cells = json.loads(notebook.read_text())["cells"] if notebook.exists() else []
    return float(sum(c["metadata"].get("nbgrader", {}).get("points", 0) for c in cells))


def _steps(ns) -> list[dict]:
    out = []
    for step in STEPS:
        if (COURSE / "source" / step.assignment).is_dir() or (
            COURSE / "authoring" / f"{step.assignment}.md"
        ).exists():
            out.append({"step": step, "points": _points(step.assignment)})
    return out


def _paths(ns) -> list[dict]:
    steps = {s["step"].number: s for s in _steps(ns)}
    out = []
    for name, (who, numbers) in PATHS.items():
        chosen = [steps[n] for n in numbers if n in steps]
        minutes = sum(s["step"].minutes for s in chosen)
        out.append(
            {
                "name": name,
                "who": who,
                "steps": ", ".join(str(s["step"].number) for s in chosen),
                "points": sum(s["points"] for s in chosen),
                "time": f"{minutes // 60} h {minutes % 60:02d}",
            }
        )
    return out


def _story(ns) -> dict:
    import kamlab

    t = kamlab.load_all()
    customers = t["customers"].set_index("customer_id")
    profit = kamlab.customer_profit(
        t["orders"], t["activities"], t["departments"], t["unit_times"], year=2025
    )
    by_name = {v: k for k, v in customers["name"].items()}
    kestrel, bramley, nova = (
        by_name[n] for n in ("Kestrel Foods Group", "Bramley & Sons Engineering", "Nova Drive Robotics")
    )
    return {
        "customers": int((customers["status"] == "active").sum()),
        "lost": int((customers["status"] == "lost").sum()),
        "kestrel_rank": int(profit["revenue_eur"].rank(ascending=False)[kestrel]),
        "kestrel_profit": float(profit.loc[kestrel, "profit_eur"]),
        "bramley_years": int(customers.loc[bramley, "tenure_years"]),
        "nova_growth": float(customers.loc[nova, "wallet_growth"]),
        "nova_share": float(profit.loc[nova, "revenue_eur"] / customers.loc[nova, "wallet_eur"]),
    }


FACTS = {"steps": _steps, "paths": _paths, "story": _story}
