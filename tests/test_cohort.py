"""Cohort analytics (kamlab.grader.cohort) on small hand-made cohorts, without grading.

The end-to-end check, a synthetic cohort graded by the real nbgrader and read back by the report,
is tests/test_synthetic_cohort.py.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kamlab.grader import cohort

ASSIGNMENT = "step4_key_accounts"
SAYS = [
    ("points used as weights", "the weights must add up to 1"),
    ("names as ids", "uses customer names, not ids"),
    ("only the customers the check shows", "it should cover all"),
]


# ------------------------------------------------------------------------------ self-check messages


def test_a_message_names_the_mistake_whose_says_it_contains():
    assert cohort.name_mistake("x looks like the weights must add up to 1.", SAYS) == "points used as weights"
    shape = "director_attractiveness has 12 customers, but it should cover all 91: use every row."
    assert cohort.name_mistake(shape, SAYS) == "only the customers the check shows"
    assert cohort.name_mistake("director_attractiveness is not right yet for Kestrel.", SAYS) == ""


def test_the_looks_like_form_wins_over_a_longer_phrase_elsewhere():
    says = [("short", "uses ids"), ("long", "and then it uses ids of the wrong table")]
    message = "x looks like uses ids. Note: and then it uses ids of the wrong table"
    assert cohort.name_mistake(message, says) == "short"


def _error(ename, evalue):
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": []}


def _stdout(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


@pytest.mark.parametrize(
    ("outputs", "status", "mistake"),
    [
        ([_stdout("✓ Self-check passed: with the director's weights...\n")], "passed", ""),
        (
            [_stdout("… Exercise 1 is not answered yet: replace None.\n"), _error("AssertionError", "x")],
            "blank",
            "",
        ),
        (
            [_error("SelfCheckError", "x looks like the weights must add up to 1.")],
            "mistake",
            "points used as weights",
        ),
        ([_error("SelfCheckError", "x is not right yet for Kestrel Foods Group.")], "wrong", ""),
        ([_error("GraderCheckFailed", "Not accepted: checked again by the grader")], "grader", ""),
        ([_error("NameError", "name 'pf' is not defined")], "error", ""),
        ([], "missing", ""),
    ],
)
def test_check_cell_outputs_are_read_as_a_verdict(outputs, status, mistake):
    verdict = cohort.read_verdict(outputs, SAYS)
    assert (verdict.status, verdict.mistake) == (status, mistake)


# ------------------------------------------------------------------------------------ answer code


TEMPLATE = "# Exercise 1: ...\n# Replace None with your answer.\nx = None\n\nx"


def test_normalised_answers_ignore_comments_spacing_quotes_and_the_template():
    a = "# Exercise 1: ...\nx = None\nw = f( 'a', 1 )  # mine\n\n\nx = g(w)\nx"
    b = 'x = None\n# copied\nw = f("a",1)\nx = g(w)\n'
    assert (
        cohort.normalise_answer(a, TEMPLATE)
        == cohort.normalise_answer(b, TEMPLATE)
        == "w = f('a', 1)\nx = g(w)"
    )
    assert cohort.normalise_answer(TEMPLATE, TEMPLATE) == ""
    assert (
        cohort.normalise_answer("x = (1 +", TEMPLATE) == "x = (1 +"
    )  # not Python: whitespace-normalised text


# ---------------------------------------------------------------------------------- item statistics


def test_point_biserial_is_pearson_with_the_rest_score():
    item, rest = [2, 2, 0, 0, 2, 0], [5, 4, 1, 0, 3, 2]
    assert cohort.point_biserial(item, rest) == pytest.approx(np.corrcoef(item, rest)[0, 1])
    assert math.isnan(cohort.point_biserial([1, 1, 1], [3, 2, 1]))


def _small_cohort() -> cohort.Cohort:
    """Six learners, two exercises (2 and 3 points): a, b strong; e, f weak; c, d made mistakes."""
    learners = list("abcdef")
    exercises = pd.DataFrame(
        {
            "assignment": [ASSIGNMENT] * 2,
            "notebook": [ASSIGNMENT] * 2,
            "points": [2.0, 3.0],
            "step": ["Step 4"] * 2,
            "title": ["Exercise 1", "Exercise 2"],
            "answer_cell": ["e1_answer", "e2_answer"],
            "label": ["Step 4 · e1", "Step 4 · e2"],
        },
        index=pd.Index(["e1", "e2"], name="test"),
    )
    scores = pd.DataFrame(
        {"e1": [2, 2, 0, 0, 2, 0], "e2": [3, 3, 3, 0, 0, 0]},
        index=pd.Index(learners, name="learner"),
        dtype=float,
    )
    rows = []
    table = {
        "e1": ["passed", "passed", "mistake:m1", "mistake:m1", "passed", "blank"],
        "e2": ["passed", "passed", "passed", "mistake:m2", "mistake:m1", "blank"],
    }
    for test, statuses in table.items():
        for learner, status in zip(learners, statuses):
            kind, _, name = status.partition(":")
            rows.append(
                (learner, test, kind, name, "", f"code-{test}-{kind}-{name}" if kind != "blank" else "")
            )
    verdicts = pd.DataFrame(rows, columns=["learner", "test", "status", "mistake", "message", "answer"])
    verdicts["score"] = [scores.loc[r.learner, r.test] for r in verdicts.itertuples()]
    catalogue = pd.DataFrame(
        [("e1", "m1", "says m1"), ("e2", "m1", "says m1 of e2"), ("e2", "m2", "says m2")],
        columns=["test", "mistake", "says"],
    )
    return cohort.Cohort(
        cohort.grading.COURSE,
        [ASSIGNMENT],
        exercises,
        scores,
        verdicts,
        catalogue,
        {ASSIGNMENT: set(learners)},
    )


def test_item_statistics_give_facility_and_both_discrimination_indices():
    c = _small_cohort()
    items = cohort.item_statistics(c)
    assert items.loc["e1", "mean_score"] == pytest.approx(1.0)
    assert items.loc["e1", "facility"] == pytest.approx(0.5)
    assert items.loc["e2", "facility"] == pytest.approx(0.5)
    assert items.loc["e1", "full_marks"] == 3
    rest = c.scores["e2"]
    assert items.loc["e1", "discrimination"] == pytest.approx(np.corrcoef(c.scores["e1"], rest)[0, 1])
    # upper-lower with 27 % of 6 learners = 2: top a, b (5 points each), bottom d, f (0)
    assert items.loc["e2", "upper_lower"] == pytest.approx(1.0)


def test_mistakes_are_ranked_by_how_many_learners_made_them():
    ranking = cohort.mistake_ranking(_small_cohort())
    assert list(zip(ranking["test"], ranking["mistake"], ranking["learners"])) == [
        ("e1", "m1", 2),
        ("e2", "m1", 1),
        ("e2", "m2", 1),
    ]
    assert ranking.loc[0, "says"] == "says m1" and ranking.loc[0, "share"] == pytest.approx(2 / 6)


def test_learners_below_the_threshold_with_what_they_lost():
    low = cohort.struggling(_small_cohort(), threshold=0.5)
    assert list(low["learner"]) == ["d", "f", "e"]  # weakest first, ties in name order
    assert list(low["score"]) == [0, 0, 2]
    f = low.set_index("learner").loc["f"]
    assert f["weakest_steps"] == "Step 4 0/5" and f["lost"] == "e1: not answered; e2: not answered"
    assert low.set_index("learner").loc["d", "lost"] == "e1: m1; e2: m2"


# ------------------------------------------------------------------------------------------ copying


def _answers(rows: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=["e1", "e2", "e3"]).T


def _honest_cohort(n: int = 30) -> dict[str, list[str]]:
    """Half write the model solutions; the rest their own code."""
    return {
        f"h{k:02d}": ["model1", "model2", "model3"] if k % 2 else [f"own1-{k}", f"own2-{k}", f"own3-{k}"]
        for k in range(n)
    }


def test_a_pair_sharing_code_nobody_else_wrote_is_flagged():
    rows = _honest_cohort()
    rows["p1"] = rows["p2"] = ["rare1", "rare2", "rare3"]
    clusters = cohort.copy_clusters(_answers(rows))
    assert [c.learners for c in clusters] == [("p1", "p2")]
    assert clusters[0].others == (0, 0, 0) and clusters[0].expected < 0.05
    assert "p1 + p2: the same code on 3 exercise(s)" in clusters[0].describe()


def test_a_triple_is_flagged_whole_and_model_solutions_or_blanks_never():
    rows = _honest_cohort()
    rows["t1"] = rows["t2"] = rows["t3"] = ["rare1", "model2", "rare3"]
    rows["b1"] = rows["b2"] = ["", "", "model3"]  # blanks and a model solution: nothing to see
    clusters = cohort.copy_clusters(_answers(rows))
    assert [c.learners for c in clusters] == [("t1", "t2", "t3")]
    assert clusters[0].exercises == ("e1", "e2", "e3") and clusters[0].others == (0, 15, 0)


def test_two_rare_answers_in_common_among_40_are_not_beyond_chance_for_a_pair():
    """Expected pairs by chance: C(40, 2) / 39 ** 2 = 0.51, far above 0.05 (see needed_unique)."""
    rows = _honest_cohort(38)
    rows["p1"] = ["rare1", "rare2", "model3"]
    rows["p2"] = ["rare1", "rare2", "other"]
    assert cohort.copy_clusters(_answers(rows)) == []


# ------------------------------------------------------------------------------------------ commands


def test_the_instructor_guide_gives_cohort_commands_that_exist(capsys):
    from kamlab import __main__ as cli

    guide = (cohort.grading.COURSE / "README.md").read_text()
    makefile = (cohort.grading.ROOT / "Makefile").read_text()
    assert "## Instructor: cohort grading and analytics" in guide
    for command in ("grade", "report"):
        assert f"make {command} STEP=step4_key_accounts" in guide
        assert f"\n{command}: $(STAMP)" in makefile
    for command in ("grade", "report", "synthetic"):
        assert f"python -m kamlab {command} step4_key_accounts" in guide
        with pytest.raises(SystemExit) as done:
            cli.main([command, "--help"])
        assert done.value.code == 0 and "usage: python -m kamlab " + command in capsys.readouterr().out
