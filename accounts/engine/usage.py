"""Trailing usage windows and product activity, computed from AccountDailyMetrics rows.

Window convention (contracts.md, health preview): a window of N days ending on `as_of` includes
`as_of` and reaches back N - 1 days, i.e. `as_of - (N-1)` … `as_of`. A row dated exactly
`as_of - 30` is therefore outside the trailing 30 days; one dated `as_of - 29` is inside. Rows
dated after `as_of` are never counted.

`product_usage` on a row maps a contracts.md product key to that day's counters, named as
crosssell.md's AccountFacts usage fields without their window suffix (`recordings_captured`,
`flag_requests`, `experiment_page_views` …). Most counters are flows (summed over a window); a
few are levels read from the feed on each day (`active_flags`, `group_count` …): over a window a
level is the value of the latest row that reports it.

"Active" follows crosssell.md's catalogue column "active =": a product is active when its rule's
counters are > 0 within its window (30 days, experiments 90). The spec README's
`products_used_30d` is `active_products()` restricted to the `counts_for_adoption` keys.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

EVENT_COUNT = "event_count"  # a rule counter naming the row's own (deduplicated) event total
WINDOW_DAYS = (7, 28, 30)

# Counters each product may carry in `product_usage`; the import accepts these and no others.
PRODUCT_COUNTERS: Mapping[str, tuple[str, ...]] = {
    "product_analytics": (
        "insights_created", "hogql_queries", "anonymous_events",
        "dashboards_shared_with_3plus", "signup_checkout_funnels",
    ),
    "web_analytics": ("web_analytics_dashboard_views", "web_analytics_page_views"),
    "marketing_analytics": ("ad_sources_connected", "marketing_analytics_views"),
    "session_replay": (
        "recordings_captured", "recordings_analysed", "replay_views_error_filtered",
        "replay_views_flag_filtered", "replay_console_network",
    ),
    "feature_flags": ("flag_requests", "flags_created", "active_flags"),
    "experiments": ("experiments_launched", "experiments_running", "experiment_page_views"),
    "surveys": ("active_surveys", "survey_responses"),
    "error_tracking": ("exceptions_captured", "alerts_on_exceptions", "insights_on_exceptions"),
    "logs": ("log_lines",),
    "llm_observability": ("llm_events", "eval_runs"),
    "posthog_ai": ("ai_conversations",),
    "data_warehouse": ("rows_synced", "external_data_schemas", "insights_on_warehouse_tables"),
    "data_pipelines": ("batch_export_rows", "realtime_destination_events", "running_batch_exports"),
    "workflows": ("active_workflows", "workflow_runs"),
    "group_analytics": ("group_count",),
    "person_profiles": ("identified_events", "person_profile_lookups"),
    "revenue_analytics": ("revenue_sources_connected",),
}

# Levels, not flows: summing them over days would be meaningless.
LEVEL_COUNTERS: frozenset[tuple[str, str]] = frozenset({
    ("product_analytics", "dashboards_shared_with_3plus"),
    ("product_analytics", "signup_checkout_funnels"),
    ("marketing_analytics", "ad_sources_connected"),
    ("feature_flags", "active_flags"),
    ("experiments", "experiments_running"),
    ("surveys", "active_surveys"),
    ("error_tracking", "alerts_on_exceptions"),
    ("error_tracking", "insights_on_exceptions"),
    ("data_warehouse", "external_data_schemas"),
    ("data_warehouse", "insights_on_warehouse_tables"),
    ("data_pipelines", "running_batch_exports"),
    ("workflows", "active_workflows"),
    ("group_analytics", "group_count"),
    ("revenue_analytics", "revenue_sources_connected"),
})


@dataclass(frozen=True)
class ActiveRule:
    """crosssell.md catalogue "active =" for one product, as counters over a trailing window."""

    counters: tuple[str, ...]  # the product's own counters, or EVENT_COUNT
    require_all: bool = False  # False: any counter > 0 suffices; True: every one must be > 0
    days: int = 30
    needs_plan: bool = False  # "plan active": the account also pays for the product


ACTIVE_RULES: Mapping[str, ActiveRule] = {
    "product_analytics": ActiveRule((EVENT_COUNT,)),  # "analytics events ingested > 0"
    "web_analytics": ActiveRule(("web_analytics_dashboard_views",)),
    "marketing_analytics": ActiveRule(
        ("ad_sources_connected", "marketing_analytics_views"), require_all=True
    ),
    "session_replay": ActiveRule(("recordings_captured",)),
    "feature_flags": ActiveRule(("flag_requests",)),
    "experiments": ActiveRule(("experiments_launched", "experiments_running"), days=90),
    "surveys": ActiveRule(("active_surveys", "survey_responses")),
    "error_tracking": ActiveRule(("exceptions_captured",)),
    "logs": ActiveRule(("log_lines",)),
    "llm_observability": ActiveRule(("llm_events",)),
    "posthog_ai": ActiveRule(("ai_conversations",)),
    "data_warehouse": ActiveRule(("rows_synced",)),
    "data_pipelines": ActiveRule(("batch_export_rows", "realtime_destination_events")),
    "workflows": ActiveRule(("active_workflows",)),
    "group_analytics": ActiveRule(("group_count",), needs_plan=True),
    "person_profiles": ActiveRule(("identified_events",)),
    "revenue_analytics": ActiveRule(("revenue_sources_connected",)),
}


@dataclass(frozen=True)
class DayUsage:
    """One AccountDailyMetrics row, as the engine sees it."""

    date: date
    event_count: int = 0
    active_users_30d: int = 0
    billing_page_views: int = 0
    insight_dashboard_views: int = 0
    logins: int = 0
    warehouse_export_active: bool = False
    product_usage: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def counter(self, product_key: str, name: str) -> int:
        if name == EVENT_COUNT:
            return self.event_count
        return int(self.product_usage.get(product_key, {}).get(name, 0))


@dataclass(frozen=True)
class UsageWindow:
    """Usage over `start` … `end` (both included)."""

    start: date
    end: date
    days_with_data: int = 0
    event_count: int = 0
    billing_page_views: int = 0
    insight_dashboard_views: int = 0
    logins: int = 0
    active_users_30d: int = 0  # the latest row's: it is already a 30-day figure
    warehouse_export_active: bool = False  # the latest row's
    product_usage: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return self.days_with_data > 0

    def counter(self, product_key: str, name: str) -> int:
        if name == EVENT_COUNT:
            return self.event_count
        return int(self.product_usage.get(product_key, {}).get(name, 0))


def window_bounds(as_of: date, days: int) -> tuple[date, date]:
    """The first and last day of the trailing `days`-day window ending on `as_of`."""
    if days < 1:
        raise ValueError("days: a window has at least one day")
    return as_of - timedelta(days=days - 1), as_of


def in_window(day: date, as_of: date, days: int) -> bool:
    start, end = window_bounds(as_of, days)
    return start <= day <= end


def summarise(rows: Iterable[DayUsage], start: date, end: date) -> UsageWindow:
    """Totals of the rows dated `start` … `end`; flows are summed, levels and 30-day figures are
    the latest row's."""
    inside = sorted((r for r in rows if start <= r.date <= end), key=lambda r: r.date)
    flows: dict[str, dict[str, int]] = {}
    levels: dict[str, dict[str, int]] = {}
    for row in inside:
        for product_key, counters in row.product_usage.items():
            for name, value in counters.items():
                if (product_key, name) in LEVEL_COUNTERS:
                    levels.setdefault(product_key, {})[name] = int(value)
                else:
                    bucket = flows.setdefault(product_key, {})
                    bucket[name] = bucket.get(name, 0) + int(value)
    for product_key, counters in levels.items():
        flows.setdefault(product_key, {}).update(counters)
    latest = inside[-1] if inside else None
    return UsageWindow(
        start=start,
        end=end,
        days_with_data=len(inside),
        event_count=sum(r.event_count for r in inside),
        billing_page_views=sum(r.billing_page_views for r in inside),
        insight_dashboard_views=sum(r.insight_dashboard_views for r in inside),
        logins=sum(r.logins for r in inside),
        active_users_30d=latest.active_users_30d if latest else 0,
        warehouse_export_active=latest.warehouse_export_active if latest else False,
        product_usage=flows,
    )


def trailing(rows: Iterable[DayUsage], as_of: date, days: int) -> UsageWindow:
    return summarise(rows, *window_bounds(as_of, days))


def trailing_windows(
    rows: Iterable[DayUsage], as_of: date, days: int, count: int
) -> list[UsageWindow]:
    """`count` back-to-back windows of `days` days, the last ending on `as_of`; oldest first.

    health.md D-5's baseline is windows 2-4 of `trailing_windows(rows, as_of, 30, 4)`.
    """
    rows = list(rows)
    windows = []
    for back in range(count - 1, -1, -1):
        end = as_of - timedelta(days=days * back)
        windows.append(trailing(rows, end, days))
    return windows


def weekly_series(
    rows: Iterable[DayUsage], as_of: date, weeks: int, include_current: bool = False
) -> list[UsageWindow]:
    """ISO weeks (Monday-Sunday), oldest first.

    Without `include_current` the series ends with the last complete week (its Sunday ≤ `as_of`),
    as crosssell.md's `events_weekly`; with it, the last entry is the week holding `as_of`, cut at
    `as_of`.
    """
    rows = list(rows)
    current_monday = as_of - timedelta(days=as_of.weekday())
    if include_current or as_of.weekday() == 6:
        last_monday = current_monday
    else:
        last_monday = current_monday - timedelta(days=7)
    series = []
    for back in range(weeks - 1, -1, -1):
        monday = last_monday - timedelta(days=7 * back)
        series.append(summarise(rows, monday, min(monday + timedelta(days=6), as_of)))
    return series


def monthly_series(
    rows: Iterable[DayUsage], as_of: date, months: int, include_current: bool = False
) -> list[UsageWindow]:
    """Calendar months, oldest first; like `weekly_series`, complete months unless
    `include_current` (a month is complete when its last day ≤ `as_of`)."""
    rows = list(rows)
    next_day = as_of + timedelta(days=1)
    month_complete = next_day.month != as_of.month
    last_first = as_of.replace(day=1)
    if not (include_current or month_complete):
        last_first = (last_first - timedelta(days=1)).replace(day=1)
    firsts = [last_first]
    while len(firsts) < months:
        firsts.append((firsts[-1] - timedelta(days=1)).replace(day=1))
    series = []
    for first in reversed(firsts):
        following = (first + timedelta(days=32)).replace(day=1)
        series.append(summarise(rows, first, min(following - timedelta(days=1), as_of)))
    return series


def max_rule_days(product_keys: Iterable[str]) -> int:
    """How far back `active_products` looks for these keys (so a loader fetches enough rows)."""
    return max((ACTIVE_RULES[k].days for k in product_keys if k in ACTIVE_RULES), default=30)


def is_active(
    rule: ActiveRule, product_key: str, rows: Iterable[DayUsage], as_of: date, paying: bool
) -> bool:
    if rule.needs_plan and not paying:
        return False
    start, end = window_bounds(as_of, rule.days)  # once, not per row: the nightly health run calls this a lot
    window = [r for r in rows if start <= r.date <= end]
    hits = [any(r.counter(product_key, name) > 0 for r in window) for name in rule.counters]
    return all(hits) if rule.require_all else any(hits)


def active_products(
    rows: Iterable[DayUsage],
    as_of: date,
    product_keys: Iterable[str],
    paying_products: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The keys among `product_keys` whose catalogue rule is met as of `as_of`.

    A key without a usage rule (packages, the Teams add-on: "subscription active") is never
    active from usage.
    """
    rows = list(rows)
    return frozenset(
        key
        for key in product_keys
        if key in ACTIVE_RULES
        and is_active(ACTIVE_RULES[key], key, rows, as_of, key in paying_products)
    )


def product_usage_problems(
    value: object, known_product_keys: frozenset[str]
) -> list[tuple[str, str]]:
    """(field, message) for every problem in a `product_usage` mapping, fields named as the
    import's flattened columns (`product_usage.<product_key>.<counter>`)."""
    if not isinstance(value, Mapping):
        return [("product_usage", "must be an object of product key → counters.")]
    problems: list[tuple[str, str]] = []
    for product_key, counters in value.items():
        where = f"product_usage.{product_key}"
        if product_key not in known_product_keys:
            problems.append((where, f"unknown product key {product_key!r}."))
            continue
        allowed = PRODUCT_COUNTERS.get(product_key, ())
        if not allowed:
            problems.append((where, f"{product_key} has no usage counters."))
            continue
        if not isinstance(counters, Mapping):
            problems.append((where, "must be an object of counter → count."))
            continue
        for name, count in counters.items():
            if name not in allowed:
                problems.append((
                    f"{where}.{name}",
                    f"unknown counter {name!r} for {product_key} (known: {', '.join(allowed)}).",
                ))
            elif isinstance(count, bool) or not isinstance(count, int):
                problems.append((f"{where}.{name}", "must be a whole number."))
            elif count < 0:
                problems.append((f"{where}.{name}", "must not be negative."))
    return problems
