"""Metric charts: they return figures with the right labels and marks, and check their input."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import kamlab
from kamlab.toolkit import incentives, plots

TOY_PROFIT = pd.Series({"A": 30.0, "B": -10.0, "C": 5.0})
TOY_TABLE = pd.DataFrame(
    {"revenue_eur": [900.0, 300.0, 50.0], "profit_eur": [-20.0, 40.0, 5.0]}, index=["K", "P", "N"]
)
TOY_CTS = pd.DataFrame(
    {
        "delivery": [500.0, 100.0, 20.0],
        "picking and packing": [300.0, 50.0, 10.0],
        "financing": [80.0, 20.0, 1.0],
        "cost_to_serve_eur": [880.0, 170.0, 31.0],
    },
    index=["K", "P", "N"],
)
TOY_PAYOUTS = pd.DataFrame(
    {"pay on revenue": [90.0, 8.0, 2.0], "pay on value": [0.0, 70.0, 30.0]}, index=["K", "P", "N"]
)


def texts(fig: Figure) -> str:
    """Every piece of text on the figure: titles, labels, tick labels, notes, legends."""
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def rendered(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def story(tables) -> dict[str, str]:
    customers = tables["customers"].set_index("customer_id")
    names = ["Kestrel Foods Group", "Bramley & Sons Engineering", "Nova Drive Robotics"]
    return {cid: customers.loc[cid, "name"] for cid in customers.index[customers["name"].isin(names)]}


def test_format_eur_writes_readable_amounts():
    assert plots.format_eur(7_321_000) == "EUR 7.3M"
    assert plots.format_eur(999_600) == "EUR 1.0M"
    assert plots.format_eur(-825_682.2) == "EUR -826k"
    assert plots.format_eur(39_051) == "EUR 39k"
    assert plots.format_eur(950) == "EUR 950"
    with pytest.raises(TypeError, match="value must be a number"):
        plots.format_eur("1000")


def test_whale_curve_marks_peak_break_even_tail_and_labelled_customers():
    fig = plots.whale_curve_plot(TOY_PROFIT, {"B": "Big Co"})
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Cumulative profit (% of total profit)"
    assert "1 = most profitable" in ax.get_xlabel()
    assert ax.get_title(loc="left").startswith("Whale curve")
    line = ax.get_lines()[0]
    assert np.allclose(line.get_ydata(), [120.0, 140.0, 100.0])
    words = texts(fig)
    assert "Peak: 140 % of total profit" in words
    assert "the 2 profitable customers" in words
    assert "Break-even point: the top customer\nalready earns" in words
    assert "1 customer\nloses money" in words
    assert "Big Co\nranked 3, profit EUR -10" in words
    assert "EUR" in ax.child_axes[0].get_ylabel()  # the secondary axis in euros
    assert rendered(fig)[:4] == b"\x89PNG"


def test_whale_curve_without_loss_makers_has_no_tail_or_break_even():
    words = texts(plots.whale_curve_plot(pd.Series({"A": 3.0, "B": 1.0})))
    assert "Peak: 100 %" in words
    assert "lose money" not in words and "Break-even" not in words


def test_whale_curve_on_aldmoor_2025(profit_2025, story):
    fig = plots.whale_curve_plot(profit_2025["profit_eur"], story)
    words = texts(fig)
    peak = kamlab.whale_peak(profit_2025["profit_eur"])
    profitable = int((profit_2025["profit_eur"] > 0).sum())
    assert f"Peak: {peak * 100:.0f} % of total profit" in words
    assert f"the {profitable} profitable customers" in words
    assert f"{len(profit_2025) - profitable} customers\nlose money" in words
    assert "Kestrel Foods Group\nranked 300" in words
    assert "EUR millions" in fig.axes[0].child_axes[0].get_ylabel()
    rendered(fig)


def test_revenue_profit_plot_finds_big_accounts_that_lose_money(profit_2025, story):
    fig = plots.revenue_profit_plot(profit_2025, story)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == "Revenue (EUR, log scale)"
    assert ax.get_ylabel() == "Profit after cost to serve (EUR thousands)"
    top10 = profit_2025.nlargest(10, "revenue_eur")
    words = texts(fig)
    assert (
        f"{int((top10['profit_eur'] < 0).sum())} of the 10 largest customers by revenue lose money" in words
    )
    losers = int((profit_2025["profit_eur"] < 0).sum())
    assert f"loses money ({losers} customers)" in words
    assert "Kestrel Foods Group\nEUR 6.6M revenue, EUR -826k profit" in words
    assert "Nova Drive Robotics" in words and "Bramley & Sons Engineering" in words
    rendered(fig)


def test_revenue_profit_plot_on_a_linear_axis_and_with_other_columns():
    table = TOY_TABLE.rename(columns={"revenue_eur": "rev", "profit_eur": "clv"})
    fig = plots.revenue_profit_plot(table, revenue="rev", profit="clv", log_revenue=False, title="T")
    assert fig.axes[0].get_xscale() == "linear"
    assert fig.axes[0].get_title(loc="left") == "T"
    assert "1 of the 3 largest customers" in texts(fig)


def test_cost_to_serve_plot_stacks_one_segment_per_activity(profit_2025, tables, story):
    fig = plots.cost_to_serve_plot(TOY_CTS, ["K", "N"], {"K": "Big Co"}, revenue=TOY_TABLE["revenue_eur"])
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * 3  # two customers, three segments each
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Big Co", "N"]
    assert ax.get_xlabel() == "Cost to serve (EUR thousands)"
    assert sorted(t.get_text() for t in fig.legends[0].get_texts()) == sorted(
        ["delivery", "picking and packing", "financing"]
    )
    words = texts(fig)
    assert "EUR 880 (98% of revenue)" in words and "EUR 31 (62% of revenue)" in words

    drivers = kamlab.activity_drivers(tables["orders"], tables["activities"])
    cts = kamlab.cost_to_serve(drivers, kamlab.activity_rates(tables["departments"], tables["unit_times"]))
    one_year = cts.xs(2025, level="year")
    every_name = tables["customers"].set_index("customer_id")["name"].to_dict()  # names are looked up only
    fig = plots.cost_to_serve_plot(one_year, list(story), every_name, revenue=profit_2025["revenue_eur"])
    assert len(fig.axes[0].patches) == len(story) * (one_year.shape[1] - 1)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(story.values())
    kestrel = next(cid for cid, name in story.items() if name == "Kestrel Foods Group")
    share = one_year.loc[kestrel, "cost_to_serve_eur"] / profit_2025.loc[kestrel, "revenue_eur"]
    assert f"EUR {one_year.loc[kestrel, 'cost_to_serve_eur'] / 1e3:,.0f}k ({share:.0%} of revenue)" in texts(
        fig
    )
    rendered(fig)


def test_incentive_plot_shows_each_plan_and_flags_value_destroyers():
    value = pd.Series({"K": -5.0, "P": 10.0, "N": 3.0})
    fig = plots.incentive_plot(TOY_PAYOUTS, {"K": "Big Co"}, value=value, top=2)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * 2
    ticks = ax.get_yticklabels()
    assert [t.get_text() for t in ticks] == ["Big Co\n(destroys value)", "P"]
    assert matplotlib.colors.to_hex(ticks[0].get_color()) == plots.LOSS_COLOUR
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["pay on revenue", "pay on value"]
    assert "Bonus paid for the account" in ax.get_xlabel() and "EUR" in ax.get_xlabel()
    fig = plots.incentive_plot(TOY_PAYOUTS, accounts=["N", "K", "P"])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["N", "K", "P"]
    rendered(fig)


def test_incentive_plot_on_aldmoor(profit_2025, tables, story):
    customers = tables["customers"].set_index("customer_id")
    table = profit_2025.assign(
        lifetime_value_eur=kamlab.lifetime_value(
            profit_2025["profit_eur"], customers["expected_retention"].reindex(profit_2025.index), 0.10
        )
    )
    plans = {"pay on revenue": "revenue_eur", "pay on lifetime value": "lifetime_value_eur"}
    payouts = incentives.compare_plans(table, plans, 250_000)
    fig = plots.incentive_plot(payouts, customers["name"].to_dict(), value=table["lifetime_value_eur"])
    assert "Kestrel Foods Group\n(destroys value)" in texts(fig)
    rendered(fig)


def test_no_figure_is_left_open_in_pyplot():
    plt.close("all")
    plots.whale_curve_plot(TOY_PROFIT)
    plots.revenue_profit_plot(TOY_TABLE)
    plots.cost_to_serve_plot(TOY_CTS, ["K"])
    plots.incentive_plot(TOY_PAYOUTS)
    assert plt.get_fignums() == []


MULTI = TOY_TABLE.set_index(pd.MultiIndex.from_tuples([("K", 2025), ("P", 2025), ("N", 2025)]))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: plots.whale_curve_plot(TOY_TABLE), TypeError, "DataFrame"),
        (lambda: plots.whale_curve_plot([1.0, 2.0]), TypeError, "Series"),
        (lambda: plots.whale_curve_plot(pd.Series(["a"])), TypeError, "numeric"),
        (lambda: plots.whale_curve_plot(pd.Series([1.0, -5.0])), ValueError, "positive total profit"),
        (lambda: plots.whale_curve_plot(TOY_PROFIT, {"Z": "Nobody"}), ValueError, "'Z'"),
        (lambda: plots.whale_curve_plot(TOY_PROFIT, ["A"]), TypeError, "labels must be a dict"),
        (lambda: plots.revenue_profit_plot(TOY_PROFIT), TypeError, "DataFrame"),
        (lambda: plots.revenue_profit_plot(TOY_TABLE[["revenue_eur"]]), ValueError, "'profit_eur'"),
        (lambda: plots.revenue_profit_plot(MULTI), ValueError, "pick one year"),
        (
            lambda: plots.revenue_profit_plot(TOY_TABLE.assign(revenue_eur=[0.0, 1.0, 2.0])),
            ValueError,
            "log scale",
        ),
        (
            lambda: plots.revenue_profit_plot(TOY_TABLE.assign(revenue_eur=[-1.0, 1.0, 2.0])),
            ValueError,
            ">= 0",
        ),
        (lambda: plots.cost_to_serve_plot(TOY_CTS, "K"), TypeError, "list of customer ids"),
        (lambda: plots.cost_to_serve_plot(TOY_CTS, []), ValueError, "empty"),
        (lambda: plots.cost_to_serve_plot(TOY_CTS, ["Z"]), ValueError, "'Z' is not in cts"),
        (lambda: plots.cost_to_serve_plot(TOY_CTS[["delivery"]], ["K"]), ValueError, "cost_to_serve_eur"),
        (lambda: plots.cost_to_serve_plot(TOY_CTS[["cost_to_serve_eur"]], ["K"]), ValueError, "activity"),
        (
            lambda: plots.cost_to_serve_plot(TOY_CTS.assign(delivery=-1.0), ["K"]),
            ValueError,
            "'delivery'",
        ),
        (
            lambda: plots.cost_to_serve_plot(TOY_CTS, ["K"], revenue=pd.Series({"P": 1.0})),
            ValueError,
            "no revenue",
        ),
        (lambda: plots.incentive_plot(TOY_PAYOUTS.assign(x=-1.0)), ValueError, ">= 0"),
        (lambda: plots.incentive_plot(TOY_PAYOUTS, accounts=["Z"]), ValueError, "'Z'"),
        (lambda: plots.incentive_plot(TOY_PAYOUTS, accounts="K"), TypeError, "one string"),
        (lambda: plots.incentive_plot(TOY_PAYOUTS, top=0), ValueError, "top must be >= 1"),
        (
            lambda: plots.incentive_plot(TOY_PAYOUTS.assign(a=1.0, b=1.0, c=1.0)),
            ValueError,
            "at most 4",
        ),
        (
            lambda: plots.incentive_plot(TOY_PAYOUTS, value=pd.Series({"P": 1.0})),
            ValueError,
            "no value",
        ),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
