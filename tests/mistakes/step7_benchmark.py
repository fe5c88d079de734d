"""Step 7, benchmark and build: catalogued mistakes and correct answers written differently.

Each ``code`` replaces a whole answer cell of
``course/source/step7_benchmark/step7_benchmark.ipynb`` and runs after the notebook's earlier
cells: ``t``, ``customers``, ``NAMES``, ``profits``, ``scores`` (review score per customer and
year), ``review_2024`` and ``members_2024`` are defined before exercise 1; ``with_band``,
``single``, ``peers``, ``aldmoor`` and ``EXERCISE_METRICS`` also before exercise 2. ``feedback`` is
the phrase the visible self-check prints for that mistake.
"""

from __future__ import annotations

from kamlab.grader.course import Submission

ASSIGNMENT = "step7_benchmark"
NOTEBOOK = "step7_benchmark"


def _review(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="review_answer", test="review", code=code, feedback=feedback)


def _percentiles(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="percentiles_answer", test="percentiles", code=code, feedback=feedback)


_CORRECT_DEMOTED = "demoted_2025 = [c for c in members_2024 if scores.at[c, 2025] < review.LOWER_THRESHOLD]\n"
_CORRECT_PROMOTED = (
    "promoted_2025 = [c for c in scores.index\n"
    "                 if scores.at[c, 2025] >= review.UPPER_THRESHOLD and c not in members_2024]\n"
)

# Percentiles counted by hand, with the tie rule and the direction as parameters
_BY_HAND = """
def _by_hand(metric, tie_weight, respect_direction=True):
    own, others = aldmoor[metric], peers[metric]
    lower_better = respect_direction and benchmark.METRICS[metric].better == "lower"
    worse = (others > own).sum() if lower_better else (others < own).sum()
    ties = (others == own).sum()
    return 100 * (worse + tie_weight * ties) / len(others)
"""

MISTAKES = [
    # ---- exercise 1: the 2025 review
    _review(
        "no band: members demoted below the upper threshold",
        "s = scores[2025]\n"
        "promoted_2025 = set(s.index[s >= review.UPPER_THRESHOLD]) - set(members_2024)\n"
        "demoted_2025 = [c for c in members_2024 if s[c] < review.UPPER_THRESHOLD]",
        "a single threshold with no band",
    ),
    _review(
        "single-threshold review run since 2023",
        "no_band = review.review_programme(scores, upper=0.75, lower=0.75)\n"
        'promoted_2025 = list(no_band.loc[2025, "promoted"])\n'
        'demoted_2025 = list(no_band.loc[2025, "demoted"])',
        "a single threshold with no band, run since 2023",
    ),
    _review(
        "members promoted again",
        "s = scores[2025]\npromoted_2025 = list(s.index[s >= 0.75])\n" + _CORRECT_DEMOTED,
        "every account at or above 0.75, members included",
    ),
    _review(
        "non-members demoted",
        _CORRECT_PROMOTED + "demoted_2025 = list(scores.index[scores[2025] < 0.72])",
        "every account below 0.72",
    ),
    _review(
        "thresholds swapped",
        "s = scores[2025]\n"
        "promoted_2025 = set(s.index[s >= review.LOWER_THRESHOLD]) - set(members_2024)\n"
        "demoted_2025 = {c for c in members_2024 if s[c] < review.UPPER_THRESHOLD}",
        "the thresholds swapped",
    ),
    _review(
        "the 2024 review's decisions",
        'promoted_2025 = review_2024.loc[2024, "promoted"]\ndemoted_2025 = review_2024.loc[2024, "demoted"]',
        "the decisions of the 2024 review",
    ),
    _review(
        "promoted and demoted swapped",
        _CORRECT_PROMOTED.replace("promoted_2025", "demoted_2025")
        + _CORRECT_DEMOTED.replace("demoted_2025", "promoted_2025"),
        "promoted and demoted swapped",
    ),
    # ---- exercise 2: Aldmoor's percentiles
    _percentiles(
        "every metric ranked as higher-is-better",
        "aldmoor_percentiles = pd.Series(\n"
        '    {m: benchmark.peer_percentile(aldmoor[m], peers[m], "higher") for m in EXERCISE_METRICS}\n'
        ")",
        "months between reviews ranked the wrong way round",
    ),
    _percentiles(
        "compared with the peer mean",
        "aldmoor_percentiles = aldmoor[EXERCISE_METRICS] / peers[EXERCISE_METRICS].mean() * 100",
        "a comparison with the peer mean",
    ),
    _percentiles(
        "ties left out",
        _BY_HAND + "aldmoor_percentiles = pd.Series({m: _by_hand(m, 0.0) for m in EXERCISE_METRICS})",
        "ties left out",
    ),
    _percentiles(
        "ties counted in full",
        _BY_HAND + "aldmoor_percentiles = pd.Series({m: _by_hand(m, 1.0) for m in EXERCISE_METRICS})",
        "ties counted in full",
    ),
    _percentiles(
        "shares instead of percentiles",
        "aldmoor_percentiles = benchmark.peer_percentiles(aldmoor, peers, EXERCISE_METRICS) / 100",
        "shares between 0 and 1",
    ),
    _percentiles(
        "Aldmoor ranked with the peers",
        """
aldmoor_percentiles = {}
for m in EXERCISE_METRICS:
    values = pd.concat([peers[m], pd.Series({"Aldmoor": aldmoor[m]})])
    ascending = benchmark.METRICS[m].better != "lower"
    aldmoor_percentiles[m] = values.rank(pct=True, ascending=ascending)["Aldmoor"] * 100
aldmoor_percentiles = pd.Series(aldmoor_percentiles)
""",
        "Aldmoor counted among the peers",
    ),
]

ALTERNATIVES = [
    # ---- exercise 1
    _review("loop over the members and the customers", _CORRECT_PROMOTED + _CORRECT_DEMOTED),
    _review(
        "whole review from 2023, tuples",
        'history = review.review_programme(scores)\npromoted_2025 = history.loc[2025, "promoted"]\n'
        'demoted_2025 = history.loc[2025, "demoted"]',
    ),
    _review(
        "boolean Series and a NumPy array",
        "import numpy as np\n"
        "s = scores[2025]\n"
        "promoted_2025 = (s >= 0.75) & ~s.index.isin(members_2024)\n"
        "inside = s.loc[members_2024]\n"
        "demoted_2025 = np.array(inside.index[inside < 0.72])",
    ),
    # ---- exercise 2
    _percentiles(
        "counted by hand, as a dict in another order",
        _BY_HAND + "aldmoor_percentiles = {m: _by_hand(m, 0.5) for m in reversed(EXERCISE_METRICS)}",
    ),
    _percentiles(
        "benchmark.peer_percentiles with float noise",
        "aldmoor_percentiles = benchmark.peer_percentiles(aldmoor, peers, EXERCISE_METRICS) + 1e-9",
    ),
    _percentiles(
        "shares of peers with pandas, rounded to one decimal",
        """
rows = {}
for m in EXERCISE_METRICS:
    sign = -1 if benchmark.METRICS[m].better == "lower" else 1
    others, own = sign * peers[m], sign * aldmoor[m]
    rows[m] = round(100 * ((others < own).mean() + (others == own).mean() / 2), 1)
aldmoor_percentiles = pd.Series(rows).to_frame("percentile")
""",
    ),
]
