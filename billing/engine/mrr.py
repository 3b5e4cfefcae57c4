"""MRR per customer, month and product for every billing configuration (B-2…B-11, D-1…D-10).

The stored pipeline (`billing.compute_monthly_revenue`) and the credits preview both call
`billed_amounts`, `classify_month` and `month_revenue`; they differ only in the facts they pass
(the preview has no credit notes, coupons, Stripe roles or subscriptions: contracts.md decision 9).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .dates import add_months, month_of
from .money import ZERO, cents

FREE, PAID, STARTUP = "FREE", "PAID", "STARTUP"
YEARLY, AMORTIZED, LEGACY = "ENTERPRISE_YEARLY_CREDIT", "ENTERPRISE_AMORTIZED_CREDIT", "LEGACY"
ENTERPRISE = (YEARLY, AMORTIZED)
UNMAPPED = "unmapped"  # B-12: a line without a catalogue key is counted here, never dropped

SOURCE = {  # MonthlyRevenue.source per configuration
    FREE: "NONE",
    PAID: "INVOICE_BILLED",
    STARTUP: "INVOICE_BILLED",
    LEGACY: "INVOICE_BILLED",
    YEARLY: "CREDIT_PAYMENT_SPLIT",
    AMORTIZED: "CREDITS_SUBSCRIPTION",
}


@dataclass(frozen=True)
class LineFacts:
    product_key: str | None
    amount: Decimal  # before coupons and tax: usage gross (B-8)
    net: Decimal  # amount - discount_amount


@dataclass(frozen=True)
class InvoiceFacts:
    """A finalized usage invoice (B-3): status open or paid, its service month (D-1)."""

    key: object
    service_month: date
    lines: tuple[LineFacts, ...]
    tax: Decimal
    total: Decimal
    credits_applied: Decimal
    credit_notes: Mapping[str | None, Decimal] = field(default_factory=dict)  # cn(p), issued only
    credit_note_tax: Decimal = ZERO

    @property
    def after_cn(self) -> Decimal:
        """B-3: total - Σ cn(p) - cn_tax."""
        return self.total - sum(self.credit_notes.values(), ZERO) - self.credit_note_tax


@dataclass(frozen=True)
class Billed:
    f: Decimal  # share of the invoice paid by balance credit
    products: dict[str, Decimal]
    tax: Decimal


def billed_amounts(invoice: InvoiceFacts) -> Billed:
    """B-3: f = min(1, credits_applied / after_cn) (0 when after_cn = 0); billed(p) =
    (Σ net(p) - cn(p)) x (1 - f) quantised per (invoice, product); billed_tax likewise."""
    after_cn = invoice.after_cn
    f = min(Decimal(1), invoice.credits_applied / after_cn) if after_cn > 0 else Decimal(0)
    nets: dict[str, Decimal] = {}
    for line in invoice.lines:
        key = line.product_key or UNMAPPED
        nets[key] = nets.get(key, ZERO) + line.net
    for note_key, amount in invoice.credit_notes.items():
        bucket = note_key or UNMAPPED
        nets[bucket] = nets.get(bucket, ZERO) - amount
    products = {key: cents(net * (1 - f)) for key, net in nets.items()}
    return Billed(f, products, cents((invoice.tax - invoice.credit_note_tax) * (1 - f)))


@dataclass(frozen=True)
class StartupGrant:
    """A STARTUP_PLAN grant and what invoices drew from it, on which day (B-6, B-22)."""

    starts_on: date
    expires_at: date | None
    amount: Decimal
    draws: tuple[tuple[date, Decimal], ...] = ()

    def left_after(self, day: date) -> Decimal:
        return self.amount - sum((amount for on, amount in self.draws if on <= day), ZERO)

    def labels(self, first: date) -> bool:
        """B-2 (4) / decision 9: on the balance on the 1st, with credit left after the invoices
        charged on or before it — or with an expiry (= metadata credit_expires_at, B-20)."""
        on_balance = self.starts_on <= first and (self.expires_at is None or first < self.expires_at)
        return on_balance and (self.expires_at is not None or self.left_after(first) > 0)


@dataclass(frozen=True)
class BillingFacts:
    """What B-2 reads about one customer, independent of the month."""

    override: str | None = None
    override_from: date | None = None
    override_to: date | None = None
    amortized_pair: bool = False  # StripeCustomers with roles CREDITS and USAGE
    contract_terms: tuple[tuple[date, date], ...] = ()  # (start_date, end_date) of finalized purchases
    startup_grants: tuple[StartupGrant, ...] = ()
    startup_metadata: bool = False  # is_startup_plan_customer
    credit_expires_at: date | None = None
    invariant_broken: bool = False
    billed_months: frozenset[date] = frozenset()  # months with a finalized invoice total > 0
    priced_subscription: bool = False  # a non-cancelled subscription with a non-zero price


def classify_month(month: date, facts: BillingFacts) -> tuple[str, str]:
    """B-2 / D-8, first match wins; returns (configuration, why)."""
    if (
        facts.override
        and (facts.override_from is None or facts.override_from <= month)
        and (facts.override_to is None or month <= facts.override_to)
    ):
        return facts.override, "B-2 (1): RevOps configuration override covers the month"
    if facts.amortized_pair:
        return AMORTIZED, "B-2 (2): a CREDITS and a USAGE Stripe customer"
    for start, end in facts.contract_terms:
        if month_of(start) <= month < end:
            return (
                YEARLY,
                f"B-2 (3): credit purchase {start.isoformat()} → {end.isoformat()} covers the month",
            )
    if any(grant.labels(month) for grant in facts.startup_grants):
        return STARTUP, "B-2 (4): a startup-plan grant is on the balance on the 1st"
    if facts.startup_metadata and facts.credit_expires_at is not None and facts.credit_expires_at > month:
        return STARTUP, "B-2 (4): is_startup_plan_customer with credit_expires_at after the 1st"
    if facts.invariant_broken:
        return LEGACY, "B-2 (5) / B-11: Stripe customer shape not covered (needs review)"
    if month in facts.billed_months:
        return PAID, "B-2 (6): a finalized invoice with a total above zero"
    if facts.priced_subscription:
        return PAID, "B-2 (6): a live subscription with a non-zero price"
    return FREE, "B-2 (7): nothing billed"


def split_evenly(amount: Decimal, parts: int) -> list[Decimal]:
    """Equal half-up shares; the last absorbs the rounding, so they sum to `amount` (B-7, D-4)."""
    share = cents(amount / parts)
    return [share] * (parts - 1) + [amount - share * (parts - 1)]


def yearly_split(invoices: Iterable) -> dict[date, Decimal]:
    """B-7 / D-4: each purchase invoice (`amount`, `first_month`, `months`) split equally."""
    shares: dict[date, Decimal] = {}
    for invoice in invoices:
        for k, share in enumerate(split_evenly(invoice.amount, invoice.months)):
            month = add_months(invoice.first_month, k)
            shares[month] = shares.get(month, ZERO) + share
    return shares


def amortized_shares(lines: Iterable[tuple[date, Decimal, int]]) -> dict[date, Decimal]:
    """B-9 / D-5: each credits-subscription line (first month, net - its credit notes excl. tax,
    months in its price interval) spread equally over the months of its service period."""
    shares: dict[date, Decimal] = {}
    for first, amount, months in lines:
        for k, share in enumerate(split_evenly(amount, max(months, 1))):
            month = add_months(month_of(first), k)
            shares[month] = shares.get(month, ZERO) + share
    return shares


@dataclass(frozen=True)
class MonthRevenue:
    month: date
    configuration: str
    total: Decimal
    tax: Decimal
    products: dict[str, Decimal]  # catalogue key → product MRR (B-10 label in enterprise)
    usage_gross: dict[str, Decimal]
    credits_applied: Decimal
    source: str
    explanation: dict

    @property
    def unmapped(self) -> Decimal:
        return self.products.get(UNMAPPED, ZERO)


def month_revenue(
    month: date,
    configuration: str,
    invoices: Sequence[InvoiceFacts],
    *,
    credit_share: Decimal = ZERO,
    discount_percent: Decimal = ZERO,
    why: str = "",
) -> MonthRevenue:
    """MRR of one customer-month under its configuration (B-4…B-11, D-2, D-3, D-7)."""
    billed = [billed_amounts(inv) for inv in invoices]
    gross: dict[str, Decimal] = {}
    for inv in invoices:
        for line in inv.lines:
            key = line.product_key or UNMAPPED
            gross[key] = gross.get(key, ZERO) + line.amount
    billed_products: dict[str, Decimal] = {}
    for b in billed:
        for key, amount in b.products.items():
            billed_products[key] = billed_products.get(key, ZERO) + amount
    billed_tax = sum((b.tax for b in billed), ZERO)
    credits = sum((inv.credits_applied for inv in invoices), ZERO)
    billed_sum = sum(billed_products.values(), ZERO)
    explanation: dict = {
        "configuration": configuration,
        "why": why,
        "invoices": len(invoices),
        "usage_gross": str(sum(gross.values(), ZERO)),
        "credits_applied": str(credits),
    }
    if configuration == FREE:
        explanation["rules"] = ["B-4"]
        return MonthRevenue(month, FREE, ZERO, ZERO, {}, gross, credits, SOURCE[FREE], explanation)
    if configuration in ENTERPRISE:
        # B-8 / B-9: product MRR = usage at the discounted rate, half-up per (month, product).
        factor = 1 - discount_percent / 100
        products = {key: cents(amount * factor) for key, amount in gross.items()}
        total = credit_share + billed_sum  # B-7 / B-9 + D-7, without tax (D-3)
        explanation.update(
            rules=["B-7" if configuration == YEARLY else "B-9", "B-8", "B-10", "D-3", "D-7"],
            credit_payment_share=str(credit_share),
            billed_beyond_credits=str(billed_sum),
            credit_discount_percent=str(discount_percent),
        )
        return MonthRevenue(
            month, configuration, total, ZERO, products, gross, credits, SOURCE[configuration], explanation
        )
    total = billed_sum + billed_tax  # B-5 "mrr = sum(mrr products) + tax"; B-6 via f; B-11
    explanation.update(
        rules=["B-3", "B-5"]
        + (["B-6"] if configuration == STARTUP else [])
        + (["B-11"] if configuration == LEGACY else []),
        billed_tax=str(billed_tax),
        f=[str(b.f) for b in billed],
    )
    return MonthRevenue(
        month,
        configuration,
        total,
        billed_tax,
        billed_products,
        gross,
        credits,
        SOURCE[configuration],
        explanation,
    )
