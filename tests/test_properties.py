"""Property-based tests: invariants of the toolkit on random good input, clear errors on random bad input.

Good input: small random orders, activities, departments and time equations, random margins,
retentions and discount rates, random revenue and profit Series. Bad input: the same tables with
a NaN, an infinity, a negative number or a string put into a random row of a random column, a
required column dropped or misspelled, or a key repeated; every such call must raise
``ValueError`` or ``TypeError`` naming the column (or argument).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import kamlab
from kamlab.toolkit import clv, concentration, costing, profit

# Table-level tests run the whole checked pipeline per example; the number-level ones are cheap.
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=100, deadline=None)

CUSTOMERS = ("A", "B", "C", "D", "E")
YEARS = (2024, 2025)
DEPARTMENTS = ("Warehouse", "Sales", "Engineering")
TIME_EQUATIONS = (
    ("order handling", "orders", "Warehouse"),
    ("picking", "order_lines", "Warehouse"),
    ("rush handling", "rush_orders", "Sales"),
    ("delivery", "deliveries", "Warehouse"),
    ("returns", "returns", "Engineering"),
    ("support", "support_requests", "Engineering"),
    ("custom engineering", "custom_engineering_hours", "Engineering"),
    ("sales visits", "sales_visits", "Sales"),
)
money = st.integers(0, 10**8).map(lambda cents: cents / 100)


# --- strategies for good input ----------------------------------------------------------------


@st.composite
def orders_frames(draw) -> pd.DataFrame:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(CUSTOMERS),
                st.sampled_from(YEARS),
                st.integers(0, 364),
                st.integers(1, 40),
                money,
                st.floats(0.0, 1.2),
                st.booleans(),
                st.integers(1, 5),
                st.integers(0, 40),
            ),
            min_size=1,
            max_size=25,
        )
    )
    customer, year, day, lines, revenue, cost_share, rush, deliveries, returned = map(list, zip(*rows))
    dates = pd.to_datetime([f"{y}-01-01" for y in year]) + pd.to_timedelta(day, unit="D")
    return pd.DataFrame(
        {
            "customer_id": customer,
            "order_date": dates,
            "order_lines": np.array(lines, dtype="int64"),
            "revenue_eur": revenue,
            "cost_of_goods_eur": np.round(np.array(revenue) * np.array(cost_share), 2),
            "rush": np.array(rush, dtype=bool),
            "deliveries": np.array(deliveries, dtype="int64"),
            "returned_lines": np.minimum(returned, lines).astype("int64"),
        }
    )


@st.composite
def activities_frames(draw) -> pd.DataFrame:
    keys = sorted(draw(st.sets(st.tuples(st.sampled_from(CUSTOMERS), st.sampled_from(YEARS)), min_size=1)))
    n = len(keys)
    ints = st.lists(st.integers(0, 20), min_size=n, max_size=n)
    return pd.DataFrame(
        {
            "customer_id": [k[0] for k in keys],
            "year": np.array([k[1] for k in keys], dtype="int64"),
            "support_requests": np.array(draw(ints), dtype="int64"),
            "custom_engineering_hours": draw(st.lists(st.floats(0, 200), min_size=n, max_size=n)),
            "sales_visits": np.array(draw(ints), dtype="int64"),
            "payment_terms_days": np.array(
                draw(st.lists(st.sampled_from([0, 30, 45, 60, 90, 120]), min_size=n, max_size=n)),
                dtype="int64",
            ),
        }
    )


@st.composite
def departments_frames(draw, per_year: bool | None = None) -> pd.DataFrame:
    if per_year is None:
        per_year = draw(st.booleans())
    keys = [(y, d) for y in YEARS for d in DEPARTMENTS] if per_year else [(None, d) for d in DEPARTMENTS]
    n = len(keys)
    out = pd.DataFrame(
        {
            "department": [k[1] for k in keys],
            "annual_cost_eur": draw(st.lists(money, min_size=n, max_size=n)),
            "practical_capacity_minutes": draw(
                st.lists(st.integers(1_000, 10**7).map(float), min_size=n, max_size=n)
            ),
        }
    )
    if per_year:
        out.insert(0, "year", np.array([k[0] for k in keys], dtype="int64"))
    return out


@st.composite
def unit_times_frames(draw) -> pd.DataFrame:
    chosen = draw(st.lists(st.sampled_from(TIME_EQUATIONS), min_size=1, unique=True))
    minutes = draw(st.lists(st.floats(0, 500), min_size=len(chosen), max_size=len(chosen)))
    return pd.DataFrame(
        {
            "activity": [c[0] for c in chosen],
            "driver": [c[1] for c in chosen],
            "department": [c[2] for c in chosen],
            "minutes_per_unit": minutes,
        }
    )


@st.composite
def companies(draw) -> dict:
    tables = {
        "orders": draw(orders_frames()),
        "activities": draw(activities_frames()),
        "departments": draw(departments_frames()),
        "unit_times": draw(unit_times_frames()),
    }
    years = set(tables["orders"]["order_date"].dt.year) | set(tables["activities"]["year"])
    tables["year"] = draw(st.sampled_from([None, *sorted(years)]))
    tables["cost_of_capital"] = draw(st.sampled_from([0.0, 0.05, 0.08, 0.2]))
    return tables


@st.composite
def driver_frames(draw, index: pd.Index) -> pd.DataFrame:
    n = len(index)
    counts = st.lists(st.integers(0, 1000), min_size=n, max_size=n)
    return pd.DataFrame(
        {d: draw(counts) for d in costing.DRIVERS if d != "custom_engineering_hours"}
        | {"custom_engineering_hours": draw(st.lists(st.floats(0, 100), min_size=n, max_size=n))},
        index=index,
    )


def _profit(t: dict) -> pd.DataFrame:
    return profit.customer_profit(
        t["orders"],
        t["activities"],
        t["departments"],
        t["unit_times"],
        year=t["year"],
        cost_of_capital=t["cost_of_capital"],
    )


# --- invariants of the account economics ------------------------------------------------------


@SETTINGS
@given(companies())
def test_profit_is_gross_margin_minus_cost_to_serve(t):
    p = _profit(t)
    np.testing.assert_array_equal(p["profit_eur"], p["gross_margin_eur"] - p["cost_to_serve_eur"])
    np.testing.assert_allclose(p["gross_margin_eur"], p["revenue_eur"] - p["cost_of_goods_eur"], atol=1e-6)
    assert (p["cost_to_serve_eur"] >= 0).all()
    orders = t["orders"]
    if t["year"] is not None:
        orders = orders[orders["order_date"].dt.year == t["year"]]
    assert p["revenue_eur"].sum() == pytest.approx(orders["revenue_eur"].sum(), rel=1e-9, abs=1e-6)
    assert set(orders["customer_id"]) <= set(p.index)


@SETTINGS
@given(companies())
def test_cost_to_serve_is_the_sum_of_non_negative_parts(t):
    drivers = costing.activity_drivers(t["orders"], t["activities"])
    rates = costing.activity_rates(t["departments"], t["unit_times"])
    cts = costing.cost_to_serve(drivers, rates, t["cost_of_capital"])
    assert (cts >= 0).all().all()
    np.testing.assert_allclose(
        cts["cost_to_serve_eur"], cts.drop(columns="cost_to_serve_eur").sum(axis=1), rtol=1e-12, atol=1e-9
    )
    # What customers use plus what nobody uses is what the departments cost.
    report = costing.capacity_report(t["departments"], t["unit_times"], drivers)
    used = cts.drop(columns=["cost_to_serve_eur", "financing"], errors="ignore").to_numpy().sum()
    used_departments = report.loc[report["department"].isin(t["unit_times"]["department"])]
    np.testing.assert_allclose(
        used + used_departments["unused_capacity_cost_eur"].sum(),
        used_departments["annual_cost_eur"].sum(),
        rtol=1e-9,
        atol=1e-6,
    )


@SETTINGS
@given(st.data(), departments_frames(per_year=False), unit_times_frames())
def test_cost_to_serve_is_additive_over_drivers(data, departments, unit_times):
    index = pd.Index(list(CUSTOMERS), name="customer_id")
    first = data.draw(driver_frames(index))
    second = data.draw(driver_frames(index))
    rates = costing.activity_rates(departments, unit_times)
    both = costing.cost_to_serve(first + second, rates, cost_of_capital=0)
    apart = costing.cost_to_serve(first, rates, 0) + costing.cost_to_serve(second, rates, 0)
    np.testing.assert_allclose(both.to_numpy(), apart.to_numpy(), rtol=1e-9, atol=1e-6)


@SETTINGS
@given(companies(), st.floats(0, 20))
def test_cost_to_serve_scales_linearly_with_unit_times(t, factor):
    drivers = costing.activity_drivers(t["orders"], t["activities"])
    base = costing.cost_to_serve(drivers, costing.activity_rates(t["departments"], t["unit_times"]), 0)
    scaled_times = t["unit_times"].assign(minutes_per_unit=t["unit_times"]["minutes_per_unit"] * factor)
    scaled = costing.cost_to_serve(drivers, costing.activity_rates(t["departments"], scaled_times), 0)
    np.testing.assert_allclose(scaled.to_numpy(), factor * base.to_numpy(), rtol=1e-9, atol=1e-6)


@SETTINGS
@given(companies(), st.data())
def test_avoidable_and_committed_cost_split_the_cost_to_serve(t, data):
    drivers = costing.activity_drivers(t["orders"], t["activities"])
    rates = costing.activity_rates(t["departments"], t["unit_times"])
    cts = costing.cost_to_serve(drivers, rates, t["cost_of_capital"])
    shares = {d: data.draw(st.floats(0, 1)) for d in t["unit_times"]["department"].unique()}
    split = costing.avoidable_cost(cts, rates, shares)
    np.testing.assert_allclose(
        split["avoidable_eur"] + split["committed_eur"], cts["cost_to_serve_eur"], rtol=1e-9, atol=1e-6
    )
    assert (split["avoidable_eur"] >= -1e-9).all() and (split["committed_eur"] >= -1e-6).all()
    assert split["avoidable_share"].between(0, 1 + 1e-9).all()


# --- lifetime value ---------------------------------------------------------------------------

margins = st.floats(-1e6, 1e6)
retentions = st.floats(0.0, 0.98)
discounts = st.floats(-0.5, 1.0)
horizons = st.one_of(st.none(), st.integers(0, 60))
timings = st.sampled_from(clv.TIMINGS)


def _converges(retention: float, discount_rate: float, horizon: int | None) -> bool:
    return horizon is not None or retention / (1 + discount_rate) < 0.99


def _tolerance(*values: float) -> float:
    return 1e-9 * max(1.0, *map(abs, values))


@FAST
@given(margins, retentions, retentions, discounts, horizons, timings)
def test_lifetime_value_rises_with_retention_for_a_positive_margin(m, r1, r2, d, horizon, timing):
    low, high = sorted((r1, r2))
    assume(_converges(high, d, horizon))
    v_low = clv.lifetime_value(abs(m), low, d, horizon, timing)
    v_high = clv.lifetime_value(abs(m), high, d, horizon, timing)
    assert v_low <= v_high + _tolerance(v_low, v_high)
    # ... and falls with retention for a loss-making customer
    assert clv.lifetime_value(-abs(m), low, d, horizon, timing) >= -v_high - _tolerance(v_high)


@FAST
@given(margins, margins, retentions, discounts, horizons, timings)
def test_lifetime_value_rises_with_margin(m1, m2, r, d, horizon, timing):
    assume(_converges(r, d, horizon))
    low, high = sorted((m1, m2))
    v_low = clv.lifetime_value(low, r, d, horizon, timing)
    v_high = clv.lifetime_value(high, r, d, horizon, timing)
    assert v_low <= v_high + _tolerance(v_low, v_high)


@FAST
@given(margins, retentions, discounts, discounts, horizons, timings)
def test_lifetime_value_falls_with_the_discount_rate(m, r, d1, d2, horizon, timing):
    low, high = sorted((d1, d2))
    assume(_converges(r, low, horizon))
    v_low = clv.lifetime_value(abs(m), r, low, horizon, timing)
    v_high = clv.lifetime_value(abs(m), r, high, horizon, timing)
    assert v_high <= v_low + _tolerance(v_low, v_high)


@FAST
@given(margins, retentions, discounts, timings)
def test_longer_horizons_approach_the_infinite_value(m, r, d, timing):
    assume(r / (1 + d) < 0.9)
    infinite = clv.lifetime_value(m, r, d, timing=timing)
    gaps = [abs(infinite - clv.lifetime_value(m, r, d, horizon, timing)) for horizon in (1, 10, 400)]
    assert gaps[0] + _tolerance(infinite) >= gaps[1] >= gaps[2] - _tolerance(infinite)
    assert gaps[2] <= _tolerance(infinite) * 10


@FAST
@given(
    st.lists(margins, min_size=1, max_size=20),
    retentions,
    discounts.filter(lambda d: d > 0),
    horizons,
)
def test_lifetime_value_of_a_series_is_the_value_of_each_margin(values, r, d, horizon):
    margin = pd.Series(values, index=[f"C{i}" for i in range(len(values))])
    out = clv.lifetime_value(margin, r, d, horizon)
    assert out.index.equals(margin.index)
    expected = [clv.lifetime_value(v, r, d, horizon) for v in values]
    np.testing.assert_allclose(out.to_numpy(), expected, rtol=1e-12, atol=1e-9)


# --- concentration ----------------------------------------------------------------------------


def customer_series(elements: st.SearchStrategy, min_size: int = 1) -> st.SearchStrategy:
    return st.lists(elements, min_size=min_size, max_size=40).map(
        lambda v: pd.Series(v, index=[f"C{i:03d}" for i in range(len(v))], dtype="float64")
    )


@FAST
@given(customer_series(st.floats(-1e6, 1e6)))
def test_whale_peak_is_at_least_one_and_the_curve_ends_at_one(profit_eur):
    total = profit_eur.sum()
    assume(total > 1e-3 * profit_eur.abs().sum())
    curve = concentration.whale_curve(profit_eur)
    assert curve["cumulative_profit_share"].iloc[-1] == pytest.approx(1.0, rel=1e-9)
    assert concentration.whale_peak(profit_eur) >= 1.0 - 1e-9
    assert curve["profit_eur"].is_monotonic_decreasing
    assert sorted(curve.index) == sorted(profit_eur.index)


@FAST
@given(customer_series(money), st.floats(0.001, 1.0), st.floats(0.001, 1.0))
def test_revenue_concentration_is_a_share_that_grows_with_top_share(revenue, s1, s2):
    assume(revenue.sum() > 0)
    low, high = sorted((s1, s2))
    c_low = concentration.revenue_concentration(revenue, low)
    c_high = concentration.revenue_concentration(revenue, high)
    assert 0 < c_low <= c_high + 1e-12
    assert c_high <= 1 + 1e-12
    assert concentration.revenue_concentration(revenue, 1.0) == pytest.approx(1.0)


@FAST
@given(st.lists(st.tuples(st.floats(0, 1), money.filter(lambda w: w > 0)), min_size=1, max_size=40))
def test_share_of_wallet_is_between_zero_and_one(pairs):
    index = [f"C{i}" for i in range(len(pairs))]
    wallet = pd.Series([w for _, w in pairs], index=index)
    revenue = pd.Series([s * w for s, w in pairs], index=index)
    share = concentration.share_of_wallet(revenue, wallet.sample(frac=1.0, random_state=0))
    assert share.index.equals(revenue.index)
    assert ((share >= 0) & (share <= 1 + 1e-12)).all()


# --- bad input: a bad value in a random cell --------------------------------------------------

TABLES = {
    "orders": orders_frames(),
    "activities": activities_frames(),
    "departments": departments_frames(),
    "unit_times": unit_times_frames(),
}
NUMERIC = {
    "orders": ("order_lines", "revenue_eur", "cost_of_goods_eur", "deliveries", "returned_lines"),
    "activities": (
        "year",
        "support_requests",
        "custom_engineering_hours",
        "sales_visits",
        "payment_terms_days",
    ),
    "departments": ("annual_cost_eur", "practical_capacity_minutes"),
    "unit_times": ("minutes_per_unit",),
}
LABELS = {
    "orders": ("customer_id",),
    "activities": ("customer_id",),
    "departments": ("department",),
    "unit_times": ("activity", "driver", "department"),
}
REQUIRED = {
    "orders": costing.ORDER_COLUMNS,
    "activities": costing.ACTIVITY_COLUMNS,
    "departments": ("department", "annual_cost_eur", "practical_capacity_minutes"),
    "unit_times": ("activity", "driver", "department", "minutes_per_unit"),
}
KEYS = {"activities": "customer_id", "departments": "department", "unit_times": "activity"}
BAD_NUMBERS = {
    "nan": np.nan,
    "inf": np.inf,
    "-inf": -np.inf,
    "negative": -1.5,
    "negative whole": -3,
    "string": "12,5",
    "none": None,
}


def _put(df: pd.DataFrame, column: str, row: int, value: object) -> pd.DataFrame:
    """A copy of ``df`` with ``value`` in one cell (the column's dtype widened to hold it)."""
    out = df.copy()
    current = out[column]
    numeric = pd.api.types.is_numeric_dtype(current) and not pd.api.types.is_bool_dtype(current)
    if value is None or isinstance(value, str) or not numeric:
        out[column] = current.astype(object)
    elif isinstance(value, float) and not pd.api.types.is_float_dtype(current):
        out[column] = current.astype("float64")
    out.iloc[row, out.columns.get_loc(column)] = value
    return out


def _calls(table: str, tables: dict) -> list:
    """Every public function that reads ``table``, called on ``tables``."""
    o, a, d, u = (tables[k] for k in ("orders", "activities", "departments", "unit_times"))
    calls = [lambda: kamlab.customer_profit(o, a, d, u)]
    if table == "orders":
        calls += [lambda: costing.activity_drivers(o, a), lambda: profit.gross_margin(o)]
    elif table == "activities":
        calls += [lambda: costing.activity_drivers(o, a)]
    else:
        calls += [lambda: costing.activity_rates(d, u)]
    return calls


def _assert_rejected(table: str, tables: dict, *needles: str) -> None:
    for call in _calls(table, tables):
        with pytest.raises((ValueError, TypeError)) as caught:
            call()
        message = str(caught.value)
        for needle in needles:
            assert needle in message, (needle, message)


@st.composite
def good_tables(draw) -> dict:
    tables = {
        "orders": draw(orders_frames()),
        "activities": draw(activities_frames()),
        "departments": draw(departments_frames()),
        "unit_times": draw(unit_times_frames()),
    }
    tables["unit_times"] = tables["unit_times"].reset_index(drop=True)
    return tables


@SETTINGS
@given(good_tables(), st.data())
def test_a_bad_number_in_any_numeric_column_is_named(tables, data):
    table = data.draw(st.sampled_from(sorted(NUMERIC)), label="table")
    column = data.draw(st.sampled_from(NUMERIC[table]), label="column")
    kind = data.draw(st.sampled_from(sorted(BAD_NUMBERS)), label="kind")
    row = data.draw(st.integers(0, len(tables[table]) - 1), label="row")
    tables[table] = _put(tables[table], column, row, BAD_NUMBERS[kind])
    _assert_rejected(table, tables, f"{table}[{column!r}]")


@SETTINGS
@given(good_tables(), st.data())
def test_a_missing_label_is_named(tables, data):
    table = data.draw(st.sampled_from(sorted(LABELS)), label="table")
    column = data.draw(st.sampled_from(LABELS[table]), label="column")
    row = data.draw(st.integers(0, len(tables[table]) - 1), label="row")
    tables[table] = _put(tables[table], column, row, data.draw(st.sampled_from([None, np.nan])))
    _assert_rejected(table, tables, f"{table}[{column!r}]", "missing value at row")


@SETTINGS
@given(good_tables(), st.data())
def test_bad_dates_and_rush_flags_are_named(tables, data):
    column, value = data.draw(
        st.sampled_from(
            [
                ("order_date", None),
                ("order_date", "2025-01-01"),
                ("rush", None),
                ("rush", "yes"),
                ("rush", 1.0),
            ]
        )
    )
    row = data.draw(st.integers(0, len(tables["orders"]) - 1), label="row")
    tables["orders"] = _put(tables["orders"], column, row, value)
    _assert_rejected("orders", tables, f"orders[{column!r}]")


@SETTINGS
@given(good_tables(), st.data())
def test_a_dropped_or_misspelled_column_is_named(tables, data):
    table = data.draw(st.sampled_from(sorted(REQUIRED)), label="table")
    column = data.draw(st.sampled_from(REQUIRED[table]), label="column")
    how = data.draw(st.sampled_from(["drop", "misspell"]), label="how")
    if how == "drop":
        tables[table] = tables[table].drop(columns=column)
    else:
        i = data.draw(st.integers(0, len(column) - 1), label="position")
        char = data.draw(st.sampled_from("aeiousx_"), label="char")
        wrong = column[:i] + char + column[i + 1 :]
        assume(wrong != column and wrong not in tables[table].columns)
        tables[table] = tables[table].rename(columns={column: wrong})
    _assert_rejected(table, tables, f"{table} is missing column(s) {column!r}")


@SETTINGS
@given(good_tables(), st.data())
def test_a_repeated_key_is_named(tables, data):
    table = data.draw(st.sampled_from(sorted(KEYS)), label="table")
    frame = tables[table]
    row = data.draw(st.integers(0, len(frame) - 1), label="row")
    tables[table] = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)
    _assert_rejected(table, tables, KEYS[table], "must appear once")


@SETTINGS
@given(good_tables(), st.sampled_from(["list", "dict", "series", "none"]), st.sampled_from(sorted(REQUIRED)))
def test_a_table_that_is_not_a_dataframe_is_named(tables, kind, table):
    frame = tables[table]
    tables[table] = {
        "list": frame.to_dict("records"),
        "dict": frame.to_dict(),
        "series": frame.iloc[:, 0],
        "none": None,
    }[kind]
    _assert_rejected(table, tables, f"{table} must be a pandas DataFrame")


# --- bad input: the Series and number arguments -----------------------------------------------


@FAST
@given(
    customer_series(st.floats(0, 1e6), min_size=1),
    st.data(),
    st.sampled_from(["nan", "inf", "-inf", "string", "negative"]),
)
def test_a_bad_value_in_a_series_argument_is_named(values, data, kind):
    row = data.draw(st.integers(0, len(values) - 1), label="row")
    value = {"nan": np.nan, "inf": np.inf, "-inf": -np.inf, "string": "1.5", "negative": -2.0}[kind]

    def spoil(series: pd.Series) -> pd.Series:
        out = series.astype(object) if kind == "string" else series.copy()
        out.iloc[row] = value
        return out

    retention = values / (values.max() + 1)  # in [0, 1)
    calls = {
        "revenue": lambda: concentration.revenue_concentration(spoil(values), 0.2),
        "wallet": lambda: concentration.share_of_wallet(values * 0, spoil(values + 1)),
        "retention": lambda: clv.lifetime_value(values, spoil(retention), 0.1),
    }
    if kind != "negative":  # a negative profit or margin is a loss-making customer, not an error
        calls["profit"] = lambda: concentration.whale_curve(spoil(values))
        calls["margin"] = lambda: clv.lifetime_value(spoil(values), 0.5, 0.1)
    for name, call in calls.items():
        with pytest.raises((ValueError, TypeError)) as caught:
            call()
        message = str(caught.value)
        assert message.startswith(f"{name} has"), message
        assert f"at row {values.index[row]!r}" in message, message


@FAST
@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).filter(lambda r: not 0 <= r < 1),
        st.text(max_size=3),
        st.none(),
    ),
    discounts,
)
def test_retention_outside_zero_to_one_is_rejected(retention, d):
    with pytest.raises((ValueError, TypeError), match="retention"):
        clv.lifetime_value(100.0, retention, d)
    with pytest.raises((ValueError, TypeError), match="retention"):
        clv.margin_multiple(retention, d)


@st.composite
def bad_discount_rates(draw) -> tuple[float, float]:
    """A retention and a discount rate that is <= -1 or makes retention / (1 + rate) >= 1."""
    r = draw(retentions)
    if r >= 0.01 and draw(st.booleans()):
        d = draw(st.floats(-1.0, r - 1.0, exclude_min=True))  # 1 + d <= r
        assume(r / (1 + d) >= 1)
    else:
        d = draw(st.floats(-10.0, -1.0))
    return r, d


@FAST
@given(bad_discount_rates())
def test_a_discount_rate_at_or_below_minus_one_or_making_the_series_diverge_is_rejected(case):
    r, d = case
    with pytest.raises(ValueError, match="discount_rate"):
        clv.lifetime_value(100.0, r, d)
    with pytest.raises(ValueError, match="discount_rate"):
        clv.margin_multiple(r, d)
