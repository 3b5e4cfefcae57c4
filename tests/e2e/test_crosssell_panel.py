"""A TAM on an account page sees the cross-sell panel (P-1): the use case, the phase, an open
card with its why-now; dismisses it with a reason and logs a signal event, and sees both."""

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
def card(browser_ready, transactional_db):
    """The demo data with its real nightly cross-sell run; an open card of an owned account."""
    from crosssell.models import Recommendation

    reseed_reference_data()
    call_command("seed_demo", accounts=60, seed=1, as_of=timezone.localdate() - timedelta(days=1),
                 quiet_census=True, stdout=io.StringIO())
    return (
        Recommendation.objects.filter(kind="product_card", status="open", account__owner__isnull=False)
        .select_related("account", "account__owner", "account__crosssell_state")
        .order_by("account_id", "rank")
        .first()
    )


def test_a_tam_sees_the_panel_dismisses_a_card_and_logs_a_signal_event(card, live_server, page: Page):
    from crosssell.engine import USE_CASE_NAMES
    from crosssell.engine.catalogue import label

    assert card is not None, "the demo data has an open card"
    account = card.account
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, account.owner.email, "tambook-demo")
    page.goto(f"{live_server.url}/accounts/{account.pk}/")

    panel = page.locator("#crosssell-panel")
    expect(panel.get_by_role("heading", name="Cross-sell", level=2)).to_be_visible()
    expect(panel).not_to_have_class(re.compile(r"\bhtmx-added\b"))
    state = account.crosssell_state
    primary = USE_CASE_NAMES.get(state.primary_use_case, "Unclassified")
    expect(panel.locator("dl.xs-chips")).to_contain_text(primary)
    expect(panel.locator("dl.xs-chips")).to_contain_text(state.phase.replace("_", " ").capitalize())

    name = label(card.product, card.feature or None)
    article = panel.get_by_role("article", name=f"{name} card")
    expect(article).to_be_visible()
    expect(article).to_contain_text("Why now:")
    expect(article).to_contain_text(card.why_now[0]["label"])

    article.get_by_label("Dismiss, with a reason").fill("They evaluated it last quarter; not now")
    article.get_by_role("button", name="Dismiss", exact=True).click()
    panel = page.locator("#crosssell-panel")
    expect(panel.get_by_role("article", name=f"{name} card")).to_have_count(0)
    card.refresh_from_db()
    assert card.status == "dismissed" and card.dismiss_reason == "They evaluated it last quarter; not now"

    expect(panel).not_to_have_class(re.compile(r"\bhtmx-added\b"))
    form = panel.locator("form", has=page.get_by_role("heading", name="Log signal event"))
    form.get_by_label("Event type").select_option("qbr_scheduled")
    form.get_by_label("Occurred on").fill(timezone.localdate().isoformat())
    form.get_by_label("Detail").fill("QBR booked with the VP Product")
    form.get_by_role("button", name="Log event").click()
    panel = page.locator("#crosssell-panel")
    expect(panel.locator("ul.plain")).to_contain_text("QBR booked with the VP Product")
