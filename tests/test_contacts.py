"""The data added for the key account plan: the story accounts' contacts, and delivery performance.

The additions draw their random values after every other table is made, so adding them changed no
earlier table: the last test proves it by generating the company with and without them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kamlab.company import generator
from kamlab.toolkit import account_plan

STORY = {"Nova Drive Robotics", "Kestrel Foods Group", "Bramley & Sons Engineering"}


@pytest.fixture(scope="module")
def story_ids(tables) -> dict[str, str]:
    customers = tables["customers"]
    return dict(zip(customers["name"], customers["customer_id"]))


def test_contacts_cover_the_three_story_accounts_with_valid_roles_and_scores(tables, story_ids):
    contacts = tables["contacts"]
    assert set(contacts["customer_id"]) == {story_ids[n] for n in STORY}
    assert set(contacts["buying_role"]) == set(generator.BUYING_ROLES)
    assert contacts["influence"].between(1, 5).all() and contacts["attitude"].between(1, 5).all()
    assert contacts["contact_id"].is_unique and contacts["name"].is_unique
    assert (contacts.groupby("customer_id")["buying_role"].apply(lambda r: (r == "decider").any())).all()


def test_nobody_at_a_customer_shares_a_name_with_aldmoor_staff(tables):
    staff = set(tables["stakeholders"]["name"]) | set(tables["executives"]["name"])
    staff |= set(tables["kam_candidates"]["name"])
    assert not staff & set(tables["contacts"]["name"])


def test_aldmoor_contacts_are_job_titles_of_aldmoor_people_or_none(tables):
    titles = {r[0] for r in generator.ROLES} | set(tables["kam_candidates"]["current_role"])
    people = account_plan.aldmoor_people(tables["contacts"])
    met = {p for plist in people for p in plist}
    assert met <= titles, met - titles
    nobody = tables["contacts"]["aldmoor_contacts"] == "none"
    assert (tables["contacts"].loc[nobody, "meetings_2025"] == 0).all()
    assert (tables["contacts"].loc[~nobody, "meetings_2025"] > 0).all()


def test_the_story_shapes_match_the_recorded_relationship_stages(tables, story_ids):
    reach = account_plan.coverage(tables["contacts"])
    stage = tables["customers"].set_index("customer_id")["relationship_stage"]
    for name in STORY:
        cid = story_ids[name]
        assert reach.loc[cid, "shape"] == account_plan.STAGE_SHAPE[stage[cid]], name
    nova, bramley = story_ids["Nova Drive Robotics"], story_ids["Bramley & Sons Engineering"]
    assert reach.loc[nova, "aldmoor_people"] == 1, "Nova is a bow-tie: one Aldmoor person"
    assert reach.loc[nova, "coverage"] < reach.loc[nova, "all_contacts_coverage"]
    assert reach.loc[bramley, "coverage"] >= 0.75


def test_orders_carry_promised_and_delivered_dates_and_an_in_full_flag(tables):
    orders = tables["orders"]
    assert list(orders.columns[-3:]) == ["promised_date", "delivered_date", "delivered_in_full"]
    promise = (orders["promised_date"] - orders["order_date"]).dt.days
    assert (promise >= generator.RUSH_PROMISE_DAYS).all()
    assert (promise[orders["rush"]] == generator.RUSH_PROMISE_DAYS).all()
    normal = orders[~orders["rush"]]
    expected = normal["product_line"].map(generator.PROMISE_DAYS)
    assert ((normal["promised_date"] - normal["order_date"]).dt.days == expected).all()
    assert (orders["delivered_date"] > orders["order_date"]).all(), "nothing arrives the day it is ordered"


def test_service_levels_are_realistic_and_worse_for_demanding_customers(tables, story_ids):
    service = account_plan.otif(tables["orders"], year=2025)
    overall = ((tables["orders"]["delivered_date"] <= tables["orders"]["promised_date"])
               & tables["orders"]["delivered_in_full"]).mean()  # fmt: skip
    assert 0.75 <= overall <= 0.92, overall
    kestrel, bramley = story_ids["Kestrel Foods Group"], story_ids["Bramley & Sons Engineering"]
    assert service.loc[kestrel, "otif"] < service.loc[bramley, "otif"]


def test_the_additions_leave_every_earlier_table_unchanged(monkeypatch):
    """The new draws come last: without them, every earlier table and column is the same."""
    full = generator.generate_company(seed=5, n_customers=60)
    monkeypatch.setattr(generator, "_add_delivery_performance", lambda *args: None)
    monkeypatch.setattr(generator, "_contacts", lambda *args: pd.DataFrame())
    before = generator.generate_company(seed=5, n_customers=60)
    added = ["promised_date", "delivered_date", "delivered_in_full"]
    for name, frame in before.items():
        if name == "contacts":
            continue
        got = full[name].drop(columns=added) if name == "orders" else full[name]
        pd.testing.assert_frame_equal(got, frame, obj=name)
    assert list(full["orders"].columns[-3:]) == added and not full["contacts"].empty
