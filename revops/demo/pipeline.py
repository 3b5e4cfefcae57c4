"""Opportunities without a contract: cross-sells along the adoption path, and new business.

A cross-sell (crosssell.md OPP-1…OPP-6) targets the next product of the story's adoption path
that the account does not use yet; a won one is a product the story did adopt, closed after its
first full month above $100 (OPP-3), or still open and ready to close when that month's invoice
is not out yet (OPP-4). New Revenue is a TAE's: won for the new accounts TAEs own, open or lost
for free prospects.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from accounts.demo.story import AccountStory, money
from accounts.demo.vocabulary import ADOPTION_PATHS
from accounts.engine.calendar import add_months

from .records import Records, at

WON_FLOOR = Decimal("100.00")  # OPP-3: "paying ≥$100/month on the product"
FALLBACK_TARGETS = ("session_replay", "feature_flags", "error_tracking", "surveys", "data_warehouse")
LOST_CROSS_SELL = {
    "privacy_compliance": "Legal would not approve recording sessions in the EU yet.",
    "already_in_house_or_other_tool": "They keep their existing tool until its contract ends.",
    "own_data_warehouse": "Their data team prefers to query their own warehouse.",
    "no_time_or_resources": "No engineer free to implement this quarter.",
    "not_budgeted": "Not in this year's budget; revisit at planning.",
    "champion_not_decision_maker": "Our champion could not get the VP to sponsor it.",
    "no_clear_use_case": "Could not agree a use case worth the rollout.",
    "unresponsive": "No reply after the demo and two follow-ups.",
    "other": "Acquired mid-evaluation; the parent company decides tooling now.",
}
MOTION = {
    "discovery": "Discovery call booked with the {team} team about {product}.",
    "demo": "Demo of {product} on their own data for the {team} team.",
    "trial": "Trial of {product} with agreed success criteria and a weekly check-in.",
    "closed_won": "Ran a trial of {product}; it is now on their invoice.",
    "closed_lost": "Pitched {product} after the quarterly review.",
}
TEAMS = ("product", "growth", "engineering", "data", "support")
BUSINESS_OPEN = ["problem_agreement", "solution_agreement", "priority_agreement", "commercial_agreement",
                 "vendor_approval"]


def _use_case_of(product: str, story: AccountStory) -> str:
    if product in ADOPTION_PATHS[story.use_case]:
        return story.use_case
    return next((uc for uc, path in ADOPTION_PATHS.items() if product in path), "")


def _precheck(rng: random.Random) -> dict:
    """OPP-6's five answers; a warning is a False, never a block."""
    keys = ("active_relationship", "understands_product", "no_major_open_issues", "no_renewal_risk",
            "clear_path_to_people")
    return {key: rng.random() < 0.88 for key in keys}


def cross_sells(rec: Records, ctx, story: AccountStory, owner: int | None, products: frozenset, rng) -> None:
    months, as_of = len(story.lines), ctx.as_of
    first = rec.month_starts[story.first_month]
    adopted = {key for key, _ in story.adopted}
    path = [k for k in ADOPTION_PATHS[story.use_case] if k not in adopted and k in products]
    targets = path + [k for k in FALLBACK_TARGETS if k not in adopted and k not in path and k in products]

    def add(target: str, stage: str, created: date, closed=None, **extra) -> None:
        team = rng.choice(TEAMS)
        rec.opportunity(
            story, record_type="new_revenue_existing_customer", stage=stage, owner=owner, created=at(created),
            expected_close=created + timedelta(days=90), closed=closed, target=target,
            use_case=_use_case_of(target, story), precheck=_precheck(rng),
            motion_note=MOTION[stage].format(team=team, product=target.replace("_", " ").title()), **extra,
        )

    for key, start in story.adopted[1:]:
        paid = next((m for m in range(start, months) if story.lines[m].get(key, 0) >= WON_FLOOR), None)
        if key not in products or start <= story.first_month or start < months - 9 or paid is None:
            continue
        if rng.random() < 0.5:  # OPP-2: spontaneous adoption gets no retroactive opportunity
            continue
        created = max(first, rec.month_starts[start] - timedelta(days=rng.randint(15, 45)))
        closes = add_months(rec.month_starts[paid], 1) + timedelta(days=rng.randint(1, 5))
        mrr = money(story.lines[paid][key])
        discovery = at(created + timedelta(days=rng.randint(0, 3)), 15)
        if closes <= as_of:
            add(key, "closed_won", created, at(closes, 12), expected_mrr=mrr, discovery_at=discovery)
        else:  # paying already, this month's invoice not out yet: ready to close as Won (OPP-4)
            add(key, "trial", created, expected_mrr=mrr, discovery_at=discovery, trial_poc=True)
            rec.keys.add("OPP-4:ready_to_close")
    open_count = 3 if rng.random() < 0.1 else rng.choice([1, 1, 2])  # three open: OPP-6's warning
    for target in targets[:open_count]:
        stage = rng.choices(["discovery", "demo", "trial"], weights=[4, 3, 2])[0]
        created = max(first, as_of - timedelta(days=rng.randint(3, 80)))
        poc = stage == "trial" and rng.random() < 0.5
        small = poc and rng.random() < 0.3  # under $100 only as part of a trial/POC (OPP-1)
        mrr = Decimal("60.00") if small else Decimal(rng.randrange(100, 2500, 10))
        skipped = stage != "discovery" and rng.random() < 0.3
        add(target, stage, created, expected_mrr=mrr, trial_poc=poc,
            discovery_at=None if skipped else at(created, 11))
        if small:
            rec.keys.add("OPP-1:trial_poc_under_100")
    if open_count > 2 and len(targets) > 2:
        rec.keys.add("OPP-6:more_than_2_open")
    lost = targets[open_count:open_count + 1]
    if lost and rng.random() < 0.35:
        created = max(first, as_of - timedelta(days=rng.randint(150, 400)))
        closed = min(as_of, created + timedelta(days=rng.randint(20, 90)))
        reason = rng.choice(sorted(LOST_CROSS_SELL))
        add(lost[0], "closed_lost", created, at(closed, 16), discovery_at=at(created, 11),
            expected_mrr=Decimal(rng.randrange(100, 1500, 10)), lost_reason=reason,
            lost_note=LOST_CROSS_SELL[reason])
        rec.keys.add("OPP-3:closed_lost_documented")
    if targets or story.adopted[1:]:
        rec.keys.add("OPP-1:cross_sell")


def won_new_business(rec: Records, ctx, story: AccountStory, owner: int | None, rng) -> None:
    """A TAE's New Revenue, won just before the account's first invoiced month."""
    first = rec.month_starts[story.first_month]
    closed = first - timedelta(days=rng.randint(1, 10))
    rec.opportunity(
        story, record_type="new_revenue", stage="closed_won", owner=owner,
        created=at(closed - timedelta(days=rng.randint(25, 70))), expected_close=closed,
        closed=at(closed, 15),
    )


def prospect(rec: Records, ctx, story: AccountStory, owner: int | None, rng) -> None:
    """New Revenue for a free account: somewhere in the pipeline, or lost."""
    stage = rng.choices([*BUSINESS_OPEN, "closed_lost"], weights=[3, 2, 2, 1, 1, 3])[0]
    created = max(rec.month_starts[story.first_month], ctx.as_of - timedelta(days=rng.randint(5, 150)))
    closed = None
    if stage == "closed_lost":
        closed = at(min(ctx.as_of, created + timedelta(days=rng.randint(20, 80))), 14)
    rec.opportunity(
        story, record_type="new_revenue", stage=stage, owner=owner, created=at(created),
        expected_close=created + timedelta(days=90), closed=closed,
        lost_reason=rng.choice(["no_clear_use_case", "not_budgeted", "unresponsive"]) if closed else "",
        lost_note="Free plan covers their needs for now." if closed else "",
    )
