"""Account economics per customer: revenue, gross margin, cost to serve, profit.

Revenue says how big a customer is; gross margin says what the products
earn; customer profit (gross margin minus cost to serve) says whether
serving the customer pays at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamlab import _checks
from kamlab.toolkit import costing


def gross_margin(orders: pd.DataFrame, per_year: bool = False) -> pd.DataFrame:
    """Revenue, cost of goods and gross margin per customer (and year).

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B"],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-02"]),
    ...     "order_lines": [2, 1, 4], "revenue_eur": [100.0, 50.0, 400.0],
    ...     "cost_of_goods_eur": [60.0, 30.0, 380.0], "rush": [False, True, False],
    ...     "deliveries": [1, 1, 2], "returned_lines": [0, 0, 1]})
    >>> gross_margin(orders)["gross_margin_eur"].tolist()
    [60.0, 20.0]
    """
    costing.check_orders(orders)
    if not isinstance(per_year, bool | np.bool_):
        raise TypeError(f"per_year must be True or False, got {type(per_year).__name__} {per_year!r}")
    keys = [orders["customer_id"]]
    if per_year:
        keys.append(orders["order_date"].dt.year.astype("int64").rename("year"))
    out = orders.groupby(keys, sort=True)[["revenue_eur", "cost_of_goods_eur"]].sum()
    out["gross_margin_eur"] = out["revenue_eur"] - out["cost_of_goods_eur"]
    revenue = out["revenue_eur"].where(out["revenue_eur"] > 0)
    out["gross_margin_pct"] = (out["gross_margin_eur"] / revenue).fillna(0.0)
    return out


def customer_profit(
    orders: pd.DataFrame,
    activities: pd.DataFrame,
    departments: pd.DataFrame,
    unit_times: pd.DataFrame,
    *,
    year: int | None = None,
    cost_of_capital: float = costing.DEFAULT_COST_OF_CAPITAL,
) -> pd.DataFrame:
    """The whole chain per customer: revenue to gross margin to profit.

    With ``year`` given, the result covers that year only; otherwise it adds
    up all years (each costed at its own year's rates when ``departments``
    has a ``year`` column).

    Columns: ``revenue_eur``, ``cost_of_goods_eur``, ``gross_margin_eur``,
    ``cost_to_serve_eur``, ``profit_eur`` and ``profit_margin_pct`` (profit
    over revenue, 0 where revenue is 0), one row per customer.

    >>> from kamlab.company import generate_company
    >>> t = generate_company(seed=5, n_customers=40)
    >>> p = customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"], year=2025)
    >>> bool((p["profit_eur"] == p["gross_margin_eur"] - p["cost_to_serve_eur"]).all())
    True
    """
    costing.check_orders(orders)
    costing.check_activities(activities)
    rates = costing.activity_rates(departments, unit_times)
    if year is not None:
        year = _whole_year(year)
        # Only the year's orders are grouped; every order was checked above.
        drivers = costing._drivers_and_goods(orders, activities, year)
        if drivers.empty:
            available = set(orders["order_date"].dt.year.unique()) | set(activities["year"].unique())
            raise ValueError(
                f"year {year} is not in the data; years available: {sorted(int(y) for y in available)}"
            )
        if "year" in rates.columns:
            rates = rates[rates["year"] == year]
            if rates.empty:
                raise ValueError(
                    f"departments has no rows for year {year}; it has year(s) "
                    f"{sorted(int(y) for y in departments['year'].unique())}"
                )
    else:
        drivers = costing._drivers_and_goods(orders, activities)
    cts = costing.cost_to_serve(drivers, rates, cost_of_capital)["cost_to_serve_eur"]
    out = drivers[["revenue_eur", "cost_of_goods_eur"]].astype("float64")
    out["gross_margin_eur"] = out["revenue_eur"] - out["cost_of_goods_eur"]
    out["cost_to_serve_eur"] = cts
    if year is None:
        out = out.groupby(level="customer_id").sum()
    else:
        out = out.droplevel("year")
    out["profit_eur"] = out["gross_margin_eur"] - out["cost_to_serve_eur"]
    revenue = out["revenue_eur"].where(out["revenue_eur"] > 0)
    out["profit_margin_pct"] = (out["profit_eur"] / revenue).fillna(0.0)
    return out


def _whole_year(year: object) -> int:
    value = _checks.number(year, "year")
    if value != round(value):
        raise ValueError(f"year must be a whole number, got {year!r}")
    return int(value)
