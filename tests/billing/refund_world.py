"""A customer with a spike invoice priced on PostHog's public product-analytics tiers (cents, as
Stripe stores them), for the refund service, page and browser tests."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

from billing.refunds.services import Claim, LineClaim
from tests.factories import (
    AccountFactory,
    BillingCustomerFactory,
    InvoiceFactory,
    InvoiceLineFactory,
    ProductFactory,
    StripeCustomerFactory,
    StripePriceFactory,
    StripeProductFactory,
    UserFactory,
)

PUBLIC_TIERS_CENTS = [
    {"up_to": 1_000_000, "unit_amount_decimal": "0", "flat_amount_decimal": "0"},
    {"up_to": 2_000_000, "unit_amount_decimal": "0.005", "flat_amount_decimal": "0"},
    {"up_to": 15_000_000, "unit_amount_decimal": "0.00343", "flat_amount_decimal": "0"},
    {"up_to": 50_000_000, "unit_amount_decimal": "0.00295", "flat_amount_decimal": "0"},
    {"up_to": 100_000_000, "unit_amount_decimal": "0.00218", "flat_amount_decimal": "0"},
    {"up_to": 250_000_000, "unit_amount_decimal": "0.0015", "flat_amount_decimal": "0"},
    {"up_to": None, "unit_amount_decimal": "0.0009", "flat_amount_decimal": "0"},
]
BILLED = datetime(2025, 5, 1, 9, tzinfo=UTC)


def spike_invoice(*, status="paid", email=None, owner=None, name="Spiky Inc", key="product_analytics"):
    account = AccountFactory(name=name, owner=owner or UserFactory(role="tam"))
    customer = BillingCustomerFactory(account=account, name=name)
    party = StripeCustomerFactory(billing_customer=customer, **({"email": email} if email else {}))
    price = StripePriceFactory(product=StripeProductFactory(product_key=ProductFactory(key=key)),
                               tiers=PUBLIC_TIERS_CENTS)  # fmt: skip
    finalized = status in ("open", "paid")
    invoice = InvoiceFactory(
        stripe_customer=party, status=status, period_start=date(2025, 4, 1), period_end=date(2025, 5, 1),
        created=BILLED, finalized_at=BILLED if finalized else None, paid_at=BILLED if status == "paid" else None,
        total=D("84.30"), subtotal=D("84.30"),
    )  # fmt: skip
    InvoiceLineFactory(invoice=invoice, product_key=ProductFactory(key=key), price=price,
                       quantity=D("3000000"), amount=D("84.30"))  # fmt: skip
    return invoice


def claim(**kw):
    base = {
        "scenario": "learning_curve",
        "requested_on": date(2025, 5, 10),
        "lines": (LineClaim("product_analytics", (1_000_000, 1_000_000, 1_000_000), 3_000_000),),
        "is_first_bill_over_1": True,
    }
    base.update(kw)
    return Claim(**base)
