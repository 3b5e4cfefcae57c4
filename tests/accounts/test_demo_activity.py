"""The demo's contacts, notes, timeline, tickets, incidents, advice, seasonality and Leads."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.demo.activity import channel_fields
from accounts.demo.activity_text import FAMILY_TITLES
from accounts.demo.context import DemoContext
from accounts.demo.story import build_story
from accounts.models import (
    Contact,
    ContactRole,
    ContactStatus,
    CustomerRecommendation,
    Incident,
    LeadMembership,
    Note,
    NoteDirection,
    NoteKind,
    NoteTag,
    SeasonalExplanation,
    SupportTicket,
    TimelineEvent,
)

AS_OF = date(2026, 11, 30)

# crosssell.md D-1's keywords, read literally: what a RevOps keyword map would make of a title.
D1 = {
    "engineering": r"engineer|developer|\bsre\b|platform|devops|architect|\bcto\b",
    "ai_ml": r"\bml\b|\bai\b",
    "data": r"data engineer|analytics engineer|head of data|\bbi\b",
    "product": r"\bpm\b|product manager|product owner|designer|\bux\b|researcher",
    "marketing_growth": r"marketing|growth|demand gen|\bcro\b|\bgtm\b",
    "support_cs": r"support|customer success|customer service",
    "sales": r"account executive|\bsdr\b|sales|account manager",
    "leadership": r"\bvp\b|head|director|chief|founder",
}


def families_of(title: str) -> set[str]:
    found = {family for family, pattern in D1.items() if re.search(pattern, title, re.IGNORECASE)}
    if "data" in found:
        found.discard("engineering")  # "data staff are not engineers"
    return found or {"other"}


@pytest.fixture(scope="module")
def book(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", accounts=300, seed=3, as_of=AS_OF, no_recompute=True, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_it_titles_contacts_so_the_d1_keywords_find_their_family():
    for family, titles in FAMILY_TITLES.items():
        for title, _ in titles:
            assert family in families_of(title), title


@pytest.mark.django_db
def test_it_has_contacts_in_every_role_family_role_and_status(book):
    titles = Contact.objects.values_list("title", flat=True)
    found = set().union(*(families_of(t) for t in titles))
    assert {"engineering", "product", "marketing_growth", "data", "support_cs", "leadership", "ai_ml"} <= found
    roles = {r for rs in Contact.objects.values_list("roles", flat=True) for r in rs}
    assert roles == set(ContactRole.values)
    assert set(Contact.objects.values_list("status", flat=True)) == set(ContactStatus.values)


@pytest.mark.django_db
def test_it_replaces_some_departed_champions_and_not_others(book):
    """S-6 / D-10: a champion left or changed role, with and without an active successor."""
    champions: dict[int, list[str]] = {}
    for account_id, roles, status in Contact.objects.values_list("account_id", "roles", "status"):
        if "champion" in roles:
            champions.setdefault(account_id, []).append(status)
    departed = [statuses for statuses in champions.values() if set(statuses) - {ContactStatus.ACTIVE}]
    replaced = sum(1 for statuses in departed if ContactStatus.ACTIVE in statuses)
    unreplaced = len(departed) - replaced
    assert replaced and unreplaced


@pytest.mark.django_db
def test_it_writes_notes_of_every_kind_direction_and_tag(book):
    assert set(Note.objects.values_list("kind", flat=True)) == set(NoteKind.values)
    assert set(Note.objects.values_list("direction", flat=True)) == set(NoteDirection.values)
    tags = {t for ts in Note.objects.values_list("tags", flat=True) for t in ts}
    assert tags == set(NoteTag.values)
    assert Note.objects.filter(pinned=True).exists()


@pytest.mark.django_db
def test_it_writes_the_records_around_each_relationship(book):
    types = set(TimelineEvent.objects.values_list("type", flat=True))
    assert {"owner_changed", "segment_added", "new_owner_set"} <= types
    assert SupportTicket.objects.filter(status="open").exists()
    assert Incident.objects.filter(resolved_at__isnull=True, affected_accounts__isnull=False).exists()
    stale = CustomerRecommendation.objects.filter(status="open", given_at__date__lte=AS_OF - timedelta(days=14))
    assert stale.exists()  # S-1
    assert SeasonalExplanation.objects.filter(starts_on__lte=AS_OF, ends_on__gte=AS_OF).exists()  # D-6
    assert LeadMembership.objects.filter(closed_on__isnull=True).exists()  # SG-2
    assert LeadMembership.objects.filter(outcome="added_to_book").exists()


@pytest.mark.django_db
def test_it_prints_the_census_of_the_rules_activity_and_usage_exercise(book):
    assert "Census" in book
    counts = dict(re.findall(r"^\s+(\S+)\s+(\d+)$", book, re.MULTILINE))
    for rule in ("S-1", "S-2", "S-3:few_active_users", "S-4", "S-5", "S-6", "S-7", "S-8", "SG-2", "D-6"):
        assert int(counts.get(rule, 0)) > 0, rule


def test_it_names_shared_channels_as_the_handbook_does():
    """OB-2: Slack `posthog-[customername]`, Teams `[CustomerName-PostHog]`; S-4 silence for some."""
    from accounts.demo.context import Cast

    ctx = DemoContext(seed=2, as_of=AS_OF, months=24, accounts=500, writer=None)
    ctx.cast = Cast(tams_by_region={"US": [1, 2], "EU": [3]}, csms_by_region={"US": [4], "EU": [5]},
                    taes_by_region={"US": [6], "EU": [7]}, by_role={"onboarding": [8]})
    channels = [channel_fields(ctx, build_story(seed=2, index=i, as_of=AS_OF, months=24)) for i in range(500)]
    assert channels == [channel_fields(ctx, build_story(seed=2, index=i, as_of=AS_OF, months=24))
                        for i in range(500)]
    named = [c for c in channels if c[0]]
    assert {c[0] for c in named} == {"slack", "ms_teams"}
    for platform, name, _ in named:
        assert re.fullmatch(r"posthog-[a-z0-9-]+", name) if platform == "slack" else name.endswith("-PostHog")
    silent = [c for c in named if c[2] is None or (AS_OF - c[2].date()).days >= 14]
    assert 0 < len(silent) < len(named) / 2


def test_it_reads_the_same_allocation_the_account_rows_were_written_with():
    from accounts.demo import account_allocation
    from accounts.demo.activity import _allocation
    from accounts.demo.context import Cast

    ctx = DemoContext(seed=4, as_of=AS_OF, months=24, accounts=200, writer=None)
    ctx.cast = Cast(tams_by_region={"US": [1, 2], "EU": [3]}, csms_by_region={"US": [4], "EU": [5]},
                    taes_by_region={"US": [6], "EU": [7]}, by_role={"onboarding": [8]})
    for i in range(200):
        story = build_story(seed=4, index=i, as_of=AS_OF, months=24)
        assert _allocation(ctx, story) == account_allocation(ctx, story)
