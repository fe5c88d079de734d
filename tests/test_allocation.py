"""Allocation policies in a supply shortage: hand-computed cases, Aldmoor's shortage, bad input, the chart."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from kamlab.toolkit import allocation

# Three orders: A (6 kits, EUR 10 each), key account K (4 kits, EUR 20), B (2 kits, EUR 10).
TOY = pd.DataFrame(
    {
        "request_id": ["R1", "R2", "R3"],
        "customer_id": ["A", "K", "B"],
        "arrival_hour": [1.0, 2.0, 3.0],
        "units_requested": [6, 4, 2],
        "unit_margin_eur": [10.0, 20.0, 10.0],
    }
)


# --------------------------------------------------------------------------- the two rules


def test_first_come_first_served_fills_in_order_until_the_stock_runs_out():
    assert allocation.first_come_first_served([5, 3, 2], 7).tolist() == [5, 2, 0]
    assert allocation.first_come_first_served([5, 3, 2], 10).tolist() == [5, 3, 2]
    assert allocation.first_come_first_served([5, 3, 2], 20).tolist() == [5, 3, 2]
    assert allocation.first_come_first_served([5, 3, 2], 0).tolist() == [0, 0, 0]
    assert allocation.first_come_first_served([], 4).tolist() == []


def test_pro_rata_rounds_down_then_gives_leftovers_to_the_largest_remainders():
    # exact shares 3.5, 2.1, 1.4 -> 3, 2, 1 (6 kits) + the 7th to the largest remainder (0.5)
    assert allocation.pro_rata([5, 3, 2], 7).tolist() == [4, 2, 1]
    # exact shares 2/3 each -> 0, 0, 0 + two kits to the two earliest (equal remainders)
    assert allocation.pro_rata([1, 1, 1], 2).tolist() == [1, 1, 0]
    # exact 1.5 and 0.5: equal remainders, the earlier order wins
    assert allocation.pro_rata([6, 2], 2).tolist() == [2, 0]
    # exact 2.25 and 0.75 -> 2, 0 + one kit to the larger remainder (0.75)
    assert allocation.pro_rata([6, 2], 3).tolist() == [2, 1]
    assert allocation.pro_rata([5, 3, 2], 10).tolist() == [5, 3, 2]
    assert allocation.pro_rata([5, 3, 2], 0).tolist() == [0, 0, 0]
    assert allocation.pro_rata(pd.Series([4, 4], index=["x", "y"]), 4).tolist() == [2, 2]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=50_000),
)
def test_pro_rata_ships_exactly_what_is_available_and_stays_within_one_kit_of_the_exact_share(units, stock):
    shipped = allocation.pro_rata(units, stock)
    wanted = np.array(units)
    total = int(wanted.sum())
    assert int(shipped.sum()) == min(stock, total)
    assert (shipped >= 0).all() and (shipped <= wanted).all()
    if 0 < stock < total:
        exact = wanted * stock / total
        assert (np.abs(shipped - exact) < 1).all()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=50_000),
)
def test_first_come_first_served_never_skips_an_order(units, stock):
    shipped = allocation.first_come_first_served(units, stock)
    wanted = np.array(units)
    assert int(shipped.sum()) == min(stock, int(wanted.sum()))
    short = np.flatnonzero(shipped < wanted)
    if len(short):  # every order after the first one short gets nothing
        assert (shipped[short[0] + 1 :] == 0).all()


# --------------------------------------------------------------------------- allocate


def test_key_account_priority_serves_key_accounts_first_and_shares_the_rest_pro_rata():
    a = allocation.allocate(TOY, 7, "key-account priority", key_accounts=["K"])
    # K gets 4; A and B share 3 pro rata: exact 2.25 and 0.75 -> 2 and 1
    assert a.index.tolist() == ["R1", "R2", "R3"]
    assert a["units_shipped"].tolist() == [2, 4, 1]
    assert a["units_short"].tolist() == [4, 0, 1]
    assert a["segment"].tolist() == ["other customers", "key accounts", "other customers"]
    assert a["lost_margin_eur"].tolist() == [40.0, 0.0, 10.0]
    assert a["filled_in_full"].tolist() == [False, True, False]
    assert a["fill_rate"].round(4).tolist() == [0.3333, 1.0, 0.5]
    assert set(a["policy"]) == {"key-account priority"}


def test_key_account_priority_with_the_rest_first_come_first_served():
    a = allocation.allocate(
        TOY, 7, "key-account priority", key_accounts=["K"], rest="first come first served"
    )
    assert a["units_shipped"].tolist() == [3, 4, 0]


def test_key_accounts_compete_first_come_first_served_when_they_alone_exceed_supply():
    requests = TOY.assign(customer_id=["K", "K", "B"])
    a = allocation.allocate(requests, 7, "key-account priority", key_accounts={"K"})
    assert a["units_shipped"].tolist() == [6, 1, 0]


def test_every_policy_reports_segments_and_ships_everything_available():
    for policy in allocation.ALL_POLICIES:
        a = allocation.allocate(TOY, 7, policy, key_accounts=["K"])
        assert int(a["units_shipped"].sum()) == 7, policy
    assert allocation.allocate(TOY, 7, "first come first served", key_accounts=["K"])[
        "units_shipped"
    ].tolist() == [6, 1, 0]
    assert allocation.allocate(TOY, 7, "pro rata", key_accounts=["K"])["units_shipped"].tolist() == [4, 2, 1]
    # highest margin first: K (EUR 20) first, then A and B (EUR 10) in arrival order
    assert allocation.allocate(TOY, 7, "highest margin first")["units_shipped"].tolist() == [3, 4, 0]


def test_arrival_order_comes_from_arrival_hour_not_from_the_table_order():
    shuffled = TOY.iloc[[2, 0, 1]]
    a = allocation.allocate(shuffled, 7, "first come first served")
    assert a.index.tolist() == ["R1", "R2", "R3"]
    assert a["units_shipped"].tolist() == [6, 1, 0]


def test_enough_stock_fills_every_order():
    a = allocation.allocate(TOY, 100, "pro rata")
    assert a["filled_in_full"].all() and a["lost_margin_eur"].sum() == 0.0


# --------------------------------------------------------------------------- measures


def test_segment_summary_adds_up_units_orders_and_margin_per_segment():
    s = allocation.segment_summary(allocation.allocate(TOY, 7, "first come first served", key_accounts=["K"]))
    # FCFS ships A 6, K 1, B 0
    assert s.index.tolist() == ["key accounts", "other customers"]
    assert s.loc["key accounts"].to_dict() == {
        "orders": 1,
        "units_requested": 4,
        "units_shipped": 1,
        "units_short": 3,
        "unit_fill_rate": 0.25,
        "orders_filled_in_full": 0,
        "orders_short": 1,
        "order_fill_rate": 0.0,
        "lost_margin_eur": 60.0,
    }
    other = s.loc["other customers"]
    assert other["units_requested"] == 8 and other["units_shipped"] == 6
    assert other["unit_fill_rate"] == pytest.approx(0.75)
    assert other["orders_filled_in_full"] == 1 and other["orders_short"] == 1
    assert other["order_fill_rate"] == pytest.approx(0.5)
    assert other["lost_margin_eur"] == pytest.approx(20.0)
    assert list(s.columns) == list(allocation.SUMMARY_COLUMNS)


def test_a_segment_without_orders_has_zero_counts_and_no_rates():
    s = allocation.segment_summary(allocation.allocate(TOY, 7, "pro rata", key_accounts=["nobody"]))
    assert s.loc["key accounts", "orders"] == 0
    assert s.loc["key accounts", "lost_margin_eur"] == 0.0
    assert np.isnan(s.loc["key accounts", "unit_fill_rate"])
    assert np.isnan(s.loc["key accounts", "order_fill_rate"])


def test_compare_policies_has_one_row_per_policy_and_segment():
    t = allocation.compare_policies(TOY, 7, ["K"])
    assert t.index.names == ["policy", "segment"]
    assert list(dict.fromkeys(t.index.get_level_values("policy"))) == list(allocation.POLICIES)
    assert t.loc["key-account priority", "unit_fill_rate"].tolist() == [1.0, 0.375]
    assert t.loc[("pro rata", "key accounts"), "units_shipped"] == 2
    only = allocation.compare_policies(TOY, 7, ["K"], policies=["highest margin first"])
    assert len(only) == 2


# --------------------------------------------------------------------------- Aldmoor's shortage


@pytest.fixture(scope="module")
def shortage(tables, profit_2025):
    key = allocation.key_accounts_by_profit(profit_2025, 15)
    available = allocation.units_available(tables["shortage_supply"])
    return tables["shortage_requests"], available, key


def test_aldmoor_can_ship_sixty_percent_of_the_seal_kits_ordered(tables, shortage):
    requests, available, key = shortage
    ordered = int(requests["units_requested"].sum())
    assert ordered == int(tables["shortage_supply"]["units_requested"].iloc[0])
    assert available / ordered == pytest.approx(0.6, abs=0.001)
    assert len(key) == 15 and 0 < requests["customer_id"].isin(key).sum() < len(requests)


def test_only_customers_who_buy_today_order_in_the_shortage(tables, shortage):
    """Step 1 works on today's customers: a lost customer orders nothing in the shortage."""
    requests, _, _ = shortage
    status = tables["customers"].set_index("customer_id")["status"]
    assert (requests["customer_id"].map(status) == "active").all()


def test_every_policy_ships_all_the_kits_and_keeps_orders_whole(shortage):
    requests, available, key = shortage
    for policy in allocation.ALL_POLICIES:
        a = allocation.allocate(requests, available, policy, key_accounts=key)
        assert int(a["units_shipped"].sum()) == available
        assert (a["units_shipped"] <= a["units_requested"]).all()
        assert len(a) == len(requests)


def test_aldmoor_policies_move_the_shortage_between_segments(shortage):
    requests, available, key = shortage
    t = allocation.compare_policies(requests, available, key)
    fill = t["unit_fill_rate"]
    assert fill[("pro rata", "key accounts")] == pytest.approx(0.6, abs=0.001)
    assert fill[("pro rata", "other customers")] == pytest.approx(0.6, abs=0.001)
    assert fill[("key-account priority", "key accounts")] == 1.0
    assert fill[("key-account priority", "other customers")] < 0.6
    others = t.xs("other customers", level="segment")
    every_order = others["orders"].iloc[0]
    assert (others.loc[["pro rata", "key-account priority"], "orders_short"] == every_order).all()
    # first come first served fills the early orders and leaves the late ones with nothing
    fcfs = allocation.allocate(requests, available, "first come first served", key_accounts=key)
    assert (
        fcfs.loc[fcfs["units_short"] > 0, "arrival_hour"].min()
        >= fcfs.loc[fcfs["filled_in_full"], "arrival_hour"].max()
    )
    totals = t["lost_margin_eur"].groupby(level="policy", sort=False).sum()
    assert totals.idxmax() == "key-account priority"
    assert totals.max() / totals.min() < 1.05  # the policy moves the shortage, not its total


# --------------------------------------------------------------------------- helpers


def test_key_accounts_by_profit_takes_the_most_profitable_ties_to_the_lower_id():
    profit = pd.Series({"C3": 5.0, "C2": 9.0, "C1": 9.0, "C4": -1.0})
    assert allocation.key_accounts_by_profit(profit, 2) == ["C1", "C2"]
    assert allocation.key_accounts_by_profit(profit.rename("p").to_frame("profit_eur"), 1) == ["C1"]
    assert allocation.key_accounts_by_profit(profit, 10) == ["C1", "C2", "C3", "C4"]


def test_units_available_reads_the_product_line():
    supply = pd.DataFrame({"product_line": ["Seals & gaskets", "Pumps"], "units_available": [60, 5]})
    assert allocation.units_available(supply) == 60
    assert allocation.units_available(supply, "Pumps") == 5
    with pytest.raises(
        ValueError, match="no row for product_line 'Valves'; it has: 'Seals & gaskets', 'Pumps'"
    ):
        allocation.units_available(supply, "Valves")


def test_promises_are_mostly_kept_outside_sales():
    p = allocation.promise_owners()
    assert list(p.columns) == ["promise", "owner", "what_it_takes", "measure"]
    assert (p["owner"] == "Sales").sum() == 1 and len(p) >= 8
    assert p["owner"].is_unique and p.notna().all().all()
    assert "Supply chain planning" in set(p["owner"])


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            lambda r: r.drop(columns="unit_margin_eur"),
            ValueError,
            "requests is missing column\\(s\\) 'unit_margin_eur'",
        ),
        (
            lambda r: r.assign(request_id=["R1", "R1", "R3"]),
            ValueError,
            "requests\\['request_id'\\] has 'R1' again at row 1",
        ),
        (
            lambda r: r.assign(units_requested=[6, 2.5, 2]),
            ValueError,
            "has 2.5 at row 1; it must hold whole numbers",
        ),
        (
            lambda r: r.assign(units_requested=[6, 0, 2]),
            ValueError,
            "has 0 at row 1; every value must be >= 1",
        ),
        (
            lambda r: r.assign(unit_margin_eur=[10.0, -1.0, 10.0]),
            ValueError,
            "unit_margin_eur'\\] has -1.0 at row 1",
        ),
        (
            lambda r: r.assign(arrival_hour=["1", "2", "3"]),
            TypeError,
            "arrival_hour'\\] has '1' \\(str\\) at row 0",
        ),
        (
            lambda r: r.assign(customer_id=["A", None, "B"]),
            ValueError,
            "customer_id'\\] has a missing value at row 1",
        ),
        (lambda r: list(r["units_requested"]), TypeError, "requests must be a pandas DataFrame, got list"),
    ],
)
def test_bad_requests_are_named_with_column_row_and_value(change, error, message):
    with pytest.raises(error, match=message):
        allocation.allocate(change(TOY), 7, "pro rata")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"units_available": -1}, ValueError, "units_available must be >= 0, got -1.0"),
        ({"units_available": 6.5}, ValueError, "units_available must be a whole number of units, got 6.5"),
        ({"units_available": "7"}, TypeError, "units_available must be a number, got str"),
        ({"policy": "fifo"}, ValueError, "policy must be one of 'first come first served', 'pro rata'"),
        ({"rest": "by margin"}, ValueError, "rest must be one of 'pro rata', 'first come first served'"),
        ({"key_accounts": "K"}, TypeError, "not one string \\('K'\\); write \\['K'\\]"),
        ({"key_accounts": pd.Series([True], index=["K"])}, TypeError, "use mask.index\\[mask\\]"),
        ({"key_accounts": 3}, TypeError, "key_accounts must be a list of customer ids, got int"),
        ({"key_accounts": []}, ValueError, "key_accounts is empty; key-account priority needs"),
    ],
)
def test_bad_parameters_say_what_is_expected(kwargs, error, message):
    args = {"units_available": 7, "policy": "key-account priority", "key_accounts": ["K"], **kwargs}
    with pytest.raises(error, match=message):
        allocation.allocate(TOY, args.pop("units_available"), args.pop("policy"), **args)


def test_bad_units_for_the_rules():
    with pytest.raises(ValueError, match="units_requested has -3 at position 1; every value must be a whole"):
        allocation.pro_rata([4, -3], 2)
    with pytest.raises(ValueError, match="units_requested has 2.5 at position 0"):
        allocation.first_come_first_served(np.array([2.5]), 2)
    with pytest.raises(TypeError, match="must be a list of whole numbers of units, got str"):
        allocation.first_come_first_served("45", 2)
    with pytest.raises(TypeError, match="units_requested has True \\(bool\\) at position 0"):
        allocation.pro_rata([True, False], 1)


def test_bad_allocations_and_policy_lists():
    a = allocation.allocate(TOY, 7, "pro rata", key_accounts=["K"])
    both = pd.concat([a, allocation.allocate(TOY, 7, "first come first served", key_accounts=["K"])])
    with pytest.raises(ValueError, match="allocation mixes policies"):
        allocation.segment_summary(both)
    with pytest.raises(ValueError, match="no order can ship more than it asked for"):
        allocation.segment_summary(a.assign(units_shipped=[9, 2, 1]))
    with pytest.raises(ValueError, match="segments must be 'key accounts' or 'other customers'"):
        allocation.segment_summary(a.assign(segment=["key", "key", "other"]))
    with pytest.raises(ValueError, match="policies names a policy twice"):
        allocation.compare_policies(TOY, 7, ["K"], policies=["pro rata", "pro rata"])
    with pytest.raises(TypeError, match="policies must be a list of policy names"):
        allocation.compare_policies(TOY, 7, ["K"], policies="pro rata")
    with pytest.raises(ValueError, match="policies is empty"):
        allocation.compare_policies(TOY, 7, ["K"], policies=[])


def test_bad_profit_and_n():
    with pytest.raises(TypeError, match="profit must be a pandas Series indexed by customer_id, got list"):
        allocation.key_accounts_by_profit([1.0, 2.0], 1)
    with pytest.raises(ValueError, match="n must be a whole number of customers, got 1.5"):
        allocation.key_accounts_by_profit(pd.Series({"A": 1.0}), 1.5)
    with pytest.raises(ValueError, match="profit has customer 'A' twice"):
        allocation.key_accounts_by_profit(pd.Series([1.0, 2.0], index=["A", "A"]), 1)
    with pytest.raises(ValueError, match="profit is missing column\\(s\\) 'profit_eur'"):
        allocation.key_accounts_by_profit(pd.DataFrame({"revenue_eur": [1.0]}), 1)


# --------------------------------------------------------------------------- chart


def _texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def test_plot_policies_draws_three_labelled_panels_a_manager_can_read(shortage):
    requests, available, key = shortage
    before = plt.get_fignums()
    fig = allocation.plot_policies(allocation.compare_policies(requests, available, key))
    assert isinstance(fig, Figure) and plt.get_fignums() == before  # not managed by pyplot
    assert len(fig.axes) == 3
    assert [ax.get_ylabel() for ax in fig.axes] == [
        "Units shipped (% of units ordered)",
        "Orders shipped short (late or lost)",
        "Margin lost (EUR thousands)",
    ]
    text = _texts(fig)
    table = allocation.compare_policies(requests, available, key)
    others = table.loc[("pro rata", "other customers"), "orders"]
    totals = table["lost_margin_eur"].groupby(level="policy", sort=False).sum()
    for part in (
        "Who bears the shortage?",
        "supply covers 60 % of demand",
        "key accounts",
        "other customers",
        "100 %",
        f"{others} of {others}",
        f"EUR {table['lost_margin_eur'].max() / 1e3:,.0f}k",
        f"total EUR {totals.min() / 1e3:,.0f}k",
        "Allocation policy",
    ):
        assert part in text, part
    # 3 policies x 2 segments per panel
    assert all(len(ax.patches) == 6 for ax in fig.axes)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_plot_policies_marks_a_segment_without_orders():
    fig = allocation.plot_policies(allocation.compare_policies(TOY, 7, ["nobody"]))
    assert "no orders" in _texts(fig)


def test_plot_policies_needs_the_compare_policies_table():
    single = allocation.segment_summary(allocation.allocate(TOY, 7, "pro rata", key_accounts=["K"]))
    with pytest.raises(ValueError, match="summary must be indexed by \\(policy, segment\\)"):
        allocation.plot_policies(single)
    table = allocation.compare_policies(TOY, 7, ["K"])
    with pytest.raises(ValueError, match="summary has no row for"):
        allocation.plot_policies(table.drop(index=("pro rata", "key accounts")))
    with pytest.raises(ValueError, match="summary is missing column\\(s\\) 'lost_margin_eur'"):
        allocation.plot_policies(table.drop(columns="lost_margin_eur"))
