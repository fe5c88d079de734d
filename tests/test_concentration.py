"""kamlab.concentration: revenue concentration, whale curve and share of wallet, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kamlab.toolkit import concentration

REVENUE = pd.Series({"A": 10.0, "B": 70.0, "C": 5.0, "D": 10.0, "E": 5.0})  # total 100, not sorted
PROFIT = pd.Series({"A": 30.0, "B": -10.0, "C": 5.0})  # total 25

# --- revenue_concentration --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("top_share", "expected"),
    [
        (0.2, 0.70),  # top 1 of 5: 70 / 100
        (0.01, 0.70),  # at least one customer counts
        (0.21, 0.80),  # ceil(1.05) = 2 customers: (70 + 10) / 100
        (0.4, 0.80),  # exactly 2 customers
        (0.6, 0.90),  # 3 customers: 70 + 10 + 10
        (1.0, 1.00),  # everybody
    ],
)
def test_revenue_concentration(top_share, expected):
    assert concentration.revenue_concentration(REVENUE, top_share) == pytest.approx(expected)


def test_revenue_concentration_defaults_to_the_top_fifth():
    assert concentration.revenue_concentration(REVENUE) == pytest.approx(0.70)


def test_equal_customers_have_no_concentration():
    even = pd.Series(25.0, index=list("ABCD"))
    assert concentration.revenue_concentration(even, 0.5) == pytest.approx(0.5)


def test_revenue_concentration_accepts_integers_and_zero_revenue_customers():
    revenue = pd.Series({"A": 3, "B": 0, "C": 1})
    # top ceil(0.34 x 3) = 2 customers: (3 + 1) / 4
    assert concentration.revenue_concentration(revenue, 0.34) == pytest.approx(1.0)
    assert concentration.revenue_concentration(revenue, 0.3) == pytest.approx(0.75)


# --- whale_curve and whale_peak ---------------------------------------------------------------


def test_whale_curve_ranks_customers_by_profit():
    wc = concentration.whale_curve(PROFIT)
    assert wc.index.tolist() == ["A", "C", "B"]
    assert list(wc.columns) == [
        "rank",
        "customer_share",
        "profit_eur",
        "cumulative_profit_eur",
        "cumulative_profit_share",
    ]
    assert wc["rank"].tolist() == [1, 2, 3]
    assert wc["customer_share"].tolist() == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert wc["profit_eur"].tolist() == [30.0, 5.0, -10.0]
    assert wc["cumulative_profit_eur"].tolist() == pytest.approx([30.0, 35.0, 25.0])
    # 30 / 25, 35 / 25, 25 / 25
    assert wc["cumulative_profit_share"].tolist() == pytest.approx([1.2, 1.4, 1.0])


def test_whale_peak_is_profit_of_the_profitable_over_total_profit():
    assert concentration.whale_peak(PROFIT) == pytest.approx(1.4)  # 35 / 25
    # 100 earned, 50 given back: the peak is 100 / 50 = 2
    assert concentration.whale_peak(pd.Series({"A": 60.0, "B": 40.0, "C": -50.0})) == pytest.approx(2.0)


def test_without_loss_makers_the_peak_is_one():
    profit = pd.Series({"A": 3.0, "B": 1.0})
    assert concentration.whale_curve(profit)["cumulative_profit_share"].tolist() == pytest.approx([0.75, 1.0])
    assert concentration.whale_peak(profit) == pytest.approx(1.0)


def test_whale_curve_keeps_the_input_order_for_ties():
    wc = concentration.whale_curve(pd.Series({"X": 5.0, "Y": 5.0, "Z": 10.0}))
    assert wc.index.tolist() == ["Z", "X", "Y"]


# --- share_of_wallet --------------------------------------------------------------------------


def test_share_of_wallet_per_customer():
    revenue = pd.Series({"A": 20.0, "B": 0.0, "C": 50.0})
    wallet = pd.Series({"C": 50.0, "A": 80.0, "B": 10.0})  # other order: matched by customer
    share = concentration.share_of_wallet(revenue, wallet)
    assert share.name == "share_of_wallet"
    assert share.index.tolist() == ["A", "B", "C"]
    assert share.tolist() == pytest.approx([0.25, 0.0, 1.0])


# --- bad input --------------------------------------------------------------------------------


def _with(series: pd.Series, position: int, value: object) -> pd.Series:
    out = series.astype(object) if isinstance(value, str) else series.copy()
    out.iloc[position] = value
    return out


def series_problems(name: str, good: pd.Series, *, negative_allowed: bool) -> list:
    """Bad versions of a Series argument, the error each must raise and the message."""
    label = good.index[1]
    cases = [
        (good.to_list(), TypeError, f"{name} must be a pandas Series, got list"),
        (good.to_numpy(), TypeError, f"{name} must be a pandas Series, got ndarray"),
        (good.to_frame(), TypeError, f"{name} must be one column \\(a Series\\), got a DataFrame"),
        (good.iloc[:0], ValueError, f"{name} is empty"),
        (
            _with(good, 1, np.nan),
            ValueError,
            f"{name} has a missing value \\(nan\\) at row '{label}'; every value must be a finite number",
        ),
        (_with(good, 1, np.inf), ValueError, f"{name} has an infinite value \\(inf\\) at row '{label}'"),
        (
            _with(good, 1, "12"),
            TypeError,
            f"{name} has '12' \\(str\\) at row '{label}'; it must be numeric",
        ),
        (good.astype(str), TypeError, f"{name} has '.*' \\(str\\) at row '{good.index[0]}'"),
        (good > 0, TypeError, f"{name} has (True|False) \\(bool\\) at row"),
        (
            good.set_axis([good.index[0]] * len(good)),
            ValueError,
            f"{name} has customer '{good.index[0]}' twice in its index; each must appear once",
        ),
    ]
    if not negative_allowed:
        cases.append(
            (_with(good, 1, -1.0), ValueError, f"{name} has -1.0 at row '{label}'; every value must be >= 0")
        )
    return cases


@pytest.mark.parametrize(
    ("revenue", "error", "message"), series_problems("revenue", REVENUE, negative_allowed=False)
)
def test_revenue_concentration_rejects_bad_revenue(revenue, error, message):
    with pytest.raises(error, match=message):
        concentration.revenue_concentration(revenue, 0.2)


@pytest.mark.parametrize(
    ("top_share", "error", "message"),
    [
        (0, ValueError, r"top_share must be > 0, got 0.0"),
        (-0.2, ValueError, r"top_share must be > 0, got -0.2"),
        (20, ValueError, r"top_share must be <= 1, got 20.0"),
        ("20%", TypeError, "top_share must be a number, got str '20%'"),
        (np.nan, ValueError, "top_share must be a finite number, got nan"),
    ],
)
def test_revenue_concentration_rejects_a_bad_top_share(top_share, error, message):
    with pytest.raises(error, match=message):
        concentration.revenue_concentration(REVENUE, top_share)


def test_revenue_concentration_needs_some_revenue():
    with pytest.raises(ValueError, match="revenue adds up to 0; concentration needs some revenue"):
        concentration.revenue_concentration(REVENUE * 0, 0.2)


@pytest.mark.parametrize(
    ("profit", "error", "message"), series_problems("profit", PROFIT, negative_allowed=True)
)
def test_whale_curve_and_peak_reject_bad_profit(profit, error, message):
    with pytest.raises(error, match=message):
        concentration.whale_curve(profit)
    with pytest.raises(error, match=message):
        concentration.whale_peak(profit)


@pytest.mark.parametrize("profit", [pd.Series({"A": 10.0, "B": -10.0}), pd.Series({"A": -1.0}), PROFIT * 0])
def test_whale_curve_needs_a_positive_total_profit(profit):
    with pytest.raises(ValueError, match="profit adds up to .*, not above 0"):
        concentration.whale_curve(profit)
    with pytest.raises(ValueError, match="profit adds up to .*, not above 0"):
        concentration.whale_peak(profit)


@pytest.mark.parametrize(
    ("revenue", "error", "message"), series_problems("revenue", REVENUE, negative_allowed=False)
)
def test_share_of_wallet_rejects_bad_revenue(revenue, error, message):
    with pytest.raises(error, match=message):
        concentration.share_of_wallet(revenue, REVENUE * 2)


@pytest.mark.parametrize(
    ("wallet", "error", "message"), series_problems("wallet", REVENUE * 2, negative_allowed=False)
)
def test_share_of_wallet_rejects_a_bad_wallet(wallet, error, message):
    with pytest.raises(error, match=message):
        concentration.share_of_wallet(REVENUE, wallet)


def test_share_of_wallet_rejects_impossible_wallets():
    wallet = REVENUE * 2
    with pytest.raises(ValueError, match="customer 'E' is in revenue but not in the other"):
        concentration.share_of_wallet(REVENUE, wallet.drop("E"))
    with pytest.raises(ValueError, match="customer 'F' is in wallet but not in the other"):
        concentration.share_of_wallet(REVENUE, pd.concat([wallet, pd.Series({"F": 1.0})]))
    with pytest.raises(ValueError, match="wallet is 0 for customer 'C'; share of wallet needs a wallet > 0"):
        concentration.share_of_wallet(REVENUE.clip(upper=0), _with(wallet, 2, 0.0))
    with pytest.raises(ValueError, match="customer 'B' has revenue 70.00 above its wallet 60.00"):
        concentration.share_of_wallet(REVENUE, _with(wallet, 1, 60.0))
