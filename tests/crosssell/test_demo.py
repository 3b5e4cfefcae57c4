"""On the demo data every VIT trigger and every pause shows up with reasons (issue 18), from
the real chain run by `crosssell.demo.recompute`."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from crosssell.demo.actions import visible_rules
from crosssell.engine import VIT_KEYS
from crosssell.engine.timing import REOPENS_WHEN
from crosssell.models import CrossSellRun, Recommendation

AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", accounts=300, seed=1, as_of=AS_OF, quiet_census=True, stdout=StringIO())
        yield visible_rules()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_vit_trigger_has_an_open_episode_somewhere(demo):
    for key in VIT_KEYS:
        assert demo[f"trigger:{key}"] >= 1, key


@pytest.mark.django_db
def test_every_pause_and_compliance_reason_suppresses_a_card_somewhere(demo):
    """PAUSE-1…8, the two window reasons and the three WWDB reasons (TIM-5's table)."""
    for reason in REOPENS_WHEN:
        assert demo[f"pause:{reason}"] >= 1, reason


@pytest.mark.django_db
def test_every_suppressed_card_explains_itself(demo):
    suppressed = Recommendation.objects.filter(kind="product_card", status="suppressed")
    assert suppressed.exists()
    for card in suppressed:
        assert card.why_not_now and all(r["label"] and r["reopens_when"] for r in card.why_not_now)
        assert card.why_now  # D-23: never a card without a why-now


@pytest.mark.django_db
def test_the_demo_run_recorded_no_failures(demo):
    nightly = CrossSellRun.objects.filter(scope="nightly").get()
    assert nightly.errors == [] and nightly.accounts > 0


@pytest.mark.django_db
def test_every_trigger_and_pause_is_visible_on_some_accounts_panel(demo, client):
    """Issue 18's «visibly, with reasons»: for each VIT trigger and each TIM-5 reason, one
    account's P-1 panel names it (the trigger's verbatim name, the reason's label)."""
    from django.urls import reverse

    from crosssell.engine import DEFINITIONS
    from crosssell.models import TriggerEpisode
    from tests.factories.accounts import UserFactory

    client.force_login(UserFactory())
    for key in VIT_KEYS:
        episode = TriggerEpisode.objects.filter(trigger_key=key, ended_on__isnull=True).order_by("id").first()
        html = client.get(reverse("crosssell:account_panel", args=[episode.account_id])).content.decode()
        assert DEFINITIONS[key].name.split(":")[0] in html, key
    for reason in REOPENS_WHEN:
        card = next(
            c
            for c in Recommendation.objects.filter(kind="product_card", status="suppressed").order_by("id")
            if any(r["reason"] == reason for r in c.why_not_now)
        )
        label = next(r["label"] for r in card.why_not_now if r["reason"] == reason)
        html = client.get(reverse("crosssell:account_panel", args=[card.account_id])).content.decode()
        from django.utils.html import escape

        assert escape(label) in html and escape(REOPENS_WHEN[reason]) in html, reason
