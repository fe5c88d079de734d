"""How book/build.py turns a student notebook into a page, on small notebooks made here."""

from __future__ import annotations

import doctest

import nbformat
import pytest

from book import build


def _nb(*cells: dict) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    return nb


def _graded(cell: dict, **meta) -> dict:
    cell.metadata["nbgrader"] = {
        "schema_version": 3,
        "grade": False,
        "solution": False,
        "locked": False,
        **meta,
    }
    return cell


def code(src: str) -> dict:
    return nbformat.v4.new_code_cell(src)


def md(src: str) -> dict:
    return nbformat.v4.new_markdown_cell(src)


def test_the_module_examples_hold():
    assert doctest.testmod(build).failed == 0


def test_answer_and_check_become_one_note_wherever_they_stand():
    nb = _nb(
        md("# Step 9: a title"),
        _graded(code("# YOUR CODE HERE\nraise NotImplementedError()"), solution=True),
        _graded(code("assert answer == 3"), grade=True, locked=True, points=2),
        code("print('worked example')"),
        _graded(md("YOUR ANSWER HERE"), solution=True, grade=True, points=1),
        _graded(code("assert other == 4"), grade=True, locked=True, points=1),
    )
    ran = build.prepare(nb, {})
    # The blank answer cell runs (unseen; an unanswered one may raise), the checks do not.
    answer = next(c for c in ran.cells if "NotImplementedError" in c.source)
    assert {"raises-exception", "remove-cell"} <= set(answer.metadata["tags"])
    assert not any("assert" in c.source for c in ran.cells)
    out = build.finish(ran)
    texts = [c.source for c in out.cells]
    assert not any("NotImplementedError" in t or "assert" in t or "YOUR ANSWER" in t for t in texts)
    notes = [t for t in texts if "Exercise: answered in the course" in t]
    assert len(notes) == 2
    assert "in a code cell" in notes[0] and "2 points" in notes[0] and "Self-check passed" in notes[0]
    assert "in a text cell" in notes[1] and "2 points" in notes[1]
    assert texts[2] == "print('worked example')"
    assert "widgets" not in out.metadata
    assert all("kamlab_book" not in c.metadata for c in out.cells)
    assert len(nb.cells) == 6, "the input notebook is left as it was"


def test_a_check_without_an_answer_above_gets_its_own_note():
    out = build.finish(
        build.prepare(_nb(code("x = 1"), _graded(code("assert x == 1"), grade=True, points=1)), {})
    )
    assert [c.cell_type for c in out.cells] == ["code", "markdown"]
    assert "1 point." in out.cells[1].source


def test_the_grading_set_up_runs_but_is_hidden():
    setup = _graded(code("import hashlib as _hashlib"), locked=True)
    out = build.prepare(_nb(setup, code("y = 2")), {})
    assert out.cells[0].metadata["tags"] == ["remove-cell"]
    assert out.cells[0].source == "import hashlib as _hashlib"
    assert "tags" not in out.cells[1].metadata


def test_links_to_steps_point_to_their_pages():
    nb = _nb(md("[Step 1](release/step1_a/step1_a.ipynb) and ![chart](pic.png) [home](#top)"))
    out = build.prepare(nb, {"step1_a.ipynb": "step1_a"})
    assert out.cells[0].source == "[Step 1](step1_a.ipynb) and ![chart](pic.png) [home](#top)"


def test_the_edition_note_goes_under_the_first_heading():
    nb = _nb(md("intro without heading"), md("# KAM Lab\n\nWelcome"), md("## more"))
    out = build.add_edition_note(nb)
    assert "read-only web edition" in out.cells[2].source
    assert build.add_edition_note(_nb(md("no heading"))).cells[0].source == build.EDITION_NOTE


def test_widgets_become_a_note_and_other_outputs_stay():
    cell = code("display(w)")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={build.WIDGET_MIME: {"model_id": "abc"}, "text/plain": "VBox(...)"},
        ),
        nbformat.v4.new_output("stream", name="stdout", text="kept\n"),
    ]
    out = build.replace_widgets(_nb(cell))
    outputs = out.cells[0].outputs
    assert "Interactive in the course" in outputs[0]["data"]["text/html"]
    assert build.WIDGET_MIME not in outputs[0]["data"]
    assert outputs[1]["text"] == "kept\n"


def test_errors_are_listed():
    cell = code("1/0")
    cell.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero")]
    assert build.errors(_nb(cell)) == ["ZeroDivisionError: division by zero"]


def test_no_student_notebooks_is_a_clear_error(tmp_path):
    with pytest.raises(build.BookError, match="generate_assignment"):
        build.discover(tmp_path)
