"""Key billing tables keep their history (ARCHITECTURE.md: audit via django-simple-history), the
models package keeps the catalogue where it was, and the alias seed maps every key (D-9)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

import billing.models
from billing.models import BillingCustomer, Product, ProductKeyAlias
from tests.factories import (
    BillingCustomerFactory,
    CreditGrantFactory,
    CreditNoteFactory,
    CreditPurchaseFactory,
    DiscountFactory,
    InvoiceFactory,
    ProductKeyAliasFactory,
    SubscriptionFactory,
)

pytestmark = pytest.mark.django_db

# (factory, a field to change, its new value)
KEY_MODELS = [
    (BillingCustomerFactory, "configuration_override", "ENTERPRISE_YEARLY_CREDIT"),
    (SubscriptionFactory, "status", "past_due"),
    (InvoiceFactory, "status", "void"),
    (CreditPurchaseFactory, "status", "RENEWED"),
    (CreditGrantFactory, "status", "VOID"),
    (DiscountFactory, "active", False),
    (CreditNoteFactory, "status", "void"),
    (ProductKeyAliasFactory, "stripe_key", "renamed_key"),
]


@pytest.mark.parametrize(("factory", "field", "value"), KEY_MODELS,
                         ids=[f._meta.model.__name__ for f, _, _ in KEY_MODELS])
def test_it_writes_a_history_row_for_each_change_of_a_key_model(factory, field, value):
    row = factory()
    setattr(row, field, value)
    row.save()
    history = list(row.history.order_by("history_date", "history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert getattr(history[-1], field) == value
    assert history[0].instance.pk == row.pk


def test_it_records_who_changed_the_billing_configuration_override():
    customer = BillingCustomerFactory()
    customer.configuration_override = "LEGACY"
    customer.credit_discount_percent = Decimal("20.00")
    customer.save()
    latest, first = customer.history.all()[:2]
    delta = latest.diff_against(first)
    assert set(delta.changed_fields) == {"configuration_override", "credit_discount_percent"}


def test_it_leaves_the_raw_stripe_payload_out_of_mirror_history():
    """The payload is refetched on every sync; history keeps the fields people read."""
    invoice = InvoiceFactory(raw={"id": "in_x", "lines": {"data": []}})
    fields = {f.name for f in invoice.history.model._meta.fields}
    assert "raw" not in fields
    assert {"status", "total", "amount_remaining", "synced_at"} <= fields


def test_it_keeps_the_catalogue_importable_and_its_table_unchanged():
    """The models package re-exports Product; its table and state are as migration 0001 made them."""
    from billing.models.catalogue import Product as CatalogueProduct

    assert Product is CatalogueProduct
    assert Product._meta.db_table == "billing_product"
    assert Product.objects.filter(key="product_analytics").exists()
    assert set(billing.models.__all__) >= {"Product", "BillingCustomer", "Invoice", "CreditGrant"}
    assert BillingCustomer._meta.app_label == "billing"


def test_it_has_no_billing_model_change_without_a_migration():
    call_command("makemigrations", "billing", check=True, dry_run=True, verbosity=0)


def test_it_seeds_an_alias_for_every_catalogue_key_and_posthog_analytics():
    """billing.md §1 ProductKeyAlias: every contracts.md key → itself, plus posthog_analytics."""
    aliases = dict(ProductKeyAlias.objects.values_list("stripe_key", "product_key"))
    keys = set(Product.objects.values_list("key", flat=True))
    assert {k: v for k, v in aliases.items() if k in keys} == {k: k for k in keys}
    assert aliases["posthog_analytics"] == "product_analytics"
    assert set(aliases) == keys | {"posthog_analytics"}
