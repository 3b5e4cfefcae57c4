"""Processing an approved refund: a Stripe credit note queued (B-46) or a ONE_TIME credit grant (B-45)."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ...models import (
    CreditGrantKind,
    CreditNoteReason,
    RefundLine,
    RefundRequest,
    RefundResolution,
    RefundStatus,
    StripeWriteKind,
)
from ...services import credit_grant_create, idempotency_key, stripe_write_record
from .decisions import require_decider
from .filing import audit_reason


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
    require_decider(acting_user)
    if refund.status != RefundStatus.APPROVED:
        raise ValidationError({"status": "Only an approved request is processed."})
    lines = list(refund.lines.all())
    as_credit = refund.resolution == RefundResolution.CREDIT or not refund.invoice.is_finalized
    if not as_credit and stripe_reason not in CreditNoteReason.values:
        raise ValidationError({"stripe_reason": "Choose the Stripe refund reason (B-46)."})
    with transaction.atomic():
        if as_credit:
            from ...engine.refund_calculator import CREDIT_REASONS

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
        audit_reason(refund, acting_user, "processed")
        refund.save()
    return refund
