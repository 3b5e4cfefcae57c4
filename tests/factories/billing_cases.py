"""Factories of billing's cases (issue 20): refund requests and their lines, dunning cases, steps,
pauses and events."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from billing.models import DunningCase, DunningEvent, DunningPause, DunningStep, RefundLine, RefundRequest

from .billing import BillingCustomerFactory, InvoiceFactory, ProductFactory

__all__ = [
    "DunningCaseFactory",
    "DunningEventFactory",
    "DunningPauseFactory",
    "DunningStepFactory",
    "RefundLineFactory",
    "RefundRequestFactory",
]


class RefundRequestFactory(DjangoModelFactory):
    """A stored request as the service leaves it (issue 20); tests of the flow use the services."""

    class Meta:
        model = RefundRequest

    invoice = factory.SubFactory(InvoiceFactory)
    billing_customer = factory.SelfAttribute("invoice.stripe_customer.billing_customer")
    scenario = "learning_curve"
    billing_date = date(2025, 2, 1)
    requested_on = date(2025, 2, 10)
    explanation = "test spike"
    status = "under_review"
    resolution = "credit_note_refund"
    computed_amount = Decimal("84.30")
    max_refund = Decimal("84.30")


class RefundLineFactory(DjangoModelFactory):
    class Meta:
        model = RefundLine

    request = factory.SubFactory(RefundRequestFactory)
    product_key = factory.SubFactory(ProductFactory)
    baseline_units = 1_000_000
    spike_units = 3_000_000
    overage_units = 2_000_000
    price_with_spike = Decimal("84.30")
    price_baseline = Decimal("0.00")
    amount = Decimal("84.30")
# --- late payments and dunning ---


class DunningCaseFactory(DjangoModelFactory):
    class Meta:
        model = DunningCase

    billing_customer = factory.SubFactory(BillingCustomerFactory)
    plan_kind = "PAYG"
    day0 = date(2026, 11, 2)
    amount_overdue = Decimal("830.00")


class DunningStepFactory(DjangoModelFactory):
    class Meta:
        model = DunningStep

    case = factory.SubFactory(DunningCaseFactory)
    step = 1
    due_on = factory.SelfAttribute("case.day0")


class DunningPauseFactory(DjangoModelFactory):
    class Meta:
        model = DunningPause

    case = factory.SubFactory(DunningCaseFactory)
    starts_on = date(2026, 11, 5)
    days = 3
    reason = "test: wire in flight"


class DunningEventFactory(DjangoModelFactory):
    class Meta:
        model = DunningEvent

    case = factory.SubFactory(DunningCaseFactory)
    kind = "outreach"
    on = date(2026, 11, 2)
    note = "test outreach"
