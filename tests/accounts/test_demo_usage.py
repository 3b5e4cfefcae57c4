"""The demo's daily usage (AccountDailyMetrics) and its counters; determinism of what accounts'
activity and usage renderers write."""

import hashlib
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.demo.context import DemoContext
from accounts.demo.story import build_story
from accounts.demo.usage import usage_plan
from accounts.demo.usage_counters import FLOWS, LEVELS
from accounts.engine.usage import LEVEL_COUNTERS, PRODUCT_COUNTERS
from accounts.models import AccountDailyMetrics, Contact, Note, SupportTicket, TimelineEvent

AS_OF = date(2026, 11, 30)


def test_it_names_every_counter_as_the_usage_feed_does_and_keeps_levels_apart():
    for product, names in PRODUCT_COUNTERS.items():
        flows = [name for name, _, _ in FLOWS.get(product, ())]
        levels = [name for name, _, _ in LEVELS.get(product, ())]
        assert sorted(flows + levels) == sorted(names), product
        assert all((product, name) in LEVEL_COUNTERS for name in levels)
        assert not any((product, name) in LEVEL_COUNTERS for name in flows)


def test_it_plans_a_declining_account_to_decline_in_events_too():
    """S-2 / CR-2: the monthly levels behind event_count follow the invoices' shape."""
    ctx = DemoContext(seed=1, as_of=AS_OF, months=24, accounts=400, writer=None)
    declining = [
        s for s in (build_story(seed=1, index=i, as_of=AS_OF, months=24) for i in range(400))
        if s.trajectory == "declining" and s.configuration != "FREE"
    ]
    assert declining
    for story in declining:
        levels = usage_plan(ctx, story).levels
        assert levels[-1] < levels[-7], story.index


def _fingerprint() -> dict:
    digest = hashlib.sha256()
    for row in AccountDailyMetrics.objects.order_by("account_id", "date").values_list(
        "account_id", "date", "event_count", "active_users_30d", "billing_page_views", "product_usage"
    ):
        digest.update(repr(row).encode())
    for model, fields in (
        (Contact, ("account_id", "email", "roles", "status", "last_seen_at")),
        (Note, ("account_id", "occurred_at", "kind", "direction", "tags", "body")),
        (SupportTicket, ("account_id", "opened_at", "priority", "status")),
        (TimelineEvent, ("account_id", "at", "type", "payload")),
    ):
        for row in model.objects.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
    return {
        "metrics": AccountDailyMetrics.objects.count(),
        "notes": Note.objects.count(),
        "contacts": Contact.objects.count(),
        "digest": digest.hexdigest(),
    }


def _seed_and_measure(seed: int) -> dict:
    with transaction.atomic():
        call_command("seed_demo", accounts=80, seed=seed, as_of=AS_OF, no_recompute=True, quiet_census=True)
        measured = _fingerprint()
        transaction.set_rollback(True)
    return measured


@pytest.mark.django_db
def test_it_writes_identical_activity_and_usage_for_the_same_seed_and_as_of():
    first = _seed_and_measure(seed=5)
    assert first["metrics"] > 0 and first["notes"] > 0
    assert _seed_and_measure(seed=5) == first
    assert _seed_and_measure(seed=6)["digest"] != first["digest"]
