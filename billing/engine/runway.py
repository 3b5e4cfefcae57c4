"""CreditBot: burn, run-out, the three run-out scenarios with their action, rollover and alerts.

B-27…B-33, D-16…D-20, contracts.md credits §3…§7 and decisions 4…8. Pure: `as_of` is given.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from .contract import Block, Contract, contract_blocks, derived_grants, purchase_invoices
from .dates import add_months, days_in_month, month_of, period_holding
from .money import ZERO, cents, up_to_dollar

RE_ALERT_DAYS = 14  # D-18


class Scenario(StrEnum):
    FIRST_HALF = "FIRST_HALF"
    BETWEEN = "BETWEEN"
    LAST_TWO_MONTHS = "LAST_TWO_MONTHS"
    NONE = "NONE"


class AlertState(StrEnum):
    NONE = "NONE"
    OPEN = "OPEN"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    RESOLVED = "RESOLVED"


@dataclass(frozen=True)
class Burn:
    """B-27 / D-16: the burn window, its amount and days, and the run-out anchor."""

    source: str  # complete_months | upcoming_invoice | none (= insufficient history)
    months: tuple[date, ...] = ()
    amount: Decimal | None = None
    days: int | None = None
    anchor: date | None = None

    @property
    def daily(self) -> Decimal | None:
        """Exact; only `daily_shown` is rounded (decision 5)."""
        if self.amount is None or not self.days:
            return None
        return self.amount / self.days

    @property
    def daily_shown(self) -> Decimal | None:
        return None if self.daily is None else cents(self.daily)


def burn_rate(
    month_burn: Mapping[date, Decimal],
    *,
    anchor: date | None,
    as_of: date,
    term: tuple[date, date] | None = None,
    upcoming: tuple[date, Decimal] | None = None,
) -> Burn:
    """B-27: the last ≤ 3 complete service months inside the term (month(start) ≤ m < end, the
    B-2 (3) test; a $0 month counts), anchored at the latest invoiced period end; else the open
    period's usage so far; else no data."""
    months = sorted(m for m in month_burn if term is None or (month_of(term[0]) <= m < term[1]))
    window = tuple(months[-3:])
    if window and anchor is not None:
        amount = sum((month_burn[m] for m in window), ZERO)
        return Burn("complete_months", window, amount, sum(days_in_month(m) for m in window), anchor)
    if upcoming is not None and as_of > upcoming[0]:
        return Burn("upcoming_invoice", (), upcoming[1], (as_of - upcoming[0]).days, upcoming[0])
    return Burn("none")


def run_out(available: Decimal, burn: Burn, as_of: date) -> tuple[date | None, int | None]:
    """B-27 / decision 5: anchor + ⌊available x days / amount⌋ days, exact; zero burn → none;
    the runway is negative when the projected run-out is already past."""
    if burn.anchor is None or not burn.amount or not burn.days:
        return None, None
    days = int((max(available, ZERO) * burn.days) // burn.amount)
    # A trickle of burn can push the date past the calendar: clamp to its last day (found by hypothesis).
    days = min(days, (date.max - burn.anchor).days)
    day = burn.anchor + timedelta(days=days)
    return day, (day - as_of).days


@dataclass(frozen=True)
class Term:
    """CreditBot's term: the allocation block holding as_of (D-17, decision 6)."""

    start: date
    end: date
    first_half_end: date
    last_two_months_from: date
    block: Block

    @classmethod
    def of(cls, block: Block) -> "Term":
        return cls(block.start, block.end, block.first_half_end, add_months(block.end, -2), block)


@dataclass(frozen=True)
class Renewal:
    price: Decimal
    term_months: int
    start_date: date
    signed_on: date | None = None

    @property
    def annual_spend(self) -> Decimal:
        return cents(self.price * 12 / self.term_months)

    @property
    def end_date(self) -> date:
        return add_months(self.start_date, self.term_months)


def classify_run_out(
    run_out_date: date | None, term: Term | None, *, as_of: date, contract: Contract | None
) -> tuple[Scenario, str]:
    """B-28…B-31: with D < term_end — D < first_half_end → FIRST_HALF; D > term_end - 2 months →
    LAST_TWO_MONTHS; otherwise BETWEEN. Else NONE (decision 3: never for self-serve)."""
    if contract is None or term is None:
        return Scenario.NONE, "no prepaid contract: no scenario"
    if contract.is_self_serve:
        return Scenario.NONE, "self-serve purchase: a runway but no scenario (contracts.md decision 3)"
    if as_of >= contract.end_date:
        return Scenario.NONE, f"contract ended {contract.end_date.isoformat()}: no scenario"
    if run_out_date is None:
        return Scenario.NONE, "no run-out date (insufficient history or zero burn)"
    d = run_out_date.isoformat()
    if run_out_date >= term.end:
        return Scenario.NONE, f"run-out {d} is on or after term end {term.end.isoformat()}: no alert"
    if run_out_date < term.first_half_end:
        return (
            Scenario.FIRST_HALF,
            f"run-out {d} is before first_half_end {term.first_half_end.isoformat()}: FIRST_HALF (B-29)",
        )
    if run_out_date > term.last_two_months_from:
        return Scenario.LAST_TWO_MONTHS, (
            f"run-out {d} is after {term.last_two_months_from.isoformat()}, within the last two months: "
            "LAST_TWO_MONTHS (B-30)"
        )
    return Scenario.BETWEEN, (
        f"run-out {d} is between first_half_end {term.first_half_end.isoformat()} and "
        f"{term.last_two_months_from.isoformat()}: BETWEEN (B-31)"
    )


def scenario_and_action(
    *,
    contract: Contract | None,
    term: Term | None,
    run_out_date: date | None,
    as_of: date,
    burn: Burn,
    renewal: Renewal | None = None,
) -> tuple[Scenario, dict | None, str]:
    """The scenario and its action with dates (contracts.md §6, decision 7)."""
    scenario, why = classify_run_out(run_out_date, term, as_of=as_of, contract=contract)
    if scenario is Scenario.NONE or contract is None or term is None or run_out_date is None:
        return scenario, None, why
    anchor = burn.anchor or as_of
    if scenario is Scenario.FIRST_HALF:
        start = period_holding(anchor, as_of)  # Immediate Activation: the current period
        months = 0
        while add_months(start, months) < contract.end_date:
            months += 1
        return (
            scenario,
            {
                "kind": "expansion",
                "start": start,
                "end": contract.end_date,
                "term_months": months,
                "discount_percent": contract.discount,
            },
            why,
        )
    if scenario is Scenario.BETWEEN:
        return (
            scenario,
            {
                "kind": "new_order_form",
                "start": period_holding(anchor, run_out_date),
                "term_months": 12,
            },
            why,
        )
    if term.end == contract.end_date:
        daily = burn.daily or ZERO
        eligible = None
        if renewal is not None and renewal.signed_on is not None:
            eligible = (
                renewal.start_date == contract.end_date
                and renewal.signed_on < run_out_date
                and renewal.annual_spend >= contract.annual_spend
            )
        return (
            scenario,
            {
                "kind": "renewal_bridge",
                "renewal_start": term.end,
                "sign_before": run_out_date,
                "amount": up_to_dollar(daily * (term.end - run_out_date).days),
                "expires_at": term.end,
                "minimum_annual_spend": contract.annual_spend,
                "eligible": eligible,
            },
            why,
        )
    # An earlier year of a paid-yearly contract: pay next year's invoice early (B-25).
    blocks = contract_blocks(contract)
    nxt = term.block.index + 1
    return (
        scenario,
        {
            "kind": "pay_next_year_early",
            "next_grant_on": term.end,
            "amount": derived_grants(contract)[nxt].amount,
            "invoice_amount": purchase_invoices(contract)[nxt].amount,
        }
        if nxt < len(blocks)
        else None,
        why,
    )


@dataclass(frozen=True)
class Rollover:
    cap: Decimal
    remaining_at_end: Decimal | None
    renewal_qualifies: bool | None
    minimum_renewal_annual_spend: Decimal
    allowed: Decimal | None
    expires_at: date | None


def rollover(
    *,
    contract: Contract,
    credit_left_now: Decimal,
    left_at_end: Decimal,
    as_of: date,
    burn: Burn,
    renewal: Renewal | None,
) -> Rollover:
    """B-32 / D-20 / decision 8: cap = ½ credit_amount; what the contract's credit expiring on
    end_date still holds (projected at the run-out rate before the end); renewal of equal or
    higher annual spend → min(cap, remaining), else 0."""
    cap = cents(contract.credit_amount / 2)
    remaining: Decimal | None
    if as_of >= contract.end_date:
        remaining = left_at_end
    elif burn.source == "none" or burn.anchor is None:
        remaining = None
    else:
        daily = burn.daily or ZERO
        remaining = max(ZERO, cents(credit_left_now - daily * (contract.end_date - burn.anchor).days))
    qualifies = None if renewal is None else renewal.annual_spend >= contract.annual_spend
    if qualifies is False:
        allowed: Decimal | None = ZERO
    else:
        allowed = None if remaining is None else min(cap, remaining)
    return Rollover(
        cap,
        remaining,
        qualifies,
        contract.annual_spend,
        allowed,
        renewal.end_date if renewal is not None else None,
    )


@dataclass(frozen=True)
class PreviousAlert:
    """The customer's latest earlier CreditRunway row, as D-18 needs it."""

    state: AlertState
    alerted_run_out_date: date | None
    alerted_scenario: str | None


@dataclass(frozen=True)
class AlertDecision:
    state: AlertState
    alerted_run_out_date: date | None
    alerted_scenario: str | None
    send: bool
    why: str


def decide_alert(
    previous: PreviousAlert | None, scenario: Scenario, run_out_date: date | None, *, credit_added: bool
) -> AlertDecision:
    """B-28 / D-18: alert once per episode; re-alert only when the scenario changes or the
    run-out moves ≥ 14 days earlier than the date last alerted; resolve when run-out ≥ term end
    (scenario NONE) or credit is added. A new episode may open the next day."""
    live = previous is not None and previous.state in (AlertState.OPEN, AlertState.ACKNOWLEDGED)
    if scenario is Scenario.NONE or credit_added:
        if live and previous is not None:
            why = "credit was added" if credit_added else "run-out is no longer before the term end"
            return AlertDecision(
                AlertState.RESOLVED,
                previous.alerted_run_out_date,
                previous.alerted_scenario,
                False,
                f"D-18: resolved, {why}",
            )  # type: ignore[union-attr]
        return AlertDecision(AlertState.NONE, None, None, False, "no alert")
    if not live:
        return AlertDecision(AlertState.OPEN, run_out_date, scenario.value, True, "B-28: first alert")
    assert previous is not None
    if previous.alerted_scenario != scenario.value:
        return AlertDecision(
            AlertState.OPEN,
            run_out_date,
            scenario.value,
            True,
            f"D-18: scenario changed from {previous.alerted_scenario} to {scenario.value}",
        )
    if (
        run_out_date is not None
        and previous.alerted_run_out_date is not None
        and (previous.alerted_run_out_date - run_out_date).days >= RE_ALERT_DAYS
    ):
        return AlertDecision(
            AlertState.OPEN,
            run_out_date,
            scenario.value,
            True,
            f"D-18: run-out moved {(previous.alerted_run_out_date - run_out_date).days} days earlier",
        )
    return AlertDecision(
        previous.state,
        previous.alerted_run_out_date,
        previous.alerted_scenario,
        False,
        "D-18: already alerted for this scenario and run-out",
    )
