"""Step 1, KAM is an organisational change: catalogued mistakes and correct answers written differently.

Each ``code`` replaces a whole answer cell of
``course/source/step1_organisational_change/step1_organisational_change.ipynb`` and runs after the
notebook's earlier cells (``t``, ``customers``, ``NAMES``, ``profit``, ``requests``, ``AVAILABLE``,
``KEY``, ``pro_rata_plan`` and the module ``allocation`` are defined there). ``feedback`` is the
phrase the visible self-check prints for that mistake.
"""

from __future__ import annotations

from kamlab.grader.course import Submission

ASSIGNMENT = "step1_organisational_change"
NOTEBOOK = "step1_organisational_change"

_FCFS = 'plan = allocation.allocate(requests, AVAILABLE, "first come first served", key_accounts=KEY)\n'
_PRIORITY = 'plan = allocation.allocate(requests, AVAILABLE, "key-account priority", key_accounts=KEY)\n'
_TABLE = "table = allocation.compare_policies(requests, AVAILABLE, KEY)\n"


def _fill(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="fcfs_fill_answer", test="fcfs_fill", code=code, feedback=feedback)


def _margin(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(
        name=name, cell="priority_margin_answer", test="priority_margin", code=code, feedback=feedback
    )


def _policy(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(
        name=name, cell="policy_margin_answer", test="policy_margin", code=code, feedback=feedback
    )


_LEAST = "least_loss_policy = lost_margin_by_policy.idxmin()\n"

MISTAKES = [
    # ---- exercise 1: fill rate under first come first served
    _fill(
        "average of order fill rates",
        _FCFS + 'fcfs_fill_rate = plan.groupby("segment")["fill_rate"].mean()',
        "an average of the orders' fill rates",
    ),
    _fill(
        "share of orders filled in full",
        _FCFS + 'fcfs_fill_rate = allocation.segment_summary(plan)["order_fill_rate"]',
        "the share of orders filled in full, not the share of units shipped",
    ),
    _fill(
        "pro rata instead of first come first served",
        'fcfs_fill_rate = allocation.segment_summary(pro_rata_plan)["unit_fill_rate"]',
        "the pro rata fill rates, not first come first served",
    ),
    _fill(
        "share short instead of share shipped",
        _FCFS + 'fcfs_fill_rate = 1 - allocation.segment_summary(plan)["unit_fill_rate"]',
        "the share of units short, not the share shipped",
    ),
    _fill(
        "percentages",
        _FCFS + 'fcfs_fill_rate = allocation.segment_summary(plan)["unit_fill_rate"] * 100',
        "percentages: give the fill rate as a share between 0 and 1",
    ),
    _fill(
        "indexed by True/False",
        _FCFS
        + 'sums = plan.groupby(plan["customer_id"].isin(KEY))[["units_shipped", "units_requested"]].sum()\n'
        'fcfs_fill_rate = sums["units_shipped"] / sums["units_requested"]',
        "index it by segment: 'key accounts', 'other customers'",
    ),
    # ---- exercise 2: lost margin by segment under key-account priority
    _margin(
        "units short instead of euros",
        _PRIORITY + 'priority_lost_margin = allocation.segment_summary(plan)["units_short"]',
        "units short, not euros",
    ),
    _margin(
        "one average margin",
        _PRIORITY + 'short = allocation.segment_summary(plan)["units_short"]\n'
        'priority_lost_margin = short * requests["unit_margin_eur"].mean()',
        "units short times one average margin",
    ),
    _margin(
        "margin earned on units shipped",
        _PRIORITY + 'earned = plan["units_shipped"] * plan["unit_margin_eur"]\n'
        'priority_lost_margin = earned.groupby(plan["segment"]).sum()',
        "the margin earned on the units shipped, not the margin lost on the units short",
    ),
    _margin(
        "pro rata instead of priority",
        'priority_lost_margin = allocation.segment_summary(pro_rata_plan)["lost_margin_eur"]',
        "the lost margin under pro rata, not under key-account priority",
    ),
    _margin(
        "the rest first come first served",
        'plan = allocation.allocate(requests, AVAILABLE, "key-account priority", key_accounts=KEY,\n'
        '                           rest="first come first served")\n'
        'priority_lost_margin = allocation.segment_summary(plan)["lost_margin_eur"]',
        "key-account priority with the other customers served first come first served",
    ),
    _margin(
        "the whole summary table",
        _PRIORITY + "priority_lost_margin = allocation.segment_summary(plan)",
        "is a table with columns",
    ),
    # ---- exercise 3: total lost margin per policy, and the least
    _policy(
        "units short instead of euros",
        _TABLE + 'lost_margin_by_policy = table["units_short"].groupby(level="policy").sum()\n' + _LEAST,
        "units short, not euros: every policy ships the same kits",
    ),
    _policy(
        "other customers only",
        _TABLE
        + 'lost_margin_by_policy = table.xs("other customers", level="segment")["lost_margin_eur"]\n'
        + _LEAST,
        "the other customers' lost margin only",
    ),
    _policy(
        "key accounts only",
        _TABLE
        + 'lost_margin_by_policy = table.xs("key accounts", level="segment")["lost_margin_eur"]\n'
        + _LEAST,
        "the key accounts' lost margin only",
    ),
    _policy(
        "the rest first come first served",
        'table = allocation.compare_policies(requests, AVAILABLE, KEY, rest="first come first served")\n'
        'lost_margin_by_policy = table["lost_margin_eur"].groupby(level="policy").sum()\n' + _LEAST,
        "key-account priority with the other customers served first come first served",
    ),
    _policy(
        "the policy that loses the most",
        _TABLE + 'lost_margin_by_policy = table["lost_margin_eur"].groupby(level="policy").sum()\n'
        "least_loss_policy = lost_margin_by_policy.idxmax()",
        "the policy that loses the MOST margin in total",
    ),
    _policy(
        "not added up per policy",
        _TABLE + 'lost_margin_by_policy = table["lost_margin_eur"]\n'
        'least_loss_policy = "first come first served"',
        "has a two-level index",
    ),
]

ALTERNATIVES = [
    # ---- exercise 1
    _fill(
        "loop over the orders by hand",
        """
kits_left = AVAILABLE
shipped = {"key accounts": 0, "other customers": 0}
asked = {"key accounts": 0, "other customers": 0}
for order in requests.sort_values("arrival_hour").itertuples():
    seg = "key accounts" if order.customer_id in KEY else "other customers"
    give = min(order.units_requested, kits_left)
    kits_left -= give
    shipped[seg] += give
    asked[seg] += order.units_requested
fcfs_fill_rate = pd.Series({s: shipped[s] / asked[s] for s in shipped})
""",
    ),
    _fill(
        "cumulative sums, vectorised by hand",
        """
ordered = requests.sort_values("arrival_hour")
before = ordered["units_requested"].cumsum() - ordered["units_requested"]
shipped = (AVAILABLE - before).clip(lower=0).clip(upper=ordered["units_requested"])
seg = ordered["customer_id"].isin(KEY).map({True: "key accounts", False: "other customers"})
fcfs_fill_rate = shipped.groupby(seg).sum() / ordered["units_requested"].groupby(seg).sum()
""",
    ),
    _fill(
        "rounded to two decimals, a dict in the other order",
        _FCFS + 'rates = allocation.segment_summary(plan)["unit_fill_rate"].round(2)\n'
        "fcfs_fill_rate = dict(reversed(list(rates.items())))",
    ),
    _fill(
        "one-column frame from compare_policies, float noise",
        _TABLE + 'fcfs_fill_rate = table.loc["first come first served", ["unit_fill_rate"]] + 1e-9',
    ),
    # ---- exercise 2
    _margin(
        "loop over the orders",
        _PRIORITY
        + """
lost = {}
for row in plan.itertuples():
    lost[row.segment] = lost.get(row.segment, 0.0) + row.units_short * row.unit_margin_eur
priority_lost_margin = pd.Series(lost)
""",
    ),
    _margin(
        "priority built from the two rules",
        """
is_key = requests["customer_id"].isin(KEY)
key_orders = requests[is_key]
other_orders = requests[~is_key]
key_shipped = allocation.first_come_first_served(key_orders["units_requested"], AVAILABLE)
other_shipped = allocation.pro_rata(other_orders["units_requested"], AVAILABLE - key_shipped.sum())
other_short = other_orders["units_requested"] - other_shipped
key_short = key_orders["units_requested"] - key_shipped
priority_lost_margin = pd.Series({
    "other customers": (other_short * other_orders["unit_margin_eur"]).sum(),
    "key accounts": (key_short * key_orders["unit_margin_eur"]).sum(),
})
""",
    ),
    _margin(
        "one-column frame, explicit rest, other order",
        """
one = allocation.compare_policies(
    requests, AVAILABLE, set(KEY), policies=["key-account priority"], rest="pro rata"
)
priority_lost_margin = one.loc["key-account priority", ["lost_margin_eur"]].iloc[::-1] - 1e-7
""",
    ),
    # ---- exercise 3
    _policy(
        "loop over the policies",
        """
lost_margin_by_policy = {}
for policy in ["key-account priority", "pro rata", "first come first served"]:
    plan = allocation.allocate(requests, AVAILABLE, policy, key_accounts=KEY)
    lost_margin_by_policy[policy] = plan["lost_margin_eur"].sum()
least_loss_policy = min(lost_margin_by_policy, key=lost_margin_by_policy.get)
lost_margin_by_policy = pd.Series(lost_margin_by_policy)
""",
    ),
    _policy(
        "all four policies, one-column frame",
        """
table = allocation.compare_policies(requests, AVAILABLE, KEY, policies=allocation.ALL_POLICIES)
totals = table.groupby(level="policy")["lost_margin_eur"].sum()
lost_margin_by_policy = totals.to_frame()
least_loss_policy = str(totals.drop("highest margin first").idxmin())
""",
    ),
    _policy(
        "rounded to whole euros, sorted",
        _TABLE + 'totals = table["lost_margin_eur"].groupby(level="policy", sort=False).sum()\n'
        "lost_margin_by_policy = totals.round(0)\n"
        "least_loss_policy = lost_margin_by_policy.sort_values().index[0]",
    ),
]
