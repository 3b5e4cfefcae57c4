"""From each account's contribution to a TAM's attainment (Q-11…Q-13, C-4…C-6, QD-13, QD-17).

The stored pipeline feeds one `AccountLineInput` per account in the TAM's book on the quarter's
last day (`in_book_on`); the figures, flags and explanation of each `AttainmentLine` are what the
tracker stores and shows.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .contribution import ContributionResult
from .policy import ZERO, QuotaPolicy, Step, cents
from .quarters import Quarter

ELIGIBLE = "eligible"
DEFERRED_FIRST_INVOICES = "deferred_first_invoices"
DEFERRED_UNPAID_AT_CUTOFF = "deferred_unpaid_at_cutoff"

# QD-17: the statement's four buckets (C-8).
MONTHLY_CHANGE = "monthly_change"
ANNUAL_ABOVE_RUN_RATE = "annual_above_run_rate"
NEW_CUSTOMER = "new_customer"
CHURN_AND_ADJUSTMENTS = "churn_and_adjustments"
BUCKETS = (MONTHLY_CHANGE, ANNUAL_ABOVE_RUN_RATE, NEW_CUSTOMER, CHURN_AND_ADJUSTMENTS)


def in_book_on(day: date, *, added_on: date, ended_on: date | None) -> bool:
    """Q-13: AM Managed for the TAM on the quarter's last day; a `pending_removal` membership is
    still open then (B-4, B-5: it ends on that day at the earliest)."""
    return added_on <= day and (ended_on is None or ended_on >= day)


@dataclass(frozen=True)
class InvoicePayment:
    """C-4: one invoice of the quarter, with what is due after credits and when it was paid.

    An invoice fully covered by credits has `amount_due` 0, so it counts as paid when issued.
    """

    amount_due: Decimal
    paid_on: date | None = None
    reference: str = ""


@dataclass(frozen=True)
class Deferral:
    """C-6: a positive contribution held back at an earlier quarter's cutoff, amount unchanged."""

    quarter: Quarter
    amount: Decimal


@dataclass(frozen=True)
class AccountLineInput:
    account: str | int
    contribution: ContributionResult
    quarter_invoices: tuple[InvoicePayment, ...] = ()
    lifetime_paid_invoices: int = 0  # C-5: paid on or before the cutoff, whoever owned the account
    out_of_policy: bool = False  # the reference contract's order form does not count toward quota
    exclusion_approved: Decimal = ZERO  # an approved optimisation exclusion E
    pending_deferrals: tuple[Deferral, ...] = ()  # C-6: earlier quarters' deferred amounts not yet released


@dataclass(frozen=True)
class AttainmentLine:
    account: str | int
    quarter: Quarter
    starting_arr: Decimal
    ending_arr: Decimal
    raw_contribution: Decimal
    contribution: Decimal
    out_of_policy_excluded: bool
    exclusion_amount: Decimal
    adjusted_contribution: Decimal
    eligibility: str
    counted: Decimal
    deferred_out: Decimal
    released_in: Decimal
    released_from: tuple[Quarter, ...]
    bucket: str
    provisional: bool
    explanation: tuple[Step, ...]

    @property
    def attainment(self) -> Decimal:
        return self.counted + self.released_in


@dataclass(frozen=True)
class BookAttainment:
    """Q-13: a TAM's attainment for a quarter and its parts."""

    quarter: Quarter
    attainment: Decimal
    buckets: dict[str, Decimal]
    deferred_in: Decimal
    deferred_out: Decimal
    exclusions_total: Decimal
    adjustments_total: Decimal
    lines: tuple[AttainmentLine, ...]


def eligibility_at_cutoff(line: AccountLineInput, policy: QuotaPolicy) -> tuple[str, tuple[Step, ...]]:
    """C-4, C-5, QD-13: whether this quarter's cutoff lets a positive contribution count."""
    quarter = line.contribution.quarter
    cutoff = quarter.cutoff_date(policy.cutoff_day)
    unpaid = [
        i for i in line.quarter_invoices if i.amount_due > 0 and (i.paid_on is None or i.paid_on > cutoff)
    ]
    if unpaid:
        names = ", ".join(i.reference or str(i.amount_due) for i in unpaid)
        return DEFERRED_UNPAID_AT_CUTOFF, (Step("C-4", f"Unpaid at the cutoff {cutoff}: {names}."),)
    monthly = not line.contribution.is_annual
    if monthly and line.lifetime_paid_invoices < policy.min_lifetime_paid_invoices:
        return DEFERRED_FIRST_INVOICES, (
            Step(
                "C-5",
                f"A monthly customer with {line.lifetime_paid_invoices} lifetime paid invoice(s) at "
                f"the cutoff {cutoff}; {policy.min_lifetime_paid_invoices} are needed.",
            ),
        )
    why = (
        "an annual contract is in force"
        if not monthly
        else f"{line.lifetime_paid_invoices} lifetime paid invoices"
    )
    return ELIGIBLE, (Step("C-4", f"Every invoice with an amount due was paid by {cutoff}; C-5: {why}."),)


def validate_exclusion(amount: Decimal, *, starting_arr: Decimal, ending_arr: Decimal) -> None:
    """Q-12: an approved exclusion E must satisfy 0 < E ≤ max(0, Starting - Ending)."""
    limit = max(ZERO, starting_arr - ending_arr)
    if not ZERO < amount <= limit:
        raise ValueError(f"An exclusion must be above 0.00 and at most the drop {limit}.")


def attainment_line(line: AccountLineInput, policy: QuotaPolicy) -> AttainmentLine:
    result = line.contribution
    steps = list(result.explanation)
    contribution = result.contribution
    # out of policy excludes a positive contribution only; a negative one still counts.
    excluded = line.out_of_policy and contribution > 0
    if excluded:
        steps.append(
            Step("Q-11", f"Signed outside discount policy: the positive {contribution} is excluded.")
        )
        contribution = ZERO
    exclusion = _effective_exclusion(line.exclusion_approved, result, contribution, steps)
    adjusted = cents(contribution + exclusion)

    at_cutoff, why = eligibility_at_cutoff(line, policy)
    steps.extend(why)
    # C-6, QD-13: only a positive contribution waits; negatives and zero count at once.
    deferred = adjusted > 0 and at_cutoff != ELIGIBLE
    eligibility = at_cutoff if deferred else ELIGIBLE
    if deferred:
        steps.append(Step("C-6", f"{adjusted} is deferred unchanged to the first later eligible quarter."))
    # C-6: earlier deferrals join the first later quarter whose own cutoff satisfies C-4/C-5.
    released = line.pending_deferrals if at_cutoff == ELIGIBLE else ()
    released_in = cents(sum((d.amount for d in released), ZERO))
    if released:
        names = ", ".join(str(d.quarter) for d in released)
        steps.append(Step("C-6", f"Deferred contributions from {names} ({released_in}) are released here."))
    return AttainmentLine(
        account=line.account,
        quarter=result.quarter,
        starting_arr=result.starting_arr,
        ending_arr=result.ending_arr,
        raw_contribution=result.raw_contribution,
        contribution=result.contribution,
        out_of_policy_excluded=excluded,
        exclusion_amount=exclusion,
        adjusted_contribution=adjusted,
        eligibility=eligibility,
        counted=ZERO if deferred else adjusted,
        deferred_out=adjusted if deferred else ZERO,
        released_in=released_in,
        released_from=tuple(d.quarter for d in released),
        bucket=bucket_of(result, excluded=excluded, exclusion=exclusion),
        provisional=result.provisional,
        explanation=tuple(steps),
    )


def _effective_exclusion(
    approved: Decimal, result: ContributionResult, contribution: Decimal, steps: list[Step]
) -> Decimal:
    """Q-12: adjusted = contribution + E. E is held to the drop as computed now (a rerun may have
    moved it) and never lifts a grace-floored or excluded line above what the drop took away."""
    if approved <= 0:
        return ZERO
    limit = min(max(ZERO, result.starting_arr - result.ending_arr), max(ZERO, -contribution))
    exclusion = min(approved, limit)
    held = f", held to {limit}" if exclusion < approved else ""
    steps.append(Step("Q-12", f"Approved optimisation exclusion {approved}{held}: +{exclusion}."))
    return exclusion


def bucket_of(result: ContributionResult, *, excluded: bool = False, exclusion: Decimal = ZERO) -> str:
    """QD-17: churn and adjustments first, then new customers (starting ARR 0), then annual usage
    above run rate, else the monthly customer's ARR change."""
    if result.churned or result.grace_applied or excluded or exclusion > 0:
        return CHURN_AND_ADJUSTMENTS
    if result.starting_arr == 0:
        return NEW_CUSTOMER
    if result.run_rate is not None:
        return ANNUAL_ABOVE_RUN_RATE
    return MONTHLY_CHANGE


def book_attainment(
    quarter: Quarter, lines: Iterable[AttainmentLine], adjustments: Iterable[Decimal] = ()
) -> BookAttainment:
    """Q-13: Σ counted contributions + deferrals released into this quarter + approved
    CommissionAdjustments."""
    lines = tuple(lines)
    if any(line.quarter != quarter for line in lines):
        raise ValueError(f"Every attainment line must be for {quarter}.")
    buckets = {name: ZERO for name in BUCKETS}
    for line in lines:
        buckets[line.bucket] += line.counted
    deferred_in = sum((line.released_in for line in lines), ZERO)
    adjustments_total = sum(adjustments, ZERO)
    return BookAttainment(
        quarter=quarter,
        attainment=cents(sum(buckets.values(), ZERO) + deferred_in + adjustments_total),
        buckets={name: cents(amount) for name, amount in buckets.items()},
        deferred_in=cents(deferred_in),
        deferred_out=cents(sum((line.deferred_out for line in lines), ZERO)),
        exclusions_total=cents(sum((line.exclusion_amount for line in lines), ZERO)),
        adjustments_total=cents(adjustments_total),
        lines=lines,
    )


def attainment_pct(attainment: Decimal, quota: Decimal) -> Decimal | None:
    """Attainment as Decimal percentage points, two places; it may be negative (QD-16)."""
    if quota <= 0:
        return None
    return cents(attainment * 100 / quota)
