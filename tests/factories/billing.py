"""factory-boy factories for the billing tables. Defaults describe one paid January 2025 invoice
of a single-Stripe-customer account; ids carry Stripe's prefixes."""

import calendar
from datetime import UTC, date, datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from billing.models import (
    BillingCustomer,
    CreditConsumption,
    CreditGrant,
    CreditNote,
    CreditNoteLine,
    CreditPurchase,
    CreditRunway,
    CustomerBalanceTransaction,
    Discount,
    Invoice,
    InvoiceLine,
    MonthlyRevenue,
    PaymentAttempt,
    Product,
    ProductKeyAlias,
    StripeCustomer,
    StripePrice,
    StripeProduct,
    StripeWriteTask,
    Subscription,
    SubscriptionItem,
)

from .accounts import AccountFactory

__all__ = [
    "BillingCustomerFactory",
    "CreditConsumptionFactory",
    "CreditGrantFactory",
    "CreditNoteFactory",
    "CreditNoteLineFactory",
    "CreditPurchaseFactory",
    "CreditRunwayFactory",
    "CustomerBalanceTransactionFactory",
    "DiscountFactory",
    "InvoiceFactory",
    "InvoiceLineFactory",
    "MonthlyRevenueFactory",
    "PaymentAttemptFactory",
    "ProductFactory",
    "ProductKeyAliasFactory",
    "StripeCustomerFactory",
    "StripePriceFactory",
    "StripeProductFactory",
    "StripeWriteTaskFactory",
    "SubscriptionFactory",
    "SubscriptionItemFactory",
]

JAN_1 = datetime(2025, 1, 1, tzinfo=UTC)


def add_months(day: date, months: int) -> date:
    """Calendar months, the day clamped to the month's end (D-17)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def stripe_id(prefix: str) -> factory.Sequence:
    return factory.Sequence(lambda n: f"{prefix}test{n:06d}")


class ProductFactory(DjangoModelFactory):
    """The catalogue is loaded by migration; this fetches a key, or adds one for a test."""

    class Meta:
        model = Product
        django_get_or_create = ("key",)

    key = "product_analytics"
    name = factory.LazyAttribute(lambda o: o.key.replace("_", " ").title())


class ProductKeyAliasFactory(DjangoModelFactory):
    class Meta:
        model = ProductKeyAlias
        django_get_or_create = ("stripe_key",)

    stripe_key = factory.Sequence(lambda n: f"legacy_key_{n}")
    product_key = factory.SubFactory(ProductFactory)


class BillingCustomerFactory(DjangoModelFactory):
    class Meta:
        model = BillingCustomer

    account = factory.SubFactory(AccountFactory)
    name = factory.LazyAttribute(lambda o: o.account.name if o.account else "Billing customer")
    posthog_org_id = factory.LazyAttribute(
        lambda o: o.account.posthog_organization_id if o.account else ""
    )
    region = "US"


class StripeCustomerFactory(DjangoModelFactory):
    class Meta:
        model = StripeCustomer

    stripe_id = stripe_id("cus_")
    billing_customer = factory.SubFactory(BillingCustomerFactory)
    role = "SINGLE"
    email = factory.Sequence(lambda n: f"billing{n}@example.com")
    name = factory.SelfAttribute("billing_customer.name")
    stripe_created = JAN_1


class CustomerBalanceTransactionFactory(DjangoModelFactory):
    class Meta:
        model = CustomerBalanceTransaction

    stripe_id = stripe_id("cbtxn_")
    stripe_customer = factory.SubFactory(StripeCustomerFactory)
    type = "adjustment"
    amount = Decimal("-1000.00")
    ending_balance = Decimal("-1000.00")
    created = JAN_1


class DiscountFactory(DjangoModelFactory):
    class Meta:
        model = Discount

    stripe_id = stripe_id("di_")
    stripe_customer = factory.SubFactory(StripeCustomerFactory)
    coupon_id = "legacy_30"
    percent_off = Decimal("30.00")
    duration = "forever"
    start = JAN_1


class StripeProductFactory(DjangoModelFactory):
    class Meta:
        model = StripeProduct

    stripe_id = stripe_id("prod_")
    name = factory.LazyAttribute(lambda o: o.product_key.name if o.product_key else "Product")
    product_key = factory.SubFactory(ProductFactory)
    posthog_product_key = factory.LazyAttribute(lambda o: o.product_key.key if o.product_key else "")


class StripePriceFactory(DjangoModelFactory):
    class Meta:
        model = StripePrice

    stripe_id = stripe_id("price_")
    product = factory.SubFactory(StripeProductFactory)
    nickname = "Default"
    billing_scheme = "tiered"
    tiers_mode = "graduated"
    tiers = factory.LazyFunction(lambda: [
        {"up_to": 1_000_000, "unit_amount_decimal": "0", "flat_amount_decimal": "0"},
        {"up_to": None, "unit_amount_decimal": "0.005", "flat_amount_decimal": "0"},
    ])
    recurring_interval = "month"
    recurring_interval_count = 1
    usage_type = "metered"


class SubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Subscription

    stripe_id = stripe_id("sub_")
    stripe_customer = factory.SubFactory(StripeCustomerFactory)
    status = "active"
    start_date = JAN_1


class SubscriptionItemFactory(DjangoModelFactory):
    class Meta:
        model = SubscriptionItem

    stripe_id = stripe_id("si_")
    subscription = factory.SubFactory(SubscriptionFactory)
    price = factory.SubFactory(StripePriceFactory)
    current_period_start = date(2025, 1, 1)
    current_period_end = date(2025, 2, 1)


class InvoiceFactory(DjangoModelFactory):
    class Meta:
        model = Invoice

    stripe_id = stripe_id("in_")
    number = factory.Sequence(lambda n: f"TEST-{n:06d}")
    stripe_customer = factory.SubFactory(StripeCustomerFactory)
    status = "paid"
    billing_reason = "subscription_cycle"
    subtotal = Decimal("100.00")
    total = Decimal("100.00")
    amount_due = Decimal("100.00")
    amount_paid = Decimal("100.00")
    period_start = date(2025, 1, 1)
    period_end = date(2025, 2, 1)
    service_month = factory.SelfAttribute("period_start")
    created = datetime(2025, 2, 1, tzinfo=UTC)
    finalized_at = factory.SelfAttribute("created")
    paid_at = factory.SelfAttribute("created")


class InvoiceLineFactory(DjangoModelFactory):
    class Meta:
        model = InvoiceLine

    stripe_id = stripe_id("il_")
    invoice = factory.SubFactory(InvoiceFactory)
    kind = "USAGE"
    product_key = factory.SubFactory(ProductFactory)
    quantity = Decimal("1000000.0000")
    amount = Decimal("100.00")
    net_amount = factory.LazyAttribute(lambda o: o.amount - o.discount_amount)
    discount_amount = Decimal("0.00")
    period_start = factory.SelfAttribute("invoice.period_start")
    period_end = factory.SelfAttribute("invoice.period_end")


class PaymentAttemptFactory(DjangoModelFactory):
    class Meta:
        model = PaymentAttempt

    invoice = factory.SubFactory(InvoiceFactory)
    attempt_number = factory.Sequence(lambda n: n + 1)
    attempted_at = factory.SelfAttribute("invoice.created")
    succeeded = True
    amount = factory.SelfAttribute("invoice.amount_due")
    stripe_payment_id = stripe_id("pi_")


class CreditNoteFactory(DjangoModelFactory):
    class Meta:
        model = CreditNote

    stripe_id = stripe_id("cn_")
    invoice = factory.SubFactory(InvoiceFactory)
    amount = Decimal("10.00")
    reason = "product_unsatisfactory"
    created = datetime(2025, 2, 10, tzinfo=UTC)


class CreditNoteLineFactory(DjangoModelFactory):
    class Meta:
        model = CreditNoteLine

    credit_note = factory.SubFactory(CreditNoteFactory)
    product_key = factory.SubFactory(ProductFactory)
    amount = factory.SelfAttribute("credit_note.amount")


class CreditPurchaseFactory(DjangoModelFactory):
    """The handbook's 12-month contract: 120,000 credits for 90,000 (25 % off)."""

    class Meta:
        model = CreditPurchase

    billing_customer = factory.SubFactory(BillingCustomerFactory)
    credit_amount = Decimal("120000.00")
    price = Decimal("90000.00")
    discount_percent = Decimal("25.00")
    term_months = 12
    start_date = date(2025, 1, 1)
    end_date = factory.LazyAttribute(lambda o: add_months(o.start_date, o.term_months))
    first_half_end = factory.LazyAttribute(
        lambda o: add_months(o.start_date, o.term_months // 2)
    )
    annual_spend = factory.LazyAttribute(
        lambda o: (o.price * 12 / o.term_months).quantize(Decimal("0.01"))
    )
    status = "ACTIVE"


class CreditGrantFactory(DjangoModelFactory):
    class Meta:
        model = CreditGrant

    billing_customer = factory.SubFactory(BillingCustomerFactory)
    stripe_customer = factory.SubFactory(
        StripeCustomerFactory, billing_customer=factory.SelfAttribute("..billing_customer")
    )
    kind = "PREPAID_CONTRACT"
    amount = Decimal("1000.00")
    remaining = factory.SelfAttribute("amount")
    starts_on = date(2025, 1, 1)
    applied_at = JAN_1
    expires_at = date(2026, 1, 1)
    status = "APPLIED"

    class Params:
        one_time = factory.Trait(
            kind="ONE_TIME", reason="promo_credit", notes="Launch promo", expires_at=None
        )


class CreditConsumptionFactory(DjangoModelFactory):
    class Meta:
        model = CreditConsumption

    grant = factory.SubFactory(CreditGrantFactory)
    invoice = factory.SubFactory(
        InvoiceFactory, stripe_customer=factory.SelfAttribute("..grant.stripe_customer")
    )
    amount = Decimal("100.00")


class MonthlyRevenueFactory(DjangoModelFactory):
    """A customer's total row for January 2025 (product_key=None)."""

    class Meta:
        model = MonthlyRevenue

    billing_customer = factory.SubFactory(BillingCustomerFactory)
    month = date(2025, 1, 1)
    product_key = None
    configuration = "PAID"
    mrr = Decimal("100.00")
    source = "INVOICE_BILLED"


class CreditRunwayFactory(DjangoModelFactory):
    """The contracts.md example's reading: run-out 2025-09-25, BETWEEN, alert open."""

    class Meta:
        model = CreditRunway

    billing_customer = factory.SubFactory(BillingCustomerFactory)
    as_of = date(2025, 6, 10)
    available_credit = Decimal("55840.00")
    daily_burn = Decimal("480.00")
    burn_source = "complete_months"
    runway_days = 107
    run_out_date = date(2025, 9, 25)
    term_start = date(2025, 1, 1)
    term_end = date(2026, 1, 1)
    scenario = "BETWEEN"
    action = factory.LazyFunction(lambda: {"kind": "new_order_form", "start": "2025-09-01", "term_months": 12})
    alert_state = "OPEN"
    alerted_run_out_date = date(2025, 9, 25)
    alerted_scenario = "BETWEEN"


class StripeWriteTaskFactory(DjangoModelFactory):
    class Meta:
        model = StripeWriteTask

    kind = "create_balance_transaction"
    idempotency_key = factory.Sequence(lambda n: f"tamapp-test-{n}-apply")
    payload = factory.LazyFunction(lambda: {"amount": -100000, "currency": "usd"})
