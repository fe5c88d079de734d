"""kamlab.profit: gross margin and customer profit on the toy company of ``test_costing``.

Unit costs with the departments' single-year figures: order handling 8, picking 4 a line,
sales visit 360, custom engineering 72 an hour; financing at 8 % a year. With per-year
departments, 2025 costs 9, 4.5, 450 and 72.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kamlab.toolkit import profit
from tests.test_costing import (
    ACTIVITIES_BAD,
    DEPARTMENTS_BAD,
    ORDERS_BAD,
    UNIT_TIMES_BAD,
    toy_activities,
    toy_departments,
    toy_departments_by_year,
    toy_orders,
    toy_unit_times,
)

PROFIT_COLUMNS = [
    "revenue_eur",
    "cost_of_goods_eur",
    "gross_margin_eur",
    "cost_to_serve_eur",
    "profit_eur",
    "profit_margin_pct",
]


def _profit(departments=None, **kwargs) -> pd.DataFrame:
    return profit.customer_profit(
        toy_orders(),
        toy_activities(),
        toy_departments() if departments is None else departments,
        toy_unit_times(),
        **kwargs,
    )


# --- gross_margin -----------------------------------------------------------------------------


def test_gross_margin_per_customer():
    gm = profit.gross_margin(toy_orders())
    assert gm.index.tolist() == ["A", "B", "D"]
    assert gm["revenue_eur"].tolist() == pytest.approx([4380.0, 365.0, 100.0])
    assert gm["cost_of_goods_eur"].tolist() == pytest.approx([2680.0, 65.0, 90.0])
    assert gm["gross_margin_eur"].tolist() == pytest.approx([1700.0, 300.0, 10.0])
    # 1,700 / 4,380; 300 / 365; 10 / 100
    assert gm["gross_margin_pct"].tolist() == pytest.approx([0.388128, 0.821918, 0.1], abs=1e-6)


def test_gross_margin_per_customer_and_year():
    gm = profit.gross_margin(toy_orders(), per_year=True)
    assert gm.index.names == ["customer_id", "year"]
    assert gm.index.tolist() == [("A", 2024), ("A", 2025), ("B", 2025), ("D", 2024)]
    assert gm["gross_margin_eur"].tolist() == pytest.approx([300.0, 1400.0, 300.0, 10.0])
    # 300 / 730 and 1,400 / 3,650
    assert gm["gross_margin_pct"].tolist()[:2] == pytest.approx([0.410959, 0.383562], abs=1e-6)


def test_gross_margin_percent_is_zero_without_revenue():
    orders = toy_orders()
    orders.loc[4, ["revenue_eur", "cost_of_goods_eur"]] = 0.0
    gm = profit.gross_margin(orders)
    assert gm.loc["D", "gross_margin_pct"] == 0.0
    assert gm.loc["D", "gross_margin_eur"] == 0.0


def test_gross_margin_can_be_negative():
    orders = toy_orders()
    orders.loc[3, "cost_of_goods_eur"] = 465.0  # B sells at 365, buys at 465
    gm = profit.gross_margin(orders)
    assert gm.loc["B", "gross_margin_eur"] == pytest.approx(-100.0)
    assert gm.loc["B", "gross_margin_pct"] == pytest.approx(-100 / 365)


# --- customer_profit --------------------------------------------------------------------------


def test_customer_profit_for_one_year():
    p = _profit(year=2025)
    assert list(p.columns) == PROFIT_COLUMNS
    assert p.index.tolist() == ["A", "B", "C"]  # C has no orders but costs visits
    assert p["revenue_eur"].tolist() == pytest.approx([3650.0, 365.0, 0.0])
    assert p["gross_margin_eur"].tolist() == pytest.approx([1400.0, 300.0, 0.0])
    # A: 2 x 8 + 7 x 4 + 1 x 360 + 2.5 x 72 + 3,650 x 50 / 365 x 0.08 = 16 + 28 + 360 + 180 + 40 = 624
    # B: 1 x 8 + 1 x 4 + 365 x 100 / 365 x 0.08 = 20;  C: 4 x 360 = 1,440
    assert p["cost_to_serve_eur"].tolist() == pytest.approx([624.0, 20.0, 1440.0])
    assert p["profit_eur"].tolist() == pytest.approx([776.0, 280.0, -1440.0])
    # 776 / 3,650; 280 / 365; no revenue -> 0
    assert p["profit_margin_pct"].tolist() == pytest.approx([0.212603, 0.767123, 0.0], abs=1e-6)


def test_customer_profit_for_another_year():
    p = _profit(year=2024)
    assert p.index.tolist() == ["A", "D"]
    # A: 8 + 3 x 4 + 2 x 360 + 730 x 30 / 365 x 0.08 = 744.8;  D: 8 + 4 x 4 = 24 (no terms)
    assert p["cost_to_serve_eur"].tolist() == pytest.approx([744.8, 24.0])
    assert p["profit_eur"].tolist() == pytest.approx([300.0 - 744.8, -14.0])


def test_customer_profit_over_all_years_adds_the_years_up():
    p = _profit()
    assert p.index.tolist() == ["A", "B", "C", "D"]
    assert p["revenue_eur"].tolist() == pytest.approx([4380.0, 365.0, 0.0, 100.0])
    assert p["cost_to_serve_eur"].tolist() == pytest.approx([1368.8, 20.0, 1440.0, 24.0])
    assert p["profit_eur"].tolist() == pytest.approx([331.2, 280.0, -1440.0, -14.0])


def test_customer_profit_costs_each_year_at_its_own_rates():
    p = _profit(departments=toy_departments_by_year())
    # A: 744.8 (2024 rates) + 18 + 31.5 + 450 + 180 + 40 (2025 rates) = 1,464.3
    assert p["cost_to_serve_eur"].tolist() == pytest.approx([1464.3, 21.5, 1800.0, 24.0])
    assert p["profit_eur"].tolist() == pytest.approx([235.7, 278.5, -1800.0, -14.0])
    p25 = _profit(departments=toy_departments_by_year(), year=2025)
    assert p25["profit_eur"].tolist() == pytest.approx([680.5, 278.5, -1800.0])


def test_a_year_with_activity_but_no_orders():
    orders = toy_orders()
    orders = orders[orders["order_date"].dt.year == 2024]
    p = profit.customer_profit(orders, toy_activities(), toy_departments(), toy_unit_times(), year=2025)
    # A: 1 visit x 360 + 2.5 h x 72 = 540; B: support is not costed here, no revenue -> 0; C: 4 x 360
    assert p.index.tolist() == ["A", "B", "C"]
    assert (p["revenue_eur"] == 0).all()
    assert p["profit_eur"].tolist() == pytest.approx([-540.0, 0.0, -1440.0])


def test_cost_of_capital_changes_only_financing():
    without = _profit(year=2025, cost_of_capital=0)
    # A loses its 40 of financing, B its 8.
    assert without["cost_to_serve_eur"].tolist() == pytest.approx([584.0, 12.0, 1440.0])
    double = _profit(year=2025, cost_of_capital=0.16)
    assert double["cost_to_serve_eur"].tolist() == pytest.approx([664.0, 28.0, 1440.0])


def test_profit_is_gross_margin_minus_cost_to_serve():
    p = _profit(year=2025)
    np.testing.assert_array_equal(p["profit_eur"], p["gross_margin_eur"] - p["cost_to_serve_eur"])
    np.testing.assert_array_equal(p["gross_margin_eur"], p["revenue_eur"] - p["cost_of_goods_eur"])


def test_year_may_be_a_numpy_integer_or_a_whole_float():
    expected = _profit(year=2025)
    pd.testing.assert_frame_equal(_profit(year=np.int64(2025)), expected)
    pd.testing.assert_frame_equal(_profit(year=2025.0), expected)


def test_customer_profit_does_not_change_its_inputs():
    orders, activities = toy_orders(), toy_activities()
    profit.customer_profit(orders, activities, toy_departments(), toy_unit_times(), year=2025)
    pd.testing.assert_frame_equal(orders, toy_orders())
    pd.testing.assert_frame_equal(activities, toy_activities())


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "error", "message"), ORDERS_BAD)
def test_gross_margin_rejects_bad_orders(change, error, message):
    with pytest.raises(error, match=message):
        profit.gross_margin(change(toy_orders()))


def test_gross_margin_rejects_a_list_and_a_bad_per_year():
    with pytest.raises(TypeError, match="orders must be a pandas DataFrame, got list"):
        profit.gross_margin(toy_orders().to_dict("records"))
    with pytest.raises(TypeError, match="per_year must be True or False, got str 'yes'"):
        profit.gross_margin(toy_orders(), per_year="yes")


@pytest.mark.parametrize(("change", "error", "message"), ORDERS_BAD)
def test_customer_profit_rejects_bad_orders(change, error, message):
    with pytest.raises(error, match=message):
        profit.customer_profit(
            change(toy_orders()), toy_activities(), toy_departments(), toy_unit_times(), year=2025
        )


@pytest.mark.parametrize(("change", "error", "message"), ACTIVITIES_BAD)
def test_customer_profit_rejects_bad_activities(change, error, message):
    with pytest.raises(error, match=message):
        profit.customer_profit(
            toy_orders(), change(toy_activities()), toy_departments(), toy_unit_times(), year=2025
        )


@pytest.mark.parametrize(("change", "error", "message"), DEPARTMENTS_BAD)
def test_customer_profit_rejects_bad_departments(change, error, message):
    with pytest.raises(error, match=message):
        profit.customer_profit(toy_orders(), toy_activities(), change(toy_departments()), toy_unit_times())


@pytest.mark.parametrize(("change", "error", "message"), UNIT_TIMES_BAD)
def test_customer_profit_rejects_bad_unit_times(change, error, message):
    with pytest.raises(error, match=message):
        profit.customer_profit(toy_orders(), toy_activities(), toy_departments(), change(toy_unit_times()))


@pytest.mark.parametrize(
    ("year", "error", "message"),
    [
        ("2025", TypeError, "year must be a number, got str '2025'"),
        (True, TypeError, "year must be a number, got bool"),
        (2025.5, ValueError, "year must be a whole number, got 2025.5"),
        (np.nan, ValueError, "year must be a finite number, got nan"),
        (2020, ValueError, r"year 2020 is not in the data; years available: \[2024, 2025\]"),
    ],
)
def test_customer_profit_rejects_a_bad_year(year, error, message):
    with pytest.raises(error, match=message):
        _profit(year=year)


def test_customer_profit_needs_department_figures_for_the_year():
    deps = toy_departments_by_year()
    with pytest.raises(ValueError, match=r"departments has no rows for year 2025; it has year\(s\) \[2024\]"):
        _profit(departments=deps[deps["year"] == 2024], year=2025)
    with pytest.raises(ValueError, match=r"rates has no rates for year\(s\) \[2025\] that drivers needs"):
        _profit(departments=deps[deps["year"] == 2024])


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("8%", TypeError, "cost_of_capital must be a number, got str '8%'"),
        (-0.08, ValueError, "cost_of_capital must be >= 0, got -0.08"),
        (np.inf, ValueError, "cost_of_capital must be a finite number, got inf"),
    ],
)
def test_customer_profit_rejects_a_bad_cost_of_capital(value, error, message):
    with pytest.raises(error, match=message):
        _profit(year=2025, cost_of_capital=value)


def test_customer_profit_rejects_tables_that_are_not_dataframes():
    with pytest.raises(TypeError, match="activities must be a pandas DataFrame, got list"):
        profit.customer_profit(toy_orders(), [], toy_departments(), toy_unit_times())
    with pytest.raises(TypeError, match="departments must be a pandas DataFrame, got dict"):
        profit.customer_profit(toy_orders(), toy_activities(), {}, toy_unit_times())
