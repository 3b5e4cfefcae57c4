"""factory-boy factories for the revops tables: opportunities, order forms, import runs."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from billing.models import Product
from revops.models import ImportRun, Opportunity, OrderForm, Quote, QuoteOption

from .accounts import AccountFactory, UserFactory

__all__ = [
    "CrossSellOpportunityFactory",
    "ImportRunFactory",
    "OpportunityFactory",
    "OrderFormFactory",
    "QuoteFactory",
    "QuoteOptionFactory",
    "handbook_policy_version",
]


class OpportunityFactory(DjangoModelFactory):
    """A New Revenue opportunity at its first stage."""

    class Meta:
        model = Opportunity

    account = factory.SubFactory(AccountFactory)
    owner = factory.SubFactory(UserFactory, role="tae")
    record_type = "new_revenue"
    stage = "problem_agreement"
    closed_at = None
    # A test that closes with closed_at=now() must not trip "closed after created".
    created_at = factory.LazyAttribute(
        lambda o: min(timezone.now(), o.closed_at) if o.closed_at else timezone.now()
    )


class CrossSellOpportunityFactory(OpportunityFactory):
    """crosssell.md: a 'New revenue - existing customer' opportunity with a target product."""

    owner = factory.SubFactory(UserFactory, role="tam")
    record_type = "new_revenue_existing_customer"
    stage = "discovery"
    target_product = factory.LazyFunction(lambda: Product.objects.get(key="session_replay"))
    target_use_case = "product_intelligence"
    expected_mrr = Decimal("250.00")
    motion_note = "Discovery call booked with the product team."
    discovery_at = factory.LazyFunction(timezone.now)


class OrderFormFactory(DjangoModelFactory):
    """A 12-month, upfront, Net 30 draft for $30k of credits at the 20% volume tier."""

    class Meta:
        model = OrderForm

    account = factory.SubFactory(AccountFactory)
    kind = "new"
    title = factory.LazyAttribute(lambda o: f"{o.account.name} PostHog Cloud Order Form - March 2025")
    client_legal_name = factory.LazyAttribute(lambda o: o.account.name)
    credit_amount = Decimal("30000.00")
    term_months = 12
    activation_mode = "new_customer_start"
    effective_date = dt.date(2025, 3, 1)
    end_date = dt.date(2026, 2, 28)
    policy_discount_pct = Decimal("20.00")
    discount_pct = Decimal("20.00")
    price = Decimal("24000.00")
    annual_price = Decimal("24000.00")
    components = factory.LazyFunction(
        lambda: {"volume": "20.0", "commitment": "0.0", "cash_timing": "0.0", "forecast": "0.0",
                 "nonprofit": "0.0", "self_serve": "0.0"}
    )


class ImportRunFactory(DjangoModelFactory):
    """A finished, clean API run of the usage feed."""

    class Meta:
        model = ImportRun

    kind = "account_daily_metrics"
    source = "api"
    uploaded_by = factory.SubFactory(UserFactory, role="revops_admin")
    rows_total = 10
    rows_ok = 10
    status = "ok"
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyAttribute(lambda o: o.started_at)


def handbook_policy_version():
    """The published handbook version the data migration seeds (re-created after a flush)."""
    from revops.policy_services import policy_seed_handbook

    return policy_seed_handbook()


class QuoteFactory(DjangoModelFactory):
    """A saved quote on an account, owned by its TAM, without options (add QuoteOptionFactory)."""

    class Meta:
        model = Quote

    title = factory.Sequence(lambda n: f"Quote {n}")
    account = factory.SubFactory(AccountFactory)
    created_by = factory.SubFactory(UserFactory, role="tam")
    status = "saved"


class QuoteOptionFactory(DjangoModelFactory):
    """$30k, 1 year, upfront, Net 30, new business: the 20% tier, priced by the handbook version."""

    class Meta:
        model = QuoteOption

    quote = factory.SubFactory(QuoteFactory)
    position = factory.Sequence(lambda n: n % 5 + 1)
    label = "1 year"
    credit_amount = Decimal("30000.00")
    term_years = 1
    deal_type = "new"
    components = factory.LazyFunction(
        lambda: {"volume": "20.00", "commitment": "0.00", "cash_timing": "0.00", "forecast": "0.00",
                 "nonprofit": "0.00", "self_serve": "0.00"}
    )
    discount_pct = Decimal("20.00")
    price = Decimal("24000.00")
    state = "levers"
    notes = factory.LazyFunction(lambda: [{"rule": "P-2", "text": "Volume: 20%."}])
    policy_version = factory.LazyFunction(handbook_policy_version)
