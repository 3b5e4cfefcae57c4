"""Early-warning signals S-1…S-9 and the payment signals L-1, L-2 (health.md §2).

Each function answers one kind: open or not, with the values that met (or missed) the rule as
evidence. Metric-derived kinds are not evaluated on stale inputs (contracts.md decision 6):
their `open` is None and the pipeline keeps their stored state.
"""

from datetime import timedelta

from .config import HealthConfig
from .facts import HealthFacts, SignalResult
from .trend import downtrend

EARLY_WARNING_KINDS = (
    "rec_not_actioned",
    "volume_downtrend",
    "few_active_users",
    "no_active_users",
    "slack_silent",
    "billing_page_visits",
    "champion_changed",
    "support_ticket_spike",
    "single_product",
    "warehouse_only_export",
)
PAYMENT_KINDS = ("payment_late", "payg_payment_failed")
SIGNAL_KINDS = (*EARLY_WARNING_KINDS, *PAYMENT_KINDS)
METRIC_KINDS = frozenset(
    {
        "volume_downtrend",
        "few_active_users",
        "no_active_users",
        "billing_page_visits",
        "single_product",
        "warehouse_only_export",
    }
)
RULE_IDS = {
    "rec_not_actioned": "S-1",
    "volume_downtrend": "S-2",
    "few_active_users": "S-3",
    "no_active_users": "S-3",
    "slack_silent": "S-4",
    "billing_page_visits": "S-5",
    "champion_changed": "S-6",
    "support_ticket_spike": "S-7",
    "single_product": "S-8",
    "warehouse_only_export": "S-9",
    "payment_late": "L-1",
    "payg_payment_failed": "L-2",
}
LABELS = {
    "rec_not_actioned": "Recommendation not actioned for 2+ weeks",
    "volume_downtrend": "Down-trending event volume (no seasonality)",
    "few_active_users": "Only 1-2 active users",
    "no_active_users": "No active users",
    "slack_silent": "No Slack activity for 14+ days",
    "billing_page_visits": "Billing page visits without context",
    "champion_changed": "Champion changed roles or left",
    "support_ticket_spike": "Support tickets spiking",
    "single_product": "Single product usage",
    "warehouse_only_export": "Data exported to external warehouse only",
    "payment_late": "Payment late",
    "payg_payment_failed": "Pay-as-you-go payment failed",
}
CONTEXT_TAGS = frozenset({"pricing", "billing"})  # S-5 / D-8


def _result(kind: str, holds: bool, **evidence) -> SignalResult:
    return SignalResult(kind=kind, rule_id=RULE_IDS[kind], open=holds, evidence=evidence)


def rec_not_actioned(facts: HealthFacts, config: HealthConfig) -> SignalResult:
    """S-1: an open recommendation given ≥ 14 days ago (as_of - given_on)."""
    days = config.t("S-1.days")
    waiting = sorted(
        r.given_on
        for r in facts.customer_recommendations
        if r.status == "open" and (facts.as_of - r.given_on).days >= days
    )
    return _result(
        "rec_not_actioned",
        bool(waiting),
        open_recommendations=len(waiting),
        oldest_given_on=waiting[0].isoformat() if waiting else None,
        days=days,
    )


def volume_downtrend(facts: HealthFacts, config: HealthConfig) -> SignalResult:
    """S-2 / D-7: trailing 28 ≤ 90 % of prior 28 AND ≥ 3 of the last 4 complete weeks down AND
    no active SeasonalExplanation (D-6)."""
    trend = downtrend(facts, config)
    seasonal = facts.seasonal_active()
    return _result(
        "volume_downtrend",
        trend.ratio_met and trend.weeks_met and seasonal is None,
        trailing_28=trend.trailing,
        prior_28=trend.prior,
        weeks_down=trend.weeks_down,
        weekly=[{"week_start": monday.isoformat(), "events": events} for monday, events in trend.weekly],
        seasonal=seasonal is not None,
    )


def active_users(facts: HealthFacts, config: HealthConfig) -> tuple[SignalResult, SignalResult]:
    """S-3: few_active_users = 1 … 2 active users; no_active_users = 0 and arr > 0."""
    users = facts.active_users_30d
    few = 1 <= users <= config.t("S-3.max_users")
    none = users == 0 and facts.arr > 0
    return (
        _result("few_active_users", few, active_users_30d=users),
        _result("no_active_users", none, active_users_30d=users, arr=f"{facts.arr:.2f}"),
    )


def slack_silent(facts: HealthFacts, config: HealthConfig) -> SignalResult:
    """S-4: a shared channel and ≥ 14 days since the last customer message (never one: since the
    channel was created)."""
    channel = facts.shared_channel
    days = config.t("S-4.days")
    if channel is None:
        return _result("slack_silent", False, shared_channel=False)
    since = channel.last_customer_message_on or channel.created_on
    quiet = (facts.as_of - since).days
    return _result(
        "slack_silent",
        quiet >= days,
        shared_channel=True,
        days_quiet=quiet,
        last_customer_message_on=channel.last_customer_message_on.isoformat()
        if channel.last_customer_message_on
        else None,
        channel_created_on=channel.created_on.isoformat(),
    )


def billing_page_visits(facts: HealthFacts, config: HealthConfig) -> SignalResult:
    """S-5 / D-8: billing page views ≥ 1 in the last 7 days and no note tagged pricing or
    billing (any direction, decision 16) in the last 30 days."""
    start = facts.as_of - timedelta(days=config.t("S-5.context_days") - 1)
    context = [n for n in facts.notes if start <= n.occurred_on <= facts.as_of and n.tags & CONTEXT_TAGS]
    views = facts.billing_page_views_7d
    return _result(
        "billing_page_visits",
        views >= config.t("S-5.min_views") and not context,
        billing_page_views_7d=views,
        context_notes_30d=len(context),
    )


def _is_champion(contact) -> bool:
    return "champion" in contact.roles


def champion_changed(facts: HealthFacts, config: HealthConfig) -> SignalResult:
    """S-6 / decision 8: a champion changed role or left and no champion is active."""
    gone = sorted(
        k for k, c in facts.contacts.items() if _is_champion(c) and c.status in ("changed_role", "left")
    )
    active = [k for k, c in facts.contacts.items() if _is_champion(c) and c.status == "active"]
    return _result(
        "champion_changed",
        bool(gone) and not active,
        departed_champions=gone,
        active_champions=len(active),
    )


def support_ticket_spike(facts: HealthFacts, config: HealthConfig) -> SignalResult:
    """S-7 / decision 12: ≥ 3 tickets in the last 7 days and ≥ 2 times the weekly average of the
    12 weeks before (exactly: 12 * n7 ≥ 2 * n84, i.e. 6 * n7 ≥ n84)."""
    as_of = facts.as_of
    window = config.t("S-7.window_days")
    weeks = config.t("S-7.average_weeks")
    recent_start = as_of - timedelta(days=window - 1)
    before_end = recent_start - timedelta(days=1)
    before_start = before_end - timedelta(days=7 * weeks - 1)
    n7 = sum(1 for day in facts.ticket_opened_on if recent_start <= day <= as_of)
    n84 = sum(1 for day in facts.ticket_opened_on if before_start <= day <= before_end)
    spiking = n7 >= config.t("S-7.min_tickets") and n7 * weeks >= config.t("S-7.multiple") * n84
    return _result(
        "support_ticket_spike",
        spiking,
        tickets_7d=n7,
        tickets_before=n84,
        weeks_before=weeks,
        weekly_average=round(n84 / weeks, 2),
    )


def single_product(facts: HealthFacts, config: HealthConfig) -> SignalResult:
    """S-8: exactly one counted product in products_used_30d."""
    products = sorted(facts.products_used_30d)
    return _result("single_product", len(products) == config.t("S-8.products"), products=products)


def warehouse_only_export(facts: HealthFacts, config: HealthConfig) -> SignalResult:
    """S-9 / D-8: warehouse export active and < 5 insight/dashboard views in the last 30 days."""
    views = facts.insight_dashboard_views_30d
    return _result(
        "warehouse_only_export",
        facts.warehouse_export_active and views < config.t("S-9.max_views"),
        warehouse_export_active=facts.warehouse_export_active,
        insight_dashboard_views_30d=views,
    )


def payment_signals(facts: HealthFacts) -> tuple[SignalResult, SignalResult]:
    """L-1: payment_late from the late flag; L-2: payg_payment_failed from attempts ≥ 1."""
    return (
        _result("payment_late", facts.payment_late, payment_late=facts.payment_late),
        _result(
            "payg_payment_failed", facts.payg_failed_attempts >= 1, failed_attempts=facts.payg_failed_attempts
        ),
    )


def evaluate_signals(facts: HealthFacts, config: HealthConfig, *, stale: bool) -> tuple[SignalResult, ...]:
    few, none = active_users(facts, config)
    results = [
        rec_not_actioned(facts, config),
        volume_downtrend(facts, config),
        few,
        none,
        slack_silent(facts, config),
        billing_page_visits(facts, config),
        champion_changed(facts, config),
        support_ticket_spike(facts, config),
        single_product(facts, config),
        warehouse_only_export(facts, config),
        *payment_signals(facts),
    ]
    if stale:  # decision 6: metric-derived kinds are not evaluated on stale inputs
        results = [
            SignalResult(kind=r.kind, rule_id=r.rule_id, open=None, evidence={"not_evaluated": "No data"})
            if r.kind in METRIC_KINDS
            else r
            for r in results
        ]
    return tuple(results)
