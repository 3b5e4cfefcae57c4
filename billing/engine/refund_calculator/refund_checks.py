"""Eligibility, check by check (B-41, B-42, D-25, D-26; contracts.md §4, decisions 4-6)."""

from .refund_facts import (
    LEARNING_CURVE,
    SCENARIOS,
    SPIKE_SCENARIOS,
    UNDER_ATTACK,
    UNEXPECTED_STARDOM,
    WINDOW_DAYS,
    WRONG_SETUP,
    Check,
    LineResult,
    RefundInput,
)


def within_30_days(days: int) -> Check:
    """B-42 / D-25: requested_on - billing_date ≤ 30, inclusive. A negative count (an invoice
    still open, dated by its coming finalization, B-45) holds."""
    if days < 0:
        return Check(True, f"requested {-days} days before the invoice finalizes (limit {WINDOW_DAYS})")
    return Check(days <= WINDOW_DAYS, f"requested {days} days after billing (limit {WINDOW_DAYS})")


def fits_scenario(facts: RefundInput, lines: tuple[LineResult, ...], incident: int) -> Check:
    """B-41: does the explanation fit the scenario's test?"""
    scenario = facts.scenario
    if scenario == LEARNING_CURVE:
        # Decision 4: "first bill >$1 and/or they meet eligibility criteria" reduces to B-42.
        if facts.is_first_bill_over_1:
            return Check(True, "learning curve: first bill over $1")
        return Check(True, "learning curve: meets the eligibility criteria (no first bill needed)")
    if scenario == UNEXPECTED_STARDOM:
        spiking = [line.product_key for line in lines if line.over_200_percent]
        if facts.is_first_bill_over_1:
            trigger = "first bill over $1"
        elif spiking:
            trigger = f"usage > 200% of the 3-month average on {', '.join(spiking)}"
        else:
            trigger = ""
        small = (not facts.company_has_revenue) or facts.is_hobby_project
        size = "a hobby project" if facts.is_hobby_project else "no revenue" if small else ""
        if trigger and small:
            return Check(True, f"unexpected stardom: {trigger} and {size}")
        missing = []
        if not trigger:
            missing.append("neither a first bill over $1 nor usage > 200% of the 3-month average")
        if not small:
            missing.append("the company has revenue and it is not a hobby project")
        return Check(False, f"unexpected stardom: {'; '.join(missing)}")
    if scenario == UNDER_ATTACK:
        return Check(True, "under attack: the overage above the 3-month average is refundable")
    if scenario == WRONG_SETUP:
        # Decision 6: "the first occurrence of unintended usage charges" = incident 1.
        if incident == 1:
            return Check(True, "wrong setup: first occurrence of unintended charges")
        return Check(False, f"wrong setup: incident #{incident}, not the first occurrence")
    return Check(False, f"{SCENARIOS[scenario].lower()}: no standard scenario fits (escalate)")


def no_fraud_signal(signals: tuple[str, ...]) -> Check:
    """B-42: no fraud signal (B-49's list, incl. the computed sudden_10x_jump)."""
    if signals:
        return Check(False, f"fraud signal: {', '.join(signals)}")
    return Check(True, "no fraud signal")


def spike_resolved(facts: RefundInput) -> Check:
    """B-42: for spikes, spike_ceased AND a mitigation ("a billing limit or managing event
    volume", or other) — decision 5: only unexpected_stardom and under_attack."""
    if facts.scenario not in SPIKE_SCENARIOS:
        return Check(True, "not a spike scenario")
    if not facts.spike_ceased:
        return Check(False, "the spike has not ceased yet")
    if facts.mitigation == "none":
        return Check(False, "the spike ceased but no mitigation is in place")
    return Check(True, f"the spike ceased; mitigation: {facts.mitigation.replace('_', ' ')}")


def eligibility(
    facts: RefundInput, lines: tuple[LineResult, ...], incident: int, days: int, signals: tuple[str, ...]
) -> dict[str, Check]:
    return {
        "within_30_days": within_30_days(days),
        "fits_scenario": fits_scenario(facts, lines, incident),
        "no_fraud_signal": no_fraud_signal(signals),
        "spike_resolved": spike_resolved(facts),
    }
