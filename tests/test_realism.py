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


# --- one consistent company ------------------------------------------------------------------------

INDUSTRY_WORDS = {
    "Food & beverage": ("Foods",),
    "Chemicals": ("Chemicals",),
    "Water utilities": ("Water",),
    "Pharmaceuticals": ("Pharma",),
    "Oil & gas": ("Energy",),
    "Mining": ("Minerals",),
    "Pulp & paper": ("Paper",),
    "Machine builders": ("Machinery", "Engineering", "Robotics"),
}


def test_one_top_team_with_the_same_names_in_every_table(tables):
    execs = tables["executives"].set_index("title")["name"]
    people = tables["stakeholders"].set_index("role")["name"]
    shared = sorted(set(execs.index) & set(people.index))
    assert {"Chief Executive Officer", "Chief Financial Officer", "Chief Operating Officer"} <= set(shared)
    assert len(shared) >= 6
    for role in shared:
        assert execs[role] == people[role], f"{role}: {execs[role]} in executives, {people[role]} on the map"


def test_every_person_in_the_story_holds_one_job(tables):
    jobs: dict[str, set[str]] = {}
    for table, column in (
        ("executives", "title"),
        ("stakeholders", "role"),
        ("kam_candidates", "current_role"),
    ):
        for name, job in tables[table][["name", column]].itertuples(index=False):
            jobs.setdefault(name, set()).add(job if table != "kam_candidates" else f"candidate: {job}")
    assert all(len(j) == 1 for j in jobs.values()), {n: j for n, j in jobs.items() if len(j) > 1}
    firsts = [n.split()[0] for n in jobs]
    assert len(set(firsts)) == len(firsts), "two people share a first name and could be mistaken"


def test_customer_names_are_unique_and_story_accounts_unmistakable(tables):
    names = tables["customers"]["name"]
    assert names.is_unique
    first_words = names.str.split().str[0]
    for story in ("Kestrel Foods Group", "Bramley & Sons Engineering", "Nova Drive Robotics"):
        assert (first_words == story.split()[0]).sum() == 1, f"another customer starts like {story}"
    assert not names.str.contains("Aldmoor|moor", case=False).any(), "a customer sounds like the supplier"


def test_each_industry_fits_the_company_name(tables):
    for name, industry in tables["customers"][["name", "industry"]].itertuples(index=False):
        assert any(word in name for word in INDUSTRY_WORDS[industry]), f"{name} filed under {industry}"


def test_customers_join_and_leave_and_the_books_show_it(tables):
    """New customers have no orders before they joined; lost ones none in 2025; the rest buy every year."""
    customers = tables["customers"].set_index("customer_id")
    orders = tables["orders"].assign(year=tables["orders"]["order_date"].dt.year)
    bought = orders.groupby(["customer_id", "year"]).size().unstack(fill_value=0).gt(0)
    bought = bought.reindex(customers.index, fill_value=False)
    first = bought.idxmax(axis=1)
    joined = customers["tenure_years"] <= 2
    assert (first[joined] == 2026 - customers.loc[joined, "tenure_years"]).all()
    assert (first[~joined] == 2023).all()
    lost = customers["status"] == "lost"
    assert 0.1 <= lost.mean() <= 0.3, "some customers stop buying, most stay"
    assert not bought.loc[lost, 2025].any() and bought.loc[~lost, 2025].all()
    assert not (bought[2023] & ~bought[2024] & bought[2025]).any(), "a lost customer does not come back"


def test_realised_retention_can_be_set_against_the_account_teams_estimates(tables):
    orders = tables["orders"].assign(year=tables["orders"]["order_date"].dt.year)
    bought = orders.groupby(["customer_id", "year"]).size().unstack(fill_value=0).gt(0)
    realised = (bought[2025] & bought[2024]).sum() / bought[2024].sum()
    estimate = tables["customers"]["expected_retention"].mean()
    assert 0.8 <= realised <= 0.95 and 0.8 <= estimate <= 0.95
    assert abs(realised - estimate) < 0.05, "the estimates are in the right range, a little optimistic"


def test_whale_curve_peak_is_in_range_every_year(tables):
    from kamlab.toolkit.profit import customer_profit

    for year in (2023, 2024, 2025):
        profit = customer_profit(
            tables["orders"], tables["activities"], tables["departments"], tables["unit_times"], year=year
        )
        assert 1.5 <= concentration.whale_peak(profit["profit_eur"]) <= 3.0, year
