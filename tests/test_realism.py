"""The synthetic company lands inside the course map's realism targets."""

from __future__ import annotations

from kamlab.toolkit import concentration


def test_top_fifth_of_customers_bring_70_to_85_percent_of_revenue(profit_2025):
    share = concentration.revenue_concentration(profit_2025["revenue_eur"], 0.2)
    assert 0.70 <= share <= 0.85, share


def test_whale_curve_peaks_between_150_and_300_percent(profit_2025):
    peak = concentration.whale_peak(profit_2025["profit_eur"])
    assert 1.5 <= peak <= 3.0, peak


def test_several_of_the_ten_largest_customers_lose_money(profit_2025):
    top10 = profit_2025.nlargest(10, "revenue_eur")
    assert (top10["profit_eur"] < 0).sum() >= 3
    assert (top10["gross_margin_eur"] > 0).all(), "they must look fine before cost to serve"


def test_company_makes_a_modest_profit_overall(profit_2025):
    total = profit_2025.sum()
    assert 0.0 < total["profit_eur"] / total["revenue_eur"] < 0.12
    assert 0.15 < total["gross_margin_eur"] / total["revenue_eur"] < 0.40


def test_story_accounts(tables, profit_2025):
    customers = tables["customers"].set_index("customer_id")
    by_name = customers.reset_index().set_index("name")
    whale = by_name.loc["Kestrel Foods Group", "customer_id"]
    assert profit_2025["revenue_eur"].rank(ascending=False)[whale] <= 5
    assert profit_2025.loc[whale, "profit_eur"] < 0
    friend = by_name.loc["Bramley & Sons Engineering"]
    assert friend["ceo_relationship"] and friend["tenure_years"] >= 25
    assert customers["ceo_relationship"].sum() == 1
    assert friend["wallet_growth"] < 0 and friend["strategic_fit"] <= 2
    star = by_name.loc["Nova Drive Robotics"]
    assert star["wallet_growth"] >= 0.25 and star["tenure_years"] <= 3
    share = profit_2025.loc[star["customer_id"], "revenue_eur"] / star["wallet_eur"]
    assert share < 0.15 and star["wallet_eur"] >= customers["wallet_eur"].quantile(0.9)


def test_cost_to_serve_drivers_are_ones_operations_recognise(tables):
    drivers = set(tables["unit_times"]["driver"])
    assert drivers == {
        "orders",
        "order_lines",
        "rush_orders",
        "deliveries",
        "returns",
        "support_requests",
        "custom_engineering_hours",
        "sales_visits",
    }
    assert "payment_terms_days" in tables["activities"].columns


def test_departments_run_below_full_capacity(tables):
    from kamlab.toolkit import costing

    drivers = costing.activity_drivers(tables["orders"], tables["activities"])
    report = costing.capacity_report(tables["departments"], tables["unit_times"], drivers)
    assert report["utilisation"].between(0.6, 1.0).all(), report
