"""Step 7 toolkit, the yearly programme review: scores, promotion and demotion with a band, charts."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import kamlab
from kamlab.toolkit import review, selection

NOVA = "C0099"


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


# ------------------------------------------------------------------ small cases, computed by hand


@pytest.fixture
def two_customers() -> pd.DataFrame:
    """A grows 100 % a year (so its wallet was half as big a year ago), B does not grow."""
    return pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "wallet_eur": [1000.0, 600.0],
            "wallet_growth": [1.0, 0.0],
            "strategic_fit": [3, 3],
            "innovation_potential": [3, 3],
            "price_sensitivity": [3, 3],
            "relationship_strength": [3, 3],
            "product_fit": [3, 3],
        }
    )


def _year(revenue: list[float], margin: list[float], ids: tuple[str, ...] = ("A", "B")) -> pd.DataFrame:
    return pd.DataFrame({"revenue_eur": revenue, "profit_margin_pct": margin}, index=list(ids))


@pytest.fixture
def two_years() -> dict[int, pd.DataFrame]:
    return {2024: _year([100.0, 50.0], [0.30, 0.10]), 2025: _year([200.0, 50.0], [0.05, 0.20])}


def test_attractiveness_uses_each_years_wallet_taken_back_at_its_growth(two_customers, two_years):
    # Wallet size only: 2025 wallets 1000 vs 600 (A ranks 1); 2024 wallets 500 vs 600 (B ranks 1).
    scores = review.review_scores(
        two_customers, two_years, attractiveness_share=1.0, weights={"wallet_size": 1.0}
    )
    assert scores.to_dict("list") == {2024: [0.0, 1.0], 2025: [1.0, 0.0]}
    assert list(scores.columns) == [2024, 2025] and scores.index.name == "customer_id"


def test_profitability_is_the_percentile_rank_of_the_years_profit_margin(two_customers, two_years):
    scores = review.review_scores(two_customers, two_years, attractiveness_share=0.0)
    assert scores.to_dict("list") == {2024: [1.0, 0.0], 2025: [0.0, 1.0]}


def test_default_score_mixes_65_percent_attractiveness_and_35_percent_profitability(two_customers, two_years):
    scores = review.review_scores(two_customers, two_years, weights={"wallet_size": 1.0})
    assert scores[2024].tolist() == pytest.approx([0.35, 0.65])  # A: 0.65 x 0 + 0.35 x 1
    assert scores[2025].tolist() == pytest.approx([0.65, 0.35])


def test_review_scores_use_step_4_default_weights(two_customers, two_years):
    criteria = selection.criteria_table(two_customers, two_years[2025]["revenue_eur"])
    attractiveness = selection.weighted_score(criteria, selection.DEFAULT_ATTRACTIVENESS_WEIGHTS)
    scores = review.review_scores(two_customers, two_years, attractiveness_share=1.0)
    assert scores[2025].tolist() == pytest.approx(attractiveness.tolist())


SCORES = pd.DataFrame(
    {
        2023: [0.80, 0.74, 0.60, 0.76, 0.80],
        2024: [0.74, 0.78, 0.60, 0.73, 0.76],
        2025: [0.79, 0.73, 0.90, 0.76, 0.65],
    },
    index=["A", "B", "C", "D", "E"],
)


def test_band_promotes_at_upper_demotes_below_lower_and_keeps_the_rest():
    r = review.review_programme(SCORES, upper=0.75, lower=0.72)
    assert r["members"].tolist() == [("A", "D", "E"), ("A", "B", "D", "E"), ("A", "B", "C", "D")]
    assert r["promoted"].tolist() == [("A", "D", "E"), ("B",), ("C",)]
    assert r["demoted"].tolist() == [(), (), ("E",)]
    assert r[["size", "n_promoted", "n_demoted"]].to_dict("list") == {
        "size": [3, 4, 4],
        "n_promoted": [3, 1, 1],
        "n_demoted": [0, 0, 1],
    }


def test_single_threshold_flaps_where_the_band_does_not():
    single = review.review_programme(SCORES, upper=0.75, lower=0.75)
    assert single["members"].tolist() == [("A", "D", "E"), ("B", "E"), ("A", "C", "D")]
    assert review.flip_flops(single) == ["A", "B", "D"]
    assert review.flip_flops(review.review_programme(SCORES, upper=0.75, lower=0.72)) == []


def test_thresholds_are_inclusive_at_the_top_and_strict_at_the_bottom():
    s = pd.DataFrame({2024: [0.75, 0.75], 2025: [0.72, 0.7199]}, index=["A", "B"])
    r = review.review_programme(s, upper=0.75, lower=0.72)
    assert r.loc[2024, "promoted"] == ("A", "B")
    assert r.loc[2025, "demoted"] == ("B",)


def test_initial_members_are_reviewed_from_the_first_year():
    r = review.review_programme(SCORES, upper=0.75, lower=0.72, initial=["C"])
    assert r.loc[2023, "demoted"] == ("C",)
    assert r.loc[2023, "promoted"] == ("A", "D", "E")


def test_membership_grid_in_order_of_first_entry():
    grid = review.membership(review.review_programme(SCORES, upper=0.75, lower=0.72))
    assert grid.astype(int).to_dict("index") == {
        "A": {2023: 1, 2024: 1, 2025: 1},
        "D": {2023: 1, 2024: 1, 2025: 1},
        "E": {2023: 1, 2024: 1, 2025: 0},
        "B": {2023: 0, 2024: 1, 2025: 1},
        "C": {2023: 0, 2024: 0, 2025: 1},
    }


def test_compare_rules_counts_moves_after_the_launch():
    table = review.compare_rules(SCORES, upper=0.75, lower=0.72)
    band, single = table.iloc[0], table.iloc[1]
    assert table.index[0].startswith("band") and table.index[1].startswith("single")
    assert (band["promotions"], band["demotions"], band["flip_flops"]) == (2, 1, 0)
    assert (single["promotions"], single["demotions"], single["flip_flops"]) == (4, 4, 3)
    assert (band["size_2025"], single["size_2025"], band["accounts_ever_in"]) == (4, 3, 5)


# ------------------------------------------------------------------ customers who join and leave


def test_a_customer_is_reviewed_only_in_the_years_it_bought(two_customers, two_years):
    # B did not buy in 2024 (it joined in 2025): no 2024 score, and A is ranked among 2024's buyers alone
    joined = {2024: two_years[2024].loc[["A"]], 2025: two_years[2025]}
    scores = review.review_scores(two_customers, joined)
    assert np.isnan(scores.loc["B", 2024])
    assert scores.loc["A", 2024] == pytest.approx(0.5)  # alone, every percentile rank is 0.5
    assert scores[2025].tolist() == review.review_scores(two_customers, two_years)[2025].tolist()


def test_a_member_that_stops_buying_leaves_as_lost_not_demoted():
    s = pd.DataFrame(
        {2023: [0.80, 0.80, 0.60], 2024: [np.nan, 0.70, 0.80], 2025: [np.nan, np.nan, 0.81]},
        index=["A", "B", "C"],
    )
    r = review.review_programme(s, upper=0.75, lower=0.72)
    assert r["members"].tolist() == [("A", "B"), ("C",), ("C",)]
    assert r["lost"].tolist() == [(), ("A",), ()]  # B was demoted in 2024 before it stopped buying
    assert r["demoted"].tolist() == [(), ("B",), ()]
    assert r["n_lost"].tolist() == [0, 1, 0]
    table = review.compare_rules(s, upper=0.75, lower=0.72)
    assert table.iloc[0]["lost"] == 1 and table.iloc[0]["demotions"] == 1


def test_a_customer_without_a_score_is_never_promoted_and_never_flip_flops():
    s = pd.DataFrame({2024: [np.nan, 0.9], 2025: [0.9, np.nan]}, index=["A", "B"])
    r = review.review_programme(s, upper=0.75, lower=0.72)
    assert r["promoted"].tolist() == [("B",), ("A",)]
    assert r["lost"].tolist() == [(), ("B",)]
    assert review.flip_flops(r) == []  # leaving because it stopped buying is not a decision of the rule


# ------------------------------------------------------------------ bad input


def test_bad_profits_are_named(two_customers, two_years):
    with pytest.raises(TypeError, match="profits must be a dict year"):
        review.review_scores(two_customers, [two_years[2024]])
    with pytest.raises(ValueError, match="profits is empty"):
        review.review_scores(two_customers, {})
    with pytest.raises(TypeError, match="whole years"):
        review.review_scores(two_customers, {"2024": two_years[2024]})
    with pytest.raises(ValueError, match=r"profits\[2024\] has customer 'Z', which is not in customers"):
        review.review_scores(two_customers, {2024: _year([1.0, 2.0], [0.1, 0.2], ("A", "Z"))})
    broken = _year([100.0, 50.0], [0.30, np.nan])
    with pytest.raises(
        ValueError, match=r"profits\[2025\]\['profit_margin_pct'\] has a missing value .* row 'B'"
    ):
        review.review_scores(two_customers, {2024: two_years[2024], 2025: broken})
    with pytest.raises(ValueError, match="profits\\[2024\\] is missing column\\(s\\) 'profit_margin_pct'"):
        review.review_scores(two_customers, {2024: two_years[2024][["revenue_eur"]]})


def test_bad_score_settings_are_named(two_customers, two_years):
    with pytest.raises(ValueError, match="attractiveness_share must be <= 1"):
        review.review_scores(two_customers, two_years, attractiveness_share=1.5)
    shrinking = two_customers.assign(wallet_growth=[-1.0, 0.0])
    with pytest.raises(ValueError, match="wallet_growth'\\] is -1.0 for customer 'A'"):
        review.review_scores(shrinking, two_years)
    with pytest.raises(ValueError, match="unknown criterion 'size'"):
        review.review_scores(two_customers, two_years, weights={"size": 1.0})


def test_bad_review_input_is_named():
    with pytest.raises(ValueError, match=r"lower \(0.8\) is above upper \(0.75\)"):
        review.review_programme(SCORES, upper=0.75, lower=0.8)
    with pytest.raises(ValueError, match="initial has 'Z'"):
        review.review_programme(SCORES, initial=["Z"])
    with pytest.raises(TypeError, match="initial must be a list"):
        review.review_programme(SCORES, initial="A")
    with pytest.raises(ValueError, match="increasing order"):
        review.review_programme(SCORES[[2025, 2023]])
    with pytest.raises(TypeError, match="whole years"):
        review.review_programme(SCORES.rename(columns=str))
    with pytest.raises(ValueError, match=r"scores\[2024\] has 1.2 at row 'B'; every value must be <= 1"):
        review.review_programme(SCORES.replace(0.78, 1.2))
    with pytest.raises(ValueError, match=r"scores\[2024\] has an infinite value"):
        review.review_programme(SCORES.replace(0.78, np.inf))
    with pytest.raises(TypeError, match=r"scores\[2024\] has .0.74. \(str\) at row .A.; it must be numeric"):
        review.review_programme(SCORES.astype({2024: str}))
    with pytest.raises(TypeError, match="scores must be a pandas DataFrame"):
        review.review_programme(SCORES[2023])
    with pytest.raises(ValueError, match="review is missing column"):
        review.membership(pd.DataFrame({"members": [("A",)]}, index=[2025]))


# ------------------------------------------------------------------ Aldmoor


@pytest.fixture(scope="module")
def aldmoor_scores(tables) -> tuple[pd.DataFrame, dict[int, pd.DataFrame]]:
    profits = {
        year: kamlab.customer_profit(
            tables["orders"], tables["activities"], tables["departments"], tables["unit_times"], year=year
        )
        for year in (2023, 2024, 2025)
    }
    return review.review_scores(tables["customers"], profits), profits


def test_aldmoor_scores_every_customer_in_the_years_it_bought(aldmoor_scores, tables):
    scores, profits = aldmoor_scores
    assert scores.shape == (300, 3) and list(scores.columns) == [2023, 2024, 2025]
    for year in (2023, 2024, 2025):
        assert set(scores.index[scores[year].notna()]) == set(profits[year].index)
        assert scores[year].min() >= 0 and scores[year].max() <= 1
    lost = tables["customers"].set_index("customer_id")["status"] == "lost"
    assert scores.loc[lost[lost].index, 2025].isna().all()  # lost customers are not reviewed in 2025


def test_aldmoor_review_with_the_band(aldmoor_scores):
    scores, profits = aldmoor_scores
    r = review.review_programme(scores)
    assert r["size"].tolist() == [12, 17, 19]
    assert NOVA in r.loc[2024, "promoted"]  # the rising star of Step 4 enters in its first year
    assert r["lost"].tolist() == [(), ("C0101", "C0226", "C0282"), ("C0065", "C0137")]
    assert r.loc[2025, "demoted"] == ("C0255",)
    assert "C0061" in r.loc[2025, "members"]  # 0.702 in 2025: inside the band, it stays
    for year in (2023, 2024, 2025):  # no loss-maker is ever a member
        assert (profits[year].loc[list(r.loc[year, "members"]), "profit_eur"] > 0).all()


def test_aldmoor_single_threshold_flaps(aldmoor_scores):
    scores, _ = aldmoor_scores
    table = review.compare_rules(scores)
    band, single = table.iloc[0], table.iloc[1]
    assert band["promotions"] + band["demotions"] == 14 and band["flip_flops"] == 0
    assert single["promotions"] + single["demotions"] == 17 and single["flip_flops"] == 2
    assert band["lost"] == single["lost"] == 5


# ------------------------------------------------------------------ charts


def test_membership_plot_is_a_labelled_figure():
    band = review.review_programme(SCORES, upper=0.75, lower=0.72)
    single = review.review_programme(SCORES, upper=0.75, lower=0.75)
    fig = review.membership_plot({"band": band, "single": single}, {"A": "Alpha Ltd"})
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    words = texts(fig)
    assert "Who is in the key account programme" in words
    assert "Alpha Ltd (A)" in words and "2023\n(launch)" in words
    assert "3 moves after the first review" in words and "8 moves after the first review" in words
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["in the programme", "promoted that year", "demoted that year", "not in the programme"]


def test_membership_plot_marks_lost_members_and_every_cell_outside_the_programme():
    s = pd.DataFrame({2024: [0.8, 0.8], 2025: [np.nan, 0.8]}, index=["A", "B"])
    r = review.review_programme(s, upper=0.75, lower=0.72)
    fig = review.membership_plot({"band": r})
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "not in the programme" in legend and "lost: stopped buying" in legend
    assert "1 lost" in texts(fig)

    # every (account, year) cell is drawn: in (filled) or not in (outline); A's lost 2025 cell is marked too
    def cells(colour: str, edge: bool) -> set[tuple[float, float]]:
        out = set()
        for c in fig.axes[0].collections:
            colours = c.get_edgecolor() if edge else c.get_facecolor()
            if len(colours) and matplotlib.colors.to_hex(colours[0]) == colour:
                out |= {(float(x), float(y)) for x, y in c.get_offsets()}
        return out

    inside, outside = cells(review.IN_COLOUR, edge=False), cells(review.OUT_COLOUR, edge=True)
    assert inside == {(0.0, 0.0), (0.0, 1.0), (1.0, 1.0)} and outside == {(1.0, 0.0)}
    assert cells(review.LOST_COLOUR, edge=False) == {(1.0, 0.0)}
    assert fig.axes[0].get_xlabel() == "Review at the end of year"
    assert fig.axes[0].get_ylabel().startswith("Account")
    assert png(fig).startswith(b"\x89PNG")


def test_score_paths_plot_marks_the_band_and_names_accounts():
    fig = review.score_paths_plot(SCORES, ["A", "B"], {"A": "Alpha Ltd"}, upper=0.75, lower=0.72)
    words = texts(fig)
    assert "Alpha Ltd (A): 0.790" in words and "B: 0.730" in words
    assert "upper: enter at 0.75 or more" in words and "lower: leave below 0.72" in words
    assert fig.axes[0].get_ylabel() == "Review score (0 = lowest, 1 = highest)"
    assert png(fig).startswith(b"\x89PNG")


def test_score_paths_plot_ends_a_lost_account_at_its_last_review():
    s = pd.DataFrame({2024: [0.8, 0.7], 2025: [np.nan, 0.71]}, index=["A", "B"])
    words = texts(review.score_paths_plot(s, ["A", "B"], upper=0.75, lower=0.72))
    assert "A: 0.800 in 2024, then stopped buying" in words and "B: 0.710" in words
    with pytest.raises(ValueError, match="never bought"):
        review.score_paths_plot(pd.DataFrame({2025: [np.nan]}, index=["A"]), ["A"])


def test_score_label_shows_a_fourth_decimal_only_when_needed():
    assert review._score_text(0.74979, [0.75, 0.72]) == "0.7498"
    assert review._score_text(0.7612, [0.75, 0.72]) == "0.761"


def test_charts_reject_bad_input():
    with pytest.raises(TypeError, match="non-empty dict"):
        review.membership_plot({})
    r = review.review_programme(SCORES)
    with pytest.raises(ValueError, match="covers years"):
        review.membership_plot({"a": r, "b": r.iloc[:2]})
    with pytest.raises(ValueError, match="accounts has 'Z'"):
        review.score_paths_plot(SCORES, ["Z"])
    with pytest.raises(TypeError, match="non-empty list"):
        review.score_paths_plot(SCORES, "A")
