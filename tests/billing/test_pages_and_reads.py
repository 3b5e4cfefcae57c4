"""The account billing panel, the Credit runway list, the read-only API and My book columns
(§6, B-10, B-28), with their query counts shown not to grow with the data."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from billing import jobs, selectors
from billing.models import CreditRunway
from tests.billing.builders import customer, enterprise, usage_invoice
from tests.factories import CreditRunwayFactory, MonthlyRevenueFactory, PaymentAttemptFactory, UserFactory

pytestmark = pytest.mark.django_db
EXAMPLE = ["10000.00", "10000.00", "14880.00", "14400.00", "14880.00"]


@pytest.fixture
def world():
    bc, party, _purchase = enterprise(monthly=EXAMPLE)
    jobs.compute_monthly_revenue(as_of=date(2025, 6, 10), backfill=True)
    jobs.run_creditbot(as_of=date(2025, 6, 10))
    return bc, party


def test_the_panel_is_a_section_fragment_with_every_part_of_the_billing_tab(client, world):
    bc, _ = world
    client.force_login(UserFactory(role=""))  # everyone reads (D-26)
    url = reverse("billing:account_panel", args=[bc.account_id])
    html = client.get(url).content.decode()
    assert html.lstrip().startswith("<section") and "<h2" in html and "<html" not in html
    assert "Enterprise (yearly credit purchase)" in html and "B-2 (3)" in html
    assert "MRR (credit payments)" in html and "Product MRR (usage at discounted rate)" in html  # B-10
    assert 'data-billing-chart="mrr"' in html and 'id="billing-mrr-' in html
    assert "2025-03-01 → 2025-04-01" in html  # a service period
    assert "Prepaid contract" in html and "55840.00" in html and 'data-billing-chart="runway"' in html
    assert "js/billing.js" in html


def test_the_panel_needs_view_account_and_says_when_nothing_is_billed(client):
    from tests.factories import AccountFactory

    account = AccountFactory()
    url = reverse("billing:account_panel", args=[account.pk])
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert "No billing customer is linked" in client.get(url).content.decode()


def _panel_queries(client, invoices: int) -> int:
    bc, party = customer()
    for k in range(invoices):
        inv = usage_invoice(
            party, date(2024, 1 + k % 12, 1).replace(year=2024 + k // 12), {"product_analytics": "10.00"}
        )
        PaymentAttemptFactory(invoice=inv, attempt_number=1)
    jobs.compute_monthly_revenue(as_of=date(2026, 1, 10), backfill=True, ids=[bc.pk])
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("billing:account_panel", args=[bc.account_id])).status_code == 200
    return len(captured)


def test_the_panel_query_count_does_not_grow_with_invoices(client):
    assert _panel_queries(client, 2) == _panel_queries(client, 14)


def test_the_runway_list_sorts_by_run_out_filters_and_exports_csv(client):
    day = date.today()
    late = CreditRunwayFactory(as_of=day, run_out_date=date(2030, 1, 1), scenario="LAST_TWO_MONTHS")
    soon = CreditRunwayFactory(as_of=day, run_out_date=date(2029, 1, 1))
    quiet = CreditRunwayFactory(
        as_of=day, run_out_date=None, runway_days=None, scenario="NONE", alert_state="NONE", action=None
    )
    CreditRunwayFactory(billing_customer=soon.billing_customer, as_of=date(2020, 1, 1))  # an old reading
    client.force_login(UserFactory(role="sales_manager"))  # a manager's list opens on everyone's
    url = reverse("billing:credit-runway")
    html = client.get(url).content.decode()
    names = [r.billing_customer.name for r in (soon, late, quiet)]
    assert html.index(names[0]) < html.index(names[1]) < html.index(names[2])
    assert "insufficient history" in html and "New 12-month order form from 2025-09-01" in html
    only = client.get(url, {"scenario": "LAST_TWO_MONTHS"}).content.decode()
    assert names[1] in only and names[0] not in only
    assert names[2] not in client.get(url, {"alerting": "true"}).content.decode()
    rows = list(csv.reader(io.StringIO(client.get(url, {"_export": "csv"}).content.decode())))
    assert rows[0][:3] == ["Customer", "Owner", "Configuration"] and [r[0] for r in rows[1:]] == names


def test_the_runway_list_query_count_does_not_grow(client):
    client.force_login(UserFactory())

    def count(n):
        for _ in range(n):
            CreditRunwayFactory(as_of=date.today(), billing_customer=customer()[0])
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("billing:credit-runway"))
        return len(captured)

    assert count(2) == count(10)


def test_an_owner_acknowledges_an_alert_others_may_not(client, world):
    bc, _ = world
    runway = CreditRunway.objects.get(billing_customer=bc)
    url = reverse("billing:credit-runway-acknowledge", args=[runway.pk])
    client.force_login(UserFactory(role="tam"))
    assert client.post(url).status_code == 403
    client.force_login(bc.account.owner)
    assert client.post(url).status_code == 302
    runway.refresh_from_db()
    assert runway.alert_state == "ACKNOWLEDGED" and runway.acknowledged_by == bc.account.owner


def test_the_navigation_lists_the_credit_runway(client):
    client.force_login(UserFactory())
    assert 'href="/billing/credits/runway/"' in client.get("/").content.decode()


def test_book_columns_have_exactly_the_contract_keys_in_two_queries(django_assert_num_queries):
    bc, _ = customer()
    for month, mrr in [(date(2025, 1, 1), "10.00"), (date(2025, 5, 1), "50.00"), (date(2025, 6, 1), "99.00")]:
        MonthlyRevenueFactory(billing_customer=bc, month=month, mrr=D(mrr))
    CreditRunwayFactory(billing_customer=bc, as_of=date(2025, 6, 10))
    other, _ = customer()
    with django_assert_num_queries(2):
        columns = selectors.book_columns([bc.account_id, other.account_id], as_of=date(2025, 6, 10))
    assert set(columns) == {bc.account_id}
    assert set(columns[bc.account_id]) == {"mrr_6m", "credit_runway_days", "credit_run_out_on"}
    # the last six complete months, oldest first: Dec 2024 … May 2025 (June is not complete)
    assert columns[bc.account_id]["mrr_6m"] == [
        D("0.00"),
        D("10.00"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("50.00"),
    ]
    assert columns[bc.account_id]["credit_runway_days"] == 107
    assert columns[bc.account_id]["credit_run_out_on"] == date(2025, 9, 25)


def test_book_columns_take_the_same_queries_for_many_accounts(django_assert_num_queries):
    ids = [customer()[0].account_id for _ in range(15)]
    with django_assert_num_queries(2):
        selectors.book_columns(ids)


def test_the_api_gives_mrr_and_runway_per_account_and_the_runway_list(client, world):
    bc, _ = world
    client.force_login(UserFactory())
    [mrr] = client.get(f"/api/v1/billing/accounts/{bc.account_id}/mrr").json()
    assert mrr["total_label"] == "MRR (credit payments)"
    assert mrr["months"][0] == {
        "month": "2025-01",
        "configuration": "ENTERPRISE_YEARLY_CREDIT",
        "total": "7500.00",
        "products": {"product_analytics": "7500.00"},
    }  # 10000 x (1 - 25 %)
    history = client.get(f"/api/v1/billing/accounts/{bc.account_id}/credit-runway", {"days": 100000}).json()
    assert history[0]["run_out_date"] == "2025-09-25" and history[0]["scenario"] == "BETWEEN"
    assert client.get("/api/v1/billing/credit-runway", {"scenario": "NOPE"}).status_code == 400
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in (
        "/api/v1/billing/accounts/{id}/mrr",
        "/api/v1/billing/accounts/{id}/credit-runway",
        "/api/v1/billing/credit-runway",
    ):
        assert "get" in schema["paths"][path]
