"""The synthetic cohort (kamlab.grader.synthetic): known rates, learners' own styles, planted copies.

The copy detector (kamlab.grader.cohort.copy_clusters) is run here on many planned cohorts, without
grading; tests/test_synthetic_cohort.py grades one with the real nbgrader.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kamlab.grader import cohort, synthetic

ASSIGNMENT = "step4_key_accounts"


def test_how_many_unique_answers_a_group_needs_to_stand_out_among_40():
    """Pairs by chance with d answers nobody else wrote: C(40, 2) / 39 ** d; triples: C(40, 3) / 38 ** 2d."""
    assert synthetic.needed_unique(40, 2) == 3 and synthetic.needed_unique(40, 3) == 2


# ---------------------------------------------------------------------------------- synthetic cohort


@pytest.fixture(scope="module")
def catalogues():
    return synthetic.exercises(ASSIGNMENT)


def test_rates_give_exact_counts_and_mistakes_follow_their_known_frequencies(catalogues):
    plan = synthetic.make_plan(catalogues, learners=40, seed=5, copy_groups=())
    for ex in catalogues:
        assert plan.counts()[ex.test] == {"right": 20, "mistake": 12, "alternative": 4, "blank": 4}
        expected = synthetic.largest_remainders(ex.mistake_weights(), 12)
        made = plan.mistake_counts()[ex.test]
        assert [made.get(m.name, 0) for m in ex.mistakes] == expected
        assert plan.weights[ex.test][ex.mistakes[0].name] == pytest.approx(1 / sum(ex.mistake_weights()))


def test_planted_copies_take_every_answer_of_a_distinctive_learner(catalogues):
    plan = synthetic.make_plan(catalogues, learners=40, seed=3)
    assert sorted(map(len, plan.copy_groups)) == [2, 2, 3] and not plan.unplanted
    by_id = {lr.id: lr for lr in plan.learners}
    for group in plan.copy_groups:
        sources = [i for i in group if by_id[i].copied_from is None]
        assert len(sources) == 1
        for member in group:
            assert {t: a.code for t, a in by_id[member].answers.items()} == {
                t: a.code for t, a in by_id[sources[0]].answers.items()
            }
    copiers = sum(len(g) - 1 for g in plan.copy_groups)
    for counts in plan.counts().values():  # copiers move each kind by at most their number
        nominal = synthetic.Rates().counts(40)
        assert all(abs(counts[k] - nominal[k]) <= copiers for k in synthetic.KINDS)


def test_restyled_code_does_the_same_with_other_names():
    code = "w = {'a': 2}\ntotal = sum(w.values())\nx = [v / total for v in w.values()]"
    for style in range(16):
        styled = synthetic.restyle(code, ["x"], style, avoid={"total_"})
        mine, theirs = {}, {}
        exec(code, mine)
        exec(styled, theirs)
        assert theirs["x"] == mine["x"]
    assert synthetic.restyle(code, ["x"], 0) == code
    assert "my_w" in synthetic.restyle(code, ["x"], 1) and "x = answer" in synthetic.restyle(code, ["x"], 9)


def test_a_choice_that_reads_an_earlier_answer_goes_to_who_answered_it_with_the_model(catalogues):
    """Step 4's 'reusing Exercise 1 in a loop' reads director_attractiveness: only for those right there."""
    needs = {
        c.name
        for ex in catalogues
        for c in ex.alternatives
        if "director_attractiveness" in synthetic.reads(c.code)
    }
    assert needs, "the catalogue changed: pick another example"
    for seed in range(5):
        plan = synthetic.make_plan(catalogues, learners=40, seed=seed, copy_groups=())
        for learner in plan.learners:
            if any(a.name in needs for a in learner.answers.values()):
                assert learner.answers["director_scores"].kind == "right"


@pytest.mark.slow
def test_the_copy_detector_on_many_synthetic_cohorts(catalogues):
    """Over 40 seeds: every planted group is found, and at most 2 honest groups flagged in all."""
    missed, extra = [], []
    for seed in range(40):
        plan = synthetic.make_plan(catalogues, learners=40, seed=seed)
        table = pd.DataFrame(
            {
                lr.id: {
                    t: cohort.normalise_answer(a.code) if a.kind != "blank" else ""
                    for t, a in lr.answers.items()
                }
                for lr in plan.learners
            }
        ).T
        found = {c.learners for c in cohort.copy_clusters(table)}
        planted = {tuple(g) for g in plan.copy_groups}
        missed += [(seed, g) for g in planted - found]
        extra += [(seed, g) for g in found - planted]
    assert not missed
    assert len(extra) <= 2, extra
