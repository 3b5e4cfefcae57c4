"""A 1,000-account demo run is internally consistent for the accounts app's activity and usage."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Min

from accounts import selectors
from accounts.demo import usage as demo_usage
from accounts.demo.context import DemoContext
from accounts.demo.story import build_story
from accounts.engine.calendar import add_months
from accounts.engine.usage import ACTIVE_RULES, product_usage_problems
from accounts.models import (
    Account,
    AccountDailyMetrics,
    AccountProduct,
    Contact,
    LeadMembership,
    Note,
    SupportTicket,
)
from accounts.models.base import known_product_keys

AS_OF = date(2026, 11, 30)
ACCOUNTS = 1000
WINDOW_START = AS_OF - timedelta(days=149)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seeded book for the module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", accounts=ACCOUNTS, seed=11, as_of=AS_OF, no_recompute=True, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _live_accounts() -> dict[int, date]:
    return {
        pk: created.date()
        for pk, created in Account.objects.filter(churned_at__isnull=True).values_list("pk", "created_at")
    }


def test_it_writes_usage_for_every_active_account_every_day_of_the_window(seeded):
    live = _live_accounts()
    spans = {
        row["account_id"]: row
        for row in AccountDailyMetrics.objects.values("account_id").annotate(
            n=Count("id"), first=Min("date"), last=Max("date")
        )
    }
    assert set(live) <= set(spans)
    for pk, created in live.items():
        first = max(WINDOW_START, created)
        assert spans[pk]["first"] == first and spans[pk]["last"] == AS_OF, pk
        assert spans[pk]["n"] == (AS_OF - first).days + 1, pk  # one row per (account, date)
    for pk, churned in Account.objects.filter(churned_at__isnull=False).values_list("pk", "churned_at"):
        if churned <= WINDOW_START:
            assert pk not in spans
        elif pk in spans:
            assert spans[pk]["last"] == churned - timedelta(days=1)


def test_it_writes_only_known_counters_and_sources(seeded):
    keys = known_product_keys()
    for usage, source in AccountDailyMetrics.objects.values_list("product_usage", "source").iterator():
        assert source == "api"
        assert product_usage_problems(usage, keys) == []


def test_it_makes_products_used_30d_follow_adoption(seeded):
    """S-8 / health breadth: the derived products are the adopted ones (group analytics needs the
    plan), less those a declining account stopped using (its plan still lists them: D-2's Poor)."""
    live = list(_live_accounts())
    ctx = DemoContext(seed=11, as_of=AS_OF, months=24, accounts=ACCOUNTS, writer=None)
    dropped = {
        pk: demo_usage.usage_plan(ctx, build_story(seed=11, index=pk - 1, as_of=AS_OF, months=24)).abandoned
        for pk in live
    }
    assert sum(1 for v in dropped.values() if v) > 0
    used = selectors.products_used_30d(live, AS_OF)
    from billing.selectors import adoption_product_keys

    counted = {k for k in adoption_product_keys() if k in ACTIVE_RULES}
    adopted: dict[int, set[str]] = {pk: set() for pk in live}
    for pk, key, paying in AccountProduct.objects.filter(account_id__in=live).values_list(
        "account_id", "product_key", "paying"
    ):
        if key in counted and (key != "group_analytics" or paying):
            adopted[pk].add(key)
    assert {pk: set(v) for pk, v in used.items()} == {pk: v - dropped[pk] for pk, v in adopted.items()}


def test_it_counts_the_usage_signals_it_wrote(seeded):
    """The census is honest: its S-3 and S-8 counts are what the selectors find in the rows."""
    ctx = DemoContext(seed=11, as_of=AS_OF, months=24, accounts=ACCOUNTS, writer=None)
    stories = [build_story(seed=11, index=i, as_of=AS_OF, months=24) for i in range(ACCOUNTS)]
    census = demo_usage.census(ctx, stories)
    live = list(_live_accounts())
    windows = selectors.usage_windows_for(live, AS_OF, days=[30])
    few = sum(1 for w in windows.values() if 1 <= w[30].active_users_30d <= 2)
    single = sum(1 for v in selectors.products_used_30d(live, AS_OF).values() if len(v) == 1)
    assert census["S-3:few_active_users"] == few > 0
    assert census["S-8"] == single > 0
    assert census["S-2"] > 0 and census["S-9"] > 0 and census["CR-2:usage_drop_30"] > 0


def test_it_never_shows_more_recently_seen_contacts_than_active_users(seeded):
    """D-19: contacts seen in PostHog in the last 30 days are among active_users_30d."""
    seen = Counter(
        Contact.objects.filter(last_seen_at__date__gt=AS_OF - timedelta(days=30)).values_list(
            "account_id", flat=True
        )
    )
    active = dict(AccountDailyMetrics.objects.filter(date=AS_OF).values_list("account_id", "active_users_30d"))
    assert seen
    assert all(count <= active.get(pk, 0) for pk, count in seen.items())


def test_it_links_notes_only_to_contacts_of_the_same_account(seeded):
    through = Note.contacts.through.objects
    assert through.exists()
    assert not through.exclude(note__account_id=F("contact__account_id")).exists()
    authors = set(Note.objects.values_list("author__role", flat=True).distinct())
    assert authors <= {"tam", "csm", "tae"}
    created = dict(Account.objects.values_list("pk", "created_at"))
    for pk, first, last in Note.objects.values("account_id").annotate(
        first=Min("occurred_at"), last=Max("occurred_at")
    ).values_list("account_id", "first", "last"):
        assert created[pk] <= first and last.date() <= AS_OF


def test_it_keeps_at_most_one_open_lead_per_account_and_tam(seeded):
    """SG-2 / D-27: open Leads were added in the last 3 months and are due 3 months later."""
    open_leads = LeadMembership.objects.filter(closed_on__isnull=True)
    assert open_leads.exists()
    assert not open_leads.values("account_id", "tam_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    for lead in open_leads:
        assert AS_OF - timedelta(days=92) <= lead.added_on <= AS_OF
        assert lead.deadline == add_months(lead.added_on, 3)
    assert set(open_leads.values_list("tam__role", flat=True)) == {"tam"}


def test_it_solves_tickets_after_opening_them_and_spikes_some(seeded):
    """S-7: a few accounts open 3+ tickets in the last 7 days."""
    assert not SupportTicket.objects.filter(solved_at__lt=F("opened_at")).exists()
    week = SupportTicket.objects.filter(opened_at__date__gt=AS_OF - timedelta(days=7))
    assert week.values("account_id").annotate(n=Count("id")).filter(n__gte=3).exists()
