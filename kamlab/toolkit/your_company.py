"""Apply it to your company: the analyses of steps 4 and 6 on your own exports.

:func:`kamlab.company.imports.read_export` turns a CSV export into KAM Lab's ``customers`` or ``orders``
columns. This module turns those tables into what the two steps analyse:

- :func:`customer_economics` (step 6): per customer, revenue, gross margin, an activity-based
  cost to serve from the order file alone (orders, order lines, express orders, deliveries,
  returned lines, each at a cost per unit you give, plus a yearly cost of looking after an account)
  and the profit that is left;
- :func:`export_criteria` (step 4): the selection criteria your customers export can support, each
  on the 0-1 scale of :func:`kamlab.selection.criteria_table`, ready for
  :func:`kamlab.selection.portfolio`.

An export rarely holds every column Aldmoor has: no support requests, no engineering hours, no
relationship scores. The functions use what is there and say what is not; the costs per unit are
**your** assumptions (:data:`EXAMPLE_RATES` are placeholders), so write down where each comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from kamlab import _checks
from kamlab.toolkit import concentration, costing, selection

RATE_DRIVERS: dict[str, str] = {
    "orders": "taking, checking and invoicing one order",
    "order_lines": "picking and packing one order line",
    "rush_orders": "the extra work of one express order",
    "deliveries": "one shipment (transport and dispatch)",
    "returns": "handling one returned order line",
}
"""The drivers an orders export can count, and what one unit of each costs you."""

EXAMPLE_RATES: dict[str, float] = {
    "orders": 20.0,
    "order_lines": 10.0,
    "rush_orders": 240.0,
    "deliveries": 120.0,
    "returns": 75.0,
}
"""Placeholder costs per unit (EUR), round numbers near Aldmoor's 2025 rates: replace them with yours."""

EXAMPLE_ACCOUNT_COST_EUR = 1_500.0
"""Placeholder yearly cost of looking after one customer (EUR): two sales visits at EUR 750."""

SOURCES: dict[str, str] = {
    "wallet_size": "wallet_eur",
    "wallet_growth": "wallet_growth",
    "low_price_pressure": "price_sensitivity",
    "strategic_fit": "strategic_fit",
    "innovation_potential": "innovation_potential",
    "share_of_wallet": "wallet_eur",
    "relationship_strength": "relationship_strength",
    "product_fit": "product_fit",
}
"""The customers column each criterion of :data:`kamlab.selection.CRITERIA` is built from."""

_SCORES = (
    "price_sensitivity",
    "strategic_fit",
    "innovation_potential",
    "relationship_strength",
    "product_fit",
)


def _rates(rates: Any) -> dict[str, float]:
    """Check a dict driver -> EUR per unit (drivers from :data:`RATE_DRIVERS`, costs >= 0)."""
    if not isinstance(rates, Mapping):
        raise TypeError(
            "rates must be a dict driver -> EUR per unit, e.g. {'orders': 20.0}; "
            f"got {type(rates).__name__}"
        )
    if not rates:
        raise ValueError(
            f"rates is empty; give a cost per unit for at least one of: {', '.join(RATE_DRIVERS)}"
        )
    for key in rates:
        if key not in RATE_DRIVERS:
            raise ValueError(
                f"rates has {key!r}, which is not a driver an orders export counts; "
                f"use {', '.join(map(repr, RATE_DRIVERS))}"
            )
    return {key: _checks.number(value, f"rates[{key!r}]", min_value=0) for key, value in rates.items()}


def customer_economics(
    orders: pd.DataFrame,
    rates: Mapping[str, float],
    *,
    year: int | None = None,
    account_cost_eur: float = 0.0,
) -> pd.DataFrame:
    """Revenue, gross margin, cost to serve and profit per customer, from an orders table alone.

    ``orders`` has KAM Lab's orders columns (as :func:`kamlab.company.imports.read_export` returns them);
    ``rates`` maps drivers of :data:`RATE_DRIVERS` to a cost per unit in EUR; a driver left out
    costs nothing. Cost to serve = sum of each driver's count times its rate, plus
    ``account_cost_eur`` for every customer and year with at least one order (account
    management, sales visits: work the order file does not show). With ``year``, only that
    calendar year's orders count; without, every order does.

    Columns, one row per customer (sorted by id): the counts ``orders``, ``order_lines``,
    ``rush_orders``, ``deliveries`` and ``returns``; ``revenue_eur``, ``cost_of_goods_eur``,
    ``gross_margin_eur``, ``cost_to_serve_eur``, ``profit_eur`` and ``profit_margin_pct``
    (profit over revenue, 0 where revenue is 0).

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-02"]),
    ...     "order_lines": [2, 1, 4], "revenue_eur": [100.0, 50.0, 400.0],
    ...     "cost_of_goods_eur": [60.0, 30.0, 300.0], "rush": [False, True, False],
    ...     "deliveries": [1, 1, 2], "returned_lines": [0, 0, 1]})
    >>> e = customer_economics(orders, {"orders": 5.0, "order_lines": 2.0}, account_cost_eur=10.0)
    >>> e[["gross_margin_eur", "cost_to_serve_eur", "profit_eur"]].values.tolist()
    [[60.0, 26.0, 34.0], [100.0, 23.0, 77.0]]
    """
    costing.check_orders(orders)
    unit = _rates(rates)
    fixed = _checks.number(account_cost_eur, "account_cost_eur", min_value=0)
    if year is not None:
        value = _checks.number(year, "year", min_value=1900)
        if value != round(value):
            raise ValueError(f"year must be a whole number, like 2025; got {year!r}")
        year = int(value)
        if not costing._year_mask(orders["order_date"], year).any():
            years = sorted(int(y) for y in orders["order_date"].dt.year.unique())
            raise ValueError(f"orders has no order dated in {year}; its orders are dated in {years}")
        totals = costing._order_totals(orders, year)
    else:
        totals = costing._order_totals(orders)
    counts = list(RATE_DRIVERS)
    cost = np.full(len(totals), fixed)
    for driver, rate in unit.items():
        cost = cost + totals[driver].to_numpy(dtype="float64") * rate
    per_year = totals[[*counts, "revenue_eur", "cost_of_goods_eur"]].assign(cost_to_serve_eur=cost)
    out = per_year.groupby(level="customer_id", sort=True).sum()
    out.insert(
        out.columns.get_loc("cost_to_serve_eur"),
        "gross_margin_eur",
        out["revenue_eur"] - out["cost_of_goods_eur"],
    )
    out["profit_eur"] = out["gross_margin_eur"] - out["cost_to_serve_eur"]
    revenue = out["revenue_eur"].where(out["revenue_eur"] > 0)
    out["profit_margin_pct"] = (out["profit_eur"] / revenue).fillna(0.0)
    return out


def export_criteria(customers: pd.DataFrame, revenue: pd.Series | None = None) -> pd.DataFrame:
    """The step 4 criteria your customers export supports, each on a 0-1 scale (1 = best for us).

    ``customers`` has ``customer_id`` (a column or the index) and any of the columns in
    :data:`SOURCES`; ``revenue`` (optional) is your revenue per customer for the year the wallets
    describe, e.g. ``customer_economics(...)["revenue_eur"]``. Each criterion is scaled as in
    :func:`kamlab.selection.criteria_table` (percentile ranks for wallet size and growth, (score - 1)
    / 4 for 1-5 scores, price sensitivity turned round); ``share_of_wallet`` needs both ``revenue``
    and ``wallet_eur``, and a customer without revenue has a share of 0. Revenue of customers not in
    ``customers`` is not used.

    A column that is absent, or empty for every customer (``read_export`` fills columns the file
    lacks with empty values), leaves its criterion out: the result has only the criteria that can be
    computed, in :data:`kamlab.selection.CRITERIA` order, one row per customer. A column filled for
    some customers only is an error: fill it in, or drop it so that every customer is scored alike.

    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C"], "wallet_eur": [900.0, 100.0, 400.0],
    ...                           "strategic_fit": [5, 1, 3], "product_fit": [np.nan] * 3})
    >>> export_criteria(customers, pd.Series({"A": 90.0, "C": 200.0})).values.tolist()
    [[1.0, 1.0, 0.1], [0.0, 0.0, 0.0], [0.5, 0.5, 0.5]]
    """
    if isinstance(customers, pd.DataFrame) and "customer_id" not in customers.columns:
        if customers.index.name == "customer_id":
            customers = customers.reset_index()
    frame = _checks.frame(customers, "customers", ["customer_id"])
    _checks.text_columns(frame, "customers", ["customer_id"])
    _checks.unique(frame, "customers", ["customer_id"])
    frame = frame.set_index("customer_id")
    present = []
    for column in dict.fromkeys(SOURCES.values()):
        if column not in frame.columns:
            continue
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            if values.isna().all():
                continue
            if values.isna().any():
                who = values.index[values.isna().to_numpy()][0]
                raise ValueError(
                    f"customers[{column!r}] is empty for customer {who!r} but filled for others; "
                    f"fill it in for every customer, or drop the column to leave its criterion out"
                )
        present.append(column)
    _checks.numeric_columns(frame, "customers", [c for c in present if c == "wallet_eur"], min_value=0)
    _checks.numeric_columns(frame, "customers", [c for c in present if c == "wallet_growth"], min_value=-1)
    _checks.numeric_columns(
        frame, "customers", [c for c in present if c in _SCORES], min_value=1, max_value=5
    )
    share = None
    if revenue is not None and "wallet_eur" in present:
        money = concentration._series(revenue, "revenue", min_value=0)
        share = concentration.share_of_wallet(money.reindex(frame.index, fill_value=0.0), frame["wallet_eur"])
    built: dict[str, pd.Series] = {}
    for criterion, column in SOURCES.items():
        if column not in present:
            continue
        values = frame[column].astype("float64")
        if criterion in ("wallet_size", "wallet_growth"):
            built[criterion] = selection.percentile_rank(values)
        elif criterion == "low_price_pressure":
            built[criterion] = (5.0 - values) / 4.0
        elif criterion == "share_of_wallet":
            if share is not None:
                built[criterion] = share
        else:
            built[criterion] = (values - 1.0) / 4.0
    if not built:
        raise ValueError(
            "customers has no column a criterion can be built from; map at least one of "
            f"{', '.join(map(repr, dict.fromkeys(SOURCES.values())))} in the mapping of read_export"
        )
    out = pd.DataFrame(built, index=frame.index)
    out.columns.name = "criterion"
    return out
