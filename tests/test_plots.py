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
    assert f"Kestrel Foods Group\nranked {len(profit_2025)}" in words  # the last: the biggest loss
    assert "EUR millions" in fig.axes[0].child_axes[0].get_ylabel()
    _labels_clear(fig, story.values())
    rendered(fig)


def _labels_clear(fig: Figure, names) -> None:
    """The labels of ``names`` stay inside the chart and overlap no other text on it."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [(t.get_text(), matplotlib.text.Text.get_window_extent(t, renderer)) for t in ax.texts]
    frame = ax.get_window_extent()
    labels = [(text, box) for text, box in boxes if text.split("\n")[0] in set(names)]
    assert len(labels) == len(list(names))
    for text, box in labels:
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1), f"{text!r} leaves the chart"
        for other, other_box in boxes:
            if other != text and other.strip():
                assert not box.overlaps(other_box), f"{text!r} overlaps {other!r}"


def _boxes(fig: Figure) -> list:
    """The screen boxes of the customer labels (annotations with a leader line), after drawing."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    notes = [a for a in fig.axes[0].texts if isinstance(a, matplotlib.text.Annotation)]
    return [(a.get_text(), matplotlib.text.Text.get_window_extent(a, renderer)) for a in notes]


def test_revenue_profit_plot_labels_the_story_and_the_largest_customers_apart(profit_2025, tables, story):
    """Issue 11: Bramley's and Nova's labels no longer land in one cluster, the largest are named."""
    names = tables["customers"].set_index("customer_id")["name"]
    largest = profit_2025["revenue_eur"].drop(list(story)).nlargest(2).index
    labels = {**story, **names[largest].to_dict()}
    fig = plots.revenue_profit_plot(profit_2025, labels)
    boxes = _boxes(fig)
    assert sorted(t.split("\n")[0] for t, _ in boxes) == sorted(labels.values())
    frame = fig.axes[0].get_window_extent()
    others = [fig.axes[0].get_legend().get_window_extent()]
    others += [
        t.get_window_extent()
        for t in fig.axes[0].texts
        if t.get_bbox_patch() is not None and not isinstance(t, matplotlib.text.Annotation)
    ]
    for k, (text, box) in enumerate(boxes):
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1), f"{text!r} leaves the chart"
        for other_text, other in boxes[k + 1 :]:
            assert not box.overlaps(other), f"{text!r} overlaps {other_text!r}"
        for other in others:
            assert not box.overlaps(other), f"{text!r} covers the legend or the note"
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
    kestrel = next(cid for cid, name in story.items() if name == "Kestrel Foods Group")
    revenue, profit = profit_2025.loc[kestrel, ["revenue_eur", "profit_eur"]]
    assert (
        f"Kestrel Foods Group\n{plots.format_eur(revenue)} revenue, {plots.format_eur(profit)} profit"
        in words
    )
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
    fig = plots.cost_to_serve_plot(
        one_year, list(story), every_name, revenue=profit_2025["revenue_eur"], min_share=0
    )
    assert len(fig.axes[0].patches) == len(story) * (one_year.shape[1] - 1)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(story.values())
    kestrel = next(cid for cid, name in story.items() if name == "Kestrel Foods Group")
    share = one_year.loc[kestrel, "cost_to_serve_eur"] / profit_2025.loc[kestrel, "revenue_eur"]
    assert f"EUR {one_year.loc[kestrel, 'cost_to_serve_eur'] / 1e3:,.0f}k ({share:.0%} of revenue)" in texts(
        fig
    )
    rendered(fig)


def test_cost_to_serve_plot_merges_activities_too_small_to_see(tables, profit_2025, story):
    """Issue 11: no slivers. Activities below 4 % of the longest bar on every bar become one segment."""
    deps = tables["departments"].query("year == 2025").drop(columns="year")
    rates = kamlab.activity_rates(deps, tables["unit_times"])
    drivers = kamlab.activity_drivers(tables["orders"], tables["activities"]).xs(2025, level="year")
    kestrel = next(cid for cid, name in story.items() if name == "Kestrel Foods Group")
    biggest = profit_2025["revenue_eur"].drop(kestrel).idxmax()
    cts = kamlab.cost_to_serve(drivers.loc[[kestrel, biggest]], rates)
    fig = plots.cost_to_serve_plot(cts, [kestrel, biggest], revenue=profit_2025["revenue_eur"])
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    other = [t for t in legend if t.startswith("other")]
    assert len(other) == 1
    activities = [c for c in cts.columns if c != "cost_to_serve_eur"]
    longest = cts["cost_to_serve_eur"].max()
    small = [a for a in activities if cts[a].max() < 0.04 * longest]
    assert len(small) >= 2 and all(a in other[0].replace("\n", " ") for a in small)
    assert set(legend) - set(other) == set(activities) - set(small)
    ends = [
        max(p.get_x() + p.get_width() for p in fig.axes[0].patches if p.get_y() == y)
        for y in {p.get_y() for p in fig.axes[0].patches}
    ]
    np.testing.assert_allclose(sorted(ends), sorted(cts["cost_to_serve_eur"]))  # nothing lost in the merge
    picking = cts.loc[kestrel, "picking and packing"]
    assert f"{round(picking, -3) / 1e3:g}k" in texts(fig).split("\n")  # a wide segment shows its amount
    rendered(fig)


def test_cost_to_serve_plot_keeps_a_single_small_activity_apart():
    cts = TOY_CTS.assign(financing=[1.0, 1.0, 1.0], cost_to_serve_eur=[801.0, 151.0, 31.0])
    legend = [t.get_text() for t in plots.cost_to_serve_plot(cts, ["K", "P"]).legends[0].get_texts()]
    assert "financing" in legend and not any(t.startswith("other") for t in legend)


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
