"""Daily usage for the demo: AccountDailyMetrics for the last 150 days, shaped by each story.

Event volume follows the story's spend curve: a month's billed total divided by the spend weight
of the products adopted by then recovers the account's underlying level (so adopting a product
adds counters, not events), interpolated between month midpoints so a declining account declines
day by day and a seasonal one dips where its invoices dip. Spikes become a burst of days.
`usage_plan` is pure and shared with `activity` (contacts seen recently agree with
active_users_30d; billing notes give S-5 its context; seasonal explanations cover the dip).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from accounts.engine.calendar import add_months
from accounts.models import AccountDailyMetrics

from .arcs import health_arc
from .context import DemoContext
from .signals import ChunkCensus, usage_signals
from .story import AccountStory, month_starts, spend_curve
from .usage_counters import EVENTS_PER_LEVEL, AccountCounters
from .vocabulary import SPEND_WEIGHT

WINDOW_DAYS = 150
ONE_DAY = timedelta(days=1)
FREE_LEVEL = (3.0, 40.0)  # a free account's would-be spend level
USERS = {"small": (3, 10), "mid": (6, 24), "large": (15, 60), "top": (35, 160)}
# Weekday factors (Monday first): the customer's own traffic, and their staff using PostHog.
TRAFFIC = {
    "B2B": (1.12, 1.14, 1.12, 1.08, 1.0, 0.5, 0.45),
    "B2C": (0.94, 0.95, 0.96, 1.0, 1.06, 1.12, 1.08),
    "B2B and B2C": (1.04, 1.05, 1.04, 1.04, 1.02, 0.8, 0.75),
}
STAFF = (1.2, 1.2, 1.15, 1.1, 0.95, 0.25, 0.2)
COLUMNS = (
    "id", "account_id", "date", "event_count", "active_users_30d", "billing_page_views",
    "insight_dashboard_views", "logins", "warehouse_export_active", "product_usage", "source",
    "imported_at",
)


@dataclass(frozen=True)
class UsagePlan:
    start: date | None  # first day with a row; None: no rows in the window
    end: date | None
    levels: tuple[float, ...]  # per month index, the last one as_of's own month; 0 = no usage
    bursts: tuple[tuple[date, int, float], ...]  # (first day, days, extra level per day)
    users_start: int
    users_end: int  # active_users_30d over the last 30 days
    export_from: date | None  # a warehouse batch export is enabled from this day
    export_only: bool  # S-9: exports, but hardly anyone looks at insights
    billing_spike: bool  # billing page visits in the last 7 days
    billing_context: bool  # a pricing/billing note in the last 30 days (activity writes it)
    seasonal_dip: tuple[date, date] | None  # the latest seasonal dip, as an explanation's range
    explained: bool  # the owner recorded that dip (SeasonalExplanation, D-6)
    # The account's health arc on as_of (health.md §1.3, D-2): "declining" = the late phase of a
    # decline (products dropped, few users left, billing visits); "cooling" = a softer month and
    # fewer users; "" = neither. Activity reads it too (a quieter channel, advice left open).
    arc: str = ""
    abandoned: frozenset[str] = frozenset()  # products whose counters stop from abandon_from
    abandon_from: date | None = None


@lru_cache(maxsize=16)
def _first_month(as_of: date, months: int) -> date:
    return month_starts(as_of, months)[0]


def month_start(ctx: DemoContext, index: int) -> date:
    return add_months(_first_month(ctx.as_of, ctx.months), index)


def month_index(ctx: DemoContext, day: date) -> int:
    first = _first_month(ctx.as_of, ctx.months)
    return (day.year - first.year) * 12 + day.month - first.month


def _levels(ctx: DemoContext, story: AccountStory, rng) -> list[float]:
    months = ctx.months
    shape: list[float | None] = []
    for m in range(months):
        weight = sum(float(SPEND_WEIGHT[k]) for k, s in story.adopted if s <= m and k in SPEND_WEIGHT)
        billed = sum(float(v) for k, v in story.lines[m].items() if k in SPEND_WEIGHT)
        shape.append(billed / weight if weight and billed else None)
    if not any(shape):  # free, or only unbilled products: a curve of its own
        base = rng.uniform(*FREE_LEVEL)
        shape = [base * c for c in spend_curve(rng, story.trajectory, months, story.first_month)]
    last = None
    for m in range(months):  # unbilled gaps take the nearest billed month's level
        last = shape[m] = shape[m] if shape[m] else last
    for m in range(months - 1, -1, -1):
        last = shape[m] = shape[m] if shape[m] else last
    levels = [(shape[m] or 0.0) if story.products_in(m) else 0.0 for m in range(months)]
    levels.append(_forecast(story, levels) if story.products_in(months) else 0.0)
    return levels


def _forecast(story: AccountStory, levels: list[float]) -> float:
    """as_of's own month has no invoice yet: continue the story's shape into it."""
    m = len(levels)
    prev = levels[m - 1]
    if story.trajectory == "seasonal" and m >= 13 and levels[m - 12] and levels[m - 13]:
        return levels[m - 12] * prev / levels[m - 13]
    if story.trajectory == "declining" and m >= 3 and levels[m - 3]:
        # A decline keeps its pace into the month not yet invoiced (health.md CR-2 usage_drop_30).
        return prev * max(0.6, prev / levels[m - 3])
    if story.trajectory == "growing" and m >= 3 and levels[m - 3]:
        return prev * min(1.2, max(0.75, (prev / levels[m - 3]) ** 0.5))
    return prev


def _despike(ctx: DemoContext, levels: list[float], rng) -> list[tuple[date, int, float]]:
    """A month billed at over twice its neighbours was a burst of days, not a month-long high."""
    bursts = []
    for m in range(len(levels) - 1):
        around = sorted(levels[j] for j in (m - 2, m - 1, m + 1, m + 2) if 0 <= j < len(levels) and levels[j])
        if not around or levels[m] <= 2.2 * around[len(around) // 2]:
            continue
        normal = around[len(around) // 2]
        first = month_start(ctx, m)
        days = (month_start(ctx, m + 1) - first).days
        length = rng.randint(6, 10)
        start = first + timedelta(days=rng.randrange(0, days - length))
        bursts.append((start, length, (levels[m] - normal) * days / length))
        levels[m] = normal
    return bursts


def _seasonal_dip(ctx: DemoContext, levels: list[float]) -> tuple[date, date] | None:
    for m in range(len(levels) - 1, 0, -1):
        if levels[m] and levels[m] < 0.8 * levels[m - 1]:
            return month_start(ctx, m) - timedelta(days=16), month_start(ctx, m + 2) - timedelta(days=1)
    return None


_plans: dict[tuple, UsagePlan] = {}


def usage_plan(ctx: DemoContext, story: AccountStory) -> UsagePlan:
    """The story's usage plan; activity and usage both ask, so a chunk's plans are kept (a story
    is a function of seed, index, as_of and months, and so is its plan)."""
    key = (ctx.seed, ctx.as_of, ctx.months, story.index)
    if key not in _plans:
        if len(_plans) > 10_000:
            _plans.clear()
        _plans[key] = _plan(ctx, story)
    return _plans[key]


def _plan(ctx: DemoContext, story: AccountStory) -> UsagePlan:
    rng = ctx.rng("usage-plan", story.index)
    levels = _levels(ctx, story, rng)
    bursts = _despike(ctx, levels, rng)
    window_start = ctx.as_of - timedelta(days=WINDOW_DAYS - 1)
    created = ctx.month_starts[story.first_month]
    start: date | None = max(window_start, created)
    end: date | None = ctx.as_of
    if story.churn_month is not None:
        end = ctx.month_starts[story.churn_month] - timedelta(days=1)
    if start is not None and end is not None and end < start:
        start = end = None

    low, high = USERS[story.tier]
    users_start = rng.randint(low, high)
    trend = {"growing": 1.4, "declining": 0.2, "churned": 0.5, "new": 1.0}.get(story.trajectory, 1.0)
    users_end = max(1, round(users_start * trend * rng.uniform(0.9, 1.1)))
    if story.trajectory == "new":
        users_start = 1
    roll = rng.random()
    if roll < 0.05:
        users_end = rng.choice([1, 2])  # S-3 few active users
    elif roll < 0.075 and story.paying:
        users_end = 0  # S-3 nobody logs in any more, though events still flow

    now = story.products_in(ctx.months)
    export_from, export_only = None, False
    pipelines = next((s for k, s in story.adopted if k == "data_pipelines"), None)
    if "data_pipelines" in now and pipelines is not None:
        di = story.use_case == "data_infrastructure"
        if di or rng.random() < 0.5:
            export_from = max(window_start, month_start(ctx, pipelines))
            export_only = rng.random() < (0.5 if di else 0.15)
    live = bool(now) and end == ctx.as_of
    billing_spike = live and rng.random() < 0.07
    billing_context = rng.random() < (0.5 if billing_spike else 0.1)
    dip = _seasonal_dip(ctx, levels) if story.trajectory == "seasonal" else None
    explained = dip is not None and rng.random() < 0.75
    arc = health_arc(ctx, story, live, now, levels, users_end, billing_spike)
    return UsagePlan(
        start=start,
        end=end,
        levels=tuple(levels),
        bursts=tuple(bursts),
        users_start=users_start,
        users_end=arc.users_end,
        export_from=export_from,
        export_only=export_only,
        billing_spike=arc.billing_spike,
        billing_context=billing_context,
        seasonal_dip=dip,
        explained=explained,
        arc=arc.kind,
        abandoned=arc.abandoned,
        abandon_from=arc.abandon_from,
    )


def _daily_levels(ctx: DemoContext, story: AccountStory, plan: UsagePlan) -> list[float]:
    """The level of each day start … end: linear between month midpoints, held at the edges."""
    assert plan.start is not None and plan.end is not None
    first_m, last_m = month_index(ctx, plan.start), month_index(ctx, plan.end)
    mids = {m: month_start(ctx, m).toordinal() + 14 for m in range(first_m - 1, last_m + 2)}
    starts = {month_start(ctx, m).toordinal(): m for m in range(first_m, last_m + 1)}
    levels = plan.levels
    created = ctx.month_starts[story.first_month].toordinal()
    churn = plan.end.toordinal() if story.churn_month is not None else None
    out = []
    m = first_m
    for ordinal in range(plan.start.toordinal(), plan.end.toordinal() + 1):
        if ordinal in starts:
            m = starts[ordinal]
        here = levels[m]
        other = m - 1 if ordinal < mids[m] else m + 1
        there = levels[other] if 0 <= other < len(levels) else 0.0
        level = here
        if there:
            level += (there - here) * abs(ordinal - mids[m]) / abs(mids[other] - mids[m])
        if ordinal - created < 21:  # onboarding ramp
            level *= 0.3 + 0.7 * (ordinal - created) / 21
        if churn is not None and churn - ordinal < 21:  # winding down before leaving
            level *= 0.35 + 0.65 * (churn - ordinal) / 21
        out.append(level)
    start = plan.start.toordinal()
    for day, length, extra in plan.bursts:
        for ordinal in range(day.toordinal(), day.toordinal() + length):
            if 0 <= ordinal - start < len(out):
                out[ordinal - start] += extra
    return out


def _users(plan: UsagePlan, days: int, as_of_offset: int) -> list[int]:
    """Linear from start to end, then flat over the last 30 days (a 30-day figure)."""
    flat_from = max(0, as_of_offset - 29)
    span = max(1, flat_from)
    return [
        round(plan.users_start + (plan.users_end - plan.users_start) * min(1.0, i / span))
        for i in range(days)
    ]


def account_rows(ctx: DemoContext, story: AccountStory, plan: UsagePlan, ids, stats: Counter):
    """Yield the story's rows (ids drawn from `ids`) and count the signals they exercise."""
    if plan.start is None:
        return
    rng = ctx.rng("usage", story.index)
    levels = _daily_levels(ctx, story, plan)
    days = len(levels)
    offset = (ctx.as_of - plan.start).days  # index of as_of (beyond the rows when churned)
    users = _users(plan, days, offset)
    traffic = TRAFFIC.get(story.business_model, TRAFFIC["B2B and B2C"])
    counters = AccountCounters(story, ctx.rng("usage-counters", story.index), plan.export_from is not None)
    billing = _billing_views(ctx, story, plan, rng, days)
    exports_from = (plan.export_from - plan.start).days if plan.export_from else days
    abandon_at = (plan.abandon_from - plan.start).days if plan.abandon_from else days
    events: list[int] = []
    views: list[int] = []
    account_id, export_only = story.account_id, plan.export_only
    # Each day's row is imported the next morning; as_of's own row this morning, when the run is.
    day, stamp = plan.start, datetime.combine(plan.start + ONE_DAY, time(4), tzinfo=UTC)
    last_import = datetime.combine(ctx.as_of, time(6), tzinfo=UTC)
    weekday, m = day.weekday(), month_index(ctx, day)
    in_use = counters.month(m)
    analytics = "product_analytics" in story.products_in(m)
    for i in range(days):
        if day.day == 1 and i:
            m += 1
            in_use = counters.month(m)
            analytics = "product_analytics" in story.products_in(m)
        noise = 0.9 + 0.2 * rng.random()
        u = rng.random()
        g = traffic[weekday] * noise
        level = levels[i]
        staff = STAFF[weekday] * noise
        # product_analytics is active on event_count > 0 (its ACTIVE_RULE): no events before it is used
        count = int(level * EVENTS_PER_LEVEL * g) + 50 if analytics else 0
        active = users[i]
        view = (1 if i % 13 == 0 and active else 0) if export_only else int(active * 2.5 * staff + u)
        product_usage = {}
        for key, flows, fixed in in_use:
            if i >= abandon_at and key in plan.abandoned:
                continue  # the declining account stopped using it (its plan may still list it)
            values = {n: int((level * r if level * r > lo else lo) * g + u) for n, r, lo in flows}
            values.update(fixed)
            product_usage[key] = values
        events.append(count)
        views.append(view)
        yield (
            next(ids), account_id, day, count, active, billing[i], view, int(active * 0.4 * staff + u),
            i >= exports_from, product_usage, "api", stamp if i < offset else last_import,
        )
        day += ONE_DAY
        stamp += ONE_DAY
        weekday = (weekday + 1) % 7
    recent = {month_index(ctx, ctx.as_of - timedelta(days=29)), month_index(ctx, ctx.as_of)}
    stats.update(usage_signals(ctx, story, plan, (events, views, billing, users), offset, recent))


def _billing_views(ctx: DemoContext, story: AccountStory, plan: UsagePlan, rng, days: int) -> list[int]:
    views = [1 if rng.random() < 0.004 else 0 for _ in range(days)]
    start = plan.start
    assert start is not None
    if plan.billing_spike:
        for back in rng.sample(range(7), rng.randint(2, 4)):
            views[days - 1 - back] += rng.randint(1, 6)
    for first, _, _ in plan.bursts:  # the invoice after a spike sends people to billing
        invoice = month_start(ctx, month_index(ctx, first) + 1)
        for _ in range(rng.randint(2, 3)):
            i = (invoice - start).days + rng.randrange(0, 10)
            if 0 <= i < days:
                views[i] += rng.randint(2, 8)
    return views


_census = ChunkCensus()


def _chunk_rows(ctx: DemoContext, stories: list[AccountStory], plans: list[UsagePlan], stats: Counter, ids):
    for story, plan in zip(stories, plans, strict=True):
        yield from account_rows(ctx, story, plan, ids, stats)


def _row_count(plan: UsagePlan) -> int:
    return 0 if plan.start is None or plan.end is None else (plan.end - plan.start).days + 1


def seed_chunk(ctx: DemoContext, stories: list[AccountStory]) -> None:
    plans = [usage_plan(ctx, s) for s in stories]
    stats: Counter = Counter()
    ids = iter(ctx.ids("accountdailymetrics", sum(map(_row_count, plans))))
    ctx.writer.write(AccountDailyMetrics, COLUMNS, _chunk_rows(ctx, stories, plans, stats, ids))
    _census.put(ctx, stories, stats)


def census(ctx: DemoContext, stories: list[AccountStory]) -> Counter:
    """Accounts whose rows meet each rule on as_of (what seed_chunk counted, else recounted)."""
    held = _census.take(ctx, stories)
    if held is not None:
        return held
    stats: Counter = Counter()
    plans = [usage_plan(ctx, s) for s in stories]
    for _ in _chunk_rows(ctx, stories, plans, stats, iter(range(1, 1 << 62))):
        pass
    return stats
