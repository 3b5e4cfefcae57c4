"""The CSV import pages (revops.md I-1, Pages > Imports), with the real usage ingest."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AccountDailyMetrics
from revops.models import ImportRun
from tests.factories import AccountFactory, ImportRunFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "account,date,event_count,logins,product_usage.session_replay.recordings_captured\n"
    "org-a,2025-01-01,1200,4,30\n"
    "org-a,2025-01-02,900,,\n"
    "org-b,2025-01-01,50,1,\n"
)
MIXED_CSV = (
    "account,date,event_count,logins\n"
    "org-a,2025-01-01,1200,4\n"
    "org-missing,2025-01-01,1,1\n"
    "org-b,01/02/2025,1,1\n"
    "org-b,2025-01-03,lots,1\n"
    "org-b,2025-01-04,3,3\n"
)


@pytest.fixture
def admin_user():
    return UserFactory(role="revops_admin", name="Fraser")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def accounts():
    return AccountFactory(posthog_organization_id="org-a"), AccountFactory(posthog_organization_id="org-b")


def upload(client, text, name="usage.csv", callbacks=None):
    data = {"kind": "account_daily_metrics", "file": SimpleUploadedFile(name, text.encode(), "text/csv")}
    with callbacks(execute=True):
        return client.post(reverse("revops:import-upload"), data)


def test_it_shows_the_upload_form_and_how_rows_are_numbered(admin_client):
    response = admin_client.get(reverse("revops:import-upload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    assert "row 1 is the line under the header" in html
    assert '<option value="account_daily_metrics"' in html and "support_tickets" not in html


def test_it_imports_an_uploaded_csv_and_shows_the_run(admin_client, django_capture_on_commit_callbacks):
    response = upload(admin_client, GOOD_CSV, callbacks=django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("revops:import-detail", args=[run.pk])
    assert (run.source, run.status, run.rows_total, run.rows_ok) == ("csv", "ok", 3, 3)
    rows = {(m.account.posthog_organization_id, m.date.isoformat()): m
            for m in AccountDailyMetrics.objects.select_related("account")}
    assert set(rows) == {("org-a", "2025-01-01"), ("org-a", "2025-01-02"), ("org-b", "2025-01-01")}
    assert rows[("org-a", "2025-01-01")].product_usage == {"session_replay": {"recordings_captured": 30}}
    assert {m.source for m in rows.values()} == {"csv"}

    page = admin_client.get(response.url).content.decode()
    assert 'data-status="ok"' in page
    assert "<span data-rows-total>3</span> read" in page and "<span data-rows-ok>3</span> imported" in page
    assert "No errors: every row was imported." in page
    assert "usage" in page and "Fraser" in page


def test_it_reports_bad_rows_with_row_and_field_and_keeps_the_good_rows(admin_client, django_capture_on_commit_callbacks):
    upload(admin_client, MIXED_CSV, callbacks=django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert (run.status, run.rows_total, run.rows_ok) == ("partial", 5, 2)
    assert [(e["row"], e["field"]) for e in run.errors] == [(2, "account"), (3, "date"), (4, "event_count")]
    assert sorted(m.date.isoformat() for m in AccountDailyMetrics.objects.all()) == ["2025-01-01", "2025-01-04"]

    page = admin_client.get(reverse("revops:import-detail", args=[run.pk])).content.decode()
    assert 'data-status="partial"' in page and "<span data-rows-rejected>3</span> rejected" in page
    assert '<td class="num">2</td><td><code>account</code></td>' in page
    assert '<td class="num">4</td><td><code>event_count</code></td>' in page
    assert "must be a whole number, not &#x27;lots&#x27;." in page

    csv_download = admin_client.get(reverse("revops:import-errors-csv", args=[run.pk]))
    assert csv_download["Content-Type"].startswith("text/csv")
    lines = csv_download.content.decode().splitlines()
    assert lines[0] == "row,field,message" and lines[1].startswith("2,account,")
    assert len(lines) == 4


def test_it_is_idempotent_when_the_same_file_is_uploaded_again(admin_client, django_capture_on_commit_callbacks):
    upload(admin_client, GOOD_CSV, callbacks=django_capture_on_commit_callbacks)
    before = list(AccountDailyMetrics.objects.order_by("account_id", "date").values_list(
        "account_id", "date", "event_count", "logins", "product_usage"))
    upload(admin_client, GOOD_CSV, callbacks=django_capture_on_commit_callbacks)
    after = list(AccountDailyMetrics.objects.order_by("account_id", "date").values_list(
        "account_id", "date", "event_count", "logins", "product_usage"))
    assert after == before and len(after) == 3
    assert list(ImportRun.objects.values_list("status", flat=True)) == ["ok", "ok"]


def test_it_fails_an_unreadable_file_and_says_why(admin_client, django_capture_on_commit_callbacks):
    upload(admin_client, "account,date\n", callbacks=django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.errors == [{"row": None, "field": "file", "message": "The file has no data rows."}]
    page = admin_client.get(reverse("revops:import-detail", args=[run.pk])).content.decode()
    assert 'data-status="failed"' in page and "The file has no data rows." in page


def test_it_refuses_a_file_that_is_not_csv_without_creating_a_run(admin_client, django_capture_on_commit_callbacks):
    response = upload(admin_client, GOOD_CSV, name="usage.xlsx", callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Upload a .csv file." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_it_polls_a_running_run_with_htmx_until_it_finishes(admin_client):
    run = ImportRunFactory(status="running", finished_at=None, rows_total=0, rows_ok=0)
    page = admin_client.get(reverse("revops:import-detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    partial = admin_client.get(reverse("revops:import-detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<section id="import-run"')
    finished = ImportRunFactory()
    assert "hx-trigger" not in admin_client.get(reverse("revops:import-detail", args=[finished.pk])).content.decode()


def test_it_lists_past_runs_with_filters(admin_client):
    ImportRunFactory(status="ok")
    ImportRunFactory(status="partial", source="csv", rows_total=10, rows_ok=7)
    response = admin_client.get(reverse("revops:import-list"))
    assert response.status_code == 200
    assert len(response.context["table"].rows) == 2
    filtered = admin_client.get(reverse("revops:import-list"), {"status": "partial"})
    rows = list(filtered.context["table"].rows)
    assert len(rows) == 1 and rows[0].get_cell("rows_failed") == 3


@pytest.mark.parametrize("role", ["tam", "sales_manager", "csm", ""])
def test_it_forbids_every_import_page_to_everyone_but_revops_admins(client, role, django_capture_on_commit_callbacks):
    run = ImportRunFactory()
    client.force_login(UserFactory(role=role))
    for url in (reverse("revops:import-list"), reverse("revops:import-upload"),
                reverse("revops:import-detail", args=[run.pk]), reverse("revops:import-errors-csv", args=[run.pk])):
        assert client.get(url).status_code == 403, url
    assert upload(client, GOOD_CSV, callbacks=django_capture_on_commit_callbacks).status_code == 403
    assert ImportRun.objects.count() == 1 and not AccountDailyMetrics.objects.exists()


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("revops:import-upload"))
    assert response.status_code == 302 and reverse("login") in response.url
