"""The crosssell app's part of `seed_demo`: the tables the pauses read, and the real chain.

`seed_chunk` writes, per story and from its own seeded generator, the TAM-logged signal
events (PAUSE-4, PAUSE-5 and customer-initiated interest for PAUSE-3's waiver), TAM-set
implementation check items (PAUSE-2 / NEXT-1), legal's compliance flags (WWDB) and a few
replay-prohibited accounts (NEXT-6). `recompute` runs `crosssell.nightly` itself (no result
is inserted), then plays two TAM actions through the services — an org-owner change to a
data engineer (PAUSE-8) and a use-case override (CLS-1) — so every pause shows with reasons.
"""

from collections import Counter
from datetime import timedelta

from accounts.demo.context import DemoContext
from accounts.demo.story import AccountStory
from crosssell.models import (
    AccountCrossSellState,
    AccountSignalEvent,
    ComplianceScreen,
    ImplementationCheckItem,
)

EVENT_COLUMNS = ("id", "account_id", "type", "subtype", "product", "occurred_on", "detail", "created_at")
ITEM_COLUMNS = ("id", "account_id", "item", "status", "detected_by", "evidence", "estimated_monthly_savings")
SCREEN_COLUMNS = (
    "id",
    "account_id",
    "status",
    "reasons",
    "content_warning",
    "sanctions_listed",
    "discretionary_hold",
    "us_person_exemption",
)
STATE_COLUMNS = ("id", "account_id", "replay_prohibited", "replay_prohibited_reason")
STATE = "crosssell_demo"
TAM_ITEMS = (
    "no_reverse_proxy",
    "identify_every_pageload",
    "autocapture_no_actions",
    "replay_default_settings",
)
INTEREST_PRODUCTS = (None, "session_replay", "error_tracking", "surveys", "feature_flags", "data_warehouse")


def _events(ctx: DemoContext, story: AccountStory, rng) -> list[tuple]:
    """About one account in six logs something; dates from as_of, inside and outside 90 days."""
    rows = []
    roll = rng.random()
    if roll < 0.05:  # PAUSE-4 in force
        rows.append(
            (
                "budget_constraint",
                "budget_cycle",
                "",
                ctx.as_of - timedelta(days=rng.randint(1, 80)),
                "Finance froze new spend until next quarter.",
            )
        )
    elif roll < 0.07:  # expired: logged more than 90 days ago, no longer pauses
        rows.append(
            (
                "budget_constraint",
                "",
                "",
                ctx.as_of - timedelta(days=rng.randint(95, 200)),
                "Budget freeze last year, since lifted.",
            )
        )
    elif roll < 0.11:  # PAUSE-5
        rows.append(
            (
                "price_complaint",
                "",
                "",
                ctx.as_of - timedelta(days=rng.randint(1, 60)),
                "Asked for a reduction at the last check-in.",
            )
        )
    elif roll < 0.17:  # PAUSE-3 waiver and a TIM-1 signal
        product = rng.choice(INTEREST_PRODUCTS)
        rows.append(
            (
                "customer_initiated_interest",
                "",
                product or "",
                ctx.as_of - timedelta(days=rng.randint(1, 20)),
                "Asked how the product would work for them.",
            )
        )
    if rng.random() < 0.04:
        rows.append(("qbr_scheduled", "", "", ctx.as_of - timedelta(days=rng.randint(1, 10)), "QBR booked."))
    return rows


def seed_static(ctx: DemoContext) -> None:
    vars(ctx)[STATE] = Counter()


def seed_chunk(ctx: DemoContext, stories: list[AccountStory]) -> None:
    census: Counter = vars(ctx).setdefault(STATE, Counter())
    events: list[tuple] = []
    items: list[tuple] = []
    screens: list[tuple] = []
    states: list[tuple] = []
    created = ctx.writer.now
    for story in stories:
        rng = ctx.rng("crosssell", story.index)
        for kind, subtype, product, day, detail in _events(ctx, story, rng):
            events.append((story.account_id, kind, subtype, product, day, detail, created))
            census[f"crosssell.event:{kind}"] += 1
        if rng.random() < 0.06:  # PAUSE-2 / NEXT-1: a TAM found an open item
            item = rng.choice(TAM_ITEMS)
            items.append((story.account_id, item, "open", "tam", "Found in the implementation review.", None))
            census["crosssell.PAUSE-2:open_item"] += 1
        elif rng.random() < 0.05:  # fixed, keeping its anti-revenue savings (NEXT-1)
            items.append(
                (
                    story.account_id,
                    "no_reverse_proxy",
                    "fixed",
                    "tam",
                    "Reverse proxy set up.",
                    rng.choice((150, 400, 800)),
                )
            )
        roll = rng.random()  # drawn for every story, so the flags below never shift other draws
        if story.index % 50 == 23:  # WWDB-1: found on a US sanctions list → blocked
            screens.append((story.account_id, "ok", [], False, True, False, False))
            census["crosssell.WWDB-1:sanctions"] += 1
        elif story.index % 50 == 31:  # WWDB-3: legal's discretionary hold
            screens.append((story.account_id, "ok", [], False, False, True, False))
            census["crosssell.WWDB-3:hold"] += 1
        elif roll < 0.02:  # content warning: a banner, cards unaffected
            screens.append((story.account_id, "ok", [], True, False, False, False))
        if rng.random() < 0.02:
            states.append((story.account_id, True, "HIPAA: security policy prohibits session replay"))
            census["crosssell.NEXT-6:replay_prohibited"] += 1
    _write(ctx, AccountSignalEvent, EVENT_COLUMNS, "xs_event", events)
    _write(ctx, ImplementationCheckItem, ITEM_COLUMNS, "xs_item", items)
    _write(ctx, ComplianceScreen, SCREEN_COLUMNS, "xs_screen", screens)
    _write(ctx, AccountCrossSellState, STATE_COLUMNS, "xs_state", states)


def _write(ctx: DemoContext, model, columns, table: str, rows: list[tuple]) -> None:
    ids = ctx.ids(table, len(rows))
    ctx.writer.write(model, columns, [(pk, *row) for pk, row in zip(ids, rows, strict=True)])


def census(ctx: DemoContext, stories: list[AccountStory]) -> Counter:
    counts = vars(ctx).get(STATE, Counter())
    vars(ctx)[STATE] = Counter()
    return counts


def recompute(ctx: DemoContext) -> None:
    """J-1 for the as-of day, then the TAM actions that need a first run before them."""
    from crosssell.pipeline import run_nightly

    from .actions import play_tam_actions, report

    run_nightly(as_of=ctx.as_of)
    play_tam_actions(ctx)
    report(ctx)
