"""The Late payments page, a case's page and its four actions, the account panel's dunning section
and the dunning API (billing.md §6, B-36…B-39, B-67): audited, bad input names the field and
saves nothing, query counts do not grow with the data."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from billing import jobs
from billing.models import DunningCase, DunningEvent, DunningPause, DunningStep, StripeWriteTask
from tests.billing.builders import customer
from tests.billing.test_jobs_dunning import invoiced
from tests.factories import SubscriptionFactory, UserFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.now().date()


def late_case(*, days_late=3, sub=False):
    bc, party = customer()
    extra = {"subscription": SubscriptionFactory(stripe_customer=party)} if sub else {}
    invoiced(party, due=today() - timedelta(days=days_late + 1), start=today() - timedelta(days=60), **extra)
    jobs.detect_late_payments(as_of=today(), ids=[bc.pk])
    jobs.dunning_scheduler(as_of=today(), ids=[bc.pk])
    return DunningCase.objects.get(billing_customer=bc)


def test_the_list_shows_days_late_step_next_due_responsible_and_amount(client):
    case = late_case(days_late=8)
    client.force_login(UserFactory(role=""))  # everyone reads (D-26)
    response = client.get(reverse("billing:late-payments"))
    html = response.content.decode()
    assert response.status_code == 200
    assert case.billing_customer.name in html and ">8<" in html.replace(" ", "")
    assert "3 — Suspend user access" in html and "4 — Tell all contacts" in html
    assert str(case.responsible) in html and "2400.00" in html
    assert reverse("billing:late-payment-case", args=[case.pk]) in html
    assert 'href="/billing/late-payments/"' in html  # in the navigation


def test_the_list_filters_and_exports_csv(client):
    late_case(days_late=1)
    paid = late_case(days_late=10)
    paid.status = "RESOLVED"
    paid.save()
    client.force_login(UserFactory(role="sales_manager"))  # opens on everyone's (§6)
    url = reverse("billing:late-payments")
    assert client.get(url).content.decode().count("/billing/late-payments/") >= 2
    body = client.get(url, {"_export": "csv"}).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:5] == ["Customer", "Plan kind", "Day 0", "Days late", "Step"]
    assert len(rows) == 2  # live cases only by default
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"_export": "csv", "status": "all"}).content.decode()))
    )
    assert len(rows) == 3
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"_export": "csv", "status": "RESOLVED"}).content.decode()))
    )
    assert len(rows) == 2 and rows[1][3].isdigit()
    assert "empty" in client.get(url, {"step": "4"}).content.decode()


def _list_queries(client, n: int) -> int:
    for _ in range(n):
        late_case()
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("billing:late-payments")).status_code == 200
    return len(captured)


def test_the_list_query_count_does_not_grow_with_cases(client):
    assert _list_queries(client, 1) == _list_queries(client, 5)


def test_the_case_page_query_count_does_not_grow_with_its_log(client):
    case = late_case(days_late=8)
    owner = case.responsible
    client.force_login(owner)
    url = reverse("billing:late-payment-case", args=[case.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for k in range(5):
        client.post(
            reverse("billing:late-payment-outreach", args=[case.pk]),
            {"outreach-channel": "email", "outreach-note": f"try {k}"},
        )
    with CaptureQueriesContext(connection) as many:
        assert "try 4" in client.get(url).content.decode()
    assert len(one) == len(many)


def test_b37_log_outreach_is_recorded_with_who_and_when(client):
    case = late_case()
    client.force_login(case.responsible)
    response = client.post(
        reverse("billing:late-payment-outreach", args=[case.pk]),
        {"outreach-channel": "email", "outreach-note": "Sent the invoice PDF to finance"},
    )
    assert response.status_code == 302
    event = DunningEvent.objects.get(case=case, kind="outreach")
    assert event.actor == case.responsible and event.channel == "email" and event.on == today()
    page = client.get(reverse("billing:late-payment-case", args=[case.pk])).content.decode()
    assert "Sent the invoice PDF to finance" in page


def test_bad_outreach_names_the_field_and_saves_nothing(client):
    case = late_case()
    client.force_login(case.responsible)
    response = client.post(
        reverse("billing:late-payment-outreach", args=[case.pk]),
        {"outreach-channel": "fax", "outreach-note": ""},
    )
    assert response.status_code == 400
    form = response.context["forms"]["outreach"]
    assert set(form.errors) == {"channel", "note"}
    assert not DunningEvent.objects.filter(kind="outreach").exists()


def test_b37_pause_with_a_reason_moves_the_later_steps_and_is_audited(client):
    case = late_case(days_late=2)
    before = case.next_step_due
    client.force_login(UserFactory(role="sales_manager"))
    response = client.post(
        reverse("billing:late-payment-pause", args=[case.pk]),
        {"pause-days": "4", "pause-reason": "Finance team on holiday"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "PAUSED" and case.pause_reason == "Finance team on holiday"
    assert case.next_step_due == before + timedelta(days=4) and case.paused_days == 4
    assert DunningPause.objects.get(case=case).created_by.role == "sales_manager"
    assert case.history.filter(status="PAUSED").exists()  # audited


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"pause-days": "4", "pause-reason": ""}, "reason"),
        ({"pause-days": "0", "pause-reason": "x"}, "days"),
        ({"pause-days": "99", "pause-reason": "x"}, "days"),
        ({"pause-days": "a", "pause-reason": "x"}, "days"),
    ],
)
def test_bad_pause_names_the_field_and_saves_nothing(client, data, field):
    case = late_case()
    client.force_login(case.responsible)
    response = client.post(reverse("billing:late-payment-pause", args=[case.pk]), data)
    assert response.status_code == 400 and field in response.context["forms"]["pause"].errors
    assert not DunningPause.objects.exists()
    case.refresh_from_db()
    assert case.status == "OPEN"


def test_b37_mark_step_done_and_step3_records_the_suspension(client):
    case = late_case(days_late=8)
    client.force_login(case.responsible)
    url = reverse("billing:late-payment-step-done", args=[case.pk])
    assert client.post(url, {"step_done-step": "3", "step_done-note": "Active = No"}).status_code == 302
    case.refresh_from_db()
    assert case.suspended_on == today()
    row = DunningStep.objects.get(case=case, step=3)
    assert row.done_by == case.responsible and row.note == "Active = No"
    again = client.post(url, {"step_done-step": "3"})
    assert again.status_code == 400 and "step" in again.context["forms"]["step_done"].errors
    not_due = client.post(url, {"step_done-step": "4"})
    assert not_due.status_code == 400 and "not due yet" in str(not_due.context["forms"]["step_done"].errors)


def test_b67_cancel_needs_confirmation_and_step5_then_records_a_pending_write(client):
    early = late_case(days_late=5, sub=True)
    client.force_login(early.responsible)
    url = reverse("billing:late-payment-cancel", args=[early.pk])
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"cancel-confirm": "on"})
    assert response.status_code == 400 and "step" not in response.context["forms"]["cancel"].fields
    assert "not due yet" in str(response.context["forms"]["cancel"].non_field_errors())
    case = late_case(days_late=14, sub=True)
    client.force_login(case.responsible)
    assert (
        client.post(
            reverse("billing:late-payment-cancel", args=[case.pk]), {"cancel-confirm": "on"}
        ).status_code
        == 302
    )
    task = StripeWriteTask.objects.get()
    assert task.kind == "cancel_subscription" and task.status == "pending"
    case.refresh_from_db()
    assert case.status == "CANCELLED" and case.cancelled_on == today()
    assert DunningEvent.objects.get(case=case, kind="cancel_requested").actor == case.responsible


def test_only_the_responsible_owners_managers_and_revops_act(client):
    case = late_case()
    client.force_login(UserFactory(role="tam"))  # a TAM who does not own the account
    url = reverse("billing:late-payment-pause", args=[case.pk])
    assert client.post(url, {"pause-days": "2", "pause-reason": "x"}).status_code == 403
    assert not DunningPause.objects.exists()
    page = client.get(reverse("billing:late-payment-case", args=[case.pk])).content.decode()
    assert "Log outreach" not in page  # reads, no controls
    client.force_login(UserFactory(role="revops_admin"))
    assert client.post(url, {"pause-days": "2", "pause-reason": "x"}).status_code == 302


def test_the_account_panel_shows_the_open_case(client):
    case = late_case(days_late=7)
    client.force_login(UserFactory())
    html = client.get(
        reverse("billing:account_panel", args=[case.billing_customer.account_id])
    ).content.decode()
    assert "Late payment" in html and "step 3" in html and "2400.00 overdue" in html
    assert reverse("billing:late-payment-case", args=[case.pk]) in html


def _panel_queries(client, n_cases: int) -> int:
    bc, party = customer()
    for k in range(n_cases):
        due = today() - timedelta(days=30 * (n_cases - k) + 2)
        invoiced(party, due=due, start=due - timedelta(days=30))
    jobs.detect_late_payments(as_of=today(), ids=[bc.pk])
    jobs.dunning_scheduler(as_of=today(), ids=[bc.pk])
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("billing:account_panel", args=[bc.account_id])).status_code == 200
    return len(captured)


def test_the_panel_dunning_section_does_not_grow_with_steps_or_invoices(client):
    assert _panel_queries(client, 1) == _panel_queries(client, 3)


def test_the_api_lists_and_details_dunning_cases(client):
    case = late_case(days_late=8)
    client.force_login(UserFactory(role="sales_manager"))  # opens on everyone's (§6)
    rows = client.get("/api/v1/billing/dunning-cases").json()
    assert rows[0]["id"] == case.pk and rows[0]["step"] == 3 and rows[0]["amount_overdue"] == "2400.00"
    detail = client.get(f"/api/v1/billing/dunning-cases/{case.pk}").json()
    assert [s["step"] for s in detail["steps"]] == [1, 2, 3] and detail["events"]
    bad = client.get("/api/v1/billing/dunning-cases", {"status": "nope"})
    assert bad.status_code == 400 and "status" in bad.json()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/billing/dunning-cases" in schema["paths"]
    assert "/api/v1/billing/dunning-cases/{id}" in schema["paths"]


def test_the_api_needs_authentication(client):
    assert client.get("/api/v1/billing/dunning-cases").status_code in (401, 403)


def test_the_list_says_what_to_do_when_empty(client):
    client.force_login(UserFactory())
    html = client.get(reverse("billing:late-payments")).content.decode()
    assert "No late payment matches" in html and "billing_job detect_late_payments" in html
