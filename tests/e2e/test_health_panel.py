"""A TAM reads an account's health panel on the account page and records what the score reads:
a seasonal explanation (D-6) and a customer recommendation marked actioned (S-1's input)
(issue 17, health.md §5), in a real browser."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.health import services
from accounts.models import CustomerRecommendation, SeasonalExplanation
from tests.e2e.browser import log_in, reseed_reference_data
from tests.factories import AccountFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.health.pipeline_data import metrics

pytestmark = pytest.mark.browser


@pytest.fixture
def scored_account(browser_ready, transactional_db):
    """A TAM's account with 130 days of usage (4 active users), scored by the nightly jobs."""
    reseed_reference_data()
    tam = UserFactory(email="tam.us1@example.com", name="Tess Amory", role="tam")
    account = AccountFactory(owner=tam, name="Hedgebox Ltd", arr=Decimal("48000.00"))
    today = timezone.now().date()
    metrics(account, until=today, users=4)
    services.recompute(as_of=today, account_ids=[account.pk])
    return tam, account, today


def test_a_tam_reads_the_health_panel_and_records_seasonality_and_advice(scored_account, live_server, page: Page):
    tam, account, today = scored_account
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, tam.email, PASSWORD)

    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    expect(page.get_by_role("heading", level=1, name="Hedgebox Ltd")).to_be_visible()
    panel = page.locator(f"#health-panel-{account.pk}")  # pulled in by htmx on load
    expect(panel.get_by_role("heading", name="Health", exact=True)).to_be_visible()
    # 30 usage (flat) + 10 engagement (4 users) + 15 breadth (2 products, one behavioral) + 15 + 10
    expect(panel.locator(".health-score")).to_contain_text("80/100")
    expect(panel.locator(".health-band")).to_have_text("Good")
    expect(panel).to_contain_text("provisional")
    components = panel.locator("table.health-components tbody tr")
    expect(components).to_have_count(5)
    engagement = components.filter(has=page.get_by_role("rowheader", name="User engagement"))
    expect(engagement.locator("td").nth(0)).to_have_text("10/25")
    expect(engagement.locator("td").nth(1)).to_have_text(re.compile(r"3.4 → 10"))
    usage = components.filter(has=page.get_by_role("rowheader", name="Usage trend"))
    expect(usage.locator("td").nth(0)).to_have_text("30/30")
    expect(usage.locator("td").nth(1)).to_have_text(re.compile(r"d ≤ 0 → 30"))
    expect(panel.get_by_text("No seasonal explanation recorded.")).to_be_visible()
    expect(panel.get_by_text("No recommendations recorded yet.")).to_be_visible()

    # D-6: a seasonal explanation, active today
    panel.get_by_label("Starts on").fill((today - timedelta(days=3)).isoformat())
    panel.get_by_label("Ends on").fill((today + timedelta(days=30)).isoformat())
    panel.get_by_label("Why usage dips").fill("Summer holidays: the school year ends")
    panel.get_by_role("button", name="Add seasonal explanation").click()
    panel = page.locator(f"#health-panel-{account.pk}")
    expect(panel).to_contain_text("Summer holidays: the school year ends")
    expect(panel).not_to_have_class(re.compile(r"\bhtmx-added\b"))
    item = panel.locator("li").filter(has_text="Summer holidays")
    expect(item.locator(".yes")).to_have_text("active")
    expect(item.get_by_role("button", name="End today")).to_be_visible()

    # S-1's input: advice given, then actioned
    panel.get_by_label("Recommendation given").fill("Set the replay minimum duration to 2 seconds")
    panel.get_by_label("Product (optional)").select_option("session_replay")
    panel.get_by_role("button", name="Add recommendation").click()
    panel = page.locator(f"#health-panel-{account.pk}")
    advice = panel.locator("li").filter(has_text="Set the replay minimum duration to 2 seconds")
    expect(advice).to_contain_text("Open")
    expect(advice).to_contain_text("(session_replay)")
    expect(panel).not_to_have_class(re.compile(r"\bhtmx-added\b"))
    advice.get_by_role("button", name="Mark actioned").click()
    panel = page.locator(f"#health-panel-{account.pk}")
    advice = panel.locator("li").filter(has_text="Set the replay minimum duration to 2 seconds")
    expect(advice).to_contain_text("Actioned")
    expect(advice.get_by_role("button", name="Mark actioned")).to_have_count(0)
    expect(panel.get_by_text("No recommendations recorded yet.")).to_have_count(0)

    recommendation = CustomerRecommendation.objects.get(account=account)
    assert (recommendation.status, recommendation.given_by_id) == ("actioned", tam.pk)
    assert recommendation.actioned_at is not None
    explanation = SeasonalExplanation.objects.get(account=account)
    assert (explanation.starts_on, explanation.created_by_id) == (today - timedelta(days=3), tam.pk)
