"""Step 5 toolkit: role profile, fit scores, ranking, training-gap plan and charts."""

from __future__ import annotations

import io
import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from kamlab.toolkit import kam_fit


@pytest.fixture
def profile() -> pd.DataFrame:
    """Two skills: financial needs 4 (weight 3/4, 3 days a point), planning 5 (weight 1/4, 2 days)."""
    return kam_fit.role_profile(
        {"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, {"financial": 3, "planning": 2}
    )


@pytest.fixture
def candidates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "candidate_id": ["A", "B", "C"],
            "name": ["Ann", "Bo", "Cy"],
            "current_role": ["Senior sales rep", "Application engineer", "Sales rep"],
            "quota_attainment": [1.4, 0.9, 1.0],
            "financial": [5, 2, 4],
            "planning": [2, 5, 4],
        }
    )


@pytest.fixture(scope="module")
def aldmoor(request) -> pd.DataFrame:
    return request.getfixturevalue("tables")["kam_candidates"]


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def rendered(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


# --- role profile ---------------------------------------------------------------------------------


def test_role_profile_turns_importance_into_weights(profile):
    assert list(profile.index) == ["financial", "planning"]
    assert list(profile.columns) == ["required_level", "importance", "weight", "days_per_point"]
    assert profile["weight"].tolist() == [0.75, 0.25]
    assert profile["required_level"].tolist() == [4.0, 5.0]
    assert profile["days_per_point"].tolist() == [3.0, 2.0]


def test_role_profile_takes_one_number_of_days_for_every_skill():
    p = kam_fit.role_profile({"a": 3, "b": 3}, {"a": 1, "b": 1}, 2.5)
    assert p["days_per_point"].tolist() == [2.5, 2.5]
    assert p["weight"].tolist() == [0.5, 0.5]


def test_aldmoor_profile_weights_add_up_to_one_and_cover_the_five_skills():
    p = kam_fit.aldmoor_profile()
    assert tuple(p.index) == kam_fit.SKILLS
    assert p["weight"].sum() == pytest.approx(1.0)
    # importance 5, 4, 4, 3, 4 out of 20
    assert p["weight"].tolist() == pytest.approx([0.25, 0.20, 0.20, 0.15, 0.20])
    assert p["days_per_point"].tolist() == [3.0, 2.0, 2.0, 3.0, 3.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"required": [4, 5]}, TypeError, "required must be a dict skill -> number"),
        ({"required": {}}, ValueError, "required is empty"),
        ({"required": {"financial": 0, "planning": 5}}, ValueError, r"required\['financial'\] must be >= 1"),
        ({"required": {"financial": 6, "planning": 5}}, ValueError, r"required\['financial'\] must be <= 5"),
        (
            {"required": {"financial": "4", "planning": 5}},
            TypeError,
            r"required\['financial'\] must be a number",
        ),
        ({"importance": {"financial": 3}}, ValueError, "importance has no value for skill 'planning'"),
        (
            {"importance": {"financial": 3, "planing": 1}},
            ValueError,
            "importance has skill 'planing' \\(did you mean 'planning'\\?\\)",
        ),
        (
            {"importance": {"financial": -1, "planning": 1}},
            ValueError,
            r"importance\['financial'\] must be >= 0",
        ),
        ({"importance": {"financial": 0, "planning": 0}}, ValueError, "importance adds up to 0"),
        ({"days_per_point": -2}, ValueError, "days_per_point must be >= 0"),
        (
            {"days_per_point": {"financial": 3}},
            ValueError,
            "days_per_point has no value for skill 'planning'",
        ),
    ],
)
def test_role_profile_rejects_bad_input(kwargs, error, message):
    args = {
        "required": {"financial": 4, "planning": 5},
        "importance": {"financial": 3, "planning": 1},
        "days_per_point": 2,
    }
    with pytest.raises(error, match=message):
        kam_fit.role_profile(**{**args, **kwargs})


def test_a_profile_whose_weights_do_not_add_up_to_one_is_refused(profile, candidates):
    bad = profile.assign(weight=profile["importance"])  # importance points used as weights
    with pytest.raises(ValueError, match=r"profile\['weight'\] adds up to 4; the weights must add up to 1"):
        kam_fit.fit_scores(candidates, bad)
    with pytest.raises(ValueError, match="profile is missing column"):
        kam_fit.fit_scores(candidates, profile.drop(columns="days_per_point"))
    with pytest.raises(TypeError, match="profile must be a pandas DataFrame"):
        kam_fit.fit_scores(candidates, {"financial": 4})


# --- fit ------------------------------------------------------------------------------------------


def test_skill_coverage_is_capped_at_the_requirement(candidates, profile):
    got = kam_fit.skill_coverage(candidates, profile)
    # A: financial 5 of 4 -> 1 (capped), planning 2 of 5 -> 0.4
    assert got.loc["A"].tolist() == [1.0, 0.4]
    assert got.loc["B"].tolist() == [0.5, 1.0]
    assert got.loc["C"].tolist() == [1.0, 0.8]


def test_fit_scores_by_hand(candidates, profile):
    got = kam_fit.fit_scores(candidates, profile)
    # A: 0.75 * 1 + 0.25 * 0.4; B: 0.75 * 0.5 + 0.25 * 1; C: 0.75 * 1 + 0.25 * 0.8
    assert got.name == "fit"
    assert got.to_dict() == pytest.approx({"A": 0.85, "B": 0.625, "C": 0.95})


def test_over_qualification_does_not_hide_a_gap(profile):
    # Both miss planning by the same amount; a surplus in financial must not help.
    c = pd.DataFrame({"candidate_id": ["just", "over"], "financial": [4, 5], "planning": [3, 3]})
    fit = kam_fit.fit_scores(c, profile)
    assert fit["just"] == fit["over"] == pytest.approx(0.75 + 0.25 * 0.6)


def test_fit_scores_accept_candidate_id_as_the_index(candidates, profile):
    by_column = kam_fit.fit_scores(candidates, profile)
    by_index = kam_fit.fit_scores(candidates.set_index("candidate_id"), profile)
    pd.testing.assert_series_equal(by_column, by_index)


def test_fit_breakdown_adds_up_to_the_fit(candidates, profile):
    got = kam_fit.fit_breakdown(candidates, profile, "B")
    assert list(got.columns) == ["level", "required_level", "share_met", "weight", "contribution"]
    assert got["share_met"].tolist() == [0.5, 1.0]
    assert got["contribution"].tolist() == [0.375, 0.25]
    assert got["contribution"].sum() == pytest.approx(kam_fit.fit_scores(candidates, profile)["B"])
    with pytest.raises(
        ValueError, match="candidate_id 'Z' is not in candidates; the candidates are: A, B, C"
    ):
        kam_fit.fit_breakdown(candidates, profile, "Z")


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda c: c.drop(columns="planning"), ValueError, r"candidates is missing column\(s\) 'planning'"),
        (
            lambda c: c.assign(planning=[2, 7, 4]),
            ValueError,
            r"candidates\['planning'\] has 7 at row 'B'; .*<= 5",
        ),
        (
            lambda c: c.assign(planning=[2, 0, 4]),
            ValueError,
            r"candidates\['planning'\] has 0 at row 'B'; .*>= 1",
        ),
        (
            lambda c: c.assign(financial=[5, "high", 4]),
            TypeError,
            r"candidates\['financial'\] has 'high' \(str\) at row 'B'; it must be numeric",
        ),
        (
            lambda c: c.assign(planning=[2, np.nan, 4]),
            ValueError,
            r"candidates\['planning'\] has a missing value \(nan\) at row 'B'",
        ),
        (
            lambda c: c.assign(candidate_id=["A", "A", "C"]),
            ValueError,
            r"'A' again at row 1; each 'candidate_id'",
        ),
        (
            lambda c: c.assign(candidate_id=["A", None, "C"]),
            ValueError,
            r"candidates\['candidate_id'\] has a missing",
        ),
        (lambda c: c.to_dict(), TypeError, "candidates must be a pandas DataFrame, got dict"),
    ],
)
def test_fit_scores_reject_bad_candidates(candidates, profile, change, error, message):
    with pytest.raises(error, match=message):
        kam_fit.fit_scores(change(candidates), profile)


# --- training -------------------------------------------------------------------------------------


def test_training_gaps_by_hand(candidates, profile):
    got = kam_fit.training_gaps(candidates, profile)
    assert list(got.columns) == [
        "candidate_id",
        "skill",
        "level",
        "required_level",
        "gap",
        "days_per_point",
        "training_days",
    ]
    assert got["candidate_id"].tolist() == ["A", "A", "B", "B", "C", "C"]
    assert got["skill"].tolist() == ["financial", "planning"] * 3
    # A: no financial gap (5 >= 4, the surplus is not negative), planning 3 points x 2 days
    assert got["gap"].tolist() == [0.0, 3.0, 2.0, 0.0, 0.0, 1.0]
    assert got["training_days"].tolist() == [0.0, 6.0, 6.0, 0.0, 0.0, 2.0]


def test_training_days_by_hand(candidates, profile):
    got = kam_fit.training_days(candidates, profile)
    assert got.name == "training_days"
    assert got.to_dict() == {"A": 6.0, "B": 6.0, "C": 2.0}


def test_training_days_ignore_surplus_in_another_skill(profile):
    c = pd.DataFrame({"candidate_id": ["just", "over"], "financial": [4, 5], "planning": [3, 3]})
    assert kam_fit.training_days(c, profile).tolist() == [4.0, 4.0]


# --- ranking --------------------------------------------------------------------------------------


def test_rank_candidates_sets_fit_beside_sales(candidates, profile):
    got = kam_fit.rank_candidates(candidates, profile)
    assert list(got.index) == ["C", "A", "B"]
    assert list(got.columns) == [
        "name",
        "current_role",
        "quota_attainment",
        "sales_rank",
        "fit",
        "fit_rank",
        "training_days",
    ]
    assert got["fit_rank"].tolist() == [1, 2, 3]
    assert got["sales_rank"].tolist() == [2, 1, 3]  # A sells most but is second on fit
    assert got["training_days"].tolist() == [2.0, 6.0, 6.0]
    with pytest.raises(ValueError, match=r"missing column\(s\) 'quota_attainment'"):
        kam_fit.rank_candidates(candidates.drop(columns="quota_attainment"), profile)
    with pytest.raises(ValueError, match=r"candidates\['quota_attainment'\] has -0.5 at row 'A'"):
        kam_fit.rank_candidates(candidates.assign(quota_attainment=[-0.5, 1.0, 1.0]), profile)


def test_ties_break_on_training_days_then_id():
    p = kam_fit.role_profile({"f": 4, "p": 4}, {"f": 1, "p": 1}, {"f": 3, "p": 1})
    c = pd.DataFrame(
        {
            "candidate_id": ["X", "W", "Y"],
            "quota_attainment": [1.0, 1.0, 1.0],
            "f": [2, 2, 4],  # X and W: fit 0.75, 6 training days; Y: fit 0.75, 2 days
            "p": [4, 4, 2],
        }
    )
    assert kam_fit.shortlist(c, p, 3) == ["Y", "W", "X"]
    ranked = kam_fit.rank_candidates(c, p)
    assert list(ranked.index) == ["Y", "W", "X"]
    assert ranked["fit_rank"].tolist() == [1, 1, 1]  # equal fits share the rank
    assert ranked["sales_rank"].tolist() == [1, 1, 1]


def test_shortlist_by_hand_and_bad_n(candidates, profile):
    assert kam_fit.shortlist(candidates, profile) == ["C", "A", "B"]
    assert kam_fit.shortlist(candidates, profile, 1) == ["C"]
    assert kam_fit.shortlist(candidates, profile, np.int64(2)) == ["C", "A"]
    with pytest.raises(ValueError, match="n must be between 1 and the 3 candidates, got 0"):
        kam_fit.shortlist(candidates, profile, 0)
    with pytest.raises(ValueError, match="got 4"):
        kam_fit.shortlist(candidates, profile, 4)
    with pytest.raises(TypeError, match="n must be a whole number of candidates, got str '2'"):
        kam_fit.shortlist(candidates, profile, "2")
    with pytest.raises(TypeError, match="got float"):
        kam_fit.shortlist(candidates, profile, 2.0)


# --- Aldmoor's data -------------------------------------------------------------------------------


def test_aldmoor_best_seller_is_the_worst_fit(aldmoor):
    ranked = kam_fit.rank_candidates(aldmoor, kam_fit.aldmoor_profile())
    top_sellers = list(ranked.sort_values("quota_attainment", ascending=False).index[:2])
    assert top_sellers == ["K01", "K02"]
    assert ranked.index[-1] == "K01"
    assert ranked.loc["K02", "fit_rank"] > len(ranked) / 2  # the second best seller: bottom half
    assert ranked.loc["K01", "training_days"] == 22.0  # gaps 3, 2, 3, 0, 1 x 3, 2, 2, 3, 3 days


def test_aldmoor_shortlist_is_clear_cut(aldmoor):
    profile = kam_fit.aldmoor_profile()
    assert kam_fit.shortlist(aldmoor, profile, 3) == ["K07", "K09", "K10"]
    fit = kam_fit.fit_scores(aldmoor, profile).sort_values(ascending=False)
    assert fit.iloc[2] - fit.iloc[3] > 0.01  # the third and fourth are not a near tie
    assert fit["K07"] == pytest.approx(0.83)  # 0.25 + 0.20 * 3/4 + 0.20 * 3/5 + 0.15 + 0.20 * 4/5
    assert (fit < 1).all()  # nobody comes into the role with every skill it needs


def _every_top(values: pd.Series, n: int, largest: bool) -> list[set[str]]:
    """Every set a "top n" of ``values`` can give, whichever way its ties are broken."""
    ordered = values.round(9).sort_values(ascending=not largest)
    cut = ordered.iloc[n - 1]
    sure = set(ordered.index[(ordered > cut) if largest else (ordered < cut)])
    tied = list(ordered.index[ordered == cut])
    return [sure | set(pick) for pick in itertools.combinations(tied, n - len(sure))]


def test_aldmoor_the_fewest_training_days_is_not_the_shortlist_whatever_the_ties(aldmoor):
    """Issue 9: "the three who need the fewest training days" gave the right shortlist on the old data."""
    profile = kam_fit.aldmoor_profile()
    right = set(kam_fit.shortlist(aldmoor, profile, 3))
    days = kam_fit.training_days(aldmoor, profile)
    assert all(pick != right for pick in _every_top(days, 3, largest=False))
    by_quota = aldmoor.set_index("candidate_id")["quota_attainment"]
    assert all(pick != right for pick in _every_top(by_quota, 3, largest=True))


# --- charts ---------------------------------------------------------------------------------------


def test_plot_skills_vs_profile(candidates, profile):
    fig = kam_fit.plot_skills_vs_profile(candidates, profile)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title().startswith("Candidates' skills against the key account manager profile")
    assert "Skill (level the role requires" in ax.get_xlabel()
    assert ax.get_ylabel() == "Candidate, best fit at the top"
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "C Cy (sales rep)   fit 95.0%"
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "financial\nneeds 4\nweight 75%"
    assert "Level minus required level (points on the 1-5 scale)" in texts(fig)
    assert rendered(fig)
    only = kam_fit.plot_skills_vs_profile(candidates, profile, ["A"])
    assert len(only.axes[0].get_yticklabels()) == 1
    with pytest.raises(ValueError, match="ids has 'Z', which is not a candidate_id"):
        kam_fit.plot_skills_vs_profile(candidates, profile, ["Z"])
    with pytest.raises(TypeError, match="ids must be a list of candidate ids"):
        kam_fit.plot_skills_vs_profile(candidates, profile, "A")


def test_plot_fit_vs_sales(candidates, profile):
    fig = kam_fit.plot_fit_vs_sales(candidates, profile, shortlisted=["C"])
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Last year's sales against quota (% of quota)"
    assert ax.get_ylabel() == "Fit with the role (% of the profile met)"
    assert ax.get_title() == "The best sellers are not the best fit for the key account manager role"
    words = texts(fig)
    for expected in ("A Ann", "B Bo", "C Cy", "shortlisted", "on target (100 % of quota)"):
        assert expected in words
    assert rendered(fig)
    plain = kam_fit.plot_fit_vs_sales(candidates.drop(columns=["name", "current_role"]), profile)
    assert "shortlisted" not in texts(plain)
    with pytest.raises(ValueError, match="shortlisted has 'Z'"):
        kam_fit.plot_fit_vs_sales(candidates, profile, shortlisted=["Z"])


def test_plot_training_plan(candidates, profile):
    fig = kam_fit.plot_training_plan(candidates, profile)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Training days to reach the required level (days per candidate)"
    assert ax.get_title() == "Training needed to reach the key account manager profile"
    # fewest days at the top: C (2), then A and B (6 each, in candidate order)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "C Cy (sales rep)",
        "A Ann (senior sales rep)",
        "B Bo (application engineer)",
    ]
    words = texts(fig)
    assert "2 days" in words and "6 days" in words
    assert "financial (3 days per point)" in words
    assert rendered(fig)
    some = kam_fit.plot_training_plan(candidates, profile, ["B", "A"])
    assert [t.get_text() for t in some.axes[0].get_yticklabels()][0] == "B Bo (application engineer)"
    with pytest.raises(ValueError, match="ids lists a candidate more than once"):
        kam_fit.plot_training_plan(candidates, profile, ["A", "A"])
    with pytest.raises(ValueError, match="ids is empty"):
        kam_fit.plot_training_plan(candidates, profile, [])


def test_aldmoor_charts_render(aldmoor):
    profile = kam_fit.aldmoor_profile()
    short = kam_fit.shortlist(aldmoor, profile, 3)
    for fig in (
        kam_fit.plot_skills_vs_profile(aldmoor, profile),
        kam_fit.plot_fit_vs_sales(aldmoor, profile, short),
        kam_fit.plot_training_plan(aldmoor, profile, [*short, "K01", "K02"]),
    ):
        assert rendered(fig)
