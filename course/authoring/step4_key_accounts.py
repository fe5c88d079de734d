"""Step 4, identify your key accounts: the graded exercises, written once.

Each exercise's code runs after the notebook's teaching cells above it (``customers``, ``profit``,
``criteria``, ``pf``, ``director_points``, ``NAMES``, ``STORY``, ``LARGEST``, ``selection``,
``pd``), and after the solutions of the exercises before it. ``python -m kamlab build`` turns
this file into the answer and check cells, the self-check data and the answer key.
"""

from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part, Rule

SHOWN = "list(STORY) + [c for c in LARGEST if c not in STORY]"
# Exercise 2's shown rows: the same, and, when none of them sits between the two bars (0.5 and 0.6),
# the most attractive customer that the stricter bar turns away, so that the shown rows can tell
# the bars apart.
_BAND = "pf['attractiveness'].between(0.5, 0.6, inclusive='left')"
SHOWN_BAR = f"{SHOWN} + ([] if {_BAND}[{SHOWN}].any() else [pf.loc[{_BAND}, 'attractiveness'].idxmax()])"

DIRECTOR_SCORES = Exercise(
    id="director_scores",
    title="Exercise 1",
    points=2,
    parts=(
        Part(
            "director_attractiveness",
            "values",
            rows="customers.index",
            names="NAMES",
            show=SHOWN,
            step=1e-4,
            low=0.0,
            high=1.0 + 1e-9,
            range_hint="Attractiveness is on the 0-1 scale: the weights must add up to 1 (divide each "
            "point by the total points, 10) and every criterion must come from the 0-1 criteria table.",
        ),
    ),
    prompt="Exercise 1: director_attractiveness = every customer's attractiveness (0-1) with the\n"
    "director's points, as a pandas Series indexed by customer_id.",
    solution=(
        "director_weights = selection.normalise_weights(director_points)\n"
        'director_attractiveness = selection.weighted_score(criteria, director_weights, name="attractiveness")'
    ),
    show_answer="director_attractiveness",
    hints=(
        "Turn the director's points into weights that add up to 1 (divide each by the total, 10), then "
        "take the weighted sum of the five attractiveness columns of the criteria table.",
        "selection.normalise_weights(points) divides the points by their total; "
        "selection.weighted_score(criteria, weights) multiplies each criterion by its weight and adds "
        "them up, for every customer at once.",
        "director_weights = selection.normalise_weights(____)\n"
        "director_attractiveness = selection.weighted_score(____, director_weights)",
    ),
    passed="with the director's weights, size counts for 40 % of attractiveness.",
    mistakes=(
        Mistake(
            "points used as weights",
            "the points used as weights: divide each by the total (10), so that the weights add up to 1",
            "director_attractiveness = sum(criteria[c] * points for c, points in director_points.items())",
        ),
        Mistake(
            "raw criteria",
            "raw criteria, not the 0-1 criteria table: put every criterion on one 0-1 scale first, or the "
            "biggest numbers (euros) drown the rest",
            "raw = customers[['wallet_eur', 'wallet_growth', 'price_sensitivity', 'strategic_fit',\n"
            "                 'innovation_potential']]\n"
            "raw.columns = list(director_points)\n"
            "director_attractiveness = sum(raw[c] * p / 10 for c, p in director_points.items())",
        ),
        Mistake(
            "price sensitivity not turned round",
            "price sensitivity not turned round: a customer who pushes hard on price is LESS attractive, "
            "use low_price_pressure from the criteria table",
            "w = selection.normalise_weights(director_points)\n"
            "crit = criteria.copy()\n"
            "crit['low_price_pressure'] = (customers['price_sensitivity'] - 1) / 4\n"
            "director_attractiveness = selection.weighted_score(crit, w)",
        ),
        Mistake(
            "worked example weights",
            "the worked example weights, not the sales director weights (4, 2, 1, 2, 1 points out of 10)",
            "director_attractiveness = pf['attractiveness']",
        ),
        Mistake(
            "equal weights",
            "equal weights for the five criteria: the director gave them different points",
            "director_attractiveness = criteria[list(director_points)].mean(axis=1)",
        ),
        Mistake(
            "only the customers the check shows",
            "it should cover all",
            "w = selection.normalise_weights(director_points)\n"
            "ids = " + SHOWN + "\n"
            "director_attractiveness = selection.weighted_score(criteria.loc[ids], w)",
        ),
        Mistake(
            "names as ids",
            "uses customer names, not ids",
            "w = selection.normalise_weights(director_points)\n"
            "director_attractiveness = selection.weighted_score(criteria, w).rename(index=NAMES)",
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            "w = selection.normalise_weights(director_points)\n"
            "director_attractiveness = selection.weighted_score(criteria, w).reset_index(drop=True)",
        ),
        Mistake(
            "a percentage",
            "percentages: give attractiveness on the 0-1 scale",
            "w = selection.normalise_weights(director_points)\n"
            "director_attractiveness = 100 * selection.weighted_score(criteria, w)",
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over customers",
            "total = sum(director_points.values())\n"
            "values = {}\n"
            "for cid, row in criteria.iterrows():\n"
            "    values[cid] = sum(row[c] * p / total for c, p in director_points.items())\n"
            "director_attractiveness = pd.Series(values)",
        ),
        Alternative(
            "matrix product, other column order, float noise",
            "w = pd.Series(director_points).iloc[::-1] / 10\n"
            "director_attractiveness = criteria[w.index].dot(w) + 1e-9",
        ),
        Alternative(
            "weights typed by hand, as a dict of numbers held as objects",
            "w = {'innovation_potential': 0.1, 'strategic_fit': 0.2, 'low_price_pressure': 0.1,\n"
            "     'wallet_growth': 0.2, 'wallet_size': 0.4}\n"
            "director_attractiveness = {i: sum(criteria.loc[i, c] * v for c, v in w.items())\n"
            "                           for i in criteria.index}\n"
            "director_attractiveness = pd.Series(director_attractiveness, dtype=object)",
        ),
    ),
)

BOARD_QUADRANTS = Exercise(
    id="board_quadrants",
    title="Exercise 2",
    points=2,
    parts=(
        Part(
            "board_quadrants",
            "labels",
            rows="pf.index",
            names="NAMES",
            show=SHOWN_BAR,
            allowed=("key", "key development", "maintenance", "opportunistic"),
        ),
    ),
    prompt="Exercise 2: board_quadrants = quadrant of every customer with an attractiveness threshold of\n"
    "0.6 and a strength threshold of 0.5, as a pandas Series indexed by customer_id.",
    solution="board_quadrants = selection.classify_quadrants(pf, attractiveness_threshold=0.6, strength_threshold=0.5)",
    show_answer="board_quadrants",
    hints=(
        "Attractive means attractiveness of 0.6 or more; strong means strength of 0.5 or more. Attractive "
        "and strong: key; attractive and weak: key development; strong only: maintenance; neither: "
        "opportunistic.",
        "selection.classify_quadrants(scores, attractiveness_threshold=..., strength_threshold=...) labels "
        "every customer of a table with the columns attractiveness and strength, such as pf.",
        "board_quadrants = selection.classify_quadrants(\n"
        "    pf, attractiveness_threshold=____, strength_threshold=____\n)",
    ),
    passed="with the stricter bar, fewer accounts count as attractive.",
    mistakes=(
        Mistake(
            "worked example thresholds",
            "the worked example thresholds (0.5 and 0.5): the board raised the attractiveness bar to 0.6",
            "board_quadrants = pf['quadrant']",
        ),
        Mistake(
            "key development and maintenance swapped",
            "key development and maintenance swapped: key development is attractive with a weak position, "
            "maintenance is less attractive with a strong one",
            "labels = {}\n"
            "for cid, row in pf.iterrows():\n"
            "    attractive, strong = row['attractiveness'] >= 0.6, row['strength'] >= 0.5\n"
            "    if attractive and strong:\n"
            "        labels[cid] = 'key'\n"
            "    elif attractive:\n"
            "        labels[cid] = 'maintenance'\n"
            "    elif strong:\n"
            "        labels[cid] = 'key development'\n"
            "    else:\n"
            "        labels[cid] = 'opportunistic'\n"
            "board_quadrants = pd.Series(labels)",
        ),
        Mistake(
            "strength ignored for attractive accounts",
            "every attractive account called key, whatever our strength there: attractive with a weak "
            "position is key development",
            "attractive = pf['attractiveness'] >= 0.6\n"
            "strong = pf['strength'] >= 0.5\n"
            "board_quadrants = pd.Series('opportunistic', index=pf.index)\n"
            "board_quadrants[strong] = 'maintenance'\n"
            "board_quadrants[attractive] = 'key'",
        ),
        Mistake(
            "the stricter bar on both axes",
            "the 0.6 bar used for strength too: only attractiveness has the stricter bar, strength stays "
            "at 0.5",
            "board_quadrants = selection.classify_quadrants(pf, attractiveness_threshold=0.6, "
            "strength_threshold=0.6)",
        ),
        Mistake(
            "thresholds swapped",
            "thresholds swapped: 0.6 is the bar for attractiveness, 0.5 for strength",
            "board_quadrants = selection.classify_quadrants(pf, attractiveness_threshold=0.5, "
            "strength_threshold=0.6)",
        ),
        Mistake(
            "rounded before classifying",
            "scores rounded to one decimal before they were compared with the bars: compare the exact "
            "scores (round only what you show)",
            "board_quadrants = selection.classify_quadrants(pf.round(1), attractiveness_threshold=0.6, "
            "strength_threshold=0.5)",
        ),
        Mistake(
            "the wrong bar where the check does not look",
            "but not for all",
            "shown = " + SHOWN_BAR + "\n"
            "board_quadrants = selection.classify_quadrants(pf, attractiveness_threshold=0.5, "
            "strength_threshold=0.5)\n"
            "right = selection.classify_quadrants(pf, attractiveness_threshold=0.6, strength_threshold=0.5)\n"
            "board_quadrants[shown] = right[shown]",
        ),
    ),
    alternatives=(
        Alternative(
            "a loop with if/elif",
            "labels = {}\n"
            "for cid, row in pf.iterrows():\n"
            "    attractive, strong = row['attractiveness'] >= 0.6, row['strength'] >= 0.5\n"
            "    if attractive and strong:\n"
            "        labels[cid] = 'key'\n"
            "    elif attractive:\n"
            "        labels[cid] = 'key development'\n"
            "    elif strong:\n"
            "        labels[cid] = 'maintenance'\n"
            "    else:\n"
            "        labels[cid] = 'opportunistic'\n"
            "board_quadrants = pd.Series(labels)",
        ),
        Alternative(
            "numpy select on a reordered frame",
            "import numpy as np\n"
            "s = pf[['strength', 'attractiveness']].iloc[::-1]\n"
            "a, st = s['attractiveness'] >= 0.6, s['strength'] >= 0.5\n"
            "board_quadrants = pd.Series(\n"
            "    np.select([a & st, a & ~st, ~a & st], ['key', 'key development', 'maintenance'], 'opportunistic'),\n"
            "    index=s.index,\n"
            ")",
        ),
        Alternative(
            "the kamlab function on a copy, as a one-column frame",
            "board_quadrants = selection.classify_quadrants(\n"
            "    pf[['attractiveness', 'strength']].copy(), strength_threshold=0.5, attractiveness_threshold=0.6,\n"
            ").to_frame('quadrant')",
        ),
        Alternative(
            "a dict of labels",
            "board_quadrants = selection.classify_quadrants(pf, attractiveness_threshold=0.6).to_dict()",
        ),
    ),
)

FIRST_PROGRAMME = Exercise(
    id="first_programme",
    title="Exercise 3",
    points=3,
    parts=(
        Part(
            "first_programme",
            "selection",
            rows="customers.index",
            names="NAMES",
            size=(5, 25),
            size_hint="The article's rule of thumb is 5 to 25 key accounts.",
        ),
    ),
    prompt="Exercise 3: first_programme = customer ids of Aldmoor's first programme (director's weights,\n"
    "the worked example's rule, as many accounts as three key account managers can serve).",
    solution=(
        'board_scores = selection.weighted_score(criteria, selection.normalise_weights(director_points), name="attractiveness")\n'
        "first_programme = selection.select_programme(board_scores.to_frame(), profit, size=3 * 3)"
    ),
    show_answer="first_programme",
    hints=(
        "Score every customer with the director's weights, keep those with attractiveness of 0.5 or more "
        "and a 2025 profit of 0 or more, then take the most attractive: as many as three key account "
        "managers with three accounts each can serve.",
        "selection.select_programme(scores, profit, size=...) applies the worked example's rule to a table "
        "with an attractiveness column; build that table from the director's scores (Exercise 1's method).",
        "scores = selection.weighted_score(criteria, selection.normalise_weights(____), name='attractiveness')\n"
        "first_programme = selection.select_programme(scores.to_frame(), profit, size=____)",
    ),
    passed="a programme you can defend, and small enough to grow.",
    mistakes=(
        Mistake(
            "top accounts by revenue",
            "the largest accounts by revenue: revenue is not a selection criterion, and several of them "
            "lose money after cost to serve",
            "first_programme = profit['revenue_eur'].nlargest(9).index.tolist()",
        ),
        Mistake(
            "longest tenure",
            "the longest-standing customers: tenure is not a selection criterion",
            "first_programme = selection.top_n(customers['tenure_years'], 9)",
        ),
        Mistake(
            "most profitable",
            "the most profitable accounts: profit after cost to serve is a gate (at least 0), the ranking is "
            "by attractiveness",
            "first_programme = profit['profit_eur'].nlargest(9).index.tolist()",
        ),
        Mistake(
            "the worked example's programme",
            "the worked example's programme (management's weights, twelve accounts): the board adopts the "
            "sales director's weights and starts with 9",
            "first_programme = list(programme)",
        ),
        Mistake(
            "no profit check",
            "a programme without the profit check: leave out accounts that lose money after cost to serve",
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "first_programme = score[score >= 0.5].sort_values(ascending=False).head(9).index.tolist()",
        ),
        Mistake(
            "the CEO friend added",
            "includes Bramley & Sons Engineering, the CEO's friend",
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "chosen = selection.select_programme(score.to_frame('attractiveness'), profit, size=9)\n"
            "first_programme = chosen[:8] + customers.index[customers['ceo_relationship']].tolist()",
        ),
        Mistake(
            "twelve accounts",
            "three key account managers, each with three accounts, can serve 9",
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "first_programme = selection.select_programme(score.to_frame('attractiveness'), profit, size=12)",
        ),
        Mistake(
            "every qualifying account",
            "it should have 5 to 25",
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "first_programme = score.index[(score >= 0.5) & (profit['profit_eur'] >= 0)].tolist()",
        ),
        Mistake(
            "the least attractive first",
            "the least attractive qualifying accounts: the rule takes the most attractive first",
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "ok = score[(score >= 0.5) & (profit['profit_eur'] >= 0)]\n"
            "first_programme = ok.sort_values().head(9).index.tolist()",
        ),
        Mistake(
            "names as ids",
            "uses customer names, not ids",
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "chosen = selection.select_programme(score.to_frame('attractiveness'), profit, size=9)\n"
            "first_programme = [NAMES[c] for c in chosen]",
        ),
    ),
    rules=(
        Rule(
            "first_programme",
            "FRIEND in answer",
            "first_programme includes Bramley & Sons Engineering, the CEO's friend: with the director's "
            "weights it is under the 0.5 bar. Friendship is not a criterion.",
            consts={"FRIEND": "customers.index[customers['ceo_relationship']][0]"},
        ),
        Rule(
            "first_programme",
            "len(answer) != 9",
            "first_programme has {len} accounts: three key account managers, each with three accounts, "
            "can serve 9.",
        ),
    ),
    alternatives=(
        Alternative(
            "pandas filter, sort and head, as a set",
            "score = criteria[list(director_points)].mul(pd.Series(director_points) / 10).sum(axis=1)\n"
            "ok = (score >= 0.5) & (profit['profit_eur'] >= 0)\n"
            "first_programme = set(score[ok].sort_values(ascending=False).head(9).index)",
        ),
        Alternative(
            "reusing Exercise 1 in a loop",
            "first_programme = []\n"
            "for cid in director_attractiveness.sort_values(ascending=False).index:\n"
            "    if director_attractiveness[cid] >= 0.5 and profit.loc[cid, 'profit_eur'] >= 0:\n"
            "        first_programme.append(cid)\n"
            "    if len(first_programme) == 9:\n"
            "        break",
        ),
        Alternative(
            "a pandas Index",
            "s = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "table = pd.DataFrame({'a': s, 'p': profit['profit_eur']}).query('a >= 0.5 and p >= 0')\n"
            "first_programme = table.nlargest(9, 'a').index",
        ),
        Alternative(
            "a True/False Series",
            "s = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "top = s[(s >= 0.5) & (profit['profit_eur'] >= 0)].nlargest(9).index\n"
            "first_programme = s.index.isin(top)\n"
            "first_programme = pd.Series(first_programme, index=s.index)",
        ),
    ),
)

EXERCISES = [DIRECTOR_SCORES, BOARD_QUADRANTS, FIRST_PROGRAMME]


def _customer(name: str):
    return lambda ns: ns["customers"].index[ns["customers"]["name"] == name][0]


def _orders_2025(ns, cid: str):
    orders = ns["t"]["orders"]
    mine = orders[(orders["customer_id"] == cid) & (orders["order_date"].dt.year == 2025)]
    return mine[["order_lines", "deliveries"]].sum()


def _shown_names(ns, shown: str = SHOWN) -> str:
    ids = eval(shown, dict(ns))
    names = [f"{ns['NAMES'][i]} ({i})" for i in ids]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _largest_why(ns) -> list[str]:
    """Why each of the two largest profitable customers outside the programme scores lower, in words."""
    out = []
    for c in ns["LARGEST"]:
        g = ns["customers"].at[c, "wallet_growth"]
        price = ns["customers"].at[c, "price_sensitivity"]
        a = ns["pf"].at[c, "attractiveness"]
        growth = (
            "shrinks"
            if g < -0.02
            else "shrinks slightly"
            if g < 0
            else "barely grows"
            if g < 0.02
            else "grows"
        )
        words = f"{ns['NAMES'][c]}'s spend {growth} ({100 * g:.1f} % a year)"
        if price >= 4:
            words += f" and it pushes hard on price ({price} out of 5)"
        elif price <= 2:
            words += f" though it is not price-hungry ({price} out of 5)"
        higher = int((ns["pf"]["attractiveness"] > a).sum())
        out.append(f"{words}, attractiveness {a:.2f}, with {higher} customers above it")
    return out


def _largest_story(ns) -> bool:
    """True when the default company's story of the two largest others holds word for word."""
    largest, c = ns["LARGEST"], ns["customers"]
    after_story = ns["selection"].top_n(ns["profit"]["revenue_eur"].drop(list(ns["STORY"])), 2)
    return bool(
        list(largest) == list(after_story)
        and (c.loc[largest, "wallet_growth"] < 0.02).all()
        and (c.loc[largest, "price_sensitivity"] >= 4).all()
        and ns["pf"].at[largest[0], "attractiveness"] >= 0.5
    )


#: Numbers and names the text quotes that the notebook's code does not compute itself.
FACTS = {
    "KESTREL": _customer("Kestrel Foods Group"),
    "BRAMLEY": _customer("Bramley & Sons Engineering"),
    "NOVA": _customer("Nova Drive Robotics"),
    "revenue_rank": lambda ns: ns["profit"]["revenue_eur"].rank(ascending=False).astype(int),
    "kestrel_2025": lambda ns: _orders_2025(ns, _customer("Kestrel Foods Group")(ns)),
    "shown_names": _shown_names,
    "shown_names_bar": lambda ns: _shown_names(ns, SHOWN_BAR),
    "largest_why": _largest_why,
    "largest_story": _largest_story,
    "largest_ahead": lambda ns: int(
        (
            (ns["pf"]["attractiveness"] > ns["pf"].at[ns["LARGEST"][0], "attractiveness"])
            & (ns["profit"]["profit_eur"].reindex(ns["pf"].index) >= 0)
            & ~ns["pf"].index.isin(ns["programme"])
        ).sum()
    ),
}
