"""A TAM files a refund request in the browser, watching the live checklist and calculator; a
RevOps admin approves it in the Refund escalations queue, and the state shows (issue 20, B-40…B-48)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.billing.refund_world import spike_invoice
from tests.e2e.browser import log_in
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def world(browser_ready, transactional_db):
    tam = UserFactory(email="tam.us1@example.com", name="Tess Amory", role="tam")
    admin = UserFactory(email="revops@example.com", name="Mina Revops", role="revops_admin")
    invoice = spike_invoice(owner=tam, name="Hedgebox Ltd")
    return tam, admin, invoice


def test_a_tam_files_and_a_revops_admin_approves_a_refund(world, live_server, page: Page):
    tam, admin, invoice = world
    page.set_default_timeout(15_000)
    base = live_server.url

    log_in(page, base, tam.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Refunds", exact=True).click()
    page.get_by_role("link", name="New refund request").click()
    page.get_by_label("Invoice (number, Stripe id or id)").fill(invoice.number)
    page.get_by_role("button", name="Start refund").click()
    expect(page.get_by_role("heading", name=re.compile(r"Invoice .* Hedgebox Ltd"))).to_be_visible()

    page.get_by_label("Scenario").select_option("learning_curve")
    page.get_by_label("Requested on").fill("2025-05-10")
    page.get_by_label("Explanation").fill("First bill after the startup plan; autocapture sent every pageview twice.")
    page.get_by_label("First bill over $1").check()
    for month in (1, 2, 3):
        page.locator(f"#id_product_analytics__prior_{month}").fill("1000000")
    expect(page.locator("#id_product_analytics__spike")).to_have_value("3000000")
    page.locator("#id_product_analytics__spike").fill("3000000")

    live = page.locator("#refund-live")
    expect(live.locator('[data-check="within_30_days"]')).to_contain_text("requested 9 days after billing (limit 30)")
    expect(live.locator("[data-total]")).to_have_text("84.30")  # price(3M) - price(1M), not the overage's 50.00
    expect(live.locator("[data-resolution]")).to_have_text("credit_note_refund")

    page.get_by_label("Prevention guidance sent (first incident)").check()
    page.get_by_role("button", name="File refund request").click()
    expect(page).to_have_url(re.compile(r"/billing/refunds/\d+/$"))
    expect(page.locator("[data-refund-status]")).to_have_text("Under review")
    expect(page.locator("[data-computed]")).to_have_text("84.30")

    page.get_by_role("button", name="Log out").click()
    log_in(page, base, admin.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Refund escalations").click()
    expect(page.get_by_role("heading", name="Refund escalations")).to_be_visible()
    queue_row = page.locator("tr", has_text="Hedgebox Ltd")
    queue_row.get_by_label("Reason").fill("Baseline checked against the last two invoices")
    queue_row.get_by_role("button", name="Approve 84.30").click()
    expect(page.locator("[data-refund-status]")).to_have_text("Approved")

    page.get_by_role("link", name=re.compile(r"^#\d+$")).first.click()
    expect(page.locator("[data-refund-status]")).to_have_text("Approved")
    expect(page.locator("[data-approved]")).to_have_text("84.30")
