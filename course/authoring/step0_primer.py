"""Step 0, Jupyter and pandas for managers: six practice exercises, written once.

Every exercise here has ``points=0``: a self-check and three hints, no grade. Each one practises an
idiom that the graded exercises of Steps 1 to 7 use (``tests/test_primer.py`` checks that the
primer's code covers all of them, and that each practice uses only what the cells above it taught).

Exercise code runs after the notebook's teaching cells above it: ``everyone`` (every customer Aldmoor
ever had, indexed by ``customer_id``), ``customers`` (today's: status active), ``names``,
``SCORES``/``scores``, ``weights``/``w`` (the worked example's), ``target``, ``ops_points``,
``bar``, ``visits`` (sales visits by year and customer), ``visits_by_year`` and ``pd``.
"""

from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part, Rule

#: The customers a values self-check names when they are wrong: the course's three story accounts.
STORY = (
    "list(customers.index[customers['name'].isin("
    "['Nova Drive Robotics', 'Kestrel Foods Group', 'Bramley & Sons Engineering'])])"
)
#: Every customer Aldmoor ever had may be named by a selection, so that a lost one is a mistake the
#: self-check names (and not an unknown id).
EVERYONE = "everyone.index"
EVERYONE_NAMES = "everyone['name']"
LOST = {"LOST": "list(everyone.index[everyone['status'] == 'lost'])"}


def _lost_rule(part: str) -> Rule:
    return Rule(
        part,
        "len(set(answer) & set(LOST)) > 0",  # no comprehension: a rule is evaluated with the answer as locals
        f"{part} includes customers Aldmoor has lost (status 'lost'). Start from customers, today's "
        "customers, not from everyone.",
        consts=LOST,
    )


GROWING_FITS = Exercise(
    id="growing_fits",
    title="Practice 1",
    points=0,
    parts=(Part("growing_fits", "selection", rows=EVERYONE, names=EVERYONE_NAMES),),
    prompt="Practice 1: growing_fits = ids of today's customers with strategic_fit of 4 or more and\n"
    "wallet_growth of 5 % a year or more, as a list or a set.",
    solution=(
        'fits = customers["strategic_fit"] >= 4\n'
        'grows = customers["wallet_growth"] >= 0.05\n'
        "growing_fits = set(customers.index[fits & grows])"
    ),
    show_answer="growing_fits",
    hints=(
        "Write two conditions on today's customers (customers, not everyone): strategic fit of 4 or more, "
        "and growth of 0.05 or more (growth is a share: 5 % is 0.05). Keep the ids of the rows where both "
        "are True.",
        'Each condition is a comparison such as customers["strategic_fit"] >= 4; & joins two of them '
        "(both must hold). customers.index[condition] gives the ids of the rows that pass, and set(...) "
        "makes them a set.",
        'fits = customers["____"] >= 4\n'
        'grows = customers["wallet_growth"] >= ____\n'
        "growing_fits = set(customers.index[fits ____ grows])",
    ),
    passed="these are the customers the strategy team meets first.",
    mistakes=(
        Mistake(
            "lost customers included",
            "the whole customer list, lost customers included: start from customers (today's), not everyone",
            'fits = everyone["strategic_fit"] >= 4\n'
            'grows = everyone["wallet_growth"] >= 0.05\n'
            "growing_fits = list(everyone.index[fits & grows])",
        ),
        Mistake(
            "either condition",
            "customers that meet either condition: & keeps only those that meet both (| means either)",
            'fits = customers["strategic_fit"] >= 4\n'
            'grows = customers["wallet_growth"] >= 0.05\n'
            "growing_fits = list(customers.index[fits | grows])",
        ),
        Mistake(
            "strictly above",
            'strictly above 4 and 5 %: "4 or more" includes 4, so use >= rather than >',
            'fits = customers["strategic_fit"] > 4\n'
            'grows = customers["wallet_growth"] > 0.05\n'
            "growing_fits = list(customers.index[fits & grows])",
        ),
        Mistake(
            "growth in percent",
            "growth compared with 5: wallet_growth is a share, so 5 % a year is 0.05",
            'fits = customers["strategic_fit"] >= 4\n'
            'grows = customers["wallet_growth"] >= 5\n'
            "growing_fits = list(customers.index[fits & grows])",
        ),
        Mistake(
            "fit only",
            "only the strategic fit condition: the growth condition is missing",
            'growing_fits = list(customers.index[customers["strategic_fit"] >= 4])',
        ),
        Mistake(
            "names as ids",
            "uses customer names, not ids",
            'fits = customers["strategic_fit"] >= 4\n'
            'grows = customers["wallet_growth"] >= 0.05\n'
            'growing_fits = list(customers.loc[fits & grows, "name"])',
        ),
    ),
    rules=(_lost_rule("growing_fits"),),
    alternatives=(
        Alternative(
            "a list from the filtered table, conditions in brackets",
            'growing_fits = list(customers[(customers["wallet_growth"] >= 0.05) & (customers["strategic_fit"] >= 4)].index)',
        ),
        Alternative(
            "a loop over the ids",
            "growing_fits = {cid for cid in customers.index\n"
            '                if customers.loc[cid, "strategic_fit"] >= 4 and customers.loc[cid, "wallet_growth"] >= 0.05}',
        ),
        Alternative(
            "the True/False Series itself",
            'growing_fits = (customers["strategic_fit"] >= 4) & (customers["wallet_growth"] >= 0.05)',
        ),
    ),
)

SPEND_TODAY = Exercise(
    id="spend_today",
    title="Practice 2",
    points=0,
    parts=(Part("total_spend", "number", step=1.0, low=0.0),),
    prompt="Practice 2: total_spend = total wallet_eur of today's customers, in euros.",
    solution='total_spend = customers["wallet_eur"].sum()',
    show_answer="total_spend",
    hints=(
        "Take the wallet_eur column of today's customers (customers, not everyone) and add it up.",
        'customers["wallet_eur"] is the column; .sum() adds it up.',
        'total_spend = customers["____"].____()',
    ),
    passed="the market Aldmoor's customers of today spend in its category every year.",
    mistakes=(
        Mistake(
            "lost customers included",
            "the spend of every customer Aldmoor ever had, lost ones included: use customers (today's), "
            "not everyone",
            'total_spend = everyone["wallet_eur"].sum()',
        ),
        Mistake(
            "the average",
            "the average customer's spend, not the total: .sum() adds up, .mean() averages",
            'total_spend = customers["wallet_eur"].mean()',
        ),
        Mistake(
            "the number of customers",
            "the number of customers, not their spend",
            "total_spend = len(customers)",
        ),
        Mistake(
            "in millions",
            "millions of euros: give the total in euros",
            'total_spend = customers["wallet_eur"].sum() / 1000000',
        ),
    ),
    alternatives=(
        Alternative("Python's sum", 'total_spend = sum(customers["wallet_eur"])'),
        Alternative(
            "filter and column in one .loc",
            'total_spend = everyone.loc[everyone["status"] == "active", "wallet_eur"].sum()',
        ),
        Alternative("a one-value Series", 'total_spend = customers[["wallet_eur"]].sum()'),
    ),
)

FASTEST_GROWING = Exercise(
    id="fastest_growing",
    title="Practice 3",
    points=0,
    parts=(
        Part(
            "fastest_growing",
            "ranking",
            rows=EVERYONE,
            names=EVERYONE_NAMES,
            size=(10, 10),
            size_hint="The watch list has the ten fastest-growing customers.",
            by='customers["wallet_growth"]',
            top=True,
        ),
    ),
    prompt="Practice 3: fastest_growing = ids of the ten of today's customers whose wallet_growth is\n"
    "highest, fastest first, as a list.",
    solution=(
        'by_growth = customers["wallet_growth"].sort_values(ascending=False)\n'
        "fastest_growing = list(by_growth.index[:10])"
    ),
    show_answer="fastest_growing",
    hints=(
        "Sort today's customers by wallet_growth, fastest first, and keep the ids of the first ten.",
        "Part 6 did the same for spend: .sort_values(ascending=False) sorts largest first, .index gives "
        "the ids in that order, and [:10] keeps the first ten.",
        'by_growth = customers["____"].sort_values(ascending=____)\n'
        "fastest_growing = list(by_growth.index[:____])",
    ),
    passed="the customers whose needs grow fastest; Step 4 asks which of them are attractive enough.",
    mistakes=(
        Mistake(
            "slowest first",
            "the ten slowest-growing customers: sort with ascending=False to put the fastest first",
            'fastest_growing = list(customers["wallet_growth"].sort_values().index[:10])',
        ),
        Mistake(
            "right ten, slowest first",
            "the right ten customers, slowest first: the list starts with the fastest",
            'fastest_growing = list(customers["wallet_growth"].sort_values().index[-10:])',
        ),
        Mistake(
            "largest, not fastest-growing",
            "the ten largest customers by spend, not the fastest-growing: rank by wallet_growth",
            'fastest_growing = list(customers["wallet_eur"].sort_values(ascending=False).index[:10])',
        ),
        Mistake(
            "lost customers included",
            "a ranking of every customer Aldmoor ever had, lost ones included: start from customers "
            "(today's), not everyone",
            'fastest_growing = list(everyone["wallet_growth"].sort_values(ascending=False).index[:10])',
        ),
        Mistake(
            "growth values, not ids",
            "has ids that are not customers here",
            'fastest_growing = list(customers["wallet_growth"].sort_values(ascending=False)[:10])',
        ),
        Mistake(
            "a set",
            "is a set, which has no order",
            'fastest_growing = set(customers["wallet_growth"].sort_values(ascending=False).index[:10])',
        ),
        Mistake(
            "names as ids",
            "uses customer names, not ids",
            'top = customers["wallet_growth"].sort_values(ascending=False).index[:10]\n'
            'fastest_growing = list(customers.loc[top, "name"])',
        ),
    ),
    rules=(_lost_rule("fastest_growing"),),
    alternatives=(
        Alternative(
            "nlargest, as an Index", 'fastest_growing = customers["wallet_growth"].nlargest(10).index'
        ),
        Alternative(
            "Python's sorted with a key",
            "fastest_growing = sorted(customers.index, key=lambda cid: customers.loc[cid, 'wallet_growth'],\n"
            "                         reverse=True)[:10]",
        ),
        Alternative(
            "the sorted table's first ten rows, as a tuple",
            'fastest_growing = tuple(customers.sort_values("wallet_growth", ascending=False).head(10).index)',
        ),
    ),
)

ACCOUNT_HEALTH = Exercise(
    id="account_health",
    title="Practice 4",
    points=0,
    parts=(
        Part(
            "account_health",
            "values",
            rows="customers.index",
            names="names",
            show=STORY,
            step=1e-3,
            low=1.0,
            high=5.0 + 1e-9,
            range_hint="A weighted score of 1-5 scores stays between 1 and 5 when the weights add up to 1: "
            "divide each point by the total points (10).",
        ),
    ),
    prompt="Practice 4: account_health = every one of today's customers' weighted score (1-5) with the\n"
    "operations director's points, as a Series indexed by customer id.",
    solution=(
        "ops_weights = pd.Series(ops_points) / sum(ops_points.values())\n"
        "account_health = (scores * ops_weights).sum(axis=1)"
    ),
    show_answer="account_health",
    hints=(
        "Turn the director's points into weights that add up to 1 (divide each by the total, 10), multiply "
        "each score column by its weight, and add across each customer's row.",
        "As in Part 7: pd.Series(points) makes the weights a Series labelled by column name; divide it by "
        "sum(ops_points.values()); then (scores * weights).sum(axis=1).",
        "ops_weights = pd.Series(____) / sum(ops_points.values())\n"
        "account_health = (scores * ____).sum(axis=____)",
    ),
    passed="product fit now counts for half of every customer's score.",
    mistakes=(
        Mistake(
            "points as weights",
            "the points used as weights: divide each by the total (10), so that the weights add up to 1",
            "account_health = (scores * pd.Series(ops_points)).sum(axis=1)",
        ),
        Mistake(
            "worked example weights",
            "the worked example weights (Part 3's points), not the operations director's",
            "account_health = (scores * w).sum(axis=1)",
        ),
        Mistake(
            "equal weights",
            "equal weights for the three scores: the director gave them different points",
            "account_health = scores.mean(axis=1)",
        ),
        Mistake(
            "not added up",
            "is a table with columns",
            "ops_weights = pd.Series(ops_points) / sum(ops_points.values())\n"
            "account_health = scores * ops_weights",
        ),
        Mistake(
            "added down the columns",
            "it should cover all",
            "ops_weights = pd.Series(ops_points) / sum(ops_points.values())\n"
            "account_health = (scores * ops_weights).sum()",
        ),
    ),
    alternatives=(
        Alternative(
            "a dict of weights and a sum of columns",
            "ops_weights = {name: p / 10 for name, p in ops_points.items()}\n"
            "account_health = sum(customers[name] * wt for name, wt in ops_weights.items())",
        ),
        Alternative(
            "a loop over customers, into a dict",
            "account_health = {}\n"
            "for cid in customers.index:\n"
            "    account_health[cid] = sum(customers.loc[cid, c] * p / 10 for c, p in ops_points.items())",
        ),
        Alternative(
            "matrix product, columns in another order",
            "ops_weights = pd.Series(ops_points).iloc[::-1]\n"
            "account_health = scores[ops_weights.index].dot(ops_weights / ops_weights.sum())",
        ),
    ),
)

POINTS_SHORT = Exercise(
    id="points_short",
    title="Practice 5",
    points=0,
    parts=(
        Part(
            "points_short",
            "values",
            rows="customers.index",
            names="names",
            show=STORY,
            step=0.01,
        ),
    ),
    prompt="Practice 5: points_short = for each of today's customers, the total points it is short of\n"
    "the key account bar over the three scores, as a Series indexed by customer id.",
    solution="points_short = (bar - scores).clip(lower=0).sum(axis=1)",
    show_answer="points_short",
    hints=(
        "For each score, the points short are the bar minus the score, but never below 0 (a customer above "
        "the bar on one score is not short there). Add the three up for each customer.",
        "As in Part 7: bar - scores gives the gap per customer and score; .clip(lower=0) turns negative gaps "
        "into 0; .sum(axis=1) adds across each customer's row.",
        "points_short = (____ - scores).clip(lower=____).sum(axis=1)",
    ),
    passed="the gap a key account manager would have to close, score by score.",
    mistakes=(
        Mistake(
            "negative gaps kept",
            "points above the bar on one score making up for points short on another: .clip(lower=0) "
            "before adding up",
            "points_short = (bar - scores).sum(axis=1)",
        ),
        Mistake(
            "points above the bar",
            "the points above the bar, not below it: subtract the scores from the bar",
            "points_short = (scores - bar).clip(lower=0).sum(axis=1)",
        ),
        Mistake(
            "worked example target",
            "the worked example target (3, 4 and 4), not the key account bar (4, 3 and 4)",
            "points_short = (target - scores).clip(lower=0).sum(axis=1)",
        ),
        Mistake(
            "scores short, not points",
            "the number of scores below the bar, not the points short",
            "points_short = ((bar - scores) > 0).sum(axis=1)",
        ),
        Mistake(
            "added down the columns",
            "it should cover all",
            "points_short = (bar - scores).clip(lower=0).sum()",
        ),
    ),
    alternatives=(
        Alternative(
            "scores capped at the bar",
            "points_short = (bar - scores.clip(upper=bar, axis=1)).sum(axis=1)",
        ),
        Alternative(
            "a loop with max(0, ...)",
            "points_short = pd.Series({cid: sum(max(0, bar[c] - customers.loc[cid, c]) for c in SCORES)\n"
            "                          for cid in customers.index})",
        ),
        Alternative(
            "from every customer, lost ones dropped by the check",
            "points_short = (bar - everyone[SCORES]).clip(lower=0).sum(axis=1)",
        ),
    ),
)

VISITS_PER_YEAR = Exercise(
    id="visits_per_year",
    title="Practice 6",
    points=0,
    parts=(
        Part(
            "visits_per_year",
            "values",
            what="year",
            rows="sorted(visits.index.get_level_values('year').unique())",
            step=0.5,
            low=0.0,
        ),
    ),
    prompt="Practice 6: visits_per_year = total sales visits in each year, to all the customers Aldmoor\n"
    "had that year, as a Series indexed by year.",
    solution='visits_per_year = visits.groupby(level="year").sum()',
    show_answer="visits_per_year",
    hints=(
        "Put the rows of visits together by year and add up each year's visits.",
        'As in Part 9: visits.groupby(level="year") groups by the year label; .sum() adds up each group.',
        'visits_per_year = visits.groupby(level="____").____()',
    ),
    passed="the sales team's visits, year by year.",
    mistakes=(
        Mistake(
            "the average",
            "the average visits per customer in each year, not the total",
            'visits_per_year = visits.groupby(level="year").mean()',
        ),
        Mistake(
            "the number of customers",
            "the number of customers visited each year, not the number of visits",
            'visits_per_year = visits.groupby(level="year").count()',
        ),
        Mistake(
            "today's customers only",
            "only today's customers: in 2023 and 2024 Aldmoor also visited customers it has lost since, and "
            "those visits happened",
            "visits_per_year = visits_by_year.loc[customers.index].sum()",
        ),
        Mistake(
            "by customer",
            "it should cover all 3 years",
            'visits_per_year = visits.groupby(level="customer_id").sum()',
        ),
    ),
    alternatives=(
        Alternative("the year columns, added up", "visits_per_year = visits_by_year.sum()"),
        Alternative(
            "the activity table grouped by its year column",
            't2 = t["activities"]\nvisits_per_year = t2.groupby("year")["sales_visits"].sum()',
        ),
        Alternative(
            "a dict, one year at a time",
            'visits_per_year = {year: visits.xs(year, level="year").sum() for year in [2023, 2024, 2025]}',
        ),
    ),
)

EXERCISES = [GROWING_FITS, SPEND_TODAY, FASTEST_GROWING, ACCOUNT_HEALTH, POINTS_SHORT, VISITS_PER_YEAR]
