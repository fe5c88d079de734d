"""Answers in canonical form, their fingerprints, the self-check's verdicts and the key check."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from kamlab.grader import answers, keys, selfcheck
from kamlab.grader.answers import NotAnswered, SelfCheckError

IDS = ["C1", "C2", "C3"]
NAMES = {"C1": "Alder Mills", "C2": "Birch Foods", "C3": "Cobalt Pharma"}
VALUES = {"name": "profit", "kind": "values", "what": "customer", "rows": IDS, "names": NAMES, "step": 1.0}
RIGHT = {"C1": 100.0, "C2": -250.5, "C3": 3000.25}


# ------------------------------------------------------------------------------- canonical answers


@pytest.mark.parametrize(
    "given",
    [
        pd.Series(RIGHT),
        pd.Series(RIGHT).iloc[::-1],
        pd.Series(RIGHT).to_frame("profit"),
        RIGHT,
        pd.Series({**RIGHT, "C9": 1.0}),  # extra rows are ignored
        pd.Series(RIGHT, dtype=object),  # numbers held as objects are numbers
        pd.Series({k: str(v) for k, v in RIGHT.items()}),
    ],
    ids=["series", "reordered", "frame", "dict", "extra row", "object dtype", "numbers as text"],
)
def test_values_in_any_reasonable_form_become_the_same_canonical_answer(given):
    assert answers.normalise(given, VALUES) == RIGHT


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (pd.Series({"C1": 1.0, "C2": 2.0}), "has no value for Cobalt Pharma (C3): it should cover all 3"),
        (pd.Series([1.0, 2.0, 3.0]), "uses row numbers"),
        (
            pd.Series({"Alder Mills": 1.0, "Birch Foods": 2.0, "Cobalt Pharma": 3.0}),
            "uses customer names, not ids",
        ),
        ([1.0, 2.0, 3.0], "is a list without customer ids"),
        (pd.DataFrame({"a": [1.0] * 3, "b": [2.0] * 3}, index=IDS), "is a table with columns ['a', 'b']"),
        (pd.Series([1.0, 2.0, 3.0, 4.0], index=["C1", "C2", "C3", "C3"]), "lists Cobalt Pharma (C3) twice"),
        (pd.Series({"C1": 1.0, "C2": np.nan, "C3": 3.0}), "is nan for Birch Foods (C2)"),
        (pd.Series({"C1": 1.0, "C2": "n/a", "C3": 3.0}), "holds 'n/a' for Birch Foods (C2)"),
        (pd.Series({"C1": True, "C2": False, "C3": True}), "holds True/False"),
        (
            pd.Series([1.0] * 3, index=pd.MultiIndex.from_product([["x"], IDS], names=["year", "id"])),
            "has a two-level index (year, id)",
        ),
        (5.0, "should be a pandas Series indexed by customer_id, got float"),
    ],
)
def test_values_of_the_wrong_shape_say_which_column_row_or_value(given, message):
    with pytest.raises(SelfCheckError, match=None) as err:
        answers.normalise(given, VALUES)
    assert message in str(err.value)


def test_none_is_not_answered_yet():
    with pytest.raises(NotAnswered):
        answers.normalise(None, VALUES)


def test_selections_labels_rankings_and_choices():
    sel = {
        "name": "picks",
        "kind": "selection",
        "what": "customer",
        "rows": IDS,
        "names": NAMES,
        "size": [1, 2],
    }
    assert answers.normalise({"C3", "C1"}, sel) == ["C1", "C3"]
    assert answers.normalise(pd.Series([True, False, True], index=IDS), sel) == ["C1", "C3"]
    assert answers.normalise(pd.Index(["C3"]), sel) == ["C3"]
    for bad, message in [
        ("C1", "should be a list of customer ids, got str"),
        (["C1", "C1"], "lists Alder Mills (C1) more than once"),
        (["C1", "C2", "C3"], "has 3 customers; it should have 1 to 2"),
        (["Alder Mills"], "uses customer names, not ids"),
        (["C7"], "has ids that are not customers here: 'C7'"),
    ]:
        with pytest.raises(SelfCheckError) as err:
            answers.normalise(bad, sel)
        assert message in str(err.value)
    rank = {**sel, "kind": "ranking", "size": [2, 2]}
    assert answers.normalise(("C2", "C1"), rank) == ["C2", "C1"]
    with pytest.raises(SelfCheckError, match="is a set, which has no order"):
        answers.normalise({"C2", "C1"}, rank)
    lab = {
        "name": "q",
        "kind": "labels",
        "what": "customer",
        "rows": IDS,
        "allowed": ["key", "other"],
        "none_label": "-",
    }
    assert answers.normalise(
        {"C1": "key", "C2": None, "C3": "other"}, {**lab, "allowed": ["key", "other", "-"]}
    ) == {
        "C1": "key",
        "C2": "-",
        "C3": "other",
    }
    with pytest.raises(SelfCheckError, match="uses the label\\(s\\) 'Key'"):
        answers.normalise({"C1": "Key", "C2": "key", "C3": "other"}, lab)
    choice = {"name": "policy", "kind": "choice", "allowed": ["pro rata", "first come"]}
    assert answers.normalise("pro rata", choice) == "pro rata"
    with pytest.raises(SelfCheckError, match="Did you mean 'pro rata'"):
        answers.normalise("Pro Rata", choice)


def test_a_single_number_in_the_forms_learners_give():
    part = {"name": "share", "kind": "number", "low": 0.0, "high": 1.0}
    for given in (0.25, np.float64(0.25), pd.Series([0.25]), [0.25]):
        assert answers.normalise(given, part) == 0.25
    for given, message in [("0.25", "is the text '0.25'"), (float("inf"), "should be a finite number")]:
        with pytest.raises(SelfCheckError) as err:
            answers.normalise(given, part)
        assert message in str(err.value)
    assert "above 1" in answers.out_of_range(25.0, part)
    assert answers.out_of_range(0.5, part) is None


# ------------------------------------------------------------------------------------ fingerprints


@pytest.mark.parametrize("noise", [0.0, 1e-9, -1e-9, 0.2, -0.2])
def test_fingerprints_tolerate_float_noise_around_round_numbers(noise):
    """Exact answers are often whole, half or rounded numbers: no grid line runs through one."""
    exact = {"C1": 10.0, "C2": 10.5, "C3": 11.999999, "C4": 12.25}
    noisy = {k: v + noise for k, v in exact.items()}
    expected = answers.fingerprints("values", exact, 1.0, "salt")
    assert answers.matches("values", noisy, 1.0, "salt", expected)


def test_fingerprints_reject_a_value_a_step_away_and_depend_on_the_salt():
    expected = answers.fingerprints("values", RIGHT, 1.0, "salt")
    assert not answers.matches("values", {**RIGHT, "C2": RIGHT["C2"] + 1.5}, 1.0, "salt", expected)
    assert not answers.matches("values", RIGHT, 1.0, "other salt", expected)


def test_the_slow_fingerprint_is_a_different_digest_of_the_same_answer():
    fast = answers.fingerprints("selection", ["C1", "C2"], 1.0, "s")
    slow = answers.fingerprints("selection", ["C1", "C2"], 1.0, "s", slow=True)
    assert fast != slow and answers.matches("selection", ["C1", "C2"], 1.0, "s", slow, slow=True)


def test_compare_counts_the_rows_that_differ_without_showing_them():
    key = {"C1": 1.0, "C2": 2.0, "C3": 3.0}
    assert answers.compare("values", {**key, "C3": 3.4}, key, 0.5) is None
    assert answers.compare("values", {**key, "C3": 9.0}, key, 0.5, "customer") == (
        "differs from the answer key for 1 of 3 customers"
    )
    assert answers.compare("selection", ["C1"], ["C1", "C2"], 0) == (
        "differs from the answer key (0 row(s) too many, 1 missing)"
    )
    assert answers.compare("labels", {"C1": "a"}, {"C1": "b"}, 0) is not None
    assert answers.compare("ranking", ["C2", "C1"], ["C1", "C2"], 0) is not None


# ------------------------------------------------------------------------------------- self-check


def _check_data() -> dict:
    salt = "ex:profit"
    part = {
        **VALUES,
        "answer": answers.fingerprints("values", RIGHT, 1.0, salt, slow=True),
        "shown": answers.row_fingerprints("values", RIGHT, ["C1", "C2"], 1.0, salt),
        "mistakes": [
            {
                "name": "revenue",
                "says": "revenue, not profit",
                "fp": answers.fingerprints("values", {"C1": 500.0, "C2": 800.0, "C3": 9000.0}, 1.0, salt),
            }
        ],
        "low": -1e6,
    }
    rule = {
        "part": "profit",
        "when": "answer['C3'] > 1e5",
        "says": "profit is {max} at most: too big.",
        "consts": {},
    }
    return {
        "title": "Exercise 1",
        "passed": "all right.",
        "hints": ["Subtract the costs.", "h2", "h3"],
        "parts": [part],
        "rules": [rule],
    }


@pytest.mark.parametrize(
    ("given", "status", "message"),
    [
        (RIGHT, "passed", "✓ Self-check passed: all right."),
        ({k: v + 0.3 for k, v in RIGHT.items()}, "passed", "Self-check passed"),
        (None, "blank", "Exercise 1 is not answered yet"),
        ({"C1": 500.0, "C2": 800.0, "C3": 9000.0}, "wrong", "profit looks like revenue, not profit."),
        ({**RIGHT, "C3": 2e6}, "wrong", "profit is 2e+06 at most: too big."),
        ({**RIGHT, "C2": 7.0}, "wrong", "profit is not right yet for Birch Foods (C2). Subtract the costs."),
        (
            {**RIGHT, "C3": 7.0},
            "wrong",
            "is right for the 2 customers this check names (Alder Mills, Birch Foods), but not for all 3",
        ),
        ({**RIGHT, "C1": -5e6}, "wrong", "below -1e+06"),
    ],
    ids=[
        "right",
        "float noise",
        "blank",
        "named mistake",
        "rule",
        "a shown row wrong",
        "only shown rows right",
        "implausible",
    ],
)
def test_the_self_check_verdict_in_the_order_a_learner_needs(given, status, message):
    got = selfcheck.verdict("ex", _check_data(), [pd.Series(given) if isinstance(given, dict) else given])
    assert got[0] == status and message in got[1], got


def test_a_mistake_is_named_only_when_the_whole_answer_is_that_mistake():
    """Right on the shown rows is not enough to name a mistake: here C3 alone differs from revenue."""
    almost = {"C1": 500.0, "C2": 800.0, "C3": 42.0}
    status, message = selfcheck.verdict("ex", _check_data(), [pd.Series(almost)])
    assert status == "wrong" and "revenue" not in message


def test_check_prints_one_line_and_a_failure_renders_without_a_traceback(tmp_path, monkeypatch, capsys):
    (tmp_path / selfcheck.CHECKS_FILE).write_text(json.dumps({"exercises": {"ex": _check_data()}}))
    monkeypatch.chdir(tmp_path)
    selfcheck.check("ex", pd.Series(RIGHT))
    selfcheck.check("ex", None)
    assert capsys.readouterr().out.splitlines() == [
        "✓ Self-check passed: all right.",
        "… Exercise 1 is not answered yet: replace None with your answer above.",
    ]
    with pytest.raises(SelfCheckError) as err:
        selfcheck.check("ex", pd.Series({"C1": 500.0, "C2": 800.0, "C3": 9000.0}))
    rendered = err.value._render_traceback_()
    assert len(rendered) == 1 and "revenue, not profit" in rendered[0] and "Traceback" not in rendered[0]
    assert all(len(line) <= 110 for line in rendered[0].splitlines())


def test_a_blank_after_a_failed_answer_cell_says_to_fix_the_error_not_to_replace_none(
    tmp_path, monkeypatch, capsys
):
    import IPython

    class Shell:
        last_execution_succeeded = False

    (tmp_path / selfcheck.CHECKS_FILE).write_text(json.dumps({"exercises": {"ex": _check_data()}}))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    selfcheck.check("ex", None)
    Shell.last_execution_succeeded = True
    selfcheck.check("ex", None)
    failed, blank = capsys.readouterr().out.splitlines()
    assert failed.startswith("… Exercise 1 is not answered yet: your answer cell stopped with an error")
    assert "replace None" not in failed and "replace None" in blank


def test_hints_climb_a_ladder_of_three(tmp_path, monkeypatch, capsys):
    (tmp_path / selfcheck.CHECKS_FILE).write_text(json.dumps({"exercises": {"ex": _check_data()}}))
    monkeypatch.chdir(tmp_path)
    selfcheck._hint_level.clear()
    for _ in range(4):
        selfcheck.hint("ex")
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == [
        "Hint 1 of 3",
        "Hint 2 of 3",
        "Hint 3 of 3",
        "Hint 3 of 3",
    ]
    assert "That is the last hint" in out[-1]


def test_missing_check_data_says_where_to_open_the_notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SelfCheckError, match="Open the notebook from its own folder"):
        selfcheck.check("ex", 1.0)


# ----------------------------------------------------------------------------------------- keys


def test_the_key_check_grades_every_row_in_the_graders_process(tmp_path):
    key = {"parts": [{**VALUES, "key": RIGHT, "tol": 1.0}]}
    (tmp_path / "a.json").write_text(json.dumps({"exercises": {"ex": key}}))
    with keys.using(tmp_path):
        assert keys.grade("ex", pd.Series(RIGHT))
        with pytest.raises(AssertionError, match="profit differs from the answer key for 1 of 3 customers"):
            keys.grade("ex", pd.Series({**RIGHT, "C3": 0.0}))
        with pytest.raises(AssertionError, match="not answered"):
            keys.grade("ex", None)
        with pytest.raises(AssertionError, match="no answer key"):
            keys.grade("other", 1.0)


def test_a_ranking_by_a_value_accepts_any_order_of_ties_and_either_side_of_a_tie_at_the_cut():
    part = {
        "name": "top2",
        "kind": "ranking",
        "what": "customer",
        "rows": ["C1", "C2", "C3", "C4"],
        "by": {"C1": 3.0, "C2": 2.0, "C3": 2.0, "C4": 1.0},
        "top": True,
    }
    assert answers.normalise(["C1", "C3"], part) == answers.normalise(["C1", "C2"], part) == ["C1", "C2"]
    assert answers.normalise(["C2", "C1"], part) == ["C2", "C1"], "a smaller value first stays wrong"
    assert answers.normalise(["C1", "C4"], part) == ["C1", "C4"], "skipping a larger value stays wrong"
    whole = {**part, "top": False}
    assert answers.normalise(["C1", "C3", "C2"], whole) == ["C1", "C2", "C3"]
