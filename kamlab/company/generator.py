"""The synthetic company every notebook works on: Aldmoor Flow Systems.

Aldmoor is an invented mid-size B2B supplier of industrial pumps, valves,
seals and service kits. :func:`generate_company` builds its customers, three
years of orders, cost-to-serve drivers, departments, executives, key account
manager candidates, a peer panel of other companies' KAM programmes, internal
stakeholders, a supply-shortage scenario and the people Aldmoor knows at the story accounts,
deterministically from a seed.

Everything is vectorised with NumPy so the same code scales from the course's
few hundred customers to the benchmark's hundred thousand.

>>> tables = generate_company(seed=1, n_customers=40)
>>> sorted(tables)[:3]
['activities', 'contacts', 'customers']
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kamlab import _checks

COMPANY = "Aldmoor Flow Systems"
YEARS = (2023, 2024, 2025)
DEFAULT_SEED = 2026
DEFAULT_CUSTOMERS = 300

INDUSTRIES = (
    "Food & beverage",
    "Chemicals",
    "Water utilities",
    "Pharmaceuticals",
    "Oil & gas",
    "Mining",
    "Pulp & paper",
    "Machine builders",
)
_INDUSTRY_WEIGHTS = (0.18, 0.16, 0.12, 0.10, 0.10, 0.08, 0.08, 0.18)
_INDUSTRY_NOUN = (
    "Foods",
    "Chemicals",
    "Water",
    "Pharma",
    "Energy",
    "Minerals",
    "Paper",
    "Machinery",
)
REGIONS = ("North", "South", "East", "West", "Central")
STAGES = ("exploratory", "basic", "cooperative", "interdependent", "integrated")
PRODUCT_LINES = ("Pumps", "Valves", "Seals & gaskets", "Service kits")
# Customer names: a stem made of two syllables (600 stems, each used once at the course's size),
# the industry's noun and a legal suffix. No stem comes close to a story account's name.
_HEADS = (
    "Ash",
    "Bar",
    "Brad",
    "Cal",
    "Carn",
    "Dun",
    "El",
    "Fen",
    "Glen",
    "Har",
    "Hol",
    "Ing",
    "Kel",
    "Lang",
    "Low",
    "Mar",
    "Mill",
    "Nor",
    "Oak",
    "Pen",
    "Red",
    "Sel",
    "Thorn",
    "Up",
    "Wes",
    "Yar",
    "Whit",
    "Stan",
    "Brom",
    "Cray",
    "Dal",
    "Fair",
    "Ged",
    "Hep",
    "Kirk",
    "Lyn",
    "Mor",
    "Ran",
    "Sut",
    "Tad",
)
_TAILS = (
    "by",
    "ford",
    "ley",
    "ton",
    "wick",
    "dale",
    "mere",
    "field",
    "well",
    "stone",
    "wood",
    "bridge",
    "worth",
    "ham",
    "holm",
)
_STEMS = tuple(re.sub(r"(.)\1\1", r"\1\1", h + t) for h in _HEADS for t in _TAILS)  # Mill+ley: Milley
_SUFFIX = ("", " Group", " Ltd", " GmbH", " SA", " BV", " Holdings", " & Co")

# Activities, their driver column, the department that does them and the
# minutes each unit takes: the time equations of time-driven ABC.
UNIT_TIMES = (
    ("order handling", "orders", "Customer service", 25.0),
    ("picking and packing", "order_lines", "Warehouse", 14.0),
    ("rush handling", "rush_orders", "Logistics", 120.0),
    ("delivery", "deliveries", "Logistics", 60.0),
    ("returns processing", "returns", "Quality", 90.0),
    ("technical support", "support_requests", "Technical support", 60.0),
    ("custom engineering", "custom_engineering_hours", "Engineering", 60.0),
    ("sales visits", "sales_visits", "Sales", 480.0),
)
# Department: loaded annual cost per full-time person in the first year
# (logistics includes its vehicles), and a target utilisation.
_DEPARTMENTS = {
    "Customer service": 56_000.0,
    "Warehouse": 50_000.0,
    "Logistics": 150_000.0,
    "Quality": 62_000.0,
    "Technical support": 74_000.0,
    "Engineering": 96_000.0,
    "Sales": 118_000.0,
}
_PRACTICAL_MINUTES_PER_FTE = 80_000.0  # 1,667 hours at 80 % of paid time
_WAGE_GROWTH = 0.03
SHORTAGE_SUPPLY_SHARE = 0.6
GM_TREND = 0.012  # gross margin points gained per year


def _names(rng: np.random.Generator, n: int, industry_idx: np.ndarray) -> np.ndarray:
    """Company names, every stem used once while there are enough (the benchmark's 100,000 reuse them)."""
    stems = np.array(_STEMS)
    nouns = np.array(_INDUSTRY_NOUN)
    suffix = np.array(_SUFFIX)
    if n <= len(_STEMS):
        stem_idx = rng.permutation(len(_STEMS))[:n]
    else:
        stem_idx = rng.integers(0, len(_STEMS), n)
    suffix_idx = rng.integers(0, len(_SUFFIX), n)
    out = np.char.add(np.char.add(stems[stem_idx], " "), nouns[industry_idx])
    return np.char.add(out, suffix[suffix_idx]).astype(object)


def _score(rng: np.random.Generator, latent: np.ndarray, noise: float) -> np.ndarray:
    """Map a latent value to a 1..5 assessment score with rater noise."""
    z = latent + rng.normal(0.0, noise, latent.shape)
    ranks = z.argsort().argsort() / max(len(z) - 1, 1)
    return np.clip(1 + np.floor(ranks * 5), 1, 5).astype("int64")


def _customers(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    width = max(4, len(str(n)))
    ids = np.char.add("C", np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)
    industry_idx = rng.choice(len(INDUSTRIES), size=n, p=_INDUSTRY_WEIGHTS)
    region_idx = rng.integers(0, len(REGIONS), n)

    log_wallet = rng.normal(np.log(260_000.0), 1.35, n)
    wallet = np.exp(log_wallet)
    size_z = (log_wallet - log_wallet.mean()) / log_wallet.std()
    share0 = rng.beta(1.6, 2.4, n)
    growth = np.clip(rng.normal(0.03, 0.05, n), -0.15, 0.40)
    tenure = np.clip(np.ceil(rng.exponential(9.0, n)), 1, 40).astype("int64")
    employees = np.round(np.exp(np.log(wallet) * 0.55 + rng.normal(-1.0, 0.5, n)) + 20).astype("int64")
    # How demanding the customer is to serve: rush orders, returns, support,
    # custom engineering. Larger customers ask for more, price-sensitive ones too.
    price_latent = 0.5 * size_z + rng.normal(0, 1, n)
    demanding = np.minimum(np.exp(rng.normal(0.0, 1.0, n) + 0.4 * size_z + 0.15 * price_latent), 5.0)
    order_habit = np.exp(rng.normal(0.0, 0.6, n) + 0.3 * np.log(demanding))
    # Average value of an order line: spare parts are cheap, pumps are not.
    line_value = np.exp(rng.normal(np.log(220.0), 0.9, n))

    strategic_fit = _score(rng, 0.4 * size_z + 0.3 * (growth / 0.05), 1.0)
    innovation = _score(rng, growth / 0.05, 1.2)
    price_sensitivity = _score(rng, price_latent, 0.5)
    relationship = _score(rng, 0.08 * tenure + 1.5 * share0, 1.0)
    product_fit = _score(rng, share0 * 2, 1.0)
    ceo_friend = np.zeros(n, dtype=bool)

    stage_latent = 3.0 * share0 + 0.05 * tenure + 0.3 * size_z + rng.normal(0, 0.5, n)
    stage_idx = np.digitize(stage_latent, [0.8, 1.6, 2.4, 3.2])
    # The account teams' estimate of the chance a customer keeps buying next year: higher for a
    # deeper relationship. What really happens (see _active_years) is a little worse on average.
    retention = np.clip(0.84 + 0.03 * stage_idx + rng.normal(0, 0.025, n), 0.6, 0.98)

    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "name": _names(rng, n, industry_idx),
            "industry": np.array(INDUSTRIES, dtype=object)[industry_idx],
            "region": np.array(REGIONS, dtype=object)[region_idx],
            "employees": employees,
            "wallet_eur": np.round(wallet, -2),
            "wallet_growth": np.round(growth, 3),
            "tenure_years": tenure,
            "relationship_stage": np.array(STAGES, dtype=object)[stage_idx],
            "expected_retention": np.round(retention, 3),
            "strategic_fit": strategic_fit,
            "innovation_potential": innovation,
            "price_sensitivity": price_sensitivity,
            "relationship_strength": relationship,
            "product_fit": product_fit,
            "ceo_relationship": ceo_friend,
        }
    )
    latent = {
        "share0": share0,
        "demanding": demanding,
        "order_habit": order_habit,
        "size_z": size_z,
        "price": price_latent,
        "line_value": line_value,
    }
    return customers, latent


#: The three accounts the course's story follows.
STORY_NAMES = ("Kestrel Foods Group", "Bramley & Sons Engineering", "Nova Drive Robotics")


def _cast_story(customers: pd.DataFrame, latent: dict[str, np.ndarray]) -> None:
    """Give three customers the roles the course's story needs (in place).

    - the whale: one of the largest wallets, deep discounts, very demanding;
    - the CEO's friend: long tenure, many visits, small and slow-growing;
    - the rising star: a large, fast-growing wallet of which we hold little.
    """
    if len(customers) < 30:
        return
    order = np.argsort(-customers["wallet_eur"].to_numpy())
    whale, rising = int(order[2]), int(order[12])
    friend = int(order[len(order) // 2])
    c = customers
    c.loc[whale, ["name", "industry", "relationship_stage"]] = [
        "Kestrel Foods Group",
        "Food & beverage",
        "cooperative",
    ]
    c.loc[whale, ["price_sensitivity", "strategic_fit", "tenure_years"]] = [5, 3, 11]
    latent["share0"][whale] = 0.80
    latent["demanding"][whale] = 4.0
    latent["order_habit"][whale] = 2.5
    latent["line_value"][whale] = 110.0
    latent["price"][whale] = 3.5

    c.loc[friend, ["name", "industry", "relationship_stage", "ceo_relationship"]] = [
        "Bramley & Sons Engineering",
        "Machine builders",
        "integrated",
        True,
    ]
    c.loc[friend, ["tenure_years", "wallet_growth", "strategic_fit", "innovation_potential"]] = [
        31,
        -0.02,
        2,
        1,
    ]
    c.loc[friend, ["relationship_strength", "expected_retention"]] = [5, 0.95]
    latent["share0"][friend] = 0.75

    c.loc[rising, ["name", "industry", "relationship_stage"]] = [
        "Nova Drive Robotics",
        "Machine builders",
        "exploratory",
    ]
    c.loc[rising, ["tenure_years", "wallet_growth", "strategic_fit", "innovation_potential"]] = [
        2,
        0.32,
        5,
        5,
    ]
    c.loc[rising, ["price_sensitivity", "product_fit", "relationship_strength"]] = [2, 5, 2]
    c.loc[rising, "expected_retention"] = 0.85
    latent["share0"][rising] = 0.06
    latent["demanding"][rising] = 0.8


def _active_years(rng: np.random.Generator, customers: pd.DataFrame) -> np.ndarray:
    """Which years each customer buys in (customers x years, True = buys), and its status (in place).

    A customer starts buying in the year its tenure says (tenure 1: 2025) and, each year after, keeps
    buying with a chance a little below the account team's estimate; once lost, it does not come
    back. The story accounts never leave. ``customers`` gets ``status``: ``active`` (buys in the last
    year) or ``lost``.
    """
    n = len(customers)
    tenure = customers["tenure_years"].to_numpy()
    first_year = np.maximum(YEARS[0], YEARS[-1] + 1 - tenure)
    real = np.clip(customers["expected_retention"].to_numpy() - 0.015 + rng.normal(0, 0.03, n), 0.5, 0.995)
    story = customers["name"].isin(STORY_NAMES).to_numpy()
    active = np.zeros((n, len(YEARS)), dtype=bool)
    for y, year in enumerate(YEARS):
        stays = story | (rng.random(n) < real)
        active[:, y] = (first_year == year) | ((active[:, y - 1] & stays) if y else first_year <= year)
    status = np.where(active[:, -1], "active", "lost").astype(object)
    customers.insert(customers.columns.get_loc("tenure_years") + 1, "status", status)
    return active


def _customer_years(
    rng: np.random.Generator, customers: pd.DataFrame, latent: dict[str, np.ndarray], active: np.ndarray
) -> pd.DataFrame:
    """Revenue, margin and behaviour per customer and year in which it buys (not published)."""
    n = len(customers)
    wallet0 = customers["wallet_eur"].to_numpy()
    growth = customers["wallet_growth"].to_numpy()
    rows = []
    share = latent["share0"].copy()
    rank = latent["size_z"].argsort().argsort() / max(n - 1, 1)
    base_gm = (
        0.352 - 0.17 * rank**3 - 0.018 * (latent["price"] - latent["price"].mean()) + rng.normal(0, 0.015, n)
    )
    for y, year in enumerate(YEARS):
        # wallet_eur is the latest year's category spend; earlier years are smaller.
        wallet = wallet0 * (1 + growth) ** (y - len(YEARS) + 1)
        if y:
            share = np.clip(share + rng.normal(0.0, 0.03, n), 0.01, 0.95)
        revenue = wallet * np.minimum(share * np.exp(rng.normal(0, 0.05, n)), 0.98)
        rows.append(
            pd.DataFrame(
                {
                    "customer": np.arange(n),
                    "year": year,
                    "revenue": revenue,
                    # margins have crept up as the mix moved to service kits: 2023 was leaner
                    "gm_pct": np.clip(
                        base_gm + GM_TREND * (y - len(YEARS) + 1) + rng.normal(0, 0.005, n), 0.05, 0.5
                    ),
                }
            )[active[:, y]]
        )
    return pd.concat(rows, ignore_index=True)


def _group_weights(rng: np.random.Generator, group: np.ndarray, shape: float) -> np.ndarray:
    """Random weights that sum to one within each group (a Dirichlet per group)."""
    w = rng.gamma(shape, 1.0, len(group))
    totals = np.bincount(group, weights=w)
    return w / totals[group]


def _orders(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    latent: dict[str, np.ndarray],
    cy: pd.DataFrame,
    order_scale: float,
) -> pd.DataFrame:
    cust = cy["customer"].to_numpy()
    revenue = cy["revenue"].to_numpy()
    median = np.median(revenue)
    habit = latent["order_habit"][cust]
    demanding = latent["demanding"][cust]
    lam = order_scale * (3.0 + 22.0 * (revenue / median) ** 0.55 * habit)
    n_orders = np.maximum(rng.poisson(lam), 1)
    group = np.repeat(np.arange(len(cy)), n_orders)
    m = len(group)
    share = _group_weights(rng, group, 2.0)
    order_rev = revenue[group] * share
    year = cy["year"].to_numpy()[group]
    day = rng.integers(0, 365, m)
    dates = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + day
    # Lines: order value over the customer's typical line value, at least one.
    mean_lines = np.clip(order_rev / latent["line_value"][cust][group], 0.2, 400.0)
    lines = 1 + rng.poisson(np.maximum(mean_lines - 1, 0.0))
    c = cust[group]
    d = demanding[group]
    rush = rng.random(m) < np.clip(0.05 * d, 0.0, 0.7)
    deliveries = 1 + rng.binomial(np.maximum(lines - 1, 0), np.clip(0.02 * d, 0, 0.5))
    returns = rng.binomial(lines, np.clip(0.006 * d, 0, 0.3))
    gm = np.clip(cy["gm_pct"].to_numpy()[group] + rng.normal(0, 0.02, m), 0.0, 0.6)
    product = rng.choice(len(PRODUCT_LINES), size=m, p=(0.3, 0.3, 0.25, 0.15))
    order_rev = np.round(order_rev, 2)
    orders = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[c],
            "order_date": dates,
            "product_line": np.array(PRODUCT_LINES, dtype=object)[product],
            "order_lines": lines.astype("int64"),
            "revenue_eur": order_rev,
            "cost_of_goods_eur": np.round(order_rev * (1 - gm), 2),
            "rush": rush,
            "deliveries": deliveries.astype("int64"),
            "returned_lines": returns.astype("int64"),
        }
    )
    orders = orders.sort_values(["order_date", "customer_id"], kind="stable", ignore_index=True)
    width = max(6, len(str(len(orders))))
    orders.insert(
        0,
        "order_id",
        np.char.add("O", np.char.zfill(np.arange(1, len(orders) + 1).astype(str), width)).astype(object),
    )
    return orders


def _activities(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    latent: dict[str, np.ndarray],
    cy: pd.DataFrame,
) -> pd.DataFrame:
    cust = cy["customer"].to_numpy()
    revenue = cy["revenue"].to_numpy()
    rel = revenue / np.median(revenue)
    d = latent["demanding"][cust]
    engineering_user = (rng.random(len(customers)) < 0.15 + 0.25 * (latent["size_z"] > 1))[cust]
    eng_hours = np.where(engineering_user, rng.gamma(1.5, 30.0 * rel**0.7 * d), 0.0)
    visits = rng.poisson(2.0 + 2.5 * rel**0.35)
    friend = customers["ceo_relationship"].to_numpy()[cust]
    visits = visits + np.where(friend, 10, 0)
    size_rank = latent["size_z"][cust]
    terms_idx = np.clip(
        np.round(0.8 + 0.7 * size_rank + 0.3 * latent["price"][cust] + rng.normal(0, 0.6, len(cy))),
        0,
        4,
    ).astype(int)
    terms = np.array([30, 45, 60, 90, 120])[terms_idx]
    return pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[cust],
            "year": cy["year"].to_numpy(),
            "support_requests": rng.poisson(0.8 + 2.5 * rel**0.5 * d).astype("int64"),
            "custom_engineering_hours": np.round(eng_hours, 1),
            "sales_visits": visits.astype("int64"),
            "payment_terms_days": terms.astype("int64"),
        }
    )


def _departments(orders: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """Size each department to its workload at 80-90 % utilisation."""
    years = orders["order_date"].dt.year
    per_year = (
        orders.assign(year=years)
        .groupby("year")
        .agg(
            orders=("order_id", "size"),
            order_lines=("order_lines", "sum"),
            rush_orders=("rush", "sum"),
            deliveries=("deliveries", "sum"),
            returns=("returned_lines", "sum"),
        )
    )
    per_year = per_year.join(
        activities.groupby("year")[["support_requests", "custom_engineering_hours", "sales_visits"]].sum()
    )
    rows = []
    for y, year in enumerate(YEARS):
        minutes: dict[str, float] = {}
        for _, driver, dept, unit in UNIT_TIMES:
            minutes[dept] = minutes.get(dept, 0.0) + float(per_year.loc[year, driver]) * unit
        for k, (dept, cost_per_fte) in enumerate(_DEPARTMENTS.items()):
            target = 0.80 + 0.03 * ((k + y) % 4)
            fte = max(np.ceil(minutes[dept] / (_PRACTICAL_MINUTES_PER_FTE * target) * 2) / 2, 0.5)
            rows.append(
                {
                    "year": year,
                    "department": dept,
                    "fte": fte,
                    "annual_cost_eur": round(fte * cost_per_fte * (1 + _WAGE_GROWTH) ** y, -2),
                    "practical_capacity_minutes": fte * _PRACTICAL_MINUTES_PER_FTE,
                }
            )
    return pd.DataFrame(rows)


def _unit_times() -> pd.DataFrame:
    return pd.DataFrame(UNIT_TIMES, columns=["activity", "driver", "department", "minutes_per_unit"])


_FIRST = (
    "Amira",
    "Ben",
    "Chiara",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oskar",
    "Priya",
    "Rafael",
    "Sofia",
    "Tomas",
    "Yara",
    "Aisha",
    "Bruno",
    "Clara",
    "Daniel",
    "Esther",
    "Felix",
    "Greta",
    "Hamid",
    "Irene",
    "Jakub",
    "Keiko",
    "Lucas",
    "Marta",
    "Niall",
    "Olga",
    "Pablo",
    "Rosa",
    "Stefan",
    "Tara",
    "Viktor",
)
_LAST = (
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Patel",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Varga",
    "Walsh",
    "Costa",
    "Berg",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Achterberg",
    "Bianchi",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Iqbal",
    "Kaplan",
    "Larsen",
    "Mensah",
    "Nakamura",
    "Oliveira",
    "Petrov",
    "Quinn",
    "Richter",
    "Sato",
    "Toth",
    "Usman",
    "Vidal",
    "Weber",
    "Young",
    "Zielinski",
    "Murphy",
)

# Aldmoor's people in the story, one job each. A role's row: title, function, influence on the KAM
# change (1-5), and for the executives who can sponsor key accounts, seniority (3 = C-suite) and
# the number of accounts they can sponsor. The executives table and the stakeholder map share
# the roles they both list, so the top team has the same names everywhere.
ROLES = (
    ("Chief Executive Officer", "Executive", 5, 3, 3),
    ("Chief Financial Officer", "Finance", 5, 3, 3),
    ("Chief Operating Officer", "Operations", 5, 3, 4),
    ("Chief Commercial Officer", "Sales", 5, 3, 5),
    ("VP Supply Chain", "Supply chain", 4, 2, 5),
    ("VP Engineering", "Engineering", 4, 2, 4),
    ("VP Quality", "Quality", 3, 2, 4),
    ("Managing Director North", "General management", 4, 2, 5),
    ("Managing Director South", "General management", 4, 2, 5),
    ("Head of Customer Service", "Customer service", 3, 1, 6),
    ("Warehouse Manager", "Warehouse", 3, 0, 0),
    ("Logistics Manager", "Logistics", 3, 0, 0),
    ("Senior Sales Director", "Sales", 4, 0, 0),
    ("Regional Sales Manager North", "Sales", 2, 0, 0),
    ("Regional Sales Manager South", "Sales", 2, 0, 0),
    ("HR Director", "HR", 3, 0, 0),
    ("IT Director", "IT", 2, 0, 0),
    ("Product Manager Pumps", "Marketing", 2, 0, 0),
)
#: Roles on the stakeholder map of the KAM change (Step 3): the top team and the managers whose
#: support the change needs. The two managing directors run regions, not the change.
STAKEHOLDER_ROLES = tuple(r[0] for r in ROLES if not r[0].startswith("Managing Director"))
#: Executives who can sponsor key accounts (Step 2).
EXECUTIVE_ROLES = tuple(r[0] for r in ROLES if r[3] > 0)
N_CANDIDATES = 12


def _people(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` invented people, no two sharing a first or a last name (up to 40 people)."""
    first = rng.permutation(len(_FIRST))
    last = rng.permutation(len(_LAST))
    return np.array(
        [f"{_FIRST[first[i % len(_FIRST)]]} {_LAST[last[i % len(_LAST)]]}" for i in range(n)],
        dtype=object,
    )


def _staff(rng: np.random.Generator) -> dict[str, str]:
    """Who holds each role, and (under ``candidate K01`` ...) the key account manager candidates."""
    names = _people(rng, len(ROLES) + N_CANDIDATES)
    staff = {role[0]: names[i] for i, role in enumerate(ROLES)}
    staff.update({f"K{i + 1:02d}": names[len(ROLES) + i] for i in range(N_CANDIDATES)})
    return staff


def _executives(rng: np.random.Generator, staff: dict[str, str]) -> pd.DataFrame:
    roles = [r for r in ROLES if r[0] in EXECUTIVE_ROLES]
    n = len(roles)
    expertise = [rng.choice(INDUSTRIES, size=2, replace=False) for _ in range(n)]
    region = list(rng.choice(REGIONS, size=n))
    titles = [r[0] for r in roles]
    region[titles.index("Managing Director North")] = "North"
    region[titles.index("Managing Director South")] = "South"
    return pd.DataFrame(
        {
            "executive_id": [f"E{i + 1:02d}" for i in range(n)],
            "name": [staff[t] for t in titles],
            "title": titles,
            "seniority": np.array([r[3] for r in roles], dtype="int64"),
            "max_accounts": np.array([r[4] for r in roles], dtype="int64"),
            "industry_expertise": [" | ".join(sorted(e)) for e in expertise],
            "home_region": region,
        }
    )


SKILLS = ("financial", "consultative", "planning", "interpersonal", "influencing")


def _kam_candidates(rng: np.random.Generator, staff: dict[str, str]) -> pd.DataFrame:
    n = N_CANDIDATES
    roles = (
        ["Senior sales rep"] * 5
        + ["Sales rep"] * 3
        + [
            "Customer service lead",
            "Product manager",
            "Application engineer",
            "Finance analyst",
        ]
    )
    # The top sellers score high on interpersonal and influencing skills and low on
    # financial and planning skills: the best salesperson is not automatically the best KAM.
    quota = np.round(np.clip(rng.normal(1.0, 0.15, n), 0.6, 1.5), 2)
    quota[:2] = [1.42, 1.35]
    sales_bent = (quota - 1.0) / 0.15
    base = {
        "financial": 3.0 - 0.6 * sales_bent,
        "consultative": 3.2 - 0.2 * sales_bent,
        "planning": 3.0 - 0.5 * sales_bent,
        "interpersonal": 3.2 + 0.4 * sales_bent,
        "influencing": 3.0 + 0.5 * sales_bent,
    }
    data = {
        "candidate_id": [f"K{i + 1:02d}" for i in range(n)],
        "name": [staff[f"K{i + 1:02d}"] for i in range(n)],
        "current_role": roles,
        "quota_attainment": quota,
        "years_experience": rng.integers(2, 20, n).astype("int64"),
    }
    for skill, mean in base.items():
        data[skill] = np.clip(np.round(mean + rng.normal(0, 0.7, n)), 1, 5).astype("int64")
    return pd.DataFrame(data)


def _candidate_story_holds(candidates: pd.DataFrame) -> bool:
    """Whether the candidates tell Step 5's story, on Aldmoor's role profile.

    The two best sellers lead the others by far; the best seller is the worst fit and the second best
    seller is in the bottom half; fit falls as quota attainment rises; the customer service lead and at
    least one sales person are among the three best fits, who need fewer training days between them
    than the two best sellers; and the ways of choosing three that the notebook weighs against the fit
    (by sales, by the fewest training days, inside or outside sales, by experience, the worst fits) pick
    other teams.
    """
    from kamlab.toolkit import kam_fit

    profile = kam_fit.aldmoor_profile()
    cand = candidates.set_index("candidate_id")
    quota = cand["quota_attainment"]
    sellers = quota.nlargest(2).index.tolist()
    ranking = kam_fit.rank_candidates(cand, profile)
    days = ranking["training_days"]
    chosen = ranking.index[:3]
    roles = cand.loc[chosen, "current_role"]
    fit = kam_fit.fit_scores(cand, profile)  # in the table's order, as the notebook's fit_all
    in_sales = cand["current_role"].str.contains("sales", case=False)
    # The ways of choosing three that the notebook weighs against the fit pick different teams.
    teams = [
        chosen,
        quota.nlargest(3).index,
        fit.sort_values().index[:3],
        kam_fit.training_days(cand, profile).nsmallest(3).index,
        fit[in_sales].nlargest(3).index,
        fit[~in_sales].nlargest(3).index,
        cand["years_experience"].nlargest(3).index,
    ]
    return bool(
        quota[sellers[1]] - quota.drop(sellers).max() >= 0.1
        and ranking.index[-1] == sellers[0]
        and ranking.loc[sellers[1], "fit_rank"] > len(ranking) / 2
        and ranking["quota_attainment"].corr(ranking["fit"]) < -0.3
        and (roles == "Customer service lead").any()
        and roles.str.contains("sales", case=False).any()
        and days[chosen].sum() < days[sellers].sum()
        and len({frozenset(team) for team in teams}) == len(teams)
    )


def _plant_candidate_story(candidates: pd.DataFrame, seed: int, staff: dict[str, str]) -> pd.DataFrame:
    """The candidates, redrawn from separate random streams until they tell Step 5's story.

    A no-op on the default seed, whose candidates tell it; on another seed, the candidates are drawn
    again from ``default_rng([seed, 5, k])``, k = 1, 2, ... (the main stream is left untouched).
    """
    for k in range(1, 5001):
        if _candidate_story_holds(candidates):
            break
        candidates = _kam_candidates(np.random.default_rng([seed, 5, k]), staff)
    return candidates


def _peer_panel(rng: np.random.Generator) -> pd.DataFrame:
    n = 24
    size = rng.lognormal(np.log(150.0), 0.6, n)
    maturity = rng.normal(0, 1, n)
    n_key = np.clip(np.round(8 + 6 * maturity + 0.05 * size + rng.normal(0, 4, n)), 4, 60)
    return pd.DataFrame(
        {
            "peer": [f"Peer {chr(65 + i)}" for i in range(n)],
            "industry": rng.choice(["Industrial supplies", "Components", "Process equipment"], n),
            "revenue_meur": np.round(size, 1),
            "n_key_accounts": n_key.astype("int64"),
            "key_account_revenue_share": np.round(
                np.clip(0.35 + 0.08 * maturity + rng.normal(0, 0.06, n), 0.1, 0.8), 3
            ),
            "key_account_retention": np.round(
                np.clip(0.88 + 0.03 * maturity + rng.normal(0, 0.02, n), 0.7, 0.99), 3
            ),
            "sponsor_coverage": np.round(np.clip(0.6 + 0.15 * maturity + rng.normal(0, 0.1, n), 0.0, 1.0), 2),
            "kam_training_days": np.clip(np.round(5 + 2.5 * maturity + rng.normal(0, 1.5, n)), 0, 20).astype(
                "int64"
            ),
            "review_interval_months": rng.choice([6, 12, 12, 12, 24], n).astype("int64"),
            "key_account_margin_pct": np.round(
                np.clip(0.12 + 0.03 * maturity + rng.normal(0, 0.03, n), -0.05, 0.35), 3
            ),
        }
    )


def _stakeholders(rng: np.random.Generator, staff: dict[str, str]) -> pd.DataFrame:
    roles = [r for r in ROLES if r[0] in STAKEHOLDER_ROLES]
    n = len(roles)
    support = np.clip(np.round(rng.normal(3.0, 1.2, n)), 1, 5).astype("int64")
    return pd.DataFrame(
        {
            "stakeholder_id": [f"S{i + 1:02d}" for i in range(n)],
            "name": [staff[r[0]] for r in roles],
            "role": [r[0] for r in roles],
            "function": [r[1] for r in roles],
            "influence": np.array([r[2] for r in roles], dtype="int64"),
            "support": support,
            "years_at_company": rng.integers(1, 25, n).astype("int64"),
            "access_to_ceo": np.array([r[2] >= 4 for r in roles]),
        }
    )


def _stakeholder_ratings(rng: np.random.Generator, stakeholders: pd.DataFrame) -> pd.DataFrame:
    """Colleagues' 1-5 ratings of each stakeholder's credibility and energy for the KAM change.

    ``credibility``: a track record of getting changes adopted outside one's own function; it has
    nothing to do with years at the company and only a little with rank. ``energy``: the drive and
    the time to push a change for 18 months; the C-suite has the least time to give. They come from
    their own random stream, so adding them changed no other value of the company.
    """
    n = len(stakeholders)
    influence = stakeholders["influence"].to_numpy()
    c_suite = stakeholders["role"].str.startswith("Chief").to_numpy()
    credibility = np.clip(np.round(2.6 + 0.25 * (influence - 3) + rng.normal(0, 1.0, n)), 1, 5)
    energy = np.clip(np.round(3.4 - 0.9 * c_suite + rng.normal(0, 1.0, n)), 1, 5)
    return stakeholders.assign(credibility=credibility.astype("int64"), energy=energy.astype("int64"))


def _shortage(rng: np.random.Generator, customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Four weeks of seal-kit orders from today's customers when the supplier can ship 60 % of demand."""
    recent = orders[orders["order_date"].dt.year == YEARS[-1]]
    rev = recent.groupby("customer_id")["revenue_eur"].sum()
    buyers = rev.sort_values(ascending=False).index.to_numpy()
    pick = np.concatenate(
        [buyers[:15], rng.choice(buyers[15:], size=min(45, len(buyers) - 15), replace=False)]
    )
    n = 80
    who = np.concatenate([pick, rng.choice(pick, size=n - len(pick))])
    rank = pd.Series(np.arange(len(buyers)), index=buyers)[who].to_numpy()
    units = np.maximum(1, np.round(rng.lognormal(np.log(120.0), 0.6, n) * (1.8 - rank / len(buyers))))
    arrival = np.sort(rng.uniform(0, 28, n))
    return pd.DataFrame(
        {
            "request_id": [f"R{i + 1:03d}" for i in range(n)],
            "customer_id": who,
            "arrival_hour": np.round(arrival * 24, 1),
            "units_requested": units.astype("int64"),
            "unit_margin_eur": np.round(rng.normal(38.0, 6.0, n), 2),
        }
    ).sort_values("arrival_hour", kind="stable", ignore_index=True)


def _shortage_supply(requests: pd.DataFrame) -> pd.DataFrame:
    total = int(requests["units_requested"].sum())
    return pd.DataFrame(
        {
            "product_line": ["Seals & gaskets"],
            "units_requested": [total],
            "units_available": [int(round(total * SHORTAGE_SUPPLY_SHARE))],
        }
    )


def generate_company(
    seed: int = DEFAULT_SEED,
    n_customers: int = DEFAULT_CUSTOMERS,
    *,
    order_scale: float = 1.0,
) -> dict[str, pd.DataFrame]:
    """Generate every table of the synthetic company.

    At the course's size, the executives and the stakeholder map are last checked against the
    stories of Steps 2 and 3 and, where another seed does not tell them, drawn again from separate
    random streams (:func:`_plant_sponsor_story`, :func:`_plant_champion_story`); the default company
    tells them as drawn.

    Parameters
    ----------
    seed:
        Seed of the random generator; the same seed gives the same tables.
    n_customers:
        Number of customers (at least 30 for the course's story accounts).
    order_scale:
        Multiplies how often customers order; the benchmark raises it.

    Returns
    -------
    dict
        Table name to DataFrame: ``customers``, ``orders``, ``activities``,
        ``departments``, ``unit_times``, ``executives``, ``kam_candidates``,
        ``peer_panel``, ``stakeholders``, ``shortage_requests``,
        ``shortage_supply`` and ``contacts``.

    >>> t = generate_company(seed=7, n_customers=50)
    >>> len(t["customers"]), t["orders"]["order_date"].dt.year.unique().tolist()
    (50, [2023, 2024, 2025])
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)):
        raise TypeError(f"n_customers must be an integer, got {n_customers!r}")
    if n_customers < 30:
        raise ValueError(f"n_customers must be at least 30, got {n_customers}")
    _checks.number(order_scale, "order_scale", min_value=0.0, min_inclusive=False)
    rng = np.random.default_rng(seed)
    customers, latent = _customers(rng, int(n_customers))
    _cast_story(customers, latent)
    active = _active_years(rng, customers)
    cy = _customer_years(rng, customers, latent, active)
    orders = _orders(rng, customers, latent, cy, order_scale)
    activities = _activities(rng, customers, latent, cy)
    requests = _shortage(rng, customers, orders)
    staff = _staff(rng)
    tables = {
        "customers": customers,
        "orders": orders,
        "activities": activities,
        "departments": _departments(orders, activities),
        "unit_times": _unit_times(),
        "executives": _executives(rng, staff),
        "kam_candidates": _plant_candidate_story(_kam_candidates(rng, staff), seed, staff),
        "peer_panel": _peer_panel(rng),
        "stakeholders": _stakeholder_ratings(np.random.default_rng([seed, 3]), _stakeholders(rng, staff)),
        "shortage_requests": requests,
        "shortage_supply": _shortage_supply(requests),
    }
    # Added for the key account plan (Step 8). Every value below is drawn after all the draws above,
    # so the tables and columns above are the same as before it was added, byte for byte.
    _add_delivery_performance(rng, orders, customers, latent)
    tables["contacts"] = _contacts(rng, customers)
    _plant_nova_delivery(seed, orders, customers, latent)
    if order_scale == 1.0 and n_customers == DEFAULT_CUSTOMERS:  # the course's company only
        _plant_sponsor_story(int(seed), tables)  # last: they read the finished tables
        _plant_champion_story(int(seed), tables)
    return tables


# ------------------------------------------------------------------ added for Step 8 (the key account plan)
# Everything below draws its random values after every table above is made (see generate_company).

#: Days from order to the delivery date Aldmoor promises, by product line; express orders: 2 days.
PROMISE_DAYS = {"Pumps": 15, "Valves": 10, "Seals & gaskets": 5, "Service kits": 7}
RUSH_PROMISE_DAYS = 2


def _add_delivery_performance(
    rng: np.random.Generator, orders: pd.DataFrame, customers: pd.DataFrame, latent: dict[str, np.ndarray]
) -> None:
    """Add the promised and delivered dates and the in-full flag to every order (in place, at the end).

    Demanding customers and express orders are late more often; pumps are built to order and slip
    more; orders with many lines are more often short of a line (a back order).
    """
    m = len(orders)
    position = pd.Series(np.arange(len(customers)), index=customers["customer_id"])
    demanding = np.minimum(latent["demanding"][position[orders["customer_id"]].to_numpy()], 4.0)
    rush = orders["rush"].to_numpy()
    pumps = (orders["product_line"] == "Pumps").to_numpy()
    lines = orders["order_lines"].to_numpy()
    days = orders["product_line"].map(PROMISE_DAYS).to_numpy(dtype="int64")
    days = np.where(rush, RUSH_PROMISE_DAYS, days)
    promised = orders["order_date"].to_numpy() + days.astype("timedelta64[D]")
    p_late = np.clip(0.04 + 0.025 * demanding + 0.12 * rush + 0.05 * pumps, 0.0, 0.6)
    late = rng.random(m) < p_late
    delay = 1 + rng.poisson(3.0, m)
    early = rng.integers(0, 3, m)
    shift = np.where(late, delay, -np.minimum(early, days - 1))
    delivered = promised + shift.astype("timedelta64[D]")
    p_short = np.clip(0.015 + 0.0008 * lines, 0.0, 0.2)
    in_full = rng.random(m) >= p_short
    orders["promised_date"] = promised.astype("datetime64[ns]")
    orders["delivered_date"] = delivered.astype("datetime64[ns]")
    orders["delivered_in_full"] = in_full


def _nova_otif(orders: pd.DataFrame, nova: pd.Series) -> list[float]:
    """Nova's share of orders on time and in full, in 2024 and in 2025."""
    o = orders[nova]
    ok = (o["delivered_date"] <= o["promised_date"]) & o["delivered_in_full"]
    year = o["order_date"].dt.year
    return [float(ok[year == y].mean()) if (year == y).any() else 0.0 for y in (2024, 2025)]


def _plant_nova_delivery(
    seed: int, orders: pd.DataFrame, customers: pd.DataFrame, latent: dict[str, np.ndarray]
) -> None:
    """Nova's deliveries tell Step 8's story: under 90 % on time in full in 2024 and in 2025 (in place).

    The plan for Nova starts from a service gap. A no-op when Nova's orders already show it (the
    default seed); otherwise only Nova's delivered dates and in-full flags are drawn again, with the same
    model, from ``default_rng([seed, 8, k])``, k = 1, 2, ..., until they do. Every other order, and
    the main random stream, stay as they are.
    """
    if "delivered_date" not in orders.columns:
        return
    ids = customers.loc[customers["name"] == "Nova Drive Robotics", "customer_id"]
    nova = (orders["customer_id"] == ids.iloc[0]).to_numpy() if len(ids) else np.zeros(len(orders), bool)
    if not nova.any():
        return
    for k in range(1, 1001):
        if max(_nova_otif(orders, nova)) < 0.9:
            return
        sub = orders.loc[nova].copy()
        _add_delivery_performance(np.random.default_rng([seed, 8, k]), sub, customers, latent)
        orders.loc[nova, ["delivered_date", "delivered_in_full"]] = sub[
            ["delivered_date", "delivered_in_full"]
        ]


#: Buying-centre roles (Webster and Wind's five): who uses, shapes, decides, buys and filters.
BUYING_ROLES = ("user", "influencer", "decider", "buyer", "gatekeeper")

# The people at the story accounts, as Aldmoor's account teams know them at the end of 2025: job
# title, function, buying role, influence on the choice of supplier (1-5), attitude to Aldmoor
# (1 = prefers a competitor, 5 = advocate), the Aldmoor people (job titles) who meet them, and
# meetings in 2025. Nova's contacts run through the sales rep (a bow-tie), Bramley's through many
# functions on both sides (a diamond); Kestrel's sit in between.
_STORY_CONTACTS = {
    "Nova Drive Robotics": (
        ("Chief Executive Officer and founder", "Executive", "decider", 5, 3, (), 0),
        ("Chief Operating Officer", "Operations", "decider", 5, 2, (), 0),
        ("Chief Technology Officer", "R&D", "influencer", 5, 4, (), 0),
        ("Chief Financial Officer", "Finance", "decider", 3, 3, (), 0),
        ("Head of Procurement", "Procurement", "buyer", 4, 3, ("Sales rep",), 5),
        ("Category Buyer, Fluid Components", "Procurement", "buyer", 3, 4, ("Sales rep",), 11),
        ("Plant Manager", "Operations", "user", 4, 3, (), 0),
        ("Lead Design Engineer, Motion Systems", "R&D", "influencer", 3, 5, ("Sales rep",), 3),
        ("Maintenance Supervisor", "Maintenance", "user", 2, 4, ("Sales rep",), 2),
        ("Quality Manager", "Quality", "influencer", 3, 2, (), 0),
        ("Supplier Quality Engineer", "Quality", "gatekeeper", 3, 3, (), 0),
        ("Executive Assistant to the CEO", "Executive", "gatekeeper", 2, 3, (), 0),
    ),
    "Kestrel Foods Group": (
        ("Group Procurement Director", "Procurement", "decider", 5, 2, ("Senior Sales Director",), 4),
        ("Category Manager, Engineering Spares", "Procurement", "buyer", 4, 3, ("Sales rep",), 12),
        ("Buyer, Maintenance and Repair", "Procurement", "buyer", 2, 3, ("Sales rep",), 18),
        ("Group Head of Engineering", "Engineering", "influencer", 4, 4, ("Application engineer",), 4),
        ("Site Director, Largest Plant", "Operations", "decider", 4, 3, (), 0),
        ("Maintenance Manager", "Maintenance", "user", 3, 4, ("Customer service lead",), 8),
        ("Supply Chain Director", "Supply chain", "influencer", 4, 2, ("Logistics Manager",), 2),
        ("Chief Financial Officer", "Finance", "decider", 4, 2, (), 0),
        ("Chief Executive Officer", "Executive", "decider", 3, 3, (), 0),
        ("Goods Receiving Supervisor", "Logistics", "gatekeeper", 1, 3, ("Logistics Manager",), 4),
        ("Quality Assurance Manager", "Quality", "influencer", 3, 3, ("VP Quality",), 1),
    ),
    "Bramley & Sons Engineering": (
        ("Owner and Managing Director", "Executive", "decider", 5, 5, ("Chief Executive Officer",), 6),
        ("Operations Director", "Operations", "decider", 4, 5, ("Chief Operating Officer",), 4),
        (
            "Engineering Manager",
            "Engineering",
            "influencer",
            4,
            4,
            ("VP Engineering", "Application engineer"),
            7,
        ),
        ("Purchasing Manager", "Procurement", "buyer", 4, 4, ("Sales rep",), 12),
        ("Finance Manager", "Finance", "decider", 3, 4, ("Chief Financial Officer",), 2),
        ("Workshop Supervisor", "Operations", "user", 2, 5, ("Customer service lead",), 10),
        ("Quality Lead", "Quality", "influencer", 2, 4, ("VP Quality",), 2),
        ("Stores Clerk", "Logistics", "gatekeeper", 1, 4, ("Customer service lead",), 6),
        ("Business Development Director, next-generation owner", "Executive", "influencer", 4, 3, (), 0),
    ),
}
# Names of the customers' people: pools of their own, so nobody shares a name with Aldmoor's staff.
_CONTACT_FIRST = (
    "Adele", "Boris", "Celine", "Dario", "Edith", "Fabian", "Gemma", "Henrik", "Isla", "Jorge",
    "Katya", "Leon", "Mirela", "Nils", "Odile", "Piotr", "Renata", "Sven", "Teresa", "Umar",
    "Vera", "Wim", "Ximena", "Yusuf", "Zora", "Anders", "Bianca", "Cyril", "Dagny", "Emil",
    "Flora", "Gunnar", "Hana", "Ivo", "Judit", "Karim", "Lotte", "Milos", "Noor", "Otto",
)  # fmt: skip
_CONTACT_LAST = (
    "Albrecht", "Brennan", "Castillo", "Dahl", "Engel", "Ferreira", "Gallo", "Hoffmann", "Ito",
    "Janssen", "Keller", "Lund", "Maier", "Nielsen", "Ortega", "Pereira", "Ruiz", "Sandoval",
    "Thorsen", "Ueda", "Vogel", "Wagner", "Xu", "Yilmaz", "Zeller", "Aalto", "Bauer", "Caruso",
    "Dekker", "Esposito", "Fontaine", "Gruber", "Hansen", "Ibsen", "Jovanovic", "Kruger", "Laine",
    "Marino", "Nowak", "Ostrowski",
)  # fmt: skip


def _contacts(rng: np.random.Generator, customers: pd.DataFrame) -> pd.DataFrame:
    """The buying centres of the three story accounts: one row per person Aldmoor knows there."""
    rows = [
        (name, *person)
        for name in ("Nova Drive Robotics", "Kestrel Foods Group", "Bramley & Sons Engineering")
        for person in _STORY_CONTACTS[name]
    ]
    first = rng.permutation(len(_CONTACT_FIRST))
    last = rng.permutation(len(_CONTACT_LAST))
    ids = customers.set_index("name")["customer_id"]
    return pd.DataFrame(
        {
            "contact_id": [f"P{i + 1:03d}" for i in range(len(rows))],
            "customer_id": [ids[r[0]] for r in rows],
            "name": [
                f"{_CONTACT_FIRST[first[i % len(first)]]} {_CONTACT_LAST[last[i % len(last)]]}"
                for i in range(len(rows))
            ],
            "job_title": [r[1] for r in rows],
            "function": [r[2] for r in rows],
            "buying_role": [r[3] for r in rows],
            "influence": np.array([r[4] for r in rows], dtype="int64"),
            "attitude": np.array([r[5] for r in rows], dtype="int64"),
            "aldmoor_contacts": [" | ".join(r[6]) if r[6] else "none" for r in rows],
            "meetings_2025": np.array([r[7] for r in rows], dtype="int64"),
        }
    )


# ------------------------------------------------------------------ the sponsor story (Step 2)
# Step 2 tells a story about who sponsors the key accounts; on the default company it holds as
# drawn. On another seed the executives' industries and home regions may not give that story (the
# VP Engineering gets one key account anyway, the chief commercial officer knows none of them...).
# Then, and only then, they are drawn again from their own random streams until the story holds:
# the main stream is untouched, so every other value of the company stays the same.

#: How many times the executives' industries and regions are drawn again before giving up.
SPONSOR_STORY_ATTEMPTS = 500


def _sponsor_story_holds(accounts: pd.DataFrame, executives: pd.DataFrame) -> bool:
    """True when Step 2's premises hold for these key accounts and executives.

    ``accounts``: the key accounts (:func:`kamlab.sponsors.key_account_table`); ``executives``
    indexed by ``executive_id``. The premises, each one a sentence or an exercise of Step 2:

    - best fit within capacity gives every key account a sponsor who knows its industry, and Nova
      (when it is a key account) one who is also based in its region and is on the stakeholder map
      (Step 8 introduces the sponsor with both, and with the sponsor's support for KAM);
    - today's habits (:func:`kamlab.sponsors.ad_hoc_sponsors`): a managing director and the chief
      commercial officer each take an account, and at least two are left without a sponsor;
    - the CEO knows the industry of some key accounts, but of fewer than half;
    - the board's rules (fit 0.7 or more, the VP Engineering one account at most) leave an account
      without a sponsor, and each rule changes the answer: without the VP Engineering's
      limit, with the VP Engineering left out, without the minimum fit, accounts taken in list
      order instead of best match first, and sponsors from the C-suite only all differ from it;
    - sponsors from the C-suite only fit worse than best fit, two accounts or more getting one who
      does not know their industry.
    """
    from kamlab.toolkit import sponsors

    n = len(accounts)
    ex = executives
    by_title = pd.Series(ex.index, index=ex["title"])
    titles = ("Chief Executive Officer", "Chief Commercial Officer", "VP Engineering")
    ceo, cco, vpe = (by_title[t] for t in titles)
    fit = sponsors.fit_scores(accounts, ex)
    best = sponsors.assign_sponsors(fit, ex)
    if best.isna().any() or min(fit.at[a, e] for a, e in best.items()) <= 0.5:
        return False
    nova = accounts.index[accounts["name"] == STORY_NAMES[2]]
    if len(nova):  # Step 8: Nova's sponsor knows its industry, lives in its region, is on Step 3's map
        who = best[nova[0]]
        if not (
            accounts.at[nova[0], "industry"] in ex.at[who, "industry_expertise"]
            and ex.at[who, "home_region"] == accounts.at[nova[0], "region"]
            and ex.at[who, "title"] in STAKEHOLDER_ROLES
        ):
            return False
    today = sponsors.ad_hoc_sponsors(accounts, ex, ceo_accounts=6)
    directors = [e for e in today.values() if ex.at[e, "title"].startswith("Managing Director")]
    if not directors or cco not in today.values() or n - len(today) < 2:
        return False
    weak_ceo = int((fit[ceo] <= 0.5).sum())
    if weak_ceo == n or 2 * weak_ceo <= n:
        return False
    board = sponsors.assign_sponsors(fit, ex, capacity={vpe: 1}, min_fit=0.7)
    if not board.isna().any():
        return False
    room = ex["max_accounts"].to_dict()
    room[vpe] = 1
    in_order = {}
    for account in fit.index:
        options = fit.loc[account][[e for e in fit.columns if room[e] > 0]]
        options = options[options >= 0.7]
        in_order[account] = options.idxmax() if len(options) else None
        if len(options):
            room[options.idxmax()] -= 1
    top_team = ex.index[ex["seniority"] == sponsors.C_SUITE]
    others = [
        sponsors.assign_sponsors(fit, ex, min_fit=0.7),
        sponsors.assign_sponsors(fit, ex, capacity={vpe: 0}, min_fit=0.7),
        sponsors.assign_sponsors(fit, ex, capacity={vpe: 1}),
        pd.Series(in_order, dtype=object),
        sponsors.assign_sponsors(fit[top_team], ex, min_fit=0.7),
    ]
    if any(other.reindex(board.index).equals(board) for other in others):
        return False
    top_only = sponsors.assign_sponsors(fit[top_team], ex)
    weak = sum(fit.at[a, e] <= 0.5 for a, e in top_only.items())
    mean_fit = sponsors.coverage(top_only, accounts, ex)["mean_fit"]
    return bool(mean_fit < sponsors.coverage(best, accounts, ex)["mean_fit"] and weak >= 2)


def _plant_sponsor_story(seed: int, tables: dict[str, pd.DataFrame]) -> None:
    """Draw the executives' industries and home regions again until Step 2's story holds (in place).

    A no-op when the story holds as drawn (the default company), and when the company is too small
    for twelve key accounts. Attempt ``k`` draws from ``np.random.default_rng([seed, 2, k])``: the
    main stream is untouched. When no attempt within :data:`SPONSOR_STORY_ATTEMPTS` gives the
    story, the executives stay as first drawn. :func:`generate_company` calls it for the course's
    company only (its default size, ``order_scale`` 1), not for the benchmark's or the tests' small ones.
    """
    from kamlab.toolkit import sponsors
    from kamlab.toolkit.profit import customer_profit

    customers = tables["customers"].set_index("customer_id")
    profit = customer_profit(
        tables["orders"], tables["activities"], tables["departments"], tables["unit_times"], year=YEARS[-1]
    )
    programme = sponsors.step4_programme(customers, profit, size=12)
    if len(programme) < 12:
        return
    accounts = sponsors.key_account_table(customers, profit, programme)
    executives = tables["executives"].set_index("executive_id")
    if _sponsor_story_holds(accounts, executives):
        return
    today = sponsors.ad_hoc_sponsors(accounts, executives, ceo_accounts=6)
    if not any(executives.at[e, "title"].startswith("Managing Director") for e in today.values()):
        return  # no redraw can help: the managing directors' regions are fixed
    movable = ~executives["title"].str.startswith("Managing Director").to_numpy()
    for k in range(SPONSOR_STORY_ATTEMPTS):
        rng = np.random.default_rng([seed, 2, k])
        trial = executives.copy()
        trial["industry_expertise"] = [
            " | ".join(sorted(rng.choice(INDUSTRIES, size=2, replace=False))) for _ in range(len(trial))
        ]
        regions = rng.choice(REGIONS, size=len(trial))
        trial["home_region"] = np.where(movable, regions, trial["home_region"].to_numpy())
        if _sponsor_story_holds(accounts, trial):
            tables["executives"] = trial.reset_index()
            return


# ------------------------------------------------------------------ the champion story (Step 3)
# Step 3 reads Aldmoor's stakeholder map as a story: the chief commercial officer opposes KAM, the
# VP Engineering doubts it, one junior manager is enthusiastic, and colleagues' ratings rank the
# four candidates for champion (the Senior Sales Director first, the COO, the VP Supply Chain, the
# CFO last). The default company's draws tell it. On another seed they rarely do; then, and only
# then, the story's people are cast in their parts (:data:`CHAMPION_CAST`, as _cast_story does for
# the story customers), and everyone else's support, years and ratings are drawn again from their
# own streams until the story holds. The main stream is untouched.

#: Step 3's cast: support for KAM (1-5), years at the company, and colleagues' credibility and
#: energy ratings (1-5) of the people the story names, as the default company draws them.
CHAMPION_CAST = {
    "Chief Executive Officer": (4, 22, 3, 2),
    "Chief Financial Officer": (4, 2, 3, 1),
    "Chief Operating Officer": (4, 4, 4, 2),
    "Chief Commercial Officer": (1, 2, 3, 3),
    "VP Supply Chain": (4, 21, 3, 3),
    "VP Engineering": (2, 1, 3, 4),
    "Senior Sales Director": (4, 19, 5, 3),
}
#: Support for KAM of operations' middle managers in the story: undecided, and logistics opposed.
CHAMPION_SUPPORT = {
    "VP Quality": 3,
    "Head of Customer Service": 3,
    "Warehouse Manager": 3,
    "Logistics Manager": 1,
}
#: The board's importance points for the champion criteria, out of 10 (Step 3).
CHAMPION_BOARD_POINTS = {"support": 3, "influence": 2, "top_team_access": 1, "credibility": 2, "energy": 2}
#: How many times the stakeholders are drawn again before giving up.
CHAMPION_STORY_ATTEMPTS = 200


def _champion_story_holds(stakeholders: pd.DataFrame) -> bool:
    """True when Step 3's premises hold for this stakeholder table (each is a sentence of Step 3).

    The C-suite but the CCO supports KAM, the CCO (1) and the VP Engineering (2 or less) are the
    only blockers, the Senior Sales Director and the VP Supply Chain support it, there is one
    enthusiast (5) and with little power, operations' middle managers are undecided (3) and
    logistics opposed (1); the CEO has three times the CFO's and the COO's years, the CFO's
    credibility but not the COO's; equal weights let the opposed CCO outscore the enthusiast and
    half the people; the board's points put every supporter above every sceptic, the VP
    Engineering within 0.1 of the CFO on energy; the candidates, best first, are the Senior Sales
    Director (the only top credibility, the candidates' top energy, 3 or less, below the
    enthusiast's), the COO, the VP Supply Chain (more energy, less credibility than the COO) and
    the CFO (the only lowest energy); the chief officers' energy is more than 1 below the others';
    equal weights give the same order, the map's criteria alone put the CFO and COO first, and
    credibility read as tenure changes the winner and pushes the COO down.
    """
    from kamlab.toolkit import champion

    p = stakeholders.set_index("stakeholder_id")
    by_role = pd.Series(p.index, index=p["role"])
    ceo, cfo, coo, cco, vpsc, vpe, ssd = (by_role[r] for r in CHAMPION_CAST)
    support, influence, years = p["support"], p["influence"], p["years_at_company"]
    credibility, energy = p["credibility"], p["energy"]
    keen = support.idxmax()
    if not (
        (support[[ceo, cfo, coo, ssd, vpsc]] >= 4).all()
        and support[cco] == 1
        and support[vpe] <= 2
        and (support == 5).sum() == 1
        and influence[keen] <= 3
        and all(support[by_role[r]] == s for r, s in CHAMPION_SUPPORT.items())
        and sorted(p.index[(influence >= 4) & (support <= 3)]) == sorted([cco, vpe])
        and years[ceo] >= 3 * years[cfo]
        and 3 * years[coo] < years[ceo]
        and credibility[ceo] == credibility[cfo] < credibility[coo]
    ):
        return False
    equal = champion.champion_scores(stakeholders, {c: 1 / 5 for c in champion.CRITERIA})["score"]
    weights = {c: points / 10 for c, points in CHAMPION_BOARD_POINTS.items()}
    board = champion.champion_scores(stakeholders, weights)["score"]
    if not (
        equal[cco] > equal[keen]
        and 2 * (equal < equal[cco] - 1e-9).sum() >= len(p)
        and board[cco] < board[keen]
        and board[support >= 4].min() > board[support <= 3].max()
        and 0 < board[cfo] - board[vpe] <= 0.1
        and energy[vpe] > energy[cfo]
    ):
        return False
    rule = (support >= 4) & (influence >= 4) & (p.index != ceo)
    if board[rule].round(12).duplicated().any():
        return False
    candidates = list(board[rule].sort_values(ascending=False).index)

    def order(score: pd.Series) -> list[str]:
        return list(score[candidates].sort_values(ascending=False).index)

    criteria = champion.champion_criteria(stakeholders)
    as_tenure = criteria.assign(credibility=years / years.max())
    tenure = order(sum(as_tenure[c] * w for c, w in weights.items()))
    on_map = order(sum(criteria[c] * weights[c] for c in champion.TABLE_CRITERIA))
    chiefs = p["role"].str.startswith("Chief ")
    return bool(
        candidates == [ssd, coo, vpsc, cfo]
        and credibility.idxmax() == ssd
        and (credibility == credibility[ssd]).sum() == 1
        and energy[ssd] == energy[candidates].max()
        and energy[coo] < energy[ssd] <= 3 < energy[keen]
        and energy[vpsc] > energy[coo]
        and credibility[vpsc] < credibility[coo]
        and energy.idxmin() == cfo
        and (energy == energy[cfo]).sum() == 1
        and energy[chiefs].mean() < energy[~chiefs].mean() - 1
        and order(equal) == candidates
        and sorted(on_map[:2]) == sorted([cfo, coo])
        and tenure[0] != ssd
        and tenure.index(coo) > candidates.index(coo)
    )


def _plant_champion_story(seed: int, tables: dict[str, pd.DataFrame]) -> None:
    """Cast Step 3's story in the stakeholder table when it does not hold as drawn (in place).

    A no-op on the default company. Attempt ``k`` draws from ``np.random.default_rng([seed, 3, k])``
    everyone's support (1-3, one enthusiast at 5 among the people the story does not name), years
    and ratings as :func:`_stakeholders` and :func:`_stakeholder_ratings` do, then gives the story's
    people their parts (:data:`CHAMPION_CAST`, :data:`CHAMPION_SUPPORT`). Names, roles, influence
    and access to the CEO never change. When no attempt within :data:`CHAMPION_STORY_ATTEMPTS`
    gives the story, the stakeholders stay as first drawn.
    """
    drawn = tables["stakeholders"]
    if _champion_story_holds(drawn):
        return
    n, role = len(drawn), drawn["role"].to_numpy()
    influence = drawn["influence"].to_numpy()
    c_suite = drawn["role"].str.startswith("Chief").to_numpy()
    free = [i for i in range(n) if role[i] not in CHAMPION_CAST and role[i] not in CHAMPION_SUPPORT]
    for k in range(CHAMPION_STORY_ATTEMPTS):
        rng = np.random.default_rng([seed, 3, k])
        support = rng.integers(1, 4, n)
        years = rng.integers(1, 25, n)
        credibility = np.clip(np.round(2.6 + 0.25 * (influence - 3) + rng.normal(0, 1.0, n)), 1, 5)
        energy = np.clip(np.round(3.4 - 0.9 * c_suite + rng.normal(0, 1.0, n)), 1, 5)
        support[rng.choice(free)] = 5
        for i, r in enumerate(role):
            if r in CHAMPION_CAST:
                support[i], years[i], credibility[i], energy[i] = CHAMPION_CAST[r]
            elif r in CHAMPION_SUPPORT:
                support[i] = CHAMPION_SUPPORT[r]
        trial = drawn.assign(
            support=support.astype("int64"),
            years_at_company=years.astype("int64"),
            credibility=credibility.astype("int64"),
            energy=energy.astype("int64"),
        )
        if _champion_story_holds(trial):
            tables["stakeholders"] = trial
            return
