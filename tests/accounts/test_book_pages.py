"""My book and the accounts list (accounts.md §5, D-26): parts, header, sorting, filters, CSV,
and query counts that do not grow with the book or the database."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.segments import services as segment_services
from tests.factories import (
    AccountFactory,
    AccountProductFactory,
    BookMembershipFactory,
    LeadMembershipFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def book_of(tam, managed=0, leads=0, owned=0, arr=Decimal("30000")):
    for i in range(managed):
        account = AccountFactory(owner=tam, arr=arr + i, name=f"Managed {i:02d}")
        BookMembershipFactory(account=account, tam=tam, added_on=date(2025, 1, 2))
        AccountProductFactory(account=account, product_key="session_replay", paying=True)
    for i in range(leads):
        LeadMembershipFactory(account=AccountFactory(arr=arr, name=f"Lead {i:02d}"), tam=tam,
                              added_on=date(2026, 11, 1))
    for i in range(owned):
        AccountFactory(overlay_tam=tam, arr=arr, name=f"Overlay {i:02d}")


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_it_shows_am_managed_leads_and_other_accounts_apart(client):
    tam = UserFactory(role="tam")
    book_of(tam, managed=2, leads=1, owned=1)
    segment_services.segments_refresh(as_of=date(2026, 11, 18))
    client.force_login(tam)
    response = client.get(reverse("my-book"))
    sections = {s["part"]: [r.record.name for r in s["rows"]] for s in response.context["sections"]}
    assert sections == {"am_managed": ["Managed 01", "Managed 00"], "leads": ["Lead 00"],
                        "other": ["Overlay 00"]}
    html = response.content.decode()
    assert "AM Managed" in html and "$20K ARR" in html and "1/3" in html
    header = response.context["header"]
    assert (header.am_managed_count, header.leads_count) == (2, 1)
    assert "below the target of 10 to 15" in html  # B-1 D-9 warning


def test_it_sorts_by_a_column_within_a_part(client):
    tam = UserFactory()
    book_of(tam, managed=3)
    client.force_login(tam)
    response = client.get(reverse("my-book"), {"am_managed-sort": "name"})
    rows = [r.record.name for r in response.context["sections"][0]["rows"]]
    assert rows == ["Managed 00", "Managed 01", "Managed 02"]


def test_the_csv_export_matches_the_table(client):
    tam = UserFactory()
    book_of(tam, managed=3)
    segment_services.segments_refresh(as_of=date(2026, 11, 18))
    client.force_login(tam)
    page = client.get(reverse("my-book"), {"am_managed-sort": "-arr"})
    table = page.context["sections"][0]["table"]
    exported = client.get(reverse("my-book"), {"am_managed-sort": "-arr", "_export": "csv",
                                               "_part": "am_managed"})
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:4] == ["Account", "ARR", "MRR (6 months)", "Health"]
    assert rows[1:] == [[str(v) for v in row] for row in list(table.as_values())[1:]]
    assert [r[0] for r in rows[1:]] == ["Managed 02", "Managed 01", "Managed 00"]
    assert [r[1] for r in rows[1:]] == ["30002.00", "30001.00", "30000.00"]
    segments = rows[0].index("Segments")
    assert rows[1][segments] == "$20K ARR; AM Managed"
    assert rows[1][rows[0].index("Churn risk")] == "—"


def test_the_book_costs_the_same_queries_for_2_and_20_accounts(client):
    tam, other = UserFactory(), UserFactory()
    book_of(tam, managed=1, leads=1, owned=1)
    book_of(other, managed=10, leads=5, owned=5)
    client.force_login(tam)
    small = queries(client, reverse("book", args=[tam.pk]))
    large = queries(client, reverse("book", args=[other.pk]))
    assert small == large
    for _ in range(30):  # more accounts in the database, none in the book
        AccountFactory()
    assert queries(client, reverse("book", args=[tam.pk])) == small
    assert queries(client, reverse("my-book")) == small - 1  # no user to look up


def test_d26_anyone_can_open_any_users_book_but_only_leads_and_managers_get_a_switcher(client):
    team = TeamFactory()
    lead = UserFactory(role="tam", is_team_lead=True, team=team)
    member = UserFactory(role="tam", team=team)
    book_of(member, managed=1)
    csm = UserFactory(role="csm")
    client.force_login(csm)
    response = client.get(reverse("book", args=[member.pk]))
    assert response.status_code == 200 and response.context["members"] == []
    assert "Managed 00" in response.content.decode()
    client.force_login(lead)
    assert {u.pk for u in client.get(reverse("my-book")).context["members"]} == {lead.pk, member.pk}
    manager = UserFactory(role="sales_manager")
    client.force_login(manager)
    members = client.get(reverse("my-book")).context["members"]
    assert {lead.pk, member.pk, csm.pk} <= {u.pk for u in members}
    assert manager.pk not in {u.pk for u in members}


def test_a_csm_book_is_counted_against_30_accounts(client):
    csm = UserFactory(role="csm")
    for _ in range(2):
        AccountFactory(owner=csm, arr=Decimal("100000"))
    client.force_login(csm)
    html = client.get(reverse("my-book")).content.decode()
    assert "Accounts owned" in html and "/ about 30" in html


def test_an_empty_book_says_so(client):
    client.force_login(UserFactory())
    html = client.get(reverse("my-book")).content.decode()
    assert "No AM Managed accounts" in html and "No open leads." in html


def test_the_book_needs_a_login(client):
    response = client.get(reverse("my-book"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- the accounts list -------------------------------------------------------------------------


def test_the_accounts_list_searches_name_domain_and_owner(client):
    owner = UserFactory(name="Priya Raman", email="priya@example.com")
    AccountFactory(name="Acme Rockets", website="https://acme.example")
    AccountFactory(name="Globex", site_url="https://globex-corp.example", owner=owner)
    AccountFactory(name="Initech")
    client.force_login(UserFactory(role=""))  # read-only users read everything too (D-26)

    def names(q):
        response = client.get(reverse("account-list"), {"q": q})
        return [row.record.name for row in response.context["table"].page.object_list]

    assert names("acme") == ["Acme Rockets"]
    assert names("globex-corp") == ["Globex"]
    assert names("priya") == ["Globex"]
    assert names("raman") == ["Globex"]
    assert names("nothing-like-this") == []
    assert "No account matches these filters." in client.get(
        reverse("account-list"), {"q": "nothing-like-this"}).content.decode()


def test_the_accounts_list_filters_by_segment_and_paginates_without_counting(client):
    for i in range(55):
        AccountFactory(arr=Decimal(20000 + i), owner=UserFactory() if i % 2 else None)
    segment_services.segments_refresh(as_of=date(2026, 11, 18))
    client.force_login(UserFactory())
    first = client.get(reverse("account-list"))
    assert len(first.context["table"].page.object_list) == 50
    assert first.context["table"].page.has_next()
    second = client.get(reverse("account-list"), {"page": 2})
    assert len(second.context["table"].page.object_list) == 5
    candidates = client.get(reverse("account-list"), {"segment": "tam_csm_candidate"})
    assert len(candidates.context["table"].page.object_list) == 28


def test_the_accounts_list_costs_the_same_queries_for_5_and_60_accounts(client):
    viewer = UserFactory()
    client.force_login(viewer)
    for _ in range(5):
        AccountFactory(owner=viewer)
    small = queries(client, reverse("account-list"))
    for _ in range(55):
        AccountFactory(owner=UserFactory())
    assert queries(client, reverse("account-list")) == small
    assert queries(client, reverse("account-list") + "?q=customer&segment=arr_20k") <= small


def test_the_accounts_list_csv_follows_the_filter(client):
    AccountFactory(name="Acme Rockets", arr=Decimal("1000"))
    AccountFactory(name="Globex", arr=Decimal("2000"))
    client.force_login(UserFactory())
    response = client.get(reverse("account-list"), {"q": "acme", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[0] for r in rows] == ["Account", "Acme Rockets"]


def test_navigation_lists_my_book_and_accounts(client):
    client.force_login(UserFactory())
    labels = [item["label"] for item in client.get(reverse("home")).context["navigation"]]
    assert labels[:3] == ["Home", "My book", "Accounts"]


def test_the_top_40_filter_keeps_only_top_40_accounts(client):
    AccountFactory(name="Big", is_top_40=True)
    AccountFactory(name="Small")
    client.force_login(UserFactory())

    def names(value):
        table = client.get(reverse("account-list"), {"is_top_40": value}).context["table"]
        return sorted(row.record.name for row in table.page.object_list)

    assert names("true") == ["Big"] and names("false") == ["Small"] and names("") == ["Big", "Small"]


def test_d8_the_quarter_start_count_is_the_open_memberships_added_by_the_first_day():
    from accounts.book import selectors

    tam = UserFactory()
    for added_on in (date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 2)):
        BookMembershipFactory(account=AccountFactory(), tam=tam, added_on=added_on, grace_until=date(2027, 1, 2))
    book = selectors.book_of(tam, as_of=date(2026, 11, 18))
    assert book.quarter_start_count == 2  # added on or before 1 October
    assert selectors.quarter_start(date(2026, 11, 18)) == date(2026, 10, 1)
    assert selectors.quarter_start(date(2026, 3, 31)) == date(2026, 1, 1)
