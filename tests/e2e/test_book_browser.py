"""A demo TAM's morning in a real browser: log in, open My book, sort it, open an account, add a
note inline and see it at the top of the timeline (issue 16)."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in, reseed_reference_data

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(browser_ready, transactional_db):
    """The demo generator's book (with its real segment jobs), as `make demo` builds it."""
    reseed_reference_data()
    # as of yesterday: the generator writes activity all through its as-of day, and a note typed
    # now must be the newest entry
    call_command("seed_demo", accounts=60, seed=1, as_of=timezone.localdate() - timedelta(days=1),
                 quiet_census=True, stdout=io.StringIO())


def test_a_demo_tam_sorts_the_book_opens_an_account_and_adds_a_note(demo, live_server, page: Page):
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "tam.us1@tambook.demo", "tambook-demo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My book").click()
    expect(page.get_by_role("heading", name="My book", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Book against the caps")).to_be_visible()

    table = page.locator("table.book").first
    expect(table).to_be_visible()
    table.get_by_role("link", name="Account", exact=True).click()  # sort by name
    expect(page).to_have_url(re.compile(r"-sort=name"))
    table = page.locator("table.book").first
    names = table.locator("tbody tr td:first-child").all_inner_texts()
    assert names == sorted(names) and names

    table.locator("tbody tr td:first-child a").first.click()
    expect(page.get_by_role("heading", level=1, name=names[0])).to_be_visible()

    page.get_by_label("Kind").select_option("call")
    page.get_by_label("Direction").select_option("inbound")
    page.get_by_label("Note", exact=True).fill("Renewal call: they want the annual plan")
    page.get_by_label("Renewal").check()
    page.get_by_role("button", name="Add note").click()

    timeline = page.get_by_role("list", name="Notes and events, newest first")
    expect(page.get_by_role("status").filter(has_text="Note added.")).to_be_visible()
    first = timeline.get_by_role("listitem").first
    expect(first).to_contain_text("Renewal call: they want the annual plan")
    expect(first).to_contain_text("Call · Inbound")
    expect(page.get_by_label("Note", exact=True)).to_have_value("")  # a fresh form for the next one
