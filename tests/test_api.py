"""The API shell: liveness exactly as contracts.md, the OpenAPI schema and self-hosted docs."""

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_it_answers_liveness_in_embedded_mode(client, settings):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("embedded-mode assertion")
    response = client.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


@pytest.mark.redis
def test_it_answers_liveness_with_a_real_broker(client, redis_url):
    response = client.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_it_reports_a_down_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from config.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        body = client.get("/api/v1/health/").json()
    finally:
        app.conf.broker_url = previous
    assert body["broker"] == "down"
    assert body["database"] == "ok"


def test_it_needs_no_login_for_liveness_and_uses_the_exact_path(client):
    assert reverse("api-health") == "/api/v1/health/"
    assert client.get("/api/v1/health/").status_code == 200


def test_it_renders_the_openapi_schema_with_the_liveness_path(client):
    client.force_login(UserFactory())
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "tambook API"
    assert "/api/v1/health/" in schema["paths"]


def test_it_serves_the_api_docs_without_a_cdn(client):
    client.force_login(UserFactory())
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert cdn not in html


def test_it_requires_authentication_for_the_schema_and_answers_json(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()
