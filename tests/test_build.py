"""The course build on a small course of its own: what it writes, and every way it refuses to build."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from kamlab.grader import build
from kamlab.grader.build import BuildError

TEMPLATE = """\
# A tiny course

```{code-cell} ipython3
import pandas as pd

data = pd.Series({"A": 1.0, "B": 2.5, "C": 4.0})
```

The total is {{ data.sum() | num(1) }} and the largest row is {{ data.idxmax() }}.{{ claim(data.sum() > 5, "the total is above 5") }}

```{code-cell} ipython3
:exercise: double
```

```{code-cell} ipython3
print("a teaching cell after the exercise")
```
"""

SPEC = """\
from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part

EXERCISES = [
    Exercise(
        id="double",
        title="Exercise 1",
        points=2,
        parts=(Part("doubled", "values", what="row", rows="data.index", show="['A']", step=0.01),),
        prompt="doubled = every row of data, doubled",
        solution="doubled = data * 2",
        hints=("Multiply by 2.", "data * 2 works on every row.", "doubled = data * ____"),
        passed="every row doubled.",
        mistakes=(MISTAKES),
        alternatives=(ALTERNATIVES),
    )
]
"""
GOOD_MISTAKES = 'Mistake("plus two", "data plus 2, not times 2", "doubled = data + 2"),'
GOOD_ALTERNATIVES = 'Alternative("a loop", "doubled = pd.Series({k: 2 * v for k, v in data.items()})"),'


def _course(
    tmp_path: Path, template: str = TEMPLATE, mistakes: str = GOOD_MISTAKES, alts: str = GOOD_ALTERNATIVES
) -> Path:
    course = tmp_path / "course"
    (course / "authoring").mkdir(parents=True)
    (course / "authoring" / "tiny.md").write_text(template)
    (course / "authoring" / "tiny.py").write_text(
        SPEC.replace("MISTAKES", mistakes).replace("ALTERNATIVES", alts)
    )
    return course


def test_the_build_writes_the_notebook_the_check_data_and_the_key(tmp_path):
    course = _course(tmp_path)
    (built,) = build.build(course, workers=1)
    assert set(built.files) == {"source/tiny/tiny.ipynb", "source/tiny/.kamlab-checks.json", "keys/tiny.json"}
    assert built.catalogue == {"double": (1, 1)} and built.claims == [
        ("tiny.md cell 3: the total is above 5", True)
    ]
    nb = nbformat.reads(built.files["source/tiny/tiny.ipynb"], as_version=4)
    text = [c.source for c in nb.cells]
    assert "The total is 7.5 and the largest row is C." in text[2]
    answer, check = nb.cells[3], nb.cells[4]
    assert answer.metadata.nbgrader["solution"] and answer.source.startswith("# doubled = every row")
    assert "doubled = None\n### BEGIN SOLUTION\ndoubled = data * 2\n### END SOLUTION" in answer.source
    assert check.metadata.nbgrader == {
        "grade": True,
        "grade_id": "double",
        "locked": True,
        "points": 2,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    assert check.source.splitlines()[0] == "selfcheck.check('double', doubled)"
    checks = built.files["source/tiny/.kamlab-checks.json"]
    assert "5.0" not in checks and "8.0" not in checks, "the check data holds fingerprints, not answers"
    key = json.loads(built.files["keys/tiny.json"])["exercises"]["double"]["parts"][0]
    assert key["key"] == {"A": 2.0, "B": 5.0, "C": 8.0} and key["tol"] == 0.01


TWO_PARTS = SPEC.replace(
    'parts=(Part("doubled", "values", what="row", rows="data.index", show="[\'A\']", step=0.01),),',
    'parts=(Part("doubled", "values", what="row", rows="data.index", step=0.01), Part("total", "number")),',
).replace('solution="doubled = data * 2"', 'solution="doubled = data * 2\\ntotal = doubled.sum()"')


def test_two_mistakes_with_one_wrong_part_are_told_apart_by_the_rest_of_the_answer(tmp_path):
    from kamlab.grader import selfcheck

    course = _course(tmp_path, mistakes="", alts="")
    (course / "authoring" / "tiny.py").write_text(
        TWO_PARTS.replace(
            "MISTAKES",
            'Mistake("plus two", "data plus 2, then the right total", "doubled = data + 2\\ntotal = 15.0"),'
            'Mistake("plus two, total of data", "the total of data, not doubled",'
            ' "doubled = data + 2\\ntotal = data.sum()"),',
        ).replace("ALTERNATIVES", "")
    )
    (built,) = build.build(course, workers=1)
    spec = json.loads(built.files["source/tiny/.kamlab-checks.json"])["exercises"]["double"]
    plus_two = data = {"A": 3.0, "B": 4.5, "C": 6.0}
    assert selfcheck.verdict("double", spec, [plus_two, 15.0])[1] == (
        "doubled looks like data plus 2, then the right total."
    )
    assert "the total of data, not doubled" in selfcheck.verdict("double", spec, [plus_two, 7.5])[1]
    # the same wrong doubled with a total that is neither mistake's: no name, rather than a wrong one
    status, message = selfcheck.verdict("double", spec, [data, 99.0])
    assert status == "wrong" and "looks like" not in message


def test_written_files_are_what_jupyterlab_would_save_and_the_drift_check_sees_changes(tmp_path):
    course = _course(tmp_path)
    built = build.build(course, workers=1)
    assert len(build.write(course, built)) == 3 and build.write(course, built) == []
    path = course / "source" / "tiny" / "tiny.ipynb"
    nbformat.write(nbformat.read(path, as_version=4), path)  # what a save without an edit writes
    assert build.compare_with(course, built) == []
    path.write_text(path.read_text().replace("The total", "Total"))
    assert build.compare_with(course, built) == ["source/tiny/tiny.ipynb"]


@pytest.mark.parametrize(
    ("template", "mistakes", "alternatives", "problem"),
    [
        (
            TEMPLATE,
            'Mistake("same", "x", "doubled = data + data"),',
            GOOD_ALTERNATIVES,
            "gives the solution's answer",
        ),
        (
            TEMPLATE,
            GOOD_MISTAKES + 'Mistake("again", "y", "doubled = data + 2.0"),',
            GOOD_ALTERNATIVES,
            "give the same answer",
        ),
        (
            TEMPLATE,
            GOOD_MISTAKES,
            'Alternative("wrong", "doubled = data * 3"),',
            "is not right: doubled differs",
        ),
        (
            TEMPLATE,
            'Mistake("positions", "uses letters", "doubled = (data * 2).reset_index(drop=True)"),',
            GOOD_ALTERNATIVES,
            "should name it",
        ),
        (
            TEMPLATE,
            'Mistake("broken", "x", "doubled = nope"),',
            GOOD_ALTERNATIVES,
            "failed to run: NameError",
        ),
        (
            TEMPLATE.replace("data.sum() > 5", "data.sum() > 50"),
            GOOD_MISTAKES,
            GOOD_ALTERNATIVES,
            "the total is above 5",
        ),
        (
            TEMPLATE.replace('print("a teaching', 'print(doubled, "a teaching'),
            GOOD_MISTAKES,
            GOOD_ALTERNATIVES,
            "NameError",
        ),
        (
            TEMPLATE.replace("{{ data.idxmax() }}", "{{ nothing }}"),
            GOOD_MISTAKES,
            GOOD_ALTERNATIVES,
            "'nothing' is undefined",
        ),
        (
            TEMPLATE.replace(":exercise: double", ":exercise: triple"),
            GOOD_MISTAKES,
            GOOD_ALTERNATIVES,
            "no exercise 'triple'",
        ),
        (
            TEMPLATE + "\n```{code-cell} ipython3\nimport warnings; warnings.warn('careful')\n```\n",
            GOOD_MISTAKES,
            GOOD_ALTERNATIVES,
            "warned",
        ),
    ],
    ids=[
        "mistake equals solution",
        "two mistakes one answer",
        "wrong alternative",
        "mistake not named",
        "mistake fails",
        "false claim",
        "teaching cell uses an answer",
        "undefined name in the text",
        "unknown exercise",
        "a warning",
    ],
)
def test_the_build_refuses_what_would_mislead_a_learner_or_a_grader(
    tmp_path, template, mistakes, alternatives, problem
):
    course = _course(tmp_path, template, mistakes, alternatives)
    with pytest.raises(BuildError) as err:
        build.build(course, workers=1)
    assert problem in str(err.value)


@pytest.mark.slow
def test_the_committed_course_is_exactly_what_the_build_writes():
    """Every notebook, self-check file and key in course/ comes from course/authoring and the data."""
    from kamlab.grader import course as grading

    built = build.build(grading.COURSE)
    assert build.compare_with(grading.COURSE, built) == [], "run `make build` and commit what it writes"
    for item in built:
        assert not item.false_claims, item.false_claims
    keys = {p.name for p in (grading.COURSE / "keys").glob("*.json")}
    assert keys == {f"{b.name}.json" for b in built if f"keys/{b.name}.json" in b.files}, "a stale key file"
