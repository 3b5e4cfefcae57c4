"""The reps behind the books: each TAM's start date, rep plan versions and team memberships.

Per region the team lead comes first and the newest hires last, so every region has what the
ramp and team-quota rules need: a TAM who started this quarter before the 15th (C-10, T-3), one
who started last quarter on or after the 15th (QD-18, QD-19), at scale one whose ramp ends inside
this quarter (C-10's mixed quarter), and one overloaded TAM whose book is being rebalanced (B-2).
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from accounts.demo.context import DemoContext
from accounts.engine.calendar import add_months

from .quarters import Quarters

RAMPING_KINDS = ("new", "ramping", "mixed")
PLAN_COLUMNS = (
    "id", "rep_id", "role", "role_start_date", "ote_annual", "base_pct", "variable_pct",
    "is_team_lead", "team_lead_since", "team_id", "valid_from",
)
TEAM_COLUMNS = ("id", "team_id", "rep_id", "joined_on", "left_on")


@dataclass(frozen=True)
class Tam:
    id: int
    region: str
    team_id: int | None
    start: date
    kind: str  # established, overloaded, or one of RAMPING_KINDS
    is_lead: bool


def _kinds(count: int) -> list[str]:
    kinds = ["established"] * count
    if count >= 2:
        kinds[1] = "overloaded"
    if count >= 3:
        kinds[-1] = "ramping"
    if count >= 4:
        kinds[-2:] = ["ramping", "new"]
    if count >= 6:
        kinds[-3] = "mixed"
    return kinds


def _start(as_of: date, kind: str, rng: random.Random, lead: bool) -> date:
    first = Quarters(as_of).start
    fixed = {
        "new": first + timedelta(days=6),  # before the 15th: its start month is ramp month 1
        "ramping": add_months(first, -1) + timedelta(days=19),  # the 20th: ramps from next month
        "mixed": add_months(first, -2) + timedelta(days=9),  # ramp months run into this quarter
    }
    if kind in fixed:
        return min(as_of, fixed[kind])
    return as_of - timedelta(days=rng.randint(700, 1500) if lead else rng.randint(420, 1400))


def tam_profiles(ctx: DemoContext, leads: set[int]) -> dict[int, Tam]:
    tams = {}
    for region, ids in sorted(ctx.cast.tams_by_region.items()):
        for tam_id, kind in zip(ids, _kinds(len(ids)), strict=True):
            lead = tam_id in leads
            start = _start(ctx.as_of, kind, ctx.rng("quota-rep", tam_id), lead)
            tams[tam_id] = Tam(tam_id, region, ctx.cast.team_of.get(tam_id), start, kind, lead)
    return tams


def plan_rows(ctx: DemoContext, tams: dict[int, Tam], census: Counter):
    """One version from the role start; a lead's 60/40 version from their first full quarter (T-1)."""
    quarter = Quarters(ctx.as_of)
    for tam in tams.values():
        rng = ctx.rng("quota-plan", tam.id)
        band = range(190, 251, 10) if tam.region == "US" else range(140, 191, 10)
        ote = Decimal(rng.choice(band) * 1000 + (30_000 if tam.is_lead else 0))
        head = (tam.id, "tam", tam.start)
        yield (*head, ote, Decimal(50), Decimal(50), False, None, tam.team_id, tam.start)
        if tam.kind in RAMPING_KINDS:
            census["C-10:ramping_tams"] += 1
            census["QD-18:started_on_or_after_15th"] += tam.start.day >= 15
            census["T-3:joined_after_quarter_start"] += tam.start > quarter.start
        if tam.is_lead:
            since = min(tam.start + timedelta(days=rng.randint(200, 400)), ctx.as_of - timedelta(days=200))
            first_full = since if since == Quarters(since).start else Quarters(since).next_start
            census["T-1:team_lead_plans"] += 1
            yield (*head, ote, Decimal(60), Decimal(40), True, since, tam.team_id, first_full)
        elif tam.kind == "established" and rng.random() < 0.4:
            raise_on = date(ctx.as_of.year, 1, 1)
            if raise_on > tam.start:
                census["RepPlan:new_version"] += 1
                yield (*head, ote + 10_000, Decimal(50), Decimal(50), False, None, tam.team_id, raise_on)


def team_rows(ctx: DemoContext, tams: dict[int, Tam]):
    """Everyone in their cast team; the newest TAM moved over from Customer Success (T-3)."""
    cast = ctx.cast
    for user_id, team_id in sorted(cast.team_of.items()):
        tam = tams.get(user_id)
        if tam is None:
            joined = ctx.as_of - timedelta(days=ctx.rng("quota-team", user_id).randint(150, 1300))
            yield (team_id, user_id, joined, None)
            continue
        yield (team_id, user_id, tam.start, None)
        csms = cast.csms_by_region.get(tam.region, [])
        success_team = cast.team_of.get(csms[0]) if csms else None
        if tam.kind == "new" and success_team not in (None, team_id):
            left = tam.start - timedelta(days=1)
            yield (success_team, user_id, left - timedelta(days=540), left)
