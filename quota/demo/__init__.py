"""The quota app's part of `seed_demo`: rep plans, team memberships and the books of business.

`seed_static` writes the reps' plans and teams; `seed_chunk` writes each story's
BookMemberships (every AM Managed account has its open one, plus the history around it);
`census` counts the accounts each targeted rule id has, and on the last chunk the TAMs that
reach the caps (B-2, B-3). Dates come from the stories and the as-of date, never the clock.
"""

from collections import Counter
from decimal import Decimal

from accounts.demo import account_allocation
from accounts.demo.commercial import mrr_for_month
from accounts.demo.context import DemoContext
from accounts.demo.story import AccountStory, money
from accounts.models import LeadMembership, User
from quota.models import BookMembership, RepPlan, TeamMembership

from . import books
from .people import PLAN_COLUMNS, TEAM_COLUMNS, plan_rows, tam_profiles, team_rows

SOFT_CAP, HARD_CAP = 15, 25  # QD-22: warn above 15; AM Managed + Leads at 25 blocks a 26th
LEAD_PAUSE_ACCOUNTS, LEAD_PAUSE_ARR = 15, Decimal("1500000")  # B-3
STATE = "quota_demo"  # the per-run state kept on the context between chunks


def _state(ctx: DemoContext) -> books.BookState:
    return vars(ctx)[STATE]


def _with_ids(ctx: DemoContext, table: str, rows: list[tuple]):
    return ((pk, *row) for pk, row in zip(ctx.ids(table, len(rows)), rows, strict=True))


def seed_static(ctx: DemoContext) -> None:
    leads = set(User.objects.filter(role="tam", is_team_lead=True).values_list("id", flat=True))
    managers: list[int | None] = list(
        User.objects.filter(role="sales_manager").order_by("id").values_list("id", flat=True)
    )
    tams = tam_profiles(ctx, leads)
    state = books.BookState(
        tams=tams, managers=managers or [None], month_starts=ctx.month_starts, as_of=ctx.as_of
    )
    vars(ctx)[STATE] = state
    plans = list(plan_rows(ctx, tams, state.static_census))
    ctx.writer.write(RepPlan, PLAN_COLUMNS, _with_ids(ctx, "repplan", plans))
    teams = list(team_rows(ctx, tams))
    ctx.writer.write(TeamMembership, TEAM_COLUMNS, _with_ids(ctx, "teammembership", teams))


def seed_chunk(ctx: DemoContext, stories: list[AccountStory]) -> None:
    state = _state(ctx)
    state.census = Counter()
    rows = []
    for story in stories:
        arr = money(mrr_for_month(story, len(story.lines) - 1) * 12)  # the account's arr (D-4)
        rng = ctx.rng("quota-book", story.index)
        members = books.memberships(state, story, account_allocation(ctx, story), arr, rng)
        values = [books.row(state, story, m, rng) for m in members]
        rows += _with_ids(ctx, "bookmembership", values)
        for m in members:
            if m.open:
                state.open_count[m.tam] += 1
                state.open_arr[m.tam] += arr
        state.census.update(books.census_keys(members, values, ctx.as_of))
    ctx.writer.write(BookMembership, books.COLUMNS, rows)


def census(ctx: DemoContext, stories: list[AccountStory]) -> Counter:
    state = _state(ctx)
    counts = Counter(state.census)
    if not stories or stories[-1].index != ctx.accounts - 1:
        return counts
    leads = Counter(LeadMembership.objects.filter(closed_on__isnull=True).values_list("tam_id", flat=True))
    for tam_id in state.tams:
        book, arr = state.open_count[tam_id], state.open_arr[tam_id]
        counts["quota.B-2:tams_over_15"] += book > SOFT_CAP
        counts["quota.B-2:tams_at_hard_cap_25"] += book + leads[tam_id] >= HARD_CAP
        counts["quota.B-3:tams_lead_paused"] += book >= LEAD_PAUSE_ACCOUNTS or arr >= LEAD_PAUSE_ARR
    counts.update(state.static_census)
    return +counts


def recompute(ctx: DemoContext) -> None:
    """The sales manager sets this and last quarter's quotas (Q-14), then the real recompute runs
    for both quarters as of the demo's date, so the tracker shows the current quarter."""
    from quota.engine import Quarter
    from quota.models import RunTrigger
    from quota.services import quota_recompute, quota_set

    current = Quarter.containing(ctx.as_of)
    manager = User.objects.filter(role="sales_manager").order_by("id").first()
    plans = RepPlan.objects.select_related("rep").order_by("rep_id", "valid_from")
    for quarter in (current.previous, current):
        in_force: dict[int, RepPlan] = {}
        for plan in plans:
            if plan.valid_from <= quarter.last_day:
                in_force[plan.rep_id] = plan
        for plan in in_force.values():
            quota_set(
                rep=plan.rep,
                quarter=quarter,
                amount=demo_quota(plan),
                reason="Demo: quarterly quota from OTE",
                today=ctx.as_of,
                acting_user=manager,
            )
    for quarter in (current.previous, current):
        quota_recompute(quarter=quarter, today=ctx.as_of, trigger=RunTrigger.DEMO)


def demo_quota(plan: RepPlan) -> Decimal:
    """A quota that depends on OTE (How we work): 1.25 x OTE, to the nearest 10,000; a team lead's
    individual quota is a quarter of that (T-1: about 20% IC work)."""
    full = plan.ote_annual * Decimal("1.25")
    if plan.is_team_lead:
        full = full / 4
    return (full / 10_000).quantize(Decimal("1")) * 10_000
