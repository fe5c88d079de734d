"""Fuzzing of kamlab's public API (issue 5): damaged inputs fail loudly or give finite results.

Each case starts from a small valid call (modelled on the function's doctest or on slices of
:func:`kamlab.load_all`), then hypothesis damages one DataFrame or Series argument: a column
missing, misspelled, extra or of the wrong type; NaN, infinities, negative and huge (1e300)
values; an empty or one-row frame; a duplicated row or index label. The property: the call
succeeds with finite numbers in its numeric outputs, or raises ``ValueError``/``TypeError``
whose message names the damaged column or argument. Anything else (KeyError, IndexError,
a pandas or NumPy internal error, a silent NaN, a warning) is a bug.
"""

from __future__ import annotations

import math
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamlab import (
    allocation,
    benchmark,
    champion,
    clv,
    concentration,
    costing,
    datasets,
    imports,
    incentives,
    kam_fit,
    plots,
    plots_selection,
    profit,
    review,
    selection,
    sponsors,
    your_company,
)

# --------------------------------------------------------------------------- valid inputs


def _company() -> dict[str, pd.DataFrame]:
    """Three customers' worth of the committed tables: big enough to be real, small enough to be fast."""
    t = datasets.load_all()
    ids = [f"C{i:04d}" for i in range(1, 9)]
    orders = t["orders"]
    orders = orders[orders["customer_id"].isin(ids)].groupby("customer_id").head(4).reset_index(drop=True)
    activities = t["activities"][t["activities"]["customer_id"].isin(ids)].reset_index(drop=True)
    return {
        "orders": orders,
        "activities": activities,
        "departments": t["departments"],
        "unit_times": t["unit_times"],
        "customers": t["customers"][t["customers"]["customer_id"].isin(ids)].reset_index(drop=True),
        "executives": t["executives"],
        "kam_candidates": t["kam_candidates"].head(4).reset_index(drop=True),
        "peer_panel": t["peer_panel"].head(6).reset_index(drop=True),
        "stakeholders": t["stakeholders"].head(5).reset_index(drop=True),
        "shortage_requests": t["shortage_requests"].head(6).reset_index(drop=True),
        "shortage_supply": t["shortage_supply"],
    }


T = _company()
_ORDERS_2025 = T["orders"].assign(order_date=T["orders"]["order_date"].map(lambda d: d.replace(year=2025)))
_ACT_2025 = T["activities"][T["activities"]["year"] == 2025].reset_index(drop=True)
DRIVERS = costing.activity_drivers(T["orders"], T["activities"])
RATES = costing.activity_rates(T["departments"], T["unit_times"])
PROFIT = profit.customer_profit(_ORDERS_2025, _ACT_2025, T["departments"], T["unit_times"], year=2025)

PROFILE = kam_fit.role_profile({"financial": 4, "planning": 5}, {"financial": 3, "planning": 1}, 2)
CANDS = pd.DataFrame(
    {
        "candidate_id": ["A", "B", "C"],
        "quota_attainment": [0.9, 1.4, 1.1],
        "financial": [4, 1, 4],
        "planning": [3, 2, 4],
    }
)
STAKE = pd.DataFrame(
    {
        "stakeholder_id": ["S1", "S2", "S3"],
        "name": ["Ann", "Bo", "Cy"],
        "role": ["CFO", "VP", "Clerk"],
        "influence": [5, 4, 2],
        "support": [1, 4, 5],
        "years_at_company": [9, 12, 2],
        "access_to_ceo": [True, True, False],
        "credibility": [2, 4, 3],
        "energy": [3, 5, 4],
    }
)
CH_WEIGHTS = {"influence": 0.2, "support": 0.3, "top_team_access": 0.1, "credibility": 0.2, "energy": 0.2}
ACCOUNTS = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C"],
        "name": ["Ash Ltd", "Birch AG", "Cedar plc"],
        "industry": ["Mining", "Chemicals", "Mining"],
        "region": ["North", "East", "North"],
        "revenue_eur": [600.0, 300.0, 100.0],
    }
)
EXECS = pd.DataFrame(
    {
        "executive_id": ["CEO", "VP"],
        "name": ["Ada Stone", "Ben Oak"],
        "title": ["CEO", "VP Sales"],
        "seniority": [3, 2],
        "max_accounts": [2, 3],
        "industry_expertise": ["Mining", "Chemicals"],
        "home_region": ["North", "East"],
    }
)
SPONSOR_FIT = pd.DataFrame({"CEO": [0.9, 0.8, 0.3], "VP": [0.6, 0.7, 0.2]}, index=["A", "B", "C"])
ASSIGN = pd.Series({"A": "CEO", "B": "VP"})
REQUESTS = pd.DataFrame(
    {
        "request_id": ["R1", "R2", "R3"],
        "customer_id": ["A", "K", "B"],
        "arrival_hour": [1.0, 2.0, 3.0],
        "units_requested": [6, 4, 2],
        "unit_margin_eur": [10.0, 20.0, 10.0],
    }
)
SEL_SCORES = pd.DataFrame(
    {
        "attractiveness": [0.9, 0.8, 0.7, 0.6, 0.55, 0.52, 0.3],
        "strength": [0.7, 0.2, 0.9, 0.1, 0.5, 0.6, 0.4],
    },
    index=list("ABCDEFG"),
)
SEL_PROFIT = pd.Series([10.0, -5, 3, 8, 1, 2, 50], index=SEL_SCORES.index)
SEL_PROFIT_FRAME = pd.DataFrame(
    {"revenue_eur": [100.0, 900.0, 50.0, 10, 20, 30, 40], "profit_eur": [20.0, -40.0, 5.0, 1, 2, 3, 4]},
    index=SEL_SCORES.index,
)
CRIT = pd.DataFrame(
    {
        "wallet_size": [0.9, 0.85, 0.8, 0.75, 0.7, 0.2, 0.1],
        "strategic_fit": [0.1, 0.2, 0.3, 0.9, 0.8, 0.95, 0.5],
        "share_of_wallet": [0.2, 0.9, 0.5, 0.1, 0.3, 0.4, 0.6],
    },
    index=list("ABCDEFG"),
)
REV_SCORES = pd.DataFrame(
    {2023: [0.80, 0.74, 0.60], 2024: [0.74, 0.78, 0.60], 2025: [0.79, 0.69, 0.90]}, index=list("ABC")
)
REVIEW = review.review_programme(REV_SCORES, upper=0.76, lower=0.70)
REV_CUST = pd.DataFrame(
    {
        "customer_id": ["A", "B"],
        "wallet_eur": [900.0, 100.0],
        "wallet_growth": [0.5, 0.0],
        "strategic_fit": [5, 1],
        "innovation_potential": [5, 1],
        "price_sensitivity": [1, 5],
        "relationship_strength": [3, 3],
        "product_fit": [3, 3],
    }
)


def _year(revenue: list[float], margin: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"revenue_eur": revenue, "profit_margin_pct": margin}, index=["A", "B"])


PEERS = pd.DataFrame(
    {
        "sponsor_coverage": [0.5, 0.7, 0.9],
        "kam_training_days": [2, 6, 8],
        "review_interval_months": [6, 12, 24],
    }
)
OURS = pd.Series({"sponsor_coverage": 0.6, "kam_training_days": 2.0, "review_interval_months": 24.0})
BM_PROFIT = pd.DataFrame(
    {"revenue_eur": [600.0, 300.0, 100.0], "profit_eur": [60.0, 30.0, -10.0]}, index=list("ABC")
)
QUESTIONS = benchmark.questionnaire([5, 1, 3, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4])
PAYOUTS = pd.DataFrame({"revenue": [90.0, 10.0], "value": [0.0, 100.0]}, index=["K", "N"])
VALUE = pd.Series({"K": -20.0, "N": 60.0})
PROFIT_S = pd.Series({"A": 30.0, "B": -10.0, "C": 5.0})
REVENUE_S = pd.Series({"A": 500.0, "B": 100.0, "C": 5.0})
WALLET_S = pd.Series({"A": 900.0, "B": 400.0, "C": 50.0})
SENS = pd.DataFrame({"weight": [0.0, 0.5, 1.0], "accounts": [5, 5, 5], "kept": [3, 5, 2]})
CTS = pd.DataFrame({"delivery": [500.0, 20.0], "cost_to_serve_eur": [500.0, 20.0]}, index=["K", "N"])
RP_TABLE = pd.DataFrame({"revenue_eur": [900.0, 50.0], "profit_eur": [-20.0, 10.0]}, index=["K", "N"])

EXPORTS = {
    "customers": pd.DataFrame(
        {"customer_id": ["A", "B"], "name": ["Ash", "Birch"], "wallet_eur": [900.0, 100.0]}
    ),
    "orders": pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "order_date": ["2025-03-31", "2025-04-01"],
            "revenue_eur": [100.0, 50.0],
            "cost_of_goods_eur": [60.0, 20.0],
        }
    ),
}
YC_CUSTOMERS = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C"],
        "wallet_eur": [900.0, 400.0, 50.0],
        "wallet_growth": [0.05, -0.02, 0.1],
        "strategic_fit": [4, 2, 5],
        "product_fit": [np.nan, np.nan, np.nan],  # as read_export leaves a column the file lacks
    }
)


def _read_export(export: pd.DataFrame, table: str) -> Any:
    """read_export on a small temporary CSV written from ``export``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{table}.csv"
        export.to_csv(path, index=False)
        frame, _report = imports.read_export(path, table)
    return frame[[c for c in imports.REQUIRED[table] if c in frame and frame[c].dtype.kind == "f"]]


def _first(fig_ax: Any) -> Any:
    return fig_ax[0] if isinstance(fig_ax, tuple) else fig_ax


# name -> (function, valid keyword arguments). Every DataFrame or Series argument is a fuzz target.
CASES: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    # costing
    "costing.check_orders": (costing.check_orders, {"orders": T["orders"]}),
    "costing.check_activities": (costing.check_activities, {"activities": T["activities"]}),
    "costing.activity_drivers": (
        costing.activity_drivers,
        {"orders": T["orders"], "activities": T["activities"]},
    ),
    "costing.activity_rates": (
        costing.activity_rates,
        {"departments": T["departments"], "unit_times": T["unit_times"]},
    ),
    "costing.capacity_report": (
        costing.capacity_report,
        {"departments": T["departments"], "unit_times": T["unit_times"], "drivers": DRIVERS},
    ),
    "costing.cost_to_serve": (costing.cost_to_serve, {"drivers": DRIVERS, "rates": RATES}),
    "costing.avoidable_cost": (
        costing.avoidable_cost,
        {"cts": costing.cost_to_serve(DRIVERS, RATES), "rates": RATES},
    ),
    # profit
    "profit.gross_margin": (profit.gross_margin, {"orders": T["orders"]}),
    "profit.gross_margin_per_year": (profit.gross_margin, {"orders": T["orders"], "per_year": True}),
    "profit.customer_profit": (
        profit.customer_profit,
        {
            "orders": _ORDERS_2025,
            "activities": _ACT_2025,
            "departments": T["departments"],
            "unit_times": T["unit_times"],
            "year": 2025,
        },
    ),
    # clv
    "clv.lifetime_value": (
        clv.lifetime_value,
        {"margin": PROFIT_S, "retention": pd.Series({"A": 0.9, "B": 0.5, "C": 0.7}), "discount_rate": 0.1},
    ),
    "clv.realised_retention": (clv.realised_retention, {"orders": T["orders"], "year": 2024}),
    "clv.lifetime_value_horizon": (
        clv.lifetime_value,
        {"margin": PROFIT_S, "retention": 0.8, "discount_rate": 0.1, "horizon": 5, "timing": "now"},
    ),
    # concentration
    "concentration.revenue_concentration": (concentration.revenue_concentration, {"revenue": REVENUE_S}),
    "concentration.share_of_wallet": (
        concentration.share_of_wallet,
        {"revenue": REVENUE_S, "wallet": WALLET_S},
    ),
    "concentration.whale_curve": (concentration.whale_curve, {"profit": PROFIT_S}),
    "concentration.whale_peak": (concentration.whale_peak, {"profit": PROFIT_S}),
    # selection
    "selection.percentile_rank": (selection.percentile_rank, {"values": REVENUE_S}),
    "selection.criteria_table": (
        selection.criteria_table,
        {"customers": T["customers"], "revenue": PROFIT["revenue_eur"]},
    ),
    "selection.weighted_score": (
        selection.weighted_score,
        {"criteria": CRIT, "weights": {"wallet_size": 0.6, "strategic_fit": 0.4}},
    ),
    "selection.classify_quadrants": (selection.classify_quadrants, {"scores": SEL_SCORES}),
    "selection.portfolio": (
        selection.portfolio,
        {
            "criteria": CRIT,
            "attractiveness_weights": {"wallet_size": 1.0},
            "strength_weights": {"share_of_wallet": 1.0},
        },
    ),
    "selection.top_n": (selection.top_n, {"values": REVENUE_S, "n": 2}),
    "selection.select_programme": (
        selection.select_programme,
        {"scores": SEL_SCORES, "profit": SEL_PROFIT, "size": 5},
    ),
    "selection.select_programme_frame": (
        selection.select_programme,
        {"scores": SEL_SCORES, "profit": SEL_PROFIT_FRAME, "size": 5},
    ),
    "selection.weight_sensitivity": (
        selection.weight_sensitivity,
        {
            "criteria": CRIT,
            "weights": {"wallet_size": 0.8, "strategic_fit": 0.2},
            "criterion": "wallet_size",
            "grid": [0.0, 0.5],
            "profit": SEL_PROFIT,
            "size": 5,
        },
    ),
    "selection.compare_picks": (
        selection.compare_picks,
        {
            "picks": {"criteria": ["A", "C"], "by revenue": ["B", "A"]},
            "scores": SEL_SCORES,
            "profit": SEL_PROFIT_FRAME,
            "customers": pd.DataFrame(
                {"wallet_eur": [400.0, 1000.0, 250.0], "wallet_growth": [0.1, 0.0, 0.2]},
                index=["A", "B", "C"],
            ),
        },
    ),
    # allocation
    "allocation.check_requests": (allocation.check_requests, {"requests": REQUESTS}),
    "allocation.first_come_first_served": (
        allocation.first_come_first_served,
        {"units_requested": pd.Series([5, 3, 2]), "units_available": 7},
    ),
    "allocation.pro_rata": (
        allocation.pro_rata,
        {"units_requested": pd.Series([5, 3, 2]), "units_available": 7},
    ),
    "allocation.allocate": (
        allocation.allocate,
        {"requests": REQUESTS, "units_available": 7, "policy": "key-account priority", "key_accounts": ["K"]},
    ),
    "allocation.segment_summary": (
        allocation.segment_summary,
        {"allocation": allocation.allocate(REQUESTS, 6, "first come first served", key_accounts=["K"])},
    ),
    "allocation.compare_policies": (
        allocation.compare_policies,
        {"requests": REQUESTS, "units_available": 5, "key_accounts": ["K"]},
    ),
    "allocation.units_available": (allocation.units_available, {"supply": T["shortage_supply"]}),
    "allocation.key_accounts_by_profit": (allocation.key_accounts_by_profit, {"profit": PROFIT_S, "n": 2}),
    "allocation.plot_policies": (
        allocation.plot_policies,
        {"summary": allocation.compare_policies(REQUESTS, 5, ["K"])},
    ),
    # sponsors
    "sponsors.ad_hoc_sponsors": (
        sponsors.ad_hoc_sponsors,
        {
            "accounts": ACCOUNTS,
            "executives": EXECS.assign(title=["Chief Executive Officer", "Chief Commercial Officer"]),
            "ceo_accounts": 1,
        },
    ),
    "sponsors.step4_programme": (
        sponsors.step4_programme,
        {"customers": T["customers"], "profit": PROFIT, "size": 5},
    ),
    "sponsors.key_account_table": (
        sponsors.key_account_table,
        {"customers": ACCOUNTS.drop(columns="revenue_eur"), "profit": BM_PROFIT, "programme": ["B"]},
    ),
    "sponsors.fit_components": (sponsors.fit_components, {"accounts": ACCOUNTS, "executives": EXECS}),
    "sponsors.fit_scores": (sponsors.fit_scores, {"accounts": ACCOUNTS, "executives": EXECS}),
    "sponsors.assign_sponsors": (sponsors.assign_sponsors, {"fit": SPONSOR_FIT, "executives": EXECS}),
    "sponsors.planned_visits": (sponsors.planned_visits, {"assignment": ASSIGN, "executives": EXECS}),
    "sponsors.sponsor_load": (sponsors.sponsor_load, {"assignment": ASSIGN, "executives": EXECS}),
    "sponsors.sponsor_table": (
        sponsors.sponsor_table,
        {"assignment": ASSIGN, "accounts": ACCOUNTS, "executives": EXECS},
    ),
    "sponsors.rule_breaches": (
        sponsors.rule_breaches,
        {"assignment": ASSIGN, "accounts": ACCOUNTS, "executives": EXECS, "min_fit": 0.6},
    ),
    "sponsors.coverage": (
        sponsors.coverage,
        {"assignment": ASSIGN, "accounts": ACCOUNTS, "executives": EXECS},
    ),
    "sponsors.coverage_fit": (
        sponsors.coverage,
        {"assignment": ASSIGN, "accounts": ACCOUNTS, "executives": EXECS, "fit": SPONSOR_FIT},
    ),
    "sponsors.plot_sponsor_load": (sponsors.plot_sponsor_load, {"assignment": ASSIGN, "executives": EXECS}),
    "sponsors.plot_visit_cadence": (
        sponsors.plot_visit_cadence,
        {"assignment": ASSIGN, "accounts": ACCOUNTS, "executives": EXECS},
    ),
    # champion
    "champion.check_stakeholders": (champion.check_stakeholders, {"stakeholders": STAKE}),
    "champion.stakeholder_quadrants": (champion.stakeholder_quadrants, {"stakeholders": STAKE}),
    "champion.stakeholder_map_plot": (
        champion.stakeholder_map_plot,
        {"stakeholders": STAKE, "highlight": ["S1"]},
    ),
    "champion.champion_criteria": (champion.champion_criteria, {"stakeholders": STAKE}),
    "champion.champion_scores": (champion.champion_scores, {"stakeholders": STAKE, "weights": CH_WEIGHTS}),
    "champion.rank_champions": (champion.rank_champions, {"stakeholders": STAKE, "weights": CH_WEIGHTS}),
    "champion.scored_criteria": (champion.scored_criteria, {"stakeholders": STAKE}),
    "champion.champion_score_plot": (
        champion.champion_score_plot,
        {"stakeholders": STAKE, "weights": CH_WEIGHTS, "ids": ["S2", "S1"]},
    ),
    "champion.check_plan": (champion.check_plan, {"plan": champion.example_change_plan()}),
    "champion.workload": (champion.workload, {"plan": champion.example_change_plan(), "who": "champion"}),
    "champion.change_plan_plot": (champion.change_plan_plot, {"plan": champion.example_change_plan()}),
    # kam_fit
    "kam_fit.skill_coverage": (kam_fit.skill_coverage, {"candidates": CANDS, "profile": PROFILE}),
    "kam_fit.fit_scores": (kam_fit.fit_scores, {"candidates": CANDS, "profile": PROFILE}),
    "kam_fit.fit_breakdown": (
        kam_fit.fit_breakdown,
        {"candidates": CANDS, "profile": PROFILE, "candidate_id": "A"},
    ),
    "kam_fit.training_gaps": (kam_fit.training_gaps, {"candidates": CANDS, "profile": PROFILE}),
    "kam_fit.training_days": (kam_fit.training_days, {"candidates": CANDS, "profile": PROFILE}),
    "kam_fit.rank_candidates": (kam_fit.rank_candidates, {"candidates": CANDS, "profile": PROFILE}),
    "kam_fit.shortlist": (kam_fit.shortlist, {"candidates": CANDS, "profile": PROFILE, "n": 2}),
    "kam_fit.plot_skills_vs_profile": (
        kam_fit.plot_skills_vs_profile,
        {"candidates": CANDS, "profile": PROFILE},
    ),
    "kam_fit.plot_fit_vs_sales": (
        kam_fit.plot_fit_vs_sales,
        {"candidates": CANDS, "profile": PROFILE, "shortlisted": ["A"]},
    ),
    "kam_fit.plot_training_plan": (kam_fit.plot_training_plan, {"candidates": CANDS, "profile": PROFILE}),
    # review
    "review.review_scores": (
        review.review_scores,
        {
            "customers": REV_CUST,
            "profits": {2024: _year([50.0, 40.0], [0.1, 0.2]), 2025: _year([60.0, 40.0], [0.3, 0.2])},
            "attractiveness_share": 0.5,
        },
    ),
    "review.review_programme": (
        review.review_programme,
        {"scores": REV_SCORES, "upper": 0.76, "lower": 0.70},
    ),
    "review.membership": (review.membership, {"review": REVIEW}),
    "review.flip_flops": (review.flip_flops, {"review": REVIEW}),
    "review.compare_rules": (review.compare_rules, {"scores": REV_SCORES}),
    "review.membership_plot": (review.membership_plot, {"reviews": {"band": REVIEW}}),
    "review.score_paths_plot": (review.score_paths_plot, {"scores": REV_SCORES, "accounts": ["A", "B"]}),
    # benchmark
    "benchmark.peer_percentile": (
        benchmark.peer_percentile,
        {"value": 4.0, "peers": pd.Series([2.0, 4.0, 4.0, 8.0])},
    ),
    "benchmark.peer_percentiles": (benchmark.peer_percentiles, {"aldmoor": OURS, "peers": PEERS}),
    "benchmark.benchmark_table": (benchmark.benchmark_table, {"aldmoor": OURS, "peers": PEERS}),
    "benchmark.aldmoor_metrics": (
        benchmark.aldmoor_metrics,
        {"profit": BM_PROFIT, "key_accounts": ["A", "B"], "retention": 0.75},
    ),
    "benchmark.gap_report": (benchmark.gap_report, {"answers": QUESTIONS}),
    "benchmark.radar_plot": (
        benchmark.radar_plot,
        {"aldmoor": OURS, "peers": PEERS, "metrics": list(OURS.index)},
    ),
    # incentives
    "incentives.split_budget": (
        incentives.split_budget,
        {"metric": pd.Series({"A": 300.0, "B": 100.0, "C": -50.0}), "budget": 1000},
    ),
    "incentives.compare_plans": (
        incentives.compare_plans,
        {
            "table": pd.DataFrame(
                {"revenue_eur": [900.0, 100.0], "value_eur": [-20.0, 60.0]}, index=["K", "N"]
            ),
            "plans": {"revenue": "revenue_eur", "value": "value_eur"},
            "budget": 100,
        },
    ),
    "incentives.paid_for_value_destroyers": (
        incentives.paid_for_value_destroyers,
        {"payouts": PAYOUTS, "value": VALUE},
    ),
    # imports (via a temporary CSV written from the damaged frame)
    "imports.read_export_customers": (_read_export, {"export": EXPORTS["customers"], "table": "customers"}),
    "imports.read_export_orders": (_read_export, {"export": EXPORTS["orders"], "table": "orders"}),
    # your_company (apply it to your company, steps 4 and 6)
    "your_company.customer_economics": (
        your_company.customer_economics,
        {
            "orders": _ORDERS_2025,
            "rates": your_company.EXAMPLE_RATES,
            "year": 2025,
            "account_cost_eur": 1500.0,
        },
    ),
    "your_company.export_criteria": (
        your_company.export_criteria,
        {"customers": YC_CUSTOMERS, "revenue": REVENUE_S},
    ),
    # plots
    "plots.whale_curve_plot": (plots.whale_curve_plot, {"profit": PROFIT_S, "labels": {"B": "Big Co"}}),
    "plots.revenue_profit_plot": (plots.revenue_profit_plot, {"table": RP_TABLE, "labels": {"K": "Big Co"}}),
    "plots.cost_to_serve_plot": (plots.cost_to_serve_plot, {"cts": CTS, "customers": ["K", "N"]}),
    "plots.incentive_plot": (plots.incentive_plot, {"payouts": PAYOUTS, "value": VALUE, "top": 2}),
    # plots_selection
    "plots_selection.plot_portfolio": (
        plots_selection.plot_portfolio,
        {"scores": SEL_SCORES, "bubble": SEL_PROFIT.abs() + 1, "selected": ["A"], "labels": {"A": "Nova"}},
    ),
    "plots_selection.plot_sensitivity": (
        plots_selection.plot_sensitivity,
        {"table": SENS, "criterion": "wallet_growth", "base_weight": 0.5},
    ),
}

# Output columns documented to be empty (NaN) in some rows.
DOCUMENTED_NAN = {
    "review.review_scores": {2024, 2025},  # "in the other years its score is NaN (not reviewed)"
    "sponsors.sponsor_table": {"fit"},  # "empty without a sponsor"
    # segment_summary: "A segment without orders has rates of NaN"
    "allocation.segment_summary": {"unit_fill_rate", "order_fill_rate"},
    "allocation.compare_policies": {"unit_fill_rate", "order_fill_rate"},
}
# Functions that pass a damaged value through on purpose (none at present).
PASS_THROUGH: set[str] = set()
# Exceptions a function documents besides ValueError and TypeError.
EXPECTED_ERRORS: dict[str, tuple[type[Exception], ...]] = {}
# Names a message may use for the damaged argument, besides the argument's own.
EXTRA_NAMES: dict[str, list[str]] = {}

# --------------------------------------------------------------------------- damage

BAD_VALUES = [np.nan, np.inf, -np.inf, -1.0, -1e300, 1e300, 0.0, "oops", None, True]
DAMAGES = [
    "drop_column",
    "misspell_column",
    "extra_column",
    "set_value",
    "text_column",
    "empty",
    "one_row",
    "duplicate_row",
]


def _misspell(name: Any) -> Any:
    text = str(name)
    if len(text) > 2:
        return text[:-2] + text[-1] + text[-2]  # swap the last two letters
    return text + "_"


def _set(values: pd.Series, position: int, value: Any) -> pd.Series:
    values = (
        values.astype(object)
        if not isinstance(value, float) or values.dtype.kind not in "f"
        else values.copy()
    )
    values.iloc[position] = value
    return values


def _damage_one(draw: st.DrawFn, obj: pd.DataFrame | pd.Series, names: list[str]) -> tuple[Any, str]:
    """``obj`` with one defect; the damaged column (if any) is added to ``names``."""
    damage = draw(st.sampled_from(DAMAGES))
    if isinstance(obj, pd.Series):
        if damage in ("drop_column", "misspell_column", "extra_column", "text_column"):
            damage = draw(st.sampled_from(["set_value", "text_values", "empty", "one_row", "duplicate_row"]))
        if damage == "set_value" and len(obj):
            position = draw(st.integers(0, len(obj) - 1))
            value = draw(st.sampled_from(BAD_VALUES))
            obj = _set(obj, position, value)
            damage = f"{damage} {value!r} at {position}"
        elif damage == "text_values":
            obj = obj.astype(str)
        elif damage == "empty":
            obj = obj.iloc[:0]
        elif damage == "one_row":
            obj = obj.iloc[:1]
        elif damage == "duplicate_row":
            obj = pd.concat([obj, obj.iloc[:1]])
        return obj, damage
    columns = list(obj.columns)
    column = draw(st.sampled_from(columns)) if columns else None
    if column is not None:
        names.append(str(column))
    if damage == "drop_column" and column is not None:
        obj = obj.drop(columns=column)
    elif damage == "misspell_column" and column is not None:
        obj = obj.rename(columns={column: _misspell(column)})
    elif damage == "extra_column":
        obj = obj.assign(notes="free text")
    elif damage == "set_value" and column is not None and len(obj):
        position = draw(st.integers(0, len(obj) - 1))
        value = draw(st.sampled_from(BAD_VALUES))
        obj = obj.copy()
        obj[column] = _set(obj[column], position, value)
        damage = f"{damage} {value!r} at {position}"
    elif damage == "text_column" and isinstance(column, str):
        obj = obj.assign(**{column: obj[column].astype(str) + "x"})
    elif damage == "empty":
        obj = obj.iloc[:0]
    elif damage == "one_row":
        obj = obj.iloc[:1]
    elif damage == "duplicate_row":
        obj = pd.concat([obj, obj.iloc[:1]])
    return obj, f"{damage} ({column!r})"


@st.composite
def damaged_call(draw: st.DrawFn, case: str) -> tuple[dict[str, Any], str, list[str]]:
    """The valid call of ``case`` with one or two defects in its DataFrame or Series arguments.

    Returns the keyword arguments, a description, and the words an error message may name.
    """
    _func, valid = CASES[case]
    targets = [k for k, v in valid.items() if isinstance(v, pd.DataFrame | pd.Series)]
    targets += [
        k
        for k, v in valid.items()
        if isinstance(v, dict) and any(isinstance(x, pd.DataFrame) for x in v.values())
    ]
    kwargs = dict(valid)
    names: list[str] = []
    what = []
    for _ in range(draw(st.integers(1, 2))):
        arg = draw(st.sampled_from(targets))
        names.append(arg)
        obj = kwargs[arg]
        if isinstance(obj, dict):  # e.g. review_scores(profits={year: frame}), membership_plot(reviews=...)
            key = draw(st.sampled_from(list(obj)))
            names.append(str(key))
            damaged, damage = _damage_one(draw, obj[key], names)
            kwargs[arg] = {**obj, key: damaged}
            what.append(f"{arg}[{key!r}]: {damage}")
        else:
            kwargs[arg], damage = _damage_one(draw, obj, names)
            what.append(f"{arg}: {damage}")
    return kwargs, "; ".join(what), names


# --------------------------------------------------------------------------- the property

# Words that say what is wrong with a frame as a whole, where no column is at fault.
PROBLEM_WORDS = (
    "empty",
    "twice",
    "again",
    "duplicate",
    "missing",
    "at least",
    "unique",
    "not in the other",
    "not a customer",
    "no row for",
    "has no value",
    "every value must",
    "must be numeric",
)


def _numeric_finite(result: Any, where: str = "result", skip: set[str] = frozenset()) -> None:
    if isinstance(result, pd.DataFrame):
        for col in result.columns:
            if col not in skip:
                _numeric_finite(result[col], f"{where}[{col!r}]")
    elif isinstance(result, pd.Series):
        if pd.api.types.is_numeric_dtype(result) and not pd.api.types.is_bool_dtype(result):
            values = result.to_numpy(dtype="float64", na_value=np.nan)
            assert np.isfinite(values).all(), f"{where} has non-finite values: {result[~np.isfinite(values)]}"
    elif isinstance(result, np.ndarray):
        if result.dtype.kind in "iuf":
            assert np.isfinite(result).all(), f"{where} has non-finite values: {result}"
    elif isinstance(result, float | np.floating):
        assert math.isfinite(result), f"{where} is {result}"
    elif isinstance(result, tuple | list):
        for i, item in enumerate(result):
            _numeric_finite(item, f"{where}[{i}]")


def check_call(case: str, kwargs: dict[str, Any], what: str, names: list[str]) -> None:
    func, _valid = CASES[case]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = func(**kwargs)
    except (ValueError, TypeError, *EXPECTED_ERRORS.get(case, ())) as error:
        message = str(error)
        names = names + EXTRA_NAMES.get(case, [])
        stems = [n.removesuffix("_eur") for n in names]  # "revenue has -1 at row 'A'" names revenue_eur
        assert any(n in message for n in stems) or any(w in message for w in PROBLEM_WORDS), (
            f"{case} with {what}: message names neither {names} nor the problem: {message}"
        )
        return
    finally:
        plt.close("all")
    if case in PASS_THROUGH:
        return
    if not isinstance(result, plt.Figure) and not (
        isinstance(result, tuple) and isinstance(_first(result), plt.Figure)
    ):
        _numeric_finite(result, skip=DOCUMENTED_NAN.get(case, set()))


@pytest.mark.parametrize("case", sorted(CASES))
def test_valid_call_succeeds(case: str) -> None:
    """Every starting point is itself valid: the fuzzer damages working calls."""
    func, valid = CASES[case]
    result = func(**valid)
    plt.close("all")
    if not isinstance(_first(result), plt.Figure):
        _numeric_finite(result, skip=DOCUMENTED_NAN.get(case, set()))


@pytest.mark.parametrize("case", sorted(CASES))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_input_fails_loudly_or_stays_finite(case: str, data: st.DataObject) -> None:
    kwargs, what, names = data.draw(damaged_call(case), label="damaged call")
    check_call(case, kwargs, what, names)
