"""J-1…J-3: the nightly chain end to end on stored rows."""

import datetime as dt

import pytest

from accounts.models import Notification
from crosssell.models import (
    AccountCrossSellState,
    AccountFacts,
    CrossSellRun,
    Recommendation,
    TriggerEpisode,
    UseCaseAssignment,
)
from crosssell.pipeline import run_nightly
from tests.factories.crosssell import AS_OF, AccountSignalEventFactory, scenario_account

pytestmark = pytest.mark.django_db


def tiles_keys():
    from crosssell.engine import USE_CASES

    return USE_CASES


def test_it_classifies_and_recommends_replay_for_a_product_team():
    """HX-1 / CLS-4: analytics only → Product Intelligence; VIT-2 fires; the replay card opens."""
    account = scenario_account()
    run = run_nightly(as_of=AS_OF)
    assert run.errors == [] and run.accounts == 1
    state = AccountCrossSellState.objects.get(account=account)
    assert state.primary_use_case == "product_intelligence"
    # Tiles with nothing to show are not stored; the panel's selector fills all seven in.
    stored = UseCaseAssignment.objects.filter(account=account)
    assert 1 <= stored.count() <= 7 and stored.filter(use_case="product_intelligence", status="primary").exists()
    from crosssell.selectors import use_case_rows

    tiles = use_case_rows(account.pk)
    assert tiles[0].use_case == "product_intelligence" and len(tiles) == 7
    assert {t.use_case for t in tiles if t.pk is None} == {
        uc for uc in tiles_keys() if not stored.filter(use_case=uc).exists()
    }
    facts = AccountFacts.objects.get(account=account, date=AS_OF)
    assert facts.facts["products"]["product_analytics"]["active"] is True
    card = Recommendation.objects.get(account=account, key="session_replay")
    assert card.tier == 1 and card.status == "open"
    assert {w["ref"] for w in card.why_now} >= {"replay_upsell_opp"}
    assert (
        TriggerEpisode.objects.filter(account=account, trigger_key="replay_upsell_opp", ended_on=None).count()
        == 1
    )


def test_an_episode_fires_once_and_notifies_once(django_capture_on_commit_callbacks):
    """J-3: a rerun the same day changes nothing and notifies nobody; the next day neither."""
    account = scenario_account()
    with django_capture_on_commit_callbacks(execute=True):
        run_nightly(as_of=AS_OF)
    notified = Notification.objects.filter(recipient=account.owner).count()
    assert notified >= 1
    before = list(Recommendation.history.values_list("history_id", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        run_nightly(as_of=AS_OF)
        run_nightly(as_of=AS_OF + dt.timedelta(days=1))
    assert Notification.objects.filter(recipient=account.owner).count() == notified
    assert TriggerEpisode.objects.filter(account=account, trigger_key="replay_upsell_opp").count() == 1
    assert TriggerEpisode.objects.get(
        account=account, trigger_key="replay_upsell_opp"
    ).last_true_on == AS_OF + dt.timedelta(days=1)
    same_day = list(Recommendation.history.values_list("history_id", flat=True))
    assert len(same_day) >= len(before)


def test_a_rerun_the_same_day_writes_no_history():
    account = scenario_account()
    run_nightly(as_of=AS_OF)
    counts = (
        Recommendation.history.count(),
        UseCaseAssignment.history.count(),
        AccountCrossSellState.history.count(),
    )
    run_nightly(as_of=AS_OF)
    assert (
        Recommendation.history.count(),
        UseCaseAssignment.history.count(),
        AccountCrossSellState.history.count(),
    ) == counts
    assert Recommendation.objects.filter(account=account).exists()


def test_a_budget_event_suppresses_and_the_card_explains_itself():
    """PAUSE-4: logged on day 0 → suppressed with «Logged on date» and re-opens on day 90."""
    account = scenario_account()
    AccountSignalEventFactory(
        account=account, type="budget_constraint", occurred_on=AS_OF - dt.timedelta(days=89)
    )
    run_nightly(as_of=AS_OF)
    card = Recommendation.objects.get(account=account, key="session_replay")
    assert card.status == "suppressed"
    reason = card.why_not_now[0]
    assert reason["reason"] == "budget_constraint"
    assert reason["label"] == f"Logged on {(AS_OF - dt.timedelta(days=89)).isoformat()}"
    assert reason["reopens_on"] == (AS_OF + dt.timedelta(days=1)).isoformat()
    run_nightly(as_of=AS_OF + dt.timedelta(days=1))  # day 90: the reason is gone
    card.refresh_from_db()
    assert card.status == "open" and card.why_not_now == []


def test_one_failing_account_never_aborts_the_others(monkeypatch):
    """J-1: the failure is recorded on the CrossSellRun; the other account is written."""
    good, bad = scenario_account(), scenario_account()
    type(bad).objects.filter(pk=bad.pk).update(employee_count=999)
    from crosssell.pipeline import chunk

    real = chunk.evaluate

    def evaluate(facts, **kwargs):
        if facts.employee_count == 999:
            raise RuntimeError("boom")
        return real(facts, **kwargs)

    monkeypatch.setattr(chunk, "evaluate", evaluate)
    run = run_nightly(as_of=AS_OF)
    assert [e["account_id"] for e in run.errors] == [bad.pk]
    assert "RuntimeError: boom" in run.errors[0]["error"]
    assert AccountCrossSellState.objects.filter(account=good).exists()
    assert not AccountCrossSellState.objects.filter(account=bad).exists()
    assert CrossSellRun.objects.get().counts["accounts_failed"] == 1
