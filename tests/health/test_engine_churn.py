# ruff: noqa: RUF002, RUF003  (the contract writes its rules with – − × signs)
"""The six automatic churn-risk reasons of CR-2 (D-8…D-12, contracts.md decisions 8–11)."""

from datetime import date

import pytest

from accounts.health.engine import evaluate

from .builders import AS_OF, contact, days_back, facts, note, recommendation, seasonal, with_last30


def holds(result, key):
    return key in result.holding_reasons


@pytest.mark.parametrize(("last30", "expected"), [(21_001, False), (21_000, True)])
def test_usage_drop_30_at_d_just_under_and_at_30(last30, expected):
    assert holds(evaluate(facts(event_counts=with_last30(last30))), "usage_drop_30") is expected


def test_usage_drop_30_is_suppressed_by_a_seasonal_explanation():
    result = evaluate(facts(event_counts=with_last30(1_000), seasonal_explanations=(seasonal(3, 0),)))
    assert not holds(result, "usage_drop_30")


@pytest.mark.parametrize(
    ("contacts", "notes", "expected"),
    [
        ({"a": contact("left")}, (), True),
        ({"a": contact("changed_role")}, (), False),  # left, not only changed role
        ({"a": contact("left"), "b": contact("active")}, (), False),  # an active champion
        ({"a": contact("left"), "b": contact("active", "admin")}, (note(29, contacts=["b"]),), False),
        (
            {"a": contact("left"), "b": contact("active", "admin")},
            (note(30, contacts=["b"]),),
            True,
        ),  # too old
        (
            {"a": contact("left"), "b": contact("active", "admin")},
            (note(3, "outbound", contacts=["b"]),),
            True,
        ),
        ({"a": contact("left")}, (note(3, contacts=["a"]),), True),  # the departed champion himself
        ({"a": contact("left")}, (note(3),), True),  # linked to no contact
        ({"a": contact("left"), "b": contact("left", "admin")}, (note(3, contacts=["a", "b"]),), False),
    ],
)
def test_champion_left_no_replacement_decision_8(contacts, notes, expected):
    result = evaluate(facts(contacts=contacts, notes=notes))
    assert holds(result, "champion_left_no_replacement") is expected


@pytest.mark.parametrize(
    ("outreach_days_ago", "reply_days_after", "expected"),
    [(6, None, False), (7, None, True), (7, 6, False), (10, 7, True), (7, 0, False)],
)
def test_payment_failed_unresponsive_after_7_days_without_reply(
    outreach_days_ago, reply_days_after, expected
):
    """D-11 / decision 9: as_of ≥ outreach + 7 and no inbound note on outreach … outreach + 6."""
    notes = () if reply_days_after is None else (note(outreach_days_ago - reply_days_after),)
    result = evaluate(
        facts(payg_failed_attempts=1, dunning_outreach_on=days_back(outreach_days_ago), notes=notes)
    )
    assert holds(result, "payment_failed_unresponsive") is expected


def test_payment_failed_unresponsive_needs_a_failing_payment_and_an_outreach():
    assert not holds(evaluate(facts(dunning_outreach_on=days_back(20))), "payment_failed_unresponsive")
    assert not holds(evaluate(facts(payment_late=True)), "payment_failed_unresponsive")
    assert holds(
        evaluate(facts(payment_late=True, dunning_outreach_on=days_back(8))), "payment_failed_unresponsive"
    )


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        (("Poor", "Poor", "Poor"), False),  # 3 weeks
        (("Poor", "Poor", "Poor", "Poor"), True),  # 4 weeks
        (("Poor", "Poor", "Poor", "Fair", "Poor"), False),
        (("Poor", "Poor", "No data", "Poor", "Poor"), False),  # No data breaks the streak
        (("Poor",) * 6, True),
    ],
)
def test_health_poor_4w_at_3_vs_4_weeks(bands, expected):
    """CR-2 health_poor_4w / D-3: the 4 latest final weeks all Poor; D-4: No data ends the streak."""
    assert holds(evaluate(facts(previous_final_bands=bands)), "health_poor_4w") is expected


@pytest.mark.parametrize(("days", "expected"), [(89, True), (90, False), (0, True), (-1, False)])
def test_renewal_lt_90d_negative_at_89_vs_90_days(days, expected):
    """D-12 / decision 10: 0 ≤ renewal − as_of < 90 with a negative signal."""
    result = evaluate(facts(renewal_date=days_back(-days), customer_recommendations=(recommendation(20),)))
    assert holds(result, "renewal_lt_90d_negative") is expected


def test_renewal_needs_negative_engagement():
    """A Good account without open S-1…S-9 signals is not at risk; Fair alone suffices; billing
    kinds do not count."""
    assert not holds(evaluate(facts(renewal_date=days_back(-30))), "renewal_lt_90d_negative")
    fair = evaluate(facts(renewal_date=days_back(-30), active_users_30d=4, event_counts=with_last30(25_000)))
    assert fair.band == "Fair" and holds(fair, "renewal_lt_90d_negative")
    billing = evaluate(facts(renewal_date=days_back(-30), payment_late=True))
    assert billing.band == "Good" and not holds(billing, "renewal_lt_90d_negative")


@pytest.mark.parametrize(("since_days", "expected"), [(29, False), (30, True), (None, False)])
def test_not_source_of_truth_after_30_days_of_warehouse_only_export(since_days, expected):
    """D-9 / decision 11: S-9 open on as_of and as_of − since ≥ 30 (null = opens today)."""
    since = None if since_days is None else days_back(since_days)
    result = evaluate(
        facts(warehouse_export_active=True, insight_dashboard_views_30d=0, warehouse_only_export_since=since)
    )
    assert holds(result, "not_source_of_truth") is expected


def test_not_source_of_truth_needs_the_signal_open_today():
    result = evaluate(
        facts(
            warehouse_export_active=True,
            insight_dashboard_views_30d=9,
            warehouse_only_export_since=date(2025, 1, 1),
        )
    )
    assert not holds(result, "not_source_of_truth")


def test_no_data_keeps_renewal_reason_only_through_non_metric_signals():
    """Decision 6: No data is no negative band; an open S-1 still counts."""
    stale = {d: n for d, n in with_last30(1000).items() if d < days_back(6)}
    quiet = evaluate(facts(event_counts=stale, renewal_date=days_back(-10), active_users_30d=1))
    assert quiet.band == "No data" and not holds(quiet, "renewal_lt_90d_negative")
    assert not holds(quiet, "usage_drop_30")
    with_rec = evaluate(
        facts(event_counts=stale, renewal_date=days_back(-10), customer_recommendations=(recommendation(15),))
    )
    assert holds(with_rec, "renewal_lt_90d_negative")
    assert AS_OF.weekday() == 6
