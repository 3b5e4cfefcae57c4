"""The six churn-risk reasons CR-2 evaluates daily (D-8…D-13, contracts.md decisions 8-11).

The tag-driven reasons (`explicit_alternatives`, `full_data_export_requested`) and
`owner_judgement` are raised by people and never computed here (decision 17).
"""

from datetime import timedelta

from .config import HealthConfig
from .facts import HealthFacts, ReasonResult, SignalResult
from .signals import EARLY_WARNING_KINDS
from .trend import UsageTrend, shown

REASON_KEYS = (
    "usage_drop_30",
    "champion_left_no_replacement",
    "payment_failed_unresponsive",
    "health_poor_4w",
    "renewal_lt_90d_negative",
    "not_source_of_truth",
)
REASON_LABELS = {
    "usage_drop_30": "Usage has dropped 30%+ with no seasonal explanation",
    "champion_left_no_replacement": "Key champion has left and no replacement relationship exists",
    "payment_failed_unresponsive": "Payment has failed and they're unresponsive",
    "health_poor_4w": 'Health score has been "Poor" for 4+ consecutive weeks',
    "renewal_lt_90d_negative": "Contract is up for renewal in <90 days with negative engagement signals",
    "not_source_of_truth": "They're not using PostHog as source of truth (all analysis happens externally)",
}


def _reason(key: str, rule_id: str, holds: bool, **evidence) -> ReasonResult:
    return ReasonResult(key=key, rule_id=rule_id, holds=holds, evidence=evidence)


def usage_drop_30(facts: HealthFacts, config: HealthConfig, trend: UsageTrend, stale: bool) -> ReasonResult:
    """CR-2 / D-5: d ≥ 30 (exact), baseline > 0, no active SeasonalExplanation; never on No data."""
    seasonal = facts.seasonal_active() is not None
    holds = (
        not stale
        and trend.d is not None
        and trend.baseline is not None
        and trend.baseline > 0
        and trend.d >= config.t("CR-2.usage_drop_pct")
        and not seasonal
    )
    return _reason(
        "usage_drop_30",
        "CR-2",
        holds,
        d=shown(trend.d),
        baseline=shown(trend.baseline),
        last30=trend.last30,
        seasonal=seasonal,
    )


def champion_left_no_replacement(facts: HealthFacts, config: HealthConfig) -> ReasonResult:
    """D-10 / decision 8: a champion `left`, no active champion, and no inbound note in the last
    30 days linked to any contact other than a departed champion."""
    departed = {k for k, c in facts.contacts.items() if "champion" in c.roles and c.status == "left"}
    active = any("champion" in c.roles and c.status == "active" for c in facts.contacts.values())
    start = facts.as_of - timedelta(days=config.t("D-10.days") - 1)
    replacement_notes = [
        n
        for n in facts.notes
        if n.direction == "inbound"
        and start <= n.occurred_on <= facts.as_of
        and any(contact not in departed for contact in n.contacts)
    ]
    holds = bool(departed) and not active and not replacement_notes
    return _reason(
        "champion_left_no_replacement",
        "D-10",
        holds,
        departed_champions=sorted(departed),
        inbound_notes_from_others=len(replacement_notes),
    )


def payment_failed_unresponsive(
    facts: HealthFacts, config: HealthConfig, signals: dict[str, SignalResult]
) -> ReasonResult:
    """D-11 / decision 9: payment_late or payg_payment_failed open, the first dunning outreach ≥ 7
    days ago and no inbound note dated outreach … outreach + 6."""
    failing = bool(signals["payment_late"].open or signals["payg_payment_failed"].open)
    outreach = facts.dunning_outreach_on
    days = config.t("D-11.days")
    holds = False
    answered = 0
    if failing and outreach is not None and facts.as_of >= outreach + timedelta(days=days):
        last = outreach + timedelta(days=days - 1)
        answered = sum(
            1 for n in facts.notes if n.direction == "inbound" and outreach <= n.occurred_on <= last
        )
        holds = answered == 0
    return _reason(
        "payment_failed_unresponsive",
        "D-11",
        holds,
        payment_failing=failing,
        dunning_outreach_on=outreach.isoformat() if outreach else None,
        inbound_replies=answered,
    )


def health_poor_4w(facts: HealthFacts, config: HealthConfig) -> ReasonResult:
    """D-3 / decision 11: the 4 latest final weeks all Poor (No data breaks the streak)."""
    weeks = config.t("CR-2.poor_weeks")
    latest = facts.previous_final_bands[:weeks]
    holds = len(latest) == weeks and all(band == "Poor" for band in latest)
    return _reason("health_poor_4w", "CR-2", holds, latest_final_bands=list(latest))


def renewal_lt_90d_negative(
    facts: HealthFacts, config: HealthConfig, signals: dict[str, SignalResult], band: str
) -> ReasonResult:
    """D-12 / decision 10: 0 ≤ renewal_date - as_of < 90 and any open S-1…S-9 signal or band
    Fair/Poor (No data is neither)."""
    negative = sorted(k for k in EARLY_WARNING_KINDS if signals[k].open)
    days_left = (facts.renewal_date - facts.as_of).days if facts.renewal_date else None
    in_window = days_left is not None and 0 <= days_left < config.t("D-12.days")
    holds = in_window and (bool(negative) or band in ("Fair", "Poor"))
    return _reason(
        "renewal_lt_90d_negative",
        "D-12",
        holds,
        renewal_date=facts.renewal_date.isoformat() if facts.renewal_date else None,
        days_to_renewal=days_left,
        open_signals=negative,
        band=band,
    )


def not_source_of_truth(
    facts: HealthFacts, config: HealthConfig, signals: dict[str, SignalResult]
) -> ReasonResult:
    """D-9 / decision 11: warehouse_only_export open on as_of and open for ≥ 30 days."""
    is_open = bool(signals["warehouse_only_export"].open)
    since = facts.warehouse_only_export_since or facts.as_of
    days_open = (facts.as_of - since).days if is_open else 0
    holds = is_open and days_open >= config.t("D-9.days")
    return _reason(
        "not_source_of_truth",
        "D-9",
        holds,
        warehouse_only_export_open=is_open,
        open_since=since.isoformat() if is_open else None,
        days_open=days_open,
    )
