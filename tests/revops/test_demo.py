"""The revops part of `seed_demo` (issue 13): opportunities of every record type, and order forms.

One 300-account run is seeded once for the module, read back and rolled back; the determinism
test seeds its own small runs inside a savepoint.
"""

import math
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction

from accounts.demo.story import build_story
from accounts.engine.calendar import add_months
from accounts.models import Account, AccountProduct
from billing.models import CreditPurchase
from revops.models import CROSS_SELL_STAGES, Opportunity, OrderForm, OrderFormKind, RecordType
from tests import demo_runs
from tests.demo_runs import AS_OF, seed


def fingerprints(accounts: int, seed_value: int, **options) -> dict[str, str]:
    return demo_runs.fingerprints((Opportunity, OrderForm), accounts, seed_value, **options)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        census = seed(300)
        data = SimpleNamespace(
            census=census,
            opportunities=list(Opportunity.objects.values()),
            forms=list(OrderForm.objects.values()),
            accounts={a["id"]: a for a in Account.objects.values("id", "plan", "arr", "renewal_date")},
            products={(p.account_id, p.product_key) for p in AccountProduct.objects.all()},
            purchases={p["id"]: p for p in CreditPurchase.objects.values(
                "id", "billing_customer__account_id", "start_date", "credit_amount", "price")},
        )
        transaction.set_rollback(True)
    return data


@pytest.mark.django_db
def test_it_writes_the_same_opportunities_and_forms_for_the_same_seed_whatever_the_chunking():
    first = fingerprints(150, 7)
    assert fingerprints(150, 7, chunk=40) == first
    assert fingerprints(150, 8) != first


def test_it_writes_every_record_type_and_every_cross_sell_stage(demo):
    assert {o["record_type"] for o in demo.opportunities} == set(RecordType.values)
    cross_sells = [o for o in demo.opportunities if o["target_product_id"]]
    assert {o["stage"] for o in cross_sells} == set(CROSS_SELL_STAGES)
    assert all(o["record_type"] == RecordType.NEW_REVENUE_EXISTING_CUSTOMER and o["motion_note"]
               for o in cross_sells)


def test_it_writes_every_form_kind_across_the_lifecycle(demo):
    """O-15: forms still being drafted, approved or sent, active and expired ones, voided ones."""
    statuses = {f["status"] for f in demo.forms}
    assert {f["kind"] for f in demo.forms} == set(OrderFormKind.values)
    assert {"active", "expired", "void"} <= statuses
    assert statuses & {"draft", "pending_approval", "ready", "sent", "client_signed", "completed"}
    assert all(f["void_reason"] for f in demo.forms if f["status"] == "void")
    # Postgres' jsonb drops the sign of -0.0, which would make the two databases' rows differ.
    assert not [v for f in demo.forms for v in f["components"].values() if math.copysign(1, v) < 0 and v == 0]


def test_it_carries_each_credit_plan_onto_its_original_form(demo):
    originals = [f for f in demo.forms if f["kind"] in (OrderFormKind.NEW, OrderFormKind.MONTHLY_TO_ANNUAL)
                 and f["status"] in ("active", "expired")]
    assert originals
    for form in originals:
        story = build_story(seed=1, index=form["account_id"] - 1, as_of=AS_OF)
        plan = story.credit
        start = form["effective_date"]
        assert (form["credit_amount"], form["discount_pct"], form["price"]) == (
            plan.credit_amount, plan.discount_percent, plan.price)
        assert form["end_date"] == add_months(start, plan.term_months) - timedelta(days=1)
        assert (form["status"] == "expired") == (form["end_date"] < AS_OF)
        purchase = demo.purchases[form["credit_purchase_id"]]
        assert (purchase["billing_customer__account_id"], purchase["start_date"]) == (form["account_id"], start)


def test_it_targets_cross_sells_at_products_the_account_does_not_use_yet(demo):
    """OPP-1: a different product; a won one is a product the account went on to adopt (OPP-3)."""
    for o in demo.opportunities:
        if not o["target_product_id"]:
            continue
        adopted = (o["account_id"], o["target_product_id"]) in demo.products
        if o["stage"] == "closed_won":
            assert adopted
        elif adopted:  # paying already, this month's invoice not out yet: ready to close (OPP-4)
            assert o["stage"] == "trial" and o["is_trial_poc"]
        if o["stage"] == "closed_lost":
            assert o["closed_lost_reason"] and o["closed_lost_note"]


def test_it_converts_big_monthly_accounts_and_renews_contracts_due_within_six_months(demo):
    for o in demo.opportunities:
        account = demo.accounts[o["account_id"]]
        if o["record_type"] == RecordType.EXISTING_CONVERT_TO_ANNUAL and o["stage"] != "closed_won":
            assert account["plan"] == "monthly" and account["arr"] >= 20_000
        if o["record_type"] == RecordType.RENEWAL:
            assert abs((account["renewal_date"] - AS_OF).days) <= 183


def test_it_prints_census_counts_that_match_the_rows(demo):
    def accounts(rows, keep):
        return len({r["account_id"] for r in rows if keep(r)})

    for record_type in RecordType.values:
        assert demo.census[f"opportunity:{record_type}"] == accounts(
            demo.opportunities, lambda o, t=record_type: o["record_type"] == t)
    assert demo.census["O-15:void"] == accounts(demo.forms, lambda f: f["status"] == "void")
    assert demo.census.get("Q-11:not_counting_toward_quota", 0) == accounts(
        demo.forms, lambda f: not f["counts_toward_quota"])
