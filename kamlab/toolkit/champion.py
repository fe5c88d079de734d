"""Step 3, appoint a KAM champion: the stakeholder map, champion scoring and the change plan.

- :func:`stakeholder_quadrants` and :func:`stakeholder_map_plot`: who has the
  power to speed up or block KAM (influence) and who is for it today
  (support), in four groups (see :data:`QUADRANTS`);
- :func:`champion_criteria`, :func:`champion_scores` and :func:`rank_champions`:
  candidates for champion scored on explicit, weighted criteria (see
  :data:`CRITERIA`), with an optional rule that only people who already
  support KAM may be chosen; :func:`champion_score_plot` shows what each
  criterion adds to each person's score;
- :func:`example_change_plan`, :func:`check_plan`, :func:`workload` and
  :func:`change_plan_plot`: the first 18 months of the programme as a small
  table, who carries how many tasks each month, and a Gantt-like chart.

The champion criteria (1 = best for a champion)
-----------------------------------------------

The source article asks for a champion who is high up, reports to the top team, is passionate
about KAM, persuades colleagues and has plenty of energy. Three criteria come from the
stakeholder map's own columns (:data:`TABLE_CRITERIA`):

- ``influence`` and ``support``: the 1-5 scores as ``(score - 1) / 4``, so
  1 -> 0, 3 -> 0.5 and 5 -> 1;
- ``top_team_access``: 1 if the person meets the CEO regularly, else 0.

Two need a judgement that colleagues give (:data:`RATED_CRITERIA`), as 1-5 ratings in columns
of the same name, scored ``(rating - 1) / 4`` when the table has them:

- ``credibility``: how credible colleagues find the person (track record of getting changes
  adopted, respect across functions);
- ``energy``: the drive, and the time, to push the change month after month.

Years at the company are not a criterion: they measure tenure, not credibility.

Every plot returns a :class:`matplotlib.figure.Figure` built without
``pyplot``; leave it as a cell's last expression to see it in a notebook.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kamlab import _checks

CRITERIA: dict[str, str] = {
    "influence": "high up: power to speed up or block the change (influence 1-5), (score - 1) / 4",
    "support": "passionate about KAM: support today (1 = opposed, 5 = enthusiastic), (score - 1) / 4",
    "top_team_access": "close to the top team: 1 if the person meets the CEO regularly, else 0",
    "credibility": "persuades colleagues: how credible colleagues find them (rating 1-5), (rating - 1) / 4",
    "energy": "energy: the drive and time to push the change for months (rating 1-5), (rating - 1) / 4",
}
"""The champion criteria, each on a 0-1 scale (1 = best); see the module's documentation."""

TABLE_CRITERIA: tuple[str, ...] = ("influence", "support", "top_team_access")
"""Criteria every stakeholder table supports: they come from its map columns."""

RATED_CRITERIA: tuple[str, ...] = ("credibility", "energy")
"""Criteria scored only when the table has a 1-5 rating column of that name."""

QUADRANTS: dict[str, str] = {
    "champions and allies": "high influence, supports KAM: involve them in leading the change",
    "blockers to convert": "high influence, not yet for KAM: win them over first",
    "supporters to mobilise": "lower influence, supports KAM: give them a role in the pilots",
    "keep informed": "lower influence, not yet for KAM: inform them and listen to their worries",
}
"""The four groups of the stakeholder map and what to do with each."""

QUADRANT_COLOURS: dict[str, str] = {
    "champions and allies": "#009e73",
    "blockers to convert": "#d55e00",
    "supporters to mobilise": "#0072b2",
    "keep informed": "#7f7f7f",
}

STAKEHOLDER_COLUMNS: tuple[str, ...] = (
    "stakeholder_id",
    "name",
    "role",
    "influence",
    "support",
    "access_to_ceo",
)
"""Columns a stakeholders table must have; ``credibility`` and ``energy`` (1-5) are optional."""

STACK_STEP = 0.3
"""Vertical distance between people who share a point on the stakeholder map (at most)."""

PLAN_COLUMNS: tuple[str, ...] = ("task", "owner", "phase", "start_month", "months")

PHASE_COLOURS: tuple[str, ...] = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")

_ROLE_SHORT = {
    "Chief Executive Officer": "CEO",
    "Chief Financial Officer": "CFO",
    "Chief Operating Officer": "COO",
    "Chief Commercial Officer": "CCO",
}


# ---------------------------------------------------------------- input checks


def _bool_column(df: pd.DataFrame, name: str, column: str) -> None:
    """Check that ``column`` holds True/False only."""
    series = df[column]
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return
    for position, value in enumerate(series.array):
        if not isinstance(value, bool | np.bool_):
            raise TypeError(
                f"{name}[{column!r}] has {_checks._plain(value)!r} at row "
                f"{_checks._label(series.index, position)}; it must be True or False"
            )


def check_stakeholders(stakeholders: Any, name: str = "stakeholders") -> pd.DataFrame:
    """Check a stakeholders table (see ``datasets/README.md``); return it indexed by ``stakeholder_id``.

    Optional columns are checked when present: ``years_at_company`` (at least 0) and the 1-5
    ratings of :data:`RATED_CRITERIA`.

    >>> s = pd.DataFrame({"stakeholder_id": ["S1"], "name": ["Ann"], "role": ["CFO"], "influence": [5],
    ...                   "support": [7], "access_to_ceo": [True]})
    >>> check_stakeholders(s)
    Traceback (most recent call last):
    ...
    ValueError: stakeholders['support'] has 7 at row 0; every value must be <= 5
    """
    _checks.frame(stakeholders, name, STAKEHOLDER_COLUMNS)
    _checks.no_missing(stakeholders, name, ["stakeholder_id", "name", "role"])
    _checks.unique(stakeholders, name, ["stakeholder_id"])
    rated = [c for c in RATED_CRITERIA if c in stakeholders.columns]
    _checks.numeric_columns(
        stakeholders, name, ["influence", "support", *rated], min_value=1, max_value=5, integer=True
    )
    if "years_at_company" in stakeholders.columns:
        _checks.numeric_columns(stakeholders, name, ["years_at_company"], min_value=0)
    _bool_column(stakeholders, name, "access_to_ceo")
    out = stakeholders.set_index("stakeholder_id")
    out.index = out.index.astype(str)
    return out


def scored_criteria(stakeholders: pd.DataFrame) -> list[str]:
    """The criteria ``stakeholders`` supports: :data:`TABLE_CRITERIA`, plus each rating column it has.

    >>> s = pd.DataFrame({"stakeholder_id": ["S1"], "name": ["Ann"], "role": ["CFO"], "influence": [5],
    ...                   "support": [3], "access_to_ceo": [True], "energy": [4]})
    >>> scored_criteria(s)
    ['influence', 'support', 'top_team_access', 'energy']
    """
    table = check_stakeholders(stakeholders)
    return [*TABLE_CRITERIA, *(c for c in RATED_CRITERIA if c in table.columns)]


def _score(value: Any, name: str) -> float:
    return _checks.number(value, name, min_value=1, max_value=5)


def _weights(weights: Any, criteria: Sequence[str]) -> dict[str, float]:
    """Check champion weights: one non-negative number per criterion the table scores, adding up to 1."""
    if isinstance(weights, Mapping):
        unrated = [c for c in weights if c in RATED_CRITERIA and c not in criteria]
        if unrated:
            raise ValueError(
                f"weights give {unrated[0]!r} a weight, but stakeholders has no {unrated[0]!r} column: "
                f"add the 1-5 rating colleagues gave each person, or leave {unrated[0]!r} out of the "
                f"weights (the table scores {', '.join(map(repr, criteria))})"
            )
    return _checks.weights(weights, "weights", keys=list(criteria), example="{'support': 0.4, ...}")


# ---------------------------------------------------------------- the stakeholder map


def stakeholder_quadrants(
    stakeholders: pd.DataFrame, *, influence_line: float = 3.5, support_line: float = 3.5
) -> pd.Series:
    """Each stakeholder's group on the stakeholder map (see :data:`QUADRANTS`), indexed by id.

    High influence means ``influence > influence_line``; supports KAM means
    ``support > support_line``. With the default lines at 3.5, influence 4-5 is
    high and support 4-5 is for KAM, while an undecided 3 still has to be won.

    >>> s = pd.DataFrame({"stakeholder_id": ["S1", "S2"], "name": ["Ann", "Bo"], "role": ["CFO", "Clerk"],
    ...                   "influence": [5, 2], "support": [2, 5], "access_to_ceo": [True, False]})
    >>> stakeholder_quadrants(s).to_dict()
    {'S1': 'blockers to convert', 'S2': 'supporters to mobilise'}
    """
    table = check_stakeholders(stakeholders)
    high = table["influence"].to_numpy() > _score(influence_line, "influence_line")
    supports = table["support"].to_numpy() > _score(support_line, "support_line")
    labels = np.select(
        [high & supports, high & ~supports, ~high & supports],
        ["champions and allies", "blockers to convert", "supporters to mobilise"],
        default="keep informed",
    )
    return pd.Series(labels, index=table.index, name="quadrant")


def stacked_positions(score: float, count: int, *, low: float = 1, high: float = 5) -> np.ndarray:
    """Where to draw ``count`` people who share ``score`` on a ``low``-``high`` scale, top first.

    They are stacked :data:`STACK_STEP` apart (closer when many share the point), each within
    0.45 of ``score`` (0.4 inside the scale, clear of the map's lines at 1.5, 2.5...), so no dot
    is nearer another score than its own, and never beyond the scale's ends: at the top of the
    scale the stack hangs below the point.

    >>> stacked_positions(3, 3).round(2).tolist()
    [3.3, 3.0, 2.7]
    >>> stacked_positions(5, 3).round(3).tolist()
    [5.0, 4.775, 4.55]
    """
    score, n = float(score), int(count)
    if n < 1:
        raise ValueError(f"count must be at least 1, got {count!r}")
    if n == 1:
        return np.array([score])
    at_end = score - 0.45 < low or score + 0.45 > high
    step = min(STACK_STEP, (0.45 if at_end else 0.8) / (n - 1))
    ys = score + step * ((n - 1) / 2 - np.arange(n))
    ys = ys - max(ys.max() - high, 0.0) + max(low - ys.min(), 0.0)
    return ys


def _short_label(name: str, role: str) -> str:
    """Name on the first line, the (short) role below, wrapped to fit one cell of the map."""
    return "\n".join([name, *textwrap.wrap(_ROLE_SHORT.get(role, role), 24)])


def stakeholder_map_plot(
    stakeholders: pd.DataFrame,
    *,
    highlight: Iterable[str] = (),
    highlight_label: str = "highlighted",
    influence_line: float = 3.5,
    support_line: float = 3.5,
    title: str = "Stakeholder map: who can make or break KAM, and who is for it today",
) -> Figure:
    """Every stakeholder as a dot: support for KAM across, influence up, coloured by group.

    People who share a position are stacked in their cell and each is named with
    a short role. ``highlight`` ids get a black ring and a bold label, explained
    in a legend as ``highlight_label`` (e.g. ``"chosen champion"``).

    >>> s = pd.DataFrame({"stakeholder_id": ["S1", "S2"], "name": ["Ann", "Bo"], "role": ["CFO", "Clerk"],
    ...                   "influence": [5, 2], "support": [2, 5], "access_to_ceo": [True, False]})
    >>> stakeholder_map_plot(s).axes[0].get_xlabel()
    'Support for KAM today (score 1-5: 1 = opposed, 3 = undecided, 5 = enthusiastic)'
    """
    table = check_stakeholders(stakeholders)
    groups = stakeholder_quadrants(stakeholders, influence_line=influence_line, support_line=support_line)
    if isinstance(highlight, str):
        highlight = [highlight]
    marked = [str(h) for h in highlight]
    unknown = [h for h in marked if h not in table.index]
    if unknown:
        raise ValueError(f"highlight names {unknown[0]!r}, which is not a stakeholder_id in stakeholders")

    fig = Figure(figsize=(12, 9), layout="constrained")
    ax = fig.subplots()
    xl, yl = float(support_line), float(influence_line)
    shades = {
        "champions and allies": (xl, 5.95, yl, 5.6),
        "blockers to convert": (0.4, xl, yl, 5.6),
        "supporters to mobilise": (xl, 5.95, 0.4, yl),
        "keep informed": (0.4, xl, 0.4, yl),
    }
    for group, (x0, x1, y0, y1) in shades.items():
        colour = QUADRANT_COLOURS[group]
        ax.fill_between([x0, x1], y0, y1, color=colour, alpha=0.07, linewidth=0)
        right = x0 >= xl
        ax.text(
            x1 - 0.05 if right else x0 + 0.05,
            y1 - 0.04 if y0 >= yl else y0 + 0.04,
            f"{group.upper()}\n{QUADRANTS[group].split(': ')[1]}",
            ha="right" if right else "left",
            va="top" if y0 >= yl else "bottom",
            fontsize=9.5,
            color=colour,
            fontweight="bold",
        )
    ax.axvline(xl, color="black", linestyle="--", linewidth=1)
    ax.axhline(yl, color="black", linestyle="--", linewidth=1)

    for (support, influence), people in table.groupby(["support", "influence"], sort=True):
        ids = list(people.index)
        for sid, y in zip(ids, stacked_positions(float(influence), len(ids))):
            x = float(support)
            colour = QUADRANT_COLOURS[groups[sid]]
            ring = sid in marked
            ax.plot(
                [x],
                [y],
                "o",
                markersize=11 if ring else 9,
                color=colour,
                markeredgecolor="black" if ring else "white",
                markeredgewidth=2 if ring else 1,
                zorder=3,
            )
            ax.text(
                x + 0.08,
                y,
                _short_label(str(table.at[sid, "name"]), str(table.at[sid, "role"])),
                va="center",
                ha="left",
                fontsize=8.5,
                linespacing=1.0,
                bbox={"facecolor": "white", "alpha": 0.65, "edgecolor": "none", "pad": 0.6},
                fontweight="bold" if ring else "normal",
                color="black",
                zorder=4,
            )
    ax.set_xlim(0.4, 5.95)
    ax.set_ylim(0.4, 5.6)
    ax.text(
        0.5,
        0.01,
        "People with the same two scores are stacked\nat their point, inside the 1-5 scale.",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=8.5,
        color="#555555",
        bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1},
    )
    ax.set_xticks(
        [1, 2, 3, 4, 5], ["1\nopposed", "2\nsceptical", "3\nundecided", "4\nsupportive", "5\nenthusiastic"]
    )
    ax.set_yticks([1, 2, 3, 4, 5], ["1 little", "2", "3", "4", "5 can make\nor break it"])
    ax.set_xlabel("Support for KAM today (score 1-5: 1 = opposed, 3 = undecided, 5 = enthusiastic)")
    ax.set_ylabel("Influence on the change (score 1-5)")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.grid(alpha=0.2)
    if marked:
        ring = Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color="white",
            markeredgecolor="black",
            markeredgewidth=2,
            markersize=11,
            label=f"{highlight_label}: " + ", ".join(str(table.at[h, "name"]) for h in marked),
        )
        ax.legend(handles=[ring], loc="lower center", bbox_to_anchor=(0.5, 0.075), fontsize=9)
    return fig


# ---------------------------------------------------------------- champion scoring


def champion_criteria(stakeholders: pd.DataFrame) -> pd.DataFrame:
    """Each stakeholder's champion criteria on a 0-1 scale (see :data:`CRITERIA`).

    Returns one row per ``stakeholder_id`` with ``name``, ``role`` and a column for each
    criterion the table supports (:func:`scored_criteria`): ``influence``, ``support`` and
    ``top_team_access`` always, ``credibility`` and ``energy`` when the table has those ratings.

    >>> s = pd.DataFrame({"stakeholder_id": ["S1"], "name": ["Ann"], "role": ["CFO"], "influence": [5],
    ...                   "support": [3], "access_to_ceo": [True], "credibility": [2]})
    >>> c = champion_criteria(s)
    >>> c.loc["S1", scored_criteria(s)].tolist()
    [1.0, 0.5, 1.0, 0.25]
    """
    table = check_stakeholders(stakeholders)
    out = table[["name", "role"]].copy()
    out["influence"] = (table["influence"].astype("float64") - 1) / 4
    out["support"] = (table["support"].astype("float64") - 1) / 4
    out["top_team_access"] = table["access_to_ceo"].astype("float64")
    for rating in RATED_CRITERIA:
        if rating in table.columns:
            out[rating] = (table[rating].astype("float64") - 1) / 4
    return out


def champion_scores(stakeholders: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """:func:`champion_criteria` plus ``score``: the weighted sum of the criteria (0 to 1).

    ``weights`` gives every criterion the table supports (:func:`scored_criteria`) a weight;
    the weights must add up to 1. A weight for a rating the table lacks is refused, naming it.

    >>> s = pd.DataFrame({"stakeholder_id": ["S1"], "name": ["Ann"], "role": ["CFO"], "influence": [5],
    ...                   "support": [3], "access_to_ceo": [True]})
    >>> w = {"influence": 0.4, "support": 0.4, "top_team_access": 0.2}
    >>> round(float(champion_scores(s, w).loc["S1", "score"]), 2)
    0.8
    """
    out = champion_criteria(stakeholders)
    w = _weights(weights, scored_criteria(stakeholders))
    out["score"] = sum(out[c] * w[c] for c in w)
    return out


def rank_champions(
    stakeholders: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    min_support: int = 1,
) -> pd.DataFrame:
    """Candidates for KAM champion, best first, with their criteria, ``score`` and ``rank``.

    Only people whose support score (1-5) is at least ``min_support`` are
    candidates: a champion has to believe in KAM to sell it inside the
    company. Ties on score go to the stronger supporter, then to the more
    influential person, then to the lower ``stakeholder_id``; ``rank`` gives
    people with the same score the same rank, so a tie stays visible.

    >>> s = pd.DataFrame({"stakeholder_id": ["S1", "S2", "S3"], "name": ["Ann", "Bo", "Cy"],
    ...                   "role": ["CFO", "VP", "Clerk"], "influence": [5, 4, 2], "support": [1, 4, 5],
    ...                   "access_to_ceo": [True, True, False]})
    >>> w = {"influence": 0.25, "support": 0.5, "top_team_access": 0.25}
    >>> rank_champions(s, w, min_support=4)[["name", "rank"]].to_dict("list")
    {'name': ['Bo', 'Cy'], 'rank': [1, 2]}
    """
    table = check_stakeholders(stakeholders)
    if isinstance(min_support, bool) or not isinstance(min_support, int | np.integer):
        raise TypeError(f"min_support must be a whole number from 1 to 5, got {type(min_support).__name__}")
    if not 1 <= int(min_support) <= 5:
        raise ValueError(f"min_support must be from 1 to 5 (a support score), got {min_support!r}")
    scored = champion_scores(stakeholders, weights)
    keys = scored.assign(
        _support=table["support"], _influence=table["influence"], _score=scored["score"].round(12)
    )
    keys = keys[keys["_support"] >= int(min_support)]
    if keys.empty:
        raise ValueError(
            f"nobody has a support score of {int(min_support)} or more; lower min_support "
            f"(the highest support score here is {int(table['support'].max())})"
        )
    keys = keys.rename_axis("stakeholder_id").reset_index()
    keys = keys.sort_values(
        ["_score", "_support", "_influence", "stakeholder_id"],
        ascending=[False, False, False, True],
        kind="stable",
    ).set_index("stakeholder_id")
    out = keys.drop(columns=["_support", "_influence", "_score"])
    out["rank"] = keys["_score"].rank(ascending=False, method="min").astype("int64")
    return out


CRITERION_LABELS: dict[str, str] = {
    "support": "support for KAM",
    "influence": "influence",
    "top_team_access": "meets the CEO",
    "credibility": "credibility (colleagues' rating)",
    "energy": "energy (colleagues' rating)",
}
"""Short names of the criteria, for plots."""

CRITERION_COLOURS: dict[str, str] = {
    "support": "#009e73",
    "influence": "#0072b2",
    "top_team_access": "#56b4e9",
    "credibility": "#e69f00",
    "energy": "#cc79a7",
}


def champion_score_plot(
    stakeholders: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    ids: Iterable[str] | None = None,
    title: str = "What each criterion adds to the champion score",
) -> Figure:
    """Each person's champion score as one bar, split into what each criterion adds.

    A segment is a criterion's weight times the person's 0-1 score on it
    (:func:`champion_scores`), so the segments of a bar add up to its score, written at the
    bar's end. The ratings colleagues give (:data:`RATED_CRITERIA`) are hatched. ``ids`` are
    drawn top to bottom in the order given (default: everybody, best score first); criteria
    with a weight of 0 are left out of the bars and the legend.

    >>> s = pd.DataFrame({"stakeholder_id": ["S1", "S2"], "name": ["Ann", "Bo"], "role": ["CFO", "VP"],
    ...                   "influence": [5, 4], "support": [4, 5], "access_to_ceo": [True, False]})
    >>> w = {"influence": 0.4, "support": 0.4, "top_team_access": 0.2}
    >>> champion_score_plot(s, w).axes[0].get_xlabel()
    "Champion score (0-1): each segment is a criterion's weight × the person's 0-1 score on it"
    """
    scored = champion_scores(stakeholders, weights)
    w = _weights(weights, scored_criteria(stakeholders))
    if ids is None:
        shown = list(scored["score"].sort_values(ascending=False, kind="stable").index)
    else:
        if isinstance(ids, str):
            ids = [ids]
        shown = [str(i) for i in ids]
        unknown = [i for i in shown if i not in scored.index]
        if unknown:
            raise ValueError(f"ids names {unknown[0]!r}, which is not a stakeholder_id in stakeholders")
        twice = [i for k, i in enumerate(shown) if i in shown[:k]]
        if twice:
            raise ValueError(f"ids names {twice[0]!r} more than once")
        if not shown:
            raise ValueError(
                "ids is empty; give at least one stakeholder_id (or leave ids out for everybody)"
            )
    counted = [c for c in w if w[c] > 0]
    n = len(shown)

    fig = Figure(figsize=(12, 2.4 + 0.7 * n), layout="constrained")
    ax = fig.subplots()
    y = np.arange(n)[::-1]
    for row, sid in zip(y, shown):
        left = 0.0
        for criterion in counted:
            part = float(w[criterion] * scored.at[sid, criterion])
            ax.barh(
                row,
                part,
                left=left,
                height=0.62,
                color=CRITERION_COLOURS[criterion],
                edgecolor="white",
                hatch="//" if criterion in RATED_CRITERIA else None,
                linewidth=0.8,
            )
            if part >= 0.045:
                ax.text(
                    left + part / 2,
                    row,
                    f"{part:.3g}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="black",
                    bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 0.5},
                )
            left += part
        ax.text(
            left + 0.01,
            row,
            f"{float(scored.at[sid, 'score']):.3f}",
            ha="left",
            va="center",
            fontsize=10,
            fontweight="bold",
        )
    labels = [
        _short_label(str(scored.at[s, "name"]), str(scored.at[s, "role"])).replace("\n", ", ", 1)
        for s in shown
    ]
    ax.set_yticks(y, labels, fontsize=9.5)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, 1.08)
    ax.set_xticks(np.linspace(0, 1, 11))
    ax.grid(axis="x", alpha=0.25)
    ax.set_axisbelow(True)
    ax.set_xlabel("Champion score (0-1): each segment is a criterion's weight × the person's 0-1 score on it")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    handles = [
        Patch(
            facecolor=CRITERION_COLOURS[c],
            edgecolor="white",
            hatch="//" if c in RATED_CRITERIA else None,
            label=f"{CRITERION_LABELS[c]}, weight {w[c]:g}",
        )
        for c in counted
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=min(3, len(handles)),
        fontsize=9,
        title="criterion (hatched: rated by colleagues)",
        title_fontsize=9,
    )
    return fig


# ---------------------------------------------------------------- the change plan


def example_change_plan() -> pd.DataFrame:
    """Aldmoor's plan for the first 18 months of KAM: one row per task.

    Columns: ``task``, ``owner``, ``phase``, ``start_month`` (1 = the month the
    champion is appointed) and ``months`` (how many months the task runs; 0 = a
    milestone, a decision taken on one day of ``start_month``).

    >>> plan = example_change_plan()
    >>> plan.loc[0, "task"], len(plan), int(plan["start_month"].max())
    ('Appoint the KAM champion (reports to the CEO)', 13, 18)
    """
    rows = [
        ("Appoint the KAM champion (reports to the CEO)", "CEO", "set up", 1, 0),
        ("Set up the KAM steering group and the escalation path", "CEO, champion", "set up", 1, 2),
        ("Win over the blockers on the stakeholder map", "Champion", "set up", 1, 4),
        ("Agree key-account criteria, pick 5-10 pilot accounts", "Champion, sales", "set up", 2, 3),
        ("Name an executive sponsor for each pilot account", "CEO, champion", "set up", 3, 2),
        ("Select the first key account managers", "Champion, HR", "pilot", 4, 3),
        ("Train key account managers", "HR, champion", "pilot", 5, 5),
        ("Train operations and supply chain in KAM", "COO, VP supply chain", "pilot", 5, 4),
        ("Set KAM metrics: cost to serve, profit, lifetime value", "CFO, champion", "pilot", 5, 4),
        ("Write joint account plans with the pilot customers", "Key account managers", "pilot", 8, 5),
        ("First programme review: accounts in or out, lessons", "Champion, top team", "review", 12, 0),
        ("Second wave: extend KAM to the next accounts", "Champion, sales", "scale", 13, 6),
        ("Benchmark against peers, second review", "Champion, top team", "review", 18, 0),
    ]
    return pd.DataFrame(rows, columns=list(PLAN_COLUMNS)).astype({"start_month": "int64", "months": "int64"})


def check_plan(plan: Any, name: str = "plan") -> pd.DataFrame:
    """Check a change plan (columns of :data:`PLAN_COLUMNS`); return it.

    >>> bad = example_change_plan().assign(months=-1)
    >>> check_plan(bad)
    Traceback (most recent call last):
    ...
    ValueError: plan['months'] has -1 at row 0; every value must be >= 0
    """
    _checks.frame(plan, name, PLAN_COLUMNS)
    _checks.no_missing(plan, name, ["task", "owner", "phase"])
    _checks.text_columns(plan, name, ["task", "owner", "phase"])
    _checks.numeric_columns(plan, name, ["start_month"], min_value=1, integer=True)
    _checks.numeric_columns(plan, name, ["months"], min_value=0, integer=True)
    return plan


def workload(plan: pd.DataFrame, who: str) -> pd.Series:
    """How many of ``plan``'s tasks name ``who`` as an owner, month by month.

    A task runs from ``start_month`` for ``months`` months; a milestone
    (0 months) counts in its own month. ``who`` is matched in ``owner``
    without regard to case, so ``"champion"`` finds ``"Champion, HR"``.

    >>> workload(example_change_plan(), "champion").loc[[1, 4, 14]].tolist()
    [2, 4, 1]
    """
    check_plan(plan)
    if not isinstance(who, str) or not who.strip():
        raise TypeError(f"who must be a name or role to look for in plan['owner'], got {who!r}")
    mine = plan[plan["owner"].str.lower().str.contains(who.strip().lower(), regex=False)]
    start = plan["start_month"].to_numpy(dtype="int64")
    last = int((start + np.maximum(plan["months"].to_numpy(dtype="int64"), 1)).max()) - 1
    months = np.arange(1, last + 1)
    first = mine["start_month"].to_numpy(dtype="int64")
    stop = first + np.maximum(mine["months"].to_numpy(dtype="int64"), 1)
    running = (first[None, :] <= months[:, None]) & (months[:, None] < stop[None, :])
    return pd.Series(running.sum(axis=1).astype("int64"), index=pd.Index(months, name="month"), name=who)


def change_plan_plot(
    plan: pd.DataFrame,
    *,
    title: str = "KAM change plan: the first 18 months",
) -> Figure:
    """A Gantt-like chart of ``plan``: one bar per task, coloured by phase, owners written beside.

    A task of 0 months is a milestone, drawn as a diamond in the middle of its
    month. Tasks are drawn top to bottom in the plan's order.

    >>> fig = change_plan_plot(example_change_plan())
    >>> fig.axes[0].get_xlabel()
    'Month of the programme (month 1 = the champion is appointed)'
    """
    check_plan(plan)
    tasks = plan.reset_index(drop=True)
    start = tasks["start_month"].to_numpy(dtype="float64")
    length = tasks["months"].to_numpy(dtype="float64")
    end = float(max((start + length).max(), start.max() + 1))  # the first month after the plan
    phases = list(dict.fromkeys(str(p) for p in tasks["phase"]))
    colour = {p: PHASE_COLOURS[i % len(PHASE_COLOURS)] for i, p in enumerate(phases)}
    n = len(tasks)

    fig = Figure(figsize=(12, 1.6 + 0.5 * n), layout="constrained")
    ax = fig.subplots()
    y = np.arange(n)[::-1]
    for i in range(n):
        c = colour[str(tasks.at[i, "phase"])]
        if length[i] > 0:
            ax.barh(y[i], length[i], left=start[i], height=0.6, color=c, edgecolor="white")
            text_x = start[i] + length[i] + 0.15
        else:
            ax.plot([start[i] + 0.5], [y[i]], "D", color=c, markersize=12, markeredgecolor="black")
            text_x = start[i] + 0.85
        ax.text(text_x, y[i], str(tasks.at[i, "owner"]), va="center", ha="left", fontsize=9, color="#333333")
    for year_end in range(13, int(end) + 1, 12):
        ax.axvline(year_end, color="black", linewidth=1, linestyle=":")
        ax.text(year_end - 0.1, n - 0.45, "end of year 1 ", ha="right", va="bottom", fontsize=9)
    labels = ["\n".join(textwrap.wrap(str(t), 46)) for t in tasks["task"]]
    ax.set_yticks(y, labels, fontsize=9)
    months = np.arange(1, int(end))
    ax.set_xticks(months + 0.5, [str(m) for m in months], fontsize=9)
    ax.set_xticks(months, minor=True)
    ax.grid(axis="x", which="minor", alpha=0.25)
    ax.tick_params(axis="x", which="major", length=0)
    ax.set_xlim(0.8, end + 4.2)
    ax.set_ylim(-0.7, n - 0.1)
    ax.set_xlabel("Month of the programme (month 1 = the champion is appointed)")
    ax.set_ylabel("Task (owner written beside each bar)")
    handles = [Patch(color=colour[p], label=p) for p in phases]
    handles.append(
        Line2D([], [], marker="D", linestyle="", color="white", markeredgecolor="black", label="milestone")
    )
    ax.legend(handles=handles, title="phase", loc="upper right", fontsize=9)
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    return fig
