"""Every billing enum holds exactly billing.md §1's values; the value lists are typed from the spec,
not read from the code."""

import pytest
from django.core.exceptions import ValidationError

from billing import models as m
from tests.factories import (
    CreditGrantFactory,
    CreditNoteFactory,
    CreditPurchaseFactory,
    InvoiceFactory,
    StripeCustomerFactory,
    SubscriptionFactory,
)

SPEC_ENUMS = [
    (m.BillingConfiguration, ["FREE", "PAID", "STARTUP", "ENTERPRISE_YEARLY_CREDIT",
                              "ENTERPRISE_AMORTIZED_CREDIT", "LEGACY"]),
    (m.CreditDiscountSource, ["PURCHASE", "OVERRIDE", "NONE"]),
    (m.ConsolidationReason, ["EU_TO_US", "SAME_ORG_TEAMS"]),
    (m.StripeCustomerRole, ["SINGLE", "CREDITS", "USAGE"]),
    (m.BillingScheme, ["per_unit", "tiered"]),
    (m.TiersMode, ["graduated", "volume"]),
    (m.RecurringInterval, ["day", "week", "month", "year"]),
    (m.UsageType, ["metered", "licensed"]),
    (m.SubscriptionStatus, ["incomplete", "incomplete_expired", "trialing", "active", "past_due",
                            "canceled", "unpaid", "paused"]),
    (m.CollectionMethod, ["charge_automatically", "send_invoice"]),
    (m.InvoiceStatus, ["draft", "open", "paid", "uncollectible", "void"]),
    (m.InvoicePurpose, ["USAGE", "CREDIT_PURCHASE", "OTHER"]),
    (m.InvoiceLineKind, ["USAGE", "FLAT", "PRORATION", "CREDIT_PURCHASE", "OTHER"]),
    (m.PaymentMethodType, ["card", "bank_transfer", "customer_balance", "other"]),
    (m.DiscountDuration, ["once", "repeating", "forever"]),
    (m.CreditNoteReason, ["duplicate", "fraudulent", "order_change", "product_unsatisfactory"]),
    (m.CreditNoteStatus, ["issued", "void"]),
    (m.CreditPurchaseSource, ["SALES_CONTRACT", "SELF_SERVE"]),
    (m.CreditPurchaseBilling, ["upfront", "monthly"]),
    (m.CreditPurchaseStatus, ["DRAFT", "INVOICED", "ACTIVE", "EXPIRED", "RENEWED"]),
    (m.CreditGrantKind, ["ONE_TIME", "STARTUP_PLAN", "PREPAID_CONTRACT", "SELF_SERVE_TRANCHE",
                         "EXPANSION", "ROLLOVER", "RENEWAL_BRIDGE", "STARTUP_ROLL_OFF",
                         "CONTRACT_BUYOUT", "NEW_BUSINESS_RENEWAL", "IMPORTED"]),
    (m.CreditGrantStatus, ["PENDING", "APPLIED", "EXHAUSTED", "EXPIRED", "ROLLED_OVER", "VOID"]),
    # Stripe's tax_exempt values (billing.md names the field, Stripe fixes the values).
    (m.TaxExempt, ["none", "exempt", "reverse"]),
]


@pytest.mark.parametrize(("enum", "values"), SPEC_ENUMS, ids=lambda e: getattr(e, "__name__", ""))
def test_it_keeps_each_enum_to_the_spec_values(enum, values):
    assert list(enum.values) == values


def test_it_labels_one_time_credit_reasons_exactly_as_the_spec():
    """billing.md §1 CreditGrant `reason`: value → label exactly."""
    assert dict(m.CreditGrantReason.choices) == {
        "first_big_bill": "First Big Bill",
        "unwanted_spike": "Unwanted Spike",
        "trial_accommodation": "Trial Accommodation",
        "promo_credit": "Promo Credit",
        "incident_credit": "Incident Credit",
        "bug_credit": "Bug Credit",
        "other": "Other",
    }


# (factory, field, every spec value) — each value saves and validates; anything else is named.
FIELD_ENUMS = [
    (StripeCustomerFactory, "role", m.StripeCustomerRole),
    (SubscriptionFactory, "status", m.SubscriptionStatus),
    (InvoiceFactory, "status", m.InvoiceStatus),
    (InvoiceFactory, "purpose", m.InvoicePurpose),
    (CreditNoteFactory, "reason", m.CreditNoteReason),
    (CreditPurchaseFactory, "status", m.CreditPurchaseStatus),
    (CreditGrantFactory, "status", m.CreditGrantStatus),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field", "enum"), FIELD_ENUMS,
                         ids=[f"{f._meta.model.__name__}.{name}" for f, name, _ in FIELD_ENUMS])
def test_it_accepts_every_spec_value_and_names_the_field_for_any_other(factory, field, enum):
    row = factory()
    for value in enum.values:
        setattr(row, field, value)
        row.full_clean(validate_constraints=False)
    setattr(row, field, "not_in_the_spec")
    with pytest.raises(ValidationError) as raised:
        row.full_clean(validate_constraints=False)
    assert field in raised.value.message_dict
