"""Step 3, appoint a KAM champion: catalogued mistakes and correct answers written differently.

Each ``code`` replaces a whole answer cell of
``course/source/step3_kam_champion/step3_kam_champion.ipynb`` and runs after the notebook's earlier
cells (``t``, ``stakeholders``, ``STAKEHOLDER_IDS`` and ``people`` are defined before exercise 1;
``criteria``, ``EQUAL_WEIGHTS``, ``first_try`` and ``BOARD_WEIGHTS`` before exercise 2).
``feedback`` is the phrase the visible self-check prints for that mistake.
"""

from __future__ import annotations

from kamlab.grader.course import Submission

ASSIGNMENT = "step3_kam_champion"
NOTEBOOK = "step3_kam_champion"


def _convert(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="convert_answer", test="convert", code=code, feedback=feedback)


def _champion(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="champion_answer", test="champion", code=code, feedback=feedback)


_RANK = "kamlab.champion.rank_champions"

MISTAKES = [
    # ---- exercise 1: the people to convert first
    _convert(
        "the allies instead of the blockers",
        'high = stakeholders["influence"] >= 4\n'
        'convert_first = set(stakeholders.loc[high & (stakeholders["support"] >= 4), "stakeholder_id"])',
        "the champions and allies: they already support KAM",
    ),
    _convert(
        "every sceptic, influence ignored",
        'convert_first = people.index[people["support"] <= 2].tolist()',
        "every sceptic, whatever their influence",
    ),
    _convert(
        "everyone not yet for KAM, influence ignored",
        'convert_first = people.index[people["support"] <= 3]',
        "everyone not yet for KAM, whatever their influence",
    ),
    _convert(
        "everyone with high influence",
        'convert_first = list(people.index[people["influence"] >= 4])',
        "everyone with high influence, allies included",
    ),
    _convert(
        "influence 3 counted as high",
        'convert_first = people.index[(people["influence"] >= 3) & (people["support"] <= 2)]',
        "influence 3 counted as high: high influence is 4 or 5",
    ),
    _convert(
        "only influence 5",
        'convert_first = set(people.index[(people["influence"] == 5) & (people["support"] <= 3)])',
        "only the influence-5 sceptics: influence 4 is high too",
    ),
    _convert(
        "the wrong group of the map",
        "groups = kamlab.champion.stakeholder_quadrants(stakeholders)\n"
        'convert_first = groups.index[groups == "supporters to mobilise"]',
        "the supporters to mobilise",
    ),
    # ---- exercise 2: the champion and the runners-up
    _champion(
        "no support rule",
        f"champion_top3 = list({_RANK}(stakeholders, BOARD_WEIGHTS).index[:3])",
        "a ranking without the support rule",
    ),
    _champion(
        "the worked example's first try",
        "champion_top3 = list(first_try.index[:3])",
        "the worked example's first try (equal weights, no support rule)",
    ),
    _champion(
        "most senior first",
        'by_rank = stakeholders.sort_values("influence", ascending=False, kind="stable")\n'
        'champion_top3 = by_rank["stakeholder_id"].head(3).tolist()',
        "a ranking by seniority (influence) alone",
    ),
    _champion(
        "all the weight on influence",
        'only_seniority = {"influence": 1.0, "support": 0.0, "top_team_access": 0.0, "credibility": 0.0}\n'
        f"champion_top3 = list({_RANK}(stakeholders, only_seniority).index[:3])",
        "a ranking by seniority (influence) first",
    ),
    _champion(
        "support alone",
        'champion_top3 = people["support"].sort_values(ascending=False, kind="stable").index[:3].tolist()',
        "a ranking by support alone",
    ),
    _champion(
        "worst first",
        f"ranked = {_RANK}(stakeholders, BOARD_WEIGHTS, min_support=4)\n"
        'champion_top3 = list(ranked.sort_values("score").index[:3])',
        "the worst candidates first",
    ),
]

ALTERNATIVES = [
    # ---- exercise 1
    _convert(
        "loop over the rows",
        """
convert_first = []
for row in stakeholders.itertuples():
    if row.influence > 3 and row.support < 4:
        convert_first.append(row.stakeholder_id)
""",
    ),
    _convert(
        "the map's group",
        """
groups = kamlab.champion.stakeholder_quadrants(stakeholders)
convert_first = groups[groups == "blockers to convert"].index
""",
    ),
    _convert(
        "boolean Series indexed by id",
        'convert_first = (people["influence"] >= 4) & (people["support"] <= 2)',
    ),
    _convert(
        "read off the map, another order",
        'convert_first = ["S10", "S05", "S03", "S02", "S01"]',
    ),
    # ---- exercise 2
    _champion(
        "weighted scores in a loop",
        """
scores = {}
for sid, row in criteria.iterrows():
    if people.loc[sid, "support"] >= 4:
        scores[sid] = sum(row[c] * w for c, w in BOARD_WEIGHTS.items())
champion_top3 = sorted(scores, key=scores.get, reverse=True)[:3]
""",
    ),
    _champion(
        "vectorised, float noise, NumPy array",
        """
weights = pd.Series(BOARD_WEIGHTS)
score = (criteria[weights.index] * weights).sum(axis=1) + 1e-12
champion_top3 = score[people["support"] >= 4].nlargest(3).index.to_numpy()
""",
    ),
    _champion(
        "weights in another order, a tuple",
        """
board = {"credibility": 0.15, "top_team_access": 0.2, "support": 0.35, "influence": 0.3}
champion_top3 = tuple(kamlab.champion.rank_champions(stakeholders, board, min_support=4).index[:3])
""",
    ),
    _champion(
        "pandas Index from the ranking",
        f"champion_top3 = {_RANK}(stakeholders, BOARD_WEIGHTS, min_support=4).head(3).index",
    ),
]
