"""kamlab.clv: lifetime value and the margin multiple, against sums worked out by hand.

With q = retention / (1 + discount_rate):

- ``timing="end"`` (first margin at the end of year one): m * (q + q**2 + ... + q**T);
- ``timing="now"`` (first margin today): m * (1 + q + ... + q**(T-1)).

The numbers below mostly use q = 0.5 (retention 0.6 and a 20 % discount rate, or retention 0.5
and no discount), where the sums are easy: 0.5 + 0.25 + 0.125 = 0.875.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kamlab.toolkit import clv

# --- margin_multiple --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retention", "discount_rate", "multiple"),
    [
        (0.9, 0.1, 4.5),  # 0.9 / (1.1 - 0.9): the course's example, not 10 years
        (0.6, 0.2, 1.0),  # 0.6 / 0.6
        (0.8, 0.0, 4.0),  # 0.8 / 0.2: no discounting
        (0.5, -0.2, 5 / 3),  # 0.5 / 0.3: a negative rate that still converges
        (0.0, 0.1, 0.0),  # a customer who never comes back is worth nothing after today
    ],
)
def test_margin_multiple(retention, discount_rate, multiple):
    assert clv.margin_multiple(retention, discount_rate) == pytest.approx(multiple)


def test_margin_multiple_is_the_infinite_end_of_year_value_of_one_euro():
    assert clv.lifetime_value(1.0, 0.9, 0.1) == pytest.approx(clv.margin_multiple(0.9, 0.1))
    assert clv.lifetime_value(1000.0, 0.9, 0.1) == pytest.approx(4500.0)


# --- lifetime_value: infinite horizon ---------------------------------------------------------


def test_infinite_horizon_end_of_year():
    # 1,000 x 0.6 / (1.2 - 0.6) = 1,000;  1,000 x 0.8 / (1.1 - 0.8) = 2,666.67
    assert clv.lifetime_value(1000.0, 0.6, 0.2) == pytest.approx(1000.0)
    assert clv.lifetime_value(1000.0, 0.8, 0.1) == pytest.approx(2666.6667, abs=1e-4)


def test_infinite_horizon_first_margin_now():
    # 1,000 x (1 + d) / (1 + d - r): 1,000 x 1.2 / 0.6 = 2,000;  1,000 x 1.1 / 0.2 = 5,500
    assert clv.lifetime_value(1000.0, 0.6, 0.2, timing="now") == pytest.approx(2000.0)
    assert clv.lifetime_value(1000.0, 0.9, 0.1, timing="now") == pytest.approx(5500.0)


def test_now_is_one_margin_more_than_end():
    for r, d in [(0.6, 0.2), (0.9, 0.1), (0.3, 0.0)]:
        end = clv.lifetime_value(250.0, r, d)
        now = clv.lifetime_value(250.0, r, d, timing="now")
        assert now == pytest.approx(250.0 + end)


# --- lifetime_value: finite horizon -----------------------------------------------------------


@pytest.mark.parametrize(
    ("horizon", "end", "now"),
    [
        (0, 0.0, 0.0),
        (1, 500.0, 1000.0),  # end: 1,000 x 0.5;  now: today's 1,000
        (2, 750.0, 1500.0),  # 1,000 x (0.5 + 0.25);  1,000 x (1 + 0.5)
        (3, 875.0, 1750.0),  # 1,000 x (0.5 + 0.25 + 0.125);  1,000 x (1 + 0.5 + 0.25)
    ],
)
def test_finite_horizon_both_timings(horizon, end, now):
    assert clv.lifetime_value(1000.0, 0.6, 0.2, horizon=horizon) == pytest.approx(end)
    assert clv.lifetime_value(1000.0, 0.6, 0.2, horizon=horizon, timing="now") == pytest.approx(now)


def test_finite_horizon_with_realistic_figures():
    # r = 0.8, d = 0.1: q = 0.727273; two years from the end of year one:
    # 1,000 x (0.727273 + 0.528926) = 1,256.20
    assert clv.lifetime_value(1000.0, 0.8, 0.1, horizon=2) == pytest.approx(1256.198, abs=1e-3)


def test_finite_horizon_converges_to_the_infinite_value():
    for timing in ("end", "now"):
        infinite = clv.lifetime_value(1000.0, 0.9, 0.1, timing=timing)
        gaps = [
            abs(infinite - clv.lifetime_value(1000.0, 0.9, 0.1, horizon=t, timing=timing))
            for t in (5, 20, 80)
        ]
        assert gaps[0] > gaps[1] > gaps[2]
        assert clv.lifetime_value(1000.0, 0.9, 0.1, horizon=1000, timing=timing) == pytest.approx(
            infinite, rel=1e-12
        )


def test_finite_horizon_works_where_the_infinite_series_diverges():
    # r = 0.5, d = -0.5: q = 1, every year is worth the full margin.
    assert clv.lifetime_value(100.0, 0.5, -0.5, horizon=3) == pytest.approx(300.0)
    assert clv.lifetime_value(100.0, 0.5, -0.5, horizon=3, timing="now") == pytest.approx(300.0)
    # r = 0.9, d = -0.25: q = 1.2; 100 x (1.2 + 1.44) = 264
    assert clv.lifetime_value(100.0, 0.9, -0.25, horizon=2) == pytest.approx(264.0)


# --- retention 0 and negative margins ---------------------------------------------------------


@pytest.mark.parametrize("horizon", [None, 1, 5])
def test_retention_zero(horizon):
    # The customer leaves before the first end of year; only today's margin (if counted) is left.
    assert clv.lifetime_value(1000.0, 0.0, 0.1, horizon=horizon) == 0.0
    assert clv.lifetime_value(1000.0, 0.0, 0.1, horizon=horizon, timing="now") == pytest.approx(1000.0)


def test_negative_margin_gives_negative_value():
    assert clv.lifetime_value(-1000.0, 0.9, 0.1) == pytest.approx(-4500.0)


# --- types in, types out ----------------------------------------------------------------------


def test_series_in_series_out_with_the_same_index():
    margin = pd.Series([1000.0, -200.0, 0.0], index=pd.Index(["C3", "C1", "C2"], name="customer_id"))
    value = clv.lifetime_value(margin, 0.6, 0.2)
    assert isinstance(value, pd.Series)
    assert value.index.equals(margin.index)
    assert value.name == "lifetime_value_eur"
    assert value.tolist() == pytest.approx([1000.0, -200.0, 0.0])


def test_retention_per_customer():
    margin = pd.Series([1000.0, 1000.0], index=["A", "B"])
    retention = pd.Series([0.6, 0.9], index=["A", "B"])
    # A: 0.6 / (1.1 - 0.6) = 1.2;  B: 0.9 / 0.2 = 4.5
    assert clv.lifetime_value(margin, retention, 0.1).tolist() == pytest.approx([1200.0, 4500.0])
    assert clv.lifetime_value(margin.to_numpy(), retention.to_numpy(), 0.1).tolist() == pytest.approx(
        [1200.0, 4500.0]
    )


def test_retention_series_is_matched_by_customer_not_by_position():
    margin = pd.Series([1000.0, 1000.0], index=["A", "B"])
    retention = pd.Series([0.9, 0.6, 0.5], index=["B", "A", "Z"])  # other order, one extra customer
    value = clv.lifetime_value(margin, retention, 0.1)
    assert value.index.tolist() == ["A", "B"]
    assert value.tolist() == pytest.approx([1200.0, 4500.0])


def test_array_in_array_out():
    value = clv.lifetime_value(np.array([1000.0, 2000.0]), 0.6, 0.2)
    assert isinstance(value, np.ndarray)
    assert value.tolist() == pytest.approx([1000.0, 2000.0])
    listed = clv.lifetime_value([1000, 2000], 0.6, 0.2, horizon=1)
    assert isinstance(listed, np.ndarray)
    assert listed.tolist() == pytest.approx([500.0, 1000.0])


def test_number_in_float_out():
    value = clv.lifetime_value(1000, 0.6, 0.2)
    assert type(value) is float
    assert value == pytest.approx(1000.0)
    assert type(clv.lifetime_value(np.float64(10.0), 0.5, 0.0)) is float


def test_number_with_retention_array_gives_an_array():
    value = clv.lifetime_value(1000.0, np.array([0.0, 0.6]), 0.2)
    assert value.tolist() == pytest.approx([0.0, 1000.0])


# --- bad input --------------------------------------------------------------------------------

MARGIN = pd.Series([100.0, 200.0], index=["A", "B"])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"margin": "100"}, TypeError, "margin must be a number, got str '100'"),
        ({"margin": None}, TypeError, "margin must be a number, got NoneType"),
        (
            {"margin": MARGIN.to_frame()},
            TypeError,
            "margin must be a number, an array or a Series, got a DataFrame",
        ),
        (
            {"margin": MARGIN.astype(str)},
            TypeError,
            r"margin has '100.0' \(str\) at row 'A'; it must be numeric",
        ),
        (
            {"margin": pd.Series([1.0, "x"], index=["A", "B"], dtype=object)},
            TypeError,
            r"margin has 'x' \(str\) at row 'B'; it must be numeric",
        ),
        ({"margin": MARGIN > 0}, TypeError, "margin has True"),
        ({"margin": [1.0, "x"]}, TypeError, "margin must hold numbers only"),
        (
            {"margin": np.array([True, False])},
            TypeError,
            "margin must hold numbers, got an array of dtype bool",
        ),
        (
            {"margin": MARGIN.where(MARGIN > 150)},
            ValueError,
            r"margin has a missing value \(nan\) at row 'A'; every value must be a finite number",
        ),
        (
            {"margin": np.array([1.0, np.inf])},
            ValueError,
            r"margin has an infinite value \(inf\) at position 1; every value must be a finite number",
        ),
        ({"margin": np.nan}, ValueError, "margin must be a finite number, got nan"),
        ({"margin": MARGIN.iloc[:0]}, ValueError, "margin is empty"),
        ({"margin": []}, ValueError, "margin is empty"),
        (
            {"margin": pd.Series([1.0, 2.0], index=["A", "A"])},
            ValueError,
            "margin has customer 'A' twice in its index; each must appear once",
        ),
        ({"retention": 1.0}, ValueError, r"retention must be < 1(\.0)?, got 1.0"),
        ({"retention": -0.1}, ValueError, r"retention must be >= 0(\.0)?, got -0.1"),
        ({"retention": "90%"}, TypeError, "retention must be a number, got str '90%'"),
        ({"retention": np.nan}, ValueError, "retention must be a finite number, got nan"),
        (
            {"retention": pd.Series([0.5, 1.0], index=["A", "B"])},
            ValueError,
            r"retention has 1.0 at row 'B'; every value must be in \[0, 1\)",
        ),
        (
            {"retention": np.array([0.5, -0.2])},
            ValueError,
            r"retention has -0.2 at position 1; every value must be in \[0, 1\)",
        ),
        (
            {"retention": pd.Series([0.5, np.nan], index=["A", "B"])},
            ValueError,
            r"retention has a missing value \(nan\) at row 'B'",
        ),
        (
            {"retention": pd.Series(["0.5", "0.6"], index=["A", "B"])},
            TypeError,
            r"retention has '0.5' \(str\) at row 'A'; it must be numeric",
        ),
        (
            {"retention": np.array([0.5, 0.5, 0.5])},
            ValueError,
            "retention has 3 values but margin has 2; give one retention per margin",
        ),
        (
            {"retention": pd.Series([0.5, 0.6], index=["A", "Z"])},
            ValueError,
            "retention has no value for customer 'B' that margin has",
        ),
        (
            {"retention": pd.Series([0.5, 0.6], index=[0, 1])},
            ValueError,
            "retention has no value for customer 'A' that margin has",
        ),
        (
            {"retention": pd.Series([0.5, 0.6, 0.7], index=["A", "B", "B"])},
            ValueError,
            "retention has customer 'B' twice in its index",
        ),
        ({"discount_rate": -1.0}, ValueError, r"discount_rate must be > -1(\.0)?, got -1.0"),
        ({"discount_rate": -1.5}, ValueError, r"discount_rate must be > -1(\.0)?, got -1.5"),
        ({"discount_rate": "10%"}, TypeError, "discount_rate must be a number, got str '10%'"),
        ({"discount_rate": np.inf}, ValueError, "discount_rate must be a finite number, got inf"),
        (
            {"discount_rate": -0.5},  # retention 0.5 / (1 - 0.5) = 1: the series never ends
            ValueError,
            r"discount_rate -0.5 with retention up to 0.5 makes the infinite series diverge",
        ),
        (
            {"retention": 0.95, "discount_rate": -0.1},  # 0.95 / 0.9 > 1
            ValueError,
            r"makes the infinite series diverge \(retention / \(1 \+ discount_rate\) must be < 1\)",
        ),
        ({"horizon": -1}, ValueError, "horizon must be >= 0 years, got -1"),
        ({"horizon": 2.5}, TypeError, "horizon must be a whole number of years or None, got 2.5"),
        ({"horizon": "10"}, TypeError, "horizon must be a whole number of years or None, got '10'"),
        ({"horizon": True}, TypeError, "horizon must be a whole number of years or None, got True"),
        ({"timing": "start"}, ValueError, "timing must be one of 'end', 'now'; got 'start'"),
        ({"timing": None}, ValueError, "timing must be one of 'end', 'now'; got None"),
    ],
)
def test_lifetime_value_rejects_bad_input(kwargs, error, message):
    args = {"margin": MARGIN, "retention": 0.5, "discount_rate": 0.1} | kwargs
    with pytest.raises(error, match=message):
        clv.lifetime_value(**args)


@pytest.mark.parametrize(
    ("retention", "discount_rate", "error", "message"),
    [
        (1.0, 0.1, ValueError, r"retention must be < 1, got 1.0"),
        (-0.01, 0.1, ValueError, r"retention must be >= 0, got -0.01"),
        ("0.9", 0.1, TypeError, "retention must be a number, got str '0.9'"),
        (np.array([0.9]), 0.1, TypeError, "retention must be a number, got ndarray"),
        (0.9, -1.0, ValueError, r"discount_rate must be > -1, got -1.0"),
        (0.9, None, TypeError, "discount_rate must be a number, got NoneType"),
        (0.9, np.nan, ValueError, "discount_rate must be a finite number, got nan"),
        (0.5, -0.5, ValueError, r"retention 0.5 with discount_rate -0.5 makes the series diverge"),
        (
            0.9,
            -0.2,
            ValueError,
            r"makes the series diverge \(retention / \(1 \+ discount_rate\) must be < 1\)",
        ),
    ],
)
def test_margin_multiple_rejects_bad_input(retention, discount_rate, error, message):
    with pytest.raises(error, match=message):
        clv.margin_multiple(retention, discount_rate)


# --- realised_retention: what the books show ---------------------------------------------------


def _orders(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {"customer_id": [c for c, _ in rows], "order_date": pd.to_datetime([d for _, d in rows])}
    )


TOY_ORDERS = _orders(
    [
        ("A", "2024-01-15"),
        ("A", "2025-11-02"),
        ("B", "2024-06-30"),  # B stops buying after 2024
        ("C", "2024-12-31"),
        ("C", "2025-01-01"),
        ("D", "2025-03-03"),  # D joins in 2025: not one of 2024's customers
        ("E", "2023-05-05"),  # E was lost in 2024 already
    ]
)


def test_realised_retention_of_last_years_customers():
    # 2024's customers: A, B, C; still buying in 2025: A and C -> 2 / 3. D (new) does not count.
    assert clv.realised_retention(TOY_ORDERS, 2025) == pytest.approx(2 / 3)
    # 2023's customer E did not buy in 2024
    assert clv.realised_retention(TOY_ORDERS, 2024) == 0.0


def test_realised_retention_of_chosen_accounts():
    assert clv.realised_retention(TOY_ORDERS, 2025, ["B", "C"]) == 0.5
    assert clv.realised_retention(TOY_ORDERS, 2025, ("A", "A", "C")) == 1.0  # each account counts once
    assert clv.realised_retention(TOY_ORDERS, 2025, pd.Index(["E"])) == 0.0


def test_realised_retention_on_aldmoor_sets_the_books_against_the_estimates(tables):
    orders, customers = tables["orders"], tables["customers"].set_index("customer_id")
    years = orders["order_date"].dt.year
    in_2024 = set(orders.loc[years == 2024, "customer_id"])
    in_2025 = set(orders.loc[years == 2025, "customer_id"])
    realised = clv.realised_retention(orders, 2025)
    assert realised == pytest.approx(len(in_2024 & in_2025) / len(in_2024))
    lost_2025 = customers.index[customers["status"] == "lost"].intersection(sorted(in_2024))
    assert realised == pytest.approx(1 - len(lost_2025) / len(in_2024))
    assert 0.8 < realised < 0.95  # some customers stop buying: the books no longer show 100 %


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"orders": TOY_ORDERS.drop(columns="order_date")}, ValueError, "orders is missing column"),
        (
            {"orders": TOY_ORDERS.assign(order_date=TOY_ORDERS["order_date"].astype(str))},
            TypeError,
            "must be dates",
        ),
        ({"year": 2025.5}, ValueError, "year must be a whole number"),
        ({"year": 2030}, ValueError, "orders has no order in 2029"),
        ({"customers": "A"}, TypeError, "customers must be a list"),
        ({"customers": []}, ValueError, "customers is empty"),
    ],
)
def test_realised_retention_rejects_bad_input(kwargs, error, message):
    args = {"orders": TOY_ORDERS, "year": 2025, **kwargs}
    with pytest.raises(error, match=message):
        clv.realised_retention(**args)
