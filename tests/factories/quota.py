"""factory-boy factories for the quota tables: book memberships, rep plans, team memberships."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from quota.engine import Quarter
from quota.models import (
    BookMembership,
    ContractQuotaFlag,
    Quota,
    QuotaPeriod,
    RepPlan,
    TeamMembership,
)
from quota.policies import ensure_handbook_policy

from .accounts import AccountFactory, TeamFactory, UserFactory
from .billing import (
    CreditPurchaseFactory,
    InvoiceFactory,
    InvoiceLineFactory,
    ProductFactory,
    StripeCustomerFactory,
)

__all__ = [
    "BookMembershipFactory",
    "ContractQuotaFlagFactory",
    "QuotaFactory",
    "QuotaPeriodFactory",
    "RepPlanFactory",
    "TeamMembershipFactory",
    "billed_account",
    "invoice_with_lines",
]


class BookMembershipFactory(DjangoModelFactory):
    """An open AM Managed membership from the TAM's initial book, added 2 Jan 2025."""

    class Meta:
        model = BookMembership

    account = factory.SubFactory(AccountFactory)
    tam = factory.SubFactory(UserFactory, role="tam")
    added_on = dt.date(2025, 1, 2)
    added_by = factory.SubFactory(UserFactory, role="sales_manager")
    source = "initial_book"
    grace_until = dt.date(2025, 4, 2)


class RepPlanFactory(DjangoModelFactory):
    class Meta:
        model = RepPlan

    rep = factory.SubFactory(UserFactory, role="tam")
    role = "tam"
    role_start_date = dt.date(2024, 1, 8)
    ote_annual = Decimal("200000.00")
    team = factory.SubFactory(TeamFactory)
    valid_from = dt.date(2024, 1, 8)


class TeamMembershipFactory(DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    rep = factory.SubFactory(UserFactory, role="tam")
    joined_on = dt.date(2024, 1, 8)


class QuotaPeriodFactory(DjangoModelFactory):
    """2025-Q2 under the handbook policy the migration seeds."""

    class Meta:
        model = QuotaPeriod
        django_get_or_create = ("year", "quarter")

    year = 2025
    quarter = 2
    start = factory.LazyAttribute(lambda o: Quarter(o.year, o.quarter).first_day)
    end = factory.LazyAttribute(lambda o: Quarter(o.year, o.quarter).last_day)
    cutoff_date = factory.LazyAttribute(lambda o: Quarter(o.year, o.quarter).cutoff_date())
    payout_date = factory.LazyAttribute(lambda o: Quarter(o.year, o.quarter).next.first_day + dt.timedelta(days=30))
    # The migration seeds it; a browser test's flush may have removed it, so make sure it exists.
    policy_version = factory.LazyFunction(lambda: ensure_handbook_policy())


class QuotaFactory(DjangoModelFactory):
    class Meta:
        model = Quota

    rep = factory.SubFactory(UserFactory, role="tam")
    period = factory.SubFactory(QuotaPeriodFactory)
    amount = Decimal("250000.00")
    reason = "Quarterly quota"


class ContractQuotaFlagFactory(DjangoModelFactory):
    class Meta:
        model = ContractQuotaFlag

    credit_purchase = factory.SubFactory(CreditPurchaseFactory)
    converted_under_legacy_plan = True


def billed_account(**account_fields):
    """An account with its billing customer and single Stripe customer: (account, stripe_customer)."""
    customer = StripeCustomerFactory(billing_customer__account=AccountFactory(**account_fields))
    return customer.billing_customer.account, customer


def invoice_with_lines(
    stripe_customer, period_start: dt.date, lines: dict[str, str], *, paid_on: dt.date | None = None,
    status: str | None = None, amount_due: str | None = None,
):
    """A finalized usage invoice for `period_start`'s month with one line per product key.

    Paid on `paid_on` (default: the 5th of the next month); `paid_on=None` with status "open"
    leaves it unpaid.
    """
    total = sum((Decimal(v) for v in lines.values()), Decimal("0"))
    if status is None:
        status = "paid"
        paid_on = paid_on or (period_start.replace(day=1) + dt.timedelta(days=35)).replace(day=5)
    paid_at = dt.datetime.combine(paid_on, dt.time(12), tzinfo=dt.UTC) if paid_on else None
    invoice = InvoiceFactory(
        stripe_customer=stripe_customer, status=status, period_start=period_start,
        period_end=period_start + dt.timedelta(days=28), service_month=period_start.replace(day=1),
        subtotal=total, total=total, amount_due=Decimal(amount_due) if amount_due is not None else total,
        amount_paid=total if paid_at else Decimal("0"), paid_at=paid_at,
        created=dt.datetime.combine(period_start, dt.time(6), tzinfo=dt.UTC) + dt.timedelta(days=31),
    )
    for key, amount in lines.items():
        InvoiceLineFactory(invoice=invoice, product_key=ProductFactory(key=key), amount=Decimal(amount))
    return invoice
