"""billing.allocate_credit_tranches and billing.expire_credits with Stripe writes off (B-23…B-25,
B-32, B-33, B-67, D-13, D-21): pending tasks beside PENDING grants, idempotent reruns."""

from datetime import date
from decimal import Decimal as D

import pytest

from billing import jobs
from billing.models import CreditGrant, StripeWriteTask
from tests.billing.builders import at, customer
from tests.factories import (
    CreditGrantFactory,
    CreditPurchaseFactory,
    CustomerBalanceTransactionFactory,
    InvoiceFactory,
)

pytestmark = pytest.mark.django_db


def test_it_derives_self_serve_tranches_and_queues_only_the_due_ones_once_b23_b67():
    bc, party = customer()
    purchase = CreditPurchaseFactory(
        billing_customer=bc,
        source="SELF_SERVE",
        credit_amount=D("1200.00"),
        price=D("1000.00"),
        discount_percent=D("16.67"),
        start_date=date(2025, 1, 1),
    )
    InvoiceFactory(stripe_customer=party, purpose="CREDIT_PURCHASE", credit_purchase=purchase, status="paid")
    stats = jobs.allocate_credit_tranches(as_of=date(2025, 3, 15))
    grants = CreditGrant.objects.filter(credit_purchase=purchase).order_by("tranche_index")
    assert stats["grants_created"] == 12 and [g.amount for g in grants] == [D("100.00")] * 12
    assert {g.status for g in grants} == {"PENDING"}  # writes off: the grant waits beside its task
    assert stats["tasks_created"] == 3  # January, February, March are due
    task = StripeWriteTask.objects.get(idempotency_key=f"tamapp-creditgrant-{grants[0].pk}-apply")
    assert (
        task.status == "pending"
        and task.payload["amount"] == -10000
        and task.payload["customer"] == party.stripe_id
    )
    again = jobs.allocate_credit_tranches(as_of=date(2025, 3, 15))
    assert again == {"grants_created": 0, "tasks_created": 0, "grants_updated": 0}


def test_it_waits_for_the_purchase_invoice_to_be_paid_d13():
    bc, party = customer()
    purchase = CreditPurchaseFactory(billing_customer=bc)
    InvoiceFactory(stripe_customer=party, purpose="CREDIT_PURCHASE", credit_purchase=purchase, status="open")
    stats = jobs.allocate_credit_tranches(as_of=date(2025, 1, 10))
    assert stats["grants_created"] == 1 and stats["tasks_created"] == 0


def test_it_derives_one_grant_per_year_for_a_paid_yearly_contract_b25():
    bc, _ = customer()
    purchase = CreditPurchaseFactory(
        billing_customer=bc, term_months=36, credit_amount=D("360000.00"), price=D("270000.00")
    )
    jobs.allocate_credit_tranches(as_of=date(2025, 1, 10))
    assert list(
        CreditGrant.objects.filter(credit_purchase=purchase)
        .order_by("starts_on")
        .values_list("amount", "starts_on", "expires_at")
    ) == [
        (D("120000.00"), date(2025, 1, 1), date(2028, 1, 1)),
        (D("120000.00"), date(2026, 1, 1), date(2028, 1, 1)),
        (D("120000.00"), date(2027, 1, 1), date(2028, 1, 1)),
    ]


def test_it_queues_the_removal_of_unused_credit_on_the_expiry_date_b33_d21():
    bc, party = customer(balance="-400.00")
    grant = CreditGrantFactory(
        billing_customer=bc, stripe_customer=party, remaining=D("700.00"), expires_at=date(2026, 1, 1)
    )
    stats = jobs.expire_credits(as_of=date(2026, 1, 1))
    task = StripeWriteTask.objects.get(idempotency_key=f"tamapp-creditgrant-{grant.pk}-expire")
    assert stats["tasks_created"] == 1 and task.payload["amount"] == 40000  # min(remaining, available)
    grant.refresh_from_db()
    assert grant.status == "APPLIED"
    assert jobs.expire_credits(as_of=date(2026, 1, 1))["tasks_created"] == 0


def test_it_marks_a_grant_expired_once_the_removal_transaction_exists_b33():
    bc, party = customer()
    txn = CustomerBalanceTransactionFactory(
        stripe_customer=party, amount=D("700.00"), created=at(date(2026, 1, 1))
    )
    grant = CreditGrantFactory(
        billing_customer=bc,
        stripe_customer=party,
        remaining=D("700.00"),
        expires_at=date(2026, 1, 1),
        removal_balance_transaction_id=txn.stripe_id,
    )
    used_up = CreditGrantFactory(
        billing_customer=bc, stripe_customer=party, remaining=D("0.00"), expires_at=date(2027, 1, 1)
    )
    jobs.expire_credits(as_of=date(2026, 1, 1))
    grant.refresh_from_db()
    used_up.refresh_from_db()
    assert (grant.status, grant.remaining) == ("EXPIRED", D("0.00")) and used_up.status == "EXHAUSTED"


@pytest.mark.parametrize(
    ("renewal_price", "remaining", "rolled"),
    [
        ("90000.00", "24000.00", D("24000.00")),  # equal annual spend, below half: all of it
        ("90000.00", "84000.00", D("60000.00")),  # above half: the cap
        ("89999.99", "24000.00", None),  # one cent short: nothing
    ],
)
def test_it_rolls_over_up_to_half_for_an_equal_or_bigger_renewal_b32(renewal_price, remaining, rolled):
    bc, party = customer(balance=f"-{remaining}")
    original = CreditPurchaseFactory(billing_customer=bc, start_date=date(2025, 1, 1))
    renewal = CreditPurchaseFactory(
        billing_customer=bc, start_date=date(2026, 1, 1), price=D(renewal_price), renewal_of=original
    )
    CreditGrantFactory(
        billing_customer=bc,
        stripe_customer=party,
        credit_purchase=original,
        amount=D("120000.00"),
        remaining=D(remaining),
        expires_at=date(2026, 1, 1),
    )
    jobs.expire_credits(as_of=date(2026, 1, 1))
    rollover = CreditGrant.objects.filter(kind="ROLLOVER", credit_purchase=renewal).first()
    assert (rollover.amount if rollover else None) == rolled
    if rollover:
        assert rollover.expires_at == date(2027, 1, 1) and rollover.status == "PENDING"
        jobs.expire_credits(as_of=date(2026, 1, 1))
        assert CreditGrant.objects.filter(kind="ROLLOVER").count() == 1
