"""Step 6, set the right metrics: catalogued mistakes and correct answers written differently.

Each ``code`` replaces a whole answer cell of ``course/source/step6_metrics/step6_metrics.ipynb``
and runs after the notebook's earlier cells (``t``, ``customers``, ``SHORTLIST``,
``departments_2025``, ``rates_2025``, ``drivers``, ``drivers_2025``, ``margin_2025`` and, from
exercise 3 on, ``profit_2025`` are defined there). ``feedback`` is the phrase the visible self-check
prints for that mistake.
"""

from __future__ import annotations

from kamlab.grader.course import Submission

ASSIGNMENT = "step6_metrics"
NOTEBOOK = "step6_metrics"

_PROFIT_2025 = (
    'kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"], year=2025)'
)


def _cts(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="cts_answer", test="cts", code=code, feedback=feedback)


def _profit(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="profit_answer", test="profit", code=code, feedback=feedback)


def _clv(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="clv_answer", test="clv", code=code, feedback=feedback)


def _whale(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="whale_answer", test="whale", code=code, feedback=feedback)


_CORRECT_CURVE = """
whale = kamlab.whale_curve(profit_2025["profit_eur"])
whale_peak_share = whale["cumulative_profit_share"].max()
"""

MISTAKES = [
    # ---- exercise 1: cost to serve
    _cts(
        "revenue instead of cost to serve",
        'cts_check = drivers_2025.loc[SHORTLIST, "revenue_eur"]',
        "revenue, not cost to serve",
    ),
    _cts(
        "financing left out",
        "cts_check = kamlab.cost_to_serve(drivers_2025.loc[SHORTLIST], rates_2025, cost_of_capital=0)"
        '["cost_to_serve_eur"]',
        "cost to serve without financing",
    ),
    _cts(
        "all years instead of 2025",
        'every_year = kamlab.activity_rates(t["departments"], t["unit_times"])\n'
        'cts_all = kamlab.cost_to_serve(drivers, every_year)["cost_to_serve_eur"]\n'
        'cts_check = cts_all.groupby(level="customer_id").sum().loc[SHORTLIST]',
        "cost to serve of 2023 to 2025 added up, not of 2025 alone",
    ),
    _cts(
        "unused capacity charged to customers",
        'used = kamlab.capacity_report(departments_2025, t["unit_times"], drivers_2025)["used_minutes"]\n'
        "on_used = departments_2025.assign(practical_capacity_minutes=used.to_numpy())\n"
        'rates_on_used = kamlab.activity_rates(on_used, t["unit_times"])\n'
        'cts_check = kamlab.cost_to_serve(drivers_2025.loc[SHORTLIST], rates_on_used)["cost_to_serve_eur"]',
        "cost to serve with unused capacity charged to customers",
    ),
    # ---- exercise 2: customer profit
    _profit(
        "revenue instead of profit",
        'profit_check = margin_2025.loc[SHORTLIST, "revenue_eur"]',
        "revenue, not profit",
    ),
    _profit(
        "cost to serve left out",
        'profit_check = margin_2025.loc[SHORTLIST, "gross_margin_eur"]',
        "gross margin: the cost to serve is left out",
    ),
    _profit(
        "financing left out",
        'p0 = kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"],\n'
        "                            year=2025, cost_of_capital=0)\n"
        'profit_check = p0.loc[SHORTLIST, "profit_eur"]',
        "profit without financing in the cost to serve",
    ),
    _profit(
        "all years instead of 2025",
        'p_all = kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"])\n'
        'profit_check = p_all.loc[SHORTLIST, "profit_eur"]',
        "profit of 2023 to 2025 added up, not of 2025 alone",
    ),
    _profit(
        "cost of goods left out",
        f'p = {_PROFIT_2025}\nprofit_check = (p["revenue_eur"] - p["cost_to_serve_eur"]).loc[SHORTLIST]',
        "revenue minus cost to serve: the cost of goods is left out",
    ),
    # ---- exercise 3: lifetime value
    _clv(
        "no discounting",
        'r = customers.loc[SHORTLIST, "expected_retention"]\n'
        'clv_check = kamlab.lifetime_value(profit_2025.loc[SHORTLIST, "profit_eur"], r, 0.0)',
        "lifetime value without discounting",
    ),
    _clv(
        "no retention",
        'clv_check = profit_2025.loc[SHORTLIST, "profit_eur"] / 0.10',
        "lifetime value without retention",
    ),
    _clv(
        "first profit today",
        'r = customers.loc[SHORTLIST, "expected_retention"]\n'
        'clv_check = kamlab.lifetime_value(profit_2025.loc[SHORTLIST, "profit_eur"], r, 0.10, timing="now")',
        "lifetime value with the first profit today (timing='now')",
    ),
    _clv(
        "revenue instead of profit",
        'r = customers.loc[SHORTLIST, "expected_retention"]\n'
        'clv_check = kamlab.lifetime_value(profit_2025.loc[SHORTLIST, "revenue_eur"], r, 0.10)',
        "lifetime value of revenue, not of profit after cost to serve",
    ),
    _clv(
        "gross margin instead of profit",
        'r = customers.loc[SHORTLIST, "expected_retention"]\n'
        'clv_check = kamlab.lifetime_value(profit_2025.loc[SHORTLIST, "gross_margin_eur"], r, 0.10)',
        "lifetime value of gross margin, not of profit after cost to serve",
    ),
    _clv(
        "one average retention",
        'average = customers["expected_retention"].mean()\n'
        'clv_check = kamlab.lifetime_value(profit_2025.loc[SHORTLIST, "profit_eur"], average, 0.10)',
        "lifetime value with one average retention rate",
    ),
    # ---- exercise 4: the whale curve
    _whale(
        "whale peak computed on revenue",
        'whale_peak_share = kamlab.whale_peak(profit_2025["revenue_eur"])\n'
        "customers_to_peak = len(profit_2025)",
        "a curve with no loss-makers",
    ),
    _whale(
        "peak as a percentage",
        _CORRECT_CURVE + "whale_peak_share = whale_peak_share * 100\n"
        'customers_to_peak = int((profit_2025["profit_eur"] > 0).sum())',
        "a percentage: give the peak as a share",
    ),
    _whale(
        "peak in euros",
        'whale = kamlab.whale_curve(profit_2025["profit_eur"])\n'
        'whale_peak_share = whale["cumulative_profit_eur"].max()\n'
        'customers_to_peak = int((profit_2025["profit_eur"] > 0).sum())',
        "euros: give the peak as a share of total profit",
    ),
    _whale(
        "all years instead of 2025",
        'p_all = kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"])\n'
        'whale_peak_share = kamlab.whale_peak(p_all["profit_eur"])\n'
        'customers_to_peak = int((p_all["profit_eur"] > 0).sum())',
        "the peak of 2023 to 2025 profit added up, not of 2025 alone",
    ),
    _whale(
        "loss-making customers counted",
        _CORRECT_CURVE + 'customers_to_peak = int((profit_2025["profit_eur"] < 0).sum())',
        "the number of loss-making customers, not the customers up to the peak",
    ),
    _whale(
        "break-even point instead of peak",
        _CORRECT_CURVE
        + 'customers_to_peak = int((whale["cumulative_profit_share"].to_numpy() >= 1).argmax()) + 1',
        "the break-even point (where the curve first reaches 100 %), not the peak",
    ),
    _whale(
        "share of customers instead of a count",
        _CORRECT_CURVE + 'customers_to_peak = (profit_2025["profit_eur"] > 0).mean()',
        "a share of customers: give the number of customers",
    ),
]

ALTERNATIVES = [
    # ---- exercise 1
    _cts(
        "loop over customers and activities",
        """
values = {}
for customer in SHORTLIST:
    row = drivers_2025.loc[customer]
    cost = 0.0
    for rate in rates_2025.itertuples():
        cost += row[rate.driver] * rate.cost_per_unit_eur
    cost += row["revenue_eur"] * row["payment_terms_days"] / 365 * 0.08
    values[customer] = cost
cts_check = pd.Series(values)
""",
    ),
    _cts(
        "other order, one-column frame, float noise",
        "cts_check = kamlab.cost_to_serve(drivers_2025.loc[sorted(SHORTLIST)], rates_2025)"
        '[["cost_to_serve_eur"]] + 1e-7',
    ),
    _cts(
        "every customer from customer_profit",
        f'cts_check = {_PROFIT_2025}["cost_to_serve_eur"]',
    ),
    # ---- exercise 2
    _profit(
        "chain built by hand in a loop",
        """
cost = kamlab.cost_to_serve(drivers_2025.loc[SHORTLIST], rates_2025)["cost_to_serve_eur"]
profit_check = {}
for customer in SHORTLIST:
    sold = margin_2025.loc[customer]
    profit_check[customer] = sold["revenue_eur"] - sold["cost_of_goods_eur"] - cost[customer]
""",
    ),
    _profit(
        "every customer, other order, float noise",
        f'profit_check = {_PROFIT_2025}["profit_eur"].sort_index(ascending=False) - 1e-6',
    ),
    _profit(
        "orders filtered to 2025 by hand",
        """
orders_2025 = t["orders"][t["orders"]["order_date"].dt.year == 2025]
sold = orders_2025.groupby("customer_id")[["revenue_eur", "cost_of_goods_eur"]].sum()
cost = kamlab.cost_to_serve(drivers_2025, rates_2025)["cost_to_serve_eur"]
profit_check = (sold["revenue_eur"] - sold["cost_of_goods_eur"] - cost).loc[SHORTLIST]
""",
    ),
    # ---- exercise 3
    _clv(
        "margin multiple written out",
        """
m = profit_2025.loc[SHORTLIST, "profit_eur"]
r = customers.loc[SHORTLIST, "expected_retention"]
clv_check = m * r / (1 + 0.10 - r)
""",
    ),
    _clv(
        "year-by-year loop",
        """
clv_check = {}
for customer in reversed(SHORTLIST):
    margin = profit_2025.at[customer, "profit_eur"]
    keep = customers.at[customer, "expected_retention"]
    clv_check[customer] = sum(margin * (keep / 1.10) ** year for year in range(1, 600))
clv_check = pd.Series(clv_check)
""",
    ),
    _clv(
        "explicit arguments on every customer",
        """
everyone = kamlab.lifetime_value(
    profit_2025["profit_eur"], customers["expected_retention"].reindex(profit_2025.index),
    discount_rate=0.1, horizon=None, timing="end",
)
clv_check = everyone.to_frame()
""",
    ),
    # ---- exercise 4
    _whale(
        "sorted and summed by hand",
        """
ordered = profit_2025["profit_eur"].sort_values(ascending=False).to_numpy()
running = ordered.cumsum() / ordered.sum()
whale_peak_share = float(running.max())
customers_to_peak = int(running.argmax()) + 1
""",
    ),
    _whale(
        "profitable customers over total, rounded",
        """
p = profit_2025["profit_eur"]
whale_peak_share = round(p[p > 0].sum() / p.sum(), 2)
customers_to_peak = (p > 0).sum()
fig = plots.whale_curve_plot(p, STORY)
""",
    ),
    _whale(
        "kamlab.whale_peak",
        """
whale_peak_share = kamlab.whale_peak(profit_2025["profit_eur"]) + 1e-9
customers_to_peak = float(len(profit_2025) - (profit_2025["profit_eur"] < 0).sum())
""",
    ),
]
