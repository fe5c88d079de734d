"""kamlab.account_plan and plots_plan: coverage, shape, OTIF, the objective, the scorecard, the page."""

from __future__ import annotations

import re
import shutil

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kamlab.toolkit import account_plan, plots_plan


def _contacts(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=[
            "contact_id",
            "customer_id",
            "job_title",
            "buying_role",
            "influence",
            "attitude",
            "aldmoor_contacts",
        ],
    )


@pytest.fixture()
def small() -> pd.DataFrame:
    """Two accounts: A, a bow-tie through the sales rep; B, a diamond."""
    return _contacts(
        [
            ("P1", "A", "CEO", "decider", 5, 3, "none"),
            ("P2", "A", "Buyer", "buyer", 4, 3, "Sales rep"),
            ("P3", "A", "Engineer", "influencer", 2, 5, "Sales rep"),
            ("P4", "A", "CFO", "decider", 2, 3, "none"),
            ("P5", "B", "Owner", "decider", 5, 5, "CEO"),
            ("P6", "B", "Ops", "decider", 4, 4, "COO | Sales rep"),
            ("P7", "B", "Buyer", "buyer", 4, 4, "Sales rep"),
            ("P8", "B", "Engineer", "influencer", 4, 4, "VP Engineering"),
            ("P9", "B", "Clerk", "gatekeeper", 1, 4, "none"),
        ]
    )


def test_decision_makers_are_deciders_and_anyone_with_influence_four_or_more(small):
    assert account_plan.is_decision_maker(small).tolist() == [
        True,
        True,
        False,
        True,
        True,
        True,
        True,
        True,
        False,
    ]
    assert account_plan.is_decision_maker(small, min_influence=5).sum() == 4  # the four deciders


def test_coverage_counts_decision_makers_and_names_the_shape(small):
    reach = account_plan.coverage(small)
    assert reach.loc["A"].to_dict() == {
        "contacts": 4,
        "reached": 2,
        "decision_makers": 3,
        "decision_makers_reached": 1,
        "coverage": pytest.approx(1 / 3),
        "all_contacts_coverage": 0.5,
        "aldmoor_people": 1,
        "shape": "bow-tie",
    }
    assert reach.loc["B", "coverage"] == 1.0 and reach.loc["B", "aldmoor_people"] == 4
    assert reach.loc["B", "shape"] == "diamond"


def test_coverage_without_a_person_shows_what_is_left(small):
    left = account_plan.coverage(small, without=["Sales rep"])
    assert left.loc["A", "coverage"] == 0.0 and left.loc["A", "shape"] == "bow-tie"
    assert left.loc["B", "decision_makers_reached"] == 3  # the buyer met only by the rep is lost
    with pytest.raises(TypeError, match="without must be a list of Aldmoor job titles"):
        account_plan.coverage(small, without="Sales rep")


@pytest.mark.parametrize(
    ("share", "people", "shape"),
    [
        (0.49, 9, "bow-tie"),
        (0.5, 1, "between"),
        (0.75, 2, "between"),
        (0.75, 3, "diamond"),
        (1.0, 6, "diamond"),
    ],
)
def test_the_shape_rule_at_its_edges(share, people, shape):
    assert account_plan.relationship_shape(share, people) == shape


def test_bad_contacts_are_named(small):
    bad = small.copy()
    bad.loc[3, "buying_role"] = "Decider"
    with pytest.raises(
        ValueError, match=r"contacts\['buying_role'\] has 'Decider' at row 3; use one of 'user'"
    ):
        account_plan.coverage(bad)
    bad = small.copy()
    bad.loc[0, "influence"] = 6
    with pytest.raises(ValueError, match=r"contacts\['influence'\] has 6 at row 0; every value must be <= 5"):
        account_plan.coverage(bad)
    with pytest.raises(ValueError, match="contacts is missing column\\(s\\) 'aldmoor_contacts'"):
        account_plan.coverage(small.drop(columns="aldmoor_contacts"))


def test_otif_is_on_time_and_in_full_per_customer_and_year():
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "B"],
            "order_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2024-03-01", "2025-04-01"]),
            "promised_date": pd.to_datetime(["2025-01-10", "2025-02-10", "2024-03-10", "2025-04-10"]),
            "delivered_date": pd.to_datetime(["2025-01-10", "2025-02-11", "2024-03-20", "2025-04-09"]),
            "delivered_in_full": [True, True, True, False],
        }
    )
    got = account_plan.otif(orders, year=2025)
    assert got.loc["A"].to_dict() == {"orders": 2, "on_time": 0.5, "in_full": 1.0, "otif": 0.5}
    assert got.loc["B", "otif"] == 0.0 and got.loc["B", "on_time"] == 1.0
    assert account_plan.otif(orders).loc["A", "orders"] == 3
    with pytest.raises(ValueError, match="orders has no order placed in 2023"):
        account_plan.otif(orders, year=2023)
    text = orders.assign(promised_date=orders["promised_date"].astype(str))
    with pytest.raises(TypeError, match=r"orders\['promised_date'\] must hold dates"):
        account_plan.otif(text)


def test_target_economics_by_hand():
    # wallet 2,000,000 grows 30 % a year for 3 years: x 2.197 = 4,394,000; 20 % of it = 878,800;
    # gross margin 18 % = 158,184; cost to serve 12 % = 105,456 plus the offer 50,000; profit 2,728
    got = account_plan.target_economics(
        wallet_eur=2_000_000,
        wallet_growth=0.30,
        base_year=2025,
        target_year=2028,
        target_share=0.20,
        gross_margin_rate=0.18,
        cost_to_serve_rate=0.12,
        offer_cost_eur=50_000,
    )
    assert got == pytest.approx(
        {
            "wallet_eur": 4_394_000,
            "revenue_eur": 878_800,
            "gross_margin_eur": 158_184,
            "cost_to_serve_eur": 155_456,
            "profit_eur": 2_728,
        }
    )
    with pytest.raises(ValueError, match="target_year 2024 is before base_year 2025"):
        account_plan.target_economics(
            wallet_eur=1, wallet_growth=0, base_year=2025, target_year=2024, target_share=0.2,
            gross_margin_rate=0.2, cost_to_serve_rate=0.1,
        )  # fmt: skip
    with pytest.raises(ValueError, match="target_share must be <= 1"):
        account_plan.target_economics(
            wallet_eur=1, wallet_growth=0, base_year=2025, target_year=2028, target_share=20,
            gross_margin_rate=0.2, cost_to_serve_rate=0.1,
        )  # fmt: skip


def test_scorecard_status_and_formatting():
    card = account_plan.scorecard(
        [
            {"measure": "otif", "unit": "share", "today": 0.96, "target": 0.95, "better": "higher"},
            {
                "measure": "clv",
                "unit": "EUR",
                "today": 95_000.0,
                "target": 100_000.0,
                "better": "higher",
                "by": "2028",
            },
            {"measure": "coverage", "unit": "share", "today": 0.17, "target": 0.67, "better": "higher"},
            {"measure": "dependency", "unit": "share", "today": 0.004, "target": 0.05, "better": "lower"},
            {"measure": "attitude", "unit": "score", "today": 3.0, "target": 3.5, "better": "higher"},
        ]
    )
    assert card["status"].tolist() == ["met", "close", "gap", "met", "gap"]
    assert card["shown_today"].tolist() == ["96 %", "EUR 95,000", "17 %", "0.4 %", "3.0"]
    assert card["by"].tolist() == ["", "2028", "", "", ""]
    with pytest.raises(ValueError, match="scorecard row 0 \\('x'\\) has better 'more'"):
        account_plan.scorecard([{"measure": "x", "unit": "share", "today": 1, "target": 1, "better": "more"}])


def test_raci_needs_exactly_one_accountable_role_per_activity():
    good = pd.DataFrame(
        {"KAM": ["A", "R"], "sponsor": ["C", "A"], "finance": ["", "I"]}, index=["plan", "visit"]
    )
    assert account_plan.check_raci(good) is good
    with pytest.raises(ValueError, match="'visit' has 0 roles accountable; give it exactly one A"):
        account_plan.check_raci(good.assign(sponsor=["C", "R"]))
    with pytest.raises(ValueError, match="'plan' has 'X' for 'finance'"):
        account_plan.check_raci(good.assign(finance=["X", "I"]))


@pytest.fixture()
def plan() -> dict:
    card = [{"measure": "otif", "unit": "share", "today": 0.83, "target": 0.95, "better": "higher"}]
    return {
        "account": "Nova <Robotics> & Co",
        "prepared_by": "me",
        "period": "2026 to 2028",
        "business": "Builds robot cells.",
        "buying_criteria": [("uptime", 0.6, 8, 6), ("price", 0.4, 4, 8)],
        "buying_centre": "A bow-tie.",
        "value_proposition": "Cost < value.",
        "objective": "20 % in 2028.",
        "strategy": "Sell uptime.",
        "actions": [("workshop", "KAM", "March 2026")],
        "team": [("key account manager", "Grace", "the plan")],
        "governance": [("review", "team", "quarterly")],
        "risks": "Growth stalls.",
        "scorecard": pd.DataFrame(card),
    }


def test_the_plan_renders_every_section_and_escapes_the_learner_text(plan):
    html = account_plan.render_plan(plan)
    assert "Nova &lt;Robotics&gt; &amp; Co" in html and "Cost &lt; value." in html
    for heading in ("The customer", "Value proposition", "Actions", "Account team", "Scorecard", "Risks"):
        assert heading in html
    assert "60 %" in html and '<span class="status gap">gap</span>' in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"risks": None}, "plan\\['risks'\\] should be what could go wrong"),
        ({"strategy": "  "}, "plan\\['strategy'\\] is empty"),
        ({"actions": [("workshop", "KAM")]}, "plan\\['actions'\\] row 1 has 2 item\\(s\\)"),
        ({"actions": []}, "plan\\['actions'\\] has no rows"),
        ({"motto": "x"}, "plan has 'motto', which is not a section"),
    ],
)
def test_a_malformed_plan_names_its_section(plan, change, message):
    with pytest.raises((TypeError, ValueError), match=message):
        account_plan.render_plan({**plan, **change})
    with pytest.raises(ValueError, match="plan has no 'team' section"):
        account_plan.render_plan({k: v for k, v in plan.items() if k != "team"})


def test_show_and_save_the_plan(plan, tmp_path):
    html = account_plan.render_plan(plan)
    shown = account_plan.show_plan(html, file_name="p.html")
    assert (
        'download="p.html"' in shown.data
        and "data:text/html;base64," in shown.data
        and "<iframe" in shown.data
    )
    assert account_plan.save_plan(html, tmp_path / "p.html").read_text() == html
    with pytest.raises(ValueError, match="path should end in .html"):
        account_plan.save_plan(html, tmp_path / "p.txt")


@pytest.mark.slow
@pytest.mark.skipif(not any(shutil.which(b) for b in account_plan.BROWSERS), reason="no Chromium installed")
def test_the_plan_prints_to_a_one_page_pdf(plan, tmp_path):
    data = account_plan.save_pdf(account_plan.render_plan(plan), tmp_path / "plan.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1, "one page"


def test_save_pdf_says_what_to_do_without_a_browser(plan, tmp_path):
    with pytest.raises(RuntimeError, match="no Chromium or Chrome found"):
        account_plan.save_pdf(account_plan.render_plan(plan), tmp_path / "p.pdf", browser="no-such-browser")


def test_the_charts_draw_and_refuse_unknown_accounts(small):
    fig, ax = plots_plan.plot_buying_centre(small, "A", title="t")
    assert ax.get_ylim() == (0.5, 5.5) and len(ax.collections) == 4
    for dot in ax.collections:
        x, y = dot.get_offsets()[0]
        assert 0.5 < y < 5.5 and 0.5 < x < 5.9, "every point stays on the 1-5 scales"
    fig, axes = plots_plan.plot_relationship_shapes(small, {"A": "Alpha", "B": "Beta"})
    assert "bow-tie" in axes[0].get_title(loc="left") and "diamond" in axes[1].get_title(loc="left")
    with pytest.raises(ValueError, match="contacts has no one at customer 'Z'"):
        plots_plan.plot_buying_centre(small, "Z")
    plt.close("all")


def test_the_value_charts_and_the_stage_chart():
    from kamlab.toolkit import value

    offers = pd.DataFrame(
        {"price_eur": [12_000.0, 9_500.0], "energy_kwh_per_year": [20_000.0, 23_000.0],
         "downtime_hours_per_year": [3.0, 5.0], "maintenance_eur_per_year": [600.0, 900.0]},
        index=["aldmoor", "rival"],
    )  # fmt: skip
    kw = {"life_years": 5, "discount_rate": 0.08, "energy_eur_per_kwh": 0.2, "downtime_eur_per_hour": 1_000.0}
    fig, ax = plots_plan.plot_tco(value.tco(offers, **kw), names={"aldmoor": "Aldmoor"})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Aldmoor", "rival"]
    fig, ax = plots_plan.plot_cumulative_cost(value.cumulative_cost(offers, **kw), "aldmoor", "rival")
    assert any("from year 1 on" in t.get_text() for t in ax.texts)
    stage = pd.Series({"A": "exploratory", "B": "integrated", "C": "basic"})
    share = pd.Series({"A": 0.1, "B": 0.7, "C": 0.3})
    fig, ax = plots_plan.plot_share_by_stage(stage, share, labels={"A": "Alpha"})
    assert any(t.get_text() == "70 %" for t in ax.texts)
    with pytest.raises(ValueError, match="stage has 'early' for customer 'A'"):
        plots_plan.plot_share_by_stage(stage.replace("exploratory", "early"), share)
    plt.close("all")
