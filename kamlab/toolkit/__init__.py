"""The learner's toolkit: account economics, and one module per step of the course.

Account economics, used from Step 4 on:

- :mod:`~kamlab.toolkit.costing`: cost to serve with time-driven activity-based costing;
- :mod:`~kamlab.toolkit.profit`: gross margin and customer profit;
- :mod:`~kamlab.toolkit.clv`: customer lifetime value;
- :mod:`~kamlab.toolkit.concentration`: revenue concentration, the whale curve, share of wallet;
- :mod:`~kamlab.toolkit.your_company`: Steps 4 and 6 on a learner's own exports.

One module per step:

- Step 1 :mod:`~kamlab.toolkit.allocation` (a supply shortage under three policies);
- Step 2 :mod:`~kamlab.toolkit.sponsors` (executive sponsors: fit, assignment, coverage);
- Step 3 :mod:`~kamlab.toolkit.champion` (stakeholder map, champion criteria, change plan);
- Step 4 :mod:`~kamlab.toolkit.selection` and :mod:`~kamlab.toolkit.plots_selection` (criteria,
  portfolio matrix, programme);
- Step 5 :mod:`~kamlab.toolkit.kam_fit` (role profile, fit scores, training plan);
- Step 6 :mod:`~kamlab.toolkit.plots` and :mod:`~kamlab.toolkit.incentives` (metric charts,
  incentive plans);
- Step 7 :mod:`~kamlab.toolkit.review` and :mod:`~kamlab.toolkit.benchmark` (yearly review, peer
  benchmark, maturity self-assessment);
- Step 8, the capstone: :mod:`~kamlab.toolkit.value` (total cost of ownership, value-in-use, the
  customer's view of strength), :mod:`~kamlab.toolkit.account_plan` (buying centre, relationship
  shape, OTIF, scorecard, the one-page plan) and :mod:`~kamlab.toolkit.plots_plan` (its charts).

Every module is importable as ``from kamlab import selection`` as well.
"""
