"""Escalation, resolution, caps and who acts (B-45, B-47, B-48, D-27, D-28, D-30;
contracts.md §5-§7, decisions 8-10)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..money import CENT
from .refund_facts import (
    CREDIT,
    CREDIT_NOTE_REFUND,
    CREDIT_REASONS,
    DECLINED,
    ESCALATE_REVOPS,
    ESCALATED,
    ESCALATION_NOTIFIES,
    FIX_WINDOW_DAYS,
    OTHER,
    PARTIAL_CAP_PERCENT,
    PARTIAL_CONDITIONAL,
    RECENT_LIMIT,
    UNDER_ATTACK,
    UNDER_REVIEW,
    Check,
    RefundInput,
)


def escalation_reasons(
    facts: RefundInput, *, signals: tuple[str, ...], recent: int, big: bool, incident: int
) -> tuple[str, ...]:
    """B-48 (and B-45's overdue invoices, B-47's extraordinary circumstances), in order."""
    reasons = []
    if facts.something_off or signals:  # decision 8: a fraud signal escalates as something_off
        reasons.append("something_off")
    if recent >= RECENT_LIMIT:  # D-27
        reasons.append("multiple_recent_refunds")
    if facts.scenario == OTHER:
        reasons.append("non_standard_case")
    if big:  # D-28
        reasons.append("big_customer")
    if facts.invoice_change_needed:
        reasons.append("invoice_change_needed")
    if facts.overdue_invoices:  # B-45
        reasons.append("overdue_invoices")
    if incident >= 3 and facts.extraordinary_circumstances.strip():  # B-47
        reasons.append("extraordinary_circumstances")
    return tuple(reasons)


@dataclass(frozen=True)
class Route:
    resolution: str | None
    request_status: str
    reason: str
    fix_window_until: date | None = None


def route(facts: RefundInput, checks: dict[str, Check], escalations: tuple[str, ...], incident: int) -> Route:
    """contracts.md §6: the first matching rule decides."""
    if escalations:
        return Route(ESCALATE_REVOPS, ESCALATED, f"B-48: escalate to RevOps ({', '.join(escalations)})")
    if not all(c.ok for c in checks.values()):
        failed = [name for name, c in checks.items() if not c.ok]
        waiting = facts.scenario == UNDER_ATTACK and not facts.spike_ceased and failed == ["spike_resolved"]
        if waiting:
            return Route(None, UNDER_REVIEW, "B-41: under attack — refund once the spike has ceased")
        return Route(DECLINED, DECLINED, f"B-42: not eligible ({', '.join(failed)})")
    if incident >= 3:
        return Route(
            DECLINED, DECLINED, f"B-47: incident #{incident} — declined without extraordinary circumstances"
        )
    if incident == 2 and facts.prior_recommendations_actioned is not True:
        return Route(
            PARTIAL_CONDITIONAL,
            UNDER_REVIEW,
            "B-47 / D-30: repeat incident, earlier advice not actioned — at most 50 % "
            "with a 14-day fix window",
            facts.requested_on + timedelta(days=FIX_WINDOW_DAYS),
        )
    if not facts.invoice_finalized:
        return Route(CREDIT, UNDER_REVIEW, "B-45: the period hasn't ended — a credit, not a refund")
    return Route(
        CREDIT_NOTE_REFUND, UNDER_REVIEW, "B-45: finalized invoice — a credit note, not the refund button"
    )


def max_refund(resolution: str | None, amount: Decimal) -> Decimal:
    """Declined → 0; partial_conditional → 50 % half-up (D-30); otherwise the computed amount."""
    if resolution == DECLINED:
        return Decimal("0.00")
    if resolution == PARTIAL_CONDITIONAL:
        return (amount * PARTIAL_CAP_PERCENT / 100).quantize(CENT, ROUND_HALF_UP)
    return amount


def credit_reason(facts: RefundInput, resolution: str | None) -> str | None:
    """B-45: the ONE_TIME grant's reason when the money goes back as credit."""
    if resolution == CREDIT or (resolution == PARTIAL_CONDITIONAL and not facts.invoice_finalized):
        return CREDIT_REASONS.get(facts.scenario)
    return None


def notify(resolution: str | None) -> tuple[str, ...]:
    """B-48: escalation notifies revops_lead; only revops_admin decides."""
    return ESCALATION_NOTIFIES if resolution == ESCALATE_REVOPS else ()
