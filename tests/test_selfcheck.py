"""Self-check messages and fingerprints used by the graded exercises."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kamlab.grader import selfcheck
from tests import grading

IDS = ["C1", "C2", "C3"]
RIGHT = pd.Series([100.0, -250.5, 3000.25], index=IDS)


def _setup_namespace() -> dict:
    ns: dict = {}
    exec((grading.COURSE / "snippets" / "grading_setup.py").read_text(), ns)
    return ns


def test_notebook_setup_cell_agrees_with_kamlab_fingerprints():
    ns = _setup_namespace()
    values = np.random.default_rng(1).normal(0, 1e6, 200)
    for step in (1.0, 0.01, 1e-4):
        assert [tuple(x) for x in ns["_kam_fp"](values, step)] == selfcheck.fingerprints(values, step)
    assert ns["_kam_set"](["b", "a", "b"]) == selfcheck.set_fingerprint(["a", "b"])


@pytest.mark.parametrize("noise", [0.0, 1e-9, -1e-9, 0.2, -0.2])
def test_fingerprint_tolerates_float_noise_on_either_side_of_a_grid_line(noise):
    expected = selfcheck.fingerprints([10.0, 10.5, 11.999999], 1.0)
    assert selfcheck.fingerprint_match(np.array([10.0, 10.5, 11.999999]) + noise, 1.0, expected)


def test_fingerprint_rejects_values_a_step_away_and_wrong_lengths():
    expected = selfcheck.fingerprints([10.0, 20.0], 1.0)
    assert not selfcheck.fingerprint_match([11.5, 20.0], 1.0, expected)
    assert not selfcheck.fingerprint_match([10.0], 1.0, expected)


def test_check_values_accepts_right_answer_in_any_order_and_one_column_frame():
    fp = selfcheck.fingerprints(RIGHT.to_numpy(), 1.0)
    shuffled = RIGHT.iloc[::-1].to_frame("profit")
    got = selfcheck.check_values(shuffled, "profit", IDS, expected=fp)
    assert got.tolist() == RIGHT.tolist()


def test_check_values_names_the_mistake_and_the_problem():
    fp = selfcheck.fingerprints(RIGHT.to_numpy(), 1.0)
    revenue = [500.0, 800.0, 9000.0]
    with pytest.raises(AssertionError, match="profit looks like revenue, not profit"):
        selfcheck.check_values(
            pd.Series(revenue, index=IDS),
            "profit",
            IDS,
            mistakes={"revenue, not profit": revenue},
            expected=fp,
        )
    with pytest.raises(AssertionError, match="is not right yet. Subtract cost to serve"):
        selfcheck.check_values(RIGHT + 50, "profit", IDS, expected=fp, hint="Subtract cost to serve.")
    with pytest.raises(AssertionError, match=r"no value for \['C3'\].*set_index"):
        selfcheck.check_values(RIGHT.iloc[:2], "profit", IDS)
    with pytest.raises(AssertionError, match="should be a pandas Series"):
        selfcheck.check_values([1, 2, 3], "profit", IDS)
    with pytest.raises(AssertionError, match="missing or infinite"):
        selfcheck.check_values(RIGHT.where(RIGHT > 0), "profit", IDS)


def test_check_number_and_selection_and_labels():
    fp = selfcheck.fingerprints([2.1], 0.01)
    assert selfcheck.check_number(np.float64(2.1000001), "peak", expected=fp, step=0.01) == pytest.approx(2.1)
    with pytest.raises(AssertionError, match="peak looks like revenue concentration"):
        selfcheck.check_number(0.76, "peak", mistakes={"revenue concentration": 0.76})
    with pytest.raises(AssertionError, match="should be a single number"):
        selfcheck.check_number("2.1", "peak")
    chosen = selfcheck.check_selection(
        pd.Index(["C2", "C1"]),
        "programme",
        valid=IDS,
        size=(1, 2),
        expected=selfcheck.set_fingerprint(["C1", "C2"]),
    )
    assert chosen == {"C1", "C2"}
    with pytest.raises(AssertionError, match="looks like a pick by tenure"):
        selfcheck.check_selection(["C3"], "programme", valid=IDS, mistakes={"a pick by tenure": ["C3"]})
    with pytest.raises(AssertionError, match="has 3 accounts; a programme should have 1 to 2"):
        selfcheck.check_selection(IDS, "programme", valid=IDS, size=(1, 2))
    with pytest.raises(AssertionError, match="not customers here"):
        selfcheck.check_selection(["C9"], "programme", valid=IDS)
    labels = pd.Series({"C1": "key", "C2": "maintain", "C3": "key"})
    fp = selfcheck.labels_fingerprint(labels)
    assert selfcheck.check_labels(labels, "quadrant", IDS, allowed={"key", "maintain"}, expected=fp).tolist()
    with pytest.raises(AssertionError, match="uses label"):
        selfcheck.check_labels(labels.replace("key", "Key"), "quadrant", IDS, allowed={"key", "maintain"})
