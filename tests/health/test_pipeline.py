# ruff: noqa: RUF003  (the contract writes its rules with – − × signs)
"""The stored pipeline (health.md §4, S-10, D-3, D-29, D-31): episodes, final weeks, idempotency,
fixed queries per chunk, on-commit recomputes, the command."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.health import pipeline, services
from accounts.models import (
    HealthBandAlert,
    HealthScore,
    Notification,
    Signal,
    TimelineEvent,
)
from tests.factories import HealthScoreFactory, NoteFactory, SignalFactory, UserFactory

from .pipeline_data import AS_OF, LAST_WEEK, WEEK, account_with_usage, metrics, set_users

pytestmark = pytest.mark.django_db


def open_signals(account, kind):
    return Signal.objects.filter(account=account, kind=kind, closed_at__isnull=True)


def test_s10_a_signal_opens_once_per_episode_closes_and_reopens_as_a_new_episode():
    account = account_with_usage(users=1)
    pipeline.signals_chunk([account.pk], AS_OF)
    pipeline.signals_chunk([account.pk], AS_OF)  # the same day again: nothing new
    signal = open_signals(account, "few_active_users").get()
    assert signal.opened_on == AS_OF and signal.rule_id == "S-3"
    assert signal.evidence["active_users_30d"] == 1
    opened = TimelineEvent.objects.filter(
        account=account, type="signal_opened", payload__kind="few_active_users"
    )
    assert opened.count() == 1

    set_users(account, 8, AS_OF + timedelta(days=1))
    pipeline.signals_chunk([account.pk], AS_OF + timedelta(days=1))
    signal.refresh_from_db()
    assert signal.closed_on == AS_OF + timedelta(days=1)
    assert signal.close_evidence["active_users_30d"] == 8
    assert (
        TimelineEvent.objects.filter(
            account=account, type="signal_closed", payload__signal_id=signal.pk
        ).count()
        == 1
    )

    set_users(account, 2, AS_OF + timedelta(days=2))
    pipeline.signals_chunk([account.pk], AS_OF + timedelta(days=2))
    episodes = Signal.objects.filter(account=account, kind="few_active_users").order_by("opened_on")
    assert [(s.opened_on, s.closed_on) for s in episodes] == [
        (AS_OF, AS_OF + timedelta(days=1)),
        (AS_OF + timedelta(days=2), None),
    ]


def test_manual_signals_are_not_closed_by_the_rule():
    account = account_with_usage()
    manual = SignalFactory(
        account=account, kind="slack_silent", source="manual", opened_on=AS_OF - timedelta(days=3)
    )
    pipeline.signals_chunk([account.pk], AS_OF)
    manual.refresh_from_db()
    assert manual.closed_at is None


def test_stale_inputs_keep_metric_signals_as_they_are():
    """Decision 6: under No data a metric-derived signal neither opens nor closes."""
    account = account_with_usage(users=1)
    pipeline.signals_chunk([account.pk], AS_OF)
    later = AS_OF + timedelta(days=10)  # no rows after AS_OF: No data
    pipeline.signals_chunk([account.pk], later)
    assert open_signals(account, "few_active_users").exists()


def test_payment_signals_come_from_billing_late_payment_facts():
    """L-2 through billing.selectors.late_payment_facts: failed card attempts on an open invoice."""
    from datetime import UTC, datetime

    from tests.factories import (
        BillingCustomerFactory,
        InvoiceFactory,
        PaymentAttemptFactory,
        StripeCustomerFactory,
    )

    account = account_with_usage()
    customer = StripeCustomerFactory(billing_customer=BillingCustomerFactory(account=account))
    invoice = InvoiceFactory(
        stripe_customer=customer,
        status="open",
        amount_paid=0,
        amount_remaining="100.00",
        paid_at=None,
        created=datetime(2026, 11, 1, tzinfo=UTC),
    )
    for n in (1, 2):
        PaymentAttemptFactory(
            invoice=invoice,
            attempt_number=n,
            succeeded=False,
            attempted_at=datetime(2026, 11, n + 1, tzinfo=UTC),
        )
    pipeline.signals_chunk([account.pk], AS_OF)
    signal = open_signals(account, "payg_payment_failed").get()
    assert signal.rule_id == "L-2" and signal.evidence["failed_attempts"] == 2


def test_late_payment_facts_day0_for_credit_based_and_payg():
    """D-26: credit-based day 0 = due_date + 1 while unpaid; PAYG = the first failed attempt."""
    from datetime import UTC, date, datetime

    from billing.selectors import late_payment_facts
    from tests.factories import AccountFactory, BillingCustomerFactory, InvoiceFactory, StripeCustomerFactory

    account = AccountFactory()
    customer = StripeCustomerFactory(billing_customer=BillingCustomerFactory(account=account))
    InvoiceFactory(
        stripe_customer=customer,
        status="open",
        collection_method="send_invoice",
        due_date=date(2026, 11, 10),
        amount_paid=0,
        amount_remaining="500.00",
        paid_at=None,
        created=datetime(2026, 10, 11, tzinfo=UTC),
    )
    assert account.pk not in late_payment_facts([account.pk], date(2026, 11, 10))  # due today: not late
    facts = late_payment_facts([account.pk], date(2026, 11, 11))[account.pk]
    assert facts.payment_late and facts.late_day0 == date(2026, 11, 11)
    assert facts.dunning_outreach_on is None  # no DunningCase yet: payment_failed_unresponsive cannot hold


def scores(account):
    return {r.week_start: r for r in HealthScore.objects.filter(account=account)}


def test_scores_write_the_provisional_week_and_finalise_last_week_as_of_its_sunday():
    account = account_with_usage()
    pipeline.scores_chunk([account.pk], AS_OF)
    rows = scores(account)
    assert rows[WEEK].final is False and rows[WEEK].as_of == AS_OF
    assert rows[LAST_WEEK].final is True and rows[LAST_WEEK].as_of == WEEK - timedelta(days=1)
    assert rows[WEEK].score == sum(c["points"] for c in rows[WEEK].components)
    assert [c["key"] for c in rows[WEEK].components] == [
        "usage_trend",
        "engagement",
        "breadth",
        "relationship",
        "support_billing",
    ]
    assert all({"inputs", "rule", "max", "points", "label"} <= set(c) for c in rows[WEEK].components)


def test_a_final_week_is_never_rewritten():
    """D-3: once final, a row keeps its values even when its inputs change."""
    account = account_with_usage()
    pipeline.scores_chunk([account.pk], AS_OF)
    final = scores(account)[LAST_WEEK]
    set_users(account, 0, LAST_WEEK + timedelta(days=6))
    set_users(account, 0, AS_OF)
    pipeline.scores_chunk([account.pk], AS_OF + timedelta(days=1))
    again = scores(account)
    assert again[LAST_WEEK].computed_at == final.computed_at
    assert (again[LAST_WEEK].score, again[LAST_WEEK].components) == (final.score, final.components)
    assert again[WEEK].score < final.score  # the provisional week did follow the inputs


def test_recompute_is_idempotent():
    """§4 jobs: re-running for the same inputs gives the same rows (no write, no event, no alert)."""
    account = account_with_usage(users=2)
    services.recompute(as_of=AS_OF, account_ids=[account.pk])

    def snapshot():
        return (
            list(HealthScore.objects.order_by("pk").values()),
            list(Signal.objects.order_by("pk").values()),
            TimelineEvent.objects.count(),
            HealthBandAlert.objects.count(),
        )

    before = snapshot()
    outcome = services.recompute(as_of=AS_OF, account_ids=[account.pk])
    assert snapshot() == before
    assert (outcome["signals"].opened, outcome["signals"].closed, outcome["scores"].written) == (0, 0, 0)


QUERIES_PER_CHUNK = {
    "signals": 19,
    "scores": 35,
}  # first run: loads + writes (scores also finalise last week); late_payment_facts reads the
# DunningCase in one more query (scores load the facts for two weeks)


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


@pytest.mark.parametrize("job", ["signals", "scores"])
def test_queries_per_chunk_do_not_grow_with_the_chunk(job):
    """§4 / ARCHITECTURE: a fixed number of queries per chunk — the same for 2 and 20 accounts."""
    small = [account_with_usage(users=1).pk for _ in range(2)]
    large = [account_with_usage(users=1).pk for _ in range(20)]
    chunk = pipeline.signals_chunk if job == "signals" else pipeline.scores_chunk
    config = services.selectors.active_config()
    two = _queries(lambda: chunk(small, AS_OF, config))
    twenty = _queries(lambda: chunk(large, AS_OF, config))
    assert two == twenty
    assert two == QUERIES_PER_CHUNK[job]
    # and a rerun (nothing to write) is fixed too
    assert _queries(lambda: chunk(small, AS_OF, config)) == _queries(lambda: chunk(large, AS_OF, config))


def test_band_alerts_once_per_account_and_week():
    """D-31: a final-week drop (Good → Poor) alerts the owner once; a rise is only recorded."""
    owner = UserFactory(role="tam")
    account = account_with_usage(owner=owner)
    HealthScoreFactory(account=account, week_start=LAST_WEEK - timedelta(days=7), score=80, band="Good")
    HealthScoreFactory(account=account, week_start=LAST_WEEK, score=30, band="Poor")
    pipeline.band_alerts_chunk([account.pk], AS_OF)
    pipeline.band_alerts_chunk([account.pk], AS_OF)
    alert = HealthBandAlert.objects.get(account=account)
    assert (alert.from_band, alert.to_band, alert.recipient) == ("Good", "Poor", owner)
    assert Notification.objects.filter(recipient=owner, kind="health_band_changed").count() == 1
    assert TimelineEvent.objects.filter(account=account, type="health_band_changed").count() == 1

    risen = account_with_usage(owner=owner)
    HealthScoreFactory(account=risen, week_start=LAST_WEEK - timedelta(days=7), score=50, band="Fair")
    HealthScoreFactory(account=risen, week_start=LAST_WEEK, score=80, band="Good")
    pipeline.band_alerts_chunk([risen.pk], AS_OF)
    assert HealthBandAlert.objects.get(account=risen).recipient is None
    assert Notification.objects.filter(recipient=owner).count() == 1


def test_health_poor_4w_reads_the_stored_final_weeks():
    account = account_with_usage()
    for back in range(1, 5):
        HealthScoreFactory(account=account, week_start=WEEK - timedelta(days=7 * back), score=20, band="Poor")
    pipeline.scores_chunk([account.pk], AS_OF)
    reasons = [r["key"] for r in scores(account)[WEEK].churn_reasons]
    assert "health_poor_4w" in reasons


def test_a_note_enqueues_the_recompute_of_its_account_on_commit(django_capture_on_commit_callbacks):
    account = account_with_usage()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        NoteFactory(account=account)
    assert callbacks
    assert HealthScore.objects.filter(account=account, final=False).exists()


def test_a_usage_import_enqueues_the_recompute_of_the_imported_accounts(django_capture_on_commit_callbacks):
    from revops.services import import_run_execute

    account = account_with_usage()
    admin = UserFactory(role="revops_admin")
    today = services.today()
    with django_capture_on_commit_callbacks(execute=True):
        run = import_run_execute(
            kind="account_daily_metrics",
            source="api",
            acting_user=admin,
            rows=[
                {
                    "account": account.posthog_organization_id,
                    "date": today.isoformat(),
                    "event_count": 5,
                    "active_users_30d": 1,
                },
            ],
        )
    assert run.rows_ok == 1
    assert open_signals(account, "few_active_users").exists()


def test_recompute_health_command_backfills_weeks_and_is_idempotent():
    account = account_with_usage()
    out = io.StringIO()
    call_command("recompute_health", as_of=AS_OF, weeks=3, stdout=out)
    assert "Health as of 2026-11-18" in out.getvalue()
    assert HealthScore.objects.filter(account=account, final=True).count() == 3
    before = list(HealthScore.objects.order_by("pk").values())
    call_command("recompute_health", as_of=AS_OF, weeks=3, stdout=io.StringIO())
    assert list(HealthScore.objects.order_by("pk").values()) == before


def test_scope_is_arr_or_an_owner():
    from accounts.health.selectors import scope_account_ids
    from tests.factories import AccountFactory

    in_scope = account_with_usage()
    nobody = AccountFactory(arr=0, owner=None)
    metrics(nobody)
    ids = scope_account_ids()
    assert in_scope.pk in ids and nobody.pk not in ids


def test_a_new_model_version_recomputes_the_provisional_week_only(django_capture_on_commit_callbacks):
    """D-29: the provisional week moves to the new version at once; final weeks keep theirs."""
    from tests.factories import AccountFactory

    account = AccountFactory(arr="1000.00")
    metrics(account, until=services.today(), users=4)
    pipeline.scores_chunk([account.pk], services.today())
    before = scores(account)
    admin = UserFactory(role="revops_admin")
    with django_capture_on_commit_callbacks(execute=True):
        model = services.health_model_create_version(
            components={"engagement": {"tiers": [[10, 25], [5, 18], [4, 12], [1, 3]]}},
            thresholds={},
            note="4 users are worth more",
            acting_user=admin,
        )
    after = scores(account)
    week = services.selectors.monday_of(services.today())
    assert model.version == 2
    assert after[week].model_version == 2
    engagement = next(c for c in after[week].components if c["key"] == "engagement")
    assert engagement["points"] == 12 and engagement["rule"] == "4 → 12"
    final_week = week - timedelta(days=7)
    assert after[final_week].model_version == 1
    assert after[final_week].computed_at == before[final_week].computed_at
    assert model.history.count() == 1  # audited


def test_an_invoice_change_enqueues_the_recompute_of_its_account(django_capture_on_commit_callbacks):
    """§4: compute_signals also runs per account on an invoice change (L-1, L-2)."""
    from datetime import UTC, date, datetime

    from tests.factories import BillingCustomerFactory, InvoiceFactory, StripeCustomerFactory

    account = account_with_usage()
    customer = StripeCustomerFactory(billing_customer=BillingCustomerFactory(account=account))
    with django_capture_on_commit_callbacks(execute=True):
        InvoiceFactory(
            stripe_customer=customer,
            status="open",
            collection_method="send_invoice",
            due_date=date(2026, 10, 1),
            amount_paid=0,
            amount_remaining="900.00",
            paid_at=None,
            created=datetime(2026, 9, 1, tzinfo=UTC),
        )
    assert open_signals(account, "payment_late").get().rule_id == "L-1"
