"""Billing's part of the demo: the Stripe mirror and credit ledger each account story implies.

`seed_demo` calls `seed_static` once (the Stripe catalogue), `seed_chunk` per chunk of stories
and `census` after it. Every amount comes from the story (accounts.demo.story): an invoice's
lines are the story's lines for that month, its credits the story's ledger, so what billing
stores and what the accounts' commercial fields say agree by construction. Rows are plain
tuples written set-wise; nothing here queries per row.

For the other demo modules: BillingCustomer pk = account id (when `has_billing_customer`), the
SINGLE/USAGE Stripe customer's id is `stripe_customer_stripe_id(seed, account_id)`, and
`one_time_credit` says which live customers hold an unspent one-time credit on their balance.
"""

from collections import Counter

from .calendar import Calendar
from .catalogue import load_catalogue, seed_static
from .credits import plan_purchase
from .customers import open_parties, stripe_customer_stripe_id, write_customers, write_subscriptions
from .invoices import plan_usage_invoices, write_invoices
from .ledger import OneTimeCredit, one_time_credit, write_ledger
from .payments import plan_dunning, plan_refunds, settle
from .rows import ChunkRows
from .state import StoryState

__all__ = [
    "OneTimeCredit",
    "census",
    "has_billing_customer",
    "one_time_credit",
    "seed_chunk",
    "seed_static",
    "stripe_customer_stripe_id",
]

FREE_WITH_STRIPE_CUSTOMER = 0.45  # free orgs that once entered a card: a customer, nothing billed

# What the last chunk wrote, per account: census reports it, so it counts rows, not intentions.
_written: dict[tuple[int, object, int], frozenset[str]] = {}


def seed_chunk(ctx, stories) -> None:
    cal = Calendar.of(ctx)
    catalogue = load_catalogue()
    rows = ChunkRows(ctx)
    _written.clear()
    for story in stories:
        st = StoryState(story, cal, catalogue, rows, ctx.rng("billing", story.account_id))
        render_story(st)
        _written[(ctx.seed, ctx.as_of, story.account_id)] = frozenset(st.tags)
    rows.flush()


def has_billing_customer(ctx, story) -> bool:
    """Whether billing writes a BillingCustomer (pk = account id) for the story: a pure decision."""
    if story.configuration != "FREE":
        return True
    return ctx.rng("billing", "free-customer", story.account_id).random() < FREE_WITH_STRIPE_CUSTOMER


def render_story(st: StoryState) -> None:
    if st.configuration == "FREE":
        if has_billing_customer(st.rows.ctx, st.story):
            open_parties(st)
            write_customers(st)
            st.tags |= {"B-1:FREE", "B-4"}
        return
    open_parties(st)
    plan_usage_invoices(st)
    plan_purchase(st)
    settle(st)
    plan_dunning(st)
    plan_refunds(st)
    write_invoices(st)
    write_ledger(st)
    write_subscriptions(st)
    write_customers(st)
    st.tags.add(f"B-1:{st.configuration}")


def census(ctx, stories) -> Counter:
    """Accounts per rule id, for the stories whose rows the last chunk wrote."""
    counts: Counter[str] = Counter()
    for story in stories:
        counts.update(_written.get((ctx.seed, ctx.as_of, story.account_id), ()))
    return counts


HISTORY_WEEKS = 52  # CreditBot history: weekly for a year, then daily for the last fortnight
DAILY_DAYS = 14


def creditbot_history_days(as_of) -> list:
    from datetime import timedelta

    weekly = [as_of - timedelta(days=7 * k) for k in range(HISTORY_WEEKS, 2, -1)]
    daily = [as_of - timedelta(days=k) for k in range(DAILY_DAYS, -1, -1)]
    return sorted(set(weekly + daily))


def recompute(ctx) -> None:
    """Billing's registered recompute: the real jobs on the generated mirror, never inserted
    results — the ledger jobs, MRR for every month (backfill), and CreditBot over a year of
    history so the runway list and charts have a past. The history records alert states without
    notifying; the alerts still open on the as-of day are then sent once each."""
    from billing import jobs

    jobs.allocate_credit_tranches(as_of=ctx.as_of)
    jobs.expire_credits(as_of=ctx.as_of)
    jobs.compute_monthly_revenue(as_of=ctx.as_of, backfill=True)
    for day in creditbot_history_days(ctx.as_of):
        jobs.run_creditbot(as_of=day, notify_alerts=False)
    # The alerts still open on the as-of day reach their owners once (B-28).
    from billing.jobs.creditbot import notify_unsent

    notify_unsent(as_of=ctx.as_of, fallback_recipients=jobs.revops_leads())
    # Issue 20: refund requests filed, decided and processed through the refund services.
    from .refunds import seed_refund_requests

    seed_refund_requests(ctx)
    # Issue 20: late payments — the generated overdue invoices and failed attempts through
    # detect_late_payments and dunning_scheduler, replayed day by day (billing/demo/dunning.py).
    from .dunning import recompute as dunning_recompute

    dunning_recompute(ctx)
