"""RevOps decisions on a refund request: approve within the ceiling, decline with a reason
(B-47, B-48, D-30)."""

from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ...engine.money import CENT
from ...models import (
    RefundLine,
    RefundRequest,
    RefundResolution,
    RefundStatus,
)
from ..selectors import DECIDING
from .filing import audit_reason, notify_filer


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


def require_decider(acting_user) -> None:
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
    require_decider(acting_user)
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
            from ...engine.refund_calculator import CREDIT_REASONS

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
        audit_reason(refund, acting_user, f"approved {total}")
        refund.save()
        notify_filer(refund, f"Refund request #{refund.pk} approved: {total}.", acting_user)
    return refund


def refund_request_decline(*, refund: RefundRequest, reason: str, acting_user) -> RefundRequest:
    """A RevOps admin declines, saying why (audited; the filer is told)."""
    require_decider(acting_user)
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
        audit_reason(refund, acting_user, "declined")
        refund.save()
        notify_filer(refund, f"Refund request #{refund.pk} declined: {reason.strip()}", acting_user)
    return refund
