"""Step 2, get high-level buy-in: catalogued mistakes and correct answers written differently.

Each ``code`` replaces a whole answer cell of
``course/source/step2_executive_sponsors/step2_executive_sponsors.ipynb`` and runs after the
notebook's earlier cells (``t``, ``customers``, ``profit``, ``executives``, ``EXEC_NAMES``,
``accounts``, ``fit``, ``best``, ``TODAY``, ``GRACE`` and ``BOARD_MIN_FIT`` are defined there).
``feedback`` is the phrase the visible self-check prints for that mistake.
"""

from __future__ import annotations

from kamlab.grader.course import Submission

ASSIGNMENT = "step2_executive_sponsors"
NOTEBOOK = "step2_executive_sponsors"


def _coverage(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="coverage_answer", test="coverage", code=code, feedback=feedback)


def _visits(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="visits_answer", test="visits", code=code, feedback=feedback)


def _board(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="board_answer", test="board", code=code, feedback=feedback)


# ---- correct parts, combined with one wrong part in each mistake
_TODAY = "today = sponsors.as_assignment(TODAY, accounts, executives)\nhas_sponsor = today.notna()\n"
_SHARE = "share_covered = has_sponsor.mean()\n"
_REVENUE = (
    'revenue_covered = accounts.loc[has_sponsor, "revenue_eur"].sum() / accounts["revenue_eur"].sum()\n'
)
_C_SUITE = 'c_suite_share = (today.map(executives["seniority"]) == 3).mean()\n'

_VISITS = "visits_today = sponsors.planned_visits(TODAY, executives, accounts=accounts)\n"
_BELOW = "below_target = list(visits_today.index[visits_today < 4])\n"
_MISSING = "missing_visits = (4 - visits_today).clip(lower=0).sum()\n"

MISTAKES = [
    # ---- exercise 1: coverage today
    _coverage(
        "count instead of share",
        _TODAY + "share_covered = has_sponsor.sum()\n" + _REVENUE + _C_SUITE,
        "a count of accounts",
    ),
    _coverage(
        "share of all customers",
        _TODAY + "share_covered = has_sponsor.sum() / len(customers)\n" + _REVENUE + _C_SUITE,
        "a share of all 300 customers",
    ),
    _coverage(
        "percentage instead of share",
        _TODAY + "share_covered = 100 * has_sponsor.mean()\n" + _REVENUE + _C_SUITE,
        "a percentage: give the share",
    ),
    _coverage(
        "share of the company's revenue",
        _TODAY
        + _SHARE
        + 'revenue_covered = accounts.loc[has_sponsor, "revenue_eur"].sum() / profit["revenue_eur"].sum()\n'
        + _C_SUITE,
        "a share of Aldmoor's total revenue",
    ),
    _coverage(
        "revenue without a sponsor",
        _TODAY
        + _SHARE
        + 'revenue_covered = accounts.loc[~has_sponsor, "revenue_eur"].sum()'
        + ' / accounts["revenue_eur"].sum()\n'
        + _C_SUITE,
        "the share of key-account revenue WITHOUT a sponsor",
    ),
    _coverage(
        "revenue in euros",
        _TODAY + _SHARE + 'revenue_covered = accounts.loc[has_sponsor, "revenue_eur"].sum()\n' + _C_SUITE,
        "euros: give the share of the key accounts' revenue",
    ),
    _coverage(
        "C-suite share of the covered accounts only",
        _TODAY
        + _SHARE
        + _REVENUE
        + 'c_suite_share = (today.dropna().map(executives["seniority"]) == 3).mean()\n',
        "a share of the accounts that have a sponsor",
    ),
    _coverage(
        "vice presidents counted as C-suite",
        _TODAY + _SHARE + _REVENUE + 'c_suite_share = (today.map(executives["seniority"]) >= 2).mean()\n',
        "vice presidents and managing directors counted as C-suite",
    ),
    # ---- exercise 2: the visit gap
    _visits(
        "accounts without a sponsor forgotten",
        "visits_today = sponsors.planned_visits(TODAY, executives)\n" + _BELOW + _MISSING,
        "only the accounts that have a sponsor",
    ),
    _visits(
        "accounts on target counted",
        _VISITS + "below_target = list(visits_today.index[visits_today <= 4])\n" + _MISSING,
        "every key account, including those exactly on target",
    ),
    _visits(
        "sales people's visits",
        'sales = t["activities"].query("year == 2025").set_index("customer_id")["sales_visits"]\n'
        "visits_today = sales.loc[accounts.index]\n" + _BELOW + _MISSING,
        "the sales people's visits",
    ),
    _visits(
        "target of one visit a year",
        _VISITS
        + "below_target = list(visits_today.index[visits_today < 1])\n"
        + "missing_visits = (1 - visits_today).clip(lower=0).sum()\n",
        "a target of one visit a year",
    ),
    _visits(
        "accounts counted instead of visits",
        _VISITS + _BELOW + "missing_visits = len(below_target)\n",
        "the number of accounts below target, not the number of visits missing",
    ),
    _visits(
        "visits missing per quarter",
        _VISITS + _BELOW + "missing_visits = (4 - visits_today).clip(lower=0).sum() / 4\n",
        "visits missing per quarter",
    ),
    # ---- exercise 3: the board's rules
    _board(
        "best fit for every account, capacity ignored",
        "new_sponsors = fit.idxmax(axis=1)",
        "Grace Costa (E05) sponsors 6 key accounts; the most allowed is 1",
    ),
    _board(
        "Grace Costa's limit forgotten",
        "new_sponsors = sponsors.assign_sponsors(fit, executives, min_fit=BOARD_MIN_FIT)",
        "Grace Costa (E05) sponsors 4 key accounts; the most allowed is 1",
    ),
    _board(
        "minimum fit forgotten",
        "new_sponsors = sponsors.assign_sponsors(fit, executives, capacity={GRACE: 1})",
        "Westcott Foods Ltd (C0282) has Tomas Berg (E10) as sponsor with a fit of 0.50, below the minimum",
    ),
    _board(
        "today's sponsors kept",
        "new_sponsors = pd.Series(TODAY)",
        "Elena Walsh (E01) sponsors 6 key accounts; the most allowed is 3",
    ),
    _board(
        "Grace Costa left out altogether",
        "new_sponsors = sponsors.assign_sponsors(\n"
        "    fit, executives, capacity={GRACE: 0}, min_fit=BOARD_MIN_FIT\n)",
        "Grace Costa left out altogether",
    ),
    _board(
        "C-suite only",
        'top_team = executives.index[executives["seniority"] == 3]\n'
        "new_sponsors = sponsors.assign_sponsors(fit[top_team], executives, min_fit=BOARD_MIN_FIT)",
        "sponsors from the C-suite only",
    ),
]

ALTERNATIVES = [
    # ---- exercise 1
    _coverage(
        "kamlab's coverage metrics",
        """
m = sponsors.coverage(TODAY, accounts, executives)
share_covered = m["account_coverage"]
revenue_covered = m["revenue_coverage"]
c_suite_share = m["c_suite_share"]
""",
    ),
    _coverage(
        "a loop over the key accounts, float noise",
        """
covered = revenue = total = top = 0
for account in accounts.index:
    total += accounts.at[account, "revenue_eur"]
    boss = TODAY.get(account)
    if boss is not None:
        covered += 1
        revenue += accounts.at[account, "revenue_eur"]
        top += executives.at[boss, "seniority"] == 3
share_covered = covered / len(accounts) + 1e-9
revenue_covered = float(revenue / total)
c_suite_share = top / len(accounts) - 1e-9
""",
    ),
    _coverage(
        "one-element Series and numpy numbers",
        """
import numpy as np
ids = np.array(list(TODAY))
share_covered = pd.Series([len(ids) / len(accounts)])
revenue_covered = np.float32(accounts["revenue_eur"].reindex(ids).sum() / accounts["revenue_eur"].sum())
c_suite_share = np.mean([TODAY.get(a) in ("E01", "E02", "E03", "E04") for a in accounts.index])
""",
    ),
    # ---- exercise 2
    _visits(
        "visits worked out by hand in a loop, a set",
        """
from collections import Counter
load = Counter(TODAY.values())
below_target, missing_visits = set(), 0
for account in accounts.index:
    boss = TODAY.get(account)
    if boss is None:
        visits = 0.0
    else:
        cap = executives.at[boss, "max_accounts"]
        visits = 4.0 if load[boss] <= cap else 4.0 * cap / load[boss]
    if visits < 4:
        below_target.add(account)
        missing_visits += 4 - visits
""",
    ),
    _visits(
        "boolean Series and a whole number",
        """
visits_today = sponsors.planned_visits(pd.Series(TODAY).reindex(accounts.index), executives)
below_target = visits_today < sponsors.TARGET_VISITS
missing_visits = int(round((sponsors.TARGET_VISITS - visits_today[below_target]).sum()))
""",
    ),
    _visits(
        "coverage metrics and an Index",
        """
visits_today = sponsors.planned_visits(TODAY, executives, accounts=accounts.index)
below_target = visits_today.index[visits_today.lt(4)]
missing_visits = sponsors.coverage(TODAY, accounts, executives)["missing_visits"]
""",
    ),
    # ---- exercise 3
    _board(
        "best match first, by hand",
        """
room = executives["max_accounts"].to_dict()
room[GRACE] = 1
level = executives["seniority"].to_dict()
new_sponsors = {}
while True:
    options = [
        (-fit.at[a, e], -room[e], level[e], i, e, a)
        for i, a in enumerate(fit.index)
        if a not in new_sponsors
        for e in fit.columns
        if room[e] > 0 and fit.at[a, e] >= BOARD_MIN_FIT
    ]
    if not options:
        break
    *_, e, a = min(options)
    new_sponsors[a] = e
    room[e] -= 1
""",
    ),
    _board(
        "capacity changed in the executives table, a DataFrame",
        """
board_executives = executives.assign(
    max_accounts=executives["max_accounts"].where(executives.index != GRACE, 1)
)
chosen = sponsors.assign_sponsors(fit, board_executives, min_fit=BOARD_MIN_FIT)
new_sponsors = chosen.rename("executive_id").to_frame().join(accounts["name"]).iloc[::-1]
""",
    ),
    _board(
        "an equally good assignment made by hand",
        """
new_sponsors = {
    "C0099": "E09", "C0209": "E07",  # swapped: both fit 0.8 and keep within capacity
    "C0171": "E02", "C0241": "E08", "C0091": "E07", "C0116": "E10", "C0077": "E05",
    "C0282": "", "C0191": "E10", "C0101": "E04", "C0230": "E09", "C0280": "E03",
}
""",
    ),
]
