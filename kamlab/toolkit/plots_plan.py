"""Charts for Step 8, the key account plan: the buying centre, the relationship's shape, value over the life.

Every function returns ``(figure, axes)`` and draws with matplotlib only; the notebook shows the
figure, a test or script can save or close it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from kamlab import _checks
from kamlab.toolkit import account_plan, value

REACHED_COLOUR = "#2b6ca3"
UNREACHED_COLOUR = "#d9dee4"
LINK_COLOUR = "#2b6ca3"
OURS_COLOUR = "#2b6ca3"
RIVAL_COLOUR = "#8c8c8c"
PART_COLOURS = {
    "price_eur": "#4d4d4d",
    "energy_eur": "#e69f00",
    "downtime_eur": "#c0392b",
    "maintenance_eur": "#56b4e9",
}
PART_LABELS = {
    "price_eur": "price (today)",
    "energy_eur": "energy",
    "downtime_eur": "downtime",
    "maintenance_eur": "maintenance",
}
ROLE_MARKERS = {"decider": "D", "influencer": "^", "buyer": "s", "user": "o", "gatekeeper": "v"}
STAGE_SHADES = ("#eef3f8", "#dbe6f1", "#bfd3e6", "#93b5d6", "#5f93c2")


def _short(title: str, width: int = 26) -> str:
    """A job title short enough for a label: the part before a comma, cut at ``width``."""
    text = title.split(",")[0]
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wrapped(title: str, width: int = 17) -> str:
    """A job title on at most two lines of ``width`` characters, for a crowded chart."""
    lines = textwrap.wrap(title.split(",")[0], width)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def _customer_contacts(contacts: pd.DataFrame, customer_id: str) -> pd.DataFrame:
    frame = account_plan.check_contacts(contacts)
    for col in ("attitude", "job_title"):
        if col not in frame.columns:
            raise ValueError(f"contacts is missing column {col!r}; the chart needs it")
    mine = frame[frame["customer_id"] == customer_id]
    if mine.empty:
        known = ", ".join(map(repr, frame["customer_id"].unique()))
        raise ValueError(f"contacts has no one at customer {customer_id!r}; it has people at {known}")
    return mine


def _spread(keys: Sequence[tuple[int, int]], radius: float = 0.22) -> np.ndarray:
    """Offsets that put contacts sharing a grid cell around its centre, never outside the cell."""
    offsets = np.zeros((len(keys), 2))
    seen: dict[tuple[int, int], list[int]] = {}
    for i, key in enumerate(keys):
        seen.setdefault(key, []).append(i)
    for members in seen.values():
        if len(members) == 1:
            continue
        angles = np.pi / 2 + 2 * np.pi * np.arange(len(members)) / len(members)
        offsets[members, 0] = radius * np.cos(angles)
        offsets[members, 1] = radius * np.sin(angles)
    return offsets


def plot_buying_centre(
    contacts: pd.DataFrame, customer_id: str, *, title: str = "", ax: Axes | None = None
) -> tuple[Figure, Axes]:
    """The customer's buying centre: influence against attitude to us, each person by role.

    Blue: someone at Aldmoor meets the person; grey: nobody does. A thick black edge marks a
    decision maker. Points sharing a cell are spread around its centre, inside the 1-5 scales.
    """
    mine = _customer_contacts(contacts, customer_id)
    decides = account_plan.is_decision_maker(mine)
    reached = account_plan.aldmoor_people(mine).map(bool)
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 6.8), layout="constrained")
    else:
        fig = ax.figure
    ax.axhspan(account_plan.DECISION_INFLUENCE - 0.5, 5.5, color="#f3ecd9", zorder=0)
    ax.text(
        0.55,
        5.42,
        "influence 4-5: decision makers whatever their role",
        va="top",
        fontsize=9,
        color="#7a6a3a",
    )
    keys = list(zip(mine["attitude"].astype(int), mine["influence"].astype(int)))
    offsets = _spread(keys)
    for k, (idx, row) in enumerate(mine.iterrows()):
        x, y = row["attitude"] + offsets[k, 0], row["influence"] + offsets[k, 1]
        colour = REACHED_COLOUR if reached[idx] else UNREACHED_COLOUR
        ax.scatter(
            x,
            y,
            s=170,
            marker=ROLE_MARKERS[row["buying_role"]],
            c=colour,
            edgecolors="black" if decides[idx] else "#8c8c8c",
            linewidths=2.2 if decides[idx] else 0.8,
            zorder=3,
        )
        ax.annotate(
            _wrapped(row["job_title"]),
            (x, y),
            xytext=(10, 0),
            va="center",
            textcoords="offset points",
            fontsize=8.5,
            fontweight="bold" if decides[idx] else "normal",
            color="#1d2733" if reached[idx] else "#5b6773",
            zorder=4,
        )
    ax.set_xlim(0.5, 5.9)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6), ["1\nprefers a rival", "2", "3\nneutral", "4", "5\nadvocate"])
    ax.set_yticks(range(1, 6), ["1\nlittle say", "2", "3", "4", "5\ndecisive"])
    ax.set_xlabel("attitude to Aldmoor (1-5)")
    ax.set_ylabel("influence on the choice of supplier (1-5)")
    ax.grid(alpha=0.3)
    handles = [
        Line2D([], [], marker=m, ls="", color="#8c8c8c", markersize=9, label=role)
        for role, m in ROLE_MARKERS.items()
    ]
    dot = {"marker": "o", "ls": "", "markersize": 9}
    handles += [
        Line2D([], [], color=REACHED_COLOUR, label="met by someone at Aldmoor", **dot),
        Line2D(
            [], [], color=UNREACHED_COLOUR, markeredgecolor="#8c8c8c", label="met by nobody at Aldmoor", **dot
        ),
        Line2D(
            [], [], color="white", markeredgecolor="black", markeredgewidth=2.2, label="decision maker", **dot
        ),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    ax.set_title(title or f"The buying centre at {customer_id}", loc="left", fontsize=12)
    return fig, ax


def _links(mine: pd.DataFrame) -> list[tuple[str, str]]:
    people = account_plan.aldmoor_people(mine)
    return [(who, contact) for contact, plist in zip(mine["contact_id"], people) for who in plist]


def plot_relationship_shapes(
    contacts: pd.DataFrame, accounts: Mapping[str, str], *, title: str = ""
) -> tuple[Figure, np.ndarray]:
    """Who at Aldmoor meets whom at each account: a bow-tie (one knot) or a diamond (many links).

    One panel per account of ``accounts`` (customer_id -> name): Aldmoor's people on the left, the
    customer's people on the right (decision makers first, in bold), a line for each contact.
    """
    if not isinstance(accounts, Mapping) or not accounts:
        raise TypeError("accounts must be a dict customer_id -> name, e.g. {'C0099': 'Nova Drive Robotics'}")
    table = account_plan.coverage(contacts)
    fig, axes = plt.subplots(1, len(accounts), figsize=(5.4 * len(accounts), 6.4), layout="constrained")
    axes = np.atleast_1d(axes)
    for ax, (cid, name) in zip(axes, accounts.items()):
        mine = _customer_contacts(contacts, cid)
        decides = account_plan.is_decision_maker(mine)
        mine = mine.assign(_dm=decides).sort_values(["_dm", "influence"], ascending=False, kind="stable")
        links = _links(mine)
        right = {c: i for i, c in enumerate(mine["contact_id"])}
        n = max(len(mine), 1)
        y_right = {c: 1 - (i + 0.5) / n for c, i in right.items()}
        # Aldmoor's people in the order of the people they meet, so the lines cross as little as possible
        ours = sorted(
            {who for who, _ in links}, key=lambda w: (-np.mean([y_right[c] for v, c in links if v == w]), w)
        )
        m = max(len(ours), 1)
        y_left = {w: 0.5 + (len(ours) / 2 - (i + 0.5)) / n for i, w in enumerate(ours)}
        for who, contact in links:
            ax.plot([0.12, 0.88], [y_left[who], y_right[contact]], color=LINK_COLOUR, lw=1.6, alpha=0.75)
        for who in ours:
            ax.scatter(0.12, y_left[who], s=90, color=OURS_COLOUR, zorder=3)
            ax.text(0.08, y_left[who], who, ha="right", va="center", fontsize=8.5)
        for _, row in mine.iterrows():
            y = y_right[row["contact_id"]]
            met = any(c == row["contact_id"] for _, c in links)
            ax.scatter(
                0.88,
                y,
                s=90,
                color=REACHED_COLOUR if met else UNREACHED_COLOUR,
                edgecolors="black" if row["_dm"] else "#8c8c8c",
                linewidths=1.8 if row["_dm"] else 0.6,
                zorder=3,
            )
            ax.text(
                0.92,
                y,
                _short(row["job_title"], 34),
                va="center",
                fontsize=8.5,
                fontweight="bold" if row["_dm"] else "normal",
                color="#1d2733" if met else "#6b7a89",
            )
        if not m:
            ax.text(0.1, 0.5, "nobody", ha="right", va="center", fontsize=9, color="#6b7a89")
        row = table.loc[cid]
        people = int(row["aldmoor_people"])
        ax.set_title(
            f"{name}\n{row['shape']}: {int(row['decision_makers_reached'])} of "
            f"{int(row['decision_makers'])} decision makers reached,\n"
            f"by {people} Aldmoor {'person' if people == 1 else 'people'}",
            fontsize=10.5,
            loc="left",
        )
        ax.text(0.12, 1.06, "Aldmoor", ha="center", fontsize=9.5, color="#4a5a6a", fontweight="bold")
        ax.text(0.88, 1.06, "the customer", ha="center", fontsize=9.5, color="#4a5a6a", fontweight="bold")
        ax.set_xlim(-0.75, 1.75)
        ax.set_ylim(-0.02, 1.1)
        ax.axis("off")
    if title:
        fig.suptitle(title, fontsize=12.5, x=0.01, ha="left")
    return fig, axes


def _offer_names(index: pd.Index, names: Mapping[str, str] | None) -> list[str]:
    names = dict(names or {})
    return [names.get(str(i), str(i)) for i in index]


def _eur_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / 1e3:,.0f}k"))


def plot_tco(
    tco_table: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    title: str = "",
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """Each offer's total cost of ownership as a bar of its parts (today's euros), total at the end."""
    frame = _checks.frame(tco_table, "tco_table", [*value.COST_PARTS, "tco_eur"])
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 3.2 + 0.5 * len(frame)), layout="constrained")
    else:
        fig = ax.figure
    labels = _offer_names(frame.index, names)
    y = np.arange(len(frame))[::-1]
    left = np.zeros(len(frame))
    for part in value.COST_PARTS:
        widths = frame[part].to_numpy(dtype="float64")
        ax.barh(y, widths, left=left, color=PART_COLOURS[part], label=PART_LABELS[part], height=0.55)
        for yi, lo, w in zip(y, left, widths):
            if w >= 0.07 * frame["tco_eur"].max():
                ink = "white" if part in ("price_eur", "downtime_eur") else "black"
                ax.text(lo + w / 2, yi, f"{w / 1e3:,.1f}k", ha="center", va="center", fontsize=8.5, color=ink)
        left += widths
    for yi, total in zip(y, frame["tco_eur"]):
        ax.text(total, yi, f"  EUR {total:,.0f}", va="center", fontsize=10, fontweight="bold")
    ax.set_yticks(y, labels)
    ax.set_xlim(0, frame["tco_eur"].max() * 1.25)
    _eur_axis(ax.xaxis)
    ax.set_xlabel("cost over the pump's life, in today's euros (EUR thousands)")
    ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.28), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or "Total cost of ownership", loc="left", fontsize=12)
    return fig, ax


def plot_cumulative_cost(
    cumulative: pd.DataFrame,
    ours: str,
    rival: str,
    *,
    names: Mapping[str, str] | None = None,
    title: str = "",
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """What each offer has cost the customer so far, year by year (today's euros), and where ours wins."""
    frame = _checks.frame(cumulative, "cumulative", [ours, rival])
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 5), layout="constrained")
    else:
        fig = ax.figure
    label = dict(zip(frame.columns, _offer_names(frame.columns, names)))
    for key, colour in ((ours, OURS_COLOUR), (rival, RIVAL_COLOUR)):
        ax.plot(frame.index, frame[key], marker="o", color=colour, lw=2.4, label=label[key])
        end = frame[key].iloc[-1]
        ax.text(frame.index[-1] + 0.12, end, f"EUR {end:,.0f}", va="center", color=colour, fontweight="bold")
    year = value.break_even_year(frame, ours, rival)
    if year is not None and year > 0:
        ax.axvline(year, color="#1a9850", ls="--", lw=1.2)
        low = frame[[ours, rival]].to_numpy().min()
        words = f" {label[ours]} is cheaper\n from year {year} on"
        ax.text(year + 0.08, low, words, color="#1a9850", fontsize=9.5, va="bottom")
    ax.set_xticks(frame.index)
    ax.set_xlim(frame.index[0] - 0.3, frame.index[-1] + 1.3)
    ax.set_ylim(0, frame.to_numpy().max() * 1.08)
    _eur_axis(ax.yaxis)
    ax.set_xlabel("year of the pump's life (0 = the day it is bought)")
    ax.set_ylabel("cost so far, in today's euros")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or "Cost of ownership, year by year", loc="left", fontsize=12)
    return fig, ax


def plot_share_by_stage(
    stage: pd.Series,
    share: pd.Series,
    *,
    labels: Mapping[str, str] | None = None,
    title: str = "",
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """Share of wallet of every customer by relationship stage: a dot each, the median as a bar.

    ``stage`` and ``share`` are Series indexed by customer_id; ``labels`` names a few customers.
    """
    if not isinstance(stage, pd.Series) or not isinstance(share, pd.Series):
        raise TypeError("stage and share must be pandas Series indexed by customer_id")
    bad = ~stage.isin(account_plan.STAGES)
    if bad.any():
        raise ValueError(
            f"stage has {stage[bad].iloc[0]!r} for customer {stage[bad].index[0]!r}; "
            f"use one of {', '.join(account_plan.STAGES)}"
        )
    missing = stage.index.difference(share.index)
    if len(missing):
        raise ValueError(f"share has no value for customer {missing[0]!r}")
    share = share.reindex(stage.index).astype("float64")
    if ax is None:
        fig, ax = plt.subplots(figsize=(10.5, 5.4), layout="constrained")
    else:
        fig = ax.figure
    for k, name in enumerate(account_plan.STAGES):
        values = share[stage == name].sort_values()
        if values.empty:
            continue
        spread = (np.arange(len(values)) % 9 - 4) * 0.045
        ax.scatter(k + spread, 100 * values, s=16, color="#5f7f9f", alpha=0.55, zorder=2)
        median = 100 * values.median()
        ax.plot([k - 0.3, k + 0.3], [median, median], color="black", lw=2.5, zorder=3)
        ax.text(k + 0.32, median, f"{median:.0f} %", va="center", fontsize=9.5, fontweight="bold")
        ax.text(k, -7.5, f"{len(values)} customers", ha="center", fontsize=8.5, color="#4a5a6a")
    for cid, text in (labels or {}).items():
        if cid in stage.index:
            k = account_plan.STAGES.index(stage[cid])
            ax.scatter(k, 100 * share[cid], s=110, facecolors="none", edgecolors="#c0392b", lw=2, zorder=4)
            ax.annotate(
                text,
                (k, 100 * share[cid]),
                xytext=(10, 8),
                textcoords="offset points",
                fontsize=9.5,
                color="#c0392b",
                fontweight="bold",
            )
    ax.set_xticks(range(len(account_plan.STAGES)), account_plan.STAGES)
    ax.set_ylim(-11, 100)
    ax.set_xlim(-0.6, len(account_plan.STAGES) - 0.3)
    ax.set_ylabel("share of wallet, 2025 (%)")
    ax.set_xlabel("relationship stage (earliest on the left); the black bar is the median")
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or "Share of wallet by relationship stage", loc="left", fontsize=12)
    return fig, ax
