"""Step 3, the KAM champion: stakeholder map, champion scoring, ranking labels and the change plan.

Expected values are worked out by hand from the criteria's definitions (see kamlab/champion.py).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from kamlab.toolkit import champion

EQUAL = {c: 0.25 for c in champion.CRITERIA}
BOARD = {"influence": 0.30, "support": 0.35, "top_team_access": 0.20, "credibility": 0.15}


def toy() -> pd.DataFrame:
    """Four people: a sceptical CFO, a supportive VP, an enthusiastic clerk, an opposed manager."""
    return pd.DataFrame(
        {
            "stakeholder_id": ["S1", "S2", "S3", "S4"],
            "name": ["Ann", "Bo", "Cy", "Di"],
            "role": ["Chief Financial Officer", "VP Engineering", "Clerk", "Manager"],
            "function": ["Finance", "Engineering", "Sales", "Operations"],
            "influence": [5, 4, 2, 3],
            "support": [2, 4, 5, 1],
            "years_at_company": [4, 15, 10, 2],
            "access_to_ceo": [True, True, False, False],
        }
    )


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


# ---------------------------------------------------------------- criteria and scores


def test_criteria_are_scaled_to_0_1_by_hand():
    c = champion.champion_criteria(toy())
    assert list(c.index) == ["S1", "S2", "S3", "S4"]
    # influence (5-1)/4, support (2-1)/4, access True, 4 of 10 years
    assert c.loc["S1", list(champion.CRITERIA)].tolist() == [1.0, 0.25, 1.0, 0.4]
    # 15 years is capped at full credibility
    assert c.loc["S2", list(champion.CRITERIA)].tolist() == [0.75, 0.75, 1.0, 1.0]
    assert c.loc["S4", list(champion.CRITERIA)].tolist() == [0.5, 0.0, 0.0, 0.2]


def test_full_credibility_years_moves_the_cap():
    c = champion.champion_criteria(toy(), full_credibility_years=20)
    assert c["credibility"].tolist() == [0.2, 0.75, 0.5, 0.1]


def test_scores_are_the_weighted_sum():
    s = champion.champion_scores(toy(), BOARD)
    # Ann: 0.30*1 + 0.35*0.25 + 0.20*1 + 0.15*0.4 = 0.6475
    assert s.loc["S1", "score"] == pytest.approx(0.6475)
    # Bo: 0.30*0.75 + 0.35*0.75 + 0.20*1 + 0.15*1 = 0.8375
    assert s.loc["S2", "score"] == pytest.approx(0.8375)
    # Cy: 0.30*0.25 + 0.35*1 + 0 + 0.15*1 = 0.575
    assert s.loc["S3", "score"] == pytest.approx(0.575)


def test_ranking_keeps_only_supporters_and_numbers_them():
    r = champion.rank_champions(toy(), BOARD, min_support=4)
    assert list(r.index) == ["S2", "S3"]
    assert r["rank"].tolist() == [1, 2]
    assert r["rank"].dtype == "int64"
    everyone = champion.rank_champions(toy(), BOARD)
    assert list(everyone.index) == ["S2", "S1", "S3", "S4"]


def test_ties_go_to_the_stronger_supporter_then_the_lower_id():
    people = toy()
    people["influence"] = [3, 3, 3, 3]
    people["support"] = [3, 3, 3, 3]
    people["access_to_ceo"] = [False] * 4
    people["years_at_company"] = [10, 10, 10, 10]
    assert list(champion.rank_champions(people, EQUAL).index) == ["S1", "S2", "S3", "S4"]
    # same score, but S4 supports more and influences less: support breaks the tie first
    people.loc[3, ["influence", "support"]] = [2, 4]
    assert list(champion.rank_champions(people, EQUAL).index)[0] == "S4"


def test_the_most_senior_loses_once_support_counts(tables):
    s = tables["stakeholders"]
    by_seniority = champion.rank_champions(s, {**dict.fromkeys(champion.CRITERIA, 0.0), "influence": 1.0})
    first_try = champion.rank_champions(s, EQUAL)
    board = champion.rank_champions(s, BOARD, min_support=4)
    assert s.set_index("stakeholder_id").loc[list(by_seniority.index[:4]), "influence"].eq(5).all()
    assert list(first_try.index[:3]) == ["S06", "S03", "S04"]  # the sceptical COO is second
    assert list(board.index[:3]) == ["S06", "S04", "S16"]
    assert board.loc["S06", "score"] == pytest.approx(0.8375)
    assert board.loc["S04", "score"] == pytest.approx(0.30 + 0.35 * 0.75 + 0.20 + 0.15 * 0.4)


@pytest.mark.parametrize(
    ("weights", "error", "message"),
    [
        ([0.25] * 4, TypeError, "weights must be a dict"),
        ({**EQUAL, "seniority": 0.0}, ValueError, "'seniority', which is not a criterion"),
        ({"influence": 0.5, "support": 0.5}, ValueError, "no weight for 'top_team_access', 'credibility'"),
        ({**EQUAL, "support": 0.15}, ValueError, "weights add up to 0.9, not 1"),
        ({**EQUAL, "support": -0.25, "influence": 0.75}, ValueError, "weights['support'] must be >= 0"),
        ({**EQUAL, "support": "high"}, TypeError, "weights['support'] must be a number"),
    ],
)
def test_bad_weights_are_named(weights, error, message):
    with pytest.raises(error, match=message.replace("[", r"\[").replace("]", r"\]")):
        champion.champion_scores(toy(), weights)


def test_bad_min_support_is_named():
    with pytest.raises(TypeError, match="min_support must be a whole number"):
        champion.rank_champions(toy(), EQUAL, min_support=4.0)
    with pytest.raises(ValueError, match="min_support must be from 1 to 5"):
        champion.rank_champions(toy(), EQUAL, min_support=6)
    people = toy().assign(support=[1, 2, 3, 3])
    with pytest.raises(
        ValueError, match="nobody has a support score of 4 or more.*highest support score here is 3"
    ):
        champion.rank_champions(people, EQUAL, min_support=4)


def test_bad_credibility_years_is_named():
    with pytest.raises(ValueError, match="full_credibility_years must be > 0"):
        champion.champion_criteria(toy(), full_credibility_years=0)


# ---------------------------------------------------------------- stakeholder table checks


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda d: d.drop(columns="support"), ValueError, "stakeholders is missing column(s) 'support'"),
        (
            lambda d: d.assign(support=[2, 4, 6, 1]),
            ValueError,
            "stakeholders['support'] has 6 at row 2; every value must be <= 5",
        ),
        (
            lambda d: d.assign(influence=[5, 4, 2.5, 3]),
            ValueError,
            "stakeholders['influence'] has 2.5 at row 2; it must hold whole numbers",
        ),
        (
            lambda d: d.assign(influence=["5", 4, 2, 3]),
            TypeError,
            "stakeholders['influence'] has '5' (str) at row 0",
        ),
        (
            lambda d: d.assign(access_to_ceo=[True, "yes", False, False]),
            TypeError,
            "stakeholders['access_to_ceo'] has 'yes' at row 1; it must be True or False",
        ),
        (
            lambda d: d.assign(stakeholder_id=["S1", "S1", "S3", "S4"]),
            ValueError,
            "stakeholders['stakeholder_id'] has 'S1' again at row 1",
        ),
        (
            lambda d: d.assign(years_at_company=[4, -1, 10, 2]),
            ValueError,
            "stakeholders['years_at_company'] has -1 at row 1",
        ),
        (lambda d: d.iloc[0:0], ValueError, "stakeholders is empty"),
    ],
)
def test_bad_stakeholder_tables_are_named(change, error, message):
    with pytest.raises(error) as info:
        champion.champion_criteria(change(toy()))
    assert message in str(info.value)


def test_stakeholders_must_be_a_dataframe():
    with pytest.raises(TypeError, match="stakeholders must be a pandas DataFrame, got list"):
        champion.stakeholder_quadrants([1, 2])


# ---------------------------------------------------------------- the stakeholder map


def test_quadrants_by_hand():
    q = champion.stakeholder_quadrants(toy())
    assert q.to_dict() == {
        "S1": "blockers to convert",
        "S2": "champions and allies",
        "S3": "supporters to mobilise",
        "S4": "keep informed",
    }
    # move the lines: influence 3 counts as high, support 2 as for KAM
    moved = champion.stakeholder_quadrants(toy(), influence_line=2.5, support_line=1.5)
    assert moved["S1"] == "champions and allies" and moved["S4"] == "blockers to convert"


def test_quadrants_on_aldmoor(tables):
    q = champion.stakeholder_quadrants(tables["stakeholders"])
    assert set(q.index[q == "blockers to convert"]) == {"S01", "S02", "S03", "S05", "S10"}
    assert set(q.index[q == "champions and allies"]) == {"S04", "S06"}
    assert set(q.index[q == "supporters to mobilise"]) == {"S09", "S11", "S16"}
    assert set(q.unique()) == set(champion.QUADRANTS)


def test_quadrant_lines_are_checked():
    with pytest.raises(ValueError, match="influence_line must be <= 5"):
        champion.stakeholder_quadrants(toy(), influence_line=7)


def test_stakeholder_map_names_everyone_and_marks_the_highlight(tables):
    s = tables["stakeholders"]
    fig = champion.stakeholder_map_plot(s, highlight=["S06"], highlight_label="chosen champion")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("Stakeholder map")
    assert ax.get_ylabel() == "Influence on the change (score 1-5)"
    assert "Support for KAM today" in ax.get_xlabel()
    words = texts(fig)
    for name in s["name"]:
        assert name in words
    assert "chosen champion: Nadia Schmidt" in words
    for group in champion.QUADRANTS:
        assert group.upper() in words
    assert png(fig).startswith(b"\x89PNG")


def test_stakeholder_map_rejects_unknown_highlight():
    with pytest.raises(ValueError, match="highlight names 'S9', which is not a stakeholder_id"):
        champion.stakeholder_map_plot(toy(), highlight="S9")


def test_people_on_the_same_point_are_all_drawn(tables):
    s = tables["stakeholders"]
    fig = champion.stakeholder_map_plot(s)
    dots = [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
    assert len(dots) == len(s)
    # the three sceptical C-suite members share (support 2, influence 5) and are stacked
    ys = sorted(float(d.get_ydata()[0]) for d in dots if float(d.get_xdata()[0]) == 2.0)
    assert len(set(ys)) == len(ys)


# ---------------------------------------------------------------- ranking labels


def test_ranking_labels_by_hand():
    labels = champion.ranking_labels(("S3", "S1"), ["S1", "S2", "S3"], size=2)
    assert labels.to_dict() == {"S1": "2", "S2": "-", "S3": "1"}
    from_index = champion.ranking_labels(pd.Index(["S2"]), ["S1", "S2"])
    assert from_index.to_dict() == {"S1": "-", "S2": "1"}
    from_array = champion.ranking_labels(np.array(["S1", "S2"]), ["S1", "S2"])
    assert from_array.to_dict() == {"S1": "1", "S2": "2"}


@pytest.mark.parametrize(
    ("ranking", "error", "message"),
    [
        ({"S1", "S2"}, TypeError, "top is a set, which has no order"),
        ("S1", TypeError, "top must be a list of ids, best first, got str 'S1'"),
        (pd.DataFrame({"a": [1]}), TypeError, "top is a DataFrame"),
        (["S1", "S7"], ValueError, "top has 'S7' at position 2, which is not an id here"),
        (["S1", "S1"], ValueError, "top has 'S1' twice (positions 1 and 2)"),
        (["S1", "S2", "S3"], ValueError, "top has 3 ids; give exactly 2, best first"),
    ],
)
def test_bad_rankings_are_named(ranking, error, message):
    with pytest.raises(error) as info:
        champion.ranking_labels(ranking, ["S1", "S2", "S3"], name="top", size=2)
    assert message in str(info.value)


# ---------------------------------------------------------------- the change plan


def small_plan() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "task": ["Appoint", "Pilot", "Review"],
            "owner": ["CEO", "Champion, sales", "champion, board"],
            "phase": ["set up", "pilot", "review"],
            "start_month": [1, 2, 4],
            "months": [0, 3, 0],
        }
    )


def test_workload_by_hand():
    # Pilot runs in months 2, 3, 4; the review is a milestone in month 4.
    assert champion.workload(small_plan(), "Champion").to_dict() == {1: 0, 2: 1, 3: 1, 4: 2}
    assert champion.workload(small_plan(), "ceo").to_dict() == {1: 1, 2: 0, 3: 0, 4: 0}
    with pytest.raises(TypeError, match="who must be a name or role"):
        champion.workload(small_plan(), "")


def test_example_plan_covers_the_first_18_months():
    plan = champion.example_change_plan()
    assert list(plan.columns) == list(champion.PLAN_COLUMNS)
    assert plan.loc[0, "task"].startswith("Appoint the KAM champion")
    last = (plan["start_month"] + plan["months"].clip(lower=1) - 1).max()
    assert int(last) == 18
    reviews = plan[plan["phase"] == "review"]
    assert reviews["start_month"].tolist() == [12, 18] and (reviews["months"] == 0).all()


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda p: p.drop(columns="owner"), ValueError, "plan is missing column(s) 'owner'"),
        (
            lambda p: p.assign(start_month=[0, 2, 4]),
            ValueError,
            "plan['start_month'] has 0 at row 0; every value must be >= 1",
        ),
        (
            lambda p: p.assign(months=[0, 1.5, 0]),
            ValueError,
            "plan['months'] has 1.5 at row 1; it must hold whole numbers",
        ),
        (lambda p: p.assign(task=["a", None, "c"]), ValueError, "plan['task'] has a missing value at row 1"),
    ],
)
def test_bad_plans_are_named(change, error, message):
    with pytest.raises(error) as info:
        champion.change_plan_plot(change(small_plan()))
    assert message in str(info.value)


def test_change_plan_plot_draws_every_task():
    plan = champion.example_change_plan()
    fig = champion.change_plan_plot(plan)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "KAM change plan: the first 18 months"
    assert ax.get_xlabel() == "Month of the programme (month 1 = the champion is appointed)"
    assert ax.get_ylabel() == "Task (owner written beside each bar)"
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert ticks == list(plan["task"])
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(m) for m in range(1, 19)]
    milestones = [line for line in ax.get_lines() if line.get_marker() == "D"]
    assert len(milestones) == int((plan["months"] == 0).sum())
    words = texts(fig)
    for owner in plan["owner"].unique():
        assert owner in words
    assert "end of year 1" in words
    assert png(fig).startswith(b"\x89PNG")
