"""billing.md §6: "lists default to the user's own book" — Credit runway, Late payments and Refund
requests open on a front-line user's own accounts (and, for dunning, the cases they are responsible
for); `book=all` shows everyone's (accounts.md D-26: everyone reads); managers open on all."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CreditRunwayFactory,
    DunningCaseFactory,
    RefundRequestFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _names(client, url, **params) -> set[str]:
    body = client.get(url, {"_export": "csv", **params}).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    return {cell for row in rows[1:] for cell in row if cell.endswith(" Co")}


def _worlds(tam, other):
    today = timezone.now().date()  # the runway list shows readings at most a week old
    return {
        "billing:credit-runway": (
            CreditRunwayFactory(billing_customer__account__owner=tam, billing_customer__name="Mine Co", as_of=today),
            CreditRunwayFactory(
                billing_customer__account__owner=other, billing_customer__name="Theirs Co", as_of=today
            ),
        ),
        "billing:late-payments": (
            DunningCaseFactory(billing_customer__account__owner=tam, billing_customer__name="Mine Co"),
            DunningCaseFactory(billing_customer__account__owner=other, billing_customer__name="Theirs Co"),
        ),
        "billing:refund-list": (
            RefundRequestFactory(
                invoice__stripe_customer__billing_customer__account__owner=tam,
                invoice__stripe_customer__billing_customer__name="Mine Co",
            ),
            RefundRequestFactory(
                invoice__stripe_customer__billing_customer__account__owner=other,
                invoice__stripe_customer__billing_customer__name="Theirs Co",
            ),
        ),
    }


@pytest.mark.parametrize("url_name", ["billing:credit-runway", "billing:late-payments", "billing:refund-list"])
def test_a_tam_s_list_opens_on_their_own_book_and_widens_to_everyone_s(client, url_name):
    tam, other = UserFactory(role="tam"), UserFactory(role="tam")
    _worlds(tam, other)
    client.force_login(tam)
    url = reverse(url_name)
    assert _names(client, url) == {"Mine Co"}
    assert _names(client, url, book="all") == {"Mine Co", "Theirs Co"}
    assert 'name="book"' in client.get(url).content.decode()  # the choice is on the page


@pytest.mark.parametrize("url_name", ["billing:credit-runway", "billing:late-payments", "billing:refund-list"])
def test_a_manager_s_list_opens_on_everyone_s(client, url_name):
    tam, other = UserFactory(role="tam"), UserFactory(role="tam")
    _worlds(tam, other)
    client.force_login(UserFactory(role="sales_manager"))
    assert _names(client, reverse(url_name)) == {"Mine Co", "Theirs Co"}


def test_the_late_payments_book_also_holds_the_cases_a_user_is_responsible_for(client):
    tam, owner = UserFactory(role="tam"), UserFactory(role="tam")
    DunningCaseFactory(billing_customer__account__owner=owner, responsible=tam, billing_customer__name="Covered Co")
    client.force_login(tam)
    assert _names(client, reverse("billing:late-payments")) == {"Covered Co"}
