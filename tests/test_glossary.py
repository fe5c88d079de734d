"""The glossary (``course/glossary.ipynb``, built from ``course/authoring/glossary.md``).

Every term the notebooks bold in their *Key points* has an entry (or is listed below as a phrase
that is not a term); so does every term of :data:`REQUIRED`. Each entry has a Thai term, a one-line
meaning and the step that teaches it, and that step's notebook really uses the term. KAM stays KAM
in the Thai column: never กาม, คำ or กำ, the words Thai machine translations put in its place.
"""

from __future__ import annotations

import json
import re

import pytest

from kamlab.grader import course as grading

COURSE = grading.COURSE
GLOSSARY = COURSE / "glossary.ipynb"
HEADER = ["English", "Thai", "What it means", "Step"]

#: Terms the course relies on, whether or not a notebook bolds them today.
REQUIRED = [
    "KAM",
    "key account",
    "key account management",
    "key account manager",
    "KAM programme",
    "KAM champion",
    "executive sponsor",
    "portfolio matrix",
    "attractiveness",
    "relative strength",
    "share of wallet",
    "cost to serve",
    "activity-based costing",
    "customer profitability",
    "lifetime value",
    "whale curve",
    "retention",
    "programme review",
    "benchmark",
    "buying centre",
    "value proposition",
    "key account plan",
    "relationship stages",
    "exploratory",
    "basic",
    "cooperative",
    "interdependent",
    "integrated",
    "key development account",
    "maintenance account",
    "opportunistic account",
    "stakeholder map",
    "change plan",
    "role profile",
    "fill rate",
    "pro rata",
    "first come first served",
    "lost margin",
    "gross margin",
    "hysteresis band",
    "maturity self-assessment",
    "percentile",
    "today's customers",
]

#: Bold phrases of the *Key points* that are advice, not terms (sentences are recognised by
#: their length or final punctuation and need no entry here).
NOT_TERMS = {
    "make support a rule",
    "best match first",
    "fits",
    "has time",
    "visits against the target",
    "explicit, weighted criteria",
    "start small",
    "plan the training",
    "write the role profile first",
    "benchmark with percentiles",
    "profitable but thin",
    "refreshed on written rules",
    "the most senior person is not automatically the best champion.",
}

#: What Thai machine translations wrote for KAM (an unrelated, embarrassing word; "word"; "to grasp").
WRONG_KAM = ("กาม", "คำ", "กำ")
THAI = re.compile(r"[\u0E00-\u0E7F]")


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _cells(path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("*", "").split())


def entries() -> list[dict[str, object]]:
    """The rows of the glossary's tables (those whose header is English | Thai | What it means | Step)."""
    rows = []
    for cell in _cells(GLOSSARY):
        if cell["cell_type"] != "markdown":
            continue
        lines = _source(cell).splitlines()
        for k, line in enumerate(lines):
            if [c.strip() for c in line.strip("|").split("|")] != HEADER:
                continue
            for row in lines[k + 2 :]:
                if not row.startswith("|"):
                    break
                english, thai, meaning, step = (c.strip() for c in row.strip().strip("|").split("|"))
                main, _, also = english.partition(" (also: ")
                names = [main, *[a.strip() for a in also.rstrip(")").split(",") if a.strip()]]
                rows.append(
                    {"english": english, "names": names, "thai": thai, "meaning": meaning, "step": step}
                )
    return rows


def _known() -> dict[str, dict]:
    known = {}
    for entry in entries():
        for name in entry["names"]:
            known[_norm(name)] = entry
    return known


def _find(term: str, known: dict[str, dict]) -> dict | None:
    t = _norm(term)
    for candidate in (t, t.removesuffix("s"), t + "s", t.removeprefix("a "), t.removeprefix("the ")):
        if candidate in known:
            return known[candidate]
    return None


def _notebooks() -> dict[str, str]:
    """Step number -> the notebook's whole text (markdown and code), lowercase, spaces collapsed."""
    out = {}
    for path in sorted((COURSE / "source").glob("step*/*.ipynb")):
        number = re.match(r"step(\d+)", path.parent.name).group(1)
        out[number] = _norm(" ".join(_source(c) for c in _cells(path)))
    return out


def key_point_terms() -> dict[str, str]:
    """Bold phrases of every notebook's *Key points* that may be terms -> the notebook."""
    found = {}
    for path in [*sorted((COURSE / "source").glob("*/*.ipynb")), COURSE / "home.ipynb"]:
        for cell in _cells(path):
            text = _source(cell)
            if cell["cell_type"] != "markdown" or not re.search(r"^#+\s*key points", text, re.M | re.I):
                continue
            for bold in re.findall(r"\*\*(.+?)\*\*", text, re.S):
                phrase = _norm(bold)
                if len(phrase.split()) > 4 or phrase.endswith((".", ":", "?", "!")) or "=" in phrase:
                    continue
                found.setdefault(phrase, path.parent.name if path.name != "home.ipynb" else "home")
    return found


def test_the_glossary_is_built_and_has_many_entries_each_complete():
    rows = entries()
    assert len(rows) >= 80
    for row in rows:
        assert row["thai"] and THAI.search(row["thai"]), f"{row['english']}: no Thai term"
        assert row["meaning"] and "|" not in row["meaning"] and len(row["meaning"]) <= 160, row["english"]
        assert re.fullmatch(r"\d(, \d)*|—", row["step"]), f"{row['english']}: step {row['step']!r}"
    names = [_norm(n) for row in rows for n in row["names"]]
    doubled = {n for n in names if names.count(n) > 1}
    assert not doubled, f"terms listed twice: {sorted(doubled)}"


@pytest.mark.parametrize("term", REQUIRED)
def test_every_required_term_has_an_entry(term):
    assert _find(term, _known()), f"the glossary has no entry for {term!r}"


def test_every_term_bolded_in_key_points_has_an_entry():
    known = _known()
    missing = {
        phrase: where
        for phrase, where in key_point_terms().items()
        if phrase not in NOT_TERMS and not _find(phrase, known)
    }
    assert not missing, (
        "bold terms of Key points without a glossary entry (add one to course/authoring/glossary.md, or list "
        f"the phrase in NOT_TERMS if it is advice rather than a term): {missing}"
    )


def test_the_key_points_scan_finds_the_terms_it_should():
    """The scan itself: Step 0's and Step 6's key points bold terms it must see."""
    found = key_point_terms()
    assert {"run all", "today's customers", "keyword argument"} <= set(found)
    assert {"cost to serve", "whale curve"} <= set(found)


def test_the_step_given_for_each_term_really_uses_it():
    notebooks = _notebooks()
    wrong = []
    for row in entries():
        if row["step"] == "—":
            continue
        steps = [s.strip() for s in str(row["step"]).split(",")]
        used = [
            s
            for s in steps
            if s in notebooks
            and any(re.search(rf"\b{re.escape(_norm(n))}", notebooks[s]) for n in row["names"])
        ]
        if not used:
            wrong.append(f"{row['english']} (step {row['step']})")
    assert not wrong, f"the step given does not use the term: {wrong}"


def test_kam_stays_kam_in_the_thai_column():
    rows = entries()
    kam_rows = [r for r in rows if "KAM" in r["english"] or "KAM" in r["thai"]]
    assert len(kam_rows) >= 4
    for row in kam_rows:
        if "KAM" in row["english"]:
            assert "KAM" in row["thai"], f"{row['english']}: the Thai term drops the acronym KAM"
        bad = [w for w in WRONG_KAM if w in row["thai"]]
        assert not bad, f"{row['english']}: the Thai term uses {bad}, a mistranslation of KAM"
    for row in rows:
        assert "กาม" not in row["thai"], f"{row['english']}: กาม has nothing to do with this course"


def test_the_correct_thai_for_key_account_management_and_the_warning_are_given():
    known = _known()
    assert "การบริหารลูกค้ารายสำคัญ" in known["key account management"]["thai"]
    assert "ลูกค้ารายสำคัญ" in known["key account"]["thai"]
    text = "\n".join(_source(c) for c in _cells(GLOSSARY))
    for word in WRONG_KAM:
        assert re.search(rf"\| {word} \|", text), f"the warning table does not name {word}"
    assert "Latin letters" in text and "เค-เอ-เอ็ม" in text
