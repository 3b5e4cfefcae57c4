"""Quota pages (quota.md Pages): scope, content, CSV, filters, what-if, team quota, account panel,
and query counts that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quota.engine import Quarter
from quota.services import quota_recompute
from tests.factories import (
    QuotaFactory,
    QuotaPeriodFactory,
    RepPlanFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

from .conftest import AFTER_Q2_CUTOFF, HANDBOOK_MONTHS, handbook_customer

pytestmark = pytest.mark.django_db
Q2 = "2025-Q2"


def rep_in(team, *, lead=False, name=None):
    rep = UserFactory(role="tam", team=team, is_team_lead=lead, name=name or "")
    RepPlanFactory(rep=rep, team=team, is_team_lead=lead, role_start_date=dt.date(2023, 1, 9),
                   valid_from=dt.date(2023, 1, 9))
    TeamMembershipFactory(team=team, rep=rep, joined_on=dt.date(2023, 1, 9))
    QuotaFactory(rep=rep, period=QuotaPeriodFactory(year=2025, quarter=2))
    return rep


@pytest.fixture
def org(db):
    us, eu = TeamFactory(name="US Product-led Sales"), TeamFactory(name="EU Product-led Sales", region="EU")
    lead = rep_in(us, lead=True, name="Lee Lead")
    us.lead = lead
    us.save()
    tess = rep_in(us, name="Tess Amory")
    ulla = rep_in(us, name="Ulla Other")
    emil = rep_in(eu, name="Emil Eu")
    accounts = {
        "tess": handbook_customer(tess)[0],
        "ulla": handbook_customer(ulla, months=HANDBOOK_MONTHS[:5])[0],  # churned: no June invoice
        "emil": handbook_customer(emil)[0],
    }
    quota_recompute(quarter=Quarter(2025, 2), today=AFTER_Q2_CUTOFF)
    return {
        "lead": lead, "tess": tess, "ulla": ulla, "emil": emil, "accounts": accounts, "us": us,
        "manager": UserFactory(role="sales_manager"), "csm": UserFactory(role="csm"),
    }


def get(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, **extra)


def tracker_url(rep, quarter=Q2):
    return reverse("quota:tracker", args=[rep.pk, quarter])


def drill_url(rep, account, quarter=Q2):
    return reverse("quota:drilldown", args=[rep.pk, quarter, account.pk])


def test_a_tam_sees_their_tracker_with_the_handbook_figures(client, org):
    response = get(client, org["tess"], tracker_url(org["tess"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "TAM Quota Tracker · Tess Amory · 2025-Q2" in page
    assert org["accounts"]["tess"].name in page
    assert "19,600.00" in page and "30,760.00" in page and "11,160.00" in page
    assert "4.46%" in page  # 11,160 / 250,000
    assert "quota-chart-data" in page and "js/quota_tracker.js" in page
    assert "provisional" not in page.split("<main")[1].split("Summary")[0]  # final after the cutoff


def test_a_tam_cannot_see_another_tams_tracker_drilldown_or_api(client, org):
    """quota.md Pages: a TAM sees only their own (compensation overrides D-26)."""
    tess, ulla = org["tess"], org["ulla"]
    assert get(client, tess, tracker_url(ulla)).status_code == 403
    assert get(client, tess, drill_url(ulla, org["accounts"]["ulla"])).status_code == 403
    assert get(client, tess, reverse("api-quota-attainment-rep", args=[ulla.pk])).status_code == 403


def test_a_tams_quota_index_is_their_own_tracker(client, org):
    response = get(client, org["tess"], reverse("quota:tracker-index") + "?quarter=2025-Q2")
    assert response.status_code == 302 and response["Location"] == tracker_url(org["tess"])


def test_a_team_lead_sees_the_team_and_not_other_teams(client, org):
    lead = org["lead"]
    assert get(client, lead, tracker_url(org["tess"])).status_code == 200
    assert get(client, lead, drill_url(org["ulla"], org["accounts"]["ulla"])).status_code == 200
    assert get(client, lead, tracker_url(org["emil"])).status_code == 403
    index = get(client, lead, reverse("quota:tracker-index") + "?quarter=2025-Q2").content.decode()
    assert "Tess Amory" in index and "Ulla Other" in index and "Lee Lead" in index
    assert "Emil Eu" not in index


def test_a_sales_manager_sees_every_rep(client, org):
    index = get(client, org["manager"], reverse("quota:tracker-index") + "?quarter=2025-Q2").content.decode()
    for name in ("Tess Amory", "Ulla Other", "Lee Lead", "Emil Eu"):
        assert name in index
    assert get(client, org["manager"], tracker_url(org["emil"])).status_code == 200


def test_a_csm_sees_no_quota_figures(client, org):
    csm = org["csm"]
    index = get(client, csm, reverse("quota:tracker-index") + "?quarter=2025-Q2").content.decode()
    assert "No quota figures are visible to you" in index and "Tess Amory" not in index
    assert get(client, csm, tracker_url(org["tess"])).status_code == 403
    assert get(client, csm, reverse("quota:teams")).status_code == 403


def test_the_tracker_exports_csv_and_filters_by_flag(client, org):
    lead = org["lead"]
    csv = get(client, lead, tracker_url(org["ulla"]) + "?_export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode()
    assert "Contribution" in body.splitlines()[0] and org["accounts"]["ulla"].name in body
    assert "churned" in body and "-19600.00" in body
    churned = get(client, lead, tracker_url(org["tess"]) + "?flag=churned").content.decode()
    assert org["accounts"]["tess"].name not in churned and "No account in this book matches" in churned
    sorted_page = get(client, lead, tracker_url(org["tess"]) + "?sort=-starting_arr")
    assert sorted_page.status_code == 200


def test_the_drilldown_is_the_handbook_table_with_cells_that_explain_themselves(client, org):
    page = get(client, org["tess"], drill_url(org["tess"], org["accounts"]["tess"])).content.decode()
    for label in ("(A)", "Invoice Amount", "Number of Products", "(B)", "Multiplier", "(A × B)", "Quota Invoice Amt"):  # noqa: RUF001
        assert label in page
    for month in ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"):
        assert month in page
    assert "4 × (1610.00 + 1540.00 + 1750.00)" in page and "4 × (2430.00 + 1960.00 + 3300.00)" in page  # noqa: RUF001
    assert "session_replay 700.00: paid (&gt; $200.00)" in page
    assert "Q-3: 0.7 + 0.2 × (3 − 1)" in page and "Q-4: 3000.00 x 1.10 = 3300.00." in page  # noqa: RUF001
    assert 'data-figure="diff">11,160.00' in page
    assert "Computation history" in page and "first computed" in page


def test_the_drilldown_is_404_for_an_account_outside_the_book(client, org):
    assert get(client, org["tess"], drill_url(org["tess"], org["accounts"]["emil"])).status_code == 404
    assert get(client, org["tess"], tracker_url(org["tess"], "2025-Q9")).status_code == 404


def _count(client, user, url):
    client.force_login(user)
    client.get(url)  # warm: session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_query_counts_do_not_grow_with_the_data(client, org):
    """Tracker, drill-down, index, team quota and panel: the same queries with 1 or 6 accounts."""
    tess, manager = org["tess"], org["manager"]
    urls = {
        "tracker": (tess, tracker_url(tess)),
        "drilldown": (tess, drill_url(tess, org["accounts"]["tess"])),
        "index": (manager, reverse("quota:tracker-index") + "?quarter=2025-Q2"),
        "teams": (manager, reverse("quota:teams") + "?quarter=2025-Q2"),
        "panel": (tess, reverse("quota:account_panel", args=[org["accounts"]["tess"].pk])),
    }
    before = {name: _count(client, user, url) for name, (user, url) in urls.items()}
    for _ in range(5):
        handbook_customer(tess)
    rep_in(org["us"], name="Nina New")
    quota_recompute(quarter=Quarter(2025, 2), today=AFTER_Q2_CUTOFF)
    after = {name: _count(client, user, url) for name, (user, url) in urls.items()}
    assert after == before
    assert before["tracker"] <= 12 and before["drilldown"] <= 10 and before["index"] <= 10


def test_the_what_if_calculator_answers_the_handbook_example(client, org):
    url = reverse("quota:what-if")
    form = get(client, org["csm"], url).content.decode()
    assert "2025-06-01 product_analytics=2000.00 session_replay=500.00 feature_flags=500.00" in form
    from quota.forms import HANDBOOK_INVOICES

    response = client.post(url, {"quarter": "2025-Q2", "invoices": HANDBOOK_INVOICES}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'data-figure="contribution">11,160.00' in page
    assert "4 × (1610.00 + 1540.00 + 1750.00)" in page  # noqa: RUF001


def test_the_what_if_calculator_names_each_bad_field_and_keeps_what_was_typed(client, org):
    url = reverse("quota:what-if")
    client.force_login(org["csm"])
    typed = "2025-04-01 product_analytic=2000.00\n2025-05-01 product_analytics=12.345"
    page = client.post(url, {"quarter": "2025-Q7", "invoices": typed, "inherited": "on"}).content.decode()
    assert "Please correct these fields" in page
    assert "<strong>Quarter</strong>" in page and "<strong>Invoices</strong>" in page
    assert "product_analytic: not a product key" in page and "at most two places" in page
    assert "<strong>Inherited</strong>" in page and "<strong>Added to book on</strong>" in page
    assert "2025-05-01 product_analytics=12.345" in page  # the textarea keeps it


def test_the_team_quota_page_shows_members_ramp_target_and_attainment(client, org):
    page = get(client, org["lead"], reverse("quota:teams") + "?quarter=2025-Q2").content.decode()
    assert "US Product-led Sales" in page and "EU Product-led Sales" not in page
    assert 'data-figure="team-total">750,000.00' in page  # 3 ramped members at 250,000
    assert "Tess Amory" in page and "Team lead" in page and "Fully ramped" in page
    manager_page = get(client, org["manager"], reverse("quota:teams") + "?quarter=2025-Q2").content.decode()
    assert "EU Product-led Sales" in manager_page
    csv = get(client, org["manager"], reverse("quota:teams") + "?quarter=2025-Q2&_export=csv").content.decode()
    assert "Emil Eu" in csv and "250000.00" in csv


def test_the_account_panel_shows_this_quarters_contribution_multiplier_and_paid_products(client, org):
    """The account page's quota panel (`quota:account_panel`, one positional pk)."""
    import time_machine

    account = org["accounts"]["tess"]
    url = reverse("quota:account_panel", args=[account.pk])
    with time_machine.travel(dt.datetime(2025, 6, 20, 9, tzinfo=dt.UTC), tick=False):
        tess_view = get(client, org["tess"], url).content.decode()
        csm_view = get(client, org["csm"], url).content.decode()
    assert tess_view.lstrip().startswith("<section") and "<h2" in tess_view and "<html" not in tess_view
    assert 'data-figure="multiplier">1.10' in tess_view and "3 paid products" in tess_view
    assert 'data-figure="contribution">11,160.00' in tess_view
    assert drill_url(org["tess"], account) in tess_view
    assert "11,160.00" in csm_view and drill_url(org["tess"], account) not in csm_view  # no drill-down link


def test_the_panel_of_an_account_outside_any_book_says_so(client, org):
    from tests.factories import AccountFactory

    page = get(client, org["csm"], reverse("quota:account_panel", args=[AccountFactory().pk])).content.decode()
    assert "counts toward no quota" in page and "No invoiced month yet" in page


def test_navigation_lists_quota(client, org):
    page = get(client, org["csm"], reverse("home")).content.decode()
    assert f'href="{reverse("quota:tracker-index")}"' in page and ">Quota<" in page
