# ruff: noqa: RUF002, RUF003  (the spec writes its rules with – − × signs)
"""The issue's boundaries once more, through the database: rows → selectors.load_facts → engine
→ stored Signal / HealthScore, so a window the loaders cut one day short or long shows here
(the engine's own boundaries: test_engine_*.py)."""

from datetime import UTC, datetime, time, timedelta

import pytest

from accounts.health import pipeline
from accounts.models import AccountDailyMetrics, CustomerRecommendation, HealthScore, Signal, SupportTicket
from tests.factories import HealthScoreFactory

from .pipeline_data import AS_OF, WEEK, account_with_usage

pytestmark = pytest.mark.django_db


def at(days_back: int, hour: int = 10) -> datetime:
    return datetime.combine(AS_OF - timedelta(days=days_back), time(hour), tzinfo=UTC)


def is_open(account, kind: str) -> bool:
    pipeline.signals_chunk([account.pk], AS_OF)
    return Signal.objects.filter(account=account, kind=kind, closed_at__isnull=True).exists()


def this_week(account) -> HealthScore:
    pipeline.scores_chunk([account.pk], AS_OF, finalise=False)
    return HealthScore.objects.get(account=account, week_start=WEEK)


@pytest.mark.parametrize(("days", "expected"), [(13, False), (14, True)])
def test_s1_a_stored_recommendation_open_13_vs_14_days(days, expected):
    """S-1: an open CustomerRecommendation given ≥ 14 days before as_of (given late that day)."""
    account = account_with_usage()
    CustomerRecommendation.objects.create(
        account=account, given_at=at(days, hour=23), description="Turn on the reverse proxy"
    )
    assert is_open(account, "rec_not_actioned") is expected


@pytest.mark.parametrize(("days", "expected"), [(13, False), (14, True)])
def test_s4_the_last_customer_message_13_vs_14_days_ago(days, expected):
    """S-4: a shared channel whose last customer message is ≥ 14 days old."""
    account = account_with_usage(
        shared_channel_platform="slack", shared_channel_name="posthog-hedgebox", last_customer_message_at=at(days)
    )
    assert is_open(account, "slack_silent") is expected


def _ticket(account, n: int, opened_at: datetime) -> None:
    SupportTicket.objects.create(
        account=account, external_id=f"T-{account.pk}-{n}-{opened_at:%j%H}", opened_at=opened_at, priority="normal"
    )


@pytest.mark.parametrize(
    ("recent", "oldest_recent_day", "before", "expected"),
    [
        (2, 6, 0, False),  # 2 vs 3 tickets in as_of−6 … as_of
        (3, 6, 0, True),
        (3, 7, 0, False),  # the third one on as_of−7 is not in the last 7 days
        (3, 6, 18, True),  # exactly 2 × the 12-week weekly average (18 ÷ 12 = 1.5 a week)
        (3, 6, 19, False),  # just above it
    ],
)
def test_s7_stored_tickets_2_vs_3_and_twice_the_weekly_average(recent, oldest_recent_day, before, expected):
    """S-7 / D-8: ≥ 3 opened in the last 7 days AND ≥ 2 × the weekly average of the 12 weeks
    before (as_of−90 … as_of−7)."""
    account = account_with_usage()
    for n in range(recent):
        _ticket(account, n, at(oldest_recent_day if n == 0 else 0))
    for n in range(before):
        _ticket(account, 100 + n, at(90 if n % 2 else 8))
    assert is_open(account, "support_ticket_spike") is expected


@pytest.mark.parametrize(("views", "expected"), [(4, True), (5, False)])
def test_s9_stored_insight_views_4_vs_5_in_the_30_days(views, expected):
    """S-9 / D-8: warehouse export active and < 5 customer insight/dashboard views in the last 30
    days; a view on as_of−30 is outside them."""
    account = account_with_usage()
    rows = AccountDailyMetrics.objects.filter(account=account)
    rows.update(warehouse_export_active=True, insight_dashboard_views=0)
    rows.filter(date=AS_OF - timedelta(days=30)).update(insight_dashboard_views=50)
    for back in range(views):
        rows.filter(date=AS_OF - timedelta(days=29 - back)).update(insight_dashboard_views=1)
    assert is_open(account, "warehouse_only_export") is expected


@pytest.mark.parametrize(
    ("last30_per_day", "points"),
    [
        (900, 10),  # d = 10 exactly (baseline 30,000 a window, last30 27,000)
        (901, 22),  # d just under 10 (27,030: d = 9.9)
        (700, 0),  # d = 30 exactly (21,000)
        (701, 10),  # d just under 30 (21,030)
    ],
)
def test_usage_trend_through_the_database_at_d_10_and_30(last30_per_day, points):
    """§1.3 usage_trend / D-5: 1,000 events a day before the trailing 30 days."""
    account = account_with_usage()
    AccountDailyMetrics.objects.filter(account=account, date__gt=AS_OF - timedelta(days=30)).update(
        event_count=last30_per_day
    )
    usage = next(c for c in this_week(account).components if c["key"] == "usage_trend")
    assert usage["points"] == points
    assert usage["inputs"]["last30"] == 30 * last30_per_day


@pytest.mark.parametrize(("days", "expected"), [(89, True), (90, False)])
def test_d12_renewal_89_vs_90_days_away_with_a_negative_signal(days, expected):
    """CR-2 renewal_lt_90d_negative / D-12: 0 ≤ renewal_date − as_of < 90 and an open S-3."""
    account = account_with_usage(users=1, renewal_date=AS_OF + timedelta(days=days))
    pipeline.signals_chunk([account.pk], AS_OF)
    reasons = {r["key"] for r in this_week(account).churn_reasons}
    assert ("renewal_lt_90d_negative" in reasons) is expected


@pytest.mark.parametrize(("weeks", "expected"), [(3, False), (4, True)])
def test_cr2_health_poor_4w_from_3_vs_4_stored_final_weeks(weeks, expected):
    """CR-2 health_poor_4w / D-3: the 4 latest final weekly rows all Poor."""
    account = account_with_usage()
    for back in range(1, weeks + 1):
        HealthScoreFactory(account=account, week_start=WEEK - timedelta(days=7 * back), score=20, band="Poor")
    reasons = {r["key"] for r in this_week(account).churn_reasons}
    assert ("health_poor_4w" in reasons) is expected
