"""kamlab.costing: time-driven activity-based costing, checked against numbers worked out by hand.

The toy company below is small enough to cost on paper:

departments (cost / practical capacity = cost per minute)
    Warehouse    400,000 / 500,000 = 0.80 EUR a minute (2025: 450,000 -> 0.90)
    Sales        120,000 / 100,000 = 1.20 EUR a minute (2025: 150,000 -> 1.50)
    Engineering   96,000 /  80,000 = 1.20 EUR a minute (both years)

time equations (minutes per unit x cost per minute = cost per unit)
    order handling      orders                    Warehouse    10 min ->   8.00 EUR (2025:   9.00)
    picking             order_lines               Warehouse     5 min ->   4.00 EUR (2025:   4.50)
    sales visits        sales_visits              Sales       300 min -> 360.00 EUR (2025: 450.00)
    custom engineering  custom_engineering_hours  Engineering  60 min ->  72.00 EUR (both years)

orders: A has one order in 2024 and two in 2025, B one in 2025, D one in 2024;
C has activity (sales visits) in 2025 but no orders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kamlab.toolkit import costing

DRIVER_INDEX = ["customer_id", "year"]


def toy_orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3", "O4", "O5"],
            "customer_id": ["A", "A", "A", "B", "D"],
            "order_date": pd.to_datetime(
                ["2024-03-01", "2025-01-10", "2025-06-30", "2025-12-31", "2024-07-01"]
            ),
            "order_lines": [3, 2, 5, 1, 4],
            "revenue_eur": [730.0, 1460.0, 2190.0, 365.0, 100.0],
            "cost_of_goods_eur": [430.0, 960.0, 1290.0, 65.0, 90.0],
            "rush": [False, True, False, True, False],
            "deliveries": [1, 2, 1, 1, 1],
            "returned_lines": [0, 1, 0, 1, 0],
        }
    )


def toy_activities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "C"],
            "year": [2024, 2025, 2025, 2025],
            "support_requests": [1, 0, 3, 1],
            "custom_engineering_hours": [0.0, 2.5, 0.0, 0.0],
            "sales_visits": [2, 1, 0, 4],
            "payment_terms_days": [30, 50, 100, 30],
        }
    )


def toy_departments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "department": ["Warehouse", "Sales", "Engineering"],
            "annual_cost_eur": [400_000.0, 120_000.0, 96_000.0],
            "practical_capacity_minutes": [500_000.0, 100_000.0, 80_000.0],
        }
    )


def toy_departments_by_year() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2024, 2024, 2024, 2025, 2025, 2025],
            "department": ["Warehouse", "Sales", "Engineering"] * 2,
            "annual_cost_eur": [400_000.0, 120_000.0, 96_000.0, 450_000.0, 150_000.0, 96_000.0],
            "practical_capacity_minutes": [500_000.0, 100_000.0, 80_000.0] * 2,
        }
    )


def toy_unit_times() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity": ["order handling", "picking", "sales visits", "custom engineering"],
            "driver": ["orders", "order_lines", "sales_visits", "custom_engineering_hours"],
            "department": ["Warehouse", "Warehouse", "Sales", "Engineering"],
            "minutes_per_unit": [10.0, 5.0, 300.0, 60.0],
        }
    )


def toy_rates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity": ["order handling", "picking", "sales visits"],
            "driver": ["orders", "order_lines", "sales_visits"],
            "cost_per_unit_eur": [8.0, 4.0, 360.0],
        }
    )


def toy_drivers() -> pd.DataFrame:
    """Two customers' drivers for one year, with round financing figures."""
    return pd.DataFrame(
        {
            "orders": [10, 1],
            "order_lines": [100, 10],
            "sales_visits": [2, 0],
            "revenue_eur": [36_500.0, 0.0],
            "payment_terms_days": [30, 60],
        },
        index=pd.Index(["A", "B"], name="customer_id"),
    )


def toy_drivers_full() -> pd.DataFrame:
    """:func:`toy_drivers` with every driver :func:`toy_unit_times` asks for."""
    return toy_drivers().assign(custom_engineering_hours=[1.0, 0.0])


# --- activity_drivers -------------------------------------------------------------------------


def test_activity_drivers_counts_every_driver_per_customer_and_year():
    d = costing.activity_drivers(toy_orders(), toy_activities())
    expected = pd.DataFrame(
        {
            "orders": [1, 2, 1, 0, 1],
            "order_lines": [3, 7, 1, 0, 4],
            "rush_orders": [0, 1, 1, 0, 0],
            "deliveries": [1, 3, 1, 0, 1],
            "returns": [0, 1, 1, 0, 0],
            "support_requests": [1, 0, 3, 1, 0],
            "custom_engineering_hours": [0.0, 2.5, 0.0, 0.0, 0.0],
            "sales_visits": [2, 1, 0, 4, 0],
            "revenue_eur": [730.0, 3650.0, 365.0, 0.0, 100.0],
            "payment_terms_days": [30.0, 50.0, 100.0, 30.0, 0.0],
        },
        index=pd.MultiIndex.from_tuples(
            [("A", 2024), ("A", 2025), ("B", 2025), ("C", 2025), ("D", 2024)], names=DRIVER_INDEX
        ),
    )
    pd.testing.assert_frame_equal(d, expected, check_dtype=False, check_index_type=False)
    assert list(d.columns) == [*costing.DRIVERS, "revenue_eur", "payment_terms_days"]
    counts = [c for c in costing.DRIVERS if c != "custom_engineering_hours"]
    assert (d[counts].dtypes == "int64").all()


def test_activity_drivers_does_not_change_its_inputs():
    orders, activities = toy_orders(), toy_activities()
    costing.activity_drivers(orders, activities)
    pd.testing.assert_frame_equal(orders, toy_orders())
    pd.testing.assert_frame_equal(activities, toy_activities())


# --- activity_rates: cost per minute and cost per unit ----------------------------------------


def test_cost_per_minute_is_department_cost_over_practical_capacity():
    rates = costing.activity_rates(toy_departments(), toy_unit_times())
    assert rates["cost_per_minute_eur"].tolist() == pytest.approx([0.8, 0.8, 1.2, 1.2])


def test_cost_per_unit_is_minutes_per_unit_times_cost_per_minute():
    rates = costing.activity_rates(toy_departments(), toy_unit_times())
    assert rates["activity"].tolist() == toy_unit_times()["activity"].tolist()
    assert rates["cost_per_unit_eur"].tolist() == pytest.approx([8.0, 4.0, 360.0, 72.0])


def test_rates_per_year_use_each_years_department_cost():
    rates = costing.activity_rates(toy_departments_by_year(), toy_unit_times())
    unit = rates.set_index(["year", "activity"])["cost_per_unit_eur"]
    assert unit[(2024, "order handling")] == pytest.approx(8.0)
    assert unit[(2025, "order handling")] == pytest.approx(9.0)
    assert unit[(2024, "picking")] == pytest.approx(4.0)
    assert unit[(2025, "picking")] == pytest.approx(4.5)
    assert unit[(2024, "sales visits")] == pytest.approx(360.0)
    assert unit[(2025, "sales visits")] == pytest.approx(450.0)
    assert unit[(2025, "custom engineering")] == pytest.approx(72.0)
    assert len(rates) == 8


# --- cost_to_serve ----------------------------------------------------------------------------


def test_cost_to_serve_is_drivers_times_unit_costs_plus_financing():
    cts = costing.cost_to_serve(toy_drivers(), toy_rates(), cost_of_capital=0.10)
    # A: 10 orders x 8 + 100 lines x 4 + 2 visits x 360 = 80 + 400 + 720 = 1,200;
    #    financing 36,500 x 30 / 365 x 0.10 = 300; total 1,500.
    # B: 1 x 8 + 10 x 4 + 0 = 48; no revenue, no financing.
    assert cts.loc["A", "order handling"] == pytest.approx(80.0)
    assert cts.loc["A", "picking"] == pytest.approx(400.0)
    assert cts.loc["A", "sales visits"] == pytest.approx(720.0)
    assert cts.loc["A", "financing"] == pytest.approx(300.0)
    assert cts["cost_to_serve_eur"].tolist() == pytest.approx([1500.0, 48.0])
    assert list(cts.columns) == [
        "order handling",
        "picking",
        "sales visits",
        "financing",
        "cost_to_serve_eur",
    ]
    assert cts.index.equals(toy_drivers().index)


def test_financing_is_revenue_times_days_over_365_times_rate():
    drivers = pd.DataFrame(
        {"orders": [0, 0, 0], "revenue_eur": [730.0, 1000.0, 365_000.0], "payment_terms_days": [30, 0, 90]},
        index=["A", "B", "C"],
    )
    rates = pd.DataFrame({"activity": ["order handling"], "driver": ["orders"], "cost_per_unit_eur": [8.0]})
    cts = costing.cost_to_serve(drivers, rates, cost_of_capital=0.08)
    # 730 x 30 / 365 x 0.08 = 60 x 0.08 = 4.8; no terms -> 0; 365,000 x 90 / 365 x 0.08 = 7,200.
    assert cts["financing"].tolist() == pytest.approx([4.8, 0.0, 7200.0])
    assert cts["cost_to_serve_eur"].tolist() == pytest.approx([4.8, 0.0, 7200.0])


def test_without_cost_of_capital_there_is_no_financing_and_no_need_for_revenue():
    drivers = toy_drivers().drop(columns=["revenue_eur", "payment_terms_days"])
    cts = costing.cost_to_serve(drivers, toy_rates(), cost_of_capital=0)
    assert "financing" not in cts.columns
    assert cts["cost_to_serve_eur"].tolist() == pytest.approx([1200.0, 48.0])


def test_default_cost_of_capital_is_eight_percent():
    cts = costing.cost_to_serve(toy_drivers(), toy_rates())
    # 36,500 x 30 / 365 x 0.08 = 240
    assert cts.loc["A", "financing"] == pytest.approx(240.0)


def test_cost_to_serve_per_year_uses_that_years_rates():
    drivers = costing.activity_drivers(toy_orders(), toy_activities())
    rates = costing.activity_rates(toy_departments_by_year(), toy_unit_times())
    cts = costing.cost_to_serve(drivers, rates, cost_of_capital=0.08)
    total = cts["cost_to_serve_eur"]
    # (A, 2024) at 2024 rates: 1 x 8 + 3 x 4 + 2 x 360 + 0 x 72 + 730 x 30 / 365 x 0.08 = 744.8
    assert total[("A", 2024)] == pytest.approx(744.8)
    # (A, 2025) at 2025 rates: 2 x 9 + 7 x 4.5 + 1 x 450 + 2.5 x 72 + 3,650 x 50 / 365 x 0.08
    #                        = 18 + 31.5 + 450 + 180 + 40 = 719.5
    assert total[("A", 2025)] == pytest.approx(719.5)
    # (B, 2025): 1 x 9 + 1 x 4.5 + 0 + 0 + 365 x 100 / 365 x 0.08 = 21.5
    assert total[("B", 2025)] == pytest.approx(21.5)
    # (C, 2025): 4 visits x 450 = 1,800;  (D, 2024): 1 x 8 + 4 x 4 = 24 (no payment terms)
    assert total[("C", 2025)] == pytest.approx(1800.0)
    assert total[("D", 2024)] == pytest.approx(24.0)


def test_cost_to_serve_total_adds_up_its_parts():
    drivers = costing.activity_drivers(toy_orders(), toy_activities())
    cts = costing.cost_to_serve(drivers, costing.activity_rates(toy_departments(), toy_unit_times()))
    parts = cts.drop(columns="cost_to_serve_eur").sum(axis=1)
    np.testing.assert_allclose(cts["cost_to_serve_eur"], parts)


# --- capacity_report: unused capacity ---------------------------------------------------------


def test_capacity_report_splits_cost_into_used_and_unused_capacity():
    drivers = toy_drivers().assign(custom_engineering_hours=[1.0, 0.0])
    report = costing.capacity_report(toy_departments(), toy_unit_times(), drivers).set_index("department")
    # Warehouse: 11 orders x 10 + 110 lines x 5 = 660 minutes of 500,000.
    # Sales: 2 visits x 300 = 600 minutes of 100,000.
    assert report.loc["Warehouse", "used_minutes"] == pytest.approx(660.0)
    assert report.loc["Warehouse", "utilisation"] == pytest.approx(0.00132)
    assert report.loc["Warehouse", "unused_minutes"] == pytest.approx(499_340.0)
    assert report.loc["Warehouse", "unused_capacity_cost_eur"] == pytest.approx(399_472.0)  # x 0.80
    assert report.loc["Sales", "used_minutes"] == pytest.approx(600.0)
    assert report.loc["Sales", "unused_capacity_cost_eur"] == pytest.approx(119_280.0)  # 99,400 x 1.20
    # Engineering: 1 hour of custom engineering = 60 minutes; unused 79,940 x 1.20 = 95,928.
    assert report.loc["Engineering", "used_minutes"] == pytest.approx(60.0)
    assert report.loc["Engineering", "unused_capacity_cost_eur"] == pytest.approx(95_928.0)


def test_capacity_report_per_year():
    drivers = costing.activity_drivers(toy_orders(), toy_activities())
    report = costing.capacity_report(toy_departments_by_year(), toy_unit_times(), drivers)
    report = report.set_index(["year", "department"])
    # 2024 warehouse: orders 1 + 1 = 2 -> 20 min; lines 3 + 4 = 7 -> 35 min; used 55 of 500,000.
    assert report.loc[(2024, "Warehouse"), "used_minutes"] == pytest.approx(55.0)
    assert report.loc[(2024, "Warehouse"), "unused_capacity_cost_eur"] == pytest.approx(499_945 * 0.8)
    # 2025 sales: visits 1 + 0 + 4 = 5 -> 1,500 min; unused 98,500 x 1.50 = 147,750.
    assert report.loc[(2025, "Sales"), "used_minutes"] == pytest.approx(1500.0)
    assert report.loc[(2025, "Sales"), "unused_capacity_cost_eur"] == pytest.approx(147_750.0)
    # 2025 engineering: 2.5 hours -> 150 min; unused 79,850 x 1.20 = 95,820.
    assert report.loc[(2025, "Engineering"), "unused_capacity_cost_eur"] == pytest.approx(95_820.0)


def test_used_plus_unused_capacity_cost_is_the_department_cost():
    drivers = costing.activity_drivers(toy_orders(), toy_activities())
    rates = costing.activity_rates(toy_departments_by_year(), toy_unit_times())
    report = costing.capacity_report(toy_departments_by_year(), toy_unit_times(), drivers)
    cts = costing.cost_to_serve(drivers, rates, cost_of_capital=0)
    activity_cost = cts.drop(columns="cost_to_serve_eur").sum().sum()
    np.testing.assert_allclose(
        activity_cost + report["unused_capacity_cost_eur"].sum(), report["annual_cost_eur"].sum()
    )


def test_over_capacity_shows_as_utilisation_above_one_and_negative_unused_cost():
    deps = pd.DataFrame(
        {"department": ["Sales"], "annual_cost_eur": [1200.0], "practical_capacity_minutes": [1000.0]}
    )
    times = pd.DataFrame(
        {
            "activity": ["visits"],
            "driver": ["sales_visits"],
            "department": ["Sales"],
            "minutes_per_unit": [300.0],
        }
    )
    report = costing.capacity_report(deps, times, pd.DataFrame({"sales_visits": [4]}, index=["A"]))
    assert report["utilisation"].iloc[0] == pytest.approx(1.2)
    assert report["unused_capacity_cost_eur"].iloc[0] == pytest.approx(-240.0)


# --- avoidable_cost: what leaving would save, and what becomes unused capacity ------------------


def test_avoidable_cost_takes_each_departments_flexible_share_and_all_financing():
    rates = costing.activity_rates(toy_departments(), toy_unit_times())
    cts = costing.cost_to_serve(toy_drivers_full(), rates, cost_of_capital=0.10)
    split = costing.avoidable_cost(cts, rates, {"Warehouse": 0.5, "Sales": 0.25, "Engineering": 0.0})
    # A: order handling 80 + picking 400 (Warehouse, half avoidable: 240), visits 720 (Sales, a quarter:
    #    180), engineering 72 (none), financing 300 (all); avoidable 720 of 1,572, committed 852.
    assert split.loc["A", "cost_to_serve_eur"] == pytest.approx(1572.0)
    assert split.loc["A", "avoidable_eur"] == pytest.approx(720.0)
    assert split.loc["A", "committed_eur"] == pytest.approx(852.0)
    assert split.loc["A", "avoidable_share"] == pytest.approx(720 / 1572)
    # B: 8 + 40 in the warehouse, half of it avoidable; no visits, no engineering, no financing
    assert split.loc["B"].tolist() == pytest.approx([48.0, 24.0, 24.0, 0.5])
    assert split.index.equals(cts.index)


def test_avoidable_plus_committed_is_the_cost_to_serve_with_aldmoors_shares(tables):
    deps = tables["departments"].query("year == 2025").drop(columns="year")
    rates = costing.activity_rates(deps, tables["unit_times"])
    drivers = costing.activity_drivers(tables["orders"], tables["activities"]).xs(2025, level="year")
    cts = costing.cost_to_serve(drivers, rates)
    split = costing.avoidable_cost(cts, rates)
    assert set(costing.FLEXIBLE_SHARES) == set(deps["department"])  # a share for every department
    np.testing.assert_allclose(split["avoidable_eur"] + split["committed_eur"], cts["cost_to_serve_eur"])
    # financing is all avoidable, and no department is all flexible: the split lies between the two
    assert (split["avoidable_eur"] >= cts["financing"] - 1e-6).all()
    assert (split["committed_eur"] > 0).all()


def test_with_every_cost_flexible_all_of_it_is_avoidable_and_with_none_only_financing():
    rates = costing.activity_rates(toy_departments(), toy_unit_times())
    cts = costing.cost_to_serve(toy_drivers_full(), rates, cost_of_capital=0.10)
    every = {"Warehouse": 1.0, "Sales": 1.0, "Engineering": 1.0}
    np.testing.assert_allclose(costing.avoidable_cost(cts, rates, every)["committed_eur"], 0.0)
    none = costing.avoidable_cost(cts, rates, dict.fromkeys(every, 0.0), financing_share=0.0)
    np.testing.assert_allclose(none["avoidable_eur"], 0.0)
    assert none.loc["B", "avoidable_share"] == 0.0


def test_avoidable_cost_rejects_bad_input():
    rates = costing.activity_rates(toy_departments(), toy_unit_times())
    cts = costing.cost_to_serve(toy_drivers_full(), rates, cost_of_capital=0.10)
    shares = {"Warehouse": 0.5, "Sales": 0.25, "Engineering": 0.0}
    with pytest.raises(ValueError, match="flexible_shares has no share for department 'Sales'"):
        costing.avoidable_cost(cts, rates, {"Warehouse": 0.5, "Engineering": 0.0})
    with pytest.raises(ValueError, match=r"flexible_shares\['Sales'\] must be <= 1"):
        costing.avoidable_cost(cts, rates, {**shares, "Sales": 25})  # a percentage, not a share
    with pytest.raises(TypeError, match="flexible_shares must be a dict"):
        costing.avoidable_cost(cts, rates, [0.5, 0.25])
    with pytest.raises(ValueError, match="'rush handling' that is not an activity of rates"):
        costing.avoidable_cost(cts.assign(**{"rush handling": 1.0}), rates, shares)
    with pytest.raises(ValueError, match=r"cts\['picking'\] has -1.0"):
        costing.avoidable_cost(cts.assign(picking=-1.0), rates, shares)
    with pytest.raises(ValueError, match="financing_share must be <= 1"):
        costing.avoidable_cost(cts, rates, shares, financing_share=8)


# --- bad input --------------------------------------------------------------------------------


def _set(df: pd.DataFrame, column: str, row: int, value: object) -> pd.DataFrame:
    out = df.copy()
    if isinstance(value, str) or value is None:
        out[column] = out[column].astype(object)
    elif isinstance(value, float) and pd.api.types.is_integer_dtype(out[column]):
        out[column] = out[column].astype("float64")
    out.loc[out.index[row], column] = value
    return out


ORDERS_BAD = [
    # (change, error, message)
    (lambda o: o.drop(columns="revenue_eur"), ValueError, r"orders is missing column\(s\) 'revenue_eur'"),
    (
        lambda o: o.rename(columns={"order_lines": "order_line"}),
        ValueError,
        r"missing column\(s\) 'order_lines' \(is 'order_line' a misspelling\?\)",
    ),
    (lambda o: o.iloc[:0], ValueError, "orders is empty"),
    (
        lambda o: _set(o, "revenue_eur", 2, "12O.5"),
        TypeError,
        r"orders\['revenue_eur'\] has '12O.5' \(str\) at row 2; it must be numeric",
    ),
    (
        lambda o: o.assign(revenue_eur=o["revenue_eur"].astype(str)),
        TypeError,
        r"orders\['revenue_eur'\] has '730.0' \(str\) at row 0; it must be numeric",
    ),
    (
        lambda o: _set(o, "cost_of_goods_eur", 1, np.nan),
        ValueError,
        r"orders\['cost_of_goods_eur'\] has a missing value \(nan\) at row 1; every value must be a finite",
    ),
    (
        lambda o: _set(o, "revenue_eur", 3, np.inf),
        ValueError,
        r"orders\['revenue_eur'\] has an infinite value \(inf\) at row 3",
    ),
    (
        lambda o: _set(o, "deliveries", 4, -1),
        ValueError,
        r"orders\['deliveries'\] has -1 at row 4; every value must be >= 0",
    ),
    (
        lambda o: _set(o, "cost_of_goods_eur", 0, -5.0),
        ValueError,
        r"orders\['cost_of_goods_eur'\] has -5.0 at row 0; every value must be >= 0",
    ),
    (
        lambda o: _set(o, "order_lines", 1, 2.5),
        ValueError,
        r"orders\['order_lines'\] has 2.5 at row 1; it must hold whole numbers",
    ),
    (
        lambda o: _set(o, "returned_lines", 2, np.nan),
        ValueError,
        r"orders\['returned_lines'\] has a missing value \(nan\) at row 2",
    ),
    (
        lambda o: _set(o, "customer_id", 3, None),
        ValueError,
        r"orders\['customer_id'\] has a missing value at row 3",
    ),
    (
        lambda o: o.assign(order_date=o["order_date"].dt.strftime("%Y-%m-%d")),
        TypeError,
        r"orders\['order_date'\] must be dates \(datetime64\)",
    ),
    (
        lambda o: _set(o, "order_date", 1, pd.NaT),
        ValueError,
        r"orders\['order_date'\] has a missing value at row 1",
    ),
    (lambda o: o.assign(rush=o["rush"].astype(int)), TypeError, r"orders\['rush'\] must be True/False"),
    (lambda o: _set(o, "rush", 0, "yes"), TypeError, r"orders\['rush'\] must be True/False"),
    (
        lambda o: o.assign(rush=pd.array([True, None, False, True, False], dtype="boolean")),
        ValueError,
        r"orders\['rush'\] has a missing value at row 1",
    ),
]


@pytest.mark.parametrize(("change", "error", "message"), ORDERS_BAD)
def test_activity_drivers_rejects_bad_orders(change, error, message):
    with pytest.raises(error, match=message):
        costing.activity_drivers(change(toy_orders()), toy_activities())


def test_activity_drivers_rejects_orders_that_are_not_a_dataframe():
    with pytest.raises(TypeError, match="orders must be a pandas DataFrame, got list"):
        costing.activity_drivers(toy_orders().to_dict("records"), toy_activities())
    with pytest.raises(TypeError, match="activities must be a pandas DataFrame, got dict"):
        costing.activity_drivers(toy_orders(), toy_activities().to_dict())


ACTIVITIES_BAD = [
    (
        lambda a: a.drop(columns="sales_visits"),
        ValueError,
        r"activities is missing column\(s\) 'sales_visits'",
    ),
    (lambda a: a.iloc[:0], ValueError, "activities is empty"),
    (
        lambda a: pd.concat([a, a.iloc[[1]]], ignore_index=True),
        ValueError,
        r"activities\['customer_id', 'year'\] has \('A', 2025\) again at row 4; "
        r"each \('customer_id', 'year'\) must appear once",
    ),
    (
        lambda a: _set(a, "support_requests", 2, -3),
        ValueError,
        r"activities\['support_requests'\] has -3 at row 2; every value must be >= 0",
    ),
    (
        lambda a: _set(a, "custom_engineering_hours", 1, np.nan),
        ValueError,
        r"activities\['custom_engineering_hours'\] has a missing value \(nan\) at row 1",
    ),
    (
        lambda a: _set(a, "payment_terms_days", 0, -np.inf),
        ValueError,
        r"activities\['payment_terms_days'\] has an infinite value \(-inf\) at row 0",
    ),
    (
        lambda a: _set(a, "sales_visits", 3, "four"),
        TypeError,
        r"activities\['sales_visits'\] has 'four' \(str\) at row 3; it must be numeric",
    ),
    (
        lambda a: a.assign(year=a["year"].astype(str)),
        TypeError,
        r"activities\['year'\] has '2024' \(str\) at row 0; it must be numeric",
    ),
    (
        lambda a: _set(a, "year", 2, 25),
        ValueError,
        r"activities\['year'\] has 25 at row 2; every value must be >= 1900",
    ),
    (
        lambda a: _set(a, "customer_id", 2, None),
        ValueError,
        r"activities\['customer_id'\] has a missing value at row 2",
    ),
]


@pytest.mark.parametrize(("change", "error", "message"), ACTIVITIES_BAD)
def test_activity_drivers_rejects_bad_activities(change, error, message):
    with pytest.raises(error, match=message):
        costing.activity_drivers(toy_orders(), change(toy_activities()))


DEPARTMENTS_BAD = [
    (
        lambda d: d.drop(columns="practical_capacity_minutes"),
        ValueError,
        r"departments is missing column\(s\) 'practical_capacity_minutes'",
    ),
    (lambda d: d.iloc[:0], ValueError, "departments is empty"),
    (
        lambda d: _set(d, "practical_capacity_minutes", 1, 0.0),
        ValueError,
        r"departments\['practical_capacity_minutes'\] has 0 at row 1 \(Sales\); it must be > 0",
    ),
    (
        lambda d: _set(d, "annual_cost_eur", 2, -1.0),
        ValueError,
        r"departments\['annual_cost_eur'\] has -1.0 at row 2; every value must be >= 0",
    ),
    (
        lambda d: _set(d, "annual_cost_eur", 0, np.nan),
        ValueError,
        r"departments\['annual_cost_eur'\] has a missing value \(nan\) at row 0",
    ),
    (
        lambda d: _set(d, "practical_capacity_minutes", 0, "lots"),
        TypeError,
        r"departments\['practical_capacity_minutes'\] has 'lots' \(str\) at row 0; it must be numeric",
    ),
    (
        lambda d: pd.concat([d, d.iloc[[0]]], ignore_index=True),
        ValueError,
        r"departments\['department'\] has 'Warehouse' again at row 3; each 'department' must appear once",
    ),
    (
        lambda d: _set(d, "department", 1, None),
        ValueError,
        r"departments\['department'\] has a missing value at row 1",
    ),
]

UNIT_TIMES_BAD = [
    (lambda u: u.drop(columns="driver"), ValueError, r"unit_times is missing column\(s\) 'driver'"),
    (lambda u: u.iloc[:0], ValueError, "unit_times is empty"),
    (
        lambda u: _set(u, "minutes_per_unit", 2, -300.0),
        ValueError,
        r"unit_times\['minutes_per_unit'\] has -300.0 at row 2; every value must be >= 0",
    ),
    (
        lambda u: _set(u, "minutes_per_unit", 1, np.inf),
        ValueError,
        r"unit_times\['minutes_per_unit'\] has an infinite value \(inf\) at row 1",
    ),
    (
        lambda u: _set(u, "minutes_per_unit", 0, "ten"),
        TypeError,
        r"unit_times\['minutes_per_unit'\] has 'ten' \(str\) at row 0",
    ),
    (
        lambda u: pd.concat([u, u.iloc[[1]]], ignore_index=True),
        ValueError,
        r"unit_times\['activity'\] has 'picking' again at row 4; each 'activity' must appear once",
    ),
    (
        lambda u: _set(u, "department", 3, "Enginering"),
        ValueError,
        r"unit_times\['department'\] has 'Enginering' at row 3; "
        r"it must be one of departments\['department'\]",
    ),
    (
        lambda u: _set(u, "driver", 0, None),
        ValueError,
        r"unit_times\['driver'\] has a missing value at row 0",
    ),
]


@pytest.mark.parametrize(("change", "error", "message"), DEPARTMENTS_BAD)
def test_activity_rates_rejects_bad_departments(change, error, message):
    with pytest.raises(error, match=message):
        costing.activity_rates(change(toy_departments()), toy_unit_times())
    with pytest.raises(error, match=message):
        costing.capacity_report(change(toy_departments()), toy_unit_times(), toy_drivers_full())


@pytest.mark.parametrize(("change", "error", "message"), UNIT_TIMES_BAD)
def test_activity_rates_rejects_bad_unit_times(change, error, message):
    with pytest.raises(error, match=message):
        costing.activity_rates(toy_departments(), change(toy_unit_times()))
    with pytest.raises(error, match=message):
        costing.capacity_report(toy_departments(), change(toy_unit_times()), toy_drivers_full())


def test_per_year_departments_reject_a_duplicate_year_and_department_and_a_bad_year():
    deps = toy_departments_by_year()
    dup = pd.concat([deps, deps.iloc[[4]]], ignore_index=True)
    with pytest.raises(
        ValueError, match=r"departments\['year', 'department'\] has \(2025, 'Sales'\) again at row 6"
    ):
        costing.activity_rates(dup, toy_unit_times())
    with pytest.raises(ValueError, match=r"departments\['year'\] has a missing value \(nan\) at row 5"):
        costing.activity_rates(_set(deps, "year", 5, np.nan), toy_unit_times())


def test_activity_rates_rejects_tables_that_are_not_dataframes():
    with pytest.raises(TypeError, match="departments must be a pandas DataFrame, got list"):
        costing.activity_rates([], toy_unit_times())
    with pytest.raises(TypeError, match="unit_times must be a pandas DataFrame, got Series"):
        costing.activity_rates(toy_departments(), toy_unit_times()["minutes_per_unit"])


DRIVERS_BAD = [
    (lambda d: d.drop(columns="order_lines"), ValueError, r"drivers is missing column\(s\) 'order_lines'"),
    (lambda d: d.iloc[:0], ValueError, "drivers is empty"),
    (
        lambda d: _set(d, "sales_visits", 1, -2),
        ValueError,
        r"drivers\['sales_visits'\] has -2 at row 'B'; every value must be >= 0",
    ),
    (
        lambda d: _set(d, "orders", 0, np.nan),
        ValueError,
        r"drivers\['orders'\] has a missing value \(nan\) at row 'A'",
    ),
    (
        lambda d: _set(d, "revenue_eur", 0, np.inf),
        ValueError,
        r"drivers\['revenue_eur'\] has an infinite value \(inf\) at row 'A'",
    ),
    (
        lambda d: _set(d, "order_lines", 1, "ten"),
        TypeError,
        r"drivers\['order_lines'\] has 'ten' \(str\) at row 'B'; it must be numeric",
    ),
    (
        lambda d: d.set_axis(pd.Index(["A", "A"], name="customer_id")),
        ValueError,
        "drivers has customer 'A' twice in its index; each must appear once",
    ),
    (
        lambda d: d.drop(columns="payment_terms_days"),
        ValueError,
        r"drivers is missing column\(s\) 'payment_terms_days'",
    ),
]


@pytest.mark.parametrize(("change", "error", "message"), DRIVERS_BAD)
def test_cost_to_serve_rejects_bad_drivers(change, error, message):
    with pytest.raises(error, match=message):
        costing.cost_to_serve(change(toy_drivers()), toy_rates())


RATES_BAD = [
    (
        lambda r: r.drop(columns="cost_per_unit_eur"),
        ValueError,
        r"rates is missing column\(s\) 'cost_per_unit_eur'",
    ),
    (lambda r: r.iloc[:0], ValueError, "rates is empty"),
    (
        lambda r: _set(r, "cost_per_unit_eur", 1, -4.0),
        ValueError,
        r"rates\['cost_per_unit_eur'\] has -4.0 at row 1; every value must be >= 0",
    ),
    (
        lambda r: _set(r, "cost_per_unit_eur", 2, np.nan),
        ValueError,
        r"rates\['cost_per_unit_eur'\] has a missing value \(nan\) at row 2",
    ),
    (lambda r: _set(r, "driver", 0, None), ValueError, r"rates\['driver'\] has a missing value at row 0"),
    (lambda r: _set(r, "activity", 2, None), ValueError, r"rates\['activity'\] has a missing value at row 2"),
    (
        lambda r: pd.concat([r, r.iloc[[0]]], ignore_index=True),
        ValueError,
        r"rates\['activity'\] has 'order handling' again at row 3; each 'activity' must appear once",
    ),
    (
        lambda r: _set(r, "driver", 0, "orderz"),
        ValueError,
        r"drivers is missing column\(s\) 'orderz'",
    ),
]


@pytest.mark.parametrize(("change", "error", "message"), RATES_BAD)
def test_cost_to_serve_rejects_bad_rates(change, error, message):
    with pytest.raises(error, match=message):
        costing.cost_to_serve(toy_drivers(), change(toy_rates()))


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("0.08", TypeError, "cost_of_capital must be a number, got str '0.08'"),
        (None, TypeError, "cost_of_capital must be a number, got NoneType"),
        (True, TypeError, "cost_of_capital must be a number, got bool"),
        (-0.01, ValueError, "cost_of_capital must be >= 0, got -0.01"),
        (8.0, ValueError, "cost_of_capital must be <= 1, got 8.0"),
        (np.nan, ValueError, "cost_of_capital must be a finite number, got nan"),
        (np.inf, ValueError, "cost_of_capital must be a finite number, got inf"),
    ],
)
def test_cost_to_serve_rejects_a_bad_cost_of_capital(value, error, message):
    with pytest.raises(error, match=message):
        costing.cost_to_serve(toy_drivers(), toy_rates(), cost_of_capital=value)


def test_cost_to_serve_rejects_per_year_rates_that_do_not_fit_the_drivers():
    rates = costing.activity_rates(toy_departments_by_year(), toy_unit_times())
    drivers = costing.activity_drivers(toy_orders(), toy_activities())
    with pytest.raises(ValueError, match="rates has a 'year' column but drivers is not indexed by year"):
        costing.cost_to_serve(drivers.droplevel("year").iloc[1:3], rates)
    with pytest.raises(ValueError, match=r"rates has no rates for year\(s\) \[2024\] that drivers needs"):
        costing.cost_to_serve(drivers, rates[rates["year"] == 2025])
    gap = rates[~((rates["year"] == 2024) & (rates["activity"] == "picking"))]
    with pytest.raises(ValueError, match=r"no rate for activity 'picking' in year\(s\) \[2024\]"):
        costing.cost_to_serve(drivers, gap)
    two = rates.assign(driver=np.where(rates["year"] == 2024, rates["driver"], "orders"))
    with pytest.raises(ValueError, match=r"rates\['driver'\] names more than one driver for activity"):
        costing.cost_to_serve(drivers, two)


def test_capacity_report_rejects_bad_drivers():
    with pytest.raises(TypeError, match="drivers must be a pandas DataFrame, got list"):
        costing.capacity_report(toy_departments(), toy_unit_times(), [1, 2])
    with pytest.raises(ValueError, match=r"drivers is missing column\(s\) 'custom_engineering_hours'"):
        costing.capacity_report(toy_departments(), toy_unit_times(), toy_drivers())
    drivers = costing.activity_drivers(toy_orders(), toy_activities()).droplevel("year")
    with pytest.raises(ValueError, match="drivers has customer 'A' twice in its index"):
        costing.capacity_report(toy_departments(), toy_unit_times(), drivers)
    per_customer = costing.activity_drivers(toy_orders(), toy_activities()).groupby(level=0).sum()
    with pytest.raises(
        ValueError, match="departments has a 'year' column but drivers is not indexed by year"
    ):
        costing.capacity_report(toy_departments_by_year(), toy_unit_times(), per_customer)


def test_capacity_report_refuses_minutes_that_overflow():
    times = toy_unit_times().assign(minutes_per_unit=[1e308, 5.0, 300.0, 60.0])  # x 11 orders
    with pytest.raises(ValueError, match="more minutes than a number can hold for department 'Warehouse'"):
        costing.capacity_report(toy_departments(), times, toy_drivers_full())
