"""KAM Lab's helper package: the synthetic company and the account-economics toolkit.

Modules, one job each:

- :mod:`kamlab.company`: generates Aldmoor Flow Systems, the course's invented supplier;
- :mod:`kamlab.datasets`: the CSV tables, their schema, checked loading and regeneration;
- :mod:`kamlab.costing`: cost to serve with time-driven activity-based costing;
- :mod:`kamlab.profit`: gross margin and customer profit;
- :mod:`kamlab.clv`: customer lifetime value;
- :mod:`kamlab.concentration`: revenue concentration, the whale curve, share of wallet;
- :mod:`kamlab.imports`: reading a learner's own CSV exports, with a report of what was rejected;
- :mod:`kamlab.your_company`: steps 4 and 6 on those exports (criteria, cost to serve, profit);
- :mod:`kamlab.selfcheck`: the exercises' self-checks and answer fingerprints.

For the grader (instructors; not imported here):

- :mod:`kamlab.autograde`: nbgrader preprocessors that keep grades honest;
- :mod:`kamlab.gradereport`: the values a hidden test checked, passed from kernel to grader;
- :mod:`kamlab.guard`: the audit hook that confines a submission's kernel while it is graded.

One module per step of the course, used by its notebook:

- step 1 :mod:`kamlab.allocation` (supply shortage policies and service metrics);
- step 2 :mod:`kamlab.sponsors` (executive sponsor fit, assignment, coverage);
- step 3 :mod:`kamlab.champion` (stakeholder map, champion criteria, change plan);
- step 4 :mod:`kamlab.selection` and :mod:`kamlab.plots_selection` (criteria, portfolio, programme);
- step 5 :mod:`kamlab.kam_fit` (role profile, fit scores, training plan);
- step 6 :mod:`kamlab.plots` and :mod:`kamlab.incentives` (metric charts, incentive plans);
- step 7 :mod:`kamlab.review` and :mod:`kamlab.benchmark` (programme review, peer benchmark, maturity).
"""

from kamlab.clv import lifetime_value, margin_multiple
from kamlab.concentration import revenue_concentration, share_of_wallet, whale_curve, whale_peak
from kamlab.costing import activity_drivers, activity_rates, capacity_report, cost_to_serve
from kamlab.datasets import load, load_all
from kamlab.profit import customer_profit, gross_margin

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
    "revenue_concentration",
    "share_of_wallet",
    "whale_curve",
    "whale_peak",
]
__version__ = "0.1.0"
