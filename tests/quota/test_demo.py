"""The quota part of `seed_demo` (issue 13): rep plans, teams and books that obey quota.md.

One 1,000-account run is seeded once for the module, read back and rolled back; the
determinism tests seed their own small runs inside a savepoint.
"""

from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction

from accounts.engine.calendar import add_months
from accounts.models import Account, User
from quota.models import QUARTER_ENDS, BookMembership, BookSource, RemovalReason, RepPlan, TeamMembership
from tests import demo_runs
from tests.demo_runs import AS_OF, seed

QUARTER_START = date(2026, 10, 1)
QUOTA_TABLES = (BookMembership, RepPlan, TeamMembership)


def fingerprints(accounts: int, seed_value: int, **options) -> dict[str, str]:
    return demo_runs.fingerprints(QUOTA_TABLES, accounts, seed_value, **options)


@pytest.fixture(scope="module")
def book(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        census = seed(1000)
        data = SimpleNamespace(
            census=census,
            memberships=list(BookMembership.objects.values()),
            accounts={a["id"]: a for a in Account.objects.values("id", "owner_id", "owner__role", "created_at")},
            tams=dict(User.objects.filter(role="tam").values_list("id", "is_team_lead")),
            team_of=dict(User.objects.exclude(team=None).values_list("id", "team_id")),
            plans=list(RepPlan.objects.values()),
            teams=list(TeamMembership.objects.values()),
        )
        transaction.set_rollback(True)
    return data


@pytest.mark.django_db
def test_it_writes_the_same_quota_rows_for_the_same_seed_whatever_the_chunking():
    first = fingerprints(150, 7)
    assert fingerprints(150, 7, chunk=40) == first
    assert fingerprints(150, 8) != first


def test_it_puts_every_am_managed_account_in_its_owners_open_book(book):
    """B-1: an account a TAM owns is AM Managed, i.e. open in that TAM's book."""
    open_pairs = {(m["account_id"], m["tam_id"]) for m in book.memberships if m["ended_on"] is None}
    managed = [a for a in book.accounts.values() if a["owner__role"] == "tam"]
    assert len(managed) > 250
    assert [a["id"] for a in managed if (a["id"], a["owner_id"]) not in open_pairs] == []


def test_it_keeps_at_most_one_open_membership_per_account_and_tam(book):
    opened = Counter((m["account_id"], m["tam_id"]) for m in book.memberships if m["ended_on"] is None)
    assert max(opened.values()) == 1


def test_it_ends_memberships_only_on_past_quarter_ends_with_a_reason(book):
    """B-4: removals happen at quarter end; pending ones stay open until the close (B-5)."""
    for m in book.memberships:
        if m["ended_on"] is not None:
            assert (m["ended_on"].month, m["ended_on"].day) in QUARTER_ENDS
            assert m["added_on"] <= m["ended_on"] < QUARTER_START
            assert m["removal_reason"] and not m["pending_removal"]
        if m["pending_removal"]:
            assert m["removal_reason"] and QUARTER_START <= m["removal_requested_on"] <= AS_OF
        if m["removal_requested_on"] is not None:
            assert m["added_on"] <= m["removal_requested_on"] <= AS_OF


def test_it_dates_each_membership_from_its_story_and_its_tam(book):
    """QD-9 grace and B-8 deadlines run 3 months from added_on; nobody joins before existing."""
    starts = {p["rep_id"]: p["role_start_date"] for p in book.plans}
    for m in book.memberships:
        account = book.accounts[m["account_id"]]
        assert account["created_at"].date() <= m["added_on"] <= AS_OF
        assert m["added_on"] >= starts[m["tam_id"]]
        assert m["grace_until"] == add_months(m["added_on"], 3)
        decided = m["source"] in (BookSource.UNOWNED_ASSIGNMENT, BookSource.PRODUCT_LED_LEAD)
        assert m["decision_deadline"] == (add_months(m["added_on"], 3) if decided else None)
        assert (m["source"] == BookSource.PRODUCT_LED_LEAD) <= bool(m["conversion_plan"])


def test_it_uses_every_source_and_removal_reason(book):
    assert {m["source"] for m in book.memberships} == set(BookSource.values)
    assert {m["removal_reason"] for m in book.memberships} - {""} == set(RemovalReason.values)
    assert any(m["previously_paid"] for m in book.memberships)
    in_grace = [m for m in book.memberships if m["ended_on"] is None and m["grace_until"] > AS_OF]
    assert len(in_grace) > 20


def test_it_has_books_over_the_soft_cap_and_one_past_the_hard_cap(book):
    """B-2/QD-22: a warning above 15; the overloaded book (plus its queued removals) reaches 25."""
    sizes = Counter(m["tam_id"] for m in book.memberships if m["ended_on"] is None)
    assert sum(size > 15 for size in sizes.values()) == book.census["quota.B-2:tams_over_15"] > 0
    assert max(sizes.values()) >= 25
    assert book.census["quota.B-2:tams_at_hard_cap_25"] >= 1


def test_it_prints_census_counts_that_match_the_rows(book):
    def accounts(keep):
        return len({m["account_id"] for m in book.memberships if keep(m)})

    census = book.census
    assert census["quota.B-5:pending_removal"] == accounts(lambda m: m["pending_removal"])
    assert census["QD-9:in_grace"] == accounts(lambda m: m["ended_on"] is None and m["grace_until"] > AS_OF)
    assert census["quota.B-4:ended_at_quarter_end"] == accounts(lambda m: m["ended_on"] is not None)
    for source in BookSource.values:
        assert census[f"book.source:{source}"] == accounts(lambda m, s=source: m["source"] == s)
    assert census["Q-8:churn_within_grace"] > 0


def test_it_plans_every_tam_with_ramps_and_a_team_lead_split(book):
    """C-10/QD-18: new hires this quarter and last; T-1: leads at 60/40 from a full quarter."""
    by_rep = {}
    for plan in book.plans:
        by_rep.setdefault(plan["rep_id"], []).append(plan)
        assert plan["base_pct"] + plan["variable_pct"] == 100
    assert set(by_rep) == set(book.tams)
    starts = {rep: plans[0]["role_start_date"] for rep, plans in by_rep.items()}
    assert any(s > QUARTER_START and s.day < 15 for s in starts.values())
    assert any(QUARTER_START - timedelta(days=92) <= s < QUARTER_START and s.day >= 15 for s in starts.values())
    for rep, lead in book.tams.items():
        split = [(p["is_team_lead"], p["variable_pct"]) for p in by_rep[rep]]
        assert ((True, 40) in split) == lead
        lead_plans = [p for p in by_rep[rep] if p["is_team_lead"]]
        assert all(p["valid_from"].day == 1 and p["valid_from"].month in (1, 4, 7, 10) for p in lead_plans)


def test_it_puts_every_team_member_in_their_team(book):
    current = {(t["rep_id"], t["team_id"]) for t in book.teams if t["left_on"] is None}
    assert current == set(book.team_of.items())
    assert all(t["left_on"] >= t["joined_on"] for t in book.teams if t["left_on"])
