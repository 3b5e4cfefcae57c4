"""What the engine reads about one account as of a date, and what it answers.

The inputs mirror `POST /api/v1/health/preview`'s request (contracts.md): the preview parses
the request into `HealthFacts`, the pipeline loads the same from the database.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class ContactFact:
    roles: frozenset[str]
    status: str  # accounts.md ContactStatus: active | changed_role | left


@dataclass(frozen=True)
class NoteFact:
    occurred_on: date
    direction: str  # inbound | outbound | internal
    tags: frozenset[str] = frozenset()
    contacts: tuple[str, ...] = ()  # keys of HealthFacts.contacts


@dataclass(frozen=True)
class RecommendationFact:
    given_on: date
    status: str  # open | actioned | dismissed


@dataclass(frozen=True)
class SeasonalFact:
    starts_on: date
    ends_on: date
    reason: str = ""

    def active_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class SharedChannelFact:
    created_on: date
    last_customer_message_on: date | None = None


@dataclass(frozen=True)
class HealthFacts:
    as_of: date
    event_counts: Mapping[date, int] = field(default_factory=dict)  # a missing date = no row
    active_users_30d: int = 0
    products_used_30d: frozenset[str] = frozenset()  # already the counted (counts_for_adoption) keys
    billing_page_views_7d: int = 0
    insight_dashboard_views_30d: int = 0
    warehouse_export_active: bool = False
    warehouse_only_export_since: date | None = None  # opened date of an open S-9 signal
    seasonal_explanations: tuple[SeasonalFact, ...] = ()
    customer_recommendations: tuple[RecommendationFact, ...] = ()
    shared_channel: SharedChannelFact | None = None
    contacts: Mapping[str, ContactFact] = field(default_factory=dict)
    notes: tuple[NoteFact, ...] = ()
    ticket_opened_on: tuple[date, ...] = ()
    arr: Decimal = Decimal("0.00")
    renewal_date: date | None = None
    payment_late: bool = False
    payg_failed_attempts: int = 0
    dunning_outreach_on: date | None = None
    previous_final_bands: tuple[str, ...] = ()  # most recent first, consecutive weeks

    @property
    def week_start(self) -> date:
        return self.as_of - timedelta(days=self.as_of.weekday())

    def seasonal_active(self) -> SeasonalFact | None:
        return next((s for s in self.seasonal_explanations if s.active_on(self.as_of)), None)

    @cached_property
    def _days(self) -> tuple[tuple[date, ...], tuple[int, ...]]:
        """The row dates in order and the running event totals (totals[i] = events before
        days[i]): every window sum is two bisections, however many windows the rules read."""
        days = tuple(sorted(self.event_counts))
        totals = [0]
        for day in days:
            totals.append(totals[-1] + self.event_counts[day])
        return days, tuple(totals)

    def _span(self, start: date, end: date) -> tuple[int, int]:
        days = self._days[0]
        return bisect_left(days, start), bisect_right(days, end)

    def events_between(self, start: date, end: date) -> int:
        low, high = self._span(start, end)
        totals = self._days[1]
        return totals[high] - totals[low] if high > low else 0

    def has_rows_between(self, start: date, end: date) -> bool:
        low, high = self._span(start, end)
        return high > low

    @property
    def first_row_on(self) -> date | None:
        days = self._days[0]
        return days[0] if days else None


@dataclass(frozen=True)
class ComponentResult:
    key: str
    label: str
    max: int
    points: int | None  # None under No data
    rule: str
    inputs: Mapping[str, Any]
    explanation: str

    @property
    def lost(self) -> int:
        return 0 if self.points is None else self.max - self.points


@dataclass(frozen=True)
class SignalResult:
    kind: str
    rule_id: str
    open: bool | None  # None: not evaluated (stale inputs, contracts.md decision 6) — keep the state
    evidence: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReasonResult:
    key: str
    rule_id: str
    holds: bool
    evidence: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthResult:
    as_of: date
    week_start: date
    model_version: int
    score: int | None
    band: str
    components: tuple[ComponentResult, ...]
    top_losses: tuple[str, ...]
    signals: tuple[SignalResult, ...]
    churn_reasons: tuple[ReasonResult, ...]

    @property
    def open_signals(self) -> tuple[str, ...]:
        return tuple(s.kind for s in self.signals if s.open)

    @property
    def holding_reasons(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.churn_reasons if r.holds)

    def signal(self, kind: str) -> SignalResult:
        return next(s for s in self.signals if s.kind == kind)

    def component(self, key: str) -> ComponentResult:
        return next(c for c in self.components if c.key == key)
