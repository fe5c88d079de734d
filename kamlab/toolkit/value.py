"""Value for the customer: total cost of ownership, value-in-use, the customer's view of strength (Step 8).

A customer who buys a pump pays for it more than once: the price today, then energy, downtime and
maintenance every year of the pump's life. The **total cost of ownership** (TCO) adds them up in
today's euros. With a yearly running cost ``c`` paid at the end of each of ``T`` years and a discount
rate ``d``:

    TCO = price + c / (1 + d) + c / (1 + d)**2 + ... + c / (1 + d)**T = price + c * A(d, T)

where ``A(d, T) = (1 - (1 + d)**-T) / d`` is the *annuity factor*: what EUR 1 a year for ``T`` years is
worth today. The price is paid today and is not discounted.

**Value-in-use** is what the customer gains, in today's euros, by choosing our offer rather than
its next best alternative: the rival's TCO minus ours. Add it to our price and you have the
**price ceiling**: the price at which the customer would be indifferent between the two offers.

An *offers* table has one row per offer (its index names the offer) and the columns
:data:`OFFER_COLUMNS`: ``price_eur`` (paid today), ``energy_kwh_per_year``,
``downtime_hours_per_year`` and ``maintenance_eur_per_year``. The customer's own rates (its energy
price, what an hour of a stopped line costs it, its discount rate) and the equipment's life are
arguments, because they belong to the customer, not to the offer.

The worked example of the capstone, by hand and here: a 5-year life, 8 % a year, EUR 0.20 per kWh,
EUR 1,000 per hour of downtime.

>>> offers = pd.DataFrame(
...     {"price_eur": [12_000.0, 9_500.0], "energy_kwh_per_year": [20_000.0, 23_000.0],
...      "downtime_hours_per_year": [3.0, 5.0], "maintenance_eur_per_year": [600.0, 900.0]},
...     index=["aldmoor", "rival"])
>>> round(annuity_factor(0.08, 5), 6)
3.99271
>>> t = tco(offers, life_years=5, discount_rate=0.08, energy_eur_per_kwh=0.20, downtime_eur_per_hour=1_000)
>>> t["tco_eur"].round(2).to_dict()
{'aldmoor': 42344.6, 'rival': 51423.46}
>>> round(value_in_use(t, "aldmoor", "rival"), 2), round(price_ceiling(t, "aldmoor", "rival"), 2)
(9078.86, 21078.86)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamlab import _checks

__all__ = [
    "COST_PARTS",
    "KBC_COLUMNS",
    "OFFER_COLUMNS",
    "annuity_factor",
    "break_even_year",
    "cumulative_cost",
    "discount_factors",
    "price_ceiling",
    "relative_strength",
    "running_costs",
    "tco",
    "value_in_use",
]

#: What an offers table must hold: one row per offer.
OFFER_COLUMNS: tuple[str, ...] = (
    "price_eur",
    "energy_kwh_per_year",
    "downtime_hours_per_year",
    "maintenance_eur_per_year",
)
#: The parts of a TCO, in the order the tables and charts show them.
COST_PARTS: tuple[str, ...] = ("price_eur", "energy_eur", "downtime_eur", "maintenance_eur")
#: What a key-buying-criteria table must hold: one row per criterion.
KBC_COLUMNS: tuple[str, ...] = ("weight",)


def _life(life_years: object) -> int:
    if isinstance(life_years, bool) or not isinstance(life_years, int | np.integer):
        raise TypeError(f"life_years must be a whole number of years, got {life_years!r}")
    if life_years < 1:
        raise ValueError(f"life_years must be at least 1 year, got {life_years}")
    return int(life_years)


def _rate(rate: object) -> float:
    return _checks.number(rate, "discount_rate", min_value=0.0, max_value=1.0)


def discount_factors(discount_rate: float, life_years: int) -> pd.Series:
    """What EUR 1 paid at the end of each year 1..life is worth today: ``1 / (1 + d)**year``.

    >>> discount_factors(0.08, 3).round(6).tolist()
    [0.925926, 0.857339, 0.793832]
    """
    d, years = _rate(discount_rate), _life(life_years)
    index = pd.RangeIndex(1, years + 1, name="year")
    return pd.Series(1.0 / (1.0 + d) ** np.arange(1, years + 1), index=index, name="discount_factor")


def annuity_factor(discount_rate: float, life_years: int) -> float:
    """What EUR 1 a year, paid at the end of each year for ``life_years`` years, is worth today.

    ``(1 - (1 + d)**-T) / d``, or ``T`` when ``d`` is 0 (money not discounted).

    >>> round(annuity_factor(0.10, 7), 6)
    4.868419
    >>> annuity_factor(0.0, 4)
    4.0
    """
    d, years = _rate(discount_rate), _life(life_years)
    if d == 0:
        return float(years)
    return (1.0 - (1.0 + d) ** -years) / d


def _offers(offers: object) -> pd.DataFrame:
    frame = _checks.frame(offers, "offers", OFFER_COLUMNS)
    _checks.numeric_columns(frame, "offers", OFFER_COLUMNS, min_value=0)
    _checks.unique_index(frame, "offers", "offer")
    return frame


def running_costs(
    offers: pd.DataFrame, *, energy_eur_per_kwh: float, downtime_eur_per_hour: float
) -> pd.DataFrame:
    """Each offer's yearly running cost in euros: energy, downtime, maintenance and their sum ``running_eur``.

    >>> o = pd.DataFrame({"price_eur": [1.0], "energy_kwh_per_year": [1000.0],
    ...                   "downtime_hours_per_year": [2.0], "maintenance_eur_per_year": [50.0]}, index=["x"])
    >>> running_costs(o, energy_eur_per_kwh=0.2, downtime_eur_per_hour=100).loc["x"].tolist()
    [200.0, 200.0, 50.0, 450.0]
    """
    frame = _offers(offers)
    energy = _checks.number(energy_eur_per_kwh, "energy_eur_per_kwh", min_value=0)
    downtime = _checks.number(downtime_eur_per_hour, "downtime_eur_per_hour", min_value=0)
    out = pd.DataFrame(
        {
            "energy_eur": frame["energy_kwh_per_year"].astype("float64") * energy,
            "downtime_eur": frame["downtime_hours_per_year"].astype("float64") * downtime,
            "maintenance_eur": frame["maintenance_eur_per_year"].astype("float64"),
        },
        index=frame.index,
    )
    out["running_eur"] = out.sum(axis=1)
    return out


def tco(
    offers: pd.DataFrame,
    *,
    life_years: int,
    discount_rate: float,
    energy_eur_per_kwh: float,
    downtime_eur_per_hour: float,
) -> pd.DataFrame:
    """Each offer's total cost of ownership over the life, in today's euros, and its parts.

    Columns: ``price_eur`` (paid today, not discounted), ``energy_eur``, ``downtime_eur`` and
    ``maintenance_eur`` (each the present value of a yearly cost paid at the end of years 1 to
    ``life_years``), and ``tco_eur``, their sum. One row per offer, in the offers' order.
    """
    frame = _offers(offers)
    yearly = running_costs(
        frame, energy_eur_per_kwh=energy_eur_per_kwh, downtime_eur_per_hour=downtime_eur_per_hour
    )
    factor = annuity_factor(discount_rate, life_years)
    out = pd.DataFrame({"price_eur": frame["price_eur"].astype("float64")}, index=frame.index)
    for part in ("energy_eur", "downtime_eur", "maintenance_eur"):
        out[part] = yearly[part] * factor
    out["tco_eur"] = out[list(COST_PARTS)].sum(axis=1)
    out.index.name = frame.index.name or "offer"
    return out


def _pair(table: object, ours: object, rival: object, column: str) -> tuple[pd.DataFrame, str, str]:
    frame = _checks.frame(table, "tco_table", [column])
    for role, key in (("ours", ours), ("rival", rival)):
        if key not in frame.index:
            raise ValueError(
                f"{role}={key!r} is not an offer of the table; its offers are {list(map(str, frame.index))}"
            )
    if ours == rival:
        raise ValueError(f"ours and rival are both {ours!r}; compare two different offers")
    return frame, str(ours), str(rival)


def value_in_use(tco_table: pd.DataFrame, ours: str, rival: str) -> float:
    """What the customer gains by choosing ``ours`` over ``rival``: the rival's TCO minus ours (EUR today).

    Negative when our offer costs the customer more over the life than the rival's.

    >>> t = pd.DataFrame({"tco_eur": [100.0, 130.0]}, index=["us", "them"])
    >>> value_in_use(t, "us", "them")
    30.0
    """
    frame, ours, rival = _pair(tco_table, ours, rival, "tco_eur")
    return float(frame.loc[rival, "tco_eur"] - frame.loc[ours, "tco_eur"])


def price_ceiling(tco_table: pd.DataFrame, ours: str, rival: str) -> float:
    """The price of ``ours`` at which its TCO would equal the rival's: our price plus the value-in-use.

    >>> t = pd.DataFrame({"price_eur": [60.0, 40.0], "tco_eur": [100.0, 130.0]}, index=["us", "them"])
    >>> price_ceiling(t, "us", "them")
    90.0
    """
    frame, ours, rival = _pair(tco_table, ours, rival, "price_eur")
    return float(frame.loc[ours, "price_eur"]) + value_in_use(frame, ours, rival)


def cumulative_cost(
    offers: pd.DataFrame,
    *,
    life_years: int,
    discount_rate: float,
    energy_eur_per_kwh: float,
    downtime_eur_per_hour: float,
) -> pd.DataFrame:
    """Each offer's discounted cost paid so far, year 0 (the price) to the end of the life.

    Rows are years 0..life, columns the offers; the last row is each offer's TCO.

    >>> o = pd.DataFrame({"price_eur": [100.0], "energy_kwh_per_year": [0.0],
    ...                   "downtime_hours_per_year": [0.0], "maintenance_eur_per_year": [11.0]}, index=["x"])
    >>> cumulative_cost(o, life_years=2, discount_rate=0.1, energy_eur_per_kwh=0,
    ...                 downtime_eur_per_hour=0)["x"].round(2).tolist()
    [100.0, 110.0, 119.09]
    """
    frame = _offers(offers)
    yearly = running_costs(
        frame, energy_eur_per_kwh=energy_eur_per_kwh, downtime_eur_per_hour=downtime_eur_per_hour
    )["running_eur"]
    factors = discount_factors(discount_rate, life_years)
    paid = pd.DataFrame(
        np.outer(factors.to_numpy(), yearly.to_numpy()), index=factors.index, columns=frame.index
    )
    start = pd.DataFrame([frame["price_eur"].astype("float64").to_numpy()], index=[0], columns=frame.index)
    out = pd.concat([start, paid]).cumsum()
    out.index.name = "year"
    return out


def break_even_year(cumulative: pd.DataFrame, ours: str, rival: str) -> int | None:
    """The first year at whose end ``ours`` has cost the customer no more than ``rival`` so far.

    0 if ours is no dearer from the start; ``None`` if it never catches up within the life.

    >>> c = pd.DataFrame({"us": [10.0, 12.0, 14.0], "them": [8.0, 11.0, 14.5]})
    >>> break_even_year(c, "us", "them")
    2
    """
    frame = _checks.frame(cumulative, "cumulative")
    for key in (ours, rival):
        if key not in frame.columns:
            raise ValueError(f"{key!r} is not a column of cumulative; it has {list(map(str, frame.columns))}")
    ahead = (frame[ours] <= frame[rival] + 1e-9).to_numpy()
    if not ahead.any():
        return None
    return int(frame.index[int(np.argmax(ahead))])


def relative_strength(kbc: pd.DataFrame, ours: str = "aldmoor", rival: str = "rival") -> dict[str, float]:
    """The customer's view of our strength: weighted scores on its key buying criteria, and their ratio.

    ``kbc`` has one row per key buying criterion, a ``weight`` column (the customer's weights, adding
    up to 1) and one column of scores per supplier (as the customer rates them, any one scale).
    Returns ``{ours: weighted score, rival: weighted score, "ratio": ours / rival}``: a ratio above 1
    means the customer rates us stronger than the rival on what matters to it.

    >>> kbc = pd.DataFrame({"weight": [0.6, 0.4], "us": [8, 5], "them": [6, 7]}, index=["uptime", "price"])
    >>> {k: round(v, 2) for k, v in relative_strength(kbc, "us", "them").items()}
    {'us': 6.8, 'them': 6.4, 'ratio': 1.06}
    """
    frame = _checks.frame(kbc, "kbc", [*KBC_COLUMNS, ours, rival])
    _checks.numeric_columns(frame, "kbc", ["weight", ours, rival], min_value=0)
    _checks.unique_index(frame, "kbc", "criterion")
    _checks.weights(
        {str(k): v for k, v in frame["weight"].items()}, "kbc['weight']", example="0.30 for uptime"
    )
    weight = frame["weight"].to_numpy(dtype="float64")
    score_ours = float(np.dot(weight, frame[ours].to_numpy(dtype="float64")))
    score_rival = float(np.dot(weight, frame[rival].to_numpy(dtype="float64")))
    if score_rival <= 0:
        raise ValueError(
            f"the rival {rival!r} scores 0 on every weighted criterion; the ratio has no meaning"
        )
    return {ours: score_ours, rival: score_rival, "ratio": score_ours / score_rival}
