"""A TAM builds, compares, saves, shares and prints a quote in a real browser (issue 15 Done when)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in
from tests.factories import AccountFactory, UserFactory, handbook_policy_version
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_tam(browser_ready, transactional_db):
    handbook_policy_version()  # an earlier browser test's flush removed the migration's version
    tam = UserFactory(email="tam.us1@example.com", name="Tess Amory", role="tam")
    AccountFactory(owner=tam, name="Hedgebox Ltd")
    return tam


def test_a_tam_builds_compares_saves_and_prints_a_quote(demo_tam, live_server, page: Page):
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, demo_tam.email, PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quotes", exact=True).click()
    page.get_by_role("link", name="New quote").click()
    expect(page.get_by_role("heading", name="Quote builder")).to_be_visible()
    page.get_by_label("Title").fill("Hedgebox annual plan")
    page.get_by_label("Account").select_option(label="Hedgebox Ltd")

    first = page.locator("#option-1")
    first.get_by_label("Credit amount").fill("75000")
    first.get_by_label("Term (years)").fill("2")
    first.get_by_label("Years paid up front").fill("2")
    first.get_by_label("Signature date agreed in writing").check()
    expect(first.locator("[data-total]")).to_have_text("35.5%")
    expect(first.locator("[data-price]")).to_have_text("$48,375.00")

    second = page.locator("#option-2")
    second.get_by_label("Credit amount").fill("75000")
    second.get_by_label("Term (years)").fill("1")
    second.get_by_label("Years paid up front").fill("1")
    second.get_by_label("Billing").select_option("monthly")
    expect(second.get_by_role("status")).to_have_text("monthly payment: 0%")

    page.get_by_role("button", name="Add an option").click()
    third = page.locator("#option-3")
    expect(third).to_be_visible()
    # htmx binds the new column's triggers in its settle step, when it drops "htmx-added";
    # typing before then would send nothing (a person cannot type within those 20 ms).
    expect(third).not_to_have_class(re.compile(r"\bhtmx-added\b"))
    third.get_by_label("Credit amount").fill("20000")
    expect(third.get_by_role("status")).to_have_text("below $25k: no discount")

    page.get_by_role("button", name="Save quote").click()
    expect(page).to_have_url(re.compile(r"/revops/quotes/\d+/$"))
    expect(page.get_by_role("heading", name="Hedgebox annual plan")).to_be_visible()
    table = page.locator("table.quote-options")
    expect(table).to_contain_text("$48,375.00")
    expect(table).to_contain_text("monthly payment: 0%")
    expect(table).to_contain_text("below $25k: no discount")

    page.get_by_role("button", name="Create share link").click()
    expect(page.locator("[data-share-link]")).to_be_visible()
    expect(page.locator("[data-quote-status]")).to_have_text("Shared")

    page.get_by_role("link", name="Print view").click()
    expect(page).to_have_url(re.compile(r"/revops/quotes/\d+/print/$"))
    expect(page.get_by_role("heading", name="Hedgebox annual plan")).to_be_visible()
    expect(page.locator("table.quote-options")).to_contain_text("$48,375.00")
    expect(page.locator(".topbar")).to_have_count(0)
