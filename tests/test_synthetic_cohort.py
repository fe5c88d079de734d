"""A synthetic cohort of 40, graded in parallel by the real nbgrader, read back by the cohort report.

The generator (kamlab.grader.synthetic) records what every learner handed in: the model
solution, which catalogued mistake, which alternative, or nothing, and which learners copied
whom. The cohort is graded with ``kamlab.grader.batch.grade`` (the command ``python -m kamlab
grade``), then the report's data (kamlab.grader.cohort_report.report_data) must give back:

- per exercise, how many were right (model or alternative), made a catalogued mistake, or left
  it blank; the right answers written another way; each catalogued mistake's count;
- every learner's score, hence the mean scores, facilities and discrimination indices;
- the learners under the threshold;
- exactly the planted copy groups.

Tolerance: none. The plan is the truth of what was handed in, in exact counts; grading is
deterministic; the self-check recognises each catalogued mistake by a fingerprint of the whole
answer (or its shape or rule message), and the course build guarantees each mistake's message
holds its ``says`` text. So a count that differs is a bug in the grading or the report, not noise.
(The planted counts differ from the nominal 50/30/10/10 % only by the copiers, who take their
source's answers: tests/test_synthetic.py checks that bound.)

Step 4 is used, and Step 6 as soon as it is built from its sources (``course/authoring``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kamlab.grader import batch, cohort, cohort_report, synthetic
from kamlab.grader import course as grading

pytestmark = pytest.mark.slow

ASSIGNMENTS = [
    a for a in ("step4_key_accounts", "step6_metrics") if (grading.COURSE / "authoring" / f"{a}.py").exists()
]
SEED = (
    3  # Step 4 alone: the seed plants two pairs and a triple (not every seed finds three distinctive sources)
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = grading.copy_course(tmp_path_factory.mktemp("cohort"))
    for assignment in ASSIGNMENTS:
        grading.nbgrader(course, "generate_assignment", assignment, "--force")
    plan = synthetic.generate(ASSIGNMENTS, course, learners=40, seed=SEED)
    result = batch.grade(ASSIGNMENTS, course, quiet=True)
    data = cohort_report.report_data(cohort.load(ASSIGNMENTS, course), threshold=0.5)
    return {"course": course, "plan": plan, "result": result, "data": data}


def _expected_scores(plan: synthetic.Plan, points: pd.Series) -> pd.DataFrame:
    """Learners x exercises: full points for the model solution or an alternative, else 0."""
    rows = {
        lr.id: {t: points[t] if a.kind in ("right", "alternative") else 0.0 for t, a in lr.answers.items()}
        for lr in plan.learners
    }
    return pd.DataFrame(rows).T.reindex(columns=points.index).astype(float)


def test_the_whole_cohort_is_graded(graded):
    result = graded["result"]
    assert not result.failed, batch.summary(result)
    assert len(result.graded) == 40 * len(ASSIGNMENTS)
    assert set(graded["data"].cohort.learners) == {lr.id for lr in graded["plan"].learners}


def test_outcomes_per_exercise_recover_the_planted_counts(graded):
    plan, data = graded["plan"], graded["data"]
    counts = plan.counts()
    assert set(data.outcomes.index) == set(counts)
    for test, planted in counts.items():
        got = data.outcomes.loc[test]
        assert got["passed"] == planted["right"] + planted["alternative"], test
        assert got["mistake"] == planted["mistake"], test
        assert got["blank"] == planted["blank"], test
        others = got.drop(["passed", "mistake", "blank"])
        assert others.sum() == 0, others[others > 0].to_dict()
        assert data.another_way[test] == planted["alternative"], test


def test_each_catalogued_mistake_is_named_as_often_as_it_was_planted(graded):
    plan, ranking = graded["plan"], graded["data"].mistakes
    planted = {(t, name): n for t, names in plan.mistake_counts().items() for name, n in names.items()}
    reported = dict(zip(zip(ranking["test"], ranking["mistake"]), ranking["learners"]))
    assert reported == planted
    assert list(ranking["learners"]) == sorted(ranking["learners"], reverse=True)
    assert graded["data"].uncatalogued.empty


def test_scores_and_item_statistics_follow_from_the_plan(graded):
    plan, data = graded["plan"], graded["data"]
    points = data.cohort.exercises["points"]
    expected = _expected_scores(plan, points).loc[data.cohort.scores.index]
    pd.testing.assert_frame_equal(data.cohort.scores, expected, check_names=False)
    total = expected.sum(axis=1)
    for test in points.index:
        item = expected[test]
        row = data.items.loc[test]
        assert row["mean_score"] == pytest.approx(item.mean(), abs=1e-12)
        assert row["facility"] == pytest.approx(item.mean() / points[test], abs=1e-12)
        assert row["discrimination"] == pytest.approx(np.corrcoef(item, total - item)[0, 1], abs=1e-12)
        # strong learners were given the right answers more often: every exercise discriminates
        assert row["discrimination"] > 0.2 and row["upper_lower"] > 0


def test_learners_below_the_threshold_are_those_the_plan_puts_there(graded):
    plan, data = graded["plan"], graded["data"]
    points = data.cohort.exercises["points"]
    share = _expected_scores(plan, points).sum(axis=1) / points.sum()
    assert set(data.struggling["learner"]) == set(share[share < 0.5].index)
    assert data.headline["below"] == int((share < 0.5).sum())


def test_the_planted_copies_and_only_they_are_flagged(graded):
    plan, copies = graded["plan"], graded["data"].copies
    assert plan.copy_groups and not plan.unplanted
    assert sorted(list(c.learners) for c in copies) == plan.copy_groups
    for cluster in copies:
        assert cluster.expected < 0.05


def test_the_report_page_and_the_notebook_show_it(graded):
    course = graded["course"]
    page = cohort_report.build(ASSIGNMENTS, course)
    text = page.read_text()
    for heading in (
        "1. Which exercises are hard",
        "3. The mistakes to teach against first",
        "5. Possible copying",
    ):
        assert heading in text
    assert text.count('src="data:image/png;base64,') == len(cohort_report.CHARTS)
    for group in graded["plan"].copy_groups:
        assert " + ".join(group) in text
    assert all(
        (page.with_name(page.stem + "_files") / f"{n}.png").stat().st_size > 10_000
        for n in cohort_report.CHARTS
    )

    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(grading.COURSE / "analytics.ipynb", as_version=4)
    env = {"KAMLAB_COURSE": str(course), "KAMLAB_ASSIGNMENTS": " ".join(ASSIGNMENTS)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(
            notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(course)}}
        ).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors[0]
    images = [o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == len(cohort_report.CHARTS)
    assert Path(course / "reports").is_dir()
