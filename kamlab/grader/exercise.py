"""How a graded exercise is written, once: its solution, catalogued mistakes, alternatives and rows.

A course author describes each exercise of a notebook in ``course/authoring/<assignment>.py``
with these classes; the course build (:mod:`kamlab.grader.build`) runs the solution, every
mistake and every alternative on the company's data, and writes the answer and check cells,
the self-check data and the answer key from them. Nothing is pasted by hand.

Expressions (``rows``, ``names``, ``show``, a rule's ``consts``) are Python evaluated in the
notebook's namespace at the exercise, so they follow the data: ``rows="customers.index"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Alternative", "Exercise", "Mistake", "Part", "Rule"]


@dataclass(frozen=True)
class Part:
    """One answer an exercise asks for: the variable the learner sets and what it must look like.

    ``kind`` is one of :data:`kamlab.grader.answers.KINDS`. ``rows`` is an expression for the ids
    the answer covers (values, labels) or may choose from (selection, ranking); ``names`` maps
    ids to names for messages (and to recognise names given as ids); ``show`` lists the few ids
    the self-check names when they are wrong. ``step`` is the grid of the fingerprints and
    ``tol`` the grader's tolerance (default: ``step``). ``index`` names what the answer is indexed by
    in messages when it is not ``<what>_id`` (e.g. ``"segment"``). For a ranking, ``by`` is an
    expression for the value it ranks by (larger first): rows with equal values may then come in any
    order; with ``top=True`` the ranking is the first n of all rows, and a tie at the cut may go either
    way.
    """

    name: str
    kind: str
    what: str = "customer"
    index: str = ""
    rows: str = ""
    names: str = ""
    show: str = ""
    step: float = 1.0
    tol: float | None = None
    allowed: tuple[str, ...] = ()
    none_label: str | None = None
    size: tuple[int, int] | None = None
    size_hint: str = ""
    low: float | None = None
    high: float | None = None
    range_hint: str = ""
    by: str = ""
    top: bool = False


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer: ``code`` replaces the answer cell, and the self-check must say ``says``.

    ``says`` completes "<answer> looks like ...", unless the mistake is recognised by its shape
    (a message of :mod:`kamlab.grader.answers`) or by a :class:`Rule`: then it is a phrase of
    that message. ``name`` is short, for tests and the cohort report.
    """

    name: str
    says: str
    code: str


@dataclass(frozen=True)
class Alternative:
    """A right answer written another way (a loop, another order, float noise): full marks."""

    name: str
    code: str


@dataclass(frozen=True)
class Rule:
    """A mistake recognised by a property of the answer rather than its whole value.

    ``when`` is a Python expression over ``answer`` (the canonical answer), ``values``, ``count``
    and the constants of ``consts`` (expressions evaluated in the notebook's namespace at build
    time, e.g. ``{"BRAMLEY": "STORY_IDS['bramley']"}``). ``says`` is the whole message; it may
    use ``{len}``, ``{max}``, ``{min}``, ``{sum}`` or ``{value}`` of the answer.
    """

    part: str
    when: str
    says: str
    consts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Exercise:
    """A graded exercise (or, with ``points=0``, a self-checked practice exercise).

    ``prompt`` opens the answer cell as a comment; ``solution`` is the instructor's answer;
    ``hints`` are three hints of growing help, the last a skeleton with blanks; ``passed`` ends
    the success message. ``show_answer`` is an expression shown at the end of the answer cell.
    """

    id: str
    title: str
    points: int
    parts: tuple[Part, ...]
    prompt: str
    solution: str
    hints: tuple[str, str, str]
    passed: str
    mistakes: tuple[Mistake, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    rules: tuple[Rule, ...] = ()
    show_answer: str = ""

    @property
    def graded(self) -> bool:
        return self.points > 0
