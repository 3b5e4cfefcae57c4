"""The account admin list costs the same number of queries however many accounts it shows."""

import pytest

from tests.factories.accounts import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_lists_accounts_in_constant_queries(client, django_assert_max_num_queries):
    client.force_login(UserFactory(role="revops_admin"))
    AccountFactory.create_batch(3, owner=UserFactory(), overlay_tam=UserFactory())
    with django_assert_max_num_queries(12) as few:
        assert client.get("/admin/accounts/account/").status_code == 200
    AccountFactory.create_batch(40, owner=UserFactory(), overlay_tam=UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/admin/accounts/account/").status_code == 200
