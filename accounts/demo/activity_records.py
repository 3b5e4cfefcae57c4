"""The records around a relationship, per story: timeline events, Leads, support tickets, advice
given to the customer and seasonal explanations (accounts.md §1.5, §1.9; health.md §1.1)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from accounts.engine.calendar import add_months

from .activity_plan import ContactPlan, NotePlan, Setting, at, label
from .activity_text import OPTIMIZATIONS, RECOMMENDATIONS, SEASONAL_REASONS, TICKET_TOPICS
from .context import DemoContext
from .story import AccountStory
from .vocabulary import ADOPTION_PATHS

# actioned / dismissed / still open two weeks on (S-1), by the account's health arc (demo.usage)
ADVICE_ODDS = {"declining": [25, 15, 60], "cooling": [40, 20, 40]}
TICKETS_A_WEEK = {"small": 0.02, "mid": 0.06, "large": 0.15, "top": 0.3}


@dataclass
class Rendered:
    story: AccountStory
    contacts: list[ContactPlan]
    notes: list[NotePlan]
    events: list[tuple]  # (at, actor, type, payload)
    tickets: list[tuple]  # (opened_at, priority, tags, status, solved_at)
    advice: list[tuple]  # (given_at, given_by, product_key, description, status, actioned_at)
    explanations: list[tuple]  # (starts_on, ends_on, reason, created_by, created_at)
    leads: list[tuple]  # (tam, added_on, deadline, closed_on, outcome)
    setting: Setting
    owner: int | None


def _actor_manager(ctx: DemoContext, region: str) -> int | None:
    managers = ctx.cast.by_role.get("sales_manager", [])
    return managers[min(len(managers) - 1, region == "EU")] if managers else None


def timeline(ctx: DemoContext, r: Rendered, alloc) -> None:
    s, story, rng = r.setting, r.story, ctx.rng("timeline", r.story.index)
    if alloc.owner_id is not None and s.owned_on is not None:
        when = at(rng, s.owned_on, story.region)
        r.events.append((when, _actor_manager(ctx, story.region), "owner_changed",
                         {"from": None, "to": alloc.owner_id}))
        if alloc.overlay_tam_id:
            r.events.append((when + timedelta(days=14), _actor_manager(ctx, story.region), "overlay_changed",
                             {"from": None, "to": alloc.overlay_tam_id}))
    if alloc.new_owner:
        day = ctx.as_of - timedelta(days=rng.randint(1, 20))
        r.events.append((at(rng, day, story.region), None, "new_owner_set", {"new_owner": alloc.new_owner}))


def leads(ctx: DemoContext, r: Rendered, alloc, rng, added: date, arr: float) -> None:
    """SG-2: open Leads for the lead segment; earlier closed ones where a lead became AM Managed."""
    s = r.setting
    rows: list[tuple[int, date, date, date | None, str]] = []
    if alloc.segment == "lead" and alloc.lead_tam_id:
        rows.append((alloc.lead_tam_id, added, add_months(added, 3), None, ""))
    elif alloc.segment == "tam" and alloc.book_tam_id and s.owned_on and rng.random() < 0.3:
        start = max(s.created, s.owned_on - timedelta(days=rng.randint(30, 80)))
        rows.append((alloc.book_tam_id, start, add_months(start, 3), s.owned_on, "added_to_book"))
    elif alloc.segment == "none" and r.story.paying and 5_000 <= arr < 20_000 and rng.random() < 0.15:
        start = max(s.created, ctx.as_of - timedelta(days=rng.randint(120, 500)))
        outcome = rng.choice(["disqualified", "nurturing", "expired"])
        deadline = add_months(start, 3)
        ended = deadline if outcome == "expired" else start + timedelta(days=rng.randint(20, 85))
        if s.region_tam and ended <= ctx.as_of:
            rows.append((s.region_tam, start, deadline, ended, outcome))
    for tam, start, _, closed, outcome in rows:
        r.events.append((at(rng, start, r.story.region), tam, "segment_added",
                         {"segment": "leads", "tam": tam}))
        if closed:
            r.events.append((at(rng, closed, r.story.region), tam, "segment_removed",
                             {"segment": "leads", "tam": tam, "outcome": outcome}))
    r.leads.extend(rows)


def _poisson(rng, mean: float) -> int:
    n, limit, product = 0, 2.718281828459045 ** -mean, rng.random()
    while product > limit:
        n += 1
        product *= rng.random()
    return n


def tickets(ctx: DemoContext, r: Rendered) -> None:
    s, story, rng = r.setting, r.story, ctx.rng("tickets", r.story.index)
    start = max(s.created, ctx.as_of - timedelta(days=364))
    span = (s.end - start).days
    if span < 1:
        return
    days = [start + timedelta(days=rng.randint(0, span)) for _ in range(
        _poisson(rng, TICKETS_A_WEEK[story.tier] * span / 7))]
    if s.live and story.paying and rng.random() < (0.04 if story.tier == "small" else 0.07):
        days += [ctx.as_of - timedelta(days=rng.randint(0, 6)) for _ in range(rng.randint(3, 6))]  # S-7
    days += [n.at.date() for n in r.notes if "data_export_request" in n.tags and rng.random() < 0.5]
    products = story.products_in(len(story.lines) - 1) or [k for k, _ in story.adopted]
    for day in sorted(days):
        opened = at(rng, day, story.region) + timedelta(minutes=rng.randint(0, 59))
        exporting = day in {n.at.date() for n in r.notes if "data_export_request" in n.tags}
        tags = ["data_export_request"] if exporting else [rng.choice(TICKET_TOPICS), rng.choice(products)]
        priority = rng.choices(["urgent", "high", "normal", "low"], weights=[5, 15, 60, 20])[0]
        age = (ctx.as_of - day).days
        status = rng.choices(["solved", "closed"], [6, 4])[0] if age > 10 else rng.choice(
            ["open", "open", "pending", "solved"])
        solved = opened + timedelta(hours=rng.randint(2, 24 * min(8, max(1, age)))) if status in (
            "solved", "closed") else None
        if solved is not None and solved.date() > ctx.as_of:
            solved = opened + timedelta(hours=1)
        r.tickets.append((opened, priority, tags, status, solved))


def advice(ctx: DemoContext, r: Rendered) -> None:
    """Recommendations given to the customer; the older open ones are S-1 (not actioned 2+ weeks)."""
    s, story, rng = r.setting, r.story, ctx.rng("advice", r.story.index)
    if s.segment not in ("tam", "csm", "tae", "lead") or not s.live or s.owned_on is None:
        return
    adopted = {k for k, _ in story.adopted}
    ideas = [k for k in ADOPTION_PATHS[story.use_case] if k not in adopted]
    tune_ups = sorted(adopted & set(OPTIMIZATIONS))
    first = max(s.owned_on, ctx.as_of - timedelta(days=150))
    for _ in range(rng.randint(0, 3) + (s.segment == "tam")):
        day = first + timedelta(days=rng.randint(0, max(0, (ctx.as_of - first).days)))
        given = at(rng, day, story.region)
        tune = bool(tune_ups) and (not ideas or rng.random() < 0.4)
        product = rng.choice(tune_ups if tune else ideas or sorted(adopted))
        status, done = "open", None
        if (ctx.as_of - day).days >= 14:
            odds = ADVICE_ODDS.get(s.usage.arc, [60, 20, 20])
            status = rng.choices(["actioned", "dismissed", "open"], odds)[0]
            if status == "actioned":
                done = given + timedelta(days=rng.randint(3, min(20, (ctx.as_of - day).days)))
        text = OPTIMIZATIONS[product] if tune else rng.choice(RECOMMENDATIONS).format(product=label(product))
        r.advice.append((given, s.primary, product, text, status, done))


def explanations(ctx: DemoContext, r: Rendered) -> None:
    """D-6: the owner records the seasonal dip usage shows (and, some years, last year's too)."""
    plan, s = r.setting.usage, r.setting
    if plan.seasonal_dip is None or not plan.explained:
        return
    rng = ctx.rng("seasonal", r.story.index)
    starts, ends = plan.seasonal_dip
    reason = rng.choice(SEASONAL_REASONS)
    author = s.primary or s.region_tam
    for back in (0, 1):
        first, last = add_months(starts, -12 * back), add_months(ends, -12 * back)
        if back and (first < s.created or rng.random() < 0.5):
            continue
        noted = min(ctx.as_of, max(s.created, first - timedelta(days=10)))
        r.explanations.append((first, last, reason, author, datetime.combine(noted, time(10), tzinfo=UTC)))
