"""Incentive plans: splitting a bonus budget by revenue or by lifetime value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamlab
from kamlab.toolkit import incentives

TOY = pd.DataFrame(
    {"revenue_eur": [900.0, 300.0, 100.0], "lifetime_value_eur": [-200.0, 150.0, 50.0]},
    index=["K", "P", "N"],
)
PLANS = {"pay on revenue": "revenue_eur", "pay on lifetime value": "lifetime_value_eur"}


def test_split_budget_is_proportional_and_pays_nothing_for_negative_metrics():
    pay = incentives.split_budget(TOY["lifetime_value_eur"], 1000)
    assert pay.to_dict() == {"K": 0.0, "P": 750.0, "N": 250.0}
    assert pay.name == "payout_eur"


@given(
    st.lists(st.floats(-1e7, 1e7, allow_nan=False), min_size=1, max_size=30),
    st.floats(0, 1e6, allow_nan=False),
)
def test_split_budget_adds_up_to_the_budget_and_never_pays_negative(metric, budget):
    series = pd.Series(metric, index=[f"C{i}" for i in range(len(metric))])
    if (series.clip(lower=0).sum()) <= 0:
        with pytest.raises(ValueError, match="nothing to share"):
            incentives.split_budget(series, budget)
        return
    pay = incentives.split_budget(series, budget)
    assert (pay >= 0).all()
    assert np.isclose(pay.sum(), budget, rtol=1e-9, atol=1e-6)
    assert (pay[series <= 0] == 0).all()


def test_compare_plans_gives_one_column_per_plan_on_the_same_budget():
    pay = incentives.compare_plans(TOY, PLANS, 500)
    assert list(pay.columns) == list(PLANS)
    assert list(pay.index) == ["K", "P", "N"]
    assert np.allclose(pay.sum(), 500)
    assert pay.loc["K", "pay on revenue"] > pay.loc["P", "pay on revenue"]
    assert pay.loc["K", "pay on lifetime value"] == 0


def test_share_paid_for_value_destroyers():
    pay = incentives.compare_plans(TOY, PLANS, 1300)
    share = incentives.paid_for_value_destroyers(pay, TOY["lifetime_value_eur"])
    assert share["pay on revenue"] == pytest.approx(900 / 1300)
    assert share["pay on lifetime value"] == 0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: incentives.split_budget(TOY, 10), TypeError, "DataFrame"),
        (lambda: incentives.split_budget([1.0, 2.0], 10), TypeError, "Series"),
        (lambda: incentives.split_budget(TOY["revenue_eur"], -1), ValueError, "budget must be >= 0"),
        (lambda: incentives.split_budget(TOY["revenue_eur"], "10"), TypeError, "budget must be a number"),
        (lambda: incentives.split_budget(pd.Series([-1.0, 0.0]), 10), ValueError, "nothing to share"),
        (lambda: incentives.split_budget(pd.Series(["a"]), 10), TypeError, "numeric"),
        (lambda: incentives.split_budget(pd.Series([1.0, np.nan]), 10), ValueError, "missing"),
        (
            lambda: incentives.split_budget(pd.Series([1.0, 2.0], index=["A", "A"]), 10),
            ValueError,
            "'A' twice",
        ),
        (lambda: incentives.compare_plans(TOY, {}, 10), TypeError, "non-empty"),
        (lambda: incentives.compare_plans(TOY, {"x": "profit_eur"}, 10), ValueError, "'profit_eur'"),
        (
            lambda: incentives.paid_for_value_destroyers(
                incentives.compare_plans(TOY, PLANS, 10), pd.Series({"K": 1.0})
            ),
            ValueError,
            "same accounts",
        ),
        (
            lambda: incentives.paid_for_value_destroyers(
                pd.DataFrame({"a": [-1.0]}, index=["K"]), pd.Series({"K": 1.0})
            ),
            ValueError,
            ">= 0",
        ),
        (
            lambda: incentives.paid_for_value_destroyers(
                pd.DataFrame({"a": [0.0]}, index=["K"]), pd.Series({"K": 1.0})
            ),
            ValueError,
            "pays nothing",
        ),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_on_aldmoor_the_revenue_plan_pays_for_kestrel_and_the_value_plan_does_not(tables, profit_2025):
    customers = tables["customers"].set_index("customer_id")
    kestrel = customers.index[customers["name"] == "Kestrel Foods Group"][0]
    table = profit_2025.assign(
        lifetime_value_eur=kamlab.lifetime_value(
            profit_2025["profit_eur"], customers["expected_retention"].reindex(profit_2025.index), 0.10
        )
    )
    pay = incentives.compare_plans(table, PLANS, 250_000)
    assert pay.loc[kestrel, "pay on revenue"] > 10_000
    assert pay.loc[kestrel, "pay on lifetime value"] == 0
    assert pay["pay on revenue"].rank(ascending=False)[kestrel] <= 5
    share = incentives.paid_for_value_destroyers(pay, table["lifetime_value_eur"])
    assert share["pay on revenue"] > 0.2
    assert share["pay on lifetime value"] == 0
