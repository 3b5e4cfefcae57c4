"""One account's months: paid products, multiplier and quota amount (Q-1…Q-4, Q-9, Q-10)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .policy import ZERO, QuotaPolicy, Step, cents
from .quarters import month_label, month_start


@dataclass(frozen=True)
class Invoice:
    """A finalized invoice as quota reads it: its service month and its line sums per product key.

    `lines` holds, per contracts.md product key, the sum of the invoice's net line amounts for that
    key (QD-3: after coupons, before prepaid credits, credit notes not deducted).
    """

    period_start: date
    lines: Mapping[str, Decimal] = field(default_factory=dict)
    paid_on: date | None = None

    @property
    def total(self) -> Decimal:
        return sum(self.lines.values(), ZERO)


@dataclass(frozen=True)
class ProductLine:
    """A product's amount in a month and whether it made the product paid (the "why" of n)."""

    product: str
    amount: Decimal
    primary: bool
    paid: bool


@dataclass(frozen=True)
class MonthResult:
    """One account x month, as MonthQuota stores it and the drill-down shows it."""

    month: date
    invoice_count: int
    invoice_amount: Decimal
    lines: tuple[ProductLine, ...]
    paid_products: tuple[str, ...]
    multiplier: Decimal
    run_rate: Decimal | None
    quota_amount: Decimal
    legacy_suppressed: bool
    explanation: tuple[Step, ...]

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def paid_count(self) -> int:
        return len(self.paid_products)


def multiplier(paid_count: int, policy: QuotaPolicy) -> Decimal:
    """Q-3: m(n) = 0.7 + 0.2 x (n - 1) for n ≥ 1, in exact Decimal; QD-1: n = 0 → 0.7; QD-2: no cap
    unless the policy sets one."""
    if paid_count < 0:
        raise ValueError("A paid product count cannot be negative.")
    if paid_count == 0:
        return policy.multiplier_zero_paid
    value = policy.multiplier_base + policy.multiplier_step * (paid_count - 1)
    if policy.multiplier_cap is not None:
        value = min(value, policy.multiplier_cap)
    return value


def product_sums(invoices: Iterable[Invoice]) -> dict[str, Decimal]:
    """QD-25: several invoices in one month are summed, product by product."""
    sums: dict[str, Decimal] = {}
    for invoice in invoices:
        for product, amount in invoice.lines.items():
            sums[product] = sums.get(product, ZERO) + amount
    return sums


def paid_products(sums: Mapping[str, Decimal], policy: QuotaPolicy) -> tuple[str, ...]:
    """Q-1, Q-2: the primary products whose month sum is strictly above the threshold (200.00 is not
    paid), in the policy's order (contracts.md decision 1); QD-5: other keys never count."""
    return tuple(p for p in policy.primary_products if sums.get(p, ZERO) > policy.paid_threshold)


def quota_amount(invoice_amount: Decimal, m: Decimal, annual_total: Decimal) -> Decimal:
    """Q-4: invoice_amount x m; Q-9: with run rate R = annual_total / 12 > 0, max(0, invoice - R) x m.

    R stays exact (contracts.md decision 4): (12 x invoice - annual_total) / 12 is rounded only once,
    half-up to cents, after the multiplier.
    """
    if annual_total <= 0:
        return cents(invoice_amount * m)
    excess_twelfths = max(ZERO, invoice_amount * 12 - annual_total)
    return cents(excess_twelfths * m / 12)


def month_result(
    month: date,
    invoices: list[Invoice],
    policy: QuotaPolicy,
    *,
    annual_total: Decimal = ZERO,
    legacy_suppressed: bool = False,
) -> MonthResult:
    """Everything quota knows about one month of one account (an empty month has no invoice)."""
    sums = product_sums(invoices)
    invoice_amount = cents(sum(sums.values(), ZERO))
    paid = paid_products(sums, policy)
    m = multiplier(len(paid), policy)
    primary = set(policy.primary_products)
    lines = tuple(
        ProductLine(product, amount, product in primary, product in paid)
        for product, amount in sorted(sums.items(), key=lambda item: _catalogue_position(item[0], policy))
    )
    run_rate = annual_total / 12 if annual_total > 0 else None
    amount = ZERO if legacy_suppressed else quota_amount(invoice_amount, m, annual_total)
    steps = _month_steps(
        month, invoices, lines, paid, m, invoice_amount, run_rate, amount, legacy_suppressed, policy
    )
    return MonthResult(
        month=month_start(month),
        invoice_count=len(invoices),
        invoice_amount=invoice_amount,
        lines=lines,
        paid_products=paid,
        multiplier=m,
        run_rate=run_rate,
        quota_amount=amount,
        legacy_suppressed=legacy_suppressed,
        explanation=steps,
    )


def _catalogue_position(product: str, policy: QuotaPolicy) -> tuple[int, str]:
    order = policy.primary_products
    return (order.index(product), "") if product in order else (len(order), product)


def _month_steps(
    month: date,
    invoices: list[Invoice],
    lines: tuple[ProductLine, ...],
    paid: tuple[str, ...],
    m: Decimal,
    invoice_amount: Decimal,
    run_rate: Decimal | None,
    amount: Decimal,
    legacy_suppressed: bool,
    policy: QuotaPolicy,
) -> tuple[Step, ...]:
    label = month_label(month)
    if not invoices:
        return (Step("Q-4", f"{label}: no invoice, quota amount 0.00."),)
    steps = [Step("QD-25", f"{label}: {len(invoices)} invoice(s) with period_start in the month, summed.")]
    for line in lines:
        if not line.primary:
            why = "not a quota primary product; counts in the invoice amount only (QD-4, QD-5)"
        elif line.paid:
            why = f"paid: above {policy.paid_threshold}"
        else:
            why = f"not paid: not above {policy.paid_threshold}"
        steps.append(Step("Q-2", f"{line.product} {line.amount}: {why}."))
    steps.append(Step("Q-3", f"n = {len(paid)} paid primary product(s) → multiplier {m}."))
    if legacy_suppressed:
        steps.append(Step("Q-10", "Legacy conversion in its first year: quota amount 0.00."))
    elif run_rate is not None:
        steps.append(
            Step("Q-9", f"max(0, {invoice_amount} - R {cents(run_rate)}) x {m} = {amount} (R kept exact).")
        )
    else:
        steps.append(Step("Q-4", f"{invoice_amount} x {m} = {amount}."))
    return tuple(steps)
