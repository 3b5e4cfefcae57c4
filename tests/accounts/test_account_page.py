"""The account page (accounts.md §5 Account detail): header, sections, edits per the §1.1
matrix with audit, the inline note and the timeline, panel slots, and constant query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from accounts.models import Account, Contact, Note, TimelineEvent
from accounts.segments import services as segment_services
from tests.factories import (
    AccountFactory,
    AccountProductFactory,
    ContactFactory,
    NoteFactory,
    TeamFactory,
    TimelineEventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(role="tam", team=TeamFactory(name="US PLS"))


@pytest.fixture
def account(owner):
    return AccountFactory(name="Hooli", owner=owner, arr=Decimal("61000"), mrr=Decimal("5083.33"),
                          cloud_region="US", new_owner="US TAM")


def url(name, account, *extra):
    return reverse(name, args=[account.pk, *extra])


def test_it_shows_the_header_sections_and_segments(client, account, owner):
    segment_services.segments_refresh(as_of=timezone.localdate())
    AccountProductFactory(account=account, product_key="session_replay", paying=True)
    ContactFactory(account=account, name="Ada Champion", roles=["champion", "technical_stakeholder"])
    client.force_login(UserFactory(role=""))
    html = client.get(url("account-detail", account)).content.decode()
    for text in ("Hooli", "61,000.00", "5,083.33", str(owner), "US TAM", "$60K ARR",
                 "Business info", "Contacts &amp; stakeholders", "Ada Champion", "session_replay",
                 "Timeline", "Multithreading: <strong>0 of 3 threads"):
        assert text in html
    assert "Not available yet: provided by health." in html  # health band until health ships
    assert "Edit business info" not in html and "Add a note" not in html  # read-only user


def test_a_missing_account_is_a_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("account-detail", args=[999999])).status_code == 404


# --- permission matrix (§1.1) -----------------------------------------------------------------


def business_post(client, account, **changes):
    data = {"description": "", "website": "", "hq_location": "", "hq_country": "", "business_type": "",
            "business_type_other": "", "business_model": "", "stage": "", "acquired_by": "",
            "funding": "", "last_funding_on": "", "investors": "", "employee_count": "",
            "key_products_services": "", "pricing": ""}
    data.update(changes)
    return client.post(url("account-business-info", account), data)


def test_matrix_a_tam_cannot_edit_another_tams_account(client, account):
    client.force_login(UserFactory(role="tam"))
    assert business_post(client, account, description="mine now").status_code == 403
    note = client.post(url("account-note-add", account), {"kind": "note", "direction": "outbound", "body": "x"})
    assert note.status_code == 403
    contact = ContactFactory(account=account)
    assert client.post(url("account-contact-status", account, contact.pk), {"status": "left"}).status_code == 403
    assert Account.objects.get(pk=account.pk).description == ""
    assert not Note.objects.exists()


def test_matrix_a_team_lead_can_edit_the_teams_account(client, account, owner):
    lead = UserFactory(role="tam", is_team_lead=True, team=owner.team)
    client.force_login(lead)
    response = business_post(client, account, description="Search engine", hq_country="US")
    assert response.status_code == 302
    saved = Account.objects.get(pk=account.pk)
    assert saved.description == "Search engine"
    audit = saved.history.first()
    assert audit.history_user == lead and audit.history_date is not None  # D-26: actor and time


def test_matrix_a_lead_of_another_team_cannot(client, account):
    client.force_login(UserFactory(role="tam", is_team_lead=True, team=TeamFactory(name="EU PLS")))
    assert business_post(client, account, description="x").status_code == 403


def test_matrix_the_owner_a_manager_and_revops_may_edit_business_info(client, account, owner):
    for user in (owner, UserFactory(role="sales_manager"), UserFactory(role="revops_admin")):
        client.force_login(user)
        assert business_post(client, account, description=f"by {user.role}").status_code == 302
    assert Account.objects.get(pk=account.pk).description == "by revops_admin"


def test_matrix_revops_edits_business_info_only_not_notes(client, account):
    client.force_login(UserFactory(role="revops_admin"))
    response = client.post(url("account-note-add", account), {"kind": "note", "direction": "internal",
                                                              "body": "hello"})
    assert response.status_code == 403


def test_matrix_everyone_reads(client, account):
    for role in ("", "bdr", "csm", "onboarding", "tae", "sales_manager", "revops_admin"):
        client.force_login(UserFactory(role=role))
        assert client.get(url("account-detail", account)).status_code == 200


# --- bad input keeps what was typed and names the field -----------------------------------------


def test_a_failed_business_info_save_names_the_field_and_keeps_the_typing(client, account, owner):
    client.force_login(owner)
    response = business_post(client, account, description="Typed with care", stage="Acquired",
                             hq_country="us")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Acquired by: Required when the stage is Acquired" in html
    assert "HQ country (ISO code, e.g. US): hq_country: an ISO-3166 alpha-2 code" in html
    assert "Typed with care" in html  # kept in the form
    assert "<details open>" in html
    assert Account.objects.get(pk=account.pk).description == ""  # nothing half-written


# --- timeline and notes (§1.9) ----------------------------------------------------------------


def test_it_adds_a_note_inline_and_shows_it_first_on_the_timeline(client, account, owner):
    contact = ContactFactory(account=account, name="Ada")
    NoteFactory(account=account, body="Older note", occurred_at=timezone.now() - timedelta(days=2))
    client.force_login(owner)
    response = client.post(
        url("account-note-add", account),
        {"kind": "call", "direction": "inbound", "body": "Discussed the renewal", "tags": ["renewal", "pricing"],
         "contacts": [contact.pk]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="timeline"')  # the partial, not a page
    assert html.index("Discussed the renewal") < html.index("Older note")
    assert "Note added." in html
    note = Note.objects.get(body="Discussed the renewal")
    assert (note.author, note.kind, note.direction, note.tags) == (owner, "call", "inbound", ["renewal", "pricing"])
    assert list(note.contacts.all()) == [contact]
    assert note.history.first().history_user == owner


def test_an_empty_note_names_the_field_and_keeps_the_choices(client, account, owner):
    client.force_login(owner)
    response = client.post(url("account-note-add", account),
                           {"kind": "qbr", "direction": "inbound", "body": "   ", "tags": ["churn"]},
                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Note: Write the note before saving it." in html
    assert '<option value="qbr" selected>' in html
    assert 'value="churn" id="id_tags_8" checked' in html
    assert not Note.objects.exists()


def test_a_note_without_htmx_redirects_back_to_the_timeline(client, account, owner):
    client.force_login(owner)
    response = client.post(url("account-note-add", account), {"kind": "note", "direction": "internal",
                                                              "body": "Plain post"})
    assert response.status_code == 302 and response["Location"].endswith("#timeline")


def test_the_timeline_filters_by_kind(client, account):
    NoteFactory(account=account, kind="call", body="A call")
    NoteFactory(account=account, kind="email", body="An email")
    TimelineEventFactory(account=account, type="owner_changed", payload={"to": "someone"})
    client.force_login(UserFactory())
    path = url("account-timeline", account)

    def shown(kind):
        response = client.get(path, {"kind": kind}, HTTP_HX_REQUEST="true")
        assert f'<option value="{kind}" selected>' in response.content.decode() or kind == "nonsense"
        return [e.note.body if e.note else e.label for e in response.context["timeline"]]

    assert shown("note:call") == ["A call"]
    assert shown("events") == ["Owner changed"]
    assert sorted(shown("notes")) == ["A call", "An email"]
    assert sorted(shown("nonsense")) == ["A call", "An email", "Owner changed"]  # unknown = all


def test_marking_a_contact_as_left_writes_a_contact_status_changed_event(client, account, owner):
    contact = ContactFactory(account=account, name="Bob Buyer", roles=["economic_buyer"])
    client.force_login(owner)
    response = client.post(url("account-contact-status", account, contact.pk), {"status": "left"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == "left" and contact.status_changed_on == timezone.localdate()
    event = TimelineEvent.objects.get(account=account, type="contact_status_changed")
    assert event.actor == owner
    assert event.payload["from"] == "active" and event.payload["to"] == "left"
    assert "Contact status changed" in client.get(url("account-detail", account)).content.decode()
    client.post(url("account-contact-status", account, contact.pk), {"status": "changed_role", "title": "CFO"})
    contact.refresh_from_db()
    assert (contact.status, contact.title) == ("changed_role", "CFO")
    assert TimelineEvent.objects.filter(type="contact_status_changed").count() == 2


def test_an_unknown_contact_status_is_refused_by_name(client, account, owner):
    contact = ContactFactory(account=account)
    client.force_login(owner)
    response = client.post(url("account-contact-status", account, contact.pk), {"status": "vanished"},
                           follow=True)
    assert "status:" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).status == "active"


# --- panels -----------------------------------------------------------------------------------


def test_a_panel_slot_appears_only_when_the_areas_url_exists(client, account, settings):
    """§5: one htmx slot per area whose `<area>:account_panel` resolves, none for the others."""
    client.force_login(UserFactory())
    html = client.get(url("account-detail", account)).content.decode()
    for area in ("billing", "health", "crosssell", "quota", "revops"):
        panel_url = reverse(f"{area}:account_panel", args=[account.pk])
        assert f'data-panel="{area}" hx-get="{panel_url}" hx-trigger="load"' in html
    assert html.count("data-panel=") == 5
    settings.ROOT_URLCONF = "tests.accounts.panel_urls"
    clear_url_caches()
    try:
        html = client.get(url("account-detail", account)).content.decode()
        assert 'data-panel="quota"' not in html
        assert html.count("data-panel=") == 4
    finally:
        clear_url_caches()


# --- query counts -----------------------------------------------------------------------------


def page_queries(client, account) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("account-detail", account)).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_costs_the_same_queries_for_a_short_and_a_long_history(client, owner):
    quiet, busy = AccountFactory(owner=owner), AccountFactory(owner=owner)
    for account, n in ((quiet, 2), (busy, 20)):
        contacts = [ContactFactory(account=account) for _ in range(n)]
        for i in range(n):
            NoteFactory(account=account, contacts=[contacts[i]], direction="inbound")
            TimelineEventFactory(account=account)
            AccountProductFactory(account=account, product_key=["session_replay", "feature_flags"][i % 2])
    segment_services.segments_refresh(as_of=timezone.localdate())
    client.force_login(owner)
    assert page_queries(client, quiet) == page_queries(client, busy)
    for _ in range(20):
        AccountFactory()
    assert page_queries(client, quiet) == page_queries(client, busy)
