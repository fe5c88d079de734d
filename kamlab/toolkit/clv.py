"""Customer lifetime value: discounted, with retention, on profit after cost to serve.

A customer who earns us margin ``m`` a year, stays from one year to the next
with probability ``r`` (the retention rate) and whose future money we discount
at rate ``d`` is worth, with ``q = r / (1 + d)``:

- first margin at the end of year one (``timing="end"``):
  ``m * q * (1 - q**T) / (1 - q)`` over ``T`` years, ``m * r / (1 + d - r)`` for ever;
- first margin today (``timing="now"``):
  ``m * (1 - q**T) / (1 - q)`` over ``T`` years, ``m * (1 + d) / (1 + d - r)`` for ever.

``r / (1 + d - r)`` is the *margin multiple*: with 90 % retention and a 10 %
discount rate a customer is worth 4.5 years of today's margin, not 10.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from kamlab import _checks

T = TypeVar("T", float, np.ndarray, pd.Series)
TIMINGS = ("end", "now")


def _bounds(low: float | None, high: float | None, high_open: bool) -> str:
    if low is not None and high is not None:
        return f"in [{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f">= {low:g}"
    return f"{'<' if high_open else '<='} {high:g}"


def _as_array(value: Any, name: str, low: float | None, high: float | None, high_open: bool) -> np.ndarray:
    if isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a number, an array or a Series, got a DataFrame; pick one column")
    if isinstance(value, (pd.Series, np.ndarray, list, tuple)):
        series = value if isinstance(value, pd.Series) else None
        if series is not None:
            if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
                try:  # raises, naming the first row that is not a number
                    _checks.numeric_columns(series.to_frame(name="value"), name, ["value"])
                except TypeError as err:
                    raise TypeError(str(err).replace(f"{name}['value']", name)) from None
                raise TypeError(f"{name} must be numeric, got dtype {series.dtype}")
            _checks.unique_index(series, name, "customer")
        elif isinstance(value, np.ndarray) and value.dtype.kind not in "iuf":
            raise TypeError(f"{name} must hold numbers, got an array of dtype {value.dtype}")
        try:
            arr = (
                series.to_numpy(dtype="float64", na_value=np.nan)
                if series is not None
                else np.asarray(value, dtype="float64")
            )
        except (TypeError, ValueError):
            raise TypeError(f"{name} must hold numbers only, got {value!r:.80}") from None
        if arr.size == 0:
            raise ValueError(f"{name} is empty; give at least one value")

        def where(mask: np.ndarray) -> str:
            i = int(np.flatnonzero(mask)[0])
            spot = f"row {_checks._plain(series.index[i])!r}" if series is not None else f"position {i}"
            v = float(arr.flat[i])
            if np.isnan(v):
                shown = "a missing value (nan)"
            elif np.isinf(v):
                shown = f"an infinite value ({v!r})"
            else:
                shown = repr(v)
            return f"{name} has {shown} at {spot}"

        bad = ~np.isfinite(arr)
        if bad.any():
            raise ValueError(f"{where(bad)}; every value must be a finite number")
        out = (arr < low) if low is not None else np.zeros(arr.shape, dtype=bool)
        if high is not None:
            out |= arr >= high if high_open else arr > high
        if out.any():
            raise ValueError(f"{where(out)}; every value must be {_bounds(low, high, high_open)}")
        return arr
    return np.asarray(_checks.number(value, name, min_value=low, max_value=high, max_inclusive=not high_open))


def _align(margin: Any, retention: Any) -> Any:
    """Line a Series of retentions up with a Series of margins by customer, not by position."""
    if not (isinstance(margin, pd.Series) and isinstance(retention, pd.Series)):
        return retention
    if retention.index.equals(margin.index):
        return retention
    _checks.unique_index(retention, "retention", "customer")
    missing = margin.index.difference(retention.index, sort=False)
    if len(missing):
        raise ValueError(
            f"retention has no value for customer {missing[0]!r} that margin has; index both Series "
            "by customer (e.g. customers.set_index('customer_id')['expected_retention'])"
        )
    return retention.reindex(margin.index)


def margin_multiple(retention: float, discount_rate: float) -> float:
    """How many years of today's margin a customer is worth: ``r / (1 + d - r)``.

    The infinite-horizon lifetime value with the first margin at the end of
    the first year, divided by the margin.

    >>> round(margin_multiple(0.9, 0.1), 2)
    4.5
    """
    r = _checks.number(retention, "retention", min_value=0, max_value=1, max_inclusive=False)
    d = _checks.number(discount_rate, "discount_rate", min_value=-1, min_inclusive=False)
    if r / (1 + d) >= 1:
        raise ValueError(
            f"retention {r} with discount_rate {d} makes the series diverge "
            "(retention / (1 + discount_rate) must be < 1)"
        )
    return r / (1 + d - r)


def lifetime_value(
    margin: T,
    retention: float | np.ndarray | pd.Series,
    discount_rate: float,
    horizon: int | None = None,
    timing: str = "end",
) -> T:
    """Discounted lifetime value of a yearly margin with retention.

    Parameters
    ----------
    margin:
        Yearly margin after cost to serve (customer profit); a number, array
        or Series. Negative margins are allowed: such customers destroy value.
    retention:
        Probability a customer stays another year, in [0, 1); a number or one
        per customer.
    discount_rate:
        Yearly discount rate, > -1; with an infinite horizon,
        ``retention / (1 + discount_rate)`` must stay below 1.
    horizon:
        Number of yearly margins counted, or ``None`` for no limit.
    timing:
        ``"end"``: the first margin comes at the end of the first year, if the
        customer is still there. ``"now"``: the first margin is earned today.

    Returns the same kind of object as ``margin`` (a Series keeps its index).

    >>> round(lifetime_value(1000.0, 0.8, 0.1), 2)
    2666.67
    >>> round(lifetime_value(1000.0, 0.8, 0.1, horizon=1, timing="now"), 2)
    1000.0
    >>> round(lifetime_value(1000.0, 0.8, 0.1, horizon=2), 2)
    1256.2
    """
    timing = _checks.choice(timing, "timing", TIMINGS)
    m = _as_array(margin, "margin", None, None, False)
    r = _as_array(_align(margin, retention), "retention", 0.0, 1.0, True)
    d = float(_checks.number(discount_rate, "discount_rate", min_value=-1, min_inclusive=False))
    if r.ndim and m.ndim and r.shape != m.shape:
        raise ValueError(
            f"retention has {r.size} values but margin has {m.size}; give one retention per margin "
            "or a single number"
        )
    q = r / (1.0 + d)
    if horizon is None:
        if (q >= 1).any():
            raise ValueError(
                f"discount_rate {d} with retention up to {float(np.max(r))} makes the infinite "
                "series diverge (retention / (1 + discount_rate) must be < 1); "
                "use a higher discount rate or a finite horizon"
            )
        factor = 1.0 / (1.0 - q)
    else:
        if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)):
            raise TypeError(f"horizon must be a whole number of years or None, got {horizon!r}")
        if horizon < 0:
            raise ValueError(f"horizon must be >= 0 years, got {horizon}")
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(
                np.isclose(q, 1.0), float(horizon), (1.0 - q**horizon) / np.where(q == 1, 2, 1 - q)
            )
    if timing == "end":
        factor = factor * q
    value = m * factor
    if isinstance(margin, pd.Series):
        return pd.Series(value, index=margin.index, name="lifetime_value_eur")  # type: ignore[return-value]
    if isinstance(margin, (np.ndarray, list, tuple)) or np.ndim(value):
        return np.asarray(value)  # type: ignore[return-value]
    return float(value)  # type: ignore[return-value]


def _buyers(orders: pd.DataFrame, year: int) -> set[str]:
    """The customers with at least one order dated in ``year``."""
    mask = orders["order_date"].dt.year.to_numpy() == year
    return set(orders["customer_id"].to_numpy()[mask].astype(str))


def realised_retention(orders: pd.DataFrame, year: int, customers: Iterable[str] | None = None) -> float:
    """What the books show: the share of last year's customers who still bought in ``year``.

    ``customers`` are the accounts followed (for instance the key accounts of the programme
    after last year's review); by default, every customer with an order in ``year - 1``. A
    customer is kept if it has at least one order dated in ``year``. Set it against the account
    teams' ``expected_retention``: an estimate is only as good as the books say it was.

    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "C", "A", "C"],
    ...                        "order_date": pd.to_datetime(["2024-02-01", "2024-05-01", "2024-07-01",
    ...                                                      "2025-03-01", "2025-09-01"])})
    >>> realised_retention(orders, 2025)  # A and C of A, B, C bought again
    0.6666666666666666
    >>> realised_retention(orders, 2025, ["A", "B"])
    0.5
    """
    _checks.frame(orders, "orders", ["customer_id", "order_date"])
    _checks.text_columns(orders, "orders", ["customer_id"])
    if not pd.api.types.is_datetime64_any_dtype(orders["order_date"]):
        raise TypeError(
            f"orders['order_date'] must be dates (datetime64), got {orders['order_date'].dtype}; "
            "convert with pd.to_datetime or load it with kamlab.load"
        )
    _checks.no_missing(orders, "orders", ["order_date"])
    value = _checks.number(year, "year")
    if value != round(value):
        raise ValueError(f"year must be a whole number, got {year!r}")
    year = int(value)
    if customers is None:
        base = _buyers(orders, year - 1)
        if not base:
            raise ValueError(f"orders has no order in {year - 1}, so there is nobody to retain in {year}")
    else:
        if isinstance(customers, str) or not isinstance(customers, Iterable):
            raise TypeError(f"customers must be a list of customer ids, got {type(customers).__name__}")
        base = {str(c) for c in customers}
        if not base:
            raise ValueError("customers is empty; give the accounts whose retention you want")
    kept = base & _buyers(orders, year)
    return len(kept) / len(base)
