# ruff: noqa: RUF002, RUF003  (the contract writes its rules with – − × signs)
"""Early-warning signals S-1…S-9 and payment signals L-1, L-2, each at its boundary."""

from datetime import timedelta
from decimal import Decimal

import pytest

from accounts.health.engine import evaluate

from .builders import AS_OF, channel, contact, facts, note, recommendation, seasonal, steady, weekly


def is_open(result, kind):
    return result.signal(kind).open


@pytest.mark.parametrize(("days", "expected"), [(13, False), (14, True)])
def test_s1_rec_not_actioned_at_13_vs_14_days(days, expected):
    assert (
        is_open(evaluate(facts(customer_recommendations=(recommendation(days),))), "rec_not_actioned")
        is expected
    )


def test_s1_ignores_actioned_and_dismissed_recommendations():
    recs = (recommendation(30, "actioned"), recommendation(30, "dismissed"))
    assert not is_open(evaluate(facts(customer_recommendations=recs)), "rec_not_actioned")


def test_s2_volume_downtrend_at_exactly_90_percent_and_four_weeks_down():
    """S-2 / D-7 / decision 5: 25200 ≤ 90 % of 28000 and 4 of 4 complete weeks lower."""
    result = evaluate(facts(event_counts=weekly([1000, 1000, 1000, 1000, 950, 910, 880, 860])))
    signal = result.signal("volume_downtrend")
    assert signal.open
    assert (signal.evidence["trailing_28"], signal.evidence["prior_28"], signal.evidence["weeks_down"]) == (
        25200,
        28000,
        4,
    )


def test_s2_just_above_90_percent_does_not_open():
    result = evaluate(facts(event_counts=weekly([1000, 1000, 1000, 1000, 950, 910, 880, 861])))
    assert not is_open(result, "volume_downtrend")


def test_s2_needs_three_of_four_weeks_down():
    three = evaluate(facts(event_counts=weekly([1000] * 4 + [900, 905, 890, 800])))
    two = evaluate(facts(event_counts=weekly([1000] * 4 + [900, 905, 910, 800])))
    assert three.signal("volume_downtrend").evidence["weeks_down"] == 3 and is_open(three, "volume_downtrend")
    assert two.signal("volume_downtrend").evidence["weeks_down"] == 2 and not is_open(two, "volume_downtrend")


def test_s2_is_suppressed_by_an_active_seasonal_explanation():
    events = weekly([1000, 1000, 1000, 1000, 950, 910, 880, 860])
    assert not is_open(
        evaluate(facts(event_counts=events, seasonal_explanations=(seasonal(5, -5),))), "volume_downtrend"
    )


def test_s2_on_a_wednesday_reads_the_weeks_ending_last_sunday():
    """Decision 5: the partial current week is never used."""
    events = weekly([1000, 1000, 1000, 1000, 950, 910, 880, 860])
    wednesday = AS_OF + timedelta(days=3)
    for n in range(1, 4):
        events[AS_OF + timedelta(days=n)] = 5000
    result = evaluate(facts(as_of=wednesday, event_counts=events))
    assert [w["week_start"] for w in result.signal("volume_downtrend").evidence["weekly"]][-1] == "2025-06-09"


@pytest.mark.parametrize(
    ("users", "arr", "few", "none"),
    [
        (0, "0.00", False, False),
        (0, "1.00", False, True),
        (1, "1.00", True, False),
        (2, "0.00", True, False),
        (3, "1.00", False, False),
    ],
)
def test_s3_active_users(users, arr, few, none):
    result = evaluate(facts(active_users_30d=users, arr=Decimal(arr)))
    assert (is_open(result, "few_active_users"), is_open(result, "no_active_users")) == (few, none)


@pytest.mark.parametrize(
    ("created", "message", "expected"),
    [(100, 13, False), (100, 14, True), (13, None, False), (14, None, True)],
)
def test_s4_slack_silent_at_13_vs_14_days(created, message, expected):
    """S-4: 14+ days since the last customer message; never one: channel created 14+ days ago."""
    assert is_open(evaluate(facts(shared_channel=channel(created, message))), "slack_silent") is expected


def test_s4_needs_a_shared_channel():
    assert not is_open(evaluate(facts(shared_channel=None)), "slack_silent")


@pytest.mark.parametrize(
    ("views", "notes", "expected"),
    [
        (0, (), False),
        (1, (), True),
        (1, (note(29, "internal", ["pricing"]),), False),  # as_of − 29 is inside the 30 days
        (1, (note(30, "outbound", ["billing"]),), True),  # as_of − 30 is outside
        (1, (note(2, "inbound", ["renewal"]),), True),  # another tag is no context
    ],
)
def test_s5_billing_page_visits_without_context(views, notes, expected):
    result = evaluate(facts(billing_page_views_7d=views, notes=notes))
    assert is_open(result, "billing_page_visits") is expected


@pytest.mark.parametrize(
    ("contacts", "expected"),
    [
        ({"a": contact("changed_role")}, True),
        ({"a": contact("left")}, True),
        ({"a": contact("left"), "b": contact("active")}, False),  # a new active champion
        ({"a": contact("left"), "b": contact("active", "admin")}, True),  # not a champion
        ({"a": contact("active")}, False),
    ],
)
def test_s6_champion_changed(contacts, expected):
    assert is_open(evaluate(facts(contacts=contacts)), "champion_changed") is expected


@pytest.mark.parametrize(
    ("recent", "before", "expected"),
    [
        (2, 0, False),  # 2 vs 3 tickets
        (3, 0, True),
        (3, 18, True),  # exactly 2 × the 12-week average (1.5 a week): 6 × 3 = 18
        (3, 19, False),  # just above
    ],
)
def test_s7_support_ticket_spike(recent, before, expected):
    """S-7 / decision 12: ≥ 3 in as_of−6…as_of and 6 × n7 ≥ n84 over as_of−90…−7."""
    tickets = (AS_OF - timedelta(days=6),) * recent + (AS_OF - timedelta(days=90),) * before
    assert is_open(evaluate(facts(ticket_opened_on=tickets)), "support_ticket_spike") is expected


def test_s7_ticket_just_outside_the_12_weeks_is_not_counted():
    tickets = (AS_OF,) * 3 + (AS_OF - timedelta(days=91),) * 40
    assert is_open(evaluate(facts(ticket_opened_on=tickets)), "support_ticket_spike")


@pytest.mark.parametrize(("products", "expected"), [(1, True), (2, False), (0, False)])
def test_s8_single_product(products, expected):
    keys = frozenset(["product_analytics", "web_analytics"][:products])
    assert is_open(evaluate(facts(products_used_30d=keys)), "single_product") is expected


@pytest.mark.parametrize(
    ("active", "views", "expected"), [(True, 4, True), (True, 5, False), (False, 0, False)]
)
def test_s9_warehouse_only_export_at_4_vs_5_views(active, views, expected):
    """S-9 / D-8: warehouse export active and < 5 customer insight/dashboard views in 30 days."""
    result = evaluate(facts(warehouse_export_active=active, insight_dashboard_views_30d=views))
    assert is_open(result, "warehouse_only_export") is expected


def test_l1_and_l2_payment_signals():
    result = evaluate(facts(payment_late=True, payg_failed_attempts=0))
    assert is_open(result, "payment_late") and not is_open(result, "payg_payment_failed")
    failed = evaluate(facts(payg_failed_attempts=1))
    assert is_open(failed, "payg_payment_failed")
    assert failed.signal("payg_payment_failed").evidence["failed_attempts"] == 1


def test_metric_signals_are_not_evaluated_on_stale_inputs():
    """Decision 6: No data → metric-derived kinds not evaluated (None), others as usual."""
    events = {d: n for d, n in steady().items() if d < AS_OF - timedelta(days=6)}
    result = evaluate(
        facts(event_counts=events, active_users_30d=1, customer_recommendations=(recommendation(20),))
    )
    assert result.signal("few_active_users").open is None
    assert result.signal("rec_not_actioned").open is True
    assert "few_active_users" not in result.open_signals
