"""Step 7, benchmark and build: the graded exercises, written once.

Each exercise's code runs after the notebook's teaching cells above it (``t``, ``everyone``,
``NAMES``, ``profits``, ``scores`` (review score per customer and year, NaN where a customer did not
buy), ``review_2024``, ``members_2024``; before exercise 2 also ``with_band``, ``single``,
``peers``, ``aldmoor``, ``kept`` and ``EXERCISE_METRICS``; ``review``, ``benchmark``, ``clv``,
``pd``), and after the solutions of the exercises before it. ``python -m kamlab build`` turns this
file into the answer and check cells, the self-check data and the answer key.
"""

import numpy as np
import pandas as pd

from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part

_PROMOTED = (
    "promoted_2025 = [c for c in scores.index\n"
    "                 if scores.at[c, 2025] >= review.UPPER_THRESHOLD and c not in members_2024]\n"
)
_DEMOTED = "demoted_2025 = [c for c in members_2024 if scores.at[c, 2025] < review.LOWER_THRESHOLD]\n"

REVIEW_2025 = Exercise(
    id="review_2025",
    title="Exercise 1",
    points=2,
    parts=(
        Part("promoted_2025", "selection", rows="scores.index", names="NAMES"),
        Part("demoted_2025", "selection", rows="scores.index", names="NAMES"),
    ),
    prompt="Exercise 1: promoted_2025 = ids of the accounts that enter the programme at the 2025 review,\n"
    "demoted_2025 = ids of the members the rule moves out (lists or sets of customer ids).",
    solution=(
        "score_2025 = scores[2025]\n"
        "entering = score_2025 >= review.UPPER_THRESHOLD\n"
        "promoted_2025 = set(score_2025.index[entering]) - set(members_2024)\n"
        "demoted_2025 = {cid for cid in members_2024 if score_2025[cid] < review.LOWER_THRESHOLD}"
    ),
    show_answer="promoted_2025, demoted_2025",
    hints=(
        "Promote the accounts outside members_2024 whose 2025 score is at or above the upper threshold; "
        "demote the members whose 2025 score is below the lower one. Members inside the band stay, and a "
        "member without a 2025 score (NaN) left as lost, not by the rule.",
        "scores[2025] >= review.UPPER_THRESHOLD is True/False for every customer (False for NaN); a set "
        "difference removes the members. For the demotions, loop over members_2024.",
        "promoted_2025 = set(scores.index[scores[2025] >= ____]) - set(____)\n"
        "demoted_2025 = {c for c in members_2024 if scores.at[c, 2025] < ____}",
    ),
    passed="the band keeps the members whose score only wobbled.",
    mistakes=(
        Mistake(
            "no band: members demoted below the upper threshold",
            "a single threshold with no band: a member leaves only when it falls below the LOWER threshold "
            "(review.LOWER_THRESHOLD), not below the upper one",
            "s = scores[2025]\n"
            "promoted_2025 = set(s.index[s >= review.UPPER_THRESHOLD]) - set(members_2024)\n"
            "demoted_2025 = [c for c in members_2024 if s[c] < review.UPPER_THRESHOLD]",
        ),
        Mistake(
            "members promoted again",
            "every account at or above the upper threshold, members included: promote only accounts not yet "
            "in the programme",
            "s = scores[2025]\npromoted_2025 = list(s.index[s >= review.UPPER_THRESHOLD])\n" + _DEMOTED,
        ),
        Mistake(
            "non-members demoted",
            "every account below the lower threshold: demote only accounts that are in the programme "
            "(members_2024)",
            _PROMOTED + "demoted_2025 = list(scores.index[scores[2025] < review.LOWER_THRESHOLD])",
        ),
        Mistake(
            "thresholds swapped",
            "the thresholds swapped: enter at the upper threshold, leave below the lower one",
            "s = scores[2025]\n"
            "promoted_2025 = set(s.index[s >= review.LOWER_THRESHOLD]) - set(members_2024)\n"
            "demoted_2025 = {c for c in members_2024 if s[c] < review.UPPER_THRESHOLD}",
        ),
        Mistake(
            "the 2024 review's decisions",
            "the decisions of the 2024 review: use the 2025 scores (scores[2025])",
            'promoted_2025 = review_2024.loc[2024, "promoted"]\ndemoted_2025 = review_2024.loc[2024, "demoted"]',
        ),
        Mistake(
            "the 2024 scores",
            "the rule applied to the 2024 scores: the 2025 review uses scores[2025]",
            "s = scores[2024]\n"
            "promoted_2025 = set(s.index[s >= review.UPPER_THRESHOLD]) - set(members_2024)\n"
            "demoted_2025 = [c for c in members_2024 if s[c] < review.LOWER_THRESHOLD]",
        ),
        Mistake(
            "promoted and demoted swapped",
            "promoted and demoted swapped: promoted accounts come from outside the programme",
            _PROMOTED.replace("promoted_2025", "demoted_2025")
            + _DEMOTED.replace("demoted_2025", "promoted_2025"),
        ),
        Mistake(
            "lost members counted as demoted",
            "members that stopped buying (no 2025 score) counted as demoted: they left as lost customers, "
            "not by the rule",
            "s = scores[2025]\n"
            "promoted_2025 = set(s.index[s >= review.UPPER_THRESHOLD]) - set(members_2024)\n"
            "demoted_2025 = [c for c in members_2024 if not s[c] >= review.LOWER_THRESHOLD]",
        ),
        Mistake(
            "the launch members",
            "the rule applied to the members of the 2023 launch: the 2025 review starts from the programme after "
            "the 2024 review (members_2024)",
            'launch = list(review_2024.loc[2023, "members"])\n'
            "s = scores[2025]\n"
            "promoted_2025 = set(s.index[s >= review.UPPER_THRESHOLD]) - set(launch)\n"
            "demoted_2025 = [c for c in launch if s[c] < review.LOWER_THRESHOLD]",
        ),
        Mistake(
            "names as ids",
            "uses customer names, not ids",
            "s = scores[2025]\n"
            "promoted_2025 = list(NAMES[sorted(set(s.index[s >= review.UPPER_THRESHOLD]) - set(members_2024))])\n"
            "demoted_2025 = [NAMES[c] for c in members_2024 if s[c] < review.LOWER_THRESHOLD]",
        ),
    ),
    alternatives=(
        Alternative("a loop over the members and the customers", _PROMOTED + _DEMOTED),
        Alternative(
            "the whole review from 2023, as tuples",
            'history = review.review_programme(scores)\npromoted_2025 = history.loc[2025, "promoted"]\n'
            'demoted_2025 = history.loc[2025, "demoted"]',
        ),
        Alternative(
            "a True/False Series and a NumPy array",
            "import numpy as np\n"
            "s = scores[2025]\n"
            "promoted_2025 = (s >= review.UPPER_THRESHOLD) & ~s.index.isin(members_2024)\n"
            "inside = s.loc[members_2024].dropna()\n"
            "demoted_2025 = np.array(inside.index[inside < review.LOWER_THRESHOLD])",
        ),
        Alternative(
            "thresholds typed as numbers, lost members dropped first",
            "still_buying = [c for c in members_2024 if pd.notna(scores.at[c, 2025])]\n"
            "promoted_2025 = sorted(c for c in scores.index if scores.at[c, 2025] >= 0.72 and c not in members_2024)\n"
            "demoted_2025 = {c for c in still_buying if not scores.at[c, 2025] >= 0.69}",
        ),
    ),
)

_BY_HAND = """
def _by_hand(metric, tie_weight, respect_direction=True, own=None):
    own = aldmoor[metric] if own is None else own
    others = peers[metric]
    lower_better = respect_direction and benchmark.METRICS[metric].better == "lower"
    worse = (others > own).sum() if lower_better else (others < own).sum()
    ties = (others == own).sum()
    return 100 * (worse + tie_weight * ties) / len(others)
"""

PEER_PERCENTILES = Exercise(
    id="peer_percentiles",
    title="Exercise 2",
    points=2,
    parts=(
        Part(
            "aldmoor_percentiles",
            "values",
            what="metric",
            rows="EXERCISE_METRICS",
            step=1.0,
            low=0.0,
            high=100.0,
            range_hint="A percentile runs from 0 (worse than every peer) to 100 (better than every peer): count "
            "peers, do not divide Aldmoor's value by theirs.",
        ),
    ),
    prompt="Exercise 2: aldmoor_percentiles = Aldmoor's percentile (0-100) among the peers on each metric of\n"
    "EXERCISE_METRICS, as a pandas Series indexed by metric name.",
    solution=(
        "aldmoor_percentiles = pd.Series(\n"
        "    {\n"
        "        metric: benchmark.peer_percentile(aldmoor[metric], peers[metric], benchmark.METRICS[metric].better)\n"
        "        for metric in EXERCISE_METRICS\n"
        "    }\n"
        ")"
    ),
    show_answer="aldmoor_percentiles",
    hints=(
        "Percentile = 100 x (peers strictly worse + half the peers equal) / number of peers, in each "
        "metric's better direction: for months between reviews, a worse peer has MORE months.",
        "benchmark.peer_percentile(value, peer_values, better) does the counting for one metric; "
        "benchmark.METRICS[metric].better is 'higher' or 'lower'.",
        "aldmoor_percentiles = pd.Series({\n"
        "    m: benchmark.peer_percentile(aldmoor[m], peers[m], benchmark.METRICS[m].____)\n"
        "    for m in ____\n})",
    ),
    passed="a rank says directly how many peers are ahead.",
    mistakes=(
        Mistake(
            "every metric ranked as higher-is-better",
            "months between reviews ranked the wrong way round: fewer months between reviews is better, so the "
            "worse peers are those with MORE months",
            "aldmoor_percentiles = pd.Series(\n"
            '    {m: benchmark.peer_percentile(aldmoor[m], peers[m], "higher") for m in EXERCISE_METRICS}\n'
            ")",
        ),
        Mistake(
            "percentile taken the other way round",
            "the share of peers doing BETTER than Aldmoor: a percentile counts the peers doing worse",
            "aldmoor_percentiles = 100 - benchmark.peer_percentiles(aldmoor, peers, EXERCISE_METRICS)",
        ),
        Mistake(
            "compared with the peer mean",
            "a comparison with the peer mean (Aldmoor's value over the mean x 100), not a percentile rank: "
            "count the peers Aldmoor does better than",
            "aldmoor_percentiles = aldmoor[EXERCISE_METRICS] / peers[EXERCISE_METRICS].mean() * 100",
        ),
        Mistake(
            "ties left out",
            "ties left out: peers with the same value as Aldmoor count half",
            _BY_HAND + "aldmoor_percentiles = pd.Series({m: _by_hand(m, 0.0) for m in EXERCISE_METRICS})",
        ),
        Mistake(
            "ties counted in full",
            "ties counted in full: peers with the same value as Aldmoor count half, not whole",
            _BY_HAND + "aldmoor_percentiles = pd.Series({m: _by_hand(m, 1.0) for m in EXERCISE_METRICS})",
        ),
        Mistake(
            "shares instead of percentiles",
            "shares between 0 and 1: give percentiles from 0 to 100",
            "aldmoor_percentiles = benchmark.peer_percentiles(aldmoor, peers, EXERCISE_METRICS) / 100",
        ),
        Mistake(
            "Aldmoor ranked with the peers",
            "Aldmoor counted among the peers (25 values ranked): compare Aldmoor with the 24 peers only",
            "aldmoor_percentiles = {}\n"
            "for m in EXERCISE_METRICS:\n"
            '    values = pd.concat([peers[m], pd.Series({"Aldmoor": aldmoor[m]})])\n'
            '    ascending = benchmark.METRICS[m].better != "lower"\n'
            '    aldmoor_percentiles[m] = values.rank(pct=True, ascending=ascending)["Aldmoor"] * 100\n'
            "aldmoor_percentiles = pd.Series(aldmoor_percentiles)",
        ),
        Mistake(
            "Aldmoor's values rounded first",
            "Aldmoor's values rounded to one decimal before the comparison: compare the exact values",
            _BY_HAND
            + "aldmoor_percentiles = pd.Series({m: _by_hand(m, 0.5, own=round(aldmoor[m], 1)) for m in EXERCISE_METRICS})",
        ),
        Mistake(
            "only the higher-is-better metrics",
            "it should cover all",
            "higher = [m for m in EXERCISE_METRICS if benchmark.METRICS[m].better == 'higher']\n"
            "aldmoor_percentiles = benchmark.peer_percentiles(aldmoor, peers, higher)",
        ),
    ),
    alternatives=(
        Alternative(
            "counted by hand, as a dict in another order",
            _BY_HAND + "aldmoor_percentiles = {m: _by_hand(m, 0.5) for m in reversed(EXERCISE_METRICS)}",
        ),
        Alternative(
            "benchmark.peer_percentiles with float noise",
            "aldmoor_percentiles = benchmark.peer_percentiles(aldmoor, peers, EXERCISE_METRICS) + 1e-9",
        ),
        Alternative(
            "shares of peers with pandas, rounded to one decimal, as a one-column table",
            "rows = {}\n"
            "for m in EXERCISE_METRICS:\n"
            '    sign = -1 if benchmark.METRICS[m].better == "lower" else 1\n'
            "    others, own = sign * peers[m], sign * aldmoor[m]\n"
            "    rows[m] = round(100 * ((others < own).mean() + (others == own).mean() / 2), 1)\n"
            'aldmoor_percentiles = pd.Series(rows).to_frame("percentile")',
        ),
        Alternative(
            "numbers held in an object Series",
            "aldmoor_percentiles = pd.Series(\n"
            "    [benchmark.peer_percentile(aldmoor[m], peers[m], benchmark.METRICS[m].better) for m in EXERCISE_METRICS],\n"
            "    index=EXERCISE_METRICS, dtype=object,\n"
            ")",
        ),
    ),
)

EXERCISES = [REVIEW_2025, PEER_PERCENTILES]


def _customer(name: str):
    return lambda ns: ns["everyone"].index[ns["everyone"]["name"] == name][0]


def _rules(ns):
    from kamlab import review

    return review.compare_rules(ns["scores"])


def _flip(ns):
    from kamlab import review

    return review.flip_flops(ns["single"])


def _single_only(ns):
    """Members the single threshold demotes in 2025 that the band keeps, and that did not flip-flop."""
    single, band = ns["single"], ns["with_band"]
    return [
        c for c in single.loc[2025, "demoted"] if c not in band.loc[2025, "demoted"] and c not in _flip(ns)
    ]


def _safest_lost(ns):
    """The lost key account with the highest review score before it left."""
    band, scores = ns["with_band"], ns["scores"]
    lost = [c for year in band.index for c in band.loc[year, "lost"]]
    return scores.loc[lost].max(axis=1).idxmax()


def _decliner_id(ns):
    """The account the band demotes in 2025; if none, the 2024 member still in with the lowest 2025 score."""
    band = ns["with_band"]
    if band.loc[2025, "demoted"]:
        return band.loc[2025, "demoted"][0]
    stayed = [c for c in ns["members_2024"] if c in band.loc[2025, "members"]]
    return ns["scores"].loc[stayed, 2025].idxmin()


def _decliner(ns):
    """The demoted account's cost-to-serve drivers, per year."""
    from kamlab import costing

    t = ns["t"]
    return costing.activity_drivers(t["orders"], t["activities"]).loc[_decliner_id(ns)]


def _decliner_grew(ns) -> bool:
    """Whether the demoted account's revenue grew every year it bought."""
    rev = [ns["profits"][y]["revenue_eur"].get(_decliner_id(ns)) for y in (2023, 2024, 2025)]
    return all(r is not None for r in rev) and rev[0] < rev[1] < rev[2]


def _band_flips_real(ns) -> bool:
    """Every flip-flop under the band: in at the upper threshold or more, out below the lower one."""
    from kamlab import review

    band, scores = ns["with_band"], ns["scores"]
    for c in review.flip_flops(band):
        ins = [y for y in band.index if c in band.loc[y, "promoted"]]
        outs = [y for y in band.index if c in band.loc[y, "demoted"]]
        if not outs or any(scores.loc[c, y] < review.UPPER_THRESHOLD for y in ins):
            return False
        if any(scores.loc[c, y] >= review.LOWER_THRESHOLD for y in outs):
            return False
    return True


def _demotions_text(ns, rule: str) -> list[str]:
    history = ns[rule]
    out = []
    for year in history.index:
        who = list(history.loc[year, "demoted"])
        if who:
            out.append(f"{' and '.join(ns['NAMES'][who])} in {year}")
    return out or ["nobody"]


def _movers_noisy(ns) -> bool:
    """Whether most yearly moves of the plotted accounts' scores are a hundredth or two (at most 0.03)."""
    moves = ns["scores"].loc[ns["movers"]].diff(axis=1).abs().stack().dropna()
    return bool((moves <= 0.03).mean() > 0.5)


#: Numbers and names the text quotes that the notebook's code does not compute itself.
FACTS = {
    "KESTREL_CAP": lambda ns: float(
        np.ceil(ns["scores"].loc[_customer("Kestrel Foods Group")(ns)].max() * 10) / 10
    ),
    "DEMOTED": lambda ns: bool(ns["with_band"].loc[2025, "demoted"]),
    "DECLINER_GREW": _decliner_grew,
    "DECLINER_FIRST": lambda ns: next(
        y for y in (2023, 2024, 2025) if _decliner_id(ns) in ns["profits"][y].index
    ),
    "ENGINEERING_GREW": lambda ns: bool(
        _decliner(ns).loc[2025, "custom_engineering_hours"]
        > 3 * _decliner(ns).loc[2024, "custom_engineering_hours"]
    ),
    "BAND_FLIPS_REAL": _band_flips_real,
    "MOVERS_NOISY": _movers_noisy,
    "BAND_SUBSET": lambda ns: all(
        set(ns["with_band"].loc[y, "demoted"]) <= set(ns["single"].loc[y, "demoted"])
        for y in ns["with_band"].index
    ),
    "KESTREL_LOSES_MOST": lambda ns: all(
        ns["profits"][y]["profit_eur"].idxmin() == _customer("Kestrel Foods Group")(ns)
        for y in (2023, 2024, 2025)
    ),
    "BAND_DEMOTIONS": lambda ns: [d for d in _demotions_text(ns, "with_band") if d != "nobody"],
    "SINGLE_DEMOTIONS": lambda ns: _demotions_text(ns, "single"),
    "KESTREL": _customer("Kestrel Foods Group"),
    "BRAMLEY": _customer("Bramley & Sons Engineering"),
    "NOVA": _customer("Nova Drive Robotics"),
    "low_2024": lambda ns: ns["scores"].loc[ns["members_2024"], 2024].idxmin(),
    "rules": _rules,
    "flip": _flip,
    "single_only": _single_only,
    "DECLINER": _decliner_id,
    "SAFEST_LOST": _safest_lost,
    "decliner": _decliner,
    "decliner_cts": lambda ns: pd.Series(
        {
            y: ns["profits"][y].loc[_decliner_id(ns), "cost_to_serve_eur"]
            / ns["profits"][y].loc[_decliner_id(ns), "revenue_eur"]
            for y in (2024, 2025)
        }
    ),
}
