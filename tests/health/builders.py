# ruff: noqa: RUF002, RUF003  (the contract writes its rules with – − × signs)
"""Engine fact builders for the health tests: a steady account, then one thing changed."""

from datetime import date, timedelta
from decimal import Decimal

from accounts.health.engine import (
    ContactFact,
    HealthFacts,
    NoteFact,
    RecommendationFact,
    SeasonalFact,
    SharedChannelFact,
)

AS_OF = date(2025, 6, 15)  # a Sunday: its own ISO week is complete (contracts.md decision 5)


def days_back(n: int, as_of: date = AS_OF) -> date:
    return as_of - timedelta(days=n)


def steady(per_day: int = 1000, days: int = 150, as_of: date = AS_OF) -> dict[date, int]:
    return {days_back(n, as_of): per_day for n in range(days)}


def with_last30(total: int, per_day: int = 1000, as_of: date = AS_OF) -> dict[date, int]:
    """Three baseline windows of `per_day` × 30 each, and exactly `total` events in the last 30."""
    events = steady(per_day, 150, as_of)
    share, rest = divmod(total, 30)
    for n in range(30):
        events[days_back(n, as_of)] = share + (rest if n == 29 else 0)
    return events


def weekly(values_oldest_first: list[int], base: int = 1000, as_of: date = AS_OF) -> dict[date, int]:
    """`base` a day for 150 days, then the last len(values) complete ISO weeks at those per-day
    values (oldest first); as_of must be a Sunday."""
    events = steady(base, 150, as_of)
    for index, value in enumerate(reversed(values_oldest_first)):
        for day in range(7):
            events[days_back(7 * index + day, as_of)] = value
    return events


def facts(**overrides) -> HealthFacts:
    """A healthy account (score 100) unless overridden."""
    values = dict(
        as_of=AS_OF,
        event_counts=steady(),
        active_users_30d=12,
        products_used_30d=frozenset({"product_analytics", "session_replay", "feature_flags", "surveys"}),
        insight_dashboard_views_30d=40,
        arr=Decimal("48000.00"),
    )
    values.update(overrides)
    return HealthFacts(**values)


def note(days_ago: int, direction: str = "inbound", tags=(), contacts=()) -> NoteFact:
    return NoteFact(days_back(days_ago), direction, frozenset(tags), tuple(contacts))


def contact(status: str = "active", *roles: str) -> ContactFact:
    return ContactFact(frozenset(roles or ("champion",)), status)


def recommendation(days_ago: int, status: str = "open") -> RecommendationFact:
    return RecommendationFact(days_back(days_ago), status)


def channel(created_days_ago: int, message_days_ago: int | None) -> SharedChannelFact:
    return SharedChannelFact(
        days_back(created_days_ago), None if message_days_ago is None else days_back(message_days_ago)
    )


def seasonal(starts_days_ago: int, ends_days_ago: int, reason: str = "summer") -> SeasonalFact:
    return SeasonalFact(days_back(starts_days_ago), days_back(ends_days_ago), reason)
