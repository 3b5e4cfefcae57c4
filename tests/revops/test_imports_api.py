"""POST /api/v1/imports/account_daily_metrics/ with the real usage ingest (revops.md I-1, I-2;
health.md D-20): upserts on (account, date), reports bad rows by row and field, is idempotent,
RevOps admins only, unknown kinds 404."""

import json

import pytest
from django.urls import reverse

from accounts.models import AccountDailyMetrics
from revops import api
from revops.models import ImportRun
from tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/account_daily_metrics/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role="revops_admin"))
    return client


@pytest.fixture
def accounts():
    return AccountFactory(posthog_organization_id="org-a"), AccountFactory(posthog_organization_id="org-b")


def post(client, body, url=URL):
    return client.post(url, data=json.dumps(body) if not isinstance(body, str) else body,
                       content_type="application/json")


def usage_rows():
    return [
        {"account": "org-a", "date": "2025-01-01", "event_count": 1200, "logins": 4,
         "product_usage": {"session_replay": {"recordings_captured": 30}}},
        {"account": "org-a", "date": "2025-01-02", "event_count": 900, "warehouse_export_active": True},
        {"account": "org-b", "date": "2025-01-01", "event_count": 50},
    ]


def metrics():
    return {
        (m.account.posthog_organization_id, m.date.isoformat()): (m.event_count, m.logins, m.product_usage, m.source)
        for m in AccountDailyMetrics.objects.select_related("account")
    }


def test_it_uses_the_exact_path():
    assert reverse("api-import-create", kwargs={"kind": "account_daily_metrics"}) == URL


def test_it_imports_rows_and_answers_the_finished_run(admin_client, accounts):
    response = post(admin_client, usage_rows())
    assert response.status_code == 201, response.json()
    body = response.json()
    run = ImportRun.objects.get()
    assert body == {
        "id": run.pk, "kind": "account_daily_metrics", "source": "api", "status": "ok",
        "rows_total": 3, "rows_ok": 3, "errors": [],
        "started_at": body["started_at"], "finished_at": body["finished_at"],
    }
    assert metrics() == {
        ("org-a", "2025-01-01"): (1200, 4, {"session_replay": {"recordings_captured": 30}}, "api"),
        ("org-a", "2025-01-02"): (900, 0, {}, "api"),
        ("org-b", "2025-01-01"): (50, 0, {}, "api"),
    }


def test_it_accepts_the_rows_wrapped_in_an_object(admin_client, accounts):
    response = post(admin_client, {"rows": usage_rows()[:1]})
    assert response.status_code == 201
    assert AccountDailyMetrics.objects.count() == 1


def test_it_is_idempotent_and_a_reimport_replaces_the_day(admin_client, accounts):
    """D-20: re-importing an (account, date) replaces the row; the same rows twice, the same data."""
    post(admin_client, usage_rows())
    first = metrics()
    post(admin_client, usage_rows())
    assert metrics() == first and AccountDailyMetrics.objects.count() == 3

    post(admin_client, [{"account": "org-a", "date": "2025-01-01", "event_count": 7}])
    assert metrics()[("org-a", "2025-01-01")] == (7, 0, {}, "api")
    assert AccountDailyMetrics.objects.count() == 3
    assert ImportRun.objects.filter(status="ok").count() == 3


def test_it_reports_bad_rows_by_row_and_field_and_keeps_the_good_ones(admin_client, accounts):
    rows = usage_rows()
    rows.insert(1, {"account": "org-nope", "date": "2025-01-01"})
    rows.insert(3, {"account": "org-b", "date": "2025-13-01", "logins": -1})
    rows.append("not a row")
    response = post(admin_client, rows)
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["rows_total"], body["rows_ok"]) == ("partial", 6, 3)
    assert [(e["row"], e["field"]) for e in body["errors"]] == [
        (2, "account"), (4, "date"), (4, "logins"), (6, "row")]
    assert set(metrics()) == {("org-a", "2025-01-01"), ("org-a", "2025-01-02"), ("org-b", "2025-01-01")}
    run = ImportRun.objects.get()
    assert run.errors == body["errors"]


def test_it_numbers_rows_across_chunks_from_the_first_posted_row(admin_client, accounts, monkeypatch):
    from revops import services

    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    rows = [{"account": "org-a", "date": f"2025-02-{day:02d}", "logins": 1} for day in range(1, 6)]
    rows[3]["logins"] = "many"
    body = post(admin_client, rows).json()
    assert body["errors"] == [{"row": 4, "field": "logins", "message": "must be a whole number, not 'many'."}]
    assert (body["rows_ok"], AccountDailyMetrics.objects.count()) == (4, 4)


def test_it_fails_a_run_where_no_row_is_good(admin_client, accounts):
    body = post(admin_client, [{"date": "2025-01-01"}]).json()
    assert (body["status"], body["rows_ok"], body["errors"][0]["field"]) == ("failed", 0, "account")


def test_it_hands_a_big_payload_to_the_worker(admin_client, accounts, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(api, "SYNC_ROW_LIMIT", 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(admin_client, usage_rows())
    assert response.status_code == 202
    assert response.json()["status"] == "running"
    run = ImportRun.objects.get()
    assert (run.status, run.rows_ok) == ("ok", 3)
    assert AccountDailyMetrics.objects.count() == 3
    polled = admin_client.get(reverse("api-import-run-detail", args=[run.pk]))
    assert polled.json()["status"] == "ok"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"data": []}, "rows"),
        ({"rows": "org-a"}, "rows"),
        ([], "rows"),
        ({"rows": []}, "rows"),
        ("42", "rows"),
        ("[{not json", "body"),
    ],
)
def test_it_answers_400_naming_the_field_for_a_body_that_is_not_rows(admin_client, body, field):
    response = post(admin_client, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not ImportRun.objects.exists()


def test_it_answers_404_json_for_an_unknown_or_not_yet_live_kind(admin_client):
    for kind in ("nonsense", "support_tickets"):
        response = post(admin_client, usage_rows(), url=f"/api/v1/imports/{kind}/")
        assert response.status_code == 404
        assert "Known kinds: account_daily_metrics" in response.json()["detail"]
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("role", ["tam", "sales_manager", "csm", ""])
def test_it_forbids_everyone_but_revops_admins(client, accounts, role):
    client.force_login(UserFactory(role=role))
    response = post(client, usage_rows())
    assert response.status_code == 403
    assert "RevOps admins" in response.json()["detail"]
    assert not ImportRun.objects.exists() and not AccountDailyMetrics.objects.exists()
    assert client.get(reverse("api-import-run-detail", args=[1])).status_code == 403


def test_it_forbids_anonymous_callers(client, accounts):
    assert post(client, usage_rows()).status_code == 403
    assert not AccountDailyMetrics.objects.exists()


def test_it_accepts_token_authentication(client, accounts):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=UserFactory(role="revops_admin"))
    response = client.post(URL, data=json.dumps(usage_rows()), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 201
    assert AccountDailyMetrics.objects.count() == 3


def test_it_documents_the_import_paths_in_the_schema(admin_client):
    schema = admin_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/imports/{kind}/" in schema["paths"]
    assert "/api/v1/imports/runs/{id}/" in schema["paths"]
