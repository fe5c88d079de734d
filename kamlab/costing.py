"""Cost to serve with time-driven activity-based costing (TDABC).

TDABC needs two numbers per department, its cost and its practical capacity
in minutes, and one time equation per activity (minutes per unit of a
driver). The cost of one unit of an activity is then
``minutes_per_unit * department cost / practical capacity``; what the
customers' activity does not use is the cost of unused capacity, which stays
with the company instead of being spread over customers.

The drivers are things operations and supply chain recognise: orders, order
lines, rush orders, deliveries, returned lines, support requests, custom
engineering hours, sales visits and payment terms.
"""

from __future__ import annotations

import pandas as pd

from kamlab import _checks

#: Driver columns counted per customer and year, in the order they are reported.
DRIVERS = (
    "orders",
    "order_lines",
    "rush_orders",
    "deliveries",
    "returns",
    "support_requests",
    "custom_engineering_hours",
    "sales_visits",
)
ORDER_COLUMNS = (
    "customer_id",
    "order_date",
    "order_lines",
    "revenue_eur",
    "cost_of_goods_eur",
    "rush",
    "deliveries",
    "returned_lines",
)
ACTIVITY_COLUMNS = (
    "customer_id",
    "year",
    "support_requests",
    "custom_engineering_hours",
    "sales_visits",
    "payment_terms_days",
)
DEFAULT_COST_OF_CAPITAL = 0.08


def check_orders(orders: pd.DataFrame, name: str = "orders") -> pd.DataFrame:
    """Validate an orders table (see ``datasets/README.md``) and return it."""
    _checks.frame(orders, name, ORDER_COLUMNS)
    _checks.no_missing(orders, name, ["customer_id"])
    if not pd.api.types.is_datetime64_any_dtype(orders["order_date"]):
        raise TypeError(
            f"{name}['order_date'] must be dates (datetime64), got {orders['order_date'].dtype}; "
            "convert with pd.to_datetime or load it with kamlab.datasets.load"
        )
    _checks.no_missing(orders, name, ["order_date"])
    if not pd.api.types.is_bool_dtype(orders["rush"]):
        raise TypeError(f"{name}['rush'] must be True/False, got dtype {orders['rush'].dtype}")
    _checks.numeric_columns(
        orders, name, ["order_lines", "deliveries", "returned_lines"], min_value=0, integer=True
    )
    _checks.numeric_columns(orders, name, ["revenue_eur", "cost_of_goods_eur"], min_value=0)
    return orders


def check_activities(activities: pd.DataFrame, name: str = "activities") -> pd.DataFrame:
    """Validate a per-customer, per-year activity table and return it."""
    _checks.frame(activities, name, ACTIVITY_COLUMNS)
    _checks.no_missing(activities, name, ["customer_id"])
    _checks.numeric_columns(activities, name, ["year"], integer=True, min_value=1900)
    _checks.unique(activities, name, ["customer_id", "year"])
    _checks.numeric_columns(activities, name, ["support_requests", "sales_visits"], min_value=0, integer=True)
    _checks.numeric_columns(activities, name, ["custom_engineering_hours", "payment_terms_days"], min_value=0)
    return activities


def activity_drivers(orders: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """Count every cost-to-serve driver per customer and year.

    Order-based drivers come from ``orders``; the others, with payment terms,
    from ``activities``. A customer-year present in only one table gets zero
    for the drivers of the other (and 0 payment-terms days if it has orders
    but no activity row).

    Returns a frame indexed by ``(customer_id, year)`` with the columns
    :data:`DRIVERS`, ``revenue_eur`` and ``payment_terms_days``.

    >>> from kamlab.company import generate_company
    >>> t = generate_company(seed=3, n_customers=40)
    >>> d = activity_drivers(t["orders"], t["activities"])
    >>> list(d.columns[:3])
    ['orders', 'order_lines', 'rush_orders']
    """
    check_orders(orders)
    check_activities(activities)
    per_order = orders.groupby(
        [orders["customer_id"], orders["order_date"].dt.year.rename("year")], sort=True
    ).agg(
        orders=("order_lines", "size"),
        order_lines=("order_lines", "sum"),
        rush_orders=("rush", "sum"),
        deliveries=("deliveries", "sum"),
        returns=("returned_lines", "sum"),
        revenue_eur=("revenue_eur", "sum"),
    )
    other = activities.set_index(["customer_id", "year"])[
        ["support_requests", "custom_engineering_hours", "sales_visits", "payment_terms_days"]
    ]
    other.index = other.index.set_levels(other.index.levels[1].astype("int64"), level=1)
    per_order.index = per_order.index.set_levels(per_order.index.levels[1].astype("int64"), level=1)
    out = per_order.join(other, how="outer").fillna(0)
    counts = [c for c in DRIVERS if c != "custom_engineering_hours"]
    out[counts] = out[counts].astype("int64")
    return out[[*DRIVERS, "revenue_eur", "payment_terms_days"]]


def _check_rate_inputs(departments: pd.DataFrame, unit_times: pd.DataFrame) -> None:
    _checks.frame(departments, "departments", ["department", "annual_cost_eur", "practical_capacity_minutes"])
    _checks.no_missing(departments, "departments", ["department"])
    _checks.numeric_columns(departments, "departments", ["annual_cost_eur"], min_value=0)
    _checks.numeric_columns(departments, "departments", ["practical_capacity_minutes"], min_value=0)
    zero = (departments["practical_capacity_minutes"] <= 0).to_numpy()
    if zero.any():
        row = departments.index[zero][0]
        raise ValueError(
            f"departments['practical_capacity_minutes'] must be > 0; row {row!r} "
            f"({departments.loc[row, 'department']}) has 0, so no cost per minute exists"
        )
    keys = ["year", "department"] if "year" in departments.columns else ["department"]
    _checks.unique(departments, "departments", keys)
    _checks.frame(unit_times, "unit_times", ["activity", "driver", "department", "minutes_per_unit"])
    _checks.no_missing(unit_times, "unit_times", ["activity", "driver", "department"])
    _checks.unique(unit_times, "unit_times", ["activity"])
    _checks.numeric_columns(unit_times, "unit_times", ["minutes_per_unit"], min_value=0)
    unknown = set(unit_times["department"]) - set(departments["department"])
    if unknown:
        raise ValueError(f"unit_times names department(s) {sorted(unknown)} that departments does not have")


def activity_rates(departments: pd.DataFrame, unit_times: pd.DataFrame) -> pd.DataFrame:
    """Cost per unit of each activity: minutes per unit times cost per minute.

    ``departments`` has one row per department (or per year and department)
    with ``annual_cost_eur`` and ``practical_capacity_minutes``.

    >>> deps = pd.DataFrame({"department": ["Warehouse"], "annual_cost_eur": [400_000.0],
    ...                      "practical_capacity_minutes": [500_000.0]})
    >>> times = pd.DataFrame({"activity": ["picking"], "driver": ["order_lines"],
    ...                       "department": ["Warehouse"], "minutes_per_unit": [5.0]})
    >>> float(activity_rates(deps, times)["cost_per_unit_eur"].iloc[0])
    4.0
    """
    _check_rate_inputs(departments, unit_times)
    per_minute = departments.assign(
        cost_per_minute_eur=departments["annual_cost_eur"] / departments["practical_capacity_minutes"]
    )
    keep = [c for c in ("year", "department", "cost_per_minute_eur") if c in per_minute.columns]
    rates = unit_times.merge(per_minute[keep], on="department", how="left")
    rates["cost_per_unit_eur"] = rates["minutes_per_unit"] * rates["cost_per_minute_eur"]
    return rates.reset_index(drop=True)


def _check_drivers(drivers: pd.DataFrame, needed: list[str]) -> None:
    _checks.frame(drivers, "drivers", needed)
    _checks.numeric_columns(drivers, "drivers", needed, min_value=0)


def cost_to_serve(
    drivers: pd.DataFrame,
    rates: pd.DataFrame,
    cost_of_capital: float = DEFAULT_COST_OF_CAPITAL,
) -> pd.DataFrame:
    """Cost to serve each customer (and year): activity costs plus financing.

    ``drivers`` comes from :func:`activity_drivers` (one row per customer, or
    per customer and year). ``rates`` comes from :func:`activity_rates`; if
    it has a ``year`` column, each year's drivers are costed at that year's
    rates. Financing is the cost of carrying receivables:
    ``revenue_eur * payment_terms_days / 365 * cost_of_capital``.

    Returns one column per activity, ``financing``, and the total
    ``cost_to_serve_eur``, on the index of ``drivers``.

    >>> drivers = pd.DataFrame({"order_lines": [100, 10]}, index=["A", "B"])
    >>> rates = pd.DataFrame({"activity": ["picking"], "driver": ["order_lines"],
    ...                       "cost_per_unit_eur": [4.0]})
    >>> cost_to_serve(drivers, rates, cost_of_capital=0)["cost_to_serve_eur"].tolist()
    [400.0, 40.0]
    """
    _checks.frame(rates, "rates", ["activity", "driver", "cost_per_unit_eur"])
    _checks.numeric_columns(rates, "rates", ["cost_per_unit_eur"], min_value=0)
    rate = _checks.number(cost_of_capital, "cost_of_capital", min_value=0, max_value=1)
    needed = list(dict.fromkeys(rates["driver"]))
    if rate > 0:
        needed += ["revenue_eur", "payment_terms_days"]
    _check_drivers(drivers, needed)
    by_year = "year" in rates.columns
    if by_year:
        if "year" not in drivers.index.names:
            raise ValueError(
                "rates has a 'year' column but drivers is not indexed by year; "
                "pass per-year drivers from activity_drivers or rates for one year"
            )
        years = drivers.index.get_level_values("year")
        missing = sorted(set(years) - set(rates["year"]))
        if missing:
            raise ValueError(f"rates has no rates for year(s) {missing} that drivers needs")
    elif rates["activity"].duplicated().any():
        raise ValueError("rates has an activity twice; give one rate per activity (or a 'year' column)")

    out = pd.DataFrame(index=drivers.index)
    for activity, group in rates.groupby("activity", sort=False):
        driver = group["driver"].iloc[0]
        if by_year:
            unit = group.set_index("year")["cost_per_unit_eur"].reindex(years).to_numpy()
        else:
            unit = float(group["cost_per_unit_eur"].iloc[0])
        out[activity] = drivers[driver].to_numpy(dtype="float64") * unit
    if rate > 0:
        out["financing"] = (drivers["revenue_eur"] * drivers["payment_terms_days"] / 365.0 * rate).to_numpy()
    out["cost_to_serve_eur"] = out.sum(axis=1)
    return out


def capacity_report(
    departments: pd.DataFrame, unit_times: pd.DataFrame, drivers: pd.DataFrame
) -> pd.DataFrame:
    """Used and unused practical capacity per department (and year).

    ``unused_capacity_cost_eur`` is what the department costs but no
    customer activity used: it is not part of any customer's cost to serve.
    A utilisation above 1 means the time equations ask for more minutes than
    the department has.
    """
    _check_rate_inputs(departments, unit_times)
    _check_drivers(drivers, list(dict.fromkeys(unit_times["driver"])))
    per_year = "year" in departments.columns
    if per_year and "year" not in drivers.index.names:
        raise ValueError("departments has a 'year' column but drivers is not indexed by year")
    keys = ["year"] if per_year else []
    totals = drivers.groupby(level="year").sum() if per_year else drivers.sum().to_frame().T
    rows = []
    for key, totals_row in totals.iterrows():
        for dept, times in unit_times.groupby("department", sort=False):
            used = float(
                (totals_row[times["driver"]].to_numpy() * times["minutes_per_unit"].to_numpy()).sum()
            )
            rows.append({**({"year": key} if per_year else {}), "department": dept, "used_minutes": used})
    used = pd.DataFrame(rows)
    report = departments.merge(used, on=[*keys, "department"], how="left").fillna({"used_minutes": 0.0})
    cap = report["practical_capacity_minutes"]
    report["utilisation"] = report["used_minutes"] / cap
    report["unused_minutes"] = cap - report["used_minutes"]
    report["unused_capacity_cost_eur"] = report["unused_minutes"] * report["annual_cost_eur"] / cap
    cols = [
        *keys,
        "department",
        "annual_cost_eur",
        "practical_capacity_minutes",
        "used_minutes",
        "utilisation",
        "unused_minutes",
        "unused_capacity_cost_eur",
    ]
    return report[cols]
