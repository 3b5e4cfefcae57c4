"""Refund request writes (B-40…B-49): `refund_request_<action>(*, …, acting_user)`, one
transaction each, audited by django-simple-history (who, when, why), alerts through notify().

Lifecycle: filed → the calculator's route (`under_review`, `escalated` or `declined`); a RevOps
admin approves (amount ≤ the ceiling) or declines (with a reason); processing an approved
request queues a Stripe credit note (B-46) or, when the period hasn't ended, books a ONE_TIME
credit grant (B-45). Only `revops_admin` decides (B-48)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..engine.money import CENT
from ..engine.refunds import LineInput, RefundInput, RefundResult, evaluate_refund
from ..models import (
    CreditGrantKind,
    CreditNoteReason,
    Invoice,
    RefundLine,
    RefundRequest,
    RefundResolution,
    RefundStatus,
    StripeWriteKind,
)
from ..services import credit_grant_create, idempotency_key, stripe_write_record
from .selectors import DECIDING, RefundFacts, refund_facts


@dataclass(frozen=True)
class LineClaim:
    """What the filer typed for one product: the months before the spike and the spike month."""

    product_key: str
    prior_units: tuple[int, ...]
    spike_units: int


@dataclass(frozen=True)
class Claim:
    """The person's facts and judgement (B-41, B-42, B-47…B-49); the rest comes from the database."""

    scenario: str
    requested_on: date
    lines: tuple[LineClaim, ...]
    is_first_bill_over_1: bool = False
    company_has_revenue: bool = True
    is_hobby_project: bool = False
    spike_ceased: bool = False
    mitigation: str = "none"
    fraud_signals: tuple[str, ...] = ()
    something_off: bool = False
    invoice_change_needed: bool = False
    prior_recommendations_actioned: bool | None = None
    extraordinary_circumstances: str = ""


def refund_input(facts: RefundFacts, claim: Claim) -> RefundInput:
    """The engine's input: the customer's tiers and coupon (D-31), history (D-27, D-29), size
    (D-28) and overdue invoices (B-45) from the database; the rest as the filer gave it."""
    unknown = [c.product_key for c in claim.lines if c.product_key not in facts.products]
    if unknown:
        raise ValidationError({"lines": f"Not billed on this invoice: {', '.join(unknown)}."})
    lines = tuple(
        LineInput(
            product_key=c.product_key,
            tiers=facts.products[c.product_key].tiers,
            prior_units=c.prior_units,
            spike_units=c.spike_units,
            tiers_mode=facts.products[c.product_key].tiers_mode,
        )
        for c in claim.lines
    )
    return RefundInput(
        billing_date=facts.billing_date,
        requested_on=claim.requested_on,
        scenario=claim.scenario,
        invoice_finalized=facts.finalized,
        lines=lines,
        percent_off=facts.percent_off,
        is_first_bill_over_1=claim.is_first_bill_over_1,
        company_has_revenue=claim.company_has_revenue,
        is_hobby_project=claim.is_hobby_project,
        spike_ceased=claim.spike_ceased,
        mitigation=claim.mitigation,
        fraud_signals=claim.fraud_signals,
        something_off=claim.something_off,
        invoice_change_needed=claim.invoice_change_needed,
        overdue_invoices=facts.overdue_invoices,
        prior_incidents=facts.prior_incidents,
        prior_recommendations_actioned=claim.prior_recommendations_actioned,
        extraordinary_circumstances=claim.extraordinary_circumstances,
        recent_mrr=facts.recent_mrr,
    )


def refund_evaluate(
    *, invoice: Invoice, claim: Claim, facts: RefundFacts | None = None
) -> tuple[RefundFacts, RefundResult]:
    """The live checklist and calculator: reads, evaluates, writes nothing. `facts` already
    loaded for the claim's day are reused."""
    if facts is None or facts.requested_on != claim.requested_on:
        facts = refund_facts(invoice.pk, requested_on=claim.requested_on)
    return facts, evaluate_refund(refund_input(facts, claim))


def _audit(refund: RefundRequest, user, reason: str) -> None:
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


def _notify_filer(refund: RefundRequest, text: str, acting_user) -> None:
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
        _audit(refund, acting_user, f"filed: {result.request_status}")
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
        _audit(refund, acting_user, f"reassessed: {result.request_status}")
        refund.save()
        _write_lines(refund, result, facts, inp.percent_off)
        if refund.status == RefundStatus.ESCALATED:
            _notify_revops_leads(refund, acting_user)
    return refund


def split_ceiling(total: Decimal, amounts: Sequence[Decimal]) -> list[Decimal]:
    """Share `total` over lines in proportion to their amounts, to the cent, summing exactly."""
    whole = sum(amounts, Decimal(0))
    if whole <= 0:
        return [Decimal("0.00") for _ in amounts]
    shares = [(total * a / whole).quantize(CENT, ROUND_DOWN) for a in amounts]
    rest = total - sum(shares, Decimal(0))
    for i in sorted(range(len(amounts)), key=lambda i: -amounts[i]):
        if rest <= 0:
            break
        room = min(rest, amounts[i] - shares[i])
        shares[i] += room
        rest -= room
    return shares


def _require_decider(acting_user) -> None:
    if not acting_user.has_perm("billing.decide_refund"):
        raise PermissionDenied("Only RevOps admins approve, decline and process refunds (B-48).")


def refund_request_approve(
    *,
    refund: RefundRequest,
    acting_user,
    reason: str = "",
    approved_amounts: Mapping[str, Decimal] | None = None,
    prevention_guidance_sent: bool | None = None,
    repeat_warning_sent: bool | None = None,
) -> RefundRequest:
    """A RevOps admin approves up to the ceiling (D-30's 50 % for an unfixed repeat), per product.
    An escalated request takes its route from the invoice (B-45): credit while the period is
    open, a credit note once finalized. B-47: the first incident needs prevention guidance
    sent, a repeat the warning that it may not be refunded again."""
    _require_decider(acting_user)
    if refund.status not in DECIDING:
        raise ValidationError(
            {"status": f"A request {refund.get_status_display().lower()} is not awaiting approval."}
        )
    if not refund.resolution:
        raise ValidationError(
            {"status": "Under attack: refund once the spike has ceased (B-41); record that first."}
        )
    if prevention_guidance_sent is not None:
        refund.prevention_guidance_sent = prevention_guidance_sent
    if repeat_warning_sent is not None:
        refund.repeat_warning_sent = repeat_warning_sent
    errors: dict[str, str] = {}
    if refund.incident_number == 1 and not refund.prevention_guidance_sent:
        errors["prevention_guidance_sent"] = "First incident: send prevention guidance first (B-47)."
    if refund.incident_number >= 2 and not refund.repeat_warning_sent:
        errors["repeat_warning_sent"] = "Repeat incident: warn that it may not be refunded again (B-47)."
    lines = list(refund.lines.all())
    ceiling = refund.max_refund
    defaults = split_ceiling(ceiling, [line.amount for line in lines])
    chosen: dict[str, Decimal] = {}
    for line, default in zip(lines, defaults, strict=True):
        value = default if approved_amounts is None else approved_amounts.get(line.product_key_id, default)
        if value is None or value < 0 or value > line.amount:
            errors[f"approved_{line.product_key_id}"] = (
                f"{line.product_key_id}: between 0.00 and the line's computed {line.amount}."
            )
        chosen[line.product_key_id] = value
    total = sum(chosen.values(), Decimal("0.00"))
    if not errors and total > ceiling:
        errors["approved_amount"] = f"The total {total} is above the ceiling {ceiling} (D-30)."
    if not errors and total <= 0:
        errors["approved_amount"] = "Approve an amount above 0.00, or decline the request."
    if errors:
        raise ValidationError(errors)
    if refund.resolution in (RefundResolution.ESCALATE_REVOPS, RefundResolution.DECLINED):
        refund.resolution = (
            RefundResolution.CREDIT_NOTE_REFUND if refund.invoice.is_finalized else RefundResolution.CREDIT
        )
        if refund.resolution == RefundResolution.CREDIT:
            from ..engine.refunds import CREDIT_REASONS

            refund.credit_reason = CREDIT_REASONS.get(refund.scenario, "other")
    with transaction.atomic():
        for line in lines:
            line.approved_amount = chosen[line.product_key_id]
        RefundLine.objects.bulk_update(lines, ["approved_amount"])
        refund.approved_amount = total
        refund.status = RefundStatus.APPROVED
        refund.decided_by = acting_user
        refund.decided_at = timezone.now()
        refund.decision_reason = reason.strip()
        _audit(refund, acting_user, f"approved {total}")
        refund.save()
        _notify_filer(refund, f"Refund request #{refund.pk} approved: {total}.", acting_user)
    return refund


def refund_request_decline(*, refund: RefundRequest, reason: str, acting_user) -> RefundRequest:
    """A RevOps admin declines, saying why (audited; the filer is told)."""
    _require_decider(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the request is declined."})
    if refund.status not in (*DECIDING, RefundStatus.NEW, RefundStatus.APPROVED):
        raise ValidationError(
            {"status": f"A request {refund.get_status_display().lower()} cannot be declined."}
        )
    with transaction.atomic():
        refund.status = RefundStatus.DECLINED
        refund.decided_by = acting_user
        refund.decided_at = timezone.now()
        refund.decision_reason = reason.strip()
        refund.approved_amount = None
        RefundLine.objects.filter(request=refund).update(approved_amount=None)
        _audit(refund, acting_user, "declined")
        refund.save()
        _notify_filer(refund, f"Refund request #{refund.pk} declined: {reason.strip()}", acting_user)
    return refund


def credit_note_payload(refund: RefundRequest, lines: Sequence[RefundLine], stripe_reason: str) -> dict:
    """B-46: a Stripe credit note with one line per product, refunded to the default payment
    method (`refund_amount`); integer cents; Stripe emails the customer."""
    invoice_lines = {}
    for invoice_line in refund.invoice.lines.all():
        if invoice_line.product_key_id and invoice_line.product_key_id not in invoice_lines:
            invoice_lines[invoice_line.product_key_id] = invoice_line
    body_lines = []
    for line in lines:
        cents = int((line.approved_amount or 0) * 100)
        if cents <= 0:
            continue
        il = invoice_lines.get(line.product_key_id)
        if il is not None:
            body_lines.append(
                {"type": "invoice_line_item", "invoice_line_item": il.stripe_id, "amount": cents}
            )
        else:
            body_lines.append(
                {
                    "type": "custom_line_item",
                    "description": line.product_key_id,
                    "unit_amount": cents,
                    "quantity": 1,
                }
            )
    total = sum(int((line.approved_amount or 0) * 100) for line in lines)
    return {
        "invoice": refund.invoice.stripe_id,
        "reason": stripe_reason,
        "lines": body_lines,
        "refund_amount": total,
        "memo": f"Refund request #{refund.pk}: {refund.get_scenario_display()}",
        "metadata": {"tamapp_refund_request": refund.pk, "internal_reason": refund.internal_reason},
    }


def refund_request_process(*, refund: RefundRequest, acting_user, stripe_reason: str = "") -> RefundRequest:
    """B-45/B-46: an approved request becomes money. Finalized invoice → a Stripe credit note
    (pending StripeWriteTask while STRIPE_WRITES_ENABLED is false; Stripe reason required); open
    period → a ONE_TIME credit grant with B-45's reason, through credit_grant_create."""
    _require_decider(acting_user)
    if refund.status != RefundStatus.APPROVED:
        raise ValidationError({"status": "Only an approved request is processed."})
    lines = list(refund.lines.all())
    as_credit = refund.resolution == RefundResolution.CREDIT or not refund.invoice.is_finalized
    if not as_credit and stripe_reason not in CreditNoteReason.values:
        raise ValidationError({"stripe_reason": "Choose the Stripe refund reason (B-46)."})
    with transaction.atomic():
        if as_credit:
            from ..engine.refunds import CREDIT_REASONS

            reason = refund.credit_reason or CREDIT_REASONS.get(refund.scenario, "other")
            grant = credit_grant_create(
                billing_customer=refund.billing_customer,
                kind=CreditGrantKind.ONE_TIME,
                amount=refund.approved_amount or Decimal(0),
                reason=reason,
                notes=f"Refund request #{refund.pk} ({refund.get_scenario_display()}).\n"
                f"{refund.calc_breakdown}",
                reference_link=refund.zendesk_ticket,
                acting_user=acting_user,
            )
            refund.credit_grant = grant
            refund.credit_reason = reason
            refund.resolution = RefundResolution.CREDIT
        else:
            task = stripe_write_record(
                kind=StripeWriteKind.CREATE_CREDIT_NOTE,
                key=idempotency_key("refundrequest", refund.pk, "credit_note"),
                payload=credit_note_payload(refund, lines, stripe_reason),
                stripe_customer=refund.invoice.stripe_customer,
                acting_user=acting_user,
            )
            refund.stripe_write = task
            refund.stripe_reason = stripe_reason
        refund.status = RefundStatus.PROCESSED
        refund.processed_by = acting_user
        refund.processed_at = timezone.now()
        _audit(refund, acting_user, "processed")
        refund.save()
    return refund
