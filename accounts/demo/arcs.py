"""Each demo account's health arc on as_of (issue 17): what makes the demo's Good / Fair / Poor
spread believable (health.md §1.3, D-2), decided from a random stream of its own so every other
draw of the usage plan is unchanged. No rows, no clock: a function of the story and the seed."""

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.engine.usage import ACTIVE_RULES

from .context import DemoContext
from .story import AccountStory

COOLING = {"steady": 0.5, "spiky": 0.4, "growing": 0.3}  # share of live accounts that cool


@dataclass(frozen=True)
class Arc:
    kind: str
    users_end: int
    billing_spike: bool
    abandoned: frozenset[str] = frozenset()
    abandon_from: date | None = None


def health_arc(ctx: DemoContext, story: AccountStory, live: bool, now: list[str], levels: list[float],
         users_end: int, billing_spike: bool) -> Arc:
    """The account's health on as_of, from a stream of its own (the other draws are unchanged).

    A declining account in its late phase has lost what the score measures (D-2's Poor): it
    keeps product analytics and at most one other product (S-8), a handful of users (S-3), its
    current month falls further (usage_drop_30) and someone has been looking at billing (S-5).
    A cooling one has had a softer month (usage 10-30 % down) and fewer users: Fair, with the
    signals that say why. `levels` is edited in place (its last entry is as_of's own, uninvoiced
    month).
    """
    rng = ctx.rng("health-arc", story.index)
    if not live:
        return Arc("", users_end, billing_spike)
    if story.trajectory == "declining":
        others = [
            k for k in now if k in ACTIVE_RULES and ACTIVE_RULES[k].days <= 30 and k != "product_analytics"
        ]
        levels[-1] *= rng.uniform(0.55, 0.8)  # the month not yet invoiced falls further (d ≥ 30)
        keep = rng.choice((0, 0, 0, 1))
        if "product_analytics" not in now:
            keep = max(keep, 1)
        return Arc(
            "declining",
            users_end=min(users_end, rng.randint(1, 4)),
            billing_spike=billing_spike or rng.random() < 0.3,
            abandoned=frozenset(others[keep:]),
            abandon_from=ctx.as_of - timedelta(days=rng.randint(31, 45)),
        )
    if rng.random() < COOLING.get(story.trajectory, 0.0):
        levels[-1] *= rng.uniform(0.5, 0.8)
        return Arc("cooling", max(1, round(users_end * rng.uniform(0.2, 0.5))), billing_spike)
    return Arc("", users_end, billing_spike)
