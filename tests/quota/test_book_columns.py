"""quota.selectors for other apps: My book's columns and the month multipliers cross-sell reads."""

import datetime as dt
from decimal import Decimal

import pytest

from quota import selectors
from quota.engine import Quarter
from quota.services import quota_recompute
from tests.factories import UserFactory, billed_account, invoice_with_lines

from .conftest import handbook_customer

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 7, 20)


def test_book_columns_has_exactly_the_contract_keys_in_two_queries(tam, django_assert_num_queries):
    books = [handbook_customer(tam)[0] for _ in range(3)]
    outside, customer = billed_account()
    invoice_with_lines(customer, dt.date(2025, 9, 1), {"logs": "500.00"})
    quota_recompute(quarter=Quarter(2025, 3), today=TODAY)
    quota_recompute(quarter=Quarter(2025, 2), today=TODAY)
    ids = [a.pk for a in books] + [outside.pk]
    with django_assert_num_queries(2):
        columns = selectors.book_columns(ids, today=dt.date(2025, 6, 30))
    assert set(columns) == {a.pk for a in books}  # not in a book: no contribution, missing
    assert columns[books[0].pk] == {"quota_contribution": Decimal("11160.00"), "quota_multiplier": Decimal("1.10")}
    assert all(set(value) == {"quota_contribution", "quota_multiplier"} for value in columns.values())


def test_book_columns_answers_nothing_for_no_ids(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.book_columns([]) == {}


def test_account_month_multipliers_reads_one_month_in_one_query(tam, django_assert_num_queries):
    account, _ = handbook_customer(tam)
    other, _ = handbook_customer(UserFactory(role="tam"))
    quota_recompute(quarter=Quarter(2025, 2), today=TODAY)
    with django_assert_num_queries(1):
        june = selectors.account_month_multipliers([account.pk, other.pk], dt.date(2025, 6, 17))
    assert june == {account.pk: Decimal("1.10"), other.pk: Decimal("1.10")}
    assert selectors.account_month_multipliers([account.pk], dt.date(2025, 4, 1)) == {account.pk: Decimal("0.90")}
    assert selectors.account_month_multipliers([account.pk], dt.date(2024, 4, 1)) == {}
