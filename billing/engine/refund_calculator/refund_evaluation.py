"""The refund calculator's one evaluation (B-40…B-49): the preview API, the Refund request form's
live checklist and calculator, and the stored request all run `evaluate_refund`."""

from decimal import Decimal

from .incident_history import average_mrr, incident_number, is_big_customer, recent_incidents
from .refund_checks import eligibility
from .refund_facts import (
    APPROVER_ROLE,
    SUDDEN_10X_JUMP,
    RefundInput,
    RefundResult,
)
from .refund_lines import price_line
from .refund_routing import credit_reason, escalation_reasons, max_refund, notify, route


def evaluate_refund(facts: RefundInput) -> RefundResult:
    lines = tuple(price_line(line, facts.percent_off) for line in facts.lines)
    amount = sum((line.amount for line in lines), Decimal("0.00"))
    signals = tuple(facts.fraud_signals)
    if any(line.jump_10x for line in lines) and SUDDEN_10X_JUMP not in signals:
        signals += (SUDDEN_10X_JUMP,)  # B-49
    incident = incident_number(facts.prior_incidents, facts.requested_on)
    recent = recent_incidents(facts.prior_incidents, facts.requested_on)
    mean = average_mrr(facts.recent_mrr)
    big = is_big_customer(mean)
    days = (facts.requested_on - facts.billing_date).days
    checks = eligibility(facts, lines, incident, days, signals)
    escalations = escalation_reasons(facts, signals=signals, recent=recent, big=big, incident=incident)
    decision = route(facts, checks, escalations, incident)

    reasons = [f"B-42 {name}: {'ok' if c.ok else 'fails'} — {c.why}" for name, c in checks.items()]
    for line in lines:
        reasons.append(
            f"B-44 {line.product_key}: price({line.baseline_units + line.overage_units:,}) "
            f"{line.price_with_spike} - price({line.baseline_units:,}) {line.price_baseline} = {line.amount} "
            f"(pricing the overage alone would give {line.overage_alone})"
        )
        if line.jump_10x:
            reasons.append(f"B-49 {line.product_key}: spike ≥ 10 x baseline — sudden_10x_jump")
    reasons.append(f"D-29: incident #{incident}; D-27: {recent} refund(s)/credit(s) in the last 90 days")
    size = "a big customer" if big else "below $1,667"
    reasons.append(f"D-28: average MRR {mean.quantize(Decimal('0.01'))} — {size}")
    reasons.append(decision.reason)
    if incident == 1:
        reasons.append("B-47: first incident — send prevention guidance (e.g. a billing limit)")
    else:
        reasons.append("B-47: repeat incident — warn that repeated incidents may not be refunded again")

    return RefundResult(
        scenario=facts.scenario,
        checks=checks,
        days_since_billing=days,
        fraud_signals=signals,
        incident_number=incident,
        recent_incidents_90d=recent,
        average_mrr=mean,
        big_customer=big,
        lines=lines,
        amount=amount,
        max_refund=max_refund(decision.resolution, amount),
        resolution=decision.resolution,
        request_status=decision.request_status,
        credit_reason=credit_reason(facts, decision.resolution),
        fix_window_until=decision.fix_window_until,
        escalation_reasons=escalations,
        approver_role=APPROVER_ROLE,
        notify=notify(decision.resolution),
        prevention_guidance_required=incident == 1,
        repeat_warning_required=incident >= 2,
        reasons=tuple(reasons),
    )
