# ruff: noqa: RUF001, RUF002, RUF003  (the contract writes its rules with – − × signs)
"""The health panel (§5 Account › Health), its writes, the standalone page and Health settings."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.health import pipeline, services
from accounts.models import CustomerRecommendation, HealthModel, SeasonalExplanation
from tests.factories import (
    AccountFactory,
    CustomerRecommendationFactory,
    HealthScoreFactory,
    SeasonalExplanationFactory,
    SignalFactory,
    UserFactory,
)

from .pipeline_data import metrics

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(role="tam")


@pytest.fixture
def account(owner):
    account = AccountFactory(arr="30000.00", owner=owner, name="Hedgehog Ltd")
    metrics(account, until=services.today(), users=2)
    return account


def panel_url(account):
    return reverse("health:account_panel", args=[account.pk])


def test_the_panel_shows_score_components_history_signals_and_reasons(client, owner, account):
    week = services.selectors.monday_of(services.today())
    HealthScoreFactory(
        account=account,
        week_start=week - timedelta(days=7),
        score=90,
        band="Good",
        components=[
            {
                "key": "engagement",
                "label": "User engagement",
                "max": 25,
                "points": 25,
                "inputs": {},
                "rule": "≥ 10 → 25",
            }
        ],
    )
    pipeline.signals_chunk([account.pk], services.today())
    pipeline.scores_chunk([account.pk], services.today())
    client.force_login(UserFactory(role=""))  # everyone reads (D-26)
    response = client.get(panel_url(account))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<link") is False and "<section" in html and "<h2" in html
    assert "<html" not in html
    assert "User engagement" in html and "1–2 → 3" in html
    assert "Only 1-2 active users" in html and "S-3" in html
    assert "-22" in html  # engagement 25 → 3 since the previous final week
    assert 'data-health-chart="health-history-' in html and 'id="health-history-' in html
    assert "model v1" in html
    assert "Add recommendation" not in html  # a read-only user has no edit controls


def test_the_panel_has_an_empty_state(client, account):
    client.force_login(UserFactory())
    html = client.get(panel_url(account)).content.decode()
    assert "No health score yet" in html and "No open signals." in html


def test_the_panel_needs_a_login(client, account):
    response = client.get(panel_url(account))
    assert response.status_code in (302, 403)


def test_the_panel_queries_do_not_grow_with_history(client, account, django_assert_max_num_queries):
    client.force_login(UserFactory())
    for back in range(30):
        HealthScoreFactory(account=account, week_start=date(2026, 1, 5) + timedelta(days=7 * back))
    for kind in ("slack_silent", "single_product", "rec_not_actioned"):
        SignalFactory(account=account, kind=kind)
    with django_assert_max_num_queries(16):
        assert client.get(panel_url(account)).status_code == 200


def test_the_owner_adds_a_recommendation_with_htmx_and_it_feeds_s1(
    client, owner, account, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("health:recommendation-add", args=[account.pk]),
            {"description": "Set a minimum replay duration", "product_key": "session_replay"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert "Set a minimum replay duration" in response.content.decode()
    recommendation = CustomerRecommendation.objects.get(account=account)
    assert recommendation.given_by == owner and recommendation.status == "open"
    assert recommendation.history.count() == 1


def test_a_bad_recommendation_names_the_field_and_keeps_nothing(client, owner, account):
    client.force_login(owner)
    response = client.post(
        reverse("health:recommendation-add", args=[account.pk]),
        {"description": "", "product_key": "teleport"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Recommendation given:" in html and "Product (optional):" in html
    assert not CustomerRecommendation.objects.exists()


@pytest.mark.parametrize("status", ["actioned", "dismissed"])
def test_a_recommendation_is_marked_actioned_or_dismissed(client, owner, account, status):
    recommendation = CustomerRecommendationFactory(
        account=account, given_at=services.timezone.now() - timedelta(days=20)
    )
    client.force_login(owner)
    client.post(reverse("health:recommendation-status", args=[recommendation.pk]), {"status": status})
    recommendation.refresh_from_db()
    assert recommendation.status == status
    assert (recommendation.actioned_at is not None) is (status == "actioned")


def test_a_read_only_user_cannot_write(client, account):
    client.force_login(UserFactory(role=""))
    response = client.post(reverse("health:recommendation-add", args=[account.pk]), {"description": "x"})
    assert response.status_code == 403
    response = client.post(
        reverse("health:seasonal-add", args=[account.pk]),
        {"starts_on": "2026-12-01", "ends_on": "2026-12-31", "reason": "holidays"},
    )
    assert response.status_code == 403
    assert not SeasonalExplanation.objects.exists()


def test_seasonal_explanations_are_added_and_ended(client, owner, account):
    client.force_login(owner)
    today = services.today()
    response = client.post(
        reverse("health:seasonal-add", args=[account.pk]),
        {
            "starts_on": (today - timedelta(days=5)).isoformat(),
            "ends_on": (today + timedelta(days=40)).isoformat(),
            "reason": "Summer holidays",
        },
    )
    assert response.status_code == 302
    explanation = SeasonalExplanation.objects.get(account=account)
    assert explanation.created_by == owner
    client.post(reverse("health:seasonal-end", args=[explanation.pk]))
    explanation.refresh_from_db()
    assert explanation.ends_on == today
    assert explanation.history.count() == 2


def test_a_reversed_seasonal_range_is_refused_naming_the_field(client, owner, account):
    client.force_login(owner)
    response = client.post(
        reverse("health:seasonal-add", args=[account.pk]),
        {"starts_on": "2026-12-10", "ends_on": "2026-12-01", "reason": "holidays"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Ends on: The end date is on or after the start date." in html
    assert 'value="holidays"' in html  # what was typed is kept
    assert not SeasonalExplanation.objects.exists()


def test_an_ended_explanation_never_ends_before_it_started(owner, account):
    explanation = SeasonalExplanationFactory(
        account=account, starts_on=date(2027, 1, 1), ends_on=date(2027, 2, 1)
    )
    services.seasonal_explanation_end(explanation=explanation, on=date(2026, 12, 1), acting_user=owner)
    assert explanation.ends_on == date(2027, 1, 1)


def test_the_standalone_page_wraps_the_panel(client, account):
    client.force_login(UserFactory())
    html = client.get(reverse("health:account", args=[account.pk])).content.decode()
    assert "<h1>Hedgehog Ltd</h1>" in html and 'id="health-panel-' in html


def test_health_settings_is_for_revops_admins(client):
    client.force_login(UserFactory(role="tam"))
    assert client.get(reverse("health:settings")).status_code == 403


def _settings_post(client, **changes):
    page = client.get(reverse("health:settings"))
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data.update({"note": "tune", **changes})
    return client.post(reverse("health:settings"), data)


def test_saving_health_settings_creates_a_new_version(client, django_capture_on_commit_callbacks):
    admin = UserFactory(role="revops_admin")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _settings_post(client, t__S_4__days=21, m__engagement__tiers="10:25, 5:18, 3:10, 1:5")
    assert response.status_code == 302
    model = HealthModel.objects.get()
    assert (model.version, model.created_by, model.thresholds["S-4.days"]) == (2, admin, 21)
    assert model.components["engagement"]["tiers"] == [[10, 25], [5, 18], [3, 10], [1, 5]]
    assert services.selectors.active_config().t("S-4.days") == 21


def test_bad_health_settings_name_the_field_and_save_nothing(client):
    client.force_login(UserFactory(role="revops_admin"))
    response = _settings_post(client, m__usage_trend__max=50)  # maxima no longer add up to 100
    assert response.status_code == 200
    assert "max: the five maxima add up to 120, not 100." in response.content.decode()
    response = _settings_post(client, m__engagement__tiers="ten")
    assert "Write tiers as minimum:points pairs" in response.content.decode()
    assert not HealthModel.objects.exists()


def test_health_settings_previews_the_draft_on_an_account_without_saving(client, account):
    """§5 Health settings: preview of the score for a chosen account under the draft model."""
    client.force_login(UserFactory(role="revops_admin"))
    response = _settings_post(
        client, preview="1", preview_account=account.pk, m__engagement__tiers="10:25, 5:18, 3:10, 2:20, 1:3"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft on Hedgehog Ltd" in html
    assert "20/25" in html  # 2 active users under the draft tier 2 → 20
    assert not HealthModel.objects.exists()


def test_a_preview_needs_an_account_and_a_save_needs_a_reason(client):
    client.force_login(UserFactory(role="revops_admin"))
    html = _settings_post(client, preview="1").content.decode()
    assert "Give an account id to preview the draft on." in html
    html = _settings_post(client, note="").content.decode()
    assert "Why this change: Say why the model changes" in html
    assert not HealthModel.objects.exists()
