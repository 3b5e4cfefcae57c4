"""Each story's BookMemberships: the open one of an AM Managed account, and the history around it.

History is what the quota rules are judged on: handovers and rebalances ended at past quarter
ends (B-4, B-9), churn and below-floor removals (B-5, Q-7, Q-8), CSM handoffs (B-6), additions
still in grace (QD-9) and pending removals that still count this quarter (Q-13). One account
never has two open memberships with the same TAM: every history row is another TAM's, or ended.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from accounts.demo.story import AccountStory
from accounts.engine.calendar import add_months
from quota.models import BookSource, ConversionPlan, RemovalReason

from .people import Tam
from .quarters import Quarters

S, R = BookSource, RemovalReason
GRACE_MONTHS = 3  # QD-9; also B-8's decision window
FLOOR_ARR = Decimal("20000")  # B-5, QD-23
REBALANCE_TARGET = 14  # handovers queued on an overloaded TAM: with ~12-15 of its own, past the hard cap
DECIDED = (S.UNOWNED_ASSIGNMENT, S.PRODUCT_LED_LEAD)  # B-8: they carry a decision deadline
COLUMNS = (
    "id", "account_id", "tam_id", "added_on", "added_by_id", "source", "grace_until",
    "decision_deadline", "conversion_plan", "previously_paid", "removal_requested_on",
    "removal_reason", "pending_removal", "ended_on", "ended_by_id",
)


@dataclass
class Member:
    tam: int
    added_on: date
    source: str
    ended_on: date | None = None
    reason: str = ""
    pending: bool = False
    requested_on: date | None = None

    @property
    def open(self) -> bool:
        return self.ended_on is None


@dataclass
class BookState:
    """What the chunks share: the TAMs, the calendar and the running per-TAM tallies."""

    tams: dict[int, Tam]
    managers: list[int | None]  # sales managers: the first decides, the next is backup (B-1)
    month_starts: list[date]
    as_of: date
    rebalanced: Counter = field(default_factory=Counter)
    open_count: Counter = field(default_factory=Counter)
    open_arr: defaultdict = field(default_factory=lambda: defaultdict(Decimal))
    census: Counter = field(default_factory=Counter)  # the current chunk's
    static_census: Counter = field(default_factory=Counter)

    @property
    def quarters(self) -> Quarters:
        return Quarters(self.as_of)

    def pool(self, region: str, *, before: date, other_than: int | None = None) -> list[int]:
        """The region's TAMs already in role on `before`."""
        return [
            t.id for t in self.tams.values()
            if t.region == region and t.start <= before and t.id != other_than
        ]

    def overloaded(self, region: str) -> Tam | None:
        return next((t for t in self.tams.values() if t.region == region and t.kind == "overloaded"), None)


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _any_source(rng: random.Random, *, initial: bool = True) -> str:
    sources = [S.UNOWNED_ASSIGNMENT, S.PRODUCT_LED_LEAD, S.INHERITED_WITH_PREVIOUS_OWNER, S.CSM_TO_TAM]
    return rng.choice([S.INITIAL_BOOK, *sources] if initial else sources)


def memberships(state: BookState, story: AccountStory, alloc, arr: Decimal, rng) -> list[Member]:
    created = state.month_starts[story.first_month]
    if alloc.segment == "tam":
        return _managed(state, story, state.tams[alloc.book_tam_id], created, rng)
    if story.churn_month is not None and story.tier in ("large", "top"):
        return _churned(state, story, created, rng)
    if alloc.segment == "csm":
        return _handed_to_csm(state, story, alloc.overlay_tam_id, created, rng)
    if story.paying and arr < FLOOR_ARR:
        return _below_floor(state, story, created, rng)
    if alloc.segment == "unassigned" and rng.random() < 0.3:
        return _past(state, story.region, created, rng, state.quarters.previous_end, R.REBALANCE)
    return []


def _managed(state: BookState, story: AccountStory, tam: Tam, created: date, rng) -> list[Member]:
    q, as_of = state.quarters, state.as_of
    earliest = max(created, tam.start)
    overloaded = state.overloaded(story.region)
    roll = rng.random()
    if (
        overloaded is not None and overloaded.id != tam.id
        and state.rebalanced[overloaded.id] < REBALANCE_TARGET
        and created <= q.start - timedelta(days=120) and roll < 0.7
    ):
        # B-2: an overloaded book is brought back down. The old membership stays open, pending
        # removal, until this quarter's calculation is done (B-4, Q-13).
        state.rebalanced[overloaded.id] += 1
        added = _between(rng, max(q.start, earliest), as_of)
        before = _between(rng, max(created, overloaded.start), q.start - timedelta(days=60))
        reason = R.REBALANCE if rng.random() < 0.7 else R.HANDED_OVER
        week_one = tam.kind == "new" and added <= tam.start + timedelta(days=4)
        source = S.INITIAL_BOOK if week_one else S.INHERITED_WITH_PREVIOUS_OWNER
        return [
            Member(overloaded.id, before, _any_source(rng), reason=reason, pending=True, requested_on=added),
            Member(tam.id, added, source),
        ]
    if tam.start >= q.start - timedelta(days=100):  # a new or ramping TAM: the whole book is recent
        if created <= tam.start and roll < 0.85:  # B-11: the initial book, chosen in week 1
            added = min(as_of, tam.start + timedelta(days=rng.randint(0, 4)))
            closed = q.end_of(tam.start - timedelta(days=10))
            history = _past(state, story.region, created, rng, closed, R.REBALANCE, other_than=tam.id)
            return [*(history if rng.random() < 0.7 else []), Member(tam.id, added, S.INITIAL_BOOK)]
        added = _between(rng, max(earliest, min(as_of, tam.start + timedelta(days=7))), as_of)
        return [Member(tam.id, added, _any_source(rng, initial=False))]
    if roll < 0.08:  # added this quarter, still in grace (QD-9)
        added = _between(rng, max(q.start, earliest), as_of)
        source = rng.choices(
            [S.UNOWNED_ASSIGNMENT, S.PRODUCT_LED_LEAD, S.CSM_TO_TAM, S.INHERITED_WITH_PREVIOUS_OWNER],
            weights=[3, 3, 1, 2],
        )[0]
        history = []
        if source == S.INHERITED_WITH_PREVIOUS_OWNER:
            history = _past(
                state, story.region, created, rng, q.previous_end, R.HANDED_OVER, other_than=tam.id
            )
        return [*history, Member(tam.id, added, source)]
    if roll < 0.30:
        handed = _handed_over_earlier(state, story.region, tam, created, rng)
        if handed:
            return handed
    if roll < 0.36:
        return [Member(tam.id, _between(rng, earliest, min(as_of, q.previous_end)), S.CSM_TO_TAM)]
    if story.credit is not None and roll < 0.6:
        handoff = add_months(state.month_starts[story.credit.start_month], 3)  # QD-32
        if earliest <= handoff <= as_of:
            return [Member(tam.id, handoff, S.TAE_HANDOFF)]
    if created <= tam.start + timedelta(days=7) and rng.random() < 0.55:
        added = max(created, tam.start + timedelta(days=rng.randint(0, 4)))
        member = Member(tam.id, min(added, as_of), S.INITIAL_BOOK)
    else:
        source = S.UNOWNED_ASSIGNMENT if rng.random() < 0.55 else S.PRODUCT_LED_LEAD
        member = Member(tam.id, _between(rng, earliest, as_of), source)
    if member.added_on < q.start and rng.random() < 0.03:  # B-6: no viable levers left → CSM
        member.pending, member.reason = True, R.CSM_HANDOFF
        member.requested_on = _between(rng, q.start, as_of)
    return [member]


def _handed_over_earlier(state: BookState, region: str, tam: Tam, created: date, rng) -> list[Member]:
    """Handed over (or rebalanced) to this TAM at a past quarter close (B-4, B-9)."""
    first = max(created, tam.start - timedelta(days=1)) + timedelta(days=30)
    ends = state.quarters.ends_between(first, state.quarters.previous_end)
    if not ends:
        return []
    end = rng.choice(ends)
    reason = R.HANDED_OVER if rng.random() < 0.6 else R.REBALANCE
    history = _past(state, region, created, rng, end, reason, other_than=tam.id)
    if not history:
        return []
    added = min(state.as_of, end + timedelta(days=1 + rng.randint(0, 9)))
    return [*history, Member(tam.id, added, S.INHERITED_WITH_PREVIOUS_OWNER)]


def _past(state: BookState, region: str, created: date, rng, end: date, reason: str, *,
          other_than: int | None = None) -> list[Member]:
    """An earlier TAM's membership, ended at the past quarter end `end` (B-4)."""
    latest = end - timedelta(days=30)
    pool = state.pool(region, before=latest, other_than=other_than)
    if end >= state.quarters.start or not pool or latest < created:
        return []
    tam = state.tams[rng.choice(pool)]
    added = _between(rng, max(created, tam.start), latest)
    return [Member(tam.id, added, _any_source(rng), ended_on=end, reason=reason,
                   requested_on=_between(rng, added, end))]


def _churned(state: BookState, story: AccountStory, created: date, rng) -> list[Member]:
    """Q-7/B-5: removed after the calculation of the quarter it churned in; some within grace (Q-8)."""
    if story.churn_month is None:
        return []
    churned_on = state.month_starts[story.churn_month]
    pool = state.pool(story.region, before=churned_on - timedelta(days=120))
    if not pool:
        return []
    tam = state.tams[rng.choice(pool)]
    lowest = max(created, tam.start)
    source: str
    if rng.random() < 0.35:
        added, source = churned_on - timedelta(days=rng.randint(20, 80)), S.UNOWNED_ASSIGNMENT
    else:
        added, source = _between(rng, lowest, churned_on - timedelta(days=100)), _any_source(rng)
    if not lowest <= added < churned_on:
        return []
    end = state.quarters.end_of(churned_on)
    ended = None if end > state.as_of else end
    return [Member(tam.id, added, source, ended_on=ended, reason=R.CHURNED, pending=ended is None,
                   requested_on=churned_on)]


def _handed_to_csm(state: BookState, story: AccountStory, overlay: int | None, created: date, rng) -> list:
    """B-6: fully expanded accounts move to a CSM; the TAM's membership ends at quarter close."""
    q = state.quarters
    roll = rng.random()
    if roll < 0.06:  # handed over this quarter: still in the TAM's book until the close (D-17)
        latest = q.start - timedelta(days=30)
        pool = state.pool(story.region, before=latest)
        tam_id = overlay if overlay in pool else (rng.choice(pool) if pool else None)
        if tam_id is None or latest < max(created, state.tams[tam_id].start):
            return []
        added = _between(rng, max(created, state.tams[tam_id].start), latest)
        return [Member(tam_id, added, _any_source(rng), reason=R.CSM_HANDOFF, pending=True,
                       requested_on=_between(rng, q.start, state.as_of))]
    if roll < 0.26:
        ends = q.ends_between(created + timedelta(days=60), q.previous_end)
        return _past(state, story.region, created, rng, rng.choice(ends), R.CSM_HANDOFF) if ends else []
    return []


def _below_floor(state: BookState, story: AccountStory, created: date, rng) -> list[Member]:
    """B-5: an account that fell under $20k ARR left the book at that quarter's close."""
    above = [m for m in range(len(story.lines) - 1) if story.monthly_total(m) * 12 >= FLOOR_ARR]
    if not above or rng.random() < 0.4:
        return []
    shown = add_months(state.month_starts[above[-1]], 2)  # the month-end whose ARR shows the drop
    return _past(state, story.region, created, rng, state.quarters.end_of(shown), R.BELOW_FLOOR)


def row(state: BookState, story: AccountStory, m: Member, rng: random.Random) -> tuple:
    """The BookMembership columns after `id`, in COLUMNS order."""
    deadline = add_months(m.added_on, GRACE_MONTHS) if m.source in DECIDED else None
    plan = ""
    if m.source == S.PRODUCT_LED_LEAD:  # B-8: a lead joins the book only with a conversion plan
        monthly = story.configuration in ("PAID", "LEGACY")
        plan = ConversionPlan.PREPAID_CREDIT_CONVERSION if monthly and rng.random() < 0.6 else (
            ConversionPlan.CROSS_PRODUCT_ADOPTION)
    managers = state.managers
    manager = managers[0] if len(managers) == 1 or rng.random() < 0.85 else managers[1]
    return (
        story.account_id, m.tam, m.added_on, manager, m.source, add_months(m.added_on, GRACE_MONTHS),
        deadline, plan, previously_paid(state, story, m), m.requested_on, m.reason, m.pending,
        m.ended_on, manager if m.ended_on else None,
    )


def previously_paid(state: BookState, story: AccountStory, m: Member) -> bool:
    """A closed quarter, past its cutoff, in which the account grew while in this book (B-5's flag)."""
    q = state.quarters
    for end in q.ends_between(m.added_on, q.previous_end):
        if m.ended_on is not None and m.ended_on < end:
            break
        if q.cutoff(end) > state.as_of:
            continue
        now, before = _quarter_total(state, story, end), _quarter_total(state, story, add_months(end, -3))
        if now is not None and before is not None and now > before:
            return True
    return False


def _quarter_total(state: BookState, story: AccountStory, end: date) -> Decimal | None:
    first = state.month_starts[0]
    last = (end.year - first.year) * 12 + end.month - first.month
    if last < 2 or last >= len(story.lines):
        return None
    return sum((story.monthly_total(m) for m in range(last - 2, last + 1)), Decimal("0"))


def census_keys(members: list[Member], rows: list[tuple], as_of: date) -> set[str]:
    """Rule ids one account's memberships exercise."""
    keys: set[str] = set()
    for m, values in zip(members, rows, strict=True):
        grace_until, deadline, paid = values[5], values[6], values[8]
        keys.add(f"book.source:{m.source}")
        if m.reason:
            keys.add(f"book.removal:{m.reason}")
        if m.open and not m.pending:
            keys.add("quota.B-1:am_managed")
        if m.open and grace_until > as_of:
            keys.add("QD-9:in_grace")
        if m.pending:
            keys |= {"quota.B-5:pending_removal", "Q-13:pending_still_counts"}
        if m.ended_on is not None:
            keys.add("quota.B-4:ended_at_quarter_end")
        if paid:
            keys.add("quota.B-5:previously_paid")
        if m.reason == R.CHURNED:
            keys.add("Q-7:churned_in_book")
            if m.requested_on is not None and m.requested_on < grace_until:
                keys.add("Q-8:churn_within_grace")
        if deadline is not None and deadline >= as_of:
            keys.add("quota.B-8:decision_pending")
        if m.source == S.PRODUCT_LED_LEAD:
            keys.add("quota.B-8:conversion_plan")
        if m.source == S.INHERITED_WITH_PREVIOUS_OWNER:
            keys.add("quota.B-9:inherited")
        if m.source == S.TAE_HANDOFF:
            keys.add("QD-32:tae_handoff")
    return keys
