"""How the student version of a notebook looks: what nbgrader's ``generate_assignment`` adds for learners.

The build writes answer cells whose blanks (``name = None``) sit outside the solution, so the
released cell runs as it is and *Run All* goes through the whole notebook before the learner
has answered anything. :class:`LearnerView` then marks, in the student version only:

- answer and check cells with the ``raises-exception`` tag, so that in JupyterLab *Run All* goes
  on past an exercise whose answer is not right yet (the source notebooks stay strict for nbval);
- check cells as collapsed: the learner sees the check's one-line message, not its code.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

TAG = "raises-exception"


class LearnerView(NbGraderPreprocessor):
    """Tag exercise cells so *Run All* goes on past them, and collapse the check cells."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        check = cell.cell_type == "code" and cell.source.startswith("selfcheck.check(")  # practice ones too
        if cell.cell_type != "code" or not (utils.is_solution(cell) or utils.is_grade(cell) or check):
            return cell, resources
        tags = cell.metadata.setdefault("tags", [])
        if TAG not in tags:
            tags.append(TAG)
        if utils.is_grade(cell) or check:
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        return cell, resources
