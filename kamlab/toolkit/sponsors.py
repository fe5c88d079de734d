"""Executive sponsors for key accounts: fit, assignment under capacity, coverage, visits (Step 2).

Step 2 of the course, "get high-level buy-in", asks that every key account has
a senior sponsor in our company who knows the customer's world and visits it
regularly. This module turns that into numbers:

1. :func:`fit_components` and :func:`fit_scores`: how well each executive fits
   each key account, on a 0-1 scale (1 = best), from three parts weighted by
   :data:`FIT_WEIGHTS`:

   - ``industry``: 1 if the account's industry is among the executive's
     ``industry_expertise``, else 0;
   - ``region``: 1 if the executive's ``home_region`` is the account's region, else 0;
   - ``seniority``: for the **large** key accounts (revenue at or above
     ``large_revenue_eur``, by default the median revenue of the key accounts)
     the customer's top team expects a peer: ``(seniority - 1) / 2``, so a
     C-suite member (3) scores 1, a vice president (2) 0.5, a head of function
     (1) 0. For the other key accounts every executive is senior enough and
     scores 1.

2. :func:`assign_sponsors`: one sponsor per key account, never more accounts
   per executive than their capacity, by a greedy rule: **best match first**.
   Among the accounts still without a sponsor and the executives with
   capacity left, take the pair with the highest fit (at least ``min_fit``)
   and make it an assignment; repeat until no such pair is left. Ties go to
   the executive with the most capacity left (so one popular executive is not
   used up on accounts others fit as well), then to the less senior one (the
   top team's time is the scarcest), then to the account listed first, then to
   the lower executive id. With ``min_fit`` 0, every account gets a sponsor
   whenever the capacities add up to at least the number of accounts. Greedy
   is simple to explain and check by hand; it is not guaranteed to reach the
   highest possible total fit.

3. :func:`planned_visits`, :func:`sponsor_load` and :func:`coverage`: what an
   assignment achieves. A sponsor aims at ``target_visits`` visits per account
   and year (default 4, one a quarter: :data:`TARGET_VISITS`). An executive's
   ``max_accounts`` is how many accounts they can visit at that cadence; an
   executive who sponsors more has only ``target_visits * max_accounts``
   visits a year to share, split evenly, so each of their accounts is visited
   less often. An account without a sponsor gets no executive visit.

4. :func:`ad_hoc_sponsors`: the assignment a company drifts into without rules
   (the CEO says yes to the largest accounts, the managing directors take their
   regions), the starting point of the Step 2 exercises.

5. :func:`plot_sponsor_load` and :func:`plot_visit_cadence`: the two charts.

An **assignment** is a pandas Series (or a dict) from key account id
(``customer_id``) to the sponsor's ``executive_id``; ``None``, ``NaN`` or an
empty string means "no sponsor", and a key account left out of it has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kamlab import _checks
from kamlab.toolkit import selection

FIT_WEIGHTS: dict[str, float] = {"industry": 0.5, "region": 0.2, "seniority": 0.3}
"""Weights of the three parts of an executive's fit with an account (they add up to 1).

Knowing the customer's industry weighs most: a sponsor who understands the
customer's business can talk to its top team about what matters to them.
Seniority comes next (it counts for the large accounts only), then being based
in the customer's region, which makes visits easier.
"""

TARGET_VISITS: float = 4.0
"""Executive visits per key account and year that Aldmoor aims at: one a quarter."""

C_SUITE: int = 3
"""The seniority level of the C-suite (chief executive, finance, operations, commercial officers)."""

SENIORITY_LABELS: dict[int, str] = {3: "C-suite", 2: "vice president", 1: "head of function"}
"""What each seniority level of ``executives.csv`` means."""

WITHIN_COLOUR = "#2b6ca3"
OVER_COLOUR = "#c0392b"
IDLE_COLOUR = "#b0b0b0"

_EXECUTIVE_COLUMNS = ("seniority", "max_accounts", "industry_expertise", "home_region")
_WEIGHT_TOLERANCE = 1e-6


# ---------------------------------------------------------------- input checks


def _indexed(table: Any, name: str, key: str, columns: Iterable[str]) -> pd.DataFrame:
    """``table`` indexed by ``key`` (given as a column or as the index), with ``columns`` checked present."""
    if isinstance(table, pd.DataFrame) and key not in table.columns and table.index.name == key:
        table = table.reset_index()
    needed = [key, *columns]
    frame = _checks.frame(table, name, needed)
    _checks.no_missing(frame, name, [key])
    _checks.text_columns(frame, name, [key])
    _checks.unique(frame, name, [key])
    return frame.set_index(key)


def _executives(executives: Any) -> pd.DataFrame:
    """The executives table indexed by ``executive_id``, checked."""
    frame = _indexed(executives, "executives", "executive_id", _EXECUTIVE_COLUMNS)
    _checks.numeric_columns(frame, "executives", ["seniority"], min_value=1, max_value=3, integer=True)
    _checks.numeric_columns(frame, "executives", ["max_accounts"], min_value=0, integer=True)
    _checks.no_missing(frame, "executives", ["industry_expertise", "home_region"])
    return frame


def _accounts(accounts: Any, columns: Iterable[str]) -> pd.DataFrame:
    """The key accounts table indexed by ``customer_id``, with ``columns`` checked."""
    columns = list(columns)
    frame = _indexed(accounts, "accounts", "customer_id", columns)
    text = [c for c in columns if c != "revenue_eur"]
    _checks.no_missing(frame, "accounts", text)
    if "revenue_eur" in columns:
        _checks.numeric_columns(frame, "accounts", ["revenue_eur"], min_value=0)
    return frame


def _expertise(text: str) -> set[str]:
    """The industries in an ``industry_expertise`` cell: ``'A | B'`` -> ``{'A', 'B'}``."""
    return {part.strip() for part in str(text).split("|") if part.strip()}


def _fit_weights(weights: Any) -> dict[str, float]:
    return _checks.weights(
        weights, "weights", keys=list(FIT_WEIGHTS), what="fit component", tolerance=_WEIGHT_TOLERANCE
    )


def _is_blank(value: Any) -> bool:
    """True for the values that mean "no sponsor": None, NaN, pd.NA or an empty string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _assignment(assignment: Any, executives: pd.DataFrame, accounts: pd.Index | None = None) -> pd.Series:
    """An assignment as a Series account -> executive id (``None`` = no sponsor), checked.

    With ``accounts``, the result covers exactly those accounts, in their
    order: accounts missing from ``assignment`` have no sponsor, and an
    account in ``assignment`` that is not among them is an error.
    """
    if isinstance(assignment, pd.DataFrame):
        if "executive_id" in assignment.columns:
            assignment = assignment["executive_id"]
        elif assignment.shape[1] == 1:
            assignment = assignment.iloc[:, 0]
    if isinstance(assignment, Mapping) and not isinstance(assignment, pd.Series):
        assignment = pd.Series(dict(assignment), dtype=object)
    if not isinstance(assignment, pd.Series):
        raise TypeError(
            "assignment must be a pandas Series (or a dict) from customer_id to executive_id, "
            f"got {type(assignment).__name__}"
        )
    _checks.unique_index(assignment, "assignment", "customer")
    sponsors = pd.Series(
        [None if _is_blank(v) else str(v) for v in assignment.array],
        index=assignment.index.astype(str),
        dtype=object,
        name="executive_id",
    )
    for account, who in sponsors.items():
        if who is not None and who not in executives.index:
            raise ValueError(
                f"assignment has {who!r} at row {account!r}, which is not an executive_id; "
                f"executives are: {', '.join(executives.index)}"
            )
    if accounts is not None:
        extra = [a for a in sponsors.index if a not in accounts]
        if extra:
            raise ValueError(
                f"assignment has customer {extra[0]!r}, which is not a key account; "
                f"key accounts are: {', '.join(accounts[:6])}{' ...' if len(accounts) > 6 else ''}"
            )
        sponsors = sponsors.reindex(accounts).astype(object)
        sponsors = sponsors.where(sponsors.notna(), None)
    sponsors.index.name = "customer_id"
    return sponsors


def _fit_table(fit: Any) -> pd.DataFrame:
    """A fit table (accounts down, executive ids across, 0-1), checked."""
    frame = _checks.frame(fit, "fit")
    _checks.numeric_columns(frame, "fit", list(frame.columns), min_value=0, max_value=1)
    _checks.unique_index(frame, "fit", "customer")
    return frame


def _account_ids(accounts: Any) -> pd.Index:
    """Key account ids from the key accounts table (index or ``customer_id`` column) or a list of ids."""
    if isinstance(accounts, pd.DataFrame):
        ids = accounts["customer_id"] if "customer_id" in accounts.columns else accounts.index
    elif isinstance(accounts, str) or not isinstance(accounts, Iterable):
        raise TypeError(
            "accounts must be the key accounts table or a list of customer ids, "
            f"got {type(accounts).__name__}"
        )
    else:
        ids = list(accounts)
    index = pd.Index([str(i) for i in ids], name="customer_id")
    _checks.unique_index(pd.Series(0, index=index), "accounts", "customer")
    return index


def _target(target_visits: Any) -> float:
    return _checks.number(target_visits, "target_visits", min_value=0, min_inclusive=False)


# ---------------------------------------------------------------- the key accounts


def step4_programme(
    customers: pd.DataFrame, profit: pd.DataFrame | pd.Series, *, size: int = 12
) -> list[str]:
    """Aldmoor's key accounts: Step 4's programme with management's default weights.

    The candidates are today's customers: where ``customers`` has a ``status``
    column, only the ``active`` ones (a lost customer buys nothing, so it is
    nobody's key account). The rule is :func:`kamlab.selection.select_programme`
    on the portfolio scores of :func:`kamlab.selection.portfolio` (default
    weights): attractive accounts that do not lose money after cost to serve,
    the ``size`` most attractive, most attractive first. ``profit`` is
    :func:`kamlab.customer_profit` for 2025 (it has ``revenue_eur`` and
    ``profit_eur``) and must cover every candidate.

    >>> from kamlab.company import generate_company
    >>> from kamlab.toolkit.profit import customer_profit
    >>> t = generate_company(seed=5, n_customers=40)
    >>> p = customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"], year=2025)
    >>> len(step4_programme(t["customers"], p, size=5))
    5
    """
    if not isinstance(profit, pd.DataFrame) or "revenue_eur" not in profit.columns:
        raise TypeError(
            "profit must be the customer_profit table (with 'revenue_eur' and 'profit_eur'), "
            f"got {type(profit).__name__}"
        )
    if not isinstance(customers, pd.DataFrame):
        raise TypeError(f"customers must be the customers table, got {type(customers).__name__}")
    if "status" in customers.columns:
        customers = customers[customers["status"].astype(str) == "active"]
        if customers.empty:
            raise ValueError(
                "customers has no active customer (status 'active'); nobody can be a key account"
            )
    criteria = selection.criteria_table(customers, profit["revenue_eur"])
    return selection.select_programme(selection.portfolio(criteria), profit, size=size)


def key_account_table(
    customers: pd.DataFrame, profit: pd.DataFrame, programme: Iterable[str]
) -> pd.DataFrame:
    """The facts a sponsor needs about each key account, in programme order.

    Columns: ``name``, ``industry``, ``region`` (from ``customers``), ``revenue_eur``
    and ``profit_eur`` (from ``profit``, e.g. :func:`kamlab.customer_profit`),
    indexed by ``customer_id``.

    >>> customers = pd.DataFrame({"customer_id": ["A", "B"], "name": ["Ash Ltd", "Birch AG"],
    ...                           "industry": ["Mining", "Chemicals"], "region": ["North", "East"]})
    >>> profit = pd.DataFrame({"revenue_eur": [500.0, 90.0], "profit_eur": [40.0, -5.0]}, index=["A", "B"])
    >>> key_account_table(customers, profit, ["B"])[["name", "revenue_eur"]].to_dict("records")
    [{'name': 'Birch AG', 'revenue_eur': 90.0}]
    """
    cust = _indexed(customers, "customers", "customer_id", ["name", "industry", "region"])
    money = _checks.frame(profit, "profit", ["revenue_eur", "profit_eur"])
    _checks.numeric_columns(money, "profit", ["revenue_eur", "profit_eur"])
    if isinstance(programme, str) or not isinstance(programme, Iterable):
        raise TypeError(f"programme must be a list of customer ids, got {type(programme).__name__}")
    ids = [str(i) for i in programme]
    if not ids:
        raise ValueError("programme is empty; give at least one key account")
    if len(set(ids)) != len(ids):
        raise ValueError("programme lists a customer twice; each key account must appear once")
    for who in ids:
        if who not in cust.index:
            raise ValueError(f"programme has {who!r}, which is not in customers")
        if who not in money.index:
            raise ValueError(f"programme has {who!r}, which has no row in profit")
    out = cust.loc[ids, ["name", "industry", "region"]].join(money[["revenue_eur", "profit_eur"]])
    out.index.name = "customer_id"
    return out


# ---------------------------------------------------------------- fit


def fit_components(
    accounts: pd.DataFrame,
    executives: pd.DataFrame,
    *,
    weights: Mapping[str, float] = FIT_WEIGHTS,
    large_revenue_eur: float | None = None,
) -> pd.DataFrame:
    """Every executive's fit with every key account, part by part.

    One row per (``customer_id``, ``executive_id``), accounts in their order,
    executives in theirs. Columns: ``industry``, ``region`` and ``seniority``
    (each 0-1, see the module notes), ``large`` (True for the large accounts:
    revenue at or above ``large_revenue_eur``, by default the key accounts'
    median revenue) and ``fit`` (the weighted sum, 0-1).

    ``accounts`` needs ``industry``, ``region`` and ``revenue_eur``;
    ``executives`` needs ``seniority``, ``industry_expertise`` and ``home_region``.

    >>> accounts = pd.DataFrame({"industry": ["Mining", "Chemicals"], "region": ["North", "East"],
    ...                          "revenue_eur": [900.0, 100.0]},
    ...                         index=pd.Index(["A", "B"], name="customer_id"))
    >>> execs = pd.DataFrame({"executive_id": ["E1", "E2"], "seniority": [3, 2], "max_accounts": [2, 2],
    ...                       "industry_expertise": ["Mining | Oil & gas", "Chemicals"],
    ...                       "home_region": ["North", "North"]})
    >>> fit_components(accounts, execs, large_revenue_eur=500)["fit"].round(2).tolist()
    [1.0, 0.35, 0.3, 0.8]
    """
    acc = _accounts(accounts, ["industry", "region", "revenue_eur"])
    ex = _executives(executives)
    w = _fit_weights(weights)
    revenue = acc["revenue_eur"].to_numpy(dtype="float64")
    if large_revenue_eur is None:
        cut = float(np.median(revenue)) if len(revenue) else 0.0
    else:
        cut = _checks.number(large_revenue_eur, "large_revenue_eur", min_value=0)
    large = revenue >= cut
    known = [_expertise(text) for text in ex["industry_expertise"]]
    industry = np.array([[float(ind in k) for k in known] for ind in acc["industry"]])
    region = (acc["region"].to_numpy()[:, None] == ex["home_region"].to_numpy()[None, :]).astype("float64")
    level = (ex["seniority"].to_numpy(dtype="float64") - 1.0) / 2.0
    seniority = np.where(large[:, None], level[None, :], 1.0)
    fit = w["industry"] * industry + w["region"] * region + w["seniority"] * seniority
    index = pd.MultiIndex.from_product([acc.index, ex.index], names=["customer_id", "executive_id"])
    return pd.DataFrame(
        {
            "industry": industry.ravel(),
            "region": region.ravel(),
            "seniority": seniority.ravel(),
            "large": np.repeat(large, len(ex)),
            "fit": np.clip(fit, 0.0, 1.0).ravel(),
        },
        index=index,
    )


def fit_scores(
    accounts: pd.DataFrame,
    executives: pd.DataFrame,
    *,
    weights: Mapping[str, float] = FIT_WEIGHTS,
    large_revenue_eur: float | None = None,
) -> pd.DataFrame:
    """The fit (0-1) of every executive with every key account: accounts down, executives across.

    The ``fit`` column of :func:`fit_components`, as a table.

    >>> accounts = pd.DataFrame({"customer_id": ["A"], "industry": ["Mining"], "region": ["East"],
    ...                          "revenue_eur": [900.0]})
    >>> execs = pd.DataFrame({"executive_id": ["E1", "E2"], "seniority": [3, 1], "max_accounts": [2, 2],
    ...                       "industry_expertise": ["Chemicals", "Mining"], "home_region": ["East", "East"]})
    >>> fit_scores(accounts, execs).round(2).to_dict("index")
    {'A': {'E1': 0.5, 'E2': 0.7}}
    """
    parts = fit_components(accounts, executives, weights=weights, large_revenue_eur=large_revenue_eur)
    table = parts["fit"].unstack("executive_id")
    order = parts.index.get_level_values("executive_id").unique()
    accounts_order = parts.index.get_level_values("customer_id").unique()
    table = table.reindex(index=accounts_order, columns=order)
    table.columns.name = "executive_id"
    return table


# ---------------------------------------------------------------- assignment


def _capacity(capacity: Any, ex: pd.DataFrame) -> pd.Series:
    """Accounts each executive may take: ``max_accounts``, overridden by ``capacity`` where given."""
    out = ex["max_accounts"].astype("int64").copy()
    if capacity is None:
        return out
    if isinstance(capacity, pd.Series):
        capacity = capacity.to_dict()
    if not isinstance(capacity, Mapping):
        raise TypeError(
            f"capacity must be a dict (or Series) executive_id -> accounts, got {type(capacity).__name__}"
        )
    for who, value in capacity.items():
        if who not in ex.index:
            raise ValueError(
                f"capacity names {who!r}, which is not an executive_id; executives are: {', '.join(ex.index)}"
            )
        number = _checks.number(value, f"capacity[{who!r}]", min_value=0)
        if number != round(number):
            raise ValueError(f"capacity[{who!r}] must be a whole number of accounts, got {value!r}")
        out[who] = int(number)
    return out


def assign_sponsors(
    fit: pd.DataFrame,
    executives: pd.DataFrame,
    *,
    capacity: Mapping[str, int] | pd.Series | None = None,
    min_fit: float = 0.0,
) -> pd.Series:
    """One sponsor per key account, best matches first, never above an executive's capacity.

    ``fit`` is :func:`fit_scores` (accounts down, executive ids across, 0-1).
    ``capacity`` maps executive ids to the most accounts each may take; it
    defaults to ``executives['max_accounts']``, and executives it leaves out
    keep their ``max_accounts``. The greedy rule (see the module notes):
    repeatedly assign the open account and the executive with capacity left
    that fit best, as long as the fit is at least ``min_fit`` (ties: most
    capacity left, then less senior, then the account listed first, then the
    lower executive id). Accounts left without a sponsor get ``None``.

    Returns a Series ``customer_id`` -> ``executive_id`` in ``fit``'s order.

    >>> fit = pd.DataFrame({"E1": [0.9, 0.8, 0.3], "E2": [0.6, 0.7, 0.2]}, index=["A", "B", "C"])
    >>> execs = pd.DataFrame({"executive_id": ["E1", "E2"], "seniority": [3, 2], "max_accounts": [1, 1],
    ...                       "industry_expertise": ["Mining", "Chemicals"],
    ...                       "home_region": ["North", "East"]})
    >>> assign_sponsors(fit, execs).tolist()
    ['E1', 'E2', None]
    >>> assign_sponsors(fit, execs, capacity={"E2": 2}).tolist()
    ['E1', 'E2', 'E2']
    """
    ex = _executives(executives)
    frame = _checks.frame(fit, "fit")
    unknown = [c for c in frame.columns if c not in ex.index]
    if unknown:
        raise ValueError(
            f"fit has column {unknown[0]!r}, which is not an executive_id; "
            "use fit_scores(accounts, executives), which has one column per executive"
        )
    _checks.numeric_columns(frame, "fit", list(frame.columns), min_value=0, max_value=1)
    _checks.unique_index(frame, "fit", "customer")
    floor = _checks.number(min_fit, "min_fit", min_value=0, max_value=1)
    left = _capacity(capacity, ex).reindex(frame.columns).to_numpy(dtype="int64").copy()
    level = ex["seniority"].reindex(frame.columns).to_numpy(dtype="int64")
    id_rank = np.argsort(np.argsort(frame.columns.astype(str).to_numpy()))
    values = frame.to_numpy(dtype="float64")
    n_accounts, n_executives = values.shape
    chosen: list[str | None] = [None] * n_accounts
    open_rows = np.ones(n_accounts, dtype=bool)
    while True:
        usable = open_rows[:, None] & (left > 0)[None, :] & (values >= floor - 1e-12)
        if not usable.any():
            break
        best = values[usable].max()
        rows, cols = np.nonzero(usable & (values >= best - 1e-12))
        # ties: most capacity left, then less senior, then the account listed first, then the lower id
        pick = np.lexsort((id_rank[cols], rows, level[cols], -left[cols]))[0]
        i, j = int(rows[pick]), int(cols[pick])
        chosen[i] = str(frame.columns[j])
        open_rows[i] = False
        left[j] -= 1
    out = pd.Series(chosen, index=frame.index.astype(str), dtype=object, name="executive_id")
    out.index.name = "customer_id"
    return out


CEO_TITLE = "Chief Executive Officer"
CCO_TITLE = "Chief Commercial Officer"
DIRECTOR_TITLE = "Managing Director {region}"
"""The job titles :func:`ad_hoc_sponsors` looks executives up by (``{region}``: an account's region)."""


def _by_title(ex: pd.DataFrame, title: str) -> str | None:
    """The id of the executive with this job title, None if there is none; two with it are an error."""
    if "title" not in ex.columns:
        raise ValueError(
            "executives is missing column(s) 'title'; ad_hoc_sponsors looks executives up by title"
        )
    found = ex.index[ex["title"].astype(str) == title]
    if len(found) > 1:
        raise ValueError(f"executives has {len(found)} people titled {title!r}; each title must be held once")
    return str(found[0]) if len(found) else None


def ad_hoc_sponsors(
    accounts: pd.DataFrame, executives: pd.DataFrame, *, ceo_accounts: int = 6
) -> dict[str, str]:
    """Who sponsors which key account when nobody sets rules: the assignment Aldmoor drifted into in 2025.

    Three habits, applied in this order, each only to accounts still without a sponsor:

    1. the chief executive (title :data:`CEO_TITLE`) says yes to the ``ceo_accounts``
       largest key accounts by revenue (ties: the account listed first), whatever
       their industry and however many that is for one diary;
    2. each managing director (title ``"Managing Director <region>"``) takes the
       accounts of their own region;
    3. the chief commercial officer (title :data:`CCO_TITLE`) takes the accounts in
       the industries they know (``industry_expertise``).

    Every other key account has no sponsor. Returns a dict ``customer_id`` ->
    ``executive_id`` of the sponsored accounts only, in ``accounts`` order; an
    executive the table does not have is skipped (a company without a CCO has
    no third habit). ``accounts`` needs ``industry``, ``region`` and
    ``revenue_eur``, ``executives`` a ``title`` column.

    >>> accounts = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...                          "industry": ["Mining", "Chemicals", "Mining", "Water"],
    ...                          "region": ["North", "South", "East", "East"],
    ...                          "revenue_eur": [900.0, 500.0, 100.0, 50.0]})
    >>> execs = pd.DataFrame({"executive_id": ["E1", "E2", "E3"],
    ...                       "title": ["Chief Executive Officer", "Managing Director South",
    ...                                 "Chief Commercial Officer"],
    ...                       "seniority": [3, 2, 3], "max_accounts": [1, 2, 2],
    ...                       "industry_expertise": ["Mining", "Chemicals", "Mining"],
    ...                       "home_region": ["North", "South", "West"]})
    >>> ad_hoc_sponsors(accounts, execs, ceo_accounts=1)
    {'A': 'E1', 'B': 'E2', 'C': 'E3'}
    """
    acc = _accounts(accounts, ["industry", "region", "revenue_eur"])
    ex = _executives(executives)
    count = _checks.number(ceo_accounts, "ceo_accounts", min_value=0)
    if count != round(count):
        raise ValueError(f"ceo_accounts must be a whole number of accounts, got {ceo_accounts!r}")
    chosen: dict[str, str] = {}
    ceo = _by_title(ex, CEO_TITLE)
    if ceo is not None:
        revenue = acc["revenue_eur"].astype("float64")
        order = np.lexsort((np.arange(len(acc)), -revenue.to_numpy()))  # largest first, ties in list order
        for i in order[: int(count)]:
            chosen[str(acc.index[i])] = ceo
    for account in acc.index:
        if str(account) in chosen:
            continue
        director = _by_title(ex, DIRECTOR_TITLE.format(region=acc.at[account, "region"]))
        if director is not None:
            chosen[str(account)] = director
    cco = _by_title(ex, CCO_TITLE)
    if cco is not None:
        known = _expertise(ex.at[cco, "industry_expertise"])
        for account in acc.index:
            if str(account) not in chosen and acc.at[account, "industry"] in known:
                chosen[str(account)] = cco
    return {str(a): chosen[str(a)] for a in acc.index if str(a) in chosen}


# ---------------------------------------------------------------- what an assignment achieves


def planned_visits(
    assignment: pd.Series | Mapping[str, Any],
    executives: pd.DataFrame,
    *,
    accounts: pd.DataFrame | Iterable[str] | None = None,
    target_visits: float = TARGET_VISITS,
) -> pd.Series:
    """Executive visits per year each account can expect from its sponsor.

    A sponsor within capacity (no more accounts than ``max_accounts``) visits
    each account ``target_visits`` times a year. A sponsor over capacity has
    ``target_visits * max_accounts`` visits to share, split evenly over their
    accounts. An account without a sponsor gets 0.

    Without ``accounts`` the result covers the accounts in ``assignment``;
    with ``accounts`` (the key accounts table, or their ids) it covers exactly
    those, and a key account missing from ``assignment`` gets 0.

    >>> execs = pd.DataFrame({"executive_id": ["CEO", "VP"], "seniority": [3, 2], "max_accounts": [2, 3],
    ...                       "industry_expertise": ["Mining", "Chemicals"],
    ...                       "home_region": ["North", "East"]})
    >>> planned_visits({"A": "CEO", "B": "CEO", "C": "CEO", "D": "CEO", "E": "VP"}, execs).tolist()
    [2.0, 2.0, 2.0, 2.0, 4.0]
    >>> planned_visits({"A": "VP"}, execs, accounts=["A", "B"]).tolist()
    [4.0, 0.0]
    """
    ex = _executives(executives)
    target = _target(target_visits)
    sponsors = _assignment(assignment, ex, None if accounts is None else _account_ids(accounts))
    load = sponsors.dropna().value_counts()
    visits = []
    for who in sponsors.array:
        if who is None:
            visits.append(0.0)
            continue
        n, cap = int(load[who]), int(ex.at[who, "max_accounts"])
        visits.append(target if n <= cap else target * cap / n)
    return pd.Series(visits, index=sponsors.index, dtype="float64", name="visits_per_year")


def sponsor_load(
    assignment: pd.Series | Mapping[str, Any],
    executives: pd.DataFrame,
    *,
    target_visits: float = TARGET_VISITS,
) -> pd.DataFrame:
    """Each executive's load: accounts sponsored against capacity, and the visits each account gets.

    One row per executive, in the executives table's order. Columns:
    ``accounts`` (key accounts sponsored), ``max_accounts``, ``spare``
    (``max_accounts - accounts``, below 0 when over capacity),
    ``over_capacity`` (True/False) and ``visits_per_account`` (per year, see
    :func:`planned_visits`; ``target_visits`` for an executive with no account).

    >>> execs = pd.DataFrame({"executive_id": ["CEO", "VP"], "seniority": [3, 2], "max_accounts": [2, 3],
    ...                       "industry_expertise": ["Mining", "Chemicals"],
    ...                       "home_region": ["North", "East"]})
    >>> load = sponsor_load({"A": "CEO", "B": "CEO", "C": "CEO", "D": "VP"}, execs)
    >>> load.loc["CEO"].to_dict()["spare"], bool(load.loc["CEO", "over_capacity"])
    (-1, True)
    >>> round(float(load.loc["CEO", "visits_per_account"]), 2)
    2.67
    """
    ex = _executives(executives)
    target = _target(target_visits)
    sponsors = _assignment(assignment, ex)
    counts = sponsors.dropna().value_counts().reindex(ex.index, fill_value=0).astype("int64")
    cap = ex["max_accounts"].astype("int64")
    visits = np.where(counts > cap, target * cap / counts.clip(lower=1), target)
    out = pd.DataFrame(
        {
            "accounts": counts,
            "max_accounts": cap,
            "spare": cap - counts,
            "over_capacity": counts > cap,
            "visits_per_account": visits.astype("float64"),
        },
        index=ex.index,
    )
    out.index.name = "executive_id"
    return out


def sponsor_table(
    assignment: pd.Series | Mapping[str, Any],
    accounts: pd.DataFrame,
    executives: pd.DataFrame,
    *,
    fit: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """An assignment as a manager reads it: each key account with its sponsor's name, title and fit.

    One row per key account, in ``accounts`` order: ``name`` and ``revenue_eur``
    (from ``accounts``, where it has them), ``sponsor`` (the executive's name,
    or "no sponsor"), ``title`` and ``fit`` (0-1, from ``fit``, by default
    :func:`fit_scores`; empty without a sponsor).

    >>> accounts = pd.DataFrame({"customer_id": ["A", "B"], "name": ["Ash Ltd", "Birch AG"],
    ...                          "industry": ["Mining"] * 2, "region": ["North"] * 2,
    ...                          "revenue_eur": [600.0, 300.0]})
    >>> execs = pd.DataFrame({"executive_id": ["CEO"], "name": ["Ada Stone"], "title": ["CEO"],
    ...                       "seniority": [3], "max_accounts": [1], "industry_expertise": ["Mining"],
    ...                       "home_region": ["North"]})
    >>> sponsor_table({"A": "CEO"}, accounts, execs)["sponsor"].tolist()
    ['Ada Stone', 'no sponsor']
    """
    acc = _accounts(accounts, ["industry", "region", "revenue_eur"])
    ex = _executives(executives)
    sponsors = _assignment(assignment, ex, acc.index)
    table = fit_scores(acc, ex) if fit is None else _fit_table(fit)
    out = acc[[c for c in ("name", "revenue_eur") if c in acc.columns]].copy()
    out["sponsor"] = ["no sponsor" if who is None else _who(ex, who, title=False) for who in sponsors.array]
    out["title"] = [
        "" if who is None or "title" not in ex.columns else str(ex.at[who, "title"]) for who in sponsors.array
    ]
    fits = []
    for account, who in sponsors.items():
        if who is not None and (account not in table.index or who not in table.columns):
            raise ValueError(f"fit has no value for account {account!r} and executive {who!r}")
        fits.append(np.nan if who is None else float(table.at[account, who]))
    out["fit"] = fits
    return out


def rule_breaches(
    assignment: pd.Series | Mapping[str, Any],
    accounts: pd.DataFrame,
    executives: pd.DataFrame,
    *,
    capacity: Mapping[str, int] | pd.Series | None = None,
    min_fit: float = 0.0,
    fit: pd.DataFrame | None = None,
) -> list[str]:
    """The ways an assignment breaks the rules, one sentence each (an empty list: none).

    Two rules are checked: no executive sponsors more key accounts than their
    capacity (``capacity`` where given, else ``max_accounts``), and no sponsor
    fits their account below ``min_fit`` (``fit`` defaults to :func:`fit_scores`).

    >>> accounts = pd.DataFrame({"customer_id": ["A", "B"], "industry": ["Mining", "Chemicals"],
    ...                          "region": ["North"] * 2, "revenue_eur": [600.0, 300.0]})
    >>> execs = pd.DataFrame({"executive_id": ["CEO"], "name": ["Ada Stone"], "seniority": [3],
    ...                       "max_accounts": [1], "industry_expertise": ["Mining"],
    ...                       "home_region": ["North"]})
    >>> for line in rule_breaches({"A": "CEO", "B": "CEO"}, accounts, execs, min_fit=0.6):
    ...     print(line)
    Ada Stone (CEO) sponsors 2 key accounts; the most allowed is 1
    B has Ada Stone (CEO) as sponsor with a fit of 0.50, below the minimum of 0.6
    """
    acc = _accounts(accounts, ["industry", "region", "revenue_eur"])
    ex = _executives(executives)
    sponsors = _assignment(assignment, ex, acc.index)
    floor = _checks.number(min_fit, "min_fit", min_value=0, max_value=1)
    allowed = _capacity(capacity, ex)
    table = fit_scores(acc, ex) if fit is None else _fit_table(fit)
    counts = sponsors.dropna().value_counts()
    out = []
    for who in ex.index:
        n = int(counts.get(who, 0))
        if n > int(allowed[who]):
            out.append(
                f"{_who(ex, who, title=False)} ({who}) sponsors {n} key account{'' if n == 1 else 's'}; "
                f"the most allowed is {int(allowed[who])}"
            )
    for account, who in sponsors.items():
        if who is None:
            continue
        if account not in table.index or who not in table.columns:
            raise ValueError(f"fit has no value for account {account!r} and executive {who!r}")
        value = float(table.at[account, who])
        if value < floor - 1e-12:
            name = f"{acc.at[account, 'name']} ({account})" if "name" in acc.columns else str(account)
            out.append(
                f"{name} has {_who(ex, who, title=False)} ({who}) as sponsor with a fit of {value:.2f}, "
                f"below the minimum of {floor:g}"
            )
    return out


COVERAGE_METRICS: dict[str, str] = {
    "key_accounts": "number of key accounts",
    "covered_accounts": "key accounts with a sponsor",
    "account_coverage": "share of key accounts with a sponsor (0-1)",
    "revenue_coverage": "share of the key accounts' revenue that has a sponsor (0-1)",
    "c_suite_share": "share of key accounts sponsored by a C-suite member (0-1)",
    "mean_fit": "average fit (0-1) of the sponsors with their accounts, over the accounts with a sponsor",
    "mean_visits": "planned executive visits per key account and year, on average",
    "accounts_below_target": "key accounts planned below the target visits per year",
    "missing_visits": "visits per year missing to bring every key account up to the target",
    "executives_over_capacity": "executives sponsoring more accounts than their max_accounts",
}
"""What each row of :func:`coverage` means."""


def coverage(
    assignment: pd.Series | Mapping[str, Any],
    accounts: pd.DataFrame,
    executives: pd.DataFrame,
    *,
    target_visits: float = TARGET_VISITS,
    fit: pd.DataFrame | None = None,
) -> pd.Series:
    """How well an assignment covers the key accounts: one number per metric of :data:`COVERAGE_METRICS`.

    ``accounts`` is the key accounts table (``industry``, ``region``,
    ``revenue_eur``, e.g. from :func:`key_account_table`); key accounts not in
    ``assignment`` have no sponsor. ``fit`` defaults to :func:`fit_scores`
    with the default weights. Shares are of all key accounts (or of their
    revenue); ``mean_fit`` is 0 when no account has a sponsor.

    >>> accounts = pd.DataFrame({"customer_id": ["A", "B", "C"], "industry": ["Mining"] * 3,
    ...                          "region": ["North"] * 3, "revenue_eur": [600.0, 300.0, 100.0]})
    >>> execs = pd.DataFrame({"executive_id": ["CEO", "VP"], "seniority": [3, 2], "max_accounts": [1, 3],
    ...                       "industry_expertise": ["Mining", "Chemicals"],
    ...                       "home_region": ["North", "East"]})
    >>> m = coverage({"A": "CEO", "B": "CEO"}, accounts, execs)
    >>> m[["account_coverage", "revenue_coverage", "c_suite_share", "missing_visits"]].round(3).tolist()
    [0.667, 0.9, 0.667, 8.0]
    """
    acc = _accounts(accounts, ["industry", "region", "revenue_eur"])
    ex = _executives(executives)
    target = _target(target_visits)
    sponsors = _assignment(assignment, ex, acc.index)
    if fit is None:
        fit = fit_scores(acc, ex)
    table = _fit_table(fit)
    covered = sponsors.notna().to_numpy()
    revenue = acc["revenue_eur"].to_numpy(dtype="float64")
    total = float(revenue.sum())
    if total <= 0:
        raise ValueError("accounts['revenue_eur'] adds up to 0; revenue coverage needs some revenue")
    fits = []
    for account, who in sponsors.items():
        if who is None:
            continue
        if account not in table.index or who not in table.columns:
            raise ValueError(f"fit has no value for account {account!r} and executive {who!r}")
        fits.append(float(table.at[account, who]))
    level = sponsors.map(lambda who: None if who is None else int(ex.at[who, "seniority"]))
    visits = planned_visits(sponsors, ex, target_visits=target).to_numpy()
    short = np.clip(target - visits, 0.0, None)
    load = sponsor_load(sponsors, ex, target_visits=target)
    n = len(acc)
    return pd.Series(
        {
            "key_accounts": float(n),
            "covered_accounts": float(covered.sum()),
            "account_coverage": float(covered.sum()) / n,
            "revenue_coverage": float(revenue[covered].sum()) / total,
            "c_suite_share": float((level == C_SUITE).sum()) / n,
            "mean_fit": float(np.mean(fits)) if fits else 0.0,
            "mean_visits": float(visits.mean()),
            "accounts_below_target": float((short > 1e-9).sum()),
            "missing_visits": float(short.sum()),
            "executives_over_capacity": float(load["over_capacity"].sum()),
        },
        name="value",
    )


# ---------------------------------------------------------------- charts


def _eur(value: float) -> str:
    """A euro amount for a chart label: ``EUR 719k``, ``EUR 1.2M``."""
    if abs(value) >= 999_500:
        return f"EUR {value / 1e6:,.1f}M"
    return f"EUR {value / 1e3:,.0f}k" if abs(value) >= 999.5 else f"EUR {value:,.0f}"


def _who(ex: pd.DataFrame, who: str, *, title: bool = True) -> str:
    """An executive as a manager reads them: ``Ada Stone, Chief Executive Officer``."""
    name = str(ex.at[who, "name"]) if "name" in ex.columns else str(who)
    role = f", {ex.at[who, 'title']}" if title and "title" in ex.columns else ""
    return f"{name}{role}"


def plot_sponsor_load(
    assignment: pd.Series | Mapping[str, Any],
    executives: pd.DataFrame,
    *,
    target_visits: float = TARGET_VISITS,
    title: str = "Sponsor load: key accounts per executive against capacity",
) -> Figure:
    """One bar per executive: key accounts sponsored, against the most they can take.

    Bars over capacity are red and say how many visits a year each of that
    executive's accounts can then expect (see :func:`planned_visits`); the
    black tick marks ``max_accounts``. Executives are listed most senior first.

    >>> execs = pd.DataFrame({"executive_id": ["CEO", "VP"], "seniority": [3, 2], "max_accounts": [2, 3],
    ...                       "industry_expertise": ["Mining", "Chemicals"],
    ...                       "home_region": ["North", "East"]})
    >>> plot_sponsor_load({"A": "CEO", "B": "CEO", "C": "CEO"}, execs).axes[0].get_xlabel()
    'Key accounts sponsored (number)'
    """
    ex = _executives(executives)
    load = sponsor_load(assignment, ex, target_visits=target_visits)
    target = _target(target_visits)
    order = sorted(ex.index, key=lambda who: (-int(ex.at[who, "seniority"]), str(who)))
    load = load.loc[order]
    y = np.arange(len(order))[::-1]
    over = load["over_capacity"].to_numpy()
    counts = load["accounts"].to_numpy()
    caps = load["max_accounts"].to_numpy()
    colours = np.where(over, OVER_COLOUR, WITHIN_COLOUR)

    fig = Figure(figsize=(10, 0.55 * len(order) + 2.0), layout="constrained")
    ax = fig.subplots()
    ax.barh(y, caps, color=IDLE_COLOUR, alpha=0.25, height=0.7)
    ax.barh(y, counts, color=colours, height=0.7)
    ax.scatter(caps, y, marker="|", s=600, color="black", linewidths=2, zorder=3)
    top = float(max(counts.max(initial=0), caps.max(initial=0)))
    for yi, n, cap, is_over, visits in zip(y, counts, caps, over, load["visits_per_account"]):
        if is_over:
            note = f"{n} accounts, capacity {cap}:\n{visits:.2g} visits a year each, not {target:g}"
            colour = OVER_COLOUR
        elif n:
            note = f"{n} {'account' if n == 1 else 'accounts'} (capacity {cap})"
            colour = "black"
        else:
            note = f"none (capacity {cap})"
            colour = "#555555"
        ax.text(max(n, cap) + top * 0.02, yi, note, va="center", fontsize=9, color=colour)
    ax.set_yticks(y, [_who(ex, who) for who in order], fontsize=9)
    ax.set_xlim(0, top * (1.9 if over.any() else 1.5) + 0.5)  # room for the notes
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Key accounts sponsored (number)")
    ax.set_ylabel("Executive (most senior at the top)")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.grid(axis="x", alpha=0.3)
    fig.legend(
        handles=[
            Patch(color=WITHIN_COLOUR, label=f"within capacity: {target:g} visits a year per account"),
            Patch(color=OVER_COLOUR, label="over capacity: fewer visits per account"),
            Line2D(
                [],
                [],
                marker="|",
                color="black",
                linestyle="none",
                markersize=14,
                label="capacity (max_accounts)",
            ),
        ],
        loc="outside lower center",
        ncol=3,
        fontsize=9,
        frameon=False,
    )
    return fig


def plot_visit_cadence(
    assignment: pd.Series | Mapping[str, Any],
    accounts: pd.DataFrame,
    executives: pd.DataFrame,
    *,
    target_visits: float = TARGET_VISITS,
    title: str = "Executive visits per key account and year, against the target",
) -> Figure:
    """One bar per key account: planned executive visits a year, with the target marked.

    Accounts below ``target_visits`` are red; an account without a sponsor
    says so. Labels show the account's ``name`` (if ``accounts`` has one) and
    its sponsor; accounts are listed in ``accounts`` order, top down.

    >>> accounts = pd.DataFrame({"customer_id": ["A", "B"], "industry": ["Mining"] * 2,
    ...                          "region": ["North"] * 2, "revenue_eur": [600.0, 300.0]})
    >>> execs = pd.DataFrame({"executive_id": ["CEO"], "seniority": [3], "max_accounts": [1],
    ...                       "industry_expertise": ["Mining"], "home_region": ["North"]})
    >>> plot_visit_cadence({"A": "CEO"}, accounts, execs).axes[0].get_xlabel()
    'Planned executive visits per year'
    """
    acc = _accounts(accounts, ["industry", "region", "revenue_eur"])
    ex = _executives(executives)
    target = _target(target_visits)
    sponsors = _assignment(assignment, ex, acc.index)
    visits = planned_visits(sponsors, ex, target_visits=target)
    y = np.arange(len(acc))[::-1]
    low = visits.to_numpy() < target - 1e-9
    fig = Figure(figsize=(10, 0.45 * len(acc) + 2.0), layout="constrained")
    ax = fig.subplots()
    ax.barh(y, visits.to_numpy(), color=np.where(low, OVER_COLOUR, WITHIN_COLOUR), height=0.7)
    ax.axvline(target, color="black", linestyle="--", linewidth=1.2)
    ax.text(
        target,
        len(acc) - 0.35,
        f" target: {target:g} visits a year",
        ha="left",
        va="bottom",
        fontsize=9,
    )
    labels = []
    for (account, who), v, yi in zip(sponsors.items(), visits.to_numpy(), y):
        name = str(acc.at[account, "name"]) if "name" in acc.columns else str(account)
        sponsor = "no sponsor" if who is None else f"sponsor: {_who(ex, who, title=False)}"
        labels.append(f"{name}, {_eur(float(acc.at[account, 'revenue_eur']))}\n{sponsor}")
        note = "no sponsor: no executive visit" if who is None else f"{v:.1f}"
        ax.text(
            v + target * 0.02, yi, note, va="center", fontsize=9, color=OVER_COLOUR if v < target else "black"
        )
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, target * 1.6)
    ax.set_ylim(-0.7, len(acc) + 0.3)
    ax.set_xlabel("Planned executive visits per year")
    ax.set_ylabel("Key account, 2025 revenue, sponsor")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.grid(axis="x", alpha=0.3)
    fig.legend(
        handles=[
            Patch(color=WITHIN_COLOUR, label="on target"),
            Patch(color=OVER_COLOUR, label=f"below target ({int(low.sum())} accounts)"),
        ],
        loc="outside lower center",
        ncol=2,
        fontsize=9,
        frameon=False,
    )
    return fig
