"""The database refuses billing rows that must never exist (billing.md §1; issue 12): reversed
periods, negative amounts, duplicate Stripe ids and invoice numbers, half-set pairs. Model
validation names the field for what only Python can check."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    BillingCustomerFactory,
    CreditNoteFactory,
    CreditNoteLineFactory,
    CustomerBalanceTransactionFactory,
    DiscountFactory,
    InvoiceFactory,
    InvoiceLineFactory,
    PaymentAttemptFactory,
    StripeCustomerFactory,
    StripePriceFactory,
    StripeProductFactory,
    SubscriptionFactory,
    SubscriptionItemFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, match: str, **fields):
    """The insert fails on the named constraint (both SQLite and PostgreSQL name it)."""
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        factory(**fields)


def invalid_fields(row) -> set[str]:
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    return set(raised.value.message_dict)


# --- unique Stripe ids and invoice numbers ----------------------------------------------------

STRIPE_MIRRORS = [
    StripeCustomerFactory, CustomerBalanceTransactionFactory, DiscountFactory, StripeProductFactory,
    StripePriceFactory, SubscriptionFactory, SubscriptionItemFactory, InvoiceFactory,
    InvoiceLineFactory, CreditNoteFactory,
]


@pytest.mark.parametrize("factory", STRIPE_MIRRORS, ids=lambda f: f._meta.model.__name__)
def test_it_refuses_a_second_row_with_the_same_stripe_id(factory):
    first = factory()
    refused(factory, "stripe_id", stripe_id=first.stripe_id)


def test_it_refuses_a_duplicate_invoice_number_but_allows_many_drafts_without_one():
    InvoiceFactory(number="ABC-0001")
    refused(InvoiceFactory, "number", number="ABC-0001")
    InvoiceFactory(number=None, status="draft")
    InvoiceFactory(number=None, status="draft")


def test_it_refuses_a_blank_invoice_number():
    refused(InvoiceFactory, "billing_invoice_number_not_blank", number="")


@pytest.mark.parametrize(
    ("factory", "wrong_id"),
    [
        (StripeCustomerFactory, "sub_123"),
        (CustomerBalanceTransactionFactory, "cus_123"),
        (DiscountFactory, "coupon_123"),
        (SubscriptionFactory, "cus_123"),
        (SubscriptionItemFactory, "sub_123"),
        (InvoiceFactory, "il_123"),
        (InvoiceLineFactory, "in_123"),
        (CreditNoteFactory, "in_123"),
    ],
    ids=lambda v: v._meta.model.__name__ if hasattr(v, "_meta") else v,
)
def test_it_names_stripe_id_when_the_prefix_is_wrong(factory, wrong_id):
    row = factory()
    row.stripe_id = wrong_id
    assert "stripe_id" in invalid_fields(row)


def test_it_accepts_custom_stripe_product_and_legacy_price_ids():
    """Stripe products may carry custom ids and legacy plan ids act as prices."""
    price = StripePriceFactory(stripe_id="startup_plan_2023", product__stripe_id="posthog_analytics")
    price.full_clean()
    price.product.full_clean()


def test_it_names_the_payment_id_when_it_is_not_a_payment():
    attempt = PaymentAttemptFactory(stripe_payment_id="in_123")
    assert invalid_fields(attempt) == {"stripe_payment_id"}
    for good in ("inpay_1", "pi_1", "ch_1", "py_1"):
        attempt.stripe_payment_id = good
        attempt.full_clean()


# --- customers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("pct", ["-0.01", "100.00"])
def test_it_keeps_the_credit_discount_between_0_and_100(pct):
    refused(BillingCustomerFactory, "billing_bc_credit_discount_0_to_100",
            credit_discount_percent=Decimal(pct))


def test_it_refuses_an_override_that_ends_before_it_starts():
    refused(BillingCustomerFactory, "billing_bc_override_to_after_from",
            configuration_override="PAID", override_from=date(2025, 3, 1),
            override_to=date(2025, 2, 1))
    BillingCustomerFactory(configuration_override="PAID", override_from=date(2025, 3, 1),
                           override_to=date(2025, 3, 1))


def test_it_refuses_override_months_without_an_override():
    refused(BillingCustomerFactory, "billing_bc_override_months_need_override",
            override_from=date(2025, 3, 1))


def test_it_names_override_months_that_are_not_the_first_of_a_month():
    customer = BillingCustomerFactory(configuration_override="LEGACY")
    customer.override_from = date(2025, 3, 2)
    customer.override_to = date(2025, 4, 30)
    assert invalid_fields(customer) == {"override_from", "override_to"}


def test_it_consolidates_only_with_a_reason_and_never_into_itself():
    """B-56: a member names its root and why."""
    root = BillingCustomerFactory()
    refused(BillingCustomerFactory, "billing_bc_consolidation_has_reason", consolidated_into=root)
    refused(BillingCustomerFactory, "billing_bc_consolidation_has_reason",
            consolidation_reason="EU_TO_US")
    member = BillingCustomerFactory(consolidated_into=root, consolidation_reason="EU_TO_US")
    member.consolidated_into = member
    with pytest.raises(IntegrityError, match="billing_bc_not_consolidated_into_itself"), \
            transaction.atomic():
        member.save()


# --- discounts ---------------------------------------------------------------------------------


def test_it_refuses_a_discount_with_both_or_neither_kind_of_amount():
    refused(DiscountFactory, "billing_discount_percent_xor_amount", amount_off=Decimal("10.00"))
    refused(DiscountFactory, "billing_discount_percent_xor_amount", percent_off=None)


@pytest.mark.parametrize("pct", ["0.00", "100.01"])
def test_it_keeps_percent_off_above_zero_and_at_most_100(pct):
    refused(DiscountFactory, "billing_discount_percent_off_range", percent_off=Decimal(pct))


def test_it_refuses_a_zero_amount_off():
    refused(DiscountFactory, "billing_discount_amount_off_positive", percent_off=None,
            amount_off=Decimal("0.00"))


def test_it_gives_months_to_repeating_discounts_only():
    refused(DiscountFactory, "billing_discount_months_iff_repeating", duration="repeating")
    refused(DiscountFactory, "billing_discount_months_iff_repeating", duration="forever",
            duration_in_months=3)
    DiscountFactory(duration="repeating", duration_in_months=3)


def test_it_refuses_a_discount_that_ends_before_it_starts():
    start = datetime(2025, 1, 1, tzinfo=UTC)
    refused(DiscountFactory, "billing_discount_end_after_start", start=start, end=start)


# --- prices and subscriptions ------------------------------------------------------------------


def test_it_ties_the_tiers_mode_to_tiered_prices():
    refused(StripePriceFactory, "billing_price_tiers_mode_iff_tiered", tiers_mode="")
    refused(StripePriceFactory, "billing_price_tiers_mode_iff_tiered", billing_scheme="per_unit")
    StripePriceFactory(billing_scheme="per_unit", tiers_mode="", tiers=[],
                       unit_amount_decimal=Decimal("0.000050000000"))


def test_it_gives_recurring_prices_an_interval_count_of_at_least_one():
    refused(StripePriceFactory, "billing_price_interval_has_count", recurring_interval_count=None)
    refused(StripePriceFactory, "billing_price_interval_has_count", recurring_interval_count=0)
    refused(StripePriceFactory, "billing_price_interval_has_count", recurring_interval="")
    StripePriceFactory(recurring_interval="", recurring_interval_count=None, usage_type="licensed")


def test_it_refuses_a_subscription_that_ends_before_it_starts():
    start = datetime(2025, 1, 1, tzinfo=UTC)
    refused(SubscriptionFactory, "billing_sub_ended_after_start", start_date=start,
            ended_at=start - timedelta(seconds=1))


def test_it_refuses_an_empty_or_reversed_item_period():
    refused(SubscriptionItemFactory, "billing_subitem_period_end_after_start",
            current_period_start=date(2025, 2, 1), current_period_end=date(2025, 2, 1))


# --- invoices, lines, payments -----------------------------------------------------------------


def test_it_refuses_an_invoice_period_that_ends_before_it_starts():
    refused(InvoiceFactory, "billing_invoice_period_end_after_start",
            period_start=date(2025, 2, 1), period_end=date(2025, 1, 31))
    InvoiceFactory(period_start=date(2025, 2, 1), period_end=date(2025, 2, 1))  # one-off invoice


@pytest.mark.parametrize("field", [
    "discount_total", "amount_due", "amount_paid", "amount_remaining", "credits_applied",
    "pre_payment_credit_notes", "post_payment_credit_notes",
])
def test_it_refuses_negative_invoice_amounts(field):
    refused(InvoiceFactory, f"billing_invoice_{field}_not_negative", **{field: Decimal("-0.01")})


def test_it_allows_negative_totals_and_balances_as_stripe_does():
    InvoiceFactory(subtotal=Decimal("-5.00"), total=Decimal("-5.00"), amount_due=0, amount_paid=0,
                   starting_balance=Decimal("-100.00"), ending_balance=Decimal("-105.00"))


def test_it_names_a_service_month_that_is_not_the_first():
    invoice = InvoiceFactory(service_month=date(2025, 1, 15))
    assert invalid_fields(invoice) == {"service_month"}


def test_it_refuses_a_line_period_that_ends_before_it_starts():
    refused(InvoiceLineFactory, "billing_line_period_end_after_start",
            period_start=date(2025, 1, 2), period_end=date(2025, 1, 1))


def test_it_refuses_a_negative_line_discount_but_allows_proration_credits():
    refused(InvoiceLineFactory, "billing_line_discount_amount_not_negative",
            discount_amount=Decimal("-1.00"))
    InvoiceLineFactory(kind="PRORATION", proration=True, amount=Decimal("-20.00"))


def test_it_names_net_amount_when_it_is_not_amount_minus_discount():
    line = InvoiceLineFactory(amount=Decimal("100.00"), discount_amount=Decimal("30.00"))
    assert line.net_amount == Decimal("70.00")
    line.full_clean()
    line.net_amount = Decimal("100.00")
    assert invalid_fields(line) == {"net_amount"}


def test_it_numbers_payment_attempts_from_one_once_per_invoice():
    refused(PaymentAttemptFactory, "billing_payatt_number_from_one", attempt_number=0)
    first = PaymentAttemptFactory(attempt_number=1)
    refused(PaymentAttemptFactory, "billing_payatt_one_per_number|attempt_number",
            invoice=first.invoice, attempt_number=1)
    refused(PaymentAttemptFactory, "billing_payatt_amount_not_negative", amount=Decimal("-1.00"))


# --- credit notes ------------------------------------------------------------------------------


def test_it_refuses_negative_credit_notes_and_lines():
    refused(CreditNoteFactory, "billing_creditnote_amount_not_negative", amount=Decimal("-1.00"))
    refused(CreditNoteLineFactory, "billing_cnline_amount_not_negative", amount=Decimal("-1.00"))


def test_it_names_a_credit_note_line_pointing_at_another_invoice():
    line = CreditNoteLineFactory(invoice_line=InvoiceLineFactory())
    assert invalid_fields(line) == {"invoice_line"}
    line.invoice_line = InvoiceLineFactory(invoice=line.credit_note.invoice)
    line.full_clean()
