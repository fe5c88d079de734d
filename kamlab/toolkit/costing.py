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

from collections.abc import Mapping

import numpy as np
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
    _checks.text_columns(orders, name, ["customer_id"])  # text, so never missing
    if not pd.api.types.is_datetime64_any_dtype(orders["order_date"]):
        raise TypeError(
            f"{name}['order_date'] must be dates (datetime64), got {orders['order_date'].dtype}; "
            "convert with pd.to_datetime or load it with kamlab.load"
        )
    _checks.no_missing(orders, name, ["order_date"])
    if not pd.api.types.is_bool_dtype(orders["rush"]):
        raise TypeError(f"{name}['rush'] must be True/False, got dtype {orders['rush'].dtype}")
    _checks.no_missing(orders, name, ["rush"])
    _checks.numeric_columns(
        orders, name, ["order_lines", "deliveries", "returned_lines"], min_value=0, integer=True
    )
    _checks.numeric_columns(orders, name, ["revenue_eur", "cost_of_goods_eur"], min_value=0)
    return orders


def check_activities(activities: pd.DataFrame, name: str = "activities") -> pd.DataFrame:
    """Validate a per-customer, per-year activity table and return it."""
    _checks.frame(activities, name, ACTIVITY_COLUMNS)
    _checks.text_columns(activities, name, ["customer_id"])  # text, so never missing
    _checks.numeric_columns(activities, name, ["year"], integer=True, min_value=1900)
    _checks.unique(activities, name, ["customer_id", "year"])
    _checks.numeric_columns(activities, name, ["support_requests", "sales_visits"], min_value=0, integer=True)
    _checks.numeric_columns(activities, name, ["custom_engineering_hours", "payment_terms_days"], min_value=0)
    return activities


def _year_mask(dates: pd.Series, year: int) -> np.ndarray:
    """Rows whose date falls in ``year``: two comparisons, cheaper than ``.dt.year == year``."""
    tz = getattr(dates.dtype, "tz", None)
    if tz is None:  # plain NumPy dates: compare the raw array, no pandas overhead
        values = dates.to_numpy()
        return (values >= np.datetime64(f"{year:04d}-01-01")) & (
            values < np.datetime64(f"{year + 1:04d}-01-01")
        )
    start = pd.Timestamp(year=year, month=1, day=1, tz=tz)
    end = pd.Timestamp(year=year + 1, month=1, day=1, tz=tz)
    return ((dates >= start) & (dates < end)).to_numpy()


#: Per-order columns summed per customer and year, and what each becomes.
_ORDER_SUMS = {
    "order_lines": "order_lines",
    "rush": "rush_orders",
    "deliveries": "deliveries",
    "returned_lines": "returns",
    "revenue_eur": "revenue_eur",
    "cost_of_goods_eur": "cost_of_goods_eur",
}


_MONEY = ("revenue_eur", "cost_of_goods_eur")


def _sorted_codes(keys: pd.Series, mask: np.ndarray | slice) -> tuple[np.ndarray, pd.Index]:
    """Codes 0..n-1 of ``keys[mask]`` in sorted order of the keys, and the sorted keys.

    Hashing the keys once without sorting, then sorting only the distinct keys,
    is much cheaper than a sorted group-by on millions of string ids.
    """
    python_strings = keys.dtype == object or (
        isinstance(keys.dtype, pd.StringDtype) and keys.dtype.storage == "python"
    )
    values = keys.to_numpy(dtype=object)[mask] if python_strings else keys[mask]
    codes, uniques = pd.factorize(values)
    uniques = pd.Index(uniques, name=keys.name)
    try:
        order = uniques.argsort()
    except TypeError:  # ids of mixed types (say 7 and "C7"): let pandas order them
        codes, uniques = pd.factorize(values, sort=True)
        return codes, pd.Index(uniques, name=keys.name)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[codes], uniques[order]


def _order_totals(orders: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Orders counted and summed per ``(customer_id, year)``; unchecked, for checked callers.

    With ``year`` given only that year's orders are read, which is what makes a
    one-year :func:`kamlab.customer_profit` on millions of orders fast.
    """
    if year is None:
        mask = slice(None)
        order_years = orders["order_date"].dt.year.to_numpy(dtype="int64")
        year_codes, years = pd.factorize(order_years, sort=True)
    else:
        mask = _year_mask(orders["order_date"], year)
        year_codes, years = np.zeros(int(mask.sum()), dtype=np.intp), np.array([year], dtype="int64")
    customer_codes, customers = _sorted_codes(orders["customer_id"], mask)
    key = customer_codes * len(years) + year_codes  # one code per (customer, year)
    cells = len(customers) * len(years)
    counts = np.bincount(key, minlength=cells)
    present = np.flatnonzero(counts)
    index = pd.MultiIndex(
        levels=[customers, pd.Index(np.asarray(years, dtype="int64"))],
        codes=[present // len(years), present % len(years)],
        names=["customer_id", "year"],
    )
    out = pd.DataFrame({"orders": counts[present]}, index=index)
    for column, name in _ORDER_SUMS.items():
        if name not in _MONEY:
            # Whole numbers add up exactly in float64 (below 2**53); np.bincount is the fastest sum.
            values = orders[column].to_numpy()[mask].astype("float64")
            out[name] = np.bincount(key, weights=values, minlength=cells)[present].round().astype("int64")
    # Money is summed by pandas (compensated summation), exactly as a group-by on the ids would.
    money = pd.DataFrame({c: orders[c].to_numpy()[mask] for c in _MONEY}).groupby(key, sort=True).sum()
    for column in _MONEY:
        out[column] = money[column].to_numpy()
    return out


def _drivers_and_goods(
    orders: pd.DataFrame, activities: pd.DataFrame, year: int | None = None
) -> pd.DataFrame:
    """:func:`activity_drivers` plus ``cost_of_goods_eur``, optionally for one year; unchecked."""
    per_order = _order_totals(orders, year)
    acts = activities if year is None else activities[activities["year"] == year]
    other = acts.set_index(["customer_id", "year"])[
        ["support_requests", "custom_engineering_hours", "sales_visits", "payment_terms_days"]
    ]
    other.index = other.index.set_levels(other.index.levels[1].astype("int64"), level=1)
    out = per_order.join(other, how="outer").fillna(0)
    counts = [c for c in DRIVERS if c != "custom_engineering_hours"]
    out[counts] = out[counts].astype("int64")
    return out[[*DRIVERS, "revenue_eur", "payment_terms_days", "cost_of_goods_eur"]]


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
    return _drivers_and_goods(orders, activities).drop(columns="cost_of_goods_eur")


def _check_rate_inputs(departments: pd.DataFrame, unit_times: pd.DataFrame) -> None:
    _checks.frame(departments, "departments", ["department", "annual_cost_eur", "practical_capacity_minutes"])
    _checks.no_missing(departments, "departments", ["department"])
    _checks.text_columns(departments, "departments", ["department"])
    _checks.numeric_columns(departments, "departments", ["annual_cost_eur"], min_value=0)
    _checks.numeric_columns(departments, "departments", ["practical_capacity_minutes"], min_value=0)
    zero = (departments["practical_capacity_minutes"] <= 0).to_numpy()
    if zero.any():
        position = int(np.flatnonzero(zero)[0])
        raise ValueError(
            f"departments['practical_capacity_minutes'] has 0 at row "
            f"{_checks._label(departments.index, position)} ({departments['department'].iloc[position]}); "
            "it must be > 0, or no cost per minute exists"
        )
    keys = ["year", "department"] if "year" in departments.columns else ["department"]
    if "year" in departments.columns:
        _checks.numeric_columns(departments, "departments", ["year"], integer=True, min_value=1900)
    _checks.unique(departments, "departments", keys)
    _checks.frame(unit_times, "unit_times", ["activity", "driver", "department", "minutes_per_unit"])
    _checks.no_missing(unit_times, "unit_times", ["activity", "driver", "department"])
    _checks.text_columns(unit_times, "unit_times", ["activity", "driver", "department"])
    _checks.unique(unit_times, "unit_times", ["activity"])
    _checks.numeric_columns(unit_times, "unit_times", ["minutes_per_unit"], min_value=0)
    unknown = ~unit_times["department"].isin(departments["department"]).to_numpy()
    if unknown.any():
        position = int(np.flatnonzero(unknown)[0])
        raise ValueError(
            f"unit_times['department'] has {unit_times['department'].iloc[position]!r} at row "
            f"{_checks._label(unit_times.index, position)}; it must be one of departments['department']: "
            f"{', '.join(map(repr, dict.fromkeys(departments['department'])))}"
        )


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
    _checks.unique_index(drivers, "drivers", "customer" if drivers.index.nlevels == 1 else "customer-year")
    _checks.numeric_columns(drivers, "drivers", needed, min_value=0)


def _check_rates(rates: pd.DataFrame) -> None:
    _checks.frame(rates, "rates", ["activity", "driver", "cost_per_unit_eur"])
    _checks.no_missing(rates, "rates", ["activity", "driver"])
    _checks.text_columns(rates, "rates", ["activity", "driver"])
    _checks.numeric_columns(rates, "rates", ["cost_per_unit_eur"], min_value=0)
    if "year" in rates.columns:
        _checks.numeric_columns(rates, "rates", ["year"], integer=True)
        _checks.unique(rates, "rates", ["year", "activity"])
    else:
        _checks.unique(rates, "rates", ["activity"])
    drivers_per_activity = rates.groupby("activity")["driver"].nunique()
    if (drivers_per_activity > 1).any():
        activity = drivers_per_activity.index[drivers_per_activity.to_numpy() > 1][0]
        raise ValueError(
            f"rates['driver'] names more than one driver for activity {activity!r}; "
            "an activity must keep its driver in every year"
        )


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
    _check_rates(rates)
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
        missing = sorted(int(y) for y in set(years.unique()) - set(rates["year"]))
        if missing:
            raise ValueError(f"rates has no rates for year(s) {missing} that drivers needs")

    out = pd.DataFrame(index=drivers.index)
    for activity, group in rates.groupby("activity", sort=False):
        driver = group["driver"].iloc[0]
        if by_year:
            unit = group.set_index("year")["cost_per_unit_eur"].reindex(years).to_numpy()
            if np.isnan(unit).any():
                lacking = sorted(int(y) for y in set(years.unique()) - set(group["year"]))
                raise ValueError(
                    f"rates has no rate for activity {activity!r} in year(s) {lacking} that drivers needs; "
                    "give every activity a rate in every year"
                )
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
    needed = list(dict.fromkeys(unit_times["driver"]))
    _check_drivers(drivers, needed)
    per_year = "year" in departments.columns
    if per_year and "year" not in drivers.index.names:
        raise ValueError("departments has a 'year' column but drivers is not indexed by year")
    keys = ["year"] if per_year else []
    used = drivers[needed]  # only the checked driver columns: others (revenue, names) are not summed
    totals = used.groupby(level="year").sum() if per_year else used.sum().to_frame().T
    rows = []
    for key, totals_row in totals.iterrows():
        for dept, times in unit_times.groupby("department", sort=False):
            with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported below
                used = float(
                    (totals_row[times["driver"]].to_numpy() * times["minutes_per_unit"].to_numpy()).sum()
                )
            rows.append({**({"year": key} if per_year else {}), "department": dept, "used_minutes": used})
    used = pd.DataFrame(rows)
    report = departments.merge(used, on=[*keys, "department"], how="left").fillna({"used_minutes": 0.0})
    cap = report["practical_capacity_minutes"]
    with np.errstate(over="ignore", invalid="ignore"):
        report["utilisation"] = report["used_minutes"] / cap
        report["unused_minutes"] = cap - report["used_minutes"]
        report["unused_capacity_cost_eur"] = report["unused_minutes"] * (report["annual_cost_eur"] / cap)
    overflow = ~np.isfinite(report[["used_minutes", "unused_capacity_cost_eur"]].to_numpy()).all(axis=1)
    if overflow.any():
        dept = report["department"].iloc[int(np.flatnonzero(overflow)[0])]
        raise ValueError(
            f"the drivers times unit_times['minutes_per_unit'] give more minutes than a number can hold "
            f"for department {dept!r}; check the time equations and the driver counts"
        )
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


FLEXIBLE_SHARES: dict[str, float] = {
    "Customer service": 0.10,
    "Warehouse": 0.35,
    "Logistics": 0.50,
    "Quality": 0.10,
    "Technical support": 0.0,
    "Engineering": 0.25,
    "Sales": 0.20,
}
"""Aldmoor finance's estimate of the share of each department's cost that goes away within a year
when the work goes away: overtime, temporary pickers, packaging, fuel and hired carriers, contract
engineers, travel. The rest (permanent staff, buildings, racks, trucks) is committed capacity: if a
customer leaves, it stays, unused, until management resizes the department. An assumption of the
course, not a number in the data: replace it with your finance team's."""


def avoidable_cost(
    cts: pd.DataFrame,
    rates: pd.DataFrame,
    flexible_shares: Mapping[str, float] | None = None,
    *,
    financing_share: float = 1.0,
    total: str = "cost_to_serve_eur",
) -> pd.DataFrame:
    """Split each customer's cost to serve into what would go if it left, and the committed rest.

    ``cts`` comes from :func:`cost_to_serve` (one column per activity, ``financing`` and
    ``total``); ``rates`` from :func:`activity_rates` says which department does each
    activity. Each activity's cost counts as avoidable in the share its department's cost is
    flexible (``flexible_shares``, department -> share from 0 to 1, default
    :data:`FLEXIBLE_SHARES`); financing in ``financing_share`` (default 1: the money tied up
    in the customer's unpaid invoices is freed when it leaves).

    The committed part does not disappear with the customer: it becomes **unused capacity**,
    which the company keeps paying until it cuts capacity. So a customer's cost to serve is
    what serving it costs in the long run; what leaving saves next year is only the avoidable
    part.

    Returns, on the index of ``cts``: ``cost_to_serve_eur``, ``avoidable_eur``,
    ``committed_eur`` and ``avoidable_share`` (avoidable over cost to serve, 0 for a cost of 0).

    >>> cts = pd.DataFrame({"delivery": [100.0], "sales visits": [50.0], "financing": [10.0],
    ...                     "cost_to_serve_eur": [160.0]}, index=["K"])
    >>> rates = pd.DataFrame({"activity": ["delivery", "sales visits"],
    ...                       "driver": ["deliveries", "sales_visits"],
    ...                       "department": ["Logistics", "Sales"], "cost_per_unit_eur": [120.0, 750.0]})
    >>> avoidable_cost(cts, rates, {"Logistics": 0.5, "Sales": 0.2}).loc["K"].tolist()
    [160.0, 70.0, 90.0, 0.4375]
    """
    _checks.frame(cts, "cts", [total])
    activities = [c for c in cts.columns if c != total]
    _checks.numeric_columns(cts, "cts", [*activities, total], min_value=0)
    _checks.unique_index(cts, "cts", "customer" if cts.index.nlevels == 1 else "customer-year")
    _checks.frame(rates, "rates", ["activity", "department"])
    _checks.no_missing(rates, "rates", ["activity", "department"])
    _checks.text_columns(rates, "rates", ["activity", "department"])
    department = rates.drop_duplicates("activity").set_index("activity")["department"]
    if not isinstance(flexible_shares, Mapping | None):
        raise TypeError(
            f"flexible_shares must be a dict department -> share, got {type(flexible_shares).__name__}"
        )
    shares = dict(FLEXIBLE_SHARES if flexible_shares is None else flexible_shares)
    for dept, share in shares.items():
        _checks.number(share, f"flexible_shares[{dept!r}]", min_value=0, max_value=1)
    fin = _checks.number(financing_share, "financing_share", min_value=0, max_value=1)
    avoidable = np.zeros(len(cts))
    for activity in activities:
        if activity == "financing":
            share = fin
        elif activity not in department.index:
            raise ValueError(
                f"cts has a column {activity!r} that is not an activity of rates; pass the rates the "
                "cost to serve was computed with"
            )
        elif department[activity] not in shares:
            raise ValueError(
                f"flexible_shares has no share for department {department[activity]!r} (activity "
                f"{activity!r}); give every department a share from 0 (all committed) to 1 (all flexible)"
            )
        else:
            share = float(shares[department[activity]])
        avoidable += cts[activity].to_numpy(dtype="float64") * share
    whole = cts[total].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        share_of_total = np.where(whole > 0, avoidable / np.where(whole > 0, whole, 1.0), 0.0)
    return pd.DataFrame(
        {
            "cost_to_serve_eur": whole,
            "avoidable_eur": avoidable,
            "committed_eur": whole - avoidable,
            "avoidable_share": share_of_total,
        },
        index=cts.index,
    )
