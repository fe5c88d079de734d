"""Step 4 toolkit: criteria, weighted scores, quadrants, the programme and its sensitivity."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kamlab.toolkit import plots_selection, selection

matplotlib.use("Agg")

KESTREL, BRAMLEY, NOVA = "C0135", "C0084", "C0099"


@pytest.fixture
def customers() -> pd.DataFrame:
    """Three customers small enough to score by hand."""
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "wallet_eur": [1000.0, 400.0, 50.0],
            "wallet_growth": [0.02, 0.10, -0.01],
            "strategic_fit": [5, 3, 1],
            "innovation_potential": [3, 5, 1],
            "price_sensitivity": [5, 1, 3],
            "relationship_strength": [2, 4, 1],
            "product_fit": [4, 4, 2],
        }
    )


@pytest.fixture
def revenue() -> pd.Series:
    return pd.Series({"A": 500.0, "B": 100.0, "C": 5.0})


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def aldmoor(request) -> dict:
    customers = request.getfixturevalue("active_customers")
    profit = request.getfixturevalue("profit_2025")
    criteria = selection.criteria_table(customers, profit["revenue_eur"])
    return {
        "customers": customers.set_index("customer_id"),
        "profit": profit,
        "criteria": criteria,
        "portfolio": selection.portfolio(criteria),
    }


# --- scaling to 0-1 -------------------------------------------------------------------------------


def test_percentile_rank_by_hand():
    got = selection.percentile_rank(pd.Series({"A": 3.0, "B": 1.0, "C": 2.0, "D": 2.0, "E": 9.0}))
    # ranks 4, 1, 2.5, 2.5, 5 -> (rank - 1) / 4
    assert got.tolist() == [0.75, 0.0, 0.375, 0.375, 1.0]
    assert selection.percentile_rank(pd.Series({"A": 7.0})).tolist() == [0.5]


def test_percentile_rank_rejects_bad_input():
    with pytest.raises(TypeError, match="Series"):
        selection.percentile_rank([1.0, 2.0])
    with pytest.raises(ValueError, match="wallet_eur has .*missing"):
        selection.percentile_rank(pd.Series([1.0, np.nan], name="wallet_eur"))


def test_criteria_table_by_hand(customers, revenue):
    got = selection.criteria_table(customers, revenue)
    assert list(got.columns) == [*selection.ATTRACTIVENESS_CRITERIA, *selection.STRENGTH_CRITERIA]
    assert list(got.index) == ["A", "B", "C"]
    # wallet ranks 3, 2, 1 -> 1, 0.5, 0; growth ranks 2, 3, 1 -> 0.5, 1, 0
    # price 5, 1, 3 -> (5 - x) / 4 = 0, 1, 0.5; fit 5, 3, 1 -> 1, 0.5, 0; innovation 3, 5, 1 -> 0.5, 1, 0
    # share of wallet 500/1000, 100/400, 5/50; relationship 2, 4, 1 -> 0.25, 0.75, 0; product 4, 4, 2
    expected = pd.DataFrame(
        [
            [1.0, 0.5, 0.0, 1.0, 0.5, 0.5, 0.25, 0.75],
            [0.5, 1.0, 1.0, 0.5, 1.0, 0.25, 0.75, 0.75],
            [0.0, 0.0, 0.5, 0.0, 0.0, 0.1, 0.0, 0.25],
        ],
        index=got.index,
        columns=got.columns,
    )
    pd.testing.assert_frame_equal(got, expected)


def test_criteria_table_accepts_customer_id_as_index(customers, revenue):
    a = selection.criteria_table(customers, revenue)
    b = selection.criteria_table(customers.set_index("customer_id"), revenue.iloc[::-1])
    pd.testing.assert_frame_equal(a, b)


def test_criteria_on_aldmoor_lie_between_0_and_1(aldmoor):
    crit = aldmoor["criteria"]
    assert len(crit) == len(aldmoor["customers"]) > 200
    assert crit.notna().all().all()
    assert ((crit >= 0) & (crit <= 1)).all().all()
    assert crit.loc[NOVA, "wallet_growth"] == 1.0  # the fastest-growing wallet of all


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        (lambda c: c.drop(columns="product_fit"), ValueError, ["missing column(s) 'product_fit'"]),
        (
            lambda c: c.assign(strategic_fit=[5, 6, 1]),
            ValueError,
            ["customers['strategic_fit']", "<= 5", "6"],
        ),
        (
            lambda c: c.assign(price_sensitivity=[5, 0, 1]),
            ValueError,
            ["['price_sensitivity']", "row 1", ">= 1"],
        ),
        (lambda c: c.assign(wallet_eur=["1", "2", "3"]), TypeError, ["customers['wallet_eur']", "numeric"]),
        (lambda c: c.assign(customer_id=["A", "A", "C"]), ValueError, ["'customer_id'", "'A'", "once"]),
        (lambda c: c.to_dict(), TypeError, ["customers must be a pandas DataFrame"]),
    ],
)
def test_criteria_table_names_the_bad_column(customers, revenue, change, error, words):
    with pytest.raises(error) as info:
        selection.criteria_table(change(customers), revenue)
    for word in words:
        assert word in str(info.value)


def test_criteria_table_checks_revenue(customers, revenue):
    with pytest.raises(TypeError, match="revenue must be a pandas Series"):
        selection.criteria_table(customers, revenue.to_dict())
    with pytest.raises(ValueError, match="customer 'D' is in revenue but not in the other"):
        selection.criteria_table(customers, pd.concat([revenue, pd.Series({"D": 1.0})]))
    with pytest.raises(ValueError, match="above its wallet"):
        selection.criteria_table(customers, revenue.replace(500.0, 5000.0))


# --- weights and scores ---------------------------------------------------------------------------


def test_weighted_score_by_hand(customers, revenue):
    crit = selection.criteria_table(customers, revenue)
    got = selection.weighted_score(crit, {"wallet_size": 0.5, "strategic_fit": 0.3, "share_of_wallet": 0.2})
    # A: 0.5*1 + 0.3*1 + 0.2*0.5 = 0.9; B: 0.25 + 0.15 + 0.05 = 0.45; C: 0 + 0 + 0.02
    assert got.round(12).tolist() == [0.9, 0.45, 0.02]
    assert got.name == "score"


def test_default_weights_add_up_to_one_and_name_known_criteria():
    for weights, axis in (
        (selection.DEFAULT_ATTRACTIVENESS_WEIGHTS, selection.ATTRACTIVENESS_CRITERIA),
        (selection.DEFAULT_STRENGTH_WEIGHTS, selection.STRENGTH_CRITERIA),
    ):
        assert sum(weights.values()) == pytest.approx(1.0)
        assert set(weights) == set(axis)
    assert set(selection.CRITERIA) == {*selection.ATTRACTIVENESS_CRITERIA, *selection.STRENGTH_CRITERIA}


def test_weighted_score_tolerates_rounding_in_the_weights(customers, revenue):
    crit = selection.criteria_table(customers, revenue)
    third = {"wallet_size": 1 / 3, "strategic_fit": 1 / 3, "product_fit": 1 / 3 + 5e-7}
    assert selection.weighted_score(crit, third).between(0, 1).all()


@pytest.mark.parametrize(
    ("weights", "error", "words"),
    [
        ({"wallet_size": 0.5, "strategic_fit": 0.4}, ValueError, "add up to 0.9, not 1"),
        ({"wallet_size": 4, "strategic_fit": 6}, ValueError, "add up to 10, not 1"),
        ({"wallet_size": 1.2, "strategic_fit": -0.2}, ValueError, "weights['strategic_fit'] must be >= 0"),
        ({"wallet_size": 0.5, "size_of_ego": 0.5}, ValueError, "unknown criterion 'size_of_ego'"),
        ({"wallet_size": "half", "strategic_fit": 0.5}, TypeError, "weights['wallet_size'] must be a number"),
        ([("wallet_size", 1.0)], TypeError, "weights must be a dict"),
        ({}, ValueError, "weights is empty"),
    ],
)
def test_weighted_score_rejects_bad_weights(customers, revenue, weights, error, words):
    crit = selection.criteria_table(customers, revenue)
    with pytest.raises(error) as info:
        selection.weighted_score(crit, weights)
    assert words in str(info.value)


def test_weighted_score_rejects_unscaled_criteria(customers):
    raw = customers.set_index("customer_id")
    with pytest.raises(ValueError, match=r"criteria\['strategic_fit'\].*<= 1.*0-1 scale first"):
        selection.weighted_score(raw, {"strategic_fit": 1.0})


def test_normalise_weights_divides_by_the_total():
    got = selection.normalise_weights(
        {"wallet_size": 4, "wallet_growth": 2, "strategic_fit": 2, "product_fit": 2}
    )
    assert got == {"wallet_size": 0.4, "wallet_growth": 0.2, "strategic_fit": 0.2, "product_fit": 0.2}
    with pytest.raises(ValueError, match="add up to 0"):
        selection.normalise_weights({"wallet_size": 0})
    with pytest.raises(ValueError, match=r"raw\['wallet_size'\] must be >= 0"):
        selection.normalise_weights({"wallet_size": -1, "strategic_fit": 3})
    with pytest.raises(TypeError, match="dict"):
        selection.normalise_weights([1, 2])


def test_shift_weight_keeps_the_others_in_proportion():
    got = selection.shift_weight({"a": 0.5, "b": 0.3, "c": 0.2}, "a", 0.8)
    assert got == pytest.approx({"a": 0.8, "b": 0.12, "c": 0.08})
    assert sum(got.values()) == pytest.approx(1.0)
    assert selection.shift_weight({"a": 1.0, "b": 0.0}, "a", 1.0) == {"a": 1.0, "b": 0.0}
    with pytest.raises(ValueError, match="cannot move below 1"):
        selection.shift_weight({"a": 1.0, "b": 0.0}, "a", 0.5)
    with pytest.raises(ValueError, match="criterion 'z' is not in weights"):
        selection.shift_weight({"a": 1.0}, "z", 0.5)
    with pytest.raises(ValueError, match="value must be <= 1"):
        selection.shift_weight({"a": 0.5, "b": 0.5}, "a", 1.5)


# --- quadrants ------------------------------------------------------------------------------------


def test_quadrants_by_hand_with_inclusive_thresholds():
    s = pd.DataFrame(
        {"attractiveness": [0.5, 0.5, 0.49, 0.49, 0.9], "strength": [0.5, 0.49, 0.5, 0.49, 0.65]},
        index=list("ABCDE"),
    )
    assert selection.classify_quadrants(s).tolist() == [
        "key",
        "key development",
        "maintenance",
        "opportunistic",
        "key",
    ]
    stricter = selection.classify_quadrants(s, attractiveness_threshold=0.6, strength_threshold=0.7)
    assert stricter.tolist() == ["opportunistic"] * 4 + ["key development"]
    assert set(selection.QUADRANTS) == {"key", "key development", "maintenance", "opportunistic"}


def test_quadrants_reject_bad_input():
    s = pd.DataFrame({"attractiveness": [0.5], "strength": [0.5]}, index=["A"])
    with pytest.raises(ValueError, match="missing column"):
        selection.classify_quadrants(s.drop(columns="strength"))
    with pytest.raises(ValueError, match="attractiveness_threshold must be <= 1"):
        selection.classify_quadrants(s, attractiveness_threshold=50)
    with pytest.raises(ValueError, match=r"scores\['strength'\].*(<= 1.*'A'|'A'.*<= 1)"):
        selection.classify_quadrants(s.assign(strength=3.0))
    with pytest.raises(ValueError, match="customer 'A' twice"):
        selection.classify_quadrants(pd.concat([s, s]))


def test_story_accounts_land_where_the_course_says(aldmoor):
    pf = aldmoor["portfolio"]
    assert pf.loc[NOVA, "quadrant"] == "key development"  # attractive, we hold 5 % of its wallet
    assert pf.loc[BRAMLEY, "quadrant"] == "maintenance"  # we are strong there; it is not attractive
    assert pf.loc[KESTREL, "quadrant"] == "maintenance"  # huge, shrinking and price-hungry
    assert pf["attractiveness"].idxmax() == NOVA
    assert pf["quadrant"].value_counts().min() > 30  # every quadrant is populated


# --- the programme --------------------------------------------------------------------------------


def _scores(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"attractiveness": values}, index=[f"K{i}" for i in range(len(values))])


def test_select_programme_by_hand():
    s = _scores([0.9, 0.8, 0.7, 0.7, 0.6, 0.55, 0.5, 0.45])
    profit = pd.Series([5.0, -1.0, 3.0, 3.0, 0.0, 2.0, 9.0, 99.0], index=s.index)
    # K1 loses money; K7 is not attractive; K2 and K3 tie and go in id order
    assert selection.select_programme(s, profit, size=5) == ["K0", "K2", "K3", "K4", "K5"]
    assert selection.select_programme(s, profit, size=6) == ["K0", "K2", "K3", "K4", "K5", "K6"]
    assert selection.select_programme(s, profit, size=5, min_profit=2.5) == ["K0", "K2", "K3", "K6"]
    frame = pd.DataFrame({"profit_eur": profit, "revenue_eur": 1.0})
    assert selection.select_programme(s, frame, size=5, attractiveness_threshold=0.8) == ["K0"]


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"size": 40}, ValueError, "rule of thumb is 5 to 25"),
        ({"size": 3}, ValueError, "Start small"),
        ({"size": 12.0}, TypeError, "size must be a whole number"),
        ({"size": True}, TypeError, "size must be a whole number"),
        ({"size": 10, "attractiveness_threshold": -0.1}, ValueError, "attractiveness_threshold must be >= 0"),
        ({"size": 10, "min_profit": float("nan")}, ValueError, "min_profit must be a finite number"),
    ],
)
def test_select_programme_rejects_bad_settings(kwargs, error, words):
    s = _scores([0.9, 0.8])
    with pytest.raises(error) as info:
        selection.select_programme(s, pd.Series([1.0, 1.0], index=s.index), **kwargs)
    assert words in str(info.value)


def test_select_programme_needs_profit_for_every_customer():
    s = _scores([0.9, 0.8])
    with pytest.raises(ValueError, match="profit has no value for customer 'K1'"):
        selection.select_programme(s, pd.Series({"K0": 1.0}), size=5)
    with pytest.raises(ValueError, match="without a 'profit_eur' column"):
        selection.select_programme(s, pd.DataFrame({"revenue_eur": [1.0, 2.0]}, index=s.index), size=5)
    with pytest.raises(ValueError, match="scores is missing column"):
        selection.select_programme(s.rename(columns=str.upper), pd.Series(1.0, index=s.index), size=5)


def test_top_n_breaks_ties_by_id_and_checks_n():
    assert selection.top_n(pd.Series({"B": 2.0, "A": 2.0, "C": 3.0}), 2) == ["C", "A"]
    with pytest.raises(ValueError, match="whole number"):
        selection.top_n(pd.Series({"A": 1.0}), 1.5)


def test_aldmoor_programme_takes_the_rising_star_and_resists_size_and_friendship(aldmoor):
    pf, profit, cust = aldmoor["portfolio"], aldmoor["profit"], aldmoor["customers"]
    programme = selection.select_programme(pf, profit, size=12)
    assert len(programme) == 12 and programme[0] == NOVA
    assert KESTREL not in programme and BRAMLEY not in programme
    assert (profit.loc[programme, "profit_eur"] >= 0).all()
    assert set(pf.loc[programme, "quadrant"]) <= {"key", "key development"}
    by_revenue = selection.top_n(profit["revenue_eur"], 12)
    by_tenure = selection.top_n(cust["tenure_years"], 12)
    assert KESTREL in by_revenue and BRAMLEY in by_tenure
    table = selection.compare_picks(
        {"criteria": programme, "by revenue": by_revenue, "by tenure": by_tenure},
        pf,
        profit,
        customers=cust,
    )
    assert table.loc["criteria", "loss_makers"] == 0
    assert table.loc["by revenue", "loss_makers"] >= 3 and table.loc["by tenure", "loss_makers"] >= 3
    assert table.loc["criteria", "profit_eur"] > table.loc["by revenue", "profit_eur"]
    assert table.loc["criteria", "open_wallet_eur"] > table.loc["by tenure", "open_wallet_eur"]
    assert table.loc["criteria", "mean_wallet_growth"] > 2 * table.loc["by revenue", "mean_wallet_growth"]


# --- sensitivity and comparison -------------------------------------------------------------------


def test_weight_sensitivity_on_aldmoor(aldmoor):
    grid = [0.0, 0.25, 0.5]
    table = selection.weight_sensitivity(
        aldmoor["criteria"],
        selection.DEFAULT_ATTRACTIVENESS_WEIGHTS,
        "wallet_growth",
        grid,
        aldmoor["profit"],
        size=12,
    )
    assert table["weight"].tolist() == grid
    assert list(table.columns) == ["weight", "accounts", "kept", "overlap", "added", "dropped", "programme"]
    base = table.loc[1]
    assert base["kept"] == 12 and base["overlap"] == 1.0 and base["added"] == () == base["dropped"]
    assert (table["kept"] + table["added"].map(len) == table["accounts"]).all()
    assert all(NOVA in p and KESTREL not in p for p in table["programme"])


def test_weight_sensitivity_rejects_bad_input(aldmoor):
    args = (aldmoor["criteria"], selection.DEFAULT_ATTRACTIVENESS_WEIGHTS)
    with pytest.raises(ValueError, match="criterion 'share_of_wallet' is not in weights"):
        selection.weight_sensitivity(*args, "share_of_wallet", [0.1], aldmoor["profit"], size=12)
    with pytest.raises(ValueError, match="grid value must be <= 1"):
        selection.weight_sensitivity(*args, "wallet_size", [0.1, 2.0], aldmoor["profit"], size=12)
    with pytest.raises(ValueError, match="grid is empty"):
        selection.weight_sensitivity(*args, "wallet_size", [], aldmoor["profit"], size=12)


def test_compare_picks_by_hand_and_bad_input():
    s = pd.DataFrame({"attractiveness": [0.9, 0.2, 0.7]}, index=["A", "B", "C"])
    p = pd.DataFrame({"revenue_eur": [100.0, 900.0, 50.0], "profit_eur": [20.0, -40.0, 5.0]}, index=s.index)
    got = selection.compare_picks({"criteria": {"A", "C"}, "by revenue": ["B", "A", "B"]}, s, p)
    assert got.loc["by revenue"].to_dict() == {
        "accounts": 2,
        "revenue_eur": 1000.0,
        "profit_eur": -20.0,
        "loss_makers": 1,
        "attractive_accounts": 1,
        "mean_attractiveness": pytest.approx(0.55),
    }
    with pytest.raises(ValueError, match=r"picks\['x'\] has 'Z'"):
        selection.compare_picks({"x": ["Z"]}, s, p)
    with pytest.raises(TypeError, match="list of customer ids"):
        selection.compare_picks({"x": "ABC"}, s, p)
    with pytest.raises(ValueError, match="picks is empty"):
        selection.compare_picks({}, s, p)
    with pytest.raises(ValueError, match=r"picks\['x'\] is empty"):
        selection.compare_picks({"x": []}, s, p)


# --- charts ---------------------------------------------------------------------------------------


def test_portfolio_chart_has_what_a_manager_needs(aldmoor):
    pf, profit = aldmoor["portfolio"], aldmoor["profit"]
    programme = selection.select_programme(pf, profit, size=12)
    fig, ax = plots_selection.plot_portfolio(
        pf,
        bubble=profit["revenue_eur"],
        profit=profit["profit_eur"],
        selected=programme,
        labels={NOVA: "Nova Drive Robotics", KESTREL: "Kestrel Foods Group"},
        title="Aldmoor's portfolio",
    )
    assert ax.get_title() == "Aldmoor's portfolio"
    assert "strength" in ax.get_xlabel() and "attractiveness" in ax.get_ylabel().lower()
    texts = {t.get_text() for t in ax.texts}
    assert {"KEY", "KEY DEVELOPMENT", "MAINTENANCE", "OPPORTUNISTIC", "Nova Drive Robotics"} <= texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "loses money after cost to serve" in legend and "in the programme" in legend
    assert any(t.startswith("revenue EUR") for t in legend)
    fig.canvas.draw()


def test_portfolio_chart_rejects_unknown_customers():
    s = pd.DataFrame({"attractiveness": [0.9], "strength": [0.2]}, index=["A"])
    with pytest.raises(ValueError, match="selected has 'Z'"):
        plots_selection.plot_portfolio(s, selected=["Z"])
    with pytest.raises(ValueError, match="labels has 'Z'"):
        plots_selection.plot_portfolio(s, labels={"Z": "Zed"})
    with pytest.raises(ValueError, match="bubble has no value for customer 'A'"):
        plots_selection.plot_portfolio(s, bubble=pd.Series({"B": 1.0}))
    with pytest.raises(TypeError, match="profit must be a pandas Series"):
        plots_selection.plot_portfolio(s, profit=[1.0])


def test_sensitivity_chart(aldmoor):
    table = selection.weight_sensitivity(
        aldmoor["criteria"],
        selection.DEFAULT_ATTRACTIVENESS_WEIGHTS,
        "wallet_size",
        [0.0, 0.3, 0.6],
        aldmoor["profit"],
        size=10,
    )
    fig, ax = plots_selection.plot_sensitivity(table, criterion="wallet_size", base_weight=0.3)
    assert ax.get_xlabel() == "Weight of wallet size in attractiveness"
    assert ax.get_ylabel() == "Accounts in the programme"
    with pytest.raises(ValueError, match="criterion 'charm' is not one of"):
        plots_selection.plot_sensitivity(table, criterion="charm")


def test_programme_rings_stand_clear_of_even_the_smallest_bubble(aldmoor):
    """A programme member that buys little must still be easy to spot on the matrix."""
    pf, profit = aldmoor["portfolio"], aldmoor["profit"]
    programme = selection.select_programme(pf, profit, size=12)
    fig, ax = plots_selection.plot_portfolio(pf, bubble=profit["revenue_eur"], selected=programme)
    bubbles, rings = ax.collections[0], ax.collections[1]
    assert len(rings.get_sizes()) == 12 and (rings.get_sizes() >= plots_selection.RING_MIN).all()
    smallest_member = (
        plots_selection.MAX_BUBBLE * profit.loc[programme, "revenue_eur"].min() / profit["revenue_eur"].max()
    )
    assert rings.get_sizes().min() > max(smallest_member, plots_selection.MIN_BUBBLE) * 4
    assert bubbles.get_sizes().min() == plots_selection.MIN_BUBBLE
    plt.close(fig)
