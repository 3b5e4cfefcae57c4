"""A TAM with a demo login opens their TAM Quota Tracker and an account's drill-down in a real
browser (Debian's chromium): the handbook's +11,160 from invoices to the cell explanations."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from quota.engine import Quarter
from quota.services import quota_recompute
from tests.e2e.browser import log_in
from tests.factories import QuotaFactory, QuotaPeriodFactory, RepPlanFactory, UserFactory
from tests.quota.conftest import AFTER_Q2_CUTOFF, handbook_customer

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_tam(browser_ready, transactional_db):
    tam = UserFactory(email=f"tam.us1@{DEMO_DOMAIN}", name="Avery Tanaka", role="tam")
    tam.set_password(DEMO_PASSWORD)
    tam.save()
    RepPlanFactory(rep=tam, team=None)
    QuotaFactory(rep=tam, period=QuotaPeriodFactory(year=2025, quarter=2))
    account, _ = handbook_customer(tam)
    account.name = "Handbook Customer"
    account.save()
    quota_recompute(quarter=Quarter(2025, 2), today=AFTER_Q2_CUTOFF)
    return tam


def test_a_demo_tam_opens_their_tracker_and_the_drilldown(demo_tam, live_server, page: Page):
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, demo_tam.email, DEMO_PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quota", exact=True).click()
    current = Quarter.containing(dt.date.today())
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"TAM Quota Tracker · Avery Tanaka · {current}")
    page.goto(f"{live_server.url}/quota/reps/{demo_tam.pk}/2025-Q2/")
    expect(page.locator('[data-figure="attainment"]')).to_have_text("11,160.00")
    expect(page.locator("#quota-attainment-chart")).to_be_visible()

    page.get_by_role("link", name="Handbook Customer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Handbook Customer · 2025-Q2 quota calculation")
    expect(page.locator('[data-figure="diff"]')).to_have_text("11,160.00")
    current_table = page.get_by_role("table", name="Current quarter (Ending ARR) 2025-Q2")
    june_products = current_table.locator("summary").filter(has_text=re.compile(r"^\s*3\s*$"))
    expect(june_products).to_have_count(1)
    june_products.click()  # the cell opens to say which lines counted and why
    expect(page.get_by_text("session_replay 500.00: paid (> $200.00)")).to_be_visible()
