"""The key account plan (Step 8): the buying centre, the relationship's shape, the scorecard, the page.

- :func:`check_contacts`, :func:`is_decision_maker`, :func:`coverage` and :func:`relationship_shape`:
  who decides at the customer, how many of them we reach, and whether our contacts form a
  *bow-tie* (everything runs through one knot, our sales rep and their buyer) or a *diamond* (many
  functions on both sides meet directly);
- :func:`otif`: the service level a customer sees, on time and in full, from the orders;
- :func:`target_economics`: what a share-of-wallet target means in revenue and profit;
- :func:`scorecard`: measures, targets and a status for each;
- :func:`render_plan`, :func:`show_plan`, :func:`save_plan` and :func:`save_pdf`: the one-page plan.

A **decision maker** is anyone who decides or weighs heavily on the choice of supplier: every
*decider*, and anyone else with influence of :data:`DECISION_INFLUENCE` (4) or more. A contact is
*reached* when at least one Aldmoor person meets them (``aldmoor_contacts`` is not ``"none"``).

>>> contacts = pd.DataFrame({
...     "contact_id": ["P1", "P2", "P3", "P4"], "customer_id": ["C1"] * 4,
...     "buying_role": ["decider", "buyer", "user", "influencer"], "influence": [3, 4, 2, 5],
...     "aldmoor_contacts": ["none", "Sales rep", "Sales rep", "none"]})
>>> table = coverage(contacts)
>>> table[["decision_makers", "decision_makers_reached"]].loc["C1"].tolist(), table.loc["C1", "shape"]
([3, 1], 'bow-tie')
"""

from __future__ import annotations

import base64
import html as html_lib
import math
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kamlab import _checks

__all__ = [
    "BUYING_ROLES",
    "DECISION_INFLUENCE",
    "NOBODY",
    "PLAN_SECTIONS",
    "SHAPES",
    "STAGES",
    "STAGE_SHAPE",
    "aldmoor_people",
    "check_contacts",
    "check_raci",
    "coverage",
    "is_decision_maker",
    "otif",
    "relationship_shape",
    "render_plan",
    "save_pdf",
    "save_plan",
    "scorecard",
    "show_plan",
    "target_economics",
]

#: The buying centre's five roles.
BUYING_ROLES: tuple[str, ...] = ("user", "influencer", "decider", "buyer", "gatekeeper")
#: Influence (1-5) from which a contact counts as a decision maker whatever their role.
DECISION_INFLUENCE = 4
#: What ``aldmoor_contacts`` holds when no Aldmoor person meets the contact.
NOBODY = "none"
#: The relationship's shape, from a single knot to many direct links.
SHAPES: tuple[str, ...] = ("bow-tie", "between", "diamond")
#: The relationship stages of ``customers.relationship_stage``, earliest first.
STAGES: tuple[str, ...] = ("exploratory", "basic", "cooperative", "interdependent", "integrated")
#: The shape each stage usually has.
STAGE_SHAPE: dict[str, str] = {
    "exploratory": "bow-tie",
    "basic": "bow-tie",
    "cooperative": "between",
    "interdependent": "diamond",
    "integrated": "diamond",
}
#: The course's rule of thumb for the shape: the diamond needs this coverage of decision makers...
DIAMOND_COVERAGE = 0.75
#: ...reached by at least this many different Aldmoor people; below half the decision makers, a bow-tie.
DIAMOND_PEOPLE = 3
BOW_TIE_COVERAGE = 0.5

CONTACT_COLUMNS: tuple[str, ...] = (
    "contact_id",
    "customer_id",
    "buying_role",
    "influence",
    "aldmoor_contacts",
)


# ------------------------------------------------------------------------------ the buying centre


def check_contacts(contacts: Any, name: str = "contacts") -> pd.DataFrame:
    """Check a contacts table (one row per person at a customer) and return it.

    It needs :data:`CONTACT_COLUMNS`: text ids, a ``buying_role`` from :data:`BUYING_ROLES`,
    ``influence`` as whole numbers from 1 to 5, and ``aldmoor_contacts`` as text (Aldmoor job
    titles separated by ``|``, or ``"none"``).

    >>> check_contacts(pd.DataFrame({"contact_id": ["P1"], "customer_id": ["C1"], "buying_role": ["boss"],
    ...                              "influence": [5], "aldmoor_contacts": ["none"]}))
    Traceback (most recent call last):
    ...
    ValueError: contacts['buying_role'] has 'boss' at row 0; use one of 'user', 'influencer', 'decider', \
'buyer', 'gatekeeper'
    """
    frame = _checks.frame(contacts, name, CONTACT_COLUMNS)
    _checks.text_columns(frame, name, ["contact_id", "customer_id", "buying_role", "aldmoor_contacts"])
    _checks.numeric_columns(frame, name, ["influence"], min_value=1, max_value=5, integer=True)
    _checks.unique(frame, name, ["contact_id"])
    bad = ~frame["buying_role"].isin(BUYING_ROLES).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name}['buying_role'] has {frame['buying_role'].iloc[i]!r} at row "
            f"{_checks._label(frame.index, i)}; "
            f"use one of {', '.join(map(repr, BUYING_ROLES))}"
        )
    return frame


def aldmoor_people(contacts: pd.DataFrame) -> pd.Series:
    """The Aldmoor people who meet each contact, as a list per row (empty when ``"none"``).

    >>> aldmoor_people(pd.DataFrame({"aldmoor_contacts": ["Sales rep | VP Quality", "none"]})).tolist()
    [['Sales rep', 'VP Quality'], []]
    """
    frame = _checks.frame(contacts, "contacts", ["aldmoor_contacts"])
    _checks.text_columns(frame, "contacts", ["aldmoor_contacts"])

    def split(text: str) -> list[str]:
        people = [p.strip() for p in text.split("|") if p.strip()]
        return [] if [p.lower() for p in people] in ([], [NOBODY]) else people

    return frame["aldmoor_contacts"].map(split).rename("aldmoor_people")


def is_decision_maker(contacts: pd.DataFrame, *, min_influence: int = DECISION_INFLUENCE) -> pd.Series:
    """True for every decider, and for anyone else with influence of ``min_influence`` or more.

    >>> c = pd.DataFrame({"contact_id": ["P1", "P2", "P3"], "customer_id": ["C1"] * 3,
    ...                   "buying_role": ["decider", "buyer", "buyer"], "influence": [2, 4, 3],
    ...                   "aldmoor_contacts": ["none"] * 3})
    >>> is_decision_maker(c).tolist()
    [True, True, False]
    """
    frame = check_contacts(contacts)
    level = _checks.number(min_influence, "min_influence", min_value=1, max_value=5)
    return ((frame["buying_role"] == "decider") | (frame["influence"] >= level)).rename("decision_maker")


def relationship_shape(coverage: float, people: int) -> str:
    """The course's rule of thumb for a relationship's shape, from the decision makers' side.

    - **bow-tie**: fewer than half of the decision makers are reached: the relationship hangs on a
      single knot, usually our sales rep and their buyer;
    - **diamond**: three quarters or more are reached, by at least three different Aldmoor people;
    - **between**: anything else (the knot is loosening).

    >>> relationship_shape(1 / 6, 1), relationship_shape(0.6, 4), relationship_shape(0.8, 6)
    ('bow-tie', 'between', 'diamond')
    """
    share = _checks.number(coverage, "coverage", min_value=0, max_value=1)
    count = _checks.number(people, "people", min_value=0)
    if share < BOW_TIE_COVERAGE:
        return "bow-tie"
    if share >= DIAMOND_COVERAGE and count >= DIAMOND_PEOPLE:
        return "diamond"
    return "between"


def coverage(
    contacts: pd.DataFrame, *, min_influence: int = DECISION_INFLUENCE, without: Sequence[str] = ()
) -> pd.DataFrame:
    """How well Aldmoor reaches each customer's buying centre, one row per customer.

    Columns: ``contacts`` (people known), ``reached`` (met by at least one Aldmoor person),
    ``decision_makers`` and ``decision_makers_reached`` (see :func:`is_decision_maker`),
    ``coverage`` (decision makers reached over decision makers), ``all_contacts_coverage``
    (reached over all contacts, for comparison), ``aldmoor_people`` (different Aldmoor people who
    meet a decision maker) and ``shape`` (:func:`relationship_shape`).

    ``without`` lists Aldmoor people (job titles) to leave out, as if they had left: what would
    remain of the relationship.

    >>> c = pd.DataFrame({"contact_id": ["P1", "P2"], "customer_id": ["C1", "C1"],
    ...                   "buying_role": ["decider", "buyer"], "influence": [5, 4],
    ...                   "aldmoor_contacts": ["CEO", "Sales rep"]})
    >>> coverage(c)["coverage"].tolist(), coverage(c, without=["Sales rep"])["coverage"].tolist()
    ([1.0], [0.5])
    """
    frame = check_contacts(contacts)
    if isinstance(without, str) or not isinstance(without, Sequence | set | frozenset):
        raise TypeError(f"without must be a list of Aldmoor job titles, e.g. ['Sales rep'], got {without!r}")
    gone = {str(w).strip() for w in without}
    people = aldmoor_people(frame).map(lambda plist: [p for p in plist if p not in gone])
    reached = people.map(bool)
    decides = is_decision_maker(frame, min_influence=min_influence)
    rows = {}
    for customer, idx in frame.groupby("customer_id", sort=False).groups.items():
        dm = decides[idx]
        dm_reached = dm & reached[idx]
        met_by = {p for plist in people[idx][dm_reached] for p in plist}
        n_dm = int(dm.sum())
        share = float(dm_reached.sum()) / n_dm if n_dm else math.nan
        rows[customer] = {
            "contacts": len(idx),
            "reached": int(reached[idx].sum()),
            "decision_makers": n_dm,
            "decision_makers_reached": int(dm_reached.sum()),
            "coverage": share,
            "all_contacts_coverage": float(reached[idx].mean()),
            "aldmoor_people": len(met_by),
            "shape": relationship_shape(share, len(met_by)) if n_dm else "no decision makers known",
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "customer_id"
    return out


# ------------------------------------------------------------------------------ service level


def otif(orders: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """On time and in full, per customer: the share of orders that arrived by the promised date, complete.

    Columns: ``orders``, ``on_time`` (delivered on or before the promised date), ``in_full`` and
    ``otif`` (both), as shares of the customer's orders placed in ``year`` (all years if None).

    >>> o = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                   "order_date": pd.to_datetime(["2025-01-02", "2025-03-01", "2025-05-05"]),
    ...                   "promised_date": pd.to_datetime(["2025-01-10", "2025-03-05", "2025-05-09"]),
    ...                   "delivered_date": pd.to_datetime(["2025-01-09", "2025-03-08", "2025-05-09"]),
    ...                   "delivered_in_full": [True, True, False]})
    >>> otif(o, year=2025)["otif"].to_dict()
    {'A': 0.5, 'B': 0.0}
    """
    needed = ["customer_id", "order_date", "promised_date", "delivered_date", "delivered_in_full"]
    frame = _checks.frame(orders, "orders", needed)
    for col in ("order_date", "promised_date", "delivered_date"):
        if not pd.api.types.is_datetime64_any_dtype(frame[col]):
            raise TypeError(
                f"orders[{col!r}] must hold dates (dtype datetime64), got {frame[col].dtype}; "
                f"convert with pd.to_datetime(orders[{col!r}])"
            )
    if not pd.api.types.is_bool_dtype(frame["delivered_in_full"]):
        raise TypeError(
            f"orders['delivered_in_full'] must be True/False, got dtype {frame['delivered_in_full'].dtype}"
        )
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int | np.integer):
            raise TypeError(f"year must be a whole year such as 2025, got {year!r}")
        frame = frame[frame["order_date"].dt.year == int(year)]
        if frame.empty:
            raise ValueError(f"orders has no order placed in {year}")
    on_time = frame["delivered_date"] <= frame["promised_date"]
    table = pd.DataFrame(
        {
            "customer_id": frame["customer_id"],
            "on_time": on_time,
            "in_full": frame["delivered_in_full"],
            "otif": on_time & frame["delivered_in_full"],
        }
    )
    out = table.groupby("customer_id").agg(
        orders=("otif", "size"),
        on_time=("on_time", "mean"),
        in_full=("in_full", "mean"),
        otif=("otif", "mean"),
    )
    return out


# ------------------------------------------------------------------------------ the objective


def target_economics(
    *,
    wallet_eur: float,
    wallet_growth: float,
    base_year: int,
    target_year: int,
    target_share: float,
    gross_margin_rate: float,
    cost_to_serve_rate: float,
    offer_cost_eur: float = 0.0,
) -> dict[str, float]:
    """What a share-of-wallet target means: the customer's wallet then, our revenue, our profit.

    The wallet grows at ``wallet_growth`` a year, compounded from ``base_year`` (when it was
    ``wallet_eur``) to ``target_year``. Revenue is ``target_share`` of that wallet. Profit after
    cost to serve keeps today's gross margin and cost to serve per euro of revenue, less the yearly
    cost of the differentiated offer. Returns ``wallet_eur``, ``revenue_eur``, ``gross_margin_eur``,
    ``cost_to_serve_eur`` (offer included) and ``profit_eur``.

    >>> e = target_economics(wallet_eur=1_000_000, wallet_growth=0.10, base_year=2025, target_year=2027,
    ...                      target_share=0.25, gross_margin_rate=0.20, cost_to_serve_rate=0.05,
    ...                      offer_cost_eur=10_000)
    >>> {k: round(v) for k, v in e.items()}
    {'wallet_eur': 1210000, 'revenue_eur': 302500, 'gross_margin_eur': 60500, 'cost_to_serve_eur': 25125, \
'profit_eur': 35375}
    """
    wallet = _checks.number(wallet_eur, "wallet_eur", min_value=0)
    growth = _checks.number(wallet_growth, "wallet_growth", min_value=-1, min_inclusive=False)
    for label, value in (("base_year", base_year), ("target_year", target_year)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise TypeError(f"{label} must be a whole year such as 2025, got {value!r}")
    if target_year < base_year:
        raise ValueError(f"target_year {target_year} is before base_year {base_year}")
    share = _checks.number(target_share, "target_share", min_value=0, max_value=1)
    gm = _checks.number(gross_margin_rate, "gross_margin_rate", min_value=-1, max_value=1)
    cts = _checks.number(cost_to_serve_rate, "cost_to_serve_rate", min_value=0, max_value=1)
    offer = _checks.number(offer_cost_eur, "offer_cost_eur", min_value=0)
    wallet_then = wallet * (1 + growth) ** (int(target_year) - int(base_year))
    revenue = share * wallet_then
    margin = gm * revenue
    cost = cts * revenue + offer
    return {
        "wallet_eur": wallet_then,
        "revenue_eur": revenue,
        "gross_margin_eur": margin,
        "cost_to_serve_eur": cost,
        "profit_eur": margin - cost,
    }


# ------------------------------------------------------------------------------ who does what

#: The letters of a RACI table: Responsible (does the work), Accountable (answers for it),
#: Consulted, Informed; an empty cell means the role takes no part.
RACI = ("R", "A", "C", "I")


def check_raci(raci: pd.DataFrame) -> pd.DataFrame:
    """Check a RACI table (activities down, roles across) and return it.

    Every cell is ``R``, ``A``, ``C``, ``I`` or empty, and every activity has exactly one ``A``:
    one role answers for it, even when several do the work.

    >>> check_raci(pd.DataFrame({"KAM": ["A", "R"], "sponsor": ["C", "A"]}, index=["plan", "visits"])).shape
    (2, 2)
    >>> check_raci(pd.DataFrame({"KAM": ["A"], "sponsor": ["A"]}, index=["plan"]))
    Traceback (most recent call last):
    ...
    ValueError: raci: 'plan' has 2 roles accountable (KAM, sponsor); give it exactly one A
    """
    frame = _checks.frame(raci, "raci")
    for activity, row in frame.iterrows():
        for role, letter in row.items():
            text = "" if letter is None or (isinstance(letter, float) and math.isnan(letter)) else letter
            if not isinstance(text, str) or text.strip().upper() not in (*RACI, ""):
                raise ValueError(
                    f"raci: {activity!r} has {letter!r} for {role!r}; use R, A, C, I or leave it empty"
                )
        accountable = [str(r) for r, v in row.items() if isinstance(v, str) and v.strip().upper() == "A"]
        if len(accountable) != 1:
            who = f" ({', '.join(accountable)})" if accountable else ""
            raise ValueError(
                f"raci: {activity!r} has {len(accountable)} roles accountable{who}; give it exactly one A"
            )
    return frame


# ------------------------------------------------------------------------------ the scorecard

#: What a scorecard row holds: the measure, its unit, the value today, the target at the next
#: review, and whether higher or lower is better.
SCORECARD_COLUMNS: tuple[str, ...] = ("measure", "unit", "today", "target", "better")
UNITS: tuple[str, ...] = ("EUR", "share", "count", "score")


def scorecard(rows: Sequence[Mapping[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """A KAM scorecard: each measure with today's value, its target and a status.

    Each row has :data:`SCORECARD_COLUMNS` (``unit`` one of :data:`UNITS`; ``better`` ``"higher"`` or
    ``"lower"``) and may have a ``note``. Status: **met** when today meets the target, **close**
    when it falls short by no more than a tenth of the target, **gap** otherwise.

    >>> card = scorecard([{"measure": "OTIF", "unit": "share", "today": 0.83, "target": 0.95,
    ...                    "better": "higher"}])
    >>> card.loc[0, ["measure", "status", "shown_today"]].tolist()
    ['OTIF', 'gap', '83 %']
    """
    frame = pd.DataFrame(list(rows)) if not isinstance(rows, pd.DataFrame) else rows.copy()
    frame = _checks.frame(frame, "scorecard rows", SCORECARD_COLUMNS).reset_index(drop=True)
    _checks.numeric_columns(frame, "scorecard rows", ["today", "target"])
    for col, allowed in (("unit", UNITS), ("better", ("higher", "lower"))):
        bad = ~frame[col].isin(allowed).to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"scorecard row {i} ({frame.loc[i, 'measure']!r}) has {col} {frame.loc[i, col]!r}; "
                f"use one of {', '.join(map(repr, allowed))}"
            )
    for optional in ("by", "note"):
        if optional not in frame.columns:
            frame[optional] = ""
        frame[optional] = frame[optional].fillna("").astype(str)
    gap = np.where(
        frame["better"] == "higher", frame["target"] - frame["today"], frame["today"] - frame["target"]
    )
    slack = 0.1 * frame["target"].abs().to_numpy()
    frame["status"] = np.where(gap <= 1e-12, "met", np.where(gap <= slack, "close", "gap"))
    frame["shown_today"] = [_shown(v, u) for v, u in zip(frame["today"], frame["unit"])]
    frame["shown_target"] = [_shown(v, u) for v, u in zip(frame["target"], frame["unit"])]
    return frame


def _shown(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:.1f} %" if abs(value) < 0.1 else f"{100 * value:.0f} %"
    if unit == "EUR":
        return f"EUR {value / 1e6:,.2f} million" if abs(value) >= 1e6 else f"EUR {value:,.0f}"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) < 10 else f"{value:,.0f}"


# ------------------------------------------------------------------------------ the one-page plan

#: The sections of a plan, the kind each holds, and what it means.
PLAN_SECTIONS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "account": (str, "the customer's name"),
    "prepared_by": (str, "who wrote the plan"),
    "period": (str, "the years the plan covers, e.g. '2026 to 2028'"),
    "business": (str, "the customer's business and what it needs, in two or three sentences"),
    "buying_criteria": (list, "the customer's key buying criteria: (criterion, weight, ours, rival) rows"),
    "buying_centre": (str, "who decides, whom we reach, the shape and stage of the relationship"),
    "value_proposition": (str, "the offer and the value it creates for the customer, in numbers"),
    "objective": (str, "the share-of-wallet target and what it means in revenue and profit"),
    "strategy": (str, "how we will get there, in two or three sentences"),
    "actions": (list, "(what, who, by when) rows"),
    "team": (list, "(role, person, responsible for) rows"),
    "governance": (list, "(meeting, who, how often) rows"),
    "risks": (str, "what could go wrong, for the customer and for us, and what we do about it"),
    "scorecard": (pd.DataFrame, "the scorecard (see scorecard())"),
}
_ROW_SIZES = {"buying_criteria": 4, "actions": 3, "team": 3, "governance": 3}

_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Key account plan: {{ p.account }}</title>
<style>
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 9.2pt; line-height: 1.32;
       color: #1d2733; margin: 0; background: #fff; }
.page { max-width: 190mm; margin: 0 auto; padding: 6mm 0; }
header { border-bottom: 3px solid #2b6ca3; padding-bottom: 2.5mm; margin-bottom: 3mm; }
h1 { font-size: 16pt; margin: 0; color: #2b6ca3; }
.sub { color: #4a5a6a; margin-top: 1mm; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 2.6mm 5mm; }
section { break-inside: avoid; }
h2 { font-size: 9.8pt; text-transform: uppercase; letter-spacing: 0.04em; color: #2b6ca3;
     border-bottom: 1px solid #c9d6e3; margin: 0 0 1.2mm 0; padding-bottom: 0.6mm; }
p { margin: 0 0 1.2mm 0; }
table { width: 100%; border-collapse: collapse; font-size: 8.4pt; }
th, td { text-align: left; padding: 0.7mm 1.2mm; border-bottom: 1px solid #e3e9ef; vertical-align: top; }
th { color: #4a5a6a; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.wide { grid-column: 1 / 3; }
.status { font-weight: 600; border-radius: 2px; padding: 0 1.4mm; white-space: nowrap; }
.met { background: #d9f0e3; color: #14633a; }
.close { background: #fdf0cf; color: #7a5200; }
.gap { background: #f8dcd8; color: #8f2418; }
td.by { white-space: nowrap; }
@media print {
  body { font-size: 8.3pt; line-height: 1.25; }
  table { font-size: 7.5pt; }
  th, td { padding: 0.45mm 1mm; }
  .page { padding: 0; }
  .grid { gap: 2mm 4mm; }
}
footer { margin-top: 3mm; color: #6b7a89; font-size: 7.6pt; border-top: 1px solid #c9d6e3;
         padding-top: 1.2mm; }
</style></head>
<body><div class="page">
<header>
  <h1>Key account plan: {{ p.account }}</h1>
  <div class="sub">{{ p.period }} &middot; prepared by {{ p.prepared_by }}</div>
</header>
<div class="grid">
<section><h2>1. The customer</h2><p>{{ p.business }}</p>
  <table><tr><th>key buying criterion</th><th class="num">weight</th><th class="num">us</th>
  <th class="num">best rival</th></tr>
  {% for c, w, us, them in p.buying_criteria %}<tr><td>{{ c }}</td><td class="num">{{ pct(w) }}</td>
  <td class="num">{{ us }}</td><td class="num">{{ them }}</td></tr>{% endfor %}</table></section>
<section><h2>2. The buying centre and the relationship</h2><p>{{ p.buying_centre }}</p></section>
<section><h2>3. Value proposition</h2><p>{{ p.value_proposition }}</p></section>
<section><h2>4. Objective and strategy</h2><p><strong>Objective.</strong> {{ p.objective }}</p>
  <p><strong>Strategy.</strong> {{ p.strategy }}</p></section>
<section class="wide"><h2>5. Actions</h2><table><tr><th>what</th><th>who</th><th>by when</th></tr>
  {% for what, who, when in p.actions %}<tr><td>{{ what }}</td><td>{{ who }}</td><td>{{ when }}</td></tr>
  {% endfor %}</table></section>
<section><h2>6. Account team</h2><table><tr><th>role</th><th>person</th><th>responsible for</th></tr>
  {% for role, who, what in p.team %}<tr><td>{{ role }}</td><td>{{ who }}</td><td>{{ what }}</td></tr>
  {% endfor %}</table></section>
<section><h2>7. Reviews and escalation</h2><table><tr><th>meeting</th><th>who</th><th>how often</th></tr>
  {% for what, who, when in p.governance %}<tr><td>{{ what }}</td><td>{{ who }}</td><td>{{ when }}</td></tr>
  {% endfor %}</table></section>
<section class="wide"><h2>8. Scorecard</h2><table><tr><th>measure</th><th class="num">today</th>
  <th class="num">target</th><th>by</th><th>status</th><th>note</th></tr>
  {% for r in card %}<tr><td>{{ r.measure }}</td><td class="num">{{ r.shown_today }}</td>
  <td class="num">{{ r.shown_target }}</td><td class="by">{{ r.by }}</td>
  <td><span class="status {{ r.status }}">{{ r.status }}</span></td>
  <td>{{ r.note }}</td></tr>
  {% endfor %}</table></section>
<section class="wide"><h2>9. Risks</h2><p>{{ p.risks }}</p></section>
</div>
<footer>KAM Lab, the capstone. Aldmoor Flow Systems and its customers are invented. Numbers from the course's
data; the plan's words are the author's.</footer>
</div></body></html>
"""


def _plan(plan: Any) -> dict[str, Any]:
    if not isinstance(plan, Mapping):
        raise TypeError(f"plan must be a dict of its sections, got {type(plan).__name__}")
    missing = [k for k in PLAN_SECTIONS if k not in plan]
    if missing:
        raise ValueError(
            f"plan has no {missing[0]!r} section ({PLAN_SECTIONS[missing[0]][1]}); "
            f"a plan needs {', '.join(PLAN_SECTIONS)}"
        )
    unknown = [k for k in plan if k not in PLAN_SECTIONS]
    if unknown:
        raise ValueError(
            f"plan has {unknown[0]!r}, which is not a section; the sections are {', '.join(PLAN_SECTIONS)}"
        )
    out: dict[str, Any] = {}
    for key, (kind, meaning) in PLAN_SECTIONS.items():
        value = plan[key]
        if isinstance(value, tuple) and kind is list:
            value = list(value)
        if not isinstance(value, kind):
            raise TypeError(f"plan[{key!r}] should be {meaning}; got {type(value).__name__}")
        if isinstance(value, str) and not value.strip():
            raise ValueError(f"plan[{key!r}] is empty; write {meaning}")
        if key in _ROW_SIZES:
            if not value:
                raise ValueError(f"plan[{key!r}] has no rows; give {meaning}")
            for i, row in enumerate(value, start=1):
                if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != _ROW_SIZES[key]:
                    size = len(row) if isinstance(row, Sequence) and not isinstance(row, str) else 1
                    raise ValueError(
                        f"plan[{key!r}] row {i} has {size} item(s): {row!r}; "
                        f"each row is {meaning.split(': ')[-1]}"
                    )
        out[key] = value
    return out


def render_plan(plan: Mapping[str, Any]) -> str:
    """The one-page key account plan as an HTML page (A4 when printed), from the plan's sections.

    ``plan`` maps every key of :data:`PLAN_SECTIONS` to its content; the text is escaped, so a plan
    can say "cost < value" safely. Raises a message naming the section that is missing or malformed.
    """
    import jinja2

    sections = _plan(plan)
    card = scorecard(sections["scorecard"])
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals["pct"] = lambda w: f"{100 * float(w):.0f} %"
    return env.from_string(_TEMPLATE).render(p=sections, card=card.to_dict("records"))


def show_plan(html: str, *, height: int = 1150, file_name: str = "key_account_plan.html") -> Any:
    """Show the plan in the notebook, with a link that downloads it as an HTML file.

    Nothing is written to disk: the page is shown in a frame of its own, so its style does not
    leak into the notebook, and the download link carries the page itself.
    """
    from IPython.display import HTML

    if not isinstance(html, str) or "<html" not in html:
        raise TypeError("html must be the page render_plan() returns")
    data = base64.b64encode(html.encode("utf-8")).decode("ascii")
    frame = html_lib.escape(html, quote=True)
    return HTML(
        f'<p><a download="{html_lib.escape(file_name)}" href="data:text/html;base64,{data}">'
        f"Download the plan ({html_lib.escape(file_name)})</a>: open it in a browser and print it, "
        "or save it as PDF.</p>"
        f'<iframe srcdoc="{frame}" style="width: 100%; max-width: 860px; height: {int(height)}px; '
        'border: 1px solid #c9d6e3;"></iframe>'
    )


def save_plan(html: str, path: str | Path) -> Path:
    """Write the plan's HTML to ``path`` (UTF-8) and return the path."""
    if not isinstance(html, str) or "<html" not in html:
        raise TypeError("html must be the page render_plan() returns")
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"path should end in .html, got {str(path)!r}")
    target.write_text(html, encoding="utf-8")
    return target


BROWSERS: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def save_pdf(html: str, path: str | Path, *, browser: str | None = None, timeout: float = 60.0) -> Path:
    """Print the plan to a PDF file with a headless Chromium or Chrome, if one is installed.

    Raises ``RuntimeError`` saying what to do when no browser is found (the HTML file prints to PDF
    from any browser's print dialog too).
    """
    if not isinstance(html, str) or "<html" not in html:
        raise TypeError("html must be the page render_plan() returns")
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        raise ValueError(f"path should end in .pdf, got {str(path)!r}")
    exe = browser or next((b for b in BROWSERS if shutil.which(b)), None)
    if exe is None or shutil.which(exe) is None:
        raise RuntimeError(
            "no Chromium or Chrome found to print the PDF; open the HTML file in a browser and print it "
            "to PDF instead (or install Chromium, e.g. `sudo apt-get install chromium`)"
        )
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "plan.html"
        page.write_text(html, encoding="utf-8")
        command = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target.resolve()}",
            page.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not target.exists():
        raise RuntimeError(
            f"{exe} could not print the PDF (exit {done.returncode}): {done.stderr.strip()[-300:]}"
        )
    return target
