"""Small worlds for the billing job tests: a customer per configuration, built with factories."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

from tests.factories import (
    AccountFactory,
    BillingCustomerFactory,
    CreditGrantFactory,
    CreditPurchaseFactory,
    InvoiceFactory,
    InvoiceLineFactory,
    ProductFactory,
    StripeCustomerFactory,
    UserFactory,
)
from tests.factories.billing import add_months


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def usage_invoice(party, start: date, lines: dict[str, str], *, tax="0.00", credits="0.00", status="paid"):
    total = sum((D(v) for v in lines.values()), D(0)) + D(tax)
    inv = InvoiceFactory(
        stripe_customer=party,
        period_start=start,
        period_end=add_months(start, 1),
        status=status,
        tax=D(tax),
        total=total,
        subtotal=total - D(tax),
        credits_applied=D(credits),
        amount_due=total - D(credits),
        amount_paid=total - D(credits),
        created=at(add_months(start, 1)),
    )
    for key, amount in lines.items():
        InvoiceLineFactory(
            invoice=inv, product_key=ProductFactory(key=key) if key else None, amount=D(amount)
        )
    return inv


def customer(*, owner=True, balance="0.00", role="SINGLE", **kwargs):
    account = AccountFactory(owner=UserFactory(role="tam") if owner else None)
    bc = BillingCustomerFactory(account=account, **kwargs)
    party = StripeCustomerFactory(billing_customer=bc, role=role, balance=D(balance))
    return bc, party


def enterprise(
    *,
    monthly: list[str],
    start=date(2025, 1, 1),
    credit="120000.00",
    price="90000.00",
    balance: str | None = None,
    owner=True,
):
    """The contracts.md example shape: a 12-month upfront purchase paid, its grant applied, then
    usage invoices drawing on it (credits applied up to what is left)."""
    bc, party = customer(owner=owner, credit_discount_percent=D("25.00"), credit_discount_source="PURCHASE")
    purchase = CreditPurchaseFactory(
        billing_customer=bc, start_date=start, credit_amount=D(credit), price=D(price)
    )
    InvoiceFactory(
        stripe_customer=party,
        purpose="CREDIT_PURCHASE",
        credit_purchase=purchase,
        total=D(price),
        subtotal=D(price),
        period_start=start,
        period_end=start,
        created=at(start),
    )
    left = D(credit)
    grant = CreditGrantFactory(
        billing_customer=bc,
        stripe_customer=party,
        credit_purchase=purchase,
        amount=D(credit),
        remaining=D(credit),
        starts_on=start,
        expires_at=add_months(start, 12),
    )
    for k, amount in enumerate(monthly):
        applied = min(left, D(amount))
        left -= applied
        usage_invoice(party, add_months(start, k), {"product_analytics": amount}, credits=str(applied))
    grant.remaining = left
    grant.save()
    party.balance = -left if balance is None else D(balance)
    party.save()
    return bc, party, purchase
