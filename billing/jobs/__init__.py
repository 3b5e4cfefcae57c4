"""The billing jobs of billing.md §5 that this build runs, each chunked and idempotent:
`compute_monthly_revenue`, `creditbot`, `allocate_credit_tranches`, `expire_credits`.
Celery tasks (billing/tasks.py) and `manage.py billing_job <name>` both call these."""

from collections.abc import Iterator
from dataclasses import asdict
from datetime import date

from django.conf import settings

from billing.models import BillingCustomer

from . import creditbot, ledger, revenue


def customer_chunks(chunk: int | None = None, *, ids: list[int] | None = None) -> Iterator[list[int]]:
    """Keyset pages of BillingCustomer ids: one query per chunk, memory flat at any size."""
    size = chunk or settings.BILLING_JOB_CHUNK
    if ids is not None:
        for start in range(0, len(ids), size):
            yield ids[start : start + size]
        return
    last = 0
    while True:
        page = list(
            BillingCustomer.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not page:
            return
        yield page
        last = page[-1]


def compute_monthly_revenue(
    *, as_of: date, backfill: bool = False, chunk: int | None = None, ids: list[int] | None = None
) -> dict:
    totals = revenue.RevenueStats()
    for page in customer_chunks(chunk, ids=ids):
        stats = revenue.compute_chunk(page, as_of=as_of, backfill=backfill)
        totals.customers += stats.customers
        totals.rows += stats.rows
        totals.accounts += stats.accounts
    return asdict(totals)


def revops_leads() -> list:
    """B-28's fallback when an account has no owner: the `revops_lead` role holders."""
    from accounts.models import User

    return list(User.objects.filter(role_assignments__key="revops_lead", is_active=True).distinct())


def run_creditbot(
    *, as_of: date, chunk: int | None = None, ids: list[int] | None = None, notify_alerts: bool = True
) -> dict:
    fallback = revops_leads()
    totals = creditbot.CreditBotStats()
    for page in customer_chunks(chunk, ids=ids):
        stats = creditbot.run_chunk(
            page, as_of=as_of, fallback_recipients=fallback, notify_alerts=notify_alerts
        )
        totals.customers += stats.customers
        totals.rows += stats.rows
        totals.alerts += stats.alerts
    return asdict(totals)


def allocate_credit_tranches(*, as_of: date) -> dict:
    return asdict(ledger.allocate_credit_tranches(as_of=as_of))


def expire_credits(*, as_of: date) -> dict:
    return asdict(ledger.expire_credits(as_of=as_of))


JOBS = {
    "allocate_credit_tranches": allocate_credit_tranches,
    "expire_credits": expire_credits,
    "compute_monthly_revenue": compute_monthly_revenue,
    "creditbot": run_creditbot,
}


# --- late payments and dunning (issue 20: billing.md §5, B-34…B-39) ---
from . import dunning as _dunning  # noqa: E402


def detect_late_payments(
    *, as_of: date, chunk: int | None = None, ids: list[int] | None = None, alert: bool = True
) -> dict:
    """`billing.detect_late_payments`: per chunk, the customers with an unpaid invoice (one query),
    then their cases (fixed queries); `ids` = the customers of one Stripe event."""
    people = _dunning.People.load()
    totals = _dunning.DetectStats()
    for page in customer_chunks(chunk, ids=ids):
        found = _dunning.candidates(page, as_of)
        if not found:
            continue
        stats = _dunning.detect_chunk(found, as_of=as_of, people=people, alert=alert)
        totals.customers += stats.customers
        totals.opened += stats.opened
        totals.updated += stats.updated
        totals.alerts += stats.alerts
    return asdict(totals)


def dunning_scheduler(
    *, as_of: date, chunk: int | None = None, ids: list[int] | None = None, alert: bool = True
) -> dict:
    """`billing.dunning_scheduler`: live cases → steps due, pause state, resolution (B-37, B-38)."""
    totals = _dunning.ScheduleStats()
    if ids is None:
        ids = _dunning.live_customers()
    for page in customer_chunks(chunk, ids=ids):
        stats = _dunning.schedule_chunk(page, as_of=as_of, alert=alert)
        totals.cases += stats.cases
        totals.steps += stats.steps
        totals.resolved += stats.resolved
        totals.alerts += stats.alerts
    return asdict(totals)


JOBS["detect_late_payments"] = detect_late_payments
JOBS["dunning_scheduler"] = dunning_scheduler
