"""Every billing table has a RevOps-only admin page; Stripe mirror rows are view-only there
(B-15: Stripe is the source of truth), app-owned rows are editable."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.admin_base import RevOpsAdmin
from billing import models as m
from tests.factories import (
    BillingCustomerFactory,
    CreditConsumptionFactory,
    CreditNoteLineFactory,
    CreditPurchaseFactory,
    CreditRunwayFactory,
    CustomerBalanceTransactionFactory,
    DiscountFactory,
    DunningEventFactory,
    DunningPauseFactory,
    DunningStepFactory,
    InvoiceLineFactory,
    MonthlyRevenueFactory,
    PaymentAttemptFactory,
    ProductKeyAliasFactory,
    RefundLineFactory,
    StripeCustomerFactory,
    StripePriceFactory,
    StripeWriteTaskFactory,
    SubscriptionItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    m.BillingCustomer: BillingCustomerFactory,
    m.StripeCustomer: StripeCustomerFactory,
    m.CustomerBalanceTransaction: CustomerBalanceTransactionFactory,
    m.Discount: DiscountFactory,
    m.ProductKeyAlias: ProductKeyAliasFactory,
    m.StripeProduct: lambda: StripePriceFactory().product,
    m.StripePrice: StripePriceFactory,
    m.Subscription: lambda: SubscriptionItemFactory().subscription,
    m.SubscriptionItem: SubscriptionItemFactory,
    m.Invoice: lambda: PaymentAttemptFactory(invoice=InvoiceLineFactory().invoice).invoice,
    m.InvoiceLine: InvoiceLineFactory,
    m.PaymentAttempt: PaymentAttemptFactory,
    m.CreditNote: lambda: CreditNoteLineFactory().credit_note,
    m.CreditNoteLine: CreditNoteLineFactory,
    m.CreditPurchase: CreditPurchaseFactory,
    m.CreditGrant: lambda: CreditConsumptionFactory().grant,
    m.CreditConsumption: CreditConsumptionFactory,
    m.MonthlyRevenue: MonthlyRevenueFactory,
    m.CreditRunway: CreditRunwayFactory,
    m.StripeWriteTask: StripeWriteTaskFactory,
    m.RefundRequest: lambda: RefundLineFactory().request,  # issue 20
    m.RefundLine: RefundLineFactory,
    m.DunningCase: lambda: DunningStepFactory().case,  # issue 20
    m.DunningStep: DunningStepFactory,
    m.DunningPause: DunningPauseFactory,
    m.DunningEvent: DunningEventFactory,
}
EDITABLE = {m.BillingCustomer, m.ProductKeyAlias, m.CreditPurchase, m.CreditGrant,
            m.CreditConsumption, m.Product}
MODELS = sorted(FACTORIES, key=lambda model: model.__name__)


def url(model, view, *args):
    return reverse(f"admin:billing_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def revops(client):
    client.force_login(UserFactory(role="revops_admin"))
    return client


def test_it_registers_every_billing_model_with_the_revops_admin():
    from django.apps import apps

    billing_models = {
        model for model in apps.get_app_config("billing").get_models()
        if not model.__name__.startswith("Historical")
    }
    assert billing_models == set(FACTORIES) | {m.Product}
    for model in billing_models:
        assert isinstance(admin.site._registry[model], RevOpsAdmin)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_lists_searches_and_shows_each_table(revops, model):
    row = FACTORIES[model]()
    listing = revops.get(url(model, "changelist"))
    assert listing.status_code == 200
    assert str(row.pk).encode() in listing.content or str(row).encode() in listing.content
    assert revops.get(url(model, "changelist"), {"q": "test"}).status_code == 200
    assert revops.get(url(model, "change", row.pk)).status_code == 200
    assert revops.get(url(model, "history", row.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_lets_revops_edit_app_rows_and_only_view_stripe_rows(revops, model):
    row = FACTORIES[model]()
    page = revops.get(url(model, "change", row.pk))
    editable = model in EDITABLE
    assert (b'name="_save"' in page.content) is editable
    assert (revops.get(url(model, "add")).status_code == 200) is editable


def test_it_shows_an_invoice_with_its_lines_payments_and_credit_notes(revops):
    line = InvoiceLineFactory(description="Product analytics events")
    PaymentAttemptFactory(invoice=line.invoice, failure_message="Your card was declined.")
    CreditNoteLineFactory(credit_note__invoice=line.invoice)
    page = revops.get(url(m.Invoice, "change", line.invoice.pk)).content.decode()
    assert "Product analytics events" in page
    assert "Your card was declined." in page
    assert line.invoice.credit_notes.get().stripe_id in page


def test_it_keeps_other_roles_out_of_the_billing_admin(client):
    client.force_login(UserFactory(role="tam"))
    assert client.get(url(m.Invoice, "changelist")).status_code == 302
