"""The account commercial panel (revops.md Pages), the cross-issue `revops:account_panel` contract."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from tests.factories import (
    AccountFactory,
    BillingCustomerFactory,
    CreditGrantFactory,
    CreditPurchaseFactory,
    DiscountFactory,
    InvoiceFactory,
    QuoteFactory,
    StripeCustomerFactory,
    UserFactory,
)
from tests.factories.billing import add_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def tam():
    return UserFactory(role="tam")


def paying_account(owner, totals, *, open_invoice=False):
    account = AccountFactory(owner=owner, name="Hogwarts Inc")
    customer = StripeCustomerFactory(billing_customer=BillingCustomerFactory(account=account))
    for months_ago, total in enumerate(totals):
        start = add_months(date(2025, 6, 1), -months_ago)
        InvoiceFactory(stripe_customer=customer, total=D(total), period_start=start,
                       period_end=add_months(start, 1))
    if open_invoice:
        InvoiceFactory(stripe_customer=customer, status="open", period_start=date(2025, 7, 1),
                       period_end=date(2025, 8, 1), paid_at=None)
    return account, customer


def panel(client, account):
    return client.get(reverse("revops:account_panel", args=[account.pk]))


def test_the_panel_is_a_fragment_with_a_section_and_h2(client, tam):
    account, _ = paying_account(tam, ["300", "280", "260"])
    client.force_login(tam)
    response = panel(client, account)
    text = response.content.decode().strip()
    assert response.status_code == 200
    assert text.startswith("<section") and "<h2" in text and "<html" not in text
    assert reverse("revops:account_panel", args=[account.pk]) == f"/revops/accounts/{account.pk}/panel/"


def test_the_panel_needs_a_login_403(client):
    assert panel(client, AccountFactory()).status_code == 403


def test_self_serve_eligibility_is_shown_test_by_test_p13(client, tam):
    account, _ = paying_account(tam, ["300", "280", "260", "50"])
    client.force_login(tam)
    text = panel(client, account).content.decode()
    assert "Eligible" in text and "$3,360.00" in text  # RD-9: the last three paid invoices' average x 12
    assert text.count("✓") == 5


def test_an_open_invoice_legacy_discount_or_credits_fail_their_own_test_p13_p16(client, tam):
    account, customer = paying_account(tam, ["900", "900", "900"], open_invoice=True)
    DiscountFactory(stripe_customer=customer)
    CreditGrantFactory(billing_customer=customer.billing_customer, stripe_customer=customer)
    client.force_login(tam)
    text = panel(client, account).content.decode()
    assert "Not eligible" in text and text.count("✗") == 3
    assert "30% legacy discount" in text


def test_the_first_half_and_early_renewal_deadlines_come_from_the_active_purchase_o5_p9(client, tam):
    account, customer = paying_account(tam, ["300"])
    CreditPurchaseFactory(billing_customer=customer.billing_customer, start_date=date(2025, 1, 1))
    client.force_login(tam)
    text = panel(client, account).content.decode()
    assert "01 Jul 2025" in text  # first half of a 12-month term
    assert "02 Nov 2025" in text and "31 Dec 2025" in text  # 60 days before the exclusive end


def test_a_startup_customer_sees_the_roll_off_window_p17(client, tam):
    account = AccountFactory(owner=tam, is_startup_plan_customer=True, credit_expires_at=date(2025, 6, 10),
                             current_period_end=date(2025, 1, 21))
    client.force_login(tam)
    text = panel(client, account).content.decode()
    assert "open until 21 Jun 2025" in text


def test_the_panel_lists_quotes_and_offers_the_builder_to_the_owner(client, tam):
    account, _ = paying_account(tam, ["300"])
    QuoteFactory(account=account, title="Renewal proposal")
    client.force_login(tam)
    text = panel(client, account).content.decode()
    assert "Renewal proposal" in text and f"/revops/quotes/new/?account={account.pk}" in text
    client.force_login(UserFactory(role=""))
    assert "/revops/quotes/new/" not in panel(client, account).content.decode()


def test_the_panel_runs_the_same_queries_for_2_or_20_invoices(client, tam, django_assert_num_queries):
    small, _ = paying_account(tam, ["300", "280"])
    big, _ = paying_account(tam, [str(100 + i) for i in range(20)])
    client.force_login(tam)
    panel(client, small)
    with django_assert_num_queries(12) as few:
        panel(client, small)
    with django_assert_num_queries(len(few.captured_queries)):
        panel(client, big)


def test_a_verified_non_profit_shows_on_the_panel_and_is_preset_in_the_builder_p15(client, tam):
    from django.utils import timezone

    from revops.models import NonprofitVerification

    account, _ = paying_account(tam, ["300"])
    client.force_login(tam)
    assert "No verification recorded" in panel(client, account).content.decode()
    NonprofitVerification.objects.create(account=account, country_of_origin="GB", proof="charity no. 123",
                                         status="verified", verified_by=tam, verified_at=timezone.now())
    assert "Verified" in panel(client, account).content.decode()
    builder = client.get(f"/revops/quotes/new/?account={account.pk}").content.decode()
    assert 'name="o1-nonprofit" checked' in builder
