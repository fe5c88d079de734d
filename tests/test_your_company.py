"""Apply it to your company: steps 4 and 6 on the example exports, with hand-checked figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kamlab import whale_peak
from kamlab.company import imports
from kamlab.company.datasets import DATA_DIR
from kamlab.toolkit import selection, your_company

EXAMPLES = DATA_DIR / "examples"


def _orders() -> pd.DataFrame:
    """Two customers over two years; every figure below is worked out by hand."""
    return pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "A"],
            "order_date": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-02", "2024-06-30"]),
            "order_lines": [2, 1, 4, 3],
            "revenue_eur": [100.0, 50.0, 400.0, 80.0],
            "cost_of_goods_eur": [60.0, 30.0, 300.0, 50.0],
            "rush": [False, True, False, True],
            "deliveries": [1, 1, 2, 1],
            "returned_lines": [0, 0, 1, 0],
        }
    )


RATES = {"orders": 5.0, "order_lines": 2.0, "rush_orders": 20.0, "deliveries": 3.0, "returns": 7.0}


def test_customer_economics_one_year_by_hand():
    e = your_company.customer_economics(_orders(), RATES, year=2025, account_cost_eur=10.0)
    # A in 2025: 2 orders, 3 lines, 1 rush, 2 deliveries: 10 + 10 + 6 + 20 + 6 = 52; margin 60.
    # B in 2025: 1 order, 4 lines, 2 deliveries, 1 return: 10 + 5 + 8 + 6 + 7 = 36; margin 100.
    assert e.index.tolist() == ["A", "B"]
    assert e[["orders", "order_lines", "rush_orders", "deliveries", "returns"]].values.tolist() == [
        [2, 3, 1, 2, 0],
        [1, 4, 0, 2, 1],
    ]
    assert e["gross_margin_eur"].tolist() == [60.0, 100.0]
    assert e["cost_to_serve_eur"].tolist() == [52.0, 36.0]
    assert e["profit_eur"].tolist() == [8.0, 64.0]
    assert e["profit_margin_pct"].tolist() == pytest.approx([8 / 150, 64 / 400])
    assert list(e.columns) == [
        "orders", "order_lines", "rush_orders", "deliveries", "returns", "revenue_eur",
        "cost_of_goods_eur", "gross_margin_eur", "cost_to_serve_eur", "profit_eur", "profit_margin_pct",
    ]  # fmt: skip


def test_customer_economics_all_years_charges_the_account_cost_once_a_year():
    e = your_company.customer_economics(_orders(), {"orders": 5.0}, account_cost_eur=10.0)
    # A ordered in 2024 and 2025: 3 orders x 5 + 2 years x 10 = 35; B: 1 x 5 + 10 = 15.
    assert e["cost_to_serve_eur"].tolist() == [35.0, 15.0]
    assert e["revenue_eur"].tolist() == [230.0, 400.0]
    # a driver left out of rates costs nothing, and no account cost by default
    assert your_company.customer_economics(_orders(), {"returns": 7.0})["cost_to_serve_eur"].tolist() == [
        0.0,
        7.0,
    ]


def test_customer_economics_of_the_example_orders_export():
    orders, report = imports.read_export(
        EXAMPLES / "orders_export.csv", "orders", imports.EXAMPLE_ORDERS_MAPPING
    )
    assert report.rows_rejected == 3
    e = your_company.customer_economics(
        orders, your_company.EXAMPLE_RATES, year=2025, account_cost_eur=your_company.EXAMPLE_ACCOUNT_COST_EUR
    )
    assert len(e) == 20 and e["orders"].sum() == 60 and e["order_lines"].sum() == 971
    assert e["rush_orders"].sum() == 7 and e["deliveries"].sum() == 60 and e["returns"].sum() == 0
    # 60 x 20 + 971 x 10 + 7 x 240 + 60 x 120 + 20 customers x 1,500
    assert e["cost_to_serve_eur"].sum() == pytest.approx(1_200 + 9_710 + 1_680 + 7_200 + 30_000)
    assert e["revenue_eur"].sum() == pytest.approx(450_330.84)
    assert e["gross_margin_eur"].sum() == pytest.approx(120_192.91)
    assert e["profit_eur"].sum() == pytest.approx(70_402.91)
    # Gannet Mining: 2 orders, 17 lines, 2 deliveries: 40 + 170 + 240 + 1,500 = 1,950 > 1,591.23 margin
    assert e.loc[e["profit_eur"] < 0].index.tolist() == ["A007"]
    assert e.at["A007", "profit_eur"] == pytest.approx(1_591.23 - 1_950)
    assert whale_peak(e["profit_eur"]) == pytest.approx((70_402.91 + 358.77) / 70_402.91)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rates": {"visits": 5.0}}, r"rates has 'visits', which is not a driver.*'orders'"),
        ({"rates": {"orders": -1.0}}, r"rates\['orders'\] must be >= 0, got -1.0"),
        ({"rates": {}}, "rates is empty"),
        ({"rates": {"orders": 1.0}, "year": 2023}, r"no order dated in 2023; .* dated in \[2024, 2025\]"),
        ({"rates": {"orders": 1.0}, "year": 2025.5}, "year must be a whole number"),
        ({"rates": {"orders": 1.0}, "account_cost_eur": -5}, "account_cost_eur must be >= 0"),
    ],
)
def test_customer_economics_bad_input_says_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message):
        your_company.customer_economics(_orders(), **kwargs)


def test_customer_economics_rejects_a_bad_orders_table():
    with pytest.raises(ValueError, match=r"orders is missing column\(s\) 'rush'"):
        your_company.customer_economics(_orders().drop(columns="rush"), RATES)
    with pytest.raises(TypeError, match="rates must be a dict"):
        your_company.customer_economics(_orders(), [5.0])


def _customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D"],
            "wallet_eur": [1000.0, 400.0, 50.0, 400.0],
            "wallet_growth": [0.02, 0.10, -0.01, 0.0],
            "price_sensitivity": [5, 1, 3, 2],
            "strategic_fit": [np.nan] * 4,  # read_export's empty default: the criterion is left out
        }
    )


def test_export_criteria_uses_what_the_export_has():
    c = your_company.export_criteria(_customers(), pd.Series({"A": 500.0, "B": 100.0, "X": 9.0}))
    assert list(c.columns) == ["wallet_size", "wallet_growth", "low_price_pressure", "share_of_wallet"]
    assert c.index.tolist() == ["A", "B", "C", "D"]
    # wallets 1000, 400, 50, 400: ranks 4, 2.5, 1, 2.5 -> (rank - 1) / 3
    assert c["wallet_size"].tolist() == [1.0, 0.5, 0.0, 0.5]
    assert c["wallet_growth"].tolist() == pytest.approx([2 / 3, 1.0, 0.0, 1 / 3])
    assert c["low_price_pressure"].tolist() == [0.0, 1.0, 0.5, 0.75]
    # C and D bought nothing: share 0; X is not a customer and is not used
    assert c["share_of_wallet"].tolist() == [0.5, 0.25, 0.0, 0.0]
    without_revenue = your_company.export_criteria(_customers().set_index("customer_id"))
    assert "share_of_wallet" not in without_revenue.columns


def test_export_criteria_of_the_example_customers_export():
    customers, _ = imports.read_export(
        EXAMPLES / "customers_export.csv", "customers", imports.EXAMPLE_CUSTOMERS_MAPPING
    )
    orders, _ = imports.read_export(EXAMPLES / "orders_export.csv", "orders", imports.EXAMPLE_ORDERS_MAPPING)
    e = your_company.customer_economics(
        orders, your_company.EXAMPLE_RATES, year=2025, account_cost_eur=your_company.EXAMPLE_ACCOUNT_COST_EUR
    )
    c = your_company.export_criteria(customers, e["revenue_eur"])
    assert list(c.columns) == ["wallet_size", "wallet_growth", "strategic_fit", "share_of_wallet"]
    assert len(c) == 20
    assert c.at["A006", "wallet_size"] == 1.0  # Fulmar Paper, EUR 859,500: the largest wallet
    assert c.at["A007", "wallet_size"] == 0.0  # Gannet Mining, EUR 49,400 (its duplicate was rejected)
    assert c.at["A002", "strategic_fit"] == 1.0  # a 5 on the 1-5 scale
    assert c.at["A011", "share_of_wallet"] == pytest.approx(e.at["A011", "revenue_eur"] / 74_300)
    weights = {"wallet_size": 0.40, "wallet_growth": 0.35, "strategic_fit": 0.25}
    pf = selection.portfolio(c, weights, {"share_of_wallet": 1.0})
    # Tern Ceramics: 0.40 x 18/19 + 0.35 x 18/19 + 0.25 x 0.75
    assert pf.at["A020", "attractiveness"] == pytest.approx(0.75 * 18 / 19 + 0.1875)
    programme = selection.select_programme(pf, e["profit_eur"].reindex(pf.index, fill_value=0.0), size=5)
    assert programme == ["A020", "A003", "A001", "A017", "A009"]


def test_export_criteria_bad_input_says_what_is_wrong():
    partly = _customers().assign(strategic_fit=[3, np.nan, 2, 4])
    with pytest.raises(ValueError, match=r"customers\['strategic_fit'\] is empty for customer 'B'"):
        your_company.export_criteria(partly)
    with pytest.raises(ValueError, match=r"customers\['price_sensitivity'\] has 6 at row 'A'.*<= 5"):
        your_company.export_criteria(_customers().assign(price_sensitivity=[6, 1, 3, 2]))
    with pytest.raises(ValueError, match="no column a criterion can be built from"):
        your_company.export_criteria(pd.DataFrame({"customer_id": ["A"], "name": ["Ash"]}))
    with pytest.raises(ValueError, match=r"customers\['customer_id'\] has 'A' again"):
        your_company.export_criteria(pd.concat([_customers(), _customers().head(1)]))
    with pytest.raises(ValueError, match="revenue 900.00 above its wallet 50.00"):
        your_company.export_criteria(_customers(), pd.Series({"C": 900.0}))
    with pytest.raises(ValueError, match="revenue has a missing value"):
        your_company.export_criteria(_customers(), pd.Series({"C": np.nan}))


def test_numbered_portfolio_puts_names_in_the_legend():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kamlab.toolkit import plots_selection

    scores = pd.DataFrame(
        {"attractiveness": [0.9, 0.85, 0.3], "strength": [0.05, 0.06, 0.8]}, index=["A", "B", "C"]
    )
    fig, ax = plots_selection.plot_portfolio(
        scores, selected=["A", "B"], labels={"A": "Ash Ltd", "B": "Birch AG"}, numbered=True
    )
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Ash Ltd" in legend and "Birch AG" in legend
    assert sorted(t.get_text() for t in ax.texts if t.get_text().isdigit()) == ["1", "2"]
    plt.close(fig)
    with pytest.raises(TypeError, match="numbered must be True or False"):
        plots_selection.plot_portfolio(scores, numbered="yes")
    plt.close("all")


def test_whale_curve_of_a_short_list_keeps_its_notes_inside():
    from kamlab.toolkit import plots

    # total 81: the top 8 earn 80, the top 9 earn 85, so break-even is at rank 9 of 10
    profit = pd.Series([10.0] * 8 + [5.0, -4.0], index=list("ABCDEFGHIJ"))
    fig = plots.whale_curve_plot(profit)
    ax = fig.axes[0]
    note = next(t for t in ax.texts if t.get_text().startswith("Break-even point"))
    assert note.get_text().startswith("Break-even point: the top 9 customers")
    assert note.get_ha() == "right"  # so it reads leftwards, clear of the right-hand axis
    assert all(float(x).is_integer() for x in ax.get_xticks())  # ranks, not 2.5
