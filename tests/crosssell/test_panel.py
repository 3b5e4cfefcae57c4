"""P-1 panel (`crosssell:account_panel`) and its actions; P-6 settings page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from crosssell.models import AccountCrossSellState, AccountSignalEvent, CrossSellSettings, Recommendation
from crosssell.pipeline import run_nightly
from tests.factories.accounts import UserFactory
from tests.factories.crosssell import AS_OF, scenario_account

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 6, 16, 10, tzinfo=dt.UTC)


@pytest.fixture
def evaluated():
    account = scenario_account()
    run_nightly(as_of=AS_OF)
    return account


def panel_url(account):
    return reverse("crosssell:account_panel", args=[account.pk])


def test_the_panel_is_a_fragment_with_a_section_and_heading(client, evaluated):
    client.force_login(UserFactory())
    response = client.get(panel_url(evaluated))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<section") and "<h2" in html and "<html" not in html
    assert "Product Intelligence" in html and "Session Replay" in html
    assert "Replay Upsell Opp" in html  # the card's why-now
    assert "How do you identify user friction today?" in html  # discovery question (DQ-1)
    assert "Session Replay gives direct user perspective" in html  # PostHog advantage


def test_the_panel_needs_a_login(client, evaluated):
    response = client.get(panel_url(evaluated))
    assert response.status_code in (302, 403)


def test_an_account_never_evaluated_says_so(client):
    account = scenario_account()
    client.force_login(UserFactory())
    assert "Not evaluated yet" in client.get(panel_url(account)).content.decode()


def test_the_panel_query_count_does_not_grow_with_cards(client, django_assert_max_num_queries, evaluated):
    client.force_login(UserFactory())
    with django_assert_max_num_queries(20):
        client.get(panel_url(evaluated))


@time_machine.travel(NOW)
def test_logging_a_budget_event_suppresses_the_card_on_commit(
    client, evaluated, django_capture_on_commit_callbacks
):
    """PAUSE-4 through P-1 «Log signal event»: recomputed on commit (J-2)."""
    client.force_login(evaluated.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("crosssell:log_event", args=[evaluated.pk]),
            {"type": "budget_constraint", "occurred_on": "2025-06-10"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    card = Recommendation.objects.get(account=evaluated, key="session_replay")
    assert card.status == "suppressed"
    assert "Logged on 2025-06-10" in client.get(panel_url(evaluated)).content.decode()
    event = AccountSignalEvent.objects.get(account=evaluated)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("crosssell:clear_event", args=[evaluated.pk, event.pk]),
            {"reason": "Budget approved"},
            HTTP_HX_REQUEST="true",
        )
    card.refresh_from_db()
    assert card.status == "open"  # re-opens when its reason clears (TIM-4)


@time_machine.travel(NOW)
def test_an_event_in_the_future_is_refused_naming_the_field(client, evaluated):
    client.force_login(evaluated.owner)
    response = client.post(
        reverse("crosssell:log_event", args=[evaluated.pk]),
        {"type": "budget_constraint", "occurred_on": "2025-07-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "cannot be logged in the future" in response.content.decode()
    assert 'value="2025-07-01"' in response.content.decode()
    assert not AccountSignalEvent.objects.exists()


@time_machine.travel(NOW)
def test_the_override_needs_a_reason_and_keeps_the_computed_result(
    client, evaluated, django_capture_on_commit_callbacks
):
    """CLS-1: a TAM override wins; the computed result stays visible."""
    client.force_login(evaluated.owner)
    url = reverse("crosssell:override", args=[evaluated.pk])
    response = client.post(url, {"use_case": "growth_marketing", "reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "needs a reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"use_case": "growth_marketing", "reason": "Marketing team owns PostHog"},
            HTTP_HX_REQUEST="true",
        )
    state = AccountCrossSellState.objects.get(account=evaluated)
    assert state.primary_use_case == "growth_marketing"
    assert state.computed_primary_use_case == "product_intelligence"
    html = client.get(panel_url(evaluated)).content.decode()
    assert "TAM override" in html and "computed: Product Intelligence" in html


@time_machine.travel(NOW)
def test_dismiss_needs_a_reason_and_snooze_a_future_date(client, evaluated):
    client.force_login(evaluated.owner)
    card = Recommendation.objects.get(account=evaluated, key="session_replay")
    response = client.post(
        reverse("crosssell:dismiss", args=[evaluated.pk, card.pk]), {"reason": " "}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    card.refresh_from_db()
    assert card.status == "open"
    response = client.post(
        reverse("crosssell:snooze", args=[evaluated.pk, card.pk]),
        {"until": "2025-06-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    client.post(
        reverse("crosssell:snooze", args=[evaluated.pk, card.pk]),
        {"until": "2025-07-01"},
        HTTP_HX_REQUEST="true",
    )
    card.refresh_from_db()
    assert card.status == "snoozed"
    client.post(
        reverse("crosssell:dismiss", args=[evaluated.pk, card.pk]),
        {"reason": "Customer said no"},
        HTTP_HX_REQUEST="true",
    )
    card.refresh_from_db()
    assert card.status == "dismissed" and card.dismiss_reason == "Customer said no"
    run_nightly(as_of=AS_OF)  # D-22: stays dismissed
    card.refresh_from_db()
    assert card.status == "dismissed"


def test_a_reader_without_a_role_cannot_change_anything(client, evaluated):
    client.force_login(UserFactory(role=""))
    response = client.post(
        reverse("crosssell:override", args=[evaluated.pk]), {"use_case": "growth_marketing", "reason": "x"}
    )
    assert response.status_code == 403
    assert "Log signal event" not in client.get(panel_url(evaluated)).content.decode()


def test_the_settings_page_is_for_revops_admins(client):
    client.force_login(UserFactory(role="tam"))
    assert client.get(reverse("crosssell:settings")).status_code == 403
    client.force_login(UserFactory(role="revops_admin"))
    response = client.get(reverse("crosssell:settings"))
    assert response.status_code == 200 and "Role-family map" in response.content.decode()


def test_saving_settings_makes_a_new_version_the_preview_reads(client):
    admin = UserFactory(role="revops_admin")
    client.force_login(admin)
    page = client.get(reverse("crosssell:settings"))
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items()}
    data["enabled_triggers"] = ["replay_upsell_opp"]
    data.update({"section": "policy", "note": "Only VIT-2 for now", "vit5_min_employees": 10})
    response = client.post(reverse("crosssell:settings"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = CrossSellSettings.objects.order_by("-id").first()
    assert latest.created_by == admin and latest.params["enabled_triggers"] == ["replay_upsell_opp"]
    from crosssell.selectors import policy_in_force

    assert policy_in_force().vit5_min_employees == 10


def test_bad_settings_name_the_field_and_save_nothing(client):
    client.force_login(UserFactory(role="revops_admin"))
    before = CrossSellSettings.objects.count()
    response = client.post(
        reverse("crosssell:settings"), {"section": "policy", "prime_months": "3,4,13", "note": "x"}
    )
    assert response.status_code == 400
    assert "Months 1-12" in response.content.decode()
    assert CrossSellSettings.objects.count() == before


@time_machine.travel(NOW)
def test_company_tags_are_tam_editable_and_make_an_ai_signal(client, evaluated, django_capture_on_commit_callbacks):
    client.force_login(evaluated.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("crosssell:company_tags", args=[evaluated.pk]),
                               {"company_tags": "fintech, AI"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    evaluated.refresh_from_db()
    assert evaluated.company_tags == ["fintech", "AI"]
    assert evaluated.history.count() >= 2  # audited
    state = AccountCrossSellState.objects.get(account=evaluated)
    assert state.explanation["ai_signal"] is True
