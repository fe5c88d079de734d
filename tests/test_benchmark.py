"""Step 7 toolkit, benchmarking: peer percentiles, Aldmoor's metrics, the radar chart, the self-assessment."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import kamlab
from kamlab.toolkit import benchmark, clv, review

PEERS = pd.Series([1.0, 2.0, 2.0, 3.0])


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


# ------------------------------------------------------------------ the percentile, by hand


@pytest.mark.parametrize(
    ("value", "better", "expected"),
    [
        (2.0, "higher", 50.0),  # 1 peer below, 2 ties: (1 + 2/2) / 4
        (2.0, "lower", 50.0),  # 1 peer above, 2 ties
        (2.5, "higher", 75.0),  # 3 below
        (2.5, "lower", 25.0),  # 1 above
        (0.0, "higher", 0.0),
        (0.0, "lower", 100.0),
        (3.0, "higher", 87.5),  # 3 below, 1 tie
        (3.0, None, 87.5),  # a size: position, as for higher
    ],
)
def test_peer_percentile_counts_worse_peers_and_half_the_ties(value, better, expected):
    assert benchmark.peer_percentile(value, PEERS, better) == expected


def test_float_noise_still_counts_as_a_tie():
    assert benchmark.peer_percentile(0.1 + 0.2, pd.Series([0.3, 0.1, 0.5])) == 50.0


def test_a_value_equal_to_every_peer_sits_in_the_middle():
    assert benchmark.peer_percentile(12, pd.Series([12, 12, 12])) == 50.0


def test_percentile_is_a_rank_not_a_distance():
    near = benchmark.peer_percentile(5.0, pd.Series([1.0, 2.0, 6.0, 7.0]))
    far = benchmark.peer_percentile(5.0, pd.Series([1.0, 2.0, 6.0, 700.0]))
    assert near == far == 50.0


def test_peer_percentile_rejects_bad_input():
    with pytest.raises(ValueError, match="better must be 'higher', 'lower' or None"):
        benchmark.peer_percentile(1.0, PEERS, "more")
    with pytest.raises(TypeError, match="peers must be a pandas Series"):
        benchmark.peer_percentile(1.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="value must be a number, got str"):
        benchmark.peer_percentile("2", PEERS)
    with pytest.raises(ValueError, match=r"peers\['peers'\] has a missing value \(nan\) at row 2"):
        benchmark.peer_percentile(1.0, pd.Series([1.0, 2.0, np.nan]))
    with pytest.raises(ValueError, match="peers is empty"):
        benchmark.peer_percentile(1.0, pd.Series([], dtype="float64"))


PANEL = pd.DataFrame(
    {
        "sponsor_coverage": [0.5, 0.7, 0.9],
        "review_interval_months": [6, 12, 24],
        "kam_training_days": [0, 4, 8],
        "n_key_accounts": [5, 10, 30],
    }
)


def test_peer_percentiles_follow_each_metrics_direction():
    own = {"sponsor_coverage": 0.7, "review_interval_months": 24, "n_key_accounts": 12}
    got = benchmark.peer_percentiles(own, PANEL)
    assert got.round(3).to_dict() == {
        "sponsor_coverage": 50.0,
        "review_interval_months": 16.667,
        "n_key_accounts": 66.667,
    }
    assert got.name == "percentile" and got.index.name == "metric"
    assert benchmark.peer_percentiles(own, PANEL, ["review_interval_months"]).tolist() == pytest.approx(
        [100 / 6]
    )


def test_peer_percentiles_reject_bad_input():
    with pytest.raises(ValueError, match="unknown metric 'coverage'; the metrics are: n_key_accounts"):
        benchmark.peer_percentiles({"coverage": 0.5}, PANEL)
    with pytest.raises(ValueError, match="aldmoor has no value for metric 'sponsor_coverage'"):
        benchmark.peer_percentiles({"kam_training_days": 2}, PANEL, ["sponsor_coverage"])
    with pytest.raises(ValueError, match="peers is missing column\\(s\\) 'key_account_retention'"):
        benchmark.peer_percentiles({"key_account_retention": 0.8}, PANEL)
    with pytest.raises(TypeError, match="aldmoor must be a dict or Series"):
        benchmark.peer_percentiles([0.5], PANEL)
    with pytest.raises(
        TypeError, match=r"aldmoor has 'high' \(str\) at row 'sponsor_coverage'; it must be numeric"
    ):
        benchmark.peer_percentiles(pd.Series({"sponsor_coverage": "high"}), PANEL)


def test_benchmark_table_sets_aldmoor_beside_the_peers():
    table = benchmark.benchmark_table({"kam_training_days": 2, "n_key_accounts": 10}, PANEL)
    assert list(table.columns) == [
        "label",
        "better",
        "aldmoor",
        "peer_median",
        "peer_low",
        "peer_high",
        "percentile",
    ]
    assert table.loc["kam_training_days", ["aldmoor", "peer_median", "peer_low", "peer_high"]].tolist() == [
        2,
        4,
        0,
        8,
    ]
    assert table.loc["kam_training_days", "percentile"] == pytest.approx(100 / 3)
    assert table.loc["n_key_accounts", "better"] == "neither"
    assert table.loc["n_key_accounts", "percentile"] == 50.0


# ------------------------------------------------------------------ Aldmoor's metrics


@pytest.fixture
def small() -> pd.DataFrame:
    return pd.DataFrame(
        {"revenue_eur": [600.0, 300.0, 100.0], "profit_eur": [60.0, 30.0, -10.0]}, index=["A", "B", "C"]
    )


def test_aldmoor_metrics_from_the_data_and_the_assumptions(small):
    m = benchmark.aldmoor_metrics(small, ["A", "B"], retention=0.75)
    assert list(m.index) == list(benchmark.METRICS)
    assert m["n_key_accounts"] == 2
    assert m["key_account_revenue_share"] == pytest.approx(0.9)  # 900 / 1000
    assert m["key_account_retention"] == 0.75  # what the books show, given by the caller
    assert m["key_account_margin_pct"] == pytest.approx(0.1)  # 90 / 900
    for name, (value, reason) in benchmark.ALDMOOR_ASSUMPTIONS.items():
        assert m[name] == value and len(reason) > 20


def test_aldmoor_metrics_take_other_assumptions(small):
    m = benchmark.aldmoor_metrics(small, ["A"], 1.0, {"kam_training_days": (5, "why")})
    assert m["kam_training_days"] == 5 and "sponsor_coverage" not in m.index


def test_aldmoor_metrics_reject_bad_input(small):
    with pytest.raises(ValueError, match="key_accounts has 'Z', which has no row in profit"):
        benchmark.aldmoor_metrics(small, ["A", "Z"], 0.9)
    with pytest.raises(ValueError, match="key_accounts is empty"):
        benchmark.aldmoor_metrics(small, [], 0.9)
    with pytest.raises(TypeError, match="key_accounts must be a list"):
        benchmark.aldmoor_metrics(small, "A", 0.9)
    with pytest.raises(TypeError, match=r"assumptions\['kam_training_days'\] must be a pair"):
        benchmark.aldmoor_metrics(small, ["A"], 0.9, {"kam_training_days": 5})
    with pytest.raises(ValueError, match="retention must be <= 1"):
        benchmark.aldmoor_metrics(small, ["A"], 88.2)  # a percentage, not a share
    with pytest.raises(ValueError, match="profit is missing column"):
        benchmark.aldmoor_metrics(small[["revenue_eur"]], ["A"], 0.9)


@pytest.fixture(scope="module")
def aldmoor_review(tables) -> tuple[pd.DataFrame, dict[int, pd.DataFrame]]:
    profits = {
        year: kamlab.customer_profit(
            tables["orders"], tables["activities"], tables["departments"], tables["unit_times"], year=year
        )
        for year in (2023, 2024, 2025)
    }
    return review.review_programme(review.review_scores(tables["customers"], profits)), profits


@pytest.fixture(scope="module")
def aldmoor(tables, aldmoor_review) -> pd.Series:
    history, profits = aldmoor_review
    kept = clv.realised_retention(tables["orders"], 2025, history.loc[2024, "members"])
    return benchmark.aldmoor_metrics(profits[2025], history.loc[2025, "members"], kept)


def test_aldmoor_retention_is_what_the_books_show_not_the_account_teams_estimate(
    aldmoor, aldmoor_review, tables
):
    """Of the key accounts after the 2024 review, the share with an order in 2025 (issue 11)."""
    history, _ = aldmoor_review
    members_2024 = set(history.loc[2024, "members"])
    orders = tables["orders"]
    bought_2025 = set(orders.loc[orders["order_date"].dt.year == 2025, "customer_id"])
    assert aldmoor["key_account_retention"] == pytest.approx(
        len(members_2024 & bought_2025) / len(members_2024)
    )
    assert set(history.loc[2025, "lost"]) == members_2024 - bought_2025  # the accounts the books lost
    assert aldmoor["key_account_retention"] < 1  # some key accounts did stop buying
    estimate = (
        tables["customers"].set_index("customer_id").loc[list(members_2024), "expected_retention"].mean()
    )
    assert aldmoor["key_account_retention"] != pytest.approx(estimate)


def test_aldmoor_against_the_peer_panel(aldmoor, tables):
    peers = tables["peer_panel"]
    assert aldmoor["n_key_accounts"] == 19
    got = benchmark.peer_percentiles(aldmoor, peers)
    # Review interval: 24 months, no peer reviews less often, 6 peers also every 24 months: 3 / 24
    assert got["review_interval_months"] == pytest.approx(100 * 3 / 24)
    # Training: 2 days; 5 peers train less, 2 train 2 days: (5 + 1) / 24
    assert got["kam_training_days"] == pytest.approx(100 * 6 / 24)
    assert got["key_account_revenue_share"] == 0
    assert got["key_account_retention"] == pytest.approx(100 * 16 / 24)  # 15 of 17 kept: 0.882
    assert got["key_account_margin_pct"] == 100
    assert got["n_key_accounts"] == pytest.approx(100 * 16 / 24)


# ------------------------------------------------------------------ the radar chart


def test_radar_plot_draws_percentiles_with_the_peer_median_ring(aldmoor, tables):
    fig = benchmark.radar_plot(aldmoor, tables["peer_panel"])
    assert isinstance(fig, Figure)
    words = texts(fig)
    assert "Aldmoor's KAM programme against the peer panel" in words
    assert "Percentile among 24 peers" in words
    assert "Months between programme reviews (lower is better)" in words.replace("\n", " ")
    assert "Aldmoor: 24 months" in words and "peer median: 12 months" in words
    assert "peer median (50th percentile)" in words
    assert [float(v) for v in fig.axes[0].get_ylim()] == [0.0, 100.0]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_radar_plot_rejects_metrics_without_direction():
    own = {
        "n_key_accounts": 10,
        "sponsor_coverage": 0.6,
        "kam_training_days": 2,
        "review_interval_months": 12,
    }
    with pytest.raises(ValueError, match="'n_key_accounts' has no better direction"):
        benchmark.radar_plot(own, PANEL, list(own))
    with pytest.raises(ValueError, match="at least 3 metrics"):
        benchmark.radar_plot(own, PANEL, ["sponsor_coverage"])
    with pytest.raises(ValueError, match="aldmoor has no value for metric 'key_account_retention'"):
        benchmark.radar_plot(own, PANEL, ["sponsor_coverage", "kam_training_days", "key_account_retention"])


# ------------------------------------------------------------------ the self-assessment


def test_questionnaire_covers_all_seven_steps_twice():
    q = benchmark.questionnaire()
    assert list(q.columns) == ["step", "step_name", "question", "answer"]
    assert q["step"].value_counts().sort_index().to_dict() == dict.fromkeys(range(1, 8), 2)
    assert q.index.tolist() == list(range(1, 15)) and q.index.name == "question_no"
    assert q["answer"].tolist() == list(benchmark.ALDMOOR_ANSWERS)


def test_questionnaire_rejects_bad_answers():
    with pytest.raises(ValueError, match="answers has 3 values for 14 questions"):
        benchmark.questionnaire([1, 2, 3])
    with pytest.raises(ValueError, match="has 6 at row 2; every value must be <= 5 .*1 = not at all"):
        benchmark.questionnaire([3, 6] + [3] * 12)
    with pytest.raises(ValueError, match="must hold whole numbers"):
        benchmark.questionnaire([2.5] + [3] * 13)
    with pytest.raises(ValueError, match=r"questions\[0\] must be a pair \(step 1-7, statement\)"):
        benchmark.questionnaire([3], [(8, "Is it?")])


def test_gap_report_sorts_the_biggest_gaps_first():
    q = benchmark.questionnaire([5, 1, 3, 4, 4, 2, 4, 4, 4, 4, 4, 4, 2, 4])
    report = benchmark.gap_report(q, target=4)
    assert report.index.tolist() == [2, 6, 13, 3]  # gaps 3, 2, 2 (step 3 before step 7), 1
    assert report["gap"].tolist() == [3.0, 2.0, 2.0, 1.0]
    assert report.loc[13, "step_name"] == "Benchmark and build"
    assert list(report.columns) == ["step", "step_name", "question", "answer", "target", "gap"]


def test_gap_report_with_one_target_per_question_and_every_row():
    q = benchmark.questionnaire([3] * 14)
    target = pd.Series([5] + [3] * 13, index=q.index)
    assert benchmark.gap_report(q, target)["gap"].tolist() == [2.0]
    everything = benchmark.gap_report(q, 3, only_gaps=False)
    assert len(everything) == 14 and (everything["gap"] == 0).all()


def test_gap_report_of_aldmoor_starts_with_training_bonus_and_benchmarking():
    report = benchmark.gap_report(benchmark.questionnaire())
    assert report["step"].head(3).tolist() == [5, 6, 7]
    assert (report["gap"].head(3) == 3).all()


def test_gap_report_rejects_bad_input():
    q = benchmark.questionnaire()
    with pytest.raises(ValueError, match="target must be <= 5"):
        benchmark.gap_report(q, target=6)
    with pytest.raises(ValueError, match="target has no value for question 14"):
        benchmark.gap_report(q, pd.Series(4, index=range(1, 14)))
    with pytest.raises(ValueError, match="answers is missing column\\(s\\) 'answer'"):
        benchmark.gap_report(q.drop(columns="answer"))
    with pytest.raises(ValueError, match="answers\\['answer'\\] has 0 at row 1"):
        benchmark.gap_report(q.assign(answer=[0] + [3] * 13))
    with pytest.raises(TypeError, match="only_gaps must be True or False"):
        benchmark.gap_report(q, only_gaps="yes")


def test_self_assessment_form_reads_the_sliders_and_reports(capsys):
    form = benchmark.SelfAssessmentForm(target=4)
    assert len(form.sliders) == 14 and [s.value for s in form.sliders] == list(benchmark.ALDMOOR_ANSWERS)
    for slider in form.sliders:
        slider.value = 5
    form.sliders[9].value = 2
    report = form.report()
    assert report.index.tolist() == [10] and report["gap"].tolist() == [2.0]
    form.button.click()  # outside a notebook the report is printed
    assert "1 statements below target" in capsys.readouterr().out
    for slider in form.sliders:
        slider.value = 4
    form.button.click()
    assert "No gaps" in capsys.readouterr().out
