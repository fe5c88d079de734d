"""Step 2, get high-level buy-in: the graded exercises, written once.

Each exercise's code runs after the notebook's teaching cells above it (``t``, ``customers``,
``profit``, ``executives``, ``EXEC_NAMES``, ``CEO``, ``accounts``, ``fit``, ``best``, ``TODAY``,
``BOARD_MIN_FIT``, ``VP_ENGINEERING``, ``sponsors``, ``pd``), and after the solutions of the
exercises before it. ``python -m kamlab build`` turns this file into the answer and check cells,
the self-check data and the answer key. No executive or customer is named here: the notebook looks
them up by job title or from the data.
"""

from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part

_TODAY = "today = pd.Series(TODAY).reindex(accounts.index)\nhas_sponsor = today.notna()\n"
_SHARE = "share_covered = has_sponsor.mean()\n"
_REVENUE = (
    'revenue_covered = accounts.loc[has_sponsor, "revenue_eur"].sum() / accounts["revenue_eur"].sum()\n'
)
_C_SUITE = 'c_suite_share = (today.map(executives["seniority"]) == 3).mean()\n'

COVERAGE = Exercise(
    id="coverage",
    title="Exercise 1",
    points=2,
    parts=(
        Part(
            "share_covered",
            "number",
            what="key account",
            step=1e-3,
            low=0.0,
            high=1.0,
            range_hint="A share is between 0 and 1: divide by the number of key accounts.",
        ),
        Part(
            "revenue_covered",
            "number",
            what="key account",
            step=1e-6,  # fine enough that a share rounded to two decimals is told apart
            low=0.0,
            high=1.0,
            range_hint="A share is between 0 and 1: divide by the key accounts' revenue.",
        ),
        Part(
            "c_suite_share",
            "number",
            what="key account",
            step=1e-3,
            low=0.0,
            high=1.0,
            range_hint="A share is between 0 and 1: divide by the number of key accounts.",
        ),
    ),
    prompt="Exercise 1: share_covered, revenue_covered and c_suite_share for the sponsors in TODAY\n"
    "(three numbers between 0 and 1).",
    solution=_TODAY + _SHARE + _REVENUE + _C_SUITE + "print(share_covered, revenue_covered, c_suite_share)",
    hints=(
        "Write TODAY out with one row per key account; then the share with a sponsor, the share of "
        "the key accounts' revenue that has one, and the share whose sponsor has seniority 3, each "
        "over all twelve key accounts.",
        "pd.Series(TODAY).reindex(accounts.index) has one row per key account, empty (NaN) where "
        "there is no sponsor; .notna() marks the covered ones, and .map(executives['seniority']) "
        "turns each sponsor into their seniority. sponsors.coverage(TODAY, accounts, executives) "
        "gives all three numbers at once.",
        "today = pd.Series(TODAY).reindex(accounts.index)\n"
        "has_sponsor = today.notna()\n"
        "share_covered = has_sponsor.____()\n"
        'revenue_covered = accounts.loc[has_sponsor, "____"].sum() / accounts["revenue_eur"].sum()\n'
        'c_suite_share = (today.map(executives["____"]) == ____).mean()',
    ),
    passed="you have measured today's coverage.",
    mistakes=(
        Mistake(
            "count instead of share",
            "a count of accounts: give the share of the 12 key accounts, a number between 0 and 1",
            _TODAY + "share_covered = has_sponsor.sum()\n" + _REVENUE + _C_SUITE,
        ),
        Mistake(
            "share of all customers",
            "a share of all of today's customers: divide by the 12 key accounts",
            _TODAY + "share_covered = has_sponsor.sum() / len(customers)\n" + _REVENUE + _C_SUITE,
        ),
        Mistake(
            "percentage instead of share",
            "a percentage: give the share, e.g. 0.5 for 50 %",
            _TODAY + "share_covered = 100 * has_sponsor.mean()\n" + _REVENUE + _C_SUITE,
        ),
        Mistake(
            "share of the company's revenue",
            "a share of Aldmoor's total revenue: divide by the key accounts' revenue, "
            "accounts['revenue_eur'].sum()",
            _TODAY
            + _SHARE
            + 'revenue_covered = accounts.loc[has_sponsor, "revenue_eur"].sum() / profit["revenue_eur"].sum()\n'
            + _C_SUITE,
        ),
        Mistake(
            "revenue without a sponsor",
            "the share of key-account revenue WITHOUT a sponsor: give the share WITH one",
            _TODAY
            + _SHARE
            + 'revenue_covered = accounts.loc[~has_sponsor, "revenue_eur"].sum() / accounts["revenue_eur"].sum()\n'
            + _C_SUITE,
        ),
        Mistake(
            "profit instead of revenue",
            "a share of the key accounts' profit: the question asks for their revenue (revenue_eur)",
            _TODAY
            + _SHARE
            + 'revenue_covered = accounts.loc[has_sponsor, "profit_eur"].sum() / accounts["profit_eur"].sum()\n'
            + _C_SUITE,
        ),
        Mistake(
            "rounded to two decimals",
            "a share rounded to two decimals: keep the full precision and round only what you print",
            _TODAY
            + _SHARE
            + 'revenue_covered = round(accounts.loc[has_sponsor, "revenue_eur"].sum() / accounts["revenue_eur"].sum(), 2)\n'
            + _C_SUITE,
        ),
        Mistake(
            "revenue in euros",
            "euros: give the share of the key accounts' revenue, a number between 0 and 1",
            _TODAY + _SHARE + 'revenue_covered = accounts.loc[has_sponsor, "revenue_eur"].sum()\n' + _C_SUITE,
        ),
        Mistake(
            "C-suite share of the covered accounts only",
            "a share of the accounts that have a sponsor: divide by all 12 key accounts (an account "
            "without a sponsor has no C-suite sponsor either)",
            _TODAY
            + _SHARE
            + _REVENUE
            + 'c_suite_share = (today.dropna().map(executives["seniority"]) == 3).mean()\n',
        ),
        Mistake(
            "vice presidents counted as C-suite",
            "vice presidents and managing directors counted as C-suite: only seniority 3 is the C-suite",
            _TODAY + _SHARE + _REVENUE + 'c_suite_share = (today.map(executives["seniority"]) >= 2).mean()\n',
        ),
        Mistake(
            "only the CEO counted as C-suite",
            "only the chief executive counted: the C-suite is every chief officer (seniority 3)",
            _TODAY + _SHARE + _REVENUE + "c_suite_share = (today == CEO).mean()\n",
        ),
    ),
    alternatives=(
        Alternative(
            "kamlab's coverage metrics",
            "m = sponsors.coverage(TODAY, accounts, executives)\n"
            'share_covered = m["account_coverage"]\n'
            'revenue_covered = m["revenue_coverage"]\n'
            'c_suite_share = m["c_suite_share"]',
        ),
        Alternative(
            "a loop over the key accounts, float noise",
            "covered = revenue = total = top = 0\n"
            "for account in accounts.index:\n"
            '    total += accounts.at[account, "revenue_eur"]\n'
            "    boss = TODAY.get(account)\n"
            "    if boss is not None:\n"
            "        covered += 1\n"
            '        revenue += accounts.at[account, "revenue_eur"]\n'
            '        top += executives.at[boss, "seniority"] == 3\n'
            "share_covered = covered / len(accounts) + 1e-9\n"
            "revenue_covered = float(revenue / total)\n"
            "c_suite_share = top / len(accounts) - 1e-9",
        ),
        Alternative(
            "one-element Series and numpy numbers",
            "import numpy as np\n"
            "ids = np.array(list(TODAY))\n"
            "share_covered = pd.Series([len(ids) / len(accounts)])\n"
            'revenue_covered = np.float32(accounts["revenue_eur"].reindex(ids).sum() / accounts["revenue_eur"].sum())\n'
            'chiefs = set(executives.index[executives["seniority"] == sponsors.C_SUITE])\n'
            "c_suite_share = float(np.mean([TODAY.get(a) in chiefs for a in accounts.index]))",
        ),
    ),
)

_VISITS = "visits_today = sponsors.planned_visits(TODAY, executives, accounts=accounts)\n"
_BELOW = "below_target = list(visits_today.index[visits_today < 4])\n"
_MISSING = "missing_visits = (4 - visits_today).clip(lower=0).sum()\n"

VISITS = Exercise(
    id="visits",
    title="Exercise 2",
    points=2,
    parts=(
        Part(
            "missing_visits",
            "number",
            what="key account",
            step=0.1,
            low=0.0,
            range_hint="Visits missing cannot be negative: count only the accounts below 4 visits a year.",
        ),
        Part("below_target", "selection", what="customer", rows="accounts.index", names="accounts['name']"),
    ),
    prompt="Exercise 2: missing_visits = visits a year missing to bring every key account up to 4;\n"
    "below_target = ids of the key accounts below 4 executive visits a year.",
    solution=(
        "visits_today = sponsors.planned_visits(TODAY, executives, accounts=accounts)\n"
        "missing_visits = (sponsors.TARGET_VISITS - visits_today).clip(lower=0).sum()\n"
        "below_target = list(visits_today.index[visits_today < sponsors.TARGET_VISITS])\n"
        "print(missing_visits, sorted(below_target))"
    ),
    hints=(
        "An account is below target if its sponsor is over capacity or it has no sponsor. For each key "
        "account, the visits missing are 4 minus its planned visits (0 if it is on target); add them up.",
        "sponsors.planned_visits(TODAY, executives, accounts=accounts) gives the planned visits of every "
        "key account, 0 where there is no sponsor. Without accounts=..., it forgets the accounts that "
        "are not in TODAY.",
        "visits_today = sponsors.planned_visits(TODAY, executives, accounts=____)\n"
        "missing_visits = (4 - visits_today).clip(lower=____).sum()\n"
        "below_target = list(visits_today.index[visits_today ____ 4])",
    ),
    passed="you have found the visit gap.",
    mistakes=(
        Mistake(
            "accounts without a sponsor forgotten",
            "only the accounts that have a sponsor: a key account without a sponsor gets no executive "
            "visit at all, so it is below target too",
            "visits_today = sponsors.planned_visits(TODAY, executives)\n" + _MISSING + _BELOW,
        ),
        Mistake(
            "capacity ignored",
            "every sponsor visiting each account four times: a sponsor over capacity shares their visits, "
            "so each of their accounts gets fewer",
            "visits_today = pd.Series(TODAY).reindex(accounts.index).notna() * 4.0\n" + _MISSING + _BELOW,
        ),
        Mistake(
            "sales people's visits",
            "the sales people's visits (activities.sales_visits), not the executive sponsors' visits",
            'sales = t["activities"].query("year == 2025").set_index("customer_id")["sales_visits"]\n'
            "visits_today = sales.loc[accounts.index]\n" + _MISSING + _BELOW,
        ),
        Mistake(
            "target of one visit a year",
            "a target of one visit a year: Aldmoor's target is one a quarter, 4 a year",
            _VISITS
            + "missing_visits = (1 - visits_today).clip(lower=0).sum()\n"
            + "below_target = list(visits_today.index[visits_today < 1])\n",
        ),
        Mistake(
            "accounts counted instead of visits",
            "the number of accounts below target, not the number of visits missing",
            _VISITS + _BELOW + "missing_visits = len(below_target)\n",
        ),
        Mistake(
            "visits missing per quarter",
            "visits missing per quarter: give them per year",
            _VISITS + "missing_visits = (4 - visits_today).clip(lower=0).sum() / 4\n" + _BELOW,
        ),
        Mistake(
            "average per account",
            "an average per key account: give the total visits missing over all key accounts",
            _VISITS + "missing_visits = (4 - visits_today).clip(lower=0).mean()\n" + _BELOW,
        ),
        Mistake(
            "accounts on target counted",
            "every key account, including those exactly on target: count only the accounts below 4 "
            "visits a year",
            _VISITS + _MISSING + "below_target = list(visits_today.index[visits_today <= 4])\n",
        ),
        Mistake(
            "names as ids",
            "uses customer names, not ids",
            _VISITS + _MISSING + 'below_target = list(accounts.loc[visits_today < 4, "name"])\n',
        ),
    ),
    alternatives=(
        Alternative(
            "visits worked out by hand in a loop, a set",
            "from collections import Counter\n"
            "load = Counter(TODAY.values())\n"
            "below_target, missing_visits = set(), 0\n"
            "for account in accounts.index:\n"
            "    boss = TODAY.get(account)\n"
            "    if boss is None:\n"
            "        visits = 0.0\n"
            "    else:\n"
            '        cap = executives.at[boss, "max_accounts"]\n'
            "        visits = 4.0 if load[boss] <= cap else 4.0 * cap / load[boss]\n"
            "    if visits < 4:\n"
            "        below_target.add(account)\n"
            "        missing_visits += 4 - visits",
        ),
        Alternative(
            "a True/False Series and a whole number",
            "visits_today = sponsors.planned_visits(pd.Series(TODAY).reindex(accounts.index), executives)\n"
            "below_target = visits_today < sponsors.TARGET_VISITS\n"
            "missing_visits = int(round((sponsors.TARGET_VISITS - visits_today[below_target]).sum()))",
        ),
        Alternative(
            "coverage metrics and an Index",
            "visits_today = sponsors.planned_visits(TODAY, executives, accounts=accounts.index)\n"
            "below_target = visits_today.index[visits_today.lt(4)]\n"
            'missing_visits = sponsors.coverage(TODAY, accounts, executives)["missing_visits"]',
        ),
    ),
)

_SOLUTION = "new_sponsors = sponsors.assign_sponsors(fit, executives, capacity={VP_ENGINEERING: 1}, min_fit=BOARD_MIN_FIT)"

BOARD = Exercise(
    id="board",
    title="Exercise 3",
    points=3,
    parts=(
        Part(
            "new_sponsors",
            "labels",
            what="customer",
            rows="accounts.index",
            names="accounts['name']",
            show="[LARGEST, programme[0]]",
            none_label="no sponsor",
        ),
    ),
    prompt="Exercise 3: new_sponsors = the best-match-first assignment under the board's three rules\n"
    "(a Series customer_id -> executive_id; None for an account left without a sponsor).",
    solution=_SOLUTION,
    show_answer="new_sponsors",
    hints=(
        "Start from the fit table; give the VP Engineering a capacity of 1 and every sponsor a fit of at "
        "least 0.7; then take the best matches first, as in the worked example.",
        "sponsors.assign_sponsors(fit, executives, capacity={...}, min_fit=...) applies both rules: "
        "capacity changes one executive's limit (the others keep max_accounts), min_fit is the lowest "
        "fit allowed.",
        "new_sponsors = sponsors.assign_sponsors(\n    fit, executives, capacity={____: 1}, min_fit=____\n)",
    ),
    passed="every sponsor fits and has time; see which account the rules leave open.",
    mistakes=(
        Mistake(
            "best fit for every account, capacity ignored",
            "every account's best fit, whatever the sponsor's capacity: take the best matches first and "
            "stop giving an executive accounts when they are full",
            "new_sponsors = fit.idxmax(axis=1)",
        ),
        Mistake(
            "the VP Engineering's limit forgotten",
            "the VP Engineering's limit forgotten: the board allows one key account in 2026",
            "new_sponsors = sponsors.assign_sponsors(fit, executives, min_fit=BOARD_MIN_FIT)",
        ),
        Mistake(
            "minimum fit forgotten",
            "the minimum fit forgotten: a sponsor must fit the account at 0.7 or more, even if that "
            "leaves an account without one",
            "new_sponsors = sponsors.assign_sponsors(fit, executives, capacity={VP_ENGINEERING: 1})",
        ),
        Mistake(
            "the VP Engineering left out altogether",
            "the VP Engineering left out altogether: the board allows one key account",
            "new_sponsors = sponsors.assign_sponsors(fit, executives, capacity={VP_ENGINEERING: 0}, "
            "min_fit=BOARD_MIN_FIT)",
        ),
        Mistake(
            "today's sponsors kept",
            "today's sponsors: the board's rules replace them",
            "new_sponsors = pd.Series(TODAY).reindex(accounts.index)",
        ),
        Mistake(
            "C-suite only",
            "sponsors from the C-suite only: the board's rules let every executive sponsor",
            'top_team = executives.index[executives["seniority"] == 3]\n'
            "new_sponsors = sponsors.assign_sponsors(fit[top_team], executives, min_fit=BOARD_MIN_FIT)",
        ),
        Mistake(
            "accounts in list order",
            "each account in turn taking its best sponsor with room: the rule takes the best match of "
            "all first",
            "room = executives['max_accounts'].to_dict()\n"
            "room[VP_ENGINEERING] = 1\n"
            "new_sponsors = {}\n"
            "for account in fit.index:\n"
            "    options = fit.loc[account][[e for e in fit.columns if room[e] > 0]]\n"
            "    options = options[options >= BOARD_MIN_FIT]\n"
            "    if len(options):\n"
            "        new_sponsors[account] = options.idxmax()\n"
            "        room[options.idxmax()] -= 1\n"
            "    else:\n"
            "        new_sponsors[account] = None",
        ),
        Mistake(
            "names instead of executive ids",
            "executive names, not executive ids: give executive_id (e.g. the index of executives)",
            "new_sponsors = sponsors.assign_sponsors(fit, executives, capacity={VP_ENGINEERING: 1}, "
            "min_fit=BOARD_MIN_FIT).map(EXEC_NAMES)",
        ),
    ),
    alternatives=(
        Alternative(
            "best match first, by hand",
            "room = executives['max_accounts'].to_dict()\n"
            "room[VP_ENGINEERING] = 1\n"
            "level = executives['seniority'].to_dict()\n"
            "new_sponsors = {}\n"
            "while True:\n"
            "    options = [\n"
            "        (-fit.at[a, e], -room[e], level[e], i, e, a)\n"
            "        for i, a in enumerate(fit.index)\n"
            "        if a not in new_sponsors\n"
            "        for e in fit.columns\n"
            "        if room[e] > 0 and fit.at[a, e] >= BOARD_MIN_FIT\n"
            "    ]\n"
            "    if not options:\n"
            "        break\n"
            "    *_, e, a = min(options)\n"
            "    new_sponsors[a] = e\n"
            "    room[e] -= 1\n"
            "for a in fit.index:\n"
            "    new_sponsors.setdefault(a, None)",
        ),
        Alternative(
            "capacity changed in the executives table, a one-column frame in another order",
            "board_executives = executives.assign(\n"
            "    max_accounts=executives['max_accounts'].where(executives.index != VP_ENGINEERING, 1)\n"
            ")\n"
            "chosen = sponsors.assign_sponsors(fit, board_executives, min_fit=BOARD_MIN_FIT)\n"
            "new_sponsors = chosen.to_frame('executive_id').iloc[::-1]",
        ),
        Alternative(
            "a dict, NaN for no sponsor",
            "import numpy as np\n"
            + _SOLUTION
            + "\nnew_sponsors = {a: (np.nan if e is None else e) for a, e in new_sponsors.items()}",
        ),
    ),
)

EXERCISES = [COVERAGE, VISITS, BOARD]

_PLURALS = {
    "Machine builders": ("machine builder", "machine builders"),
    "Food & beverage": ("food and beverage company", "food and beverage companies"),
    "Water utilities": ("water utility", "water utilities"),
    "Chemicals": ("chemicals company", "chemicals companies"),
    "Pulp & paper": ("paper maker", "paper makers"),
    "Pharmaceuticals": ("pharmaceutical company", "pharmaceutical companies"),
    "Mining": ("mining company", "mining companies"),
    "Oil & gas": ("oil and gas company", "oil and gas companies"),
}


def _industry_mix(ns) -> str:
    counts = ns["accounts"]["industry"].value_counts()
    words = [f"{n} {_PLURALS.get(i, (i, i))[n != 1]}" for i, n in counts.items()]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _customer(name: str):
    return lambda ns: ns["everyone"].index[ns["everyone"]["name"] == name][0]


def _known(ns):
    """Key accounts whose industry each executive knows."""
    parts = ns["sponsors"].fit_components(ns["accounts"], ns["executives"])
    return parts["industry"].groupby(level="executive_id").sum().astype(int)


def _who(ns, executive: str) -> str:
    return f"{ns['EXEC_NAMES'][executive]}, {ns['executives'].at[executive, 'title']}"


def _today(ns) -> dict[str, str]:
    """Today's sponsors (the text quotes them before the cell that defines TODAY)."""
    return ns.get("TODAY") or ns["sponsors"].ad_hoc_sponsors(ns["accounts"], ns["executives"], ceo_accounts=6)


def _today_by(ns, title_start: str) -> list[str]:
    ex, names = ns["executives"], ns["accounts"]["name"]
    return [
        f"{names[a]} ({ns['EXEC_NAMES'][e]})"
        for a, e in _today(ns).items()
        if ex.at[e, "title"].startswith(title_start)
    ]


def _board(ns):
    return ns["sponsors"].assign_sponsors(
        ns["fit"], ns["executives"], capacity={ns["VP_ENGINEERING"]: 1}, min_fit=ns["BOARD_MIN_FIT"]
    )


def _ceo_today(ns) -> list[str]:
    return [a for a, e in _today(ns).items() if e == ns["CEO"]]


def _ceo_hands(ns) -> list[str]:
    board, names = _board(ns), ns["accounts"]["name"]
    return [
        f"{names[a]} to {ns['EXEC_NAMES'][board[a]]}"
        for a in _ceo_today(ns)
        if board[a] is not None and board[a] != ns["CEO"]
    ]


def _why_open(ns, account: str) -> tuple[str, str | None]:
    """Why the board's rules leave ``account`` open, and who could sponsor it as an exception.

    ``"unknown"``: nobody knows its industry (the exception is the best fit there is);
    ``"junior"``: everyone who knows it is too junior for its size (fit below the minimum);
    ``"full"``: someone who knows it fits well enough but has no room left under the rules.
    """
    fit, parts = ns["fit"], ns["sponsors"].fit_components(ns["accounts"], ns["executives"])
    knows = parts.loc[account]["industry"] == 1
    if not knows.any():
        return "unknown", fit.loc[account].idxmax()
    fits = fit.loc[account][knows[knows].index]
    if fits.max() < ns["BOARD_MIN_FIT"]:
        return "junior", fits.idxmax()
    return "full", fits.idxmax()


def _open_accounts(ns) -> list[tuple[str, str, str, str]]:
    """Each account the board's rules leave open: (name, industry, why, the executive to suggest)."""
    board = _board(ns)
    accounts = ns["accounts"]
    return [
        (accounts.at[a, "name"], accounts.at[a, "industry"].lower(), *_why_open(ns, a))
        for a in board.index[board.isna()]
    ]


def _open_plan(ns) -> list[str]:
    """One sentence per account the board's rules leave open: why, and what to do about it."""
    out = []
    for name, industry, why, who in _open_accounts(ns):
        if why == "unknown":
            out.append(
                f"Nobody on the top team knows {industry}, the industry of {name}: I suggest {_who(ns, who)}, "
                "the best fit we have, sponsors it for 2026 while we build that knowledge"
            )
        elif why == "junior":
            out.append(
                f"Nobody who knows {industry} is senior enough for {name}, an account of its size, by our "
                f"fit score: I suggest {_who(ns, who)}, who knows the industry, sponsors it for 2026 as an "
                "agreed exception to the fit rule"
            )
        else:
            out.append(
                f"{_who(ns, who)}, knows {industry} and fits {name}, but has no room left under the rules: "
                "I suggest an agreed exception to that limit for 2026"
            )
    return out


def _board_why(ns) -> list[str]:
    """Why each account the board's rules leave open has no sponsor, as a short clause."""
    return [
        {
            "unknown": f"nobody on the top team knows {industry}, the industry of {name}",
            "junior": f"everyone who knows {industry} is too junior for an account the size of {name}",
            "full": f"{ns['EXEC_NAMES'][who]} knows {industry} well enough for {name} but has no room left",
        }[why]
        for name, industry, why, who in _open_accounts(ns)
    ]


#: Numbers and names the text quotes that the notebook's code does not compute itself.
FACTS = {
    "NOVA": _customer("Nova Drive Robotics"),
    "BRAMLEY": _customer("Bramley & Sons Engineering"),
    "LARGEST": lambda ns: ns["accounts"]["revenue_eur"].idxmax(),
    "industry_mix": _industry_mix,
    "known": _known,
    "TOP_KNOWER": lambda ns: _known(ns).idxmax(),
    "top_knowers": lambda ns: list(_known(ns).index[_known(ns) == _known(ns).max()]),
    # the operations or technical executive (a VP or a head of function) who knows most accounts' industries
    "OPS_KNOWER": lambda ns: _known(ns)[ns["executives"]["title"].str.match("VP |Head of")].idxmax(),
    "best_or_joint": lambda ns: ns["fit"].eq(ns["fit"].max(axis=1), axis=0).sum(),
    "today_directors": lambda ns: _today_by(ns, "Managing Director"),
    "today_cco": lambda ns: _today_by(ns, "Chief Commercial"),
    "today_open": lambda ns: [
        ns["accounts"].at[a, "name"] for a in ns["accounts"].index if a not in _today(ns)
    ],
    "board_open_ids": lambda ns: list(_board(ns).index[_board(ns).isna()]),
    "board_open": lambda ns: list(ns["accounts"].loc[_board(ns).isna(), "name"]),
    "ceo_today": _ceo_today,
    "ceo_keeps": lambda ns: [
        ns["accounts"].at[a, "name"] for a in _ceo_today(ns) if _board(ns)[a] == ns["CEO"]
    ],
    "ceo_hands": _ceo_hands,
    "ceo_new": lambda ns: [
        ns["accounts"].at[a, "name"]
        for a, e in _board(ns).items()
        if e == ns["CEO"] and a not in _ceo_today(ns)
    ],
    "open_plan": _open_plan,
    "board_why": _board_why,
    "ceo_outfitted": lambda ns: all(
        ns["fit"].at[a, e] >= ns["fit"].at[a, ns["CEO"]]
        for a, e in ns["best"].items()
        if e != ns["CEO"] and ns["fit"].at[a, ns["CEO"]] >= 0.8
    ),
    "thin": lambda ns: list(ns["fit"].index[ns["fit"].max(axis=1) < 0.8]),
}
