"""Step 3, appoint a KAM champion: the graded exercises, written once.

Each exercise's code runs after the notebook's teaching cells above it (``t``, ``stakeholders``,
``people`` indexed by ``stakeholder_id``, ``BY_ROLE`` (role -> id), ``kamlab`` and ``pd``; from
Exercise 2 on ``criteria`` (the five criteria, 0-1), ``EQUAL_WEIGHTS``, ``first_try`` and
``board_points``; from Exercise 3 on ``board_weights`` and ``board``, the board's scores), and
after the solutions of the exercises before it. ``python -m kamlab build`` turns this file into the answer and check cells, the self-check data and the answer key.
"""

from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part, Rule

ROWS = "people.index"
NAMES = "people['name']"
CEO = "BY_ROLE['Chief Executive Officer']"
SHOWN = f"list(dict.fromkeys([{CEO}, BY_ROLE['Chief Commercial Officer'], people['support'].idxmax()]))"

CONVERT_FIRST = Exercise(
    id="convert_first",
    title="Exercise 1",
    points=1,
    parts=(Part("convert_first", "selection", what="stakeholder", rows=ROWS, names=NAMES),),
    prompt="Exercise 1: convert_first = the stakeholder_ids with influence 4 or 5 and support 3 or lower\n"
    '(a list or a set of ids such as "S01").',
    solution=(
        'powerful = people["influence"] >= 4\n'
        'not_yet_for_kam = people["support"] <= 3\n'
        "convert_first = set(people.index[powerful & not_yet_for_kam])"
    ),
    show_answer="convert_first",
    hints=(
        "Keep the people with influence 4 or 5 whose support is 3 or lower: the top-left group of the map.",
        "people is indexed by stakeholder_id: a True/False condition on two of its columns, joined with &, "
        "picks the rows; people.index[condition] gives their ids.",
        'powerful = people["influence"] >= ____\n'
        'not_yet_for_kam = people["support"] <= ____\n'
        "convert_first = set(people.index[powerful ____ not_yet_for_kam])",
    ),
    passed="these are the people who could stop KAM; the champion's first months go to them.",
    mistakes=(
        Mistake(
            "the allies instead of the blockers",
            "the champions and allies: they already support KAM; convert the powerful people who do not "
            "(support 3 or lower)",
            'convert_first = set(people.index[(people["influence"] >= 4) & (people["support"] >= 4)])',
        ),
        Mistake(
            "every sceptic, influence ignored",
            "every sceptic or opponent, whatever their influence: convert the powerful ones first "
            "(influence 4 or 5), and an undecided 3 counts too",
            'convert_first = people.index[people["support"] <= 2].tolist()',
        ),
        Mistake(
            "everyone not yet for KAM, influence ignored",
            "everyone not yet for KAM, whatever their influence: keep only influence 4 or 5",
            'convert_first = people.index[people["support"] <= 3]',
        ),
        Mistake(
            "everyone with high influence",
            "everyone with high influence, allies included: leave out those who already support KAM",
            'convert_first = list(people.index[people["influence"] >= 4])',
        ),
        Mistake(
            "only the extreme corner",
            "only the corner of the map (influence 5, support 1): influence 4 is high too, and support 2 "
            "or 3 is not yet for KAM either",
            'convert_first = set(people.index[(people["influence"] == 5) & (people["support"] <= 3)])',
        ),
        Mistake(
            "influence 3 counted as high",
            "influence 3 counted as high: high influence is 4 or 5",
            'convert_first = people.index[(people["influence"] >= 3) & (people["support"] <= 3)]',
        ),
        Mistake(
            "or instead of and",
            "everyone who is powerful OR not yet for KAM: a blocker is both (join the two conditions with "
            "&, not |)",
            'convert_first = people.index[(people["influence"] >= 4) | (people["support"] <= 3)]',
        ),
        Mistake(
            "the supporters to mobilise",
            "the supporters to mobilise: they are for KAM already; convert the powerful people who are not",
            "groups = kamlab.champion.stakeholder_quadrants(stakeholders)\n"
            'convert_first = groups.index[groups == "supporters to mobilise"]',
        ),
        Mistake(
            "the people to keep informed",
            "the people to keep informed (the bottom-left group): the blockers are the powerful ones, "
            "top left",
            "groups = kamlab.champion.stakeholder_quadrants(stakeholders)\n"
            'convert_first = list(groups.index[groups == "keep informed"])',
        ),
        Mistake(
            "names as ids",
            "uses stakeholder names, not ids",
            'convert_first = people.loc[(people["influence"] >= 4) & (people["support"] <= 3), "name"].tolist()',
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            'mask = (stakeholders["influence"] >= 4) & (stakeholders["support"] <= 3)\n'
            "convert_first = list(stakeholders.index[mask])",
        ),
    ),
    rules=(
        Rule(
            "convert_first",
            "set(answer) & set(KEEN)",
            "convert_first includes people who already support KAM (support 4 or 5): the blockers are those "
            "with support 3 or lower.",
            consts={"KEEN": "people.index[people['support'] >= 4]"},
        ),
        Rule(
            "convert_first",
            "set(answer) & set(LOW)",
            "convert_first includes people with influence 3 or lower: convert the powerful ones first "
            "(influence 4 or 5).",
            consts={"LOW": "people.index[people['influence'] <= 3]"},
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over the rows",
            "convert_first = []\n"
            "for row in stakeholders.itertuples():\n"
            "    if row.influence > 3 and row.support < 4:\n"
            "        convert_first.append(row.stakeholder_id)",
        ),
        Alternative(
            "the map's group",
            "groups = kamlab.champion.stakeholder_quadrants(stakeholders)\n"
            'convert_first = groups[groups == "blockers to convert"].index',
        ),
        Alternative(
            "a True/False Series indexed by id",
            'convert_first = (people["influence"] >= 4) & (people["support"] <= 3)',
        ),
        Alternative(
            "query on the table, ids as a NumPy array, another order",
            'convert_first = stakeholders.query("influence >= 4 and support <= 3")["stakeholder_id"]'
            ".to_numpy()[::-1]",
        ),
    ),
)

CHAMPION_SCORES = Exercise(
    id="champion_scores",
    title="Exercise 2",
    points=1,
    parts=(
        Part(
            "champion_score",
            "values",
            what="stakeholder",
            rows=ROWS,
            names=NAMES,
            show=SHOWN,
            step=1e-4,
            low=0.0,
            high=1.0 + 1e-9,
            range_hint="A champion score is on the 0-1 scale: the weights must add up to 1 (divide each "
            "point by the total, 10) and every criterion must come from the 0-1 criteria table.",
        ),
    ),
    prompt="Exercise 2: champion_score = every stakeholder's champion score (0-1) on the five criteria with the\n"
    "board's points, as a pandas Series indexed by stakeholder_id.",
    solution=(
        "total = sum(board_points.values())  # 10\n"
        "board_weights = {criterion: points / total for criterion, points in board_points.items()}\n"
        "champion_score = sum(criteria[criterion] * weight for criterion, weight in board_weights.items())"
    ),
    show_answer="champion_score",
    hints=(
        "Turn the board's points into weights that add up to 1 (divide each by the total, 10), then take the "
        "weighted sum of the five criteria columns of the criteria table, for everybody.",
        "criteria['support'] is a column on the 0-1 scale, indexed by stakeholder_id; multiply each criterion "
        "column by its weight and add the five columns up (board_points names them all).",
        "board_weights = {criterion: points / ____ for criterion, points in board_points.items()}\n"
        "champion_score = sum(criteria[criterion] * ____ for criterion, weight in board_weights.items())",
    ),
    passed="support weighs most, and colleagues' ratings now count as much as rank; the support rule comes next.",
    mistakes=(
        Mistake(
            "points used as weights",
            "importance points used as weights: divide each by the total (10) so the weights add up to 1",
            "champion_score = sum(criteria[c] * p for c, p in board_points.items())",
        ),
        Mistake(
            "equal weights",
            "equal weights, the worked example's first try: use the board's points (support 3, influence 2, "
            "access 1, credibility 2, energy 2)",
            "champion_score = criteria[list(board_points)].mean(axis=1)",
        ),
        Mistake(
            "energy left out",
            "a score without energy: the article asks for a champion with energy, and the board gives it 2 of "
            "the 10 points",
            'w = {c: p / 10 for c, p in board_points.items() if c != "energy"}\n'
            "champion_score = sum(criteria[c] * x for c, x in w.items())",
        ),
        Mistake(
            "the ratings left out",
            "a score on the map's three criteria only: credibility and energy, the colleagues' ratings, carry "
            "4 of the board's 10 points",
            "champion_score = sum(criteria[c] * board_points[c] / 10 for c in kamlab.champion.TABLE_CRITERIA)",
        ),
        Mistake(
            "credibility as tenure",
            "credibility read off years at the company: that is tenure, not credibility; use the colleagues' "
            "rating (criteria['credibility'])",
            'as_tenure = criteria.assign(credibility=people["years_at_company"] / people["years_at_company"].max())\n'
            "champion_score = sum(as_tenure[c] * p / 10 for c, p in board_points.items())",
        ),
        Mistake(
            "raw 1-5 scores",
            "raw 1-5 scores, not the 0-1 criteria table: put every criterion on the 0-1 scale first",
            'raw = people[["support", "influence", "access_to_ceo", "credibility", "energy"]].astype(float)\n'
            "raw.columns = list(board_points)\n"
            "champion_score = sum(raw[c] * p / 10 for c, p in board_points.items())",
        ),
        Mistake(
            "scores divided by 5",
            "1-5 scores divided by 5: a score goes on the 0-1 scale as (score - 1) / 4, so 1 becomes 0 and "
            "5 becomes 1 (use the criteria table)",
            'champion_score = (0.3 * people["support"] / 5 + 0.2 * people["influence"] / 5\n'
            '                  + 0.1 * people["access_to_ceo"] + 0.2 * people["credibility"] / 5\n'
            '                  + 0.2 * people["energy"] / 5)',
        ),
        Mistake(
            "the - 1 forgotten",
            "1-5 scores divided by 4 without taking 1 off first: (score - 1) / 4 puts 1 at 0 and 5 at 1 "
            "(use the criteria table)",
            'champion_score = (0.3 * people["support"] / 4 + 0.2 * people["influence"] / 4\n'
            '                  + 0.1 * people["access_to_ceo"] + 0.2 * people["credibility"] / 4\n'
            '                  + 0.2 * people["energy"] / 4)',
        ),
        Mistake(
            "support and influence swapped",
            "the points of support and influence swapped: support gets 3 points, influence 2",
            'champion_score = (0.2 * criteria["support"] + 0.3 * criteria["influence"] + 0.1 * criteria["top_team_access"]\n'
            '                  + 0.2 * criteria["credibility"] + 0.2 * criteria["energy"])',
        ),
        Mistake(
            "non-supporters scored 0",
            "scores of 0 for everybody with support 3 or lower: score everybody on the criteria now; the support "
            "rule is applied next, as a separate step",
            "w = {c: p / 10 for c, p in board_points.items()}\n"
            "score = sum(criteria[c] * x for c, x in w.items())\n"
            'champion_score = score.where(people["support"] >= 4, 0.0)',
        ),
        Mistake(
            "criteria rounded first",
            "criteria rounded to one decimal before weighting (0.75 became 0.8): weight the exact criteria and "
            "round only what you show",
            "w = {c: p / 10 for c, p in board_points.items()}\n"
            "champion_score = sum(criteria[c].round(1) * x for c, x in w.items())",
        ),
        Mistake(
            "a percentage",
            "percentages: give the score on the 0-1 scale",
            "w = {c: p / 10 for c, p in board_points.items()}\n"
            "champion_score = 100 * sum(criteria[c] * x for c, x in w.items())",
        ),
        Mistake(
            "only the supporters",
            "it should cover all",
            "w = {c: p / 10 for c, p in board_points.items()}\n"
            "score = sum(criteria[c] * x for c, x in w.items())\n"
            'champion_score = score[people["support"] >= 4]',
        ),
        Mistake(
            "names as ids",
            "uses stakeholder names, not ids",
            "w = {c: p / 10 for c, p in board_points.items()}\n"
            'champion_score = sum(criteria[c] * x for c, x in w.items()).rename(index=people["name"])',
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            "s = stakeholders\n"
            'champion_score = (0.3 * (s["support"] - 1) / 4 + 0.2 * (s["influence"] - 1) / 4 + 0.1 * s["access_to_ceo"]\n'
            '                  + 0.2 * (s["credibility"] - 1) / 4 + 0.2 * (s["energy"] - 1) / 4)',
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over the rows, a dict",
            "champion_score = {}\n"
            "for sid, row in people.iterrows():\n"
            '    champion_score[sid] = (0.3 * (row["support"] - 1) / 4 + 0.2 * (row["influence"] - 1) / 4\n'
            '                           + 0.1 * float(row["access_to_ceo"]) + 0.2 * (row["credibility"] - 1) / 4\n'
            '                           + 0.2 * (row["energy"] - 1) / 4)',
        ),
        Alternative(
            "a matrix product, another column order, float noise",
            "w = pd.Series(board_points).iloc[::-1] / 10\nchampion_score = criteria[w.index].dot(w) + 1e-9",
        ),
        Alternative(
            "the toolkit's scores, as a one-column table",
            "weights = {c: p / sum(board_points.values()) for c, p in board_points.items()}\n"
            'champion_score = kamlab.champion.champion_scores(stakeholders, weights)[["score"]]',
        ),
        Alternative(
            "numbers held as text",
            "w = {c: p / 10 for c, p in board_points.items()}\n"
            "champion_score = sum(criteria[c] * x for c, x in w.items()).round(6).astype(str)",
        ),
    ),
)

_PASSES = (
    'passes = (people["support"] >= 4) & (people["influence"] >= 4) & (people.index != BY_ROLE["Chief Executive '
    'Officer"])\n'
)

CHAMPION_RANKING = Exercise(
    id="champion_ranking",
    title="Exercise 3",
    points=1,
    parts=(Part("champion_ranking", "ranking", what="stakeholder", rows=ROWS, names=NAMES),),
    prompt="Exercise 3: champion_ranking = the stakeholder_ids of everyone who passes the board's rule (support\n"
    '4 or 5, influence 4 or 5, not the CEO), best first by board["score"], as a list.',
    solution=(
        'ceo = BY_ROLE["Chief Executive Officer"]\n'
        'passes = (people["support"] >= 4) & (people["influence"] >= 4) & (people.index != ceo)\n'
        'champion_ranking = list(board.loc[passes, "score"].sort_values(ascending=False).index)'
    ),
    show_answer="champion_ranking",
    hints=(
        "Keep the people who pass all three rules (support 4 or 5, influence 4 or 5, not the CEO), then put "
        "them in the order of the board's score, highest first.",
        "Join three True/False conditions on people with &; board.loc[condition, 'score'] gives the candidates' "
        "scores, .sort_values(ascending=False) puts the best first, and .index gives their ids in that order.",
        'ceo = BY_ROLE["Chief Executive Officer"]\n'
        'passes = (people["support"] >= ____) & (people["influence"] >= ____) & (people.index ____ ceo)\n'
        'champion_ranking = list(board.loc[passes, "score"].sort_values(ascending=____).index)',
    ),
    passed="the board's choice comes first; the interviews start with the first two.",
    mistakes=(
        Mistake(
            "the CEO included",
            "a ranking with the CEO in it: the champion reports to the CEO, so the CEO is not a candidate",
            'passes = (people["support"] >= 4) & (people["influence"] >= 4)\n'
            'champion_ranking = list(board.loc[passes, "score"].sort_values(ascending=False).index)',
        ),
        Mistake(
            "no support rule",
            "a ranking without the support rule: it holds people who do not support KAM (support 3 or lower)",
            'passes = (people["influence"] >= 4) & (people.index != BY_ROLE["Chief Executive Officer"])\n'
            'champion_ranking = board.loc[passes, "score"].sort_values(ascending=False).index.tolist()',
        ),
        Mistake(
            "influence ignored",
            "a ranking without the influence rule: the champion must be high up (influence 4 or 5)",
            'passes = (people["support"] >= 4) & (people.index != BY_ROLE["Chief Executive Officer"])\n'
            'champion_ranking = list(board.loc[passes, "score"].sort_values(ascending=False).index)',
        ),
        Mistake(
            "only the C-suite",
            "a ranking of the chief officers only: influence 4 (vice presidents, the senior sales director) is "
            "high up too",
            'passes = (people["support"] >= 4) & (people["influence"] == 5) & (people.index != BY_ROLE["Chief '
            'Executive Officer"])\n'
            'champion_ranking = list(board.loc[passes, "score"].sort_values(ascending=False).index)',
        ),
        Mistake(
            "or instead of and",
            "everyone who passes ANY of the rules: a candidate must pass all three (join them with &, not |)",
            'passes = ((people["support"] >= 4) | (people["influence"] >= 4)) & (people.index != BY_ROLE["Chief '
            'Executive Officer"])\n'
            'champion_ranking = list(board.loc[passes, "score"].sort_values(ascending=False).index)',
        ),
        Mistake(
            "4 left out",
            "an empty list: support 4 and influence 4 pass the rule too (>= 4, not > 4)",
            'passes = (people["support"] > 4) & (people["influence"] > 4) & (people.index != BY_ROLE["Chief '
            'Executive Officer"])\n'
            'champion_ranking = list(board.loc[passes, "score"].sort_values(ascending=False).index)',
        ),
        Mistake(
            "only the first three",
            "the first three only: give everyone who passes the rule, best first (the interviews start with the "
            "first two, but the board ranks them all)",
            _PASSES + 'champion_ranking = list(board.loc[passes, "score"].nlargest(3).index)',
        ),
        Mistake(
            "worst first",
            "the right candidates, worst first: sort the scores with ascending=False to put the best first",
            _PASSES + 'champion_ranking = list(board.loc[passes, "score"].sort_values().index)',
        ),
        Mistake(
            "by seniority",
            "a ranking by seniority (influence), or by the map's three criteria alone: on those the candidates "
            "tie in pairs and the chief officers come first on rank; order by the board's score, ratings included",
            _PASSES
            + 'champion_ranking = list(people[passes].sort_values("influence", ascending=False).index)',
        ),
        Mistake(
            "by support alone",
            "a ranking by support alone: enthusiasm without influence cannot drive the change; apply all three "
            "rules, then order by the board's score",
            'keen = people[people["support"] >= 4]\n'
            'champion_ranking = list(keen["support"].sort_values(ascending=False).index)',
        ),
        Mistake(
            "credibility as tenure",
            "a ranking with credibility read off years at the company: that is tenure, not credibility; order "
            "by board['score'], which uses the colleagues' rating",
            'as_tenure = criteria.assign(credibility=people["years_at_company"] / people["years_at_company"].max())\n'
            "score = sum(as_tenure[c] * p / 10 for c, p in board_points.items())\n"
            + _PASSES
            + "champion_ranking = list(score[passes].sort_values(ascending=False).index)",
        ),
        Mistake(
            "energy left out",
            "a ranking without energy: the article asks for a champion with energy, and the board gives it 2 of "
            "the 10 points; order by board['score']",
            'score = sum(criteria[c] * p / 10 for c, p in board_points.items() if c != "energy")\n'
            + _PASSES
            + "champion_ranking = list(score[passes].sort_values(ascending=False).index)",
        ),
        Mistake(
            "a set",
            "is a set, which has no order",
            _PASSES + "champion_ranking = set(people.index[passes])",
        ),
        Mistake(
            "names as ids",
            "uses stakeholder names, not ids",
            _PASSES + 'best = board.loc[passes, "score"].sort_values(ascending=False).index\n'
            'champion_ranking = list(people.loc[best, "name"])',
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            "s = stakeholders.assign(score=board['score'].to_numpy())\n"
            'ok = (s["support"] >= 4) & (s["influence"] >= 4) & (s["role"] != "Chief Executive Officer")\n'
            'champion_ranking = list(s[ok].sort_values("score", ascending=False).index)',
        ),
    ),
    rules=(
        Rule(
            "champion_ranking",
            "CHIEF in answer",
            "champion_ranking includes the CEO: the champion reports to the CEO, so the CEO is not a candidate.",
            consts={"CHIEF": CEO},
        ),
        Rule(
            "champion_ranking",
            "set(answer) & set(NOT_KEEN)",
            "champion_ranking includes someone with support 3 or lower: support 4 or 5 is a rule, not only a "
            "weight.",
            consts={"NOT_KEEN": "people.index[people['support'] <= 3]"},
        ),
        Rule(
            "champion_ranking",
            "set(answer) & set(LOW)",
            "champion_ranking includes someone with influence 3 or lower: the champion must be high up "
            "(influence 4 or 5).",
            consts={"LOW": "people.index[people['influence'] <= 3]"},
        ),
        Rule(
            "champion_ranking",
            "CFO in answer and VPSC in answer and answer.index(CFO) < answer.index(VPSC)",
            "champion_ranking puts the Chief Financial Officer ahead of the VP Supply Chain: did you leave out "
            "a criterion, energy perhaps? Order by board['score'], which weighs all five.",
            consts={"CFO": "BY_ROLE['Chief Financial Officer']", "VPSC": "BY_ROLE['VP Supply Chain']"},
        ),
    ),
    alternatives=(
        Alternative(
            "the scores in rank order, a Series indexed by stakeholder_id",
            _PASSES + 'champion_ranking = board.loc[passes, "score"].sort_values(ascending=False)',
        ),
        Alternative(
            "a loop, a dict and sorted()",
            "scores = {}\n"
            "for sid, row in people.iterrows():\n"
            '    if row["support"] >= 4 and row["influence"] >= 4 and row["role"] != "Chief Executive Officer":\n'
            '        scores[sid] = board.loc[sid, "score"]\n'
            "champion_ranking = sorted(scores, key=scores.get, reverse=True)",
        ),
        Alternative(
            "the toolkit's ranking of the supporters, then the other two rules",
            "ranked = kamlab.champion.rank_champions(stakeholders, board_weights, min_support=4)\n"
            'ceo = BY_ROLE["Chief Executive Officer"]\n'
            'champion_ranking = [sid for sid in ranked.index if people.loc[sid, "influence"] >= 4 and sid != ceo]',
        ),
        Alternative(
            "query and nlargest, as a NumPy array",
            "keen = people.query(\"support >= 4 and influence >= 4 and role != 'Chief Executive Officer'\")\n"
            'champion_ranking = board.loc[keen.index, "score"].nlargest(len(keen)).index.to_numpy()',
        ),
        Alternative(
            "the scores recomputed from the criteria, float noise, as a tuple",
            "w = {c: p / 10 for c, p in board_points.items()}\n"
            "noisy = sum(criteria[c] * x for c, x in w.items()) + 1e-12\n"
            + _PASSES
            + "champion_ranking = tuple(noisy[passes].sort_values(ascending=False).index)",
        ),
        Alternative(
            "a dict of id and score, best first",
            _PASSES + 'champion_ranking = board.loc[passes, "score"].sort_values(ascending=False).to_dict()',
        ),
        Alternative(
            "a Series of ids",
            _PASSES
            + 'champion_ranking = pd.Series(board.loc[passes, "score"].sort_values(ascending=False).index)',
        ),
    ),
)

EXERCISES = [CONVERT_FIRST, CHAMPION_SCORES, CHAMPION_RANKING]


def _role(role: str):
    return lambda ns: ns["BY_ROLE"][role]


def _named(ns, ids) -> list[str]:
    people = ns["people"]
    return [f"{people.loc[i, 'name']} ({people.loc[i, 'role']})" for i in ids]


def _shown_names(ns) -> str:
    ids = eval(SHOWN, dict(ns))
    names = [f"{ns['people'].loc[i, 'name']} ({i})" for i in ids]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _allies(ns):
    p = ns["people"]
    return list(p.index[(p["influence"] >= 4) & (p["support"] >= 4)])


def _blockers(ns):
    p = ns["people"]
    return sorted(p.index[(p["influence"] >= 4) & (p["support"] <= 3)])


MAP_CRITERIA = ["influence", "support", "access_to_ceo"]


def _same_three(ns):
    """A test of whether two people have the same influence, support and access to the CEO."""
    p = ns["people"]
    return lambda a, b: bool((p.loc[a, MAP_CRITERIA] == p.loc[b, MAP_CRITERIA]).all())


def _order(ns, score) -> list[str]:
    """The candidates (who pass the board's rule) in the order of ``score``, best first."""
    return list(score[ns["candidates"]].sort_values(ascending=False).index)


def _equal_order(ns) -> list[str]:
    return _order(ns, ns["kamlab"].champion.champion_scores(ns["stakeholders"], ns["EQUAL_WEIGHTS"])["score"])


def _map_order(ns) -> list[str]:
    """The order on the board's points for the map's three criteria alone, without the ratings."""
    weights = {c: ns["board_points"][c] / 10 for c in ns["kamlab"].champion.TABLE_CRITERIA}
    return _order(ns, sum(ns["criteria"][c] * w for c, w in weights.items()))


def _tenure_order(ns) -> list[str]:
    """The order if credibility were read off years at the company (the mistake the notebook warns of)."""
    p = ns["people"]
    as_tenure = ns["criteria"].assign(credibility=p["years_at_company"] / p["years_at_company"].max())
    return _order(ns, sum(as_tenure[c] * w for c, w in ns["board_weights"].items()))


def _energy(ns, csuite: bool) -> float:
    p = ns["people"]
    chiefs = p["role"].str.startswith("Chief ")
    return float(p.loc[chiefs if csuite else ~chiefs, "energy"].mean())


#: Numbers and names the text quotes that the notebook's code does not compute itself.
FACTS = {
    "CEO": _role("Chief Executive Officer"),
    "CFO": _role("Chief Financial Officer"),
    "COO": _role("Chief Operating Officer"),
    "CCO": _role("Chief Commercial Officer"),
    "VPE": _role("VP Engineering"),
    "VPSC": _role("VP Supply Chain"),
    "SSD": _role("Senior Sales Director"),
    "QUALITY": _role("VP Quality"),
    "SERVICE": _role("Head of Customer Service"),
    "WAREHOUSE": _role("Warehouse Manager"),
    "LOGISTICS": _role("Logistics Manager"),
    "KEENEST": lambda ns: ns["people"]["support"].idxmax(),
    "allies": _allies,
    "allies_names": lambda ns: _named(ns, _allies(ns)),
    "blockers": _blockers,
    "undecided_ops": lambda ns: _named(
        ns, [ns["BY_ROLE"][r] for r in ("VP Quality", "Head of Customer Service", "Warehouse Manager")]
    ),
    "candidate_names": lambda ns: _named(ns, ns["candidates"]),
    "same_three": _same_three,
    "equal_order": _equal_order,
    "tenure_order": _tenure_order,
    "map_order": _map_order,
    "csuite_energy": lambda ns: _energy(ns, csuite=True),
    "others_energy": lambda ns: _energy(ns, csuite=False),
    "shown_names": _shown_names,
    "same_top_team": lambda ns: all(
        ns["t"]["executives"].set_index("title").at[role, "name"]
        == ns["people"].at[ns["BY_ROLE"][role], "name"]
        for role in (
            "Chief Executive Officer",
            "Chief Financial Officer",
            "Chief Operating Officer",
            "Chief Commercial Officer",
        )
    ),
}
