"""Choosing key accounts: criteria, weighted scores, the portfolio matrix and the programme.

Step 4 of the course turns "which customers are key?" into a rule that can be
written down, checked and defended against pressure:

1. :func:`criteria_table`: eight criteria per customer, each on a 0-1 scale
   (1 = best for us). Five describe how **attractive** the customer is, three
   our **relative strength** with it (see :data:`CRITERIA`).
2. :func:`weighted_score`: a weighted sum of criteria; the weights say what
   management cares about and must add up to 1.
3. :func:`portfolio` and :func:`classify_quadrants`: both scores and the
   portfolio-matrix quadrant of every customer (see :data:`QUADRANTS`).
4. :func:`select_programme`: the most attractive accounts that do not lose
   money, no more than the programme can serve.
5. :func:`weight_sensitivity`: how the programme changes when one weight
   moves; :func:`compare_picks` sets other ways of picking (revenue, tenure)
   beside it.

How criteria are put on a 0-1 scale
-----------------------------------

- Money and growth (``wallet_size``, ``wallet_growth``): percentile rank
  among all customers, ``(rank - 1) / (n - 1)``, ties sharing their average
  rank. 0.9 means "larger than 90 % of our customers". A rank is used, not
  ``value / max``, because a few giant wallets would squash everyone else
  near 0.
- ``share_of_wallet``: our revenue over the customer's category spend; it is
  already a share between 0 and 1.
- Scores 1-5 from the account teams: ``(score - 1) / 4``, so 1 -> 0, 3 -> 0.5
  and 5 -> 1. Price sensitivity is turned round (``low_price_pressure`` =
  ``(5 - score) / 4``): a customer who fights every price is less attractive.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kamlab import _checks
from kamlab.toolkit import concentration

CRITERIA: dict[str, str] = {
    "wallet_size": "attractiveness: category spend, percentile rank among customers",
    "wallet_growth": "attractiveness: expected growth of that spend, percentile rank",
    "low_price_pressure": "attractiveness: price sensitivity turned round, (5 - score) / 4",
    "strategic_fit": "attractiveness: fit with our strategy, (score - 1) / 4",
    "innovation_potential": "attractiveness: chance of co-developing products, (score - 1) / 4",
    "share_of_wallet": "relative strength: our revenue over the customer's category spend",
    "relationship_strength": "relative strength: breadth and depth of our contacts, (score - 1) / 4",
    "product_fit": "relative strength: how well our range covers the needs, (score - 1) / 4",
}
"""Every criterion of :func:`criteria_table`, with its axis and how it is scaled to 0-1."""

ATTRACTIVENESS_CRITERIA: tuple[str, ...] = (
    "wallet_size",
    "wallet_growth",
    "low_price_pressure",
    "strategic_fit",
    "innovation_potential",
)
STRENGTH_CRITERIA: tuple[str, ...] = ("share_of_wallet", "relationship_strength", "product_fit")

DEFAULT_ATTRACTIVENESS_WEIGHTS: dict[str, float] = {
    "wallet_size": 0.30,
    "wallet_growth": 0.25,
    "low_price_pressure": 0.10,
    "strategic_fit": 0.20,
    "innovation_potential": 0.15,
}
"""Aldmoor's management weights for account attractiveness (they add up to 1)."""

DEFAULT_STRENGTH_WEIGHTS: dict[str, float] = {
    "share_of_wallet": 0.40,
    "relationship_strength": 0.30,
    "product_fit": 0.30,
}
"""Aldmoor's weights for our relative strength with an account (they add up to 1)."""

QUADRANTS: dict[str, str] = {
    "key": "attractive, and we are strong there: invest and build the partnership",
    "key development": "attractive, but our position is weak: invest to win a bigger share",
    "maintenance": "less attractive, but we are strong there: serve well and efficiently",
    "opportunistic": "less attractive and we are weak there: serve at low cost, as orders come",
}
"""The four quadrants of the key account portfolio matrix (attractiveness vs relative strength).

The names follow the usual KAM selection matrix (McDonald, Millman and Rogers):
the two attractive quadrants are the candidates for the programme.
"""

PROGRAMME_LIMITS: tuple[int, int] = (5, 25)
"""The source article's rule of thumb: a first programme has 5 to 25 key accounts."""

WEIGHT_TOLERANCE = 1e-6

_SCORE_COLUMNS = (
    "strategic_fit",
    "innovation_potential",
    "price_sensitivity",
    "relationship_strength",
    "product_fit",
)


def percentile_rank(values: pd.Series) -> pd.Series:
    """Put values on a 0-1 scale by rank: ``(rank - 1) / (n - 1)``, ties share their average rank.

    The smallest value gets 0, the largest 1. A single value sits in the
    middle, 0.5, because there is nothing to compare it with.

    >>> percentile_rank(pd.Series({"A": 10.0, "B": 5000.0, "C": 30.0, "D": 30.0})).tolist()
    [0.0, 1.0, 0.5, 0.5]
    """
    name = values.name if isinstance(values, pd.Series) and values.name is not None else "values"
    series = concentration._series(values, str(name))
    if len(series) == 0:
        raise ValueError(f"{name} is empty; it needs at least one value to rank")
    if len(series) == 1:
        return pd.Series(0.5, index=series.index, name=series.name)
    return ((series.rank(method="average") - 1.0) / (len(series) - 1)).rename(series.name)


def _customers_indexed(customers: Any) -> pd.DataFrame:
    """The customers table indexed by ``customer_id`` (a column or the index)."""
    if isinstance(customers, pd.DataFrame) and "customer_id" not in customers.columns:
        if customers.index.name == "customer_id":
            customers = customers.reset_index()
    needed = ["customer_id", "wallet_eur", "wallet_growth", *_SCORE_COLUMNS]
    frame = _checks.frame(customers, "customers", needed)
    _checks.no_missing(frame, "customers", ["customer_id"])
    _checks.unique(frame, "customers", ["customer_id"])
    _checks.numeric_columns(frame, "customers", ["wallet_eur"], min_value=0)
    _checks.numeric_columns(frame, "customers", ["wallet_growth"], min_value=-1)
    _checks.numeric_columns(frame, "customers", _SCORE_COLUMNS, min_value=1, max_value=5)
    return frame.set_index("customer_id")


def criteria_table(customers: pd.DataFrame, revenue: pd.Series) -> pd.DataFrame:
    """Every selection criterion per customer, each on a 0-1 scale where 1 is best for us.

    ``customers`` is the customers table (``customer_id`` as a column or as the
    index); ``revenue`` is our revenue per customer in the year the wallets
    describe (2025 for Aldmoor), indexed by ``customer_id`` and covering the
    same customers. Columns, in this order: the five
    :data:`ATTRACTIVENESS_CRITERIA`, then the three :data:`STRENGTH_CRITERIA`;
    :data:`CRITERIA` says how each is scaled. Rows are in ``customers`` order.

    >>> customers = pd.DataFrame({
    ...     "customer_id": ["A", "B", "C"], "wallet_eur": [1000.0, 400.0, 50.0],
    ...     "wallet_growth": [0.02, 0.10, -0.01], "strategic_fit": [5, 3, 1],
    ...     "innovation_potential": [3, 5, 1], "price_sensitivity": [5, 1, 3],
    ...     "relationship_strength": [2, 4, 1], "product_fit": [4, 4, 2]})
    >>> c = criteria_table(customers, pd.Series({"A": 500.0, "B": 100.0, "C": 5.0}))
    >>> c.loc["A"].tolist()
    [1.0, 0.5, 0.0, 1.0, 0.5, 0.5, 0.25, 0.75]
    """
    cust = _customers_indexed(customers)
    if not isinstance(revenue, pd.Series):
        raise TypeError(
            f"revenue must be a pandas Series indexed by customer_id, got {type(revenue).__name__}"
        )
    share = concentration.share_of_wallet(revenue, cust["wallet_eur"]).reindex(cust.index)
    scores = cust[list(_SCORE_COLUMNS)].astype("float64")
    out = pd.DataFrame(
        {
            "wallet_size": percentile_rank(cust["wallet_eur"]),
            "wallet_growth": percentile_rank(cust["wallet_growth"]),
            "low_price_pressure": (5.0 - scores["price_sensitivity"]) / 4.0,
            "strategic_fit": (scores["strategic_fit"] - 1.0) / 4.0,
            "innovation_potential": (scores["innovation_potential"] - 1.0) / 4.0,
            "share_of_wallet": share.astype("float64"),
            "relationship_strength": (scores["relationship_strength"] - 1.0) / 4.0,
            "product_fit": (scores["product_fit"] - 1.0) / 4.0,
        },
        index=cust.index,
    )
    out.columns.name = "criterion"
    return out


def _weights(weights: Any, name: str = "weights") -> dict[str, float]:
    """Check a mapping criterion -> weight: numbers, none negative, adding up to 1."""
    return _checks.weights(
        weights,
        name,
        example="{'wallet_size': 0.6, 'strategic_fit': 0.4}",
        hint=" (normalise_weights does this)",
        tolerance=WEIGHT_TOLERANCE,
    )


def normalise_weights(raw: Mapping[str, float]) -> dict[str, float]:
    """Turn importance points (any non-negative numbers) into weights that add up to 1.

    Each weight is its points over the total points.

    >>> normalise_weights({"wallet_size": 3, "strategic_fit": 1})
    {'wallet_size': 0.75, 'strategic_fit': 0.25}
    """
    if not isinstance(raw, Mapping):
        raise TypeError(f"raw must be a dict criterion -> points, got {type(raw).__name__}")
    if not raw:
        raise ValueError("raw is empty; give at least one criterion and its points")
    points = {key: _checks.number(value, f"raw[{key!r}]", min_value=0) for key, value in raw.items()}
    total = math.fsum(points.values())
    if total <= 0:
        raise ValueError("raw points add up to 0; give at least one criterion a positive weight")
    return {key: value / total for key, value in points.items()}


def weighted_score(criteria: pd.DataFrame, weights: Mapping[str, float], *, name: str = "score") -> pd.Series:
    """Weighted sum of 0-1 criteria per customer: ``sum(weight * criterion)``, itself on 0-1.

    ``weights`` maps criteria (columns of ``criteria``) to weights that are
    not negative and add up to 1 (within 1e-6); criteria left out count 0.
    The criteria used must lie between 0 and 1 (use :func:`criteria_table`):
    raw euros or 1-5 scores would let one criterion drown the others.

    >>> crit = pd.DataFrame({"wallet_size": [1.0, 0.2], "strategic_fit": [0.5, 1.0]}, index=["A", "B"])
    >>> weighted_score(crit, {"wallet_size": 0.6, "strategic_fit": 0.4}).round(2).tolist()
    [0.8, 0.52]
    """
    w = _weights(weights)
    frame = _checks.frame(criteria, "criteria")
    unknown = [k for k in w if k not in frame.columns]
    if unknown:
        raise ValueError(
            f"weights name unknown criterion {unknown[0]!r}; "
            f"criteria has: {', '.join(map(str, frame.columns))}"
        )
    try:
        _checks.numeric_columns(frame, "criteria", list(w), min_value=0, max_value=1)
    except ValueError as err:
        raise ValueError(
            f"{err}. Put every criterion on a 0-1 scale first (criteria_table does this)"
        ) from None
    total = np.zeros(len(frame))
    for key, weight in w.items():
        total += weight * frame[key].to_numpy(dtype="float64")
    return pd.Series(np.clip(total, 0.0, 1.0), index=frame.index, name=name)


def _scores(scores: Any, columns: Sequence[str]) -> pd.DataFrame:
    frame = _checks.frame(scores, "scores", columns)
    _checks.numeric_columns(frame, "scores", columns, min_value=0, max_value=1)
    if frame.index.has_duplicates:
        dup = frame.index[frame.index.duplicated()][0]
        raise ValueError(f"scores has customer {dup!r} twice in its index; each must appear once")
    return frame


def classify_quadrants(
    scores: pd.DataFrame, *, attractiveness_threshold: float = 0.5, strength_threshold: float = 0.5
) -> pd.Series:
    """The portfolio-matrix quadrant of each customer (see :data:`QUADRANTS`).

    ``scores`` has columns ``attractiveness`` and ``strength`` (0-1). A
    customer is *attractive* when attractiveness >= ``attractiveness_threshold``
    and *strong* when strength >= ``strength_threshold``. The default 0.5 is the
    middle of the scale, not the median, so the bar stays where management put
    it whatever the customer mix: attractive and strong -> "key", attractive
    and weak -> "key development", not attractive and strong -> "maintenance",
    neither -> "opportunistic".

    >>> s = pd.DataFrame({"attractiveness": [0.8, 0.8, 0.3, 0.3], "strength": [0.7, 0.2, 0.9, 0.1]},
    ...                  index=["A", "B", "C", "D"])
    >>> classify_quadrants(s).tolist()
    ['key', 'key development', 'maintenance', 'opportunistic']
    """
    frame = _scores(scores, ["attractiveness", "strength"])
    a_cut = _checks.number(attractiveness_threshold, "attractiveness_threshold", min_value=0, max_value=1)
    s_cut = _checks.number(strength_threshold, "strength_threshold", min_value=0, max_value=1)
    attractive = frame["attractiveness"].to_numpy(dtype="float64") >= a_cut
    strong = frame["strength"].to_numpy(dtype="float64") >= s_cut
    labels = np.select(
        [attractive & strong, attractive & ~strong, ~attractive & strong],
        ["key", "key development", "maintenance"],
        default="opportunistic",
    )
    return pd.Series(labels, index=frame.index, name="quadrant", dtype=object)


def portfolio(
    criteria: pd.DataFrame,
    attractiveness_weights: Mapping[str, float] | None = None,
    strength_weights: Mapping[str, float] | None = None,
    *,
    attractiveness_threshold: float = 0.5,
    strength_threshold: float = 0.5,
) -> pd.DataFrame:
    """Attractiveness, relative strength and quadrant of every customer.

    Weights default to :data:`DEFAULT_ATTRACTIVENESS_WEIGHTS` and
    :data:`DEFAULT_STRENGTH_WEIGHTS`; the quadrant comes from
    :func:`classify_quadrants` with the given thresholds.

    >>> crit = pd.DataFrame({"wallet_size": [1.0, 0.0], "share_of_wallet": [0.2, 0.9]}, index=["A", "B"])
    >>> portfolio(crit, {"wallet_size": 1.0}, {"share_of_wallet": 1.0})["quadrant"].tolist()
    ['key development', 'maintenance']
    """
    attractiveness = weighted_score(
        criteria, DEFAULT_ATTRACTIVENESS_WEIGHTS if attractiveness_weights is None else attractiveness_weights
    )
    strength = weighted_score(
        criteria, DEFAULT_STRENGTH_WEIGHTS if strength_weights is None else strength_weights
    )
    out = pd.DataFrame({"attractiveness": attractiveness, "strength": strength})
    out["quadrant"] = classify_quadrants(
        out, attractiveness_threshold=attractiveness_threshold, strength_threshold=strength_threshold
    )
    return out


def top_n(values: pd.Series, n: int) -> list[str]:
    """The ``n`` customers with the highest values, highest first; ties go to the lower id.

    Handy for the picks a programme is compared with: by revenue, by tenure.

    >>> top_n(pd.Series({"A": 5.0, "B": 9.0, "C": 9.0, "D": 1.0}), 2)
    ['B', 'C']
    """
    series = concentration._series(values, "values")
    count = int(_checks.number(n, "n", min_value=0))
    if count != n:
        raise ValueError(f"n must be a whole number of customers, got {n!r}")
    frame = pd.DataFrame({"id": series.index.astype(str), "value": series.to_numpy()})
    frame = frame.sort_values(["value", "id"], ascending=[False, True], kind="stable")
    return frame["id"].head(count).tolist()


def _size(size: Any, limits: tuple[int, int]) -> int:
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
        raise TypeError(f"size must be a whole number of accounts, got {type(size).__name__} {size!r}")
    low, high = limits
    if not low <= size <= high:
        raise ValueError(
            f"size is {size}; the source article's rule of thumb is {low} to {high} key accounts. "
            "Start small: adding accounts later is easier than demoting them"
        )
    return int(size)


def _profit(profit: Any, index: pd.Index) -> pd.Series:
    if isinstance(profit, pd.DataFrame):
        if "profit_eur" not in profit.columns:
            raise ValueError(
                "profit is a DataFrame without a 'profit_eur' column; pass the profit per customer"
            )
        profit = profit["profit_eur"]
    series = concentration._series(profit, "profit")
    missing = index.difference(series.index)
    if len(missing):
        raise ValueError(
            f"profit has no value for customer {missing[0]!r}; it must cover every scored customer"
        )
    return series.reindex(index)


def select_programme(
    scores: pd.DataFrame,
    profit: pd.Series | pd.DataFrame,
    *,
    size: int,
    attractiveness_threshold: float = 0.5,
    min_profit: float = 0.0,
    limits: tuple[int, int] = PROGRAMME_LIMITS,
) -> list[str]:
    """The key account programme: the rule of Step 4, most attractive first.

    1. Only attractive accounts qualify: attractiveness >= ``attractiveness_threshold``
       (the "key" and "key development" quadrants). Relative strength does not
       decide: a weak position with an attractive customer is what KAM is for.
    2. Accounts whose profit after cost to serve is below ``min_profit`` (default
       0: loss-makers) are left out until their cost to serve is fixed.
    3. Of the rest, the ``size`` most attractive (ties: lower id first).

    ``size`` must lie within ``limits`` (the article's 5 to 25). Fewer accounts
    come back when fewer qualify. ``profit`` is a Series per customer or the
    :func:`kamlab.customer_profit` table.

    >>> s = pd.DataFrame({"attractiveness": [0.9, 0.8, 0.7, 0.6, 0.55, 0.52, 0.3]},
    ...                  index=["A", "B", "C", "D", "E", "F", "G"])
    >>> select_programme(s, pd.Series([10.0, -5, 3, 8, 1, 2, 50], index=s.index), size=5)
    ['A', 'C', 'D', 'E', 'F']
    """
    frame = _scores(scores, ["attractiveness"])
    count = _size(size, limits)
    cut = _checks.number(attractiveness_threshold, "attractiveness_threshold", min_value=0, max_value=1)
    floor = _checks.number(min_profit, "min_profit")
    money = _profit(profit, frame.index)
    eligible = (frame["attractiveness"] >= cut) & (money >= floor)
    return top_n(frame.loc[eligible, "attractiveness"], count)


def shift_weight(weights: Mapping[str, float], criterion: str, value: float) -> dict[str, float]:
    """Set one weight to ``value`` and rescale the others so the weights still add up to 1.

    The other weights keep their proportions to each other.

    >>> shift_weight({"wallet_size": 0.5, "strategic_fit": 0.3, "wallet_growth": 0.2}, "wallet_size", 0.0)
    {'wallet_size': 0.0, 'strategic_fit': 0.6, 'wallet_growth': 0.4}
    """
    w = _weights(weights)
    if criterion not in w:
        raise ValueError(f"criterion {criterion!r} is not in weights; weights has: {', '.join(w)}")
    new = _checks.number(value, "value", min_value=0, max_value=1)
    rest = math.fsum(v for k, v in w.items() if k != criterion)
    if rest <= 0 and new < 1:
        raise ValueError(
            f"every other weight is 0, so {criterion!r} cannot move below 1; "
            "give another criterion some weight"
        )
    scale = (1.0 - new) / rest if rest > 0 else 0.0
    return {k: (new if k == criterion else v * scale) for k, v in w.items()}


def weight_sensitivity(
    criteria: pd.DataFrame,
    weights: Mapping[str, float],
    criterion: str,
    grid: Iterable[float],
    profit: pd.Series | pd.DataFrame,
    *,
    size: int,
    attractiveness_threshold: float = 0.5,
    min_profit: float = 0.0,
) -> pd.DataFrame:
    """How the programme changes as one attractiveness weight moves.

    For each value in ``grid`` the weight of ``criterion`` is set to it (the
    other weights rescaled with :func:`shift_weight`), attractiveness is
    recomputed and the programme selected with :func:`select_programme`.
    One row per grid value, columns: ``weight``, ``accounts`` (programme size),
    ``kept`` (accounts of the base programme, selected with ``weights``, still
    in), ``overlap`` (kept over the base programme's size), ``added`` and
    ``dropped`` (tuples of ids, against the base) and ``programme`` (tuple of ids).

    >>> crit = pd.DataFrame({"wallet_size": [0.9, 0.85, 0.8, 0.75, 0.7, 0.2, 0.1],
    ...                      "strategic_fit": [0.6, 0.6, 0.6, 0.6, 0.6, 1.0, 0.9]},
    ...                     index=[f"C{i}" for i in range(7)])
    >>> profit = pd.Series(1.0, index=crit.index)
    >>> t = weight_sensitivity(crit, {"wallet_size": 0.8, "strategic_fit": 0.2}, "wallet_size",
    ...                        [0.0, 1.0], profit, size=5)
    >>> t[["weight", "kept"]].to_dict("list")
    {'weight': [0.0, 1.0], 'kept': [3, 5]}
    >>> t.loc[0, "added"], t.loc[0, "dropped"]
    (('C5', 'C6'), ('C3', 'C4'))
    """
    base_weights = _weights(weights)
    if criterion not in base_weights:
        raise ValueError(f"criterion {criterion!r} is not in weights; weights has: {', '.join(base_weights)}")
    values = [_checks.number(v, "grid value", min_value=0, max_value=1) for v in grid]
    if not values:
        raise ValueError("grid is empty; give at least one weight to try")

    def programme(w: Mapping[str, float]) -> list[str]:
        scores = weighted_score(criteria, w, name="attractiveness").to_frame()
        return select_programme(
            scores,
            profit,
            size=size,
            attractiveness_threshold=attractiveness_threshold,
            min_profit=min_profit,
        )

    base = programme(base_weights)
    rows = []
    for value in values:
        chosen = programme(shift_weight(base_weights, criterion, value))
        kept = [c for c in chosen if c in base]
        rows.append(
            {
                "weight": value,
                "accounts": len(chosen),
                "kept": len(kept),
                "overlap": len(kept) / len(base) if base else 0.0,
                "added": tuple(c for c in chosen if c not in base),
                "dropped": tuple(c for c in base if c not in chosen),
                "programme": tuple(chosen),
            }
        )
    return pd.DataFrame(rows)


def compare_picks(
    picks: Mapping[str, Iterable[str]],
    scores: pd.DataFrame,
    profit: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    attractiveness_threshold: float = 0.5,
) -> pd.DataFrame:
    """Set several ways of picking key accounts side by side.

    ``picks`` maps a label ("criteria", "by revenue", "by tenure", ...) to customer
    ids; ``scores`` has ``attractiveness`` (0-1); ``profit`` has ``revenue_eur``
    and ``profit_eur`` per customer (:func:`kamlab.customer_profit`). One row
    per pick: ``accounts``, ``revenue_eur``, ``profit_eur`` (after cost to
    serve), ``loss_makers`` (accounts with profit below 0),
    ``attractive_accounts`` (attractiveness >= the threshold) and
    ``mean_attractiveness``. With ``customers`` (``wallet_eur`` and
    ``wallet_growth`` per customer, indexed by id) it adds ``open_wallet_eur``,
    the spend these customers place with competitors today (wallet minus our
    revenue: what KAM could still win), and ``mean_wallet_growth``.

    >>> s = pd.DataFrame({"attractiveness": [0.9, 0.2, 0.7]}, index=["A", "B", "C"])
    >>> p = pd.DataFrame({"revenue_eur": [100.0, 900.0, 50.0], "profit_eur": [20.0, -40.0, 5.0]},
    ...                  index=s.index)
    >>> c = pd.DataFrame({"wallet_eur": [400.0, 1000.0, 250.0], "wallet_growth": [0.1, 0.0, 0.2]},
    ...                  index=s.index)
    >>> t = compare_picks({"criteria": ["A", "C"], "by revenue": ["B", "A"]}, s, p, customers=c)
    >>> t[["profit_eur", "loss_makers", "open_wallet_eur", "mean_wallet_growth"]].round(3).values.tolist()
    [[25.0, 0.0, 500.0, 0.15], [-20.0, 1.0, 400.0, 0.05]]
    """
    if not isinstance(picks, Mapping):
        raise TypeError(f"picks must be a dict label -> customer ids, got {type(picks).__name__}")
    if not picks:
        raise ValueError("picks is empty; give at least one label and its customer ids")
    frame = _scores(scores, ["attractiveness"])
    money = _checks.frame(profit, "profit", ["revenue_eur", "profit_eur"])
    _checks.numeric_columns(money, "profit", ["revenue_eur", "profit_eur"])
    facts = None
    if customers is not None:
        facts = _checks.frame(customers, "customers", ["wallet_eur", "wallet_growth"])
        _checks.numeric_columns(facts, "customers", ["wallet_eur"], min_value=0)
        _checks.numeric_columns(facts, "customers", ["wallet_growth"], min_value=-1)
    cut = _checks.number(attractiveness_threshold, "attractiveness_threshold", min_value=0, max_value=1)
    rows = {}
    for label, ids in picks.items():
        if isinstance(ids, str) or not isinstance(ids, Iterable):
            raise TypeError(f"picks[{label!r}] must be a list of customer ids, got {ids!r}")
        chosen = list(dict.fromkeys(ids))
        if not chosen:
            raise ValueError(f"picks[{label!r}] is empty; a pick needs at least one customer")
        for who in chosen:
            if (
                who not in frame.index
                or who not in money.index
                or (facts is not None and who not in facts.index)
            ):
                raise ValueError(f"picks[{label!r}] has {who!r}, which is not a customer in the data given")
        att = frame.loc[chosen, "attractiveness"]
        revenue = money.loc[chosen, "revenue_eur"]
        row = {
            "accounts": len(chosen),
            "revenue_eur": float(revenue.sum()),
            "profit_eur": float(money.loc[chosen, "profit_eur"].sum()),
            "loss_makers": int((money.loc[chosen, "profit_eur"] < 0).sum()),
            "attractive_accounts": int((att >= cut).sum()),
            "mean_attractiveness": float(att.mean()),
        }
        if facts is not None:
            row["open_wallet_eur"] = float((facts.loc[chosen, "wallet_eur"] - revenue).clip(lower=0).sum())
            row["mean_wallet_growth"] = float(facts.loc[chosen, "wallet_growth"].mean())
        rows[label] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "pick"
    return out
