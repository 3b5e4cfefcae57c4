"""The login page in a real browser (Debian's chromium) against Django's live server.

Foundation §7/§8/§13: email + password login, the shell's navigation, logout, keyboard use.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.browser

NAVIGATION = ["Home", "Products", "Notifications", "API"]


@pytest.fixture
def signed_up(browser_ready, transactional_db):
    return UserFactory(email="tam@example.com", name="Tess Amory", role="tam")


@pytest.fixture
def login_page(browser_ready, live_server, page: Page) -> Page:
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", name="Log in to tambook")).to_be_visible()
    return page


def _expect_shell_for(page: Page, user) -> None:
    main_nav = page.get_by_role("navigation", name="Main")
    for label in NAVIGATION:
        expect(main_nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(main_nav.get_by_role("link", name="Admin", exact=True)).to_have_count(0)
    expect(page.locator(".who")).to_contain_text(user.name)


def test_it_logs_in_with_email_and_password_shows_navigation_and_logs_out(
    signed_up, login_page, live_server
):
    page = login_page
    page.get_by_label("Email").fill(signed_up.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(f"{live_server.url}/")
    _expect_shell_for(page, signed_up)
    expect(page.locator("[data-runtime-mode]")).not_to_be_empty()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))


def test_it_submits_the_login_form_with_the_enter_key(signed_up, login_page, live_server):
    """Keyboard only: a wrong password is refused in place, the right one logs in."""
    page = login_page
    expect(page.get_by_label("Email")).to_be_focused()  # autofocus: typing starts at once
    page.keyboard.type(signed_up.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("didn't match")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)

    page.get_by_label("Password").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/")
    _expect_shell_for(page, signed_up)
