"""kamlab.value: total cost of ownership and value-in-use, against sums worked out by hand.

The capstone's worked example, by hand (one pump, 5-year life, 8 % a year, EUR 0.20 per kWh,
EUR 1,000 per hour of downtime):

=============== ========================== ==========================
step            Aldmoor                    best competitor
=============== ========================== ==========================
running a year  20,000 x 0.20 + 3 x 1,000  23,000 x 0.20 + 5 x 1,000
                + 600 = 7,600              + 900 = 10,500
annuity factor  1/1.08 + ... + 1/1.08^5 = 0.925926 + 0.857339 + 0.793832 + 0.735030
                + 0.680583 = 3.992710
running today   7,600 x 3.992710           10,500 x 3.992710
                = 30,344.60                = 41,923.46
TCO             12,000 + 30,344.60         9,500 + 41,923.46
                = 42,344.60                = 51,423.46
=============== ========================== ==========================

Value-in-use = 51,423.46 - 42,344.60 = 9,078.86; price ceiling = 12,000 + 9,078.86 = 21,078.86.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kamlab.toolkit import value

EXAMPLE = {
    "life_years": 5,
    "discount_rate": 0.08,
    "energy_eur_per_kwh": 0.20,
    "downtime_eur_per_hour": 1_000.0,
}


@pytest.fixture()
def offers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "price_eur": [12_000.0, 9_500.0],
            "energy_kwh_per_year": [20_000.0, 23_000.0],
            "downtime_hours_per_year": [3.0, 5.0],
            "maintenance_eur_per_year": [600.0, 900.0],
        },
        index=pd.Index(["aldmoor", "rival"], name="offer"),
    )


def test_the_hand_worked_example_step_by_step(offers):
    yearly = value.running_costs(offers, energy_eur_per_kwh=0.20, downtime_eur_per_hour=1_000.0)
    assert yearly.loc["aldmoor"].tolist() == [4_000.0, 3_000.0, 600.0, 7_600.0]
    assert yearly.loc["rival"].tolist() == [4_600.0, 5_000.0, 900.0, 10_500.0]
    factors = value.discount_factors(0.08, 5).round(6)
    assert factors.tolist() == [0.925926, 0.857339, 0.793832, 0.735030, 0.680583]
    assert round(value.annuity_factor(0.08, 5), 6) == 3.992710
    table = value.tco(offers, **EXAMPLE)
    assert table["tco_eur"].round(2).to_dict() == {"aldmoor": 42_344.60, "rival": 51_423.46}
    running_today = (table["tco_eur"] - table["price_eur"]).round(2)
    assert running_today.to_dict() == {"aldmoor": 30_344.60, "rival": 41_923.46}
    assert round(value.value_in_use(table, "aldmoor", "rival"), 2) == 9_078.86
    assert round(value.price_ceiling(table, "aldmoor", "rival"), 2) == 21_078.86


def test_tco_parts_add_up_and_the_price_is_not_discounted(offers):
    table = value.tco(offers, **EXAMPLE)
    assert list(table.columns) == [*value.COST_PARTS, "tco_eur"]
    assert np.allclose(table[list(value.COST_PARTS)].sum(axis=1), table["tco_eur"])
    assert table["price_eur"].tolist() == [12_000.0, 9_500.0]
    assert table.loc["aldmoor", "downtime_eur"] == pytest.approx(3_000 * 3.99271, abs=0.01)


def test_the_capstone_exercise_by_hand():
    """Nova: 7 years at 10 %, EUR 0.16 per kWh, EUR 1,800 an hour of downtime."""
    nova = pd.DataFrame(
        {
            "price_eur": [13_500.0, 9_500.0],
            "energy_kwh_per_year": [20_000.0, 23_000.0],
            "downtime_hours_per_year": [1.5, 4.0],
            "maintenance_eur_per_year": [1_100.0, 900.0],
        },
        index=["uptime", "rival"],
    )
    table = value.tco(
        nova, life_years=7, discount_rate=0.10, energy_eur_per_kwh=0.16, downtime_eur_per_hour=1_800
    )
    a = (1 - 1.1**-7) / 0.1  # 4.868419
    # running a year: 3,200 + 2,700 + 1,100 = 7,000 and 3,680 + 7,200 + 900 = 11,780
    assert table["tco_eur"].to_dict() == pytest.approx(
        {"uptime": 13_500 + 7_000 * a, "rival": 9_500 + 11_780 * a}
    )
    assert value.value_in_use(table, "uptime", "rival") == pytest.approx(4_780 * a - 4_000)


def test_zero_discount_rate_and_a_one_year_life(offers):
    assert value.annuity_factor(0.0, 4) == 4.0
    table = value.tco(
        offers, life_years=1, discount_rate=0.0, energy_eur_per_kwh=0.2, downtime_eur_per_hour=1_000
    )
    assert table["tco_eur"].tolist() == [12_000 + 7_600, 9_500 + 10_500]


def test_cumulative_cost_ends_at_the_tco_and_finds_the_break_even_year(offers):
    path = value.cumulative_cost(offers, **EXAMPLE)
    assert path.index.tolist() == [0, 1, 2, 3, 4, 5]
    assert path.iloc[0].tolist() == [12_000.0, 9_500.0]
    assert path.iloc[-1].to_dict() == pytest.approx(value.tco(offers, **EXAMPLE)["tco_eur"].to_dict())
    # year 1: 12,000 + 7,600 / 1.08 = 19,037.04 against 9,500 + 10,500 / 1.08 = 19,222.22
    assert value.break_even_year(path, "aldmoor", "rival") == 1
    assert value.break_even_year(path, "rival", "aldmoor") == 0
    never = pd.DataFrame({"a": [10.0, 20.0], "b": [5.0, 6.0]})
    assert value.break_even_year(never, "a", "b") is None


def test_relative_strength_weights_the_customer_criteria():
    kbc = pd.DataFrame(
        {"weight": [0.3, 0.2, 0.2, 0.15, 0.15], "aldmoor": [8, 8, 7, 5, 4], "rival": [6, 6, 5, 8, 8]},
        index=list("abcde"),
    )
    got = value.relative_strength(kbc)
    # 2.4 + 1.6 + 1.4 + 0.75 + 0.6 = 6.75 and 1.8 + 1.2 + 1.0 + 1.2 + 1.2 = 6.4
    assert got == pytest.approx({"aldmoor": 6.75, "rival": 6.4, "ratio": 6.75 / 6.4})


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"life_years": 0}, ValueError, "life_years must be at least 1 year, got 0"),
        ({"life_years": 5.5}, TypeError, "life_years must be a whole number of years"),
        ({"discount_rate": -0.1}, ValueError, "discount_rate must be >= 0.0"),
        ({"discount_rate": 8}, ValueError, "discount_rate must be <= 1.0, got 8.0"),
        ({"energy_eur_per_kwh": "0.2"}, TypeError, "energy_eur_per_kwh must be a number"),
    ],
)
def test_bad_settings_are_named(offers, change, error, message):
    with pytest.raises(error, match=message):
        value.tco(offers, **{**EXAMPLE, **change})


def test_bad_offers_name_the_column_and_row(offers):
    with pytest.raises(ValueError, match="offers is missing column\\(s\\) 'price_eur'"):
        value.tco(offers.drop(columns="price_eur"), **EXAMPLE)
    bad = offers.copy()
    bad.loc["rival", "downtime_hours_per_year"] = -1.0
    with pytest.raises(ValueError, match=r"offers\['downtime_hours_per_year'\] has -1.0 at row 'rival'"):
        value.tco(bad, **EXAMPLE)
    table = value.tco(offers, **EXAMPLE)
    with pytest.raises(ValueError, match="rival='competitor' is not an offer of the table"):
        value.value_in_use(table, "aldmoor", "competitor")
    with pytest.raises(ValueError, match="compare two different offers"):
        value.value_in_use(table, "aldmoor", "aldmoor")


def test_relative_strength_refuses_weights_that_do_not_add_up():
    kbc = pd.DataFrame({"weight": [0.5, 0.4], "aldmoor": [8, 5], "rival": [6, 7]}, index=["x", "y"])
    with pytest.raises(ValueError, match=r"kbc\['weight'\] add up to 0.9, not 1"):
        value.relative_strength(kbc)
