"""Charts for Step 4: the key account portfolio matrix and the weight sensitivity.

Both functions return ``(figure, axes)`` and draw with matplotlib only; the
notebook shows the figure, a test or script can save or close it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kamlab import _checks
from kamlab.toolkit import selection

PROFIT_COLOUR = "#3b75af"
LOSS_COLOUR = "#d1495b"
MAX_BUBBLE = 1400.0  # area in points^2 of the largest bubble
MIN_BUBBLE = 12.0
CANDIDATE_SHADE = "#f3ecd9"

_CORNERS = {
    "key": (0.99, 0.99, "right", "top"),
    "key development": (0.01, 0.99, "left", "top"),
    "maintenance": (0.99, 0.01, "right", "bottom"),
    "opportunistic": (0.01, 0.01, "left", "bottom"),
}


def _money(value: float) -> str:
    if abs(value) >= 1e6:
        return f"EUR {value / 1e6:,.1f}m"
    return f"EUR {value / 1e3:,.0f}k"


def _aligned(values: object, name: str, index: pd.Index) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series indexed by customer_id, got {type(values).__name__}")
    frame = values.to_frame("value")
    _checks.numeric_columns(frame, name, ["value"])
    _checks.unique_index(values, name, "customer")
    missing = index.difference(values.index)
    if len(missing):
        raise ValueError(
            f"{name} has no value for customer {missing[0]!r}; it must cover every customer plotted"
        )
    return values.reindex(index).astype("float64")


#: Rings stand this many points clear of their bubble, and are never smaller than RING_MIN (pt²):
#: a programme member that buys little must still be easy to spot.
RING_GAP = 5.0
RING_MIN = 170.0


def ring_sizes(sizes: np.ndarray) -> np.ndarray:
    """Marker areas (pt²) of the rings drawn around bubbles of area ``sizes``.

    >>> ring_sizes(np.array([10.0, 2500.0])).round()
    array([ 170., 3025.])
    """
    return np.maximum((np.sqrt(sizes) + RING_GAP) ** 2, RING_MIN)


def plot_portfolio(
    scores: pd.DataFrame,
    *,
    bubble: pd.Series | None = None,
    profit: pd.Series | None = None,
    selected: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
    attractiveness_threshold: float = 0.5,
    strength_threshold: float = 0.5,
    title: str = "Key account portfolio matrix",
    bubble_label: str = "revenue",
    numbered: bool = False,
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """The portfolio matrix as a bubble chart: relative strength across, attractiveness up.

    ``scores`` has ``attractiveness`` and ``strength`` (0-1) per customer.
    Optional: ``bubble`` (EUR per customer, e.g. revenue) sets bubble areas;
    ``profit`` colours loss-making customers red; ``selected`` ids get a black
    ring (the programme); ``labels`` maps ids to the names written beside
    them. Dashed lines mark the thresholds and each quadrant carries its name.
    With ``numbered=True`` the labelled customers get a number (1, 2, ... in ``labels`` order)
    beside their bubble and their names go in the legend: use it when bubbles crowd together,
    as on a small customer list where every name would cover the next.

    >>> s = pd.DataFrame({"attractiveness": [0.9, 0.3], "strength": [0.2, 0.8]}, index=["A", "B"])
    >>> fig, ax = plot_portfolio(s, bubble=pd.Series({"A": 5e5, "B": 2e6}), selected=["A"],
    ...                          labels={"A": "Nova"})
    >>> ax.get_ylabel()
    'Account attractiveness (0 = low, 1 = high)'
    >>> plt.close(fig)
    """
    frame = _checks.frame(scores, "scores", ["attractiveness", "strength"])
    _checks.numeric_columns(frame, "scores", ["attractiveness", "strength"], min_value=0, max_value=1)
    _checks.unique_index(frame, "scores", "customer")
    a_cut = _checks.number(attractiveness_threshold, "attractiveness_threshold", min_value=0, max_value=1)
    s_cut = _checks.number(strength_threshold, "strength_threshold", min_value=0, max_value=1)
    chosen = set(map(str, selected))
    unknown = sorted(chosen - set(map(str, frame.index)))
    if unknown:
        raise ValueError(f"selected has {unknown[0]!r}, which is not a customer in scores")
    names = dict(labels or {})
    for key in names:
        if key not in frame.index:
            raise ValueError(f"labels has {key!r}, which is not a customer in scores")
    if not isinstance(numbered, bool):
        raise TypeError(f"numbered must be True or False, got {type(numbered).__name__} {numbered!r}")

    if bubble is None:
        sizes = np.full(len(frame), 60.0)
        top = None
    else:
        money = _aligned(bubble, "bubble", frame.index)
        if (money < 0).any():
            raise ValueError(f"bubble must not be negative; customer {money.index[money < 0][0]!r} is")
        top = float(money.max()) or 1.0
        sizes = np.maximum(MAX_BUBBLE * money.to_numpy() / top, MIN_BUBBLE)
    if profit is None:
        colours = np.array([PROFIT_COLOUR] * len(frame), dtype=object)
    else:
        loss = (_aligned(profit, "profit", frame.index) < 0).to_numpy()
        colours = np.where(loss, LOSS_COLOUR, PROFIT_COLOUR).astype(object)
    ring = np.array([str(i) in chosen for i in frame.index])

    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 7.5), layout="constrained")
    else:
        fig = ax.figure
    x = frame["strength"].to_numpy(dtype="float64")
    y = frame["attractiveness"].to_numpy(dtype="float64")
    ax.axhspan(a_cut, 1.05, color=CANDIDATE_SHADE, zorder=0)
    order = np.argsort(-sizes)  # big bubbles first, so small ones stay visible on top
    ax.scatter(
        x[order],
        y[order],
        s=sizes[order],
        c=list(colours[order]),
        alpha=0.55,
        edgecolors="white",
        linewidths=0.6,
        zorder=2,
    )
    if ring.any():
        ax.scatter(
            x[ring],
            y[ring],
            s=ring_sizes(sizes[ring]),
            facecolors="none",
            edgecolors="black",
            linewidths=1.8,
            zorder=3,
        )
    ax.axvline(s_cut, color="grey", linestyle="--", linewidth=1, zorder=1)
    ax.axhline(a_cut, color="grey", linestyle="--", linewidth=1, zorder=1)
    for quadrant, (qx, qy, ha, va) in _CORNERS.items():
        ax.text(
            qx,
            qy,
            quadrant.upper(),
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=11,
            fontweight="bold",
            color="#555555",
            zorder=1,
        )
    placed: list[tuple[float, float, int]] = []
    for number, (key, text) in enumerate(names.items(), start=1):
        if numbered:  # the number just right of the bubble's edge
            radius = float(np.sqrt(sizes[frame.index.get_loc(key)])) / 2
            ax.annotate(
                str(number),
                (float(frame.at[key, "strength"]), float(frame.at[key, "attractiveness"])),
                xytext=(radius + 2, 0),
                textcoords="offset points",
                va="center",
                fontsize=11,
                fontweight="bold",
                zorder=4,
            )
            continue
        px, py = float(frame.at[key, "strength"]), float(frame.at[key, "attractiveness"])
        dx = -12 if px > 0.75 else 12
        # a label near one already placed goes below its point, on the other side, instead of above
        crowded = any(abs(px - qx) < 0.3 and abs(py - qy) < 0.1 and d > 0 for qx, qy, d in placed)
        dy = -22 if crowded else 14
        dx = -dx if crowded else dx
        placed.append((px, py, dy))
        ax.annotate(
            text,
            (px, py),
            xytext=(dx, dy),
            textcoords="offset points",
            ha="right" if dx < 0 else "left",
            va="bottom" if dy > 0 else "top",
            fontsize=10,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#999999", "alpha": 0.9},
            arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.8},
            zorder=4,
        )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("Our relative strength with the customer (0 = weak, 1 = strong)")
    ax.set_ylabel("Account attractiveness (0 = low, 1 = high)")
    ax.set_title(title)

    handles = []
    if profit is not None:
        handles += [
            Line2D([], [], ls="", marker="o", ms=9, mfc=PROFIT_COLOUR, mec="white", alpha=0.7,
                   label="profitable after cost to serve"),
            Line2D([], [], ls="", marker="o", ms=9, mfc=LOSS_COLOUR, mec="white", alpha=0.7,
                   label="loses money after cost to serve"),
        ]  # fmt: skip
    if ring.any():
        handles.append(
            Line2D(
                [], [], ls="", marker="o", ms=9, mfc="none", mec="black", mew=1.8, label="in the programme"
            )
        )
    if numbered:
        handles += [
            Line2D([], [], ls="", marker=f"${number}$", ms=8, color="black", label=text)
            for number, text in enumerate(names.values(), start=1)
        ]
    handles += [
        Patch(
            facecolor=CANDIDATE_SHADE, label=f"attractive (score {a_cut:g} or more):\nprogramme candidates"
        ),
        Line2D(
            [],
            [],
            color="grey",
            ls="--",
            label=f"quadrant thresholds\n(attractiveness {a_cut:g}, strength {s_cut:g})",
        ),
    ]
    if top is not None:
        for value in _reference_sizes(top):
            area = max(MAX_BUBBLE * value / top, MIN_BUBBLE)
            handles.append(
                Line2D([], [], ls="", marker="o", ms=float(np.sqrt(area)), mfc="#cccccc", mec="grey",
                       label=f"{bubble_label} {_money(value)}")
            )  # fmt: skip
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        labelspacing=1.4,
        borderpad=0.8,
        handlelength=2.6,
        handletextpad=1.0,
        title="Bubble area = " + bubble_label if top is not None else None,
    )
    return fig, ax


def _reference_sizes(top: float) -> list[float]:
    """Two or three round amounts for the size legend, the largest near ``top``."""
    exponent = np.floor(np.log10(top))
    big = float(np.floor(top / 10**exponent) * 10**exponent)
    return [v for v in (big / 10, big / 2, big) if v > 0]


def plot_sensitivity(
    table: pd.DataFrame,
    *,
    criterion: str,
    base_weight: float | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """How many accounts of the base programme stay as one weight moves.

    ``table`` is the result of :func:`kamlab.selection.weight_sensitivity`;
    ``criterion`` names the weight that moved; ``base_weight`` (optional)
    marks today's weight with a dotted line.

    >>> t = pd.DataFrame({"weight": [0.0, 0.5, 1.0], "accounts": [5, 5, 5], "kept": [3, 5, 2]})
    >>> fig, ax = plot_sensitivity(t, criterion="wallet_growth", base_weight=0.5)
    >>> ax.get_xlabel()
    'Weight of wallet growth in attractiveness'
    >>> plt.close(fig)
    """
    frame = _checks.frame(table, "table", ["weight", "accounts", "kept"])
    _checks.numeric_columns(frame, "table", ["weight", "accounts", "kept"], min_value=0)
    if criterion not in selection.CRITERIA:
        raise ValueError(f"criterion {criterion!r} is not one of: {', '.join(selection.CRITERIA)}")
    label = criterion.replace("_", " ")
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    else:
        fig = ax.figure
    ax.plot(frame["weight"], frame["accounts"], color="grey", ls=":", marker=".", label="accounts selected")
    ax.plot(
        frame["weight"], frame["kept"], color=PROFIT_COLOUR, marker="o", label="of which in today's programme"
    )
    if base_weight is not None:
        ax.axvline(
            _checks.number(base_weight, "base_weight"), color="black", ls="--", lw=1, label="today's weight"
        )
    ax.set_ylim(0, float(frame["accounts"].max()) + 1)
    ax.set_xlabel(f"Weight of {label} in attractiveness")
    ax.set_ylabel("Accounts in the programme")
    ax.set_title(title or f"How the programme changes as the {label} weight moves")
    ax.legend(frameon=False, loc="lower left")
    ax.grid(alpha=0.3)
    return fig, ax
