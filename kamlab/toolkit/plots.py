"""Charts of the account metrics, drawn for managers: titled, labelled, in readable euros.

- :func:`whale_curve_plot`: cumulative profit by customer rank, with its peak,
  its break-even point and the loss-making tail marked;
- :func:`revenue_profit_plot`: revenue against profit after cost to serve, the
  chart that finds the big accounts that lose money;
- :func:`cost_to_serve_plot`: each chosen customer's cost to serve as a bar
  stacked by activity;
- :func:`incentive_plot`: what each bonus plan pays for the same accounts.

Every function returns a :class:`matplotlib.figure.Figure` built without
``pyplot``: nothing is shown or kept open behind your back. In a notebook,
leave the figure as a cell's last expression to see it; elsewhere, call
``fig.savefig("chart.png")``. (The figures are not managed by ``pyplot``, so
a notebook needs ``%matplotlib inline`` once, which the course's notebooks run
in their first cell.)

``labels`` maps customer ids to the names to write on the chart (a dict, or a Series such as
``customers["name"]``). On the whale
curve and the revenue-profit chart, each labelled customer is also marked (the
course's story accounts, for instance), so every id must be in the data; the
bar charts only look names up, so a dict of every customer's name will do.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter
from matplotlib.transforms import Bbox

from kamlab import _checks
from kamlab.toolkit import concentration

PROFIT_COLOUR = "#2b6ca3"
LOSS_COLOUR = "#c0392b"
NEUTRAL_COLOUR = "#7f7f7f"
PLAN_COLOURS = ("#8c8c8c", "#2b6ca3", "#e69f00", "#009e73")


def format_eur(value: float) -> str:
    """A euro amount written for a manager: ``EUR 7.3M``, ``EUR 826k``, ``EUR 950``.

    >>> format_eur(7_321_000), format_eur(-825_682), format_eur(950)
    ('EUR 7.3M', 'EUR -826k', 'EUR 950')
    """
    v = _checks.number(value, "value")
    if abs(v) >= 999_500:
        return f"EUR {v / 1e6:,.1f}M"
    if abs(v) >= 999.5:
        return f"EUR {v / 1e3:,.0f}k"
    return f"EUR {v:,.0f}"


def _scale(values: np.ndarray) -> tuple[float, str]:
    """Thousands or millions, whichever keeps the axis numbers short."""
    top = float(np.max(np.abs(values))) if values.size else 0.0
    return (1e6, "EUR millions") if top >= 2e6 else (1e3, "EUR thousands")


def _eur_on_scale(value: float, scale: float) -> str:
    """A bar's value in the unit of its axis (``EUR 1,527k`` on a thousands axis)."""
    if abs(value) < 999.5:
        return format_eur(value)
    if scale >= 1e6:
        return f"EUR {value / 1e6:,.2f}M"
    return f"EUR {value / 1e3:,.0f}k"


def _money_axis(axis, scale: float) -> None:
    digits = 1 if scale >= 1e6 else 0
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / scale:,.{digits}f}"))


def _short_eur(v: float, _pos: object = None) -> str:
    if v >= 1e6:
        return f"{v / 1e6:g}M"
    if v >= 1e3:
        return f"{v / 1e3:g}k"
    return f"{v:g}"


def _series(values: object, name: str, *, min_value: float | None = None) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be one column (a Series), got a DataFrame; pick a column")
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series indexed by customer_id, got {type(values).__name__}")
    frame = values.to_frame(name=name)
    _checks.frame(frame, name, [name])
    _checks.numeric_columns(frame, name, [name], min_value=min_value)
    if values.index.has_duplicates:
        dup = values.index[values.index.duplicated()][0]
        raise ValueError(f"{name} has customer {dup!r} twice in its index; each must appear once")
    return values.astype("float64")


def _labels(labels: object, index: pd.Index, what: str, *, strict: bool = True) -> dict[str, str]:
    """Check ``labels``; with ``strict``, every labelled customer must be in ``index`` (it gets marked)."""
    if labels is None:
        return {}
    if isinstance(labels, pd.Series):  # e.g. customers["name"], indexed by customer_id
        labels = labels.to_dict()
    if not isinstance(labels, Mapping):
        raise TypeError(f"labels must be a dict of customer_id -> name, got {type(labels).__name__}")
    unknown = [k for k in labels if k not in index]
    if strict and unknown:
        raise ValueError(f"labels names customer {unknown[0]!r}, which is not in {what}")
    return {k: str(v) for k, v in labels.items() if k in index}


def _single_index(df: pd.DataFrame, name: str) -> None:
    if isinstance(df.index, pd.MultiIndex):
        raise ValueError(
            f"{name} has one row per customer and year; pick one year first, "
            f"e.g. {name}.xs(2025, level='year')"
        )


def _activity_colour(i: int) -> str:
    """The ``i``-th colour of the activity palette (colour-blind friendly first)."""
    palette = (
        "#0072b2",
        "#e69f00",
        "#d55e00",
        "#009e73",
        "#cc79a7",
        "#56b4e9",
        "#f0e442",
        "#000000",
        "#999999",
        "#8c564b",
    )
    return palette[i % len(palette)]


def whale_curve_plot(
    profit: pd.Series,
    labels: Mapping[str, str] | None = None,
    *,
    title: str = "Whale curve: cumulative profit by customer, most profitable first",
) -> Figure:
    """The whale curve of ``profit`` (profit after cost to serve per customer).

    The left axis shows cumulative profit as a share of total profit, the right
    axis the same in euros. Marked on the chart:

    - the **peak**: what the profitable customers earn, as a share of total profit;
    - the **break-even point**: the first rank at which cumulative profit reaches
      100 % of total profit; all the customers after it, together, earn nothing;
    - the **loss-making tail** (shaded): the customers who give part of the peak back;
    - the customers in ``labels``, at their rank on the curve.

    >>> fig = whale_curve_plot(pd.Series({"A": 30.0, "B": -10.0, "C": 5.0}), {"B": "Big Co"})
    >>> fig.axes[0].get_ylabel()
    'Cumulative profit (% of total profit)'
    """
    values = _series(profit, "profit")
    names = _labels(labels, values.index, "profit")
    curve = concentration.whale_curve(values)
    n = len(curve)
    total = float(values.sum())
    share = curve["cumulative_profit_share"].to_numpy() * 100
    ranks = curve["rank"].to_numpy()
    peak_at = int(np.argmax(share))
    peak_rank, peak_share = int(ranks[peak_at]), float(share[peak_at])
    peak_eur = float(curve["cumulative_profit_eur"].iloc[peak_at])
    losers = int((curve["profit_eur"] < 0).sum())
    break_even = int(ranks[int(np.argmax(share >= 100 - 1e-9))])

    fig = Figure(figsize=(10, 6), layout="constrained")
    ax = fig.subplots()
    ax.plot(ranks, share, color=PROFIT_COLOUR, linewidth=2.2, label="cumulative profit")
    ax.fill_between(ranks, 0, share, color=PROFIT_COLOUR, alpha=0.08)
    ax.axhline(100, color=NEUTRAL_COLOUR, linestyle="--", linewidth=1)
    ax.text(
        max(peak_rank, break_even) * 0.55,
        101,
        f"100 % = total profit, {format_eur(total)}",
        ha="left",
        va="bottom",
        color=NEUTRAL_COLOUR,
        fontsize=9,
    )
    if losers:
        ax.axvspan(peak_rank + 0.5, n + 0.5, color=LOSS_COLOUR, alpha=0.10, linewidth=0)
        ax.text(
            n - (n - peak_rank) / 2,
            4,
            (f"{losers} customers\nlose money:" if losers != 1 else "1 customer\nloses money:")
            + f"\n{format_eur(peak_eur - total)}\ngiven back",
            ha="center",
            va="bottom",
            color=LOSS_COLOUR,
            fontsize=9,
        )
    ax.plot([peak_rank], [peak_share], "o", color=PROFIT_COLOUR, markersize=8)
    ax.annotate(
        f"Peak: {peak_share:.0f} % of total profit ({format_eur(peak_eur)})\n"
        f"earned by the {peak_rank} profitable customers",
        xy=(peak_rank, peak_share),
        xytext=(-20, 24),
        textcoords="offset points",
        ha="right",
        fontsize=10,
        fontweight="bold",
        arrowprops={"arrowstyle": "-", "color": PROFIT_COLOUR},
    )
    if peak_share > 100 + 1e-9:
        ax.plot([break_even], [100], "D", color="black", markersize=6)
        near_end = break_even > 0.6 * n  # a short list: the note goes left, clear of the right axis
        ax.annotate(
            (
                f"Break-even point: the top {break_even} customers\nalready earn 100 % of the profit;"
                if break_even != 1
                else "Break-even point: the top customer\nalready earns 100 % of the profit;"
            )
            + f" the other {n - break_even}\ntogether earn nothing",
            xy=(break_even, 100),
            xytext=(-18 if near_end else 18, -58),
            textcoords="offset points",
            ha="right" if near_end else "left",
            fontsize=9,
            arrowprops={"arrowstyle": "->", "color": "black"},
        )
    marks = []
    for cid, name in names.items():
        row = curve.loc[cid]
        x, y = float(row["rank"]), float(row["cumulative_profit_share"]) * 100
        colour = LOSS_COLOUR if row["profit_eur"] < 0 else PROFIT_COLOUR
        ax.plot([x], [y], "o", color=colour, markersize=7, markeredgecolor="white")
        text = f"{name}\nranked {int(row['rank'])}, profit {format_eur(float(row['profit_eur']))}"
        marks.append(((x, y), text, colour))
    ax.set_xlim(0, n + 1)
    # ranks are whole numbers, even for a few customers (the steps are those of the default locator)
    ax.xaxis.set_major_locator(MaxNLocator("auto", steps=[1, 2, 2.5, 5, 10], integer=True))
    ax.set_ylim(0, max(peak_share, 100) * 1.18)
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel("Customers ranked by profit after cost to serve (1 = most profitable)")
    ax.set_ylabel("Cumulative profit (% of total profit)")
    scale, unit = _scale(np.array([peak_eur]))
    right = ax.secondary_yaxis(
        "right", functions=(lambda s: s / 100 * total / scale, lambda e: e * scale / total * 100)
    )
    right.set_ylabel(f"Cumulative profit ({unit})")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.grid(axis="y", alpha=0.3)
    if marks:  # below the curve first, where the chart is emptiest, and clear of the curve itself
        below = tuple(o for o in _LABEL_OFFSETS if o[1] < 0) + tuple(o for o in _LABEL_OFFSETS if o[1] >= 0)
        _place_labels(
            ax,
            [m[0] for m in marks],
            [m[1] for m in marks],
            [m[2] for m in marks],
            offsets=below,
            avoid=list(zip(ranks.astype(float), share, strict=True)),
        )
    return fig


def revenue_profit_plot(
    table: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    *,
    revenue: str = "revenue_eur",
    profit: str = "profit_eur",
    log_revenue: bool = True,
    title: str = "Big accounts that lose money: revenue vs profit after cost to serve",
) -> Figure:
    """Each customer as a dot: revenue across, profit after cost to serve up.

    Customers below the break-even line lose money. ``table`` has one row per
    customer (e.g. from :func:`kamlab.customer_profit`); the note in the corner
    counts how many of the ten largest customers by revenue lose money.
    Revenue is on a log scale by default, so small and large customers both
    show; every revenue must then be above 0.

    >>> t = pd.DataFrame({"revenue_eur": [900.0, 50.0], "profit_eur": [-20.0, 10.0]}, index=["K", "N"])
    >>> revenue_profit_plot(t, {"K": "Big Co"}).axes[0].get_xscale()
    'log'
    """
    _checks.frame(table, "table", [revenue, profit])
    _single_index(table, "table")
    # Beyond 1e15 EUR a log axis overflows; no customer is that big.
    _checks.numeric_columns(table, "table", [revenue], min_value=0, max_value=1e15)
    _checks.numeric_columns(table, "table", [profit], min_value=-1e15, max_value=1e15)
    if log_revenue and (table[revenue] <= 0).any():
        who = table.index[(table[revenue] <= 0).to_numpy()][0]
        raise ValueError(
            f"table[{revenue!r}] is 0 for customer {who!r}; a log scale needs revenue above 0 "
            "(drop such customers or pass log_revenue=False)"
        )
    if table.index.has_duplicates:
        raise ValueError(f"table has customer {table.index[table.index.duplicated()][0]!r} twice")
    names = _labels(labels, table.index, "table")
    rev = table[revenue].astype("float64")
    prof = table[profit].astype("float64")
    losing = (prof < 0).to_numpy()
    scale, unit = _scale(prof.to_numpy())

    fig = Figure(figsize=(10, 6), layout="constrained")
    ax = fig.subplots()
    ax.scatter(
        rev[~losing],
        prof[~losing],
        s=22,
        color=PROFIT_COLOUR,
        alpha=0.6,
        label=f"makes money ({int((~losing).sum())} customers)",
    )
    ax.scatter(
        rev[losing],
        prof[losing],
        s=22,
        color=LOSS_COLOUR,
        alpha=0.7,
        label=f"loses money ({int(losing.sum())} customers)",
    )
    ax.axhline(0, color="black", linewidth=1)
    ax.text(
        float(rev.min()),
        0,
        " break-even",
        va="bottom",
        ha="left",
        fontsize=9,
        color="black",
    )
    top = min(10, len(table))
    biggest = prof[rev.sort_values(ascending=False, kind="stable").index[:top]]
    ax.text(
        0.02,
        0.97,
        f"{int((biggest < 0).sum())} of the {top} largest customers by revenue lose money",
        transform=ax.transAxes,
        va="top",
        fontsize=10,
        fontweight="bold",
        bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": NEUTRAL_COLOUR},
    )
    marks = []
    for cid in names:
        x, y = float(rev[cid]), float(prof[cid])
        colour = LOSS_COLOUR if y < 0 else PROFIT_COLOUR
        ax.plot(
            [x], [y], "o", markersize=10, markerfacecolor="none", markeredgecolor=colour, markeredgewidth=2
        )
        marks.append((cid, x, y, colour))
    ax.margins(y=0.08)
    if log_revenue:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(_short_eur))
        ax.set_xlabel("Revenue (EUR, log scale)")
    else:
        rscale, runit = _scale(rev.to_numpy())
        _money_axis(ax.xaxis, rscale)
        ax.set_xlabel(f"Revenue ({runit})")
    _money_axis(ax.yaxis, scale)
    ax.set_ylabel(f"Profit after cost to serve ({unit})")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.legend(loc="lower left", frameon=True)
    ax.grid(alpha=0.3)
    texts = [f"{names[cid]}\n{format_eur(x)} revenue, {format_eur(y)} profit" for cid, x, y, _c in marks]
    _place_labels(ax, [(x, y) for _cid, x, y, _c in marks], texts, [c for *_r, c in marks])
    return fig


#: Where a label may go, in points from its point: close first, then further out, every direction.
_LABEL_OFFSETS = tuple(
    (round(r * dx), round(r * dy))
    for r in (34, 60, 90, 125, 165)
    for dx, dy in ((-1, 1), (1, 1), (-1, -1), (1, -1), (0, 1.2), (0, -1.2), (-1.3, 0), (1.3, 0))
)


def _renderer(fig: Figure) -> RendererBase:
    """The figure's renderer, after its layout is final (an Agg canvas if it has none yet)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    # a layout that cannot fit (absurd amounts) is matplotlib's to report when the figure is shown
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="constrained_layout not applied")
        fig.draw_without_rendering()
    return fig.canvas.get_renderer()


def _place_labels(
    ax: Axes,
    points: Sequence[tuple[float, float]],
    texts: Sequence[str],
    colours: Sequence[str],
    *,
    fontsize: float = 9,
    offsets: Sequence[tuple[float, float]] = _LABEL_OFFSETS,
    avoid: Sequence[tuple[float, float]] = (),
) -> list[Annotation]:
    """Annotate ``points`` (data coordinates) with ``texts``, each box clear of the others.

    Each label tries ``offsets`` (points from its point) in order and takes the first place
    where its box stays inside the axes and overlaps no other label, text already on the
    axes, the legend, another labelled point, nor any point of ``avoid`` (data coordinates,
    e.g. a curve); if no place is clear, the one with the least overlap. A thin leader line
    joins each label to its point.
    The figure's layout is fixed first, so the labels do not move it. Returns the annotations.
    """
    fig = ax.get_figure()
    renderer = _renderer(fig)
    frame = ax.get_window_extent(renderer)
    taken = [a.get_window_extent(renderer) for a in (ax.get_legend(),) if a is not None]
    taken += [Text.get_window_extent(t, renderer) for t in ax.texts if t.get_text().strip()]
    screen = [ax.transData.transform(p) for p in points]
    dots = [Bbox.from_bounds(x - 7, y - 7, 14, 14) for x, y in screen]
    path = (
        [Bbox.from_bounds(x - 2, y - 2, 4, 4) for x, y in ax.transData.transform(list(avoid))]
        if avoid
        else []
    )
    scale = fig.dpi / 72.0
    placed = []
    for n, (point, text, colour) in enumerate(zip(points, texts, colours, strict=True)):
        best, best_cost = None, None
        for dx, dy in offsets:
            ha = "right" if dx < 0 else "left" if dx > 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            note = ax.annotate(
                text,
                xy=point,
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                color=colour,
                arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.8, "shrinkB": 6},
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
            note.set_in_layout(False)
            note.update_positions(renderer)
            box = Text.get_window_extent(note, renderer).padded(2 * scale)
            others = taken + path + [d for k, d in enumerate(dots) if k != n]
            cost = sum(_overlap(box, o) for o in others)
            outside = box.width * box.height - _overlap(box, frame)
            cost += 4 * outside
            if best_cost is None or cost < best_cost:
                if best is not None:
                    best.remove()
                best, best_cost = note, cost
            else:
                note.remove()
            if cost == 0:
                break
        taken.append(Text.get_window_extent(best, renderer))
        placed.append(best)
    return placed


def _overlap(a: Bbox, b: Bbox) -> float:
    """The area two boxes share (0 if they do not touch)."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(width, 0.0) * max(height, 0.0)


OTHER_COLOUR = "#cfcfcf"
_DARK = {"#0072b2", "#d55e00", "#009e73", "#000000", "#8c564b"}


def _merge_small(data: pd.DataFrame, floor: float) -> dict[str, pd.Series]:
    """Segments to draw: each activity, with those below ``floor`` on every bar merged into one."""
    small = [c for c in data.columns if float(data[c].max()) < floor]
    if len(small) < 2:
        small = []
    out = {c: data[c] for c in data.columns if c not in small}
    if small:
        words = _wrap(", ".join(small), 34)
        out[f"other: {words}"] = data[small].sum(axis=1)
    return out


def _wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most about ``width`` characters, between words."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def cost_to_serve_plot(
    cts: pd.DataFrame,
    customers: Sequence[str],
    labels: Mapping[str, str] | None = None,
    *,
    revenue: pd.Series | None = None,
    total: str = "cost_to_serve_eur",
    min_share: float = 0.04,
    title: str = "What it costs to serve each customer, by activity",
) -> Figure:
    """One horizontal bar per customer, stacked by activity (and financing).

    ``cts`` comes from :func:`kamlab.cost_to_serve` for one year (one row per
    customer); every column except ``total`` is drawn as a segment. Activities
    too small to see on every bar (each of their segments below ``min_share`` of
    the longest bar) are drawn as one segment, "other", which the legend spells
    out; 0 draws every activity apart. A segment wide enough for it shows its
    amount. With ``revenue`` given, each bar's label also says what share of
    the customer's revenue its cost to serve eats.

    >>> cts = pd.DataFrame({"delivery": [500.0, 20.0], "cost_to_serve_eur": [500.0, 20.0]}, index=["K", "N"])
    >>> [t.get_text() for t in cost_to_serve_plot(cts, ["K", "N"]).axes[0].get_yticklabels()]
    ['K', 'N']
    """
    _checks.frame(cts, "cts", [total])
    _single_index(cts, "cts")
    activities = [c for c in cts.columns if c != total]
    if not activities:
        raise ValueError(f"cts has no activity columns besides {total!r}; pass the frame from cost_to_serve")
    _checks.numeric_columns(cts, "cts", activities, min_value=0)
    if isinstance(customers, str) or not isinstance(customers, Sequence | pd.Index | np.ndarray):
        raise TypeError(f"customers must be a list of customer ids, got {type(customers).__name__}")
    chosen = [str(c) for c in customers]
    if not chosen:
        raise ValueError("customers is empty; give at least one customer id")
    missing = [c for c in chosen if c not in cts.index]
    if missing:
        raise ValueError(f"customer {missing[0]!r} is not in cts; check the id and the year")
    names = _labels(labels, cts.index, "cts", strict=False)
    share_of_revenue = None
    if revenue is not None:
        rev = _series(revenue, "revenue", min_value=0)
        absent = [c for c in chosen if c not in rev.index]
        if absent:
            raise ValueError(f"customer {absent[0]!r} has no revenue in revenue")
        share_of_revenue = rev.reindex(chosen)

    smallest = _checks.number(min_share, "min_share", min_value=0, max_value=1)
    data = cts.loc[chosen, activities].astype("float64")
    sums = data.sum(axis=1)
    scale, unit = _scale(sums.to_numpy())
    segments = _merge_small(data, smallest * float(sums.max()))
    fig = Figure(figsize=(10, 1.2 + 0.75 * len(chosen) + 1.0), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(chosen))[::-1]
    left = np.zeros(len(chosen))
    wide_enough = 0.06 * float(sums.max())
    for k, (label, widths) in enumerate(segments.items()):
        colour = (
            OTHER_COLOUR
            if k == len(segments) - 1 and label.startswith("other")
            else (_activity_colour(activities.index(label)))
        )
        widths = widths.to_numpy()
        ax.barh(y, widths, left=left, color=colour, label=label, height=0.62, edgecolor="white")
        for yi, start, width in zip(y, left, widths, strict=True):
            if width >= wide_enough:
                ax.text(
                    start + width / 2,
                    yi,
                    _short_eur(round(width, -3) if width >= 1e4 else width),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if colour in _DARK else "black",
                )
        left = left + widths
    for yi, cid in zip(y, chosen, strict=True):
        note = _eur_on_scale(float(sums[cid]), scale)
        if share_of_revenue is not None and share_of_revenue[cid] > 0:
            note += f" ({sums[cid] / share_of_revenue[cid]:.0%} of revenue)"
        ax.text(float(sums[cid]), yi, f"  {note}", va="center", fontsize=9)
    ax.set_yticks(y, [names.get(c, c) for c in chosen])
    ax.set_xlim(0, float(sums.max()) * 1.35 if float(sums.max()) > 0 else 1)
    _money_axis(ax.xaxis, scale)
    ax.set_xlabel(f"Cost to serve ({unit})")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    fig.legend(loc="outside lower center", ncols=min(4, len(segments)), fontsize=9, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return fig


def incentive_plot(
    payouts: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    *,
    value: pd.Series | None = None,
    accounts: Sequence[str] | None = None,
    top: int = 8,
    title: str = "What each bonus plan pays for",
) -> Figure:
    """Bonus paid per account under each plan, side by side.

    ``payouts`` has one column per plan (from
    :func:`kamlab.incentives.compare_plans`). The accounts shown are
    ``accounts``, or else the ``top`` accounts with the largest pay-out under
    any plan. With ``value`` (e.g. lifetime value) given, accounts whose value
    is below zero are marked "destroys value" in red.

    >>> p = pd.DataFrame({"revenue": [90.0, 10.0], "value": [0.0, 100.0]}, index=["K", "N"])
    >>> len(incentive_plot(p, top=2).axes[0].patches)
    4
    """
    _checks.frame(payouts, "payouts", list(payouts.columns))
    _single_index(payouts, "payouts")
    _checks.unique_index(payouts, "payouts", "account")
    plans = list(payouts.columns)
    if not plans:
        raise ValueError(
            "payouts has no columns; it needs one column of pay-outs per plan (see compare_plans)"
        )
    _checks.numeric_columns(payouts, "payouts", plans, min_value=0)
    if len(plans) > len(PLAN_COLOURS):
        raise ValueError(f"payouts has {len(plans)} plans; compare at most {len(PLAN_COLOURS)}")
    if accounts is None:
        count = int(_checks.number(top, "top", min_value=1))
        shown = list(payouts.max(axis=1).sort_values(ascending=False, kind="stable").index[:count])
    else:
        if isinstance(accounts, str):
            raise TypeError("accounts must be a list of customer ids, not one string")
        shown = list(accounts)
        missing = [a for a in shown if a not in payouts.index]
        if missing:
            raise ValueError(f"account {missing[0]!r} is not in payouts")
        if not shown:
            raise ValueError("accounts is empty; give at least one account")
    names = _labels(labels, payouts.index, "payouts", strict=False)
    losing: set[str] = set()
    if value is not None:
        worth = _series(value, "value")
        absent = [a for a in shown if a not in worth.index]
        if absent:
            raise ValueError(f"account {absent[0]!r} has no value in value")
        losing = {a for a in shown if worth[a] < 0}

    data = payouts.loc[shown, plans].astype("float64")
    scale, unit = _scale(data.to_numpy().ravel())
    fig = Figure(figsize=(10, 1.5 + 0.62 * len(shown) * max(1, len(plans) / 2)), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(shown))[::-1].astype("float64")
    height = 0.8 / len(plans)
    for k, plan in enumerate(plans):
        offset = (len(plans) - 1) / 2 * height - k * height
        bars = ax.barh(
            y + offset, data[plan].to_numpy(), height=height * 0.95, color=PLAN_COLOURS[k], label=plan
        )
        ax.bar_label(
            bars,
            labels=[_eur_on_scale(v, scale) for v in data[plan].to_numpy()],
            padding=3,
            fontsize=8,
        )
    ticks = [names.get(a, a) + ("\n(destroys value)" if a in losing else "") for a in shown]
    ax.set_yticks(y, ticks)
    for tick, account in zip(ax.get_yticklabels(), shown, strict=True):
        if account in losing:
            tick.set_color(LOSS_COLOUR)
    ax.set_xlim(0, float(data.to_numpy().max()) * 1.25 if float(data.to_numpy().max()) > 0 else 1)
    _money_axis(ax.xaxis, scale)
    ax.set_xlabel(f"Bonus paid for the account ({unit})")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.legend(loc="lower right", frameon=True)
    ax.grid(axis="x", alpha=0.3)
    return fig
