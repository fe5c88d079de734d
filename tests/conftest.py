"""Shared fixtures: the committed company tables, loaded once per test session."""

from __future__ import annotations

import pandas as pd
import pytest

from kamlab.company import datasets
from kamlab.toolkit import profit


@pytest.fixture(scope="session")
def tables() -> dict[str, pd.DataFrame]:
    return datasets.load_all()


@pytest.fixture(scope="session")
def profit_2025(tables) -> pd.DataFrame:
    return profit.customer_profit(
        tables["orders"], tables["activities"], tables["departments"], tables["unit_times"], year=2025
    )


@pytest.fixture(scope="session")
def active_customers(tables) -> pd.DataFrame:
    """The customers who buy today (status active): the book the course's steps work on."""
    customers = tables["customers"]
    return customers[customers["status"] == "active"].reset_index(drop=True)
