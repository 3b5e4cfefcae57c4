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
