"""Which computed segments an account belongs to, and the Top 40 ranking (accounts.md §1.4).

Pure: facts in, decisions out, `today` passed in. Every decision carries the rule id and the
inputs it read, so the stored membership can say why the account is in the segment.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ARR_20K = Decimal("20000")
ARR_60K = Decimal("60000")
TOP_N = 40  # D-10 "~Top 40"


@dataclass(frozen=True)
class SegmentDefinition:
    key: str
    label: str  # exact §1.4 label
    kind: str  # "computed" | "manual"


# §1.4 table order. `churn_risk` is "manual + automatic": its rows are written by health.md's
# flag services, never by the computed refresh, so it is stored as manual.
CATALOGUE: tuple[SegmentDefinition, ...] = (
    SegmentDefinition("arr_60k", "$60K ARR", "computed"),
    SegmentDefinition("arr_20k", "$20K ARR", "computed"),
    SegmentDefinition("startup_plan", "Startup Plan", "computed"),
    SegmentDefinition("annual_plan", "Annual Plan", "computed"),
    SegmentDefinition("active_trial", "Active Trial", "computed"),
    SegmentDefinition("first_payment_this_month", "First payment forecasted this month", "computed"),
    SegmentDefinition("top_40", "Top 40", "computed"),
    SegmentDefinition("tam_csm_candidate", "TAM/CSM Candidate", "computed"),
    SegmentDefinition("am_managed", "AM Managed", "manual"),
    SegmentDefinition("leads", "Leads", "manual"),
    SegmentDefinition("churn_risk", "Churn Risk", "manual"),
)
COMPUTED_KEYS = frozenset(d.key for d in CATALOGUE if d.kind == "computed")
LABELS = {d.key: d.label for d in CATALOGUE}


@dataclass(frozen=True)
class SegmentFacts:
    """The Account commercial fields the criteria read (accounts.md §1.2)."""

    account_id: int
    arr: Decimal = Decimal("0")
    ltv: Decimal = Decimal("0")
    forecasted_mrr: Decimal = Decimal("0")
    stripe_balance: Decimal = Decimal("0")
    credit_expires_at: date | None = None
    is_startup_plan_customer: bool | None = None
    subscription_interval: str = ""
    free_trial_until: date | None = None
    current_period_end: date | None = None
    is_top_40: bool = False
    has_owner: bool = False


@dataclass(frozen=True)
class Membership:
    """One computed segment the account is in, and why."""

    key: str
    rule: str
    reason: str
    inputs: dict[str, str] = field(default_factory=dict)

    def explanation(self) -> dict:
        return {"rule": self.rule, "reason": self.reason, "inputs": self.inputs}


def _credit_live(facts: SegmentFacts, today: date) -> bool:
    # D-30: "> 0 days from today" is strictly after today: credit expiring today no longer counts.
    return (
        facts.stripe_balance < 0
        and facts.credit_expires_at is not None
        and facts.credit_expires_at > today
    )


def _credit_inputs(facts: SegmentFacts) -> dict[str, str]:
    return {
        "stripe_balance": str(facts.stripe_balance),
        "credit_expires_at": facts.credit_expires_at.isoformat() if facts.credit_expires_at else "",
        "is_startup_plan_customer": str(facts.is_startup_plan_customer),
    }


def in_startup_plan(facts: SegmentFacts, today: date) -> bool:
    """SG-1 / D-33: credit left, not yet expired, and flagged a startup customer (true, not null)."""
    return _credit_live(facts, today) and facts.is_startup_plan_customer is True


def last_day_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def computed_memberships(facts: SegmentFacts, today: date) -> list[Membership]:
    """SG-1: the computed segments of §1.4 this account meets today, in catalogue order."""
    found: list[Membership] = []
    arr = {"arr": str(facts.arr)}
    startup = in_startup_plan(facts, today)
    if not startup and facts.arr >= ARR_60K:
        found.append(Membership("arr_60k", "SG-1", "not in Startup Plan and ARR ≥ 60,000", arr))
    if not startup and ARR_20K <= facts.arr < ARR_60K:
        found.append(
            Membership("arr_20k", "SG-1", "not in Startup Plan and 20,000 ≤ ARR < 60,000", arr)
        )
    if startup:
        found.append(
            Membership(
                "startup_plan", "SG-1 D-30 D-33",
                "credit remaining, expiring after today, startup customer", _credit_inputs(facts),
            )
        )
    yearly = facts.subscription_interval == "year"
    prepaid = _credit_live(facts, today) and facts.is_startup_plan_customer is not True
    if yearly or prepaid:
        found.append(
            Membership(
                "annual_plan", "SG-1 D-30",
                "yearly subscription" if yearly else "credit remaining, expiring after today, "
                "not a startup customer",
                {"subscription_interval": facts.subscription_interval, **_credit_inputs(facts)},
            )
        )
    if facts.free_trial_until is not None and facts.free_trial_until > today:
        found.append(
            Membership(
                "active_trial", "SG-1 D-30", "free trial ends after today",
                {"free_trial_until": facts.free_trial_until.isoformat()},
            )
        )
    end = facts.current_period_end
    if (
        facts.ltv == 0
        and end is not None
        and today < end <= last_day_of_month(today)
        and facts.forecasted_mrr > 1
    ):
        found.append(
            Membership(
                "first_payment_this_month", "SG-1 D-30",
                "no payment yet, period ends later this month, forecasted MRR above 1",
                {"ltv": str(facts.ltv), "current_period_end": end.isoformat(),
                 "forecasted_mrr": str(facts.forecasted_mrr)},
            )
        )
    if facts.is_top_40:
        found.append(Membership("top_40", "A-9 D-10", "in the Top 40 by ARR", arr))
    if facts.arr >= ARR_20K and not facts.has_owner:
        found.append(
            Membership("tam_csm_candidate", "A-1 D-29", "ARR ≥ 20,000 and no owner", arr)
        )
    return found


# --- Top 40 (D-10) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RankInput:
    account_id: int
    arr: Decimal
    pin: str = "auto"  # "auto" | "pinned_in" | "pinned_out"


@dataclass(frozen=True)
class Rank:
    account_id: int
    arr_rank: int | None  # None when arr is 0 (unranked)
    is_top_40: bool


def rank_top_40(accounts: Iterable[RankInput], top_n: int = TOP_N) -> list[Rank]:
    """D-10: rank by ARR descending among arr > 0; equal ARR shares a rank (1, 2, 2, 4 …), so
    every account tied at rank 40 is in; then `pinned_in` joins and `pinned_out` leaves."""
    ranked = sorted((a for a in accounts), key=lambda a: (-a.arr, a.account_id))
    result: list[Rank] = []
    rank = 0
    previous: Decimal | None = None
    for position, item in enumerate(ranked, start=1):
        if item.arr <= 0:
            arr_rank = None
        else:
            if item.arr != previous:
                rank = position
                previous = item.arr
            arr_rank = rank
        by_rank = arr_rank is not None and arr_rank <= top_n
        top = (by_rank or item.pin == "pinned_in") and item.pin != "pinned_out"
        result.append(Rank(item.account_id, arr_rank, top))
    return result
