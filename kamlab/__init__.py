"""KAM Lab's helper package, in three rooms.

- :mod:`kamlab.toolkit`: the learner's toolkit, account economics and one module per step;
- :mod:`kamlab.company`: the company's data, Aldmoor Flow Systems (generator, tables, a learner's
  own exports);
- :mod:`kamlab.grader`: self-checks, the course build and the guarded nbgrader autograde.

:mod:`kamlab.learner` keeps a learner's own copy of the notebooks.

The most used functions are importable from here, and so is every toolkit module
(``from kamlab import selection``), so notebooks stay short:

>>> import kamlab
>>> kamlab.selection.__name__
'kamlab.toolkit.selection'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from kamlab.company.datasets import load, load_all
from kamlab.learner.progress import progress
from kamlab.toolkit.clv import lifetime_value, margin_multiple
from kamlab.toolkit.concentration import revenue_concentration, share_of_wallet, whale_curve, whale_peak
from kamlab.toolkit.costing import activity_drivers, activity_rates, capacity_report, cost_to_serve
from kamlab.toolkit.profit import customer_profit, gross_margin

#: Modules a notebook can import by their short name, e.g. ``from kamlab import selection``.
MODULES = {
    **{
        name: f"kamlab.toolkit.{name}"
        for name in (
            "account_plan",
            "allocation",
            "benchmark",
            "champion",
            "clv",
            "concentration",
            "costing",
            "incentives",
            "kam_fit",
            "plots",
            "plots_plan",
            "plots_selection",
            "profit",
            "review",
            "selection",
            "sponsors",
            "value",
            "your_company",
        )
    },
    "datasets": "kamlab.company.datasets",
    "imports": "kamlab.company.imports",
}


def __getattr__(name: str) -> ModuleType:
    if name in MODULES:
        return importlib.import_module(MODULES[name])
    raise AttributeError(f"module 'kamlab' has no attribute {name!r}")


__all__ = [
    "activity_drivers",
    "activity_rates",
    "capacity_report",
    "cost_to_serve",
    "customer_profit",
    "gross_margin",
    "lifetime_value",
    "load",
    "load_all",
    "margin_multiple",
    "progress",
    "revenue_concentration",
    "share_of_wallet",
    "whale_curve",
    "whale_peak",
]
__version__ = "0.2.0"
