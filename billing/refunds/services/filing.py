"""Filing and reassessing a refund request: the calculator's route stored, lines written,
alerts (B-45, B-47, B-48)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from ...engine.money import CENT
from ...engine.refund_calculator import RefundInput, RefundResult, evaluate_refund
from ...models import (
    Invoice,
    RefundLine,
    RefundRequest,
    RefundStatus,
)
from ..selectors import DECIDING, RefundFacts, refund_facts
from .claims import Claim, LineClaim, refund_input


def audit_reason(refund: RefundRequest, user, reason: str) -> None:
    refund._history_user = user  # type: ignore[attr-defined]
    refund._change_reason = reason[:100]  # type: ignore[attr-defined]


def _link(refund: RefundRequest) -> str:
    return reverse("billing:refund-detail", args=[refund.pk])


def _notify_revops_leads(refund: RefundRequest, acting_user) -> None:
    from accounts.models import User
    from accounts.services import notify

    leads = User.objects.filter(role_assignments__key="revops_lead", is_active=True).distinct()
    reasons = ", ".join(refund.escalation_reasons)
    for lead in leads:
        notify(
            recipient=lead,
            kind="refund_escalated",
            text=f"Refund request #{refund.pk} for {refund.billing_customer} escalated to RevOps "
            f"({reasons}); a RevOps admin decides (B-48).",
            link=_link(refund),
            account=refund.billing_customer.account,
            acting_user=acting_user,
        )


def notify_filer(refund: RefundRequest, text: str, acting_user) -> None:
    from accounts.services import notify

    if refund.created_by is not None and refund.created_by != acting_user:
        notify(
            recipient=refund.created_by,
            kind="refund_decided",
            text=text,
            link=_link(refund),
            account=refund.billing_customer.account,
            acting_user=acting_user,
        )


def _apply_result(refund: RefundRequest, result: RefundResult, claim: Claim, inp: RefundInput) -> None:
    refund.scenario = claim.scenario
    refund.internal_reason = claim.scenario  # B-46: internal reason = scenario
    refund.billing_date = inp.billing_date
    refund.requested_on = claim.requested_on
    refund.incident_number = result.incident_number
    refund.prior_recommendations_actioned = claim.prior_recommendations_actioned
    refund.is_first_bill_over_1 = claim.is_first_bill_over_1
    refund.company_has_revenue = claim.company_has_revenue
    refund.is_hobby_project = claim.is_hobby_project
    refund.spike_ceased = claim.spike_ceased
    refund.mitigation = claim.mitigation
    refund.fraud_signals = list(result.fraud_signals)
    refund.something_off = claim.something_off
    refund.invoice_change_needed = claim.invoice_change_needed
    refund.extraordinary_circumstances = claim.extraordinary_circumstances
    refund.eligibility = {name: {"ok": c.ok, "why": c.why} for name, c in result.checks.items()}
    refund.resolution = result.resolution or ""
    refund.escalation_reasons = list(result.escalation_reasons)
    refund.status = result.request_status
    refund.computed_amount = result.amount
    refund.max_refund = result.max_refund
    refund.credit_reason = result.credit_reason or ""
    refund.fix_window_until = result.fix_window_until
    refund.calc_breakdown = result.calc_breakdown
    refund.explanation_json = {
        "reasons": list(result.reasons),
        "days_since_billing": result.days_since_billing,
        "recent_incidents_90d": result.recent_incidents_90d,
        "average_mrr": str(result.average_mrr.quantize(CENT)),
        "big_customer": result.big_customer,
        "percent_off": str(inp.percent_off),
        "overdue_invoices": inp.overdue_invoices,
        "invoice_finalized": inp.invoice_finalized,
        "prior_incidents": [{"on": i.on.isoformat(), "kind": i.kind} for i in inp.prior_incidents],
        "recent_mrr": [str(m) for m in inp.recent_mrr],
        "prevention_guidance_required": result.prevention_guidance_required,
        "repeat_warning_required": result.repeat_warning_required,
        "notify": list(result.notify),
    }


def _write_lines(
    refund: RefundRequest, result: RefundResult, facts: RefundFacts, percent_off: Decimal
) -> None:
    RefundLine.objects.filter(request=refund).delete()
    RefundLine.objects.bulk_create(
        [
            RefundLine(
                request=refund,
                product_key_id=line.product_key,
                prior_units=list(line.prior_units),
                baseline_units=line.baseline_units,
                spike_units=line.spike_units,
                overage_units=line.overage_units,
                tiers_mode=facts.products[line.product_key].tiers_mode,
                tiers=facts.products[line.product_key].tiers_json,
                percent_off=percent_off,
                price_with_spike=line.price_with_spike,
                price_baseline=line.price_baseline,
                amount=line.amount,
                calc_breakdown=line.breakdown,
            )
            for line in result.lines
        ]
    )


def refund_request_create(
    *,
    invoice: Invoice,
    claim: Claim,
    explanation: str,
    acting_user,
    channel: str = "in_app_ticket",
    usage_pattern: str = "normal",
    zendesk_ticket: str = "",
    prevention_guidance_sent: bool = False,
    repeat_warning_sent: bool = False,
) -> RefundRequest:
    """File a request (B-48: any user with a role). The calculator sets its route; an escalation
    notifies the revops_lead role holders. Nothing is saved when anything is wrong."""
    if not acting_user.has_perm("billing.file_refund"):
        raise PermissionDenied("Users with a role file refund requests (B-48).")
    errors = {}
    if not explanation.strip():
        errors["explanation"] = "Explain what happened: the explanation must fit a scenario (B-42)."
    if not claim.lines:
        errors["lines"] = "Give the usage of at least one product (B-43)."
    if errors:
        raise ValidationError(errors)
    facts = refund_facts(invoice.pk, requested_on=claim.requested_on)
    inp = refund_input(facts, claim)
    result = evaluate_refund(inp)
    refund = RefundRequest(
        billing_customer=facts.customer,
        invoice=invoice,
        channel=channel,
        explanation=explanation.strip(),
        usage_pattern=usage_pattern,
        zendesk_ticket=zendesk_ticket,
        prevention_guidance_sent=prevention_guidance_sent,
        repeat_warning_sent=repeat_warning_sent,
        created_by=acting_user,
    )
    _apply_result(refund, result, claim, inp)
    refund.full_clean()
    with transaction.atomic():
        audit_reason(refund, acting_user, f"filed: {result.request_status}")
        refund.save()
        _write_lines(refund, result, facts, inp.percent_off)
        if refund.status == RefundStatus.ESCALATED:
            _notify_revops_leads(refund, acting_user)
    return refund


def refund_request_reassess(
    *, refund: RefundRequest, spike_ceased: bool, mitigation: str, acting_user
) -> RefundRequest:
    """B-41 Under attack "once the issue has been resolved": the filer or RevOps records that the
    spike ceased (and the mitigation); the calculator runs again on the stored facts."""
    if not acting_user.has_perm("billing.file_refund"):
        raise PermissionDenied("Users with a role update refund requests (B-48).")
    if refund.status not in DECIDING or refund.resolution:
        raise ValidationError({"status": "Only a request waiting for its spike to cease is reassessed."})
    lines = tuple(
        LineClaim(line.product_key_id, tuple(line.prior_units), line.spike_units)
        for line in refund.lines.all()
    )
    claim = Claim(
        scenario=refund.scenario,
        requested_on=refund.requested_on,
        lines=lines,
        is_first_bill_over_1=refund.is_first_bill_over_1,
        company_has_revenue=refund.company_has_revenue,
        is_hobby_project=refund.is_hobby_project,
        spike_ceased=spike_ceased,
        mitigation=mitigation,
        fraud_signals=tuple(s for s in refund.fraud_signals if s != "sudden_10x_jump"),
        something_off=refund.something_off,
        invoice_change_needed=refund.invoice_change_needed,
        prior_recommendations_actioned=refund.prior_recommendations_actioned,
        extraordinary_circumstances=refund.extraordinary_circumstances,
    )
    facts = refund_facts(refund.invoice_id, requested_on=refund.requested_on)
    inp = refund_input(facts, claim)
    result = evaluate_refund(inp)
    with transaction.atomic():
        _apply_result(refund, result, claim, inp)
        audit_reason(refund, acting_user, f"reassessed: {result.request_status}")
        refund.save()
        _write_lines(refund, result, facts, inp.percent_off)
        if refund.status == RefundStatus.ESCALATED:
            _notify_revops_leads(refund, acting_user)
    return refund
