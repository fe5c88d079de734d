"""Step 1, KAM is an organisational change: the graded exercises, written once.

Each exercise's code runs after the notebook's teaching cells above it (``t``, ``customers``,
``NAMES``, ``profit``, ``requests``, ``AVAILABLE``, ``KEY``, ``pro_rata_plan``, ``allocation``,
``pd``), and after the solutions of the exercises before it. ``python -m kamlab build`` turns
this file into the answer and check cells, the self-check data and the answer key.
"""

from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part
from kamlab.toolkit.allocation import POLICIES

SEGMENTS = "list(allocation.SEGMENTS)"
_FCFS = 'plan = allocation.allocate(requests, AVAILABLE, "first come first served", key_accounts=KEY)\n'
_PRIORITY = 'plan = allocation.allocate(requests, AVAILABLE, "key-account priority", key_accounts=KEY)\n'
_TABLE = "table = allocation.compare_policies(requests, AVAILABLE, KEY)\n"
_TOTALS = 'lost_margin_by_policy = table["lost_margin_eur"].groupby(level="policy").sum()\n'
_LEAST = "least_loss_policy = lost_margin_by_policy.idxmin()\n"

FCFS_FILL = Exercise(
    id="fcfs_fill",
    title="Exercise 1",
    points=2,
    parts=(
        Part(
            "fcfs_fill_rate",
            "values",
            what="segment",
            index="segment",
            rows=SEGMENTS,
            show=SEGMENTS,
            step=1e-3,
            low=0.0,
            high=1.0,
            range_hint="A fill rate is a share between 0 and 1: the units shipped over the units requested.",
        ),
    ),
    prompt='Exercise 1: fcfs_fill_rate = unit fill rate (units shipped / units requested) of "key accounts" and\n'
    '"other customers" under first come first served, as a pandas Series indexed by segment.',
    solution=(_FCFS + 'fcfs_fill_rate = allocation.segment_summary(plan)["unit_fill_rate"]'),
    show_answer="fcfs_fill_rate",
    hints=(
        "Serve the orders in arrival order, each in full while kits last; then, per segment, divide the "
        "units shipped by the units requested (both added up over the segment's orders).",
        'allocation.allocate(requests, AVAILABLE, "first come first served", key_accounts=KEY) gives one '
        "row per order; allocation.segment_summary(plan) turns it into the measures per segment, among "
        "them unit_fill_rate.",
        'plan = allocation.allocate(requests, AVAILABLE, "____", key_accounts=KEY)\n'
        'fcfs_fill_rate = allocation.segment_summary(plan)["____"]',
    ),
    passed="first come first served does not favour key accounts, it favours early orders.",
    mistakes=(
        Mistake(
            "average of order fill rates",
            "an average of the orders' fill rates: weight by units, i.e. add up the units shipped and the "
            "units requested per segment, then divide",
            _FCFS + 'fcfs_fill_rate = plan.groupby("segment")["fill_rate"].mean()',
        ),
        Mistake(
            "share of orders filled in full",
            "the share of orders filled in full, not the share of units shipped",
            _FCFS + 'fcfs_fill_rate = allocation.segment_summary(plan)["order_fill_rate"]',
        ),
        Mistake(
            "pro rata, the worked example's policy",
            "the pro rata fill rates (the worked example's policy), not first come first served",
            'fcfs_fill_rate = allocation.segment_summary(pro_rata_plan)["unit_fill_rate"]',
        ),
        Mistake(
            "key-account priority",
            "the fill rates under key-account priority, not first come first served",
            _PRIORITY + 'fcfs_fill_rate = allocation.segment_summary(plan)["unit_fill_rate"]',
        ),
        Mistake(
            "share short instead of share shipped",
            "the share of units short, not the share shipped",
            _FCFS + 'fcfs_fill_rate = 1 - allocation.segment_summary(plan)["unit_fill_rate"]',
        ),
        Mistake(
            "share of the kits available",
            "each segment's share of the kits shipped, not its fill rate: divide by the units the segment "
            "requested, not by the kits available",
            _FCFS + 'fcfs_fill_rate = plan.groupby("segment")["units_shipped"].sum() / AVAILABLE',
        ),
        Mistake(
            "units, not a rate",
            "units shipped, not the fill rate: divide by the units requested",
            _FCFS + 'fcfs_fill_rate = allocation.segment_summary(plan)["units_shipped"]',
        ),
        Mistake(
            "percentages",
            "percentages: give the fill rate as a share between 0 and 1, e.g. 0.5 for 50 %",
            _FCFS + 'fcfs_fill_rate = allocation.segment_summary(plan)["unit_fill_rate"] * 100',
        ),
        Mistake(
            "rounded to two decimals",
            "fill rates rounded to two decimals: keep the full precision and round only what you print",
            _FCFS + 'fcfs_fill_rate = allocation.segment_summary(plan)["unit_fill_rate"].round(2)',
        ),
        Mistake(
            "indexed by True/False",
            "has no value for 'key accounts'",
            _FCFS
            + 'sums = plan.groupby(plan["customer_id"].isin(KEY))[["units_shipped", "units_requested"]].sum()\n'
            'fcfs_fill_rate = sums["units_shipped"] / sums["units_requested"]',
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over the orders by hand",
            "kits_left = AVAILABLE\n"
            'shipped = {"key accounts": 0, "other customers": 0}\n'
            'asked = {"key accounts": 0, "other customers": 0}\n'
            'for order in requests.sort_values("arrival_hour").itertuples():\n'
            '    seg = "key accounts" if order.customer_id in KEY else "other customers"\n'
            "    give = min(order.units_requested, kits_left)\n"
            "    kits_left -= give\n"
            "    shipped[seg] += give\n"
            "    asked[seg] += order.units_requested\n"
            "fcfs_fill_rate = pd.Series({s: shipped[s] / asked[s] for s in shipped})",
        ),
        Alternative(
            "cumulative sums, vectorised by hand",
            'ordered = requests.sort_values("arrival_hour")\n'
            'before = ordered["units_requested"].cumsum() - ordered["units_requested"]\n'
            'shipped = (AVAILABLE - before).clip(lower=0).clip(upper=ordered["units_requested"])\n'
            'seg = ordered["customer_id"].isin(KEY).map({True: "key accounts", False: "other customers"})\n'
            'fcfs_fill_rate = shipped.groupby(seg).sum() / ordered["units_requested"].groupby(seg).sum()',
        ),
        Alternative(
            "a dict in the other order",
            _FCFS + 'rates = allocation.segment_summary(plan)["unit_fill_rate"]\n'
            "fcfs_fill_rate = dict(reversed(list(rates.items())))",
        ),
        Alternative(
            "a one-column frame from compare_policies, float noise",
            _TABLE + 'fcfs_fill_rate = table.loc["first come first served", ["unit_fill_rate"]] + 1e-9',
        ),
        Alternative(
            "numbers held as text",
            _FCFS + 'fcfs_fill_rate = allocation.segment_summary(plan)["unit_fill_rate"].astype(str)',
        ),
    ),
)

PRIORITY_MARGIN = Exercise(
    id="priority_margin",
    title="Exercise 2",
    points=2,
    parts=(
        Part(
            "priority_lost_margin",
            "values",
            what="segment",
            index="segment",
            rows=SEGMENTS,
            show=SEGMENTS,
            step=10.0,
            low=0.0,
            range_hint="Lost margin is units short x the order's unit margin: it cannot be negative.",
        ),
    ),
    prompt='Exercise 2: priority_lost_margin = lost margin (EUR) of "key accounts" and "other customers" under\n'
    "key-account priority (the rest pro rata), as a pandas Series indexed by segment.",
    solution=_PRIORITY + 'priority_lost_margin = allocation.segment_summary(plan)["lost_margin_eur"]',
    show_answer="priority_lost_margin",
    hints=(
        "Lost margin = units short x the order's own unit margin, added up per segment, with key "
        "accounts served first and the rest shared pro rata.",
        'allocation.allocate(requests, AVAILABLE, "key-account priority", key_accounts=KEY) shares the '
        "rest pro rata unless told otherwise; allocation.segment_summary(plan) has lost_margin_eur per "
        "segment.",
        'plan = allocation.allocate(requests, AVAILABLE, "____", key_accounts=KEY)\n'
        'priority_lost_margin = allocation.segment_summary(plan)["____"]',
    ),
    passed="priority moves the whole shortage onto the other customers.",
    mistakes=(
        Mistake(
            "units short instead of euros",
            "units short, not euros: multiply each order's units short by its unit_margin_eur",
            _PRIORITY + 'priority_lost_margin = allocation.segment_summary(plan)["units_short"]',
        ),
        Mistake(
            "one average margin",
            "units short times one average margin: use each order's own unit_margin_eur",
            _PRIORITY + 'short = allocation.segment_summary(plan)["units_short"]\n'
            'priority_lost_margin = short * requests["unit_margin_eur"].mean()',
        ),
        Mistake(
            "margin earned on units shipped",
            "the margin earned on the units shipped, not the margin lost on the units short",
            _PRIORITY + 'earned = plan["units_shipped"] * plan["unit_margin_eur"]\n'
            'priority_lost_margin = earned.groupby(plan["segment"]).sum()',
        ),
        Mistake(
            "pro rata, the worked example's policy",
            "the lost margin under pro rata (the worked example's policy), not under key-account priority",
            'priority_lost_margin = allocation.segment_summary(pro_rata_plan)["lost_margin_eur"]',
        ),
        Mistake(
            "first come first served",
            "the lost margin under first come first served: the question is about key-account priority",
            _FCFS + 'priority_lost_margin = allocation.segment_summary(plan)["lost_margin_eur"]',
        ),
        Mistake(
            "the rest first come first served",
            "key-account priority with the other customers served first come first served; here they "
            "share what is left pro rata (the default, rest='pro rata')",
            'plan = allocation.allocate(requests, AVAILABLE, "key-account priority", key_accounts=KEY,\n'
            '                           rest="first come first served")\n'
            'priority_lost_margin = allocation.segment_summary(plan)["lost_margin_eur"]',
        ),
        Mistake(
            "an average per order",
            "an average lost margin per order: add up the lost margin of the segment's orders",
            _PRIORITY + 'priority_lost_margin = plan.groupby("segment")["lost_margin_eur"].mean()',
        ),
        Mistake(
            "thousands of euros",
            "thousands of euros: give the lost margin in EUR, as the table does",
            _PRIORITY + 'priority_lost_margin = allocation.segment_summary(plan)["lost_margin_eur"] / 1000',
        ),
        Mistake(
            "the whole summary table",
            "is a table with columns",
            _PRIORITY + "priority_lost_margin = allocation.segment_summary(plan)",
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over the orders",
            _PRIORITY + "lost = {}\n"
            "for row in plan.itertuples():\n"
            "    lost[row.segment] = lost.get(row.segment, 0.0) + row.units_short * row.unit_margin_eur\n"
            "priority_lost_margin = pd.Series(lost)",
        ),
        Alternative(
            "priority built from the two rules",
            'is_key = requests["customer_id"].isin(KEY)\n'
            "key_orders = requests[is_key]\n"
            "other_orders = requests[~is_key]\n"
            'key_shipped = allocation.first_come_first_served(key_orders["units_requested"], AVAILABLE)\n'
            'other_shipped = allocation.pro_rata(other_orders["units_requested"], AVAILABLE - key_shipped.sum())\n'
            'other_short = other_orders["units_requested"] - other_shipped\n'
            'key_short = key_orders["units_requested"] - key_shipped\n'
            "priority_lost_margin = pd.Series({\n"
            '    "other customers": (other_short * other_orders["unit_margin_eur"]).sum(),\n'
            '    "key accounts": (key_short * key_orders["unit_margin_eur"]).sum(),\n'
            "})",
        ),
        Alternative(
            "a one-column frame, explicit rest, other order, float noise",
            "one = allocation.compare_policies(\n"
            '    requests, AVAILABLE, set(KEY), policies=["key-account priority"], rest="pro rata"\n'
            ")\n"
            'priority_lost_margin = one.loc["key-account priority", ["lost_margin_eur"]].iloc[::-1] + 1e-7',
        ),
        Alternative(
            "a dict of numbers held as objects",
            _PRIORITY + 'lost = allocation.segment_summary(plan)["lost_margin_eur"]\n'
            "priority_lost_margin = pd.Series({k: str(round(v, 2)) for k, v in lost.items()}, dtype=object)",
        ),
    ),
)

POLICY_MARGIN = Exercise(
    id="policy_margin",
    title="Exercise 3",
    points=2,
    parts=(
        Part(
            "lost_margin_by_policy",
            "values",
            what="policy",
            index="policy",
            rows="list(allocation.POLICIES)",
            show="list(allocation.POLICIES)",
            step=10.0,
            low=0.0,
            range_hint="Lost margin is units short x the order's unit margin: it cannot be negative.",
        ),
        Part("least_loss_policy", "choice", what="policy", index="policy", allowed=POLICIES),
    ),
    prompt="Exercise 3: lost_margin_by_policy = total lost margin (EUR) of each policy, as a pandas Series indexed\n"
    "by policy name; least_loss_policy = the name of the policy that loses the least (a string).",
    solution=(_TABLE + _TOTALS + _LEAST),
    show_answer="lost_margin_by_policy",
    hints=(
        "For each policy, add up the lost margin of both segments (compare_policies gives it per "
        "segment); then pick the policy with the smallest total.",
        "allocation.compare_policies(requests, AVAILABLE, KEY) has one row per policy and segment; "
        "table['lost_margin_eur'].groupby(level='policy').sum() adds the two segments of each policy, and "
        ".idxmin() names the smallest.",
        "table = allocation.compare_policies(requests, AVAILABLE, KEY)\n"
        'lost_margin_by_policy = table["____"].groupby(level="____").sum()\n'
        "least_loss_policy = lost_margin_by_policy.____()",
    ),
    passed="the totals differ far less than who bears them.",
    mistakes=(
        Mistake(
            "units short instead of euros",
            "units short, not euros: every policy ships the same kits, so the units short are the same; "
            "what differs is whose margin is lost",
            _TABLE + 'lost_margin_by_policy = table["units_short"].groupby(level="policy").sum()\n' + _LEAST,
        ),
        Mistake(
            "other customers only",
            "the other customers' lost margin only: add the key accounts'",
            _TABLE
            + 'lost_margin_by_policy = table.xs("other customers", level="segment")["lost_margin_eur"]\n'
            + _LEAST,
        ),
        Mistake(
            "key accounts only",
            "the key accounts' lost margin only: add the other customers'",
            _TABLE
            + 'lost_margin_by_policy = table.xs("key accounts", level="segment")["lost_margin_eur"]\n'
            + _LEAST,
        ),
        Mistake(
            "the rest first come first served",
            "key-account priority with the other customers served first come first served; here they "
            "share what is left pro rata (the default, rest='pro rata')",
            'table = allocation.compare_policies(requests, AVAILABLE, KEY, rest="first come first served")\n'
            + _TOTALS
            + _LEAST,
        ),
        Mistake(
            "an average of the two segments",
            "an average of the two segments: the total is their sum",
            _TABLE
            + 'lost_margin_by_policy = table["lost_margin_eur"].groupby(level="policy").mean()\n'
            + _LEAST,
        ),
        Mistake(
            "thousands of euros",
            "thousands of euros: give the lost margin in EUR, as the table does",
            _TABLE
            + 'lost_margin_by_policy = table["lost_margin_eur"].groupby(level="policy").sum() / 1000\n'
            + _LEAST,
        ),
        Mistake(
            "the policy that loses the most",
            "the policy that loses the MOST margin in total: it loses nothing on key accounts, but more "
            "than any other policy overall. Pick the smallest total",
            _TABLE + _TOTALS + "least_loss_policy = lost_margin_by_policy.idxmax()",
        ),
        Mistake(
            "the fourth policy",
            "which is not one of",
            "table = allocation.compare_policies(requests, AVAILABLE, KEY, policies=allocation.ALL_POLICIES)\n"
            + _TOTALS
            + _LEAST,
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over the policies",
            "lost_margin_by_policy = {}\n"
            'for policy in ["key-account priority", "pro rata", "first come first served"]:\n'
            "    plan = allocation.allocate(requests, AVAILABLE, policy, key_accounts=KEY)\n"
            '    lost_margin_by_policy[policy] = plan["lost_margin_eur"].sum()\n'
            "least_loss_policy = min(lost_margin_by_policy, key=lost_margin_by_policy.get)\n"
            "lost_margin_by_policy = pd.Series(lost_margin_by_policy)",
        ),
        Alternative(
            "all four policies, one-column frame",
            "table = allocation.compare_policies(requests, AVAILABLE, KEY, policies=allocation.ALL_POLICIES)\n"
            'totals = table.groupby(level="policy")["lost_margin_eur"].sum()\n'
            "lost_margin_by_policy = totals.to_frame()\n"
            'least_loss_policy = str(totals.drop("highest margin first").idxmin())',
        ),
        Alternative(
            "rounded to whole euros, sorted, the name in a list",
            _TABLE + 'totals = table["lost_margin_eur"].groupby(level="policy", sort=False).sum()\n'
            "lost_margin_by_policy = totals.round(0)\n"
            "least_loss_policy = [lost_margin_by_policy.sort_values().index[0]]",
        ),
    ),
)

EXERCISES = [FCFS_FILL, PRIORITY_MARGIN, POLICY_MARGIN]


def _pair(ns, policy: str, segment: str):
    return ns["compared"].loc[(policy, segment)]


#: Numbers the text quotes that the notebook's code does not compute itself.
FACTS = {
    "ordered": lambda ns: ns["requests"]["units_requested"].sum(),
    "key_segment": lambda ns: ns["by_segment"].loc["key accounts"],
    "revenue_rank": lambda ns: ns["profit"]["revenue_eur"].rank(ascending=False).astype(int),
    "before": lambda ns: _pair(ns, "pro rata", "other customers"),
    "after": lambda ns: _pair(ns, "key-account priority", "other customers"),
    "totals": lambda ns: ns["policies"]["lost_margin_eur"].groupby(level="policy", sort=False).sum(),
    "fill": lambda ns: ns["policies"]["unit_fill_rate"],
    "shorts": lambda ns: ns["policies"]["orders_short"],
}
