"""The dunning timeline: when a payment is late, who owns it, which step is due when, and when
the case closes (billing.md B-34…B-39, D-22…D-24; health.md L-1…L-5, D-26).

Pure: invoices, attempts, pauses and people come in as plain values; `as_of` is given.

Handbook → rule → here:
- "that have not made payment on an invoice and their due date has passed" (B-34): credit-based
  (invoiced, `send_invoice`) day 0 = due_date + 1 while something is still owed.
- "we will attempt 4 automated payments … Each failed payment sends an alert" (B-35, D-22):
  pay-as-you-go day 0 = the first failed attempt; at most 4 attempts are counted.
- "the account owner as defined in Vitally … If there is no owner in Vitally, Simon will handle
  this process" / "For unmanaged accounts with a failed payment of $1500 or more Simon and Dana
  are tagged instead" (B-36): `responsibility`.
- Step 1 "On the day their payment becomes late" (day 0), step 2 "1 day before suspending user
  access" (day 6), step 3 "Suspending user access" (day 7: "if we don't receive payment in the
  next 7 calendar days"), step 4 "1 day before cancelling their subscription" (day 13), step 5
  "Cancelling their subscription" (day 14: "if this isn't resolved within the next 7 days") (B-37).
- "use your discretion with the next steps" (B-37): recorded pauses shift every later step.
- "If they do pay after this point make sure to re-enable user access" (B-38).
- "After three consecutive missed payment periods … advance payment covering three months of
  service based on their typical usage" (B-39, D-23).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import IntEnum, StrEnum

from .money import ZERO, cents

PAYG_MAX_ATTEMPTS = 4  # B-35: "After 4 failed payments we will stop attempting"
TAG_BOTH_LEADS_FROM = Decimal("1500.00")  # B-36: "$1500 or more" (inclusive)
MISSED_PERIODS_FOR_ADVANCE = 3  # B-39
ADVANCE_MONTHS = 3  # B-39: "covering three months of service"
TYPICAL_INVOICES = 3  # D-23: mean of the last 3 paid invoices


class PlanKind(StrEnum):
    CREDIT_BASED = "CREDIT_BASED"  # invoiced (send_invoice): B-34
    PAYG = "PAYG"  # card on file (charge_automatically): B-35


class Step(IntEnum):
    OUTREACH = 1  # day 0: contacts + Stripe finance emails, invoice PDF / payment link
    SUSPENSION_WARNING = 2  # day 6: "access will be suspended tomorrow"
    SUSPEND = 3  # day 7: org Active = No, "Access revoked due to an unpaid balance."
    CANCELLATION_WARNING = 4  # day 13: "we will be terminating their subscription tomorrow"
    CANCEL = 5  # day 14: cancel the subscription in Stripe (B-67)


STEP_DAY = {
    Step.OUTREACH: 0,
    Step.SUSPENSION_WARNING: 6,
    Step.SUSPEND: 7,
    Step.CANCELLATION_WARNING: 13,
    Step.CANCEL: 14,
}
# The warning steps are "1 day before" the step they announce (B-37), also after a pause.
WARNS = {Step.SUSPENSION_WARNING: Step.SUSPEND, Step.CANCELLATION_WARNING: Step.CANCEL}
STEP_TITLE = {
    Step.OUTREACH: "Reach out to known contacts and Stripe finance emails: payment within 7 calendar days "
    "or access is suspended",
    Step.SUSPENSION_WARNING: "Tell all active users that access will be suspended tomorrow",
    Step.SUSPEND: 'Suspend user access (Django admin: Active = No, "Access revoked due to an unpaid '
    'balance.") and tell all users; free tier in 7 days',
    Step.CANCELLATION_WARNING: "Tell all contacts the subscription ends tomorrow and free-tier limits apply",
    Step.CANCEL: "Cancel the subscription in Stripe",
}
STEP_RULE = {step: "B-37" for step in Step}


def plan_kind_of(collection_method: str) -> PlanKind:
    """`send_invoice` = credit-based (invoice with a due date); anything else pays by card (PAYG)."""
    return PlanKind.CREDIT_BASED if collection_method == "send_invoice" else PlanKind.PAYG


@dataclass(frozen=True)
class DunningInvoice:
    """One invoice as dunning sees it. `paid_on` = the day it was paid (None = not paid yet);
    `owed` = what was outstanding (amount_remaining while unpaid, amount_due once paid; withheld
    tax included: "The full invoice amount is due", B-34)."""

    key: int
    plan_kind: PlanKind
    period_start: date
    total: Decimal
    owed: Decimal
    due_date: date | None = None
    paid_on: date | None = None
    failed_attempts: tuple[date, ...] = ()  # dates of failed automatic attempts, in order
    label: str = ""

    def unpaid_on(self, day: date) -> bool:
        return self.owed > ZERO and (self.paid_on is None or self.paid_on > day)

    @property
    def day0(self) -> date | None:
        """B-34 / B-35 / D-22: the day the payment became late, if it ever did."""
        if self.owed <= ZERO:
            return None
        if self.plan_kind is PlanKind.CREDIT_BASED:
            if self.due_date is None:
                return None
            late = self.due_date + timedelta(days=1)
            return late if self.paid_on is None or self.paid_on >= late else None
        if not self.failed_attempts:
            return None
        first = min(self.failed_attempts)
        return first if self.paid_on is None or self.paid_on >= first else None

    def late_on(self, day: date) -> bool:
        d0 = self.day0
        return d0 is not None and d0 <= day and self.unpaid_on(day)

    def failures_by(self, day: date) -> int:
        return min(sum(1 for a in self.failed_attempts if a <= day), PAYG_MAX_ATTEMPTS)


@dataclass(frozen=True)
class Lateness:
    """What is late for one customer on `as_of` (B-34/B-35)."""

    plan_kind: PlanKind
    day0: date
    amount_overdue: Decimal
    invoices: tuple[int, ...]
    why: str


def lateness(invoices: Iterable[DunningInvoice], as_of: date) -> Lateness | None:
    """The customer's late invoices on `as_of`; day 0 = the earliest of their day 0s and the plan
    kind is that invoice's. None when nothing is late."""
    late = sorted((i for i in invoices if i.late_on(as_of)), key=lambda i: (i.day0, i.key))
    if not late:
        return None
    first = late[0]
    assert first.day0 is not None
    amount = cents(sum((i.owed for i in late), ZERO))
    if first.plan_kind is PlanKind.CREDIT_BASED:
        why = f"B-34: invoice {first.label or first.key} due {first.due_date} unpaid; day 0 = due date + 1"
    else:
        why = (
            f"B-35/D-22: invoice {first.label or first.key} card payment failed on {first.day0}; "
            "day 0 = first failed attempt"
        )
    return Lateness(first.plan_kind, first.day0, amount, tuple(i.key for i in late), why)


@dataclass(frozen=True)
class Responsibility:
    responsible: int | None
    tagged: tuple[int, ...]
    why: str


def responsibility(
    *,
    owner: int | None,
    amount_overdue: Decimal,
    allocation_leads: Sequence[int],
    cs_leads: Sequence[int],
) -> Responsibility:
    """B-36 (health L-3, D-26): the account owner is responsible and tagged; no owner → the
    allocation lead handles it and is tagged, joined by the CS lead from $1,500.00 owed."""
    if owner is not None:
        return Responsibility(owner, (owner,), "B-36: the account owner is responsible and tagged")
    lead = allocation_leads[0] if allocation_leads else None
    if amount_overdue >= TAG_BOTH_LEADS_FROM:
        tagged = tuple(dict.fromkeys([*allocation_leads, *cs_leads]))
        why = (
            f"B-36: unmanaged, {amount_overdue} ≥ {TAG_BOTH_LEADS_FROM}: the allocation lead and the "
            "CS lead are tagged"
        )
    else:
        tagged = tuple(dict.fromkeys(allocation_leads))
        why = f"B-36: unmanaged, {amount_overdue} < {TAG_BOTH_LEADS_FROM}: the allocation lead alone"
    return Responsibility(lead, tagged, why)


@dataclass(frozen=True)
class Pause:
    """An owner's recorded extension ("use your discretion", B-37): from `starts_on`, `days` long."""

    starts_on: date
    days: int
    reason: str = ""

    @property
    def ends_on(self) -> date:
        """The first day after the pause."""
        return self.starts_on + timedelta(days=self.days)


def _shifted(day: date, pauses: Sequence[Pause]) -> date:
    """A step due on `day` moves by every pause that starts on or before it (in order, so a pause
    that starts inside an earlier shift's window shifts it too)."""
    for pause in sorted(pauses, key=lambda p: p.starts_on):
        if pause.starts_on <= day:
            day += timedelta(days=pause.days)
    return day


def schedule(
    day0: date, pauses: Sequence[Pause] = (), done: dict[int, date] | None = None
) -> dict[Step, date]:
    """B-37: each step's due date. Step 1 is day 0; the action steps 3 and 5 move by the pauses
    (`paused_days` shift all later steps) and the warnings 2 and 4 stay the day before them. A step
    already done keeps the date it was due on (`done`: step → its stored due date)."""
    done = done or {}
    due: dict[Step, date] = {Step.OUTREACH: day0}
    for step in (Step.SUSPEND, Step.CANCEL):
        due[step] = done.get(step) or _shifted(day0 + timedelta(days=STEP_DAY[step]), pauses)
    for warning, action in WARNS.items():
        due[warning] = done.get(warning) or due[action] - timedelta(days=1)
    if Step.OUTREACH in done:
        due[Step.OUTREACH] = done[Step.OUTREACH]
    return dict(sorted(due.items()))


def paused_on(pauses: Iterable[Pause], day: date) -> Pause | None:
    return next((p for p in pauses if p.starts_on <= day < p.ends_on), None)


@dataclass(frozen=True)
class Timeline:
    """The case on `as_of`: which steps are due (each a task), the current and next step."""

    due: dict[Step, date]
    reached: tuple[Step, ...]
    step: int  # 0-5: the highest step whose due date has come
    next_step: Step | None
    next_due: date | None
    paused: Pause | None
    paused_days: int
    explanation: dict = field(default_factory=dict)


def timeline(
    day0: date, as_of: date, pauses: Sequence[Pause] = (), done: dict[int, date] | None = None
) -> Timeline:
    due = schedule(day0, pauses, done)
    reached = tuple(s for s, d in due.items() if d <= as_of)
    pending = [s for s, d in due.items() if d > as_of]
    nxt = pending[0] if pending else None
    counted = [p for p in pauses if p.starts_on <= as_of]
    return Timeline(
        due=due,
        reached=reached,
        step=max(reached, default=0),
        next_step=nxt,
        next_due=due[nxt] if nxt is not None else None,
        paused=paused_on(pauses, as_of),
        paused_days=sum(p.days for p in counted),
        explanation={
            "rules": ["B-37", "D-22"],
            "day0": day0.isoformat(),
            "due": {str(int(s)): d.isoformat() for s, d in due.items()},
            "pauses": [
                {"starts_on": p.starts_on.isoformat(), "days": p.days, "reason": p.reason} for p in pauses
            ],
        },
    )


@dataclass(frozen=True)
class Resolution:
    """B-38: every late invoice of the case is paid → RESOLVED; suspended → re-enable access."""

    resolved: bool
    paid_on: date | None
    reenable_required: bool
    why: str


def resolution(invoices: Sequence[DunningInvoice], as_of: date, *, suspended_on: date | None) -> Resolution:
    if not invoices or any(i.unpaid_on(as_of) for i in invoices):
        return Resolution(False, None, False, "")
    paid = max((i.paid_on for i in invoices if i.paid_on is not None), default=as_of)
    reenable = suspended_on is not None and suspended_on <= paid
    why = "B-38: every late invoice is paid"
    if reenable:
        why += f"; access was suspended on {suspended_on}: re-enable user access"
    return Resolution(True, paid, reenable, why)


@dataclass(frozen=True)
class MissedPeriods:
    """B-39 / D-23: the run of consecutive missed periods ending at the latest one, and what the
    advance payment would be."""

    consecutive: int
    periods: tuple[date, ...]
    typical_monthly: Decimal | None
    advance_payment_required: Decimal | None
    why: str


def missed_periods(invoices: Iterable[DunningInvoice], as_of: date) -> MissedPeriods:
    """A missed period = an invoice that reached day 0 by `as_of` (D-23); periods in order of
    period_start, one per period (the worst invoice decides). The run counts back from the
    latest missed period while periods stay missed. Typical monthly = mean total of the last 3
    invoices paid before the first missed period of the run; advance = 3 x typical, required
    from 3 consecutive missed periods (B-39)."""
    by_period: dict[date, list[DunningInvoice]] = {}
    for inv in invoices:
        if inv.total > ZERO or inv.owed > ZERO:
            by_period.setdefault(inv.period_start, []).append(inv)

    def missed(inv: DunningInvoice) -> bool:
        d0 = inv.day0
        return d0 is not None and d0 <= as_of

    periods = sorted(by_period)
    flags = [any(missed(i) for i in by_period[p]) for p in periods]
    if True not in flags:
        return MissedPeriods(0, (), None, None, "D-23: no period reached day 0")
    last = len(flags) - 1 - flags[::-1].index(True)
    first = last
    while first > 0 and flags[first - 1]:
        first -= 1
    run = tuple(periods[first : last + 1])
    before = [
        i
        for p in periods[:first]
        for i in by_period[p]
        if i.paid_on is not None and i.paid_on <= as_of and not missed(i)
    ]
    before.sort(key=lambda i: (i.period_start, i.key))
    sample = before[-TYPICAL_INVOICES:]
    typical = cents(sum((i.total for i in sample), ZERO) / len(sample)) if sample else None
    count = len(run)
    advance = None
    why = f"D-23: {count} consecutive missed period(s) from {run[0]} to {run[-1]}"
    if count >= MISSED_PERIODS_FOR_ADVANCE:
        if typical is not None:
            advance = cents(typical * ADVANCE_MONTHS)
            why += (
                f"; B-39: advance payment = {ADVANCE_MONTHS} x typical monthly {typical} "
                f"(mean of the last {len(sample)} paid invoice(s) before {run[0]}) = {advance}"
            )
        else:
            why += "; B-39: advance payment required, but no paid invoice before the run to size it"
    return MissedPeriods(count, run, typical, advance, why)
