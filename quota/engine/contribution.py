"""One customer's quota contribution for a quarter (Q-5…Q-10, Q-16): Ending ARR - Starting ARR.

`compute_contribution` is the one function both the stored pipeline and
`POST /api/v1/quota/preview` run. Q-11, Q-12 and C-4…C-6 need stored state and live in
`attainment.py`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .months import Invoice, MonthResult, month_result
from .policy import ZERO, QuotaPolicy, Step, cents
from .quarters import Quarter, add_months, month_label, month_start

# Why a quarter counts as $0 (Q-7, contracts.md decision 2).
CANCELLED = "cancelled_in_quarter"
NO_INVOICE_LAST_MONTH = "no_invoice_in_last_month"
ZERO_LAST_MONTH = "last_month_totals_zero"
# A provisional quarter with nothing invoiced yet is $0 without being churned (QD-28).
_NOT_YET_INVOICED = "not_yet_invoiced"


@dataclass(frozen=True)
class AnnualContract:
    """An annual contract, in force from `start` to `end`, both inclusive (Q-16).

    `annual_value` = credits per 12 months before discount, in the invoice lines' unit (Q-9, QD-11).
    The tracker maps billing's SALES_CONTRACT CreditPurchases here (end = end_date - 1 day) and
    leaves out a contract overlapped by a later one once its credits are exhausted (QD-10).
    """

    start: date
    end: date
    annual_value: Decimal
    converted_under_legacy_plan: bool = False

    def in_force_on(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class ContributionInput:
    """One account's facts for one quarter's calculation.

    `inherited` + `added_to_book_on`: the account is new to the TAM's book (QD-9: any addition), so
    grace can apply (Q-8). `provisional_as_of`: an in-quarter run on that day (QD-28).
    """

    quarter: Quarter
    invoices: tuple[Invoice, ...] = ()
    annual_contracts: tuple[AnnualContract, ...] = ()
    subscription_cancelled_on: date | None = None
    added_to_book_on: date | None = None
    inherited: bool = False
    provisional_as_of: date | None = None


@dataclass(frozen=True)
class QuarterArr:
    """A quarter's annualised quota ARR and how it was reached (Q-5, Q-7)."""

    quarter: Quarter
    months: tuple[MonthResult, ...]
    quota_total: Decimal
    k: int | None
    zero_reason: str | None
    arr: Decimal


@dataclass(frozen=True)
class ContributionResult:
    quarter: Quarter
    previous: QuarterArr
    current: QuarterArr
    starting_arr: Decimal
    ending_arr: Decimal
    raw_contribution: Decimal
    contribution: Decimal
    churned: bool
    churn_date: date | None
    grace_applied: bool
    reference_day: date
    annual_total: Decimal
    run_rate: Decimal | None
    reference_contracts: tuple[AnnualContract, ...]
    legacy_suppressed: bool
    first_invoice_month: date | None
    provisional: bool
    explanation: tuple[Step, ...]

    @property
    def months(self) -> tuple[MonthResult, ...]:
        """The six months of both quarters, chronological, empty months included."""
        return self.previous.months + self.current.months

    @property
    def invoiced_months(self) -> tuple[MonthResult, ...]:
        """Q-16: the months of both quarters with at least one invoice (the preview's `months`)."""
        return tuple(m for m in self.months if m.invoice_count)

    @property
    def k_prev(self) -> int | None:
        return self.previous.k

    @property
    def k_curr(self) -> int | None:
        return self.current.k

    @property
    def is_annual(self) -> bool:
        """C-5 reads this: an annual contract is in force on the reference day."""
        return bool(self.reference_contracts)


def compute_contribution(facts: ContributionInput, policy: QuotaPolicy) -> ContributionResult:
    """Q-6: contribution = ARR(current quarter) - ARR(previous quarter), with Q-7…Q-10 applied."""
    quarter = facts.quarter
    reference_day = quarter.last_day
    # Q-9, contracts.md decision 4: only contracts in force on the current quarter's last day.
    in_force = tuple(c for c in facts.annual_contracts if c.in_force_on(reference_day))
    annual_total = sum((c.annual_value for c in in_force), ZERO)
    run_rate = annual_total / 12 if annual_total > 0 else None
    # Q-10, QD-12, decision 5: judged once on the reference day, so the whole calculation is in or out.
    legacy = any(
        c.converted_under_legacy_plan and reference_day < add_months(c.start, policy.legacy_months)
        for c in in_force
    )
    by_month = _invoices_by_month(
        i for i in facts.invoices if month_start(i.period_start) <= quarter.last_month
    )
    first_month = min(by_month) if by_month else None
    steps: list[Step] = []
    if run_rate is not None:
        steps.append(
            Step(
                "Q-9",
                f"R = {annual_total} / 12 = {cents(run_rate)}/month from {len(in_force)} contract(s) "
                f"in force on {reference_day}; applied to every month of both quarters.",
            )
        )
    if legacy:
        steps.append(
            Step(
                "Q-10",
                f"A legacy conversion is in its first year on {reference_day}: "
                "every quota amount is 0.00, so the contribution is 0.00.",
            )
        )

    def arr_of(q: Quarter, provisional_as_of: date | None) -> QuarterArr:
        months = tuple(
            month_result(m, by_month.get(m, []), policy, annual_total=annual_total, legacy_suppressed=legacy)
            for m in q.months
        )
        return _quarter_arr(q, months, first_month, facts.subscription_cancelled_on, provisional_as_of, steps)

    previous = arr_of(quarter.previous, None)
    current = arr_of(quarter, facts.provisional_as_of)
    raw = cents(current.arr - previous.arr)
    steps.append(Step("Q-6", f"Contribution = ending {current.arr} - starting {previous.arr} = {raw}."))

    churned = current.zero_reason is not None and current.zero_reason != _NOT_YET_INVOICED
    churn_date = _churn_date(quarter, by_month, facts.subscription_cancelled_on) if churned else None
    grace = churned and _grace_applies(facts, churn_date, policy, steps)
    return ContributionResult(
        quarter=quarter,
        previous=previous,
        current=current,
        starting_arr=previous.arr,
        ending_arr=current.arr,
        raw_contribution=raw,
        contribution=ZERO if grace else raw,
        churned=churned,
        churn_date=churn_date,
        grace_applied=grace,
        reference_day=reference_day,
        annual_total=annual_total,
        run_rate=run_rate,
        reference_contracts=in_force,
        legacy_suppressed=legacy,
        first_invoice_month=first_month,
        provisional=facts.provisional_as_of is not None,
        explanation=tuple(steps),
    )


def _invoices_by_month(invoices: Iterable[Invoice]) -> dict[date, list[Invoice]]:
    grouped: dict[date, list[Invoice]] = defaultdict(list)
    for invoice in invoices:
        grouped[month_start(invoice.period_start)].append(invoice)
    return dict(grouped)


def _k(quarter: Quarter, first_month: date | None) -> int | None:
    """Q-5, QD-7: k = 3 once the first invoice month is on or before the quarter's first month,
    else the months from the first invoice month to the quarter's last (1 → x12, 2 → x6)."""
    if first_month is None or first_month > quarter.last_month:
        return None
    if first_month <= quarter.first_month:
        return 3
    return 3 - quarter.months.index(first_month)


def _quarter_arr(
    quarter: Quarter,
    months: tuple[MonthResult, ...],
    first_month: date | None,
    cancelled_on: date | None,
    provisional_as_of: date | None,
    steps: list[Step],
) -> QuarterArr:
    quota_total = sum((m.quota_amount for m in months), ZERO)
    if provisional_as_of is not None:
        # QD-28: in-quarter runs annualise the invoiced months so far; churn only from a cancellation.
        so_far = [m for m in months if m.invoice_count and m.month <= month_start(provisional_as_of)]
        quota_total = sum((m.quota_amount for m in so_far), ZERO)
        k: int | None = len(so_far) or None
        zero_reason = CANCELLED if cancelled_on and quarter.contains(cancelled_on) else None
        if k is None and zero_reason is None:
            zero_reason = _NOT_YET_INVOICED
    else:
        k = _k(quarter, first_month)
        zero_reason = _zero_reason(quarter, months, cancelled_on)
    if zero_reason is not None or k is None:
        arr = ZERO
        why = zero_reason or "no invoice in or before the quarter"
        steps.append(Step("Q-7" if zero_reason else "Q-5", f"{quarter}: ARR 0.00 ({why.replace('_', ' ')})."))
    else:
        arr = cents(quota_total * 12 / k)
        steps.append(
            Step(
                "Q-5",
                f"{quarter}: ARR = {quota_total} x 12 / k {k} = {arr}"
                f"{f' (first invoice {month_label(first_month)})' if first_month and k < 3 else ''}.",
            )
        )
    return QuarterArr(quarter, months, quota_total, k, zero_reason, arr)


def _zero_reason(quarter: Quarter, months: tuple[MonthResult, ...], cancelled_on: date | None) -> str | None:
    """Q-7, QD-8, decision 2: a cancellation inside the quarter (first and last day included), no
    invoice in its last month, or a last month totalling 0.00 makes the quarter $0."""
    if cancelled_on is not None and quarter.contains(cancelled_on):
        return CANCELLED
    last = months[-1]
    if not last.invoice_count:
        return NO_INVOICE_LAST_MONTH
    if last.invoice_amount <= 0:
        return ZERO_LAST_MONTH
    return None


def _churn_date(
    quarter: Quarter, by_month: dict[date, list[Invoice]], cancelled_on: date | None
) -> date | None:
    """Q-7, decision 3: the cancellation date when it falls inside the current quarter; otherwise the
    first day of the month after the last month (up to the quarter's last) with revenue > 0."""
    if cancelled_on is not None and quarter.contains(cancelled_on):
        return cancelled_on
    with_revenue = [m for m, invoices in by_month.items() if sum((i.total for i in invoices), ZERO) > 0]
    return add_months(max(with_revenue), 1) if with_revenue else None


def _grace_applies(
    facts: ContributionInput, churn_date: date | None, policy: QuotaPolicy, steps: list[Step]
) -> bool:
    """Q-8, QD-9, decision 3: a churn before added_to_book_on + 3 calendar months (strict) is not
    counted for an account new to the book; `added_to_book_on` alone gives none."""
    if not facts.inherited or facts.added_to_book_on is None or churn_date is None:
        return False
    grace_until = add_months(facts.added_to_book_on, policy.grace_months)
    applies = churn_date < grace_until
    verdict = "before" if applies else "not before"
    outcome = "contribution 0.00" if applies else "the churn counts"
    steps.append(Step("Q-8", f"Churn on {churn_date} is {verdict} the grace end {grace_until}: {outcome}."))
    return applies
