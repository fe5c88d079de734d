"""How revenue and profit are spread over customers.

- :func:`revenue_concentration`: the share of revenue from the top x % of customers;
- :func:`whale_curve` and :func:`whale_peak`: cumulative profit by customer rank,
  most profitable first, as a share of total profit; its peak shows how much
  profit the loss-making customers give back;
- :func:`share_of_wallet`: how much of each customer's category spend we win.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kamlab import _checks


def _series(values: object, name: str, *, min_value: float | None = None) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be one column (a Series), got a DataFrame; pick a column")
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series, got {type(values).__name__}")
    frame = values.to_frame(name="value")
    _checks.frame(frame, name, ["value"])
    try:
        _checks.numeric_columns(frame, name, ["value"], min_value=min_value)
    except (TypeError, ValueError) as err:
        raise type(err)(str(err).replace(f"{name}['value']", name)) from None
    if values.index.has_duplicates:
        dup = values.index[values.index.duplicated()][0]
        raise ValueError(f"{name} has customer {dup!r} twice in its index; each must appear once")
    return values.astype("float64")


def revenue_concentration(revenue: pd.Series, top_share: float = 0.2) -> float:
    """Share of total revenue that comes from the top ``top_share`` of customers.

    The number of top customers is ``ceil(top_share * n)``.

    >>> revenue_concentration(pd.Series([70.0, 10, 10, 5, 5]), top_share=0.2)
    0.7
    """
    values = _series(revenue, "revenue", min_value=0)
    share = _checks.number(top_share, "top_share", min_value=0, max_value=1, min_inclusive=False)
    total = float(values.sum())
    if total <= 0:
        raise ValueError("revenue adds up to 0; concentration needs some revenue")
    k = max(1, math.ceil(share * len(values) - 1e-9))
    top = np.sort(values.to_numpy())[::-1][:k]
    return float(top.sum() / total)


def whale_curve(profit: pd.Series) -> pd.DataFrame:
    """Cumulative profit by customer rank, most profitable first.

    Columns: ``rank`` (1 = most profitable), ``customer_share`` (share of
    customers up to this rank), ``profit_eur``, ``cumulative_profit_eur`` and
    ``cumulative_profit_share`` (cumulative profit over total profit, so the
    curve ends at 1.0). The index holds the customers. Total profit must be
    positive, or the shares have no meaning.

    >>> wc = whale_curve(pd.Series({"A": 30.0, "B": -10.0, "C": 5.0}))
    >>> wc["cumulative_profit_share"].round(2).tolist()
    [1.2, 1.4, 1.0]
    """
    values = _series(profit, "profit")
    total = float(values.sum())
    if total <= 0:
        raise ValueError(
            f"profit adds up to {total:,.2f}, not above 0; a whale curve shows shares of a "
            "positive total profit"
        )
    ordered = values.sort_values(ascending=False, kind="stable")
    n = len(ordered)
    cumulative = ordered.cumsum()
    return pd.DataFrame(
        {
            "rank": np.arange(1, n + 1),
            "customer_share": np.arange(1, n + 1) / n,
            "profit_eur": ordered.to_numpy(),
            "cumulative_profit_eur": cumulative.to_numpy(),
            "cumulative_profit_share": (cumulative / total).to_numpy(),
        },
        index=ordered.index,
    )


def whale_peak(profit: pd.Series) -> float:
    """Height of the whale curve: profit of all profitable customers over total profit.

    1.0 means no customer loses money; 2.0 means the loss-makers give back
    half of what the profitable customers earn.

    >>> whale_peak(pd.Series({"A": 30.0, "B": -10.0, "C": 5.0}))
    1.4
    """
    return float(whale_curve(profit)["cumulative_profit_share"].max())


def share_of_wallet(revenue: pd.Series, wallet: pd.Series) -> pd.Series:
    """Our revenue over the customer's total spend in our category, per customer.

    Both Series are indexed by customer; a customer in one and not the other
    is an error (it usually means the ids do not match).

    >>> share_of_wallet(pd.Series({"A": 20.0}), pd.Series({"A": 80.0})).tolist()
    [0.25]
    """
    rev = _series(revenue, "revenue", min_value=0)
    wal = _series(wallet, "wallet", min_value=0)
    only = rev.index.symmetric_difference(wal.index)
    if len(only):
        side = "revenue" if only[0] in rev.index else "wallet"
        raise ValueError(
            f"customer {only[0]!r} is in {side} but not in the other; "
            "revenue and wallet must cover the same customers"
        )
    wal = wal.reindex(rev.index)
    zero = (wal <= 0).to_numpy()
    if zero.any():
        raise ValueError(
            f"wallet is 0 for customer {wal.index[zero][0]!r}; share of wallet needs a wallet > 0"
        )
    over = (rev > wal * (1 + 1e-9)).to_numpy()
    if over.any():
        who = rev.index[over][0]
        raise ValueError(
            f"customer {who!r} has revenue {rev[who]:,.2f} above its wallet {wal[who]:,.2f}; "
            "a share of wallet above 100 % means the wallet estimate is too low"
        )
    return (rev / wal).rename("share_of_wallet")
