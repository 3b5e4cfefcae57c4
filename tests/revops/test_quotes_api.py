"""The quotes CRUD API (revops.md Quote): TAM on own accounts, RevOps on all; everyone reads (D-26)."""

import json
from decimal import Decimal as D

import pytest

from revops.models import Quote
from tests.factories import AccountFactory, QuoteFactory, QuoteOptionFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/quotes/"


def body(account, **changes):
    data = {
        "title": "Renewal options", "account": account.pk if account else None, "projection_method": "average",
        "usage_history": ["1000.00", "1200.00"],
        "options": [
            {"label": "2 years", "credit_amount": "75000.00", "term_years": 2, "prepaid_years": 2,
             "deal_type": "new", "signing_date_committed": True},
            {"label": "Monthly", "credit_amount": "75000.00", "term_years": 1, "billing": "monthly",
             "deal_type": "new"},
        ],
    }  # fmt: skip
    data.update(changes)
    return data


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def tam():
    return UserFactory(role="tam")


def test_a_tam_creates_a_quote_on_an_own_account_priced_and_pinned(client, tam):
    account = AccountFactory(owner=tam)
    client.force_login(tam)
    response = send(client, "post", URL, body(account))
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["status"] == "saved" and answer["monthly_volume"] == "1100.00"
    first, monthly = answer["options"]
    assert (first["discount_pct"], first["price"], first["within_policy"]) == ("35.50", "48375.00", True)
    assert (monthly["discount_pct"], monthly["price"]) == ("0.00", "75000.00")
    assert first["policy_version"] is not None and first["notes"][0]["rule"] == "P-2"


def test_a_tam_may_not_create_a_quote_on_another_tams_account(client, tam):
    client.force_login(tam)
    response = send(client, "post", URL, body(AccountFactory(owner=UserFactory(role="tam"))))
    assert response.status_code == 403 and not Quote.objects.exists()


def test_revops_creates_quotes_on_any_account(client):
    client.force_login(UserFactory(role="revops_admin"))
    assert send(client, "post", URL, body(AccountFactory())).status_code == 201


def test_a_user_without_a_role_reads_but_cannot_write(client):
    quote = QuoteFactory()
    QuoteOptionFactory(quote=quote, position=1)
    client.force_login(UserFactory(role=""))
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}{quote.pk}/").json()["options"][0]["price"] == "24000.00"
    assert send(client, "post", URL, body(None)).status_code == 403
    assert client.delete(f"{URL}{quote.pk}/").status_code == 403


def test_the_owner_updates_and_re_prices_another_tam_may_not(client, tam):
    account = AccountFactory(owner=tam)
    quote = QuoteFactory(account=account, created_by=tam)
    QuoteOptionFactory(quote=quote, position=1)
    client.force_login(UserFactory(role="tam"))
    assert send(client, "put", f"{URL}{quote.pk}/", body(account)).status_code == 403
    client.force_login(tam)
    response = send(client, "put", f"{URL}{quote.pk}/", body(account))
    assert response.status_code == 200
    assert [o["discount_pct"] for o in response.json()["options"]] == ["35.50", "0.00"]
    assert client.delete(f"{URL}{quote.pk}/").status_code == 204
    assert not Quote.objects.exists()


def test_bad_options_are_named_by_index_and_field(client, tam):
    client.force_login(tam)
    data = body(AccountFactory(owner=tam))
    data["options"][1]["prepaid_years"] = 3
    data["options"][0]["credit_amount"] = "lots"
    response = send(client, "post", URL, data)
    assert response.status_code == 400
    errors = response.json()["options"]
    assert set(errors) == {"options[0]", "options[1]"}
    assert "credit_amount" in errors["options[0]"] and "prepaid_years" in errors["options[1]"]


def test_more_than_five_options_are_refused(client, tam):
    client.force_login(tam)
    data = body(AccountFactory(owner=tam))
    data["options"] = data["options"][:1] * 6
    assert send(client, "post", URL, data).status_code == 400


def test_the_list_filters_by_account_and_keeps_its_query_count(client, tam, django_assert_num_queries):
    account = AccountFactory(owner=tam)
    for _ in range(2):
        QuoteOptionFactory(quote=QuoteFactory(account=account), position=1)
    client.force_login(tam)
    client.get(URL)
    with django_assert_num_queries(4) as few:
        client.get(URL)
    for _ in range(10):
        QuoteOptionFactory(quote=QuoteFactory(account=account), position=1)
    QuoteFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"account": account.pk})
    assert len(response.json()) == 12
    assert all(D(q["options"][0]["price"]) == D("24000.00") for q in response.json())
