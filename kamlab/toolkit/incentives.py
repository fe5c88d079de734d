"""Incentive plans for key account managers: what each one pays for.

A bonus budget is shared out over accounts in proportion to a metric. Pay on
revenue and the biggest accounts earn the biggest bonus, whether they make
money or not; pay on lifetime value (profit after cost to serve, with
retention and discounting) and an account that destroys value earns nothing.
Comparing the two splits of the same budget shows what behaviour each plan
buys.

- :func:`split_budget`: one plan, one metric, one budget;
- :func:`compare_plans`: several plans side by side, one column each;
- :func:`paid_for_value_destroyers`: the share of each plan's budget paid for
  accounts whose value is negative.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from kamlab import _checks


def _metric(values: object, name: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be one column (a Series), got a DataFrame; pick a column")
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series indexed by account, got {type(values).__name__}")
    frame = values.to_frame(name=name)
    _checks.frame(frame, name, [name])
    _checks.numeric_columns(frame, name, [name])
    if values.index.has_duplicates:
        dup = values.index[values.index.duplicated()][0]
        raise ValueError(f"{name} has account {dup!r} twice in its index; each must appear once")
    return values.astype("float64")


def split_budget(metric: pd.Series, budget: float) -> pd.Series:
    """Share ``budget`` over accounts in proportion to the positive part of ``metric``.

    An account with a metric at or below zero earns nothing: a plan cannot pay
    a negative bonus for one account and still be a bonus. The pay-outs add
    up to ``budget``.

    >>> split_budget(pd.Series({"A": 300.0, "B": 100.0, "C": -50.0}), 1000).tolist()
    [750.0, 250.0, 0.0]
    """
    values = _metric(metric, "metric")
    pool = _checks.number(budget, "budget", min_value=0)
    positive = values.clip(lower=0.0)
    total = float(positive.sum())
    if total <= 0:
        raise ValueError("metric has no account above 0, so there is nothing to share the budget by")
    return (positive / total * pool).rename("payout_eur")


def compare_plans(table: pd.DataFrame, plans: Mapping[str, str], budget: float) -> pd.DataFrame:
    """Pay-out per account under each plan, for the same ``budget``.

    ``plans`` maps a plan's name to the column of ``table`` it pays on, e.g.
    ``{"pay on revenue": "revenue_eur", "pay on lifetime value": "lifetime_value_eur"}``.
    Returns one column per plan (EUR), on the index of ``table``.

    >>> t = pd.DataFrame({"revenue_eur": [900.0, 100.0], "value_eur": [-20.0, 60.0]}, index=["K", "N"])
    >>> compare_plans(t, {"revenue": "revenue_eur", "value": "value_eur"}, 100).to_dict("list")
    {'revenue': [90.0, 10.0], 'value': [0.0, 100.0]}
    """
    if not isinstance(plans, Mapping) or not plans:
        raise TypeError("plans must be a non-empty dict of plan name -> column to pay on")
    columns = list(plans.values())
    _checks.frame(table, "table", columns)
    _checks.numeric_columns(table, "table", columns)
    out = pd.DataFrame(index=table.index)
    for plan, column in plans.items():
        try:
            out[plan] = split_budget(table[column].rename(column), budget).to_numpy()
        except ValueError as err:
            raise ValueError(f"plan {plan!r} pays on table[{column!r}]: {err}") from None
    return out


def paid_for_value_destroyers(payouts: pd.DataFrame, value: pd.Series) -> pd.Series:
    """Share of each plan's pay-out that goes to accounts whose ``value`` is below zero.

    ``payouts`` comes from :func:`compare_plans`; ``value`` (e.g. lifetime
    value or profit after cost to serve) must cover the same accounts.

    >>> p = pd.DataFrame({"revenue": [90.0, 10.0], "value": [0.0, 100.0]}, index=["K", "N"])
    >>> paid_for_value_destroyers(p, pd.Series({"K": -20.0, "N": 60.0})).tolist()
    [0.9, 0.0]
    """
    _checks.frame(payouts, "payouts", list(payouts.columns))
    _checks.numeric_columns(payouts, "payouts", list(payouts.columns), min_value=0)
    worth = _metric(value, "value")
    only = payouts.index.symmetric_difference(worth.index)
    if len(only):
        side = "payouts" if only[0] in payouts.index else "value"
        raise ValueError(
            f"account {only[0]!r} is in {side} but not in the other; both must cover the same accounts"
        )
    losing = (worth.reindex(payouts.index) < 0).to_numpy()
    totals = payouts.sum()
    if (totals <= 0).any():
        raise ValueError(f"plan {totals.index[(totals <= 0).to_numpy()][0]!r} pays nothing at all")
    return (payouts[losing].sum() / totals).rename("share_paid_for_value_destroyers")
