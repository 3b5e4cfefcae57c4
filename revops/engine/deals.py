"""The special deals of revops.md, priced: self-serve eligibility (P-13), startup roll-off (P-17),
contract buyout (O-10), new-business renewal credit (O-11), rollover (O-8), first-half windows and
co-terminous additional purchases (O-5), the run-out order form (O-7, RD-12) and the O-2 contract
start date. Pure: facts in, answers with their reasons out.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .calendar import add_months, billing_period_containing, months_between_rounded_up
from .policy import ZERO, PolicyParameters, cents
from .pricing import money


@dataclass(frozen=True)
class Check:
    rule: str
    label: str
    ok: bool
    detail: str


# --- P-13 / P-14 / RD-9: self-serve eligibility ---------------------------------------------


@dataclass(frozen=True)
class SelfServeFacts:
    paid_invoice_totals: tuple[Decimal, ...]  # paid invoices, most recent first
    open_invoices: int
    on_startup_plan: bool
    on_legacy_plan: bool
    has_credits: bool


@dataclass(frozen=True)
class SelfServeEligibility:
    eligible: bool
    checks: tuple[Check, ...]
    average_last3: Decimal | None
    estimate_credit: Decimal | None  # RD-9: last-3 average x 12

    def check(self, label_start: str) -> Check:
        return next(c for c in self.checks if c.label.startswith(label_start))


def self_serve_eligibility(facts: SelfServeFacts, params: PolicyParameters) -> SelfServeEligibility:
    """P-13: all five tests must pass; RD-9: the thresholds are inclusive and the last three
    invoices are the three most recent paid ones."""
    count = len(facts.paid_invoice_totals)
    last3 = facts.paid_invoice_totals[:3]
    average = cents(sum(last3, ZERO) / len(last3)) if last3 else None
    need = params.selfserve_min_paid_invoices
    checks = (
        Check("P-13", f"{need} or more paid invoices", count >= need, f"{count} paid invoices"),
        Check(
            "P-13",
            f"Average of {money(params.selfserve_min_avg_last3)} or more across the last three invoices",
            average is not None and len(last3) >= 3 and average >= params.selfserve_min_avg_last3,
            "no paid invoices" if average is None else f"average {money(average)} over {len(last3)}",
        ),
        Check("P-13", "No open invoices", facts.open_invoices == 0, f"{facts.open_invoices} open"),
        Check(
            "P-13",
            "Not on the startup plan or a legacy plan",
            not (facts.on_startup_plan or facts.on_legacy_plan),
            "startup plan" if facts.on_startup_plan else "legacy plan" if facts.on_legacy_plan else "ok",
        ),
        Check(
            "P-13",
            "No existing credits",
            not facts.has_credits,
            "has credits" if facts.has_credits else "none",
        ),
    )
    eligible = all(c.ok for c in checks)
    estimate = cents(average * 12) if average is not None else None
    return SelfServeEligibility(eligible, checks, average, estimate)


def self_serve_tranches(
    credit_amount: Decimal, start: date, params: PolicyParameters
) -> list[tuple[date, Decimal, date]]:
    """P-14: 1/12 of the credits each month for 12 months, each expiring a year after it applies;
    the last tranche takes the rounding remainder so the tranches sum to the purchase."""
    n = params.selfserve_tranches
    each = cents(credit_amount / n)
    out = []
    for i in range(n):
        amount = each if i < n - 1 else credit_amount - each * (n - 1)
        applies = add_months(start, i)
        out.append((applies, amount, add_months(applies, params.selfserve_tranche_expiry_months)))
    return out


# --- P-17 / RD-15: startup roll-off -----------------------------------------------------------

STARTUP_TERM = (
    "An additional credit in the amount of USD {amount} (offered to customers in exchange "
    "for rolling off the Startup plan) to be applied to Customer's account upon signature "
    "with the same expiration date."
)


@dataclass(frozen=True)
class StartupRollOff:
    default_purchase: Decimal | None  # average monthly cost x 12
    credit_amount: Decimal
    free_credit: Decimal
    deferred_start: date | None  # option (a): contract starts 2 months later
    special_term: str  # option (b)
    notes: tuple[str, ...]


def startup_rolloff(
    *,
    credit_amount: Decimal | None,
    average_monthly_cost: Decimal | None,
    term_months: int,
    params: PolicyParameters,
    start: date | None = None,
) -> StartupRollOff:
    """P-17: free credit = 1/6 of the purchase; RD-15: of the credit per contract year, so longer
    terms keep "~2 months". Without an amount the default purchase is average monthly x 12."""
    default = cents(average_monthly_cost * 12) if average_monthly_cost is not None else None
    amount = credit_amount if credit_amount is not None else default
    if amount is None:
        raise ValueError("Give a credit amount or the average monthly cost.")
    per_year = amount * 12 / term_months
    free = cents(per_year * params.startup_free_fraction)
    deferred = add_months(start, params.bridge_months) if start else None
    notes = [f"P-17: 1/6 of {money(cents(per_year))} per contract year = {money(free)} free, one-time."]
    if default is not None and average_monthly_cost is not None:
        notes.append(f"P-17: default purchase = {money(average_monthly_cost)} x 12 = {money(default)}.")
    return StartupRollOff(
        default, amount, free, deferred, STARTUP_TERM.format(amount=money(free)), tuple(notes)
    )


def startup_offer_window(*, credit_expires_at: date, billing_anchor: date | None) -> date:
    """P-17: open "until the first billing date after the credits expire" (a customer who burns
    early keeps it to the original expiry, because the window is keyed on the expiry date)."""
    if billing_anchor is None:
        return credit_expires_at
    start, end = billing_period_containing(billing_anchor, credit_expires_at)
    return start if start > credit_expires_at else end


# --- O-10 / RD-14: contract buyout ----------------------------------------------------------

BUYOUT_TERM = (
    "Customer will receive a one-time and additional PostHog Cloud Credit of {amount} (the "
    '"Contract Buyout Credit") to be applied against monthly usage expiring on the Credit '
    "Allocation Date."
)


@dataclass(frozen=True)
class Buyout:
    eligible: bool
    months: int
    credit: Decimal
    checks: tuple[Check, ...]
    special_term: str


def contract_buyout(
    *,
    annual_price: Decimal,
    months_to_run: int | None = None,
    signed_on: date | None = None,
    competitor_ends_on: date | None = None,
    paid_upfront: bool = True,
    competitor_listed: bool = True,
    proof_attached: bool = True,
    params: PolicyParameters,
) -> Buyout:
    """O-10: credit = annual price x min(months to run, 6) / 12 (RD-14: post-discount annual
    price; months rounded up from signature to the competitor's end)."""
    if months_to_run is None:
        if signed_on is None or competitor_ends_on is None:
            raise ValueError("Give months_to_run, or the signature and competitor end dates.")
        months_to_run = months_between_rounded_up(signed_on, competitor_ends_on)
    months = min(max(months_to_run, 0), params.buyout_max_months)
    checks = (
        Check(
            "O-10",
            f"Annual contract of {money(params.buyout_min_annual)} or more",
            annual_price >= params.buyout_min_annual,
            money(annual_price),
        ),
        Check("O-10", "Paid up front", paid_upfront, "upfront" if paid_upfront else "not upfront"),
        Check("O-10", "A real competitor (on the Competitor list)", competitor_listed, ""),
        Check("O-10", "Proof of the current contract", proof_attached, ""),
    )
    eligible = all(c.ok for c in checks)
    credit = cents(annual_price * months / 12) if eligible else Decimal("0.00")
    return Buyout(eligible, months, credit, checks, BUYOUT_TERM.format(amount=money(credit)))


# --- O-11: new-business renewal credit ------------------------------------------------------


def new_business_renewal_credit(
    *, our_first_year_cost: Decimal, competitor_quote: Decimal, params: PolicyParameters
) -> Decimal:
    """O-11: first-year credit = max(0, our cost - (1 - 40%) x the competitor's quote)."""
    keep = 1 - params.nb_renewal_target_pct / 100
    return cents(max(ZERO, our_first_year_cost - keep * competitor_quote))


# --- O-8 / RD-13: rollover -----------------------------------------------------------------


@dataclass(frozen=True)
class Rollover:
    amount: Decimal
    eligible: bool
    reason: str


def rollover_preview(
    *,
    remaining: Decimal,
    original_credit_amount: Decimal,
    original_annual_price: Decimal,
    renewal_annual_price: Decimal,
    params: PolicyParameters,
) -> Rollover:
    """O-8: up to half the original credit rolls over if the renewal's annual spend (RD-13:
    post-discount) is equal or higher."""
    if renewal_annual_price < original_annual_price:
        return Rollover(
            Decimal("0.00"),
            False,
            f"The renewal's annual spend {money(renewal_annual_price)} is below the "
            f"original {money(original_annual_price)}: nothing rolls over.",
        )
    cap = cents(original_credit_amount * params.rollover_max_fraction)
    amount = cents(min(max(remaining, ZERO), cap))
    return Rollover(
        amount, True, f"min(remaining {money(remaining)}, half the original {money(cap)}) = {money(amount)}."
    )


# --- O-5: first-half windows and co-terminous additional purchases -------------------------


def first_half_months(term_months: int, params: PolicyParameters) -> int:
    """O-5: "1 year = 6 months, 2 years = 12 months, 3 years = 18 months"."""
    return int(term_months * params.first_half_fraction)


def first_half_windows(
    start: date, term_months: int, *, paid_yearly: bool, params: PolicyParameters
) -> list[tuple[date, date]]:
    """[start, end) windows where an additional purchase keeps the original discount: the first
    half of the term, or, multi-year paid yearly, the first 6 months of each year (O-5, O-6)."""
    if paid_yearly and term_months > 12:
        half_year = first_half_months(12, params)
        return [
            (add_months(start, 12 * y), add_months(start, 12 * y + half_year))
            for y in range((term_months + 11) // 12)
        ]
    return [(start, add_months(start, first_half_months(term_months, params)))]


@dataclass(frozen=True)
class CoterminousExpansion:
    in_first_half: bool
    term_months: int
    start: date
    end_date: date  # inclusive, = the parent form's end date
    note: str


def coterminous_expansion(
    *,
    parent_start: date,
    parent_term_months: int,
    signed_on: date,
    paid_yearly: bool = False,
    params: PolicyParameters,
) -> CoterminousExpansion:
    """O-5 / O-15: the expansion "should expire on the date of the original order form"; its term
    is the months from its start month to the parent's end (1 Jan 12-month, signed 1 June → 7)."""
    parent_end_exclusive = add_months(parent_start, parent_term_months)
    start = date(signed_on.year, signed_on.month, parent_start.day) if parent_start.day <= 28 else signed_on
    if start > signed_on:
        start = add_months(start, -1)
    term = months_between_rounded_up(start, parent_end_exclusive)
    windows = first_half_windows(parent_start, parent_term_months, paid_yearly=paid_yearly, params=params)
    in_half = any(a <= signed_on < b for a, b in windows)
    note = (
        f"O-5: signed {signed_on:%d %b %Y}, {'inside' if in_half else 'after'} the first half; "
        f"{term}-month term ending with the original on {parent_end_exclusive - timedelta(days=1):%d %b %Y}."
    )
    return CoterminousExpansion(in_half, term, start, parent_end_exclusive - timedelta(days=1), note)


@dataclass(frozen=True)
class RunOutForm:
    scenario: int  # RD-12: 1 first half, 2 last two months, 3 in between
    start: date | None
    term_months: int | None
    note: str


def runout_order_form(
    *,
    parent_start: date,
    parent_term_months: int,
    runs_out_on: date,
    billing_anchor: date | None = None,
    params: PolicyParameters,
) -> RunOutForm:
    """O-7 / RD-12: which form a run-out needs. Scenario 3 starts at the billing-period start
    containing the run-out date, for 12 months ("signed 1 January … run out in September → a new
    12-month order form with a Contract Start Date of September 1st")."""
    half_end = add_months(parent_start, first_half_months(parent_term_months, params))
    end = add_months(parent_start, parent_term_months)
    if runs_out_on < half_end:
        return RunOutForm(
            1,
            None,
            None,
            "O-5: an additional purchase at the original discount, co-terminous with the original form.",
        )
    if runs_out_on > add_months(end, -params.bridge_months):
        return RunOutForm(
            2,
            end,
            12,
            "O-7 (2): a renewal starting at the original end, signed before "
            "the credits run out, of an equal or greater amount: usage is "
            "free until then.",
        )
    anchor = billing_anchor or parent_start
    start, _ = billing_period_containing(anchor, runs_out_on)
    return RunOutForm(
        3,
        start,
        12,
        f"O-7 (3): a new 12-month form lined up with the billing date, starting {start:%d %b %Y}.",
    )


# --- O-2: the contract start date -----------------------------------------------------------

START_MODES = ("new_customer_start", "immediate_activation", "next_billing_cycle", "startup_deferred")


@dataclass(frozen=True)
class StartDate:
    start: date
    note: str
    warning: str


def contract_start_date(
    *,
    mode: str,
    today: date,
    billing_anchor: date | None = None,
    chosen: date | None = None,
    params: PolicyParameters,
) -> StartDate:
    """O-2: a new customer picks its start; Immediate Activation = the start of the current
    billing period (backdated); Next Billing Cycle = the next billing date; startup = 2 months
    in the future."""
    warning = (
        "Pay-as-you-go is charged in arrears and flat-rate in advance: the first two payments "
        "may fall in one billing period. Tell the customer."
    )
    if mode == "new_customer_start":
        if chosen is None:
            raise ValueError("A new customer picks its start date.")
        return StartDate(chosen, "O-2: the start the new customer chose.", "")
    if mode == "startup_deferred":
        start = add_months(chosen or today, params.bridge_months)
        return StartDate(start, "O-2 / P-17: two months in the future for the free months.", "")
    if billing_anchor is None:
        raise ValueError("An existing customer's start follows its billing period.")
    period_start, next_billing = billing_period_containing(billing_anchor, today)
    if mode == "immediate_activation":
        return StartDate(
            period_start,
            f"O-2: Immediate Activation: the current billing period started {period_start:%d %b %Y}.",
            warning,
        )
    if mode == "next_billing_cycle":
        return StartDate(next_billing, f"O-2: Next Billing Cycle: {next_billing:%d %b %Y}.", warning)
    raise ValueError(f"Unknown start mode {mode!r}.")
