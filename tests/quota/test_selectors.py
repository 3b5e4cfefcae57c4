"""quota.selectors: the set-wise book reads other apps build on."""

import datetime as dt

import pytest

from quota import selectors
from tests.factories import AccountFactory, BookMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_loads_open_memberships_for_many_accounts_in_one_query(django_assert_num_queries):
    tam, other_tam = UserFactory(role="tam"), UserFactory(role="tam")
    shared, solo, outside, ended = AccountFactory(), AccountFactory(), AccountFactory(), AccountFactory()
    first = BookMembershipFactory(account=shared, tam=tam, added_on=dt.date(2025, 1, 2))
    second = BookMembershipFactory(account=shared, tam=other_tam, added_on=dt.date(2025, 2, 3))
    only = BookMembershipFactory(account=solo, tam=tam)
    BookMembershipFactory(account=ended, tam=tam, ended_on=dt.date(2025, 3, 31), removal_reason="churned")

    ids = [shared.pk, solo.pk, outside.pk, ended.pk]
    with django_assert_num_queries(1):
        result = selectors.open_book_memberships(account_ids=ids)
        tams = {m.tam.email for memberships in result.values() for m in memberships}
    assert result == {shared.pk: [first, second], solo.pk: [only], outside.pk: [], ended.pk: []}
    assert tams == {tam.email, other_tam.email}


def test_it_answers_an_empty_dict_without_querying(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.open_book_memberships(account_ids=[]) == {}


def test_it_lists_a_tams_open_book_by_account_name():
    tam = UserFactory(role="tam")
    zeta = BookMembershipFactory(tam=tam, account=AccountFactory(name="Zeta"))
    alpha = BookMembershipFactory(tam=tam, account=AccountFactory(name="Alpha"))
    BookMembershipFactory(tam=tam, ended_on=dt.date(2025, 3, 31), removal_reason="handed_over")
    BookMembershipFactory(account=AccountFactory(name="Beta"))  # another TAM's book
    assert list(selectors.open_book_for_tam(tam=tam)) == [alpha, zeta]
