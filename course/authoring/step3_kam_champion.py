"""Step 3, appoint a KAM champion: the graded exercises, written once.

Each exercise's code runs after the notebook's teaching cells above it (``t``, ``stakeholders``,
``people`` indexed by ``stakeholder_id``, ``BY_ROLE`` (role -> id), ``kamlab`` and ``pd``; from
Exercise 2 on ``criteria``, ``EQUAL_WEIGHTS``, ``first_try`` and ``board_points``; from Exercise 3
on ``board``), and after the solutions of the exercises before it. ``python -m kamlab build``
turns this file into the answer and check cells, the self-check data and the answer key.
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
            "any(i in KEEN for i in answer)",
            "convert_first includes people who already support KAM (support 4 or 5): the blockers are those "
            "with support 3 or lower.",
            consts={"KEEN": "people.index[people['support'] >= 4]"},
        ),
        Rule(
            "convert_first",
            "any(i in LOW for i in answer)",
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
    prompt="Exercise 2: champion_score = every stakeholder's champion score (0-1) with the board's points,\n"
    "as a pandas Series indexed by stakeholder_id.",
    solution=(
        "total = sum(board_points.values())  # 10\n"
        "board_weights = {criterion: points / total for criterion, points in board_points.items()}\n"
        "champion_score = sum(criteria[criterion] * weight for criterion, weight in board_weights.items())"
    ),
    show_answer="champion_score",
    hints=(
        "Turn the board's points into weights that add up to 1 (divide each by the total, 10), then take the "
        "weighted sum of the three criteria columns of the criteria table, for everybody.",
        "criteria['support'] is a column on the 0-1 scale, indexed by stakeholder_id; multiply each criterion "
        "column by its weight and add the three columns up.",
        "board_weights = {criterion: points / ____ for criterion, points in board_points.items()}\n"
        "champion_score = sum(criteria[criterion] * ____ for criterion, weight in board_weights.items())",
    ),
    passed="seniority still lifts some sceptics high, which is why support becomes a rule next.",
    mistakes=(
        Mistake(
            "points used as weights",
            "importance points used as weights: divide each by the total (10) so the weights add up to 1",
            "champion_score = sum(criteria[c] * p for c, p in board_points.items())",
        ),
        Mistake(
            "equal weights",
            "equal weights, the worked example's first try: use the board's points (support 4, influence 3, "
            "access 3)",
            "champion_score = criteria[list(board_points)].mean(axis=1)",
        ),
        Mistake(
            "raw 1-5 scores",
            "raw 1-5 scores, not the 0-1 criteria table: put every criterion on the 0-1 scale first",
            'raw = people[["support", "influence", "access_to_ceo"]].astype(float)\n'
            "raw.columns = list(board_points)\n"
            "champion_score = sum(raw[c] * p / 10 for c, p in board_points.items())",
        ),
        Mistake(
            "scores divided by 5",
            "1-5 scores divided by 5: a score goes on the 0-1 scale as (score - 1) / 4, so 1 becomes 0 and "
            "5 becomes 1 (use the criteria table)",
            'champion_score = (0.4 * people["support"] / 5 + 0.3 * people["influence"] / 5\n'
            '                  + 0.3 * people["access_to_ceo"])',
        ),
        Mistake(
            "the - 1 forgotten",
            "1-5 scores divided by 4 without taking 1 off first: (score - 1) / 4 puts 1 at 0 and 5 at 1 "
            "(use the criteria table)",
            'champion_score = (0.4 * people["support"] / 4 + 0.3 * people["influence"] / 4\n'
            '                  + 0.3 * people["access_to_ceo"])',
        ),
        Mistake(
            "support and influence swapped",
            "the points of support and influence swapped: support gets 4 points, influence 3",
            'champion_score = 0.3 * criteria["support"] + 0.4 * criteria["influence"] + 0.3 * criteria["top_team_access"]',
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
            'champion_score = (0.4 * (stakeholders["support"] - 1) / 4 + 0.3 * (stakeholders["influence"] - 1) / 4\n'
            '                  + 0.3 * stakeholders["access_to_ceo"])',
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over the rows, a dict",
            "champion_score = {}\n"
            "for sid, row in people.iterrows():\n"
            '    champion_score[sid] = (0.4 * (row["support"] - 1) / 4 + 0.3 * (row["influence"] - 1) / 4\n'
            '                           + 0.3 * float(row["access_to_ceo"]))',
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

INTERVIEW_LIST = Exercise(
    id="interview_list",
    title="Exercise 3",
    points=1,
    parts=(Part("interview_list", "selection", what="stakeholder", rows=ROWS, names=NAMES),),
    prompt="Exercise 3: interview_list = the stakeholder_ids of everyone who passes the board's rule:\n"
    "support 4 or 5, influence 4 or 5, and not the Chief Executive Officer (a list or a set).",
    solution=(
        'ceo = BY_ROLE["Chief Executive Officer"]\n'
        'passes = (people["support"] >= 4) & (people["influence"] >= 4) & (people.index != ceo)\n'
        "interview_list = list(people.index[passes])"
    ),
    show_answer="interview_list",
    hints=(
        "Three conditions, all at once: support 4 or 5, influence 4 or 5, and not the CEO (who is the person "
        "the champion reports to).",
        "Join three True/False conditions on people with &; people.index != BY_ROLE['Chief Executive "
        "Officer'] is True for everybody but the CEO.",
        'ceo = BY_ROLE["Chief Executive Officer"]\n'
        'passes = (people["support"] >= ____) & (people["influence"] >= ____) & (people.index ____ ceo)\n'
        "interview_list = list(people.index[passes])",
    ),
    passed="the rule narrows the field; credibility and energy, from the interviews, decide.",
    mistakes=(
        Mistake(
            "the CEO included",
            "the CEO included: the champion reports to the CEO, so the CEO is not a candidate",
            'interview_list = list(people.index[(people["support"] >= 4) & (people["influence"] >= 4)])',
        ),
        Mistake(
            "no support rule",
            "a list without the support rule: it holds people who do not support KAM (support 3 or lower)",
            'interview_list = people.index[(people["influence"] >= 4) & (people.index != BY_ROLE["Chief '
            'Executive Officer"])].tolist()',
        ),
        Mistake(
            "influence ignored",
            "a list without the influence rule: the champion must be high up (influence 4 or 5)",
            'interview_list = set(people.index[(people["support"] >= 4) & (people.index != BY_ROLE["Chief '
            'Executive Officer"])])',
        ),
        Mistake(
            "only the C-suite",
            "only the chief officers: influence 4 (vice presidents, the senior sales director) is high up too",
            'interview_list = list(people.index[(people["support"] >= 4) & (people["influence"] == 5)\n'
            '                                   & (people.index != BY_ROLE["Chief Executive Officer"])])',
        ),
        Mistake(
            "the three best scores",
            "the three best scores among the supporters: the rule, not a count, makes the list (and the CEO "
            "is not a candidate)",
            "weights = {c: p / 10 for c, p in board_points.items()}\n"
            "ranked = kamlab.champion.rank_champions(stakeholders, weights, min_support=4)\n"
            "interview_list = list(ranked.index[:3])",
        ),
        Mistake(
            "or instead of and",
            "everyone who passes ANY of the rules: a candidate must pass all three (join them with &, not |)",
            'interview_list = list(people.index[((people["support"] >= 4) | (people["influence"] >= 4))\n'
            '                                   & (people.index != BY_ROLE["Chief Executive Officer"])])',
        ),
        Mistake(
            "names as ids",
            "uses stakeholder names, not ids",
            'ok = (people["support"] >= 4) & (people["influence"] >= 4) & (people["role"] != "Chief Executive Officer")\n'
            'interview_list = people.loc[ok, "name"].tolist()',
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            'ok = (stakeholders["support"] >= 4) & (stakeholders["influence"] >= 4)\n'
            'ok = ok & (stakeholders["role"] != "Chief Executive Officer")\n'
            "interview_list = stakeholders.index[ok].tolist()",
        ),
    ),
    rules=(
        Rule(
            "interview_list",
            "CHIEF in answer",
            "interview_list includes the CEO: the champion reports to the CEO, so the CEO is not a candidate.",
            consts={"CHIEF": CEO},
        ),
        Rule(
            "interview_list",
            "any(i in NOT_KEEN for i in answer)",
            "interview_list includes someone with support 3 or lower: support 4 or 5 is a rule, not only a "
            "weight.",
            consts={"NOT_KEEN": "people.index[people['support'] <= 3]"},
        ),
        Rule(
            "interview_list",
            "any(i in LOW for i in answer)",
            "interview_list includes someone with influence 3 or lower: the champion must be high up "
            "(influence 4 or 5).",
            consts={"LOW": "people.index[people['influence'] <= 3]"},
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over the rows",
            "interview_list = []\n"
            "for sid, row in people.iterrows():\n"
            '    if row["support"] >= 4 and row["influence"] >= 4 and row["role"] != "Chief Executive Officer":\n'
            "        interview_list.append(sid)",
        ),
        Alternative(
            "the map's allies, without the CEO",
            "groups = kamlab.champion.stakeholder_quadrants(stakeholders)\n"
            'interview_list = set(groups.index[groups == "champions and allies"]) - {BY_ROLE["Chief Executive Officer"]}',
        ),
        Alternative(
            "query, then drop the CEO by role, as a pandas Index",
            'keen = people.query("support >= 4 and influence >= 4")\n'
            'interview_list = keen[keen["role"] != "Chief Executive Officer"].index',
        ),
        Alternative(
            "a True/False Series",
            'interview_list = (people["support"] > 3) & (people["influence"] > 3)\n'
            'interview_list[BY_ROLE["Chief Executive Officer"]] = False',
        ),
    ),
)

EXERCISES = [CONVERT_FIRST, CHAMPION_SCORES, INTERVIEW_LIST]


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
    "shortlist_names": lambda ns: _named(ns, ns["shortlist"]),
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
