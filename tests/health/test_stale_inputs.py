"""health.md D-4: No data (no metrics row in the last 7 days) ends a Poor streak and raises a
RevOps "stale inputs" alert — once per episode, at the 7-day boundary."""

from datetime import timedelta

import pytest

from accounts.health import pipeline
from accounts.health.urls_helpers import account_health_link
from accounts.models import HealthScore, Notification
from tests.factories import HealthScoreFactory, UserFactory

from .pipeline_data import AS_OF, WEEK, account_with_usage, metrics

pytestmark = pytest.mark.django_db

STALE = pipeline.STALE_INPUTS


def stale_alerts(**filters):
    return Notification.objects.filter(kind=STALE, **filters)


@pytest.fixture
def admins():
    return [UserFactory(role="revops_admin"), UserFactory(role="revops_admin")]


def account_last_seen(days_ago: int):
    """An account whose latest metrics row is dated as_of - days_ago."""
    account = account_with_usage()
    account.daily_metrics.filter(date__gt=AS_OF - timedelta(days=days_ago)).delete()
    return account


def test_d4_a_row_six_days_old_is_fresh_no_alert(admins):
    account = account_last_seen(6)
    outcome = pipeline.scores_chunk([account.pk], AS_OF, finalise=False)
    assert HealthScore.objects.get(account=account, week_start=WEEK).band != "No data"
    assert outcome.stale_alerts == 0 and not stale_alerts().exists()


def test_d4_a_row_seven_days_old_is_no_data_and_alerts_every_revops_admin_once(admins):
    account = account_last_seen(7)
    tam = account.owner
    outcome = pipeline.scores_chunk([account.pk], AS_OF, finalise=False)
    row = HealthScore.objects.get(account=account, week_start=WEEK)
    assert (row.band, row.score) == ("No data", None)
    assert outcome.stale_alerts == 1
    assert sorted(stale_alerts().values_list("recipient_id", flat=True)) == sorted(a.pk for a in admins)
    alert = stale_alerts().first()
    assert alert.account_id == account.pk
    assert (AS_OF - timedelta(days=7)).isoformat() in alert.text and "D-4" in alert.text
    assert alert.link == account_health_link(account.pk)
    assert not stale_alerts(recipient=tam).exists()


def test_d4_the_alert_is_raised_once_per_episode(admins):
    account = account_last_seen(7)
    pipeline.scores_chunk([account.pk], AS_OF, finalise=False)
    pipeline.scores_chunk([account.pk], AS_OF, finalise=False)  # rerun: nothing new
    pipeline.scores_chunk([account.pk], AS_OF + timedelta(days=1), finalise=False)  # still stale
    next_monday = WEEK + timedelta(days=7)
    pipeline.scores_chunk([account.pk], next_monday)  # a new week, still stale
    assert stale_alerts().count() == len(admins)

    # data comes back, then stops again: a new episode, a new alert
    metrics(account, until=next_monday + timedelta(days=1), days=1)
    pipeline.scores_chunk([account.pk], next_monday + timedelta(days=1), finalise=False)
    assert HealthScore.objects.get(account=account, week_start=next_monday).band != "No data"
    pipeline.scores_chunk([account.pk], next_monday + timedelta(days=8))
    assert stale_alerts().count() == 2 * len(admins)


def test_d4_no_data_ends_a_poor_streak(admins):
    """CR-2 health_poor_4w needs the 4 latest final weeks Poor: a No data week between breaks it."""
    account = account_with_usage(users=0)
    for back, band in ((1, "No data"), (2, "Poor"), (3, "Poor"), (4, "Poor"), (5, "Poor")):
        score = None if band == "No data" else 20
        HealthScoreFactory(account=account, week_start=WEEK - timedelta(days=7 * back), band=band, score=score)
    pipeline.scores_chunk([account.pk], AS_OF, finalise=False)
    row = HealthScore.objects.get(account=account, week_start=WEEK)
    assert "health_poor_4w" not in {r["key"] for r in row.churn_reasons}


def test_d4_stale_alerts_take_the_same_queries_for_one_or_five_stale_accounts(admins):
    """§4: a chunk's queries do not grow with the data — the alerts are one INSERT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(count: int) -> int:
        ids = [account_last_seen(7).pk for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            pipeline.scores_chunk(ids, AS_OF, finalise=False)
        return len(captured)

    assert run(1) == run(5)
    assert stale_alerts().count() == 6 * len(admins)
