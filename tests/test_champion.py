"""Step 3, the KAM champion: stakeholder map, champion scoring and the change plan.

Expected values are worked out by hand from the criteria's definitions (see kamlab/champion.py).
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kamlab.toolkit import champion

EQUAL = {c: 1 / 3 for c in champion.TABLE_CRITERIA}
BOARD = {"influence": 0.3, "support": 0.4, "top_team_access": 0.3}
RATED = {"influence": 0.2, "support": 0.3, "top_team_access": 0.1, "credibility": 0.2, "energy": 0.2}


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


def rated() -> pd.DataFrame:
    """The toy team with the two ratings colleagues give: credibility and energy (1-5)."""
    return toy().assign(credibility=[3, 5, 2, 1], energy=[2, 4, 5, 3])


def test_criteria_are_scaled_to_0_1_by_hand():
    c = champion.champion_criteria(toy())
    assert list(c.index) == ["S1", "S2", "S3", "S4"]
    assert list(c.columns) == ["name", "role", *champion.TABLE_CRITERIA]
    # influence (5-1)/4, support (2-1)/4, access True
    assert c.loc["S1", list(champion.TABLE_CRITERIA)].tolist() == [1.0, 0.25, 1.0]
    assert c.loc["S4", list(champion.TABLE_CRITERIA)].tolist() == [0.5, 0.0, 0.0]


def test_ratings_become_criteria_when_the_table_has_them():
    assert champion.scored_criteria(toy()) == list(champion.TABLE_CRITERIA)
    assert champion.scored_criteria(rated()) == list(champion.CRITERIA)
    c = champion.champion_criteria(rated())
    # credibility (3-1)/4 and energy (2-1)/4 for Ann; (5-1)/4 and (4-1)/4 for Bo
    assert c.loc["S1", ["credibility", "energy"]].tolist() == [0.5, 0.25]
    assert c.loc["S2", ["credibility", "energy"]].tolist() == [1.0, 0.75]
    s = champion.champion_scores(rated(), RATED)
    # Bo: 0.2*0.75 + 0.3*0.75 + 0.1*1 + 0.2*1 + 0.2*0.75 = 0.825
    assert s.loc["S2", "score"] == pytest.approx(0.825)


def test_tenure_is_not_a_criterion():
    """Issue 11: years at the company measure tenure, not credibility, and change no score."""
    assert "years_at_company" not in " ".join(champion.CRITERIA)
    assert not any("year" in text for text in champion.CRITERIA.values())
    before = champion.champion_scores(toy(), BOARD)["score"]
    after = champion.champion_scores(toy().assign(years_at_company=[40, 0, 1, 25]), BOARD)["score"]
    pd.testing.assert_series_equal(before, after)
    assert champion.champion_scores(toy().drop(columns="years_at_company"), BOARD)["score"].equals(before)


def test_energy_is_a_criterion_of_the_article():
    assert "energy" in champion.CRITERIA and "energy" in champion.RATED_CRITERIA
    low, high = rated().assign(energy=[1, 1, 1, 1]), rated().assign(energy=[5, 5, 5, 5])
    gain = champion.champion_scores(high, RATED)["score"] - champion.champion_scores(low, RATED)["score"]
    assert gain.tolist() == pytest.approx([RATED["energy"]] * 4)


def test_scores_are_the_weighted_sum():
    s = champion.champion_scores(toy(), BOARD)
    # Ann: 0.3*1 + 0.4*0.25 + 0.3*1 = 0.7
    assert s.loc["S1", "score"] == pytest.approx(0.7)
    # Bo: 0.3*0.75 + 0.4*0.75 + 0.3*1 = 0.825
    assert s.loc["S2", "score"] == pytest.approx(0.825)
    # Cy: 0.3*0.25 + 0.4*1 + 0 = 0.475
    assert s.loc["S3", "score"] == pytest.approx(0.475)


def test_ranking_keeps_only_supporters_and_numbers_them():
    r = champion.rank_champions(toy(), BOARD, min_support=4)
    assert list(r.index) == ["S2", "S3"]
    assert r["rank"].tolist() == [1, 2]
    assert r["rank"].dtype == "int64"
    everyone = champion.rank_champions(toy(), BOARD)
    assert list(everyone.index) == ["S2", "S1", "S3", "S4"]


def test_ties_go_to_the_stronger_supporter_then_the_lower_id_and_share_a_rank():
    people = toy()
    people["influence"] = [3, 3, 3, 3]
    people["support"] = [3, 3, 3, 3]
    people["access_to_ceo"] = [False] * 4
    ranked = champion.rank_champions(people, EQUAL)
    assert list(ranked.index) == ["S1", "S2", "S3", "S4"]
    assert ranked["rank"].tolist() == [1, 1, 1, 1]  # a tie stays visible
    # same score, but S4 supports more and influences less: support breaks the tie first
    people.loc[3, ["influence", "support"]] = [2, 4]
    assert list(champion.rank_champions(people, EQUAL).index)[0] == "S4"


EQUAL5 = {c: 1 / 5 for c in champion.CRITERIA}
#: The board's points in the Step 3 notebook, as weights.
BOARD5 = {"support": 0.3, "influence": 0.2, "top_team_access": 0.1, "credibility": 0.2, "energy": 0.2}


def _candidates(people: pd.DataFrame) -> pd.Index:
    """Who passes the notebook's rule: support 4-5, influence 4-5, not the CEO."""
    ok = (people["support"] >= 4) & (people["influence"] >= 4) & (people["role"] != "Chief Executive Officer")
    return people.index[ok]


def test_on_aldmoor_seniority_makes_up_for_missing_conviction_unless_support_is_a_rule(tables):
    """The notebook's trap: with equal weights an opponent of KAM outscores its keenest supporter."""
    s = tables["stakeholders"]
    people = s.set_index("stakeholder_id")
    scores = champion.champion_scores(s, EQUAL5)["score"]
    opponents = people.index[(people["support"] == 1) & (people["influence"] == 5)]
    keenest = people["support"].idxmax()
    assert len(opponents) and (scores[opponents] > scores[keenest]).all()
    ranked = champion.rank_champions(s, EQUAL5, min_support=4)
    assert (people.loc[ranked.index, "support"] >= 4).all()
    assert not set(opponents) & set(ranked.index)


def test_on_aldmoor_the_ratings_separate_candidates_the_map_ties(tables):
    """Step 3's story: the rule's candidates tie in pairs on the map's three criteria; credibility and
    energy, which colleagues rate, give a strict order, and tenure read as credibility would change it."""
    s = tables["stakeholders"]
    people = s.set_index("stakeholder_id")
    candidates = _candidates(people)
    assert len(candidates) >= 3
    on_the_map = people.loc[candidates, ["influence", "support", "access_to_ceo"]]
    assert on_the_map.duplicated(keep=False).all(), "every candidate shares the map's criteria with another"
    board = champion.champion_scores(s, BOARD5)["score"][candidates]
    assert board.round(9).is_unique, "the ratings leave no tie among the candidates"
    order = list(board.sort_values(ascending=False).index)
    assert (
        list(champion.champion_scores(s, EQUAL5)["score"][candidates].sort_values(ascending=False).index)
        == order
    )
    criteria = champion.champion_criteria(s)
    as_tenure = criteria.assign(credibility=people["years_at_company"] / people["years_at_company"].max())
    tenure = sum(as_tenure[c] * w for c, w in BOARD5.items())[candidates].sort_values(ascending=False)
    assert list(tenure.index) != order, "tenure is not credibility: reading it as such changes the order"


@pytest.mark.parametrize(
    ("weights", "error", "message"),
    [
        ([0.25] * 4, TypeError, "weights must be a dict"),
        ({**BOARD, "seniority": 0.0}, ValueError, "'seniority', which is not a criterion"),
        ({"influence": 0.5, "support": 0.5}, ValueError, "no weight for 'top_team_access'"),
        ({**BOARD, "support": 0.3}, ValueError, "weights add up to 0.9, not 1"),
        ({**BOARD, "support": -0.2, "influence": 0.9}, ValueError, "weights['support'] must be >= 0"),
        ({**BOARD, "support": "high"}, TypeError, "weights['support'] must be a number"),
        (
            {**BOARD, "support": 0.2, "energy": 0.2},
            ValueError,
            "weights give 'energy' a weight, but stakeholders has no 'energy' column",
        ),
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
        (
            lambda d: d.assign(energy=[2, 4, 0, 1]),
            ValueError,
            "stakeholders['energy'] has 0 at row 2; every value must be >= 1",
        ),
        (
            lambda d: d.assign(credibility=[2, 4.5, 3, 1]),
            ValueError,
            "stakeholders['credibility'] has 4.5 at row 1; it must hold whole numbers",
        ),
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
    s = tables["stakeholders"].set_index("stakeholder_id")
    q = champion.stakeholder_quadrants(tables["stakeholders"])
    high, keen = s["influence"] >= 4, s["support"] >= 4
    assert set(q.index[q == "blockers to convert"]) == set(s.index[high & ~keen])
    assert set(q.index[q == "champions and allies"]) == set(s.index[high & keen])
    assert set(q.index[q == "supporters to mobilise"]) == set(s.index[~high & keen])
    assert set(q.unique()) == set(champion.QUADRANTS)


def test_quadrant_lines_are_checked():
    with pytest.raises(ValueError, match="influence_line must be <= 5"):
        champion.stakeholder_quadrants(toy(), influence_line=7)


def test_stakeholder_map_names_everyone_and_marks_the_highlight(tables):
    s = tables["stakeholders"]
    fig = champion.stakeholder_map_plot(s, highlight=["S03"], highlight_label="chosen champion")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("Stakeholder map")
    assert ax.get_ylabel() == "Influence on the change (score 1-5)"
    assert "Support for KAM today" in ax.get_xlabel()
    words = texts(fig)
    for name in s["name"]:
        assert name in words
    assert f"chosen champion: {s.set_index('stakeholder_id').at['S03', 'name']}" in words
    for group in champion.QUADRANTS:
        assert group.upper() in words
    assert png(fig).startswith(b"\x89PNG")


def test_stakeholder_map_rejects_unknown_highlight():
    with pytest.raises(ValueError, match="highlight names 'S9', which is not a stakeholder_id"):
        champion.stakeholder_map_plot(toy(), highlight="S9")


def _dots(fig: Figure) -> list[tuple[float, float]]:
    return [
        (float(d.get_xdata()[0]), float(d.get_ydata()[0]))
        for d in fig.axes[0].get_lines()
        if d.get_marker() == "o" and len(d.get_xdata())
    ]


def test_people_on_the_same_point_are_all_drawn(tables):
    s = tables["stakeholders"]
    dots = _dots(champion.stakeholder_map_plot(s))
    assert len(dots) == len(s)
    assert len(set(dots)) == len(dots), "people who share a point are stacked, not drawn on each other"


def crowd() -> pd.DataFrame:
    """Four people at the top of both scales, three at the bottom, one alone in the middle."""
    return pd.DataFrame(
        {
            "stakeholder_id": [f"S{i}" for i in range(1, 9)],
            "name": list("ABCDEFGH"),
            "role": ["Chief Executive Officer", "CFO", "COO", "CCO", "Clerk", "Clerk", "Clerk", "VP"],
            "influence": [5, 5, 5, 5, 1, 1, 1, 3],
            "support": [5, 5, 5, 5, 1, 1, 1, 3],
            "access_to_ceo": [True] * 4 + [False] * 4,
        }
    )


@pytest.mark.parametrize("people", ["aldmoor", "crowd"])
def test_stacked_dots_stay_on_the_1_to_5_scale_and_nearest_their_own_score(tables, people):
    """Issue 11: the map drew the CEO above 5 on a 1-5 scale."""
    s = tables["stakeholders"] if people == "aldmoor" else crowd()
    dots = _dots(champion.stakeholder_map_plot(s))
    for _x, y in dots:
        assert 1 <= y <= 5, f"a dot at influence {y:.2f}, off the 1-5 scale"
        assert abs(y - round(y)) <= 0.45 + 1e-9, f"a dot at {y:.2f} is nearly as close to another score"
    drawn = Counter((x, float(round(y))) for x, y in dots)
    assert drawn == Counter(zip(s["support"].astype(float), s["influence"].astype(float)))


def test_stacked_positions_by_hand():
    assert champion.stacked_positions(3, 1).tolist() == [3.0]
    assert champion.stacked_positions(3, 2).tolist() == pytest.approx([3.15, 2.85])
    assert champion.stacked_positions(5, 2).tolist() == pytest.approx([5.0, 4.7])
    assert champion.stacked_positions(1, 4).tolist() == pytest.approx([1.45, 1.3, 1.15, 1.0])
    many = champion.stacked_positions(3, 10)
    assert many.max() - many.min() == pytest.approx(0.8) and (abs(many - 3) <= 0.4 + 1e-12).all()
    with pytest.raises(ValueError, match="count must be at least 1"):
        champion.stacked_positions(3, 0)


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


def test_example_plan_covers_the_first_18_months_and_sets_up_governance():
    plan = champion.example_change_plan()
    assert list(plan.columns) == list(champion.PLAN_COLUMNS)
    assert plan.loc[0, "task"].startswith("Appoint the KAM champion")
    governance = plan[plan["task"].str.contains("steering group")]
    assert len(governance) == 1 and governance["start_month"].tolist() == [1]
    assert "champion" in governance["owner"].iloc[0].lower()
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


# ---------------------------------------------------------------- what each criterion adds


def _bars(fig: Figure) -> list:
    return [p for p in fig.axes[0].patches if p.get_width() > 0]


def test_score_plot_segments_add_up_to_each_score_best_first():
    s = rated()
    fig = champion.champion_score_plot(s, RATED)
    scores = champion.champion_scores(s, RATED)["score"].sort_values(ascending=False)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [label.split(",")[0] for label in labels] == list(
        rated().set_index("stakeholder_id").loc[scores.index, "name"]
    )
    totals = Counter()
    for bar in _bars(fig):
        totals[round(bar.get_y() + bar.get_height() / 2)] += bar.get_width()
    drawn = [totals[row] for row in sorted(totals, reverse=True)]  # top row first
    assert drawn == pytest.approx(scores.tolist())
    words = texts(fig)
    for score in scores:
        assert f"{score:.3f}" in words
    assert ax.get_xlabel().startswith("Champion score (0-1)")
    assert png(fig).startswith(b"\x89PNG")


def test_score_plot_hatches_the_ratings_and_names_each_weight():
    fig = champion.champion_score_plot(rated(), RATED, ids=["S2"])
    hatched = {bar.get_facecolor() for bar in _bars(fig) if bar.get_hatch()}
    plain = {bar.get_facecolor() for bar in _bars(fig) if not bar.get_hatch()}
    assert len(hatched) == 2 and len(plain) == 3  # credibility and energy; the map's three
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "energy (colleagues' rating), weight 0.2" in legend
    assert "support for KAM, weight 0.3" in legend


def test_score_plot_keeps_the_order_given_and_leaves_out_zero_weights():
    weights = {"influence": 0.5, "support": 0.5, "top_team_access": 0.0}
    fig = champion.champion_score_plot(toy(), weights, ids=["S3", "S1"])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Cy, Clerk", "Ann, CFO"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["influence, weight 0.5", "support for KAM, weight 0.5"]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["S1", "S9"], "ids names 'S9', which is not a stakeholder_id"),
        (["S1", "S1"], "ids names 'S1' more than once"),
        ([], "ids is empty"),
    ],
)
def test_score_plot_names_bad_ids(ids, message):
    with pytest.raises(ValueError, match=message):
        champion.champion_score_plot(toy(), BOARD, ids=ids)


def test_map_note_and_legend_overlap_no_label(tables):
    """The map's footnote, its legend and the quadrant labels are all readable: no two overlap."""
    s = tables["stakeholders"]
    fig = champion.stakeholder_map_plot(
        s, highlight=list(s["stakeholder_id"][:4]), highlight_label="candidates"
    )
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    note = next(t for t in ax.texts if t.get_text().startswith("People with the same two scores"))
    groups = [t for t in ax.texts if t.get_text().split("\n")[0].lower() in champion.QUADRANTS]
    boxes = [note.get_window_extent(renderer), ax.get_legend().get_window_extent(renderer)]
    boxes += [t.get_window_extent(renderer) for t in groups]
    boxes = [b.padded(5) for b in boxes]  # at least 10 pixels apart, so words never run into each other
    assert len(groups) == 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), f"{a} overlaps {b}"


# ---------------------------------------------------------------- the Step 3 notebook's self-check rules


STEP3 = Path(__file__).resolve().parents[1] / "course" / "source" / "step3_kam_champion"


@pytest.mark.parametrize(
    ("exercise", "answer", "says"),
    [
        # an uncatalogued wrong answer with an ally in it: the support rule names it
        ("convert_first", ["S04", "S06", "S11"], "includes people who already support KAM"),
        ("convert_first", ["S04", "S06", "S07"], "includes people with influence 3 or lower"),
        ("champion_ranking", ["S11", "S03", "S05", "S02", "S06"], "includes someone with support 3 or lower"),
        ("champion_ranking", ["S11", "S12"], "includes someone with influence 3 or lower"),
        # the candidates by credibility alone: the CFO ahead of the VP Supply Chain
        ("champion_ranking", ["S11", "S03", "S02", "S05"], "puts the Chief Financial Officer ahead"),
    ],
)
def test_step3_rules_name_uncatalogued_mistakes_without_an_error(tables, exercise, answer, says):
    """A rule's condition runs in the self-check's restricted eval: it must not raise (a generator
    expression there cannot see the rule's constants), and must name the mistake."""
    from kamlab.grader import selfcheck

    people = tables["stakeholders"].set_index("stakeholder_id")
    assert (
        people.loc["S02", "role"] == "Chief Financial Officer"
        and people.loc["S05", "role"] == "VP Supply Chain"
    )
    status, message = selfcheck.verdict(exercise, selfcheck.load(exercise, STEP3), [answer])
    assert status == "wrong" and says in message
