"""The segment refresh and the manual segments (accounts.md §1.4, §4 `accounts.refresh_segments`,
`accounts.rank_top_40`): memberships open and close with history and timeline events."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from accounts.models import SegmentMembership, TimelineEvent
from accounts.segments import services
from accounts.segments.selectors import open_segments_for, segment_history
from tests.factories import AccountFactory, BookMembershipFactory, LeadMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 18)


def open_keys(account) -> set[str]:
    return {m.segment.key for m in open_segments_for([account.pk])[account.pk]}


def test_sg1_refresh_opens_then_closes_a_computed_segment_keeping_its_history():
    tam = UserFactory()
    account = AccountFactory(arr=Decimal("20000"), owner=tam)
    result = services.segments_refresh(as_of=TODAY)
    assert (result.added, result.removed) == (1, 0)
    assert open_keys(account) == {"arr_20k"}

    account.arr = Decimal("60000")
    account.save()
    services.segments_refresh(as_of=TODAY)
    assert open_keys(account) == {"arr_60k"}
    history = segment_history(account)
    assert [(m.segment.key, m.is_open) for m in history] == [("arr_60k", True), ("arr_20k", False)]
    closed = history[1]
    assert closed.removal_reason.startswith("no longer meets") and closed.removed_by_id is None
    assert history[0].explanation["inputs"] == {"arr": "60000.00"}
    types = list(TimelineEvent.objects.filter(account=account).order_by("id").values_list("type", "payload__segment"))
    assert types == [("segment_added", "arr_20k"), ("segment_removed", "arr_20k"), ("segment_added", "arr_60k")]


def test_the_refresh_is_idempotent():
    AccountFactory(arr=Decimal("75000"))
    services.segments_refresh(as_of=TODAY)
    again = services.segments_refresh(as_of=TODAY)
    assert (again.added, again.removed) == (0, 0)
    assert SegmentMembership.objects.count() == 2  # $60K ARR and TAM/CSM Candidate (no owner)


def test_d30_credit_expiring_today_leaves_startup_plan_on_that_day():
    account = AccountFactory(stripe_balance=Decimal("0"), credit_expires_at=date(2026, 11, 19),
                             is_startup_plan_customer=True)
    # stripe_balance < 0 is a credit; the model forbids no negative balance
    account.stripe_balance = Decimal("-100")
    account.save()
    services.segments_refresh(as_of=date(2026, 11, 18))
    assert open_keys(account) == {"startup_plan"}
    services.segments_refresh(as_of=date(2026, 11, 19))
    assert open_keys(account) == set()


def test_sg2_am_managed_and_leads_mirror_their_open_records():
    tam = UserFactory()
    managed = AccountFactory(owner=tam)
    BookMembershipFactory(account=managed, tam=tam)
    lead = AccountFactory(owner=tam)
    lead_row = LeadMembershipFactory(account=lead, tam=tam, added_on=date(2026, 11, 1))
    services.segments_refresh(as_of=TODAY)
    assert open_keys(managed) == {"am_managed"} and open_keys(lead) == {"leads"}

    lead_row.closed_on, lead_row.outcome = date(2026, 11, 10), "disqualified"
    lead_row.save()
    services.segments_refresh(as_of=TODAY, account_ids=[lead.pk])
    assert open_keys(lead) == set()
    assert open_keys(managed) == {"am_managed"}  # not in the refreshed ids: untouched


def test_the_refresh_costs_the_same_queries_for_10_and_40_accounts_per_chunk():
    """40, not more: past ~110 rows SQLite's 999-variable limit splits a bulk insert in two."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(n: int) -> int:
        ids = [AccountFactory(arr=Decimal(20000 + i)).pk for i in range(n)]
        services.segments_ensure_catalogue()
        with CaptureQueriesContext(connection) as ctx:
            services.segments_refresh(as_of=TODAY, account_ids=ids, chunk_size=1000)
        return len(ctx.captured_queries)

    small, large = run(10), run(40)
    assert small == large


def test_manual_segments_follow_the_matrix_and_keep_the_actor():
    account = AccountFactory()
    tam = UserFactory(role="tam")
    manager = UserFactory(role="sales_manager")
    with pytest.raises(PermissionDenied):
        services.segment_membership_open(account=account, segment_key="am_managed", reason="x", acting_user=tam)
    membership = services.segment_membership_open(
        account=account, segment_key="am_managed", reason="growth plan agreed", acting_user=manager
    )
    assert membership.added_by == manager
    again = services.segment_membership_open(account=account, segment_key="am_managed", reason="twice",
                                             acting_user=manager)
    assert again.pk == membership.pk
    services.segment_membership_close(account=account, segment_key="am_managed", reason="done",
                                      acting_user=manager)
    membership.refresh_from_db()
    assert membership.removed_by == manager and membership.removal_reason == "done"
    with pytest.raises(ValidationError) as error:
        services.segment_membership_open(account=account, segment_key="arr_20k", reason="x", acting_user=manager)
    assert "segment" in error.value.message_dict


def test_churn_risk_can_be_flagged_by_any_role_but_resolved_by_owners_only():
    owner = UserFactory(role="tam")
    other = UserFactory(role="tam")
    account = AccountFactory(owner=owner)
    services.segment_membership_open(account=account, segment_key="churn_risk", reason="champion left",
                                     acting_user=other)
    with pytest.raises(PermissionDenied):
        services.segment_membership_close(account=account, segment_key="churn_risk", reason="ok",
                                          acting_user=other)
    assert services.segment_membership_close(account=account, segment_key="churn_risk", reason="ok",
                                             acting_user=owner) is not None


def test_d10_rank_top_40_sets_ranks_and_the_top_40_segment():
    accounts = [AccountFactory(arr=Decimal(100000 - i * 1000)) for i in range(42)]
    result = services.top_40_rank(as_of=TODAY)
    assert result.accounts == 42
    for account in accounts:
        account.refresh_from_db()
    assert [a.arr_rank for a in accounts[:2]] == [1, 2]
    assert accounts[39].is_top_40 and not accounts[40].is_top_40
    assert "top_40" in open_keys(accounts[0]) and "top_40" not in open_keys(accounts[41])
    assert services.top_40_rank(as_of=TODAY).accounts == 0  # same data, nothing changes


def test_the_command_runs_both_jobs(capsys):
    AccountFactory(arr=Decimal("61000"))
    call_command("refresh_segments", as_of=TODAY)
    assert "top 40" in capsys.readouterr().out
    assert SegmentMembership.objects.filter(segment__key="top_40").count() == 1


def test_the_jobs_are_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"accounts.refresh_segments", "accounts.rank_top_40"} <= tasks


def test_an_event_refreshes_one_account_after_commit(django_capture_on_commit_callbacks):
    account = AccountFactory(arr=Decimal("25000"))
    with django_capture_on_commit_callbacks(execute=True):
        services.segments_refresh_on_commit([account.pk])
    assert "arr_20k" in open_keys(account)


def test_opening_a_lead_or_a_book_membership_refreshes_the_account_on_commit(django_capture_on_commit_callbacks):
    tam = UserFactory()
    lead_account, book_account = AccountFactory(), AccountFactory()
    with django_capture_on_commit_callbacks(execute=True):
        LeadMembershipFactory(account=lead_account, tam=tam, added_on=TODAY)
        BookMembershipFactory(account=book_account, tam=tam)
    assert open_keys(lead_account) == {"leads"}
    assert open_keys(book_account) == {"am_managed"}
