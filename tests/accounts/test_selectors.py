"""accounts selectors: owners, book status, trailing usage windows and products_used_30d."""

from datetime import date, timedelta

import pytest

from accounts import selectors
from accounts.engine.calendar import add_months
from tests.factories import (
    AccountDailyMetricsFactory,
    AccountFactory,
    AccountProductFactory,
    LeadMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 15)


def metrics(account, offset: int, **fields):
    return AccountDailyMetricsFactory(account=account, date=AS_OF - timedelta(days=offset), **fields)


def open_book(account, tam, added_on=date(2025, 4, 1), **extra):
    from quota.models import BookMembership

    return BookMembership.objects.create(
        account=account, tam=tam, added_on=added_on, source="initial_book",
        grace_until=add_months(added_on, 3), **extra,
    )


# --- owners ---------------------------------------------------------------------------------


def test_it_lists_each_current_owner_once():
    tam, csm = UserFactory(role="tam"), UserFactory(role="csm")
    account = AccountFactory(owner=csm, overlay_tam=tam, account_executive=tam)
    owners = selectors.account_owners(account)
    assert owners.owner == csm and owners.overlay_tam == tam and owners.onboarding_specialist is None
    assert owners.users == [csm, tam]
    assert owners.user_ids == {csm.pk, tam.pk}


def test_it_loads_owners_for_many_accounts_in_one_query(django_assert_num_queries):
    accounts = [AccountFactory(owner=UserFactory(), overlay_tam=UserFactory()) for _ in range(5)]
    with django_assert_num_queries(1):
        owners = selectors.owners_for([a.pk for a in accounts])
        assert {pk: o.owner.pk for pk, o in owners.items()} == {a.pk: a.owner_id for a in accounts}


# --- book status ------------------------------------------------------------------------------


def test_it_reports_am_managed_from_open_book_memberships_and_leads_from_open_leads():
    tam, other_tam = UserFactory(role="tam"), UserFactory(role="tam")
    managed, lead, both, neither, ended = (AccountFactory() for _ in range(5))
    open_book(managed, tam)
    open_book(both, other_tam)
    LeadMembershipFactory(account=lead, tam=tam)
    LeadMembershipFactory(account=both, tam=tam)
    open_book(ended, tam, ended_on=date(2025, 6, 30), removal_reason="rebalance")
    LeadMembershipFactory(account=ended, tam=tam, closed_on=date.today(), outcome="disqualified")

    status = selectors.book_status_for([a.pk for a in (managed, lead, both, neither, ended)])
    assert (status[managed.pk].am_managed, status[managed.pk].in_leads) == (True, False)
    assert status[managed.pk].book_tam_ids == {tam.pk}
    assert (status[lead.pk].am_managed, status[lead.pk].in_leads) == (False, True)
    assert status[lead.pk].lead_tam_ids == {tam.pk}
    assert (status[both.pk].am_managed, status[both.pk].in_leads) == (True, True)
    assert (status[neither.pk].am_managed, status[neither.pk].in_leads) == (False, False)
    assert (status[ended.pk].am_managed, status[ended.pk].in_leads) == (False, False)
    assert selectors.account_book_status(managed).book_tam_ids == {tam.pk}


@pytest.mark.parametrize("count", [1, 12])
def test_it_reads_book_status_with_two_queries_for_any_number_of_accounts(
    count, django_assert_num_queries
):
    tam = UserFactory(role="tam")
    accounts = [AccountFactory() for _ in range(count)]
    for account in accounts:
        open_book(account, tam)
        LeadMembershipFactory(account=account, tam=UserFactory())
    with django_assert_num_queries(2):
        status = selectors.book_status_for([a.pk for a in accounts])
        assert all(s.am_managed and s.in_leads for s in status.values())
        assert all(s.book_memberships[0].tam == tam for s in status.values())


# --- trailing usage windows ---------------------------------------------------------------------


def test_it_sums_trailing_windows_ending_on_as_of_inclusive():
    """Window = as_of - (N-1) … as_of: a row exactly N days back is out."""
    account = AccountFactory()
    for offset, events in [(0, 1), (6, 10), (7, 100), (27, 1000), (28, 10_000), (29, 100_000),
                           (30, 1_000_000), (-1, 5)]:
        metrics(account, offset, event_count=events, logins=1,
                product_usage={"session_replay": {"recordings_captured": events}})
    windows = selectors.account_usage_windows(account, AS_OF)
    # by hand
    assert windows[7].event_count == 1 + 10
    assert windows[28].event_count == 1 + 10 + 100 + 1000
    assert windows[30].event_count == 1 + 10 + 100 + 1000 + 10_000 + 100_000
    assert windows[30].logins == 6
    assert windows[30].counter("session_replay", "recordings_captured") == 111_111
    assert windows[7].start == date(2025, 6, 9)


def test_it_gives_every_asked_account_a_window_even_without_rows():
    quiet = AccountFactory()
    windows = selectors.usage_windows_for([quiet.pk], AS_OF, days=[14])
    assert set(windows[quiet.pk]) == {14}
    assert not windows[quiet.pk][14].has_data


@pytest.mark.parametrize("count", [1, 10])
def test_it_loads_usage_windows_and_series_with_one_query_each(count, django_assert_num_queries):
    accounts = [AccountFactory() for _ in range(count)]
    for account in accounts:
        for offset in range(0, 70, 3):
            metrics(account, offset, event_count=10)
    ids = [a.pk for a in accounts]
    with django_assert_num_queries(1):
        assert len(selectors.usage_windows_for(ids, AS_OF)) == count
    with django_assert_num_queries(1):
        selectors.usage_weekly_for(ids, AS_OF, weeks=4)
    with django_assert_num_queries(1):
        selectors.usage_monthly_for(ids, AS_OF, months=2)


def test_it_builds_weekly_and_monthly_series_from_the_rows():
    account = AccountFactory()
    for offset in range(0, 100):
        metrics(account, offset, event_count=1)
    weekly = selectors.usage_weekly_for([account.pk], AS_OF, weeks=3)[account.pk]
    assert [(w.start, w.end, w.event_count) for w in weekly] == [
        (date(2025, 5, 26), date(2025, 6, 1), 7),
        (date(2025, 6, 2), date(2025, 6, 8), 7),
        (date(2025, 6, 9), date(2025, 6, 15), 7),  # AS_OF is a Sunday: its week is complete
    ]
    monthly = selectors.usage_monthly_for([account.pk], AS_OF, months=2)[account.pk]
    assert [(m.start, m.event_count) for m in monthly] == [(date(2025, 4, 1), 30), (date(2025, 5, 1), 31)]
    current = selectors.usage_monthly_for([account.pk], AS_OF, months=1, include_current=True)
    assert current[account.pk][0].event_count == 15


# --- products_used_30d (spec README) ----------------------------------------------------------


def test_it_lists_the_adoption_products_active_over_the_trailing_30_days():
    account = AccountFactory()
    metrics(account, 29, event_count=5, product_usage={
        "session_replay": {"recordings_captured": 3},
        "person_profiles": {"identified_events": 9},  # counts_for_adoption = false
        "group_analytics": {"group_count": 4},  # no paying add-on line
    })
    metrics(account, 30, event_count=0, product_usage={"feature_flags": {"flag_requests": 100}})  # one day too old
    metrics(account, 89, event_count=0, product_usage={"experiments": {"experiments_launched": 1}})  # 90-day rule
    used = selectors.products_used_30d([account.pk], AS_OF)
    assert used == {account.pk: {"product_analytics", "session_replay", "experiments"}}


def test_it_counts_group_analytics_only_with_a_paying_add_on():
    account = AccountFactory()
    metrics(account, 0, event_count=0, product_usage={"group_analytics": {"group_count": 4}})
    AccountProductFactory(account=account, product_key="group_analytics", paying=True)
    assert selectors.products_used_30d([account.pk], AS_OF)[account.pk] == {"group_analytics"}


@pytest.mark.parametrize("count", [1, 10])
def test_it_computes_products_used_with_a_fixed_number_of_queries(count, django_assert_num_queries):
    accounts = [AccountFactory() for _ in range(count)]
    for account in accounts:
        metrics(account, 1, event_count=3, product_usage={"logs": {"log_lines": 2}})
    with django_assert_num_queries(3):
        used = selectors.products_used_30d([a.pk for a in accounts], AS_OF)
    assert set(used.values()) == {frozenset({"product_analytics", "logs"})}


def test_it_counts_paying_core_products():
    account, bare = AccountFactory(), AccountFactory()
    for key in ("session_replay", "feature_flags"):
        AccountProductFactory(account=account, product_key=key, paying=True)
    AccountProductFactory(account=account, product_key="error_tracking", paying=False)
    AccountProductFactory(account=account, product_key="surveys", paying=True)  # not core
    assert selectors.core_products_paid_for([account.pk, bare.pk]) == {account.pk: 2, bare.pk: 0}


def test_it_needs_every_counter_of_a_require_all_rule_within_its_own_window():
    """crosssell.md catalogue: marketing analytics is active only with both counters > 0 in the
    30 days (on different days is enough); experiments reach 90 days back and no further."""
    both, one, old = AccountFactory(), AccountFactory(), AccountFactory()
    metrics(both, 3, event_count=0, product_usage={"marketing_analytics": {"ad_sources_connected": 1}})
    metrics(both, 20, event_count=0, product_usage={"marketing_analytics": {"marketing_analytics_views": 4}})
    metrics(one, 3, event_count=0, product_usage={"marketing_analytics": {"ad_sources_connected": 1}})
    metrics(old, 90, event_count=0, product_usage={"experiments": {"experiments_running": 1}})
    metrics(old, 0, event_count=0)
    used = selectors.products_used_30d([both.pk, one.pk, old.pk], AS_OF)
    assert used == {both.pk: {"marketing_analytics"}, one.pk: frozenset(), old.pk: frozenset()}
