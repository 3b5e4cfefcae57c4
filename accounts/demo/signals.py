"""What the demo's usage rows meet on as_of, rule by rule, and the per-chunk census hand-off.

The checks read the numbers the rows were written from, with the health rules' own windows
(health.md S-2, S-3, S-5, S-8, S-9, CR-2 usage_drop_30, D-6, D-9), so the census is honest.
"""

from collections import Counter
from itertools import pairwise

from accounts.engine.usage import ACTIVE_RULES

from .context import DemoContext
from .story import AccountStory


def usage_signals(
    ctx: DemoContext, story: AccountStory, plan, rows: tuple[list[int], ...], offset: int, recent: set[int]
) -> Counter:
    """Rules met on as_of by one account's rows: `rows` = (events, dashboard views, billing views,
    active users) day by day, `offset` = as_of's index in them, `recent` = the month indexes the
    trailing 30 days touch."""
    events, views, billing, users = rows
    found: Counter = Counter()
    if offset != len(events) - 1:  # churned in the window: no row on as_of
        return found
    explained = plan.explained and plan.seasonal_dip is not None and (
        plan.seasonal_dip[0] <= ctx.as_of <= plan.seasonal_dip[1]
    )
    if users[-1] == 0 and story.paying:
        found["S-3:no_active_users"] += 1
    elif 1 <= users[-1] <= 2:
        found["S-3:few_active_users"] += 1
    if sum(billing[-7:]) >= 1 and not plan.billing_context:
        found["S-5"] += 1
    if plan.export_from is not None and sum(views[-30:]) < 5:
        found["S-9"] += 1
        if all(sum(views[max(0, i - 29): i + 1]) < 5 for i in range(len(views) - 30, len(views))):
            found["CR-2:not_source_of_truth"] += 1  # D-9: S-9 open for 30 days
    products = _products_used_30d(story, recent) - plan.abandoned
    if len(products) == 1:
        found["S-8"] += 1
    if len(events) >= 63:
        last, prior = sum(events[-28:]), sum(events[-56:-28])
        sunday = len(events) - 1 - (ctx.as_of.weekday() + 1) % 7
        weeks = [sum(events[sunday - 6 - 7 * k: sunday + 1 - 7 * k]) for k in range(4, -1, -1)]
        falling = sum(1 for a, b in pairwise(weeks) if b < a)
        dipping = last <= 0.9 * prior and falling >= 3
        if dipping:
            found["D-6" if explained else "S-2"] += 1
    windows = [events[max(0, len(events) - 30 * (k + 1)): len(events) - 30 * k] for k in range(4)]
    baseline = [sum(w) for w in windows[1:] if w]
    if baseline and not explained:
        mean = sum(baseline) / len(baseline)
        if mean > 0 and (mean - sum(windows[0])) / mean >= 0.3:
            found["CR-2:usage_drop_30"] += 1
    return found


NOT_COUNTED = frozenset({"person_profiles", "teams_addon"})  # counts_for_adoption = false


def _products_used_30d(story: AccountStory, recent: set[int]) -> set[str]:
    used = {k for m in recent for k in story.products_in(m)} - NOT_COUNTED
    if not (story.paying and "group_analytics" in story.lines[-1]):
        used.discard("group_analytics")  # needs the add-on plan as well as groups
    return {k for k in used if k in ACTIVE_RULES}


class ChunkCensus:
    """What seed_chunk counted, held until census() asks for the same chunk."""

    def __init__(self) -> None:
        self._held: dict[tuple[int, int, int], Counter] = {}

    def put(self, ctx: DemoContext, stories: list[AccountStory], counts: Counter) -> None:
        self._held = {self._key(ctx, stories): counts}

    def take(self, ctx: DemoContext, stories: list[AccountStory]) -> Counter | None:
        return self._held.pop(self._key(ctx, stories), None)

    @staticmethod
    def _key(ctx, stories) -> tuple[int, int, int]:
        return id(ctx), stories[0].index if stories else -1, len(stories)



