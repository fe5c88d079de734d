"""Who gets the stock when there is not enough: allocation policies in a supply shortage.

Step 1 of the course: a key-account promise ("your orders come first") is kept,
or broken, by operations and supply chain. This module simulates Aldmoor's
four-week seal-kit shortage (tables ``shortage_requests`` and
``shortage_supply``) under each allocation policy and measures who bears it.

Policies (:data:`POLICIES`, plus :data:`MARGIN_FIRST` for discussion)
--------------------------------------------------------------------------

- ``"first come first served"``: requests are served in arrival order, each in
  full while stock lasts. The request that meets the end of the stock gets
  what is left; every later request gets nothing.
- ``"pro rata"``: every request gets the same share of what it asked for,
  ``units_available / total units requested``. **Rounding rule** (units are
  whole kits): each request first gets ``floor(units_requested x available /
  total requested)``; the few units this leaves over go one each to the
  requests with the largest remainders of that division, ties to the earlier
  arrival. Shipped units then add up exactly to the units available, and no
  request gets more than it asked for.
- ``"key-account priority"``: key accounts first, in arrival order, each in
  full while stock lasts; what is left goes to the other customers, pro rata
  by default (``rest="pro rata"``) or first come first served
  (``rest="first come first served"``).
- ``"highest margin first"``: the requests with the highest unit margin first
  (ties: arrival order), each in full while stock lasts: what a margin-only
  view of the shortage would do.

The simulation plans the four weeks with every request known, as an
allocation plan built on confirmed orders does: to keep a priority promise in
practice, planners reserve ("ring-fence") stock for the key accounts' expected
orders. Arrival order is ``arrival_hour``; requests that arrive in the same
hour keep their order in the table.

Measures, per request and per segment (key accounts, other customers)
---------------------------------------------------------------------

- ``unit fill rate``: units shipped / units requested;
- ``orders filled in full`` and ``orders short``: an order shipped short is
  *late or lost*: the rest arrives after the shortage, or the customer buys it
  elsewhere;
- ``lost margin``: units short x the request's ``unit_margin_eur``. It counts
  every unit short as a lost sale, so it is an upper bound: orders that wait
  for the next delivery recover part of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kamlab import _checks

FIRST_COME = "first come first served"
PRO_RATA = "pro rata"
KEY_PRIORITY = "key-account priority"
MARGIN_FIRST = "highest margin first"

POLICIES: tuple[str, ...] = (FIRST_COME, PRO_RATA, KEY_PRIORITY)
"""The three allocation policies the course compares, in the order it shows them."""

ALL_POLICIES: tuple[str, ...] = (*POLICIES, MARGIN_FIRST)
"""Every policy :func:`allocate` knows."""

REST_POLICIES: tuple[str, ...] = (PRO_RATA, FIRST_COME)
"""How key-account priority shares what is left among the other customers."""

KEY, OTHER = "key accounts", "other customers"
SEGMENTS: tuple[str, ...] = (KEY, OTHER)
"""The two segments every result is split into."""

REQUEST_COLUMNS: tuple[str, ...] = (
    "request_id",
    "customer_id",
    "arrival_hour",
    "units_requested",
    "unit_margin_eur",
)

SEGMENT_COLOURS = {KEY: "#2b6ca3", OTHER: "#e69f00"}


# --------------------------------------------------------------------------- checks


MAX_UNITS = 2**53  # larger counts lose whole units in float64 and overflow int64


def _units(units_requested: Any, name: str = "units_requested") -> np.ndarray:
    """Check a list of requested units (whole numbers, at least 0); return it as int64."""
    if isinstance(units_requested, str) or not isinstance(
        units_requested, (list, tuple, np.ndarray, pd.Series, pd.Index)
    ):
        raise TypeError(
            f"{name} must be a list of whole numbers of units, got {type(units_requested).__name__}"
        )
    values = list(units_requested)
    for position, value in enumerate(values):
        if isinstance(value, bool | np.bool_) or not isinstance(
            value, int | float | np.integer | np.floating
        ):
            raise TypeError(
                f"{name} has {_checks._plain(value)!r} ({type(value).__name__}) at position {position}; "
                "it must hold whole numbers of units"
            )
        if not np.isfinite(value) or value != round(value) or value < 0:
            raise ValueError(
                f"{name} has {_checks._plain(value)!r} at position {position}; "
                "every value must be a whole number of units, 0 or more"
            )
        if value > MAX_UNITS:
            raise ValueError(
                f"{name} has {_checks._plain(value)!r} at position {position}; "
                f"every value must be at most {MAX_UNITS:,} units"
            )
    return np.array(values, dtype="float64").astype("int64")


def _available(units_available: Any) -> int:
    value = _checks.number(units_available, "units_available", min_value=0)
    if value != round(value):
        raise ValueError(f"units_available must be a whole number of units, got {units_available!r}")
    return int(value)


def _key_set(key_accounts: Any) -> set[str]:
    if isinstance(key_accounts, str):
        raise TypeError(
            f"key_accounts must be a list of customer ids, not one string ({key_accounts!r}); "
            f"write [{key_accounts!r}]"
        )
    if isinstance(key_accounts, pd.DataFrame):
        raise TypeError("key_accounts must be a list of customer ids, got a DataFrame; use its index")
    if isinstance(key_accounts, pd.Series) and pd.api.types.is_bool_dtype(key_accounts):
        raise TypeError(
            "key_accounts must be customer ids, got a Series of True/False; "
            "use mask.index[mask] to keep the ids marked True"
        )
    if not isinstance(key_accounts, Iterable):
        raise TypeError(f"key_accounts must be a list of customer ids, got {type(key_accounts).__name__}")
    return {str(k) for k in key_accounts}


def check_requests(requests: Any) -> pd.DataFrame:
    """Check the shortage requests table; return it sorted into arrival order.

    Columns needed: ``request_id`` (unique), ``customer_id``, ``arrival_hour``
    (hours, at least 0), ``units_requested`` (whole units, at least 1) and
    ``unit_margin_eur`` (EUR per unit, at least 0). Requests that arrive in the
    same hour keep their order in the table.

    >>> r = pd.DataFrame({"request_id": ["R1", "R2"], "customer_id": ["A", "B"],
    ...                   "arrival_hour": [5.0, 1.0], "units_requested": [10, 0],
    ...                   "unit_margin_eur": [3.0, 2.0]})
    >>> check_requests(r)
    Traceback (most recent call last):
    ...
    ValueError: requests['units_requested'] has 0 at row 1; every value must be >= 1
    """
    frame = _checks.frame(requests, "requests", REQUEST_COLUMNS)
    _checks.no_missing(frame, "requests", ["request_id", "customer_id"])
    _checks.unique(frame, "requests", ["request_id"])
    _checks.numeric_columns(frame, "requests", ["arrival_hour", "unit_margin_eur"], min_value=0)
    _checks.numeric_columns(frame, "requests", ["units_requested"], min_value=1, integer=True)
    return frame.sort_values("arrival_hour", kind="stable")


# --------------------------------------------------------------------------- the rules


def first_come_first_served(
    units_requested: Sequence[int] | np.ndarray | pd.Series, units_available: int
) -> np.ndarray:
    """Units shipped per request when requests are served in the order given, each in full while stock lasts.

    The request that meets the end of the stock gets what is left; later
    requests get nothing.

    >>> first_come_first_served([5, 3, 2], 7).tolist()
    [5, 2, 0]
    """
    wanted = _units(units_requested)
    stock = _available(units_available)
    before = np.cumsum(wanted) - wanted  # units promised to earlier requests
    return np.clip(stock - before, 0, wanted).astype("int64")


def pro_rata(units_requested: Sequence[int] | np.ndarray | pd.Series, units_available: int) -> np.ndarray:
    """Units shipped per request when every request gets the same share of what it asked for.

    Each request gets ``floor(units_requested x available / total)``; the units
    left over by rounding down go one each to the largest remainders, ties to
    the earlier request. The result adds up to ``units_available`` exactly (or
    fills every request in full when there is enough).

    >>> pro_rata([5, 3, 2], 7).tolist()  # exact shares 3.5, 2.1 and 1.4
    [4, 2, 1]
    """
    wanted = _units(units_requested)
    stock = _available(units_available)
    total = int(wanted.sum())
    if stock >= total:
        return wanted.copy()
    # Integer arithmetic: exact, no float rounding surprises.
    product = wanted.astype(object) * stock
    base = np.array([p // total for p in product], dtype="int64")
    remainder = np.array([p % total for p in product], dtype="int64")
    left = stock - int(base.sum())
    order = np.lexsort((np.arange(len(wanted)), -remainder))  # largest remainder first, then earlier
    base[order[:left]] += 1
    return base


def _priority(wanted: np.ndarray, is_key: np.ndarray, stock: int, rest: str) -> np.ndarray:
    shipped = np.zeros(len(wanted), dtype="int64")
    shipped[is_key] = first_come_first_served(wanted[is_key], stock)
    left = stock - int(shipped[is_key].sum())
    share = pro_rata if rest == PRO_RATA else first_come_first_served
    shipped[~is_key] = share(wanted[~is_key], left)
    return shipped


def allocate(
    requests: pd.DataFrame,
    units_available: int,
    policy: str,
    *,
    key_accounts: Iterable[str] = (),
    rest: str = PRO_RATA,
) -> pd.DataFrame:
    """Simulate one allocation policy: what each request ships, misses and costs.

    ``requests`` is the ``shortage_requests`` table; ``units_available`` what
    the plant can ship (``shortage_supply``); ``policy`` one of
    :data:`ALL_POLICIES` (see the module's description); ``key_accounts`` the
    customer ids that count as key accounts (every policy reports the two
    segments; only key-account priority serves them first). ``rest`` says how
    key-account priority shares what is left: ``"pro rata"`` or
    ``"first come first served"``.

    One row per request, in arrival order, indexed by ``request_id``; columns
    ``policy``, ``customer_id``, ``segment`` ("key accounts" or "other
    customers"), ``arrival_hour``, ``units_requested``, ``units_shipped``,
    ``units_short``, ``fill_rate`` (shipped over requested), ``filled_in_full``,
    ``unit_margin_eur`` and ``lost_margin_eur`` (units short x unit margin).

    >>> r = pd.DataFrame({"request_id": ["R1", "R2", "R3"], "customer_id": ["A", "K", "B"],
    ...                   "arrival_hour": [1.0, 2.0, 3.0], "units_requested": [6, 4, 2],
    ...                   "unit_margin_eur": [10.0, 20.0, 10.0]})
    >>> a = allocate(r, 7, "key-account priority", key_accounts=["K"])
    >>> a["units_shipped"].tolist(), a["lost_margin_eur"].tolist()
    ([2, 4, 1], [40.0, 0.0, 10.0])
    """
    frame = check_requests(requests)
    stock = _available(units_available)
    chosen = _checks.choice(policy, "policy", ALL_POLICIES)
    how = _checks.choice(rest, "rest", REST_POLICIES)
    keys = _key_set(key_accounts)
    if chosen == KEY_PRIORITY and not keys:
        raise ValueError(
            "key_accounts is empty; key-account priority needs the ids of the customers served first"
        )
    wanted = frame["units_requested"].to_numpy(dtype="float64").astype("int64")
    margin = frame["unit_margin_eur"].to_numpy(dtype="float64")
    is_key = frame["customer_id"].astype(str).isin(keys).to_numpy()
    if chosen == FIRST_COME:
        shipped = first_come_first_served(wanted, stock)
    elif chosen == PRO_RATA:
        shipped = pro_rata(wanted, stock)
    elif chosen == KEY_PRIORITY:
        shipped = _priority(wanted, is_key, stock, how)
    else:
        order = np.lexsort((np.arange(len(wanted)), -margin))  # highest margin first, then arrival
        shipped = np.zeros(len(wanted), dtype="int64")
        shipped[order] = first_come_first_served(wanted[order], stock)
    short = wanted - shipped
    out = pd.DataFrame(
        {
            "policy": chosen,
            "customer_id": frame["customer_id"].astype(str).to_numpy(),
            "segment": np.where(is_key, KEY, OTHER),
            "arrival_hour": frame["arrival_hour"].to_numpy(dtype="float64"),
            "units_requested": wanted,
            "units_shipped": shipped,
            "units_short": short,
            "fill_rate": shipped / wanted,
            "filled_in_full": short == 0,
            "unit_margin_eur": margin,
            "lost_margin_eur": short * margin,
        },
        index=pd.Index(frame["request_id"].astype(str).to_numpy(), name="request_id"),
    )
    return out


# --------------------------------------------------------------------------- measures


SUMMARY_COLUMNS: tuple[str, ...] = (
    "orders",
    "units_requested",
    "units_shipped",
    "units_short",
    "unit_fill_rate",
    "orders_filled_in_full",
    "orders_short",
    "order_fill_rate",
    "lost_margin_eur",
)


def segment_summary(allocation: pd.DataFrame) -> pd.DataFrame:
    """Service measures per segment for one policy's allocation (from :func:`allocate`).

    One row per segment ("key accounts", "other customers", both always
    present), indexed by ``segment``. Columns: ``orders``, ``units_requested``,
    ``units_shipped``, ``units_short``, ``unit_fill_rate`` (units shipped over
    units requested), ``orders_filled_in_full``, ``orders_short`` (late or
    lost), ``order_fill_rate`` (share of orders filled in full) and
    ``lost_margin_eur``. A segment without orders has rates of NaN.

    >>> r = pd.DataFrame({"request_id": ["R1", "R2", "R3"], "customer_id": ["A", "K", "B"],
    ...                   "arrival_hour": [1.0, 2.0, 3.0], "units_requested": [6, 4, 2],
    ...                   "unit_margin_eur": [10.0, 20.0, 10.0]})
    >>> s = segment_summary(allocate(r, 6, "first come first served", key_accounts=["K"]))
    >>> s[["unit_fill_rate", "orders_short", "lost_margin_eur"]].round(3).values.tolist()
    [[0.0, 1.0, 80.0], [0.75, 1.0, 20.0]]
    """
    needed = ["segment", "units_requested", "units_shipped", "unit_margin_eur"]
    frame = _checks.frame(allocation, "allocation", needed, allow_empty=True)
    if "policy" in frame.columns and frame["policy"].nunique() > 1:
        raise ValueError(
            f"allocation mixes policies {sorted(map(str, frame['policy'].unique()))}; "
            "summarise one policy at a time or use compare_policies"
        )
    unknown = sorted(set(frame["segment"].astype(str)) - set(SEGMENTS))
    if unknown:
        raise ValueError(f"allocation['segment'] has {unknown[0]!r}; segments must be {KEY!r} or {OTHER!r}")
    _checks.numeric_columns(frame, "allocation", ["units_requested"], min_value=1, integer=True)
    _checks.numeric_columns(frame, "allocation", ["units_shipped"], min_value=0, integer=True)
    _checks.numeric_columns(frame, "allocation", ["unit_margin_eur"], min_value=0)
    wanted = frame["units_requested"].to_numpy(dtype="float64")
    shipped = frame["units_shipped"].to_numpy(dtype="float64")
    if (shipped > wanted).any():
        bad = shipped > wanted
        raise ValueError(
            f"allocation ships {shipped[bad][0]:.0f} units on an order of {wanted[bad][0]:.0f} at "
            f"row {frame.index[bad][0]!r}; no order can ship more than it asked for"
        )
    short = wanted - shipped
    per_order = pd.DataFrame(
        {
            "segment": frame["segment"].astype(str).to_numpy(),
            "orders": 1,
            "units_requested": wanted,
            "units_shipped": shipped,
            "units_short": short,
            "orders_filled_in_full": (short == 0).astype("int64"),
            "orders_short": (short > 0).astype("int64"),
            "lost_margin_eur": short * frame["unit_margin_eur"].to_numpy(dtype="float64"),
        }
    )
    sums = per_order.groupby("segment").sum().reindex(list(SEGMENTS), fill_value=0)
    out = pd.DataFrame(index=pd.Index(list(SEGMENTS), name="segment"))
    for col in ("orders", "units_requested", "units_shipped", "units_short"):
        out[col] = sums[col].astype("int64")
    has_orders = out["orders"] > 0
    out["unit_fill_rate"] = (sums["units_shipped"] / sums["units_requested"].where(has_orders)).astype(
        "float64"
    )
    out["orders_filled_in_full"] = sums["orders_filled_in_full"].astype("int64")
    out["orders_short"] = sums["orders_short"].astype("int64")
    out["order_fill_rate"] = (out["orders_filled_in_full"] / out["orders"].where(has_orders)).astype(
        "float64"
    )
    out["lost_margin_eur"] = sums["lost_margin_eur"].astype("float64")
    return out


def compare_policies(
    requests: pd.DataFrame,
    units_available: int,
    key_accounts: Iterable[str],
    *,
    policies: Sequence[str] = POLICIES,
    rest: str = PRO_RATA,
) -> pd.DataFrame:
    """:func:`segment_summary` of every policy, one row per policy and segment.

    Indexed by (``policy``, ``segment``), policies in the order given. Read one
    policy with ``table.loc["pro rata"]`` or one measure per segment with
    ``table.loc["pro rata", "unit_fill_rate"]``.

    >>> r = pd.DataFrame({"request_id": ["R1", "R2"], "customer_id": ["A", "K"],
    ...                   "arrival_hour": [1.0, 2.0], "units_requested": [6, 4],
    ...                   "unit_margin_eur": [10.0, 20.0]})
    >>> t = compare_policies(r, 5, ["K"])
    >>> t["unit_fill_rate"].round(2).tolist()
    [0.0, 0.83, 0.5, 0.5, 1.0, 0.17]
    """
    if isinstance(policies, str) or not isinstance(policies, Iterable):
        raise TypeError(f"policies must be a list of policy names, e.g. {list(POLICIES)!r}")
    names = [_checks.choice(p, "policies", ALL_POLICIES) for p in policies]
    if not names:
        raise ValueError(f"policies is empty; give at least one of {list(ALL_POLICIES)!r}")
    if len(set(names)) != len(names):
        raise ValueError("policies names a policy twice; give each once")
    keys = _key_set(key_accounts)
    tables = {
        name: segment_summary(allocate(requests, units_available, name, key_accounts=keys, rest=rest))
        for name in names
    }
    return pd.concat(tables, names=["policy", "segment"])


def units_available(supply: pd.DataFrame, product_line: str = "Seals & gaskets") -> int:
    """Units the plant can ship in the shortage for ``product_line`` (table ``shortage_supply``).

    >>> units_available(pd.DataFrame({"product_line": ["Seals & gaskets"], "units_requested": [100],
    ...                               "units_available": [60]}))
    60
    """
    frame = _checks.frame(supply, "supply", ["product_line", "units_available"])
    _checks.numeric_columns(frame, "supply", ["units_available"], min_value=0, integer=True)
    rows = frame[frame["product_line"] == product_line]
    if rows.empty:
        raise ValueError(
            f"supply has no row for product_line {product_line!r}; it has: "
            f"{', '.join(map(repr, frame['product_line']))}"
        )
    if len(rows) > 1:
        raise ValueError(f"supply has product_line {product_line!r} {len(rows)} times; it must appear once")
    return int(rows["units_available"].iloc[0])


def key_accounts_by_profit(profit: pd.Series | pd.DataFrame, n: int = 15) -> list[str]:
    """The ``n`` customers with the highest profit after cost to serve, highest first; ties to the lower id.

    ``profit`` is a Series of profit per customer, or the
    :func:`kamlab.customer_profit` table (its ``profit_eur`` column is used).
    Step 1 uses this rule (the 15 most profitable customers of 2025) as the
    accounts Aldmoor treats as key before Step 4 chooses its programme.

    >>> key_accounts_by_profit(pd.Series({"A": 5.0, "B": 9.0, "C": 9.0, "D": -1.0}), 2)
    ['B', 'C']
    """
    if isinstance(profit, pd.DataFrame):
        _checks.frame(profit, "profit", ["profit_eur"])
        profit = profit["profit_eur"]
    if not isinstance(profit, pd.Series):
        raise TypeError(f"profit must be a pandas Series indexed by customer_id, got {type(profit).__name__}")
    frame = profit.rename("profit_eur").to_frame()
    _checks.frame(frame, "profit", ["profit_eur"])
    _checks.numeric_columns(frame, "profit", ["profit_eur"])
    _checks.unique_index(profit, "profit", "customer")
    count = _checks.number(n, "n", min_value=1)
    if count != round(count):
        raise ValueError(f"n must be a whole number of customers, got {n!r}")
    ranked = pd.DataFrame({"id": profit.index.astype(str), "profit": profit.to_numpy(dtype="float64")})
    ranked = ranked.sort_values(["profit", "id"], ascending=[False, True], kind="stable")
    return ranked["id"].head(int(count)).tolist()


# --------------------------------------------------------------------------- promises


def promise_owners() -> pd.DataFrame:
    """Aldmoor's key-account promises and the function that has to keep each one.

    One row per promise: ``promise`` (what the key account is told),
    ``owner`` (the function that keeps it), ``what_it_takes`` and ``measure``
    (how to know it is kept). Most owners are not in sales: that is the point
    of Step 1.

    >>> int((promise_owners()["owner"] == "Sales").sum())
    1
    """
    rows = [
        (
            "Your orders ship in full, even when supply is short",
            "Supply chain planning",
            "an allocation rule agreed before the shortage; stock reserved for key accounts",
            "unit fill rate; orders filled in full",
        ),
        (
            "Standard parts delivered within 5 working days",
            "Logistics",
            "safety stock of their parts; a fixed delivery slot",
            "on-time in-full deliveries (OTIF)",
        ),
        (
            "Urgent orders jump the queue",
            "Production and warehouse",
            "a reserved capacity slot, overtime or express transport",
            "rush orders shipped within 24 hours",
        ),
        (
            "Early warning of shortages and lead-time changes",
            "Procurement",
            "supplier risk monitoring; a rule for who tells whom, and when",
            "days of notice given before a shortage",
        ),
        (
            "Stock held for you in our warehouse",
            "Inventory planning",
            "working capital and warehouse space, agreed with finance",
            "days of stock cover; cost of the stock held",
        ),
        (
            "Seals engineered for your machines",
            "Engineering",
            "engineering hours and a design slot in the plan",
            "engineering lead time in days",
        ),
        (
            "Faulty parts replaced at once",
            "Quality",
            "replacement stock and a fast returns process",
            "days from complaint to replacement",
        ),
        (
            "One contact who sorts out any order problem",
            "Customer service",
            "a named service agent with the authority to act",
            "issues resolved within 2 working days",
        ),
        (
            "Prices and terms fixed for the year",
            "Sales",
            "a contract agreed with finance",
            "invoices at the agreed price",
        ),
    ]
    return pd.DataFrame(rows, columns=["promise", "owner", "what_it_takes", "measure"])


# --------------------------------------------------------------------------- chart


def _wrap(text: str) -> str:
    """A policy name on two lines when it is long: ``first come\\nfirst served``."""
    words = text.split()
    if len(text) <= 10 or len(words) < 2:
        return text
    middle = (len(words) + 1) // 2
    return " ".join(words[:middle]) + "\n" + " ".join(words[middle:])


def _eur_k(value: float) -> str:
    return "EUR 0" if abs(value) < 0.5 else f"EUR {value / 1e3:,.0f}k"


def plot_policies(
    summary: pd.DataFrame,
    *,
    title: str = "Who bears the shortage? Service and lost margin by allocation policy",
) -> Figure:
    """Fill rate, orders shipped short and lost margin by policy, key accounts beside the others.

    ``summary`` is the table of :func:`compare_policies`. Three panels of
    grouped bars, one group per policy: the share of ordered units shipped
    (with the share the supply covers overall as a dashed line), the orders
    shipped short (late or lost) out of the segment's orders, and the margin
    lost on units not shipped, in EUR thousands.

    >>> r = pd.DataFrame({"request_id": ["R1", "R2"], "customer_id": ["A", "K"],
    ...                   "arrival_hour": [1.0, 2.0], "units_requested": [6, 4],
    ...                   "unit_margin_eur": [10.0, 20.0]})
    >>> fig = plot_policies(compare_policies(r, 5, ["K"]))
    >>> [ax.get_ylabel() for ax in fig.axes]  # doctest: +NORMALIZE_WHITESPACE
    ['Units shipped (% of units ordered)', 'Orders shipped short (late or lost)',
     'Margin lost (EUR thousands)']
    """
    frame = _checks.frame(
        summary,
        "summary",
        ["orders", "units_requested", "units_shipped", "orders_short", "unit_fill_rate", "lost_margin_eur"],
    )
    if not isinstance(frame.index, pd.MultiIndex) or list(frame.index.names) != ["policy", "segment"]:
        raise ValueError(
            "summary must be indexed by (policy, segment), as compare_policies returns it; "
            f"got index levels {list(frame.index.names)}"
        )
    counts = ["orders", "units_requested", "units_shipped", "orders_short"]
    _checks.numeric_columns(frame, "summary", counts, min_value=0, max_value=MAX_UNITS, integer=True)
    _checks.numeric_columns(frame, "summary", ["lost_margin_eur"], min_value=0, max_value=1e15)
    rates = frame[["unit_fill_rate"]]
    if pd.api.types.is_float_dtype(rates["unit_fill_rate"]):
        rates = rates.dropna()  # a segment without orders has a fill rate of NaN
    _checks.numeric_columns(rates, "summary", ["unit_fill_rate"], min_value=0, max_value=1)
    policies = list(dict.fromkeys(frame.index.get_level_values("policy")))
    full = pd.MultiIndex.from_product([policies, list(SEGMENTS)], names=["policy", "segment"])
    absent = full.difference(frame.index)
    if len(absent):
        raise ValueError(f"summary has no row for {absent[0]!r}; every policy needs both segments")
    data = frame.reindex(full)
    first = data.loc[policies[0]]
    overall = float(first["units_shipped"].sum() / first["units_requested"].sum())

    fig = Figure(figsize=(13, 4.8), layout="constrained")
    axes = fig.subplots(1, 3)
    x = np.arange(len(policies), dtype="float64")
    width = 0.38
    for k, segment in enumerate(SEGMENTS):
        seg = data.xs(segment, level="segment").loc[policies]
        offset = (k - 0.5) * width
        colour = SEGMENT_COLOURS[segment]
        fill = seg["unit_fill_rate"].to_numpy(dtype="float64") * 100
        bars = axes[0].bar(x + offset, np.nan_to_num(fill), width, color=colour, label=segment)
        axes[0].bar_label(
            bars,
            labels=[f"{v:.0f} %" if np.isfinite(v) else "no orders" for v in fill],
            padding=2,
            fontsize=8,
        )
        short = seg["orders_short"].to_numpy(dtype="int64")
        orders = seg["orders"].to_numpy(dtype="int64")
        bars = axes[1].bar(x + offset, short, width, color=colour, label=segment)
        axes[1].bar_label(bars, labels=[f"{s} of {n}" for s, n in zip(short, orders)], padding=2, fontsize=8)
        lost = seg["lost_margin_eur"].to_numpy(dtype="float64") / 1e3
        bars = axes[2].bar(x + offset, lost, width, color=colour, label=segment)
        axes[2].bar_label(bars, labels=[_eur_k(v * 1e3) for v in lost], padding=2, fontsize=8)

    axes[0].axhline(
        overall * 100,
        color="#555555",
        linestyle="--",
        linewidth=1,
        label=f"supply covers {overall * 100:.0f} % of demand",
    )
    axes[0].set_ylim(0, 115)
    axes[0].yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f} %"))
    axes[0].set_ylabel("Units shipped (% of units ordered)")
    axes[0].set_title("Fill rate", loc="left", fontsize=11)
    most = int(data["orders"].max()) if len(data) else 1
    axes[1].set_ylim(0, most * 1.15 + 1)
    axes[1].yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))
    axes[1].set_ylabel("Orders shipped short (late or lost)")
    axes[1].set_title("Orders not filled in full", loc="left", fontsize=11)
    top = float(data["lost_margin_eur"].max()) / 1e3 if len(data) else 1.0
    axes[2].set_ylim(0, max(top, 1.0) * 1.18)
    axes[2].yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    axes[2].set_ylabel("Margin lost (EUR thousands)")
    axes[2].set_title("Margin lost on units not shipped", loc="left", fontsize=11)
    totals = data["lost_margin_eur"].groupby(level="policy", sort=False).sum()
    for i, ax in enumerate(axes):
        names = [_wrap(p) for p in policies]
        if i == 2:
            names = [f"{n}\n(total {_eur_k(totals[p])})" for n, p in zip(names, policies)]
        ax.set_xticks(x, names, fontsize=9)
        ax.set_xlabel("Allocation policy")
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    axes[0].legend(loc="upper left", fontsize=9, frameon=True)
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    return fig
