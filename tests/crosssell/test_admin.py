"""The cross-sell admin is RevOps-only; its lists cost the same queries for 2 or 8 accounts."""

import pytest

from crosssell.pipeline import run_nightly
from tests.factories.accounts import UserFactory
from tests.factories.crosssell import AS_OF, scenario_account

pytestmark = pytest.mark.django_db
PAGES = ["recommendation", "triggerepisode", "accountcrosssellstate", "usecase", "rolefamilyrule",
         "discoveryquestion", "crosssellrun", "crosssellpathway"]


def test_only_revops_admins_use_it(client):
    client.force_login(UserFactory(role="tam"))
    assert client.get("/admin/crosssell/usecase/").status_code in (302, 403)


@pytest.mark.parametrize("page", PAGES)
def test_each_list_costs_the_same_for_more_rows(client, page):
    client.force_login(UserFactory(role="revops_admin"))
    scenario_account()
    run_nightly(as_of=AS_OF)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/admin/crosssell/{page}/").status_code == 200
    for _ in range(3):
        scenario_account()
    run_nightly(as_of=AS_OF)
    with CaptureQueriesContext(connection) as more:
        assert client.get(f"/admin/crosssell/{page}/").status_code == 200
    assert len(more.captured_queries) == len(few.captured_queries)
