"""The demo's refund requests (issue 20): every scenario and route, made through the refund
services on the generated invoices, priced on graduated tiers where price(baseline + overage) -
price(baseline) differs from pricing the overage alone (B-44)."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction

from billing import jobs
from billing.demo.refunds import seed_refund_requests
from billing.engine.tiers import price, tiers_from_stripe
from billing.models import CreditGrant, RefundLine, RefundRequest, StripeWriteTask
from tests.factories import RoleAssignmentFactory, UserFactory

from .test_demo import AS_OF, seed_billing

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_billing(200)
            UserFactory(role="tam")
            UserFactory(role="revops_admin")
            RoleAssignmentFactory(key="revops_lead")
            jobs.compute_monthly_revenue(as_of=AS_OF, backfill=True)
            yield seed_refund_requests(SimpleNamespace(as_of=AS_OF))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_demo_shows_every_refund_scenario_and_route(made):
    requests = list(RefundRequest.objects.all())
    assert {r.scenario for r in requests} == {
        "learning_curve", "unexpected_stardom", "under_attack", "wrong_setup", "other",
    }  # fmt: skip
    assert {r.resolution for r in requests} == {
        "", "credit", "credit_note_refund", "partial_conditional", "escalate_revops", "declined",
    }  # fmt: skip
    assert {r.status for r in requests} == {"under_review", "escalated", "approved", "declined", "processed"}
    assert len(made) == 12 and len(requests) == 12
    reasons = Counter(reason for r in requests for reason in r.escalation_reasons)
    assert reasons["non_standard_case"] == 2 and reasons["something_off"] >= 1
    assert any("sudden_10x_jump" in r.fraud_signals for r in requests)


def test_the_demo_walks_repeat_incidents_1_to_3_on_one_customer(made):
    chain = [RefundRequest.objects.get(pk=made[f"repeat incident #{n}"]) for n in (1, 2, 3)]
    assert len({r.billing_customer_id for r in chain}) == 1
    assert [r.incident_number for r in chain] == [1, 2, 3]
    assert [r.resolution for r in chain] == ["credit_note_refund", "partial_conditional", "declined"]
    partial = chain[1]
    assert partial.max_refund * 2 - partial.computed_amount in (Decimal("0.00"), Decimal("0.01"))
    assert partial.fix_window_until == partial.requested_on + timedelta(days=14)
    assert partial.approved_amount == partial.max_refund  # D-30: at most 50 %


def test_the_demo_processes_through_credit_notes_and_credit_grants(made):
    note = RefundRequest.objects.filter(status="processed", resolution="credit_note_refund").first()
    assert note.stripe_write.kind == "create_credit_note" and note.stripe_write.status == "pending"
    credit = RefundRequest.objects.get(resolution="credit")
    assert credit.status == "processed" and not credit.invoice.is_finalized
    grant = CreditGrant.objects.get(refund_requests=credit)
    assert (grant.kind, grant.reason) == ("ONE_TIME", "unwanted_spike")
    assert StripeWriteTask.objects.filter(credit_grant=grant).exists()


def test_every_demo_line_differs_from_pricing_the_overage_alone_b44(made):
    lines = list(RefundLine.objects.all())
    assert lines
    for line in lines:
        assert line.tiers_mode == "graduated" and len(line.tiers) >= 2
        alone = price(line.overage_units, tiers_from_stripe(line.tiers), line.tiers_mode, line.percent_off)
        assert line.amount == line.price_with_spike - line.price_baseline
        assert line.amount != alone


def test_every_demo_request_was_made_by_a_service_with_its_author(made):
    for refund in RefundRequest.objects.all():
        created = refund.history.filter(history_type="+").get()
        assert created.history_user is not None and created.history_user.role == "tam"
        assert refund.calc_breakdown and refund.eligibility
