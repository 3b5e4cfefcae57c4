"""Refund pages (§6) and the refund requests API: the Refund request form with its live checklist
and calculator, the list, the Refund escalations queue, one request; CSV; query counts."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from billing.models import RefundLine, RefundRequest
from billing.refunds import services
from tests.factories import RoleAssignmentFactory, UserFactory

from .refund_world import claim, spike_invoice

pytestmark = pytest.mark.django_db


def form_data(invoice, **changes):
    data = {
        "invoice": str(invoice.pk),
        "scenario": "learning_curve",
        "channel": "in_app_ticket",
        "requested_on": "2025-05-10",
        "explanation": "First bill after the startup plan; they sent every pageview twice.",
        "is_first_bill_over_1": "on",
        "company_has_revenue": "on",
        "mitigation": "none",
        "usage_pattern": "normal",
        "prevention_guidance_sent": "on",
        "product_analytics__include": "on",
        "product_analytics__prior_1": "1000000",
        "product_analytics__prior_2": "1000000",
        "product_analytics__prior_3": "1000000",
        "product_analytics__spike": "3000000",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def tam_client(client):
    user = UserFactory(role="tam")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def admin_client(client):
    user = UserFactory(role="revops_admin")
    client.force_login(user)
    client.user = user
    return client


def file(invoice, user=None, **kw):
    return services.refund_request_create(
        invoice=invoice, claim=claim(**kw), explanation="spike", acting_user=user or UserFactory(role="tam"),
        prevention_guidance_sent=True,
    )  # fmt: skip


def test_it_starts_with_an_invoice_lookup(tam_client):
    page = tam_client.get(reverse("billing:refund-new"))
    assert page.status_code == 200 and b"Invoice (number, Stripe id or id)" in page.content
    missing = tam_client.get(reverse("billing:refund-new") + "?invoice=NOPE")
    assert missing.status_code == 404 and "invoice: no invoice" in missing.content.decode()


def test_it_shows_the_form_for_an_invoice_with_its_products_and_fixed_queries(tam_client):
    invoice = spike_invoice()
    url = reverse("billing:refund-new") + f"?invoice={invoice.number}"
    tam_client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as first:
        page = tam_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Product Analytics" in html and 'name="product_analytics__spike"' in html
    assert 'value="3000000"' in html  # the invoice's quantity pre-fills the spike month
    assert 'hx-post="/billing/refunds/check/"' in html
    for _ in range(3):
        file(spike_invoice(email=invoice.stripe_customer.email, name="Connected"))
    with CaptureQueriesContext(connection) as more:
        tam_client.get(url)
    assert len(more) == len(first)  # connected customers' history does not add queries


def test_the_live_check_shows_the_checklist_and_calculator_and_saves_nothing(tam_client):
    invoice = spike_invoice()
    page = tam_client.post(reverse("billing:refund-check"), form_data(invoice), HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-check="within_30_days"' in html and "requested 9 days after billing (limit 30)" in html
    assert "<td data-amount>84.30</td>" in html and "<s>50.00</s>" in html
    assert "credit_note_refund" in html
    assert RefundRequest.objects.count() == 0


def test_the_live_check_names_the_bad_field(tam_client):
    invoice = spike_invoice()
    page = tam_client.post(
        reverse("billing:refund-check"), form_data(invoice, product_analytics__spike="-5"), HTTP_HX_REQUEST="true"
    )
    assert page.status_code == 200  # htmx swaps only 2xx: the errors are the fragment
    assert "Product Analytics: spike month: Ensure this value is greater than or equal to 0." in page.content.decode()
    plain = tam_client.post(reverse("billing:refund-check"), form_data(invoice, product_analytics__spike="-5"))
    assert plain.status_code == 400


def test_it_files_a_request_from_the_form(tam_client):
    invoice = spike_invoice()
    response = tam_client.post(reverse("billing:refund-new"), form_data(invoice))
    refund = RefundRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("billing:refund-detail", args=[refund.pk])
    assert refund.created_by == tam_client.user and refund.computed_amount == D("84.30")
    assert refund.prevention_guidance_sent and refund.status == "under_review"


def test_bad_input_names_the_field_keeps_what_was_typed_and_saves_nothing(tam_client):
    invoice = spike_invoice()
    data = form_data(invoice, explanation="Sent events twice", product_analytics__prior_2="lots",
                     zendesk_ticket="not a url")  # fmt: skip
    page = tam_client.post(reverse("billing:refund-new"), data)
    html = page.content.decode()
    assert page.status_code == 400
    assert "Product Analytics: month -2: Enter a whole number." in html
    assert "Zendesk ticket: Enter a valid URL." in html
    assert "Sent events twice" in html and 'value="lots"' in html and 'value="not a url"' in html
    assert RefundRequest.objects.count() == 0 and RefundLine.objects.count() == 0


def test_a_blank_explanation_is_refused(tam_client):
    invoice = spike_invoice()
    page = tam_client.post(reverse("billing:refund-new"), form_data(invoice, explanation=""))
    assert page.status_code == 400 and "Explanation: This field is required." in page.content.decode()


def test_a_read_only_user_cannot_file(client):
    client.force_login(UserFactory(role=""))
    invoice = spike_invoice()
    assert client.post(reverse("billing:refund-new"), form_data(invoice)).status_code == 403
    assert RefundRequest.objects.count() == 0


def test_the_list_exports_csv_and_its_queries_do_not_grow(tam_client):
    file(spike_invoice())
    url = reverse("billing:refund-list") + "?book=all"  # the filer owns none of these accounts
    tam_client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = tam_client.get(url)
    assert page.status_code == 200 and "Spiky Inc" in page.content.decode()
    for i in range(4):
        file(spike_invoice(name=f"Other {i}"), scenario="other")
    with CaptureQueriesContext(connection) as five:
        tam_client.get(url)
    assert len(five) == len(one)
    csv = tam_client.get(url + "&_export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode()
    assert text.splitlines()[0].startswith("#,Customer,Invoice,Scenario")
    assert "non_standard_case" in text and "escalated" in text


def test_the_list_has_an_empty_state(tam_client):
    assert "No refund requests match" in tam_client.get(reverse("billing:refund-list")).content.decode()


def test_the_escalation_queue_lists_escalated_first_with_fixed_queries(admin_client):
    RoleAssignmentFactory(key="revops_lead")
    plain = file(spike_invoice(name="Plain"))
    escalated = file(spike_invoice(name="Odd"), scenario="other")
    url = reverse("billing:refund-escalations")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as two:
        page = admin_client.get(url)
    html = page.content.decode()
    assert html.index(f'id="refund-{escalated.pk}"') < html.index(f'id="refund-{plain.pk}"')
    assert "Approve 84.30" in html
    for i in range(3):
        file(spike_invoice(name=f"More {i}"), scenario="other")
    with CaptureQueriesContext(connection) as five:
        admin_client.get(url)
    assert len(five) == len(two)
    assert admin_client.get(url + "?_export=csv").content.decode().count("\n") == 6


def test_the_queue_is_readable_but_not_decidable_by_others(tam_client):
    refund = file(spike_invoice(), scenario="other")
    html = tam_client.get(reverse("billing:refund-escalations")).content.decode()
    assert "Approve 84.30" not in html and f"/billing/refunds/{refund.pk}/" in html
    response = tam_client.post(reverse("billing:refund-approve", args=[refund.pk]), {"reason": "ok"})
    assert response.status_code == 403
    refund.refresh_from_db()
    assert refund.status == "escalated"


def test_an_admin_approves_from_the_queue_with_htmx(admin_client):
    refund = file(spike_invoice(), scenario="other")
    response = admin_client.post(
        reverse("billing:refund-approve", args=[refund.pk]),
        {"reason": "Checked usage", "from": "queue", "prevention_guidance_sent": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<strong data-refund-status>Approved</strong>" in response.content.decode()
    refund.refresh_from_db()
    assert refund.status == "approved" and refund.decision_reason == "Checked usage"
    assert refund.approved_amount == D("84.30")


def test_a_decline_needs_a_reason_in_the_queue(admin_client):
    refund = file(spike_invoice(), scenario="other")
    response = admin_client.post(reverse("billing:refund-decline", args=[refund.pk]), {"reason": "", "from": "queue"},
                                 HTTP_HX_REQUEST="true")  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx: the row shows the error
    assert "reason: Say why the request is declined." in html and "Approve 84.30" in html
    refund.refresh_from_db()
    assert refund.status == "escalated"


def test_the_detail_page_approves_and_processes(admin_client):
    refund = file(spike_invoice())
    url = reverse("billing:refund-detail", args=[refund.pk])
    page = admin_client.get(url).content.decode()
    assert "price(baseline + overage) 84.30" in page and "Decision (RevOps admin)" in page
    admin_client.post(reverse("billing:refund-approve", args=[refund.pk]), {"reason": "fine"})
    bad = admin_client.post(reverse("billing:refund-process", args=[refund.pk]), {"stripe_reason": ""})
    assert bad.status_code == 400 and "Stripe refund reason: Choose the Stripe refund reason" in bad.content.decode()
    done = admin_client.post(reverse("billing:refund-process", args=[refund.pk]),
                             {"stripe_reason": "product_unsatisfactory"})  # fmt: skip
    assert done.status_code == 302
    page = admin_client.get(url).content.decode()
    assert "<dd data-refund-status>Processed</dd>" in page and "Stripe credit note pending" in page
    assert page.count("<tr><td>20") >= 3  # history: filed, approved, processed


def test_the_detail_page_has_fixed_queries(tam_client):
    refund = file(spike_invoice())
    url = reverse("billing:refund-detail", args=[refund.pk])
    tam_client.get(url)
    with CaptureQueriesContext(connection) as before:
        tam_client.get(url)
    admin = UserFactory(role="revops_admin")
    services.refund_request_approve(refund=refund, acting_user=admin)
    with CaptureQueriesContext(connection) as after:
        tam_client.get(url)
    assert len(after) == len(before)


def test_the_navigation_links_the_refund_pages(admin_client):
    html = admin_client.get(reverse("billing:refund-list")).content.decode()
    assert 'href="/billing/refunds/"' in html and 'href="/billing/refunds/escalations/"' in html


def test_the_api_lists_and_details_refund_requests(tam_client):
    refund = file(spike_invoice(), scenario="other")
    rows = tam_client.get("/api/v1/billing/refund-requests?status=escalated").json()
    assert [r["id"] for r in rows] == [refund.pk] and rows[0]["computed_amount"] == "84.30"
    assert tam_client.get("/api/v1/billing/refund-requests?status=processed").json() == []
    detail = tam_client.get(f"/api/v1/billing/refund-requests/{refund.pk}").json()
    assert detail["lines"][0]["price_with_spike"] == "84.30" and detail["escalation_reasons"] == ["non_standard_case"]
    assert tam_client.get("/api/v1/billing/refund-requests/999999").status_code == 404
    schema = tam_client.get("/api/schema/").content.decode()
    for path in ("/api/v1/billing/refunds/preview", "/api/v1/billing/refund-requests",
                 "/api/v1/billing/refund-requests/{id}"):  # fmt: skip
        assert path in schema


def test_the_credit_form_sends_a_finalized_invoice_to_the_refund_form(tam_client):
    invoice = spike_invoice()
    response = tam_client.get(reverse("billing:credit-add") + f"?invoice={invoice.pk}")
    assert response.status_code == 302 and response["Location"] == f"/billing/refunds/new/?invoice={invoice.pk}"


def test_the_requested_on_defaults_to_today(tam_client):
    import time_machine

    invoice = spike_invoice()
    with time_machine.travel("2025-05-12 10:00:00+00:00", tick=False):
        html = tam_client.get(reverse("billing:refund-new") + f"?invoice={invoice.pk}").content.decode()
    assert f'value="{date(2025, 5, 12).isoformat()}"' in html
