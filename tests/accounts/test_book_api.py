"""The API twins of My book and the account page (accounts.md §5: each page has a DRF twin)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Note, TimelineEvent
from accounts.segments import services as segment_services
from tests.factories import (
    AccountFactory,
    BookMembershipFactory,
    ContactFactory,
    LeadMembershipFactory,
    NoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def tam():
    return UserFactory(role="tam", name="Tess Amory")


@pytest.fixture
def account(tam):
    return AccountFactory(name="Hooli", owner=tam, arr=Decimal("61000"))


def test_the_book_api_answers_the_pages_parts_header_and_columns(api, tam, account):
    BookMembershipFactory(account=account, tam=tam, added_on=date(2025, 1, 2), grace_until=date(2025, 4, 2))
    LeadMembershipFactory(account=AccountFactory(name="Lead Co"), tam=tam, added_on=date(2026, 11, 1))
    segment_services.segments_refresh(as_of=date(2026, 11, 18))
    api.force_authenticate(tam)
    body = api.get("/api/v1/book/").json()
    assert body["member"] == {"id": tam.pk, "name": "Tess Amory", "role": "tam"}
    assert body["header"]["am_managed_count"] == 1 and body["header"]["leads_count"] == 1
    assert body["header"]["am_managed_arr"] == "61000.00"
    assert body["header"]["warnings"][0]["rule"] == "B-1 D-9"
    (row,) = body["am_managed"]
    assert row["name"] == "Hooli" and row["arr"] == "61000.00" and row["grace_until"] == "2025-04-02"
    assert row["segments"] == ["arr_60k", "am_managed"]
    assert row["columns"]["health_band"] is None and "mrr_6m" in row["columns"]
    assert [r["name"] for r in body["leads"]] == ["Lead Co"] and body["other"] == []


def test_d26_anyone_reads_another_users_book_and_strangers_get_404(api, tam, account):
    api.force_authenticate(UserFactory(role="csm"))
    assert api.get(f"/api/v1/book/{tam.pk}/").status_code == 200
    assert api.get("/api/v1/book/999999/").status_code == 404


def test_the_api_needs_authentication(api, account):
    assert api.get("/api/v1/book/").status_code in (401, 403)
    assert api.get(f"/api/v1/accounts/{account.pk}/").status_code in (401, 403)


def test_account_detail_reads_and_patches_business_info_per_the_matrix(api, tam, account):
    api.force_authenticate(UserFactory(role="tam"))
    body = api.get(f"/api/v1/accounts/{account.pk}/").json()
    assert body["name"] == "Hooli" and body["arr"] == "61000.00" and body["owner"] == "Tess Amory"
    denied = api.patch(f"/api/v1/accounts/{account.pk}/", {"description": "x"}, format="json")
    assert denied.status_code == 403
    api.force_authenticate(tam)
    ok = api.patch(f"/api/v1/accounts/{account.pk}/", {"description": "Search", "employee_count": 40},
                   format="json")
    assert ok.status_code == 200 and ok.json()["description"] == "Search"
    assert account.history.first().history_user == tam


def test_account_detail_errors_name_the_field(api, tam, account):
    api.force_authenticate(tam)
    bad = api.patch(f"/api/v1/accounts/{account.pk}/", {"stage": "Acquired"}, format="json")
    assert bad.status_code == 400 and "acquired_by" in str(bad.json())
    commercial = api.patch(f"/api/v1/accounts/{account.pk}/", {"arr": "1"}, format="json")
    assert commercial.status_code == 400 and commercial.json() == {"arr": ["Not an editable business info field."]}
    country = api.patch(f"/api/v1/accounts/{account.pk}/", {"hq_country": "us"}, format="json")
    assert country.status_code == 400 and "hq_country" in country.json()


def test_contacts_list_and_status_change(api, tam, account):
    contact = ContactFactory(account=account, name="Ada", roles=["champion"])
    api.force_authenticate(tam)
    (listed,) = api.get(f"/api/v1/accounts/{account.pk}/contacts/").json()
    assert listed["name"] == "Ada" and listed["roles"] == ["champion"]
    path = f"/api/v1/accounts/{account.pk}/contacts/{contact.pk}/status/"
    assert api.post(path, {"status": "gone"}, format="json").json().keys() == {"status"}
    changed = api.post(path, {"status": "left"}, format="json")
    assert changed.status_code == 200 and changed.json()["status"] == "left"
    assert TimelineEvent.objects.filter(type="contact_status_changed", account=account).count() == 1


def test_notes_list_and_add(api, tam, account):
    NoteFactory(account=account, kind="email", body="Earlier")
    api.force_authenticate(tam)
    created = api.post(f"/api/v1/accounts/{account.pk}/notes/",
                       {"kind": "call", "direction": "inbound", "body": "Renewal call", "tags": ["renewal"]},
                       format="json")
    assert created.status_code == 201 and created.json()["author"] == "Tess Amory"
    assert [n["body"] for n in api.get(f"/api/v1/accounts/{account.pk}/notes/").json()] == ["Renewal call",
                                                                                            "Earlier"]
    assert [n["body"] for n in api.get(f"/api/v1/accounts/{account.pk}/notes/?kind=email").json()] == ["Earlier"]
    bad = api.post(f"/api/v1/accounts/{account.pk}/notes/", {"body": "", "tags": ["nope"]}, format="json")
    assert bad.status_code == 400 and {"body", "tags"} <= bad.json().keys()
    api.force_authenticate(UserFactory(role="tam"))
    assert api.post(f"/api/v1/accounts/{account.pk}/notes/", {"body": "x"}, format="json").status_code == 403
    assert Note.objects.count() == 2


def test_the_book_api_costs_the_same_queries_for_1_and_10_accounts(api):
    small, large = UserFactory(), UserFactory()
    for tam, n in ((small, 1), (large, 10)):
        for _ in range(n):
            BookMembershipFactory(account=AccountFactory(owner=tam), tam=tam)
    api.force_authenticate(small)
    counts = []
    for tam in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(f"/api/v1/book/{tam.pk}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_schema_documents_the_twins(api):
    api.force_authenticate(UserFactory())
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/book/", "/api/v1/book/{user_id}/", "/api/v1/accounts/{id}/",
                 "/api/v1/accounts/{id}/contacts/", "/api/v1/accounts/{id}/contacts/{contact_id}/status/",
                 "/api/v1/accounts/{id}/notes/"):
        assert path in schema["paths"], path
    assert "patch" in schema["paths"]["/api/v1/accounts/{id}/"]
