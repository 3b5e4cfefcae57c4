"""A sales manager opens Late payments in a real browser, pauses a case with a reason and logs
outreach, and sees both recorded on the case (billing.md §6, B-37)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from billing import jobs
from billing.models import DunningEvent, DunningPause
from tests.billing.builders import customer
from tests.billing.test_jobs_dunning import invoiced
from tests.e2e.browser import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def manager_and_case(browser_ready, transactional_db):
    manager = UserFactory(email=f"manager@{DEMO_DOMAIN}", name="Morgan Manager", role="sales_manager")
    manager.set_password(DEMO_PASSWORD)
    manager.save()
    bc, party = customer(name="Overdue Org")
    today = timezone.now().date()
    invoiced(party, due=today - timedelta(days=3), start=today - timedelta(days=40))
    jobs.detect_late_payments(as_of=today, ids=[bc.pk])
    jobs.dunning_scheduler(as_of=today, ids=[bc.pk])
    return manager, bc


def test_a_manager_pauses_a_case_with_a_reason_and_logs_outreach(manager_and_case, live_server, page: Page):
    manager, _customer = manager_and_case
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, manager.email, DEMO_PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Late payments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Late payments")
    row = page.get_by_role("row").filter(has_text="Overdue Org")
    expect(row).to_contain_text("2400.00")
    row.get_by_role("link", name="Overdue Org").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Late payment: Overdue Org")

    pause = page.get_by_role("form", name="Pause")
    pause.get_by_label("Days").fill("5")
    pause.get_by_label("Reason").fill("Purchase order being raised")
    pause.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("Paused: the later steps moved.")).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text("Paused")
    log = page.locator("#case-log-table")
    expect(log).to_contain_text("Purchase order being raised")
    expect(log).to_contain_text("Morgan Manager")

    outreach = page.get_by_role("form", name="Log outreach")
    outreach.get_by_label("Channel").select_option("call")
    outreach.get_by_label("Note").fill("Called their CFO, payment promised Friday")
    outreach.get_by_role("button", name="Log outreach").click()
    expect(page.get_by_text("Outreach logged.")).to_be_visible()
    expect(page.locator("#case-log-table")).to_contain_text("Called their CFO, payment promised Friday")

    assert DunningPause.objects.get().created_by == manager
    assert DunningEvent.objects.get(kind="outreach").actor == manager
