"""When to stay quiet: the annual-contract windows (TIM-3, D-11) and the pauses PAUSE-1…8 with
the compliance reasons, each with its TIM-5 label and re-open condition (TIM-4, TIM-5)."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from .facts import URGENT_PRIORITIES, AccountFactsInput
from .policy import Policy


def add_months(day: date, months: int) -> date:
    """D-11's month arithmetic: keep the day of month, else the target month's last day
    (2024-12-31 + 2 months = 2025-02-28)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months(start: date, today: date) -> int:
    """The largest n with start + n months ≤ today (0 when today is before start + 1 month)."""
    n = max(0, (today.year - start.year) * 12 + today.month - start.month)
    while n > 0 and add_months(start, n) > today:
        n -= 1
    while add_months(start, n + 1) <= today:
        n += 1
    return n


def default_contract_end(start: date) -> date:
    return add_months(start, 12) - timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """TIM-3: the window of an annual contract on `as_of` (monthly billing: `none`)."""

    name: str  # adoption_only | prime | reinforce | why_stay | none
    contract_month: int | None = None
    contract_year_start: date | None = None
    month3_current: date | None = None  # month 3 of the current contract year
    month3_next: date | None = None  # month 3 of the next one ("the renewal's month 3")


def contract_window(as_of: date, start: date | None, end: date | None, policy: Policy) -> Window:
    """D-11 / contracts.md "Window": month m = n mod 12 + 1; why_stay also after end - 3 months."""
    if start is None:
        return Window("none")
    end = end or default_contract_end(start)
    n = whole_months(start, as_of)
    year = n // 12
    month = n % 12 + 1
    if as_of > add_months(end, -policy.why_stay_final_months) or month not in (
        *policy.adoption_only_months,
        *policy.prime_months,
        *policy.reinforce_months,
    ):
        name = "why_stay"
    elif month in policy.adoption_only_months:
        name = "adoption_only"
    elif month in policy.prime_months:
        name = "prime"
    else:
        name = "reinforce"
    next_by_term = add_months(start, 12 * (year + 1))
    after_end = end + timedelta(days=1)
    if next_by_term <= after_end:
        month3_next = add_months(start, 12 * (year + 1) + 2)
    else:
        month3_next = add_months(after_end, 2)
    return Window(
        name=name,
        contract_month=month,
        contract_year_start=add_months(start, 12 * year),
        month3_current=add_months(start, 12 * year + 2),
        month3_next=month3_next,
    )


@dataclass(frozen=True)
class WhyNotNow:
    reason: str
    label: str
    reopens_when: str
    reopens_on: date | None = None


# TIM-5's "reopens_when" column.
REOPENS_WHEN = {
    "annual_months_1_2": "the date month 3 starts",
    "annual_months_10_12": "the renewal's month 3",
    "first_30_days": "paid_start + 30 days, or customer-initiated interest",
    "active_support_issue_or_incident": "incident/ticket resolved",
    "implementation_needs_attention": "all fixed or not applicable",
    "budget_constraint": "date + 90 days, or cleared",
    "price_complaint": "date + 90 days, or cleared",
    "usage_declining_4w": "the first week-over-week rise",
    "champion_left": "a new champion is flagged",
    "data_engineer_owner": "cleared with a reason, or owner changes",
    "compliance_review_required": "legal clears it",
    "compliance_blocked": "legal clears it",
    "discretionary_hold": "legal clears it",
}
COMPLIANCE_REASONS = {
    "review_required": "compliance_review_required",
    "blocked": "compliance_blocked",
    "discretionary_hold": "discretionary_hold",
}
# TIM-4: which reasons each kind of recommendation takes.
RELATIONSHIP_TASK_REASONS = frozenset({"compliance_blocked", "discretionary_hold"})


def days_since_paid_start(facts: AccountFactsInput) -> int | None:
    start = paid_start(facts)
    return None if start is None else (facts.as_of - start).days


def paid_start(facts: AccountFactsInput) -> date | None:
    """D-13: contract start when annual, first paid invoice date when monthly."""
    return facts.contract_start if facts.billing_type == "annual" else facts.paid_start


def strictly_declining(weekly: Iterable[int], declines: int) -> bool:
    """PAUSE-6 / D-14: the last `declines + 1` complete weeks strictly decreasing."""
    values = list(weekly)[-(declines + 1) :]
    if len(values) < declines + 1:
        return False
    return all(later < earlier for earlier, later in pairwise(values))


def account_reasons(facts: AccountFactsInput, window: Window, policy: Policy) -> dict[str, WhyNotNow]:
    """Every account-wide reason in force (all but PAUSE-3, whose waiver is per card), keyed by
    reason, in TIM-5's order."""
    out: dict[str, WhyNotNow] = {}

    def add(reason: str, label: str, reopens_on: date | None = None) -> None:
        out[reason] = WhyNotNow(reason, label, REOPENS_WHEN[reason], reopens_on)

    compliance = COMPLIANCE_REASONS.get(facts.compliance_status)
    if compliance:  # WWDB-1…3
        add(compliance, f"Compliance: {facts.compliance_status.replace('_', ' ')}")
    m = window.contract_month
    if window.name == "adoption_only":
        add("annual_months_1_2", f"Contract month {m} of 12 — pure adoption focus", window.month3_current)
    elif window.name == "why_stay":
        add("annual_months_10_12", f"Contract month {m} — focus on why stay", window.month3_next)
    urgent = [t.id for t in facts.open_tickets if t.priority in URGENT_PRIORITIES]
    if facts.open_incidents or urgent:  # PAUSE-1
        ids = ", ".join(f"#{i}" for i in (*facts.open_incidents, *urgent) if i is not None)
        add("active_support_issue_or_incident", f"Open incident/ticket {ids}".rstrip())
    items = len(set(facts.open_implementation_items))
    if items:  # PAUSE-2
        add("implementation_needs_attention", f"{items} open health-check items")
    for kind in ("budget_constraint", "price_complaint"):  # PAUSE-4, PAUSE-5
        logged = [
            e.occurred_on
            for e in facts.events
            if e.type == kind and facts.event_in_force(e, policy.event_days)
        ]
        if logged:
            latest = max(logged)
            add(kind, f"Logged on {latest.isoformat()}", latest + timedelta(days=policy.event_days))
    if strictly_declining(facts.usage.events_weekly, policy.declining_weeks):  # PAUSE-6
        add("usage_declining_4w", f"Weekly events down {policy.declining_weeks} weeks running")
    left = [c for c in facts.champions if c.status == "left"]
    if left and not any(c.status == "active" for c in facts.champions):  # PAUSE-7
        last = max(left, key=lambda c: c.status_changed_on or date.min)
        when = last.status_changed_on.isoformat() if last.status_changed_on else "an unknown date"
        add("champion_left", f"Champion {last.name or '(unnamed)'} left on {when}")
    if facts.data_engineer_owner is not None:  # PAUSE-8 / D-17
        owner = facts.data_engineer_owner
        add("data_engineer_owner", f"Owner changed to data engineer {owner.name}")
    return out


def first_30_days(facts: AccountFactsInput, policy: Policy) -> WhyNotNow | None:
    """PAUSE-3: day d of 30 since paid start (before the waiver, which is per card)."""
    start = paid_start(facts)
    if start is None:
        return None
    days = (facts.as_of - start).days
    if days >= policy.first_days:
        return None
    return WhyNotNow(
        "first_30_days",
        f"Day {days + 1} of {policy.first_days} since paid start",
        REOPENS_WHEN["first_30_days"],
        start + timedelta(days=policy.first_days),
    )


def customer_initiated(facts: AccountFactsInput, policy: Policy) -> tuple[str | None, ...]:
    """The products named by in-force `customer_initiated_interest` events (None = no product)."""
    return tuple(
        e.product
        for e in facts.events
        if e.type == "customer_initiated_interest" and facts.event_in_force(e, policy.event_days)
    )
