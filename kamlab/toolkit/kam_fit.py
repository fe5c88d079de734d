"""Appointing key account managers: a role profile, candidate fit and a training-gap plan.

Step 5 of the course replaces "promote the best salesperson" with a rule that
can be written down and checked:

1. :func:`role_profile`: what the role needs. For each skill, the **required
   level** on the assessment scale (1-5), its **importance** (points that
   :func:`role_profile` turns into **weights** adding up to 1) and the
   **training days** it takes to close a one-point gap.
2. :func:`fit_scores`: how well each candidate fits the role today, from 0 to
   1 (see below); :func:`fit_breakdown` shows the sum for one candidate.
3. :func:`rank_candidates` and :func:`shortlist`: candidates ranked by fit,
   beside their rank by sales (quota attainment).
4. :func:`training_gaps` and :func:`training_days`: the training plan that
   brings a candidate up to the role profile.
5. :func:`plot_skills_vs_profile`, :func:`plot_fit_vs_sales` and
   :func:`plot_training_plan`: the same story as charts. Each returns a
   :class:`matplotlib.figure.Figure` built without ``pyplot`` (nothing is
   shown or kept open behind your back): leave it as a notebook cell's last
   expression to see it, or call ``fig.savefig("chart.png")``.

The fit score
-------------

For each skill, the share of the required level the candidate meets,
**capped at 1**: ``min(level, required) / required``. The fit score is the
weighted sum of those shares::

    fit = sum over skills of weight * min(level, required) / required

A candidate who meets every requirement scores 1. The cap matters: a level
above the requirement earns nothing extra, so being excellent at one skill
(say interpersonal) cannot hide a gap in another (say financial). The role
needs all of them.

The training gap
----------------

``gap = max(required - level, 0)`` points per skill, and
``training days = gap * days per point``, added up over the skills. A
surplus in one skill does not shorten the training for another.

Ranking ties (equal fit) are broken by fewer training days, then by
``candidate_id``, so every ranking and shortlist is reproducible.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kamlab import _checks
from kamlab.company import SKILLS

__all__ = [
    "ALDMOOR_DAYS_PER_POINT",
    "ALDMOOR_IMPORTANCE",
    "ALDMOOR_REQUIRED",
    "SKILLS",
    "aldmoor_profile",
    "fit_breakdown",
    "fit_scores",
    "plot_fit_vs_sales",
    "plot_skills_vs_profile",
    "plot_training_plan",
    "rank_candidates",
    "role_profile",
    "shortlist",
    "skill_coverage",
    "training_days",
    "training_gaps",
]

ALDMOOR_REQUIRED: dict[str, int] = {
    "financial": 4,
    "consultative": 4,
    "planning": 5,
    "interpersonal": 4,
    "influencing": 5,
}
"""Level (1-5) Aldmoor's key account manager role needs in each skill."""

ALDMOOR_IMPORTANCE: dict[str, float] = {
    "financial": 5,
    "consultative": 4,
    "planning": 4,
    "interpersonal": 3,
    "influencing": 4,
}
"""Importance points (out of 20) Aldmoor's board gave each skill; weights = points / 20."""

ALDMOOR_DAYS_PER_POINT: dict[str, float] = {
    "financial": 3,
    "consultative": 2,
    "planning": 2,
    "interpersonal": 3,
    "influencing": 3,
}
"""Training days (courses plus coached practice) to raise a skill by one level.

The skills learnt mostly by coached practice with real people (interpersonal, influencing) and
financial acumen take three days a point; consultative selling and account planning, which a
course and a template teach faster, two."""

SCALE: tuple[int, int] = (1, 5)
"""The competency assessment scale of ``kam_candidates``."""

WEIGHT_TOLERANCE = 1e-6
PROFILE_COLUMNS = ("required_level", "importance", "weight", "days_per_point")

SKILL_COLOURS = ("#2b6ca3", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f")
SHORTLIST_COLOUR = "#009e73"
SKILLS_TITLE = "Candidates' skills against the key account manager profile (red: below what the role needs)"
OTHER_COLOUR = "#8c8c8c"


# --- input checks ---------------------------------------------------------------------------------


def _skill_mapping(values: Any, name: str, skills: Sequence[str] | None) -> dict[str, float]:
    """Check a mapping skill -> number; with ``skills``, it must name exactly those skills."""
    if not isinstance(values, Mapping):
        raise TypeError(
            f"{name} must be a dict skill -> number, e.g. {{'financial': 4, 'planning': 5}}; "
            f"got {type(values).__name__}"
        )
    if not values:
        raise ValueError(f"{name} is empty; give at least one skill")
    out: dict[str, float] = {}
    for key, value in values.items():
        if not isinstance(key, str):
            raise TypeError(f"{name} keys must be skill names (str); got {key!r}")
        out[key] = _checks.number(value, f"{name}[{key!r}]")
    if skills is not None:
        unknown = [k for k in out if k not in skills]
        if unknown:
            close = difflib.get_close_matches(unknown[0], list(skills), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(
                f"{name} has skill {unknown[0]!r}{hint}, which is not in required; "
                f"the skills are: {', '.join(skills)}"
            )
        missing = [k for k in skills if k not in out]
        if missing:
            raise ValueError(f"{name} has no value for skill {missing[0]!r}; give one for every skill")
    return out


def _profile(profile: Any) -> pd.DataFrame:
    """Check a role profile (as made by :func:`role_profile`); return it."""
    frame = _checks.frame(profile, "profile", ["required_level", "weight", "days_per_point"])
    if frame.index.has_duplicates:
        _checks.unique_index(frame, "profile", "skill")
    for skill in frame.index:
        if not isinstance(skill, str):
            raise TypeError(f"profile must be indexed by skill names (str); got {skill!r}")
    _checks.numeric_columns(frame, "profile", ["required_level"], min_value=SCALE[0], max_value=SCALE[1])
    _checks.numeric_columns(frame, "profile", ["weight", "days_per_point"], min_value=0)
    total = math.fsum(frame["weight"].to_numpy(dtype="float64"))
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise ValueError(
            f"profile['weight'] adds up to {total:.6g}; the weights must add up to 1. "
            "Build the profile with role_profile(), which turns importance points into weights."
        )
    return frame


def _candidates(candidates: Any, skills: Sequence[str], extra: Sequence[str] = ()) -> pd.DataFrame:
    """The candidates table indexed by ``candidate_id`` (a column or the index), checked."""
    if (
        isinstance(candidates, pd.DataFrame)
        and "candidate_id" not in candidates.columns
        and candidates.index.name == "candidate_id"
    ):
        candidates = candidates.reset_index()
    frame = _checks.frame(candidates, "candidates", ["candidate_id", *skills, *extra])
    _checks.no_missing(frame, "candidates", ["candidate_id"])
    _checks.text_columns(frame, "candidates", ["candidate_id"])
    _checks.unique(frame, "candidates", ["candidate_id"])
    frame = frame.set_index("candidate_id")
    _checks.numeric_columns(frame, "candidates", list(skills), min_value=SCALE[0], max_value=SCALE[1])
    if extra:
        _checks.numeric_columns(frame, "candidates", list(extra), min_value=0)
    return frame


def _inputs(candidates: Any, profile: Any, extra: Sequence[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    prof = _profile(profile)
    return _candidates(candidates, list(prof.index), extra), prof


def _ids(ids: Any, valid: pd.Index, name: str) -> list[str]:
    """Check a list of candidate ids against ``valid``; ``None`` means all of them."""
    if ids is None:
        return [str(i) for i in valid]
    if isinstance(ids, str) or not isinstance(ids, Iterable):
        raise TypeError(f"{name} must be a list of candidate ids, e.g. ['K01', 'K02']; got {ids!r}")
    out = [str(i) for i in ids]
    if not out:
        raise ValueError(f"{name} is empty; give at least one candidate id")
    unknown = [i for i in out if i not in valid]
    if unknown:
        raise ValueError(f"{name} has {unknown[0]!r}, which is not a candidate_id in candidates")
    if len(set(out)) != len(out):
        raise ValueError(f"{name} lists a candidate more than once")
    return out


# --- the role profile -----------------------------------------------------------------------------


def role_profile(
    required: Mapping[str, float],
    importance: Mapping[str, float],
    days_per_point: Mapping[str, float] | float,
) -> pd.DataFrame:
    """The role profile: required level, importance, weight and training days per skill.

    ``required`` maps each skill to the level (1-5) the role needs;
    ``importance`` maps the same skills to points (any non-negative numbers,
    not all 0); ``days_per_point`` maps them to the training days that close
    a one-point gap, or is one number for every skill. The weight of a skill
    is its importance over the total, so the weights add up to 1.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> p["weight"].tolist(), p["days_per_point"].tolist()
    ([0.75, 0.25], [2.0, 2.0])
    >>> role_profile({"financial": 6}, {"financial": 1}, 2)
    Traceback (most recent call last):
    ...
    ValueError: required['financial'] must be <= 5, got 6.0
    """
    levels = _skill_mapping(required, "required", None)
    for skill, level in levels.items():
        _checks.number(level, f"required[{skill!r}]", min_value=SCALE[0], max_value=SCALE[1])
    skills = list(levels)
    points = _skill_mapping(importance, "importance", skills)
    for skill, value in points.items():
        _checks.number(value, f"importance[{skill!r}]", min_value=0)
    total = math.fsum(points.values())
    if total <= 0:
        raise ValueError("importance adds up to 0; give at least one skill some importance")
    if isinstance(days_per_point, Mapping):
        days = _skill_mapping(days_per_point, "days_per_point", skills)
    else:
        days = dict.fromkeys(skills, _checks.number(days_per_point, "days_per_point", min_value=0))
    for skill, value in days.items():
        _checks.number(value, f"days_per_point[{skill!r}]", min_value=0)
    out = pd.DataFrame(
        {
            "required_level": [float(levels[s]) for s in skills],
            "importance": [float(points[s]) for s in skills],
            "weight": [points[s] / total for s in skills],
            "days_per_point": [float(days[s]) for s in skills],
        },
        index=pd.Index(skills, name="skill"),
    )
    return out


def aldmoor_profile() -> pd.DataFrame:
    """Aldmoor's key account manager profile (:data:`ALDMOOR_REQUIRED` and its companions).

    >>> aldmoor_profile().loc["financial"].tolist()
    [4.0, 5.0, 0.25, 3.0]
    """
    return role_profile(ALDMOOR_REQUIRED, ALDMOOR_IMPORTANCE, ALDMOOR_DAYS_PER_POINT)


# --- fit ------------------------------------------------------------------------------------------


def skill_coverage(candidates: pd.DataFrame, profile: pd.DataFrame) -> pd.DataFrame:
    """Share of each required level each candidate meets, capped at 1: ``min(level, required) / required``.

    One row per candidate (indexed by ``candidate_id``), one column per skill
    of ``profile``.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> c = pd.DataFrame({"candidate_id": ["A"], "financial": [5], "planning": [2]})
    >>> skill_coverage(c, p).loc["A"].tolist()
    [1.0, 0.4]
    """
    cand, prof = _inputs(candidates, profile)
    levels = cand[list(prof.index)].astype("float64")
    required = prof["required_level"].astype("float64")
    out = levels.clip(upper=required, axis=1) / required
    out.columns.name = "skill"
    return out


def fit_scores(candidates: pd.DataFrame, profile: pd.DataFrame) -> pd.Series:
    """Each candidate's fit with the role, 0 to 1: the weighted share of required levels met, capped.

    ``fit = sum of weight * min(level, required) / required`` over the
    profile's skills; 1 means the candidate meets every requirement.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> c = pd.DataFrame({"candidate_id": ["A", "B"], "financial": [5, 2], "planning": [2, 5]})
    >>> fit_scores(c, p).round(3).tolist()  # A: 0.75 * 1 + 0.25 * 0.4; B: 0.75 * 0.5 + 0.25 * 1
    [0.85, 0.625]
    """
    coverage = skill_coverage(candidates, profile)
    weights = _profile(profile)["weight"].astype("float64")
    return (coverage * weights).sum(axis=1).rename("fit")


def fit_breakdown(candidates: pd.DataFrame, profile: pd.DataFrame, candidate_id: str) -> pd.DataFrame:
    """One candidate's fit, skill by skill: level, required level, share met, weight, contribution.

    The ``contribution`` column adds up to the candidate's fit score.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> c = pd.DataFrame({"candidate_id": ["A"], "financial": [5], "planning": [2]})
    >>> fit_breakdown(c, p, "A")["contribution"].tolist()
    [0.75, 0.1]
    """
    cand, prof = _inputs(candidates, profile)
    if candidate_id not in cand.index:
        raise ValueError(
            f"candidate_id {candidate_id!r} is not in candidates; "
            f"the candidates are: {', '.join(map(str, cand.index[:12]))}"
        )
    skills = list(prof.index)
    level = cand.loc[candidate_id, skills].astype("float64")
    required = prof["required_level"].astype("float64")
    share = np.minimum(level, required) / required
    out = pd.DataFrame(
        {
            "level": level,
            "required_level": required,
            "share_met": share,
            "weight": prof["weight"].astype("float64"),
            "contribution": share * prof["weight"].astype("float64"),
        },
        index=pd.Index(skills, name="skill"),
    )
    return out


# --- training -------------------------------------------------------------------------------------


def training_gaps(candidates: pd.DataFrame, profile: pd.DataFrame) -> pd.DataFrame:
    """The training-gap plan: one row per candidate and skill.

    Columns: ``candidate_id``, ``skill``, ``level``, ``required_level``,
    ``gap`` (points below the requirement, never negative), ``days_per_point``
    and ``training_days`` (gap x days per point).

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1},
    ...                  {"financial": 3, "planning": 2})
    >>> c = pd.DataFrame({"candidate_id": ["A"], "financial": [5], "planning": [2]})
    >>> training_gaps(c, p)[["skill", "gap", "training_days"]].values.tolist()
    [['financial', 0.0, 0.0], ['planning', 3.0, 6.0]]
    """
    cand, prof = _inputs(candidates, profile)
    skills = list(prof.index)
    levels = cand[skills].astype("float64")
    required = prof["required_level"].astype("float64")
    gaps = (required - levels).clip(lower=0.0)
    n, k = levels.shape
    out = pd.DataFrame(
        {
            "candidate_id": np.repeat(levels.index.to_numpy(dtype=object), k),
            "skill": np.tile(np.array(skills, dtype=object), n),
            "level": levels.to_numpy().ravel(),
            "required_level": np.tile(required.to_numpy(), n),
            "gap": gaps.to_numpy().ravel(),
            "days_per_point": np.tile(prof["days_per_point"].to_numpy(dtype="float64"), n),
        }
    )
    out["training_days"] = out["gap"] * out["days_per_point"]
    return out


def training_days(candidates: pd.DataFrame, profile: pd.DataFrame) -> pd.Series:
    """Total training days each candidate needs to reach the role profile.

    The sum over skills of ``max(required - level, 0) * days_per_point``:
    a surplus in one skill does not shorten the training for another.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1},
    ...                  {"financial": 3, "planning": 2})
    >>> c = pd.DataFrame({"candidate_id": ["A", "B"], "financial": [5, 2], "planning": [2, 5]})
    >>> training_days(c, p).tolist()  # A: planning 3 points x 2; B: financial 2 points x 3
    [6.0, 6.0]
    """
    cand, prof = _inputs(candidates, profile)
    skills = list(prof.index)
    gaps = (prof["required_level"].astype("float64") - cand[skills].astype("float64")).clip(lower=0.0)
    return (gaps * prof["days_per_point"].astype("float64")).sum(axis=1).rename("training_days")


# --- ranking --------------------------------------------------------------------------------------


def _fit_order(fit: pd.Series, days: pd.Series) -> list[str]:
    """Candidate ids by fit (highest first), then fewer training days, then candidate_id."""
    table = pd.DataFrame({"fit": fit.round(12), "days": days, "id": fit.index.astype(str)}, index=fit.index)
    ordered = table.sort_values(["fit", "days", "id"], ascending=[False, True, True], kind="mergesort")
    return [str(i) for i in ordered.index]


def rank_candidates(candidates: pd.DataFrame, profile: pd.DataFrame) -> pd.DataFrame:
    """Candidates ranked by fit with the role, beside their rank by sales.

    Indexed by ``candidate_id``, best fit first (ties: fewer training days,
    then ``candidate_id``). Columns: ``name`` and ``current_role`` when
    ``candidates`` has them, ``quota_attainment``, ``sales_rank`` (1 = the
    highest quota attainment), ``fit``, ``fit_rank`` (1 = best fit; equal fits
    share a rank) and ``training_days``.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> c = pd.DataFrame({"candidate_id": ["A", "B"], "quota_attainment": [0.9, 1.4],
    ...                   "financial": [4, 1], "planning": [3, 2]})
    >>> rank_candidates(c, p)[["sales_rank", "fit_rank"]].values.tolist()
    [[2, 1], [1, 2]]
    """
    cand, prof = _inputs(candidates, profile, extra=["quota_attainment"])
    fit = fit_scores(cand, prof)
    days = training_days(cand, prof)
    out = pd.DataFrame(index=cand.index)
    for col in ("name", "current_role"):
        if col in cand.columns:
            out[col] = cand[col]
    out["quota_attainment"] = cand["quota_attainment"].astype("float64")
    out["sales_rank"] = out["quota_attainment"].rank(ascending=False, method="min").astype("int64")
    out["fit"] = fit
    out["fit_rank"] = fit.round(12).rank(ascending=False, method="min").astype("int64")
    out["training_days"] = days
    return out.loc[_fit_order(fit, days)]


def shortlist(candidates: pd.DataFrame, profile: pd.DataFrame, n: int = 3) -> list[str]:
    """The ``n`` candidates who fit the role best, best first (ties: fewer training days, then id).

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> c = pd.DataFrame({"candidate_id": ["A", "B", "C"], "financial": [4, 1, 4],
    ...                   "planning": [3, 2, 4]})
    >>> shortlist(c, p, 2)
    ['C', 'A']
    """
    cand, prof = _inputs(candidates, profile)
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise TypeError(f"n must be a whole number of candidates, got {type(n).__name__} {n!r}")
    if not 1 <= n <= len(cand):
        raise ValueError(f"n must be between 1 and the {len(cand)} candidates, got {n}")
    return _fit_order(fit_scores(cand, prof), training_days(cand, prof))[: int(n)]


# --- charts ---------------------------------------------------------------------------------------


def _label(cand: pd.DataFrame, cid: str) -> str:
    """'K01 Farid Okafor (senior sales rep)' when name and role are known, else the id."""
    parts = [str(cid)]
    if "name" in cand.columns:
        parts.append(str(cand.at[cid, "name"]))
    text = " ".join(parts)
    if "current_role" in cand.columns:
        role = str(cand.at[cid, "current_role"])
        text += f" ({role[:1].lower() + role[1:]})"
    return text


def _text_colour(colour: str) -> str:
    """Black on light fills, white on dark ones (relative luminance of a '#rrggbb' colour)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"


def _place_labels(
    texts: list[str],
    x: np.ndarray,
    y: np.ndarray,
    limits: tuple[float, float, float, float],
    inches: tuple[float, float],
) -> dict[int, tuple[float, float, str]]:
    """Positions for point labels that do not overlap each other or the points (highest point first).

    Each label goes right of its point, or left of it, moved up or down in
    small steps until its box is free and inside ``limits`` (x_lo, x_hi,
    y_lo, y_hi). Sizes are in data units, from the plot area's size in
    ``inches`` (width, height) and a 9-point font.
    """
    x_lo, x_hi, y_lo, y_hi = limits
    per_inch_x, per_inch_y = (x_hi - x_lo) / inches[0], (y_hi - y_lo) / inches[1]
    char_w, line_h, gap = 0.075 * per_inch_x, 0.19 * per_inch_y, 0.1 * per_inch_x
    dot_w, dot_h = 0.09 * per_inch_x, 0.09 * per_inch_y
    boxes = [(px - dot_w, px + dot_w, py - dot_h, py + dot_h) for px, py in zip(x, y)]
    out: dict[int, tuple[float, float, str]] = {}
    for i in sorted(range(len(texts)), key=lambda k: (-y[k], x[k])):
        width = char_w * len(texts[i])
        for dy, side in [(d * line_h, s) for d in (0, -1, 1, -2, 2, -3, 3, -4, 4) for s in ("right", "left")]:
            ly = y[i] + dy
            lx0 = x[i] + gap if side == "right" else x[i] - gap - width
            box = (lx0, lx0 + width, ly - line_h / 2, ly + line_h / 2)
            own = boxes[i]
            inside = x_lo <= box[0] and box[1] <= x_hi and y_lo <= box[2] and box[3] <= y_hi
            clash = not inside or any(
                b[0] < box[1] and box[0] < b[1] and b[2] < box[3] and box[2] < b[3]
                for b in boxes
                if b is not own
            )
            if not clash:
                break
        boxes.append(box)
        out[i] = (x[i] + gap if side == "right" else x[i] - gap, ly, "left" if side == "right" else "right")
    return out


def plot_skills_vs_profile(
    candidates: pd.DataFrame,
    profile: pd.DataFrame,
    ids: Iterable[str] | None = None,
    *,
    title: str = SKILLS_TITLE,
) -> Figure:
    """A heatmap: one row per candidate (best fit at the top), one column per skill.

    Each cell shows the candidate's level (1-5); its colour says how far it
    is from the required level: red below, white on target, blue above. The
    column headings give the required level and weight; the row labels the
    fit score. ``ids`` limits the chart to some candidates.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> c = pd.DataFrame({"candidate_id": ["A", "B"], "financial": [5, 2], "planning": [2, 5]})
    >>> fig = plot_skills_vs_profile(c, p)
    >>> fig.axes[0].get_xlabel()
    "Skill (level the role requires, weight in the fit score); each cell: the candidate's level, 1-5"
    """
    cand, prof = _inputs(candidates, profile)
    chosen = _ids(ids, cand.index, "ids")
    fit = fit_scores(cand, prof)
    days = training_days(cand, prof)
    order = [i for i in _fit_order(fit, days) if i in set(chosen)]
    skills = list(prof.index)
    levels = cand.loc[order, skills].astype("float64").to_numpy()
    diff = levels - prof["required_level"].to_numpy(dtype="float64")

    bounds = np.arange(-4.5, 5.0, 1.0)  # one colour per whole-point difference, -4 ... +4
    colours = [
        "#b2182b",
        "#d6604d",
        "#f4a582",
        "#fddbc7",
        "#f7f7f7",
        "#d1e5f0",
        "#92c5de",
        "#4393c3",
        "#2166ac",
    ]
    cmap, norm = ListedColormap(colours), BoundaryNorm(bounds, len(colours))
    height = 2.2 + 0.45 * len(order)
    fig = Figure(figsize=(11, height), layout="constrained")
    ax = fig.subplots()
    image = ax.pcolormesh(
        np.arange(len(skills) + 1) - 0.5,
        np.arange(len(order) + 1) - 0.5,
        np.clip(diff, -4, 4),
        cmap=cmap,
        norm=norm,
        edgecolors="white",
        linewidth=2,
    )
    ax.invert_yaxis()
    for r in range(len(order)):
        for c in range(len(skills)):
            ax.text(
                c,
                r,
                f"{levels[r, c]:g}",
                ha="center",
                va="center",
                fontsize=11,
                color="white" if abs(diff[r, c]) >= 3 else "black",
            )
    ax.set_xticks(
        range(len(skills)),
        [f"{s}\nneeds {prof.at[s, 'required_level']:g}\nweight {prof.at[s, 'weight']:.0%}" for s in skills],
    )
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_yticks(range(len(order)), [f"{_label(cand, i)}   fit {fit[i]:.1%}" for i in order])
    ax.set_xlabel(
        "Skill (level the role requires, weight in the fit score); each cell: the candidate's level, 1-5"
    )
    ax.set_ylabel("Candidate, best fit at the top")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    bar = fig.colorbar(image, ax=ax, ticks=range(-4, 5), shrink=0.8, pad=0.02)
    bar.ax.set_yticklabels([f"{v:+d}" if v else "0 (on target)" for v in range(-4, 5)])
    bar.set_label("Level minus required level (points on the 1-5 scale)")
    ax.set_title(title, fontsize=13)
    return fig


def plot_fit_vs_sales(
    candidates: pd.DataFrame,
    profile: pd.DataFrame,
    shortlisted: Iterable[str] = (),
    *,
    title: str = "The best sellers are not the best fit for the key account manager role",
) -> Figure:
    """A scatter chart: quota attainment across, fit with the role up, one labelled point per candidate.

    ``shortlisted`` ids are drawn in green; a dotted line marks 100 % of
    quota. When ``candidates`` has ``current_role``, sales people are circles
    and everyone else squares.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> c = pd.DataFrame({"candidate_id": ["A", "B"], "quota_attainment": [0.9, 1.4],
    ...                   "financial": [4, 1], "planning": [3, 2]})
    >>> fig = plot_fit_vs_sales(c, p, shortlisted=["A"])
    >>> fig.axes[0].get_ylabel()
    'Fit with the role (% of the profile met)'
    """
    ranking = rank_candidates(candidates, profile)
    picked = list(shortlisted)
    chosen = set(_ids(picked, ranking.index, "shortlisted")) if picked else set()
    cand = _candidates(candidates, list(_profile(profile).index))
    x = ranking["quota_attainment"].to_numpy() * 100
    y = ranking["fit"].to_numpy() * 100
    is_short = np.array([i in chosen for i in ranking.index])
    if "current_role" in cand.columns:
        seller = np.array(["sales" in str(cand.at[i, "current_role"]).lower() for i in ranking.index])
    else:
        seller = np.ones(len(ranking), dtype=bool)
    names = [f"{i} {cand.at[i, 'name']}" if "name" in cand.columns else str(i) for i in ranking.index]

    fig = Figure(figsize=(10, 6.5), layout="constrained")
    ax = fig.subplots()
    ax.axvline(100, color="grey", ls=":", lw=1)
    ax.text(100.5, 0.02, "on target (100 % of quota)", transform=ax.get_xaxis_transform(), color="grey")
    ax.axhline(100, color="grey", ls="--", lw=1)
    ax.text(0.99, 100.6, "100 % = meets every requirement of the role", transform=ax.get_yaxis_transform(),
            color="grey", ha="right")  # fmt: skip
    for mask, marker in ((seller, "o"), (~seller, "s")):
        ax.scatter(
            x[mask & ~is_short], y[mask & ~is_short], s=70, marker=marker, color=OTHER_COLOUR, zorder=3
        )
        ax.scatter(x[mask & is_short], y[mask & is_short], s=110, marker=marker, color=SHORTLIST_COLOUR,
                   edgecolors="black", zorder=4)  # fmt: skip
    x_lo, x_hi = min(x.min(), 100) - 5, max(x.max(), 100) + 12
    y_lo, y_hi = min(y.min(), 50) - 5, 104
    for k, (lx, ly, ha) in _place_labels(names, x, y, (x_lo, x_hi, y_lo, y_hi), (8.6, 5.4)).items():
        ax.annotate(
            names[k],
            (x[k], y[k]),
            xytext=(lx, ly),
            textcoords="data",
            ha=ha,
            va="center",
            fontsize=9,
            fontweight="bold" if is_short[k] else "normal",
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.6},
        )
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel("Last year's sales against quota (% of quota)")
    ax.set_ylabel("Fit with the role (% of the profile met)")
    ax.set_title(title)
    handles = []
    if chosen:
        handles.append(Patch(facecolor=SHORTLIST_COLOUR, edgecolor="black", label="shortlisted"))
        handles.append(Patch(facecolor=OTHER_COLOUR, label="not shortlisted"))
    if "current_role" in cand.columns:
        handles += [
            Line2D([], [], ls="", marker="o", ms=8, mfc="white", mec="black",
                   label="sales rep or senior sales rep"),
            Line2D([], [], ls="", marker="s", ms=8, mfc="white", mec="black",
                   label="other role (engineer, finance, product, service)"),
        ]  # fmt: skip
    if handles:
        ax.legend(handles=handles, loc="upper right", bbox_to_anchor=(1.0, 0.94))
    ax.grid(alpha=0.3)
    return fig


def plot_training_plan(
    candidates: pd.DataFrame,
    profile: pd.DataFrame,
    ids: Iterable[str] | None = None,
    *,
    title: str = "Training needed to reach the key account manager profile",
) -> Figure:
    """Stacked bars: the training days each candidate needs, split by skill, with the total at the end.

    ``ids`` limits and orders the chart (first at the top); by default every
    candidate, fewest days at the top.

    >>> p = role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
    >>> c = pd.DataFrame({"candidate_id": ["A", "B"], "financial": [5, 2], "planning": [2, 5]})
    >>> fig = plot_training_plan(c, p)
    >>> fig.axes[0].get_xlabel()
    'Training days to reach the required level (days per candidate)'
    """
    cand, prof = _inputs(candidates, profile)
    if ids is None:
        order = list(training_days(cand, prof).sort_values(kind="mergesort").index.astype(str))
    else:
        order = _ids(ids, cand.index, "ids")
    plan = training_gaps(cand.loc[order], prof)
    days = plan.pivot(index="candidate_id", columns="skill", values="training_days").loc[order]
    skills = list(prof.index)
    days = days[skills]
    totals = days.sum(axis=1)

    fig = Figure(figsize=(11, 1.6 + 0.5 * len(order)), layout="constrained")
    ax = fig.subplots()
    rows = np.arange(len(order))
    left = np.zeros(len(order))
    for k, skill in enumerate(skills):
        width = days[skill].to_numpy(dtype="float64")
        colour = SKILL_COLOURS[k % len(SKILL_COLOURS)]
        per = prof.at[skill, "days_per_point"]
        ax.barh(
            rows, width, left=left, color=colour, edgecolor="white", label=f"{skill} ({per:g} days per point)"
        )
        for r in rows:
            if width[r] >= 2:
                ax.text(left[r] + width[r] / 2, r, f"{width[r]:g}", ha="center", va="center",
                        color=_text_colour(colour), fontsize=9)  # fmt: skip
        left += width
    for r, total in zip(rows, totals):
        ax.text(total + 0.3, r, f"{total:g} days", va="center", fontsize=10, fontweight="bold")
    ax.set_yticks(rows, [_label(cand, i) for i in order])
    ax.invert_yaxis()
    ax.set_xlim(0, float(totals.max()) * 1.18 + 1)
    ax.set_xlabel("Training days to reach the required level (days per candidate)")
    ax.set_ylabel("Candidate")
    ax.set_title(title)
    ax.legend(title="Skill to train", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return fig
