"""Refund request services (B-45…B-49): filed with the calculator's route, approved and processed
only by RevOps admins, credit notes queued as pending Stripe writes, credits through
credit_grant_create; history and notifications; nothing half-saved."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Notification
from billing.models import CreditGrant, MonthlyRevenue, RefundLine, RefundRequest, StripeWriteTask
from billing.refunds import services
from billing.refunds.selectors import refund_facts
from tests.factories import (
    CreditGrantFactory,
    DiscountFactory,
    InvoiceFactory,
    RoleAssignmentFactory,
    UserFactory,
)

from .refund_world import claim, spike_invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def tam():
    return UserFactory(role="tam")


@pytest.fixture
def admin():
    return UserFactory(role="revops_admin")


def file(invoice, user, **kw):
    return services.refund_request_create(
        invoice=invoice, claim=claim(**kw), explanation="First month on the paid plan, sent every pageview twice.",
        acting_user=user, prevention_guidance_sent=True,
    )  # fmt: skip


def test_it_files_a_request_with_the_calculators_route_and_breakdown_b44_b48(tam):
    invoice = spike_invoice()
    refund = file(invoice, tam)
    assert refund.status == "under_review" and refund.resolution == "credit_note_refund"
    assert refund.computed_amount == D("84.30") and refund.max_refund == D("84.30")
    assert refund.billing_date == date(2025, 5, 1) and refund.incident_number == 1
    assert refund.internal_reason == "learning_curve"
    assert refund.eligibility["within_30_days"] == {"ok": True, "why": "requested 9 days after billing (limit 30)"}
    line = RefundLine.objects.get(request=refund)
    assert (line.baseline_units, line.overage_units) == (1_000_000, 2_000_000)
    assert (line.price_with_spike, line.price_baseline, line.amount) == (D("84.30"), D("0.00"), D("84.30"))
    assert "price(baseline + overage) 84.30" in refund.calc_breakdown
    assert refund.history.first().history_user == tam


def test_it_prices_with_the_customers_percent_coupon_d31(tam):
    invoice = spike_invoice()
    DiscountFactory(stripe_customer=invoice.stripe_customer, percent_off=D("20.00"),
                    start=datetime(2025, 1, 1, tzinfo=UTC))  # fmt: skip
    assert file(invoice, tam).computed_amount == D("67.44")


def test_it_lets_anyone_with_a_role_file_but_not_the_read_only_b48():
    invoice = spike_invoice()
    with pytest.raises(PermissionDenied):
        file(invoice, UserFactory(role=""))
    assert RefundRequest.objects.count() == 0


def test_it_saves_nothing_on_bad_input(tam):
    invoice = spike_invoice()
    with pytest.raises(ValidationError) as exc:
        services.refund_request_create(invoice=invoice, claim=claim(), explanation="  ", acting_user=tam)
    assert "explanation" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        file(invoice, tam, lines=(services.LineClaim("session_replay", (), 5),))
    assert "lines" in exc.value.message_dict
    assert RefundRequest.objects.count() == 0 and RefundLine.objects.count() == 0


def test_it_escalates_and_notifies_the_revops_lead_b48(tam):
    lead = RoleAssignmentFactory(key="revops_lead").user
    refund = file(spike_invoice(), tam, scenario="other")
    assert refund.status == "escalated" and refund.escalation_reasons == ["non_standard_case"]
    note = Notification.objects.get(recipient=lead)
    assert note.kind == "refund_escalated" and f"/billing/refunds/{refund.pk}/" == note.link


def test_it_escalates_a_big_customer_from_stored_mrr_d28(tam):
    invoice = spike_invoice()
    customer = invoice.stripe_customer.billing_customer
    for month in (date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)):
        MonthlyRevenue.objects.create(billing_customer=customer, month=month, product_key=None,
                                      configuration="PAID", mrr=D("1667.00"))  # fmt: skip
    refund = file(invoice, tam)
    assert refund.escalation_reasons == ["big_customer"]


def test_it_escalates_overdue_invoices_b45(tam):
    invoice = spike_invoice()
    InvoiceFactory(stripe_customer=invoice.stripe_customer, status="open", due_date=date(2025, 4, 1))
    assert file(invoice, tam).escalation_reasons == ["overdue_invoices"]


def test_it_counts_connected_customers_history_b49_d29(tam, admin):
    first = spike_invoice(email="founder@example.com", name="Side project")
    earlier = file(first, tam)
    services.refund_request_approve(refund=earlier, acting_user=admin)
    services.refund_request_process(refund=earlier, stripe_reason="product_unsatisfactory", acting_user=admin)
    second = spike_invoice(email="founder@example.com", name="Side project 2")
    facts = refund_facts(second.pk, requested_on=date(2026, 1, 1))
    assert [c.name for c in facts.connected] == ["Side project"]
    assert facts.history == (earlier,)
    refund = services.refund_request_create(
        invoice=second, claim=claim(requested_on=date(2025, 5, 20)), explanation="Again", acting_user=tam,
        repeat_warning_sent=True,
    )  # fmt: skip
    assert refund.incident_number == 2 and refund.resolution == "partial_conditional"
    assert refund.max_refund == D("42.15") and refund.fix_window_until == date(2025, 6, 3)


def test_it_counts_spike_credits_outside_a_request_towards_recent_refunds_d27(tam, admin):
    invoice = spike_invoice()
    customer = invoice.stripe_customer.billing_customer
    for day in (date(2025, 3, 1), date(2025, 4, 1)):
        CreditGrantFactory(billing_customer=customer, stripe_customer=invoice.stripe_customer, kind="ONE_TIME",
                           reason="unwanted_spike", starts_on=day, notes="manual")  # fmt: skip
    refund = file(invoice, tam)
    assert refund.escalation_reasons == ["multiple_recent_refunds"]
    assert refund.incident_number == 1


def test_only_a_revops_admin_approves_b48(tam):
    refund = file(spike_invoice(), tam)
    with pytest.raises(PermissionDenied):
        services.refund_request_approve(refund=refund, acting_user=UserFactory(role="sales_manager"))
    refund.refresh_from_db()
    assert refund.status == "under_review"


def test_it_approves_processes_a_credit_note_as_a_pending_stripe_write_b46(tam, admin):
    refund = file(spike_invoice(), tam)
    services.refund_request_approve(refund=refund, acting_user=admin, reason="Standard learning curve")
    refund.refresh_from_db()
    assert refund.status == "approved" and refund.approved_amount == D("84.30")
    assert refund.decided_by == admin and refund.lines.get().approved_amount == D("84.30")
    assert Notification.objects.filter(recipient=tam, kind="refund_decided").exists()
    with pytest.raises(ValidationError) as exc:
        services.refund_request_process(refund=refund, acting_user=admin)
    assert "stripe_reason" in exc.value.message_dict
    services.refund_request_process(refund=refund, stripe_reason="product_unsatisfactory", acting_user=admin)
    refund.refresh_from_db()
    task = refund.stripe_write
    assert refund.status == "processed" and refund.stripe_reason == "product_unsatisfactory"
    assert task.kind == "create_credit_note" and task.status == "pending"
    assert task.idempotency_key == f"tamapp-refundrequest-{refund.pk}-credit_note"
    assert task.payload["refund_amount"] == 8430 and task.payload["reason"] == "product_unsatisfactory"
    assert task.payload["lines"] == [
        {"type": "invoice_line_item", "invoice_line_item": refund.invoice.lines.get().stripe_id, "amount": 8430}
    ]
    assert [h.status for h in refund.history.order_by("history_date")] == ["under_review", "approved", "processed"]


def test_it_books_a_one_time_credit_when_the_period_has_not_ended_b45(tam, admin):
    refund = file(spike_invoice(status="draft"), tam, scenario="under_attack", spike_ceased=True,
                  mitigation="billing_limit", requested_on=date(2025, 4, 28))  # fmt: skip
    assert refund.resolution == "credit" and refund.credit_reason == "unwanted_spike"
    services.refund_request_approve(refund=refund, acting_user=admin)
    services.refund_request_process(refund=refund, acting_user=admin)
    refund.refresh_from_db()
    grant = CreditGrant.objects.get()
    assert refund.credit_grant == grant and refund.status == "processed"
    assert (grant.kind, grant.reason, grant.amount, grant.status) == ("ONE_TIME", "unwanted_spike", D("84.30"), "PENDING")
    assert StripeWriteTask.objects.get().kind == "create_balance_transaction"


def test_it_caps_an_approval_at_the_ceiling_d30(tam, admin):
    invoice = spike_invoice()
    refund = services.refund_request_create(
        invoice=invoice, claim=claim(prior_recommendations_actioned=False), explanation="again",
        acting_user=tam, repeat_warning_sent=True,
    )  # fmt: skip
    refund.incident_number = 2  # as if a processed request preceded it
    refund.max_refund = D("42.15")
    refund.resolution = "partial_conditional"
    refund.save()
    with pytest.raises(ValidationError) as exc:
        services.refund_request_approve(refund=refund, acting_user=admin,
                                        approved_amounts={"product_analytics": D("50.00")})  # fmt: skip
    assert "approved_amount" in exc.value.message_dict
    services.refund_request_approve(refund=refund, acting_user=admin)
    assert refund.approved_amount == D("42.15")


def test_it_needs_the_b47_guidance_before_approving(tam, admin):
    refund = services.refund_request_create(invoice=spike_invoice(), claim=claim(), explanation="x", acting_user=tam)
    with pytest.raises(ValidationError) as exc:
        services.refund_request_approve(refund=refund, acting_user=admin)
    assert "prevention_guidance_sent" in exc.value.message_dict
    services.refund_request_approve(refund=refund, acting_user=admin, prevention_guidance_sent=True)
    assert refund.status == "approved"


def test_it_waits_for_an_attack_and_reassesses_once_it_ceased_b41(tam, admin):
    refund = file(spike_invoice(), tam, scenario="under_attack", spike_ceased=False, mitigation="billing_limit")
    assert refund.status == "under_review" and refund.resolution == ""
    with pytest.raises(ValidationError):
        services.refund_request_approve(refund=refund, acting_user=admin)
    services.refund_request_reassess(refund=refund, spike_ceased=True, mitigation="billing_limit", acting_user=tam)
    refund.refresh_from_db()
    assert refund.resolution == "credit_note_refund" and refund.spike_ceased


def test_it_declines_with_a_reason_b48(tam, admin):
    refund = file(spike_invoice(), tam, scenario="other")
    with pytest.raises(ValidationError) as exc:
        services.refund_request_decline(refund=refund, reason=" ", acting_user=admin)
    assert "reason" in exc.value.message_dict
    services.refund_request_decline(refund=refund, reason="Usage matches a real launch", acting_user=admin)
    refund.refresh_from_db()
    assert refund.status == "declined" and refund.decision_reason == "Usage matches a real launch"


def test_it_routes_an_approved_escalation_by_the_invoice_b45(tam, admin):
    refund = file(spike_invoice(), tam, scenario="other")
    services.refund_request_approve(refund=refund, acting_user=admin)
    assert refund.resolution == "credit_note_refund"


def test_split_ceiling_shares_to_the_cent():
    assert services.split_ceiling(D("0.01"), [D("0.01"), D("0.01")]) == [D("0.01"), D("0.00")]
    assert services.split_ceiling(D("50.00"), [D("60.00"), D("40.00")]) == [D("30.00"), D("20.00")]
    assert sum(services.split_ceiling(D("33.33"), [D("10.00"), D("10.00"), D("10.00")])) <= D("33.33")
