"""Step 6, set the right metrics: the graded exercises, written once.

Each exercise's code runs after the notebook's teaching cells above it (``t``, ``customers``,
``NAMES``, ``STORY``, ``KESTREL``, ``LARGEST``, ``margin_2025``, ``departments_2025``,
``rates_2025``, ``drivers``, ``drivers_2025``; from exercise 3 on also ``profit_2025``; ``kamlab``,
``clv``, ``costing``, ``plots``, ``pd``), and after the solutions of the exercises before it.
``python -m kamlab build`` turns this file into the answer and check cells, the self-check data
and the answer key.
"""

from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part

SHOWN = "list(STORY) + [LARGEST]"
PROFIT_2025 = (
    'kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"], year=2025)'
)

COST_TO_SERVE = Exercise(
    id="cost_to_serve",
    title="Exercise 1",
    points=2,
    parts=(
        Part(
            "cost_to_serve_2025",
            "values",
            rows="customers.index",
            names="NAMES",
            show=SHOWN,
            step=1.0,
            low=0.0,
            range_hint="A cost to serve is never negative: each driver count times its cost per unit, plus "
            "financing.",
        ),
    ),
    prompt="Exercise 1: cost_to_serve_2025 = every 2025 customer's cost to serve in 2025 (EUR, financing\n"
    "included), as a pandas Series indexed by customer_id. Use 2025 drivers and 2025 rates.",
    solution='cost_to_serve_2025 = kamlab.cost_to_serve(drivers_2025, rates_2025)["cost_to_serve_eur"]',
    show_answer="cost_to_serve_2025",
    hints=(
        "Cost to serve is each 2025 driver count times its activity's 2025 cost per unit, plus financing "
        "(revenue x payment days / 365 x 8 %), for every customer who bought in 2025.",
        "kamlab.cost_to_serve(drivers, rates) does it for every row of drivers at once; its column "
        "cost_to_serve_eur is the total. drivers_2025 and rates_2025 are the 2025 tables.",
        'cost_to_serve_2025 = kamlab.cost_to_serve(____, ____)["cost_to_serve_eur"]',
    ),
    passed="the cost to serve of every 2025 customer, financing included.",
    mistakes=(
        Mistake(
            "revenue instead of cost to serve",
            "revenue, not cost to serve (multiply each driver by its activity's cost per unit)",
            'cost_to_serve_2025 = drivers_2025["revenue_eur"]',
        ),
        Mistake(
            "financing left out",
            "cost to serve without financing: add the cost of carrying receivables (payment terms at 8 % a "
            "year)",
            'cost_to_serve_2025 = kamlab.cost_to_serve(drivers_2025, rates_2025, cost_of_capital=0)["cost_to_serve_eur"]',
        ),
        Mistake(
            "all years instead of 2025",
            "cost to serve of 2023 to 2025 added up, not of 2025 alone",
            'every_year = kamlab.activity_rates(t["departments"], t["unit_times"])\n'
            'cts_all = kamlab.cost_to_serve(drivers, every_year)["cost_to_serve_eur"]\n'
            'cost_to_serve_2025 = cts_all.groupby(level="customer_id").sum()',
        ),
        Mistake(
            "2024 rates",
            "2025 drivers costed at 2024 rates: the departments' costs changed, use rates_2025",
            'departments_2024 = t["departments"].query("year == 2024").drop(columns="year")\n'
            'rates_2024 = kamlab.activity_rates(departments_2024, t["unit_times"])\n'
            'cost_to_serve_2025 = kamlab.cost_to_serve(drivers_2025, rates_2024)["cost_to_serve_eur"]',
        ),
        Mistake(
            "unused capacity charged to customers",
            "cost to serve with unused capacity charged to customers: a cost per minute divides by practical "
            "capacity, not by the minutes used",
            'used = kamlab.capacity_report(departments_2025, t["unit_times"], drivers_2025)["used_minutes"]\n'
            "on_used = departments_2025.assign(practical_capacity_minutes=used.to_numpy())\n"
            'rates_on_used = kamlab.activity_rates(on_used, t["unit_times"])\n'
            'cost_to_serve_2025 = kamlab.cost_to_serve(drivers_2025, rates_on_used)["cost_to_serve_eur"]',
        ),
        Mistake(
            "a 360-day year",
            "financing over a 360-day year: payment terms are days of a 365-day year",
            'activities = kamlab.cost_to_serve(drivers_2025, rates_2025, cost_of_capital=0)["cost_to_serve_eur"]\n'
            'financing = drivers_2025["revenue_eur"] * drivers_2025["payment_terms_days"] / 360 * 0.08\n'
            "cost_to_serve_2025 = activities + financing",
        ),
        Mistake(
            "cost of capital as a percentage",
            "a cost of capital of 8 instead of 0.08: 8 % is the share 0.08",
            'activities = kamlab.cost_to_serve(drivers_2025, rates_2025, cost_of_capital=0)["cost_to_serve_eur"]\n'
            'financing = drivers_2025["revenue_eur"] * drivers_2025["payment_terms_days"] / 365 * 8\n'
            "cost_to_serve_2025 = activities + financing",
        ),
        Mistake(
            "rates rounded to whole euros",
            "costs per unit rounded to whole euros before multiplying: round only what you show",
            'rounded = rates_2025.assign(cost_per_unit_eur=rates_2025["cost_per_unit_eur"].round())\n'
            'cost_to_serve_2025 = kamlab.cost_to_serve(drivers_2025, rounded)["cost_to_serve_eur"]',
        ),
        Mistake(
            "only the customers the check shows",
            "it should cover all",
            "shown = " + SHOWN + "\n"
            'cost_to_serve_2025 = kamlab.cost_to_serve(drivers_2025.loc[shown], rates_2025)["cost_to_serve_eur"]',
        ),
        Mistake(
            "names as ids",
            "uses customer names, not ids",
            'cost_to_serve_2025 = kamlab.cost_to_serve(drivers_2025, rates_2025)["cost_to_serve_eur"].rename(index=NAMES)',
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over customers and activities",
            "values = {}\n"
            "for customer, row in drivers_2025.iterrows():\n"
            "    cost = 0.0\n"
            "    for rate in rates_2025.itertuples():\n"
            "        cost += row[rate.driver] * rate.cost_per_unit_eur\n"
            '    cost += row["revenue_eur"] * row["payment_terms_days"] / 365 * 0.08\n'
            "    values[customer] = cost\n"
            "cost_to_serve_2025 = pd.Series(values)",
        ),
        Alternative(
            "another order, a one-column table, float noise",
            'cost_to_serve_2025 = kamlab.cost_to_serve(drivers_2025.sort_index(ascending=False), rates_2025)[["cost_to_serve_eur"]] + 1e-7',
        ),
        Alternative(
            "from customer_profit",
            f'cost_to_serve_2025 = {PROFIT_2025}["cost_to_serve_eur"]',
        ),
        Alternative(
            "a dict of numbers held as text",
            'cts = kamlab.cost_to_serve(drivers_2025, rates_2025)["cost_to_serve_eur"]\n'
            "cost_to_serve_2025 = {cid: str(value) for cid, value in cts.items()}",
        ),
    ),
)

CUSTOMER_PROFIT = Exercise(
    id="customer_profit",
    title="Exercise 2",
    points=2,
    parts=(Part("profit_2025_eur", "values", rows="customers.index", names="NAMES", show=SHOWN, step=1.0),),
    prompt="Exercise 2: profit_2025_eur = every 2025 customer's profit after cost to serve in 2025 (EUR),\n"
    "as a pandas Series indexed by customer_id.",
    solution=f'profit_2025_eur = {PROFIT_2025}["profit_eur"]',
    show_answer="profit_2025_eur",
    hints=(
        "Profit = revenue - cost of goods - cost to serve, all for 2025, for every customer who bought "
        "in 2025; a loss is a negative number.",
        'kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"], '
        "year=2025) does the whole chain; its column profit_eur is the profit.",
        'full = kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"], '
        "year=____)\nprofit_2025_eur = full[____]",
    ),
    passed="Kestrel and the other loss-makers show up as negative numbers.",
    mistakes=(
        Mistake(
            "revenue instead of profit",
            "revenue, not profit: subtract the cost of goods and the cost to serve",
            'profit_2025_eur = margin_2025["revenue_eur"]',
        ),
        Mistake(
            "cost to serve left out",
            "gross margin: the cost to serve is left out",
            'profit_2025_eur = margin_2025["gross_margin_eur"]',
        ),
        Mistake(
            "financing left out",
            "profit without financing in the cost to serve (keep the 8 % cost of capital)",
            'p0 = kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"],\n'
            "                            year=2025, cost_of_capital=0)\n"
            'profit_2025_eur = p0["profit_eur"]',
        ),
        Mistake(
            "all years instead of 2025",
            "profit of 2023 to 2025 added up, not of 2025 alone",
            'p_all = kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"])\n'
            'profit_2025_eur = p_all["profit_eur"]',
        ),
        Mistake(
            "cost of goods left out",
            "revenue minus cost to serve: the cost of goods is left out",
            f'p = {PROFIT_2025}\nprofit_2025_eur = p["revenue_eur"] - p["cost_to_serve_eur"]',
        ),
        Mistake(
            "profit as a share of revenue",
            "profit as a share of revenue (profit_margin_pct): give the profit in EUR",
            f'profit_2025_eur = {PROFIT_2025}["profit_margin_pct"]',
        ),
        Mistake(
            "the sign turned round",
            "cost to serve minus gross margin: turned round, a loss must be negative",
            f'p = {PROFIT_2025}\nprofit_2025_eur = p["cost_to_serve_eur"] - p["gross_margin_eur"]',
        ),
        Mistake(
            "rounded to thousands",
            "profit rounded to thousands of EUR: keep full precision (round only what you show)",
            f'profit_2025_eur = {PROFIT_2025}["profit_eur"].round(-3)',
        ),
        Mistake(
            "only the customers the check shows",
            "it should cover all",
            f'profit_2025_eur = {PROFIT_2025}["profit_eur"].loc[{SHOWN}]',
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            f'profit_2025_eur = {PROFIT_2025}["profit_eur"].reset_index(drop=True)',
        ),
    ),
    alternatives=(
        Alternative(
            "the chain built by hand in a loop",
            'cost = kamlab.cost_to_serve(drivers_2025, rates_2025)["cost_to_serve_eur"]\n'
            "profit_2025_eur = {}\n"
            "for customer in customers.index:\n"
            "    sold = margin_2025.loc[customer]\n"
            '    profit_2025_eur[customer] = sold["revenue_eur"] - sold["cost_of_goods_eur"] - cost[customer]',
        ),
        Alternative(
            "another order, float noise",
            f'profit_2025_eur = {PROFIT_2025}["profit_eur"].sort_index(ascending=False) - 1e-6',
        ),
        Alternative(
            "orders filtered to 2025 by hand",
            'orders_2025 = t["orders"][t["orders"]["order_date"].dt.year == 2025]\n'
            'sold = orders_2025.groupby("customer_id")[["revenue_eur", "cost_of_goods_eur"]].sum()\n'
            'cost = kamlab.cost_to_serve(drivers_2025, rates_2025)["cost_to_serve_eur"]\n'
            'profit_2025_eur = (sold["revenue_eur"] - sold["cost_of_goods_eur"] - cost).to_frame("profit")',
        ),
        Alternative(
            "numbers held as objects",
            f'profit_2025_eur = {PROFIT_2025}["profit_eur"].astype(object)',
        ),
    ),
)

_R = 'customers["expected_retention"]'
_M = 'profit_2025["profit_eur"]'

LIFETIME_VALUE = Exercise(
    id="lifetime_value",
    title="Exercise 3",
    points=2,
    parts=(Part("lifetime_values", "values", rows="customers.index", names="NAMES", show=SHOWN, step=1.0),),
    prompt="Exercise 3: lifetime_values = every 2025 customer's lifetime value (EUR), as a pandas Series\n"
    'indexed by customer_id. Yearly profit = 2025 profit after cost to serve (profit_2025["profit_eur"]).',
    solution=f"lifetime_values = kamlab.lifetime_value({_M}, {_R}, 0.10)",
    show_answer="lifetime_values",
    hints=(
        "Lifetime value = profit x r / (1 + d - r), with each customer's own r (expected_retention) and "
        "d = 0.10, for every customer who bought in 2025.",
        "kamlab.lifetime_value(margin, retention, discount_rate) works on whole Series at once and lines "
        "the retentions up with the margins by customer_id.",
        'lifetime_values = kamlab.lifetime_value(profit_2025["profit_eur"], customers[____], ____)',
    ),
    passed="the value of every relationship, loyal loss-makers included.",
    mistakes=(
        Mistake(
            "no discounting",
            "lifetime value without discounting (use a 10 % discount rate)",
            f"lifetime_values = kamlab.lifetime_value({_M}, {_R}, 0.0)",
        ),
        Mistake(
            "no retention",
            "lifetime value without retention: it assumes every customer stays for ever",
            f"lifetime_values = {_M} / 0.10",
        ),
        Mistake(
            "first profit today",
            "lifetime value with the first profit today (timing='now'); the exercise puts it at the end of "
            "year one",
            f'lifetime_values = kamlab.lifetime_value({_M}, {_R}, 0.10, timing="now")',
        ),
        Mistake(
            "revenue instead of profit",
            "lifetime value of revenue, not of profit after cost to serve",
            f'lifetime_values = kamlab.lifetime_value(profit_2025["revenue_eur"], {_R}, 0.10)',
        ),
        Mistake(
            "gross margin instead of profit",
            "lifetime value of gross margin, not of profit after cost to serve",
            f'lifetime_values = kamlab.lifetime_value(profit_2025["gross_margin_eur"], {_R}, 0.10)',
        ),
        Mistake(
            "one average retention",
            "lifetime value with one average retention rate instead of each customer's expected_retention",
            f"lifetime_values = kamlab.lifetime_value({_M}, {_R}.mean(), 0.10)",
        ),
        Mistake(
            "the books' retention for everyone",
            "lifetime value with the books' retention (clv.realised_retention) for every customer: the "
            "exercise uses each customer's own expected_retention",
            'kept = clv.realised_retention(t["orders"], 2025)\n'
            f"lifetime_values = kamlab.lifetime_value({_M}, kept, 0.10)",
        ),
        Mistake(
            "churn as retention",
            "churn (1 - retention) used as retention: retention is the chance the customer stays",
            f"lifetime_values = kamlab.lifetime_value({_M}, 1 - {_R}, 0.10)",
        ),
        Mistake(
            "discount rate as a percentage",
            "a discount rate of 10 instead of 0.10: 10 % is the share 0.10",
            f"lifetime_values = kamlab.lifetime_value({_M}, {_R}, 10)",
        ),
        Mistake(
            "a five-year horizon",
            "a five-year horizon: the exercise counts every future year (horizon=None)",
            f"lifetime_values = kamlab.lifetime_value({_M}, {_R}, 0.10, horizon=5)",
        ),
        Mistake(
            "only the customers the check shows",
            "it should cover all",
            "shown = " + SHOWN + "\n"
            f"lifetime_values = kamlab.lifetime_value({_M}.loc[shown], {_R}.loc[shown], 0.10)",
        ),
    ),
    alternatives=(
        Alternative(
            "the margin multiple written out",
            f"m = {_M}\nr = {_R}.reindex(m.index)\nlifetime_values = m * r / (1 + 0.10 - r)",
        ),
        Alternative(
            "a year-by-year loop, in another order",
            "lifetime_values = {}\n"
            "for customer in reversed(list(customers.index)):\n"
            '    margin = profit_2025.at[customer, "profit_eur"]\n'
            '    keep = customers.at[customer, "expected_retention"]\n'
            "    lifetime_values[customer] = sum(margin * (keep / 1.10) ** year for year in range(1, 2000))\n"
            "lifetime_values = pd.Series(lifetime_values)",
        ),
        Alternative(
            "every argument named, as a one-column table",
            "lifetime_values = kamlab.lifetime_value(\n"
            f'    {_M}, {_R}.reindex(profit_2025.index), discount_rate=0.1, horizon=None, timing="end"\n'
            ").to_frame()",
        ),
    ),
)

_CURVE = 'whale = kamlab.whale_curve(profit_2025["profit_eur"])\nwhale_peak_share = whale["cumulative_profit_share"].max()\n'
_PEAK_RANK = 'customers_to_peak = int(whale["rank"][whale["cumulative_profit_share"].idxmax()])\n'

WHALE_PEAK = Exercise(
    id="whale_peak",
    title="Exercise 4",
    points=2,
    parts=(
        Part(
            "whale_peak_share",
            "number",
            step=0.01,
            low=1.0,
            high=10.0,
            range_hint="The peak is a share of total profit, at least 1 (100 %); a whale curve never peaks "
            "above 10 (1,000 %). A bigger number is a percentage or an amount in EUR: give e.g. 1.5 for "
            "150 %.",
        ),
        Part(
            "customers_to_peak",
            "number",
            step=1.0,
            tol=0.4,
            low=1.0,
            high=1000.0,
            range_hint="Count customers: a whole number, from 1 up to the number of customers.",
        ),
    ),
    prompt="Exercise 4: whale_peak_share = peak of the 2025 whale curve as a share of total profit (a\n"
    "number); customers_to_peak = number of customers up to the peak (a whole number); then draw the curve.",
    solution=_CURVE + _PEAK_RANK + 'plots.whale_curve_plot(profit_2025["profit_eur"])',
    hints=(
        "The peak is the profit of the profitable customers divided by total profit; it is reached after "
        "the last profitable customer.",
        'kamlab.whale_curve(profit_2025["profit_eur"]) gives the curve, one row per customer with rank and '
        "cumulative_profit_share: take the largest share, and the rank where it is reached.",
        'whale = kamlab.whale_curve(profit_2025["profit_eur"])\n'
        'whale_peak_share = whale["cumulative_profit_share"].____()\n'
        'customers_to_peak = int(whale["rank"][whale["cumulative_profit_share"].____()])',
    ),
    passed="the loss-makers give back a large part of what the profitable customers earn.",
    mistakes=(
        Mistake(
            "whale peak computed on revenue",
            "a curve with no loss-makers: a whale curve ranks profit after cost to serve, not revenue or "
            "gross margin",
            'whale_peak_share = kamlab.whale_peak(profit_2025["revenue_eur"])\ncustomers_to_peak = len(profit_2025)',
        ),
        Mistake(
            "peak as a percentage",
            "a percentage: give the peak as a share, e.g. 1.5 for 150 %",
            _CURVE + "whale_peak_share = whale_peak_share * 100\n" + _PEAK_RANK,
        ),
        Mistake(
            "peak in euros",
            "euros: give the peak as a share of total profit, not in EUR",
            'whale = kamlab.whale_curve(profit_2025["profit_eur"])\n'
            'whale_peak_share = whale["cumulative_profit_eur"].max()\n' + _PEAK_RANK,
        ),
        Mistake(
            "all years instead of 2025",
            "the peak of 2023 to 2025 profit added up, not of 2025 alone",
            'p_all = kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"])\n'
            'whale_peak_share = kamlab.whale_peak(p_all["profit_eur"])\n'
            'customers_to_peak = int((p_all["profit_eur"] > 0).sum())',
        ),
        Mistake(
            "2024 instead of 2025",
            "the peak of the 2024 curve: use 2025 profit (profit_2025)",
            'p_2024 = kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"], year=2024)\n'
            'whale_peak_share = kamlab.whale_peak(p_2024["profit_eur"])\n'
            'customers_to_peak = int((p_2024["profit_eur"] > 0).sum())',
        ),
        Mistake(
            "loss-making customers counted",
            "the number of loss-making customers, not the customers up to the peak",
            _CURVE + 'customers_to_peak = int((profit_2025["profit_eur"] < 0).sum())',
        ),
        Mistake(
            "break-even point instead of peak",
            "the break-even point (where the curve first reaches 100 %), not the peak",
            _CURVE
            + 'customers_to_peak = int((whale["cumulative_profit_share"].to_numpy() >= 1).argmax()) + 1',
        ),
        Mistake(
            "share of customers instead of a count",
            "a share of customers: give the number of customers",
            _CURVE + 'customers_to_peak = (profit_2025["profit_eur"] > 0).mean()',
        ),
        Mistake(
            "a row position counted from 0",
            "a row position counted from 0 (argmax): the number of customers is that position + 1",
            _CURVE + 'customers_to_peak = int(whale["cumulative_profit_share"].to_numpy().argmax())',
        ),
        Mistake(
            "every customer",
            "every customer (where the curve ends at 100 %), not the customers up to the peak",
            _CURVE + "customers_to_peak = len(profit_2025)",
        ),
    ),
    alternatives=(
        Alternative(
            "sorted and summed by hand",
            'ordered = profit_2025["profit_eur"].sort_values(ascending=False).to_numpy()\n'
            "running = ordered.cumsum() / ordered.sum()\n"
            "whale_peak_share = float(running.max())\n"
            "customers_to_peak = int(running.argmax()) + 1",
        ),
        Alternative(
            "profitable customers over total, rounded to two decimals",
            'p = profit_2025["profit_eur"]\n'
            "whale_peak_share = round(p[p > 0].sum() / p.sum(), 2)\n"
            "customers_to_peak = (p > 0).sum()\n"
            "fig = plots.whale_curve_plot(p, STORY)",
        ),
        Alternative(
            "kamlab.whale_peak, a count held as a float",
            'whale_peak_share = kamlab.whale_peak(profit_2025["profit_eur"]) + 1e-9\n'
            'customers_to_peak = float(len(profit_2025) - (profit_2025["profit_eur"] < 0).sum())',
        ),
    ),
)

EXERCISES = [COST_TO_SERVE, CUSTOMER_PROFIT, LIFETIME_VALUE, WHALE_PEAK]


def _customer(name: str):
    return lambda ns: ns["customers"].index[ns["customers"]["name"] == name][0]


def _shown_names(ns) -> str:
    ids = eval(SHOWN, dict(ns))
    names = [f"{ns['NAMES'][i]} ({i})" for i in ids]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _unit_cost(ns):
    return ns["rates_2025"].set_index("activity")["cost_per_unit_eur"]


def _per_euro(ns):
    """How many times as much of each driver Kestrel asks for per euro of revenue as the largest customer."""
    d = ns["drivers_2025"]
    rate = d.div(d["revenue_eur"], axis=0)
    return rate.loc[ns["KESTREL"]] / rate.loc[ns["LARGEST"]]


def _top10_low(ns):
    """The other top-10 customers (by revenue) whose lifetime value ranks among the last ten."""
    ranked = ns["ranked"]
    low = [
        c
        for c in ns["top10"].index
        if c != ns["KESTREL"] and ranked.loc[c, "lifetime_value_eur"] > len(ranked) - 10
    ]
    return low


def _deal(ns):
    """Kestrel's offer: 20 % more volume at a further 3 % discount, ordering as today."""
    k, chain, cts = ns["KESTREL"], ns["chain"], ns["two_cts"]
    discount = 0.03 * 1.2 * chain.loc[k, "revenue_eur"]
    margin = 0.2 * chain.loc[k, "gross_margin_eur"]
    cost = 0.2 * cts.loc[k, "cost_to_serve_eur"]
    return {
        "discount": discount,
        "margin": margin,
        "cost": cost,
        "profit": chain.loc[k, "profit_eur"] + margin - discount - cost,
    }


def _dearer(ns):
    """The example export with a yearly account cost of EUR 3,000 instead of 1,500."""
    from kamlab import concentration, your_company

    e = your_company.customer_economics(
        ns["my_orders"], ns["MY_RATES"], year=ns["MY_YEAR"], account_cost_eur=3000.0
    )
    return {"losers": int((e["profit_eur"] < 0).sum()), "peak": concentration.whale_peak(e["profit_eur"])}


def _peaks(ns):
    """The whale curve's peak in every year of the books."""
    import pandas as pd

    import kamlab

    t = ns["t"]
    return pd.Series(
        {
            year: kamlab.whale_peak(
                kamlab.customer_profit(
                    t["orders"], t["activities"], t["departments"], t["unit_times"], year=year
                )["profit_eur"]
            )
            for year in (2023, 2024, 2025)
        }
    )


_DRIVER_WORDS = {
    "orders": "places {x} times as many orders",
    "order_lines": "picks {x} times as many order lines",
    "deliveries": "takes {x} times as many deliveries",
    "returns": "sends back {x} times as many lines",
}


def _per_euro_text(ns) -> list[str]:
    per_euro = _per_euro(ns)
    return [w.format(x=f"{per_euro[d]:.1f}") for d, w in _DRIVER_WORDS.items()]


def _dearer_at_kestrel(ns) -> list[str]:
    """The activities (and financing) that cost Kestrel more per euro of revenue than the other customer."""
    cts = ns["two_cts"].drop(columns="cost_to_serve_eur")
    cts = cts.div(ns["margin_2025"].loc[cts.index, "revenue_eur"], axis=0)
    gap = (cts.loc[ns["KESTREL"]] - cts.loc[ns["LARGEST"]]).sort_values(ascending=False)
    return [str(a) for a in gap.index[gap > 0]]


#: Numbers and names the text quotes that the notebook's code does not compute itself.
FACTS = {
    "PER_EURO_TEXT": _per_euro_text,
    "DEARER_AT_KESTREL": _dearer_at_kestrel,
    "BRAMLEY": _customer("Bramley & Sons Engineering"),
    "NOVA": _customer("Nova Drive Robotics"),
    "shown_names": _shown_names,
    "unit_cost": _unit_cost,
    "idle": lambda ns: ns["capacity"].set_index("department")["unused_capacity_cost_eur"],
    "per_euro": _per_euro,
    "profit_rank_kestrel": lambda ns: int(
        _profit_2025(ns)["profit_eur"].rank(ascending=False)[ns["KESTREL"]]
    ),
    "top10_losers": lambda ns: int((ns["profit_2025"].loc[ns["top10"].index, "profit_eur"] < 0).sum()),
    "top10_low": _top10_low,
    "top10_low_names": lambda ns: [ns["NAMES"][c] for c in _top10_low(ns)],
    "profitable": lambda ns: int((ns["profit_2025"]["profit_eur"] > 0).sum()),
    "break_even": lambda ns: int(
        ns["curve_2025"]["rank"][(ns["curve_2025"]["cumulative_profit_share"] >= 1 - 1e-9).idxmax()]
    ),
    "pay_rank_kestrel": lambda ns: int(ns["payouts"]["pay on revenue"].rank(ascending=False)[ns["KESTREL"]]),
    "peaks": _peaks,
    "deal": _deal,
    "dearer": _dearer,
}


def _profit_2025(ns):
    t = ns["t"]
    import kamlab

    return kamlab.customer_profit(t["orders"], t["activities"], t["departments"], t["unit_times"], year=2025)
