"""Per-account cross-sell API (Build item 8) and J-2 on a contact change."""

import pytest
from django.urls import reverse

from crosssell.models import TriggerEpisode
from crosssell.pipeline import run_nightly
from tests.factories.accounts import ContactFactory, UserFactory
from tests.factories.crosssell import AS_OF, scenario_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    account = scenario_account()
    run_nightly(as_of=AS_OF)
    return account


def test_classification_triggers_and_recommendations_per_account(client, account):
    client.force_login(UserFactory())
    body = client.get(reverse("api-crosssell-classification", args=[account.pk])).json()
    assert body["state"]["primary_use_case"] == "product_intelligence"
    assert len(body["use_cases"]) == 7 and body["use_cases"][0]["status"] == "primary"
    triggers = client.get(reverse("api-crosssell-triggers", args=[account.pk])).json()
    assert any(
        t["trigger_key"] == "replay_upsell_opp" and t["subject"] == "session_replay" and t["ended_on"] is None
        for t in triggers
    )
    recs = client.get(reverse("api-crosssell-recommendations", args=[account.pk])).json()
    card = next(r for r in recs if r["key"] == "session_replay")
    assert card["tier"] == 1 and card["why_now"]


def test_the_api_needs_a_login_and_an_existing_account(client, account):
    assert client.get(reverse("api-crosssell-recommendations", args=[account.pk])).status_code in (401, 403)
    client.force_login(UserFactory())
    assert client.get(reverse("api-crosssell-recommendations", args=[account.pk + 999])).status_code == 404


def test_a_contact_change_recomputes_the_account_on_commit(account, django_capture_on_commit_callbacks):
    """J-2: a new support member; the account is evaluated again (today's date)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ContactFactory(account=account, title="Support Lead", org_member=True)
    # Health queues its own recompute of the account for the same change; count cross-sell's.
    crosssell_callbacks = [
        cb for cb in callbacks if getattr(cb, "__qualname__", "").startswith("recompute_account_on_commit")
    ]
    assert len(crosssell_callbacks) == 1
    assert TriggerEpisode.objects.filter(account=account).exists()
