"""The yearly programme review: which accounts move into the key account programme, and which out.

Step 7 of the course keeps the programme fresh. Once a year every customer gets a
**review score** (0-1) and two rules decide the moves:

- **promotion**: an account outside the programme enters when its score is at or
  above the *upper* threshold;
- **demotion**: an account inside the programme leaves when its score falls below
  the *lower* threshold.

Between the two thresholds lies the **hysteresis band**: there, nothing changes.
An account just above the bar one year and just below it the next stays where it
is, so accounts do not flap in and out of the programme on year-to-year noise (a
key account that is told "you are no longer key" one year and "you are key again"
the next loses trust in the whole programme). With ``lower == upper`` the band is
gone and the review becomes a single-threshold rule, the comparison the notebook
makes.

A customer is reviewed in the years it bought. Customers join (no orders before
their first year) and customers are lost (no orders after their last year); in a
year without orders a customer has no review score (NaN). A member without a score
has stopped buying: it leaves the programme as **lost**, which the review records
apart from the demotions its rule decides. A customer without a score is never
promoted.

The review score
----------------

:func:`review_scores` mixes two things:

- **attractiveness** (65 %), Step 4's weighted score (:func:`kamlab.selection.criteria_table`
  and :func:`kamlab.selection.weighted_score` with Aldmoor's default weights): how
  much the customer is worth pursuing. The customers table is the account teams'
  view at the end of the last year. Two assumptions turn it into a yearly score:
  each earlier year's wallet is the last wallet taken back at the customer's
  expected growth (``wallet_eur / (1 + wallet_growth) ** years_before``, so a fast
  grower was smaller before), and the 1-5 scores (strategic fit, innovation,
  price sensitivity) held in every year;
- **profitability** (35 %), measured every year from the books: the percentile rank
  (:func:`kamlab.selection.percentile_rank`, 0 = least, 1 = most profitable) of the
  customer's profit after cost to serve over its revenue (``profit_margin_pct`` of
  :func:`kamlab.customer_profit` for that year).

Both percentile ranks (wallet size and growth, profitability) are taken among the
customers who bought that year: the year's customer base.

A customer that loses money ranks low on profitability, so with the default weights
and thresholds it cannot enter the programme unless it is among the most attractive
customers of all (Step 4's rule keeps loss-makers out altogether).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kamlab import _checks
from kamlab.toolkit import selection

UPPER_THRESHOLD = 0.72
"""Aldmoor's promotion bar: an account enters the programme with a review score of 0.72 or more."""

LOWER_THRESHOLD = 0.69
"""Aldmoor's demotion bar: a member leaves the programme when its review score drops below 0.69."""

ATTRACTIVENESS_SHARE = 0.65
"""Weight of attractiveness in the review score; profitability gets the rest (0.35)."""

IN_COLOUR = "#2b6ca3"
PROMOTED_COLOUR = "#1a9850"
DEMOTED_COLOUR = "#c0392b"
BAND_COLOUR = "#f3ecd9"
NEUTRAL_COLOUR = "#7f7f7f"
LOST_COLOUR = "#7f7f7f"
OUT_COLOUR = "#d9d9d9"


def _year_label(year: Any, name: str) -> int:
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise TypeError(f"{name} must be whole years (int), got {type(year).__name__} {year!r}")
    return int(year)


def _profit_table(profit: Any, year: int, customers: pd.Index) -> pd.DataFrame:
    """One year's :func:`kamlab.customer_profit` table, checked: the customers who bought that year."""
    name = f"profits[{year}]"
    frame = _checks.frame(profit, name, ["revenue_eur", "profit_margin_pct"])
    _checks.numeric_columns(frame, name, ["revenue_eur"], min_value=0)
    _checks.numeric_columns(frame, name, ["profit_margin_pct"])
    _checks.unique_index(frame, name, "customer")
    unknown = frame.index.difference(customers)
    if len(unknown):
        raise ValueError(
            f"{name} has customer {unknown[0]!r}, which is not in customers; the customers table must "
            "hold every customer reviewed"
        )
    return frame


def _customers(customers: Any) -> pd.DataFrame:
    """The customers table indexed by ``customer_id``, wallets checked (Step 4 checks the rest)."""
    if isinstance(customers, pd.DataFrame) and "customer_id" not in customers.columns:
        if customers.index.name == "customer_id":
            customers = customers.reset_index()
    frame = _checks.frame(customers, "customers", ["customer_id", "wallet_eur", "wallet_growth"])
    _checks.no_missing(frame, "customers", ["customer_id"])
    _checks.unique(frame, "customers", ["customer_id"])
    _checks.numeric_columns(frame, "customers", ["wallet_eur"], min_value=0)
    # A share per year, -100 % to +1000 %: beyond that, past wallets shrink to 0 and mislead.
    _checks.numeric_columns(frame, "customers", ["wallet_growth"], min_value=-1, max_value=10)
    return frame.set_index("customer_id")


def review_scores(
    customers: pd.DataFrame,
    profits: Mapping[int, pd.DataFrame],
    *,
    attractiveness_share: float = ATTRACTIVENESS_SHARE,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The review score (0-1) of every customer in every year it bought: one column per year.

    ``customers`` is the customers table (``customer_id`` as a column or as the
    index); its wallets describe the latest year of ``profits``. ``profits`` maps
    each year to that year's :func:`kamlab.customer_profit` table
    (``revenue_eur`` and ``profit_margin_pct`` per customer, indexed by
    ``customer_id``), which has a row for each customer who bought that year.
    A customer is scored in the years it has a row, among that year's customers;
    in the other years its score is NaN (not reviewed: it did not buy). For each
    year the score is
    ``attractiveness_share x attractiveness + (1 - attractiveness_share) x profitability``
    with attractiveness from that year's wallets (see the module's docstring)
    and ``weights`` (default :data:`kamlab.selection.DEFAULT_ATTRACTIVENESS_WEIGHTS`).
    Columns come in year order.

    >>> customers = pd.DataFrame({
    ...     "customer_id": ["A", "B"], "wallet_eur": [900.0, 100.0], "wallet_growth": [0.5, 0.0],
    ...     "strategic_fit": [5, 1], "innovation_potential": [5, 1], "price_sensitivity": [1, 5],
    ...     "relationship_strength": [3, 3], "product_fit": [3, 3]})
    >>> def year(revenue, margin):
    ...     return pd.DataFrame({"revenue_eur": revenue, "profit_margin_pct": margin}, index=["A", "B"])
    >>> scores = review_scores(customers, {2024: year([50.0, 40.0], [0.1, 0.2]),
    ...                                    2025: year([60.0, 40.0], [0.3, 0.2])}, attractiveness_share=0.5)
    >>> scores.to_dict("list")
    {2024: [0.5, 0.5], 2025: [1.0, 0.0]}

    A customer who did not buy in 2024 has no 2024 score:

    >>> review_scores(customers, {2024: year([50.0, 40.0], [0.1, 0.2]).loc[["A"]],
    ...                           2025: year([60.0, 40.0], [0.3, 0.2])})[2024].isna().tolist()
    [False, True]
    """
    share = _checks.number(attractiveness_share, "attractiveness_share", min_value=0, max_value=1)
    if not isinstance(profits, Mapping):
        raise TypeError(f"profits must be a dict year -> customer_profit table, got {type(profits).__name__}")
    if not profits:
        raise ValueError("profits is empty; give at least one year's customer_profit table")
    years = sorted(_year_label(y, "profits keys") for y in profits)
    cust = _customers(customers)
    wiped = (cust["wallet_growth"] <= -1).to_numpy()
    if wiped.any() and len(years) > 1:
        raise ValueError(
            f"customers['wallet_growth'] is {float(cust['wallet_growth'][wiped].iloc[0])!r} for customer "
            f"{cust.index[wiped][0]!r}; earlier wallets are taken back at the expected growth, "
            "which needs a growth above -1 (-100 %)"
        )
    w = selection.DEFAULT_ATTRACTIVENESS_WEIGHTS if weights is None else weights
    out = {}
    for year in years:
        table = _profit_table(profits[year], year, cust.index)
        if table.empty:
            out[year] = pd.Series(np.nan, index=cust.index)
            continue
        buyers = cust.loc[table.index]
        then = buyers.assign(
            wallet_eur=buyers["wallet_eur"] / (1.0 + buyers["wallet_growth"]) ** (years[-1] - year)
        )
        attractiveness = selection.weighted_score(selection.criteria_table(then, table["revenue_eur"]), w)
        profitability = selection.percentile_rank(table["profit_margin_pct"])
        out[year] = (share * attractiveness + (1.0 - share) * profitability).reindex(cust.index)
    frame = pd.DataFrame(out, index=cust.index)
    frame.columns.name = "year"
    frame.index.name = "customer_id"
    return frame


def _scores(scores: Any) -> pd.DataFrame:
    """Review scores checked: years in order, numbers from 0 to 1, NaN where a customer did not buy."""
    frame = _checks.frame(scores, "scores")
    years = [_year_label(y, "scores columns") for y in frame.columns]
    if years != sorted(years) or len(set(years)) != len(years):
        raise ValueError(f"scores columns must be years in increasing order, got {years}")
    # NaN means "not reviewed that year" (the customer did not buy); the other scores are checked
    filled = frame.apply(lambda col: col.fillna(0.5) if pd.api.types.is_float_dtype(col) else col)
    _checks.numeric_columns(filled, "scores", list(frame.columns), min_value=0, max_value=1)
    _checks.unique_index(frame, "scores", "customer")
    return frame.astype("float64")


def _thresholds(upper: float, lower: float) -> tuple[float, float]:
    up = _checks.number(upper, "upper", min_value=0, max_value=1)
    low = _checks.number(lower, "lower", min_value=0, max_value=1)
    if low > up:
        raise ValueError(
            f"lower ({low:g}) is above upper ({up:g}); an account enters at upper and leaves below "
            "lower, so lower must not be above upper (equal thresholds mean no band)"
        )
    return up, low


def review_programme(
    scores: pd.DataFrame,
    *,
    upper: float = UPPER_THRESHOLD,
    lower: float = LOWER_THRESHOLD,
    initial: Iterable[str] = (),
) -> pd.DataFrame:
    """Run the yearly review over the years of ``scores`` (columns), oldest first.

    Before the first review the programme holds ``initial`` (default: nobody,
    so the first review launches the programme). Each year:

    - ``promoted``: accounts outside the programme with a score ``>= upper``;
    - ``demoted``: accounts inside the programme with a score ``< lower``;
    - ``lost``: accounts inside the programme without a score that year (NaN:
      they stopped buying), which leave whatever the rule;
    - ``members``: last year's members, minus the demoted and the lost, plus the
      promoted.

    ``lower == upper`` gives the single-threshold rule (no band). One row per
    year: ``members``, ``promoted``, ``demoted``, ``lost`` (tuples of ids,
    sorted) and their counts ``size``, ``n_promoted``, ``n_demoted``, ``n_lost``.

    >>> s = pd.DataFrame({2023: [0.80, 0.74, 0.60], 2024: [0.74, 0.78, 0.60], 2025: [0.79, 0.69, 0.90]},
    ...                  index=["A", "B", "C"])
    >>> r = review_programme(s, upper=0.76, lower=0.70)
    >>> r["members"].tolist(), r["promoted"].tolist(), r["demoted"].tolist()
    ([('A',), ('A', 'B'), ('A', 'C')], [('A',), ('B',), ('C',)], [(), (), ('B',)])
    >>> review_programme(s, upper=0.76, lower=0.76)["members"].tolist()
    [('A',), ('B',), ('A', 'C')]
    >>> s.loc["A", 2025] = float("nan")  # A stopped buying in 2025
    >>> review_programme(s, upper=0.76, lower=0.70).loc[2025, ["members", "demoted", "lost"]].tolist()
    [('C',), ('B',), ('A',)]
    """
    frame = _scores(scores)
    up, low = _thresholds(upper, lower)
    if isinstance(initial, str) or not isinstance(initial, Iterable):
        raise TypeError(f"initial must be a list of customer ids, got {type(initial).__name__} {initial!r}")
    members = {str(i) for i in initial}
    known = set(map(str, frame.index))
    unknown = sorted(members - known)
    if unknown:
        raise ValueError(f"initial has {unknown[0]!r}, which is not a customer in scores")
    ids = frame.index.astype(str)
    rows = {}
    for year in frame.columns:
        values = frame[year].to_numpy(dtype="float64")
        above = set(ids[values >= up])
        below = set(ids[values < low])
        unscored = set(ids[np.isnan(values)])
        promoted = above - members
        demoted = members & below
        lost = members & unscored
        members = (members - demoted - lost) | promoted
        rows[int(year)] = {
            "members": tuple(sorted(members)),
            "promoted": tuple(sorted(promoted)),
            "demoted": tuple(sorted(demoted)),
            "lost": tuple(sorted(lost)),
            "size": len(members),
            "n_promoted": len(promoted),
            "n_demoted": len(demoted),
            "n_lost": len(lost),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "year"
    return out


def _review(review: Any, name: str = "review") -> pd.DataFrame:
    frame = _checks.frame(review, name, ["members", "promoted", "demoted"])
    for year in frame.index:
        _year_label(year, f"{name} index")
    for col in ("members", "promoted", "demoted", *(["lost"] if "lost" in frame.columns else [])):
        for year, ids in frame[col].items():
            if isinstance(ids, str) or not isinstance(ids, tuple | list | set | frozenset):
                raise TypeError(
                    f"{name}[{col!r}] has {_checks._plain(ids)!r} ({type(ids).__name__}) for {year!r}; "
                    "each value must be a tuple of account ids, as review_programme returns it"
                )
    return frame


def membership(review: pd.DataFrame) -> pd.DataFrame:
    """Who was in the programme after each review: True/False per account (rows) and year (columns).

    Rows are the accounts that were members at least once, sorted by the year
    they first joined, then by id.

    >>> r = pd.DataFrame({"members": [("A",), ("A", "B"), ("B",)], "promoted": [("A",), ("B",), ()],
    ...                   "demoted": [(), (), ("A",)]}, index=[2023, 2024, 2025])
    >>> membership(r).astype(int).to_dict("index")
    {'A': {2023: 1, 2024: 1, 2025: 0}, 'B': {2023: 0, 2024: 1, 2025: 1}}
    """
    frame = _review(review)
    ids = sorted({str(c) for members in frame["members"] for c in members})
    grid = pd.DataFrame(
        {int(y): [c in set(map(str, m)) for c in ids] for y, m in frame["members"].items()},
        index=pd.Index(ids, name="customer_id"),
        dtype=bool,
    )
    grid.columns.name = "year"
    first = grid.to_numpy().argmax(axis=1) if len(grid) else np.array([], dtype=int)
    order = sorted(range(len(ids)), key=lambda i: (first[i], ids[i]))
    return grid.iloc[order]


def flip_flops(review: pd.DataFrame) -> list[str]:
    """Accounts whose membership changed at two reviews in a row: in then out, or out then in.

    That is what a hysteresis band is meant to prevent. A programme's launch
    (the first review) counts as a change for the accounts it lets in.

    >>> r = pd.DataFrame({"members": [("A", "B"), ("B",), ("A", "B")], "promoted": [("A", "B"), (), ("A",)],
    ...                   "demoted": [(), ("A",), ()]}, index=[2023, 2024, 2025])
    >>> flip_flops(r)
    ['A']
    """
    frame = _review(review)
    moved = [set(map(str, p)) | set(map(str, d)) for p, d in zip(frame["promoted"], frame["demoted"])]
    out: set[str] = set()
    for before, after in zip(moved, moved[1:]):
        out |= before & after
    return sorted(out)


def compare_rules(
    scores: pd.DataFrame,
    *,
    upper: float = UPPER_THRESHOLD,
    lower: float = LOWER_THRESHOLD,
    initial: Iterable[str] = (),
) -> pd.DataFrame:
    """The band rule beside the single-threshold rule (promote and demote at ``upper``), in numbers.

    One row per rule, labelled with its thresholds. Columns: the programme
    ``size`` after each review (one column per year, e.g. ``size_2025``),
    ``promotions`` and ``demotions`` after the first review (the launch is not
    a change of mind), ``flip_flops`` (accounts whose membership changed at two
    reviews in a row, :func:`flip_flops`), ``lost`` (members that stopped buying,
    which no rule decides) and ``accounts_ever_in``.

    >>> s = pd.DataFrame({2023: [0.80, 0.77], 2024: [0.74, 0.79], 2025: [0.78, 0.73]}, index=["A", "B"])
    >>> moves = compare_rules(s, upper=0.75, lower=0.72)[["promotions", "demotions", "flip_flops"]]
    >>> moves.to_dict("index")  # doctest: +NORMALIZE_WHITESPACE
    {'band: enter at 0.75 or more, leave below 0.72': {'promotions': 0, 'demotions': 0, 'flip_flops': 0},
     'single threshold: in at 0.75 or more, else out': {'promotions': 1, 'demotions': 2, 'flip_flops': 1}}
    """
    up, low = _thresholds(upper, lower)
    rules = {
        f"band: enter at {up:g} or more, leave below {low:g}": low,
        f"single threshold: in at {up:g} or more, else out": up,
    }
    rows = {}
    for label, bar in rules.items():
        r = review_programme(scores, upper=up, lower=bar, initial=initial)
        row: dict[str, int] = {f"size_{y}": int(n) for y, n in r["size"].items()}
        row["promotions"] = int(r["n_promoted"].iloc[1:].sum())
        row["demotions"] = int(r["n_demoted"].iloc[1:].sum())
        row["flip_flops"] = len(flip_flops(r))
        row["lost"] = int(r["n_lost"].sum())
        row["accounts_ever_in"] = len(membership(r))
        rows[label] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "rule"
    return out


def _names(labels: Mapping[str, str] | None, ids: Sequence[str]) -> dict[str, str]:
    if labels is None:
        return {i: i for i in ids}
    if not isinstance(labels, Mapping) and not isinstance(labels, pd.Series):
        raise TypeError(f"labels must be a dict customer id -> name, got {type(labels).__name__}")
    return {i: f"{labels[i]} ({i})" if i in labels else i for i in ids}


def membership_plot(
    reviews: Mapping[str, pd.DataFrame],
    labels: Mapping[str, str] | None = None,
    *,
    title: str = "Who is in the key account programme after each yearly review",
) -> Figure:
    """Membership after each review, one panel per rule: a grid of accounts (rows) by year (columns).

    ``reviews`` maps a rule's name to its :func:`review_programme` table (two
    rules side by side compare best). A filled square means "in the programme
    after that year's review", a pale outline "not in the programme"; a green
    outline marks a promotion that year, a red cross a demotion and a grey
    diamond a member lost because it stopped buying (the ``lost`` column, if the
    table has one). Rows are every account that was in under any rule, in order
    of first entry; ``labels`` maps ids to names for the rows.

    >>> r = pd.DataFrame({"members": [("A",), ("A", "B")], "promoted": [("A",), ("B",)], "demoted": [(), ()]},
    ...                  index=[2024, 2025])
    >>> fig = membership_plot({"band": r})
    >>> fig.axes[0].get_xlabel()
    'Review at the end of year'
    """
    if not isinstance(reviews, Mapping) or not reviews:
        raise TypeError("reviews must be a non-empty dict rule name -> review_programme table")
    frames = {str(k): _review(v, f"reviews[{k!r}]") for k, v in reviews.items()}
    years = list(next(iter(frames.values())).index)
    for key, frame in frames.items():
        if list(frame.index) != years:
            raise ValueError(f"reviews[{key!r}] covers years {list(frame.index)}, the others {years}")
    grids = {k: membership(f) for k, f in frames.items()}
    ids: list[str] = []
    for grid in grids.values():
        ids += [i for i in grid.index if i not in ids]
    first = {
        i: min(years.index(y) for g in grids.values() if i in g.index for y in years if g.at[i, y])
        for i in ids
    }
    ids.sort(key=lambda i: (first[i], i))
    names = _names(labels, ids)
    height = max(3.5, 0.26 * len(ids) + 1.8)
    fig = Figure(figsize=(4.2 * len(frames) + 3.2, height), layout="constrained")
    axes = fig.subplots(1, len(frames), sharey=True, squeeze=False)[0]
    rows = {i: n for n, i in enumerate(ids)}
    for ax, (rule, frame) in zip(axes, frames.items()):
        grid = grids[rule].reindex(ids, fill_value=False)
        for x, year in enumerate(years):
            inside = grid[year].to_numpy()
            ys = np.flatnonzero(inside)
            outside = np.flatnonzero(~inside)
            ax.scatter(
                np.full(len(outside), x),
                outside,
                marker="s",
                s=150,
                facecolors="none",
                edgecolors=OUT_COLOUR,
                linewidths=1.2,
                zorder=1,
            )
            ax.scatter(np.full(len(ys), x), ys, marker="s", s=150, color=IN_COLOUR, zorder=2)
            gone = frame.at[year, "lost"] if "lost" in frame.columns else ()
            lost = [rows[c] for c in map(str, gone) if c in rows]
            ax.scatter(np.full(len(lost), x), lost, marker="D", s=70, color=LOST_COLOUR, zorder=3)
            promoted = [rows[c] for c in map(str, frame.at[year, "promoted"]) if c in rows]
            ax.scatter(
                np.full(len(promoted), x),
                promoted,
                marker="s",
                s=260,
                facecolors="none",
                edgecolors=PROMOTED_COLOUR,
                linewidths=2.2,
                zorder=3,
            )
            demoted = [rows[c] for c in map(str, frame.at[year, "demoted"]) if c in rows]
            ax.scatter(
                np.full(len(demoted), x),
                demoted,
                marker="x",
                s=110,
                color=DEMOTED_COLOUR,
                linewidths=2.4,
                zorder=3,
            )
        changes = sum(len(p) + len(d) for p, d in zip(frame["promoted"][1:], frame["demoted"][1:]))
        gone = sum(len(x) for x in frame["lost"]) if "lost" in frame.columns else 0
        lost_note = f", {gone} lost" if gone else ""
        ax.set_title(f"{rule}\n{changes} moves after the first review{lost_note}", fontsize=10, loc="left")
        launch = tuple(frame["promoted"].iloc[0]) == tuple(frame["members"].iloc[0])
        ticks = [f"{y}\n(launch)" if n == 0 and launch else str(y) for n, y in enumerate(years)]
        ax.set_xticks(range(len(years)), ticks)
        ax.set_xlim(-0.6, len(years) - 0.4)
        ax.set_xlabel("Review at the end of year")
        ax.grid(axis="y", alpha=0.25)
        ax.set_axisbelow(True)
    axes[0].set_yticks(range(len(ids)), [names[i] for i in ids], fontsize=8)
    axes[0].set_ylim(len(ids) - 0.4, -0.6)
    axes[0].set_ylabel("Account (in order of first entry)")
    fig.legend(
        handles=[
            Line2D([], [], marker="s", linestyle="", color=IN_COLOUR, markersize=9, label="in the programme"),
            Line2D(
                [],
                [],
                marker="s",
                linestyle="",
                markerfacecolor="none",
                markeredgecolor=PROMOTED_COLOUR,
                markeredgewidth=2,
                markersize=12,
                label="promoted that year",
            ),
            Line2D(
                [],
                [],
                marker="x",
                linestyle="",
                color=DEMOTED_COLOUR,
                markeredgewidth=2,
                markersize=9,
                label="demoted that year",
            ),
            Line2D(
                [],
                [],
                marker="s",
                linestyle="",
                markerfacecolor="none",
                markeredgecolor=OUT_COLOUR,
                markeredgewidth=1.2,
                markersize=9,
                label="not in the programme",
            ),
            *(
                [
                    Line2D(
                        [],
                        [],
                        marker="D",
                        linestyle="",
                        color=LOST_COLOUR,
                        markersize=6,
                        label="lost: stopped buying",
                    )
                ]
                if any(len(x) for f in frames.values() if "lost" in f.columns for x in f["lost"])
                else []
            ),
        ],
        loc="outside lower center",
        ncols=3,
        frameon=False,
    )
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    return fig


def _score_text(value: float, thresholds: Iterable[float]) -> str:
    """A score with 3 decimals, or 4 when 3 would round it onto a threshold it is really below.

    >>> _score_text(0.74979, [0.75]), _score_text(0.7512, [0.75])
    ('0.7498', '0.751')
    """
    text = f"{value:.3f}"
    if any(value < t <= float(text) for t in thresholds):
        text = f"{value:.4f}"
    return text


def _spread(values: np.ndarray, gap: float) -> np.ndarray:
    """Label heights near ``values`` but at least ``gap`` apart (same order), so labels do not overlap."""
    order = np.argsort(values)
    placed = values[order].astype("float64").copy()
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = (placed - values[order]).mean()
    placed -= shift
    out = np.empty_like(placed)
    out[order] = placed
    return out


def score_paths_plot(
    scores: pd.DataFrame,
    accounts: Sequence[str],
    labels: Mapping[str, str] | None = None,
    *,
    upper: float = UPPER_THRESHOLD,
    lower: float = LOWER_THRESHOLD,
    title: str = "Review scores near the bar: the band absorbs year-to-year noise",
) -> Figure:
    """The review score of ``accounts`` year by year, with the band between the thresholds shaded.

    Above the upper line an account enters; below the lower line a member
    leaves; inside the band nothing changes.

    >>> s = pd.DataFrame({2024: [0.8, 0.72], 2025: [0.73, 0.77]}, index=["A", "B"])
    >>> score_paths_plot(s, ["A", "B"]).axes[0].get_ylabel()
    'Review score (0 = lowest, 1 = highest)'
    """
    frame = _scores(scores)
    up, low = _thresholds(upper, lower)
    if isinstance(accounts, str) or not isinstance(accounts, Sequence) or not accounts:
        raise TypeError("accounts must be a non-empty list of customer ids")
    for cid in accounts:
        if cid not in frame.index:
            raise ValueError(f"accounts has {cid!r}, which is not a customer in scores")
    names = _names(labels, list(accounts))
    years = [int(y) for y in frame.columns]
    fig = Figure(figsize=(10, 5.5), layout="constrained")
    ax = fig.subplots()
    ax.axhspan(low, up, color=BAND_COLOUR, zorder=0)
    ax.axhline(up, color=PROMOTED_COLOUR, linestyle="--", linewidth=1.4)
    ax.axhline(low, color=DEMOTED_COLOUR, linestyle="--", linewidth=1.4)
    values = frame.loc[list(accounts)].to_numpy(dtype="float64")
    if np.isnan(values).all(axis=1).any():
        cid = list(accounts)[int(np.flatnonzero(np.isnan(values).all(axis=1))[0])]
        raise ValueError(f"accounts has {cid!r}, which has no score in any year: it never bought")
    top = max(float(np.nanmax(values)), up)
    bottom = min(float(np.nanmin(values)), low)
    pad = max(0.02, 0.08 * (top - bottom))
    ax.set_ylim(bottom - pad, top + pad)
    last = np.array([int(np.flatnonzero(~np.isnan(row))[-1]) for row in values])  # its latest review
    latest = values[np.arange(len(values)), last]
    label_y = _spread(latest, 0.06 * (top - bottom + 2 * pad))
    for n, cid in enumerate(accounts):
        line = ax.plot(years, values[n], marker="o", linewidth=2)[0]
        stopped = f" in {years[last[n]]}, then stopped buying" if last[n] < len(years) - 1 else ""
        ax.annotate(
            f"{names[cid]}: {_score_text(latest[n], (up, low))}{stopped}",
            xy=(years[last[n]], latest[n]),
            xytext=(years[-1] + 0.12, label_y[n]),
            textcoords="data",
            va="center",
            fontsize=9,
            color=line.get_color(),
            arrowprops={"arrowstyle": "-", "color": line.get_color(), "linewidth": 0.6, "relpos": (0, 0.5)},
        )
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.25, years[-1] + 1.25)
    ax.set_xlabel("Review at the end of year")
    ax.set_ylabel("Review score (0 = lowest, 1 = highest)")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.grid(axis="y", alpha=0.3)
    fig.legend(
        handles=[
            Line2D([], [], color=PROMOTED_COLOUR, linestyle="--", label=f"upper: enter at {up:g} or more"),
            Patch(color=BAND_COLOUR, label=f"band {low:g} to {up:g}: no change"),
            Line2D([], [], color=DEMOTED_COLOUR, linestyle="--", label=f"lower: leave below {low:g}"),
        ],
        loc="outside lower center",
        ncols=3,
        frameon=False,
    )
    return fig
