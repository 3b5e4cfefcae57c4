"""One story being rendered: its Stripe customers, billing routes and planned invoices.

Invoices are planned first (amounts, dates, outcomes), then numbered and written, because
dunning, refunds and the credit ledger each decide something about invoices already planned.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from accounts.demo.story import AccountStory

from .calendar import Calendar
from .catalogue import Catalogue
from .rows import ChunkRows

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
ENTERPRISE = ("ENTERPRISE_YEARLY_CREDIT", "ENTERPRISE_AMORTIZED_CREDIT")
AUTO, SEND = "charge_automatically", "send_invoice"
# Stripe finalizes a cycle invoice shortly after creating it; expired credits are removed at
# 00:30 on the end date (D-21), after the term's last usage invoice has drawn on them.
FINALIZE_AFTER = timedelta(minutes=10)


@dataclass(slots=True, eq=False)
class Party:
    """A Stripe customer of the story."""

    pk: int
    stripe_id: str
    role: str
    number_prefix: str
    email: str
    name: str
    created: datetime
    balance: Decimal = ZERO


@dataclass(slots=True, eq=False)
class Route:
    """A subscription and the product keys it bills (None: whatever no other route claims)."""

    pk: int
    party: Party
    keys: frozenset[str] | None
    start: datetime
    status: str = "active"


@dataclass(slots=True, eq=False)
class Line:
    kind: str
    product_key: str | None
    stripe_product_id: int
    price_id: int
    description: str
    quantity: Decimal
    amount: Decimal
    discount: Decimal
    net: Decimal


@dataclass(slots=True, eq=False)
class Attempt:
    at: datetime
    succeeded: bool
    failure: str = ""


@dataclass(slots=True, eq=False)
class Refund:
    amount: Decimal
    reason: str
    created: datetime
    per_line: list[Decimal]  # aligned with the invoice's lines


@dataclass(slots=True, eq=False)
class PlannedInvoice:
    party: Party
    month: int  # service month index
    purpose: str
    lines: list[Line]
    total: Decimal
    applied: Decimal  # credits applied from the customer balance
    collection: str
    created: datetime
    subscription: int | None
    starting_balance: Decimal = ZERO
    due_date: date | None = None
    purchase: int | None = None
    billing_reason: str = "subscription_cycle"
    # The outcome, settled after planning.
    status: str = "paid"
    paid_at: datetime | None = None
    attempts: list[Attempt] = field(default_factory=list)
    next_attempt: datetime | None = None
    refund: Refund | None = None
    settled: bool = False  # outcome fixed by its planner (a credit purchase invoice)
    # (invoice start, invoice end, line start, line end) when not the service month's.
    period: tuple[date, date, date, date] | None = None
    pk: int = 0
    stripe_id: str = ""

    @property
    def due(self) -> Decimal:
        return self.total - self.applied

    @property
    def finalized_at(self) -> datetime:
        return self.created + FINALIZE_AFTER


def credit_term(story: AccountStory) -> tuple[int, int] | None:
    """(first month, first month after) of the story's prepaid or startup credit, if any."""
    first, end = story.credit_start_month, story.credit_end_month
    return None if first is None or end is None else (first, end)


@dataclass(eq=False)
class StoryState:
    story: AccountStory
    cal: Calendar
    cat: Catalogue
    rows: ChunkRows
    rng: random.Random
    parties: list[Party] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    credit_party: Party | None = None  # the customer whose balance carries the credits
    invoices: list[PlannedInvoice] = field(default_factory=list)
    purchase_pk: int | None = None
    discount: tuple[int, int, Decimal] | None = None  # (first month, end month excl., percent)
    startup_prices: bool = False  # the startup plan still runs: items bill at startup prices
    tags: set[str] = field(default_factory=set)

    @property
    def seed(self) -> int:
        return self.cal.seed

    @property
    def configuration(self) -> str:
        return self.story.configuration

    @property
    def last_live_month(self) -> int:
        churn = self.story.churn_month
        return self.cal.months - 1 if churn is None else churn - 1
